//! The reading of CSV rows: bounded rows and fields, counts, names, headers (docs/import.md).

use super::*;
use std::io::Read;

/// Counts the bytes taken from `inner`, for what a reading keeps of a file.
struct Taken<R> {
    inner: R,
    bytes: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Taken<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.set(self.bytes.get() + n as u64);
        Ok(n)
    }
}

const COLUMNS: [&str; 3] = ["account", "month", "seats"];

/// Reads `input`: the problems as `line: message`, the accounts of the rows handed over, and
/// the bytes taken from it.
fn read_all(input: impl Read) -> (Vec<String>, Vec<String>, u64) {
    let bytes = std::rc::Rc::new(std::cell::Cell::new(0));
    let mut problems = Problems::new("f.csv");
    let mut accounts = Vec::new();
    read(Taken { inner: input, bytes: bytes.clone() }, &COLUMNS, &mut problems, |r, problems| {
        accounts.extend(r.name(0, problems));
        r.count(2, problems);
    });
    (problems.finish().iter().map(ToString::to_string).collect(), accounts, bytes.get())
}

/// Found by the hostile-input review (issue 23): a line of 4 GiB (a sparse file of zeros) was
/// read whole into memory. The reading stops a little past 1 MiB, at the row's line.
#[test]
fn a_row_longer_than_the_limit_stops_the_reading_at_its_line() {
    let (problems, _, taken) = read_all(std::io::repeat(0).take(4 << 30));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("f.csv:1: the row that starts on this line is longer than 1 MiB"), "{problems:?}");
    assert!(taken < MAX_ROW_BYTES + (64 << 10), "{taken} bytes read");

    let head = "account,month,seats\nAcme,2024-01,3\n\n";
    let (problems, accounts, taken) = read_all(std::io::Cursor::new(head).chain(std::io::repeat(b'x').take(1 << 30)));
    assert_eq!(accounts, ["Acme"], "the rows before are read");
    assert!(problems[0].starts_with("f.csv:4: the row that starts on this line is longer"), "{problems:?}");
    assert!(taken < MAX_ROW_BYTES + (64 << 10), "{taken} bytes read");
    // A quoted field that goes on over a million lines: stopped at the line it began.
    let field = format!("account,month,seats\nAcme,2024-01,3\n\"{}\",2024-01,1\n", "x\n".repeat(1 << 20));
    let (problems, _, _) = read_all(field.as_bytes());
    assert!(problems[0].starts_with("f.csv:3: the row that starts on this line is longer"), "{problems:?}");
    // Just under the limit is a row like any other.
    let long = format!(
        "account,month,seats,notes\nAcme,2024-01,3,{}\n",
        "n".repeat(usize::try_from(MAX_ROW_BYTES - 100).unwrap())
    );
    let (problems, accounts, _) = read_all(long.as_bytes());
    assert_eq!((problems.len(), accounts.len()), (0, 1), "{problems:?}");
}

#[test]
fn a_field_read_is_at_most_1_kib_and_is_not_echoed() {
    let name = "A".repeat(MAX_FIELD_BYTES + 1);
    let (problems, accounts, _) = read_all(format!("account,month,seats\n{name},2024-01,3\n").as_bytes());
    assert!(accounts.is_empty());
    assert_eq!(problems, ["f.csv:2: account is 1025 bytes long; a field is at most 1024 bytes"]);
    let (problems, accounts, _) =
        read_all(format!("account,month,seats\n{},2024-01,3\n", "A".repeat(MAX_FIELD_BYTES)).as_bytes());
    assert_eq!((problems.len(), accounts.len()), (0, 1), "{problems:?}");
}

/// Found by the hostile-input review (issue 23): "+5" was read as 5.
#[test]
fn a_count_is_digits_alone() {
    let (problems, ..) = read_all("account,month,seats\nA,2024-01,+5\nB,2024-01,-0\nC,2024-01, 7 \n".as_bytes());
    assert_eq!(
        problems,
        [
            "f.csv:2: seats \"+5\" is not a count (a whole number from 0, in digits)",
            "f.csv:3: seats \"-0\" is not a count (a whole number from 0, in digits)"
        ]
    );
    let (problems, ..) = read_all("account,month,seats\nA,2024-01,99999999999999999999\n".as_bytes());
    assert_eq!(problems, ["f.csv:2: seats 99999999999999999999 is too large; it is at most 9007199254740992"]);
}

#[test]
fn names_follow_the_rule_of_every_name() {
    let (problems, accounts, _) =
        read_all("account,month,seats\n\u{200b},2024-01,1\n\"a\u{1b}[31m\",2024-01,1\nOk,2024-01,1\n".as_bytes());
    assert_eq!(accounts, ["Ok"]);
    assert_eq!(
        problems,
        [
            "f.csv:2: the account \"\\u{200b}\" is refused: the name has no visible character (only spaces or invisible characters)",
            "f.csv:3: the account \"a\\u{1b}[31m\" is refused: a name may not hold control characters (line breaks, tabs, escapes), line separators or invisible format characters (here U+001B)"
        ]
    );
}

/// Found by the hostile-input review (issue 23): a column named twice was read from its first
/// place, silently.
#[test]
fn a_column_named_twice_is_refused_at_line_1() {
    let (problems, accounts, _) = read_all("account,month,seats,Month\nA,2024-01,1,2024-02\n".as_bytes());
    assert!(accounts.is_empty());
    assert_eq!(
        problems,
        ["f.csv:1: the header names the column month (fields 2 and 4) more than once; name each column once"]
    );
    // A column that is not read may come twice.
    let (problems, accounts, _) = read_all("account,month,seats,note,note\nA,2024-01,1,x,y\n".as_bytes());
    assert_eq!((problems.len(), accounts.len()), (0, 1), "{problems:?}");
}

/// Found by the hostile-input review (issue 23): a scenario naming `../../etc/passwd` as its
/// history had the file's first line quoted in the message.
#[test]
fn a_file_that_is_not_a_csv_of_columns_is_not_quoted() {
    let (problems, ..) = read_all("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/sbin/nologin\n".as_bytes());
    assert_eq!(
        problems,
        [
            "f.csv:1: the header lacks the columns account, month, seats; it needs account,month,seats in any order, and its first line has 1 field and no column names"
        ]
    );
    let (problems, ..) = read_all("Account Name,month,secret=hunter2\n".as_bytes());
    assert!(
        problems[0].ends_with("and it has: account name,month (and 1 field that are not column names)"),
        "{problems:?}"
    );
    assert!(!problems[0].contains("hunter2"));
}

/// Found by the usage_csv fuzz target: a carriage return alone inside a line starts a row the
/// CSV reader reads; its problems were reported at line 0.
#[test]
fn a_row_after_a_lone_carriage_return_is_on_its_line() {
    let text = "account,month\nAcme,2024-01\nAcme,bad\rAcme,worse\nAcme,2024-02\n";
    let mut problems = Problems::new("f.csv");
    let mut lines = Vec::new();
    read(text.as_bytes(), &["account", "month"], &mut problems, |row, _| lines.push(row.line));
    assert_eq!(lines, [2, 3, 3, 4]);
}

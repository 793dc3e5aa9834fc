//! Reading CSV files of rows with named columns (usage, events, seats), as a stream: the header
//! checked for the columns needed (in any order; others ignored), each row handed over with its
//! line, and every problem located at its line, the first [`MAX_LISTED`] listed and the rest
//! counted. A byte-order mark, `\r\n` line ends, quoted fields and blank lines are read as
//! spreadsheets write them.

use crate::model::history::row_problem;
use crate::model::{Limits, Problem, YearMonth};

/// Problems listed one by one; beyond this many they are counted.
pub const MAX_LISTED: usize = 50;

/// Problems as they are found: the first [`MAX_LISTED`] kept, the rest counted.
pub struct Problems {
    file: String,
    listed: Vec<Problem>,
    /// Problems found beyond those listed.
    pub more: u64,
}

impl Problems {
    /// No problems yet, in the file named `file` (in messages).
    #[must_use]
    pub fn new(file: &str) -> Self {
        Self { file: file.to_owned(), listed: Vec::new(), more: 0 }
    }

    /// A problem at `line`.
    pub fn at(&mut self, line: u64, message: impl Into<String>) {
        if self.listed.len() < MAX_LISTED {
            self.listed.push(row_problem(&self.file, line, message));
        } else {
            self.more += 1;
        }
    }

    /// Whether none was found.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty() && self.more == 0
    }

    /// Every problem, in the file's order, with a count of those not listed.
    #[must_use]
    pub fn finish(mut self) -> Vec<Problem> {
        // A stable sort: a line's problems keep their order.
        self.listed.sort_by_key(|p| match p.location {
            crate::model::Location::Row { line, .. } => line,
            _ => u64::MAX,
        });
        if self.more > 0 {
            self.listed.push(Problem::field(
                "history",
                format!(
                    "… and {} more problems in \"{}\" (only the first {MAX_LISTED} are listed)",
                    self.more,
                    self.file.escape_debug()
                ),
            ));
        }
        self.listed
    }
}

/// A row with the columns asked for: their places, and the row's line.
pub struct Row<'a> {
    record: &'a csv::ByteRecord,
    at: &'a [usize],
    names: &'a [&'a str],
    /// The row's line in the file (from 1).
    pub line: u64,
}

impl Row<'_> {
    /// Column `i` (of those asked for) as trimmed text; `None`, with the problem, when the row
    /// is too short or the field is not UTF-8.
    pub fn text(&self, i: usize, problems: &mut Problems) -> Option<&str> {
        let (Some(&at), Some(name)) = (self.at.get(i), self.names.get(i)) else { return None };
        let Some(bytes) = self.record.get(at) else {
            problems.at(
                self.line,
                format!("the row has {} fields; the column {name} is field {}", self.record.len(), at + 1),
            );
            return None;
        };
        if let Ok(text) = std::str::from_utf8(bytes) {
            Some(text.trim())
        } else {
            problems.at(self.line, format!("{name} is not UTF-8 text"));
            None
        }
    }

    /// Column `i` as a name (an account's): not empty, no control characters.
    pub fn name(&self, i: usize, problems: &mut Problems) -> Option<String> {
        let text = self.text(i, problems)?;
        let what = self.names.get(i).copied().unwrap_or("name");
        if text.is_empty() {
            problems.at(self.line, format!("the {what} is empty"));
            return None;
        }
        if text.chars().any(char::is_control) {
            problems.at(self.line, format!("the {what} \"{}\" holds control characters", text.escape_debug()));
            return None;
        }
        Some(text.to_owned())
    }

    /// Column `i` as a month written `YYYY-MM`.
    pub fn month(&self, i: usize, problems: &mut Problems) -> Option<YearMonth> {
        let text = self.text(i, problems)?;
        if let Ok(month) = text.parse::<YearMonth>() {
            Some(month)
        } else {
            let name = self.names.get(i).copied().unwrap_or("month");
            problems.at(
                self.line,
                format!(
                    "{name} \"{}\" is not a month written YYYY-MM (e.g. 2024-03)",
                    shorten(text, 40).escape_debug()
                ),
            );
            None
        }
    }

    /// Column `i` as a count: a whole number from 0 to [`Limits::QUANTITY`].
    pub fn count(&self, i: usize, problems: &mut Problems) -> Option<u64> {
        let text = self.text(i, problems)?;
        let name = self.names.get(i).copied().unwrap_or("count");
        match text.parse::<u64>() {
            Ok(n) if n <= Limits::QUANTITY => Some(n),
            Ok(n) => {
                problems.at(self.line, format!("{name} {n} is too large; counts are at most {}", Limits::QUANTITY));
                None
            }
            Err(_) => {
                problems.at(
                    self.line,
                    format!("{name} \"{}\" is not a count (a whole number from 0)", shorten(text, 40).escape_debug()),
                );
                None
            }
        }
    }
}

/// Reads `input` (a file named `file`) whose header must name `columns`: calls `each` with
/// every row that is not blank. Returns how many rows there were, or `None` when the header
/// lacks a column (the problem is in `problems`).
pub fn read(
    input: impl std::io::Read,
    columns: &[&str],
    problems: &mut Problems,
    mut each: impl FnMut(Row<'_>, &mut Problems),
) -> Option<u64> {
    let lines = Lines::default();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(Counted {
        inner: input,
        lines: lines.clone(),
        offset: 0,
        line: 1,
        at_start: true,
    });
    let mut record = csv::ByteRecord::new();
    let at = match reader.read_byte_record(&mut record) {
        Ok(true) => header(&record, columns, problems)?,
        Ok(false) => {
            problems.at(1, format!("the file is empty; expected a header row: {}", columns.join(",")));
            return None;
        }
        Err(e) => {
            problems.at(error_line(&e, 1), csv_error(&e));
            return None;
        }
    };
    let mut rows = 0_u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // A broken row (bad quoting): reported, and reading goes on.
                problems.at(error_line(&e, 0), csv_error(&e));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line
        }
        rows += 1;
        let line = lines.line_of(record.position().map_or(0, csv::Position::byte));
        each(Row { record: &record, at: &at, names: columns, line }, problems);
    }
    Some(rows)
}

/// Where each column asked for is, or `None` (with the problem) when one is missing.
fn header(record: &csv::ByteRecord, columns: &[&str], problems: &mut Problems) -> Option<Vec<usize>> {
    let names: Vec<String> = record
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let name = String::from_utf8_lossy(f);
            // (A byte-order mark before the first name is not part of it.)
            let name = if i == 0 { name.trim_start_matches('\u{feff}').to_owned() } else { name.into_owned() };
            name.trim().to_lowercase()
        })
        .collect();
    let mut at = Vec::with_capacity(columns.len());
    let mut missing = Vec::new();
    for column in columns {
        match names.iter().position(|n| n == column) {
            Some(i) => at.push(i),
            None => missing.push(*column),
        }
    }
    if missing.is_empty() {
        return Some(at);
    }
    let found = names.join(",");
    let hint = if names.len() == 1 && [';', '\t', '|'].iter().any(|c| found.contains(*c)) {
        " (is the file separated by something other than commas? pricelab reads comma-separated values)"
    } else {
        ""
    };
    problems.at(
        1,
        format!(
            "the header lacks the column{} {}; it needs {} in any order, and has: {}{hint}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            columns.join(","),
            shorten(&found, 120),
        ),
    );
    None
}

/// Where the lines with something on them begin, for the line of a row: the reader's own count
/// is thrown off by `\r\n` line ends and blank lines, and a row's position is where the line end
/// before it was. Only the lines of the reader's buffer ahead of the last row are kept.
#[derive(Default, Clone)]
struct Lines(std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<(u64, u64)>>>);

impl Lines {
    /// The line (from 1) of the row whose position is `offset`: the first line with something
    /// on it at or after that offset. Rows come in order, so lines before it are forgotten.
    fn line_of(&self, offset: u64) -> u64 {
        let mut starts = self.0.borrow_mut();
        while starts.front().is_some_and(|&(start, _)| start < offset) {
            starts.pop_front();
        }
        starts.front().map_or(0, |&(_, line)| line)
    }
}

/// A reader that notes where its lines with something on them begin.
struct Counted<R> {
    inner: R,
    lines: Lines,
    /// Bytes read so far.
    offset: u64,
    /// Lines begun so far (the current line's number).
    line: u64,
    /// Whether nothing but line ends has come since the last line end.
    at_start: bool,
}

impl<R: std::io::Read> std::io::Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut starts = self.lines.0.borrow_mut();
        for (i, b) in (self.offset..).zip(buf.get(..n).unwrap_or_default()) {
            match b {
                b'\n' => {
                    self.line += 1;
                    self.at_start = true;
                }
                b'\r' => {}
                _ if self.at_start => {
                    starts.push_back((i, self.line));
                    self.at_start = false;
                }
                _ => {}
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

fn error_line(e: &csv::Error, default: u64) -> u64 {
    e.position().map_or(default, csv::Position::line)
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => format!("the file could not be read to its end: {io}"),
        csv::ErrorKind::Utf8 { .. } => "the row is not UTF-8 text".to_owned(),
        _ => format!("the row cannot be read as CSV: {e}"),
    }
}

pub use crate::model::shorten;

/// Opens `path` for reading, refusing what is not a regular file (a FIFO would block).
///
/// # Errors
/// Why it cannot be read, for a person.
pub fn open(path: &std::path::Path) -> Result<std::io::BufReader<std::fs::File>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a device, a FIFO or a socket)" };
        return Err(format!("it is {what}"));
    }
    std::fs::File::open(path).map(std::io::BufReader::new).map_err(|e| e.to_string())
}

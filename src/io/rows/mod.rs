//! Reading CSV files of rows with named columns (usage, events, seats), as a stream: the header
//! checked for the columns needed (in any order; others ignored), each row handed over with its
//! line, and every problem located at its line, the first [`MAX_LISTED`] listed and the rest
//! counted. A byte-order mark, `\r\n` line ends, quoted fields and blank lines are read as
//! spreadsheets write them.
//!
//! What a file may hold is bounded (docs/import.md, "Limits of the files"): a row of more than
//! [`MAX_ROW_BYTES`] stops the reading at its line, so memory stays bounded whatever the file
//! (one line of 4 GiB, a quoted field with a million line breaks); a field read of more than
//! [`MAX_FIELD_BYTES`] is refused. Files are opened by [`open`], which reads no more than the size
//! the file had when opened and gives up a read that brings nothing for [`READ_BOUND`]. Messages
//! name the line and the column; they echo at most a short, escaped piece of a value, and never a
//! header that is not made of column names (a file that is not a CSV file is not quoted).

mod input;

pub use input::{Input, open};

use crate::model::history::row_problem;
use crate::model::{Limits, Problem, YearMonth};
use std::time::Duration;

/// Problems listed one by one; beyond this many they are counted.
pub const MAX_LISTED: usize = 50;

/// Most bytes in one row (its fields, separators and quotes; docs/import.md). Reading stops at
/// a longer row.
pub const MAX_ROW_BYTES: u64 = 1 << 20;

/// Most bytes in one field of a column that is read (an account's name, a month, a count);
/// columns that are not read are bounded by the row alone.
pub const MAX_FIELD_BYTES: usize = 1024;

/// How long one read of a file may bring nothing before the reading is given up.
pub const READ_BOUND: Duration = Duration::from_secs(30);

/// Why the reading of a file stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum Stopped {
    /// A row went on past [`MAX_ROW_BYTES`].
    #[error(
        "the row that starts on this line is longer than {} MiB, the most a row may have (is it a CSV file? a line break missing, or a quote never closed?); reading stopped here",
        MAX_ROW_BYTES >> 20
    )]
    LongRow,
    /// Nothing came from the file for this long.
    #[error(
        "nothing could be read from the file for {} s (a network drive that stopped answering, or a file of the system that waits for data); reading stopped here",
        .0.as_secs_f64()
    )]
    Stalled(Duration),
    /// The thread reading the file ended without saying why.
    #[error("the file stopped being read before its end")]
    Lost,
}

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
        if bytes.len() > MAX_FIELD_BYTES {
            problems.at(
                self.line,
                format!("{name} is {} bytes long; a field is at most {MAX_FIELD_BYTES} bytes", bytes.len()),
            );
            return None;
        }
        if let Ok(text) = std::str::from_utf8(bytes) {
            Some(text.trim())
        } else {
            problems.at(self.line, format!("{name} is not UTF-8 text"));
            None
        }
    }

    /// Column `i` as a name (an account's), by the rule of every name in a scenario
    /// ([`crate::model::name_problem`]): something visible, no control characters.
    pub fn name(&self, i: usize, problems: &mut Problems) -> Option<String> {
        self.name_str(i, problems).map(str::to_owned)
    }

    /// [`Row::name`], borrowed from the row.
    pub fn name_str(&self, i: usize, problems: &mut Problems) -> Option<&str> {
        self.text(i, problems).filter(|text| self.is_name(i, text, problems))
    }

    /// Whether `text`, read from column `i`, is a name ([`Row::name`]); the problem when not.
    /// (For a reader that checks each name once, the first time it sees it.)
    pub fn is_name(&self, i: usize, text: &str, problems: &mut Problems) -> bool {
        let what = self.names.get(i).copied().unwrap_or("name");
        if text.is_empty() {
            problems.at(self.line, format!("the {what} is empty"));
            return false;
        }
        if let Some(why) = crate::model::name_problem(text) {
            problems.at(self.line, format!("the {what} {} is refused: {why}", crate::model::quoted(text)));
            return false;
        }
        true
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

    /// Column `i` as a count: a whole number from 0 to [`Limits::QUANTITY`], written in digits
    /// alone (no sign).
    pub fn count(&self, i: usize, problems: &mut Problems) -> Option<u64> {
        self.count_up_to(i, Limits::QUANTITY, problems)
    }

    /// Column `i` as a count from 0 to `most`, written in digits alone.
    pub fn count_up_to(&self, i: usize, most: u64, problems: &mut Problems) -> Option<u64> {
        let text = self.text(i, problems)?;
        let name = self.names.get(i).copied().unwrap_or("count");
        // `u64::from_str` takes a leading "+": a count is digits and nothing else.
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            problems.at(
                self.line,
                format!(
                    "{name} \"{}\" is not a count (a whole number from 0, in digits)",
                    shorten(text, 40).escape_debug()
                ),
            );
            return None;
        }
        match text.parse::<u64>() {
            Ok(n) if n <= most => Some(n),
            _ => {
                problems.at(self.line, format!("{name} {} is too large; it is at most {most}", shorten(text, 40)));
                None
            }
        }
    }
}

/// Reads `input` (a file named `file`) whose header must name `columns`: calls `each` with
/// every row that is not blank. Returns how many rows there were, or `None` when the header
/// lacks a column (the problem is in `problems`). A row longer than [`MAX_ROW_BYTES`], or a read
/// that failed, ends the reading with a problem at its line.
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
        at_start: true,
    });
    let mut record = csv::ByteRecord::new();
    let at = match reader.read_byte_record(&mut record) {
        Ok(true) => header(&record, columns, problems)?,
        Ok(false) => {
            problems.at(1, format!("the file is empty (0 bytes read); expected a header row: {}", columns.join(",")));
            return None;
        }
        Err(e) => {
            problems.at(error_line(&e, &lines), csv_error(&e));
            return None;
        }
    };
    let mut rows = 0_u64;
    loop {
        lines.row_starts(reader.position().byte());
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // A broken row (bad quoting): reported, and reading goes on. A failed read, a row
                // too long or a file that stalls ends it.
                problems.at(error_line(&e, &lines), csv_error(&e));
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

/// Where each column asked for is, or `None` (with the problem) when one is missing or named
/// twice.
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
    let mut twice = Vec::new();
    for column in columns {
        let mut places = names.iter().enumerate().filter(|(_, n)| n == column).map(|(i, _)| i + 1);
        match places.next() {
            Some(i) => {
                at.push(i - 1);
                let more: Vec<String> = places.map(|i| i.to_string()).collect();
                if !more.is_empty() {
                    twice.push(format!("{column} (fields {i} and {})", more.join(" and ")));
                }
            }
            None => missing.push(*column),
        }
    }
    if !twice.is_empty() {
        // Which of them would be read is a guess the file should not leave to pricelab.
        problems.at(
            1,
            format!(
                "the header names the column{} {} more than once; name each column once",
                if twice.len() == 1 { "" } else { "s" },
                twice.join(", ")
            ),
        );
    }
    if missing.is_empty() {
        return twice.is_empty().then_some(at);
    }
    // What the header has, as far as it is made of column names: a file that is not a CSV file
    // of columns (a password file, a log) is not quoted.
    let shown: Vec<&str> = names.iter().map(String::as_str).filter(|n| looks_like_a_column(n)).take(12).collect();
    let others = names.len() - names.iter().filter(|n| looks_like_a_column(n)).count();
    let mut has = if shown.is_empty() {
        format!(
            "its first line has {} field{} and no column names",
            names.len(),
            if names.len() == 1 { "" } else { "s" }
        )
    } else {
        let more = names.iter().filter(|n| looks_like_a_column(n)).count() - shown.len();
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        format!("it has: {}{more}", shown.join(","))
    };
    if others > 0 && !shown.is_empty() {
        has.push_str(&format!(" (and {others} field{} that are not column names)", if others == 1 { "" } else { "s" }));
    }
    let separated = names.len() == 1 && names.iter().any(|n| [';', '\t', '|'].iter().any(|c| n.contains(*c)));
    let hint = if separated {
        " (is the file separated by something other than commas? pricelab reads comma-separated values)"
    } else {
        ""
    };
    problems.at(
        1,
        format!(
            "the header lacks the column{} {}; it needs {} in any order, and {has}{hint}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            columns.join(","),
        ),
    );
    None
}

/// Whether a header field reads as the name of a column (letters, digits, spaces, `_`, `-`,
/// `.`; up to 40 characters), and so may be shown in a message.
fn looks_like_a_column(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 40
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.'))
}

/// Where the lines with something on them begin, for the line of a row: the reader's own count
/// is thrown off by `\r\n` line ends and blank lines, and a row's position is where the line end
/// before it was. Only the lines of the reader's buffer ahead of the last row are kept. Also
/// where the row being read began, to stop a row that goes on past [`MAX_ROW_BYTES`].
#[derive(Default, Clone)]
struct Lines(std::rc::Rc<std::cell::RefCell<LineState>>);

struct LineState {
    /// (offset, line) of each line with something on it, ahead of the last row.
    starts: std::collections::VecDeque<(u64, u64)>,
    /// Where the row being read began.
    row_start: u64,
    /// The line being read (from 1): the line of a row that has not shown anything yet.
    line: u64,
}

impl Default for LineState {
    fn default() -> Self {
        Self { starts: std::collections::VecDeque::new(), row_start: 0, line: 1 }
    }
}

impl Lines {
    /// The line (from 1) of the row whose position is `offset`: the first line with something
    /// on it at or after that offset. Rows come in order, so lines before it are forgotten.
    fn line_of(&self, offset: u64) -> u64 {
        let starts = &mut self.0.borrow_mut().starts;
        while starts.front().is_some_and(|&(start, _)| start < offset) {
            starts.pop_front();
        }
        starts.front().map_or(0, |&(_, line)| line)
    }

    /// The next row begins at `offset`.
    fn row_starts(&self, offset: u64) {
        self.0.borrow_mut().row_start = offset;
    }

    /// The line of the row being read: its first line with something on it, or the line being
    /// read when there is none yet.
    fn current_row(&self) -> u64 {
        let (offset, line) = {
            let state = self.0.borrow();
            (state.row_start, state.line)
        };
        match self.line_of(offset) {
            0 => line,
            found => found,
        }
    }
}

/// A reader that notes where its lines with something on them begin, and refuses to go on
/// past [`MAX_ROW_BYTES`] from where the row being read began. (The CSV reader asks for more
/// only once it has used what it has, so everything since the row's start is that row.)
struct Counted<R> {
    inner: R,
    lines: Lines,
    /// Bytes read so far.
    offset: u64,
    /// Whether nothing but line ends has come since the last line end.
    at_start: bool,
}

impl<R: std::io::Read> std::io::Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let row_start = self.lines.0.borrow().row_start;
        if self.offset.saturating_sub(row_start) > MAX_ROW_BYTES {
            return Err(std::io::Error::other(Stopped::LongRow));
        }
        let n = self.inner.read(buf)?;
        let state = &mut *self.lines.0.borrow_mut();
        for (i, b) in (self.offset..).zip(buf.get(..n).unwrap_or_default()) {
            match b {
                b'\n' => {
                    state.line += 1;
                    self.at_start = true;
                }
                // A carriage return alone ends a row too (as CSV readers take it), on the same
                // line as far as a person counts lines.
                b'\r' => self.at_start = true,
                _ if self.at_start => {
                    state.starts.push_back((i, state.line));
                    self.at_start = false;
                }
                _ => {}
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// The line of a CSV error: where the CSV reader says, or the row being read when reading
/// itself failed.
fn error_line(e: &csv::Error, lines: &Lines) -> u64 {
    match (e.kind(), e.position()) {
        (csv::ErrorKind::Io(_), _) | (_, None) => lines.current_row(),
        (_, Some(p)) => p.line(),
    }
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => match io.get_ref().and_then(|inner| inner.downcast_ref::<Stopped>()) {
            Some(stopped) => stopped.to_string(),
            None => format!("the file could not be read to its end: {io}"),
        },
        csv::ErrorKind::Utf8 { .. } => "the row is not UTF-8 text".to_owned(),
        _ => format!("the row cannot be read as CSV: {e}"),
    }
}

pub use crate::model::shorten;

#[cfg(test)]
mod tests;

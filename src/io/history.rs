//! Reading recorded usage: the CSV file a scenario's `history` names (monthly rows per account),
//! checked against the scenario as it is read.
//!
//! The file is read as a stream, one row at a time, and only the rows of the scenario's
//! profiles within its months are kept: memory is bounded by the scenario (profiles × months),
//! whatever the size of the file. Every broken rule is reported with its line (`usage.csv:12`);
//! after [`MAX_LISTED`] problems the rest are counted.

use crate::model::history::row_problem;
use crate::model::{Limits, Problem, Recorded, RecordedAccount, RecordedMonth, Scenario, YearMonth};
use std::collections::HashMap;
use std::path::Path;

/// The columns a usage file must have (in any order; others are ignored).
pub const COLUMNS: [&str; 6] = ["account", "month", "conversations", "ai_conversations", "resolutions", "seats"];

/// Problems listed one by one; beyond this many they are counted.
pub const MAX_LISTED: usize = 50;

/// The usage file's path: `file` as written in the scenario, relative to the scenario's folder.
#[must_use]
pub fn resolve(scenario_path: &Path, file: &str) -> std::path::PathBuf {
    let file = Path::new(file);
    if file.is_absolute() {
        return file.to_owned();
    }
    scenario_path.parent().map_or_else(|| file.to_owned(), |dir| dir.join(file))
}

/// Problems as they are found: the first [`MAX_LISTED`] kept, the rest counted.
struct Problems {
    file: String,
    listed: Vec<Problem>,
    more: u64,
}

impl Problems {
    fn at(&mut self, line: u64, message: impl Into<String>) {
        if self.listed.len() < MAX_LISTED {
            self.listed.push(row_problem(&self.file, line, message));
        } else {
            self.more += 1;
        }
    }

    fn finish(mut self) -> Vec<Problem> {
        // In the file's order (a stable sort: a line's problems keep theirs).
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

/// What is kept of one account while the file is read.
struct Reading {
    name: String,
    /// Its first row's line.
    line: u64,
    /// Per month from the start, the row's line and usage.
    months: Vec<Option<(u64, RecordedMonth)>>,
}

/// An account of the file that is not one the scenario can record: counted, reported once.
struct Refused {
    line: u64,
    rows: u64,
    why: String,
}

/// Reads the usage file at `path` (named `file` in the scenario) for `scenario`.
///
/// # Errors
/// A problem of the field `history` when the file cannot be read; otherwise every broken rule,
/// each at its line.
pub fn read(path: &Path, file: &str, scenario: &Scenario) -> Result<Recorded, Vec<Problem>> {
    let unreadable = |why: String| {
        vec![Problem::field("history", format!("cannot read the usage file \"{}\": {why}", file.escape_debug()))]
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a device, a FIFO or a socket)" };
        return Err(unreadable(format!("it is {what}")));
    }
    let handle = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    parse(std::io::BufReader::new(handle), file, scenario)
}

/// [`read`] from any reader (tests, and files already open).
///
/// # Errors
/// As [`read`].
pub fn parse(input: impl std::io::Read, file: &str, scenario: &Scenario) -> Result<Recorded, Vec<Problem>> {
    let mut problems = Problems { file: file.to_owned(), listed: Vec::new(), more: 0 };
    let lines = Lines::default();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(Counted {
        inner: input,
        lines: lines.clone(),
        offset: 0,
        line: 1,
        at_start: true,
    });
    let mut record = csv::ByteRecord::new();
    // The header.
    let header = match reader.read_byte_record(&mut record) {
        Ok(true) => header_columns(&record, &mut problems),
        Ok(false) => {
            problems.at(1, format!("the file is empty; expected a header row: {}", COLUMNS.join(",")));
            None
        }
        Err(e) => {
            problems.at(error_line(&e, 1), csv_error(&e));
            None
        }
    };
    let Some(columns) = header else { return Err(problems.finish()) };

    // Which accounts the scenario can record: its profiles of one account each.
    let profiles: HashMap<&str, (usize, u64)> =
        scenario.accounts.iter().enumerate().map(|(i, a)| (a.name.as_str(), (i, a.count))).collect();
    let months = usize::try_from(scenario.months).unwrap_or(usize::MAX);
    let last = scenario.start.plus(scenario.months.saturating_sub(1));
    let mut accounts: Vec<Reading> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut refused: HashMap<String, Refused> = HashMap::new();
    let mut refused_order: Vec<String> = Vec::new();
    let mut rows = 0_u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                // A broken row (bad quoting, a stray byte): reported, and reading goes on.
                problems.at(error_line(&e, 0), csv_error(&e));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = lines.line_of(record.position().map_or(0, csv::Position::byte));
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // a blank line
        }
        rows += 1;
        let Some(row) = parse_row(&record, &columns, line, &mut problems) else { continue };
        // Whose row: a profile of one account, or refused (reported once per account, at the end).
        match profiles.get(row.account.as_str()) {
            Some((_, 1)) => {}
            other => {
                if let Some(r) = refused.get_mut(row.account.as_str()) {
                    r.rows += 1;
                } else if refused.len() < MAX_LISTED {
                    let why = match other {
                        None => {
                            "is not a profile of the scenario (recorded accounts must be named as its profiles are)"
                                .to_owned()
                        }
                        Some((i, count)) => {
                            format!("is recorded, so its profile (accounts[{i}]) must have count 1, not {count}")
                        }
                    };
                    refused_order.push(row.account.clone());
                    refused.insert(row.account.clone(), Refused { line, rows: 1, why });
                } else {
                    problems.more += 1;
                }
                continue;
            }
        }
        let offset = row.month.months_since(scenario.start).and_then(|o| usize::try_from(o).ok());
        let Some(offset) = offset.filter(|o| *o < months) else {
            problems.at(
                line,
                format!(
                    "{} is outside the scenario's months ({} to {}); recorded months start at the scenario's start",
                    row.month, scenario.start, last
                ),
            );
            continue;
        };
        let i = *index.entry(row.account.clone()).or_insert_with(|| {
            accounts.push(Reading { name: row.account.clone(), line, months: Vec::new() });
            accounts.len() - 1
        });
        let Some(account) = accounts.get_mut(i) else { continue };
        if account.months.len() <= offset {
            account.months.resize(offset + 1, None);
        }
        match account.months.get_mut(offset) {
            Some(Some((first, _))) => {
                let first = *first;
                problems.at(
                    line,
                    format!(
                        "a second row for \"{}\" in {} (the first is at line {first})",
                        row.account.escape_debug(),
                        row.month
                    ),
                );
            }
            Some(slot) => *slot = Some((line, row.usage)),
            None => {}
        }
    }
    for name in &refused_order {
        if let Some(r) = refused.get(name) {
            let rows = if r.rows > 1 { format!(" ({} rows, none of them read)", r.rows) } else { String::new() };
            problems.at(r.line, format!("account \"{}\" {}{rows}", name.escape_debug(), r.why));
        }
    }
    if rows == 0 {
        problems.at(2, "the file has a header but no rows of usage");
    }
    // Every recorded account has one row for each month of the same run from the start.
    let h = accounts.iter().map(|a| a.months.len()).max().unwrap_or(0);
    for account in &accounts {
        let missing: Vec<String> = (0..h)
            .filter(|m| account.months.get(*m).is_none_or(Option::is_none))
            .map(|m| scenario.start.plus(u32::try_from(m).unwrap_or(u32::MAX)).to_string())
            .collect();
        if !missing.is_empty() {
            let shown = missing.iter().take(6).cloned().collect::<Vec<_>>().join(", ");
            let more = if missing.len() > 6 { format!(" and {} more", missing.len() - 6) } else { String::new() };
            problems.at(
                account.line,
                format!(
                    "\"{}\" has no row for {shown}{more}: every recorded account needs one row for each month from {} to {} (a row of zeros for a month without usage)",
                    account.name.escape_debug(),
                    scenario.start,
                    scenario.start.plus(u32::try_from(h.saturating_sub(1)).unwrap_or(u32::MAX)),
                ),
            );
        }
    }
    let problems = problems.finish();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Recorded {
        file: file.to_owned(),
        start: scenario.start,
        months: u32::try_from(h).unwrap_or(u32::MAX),
        accounts: accounts
            .into_iter()
            .map(|a| RecordedAccount {
                name: a.name,
                line: a.line,
                months: a.months.into_iter().map(|m| m.map(|(_, u)| u).unwrap_or_default()).collect(),
            })
            .collect(),
    })
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

/// Where each needed column is in a row.
struct Columns {
    at: [usize; 6],
}

/// The header's columns, or `None` (with the problem) when one is missing.
fn header_columns(record: &csv::ByteRecord, problems: &mut Problems) -> Option<Columns> {
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
    let mut at = [0; 6];
    let mut missing = Vec::new();
    for (slot, column) in at.iter_mut().zip(COLUMNS) {
        match names.iter().position(|n| n == column) {
            Some(i) => *slot = i,
            None => missing.push(column),
        }
    }
    if missing.is_empty() {
        return Some(Columns { at });
    }
    let header = names.join(",");
    let hint = if names.len() == 1 && [';', '\t', '|'].iter().any(|c| header.contains(*c)) {
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
            COLUMNS.join(","),
            shorten(&header, 120),
        ),
    );
    None
}

/// One row, read.
struct Row {
    account: String,
    month: YearMonth,
    usage: RecordedMonth,
}

fn parse_row(record: &csv::ByteRecord, columns: &Columns, line: u64, problems: &mut Problems) -> Option<Row> {
    let field = |i: usize| record.get(columns.at[i]);
    let mut ok = true;
    let text = |i: usize, problems: &mut Problems, ok: &mut bool| -> Option<String> {
        let Some(bytes) = field(i) else {
            problems.at(
                line,
                format!(
                    "the row has {} fields; the column {} is field {}",
                    record.len(),
                    COLUMNS[i],
                    columns.at[i] + 1
                ),
            );
            *ok = false;
            return None;
        };
        match std::str::from_utf8(bytes) {
            Ok(s) => Some(s.trim().to_owned()),
            Err(_) => {
                problems.at(line, format!("{} is not UTF-8 text", COLUMNS[i]));
                *ok = false;
                None
            }
        }
    };
    let account = text(0, problems, &mut ok);
    let month = text(1, problems, &mut ok);
    if !ok {
        return None;
    }
    let (account, month) = (account?, month?);
    if account.is_empty() {
        problems.at(line, "the account is empty");
        ok = false;
    } else if account.chars().any(char::is_control) {
        problems.at(line, format!("the account \"{}\" holds control characters", account.escape_debug()));
        ok = false;
    }
    let month = match month.parse::<YearMonth>() {
        Ok(m) => Some(m),
        Err(_) => {
            problems.at(
                line,
                format!(
                    "month \"{}\" is not a month written YYYY-MM (e.g. 2024-03)",
                    shorten(&month, 40).escape_debug()
                ),
            );
            ok = false;
            None
        }
    };
    let mut counts = [0_u64; 4];
    for (k, count) in counts.iter_mut().enumerate() {
        let Some(value) = text(k + 2, problems, &mut ok) else { continue };
        match value.parse::<u64>() {
            Ok(n) if n <= Limits::QUANTITY => *count = n,
            Ok(n) => {
                problems
                    .at(line, format!("{} {n} is too large; counts are at most {}", COLUMNS[k + 2], Limits::QUANTITY));
                ok = false;
            }
            Err(_) => {
                problems.at(
                    line,
                    format!(
                        "{} \"{}\" is not a count (a whole number from 0)",
                        COLUMNS[k + 2],
                        shorten(&value, 40).escape_debug()
                    ),
                );
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let [conversations, ai_conversations, resolutions, seats] = counts;
    if resolutions > ai_conversations {
        problems.at(line, format!("resolutions ({resolutions}) are more than AI conversations ({ai_conversations})"));
        return None;
    }
    if ai_conversations > conversations {
        problems
            .at(line, format!("AI conversations ({ai_conversations}) are more than conversations ({conversations})"));
        return None;
    }
    Some(Row { account, month: month?, usage: RecordedMonth { conversations, ai_conversations, resolutions, seats } })
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

/// `text` cut to at most `max` characters, with "…" when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max).collect();
    cut.push('…');
    cut
}

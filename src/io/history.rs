//! Reading recorded usage: the CSV file a scenario's `history` names (monthly rows per account),
//! checked against the scenario as it is read.
//!
//! The file is read as a stream, one row at a time, and only the rows of the scenario's
//! profiles within its months are kept: memory is bounded by the scenario (profiles × months),
//! whatever the file holds (rows are at most [`rows::MAX_ROW_BYTES`]). The file may be at most
//! [`MAX_BYTES`], and is read within the bounds of [`rows::open`]: it may be any file, so
//! messages name lines and columns without quoting what a file that is not a usage file holds.
//! Every broken rule is reported with its line (`usage.csv:12`); after [`rows::MAX_LISTED`] problems
//! the rest are counted.

use super::rows::{self, Problems};
use crate::model::{Problem, Recorded, RecordedAccount, RecordedMonth, Scenario, YearMonth};
use std::collections::HashMap;
use std::path::Path;

/// The columns a usage file must have (in any order; others are ignored).
pub const COLUMNS: [&str; 6] = ["account", "month", "conversations", "ai_conversations", "resolutions", "seats"];

/// The largest usage file a scenario may name (docs/import.md): 1 GiB, some 15 million rows,
/// far more than the most customers × months a scenario can simulate.
pub const MAX_BYTES: u64 = 1 << 30;

/// Most conversations in a recorded month: [`crate::model::Limits::CONVERSATIONS`], the most a
/// profile's month may have (docs/format.md), as a count.
pub const MAX_CONVERSATIONS: u64 = 1_000_000_000_000;

/// The usage file's path: `file` as written in the scenario, relative to the scenario's folder.
#[must_use]
pub fn resolve(scenario_path: &Path, file: &str) -> std::path::PathBuf {
    let file = Path::new(file);
    if file.is_absolute() {
        return file.to_owned();
    }
    scenario_path.parent().map_or_else(|| file.to_owned(), |dir| dir.join(file))
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
    let input = rows::open(path, MAX_BYTES).map_err(unreadable)?;
    parse(input, file, scenario)
}

/// [`read`] from any reader (tests, and files already open).
///
/// # Errors
/// As [`read`].
pub fn parse(input: impl std::io::Read, file: &str, scenario: &Scenario) -> Result<Recorded, Vec<Problem>> {
    let mut problems = Problems::new(file);
    // Which accounts the scenario can record: its profiles of one account each.
    let profiles: HashMap<&str, (usize, u64)> =
        scenario.accounts.iter().enumerate().map(|(i, a)| (a.name.as_str(), (i, a.count))).collect();
    let months = usize::try_from(scenario.months).unwrap_or(usize::MAX);
    let last = scenario.start.plus(scenario.months.saturating_sub(1));
    let mut accounts: Vec<Reading> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut refused: HashMap<String, Refused> = HashMap::new();
    let mut refused_order: Vec<String> = Vec::new();
    let read = rows::read(input, &COLUMNS, &mut problems, |r, problems| {
        let line = r.line;
        let Some(row) = usage_row(&r, problems) else { return };

        // Whose row: a profile of one account, or refused (reported once per account, at the end).
        match profiles.get(row.account.as_str()) {
            Some((_, 1)) => {}
            other => {
                if let Some(r) = refused.get_mut(row.account.as_str()) {
                    r.rows += 1;
                } else if refused.len() < rows::MAX_LISTED {
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
                return;
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
            return;
        };
        let i = *index.entry(row.account.clone()).or_insert_with(|| {
            accounts.push(Reading { name: row.account.clone(), line, months: Vec::new() });
            accounts.len() - 1
        });
        let Some(account) = accounts.get_mut(i) else { return };
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
    });
    let Some(rows) = read else { return Err(problems.finish()) };
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

/// One row, read.
pub(crate) struct UsageRow {
    pub(crate) account: String,
    pub(crate) month: YearMonth,
    pub(crate) usage: RecordedMonth,
}

/// A row of monthly usage, its rules checked (each broken one in `problems`).
pub(crate) fn usage_row(r: &rows::Row<'_>, problems: &mut Problems) -> Option<UsageRow> {
    let account = r.name(0, problems);
    let month = r.month(1, problems);
    let counts = [
        r.count_up_to(2, MAX_CONVERSATIONS, problems),
        r.count(3, problems),
        r.count(4, problems),
        r.count(5, problems),
    ];
    let (account, month) = (account?, month?);
    let [Some(conversations), Some(ai_conversations), Some(resolutions), Some(seats)] = counts else { return None };
    if resolutions > ai_conversations {
        problems.at(r.line, format!("resolutions ({resolutions}) are more than AI conversations ({ai_conversations})"));
        return None;
    }
    if ai_conversations > conversations {
        problems
            .at(r.line, format!("AI conversations ({ai_conversations}) are more than conversations ({conversations})"));
        return None;
    }
    Some(UsageRow { account, month, usage: RecordedMonth { conversations, ai_conversations, resolutions, seats } })
}

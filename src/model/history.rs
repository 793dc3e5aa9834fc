//! Recorded usage: the `history` field of a scenario names a CSV file of real accounts' monthly
//! usage, which replaces the generated usage of those accounts' first months.
//!
//! The file itself is read by `io` (the model has no file system); what it holds is kept here,
//! beside the field, as [`Recorded`]. A scenario read without its file (from text alone) has
//! [`History::recorded`] `None` and does not validate.

use super::{Location, Problem, Scenario, YearMonth};
use std::collections::HashMap;
use std::sync::Arc;

/// The `history` field: the CSV file's path as written (relative to the scenario file), and
/// its contents once read.
#[derive(Debug, Clone)]
pub struct History {
    /// The path as written in the scenario.
    pub file: String,
    /// What the file holds, once read and checked (shared: a scenario is copied often).
    pub recorded: Option<Arc<Recorded>>,
}

impl History {
    /// The field naming `file`, not yet read.
    #[must_use]
    pub fn new(file: impl Into<String>) -> Self {
        Self { file: file.into(), recorded: None }
    }
}

/// The field in RON: `history: "usage.csv"` (a plain string, not `Some("…")`).
pub(super) mod field {
    use super::History;
    use serde::{Deserialize, Deserializer, Serializer};

    #[allow(clippy::ref_option)] // serde's `with` hands the field as it is
    pub fn serialize<S: Serializer>(history: &Option<History>, s: S) -> Result<S::Ok, S::Error> {
        match history {
            Some(h) => s.serialize_str(&h.file),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<History>, D::Error> {
        String::deserialize(d).map(|file| Some(History::new(file)))
    }
}

impl PartialEq for History {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file
            && match (&self.recorded, &other.recorded) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
                (None, None) => true,
                _ => false,
            }
    }
}

/// One month of an account's recorded usage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordedMonth {
    /// All conversations.
    pub conversations: u64,
    /// Conversations the AI agent took part in.
    pub ai_conversations: u64,
    /// Conversations the AI agent resolved.
    pub resolutions: u64,
    /// Human seats.
    pub seats: u64,
}

/// One account's recorded months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedAccount {
    /// The account's name: the profile it belongs to.
    pub name: String,
    /// The line of its first row in the file (for messages).
    pub line: u64,
    /// Its usage, month by month from the scenario's start.
    pub months: Vec<RecordedMonth>,
}

/// What a usage file holds, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The file as named in the scenario (for messages: `usage.csv:12`).
    pub file: String,
    /// The first recorded month (the scenario's start when the file was read).
    pub start: YearMonth,
    /// How many months are recorded (`H`): every account has this many.
    pub months: u32,
    /// The recorded accounts, in the order they first appear in the file.
    pub accounts: Vec<RecordedAccount>,
}

impl Recorded {
    /// A problem at `line` of the file.
    #[must_use]
    pub fn problem(&self, line: u64, message: impl Into<String>) -> Problem {
        row_problem(&self.file, line, message)
    }
}

/// A problem at `line` of the CSV file `file`.
#[must_use]
pub fn row_problem(file: &str, line: u64, message: impl Into<String>) -> Problem {
    Problem { location: Location::Row { file: file.to_owned(), line }, message: message.into() }
}

/// Per profile (by index), its recorded months, when the scenario has history that fits it.
#[must_use]
pub fn recorded_by_profile(scenario: &Scenario) -> Vec<Option<&[RecordedMonth]>> {
    let mut by_profile = vec![None; scenario.accounts.len()];
    let Some(recorded) = scenario.history.as_ref().and_then(|h| h.recorded.as_deref()) else {
        return by_profile;
    };
    let index: HashMap<&str, usize> = scenario.accounts.iter().enumerate().map(|(i, a)| (a.name.as_str(), i)).collect();
    for account in &recorded.accounts {
        if let Some(&i) = index.get(account.name.as_str())
            && let Some(slot) = by_profile.get_mut(i)
        {
            *slot = Some(&account.months[..]);
        }
    }
    by_profile
}

/// The rules between a scenario and its recorded usage: the file has been read, every recorded
/// account is a profile of one account, and the recorded months start at the scenario's start
/// and fit in its months. (The file's own rules were checked when it was read.)
pub(super) fn check(scenario: &Scenario, problems: &mut Vec<Problem>) {
    let Some(history) = &scenario.history else { return };
    let Some(recorded) = &history.recorded else {
        problems.push(Problem::field(
            "history",
            format!("the usage file {} has not been read", super::quoted(&history.file)),
        ));
        return;
    };
    if recorded.start != scenario.start {
        problems.push(Problem::field(
            "start",
            format!(
                "the recorded usage in {} starts in {}; the scenario must start then too",
                super::quoted(&recorded.file),
                recorded.start
            ),
        ));
    }
    if recorded.months > scenario.months {
        problems.push(Problem::field(
            "months",
            format!(
                "{} months are recorded in {}; the scenario must run at least that long",
                recorded.months,
                super::quoted(&recorded.file)
            ),
        ));
    }
    let profiles: HashMap<&str, (usize, u64)> =
        scenario.accounts.iter().enumerate().map(|(i, a)| (a.name.as_str(), (i, a.count))).collect();
    for account in &recorded.accounts {
        match profiles.get(account.name.as_str()) {
            None => problems.push(recorded.problem(
                account.line,
                format!("account {} is not a profile of the scenario", super::quoted(&account.name)),
            )),
            Some((i, count)) if *count != 1 => problems.push(recorded.problem(
                account.line,
                format!(
                    "account {} is recorded, so its profile (accounts[{i}]) must have count 1, not {count}",
                    super::quoted(&account.name)
                ),
            )),
            Some(_) => {}
        }
    }
}

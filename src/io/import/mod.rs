//! `pricelab import`: a scenario made from real customers' usage (docs/import.md) — monthly rows, or
//! raw events aggregated per customer and calendar month as a billing meter would
//! ([`read_events`]) — with every customer's profile fitted to its history
//! ([`crate::engine::fit`]) and the plans of another scenario, written with its usage file as a
//! pair (`pair.rs`).
//!
//! Files are read as streams: memory grows with customers × months, never with rows or events.
//! The months read may not run longer than a scenario may have, nor the customers be more than a
//! scenario file can hold; the reading keeps nothing more once they are (`Bounds`). Every problem of an input is reported at its line; nothing is written
//! unless everything is right.

mod events;
mod pair;
mod timestamp;

pub use events::{EVENT_COLUMNS, SEAT_COLUMNS, read_events};
pub use pair::{usage_file_beside, write_usage_csv};
pub use timestamp::{TimestampError, event_month};

use super::rows::{self, Problems};
use crate::engine::fit::{self, Confidence, Season};
use crate::model::{self, History, Limits, Problem, Recorded, RecordedAccount, RecordedMonth, Scenario, YearMonth};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Projected months after the history, unless asked otherwise.
pub const DEFAULT_PROJECTION: u32 = 12;

/// How the scenario is made beyond the customers' usage: the months projected after the
/// history, and how a season resting on one year is taken (docs/import.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Options {
    /// Months projected after the history.
    pub project: u32,
    /// The season of a customer without a calendar month seen twice.
    pub season: Season,
}

impl Default for Options {
    fn default() -> Self {
        Self { project: DEFAULT_PROJECTION, season: Season::AsRecorded }
    }
}

/// What was imported.
#[derive(Debug)]
pub struct Imported {
    /// The scenario written.
    pub scenario: Scenario,
    /// The monthly usage file written beside it, when one was (events, or monthly rows with
    /// months missing).
    pub usage_written: Option<PathBuf>,
    /// How many events were read (events only).
    pub events: u64,
    /// How far each customer's history supports its profile, in the order of the scenario's
    /// accounts (docs/import.md, "How sure a fit is").
    pub confidence: Vec<Confidence>,
}

/// A scenario made of customers' usage, and how far each history supports its profile.
#[derive(Debug, Clone)]
pub struct Made {
    /// The scenario.
    pub scenario: Scenario,
    /// Each account's [`Confidence`], in the order of the scenario's accounts.
    pub confidence: Vec<Confidence>,
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The plans' scenario could not be read.
    #[error(transparent)]
    Plans(#[from] super::LoadError),
    /// An input file cannot be read.
    #[error("cannot read {}: {why}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        why: String,
    },
    /// An input file's problems, each at its line (`Location::Row` names the file).
    #[error("{} problems in {}", problems.len(), path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem.
        problems: Vec<Problem>,
    },
    /// The scenario made is not valid (too many months, say).
    #[error("the imported scenario is not valid")]
    Scenario(Vec<Problem>),
    /// A file could not be written.
    #[error(transparent)]
    Output(#[from] super::OutputError),
}

/// Per customer, in the order first met: its name, and its usage month by month.
pub type Usage = Vec<(String, BTreeMap<YearMonth, RecordedMonth>)>;

/// Imports monthly usage rows from `usage` (in any order; a month missing for a customer is a
/// month without usage) with the plans of `plans`, made as `options` say, to `output`.
///
/// # Errors
/// An input that cannot be read or breaks a rule, an output that is one of the inputs, or an
/// output that cannot be written. Nothing is written then.
pub fn monthly(usage: &Path, plans: &Path, output: &Path, options: Options) -> Result<Imported, ImportError> {
    let inputs = [usage, plans];
    super::output::output_target(output, &inputs)?;
    let template = super::read_scenario(plans)?;
    let customers = read_monthly(usage)?;
    let complete = is_complete(&customers);
    pair::finish(&template, &customers, usage, !complete, output, options, &inputs)
}

/// Reads monthly usage rows (in any order; a month missing for a customer is a month without
/// usage).
///
/// # Errors
/// A file that cannot be read, or its problems, each at its line.
pub fn read_monthly(usage: &Path) -> Result<Usage, ImportError> {
    let label = file_label(usage);
    let input = rows::open(usage, u64::MAX).map_err(|why| ImportError::Unreadable { path: usage.to_owned(), why })?;
    let mut problems = Problems::new(&label);
    let mut customers: Usage = Vec::new();
    let mut index: HashMap<Box<str>, usize> = HashMap::new();
    let mut first_line: HashMap<(usize, YearMonth), u64> = HashMap::new();
    let mut bounds = Bounds::default();
    let read = rows::read(input, &super::history::COLUMNS, &mut problems, |r, problems| {
        let Some(row) = super::history::usage_row(&r, problems) else { return };
        if !bounds.admit(row.month, r.line) {
            return;
        }
        let Some(i) = bounds.customer(&mut customers, &mut index, &row.account, r.line) else { return };
        if let Some(first) = first_line.get(&(i, row.month)) {
            problems.at(
                r.line,
                format!(
                    "a second row for \"{}\" in {} (the first is at line {first})",
                    row.account.escape_debug(),
                    row.month
                ),
            );
            return;
        }
        first_line.insert((i, row.month), r.line);
        if let Some((_, months)) = customers.get_mut(i) {
            months.insert(row.month, row.usage);
        }
    });
    if read == Some(0) {
        problems.at(2, "the file has a header but no rows of usage");
    }
    bounds.report(&mut problems, "rows");
    if read.is_none() || !problems.is_empty() {
        return Err(ImportError::Invalid { path: usage.to_owned(), problems: problems.finish() });
    }
    Ok(customers)
}

/// Imports raw events (one row per conversation) from `events`, with the seats of `seats` if
/// given, aggregated per customer and calendar month (UTC), with the plans of `plans`, made as
/// `options` say, to `output`; the monthly rows are written beside it.
///
/// # Errors
/// As [`monthly`].
pub fn events(
    events: &Path,
    seats: Option<&Path>,
    plans: &Path,
    output: &Path,
    options: Options,
) -> Result<Imported, ImportError> {
    let inputs: Vec<&Path> = [events, plans].into_iter().chain(seats).collect();
    super::output::output_target(output, &inputs)?;
    let template = super::read_scenario(plans)?;
    let (customers, count) = read_events(events, seats)?;
    let mut imported = pair::finish(&template, &customers, events, true, output, options, &inputs)?;
    imported.events = count;
    Ok(imported)
}

/// Most customers an import takes: a profile takes at least some 240 bytes of the scenario file,
/// which is at most 16 MiB, so no scenario of more could be written (docs/import.md).
pub const MAX_CUSTOMERS: usize = 100_000;

/// What the reading keeps, within what a scenario can be: the months read so far, the first and
/// the last with their lines, and how many customers. Once the months run longer than a scenario
/// may have ([`Limits::MONTHS`]), or the customers are more than [`MAX_CUSTOMERS`], nothing more
/// is taken in: the import will be refused, and memory stays within customers × months of a
/// scenario, whatever the file holds (two events in 0001 and 9999 would otherwise fill 120,000
/// months of every customer; ten million events of as many accounts, ten million customers).
#[derive(Default)]
struct Bounds {
    first: Option<(YearMonth, u64)>,
    last: Option<(YearMonth, u64)>,
    /// The line whose month made the run too long.
    too_long_at: Option<u64>,
    /// The line of the first customer too many.
    too_many_at: Option<u64>,
}

impl Bounds {
    /// Takes in `month`, read at `line`: whether it is kept (the months still fit a scenario).
    fn admit(&mut self, month: YearMonth, line: u64) -> bool {
        if self.first.is_none_or(|(m, _)| month < m) {
            self.first = Some((month, line));
        }
        if self.last.is_none_or(|(m, _)| month > m) {
            self.last = Some((month, line));
        }
        if self.too_long_at.is_none() && self.length() > Limits::MONTHS {
            self.too_long_at = Some(line);
        }
        self.too_long_at.is_none() && self.too_many_at.is_none()
    }

    /// Whether a customer met for the first time at `line` may be added to the `known` ones.
    fn admit_customer(&mut self, known: usize, line: u64) -> bool {
        if known >= MAX_CUSTOMERS {
            self.too_many_at.get_or_insert(line);
        }
        self.too_many_at.is_none() && self.too_long_at.is_none()
    }

    /// The place in `customers` of `account`, met at `line`: where it already is, or at the end
    /// when it is new and one more customer is admitted; `None` when it is not.
    fn customer(
        &mut self,
        customers: &mut Usage,
        index: &mut HashMap<Box<str>, usize>,
        account: &str,
        line: u64,
    ) -> Option<usize> {
        if let Some(&i) = index.get(account) {
            return Some(i);
        }
        if !self.admit_customer(customers.len(), line) {
            return None;
        }
        customers.push((account.to_owned(), BTreeMap::new()));
        index.insert(account.into(), customers.len() - 1);
        Some(customers.len() - 1)
    }

    /// How many months from the first to the last.
    fn length(&self) -> u32 {
        match (self.first, self.last) {
            (Some((first, _)), Some((last, _))) => last.months_since(first).map_or(0, |n| n.saturating_add(1)),
            _ => 0,
        }
    }

    /// The first and last month read, when they fit a scenario.
    fn months(&self) -> Option<(YearMonth, YearMonth)> {
        let ((first, _), (last, _)) = (self.first?, self.last?);
        self.too_long_at.is_none().then_some((first, last))
    }

    /// The problems of months running too long and of customers too many, at the lines where
    /// they began to be, if they were.
    fn report(&self, problems: &mut Problems, what: &str) {
        if let (Some(at), Some((first, first_line)), Some((last, last_line))) =
            (self.too_long_at, self.first, self.last)
        {
            problems.at(
                at,
                format!(
                    "the {what} run from {first} (line {first_line}) to {last} (line {last_line}), {} months; a scenario has at most {} months, recorded and projected",
                    self.length(),
                    Limits::MONTHS
                ),
            );
        }
        if let Some(at) = self.too_many_at {
            problems.at(
                at,
                format!(
                    "a customer more than {MAX_CUSTOMERS}, the most an import takes (a scenario file of 16 MiB holds fewer profiles); reading kept nothing more from here"
                ),
            );
        }
    }
}

/// The first and last month any customer has.
fn span(customers: &Usage) -> Option<(YearMonth, YearMonth)> {
    let first = customers.iter().filter_map(|(_, m)| m.keys().next()).min()?;
    let last = customers.iter().filter_map(|(_, m)| m.keys().next_back()).max()?;
    Some((*first, *last))
}

/// Whether every customer has a row for every month of the span (the file is then a history
/// as it is).
#[must_use]
pub fn is_complete(customers: &Usage) -> bool {
    let Some((first, last)) = span(customers) else { return true };
    let months = last.months_since(first).map_or(0, |n| n as usize + 1);
    customers.iter().all(|(_, m)| m.len() == months)
}

/// A file's name for messages (`usage.csv:12`).
fn file_label(path: &Path) -> String {
    path.display().to_string()
}

/// The scenario of `customers` (read from `source_name`), each fitted to its history, with the
/// plans, costs and simulation settings of `template`, made as `options` say (the months
/// projected, a season resting on one year); its history is named `history_file`. With it, how
/// far each history supports its fit.
///
/// # Errors
/// No customers, or a scenario that breaks a rule (too many months, months past 9999-12).
pub fn make(
    template: &Scenario,
    customers: &Usage,
    source_name: &str,
    history_file: String,
    options: Options,
) -> Result<Made, ImportError> {
    let Options { project, season } = options;
    let Some((start, last)) = span(customers) else {
        return Err(ImportError::Scenario(vec![Problem::field("accounts", "the usage has no customers")]));
    };
    let h = last.months_since(start).unwrap_or(0) + 1;
    if h.saturating_add(project) > Limits::MONTHS {
        return Err(ImportError::Scenario(vec![Problem::field(
            "months",
            format!(
                "{h} recorded months and {project} projected are more than the {} months a scenario may have",
                Limits::MONTHS
            ),
        )]));
    }
    if start.plus(h + project - 1) > YearMonth::LAST {
        let most = YearMonth::LAST.months_since(last).unwrap_or(0);
        return Err(ImportError::Scenario(vec![Problem::field(
            "months",
            format!(
                "the history ends in {last}; {project} projected months would run past {}, the last month there is: project at most {most}",
                YearMonth::LAST
            ),
        )]));
    }
    let agent_cost = template.accounts.first().map(|a| a.agent_cost).unwrap_or_default();
    let recorded: Vec<RecordedAccount> = customers
        .iter()
        .map(|(name, months)| RecordedAccount {
            name: name.clone(),
            line: 0,
            months: (0..h).map(|m| months.get(&start.plus(m)).copied().unwrap_or_default()).collect(),
        })
        .collect();
    let (accounts, confidence): (Vec<_>, Vec<_>) = recorded
        .iter()
        .map(|a| {
            let fitted = fit::fit_with(&a.name, start, &a.months, agent_cost, season);
            (fitted.account, fitted.confidence)
        })
        .unzip();
    let recorded = Recorded { file: history_file.clone(), start, months: h, accounts: recorded };
    let shrunk = confidence.iter().filter(|c| c.shrunk).count();
    let shrunk = match shrunk {
        0 => String::new(),
        1 => " The season of the 1 customer with no calendar month seen twice is shrunk halfway to flat.".to_owned(),
        n => format!(" The seasons of the {n} customers with no calendar month seen twice are shrunk halfway to flat."),
    };
    let scenario = Scenario {
        format: model::FORMAT,
        name: format!("{}: {} customers from {source_name}", template.name, recorded.accounts.len()),
        notes: format!(
            "Made by pricelab import from {source_name}: {} customers, {h} recorded months from {start} to {last}, then {project} projected. \
             Each customer's profile (volume, seasonality, growth, AI involvement and resolution-rate ramps, seats) is fitted to its own history; \
             the plans, costs and simulation settings are those of {}.{shrunk}",
            recorded.accounts.len(),
            plans_name(template),
        ),
        currency: template.currency.clone(),
        start,
        months: h + project,
        accounts,
        plans: template.plans.clone(),
        transitions: Vec::new(),
        costs: template.costs.clone(),
        simulation: template.simulation.clone(),
        history: Some(History { file: history_file, recorded: Some(Arc::new(recorded)) }),
    };
    let problems = model::validate(&scenario);
    if !problems.is_empty() {
        return Err(ImportError::Scenario(problems));
    }
    Ok(Made { scenario, confidence })
}

fn plans_name(template: &Scenario) -> String {
    format!("\"{}\"", template.name)
}

/// `path` as the scenario at `scenario` names it: relative to the scenario's folder when both
/// are under a common folder, else absolute.
#[must_use]
pub fn relative(path: &Path, scenario: &Path) -> String {
    let absolute = |p: &Path| {
        let p = if p.is_absolute() { p.to_owned() } else { std::env::current_dir().unwrap_or_default().join(p) };
        // The longest part that exists, as the system resolves it (a link followed, then `..`
        // from where it leads); the rest, which may not exist yet, lexically.
        let mut existing = p.clone();
        let mut rest = Vec::new();
        let base = loop {
            if let Ok(real) = existing.canonicalize() {
                break real;
            }
            match (existing.file_name().map(std::ffi::OsStr::to_owned), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = parent.to_owned();
                }
                _ => break PathBuf::new(),
            }
        };
        // (Nothing resolves only when not even the root does: then all of it lexically.)
        let (mut out, tail): (PathBuf, Vec<std::path::Component<'_>>) = if base.as_os_str().is_empty() {
            (PathBuf::new(), p.components().collect())
        } else {
            (base, rest.iter().rev().map(Path::new).flat_map(Path::components).collect())
        };
        for c in tail {
            match c {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    };
    let target = absolute(path);
    let dir = absolute(scenario.parent().unwrap_or_else(|| Path::new(".")));
    let (t, d): (Vec<_>, Vec<_>) = (target.components().collect(), dir.components().collect());
    let common = t.iter().zip(&d).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return target.display().to_string();
    }
    let mut rel = PathBuf::new();
    for _ in common..d.len() {
        rel.push("..");
    }
    for c in t.iter().skip(common) {
        rel.push(c);
    }
    rel.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_history_is_named_relative_to_the_scenario() {
        assert_eq!(relative(Path::new("/data/usage.csv"), Path::new("/data/s.ron")), "usage.csv");
        assert_eq!(relative(Path::new("/data/in/usage.csv"), Path::new("/data/out/s.ron")), "../in/usage.csv");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_then_dot_dot_is_followed_as_the_system_follows_it() {
        // `lnk` leads to `a/b`: `lnk/../o.ron` is `a/o.ron`, not `o.ron`.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::os::unix::fs::symlink("a/b", dir.path().join("lnk")).unwrap();
        std::fs::write(dir.path().join("usage.csv"), "").unwrap();
        let scenario = dir.path().join("lnk/../o.ron");
        let named = relative(&dir.path().join("usage.csv"), &scenario);
        assert_eq!(named, "../usage.csv");
        assert!(dir.path().join("a").join(&named).exists());
    }

    #[test]
    fn months_running_longer_than_a_scenario_are_refused_where_they_do() {
        let month = |s: &str| s.parse::<YearMonth>().unwrap();
        let mut bounds = Bounds::default();
        assert!(bounds.admit(month("2024-05"), 2));
        assert!(bounds.admit(month("2024-01"), 3));
        assert!(bounds.admit(month("2073-12"), 4), "600 months from 2024-01");
        assert_eq!(bounds.months(), Some((month("2024-01"), month("2073-12"))));
        assert!(!bounds.admit(month("0001-01"), 5));
        assert!(!bounds.admit(month("2024-02"), 6), "nothing more is kept");
        assert_eq!(bounds.months(), None);
        let mut problems = Problems::new("e.csv");
        bounds.report(&mut problems, "events");
        let problems = problems.finish();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "e.csv:5: the events run from 0001-01 (line 5) to 2073-12 (line 4), 24876 months; a scenario has at most 600 months, recorded and projected"
        );
    }

    #[test]
    fn customers_past_what_a_scenario_file_holds_are_refused_where_they_come() {
        let mut bounds = Bounds::default();
        assert!(bounds.admit_customer(MAX_CUSTOMERS - 1, 7));
        assert!(!bounds.admit_customer(MAX_CUSTOMERS, 8));
        assert!(!bounds.admit_customer(MAX_CUSTOMERS, 9));
        let month = YearMonth::new(2024, 1).unwrap();
        assert!(!bounds.admit(month, 10), "nothing more is kept");
        let mut problems = Problems::new("e.csv");
        bounds.report(&mut problems, "events");
        let problems: Vec<String> = problems.finish().iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "e.csv:8: a customer more than 100000, the most an import takes (a scenario file of 16 MiB holds fewer profiles); reading kept nothing more from here"
            ]
        );
    }
}

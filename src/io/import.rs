//! `pricelab import`: a scenario made from real customers' usage (docs/import.md) — monthly rows, or
//! raw events aggregated per customer and calendar month as a billing meter would — with every
//! customer's profile fitted to its history ([`crate::engine::fit`]) and the plans of another
//! scenario.
//!
//! Files are read as streams: memory grows with customers × months, never with rows or events.

use super::rows::{self, Problems};
use crate::engine::fit;
use crate::model::{self, History, Limits, Problem, Recorded, RecordedAccount, RecordedMonth, Scenario, YearMonth};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The columns of an events file.
pub const EVENT_COLUMNS: [&str; 4] = ["account", "timestamp", "ai", "resolved"];

/// The columns of a seats file.
pub const SEAT_COLUMNS: [&str; 3] = ["account", "month", "seats"];

/// Projected months after the history, unless asked otherwise.
pub const DEFAULT_PROJECTION: u32 = 12;

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
/// month without usage) with the plans of `plans`, projecting `project` months, to `output`.
///
/// # Errors
/// An input that cannot be read or breaks a rule, or an output that cannot be written.
pub fn monthly(usage: &Path, plans: &Path, output: &Path, project: u32) -> Result<Imported, ImportError> {
    let template = super::read_scenario(plans)?;
    let customers = read_monthly(usage)?;
    let history_file = if is_complete(&customers) { None } else { Some(usage_beside(output)) };
    finish(&template, &customers, usage, history_file, output, project)
}

/// Reads monthly usage rows (in any order; a month missing for a customer is a month without
/// usage).
///
/// # Errors
/// A file that cannot be read, or its problems, each at its line.
pub fn read_monthly(usage: &Path) -> Result<Usage, ImportError> {
    let label = file_label(usage);
    let input = rows::open(usage).map_err(|why| ImportError::Unreadable { path: usage.to_owned(), why })?;
    let mut problems = Problems::new(&label);
    let mut customers: Usage = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut first_line: HashMap<(usize, YearMonth), u64> = HashMap::new();
    let read = rows::read(input, &super::history::COLUMNS, &mut problems, |r, problems| {
        let Some(row) = super::history::usage_row(&r, problems) else { return };
        let i = *index.entry(row.account.clone()).or_insert_with(|| {
            customers.push((row.account.clone(), BTreeMap::new()));
            customers.len() - 1
        });
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
    if read.is_none() || !problems.is_empty() {
        return Err(ImportError::Invalid { path: usage.to_owned(), problems: problems.finish() });
    }
    Ok(customers)
}

/// Imports raw events (one row per conversation) from `events`, with the seats of `seats` if
/// given, aggregated per customer and calendar month (UTC), with the plans of `plans`,
/// projecting `project` months, to `output`; the monthly rows are written beside it.
///
/// # Errors
/// As [`monthly`].
pub fn events(
    events: &Path,
    seats: Option<&Path>,
    plans: &Path,
    output: &Path,
    project: u32,
) -> Result<Imported, ImportError> {
    let template = super::read_scenario(plans)?;
    let (customers, count) = read_events(events, seats)?;
    let mut imported = finish(&template, &customers, events, Some(usage_beside(output)), output, project)?;
    imported.events = count;
    Ok(imported)
}

/// Reads raw events, aggregated per customer and calendar month (UTC), with the seats of
/// `seats` if given; returns the customers' usage and how many events there were.
///
/// # Errors
/// As [`read_monthly`].
pub fn read_events(events: &Path, seats: Option<&Path>) -> Result<(Usage, u64), ImportError> {
    let label = file_label(events);
    let input = rows::open(events).map_err(|why| ImportError::Unreadable { path: events.to_owned(), why })?;
    let mut problems = Problems::new(&label);
    let mut customers: Usage = Vec::new();
    let mut index: HashMap<Box<str>, usize> = HashMap::new();
    let read = rows::read(input, &EVENT_COLUMNS, &mut problems, |r, problems| {
        let account = r.text(0, problems);
        let month = r.text(1, problems).and_then(|t| {
            let month = event_month(t);
            if month.is_none() {
                problems.at(
                    r.line,
                    format!(
                        "timestamp \"{}\" is neither RFC 3339 (2024-03-05T14:30:00Z, or with an offset like +01:00) nor a date (2024-03-05)",
                        rows::shorten(t, 40).escape_debug()
                    ),
                );
            }
            month
        });
        let ai = flag(&r, 2, problems);
        let resolved = flag(&r, 3, problems);
        let (Some(account), Some(month), Some(ai), Some(resolved)) = (account, month, ai, resolved) else { return };
        if account.is_empty() || account.chars().any(char::is_control) {
            problems.at(r.line, "the account is empty or holds control characters");
            return;
        }
        if resolved && !ai {
            problems.at(r.line, "a conversation resolved by the AI must be an AI conversation (ai is false)");
            return;
        }
        let i = match index.get(account) {
            Some(&i) => i,
            None => {
                customers.push((account.to_owned(), BTreeMap::new()));
                index.insert(account.into(), customers.len() - 1);
                customers.len() - 1
            }
        };
        if let Some((_, months)) = customers.get_mut(i) {
            let u = months.entry(month).or_default();
            u.conversations += 1;
            u.ai_conversations += u64::from(ai);
            u.resolutions += u64::from(resolved);
        }
    });
    let count = read.unwrap_or(0);
    if read == Some(0) {
        problems.at(2, "the file has a header but no events");
    }
    if read.is_none() || !problems.is_empty() {
        return Err(ImportError::Invalid { path: events.to_owned(), problems: problems.finish() });
    }
    if let Some(seats) = seats {
        add_seats(&mut customers, &mut index, seats)?;
    }
    Ok((customers, count))
}

/// A `true`/`false` (or `1`/`0`, `yes`/`no`) column.
fn flag(r: &rows::Row<'_>, i: usize, problems: &mut Problems) -> Option<bool> {
    let text = r.text(i, problems)?;
    match text.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "t" | "y" => Some(true),
        "false" | "0" | "no" | "f" | "n" => Some(false),
        _ => {
            let name = EVENT_COLUMNS.get(i).copied().unwrap_or("flag");
            problems.at(
                r.line,
                format!("{name} \"{}\" is not true or false (or 1 or 0)", rows::shorten(text, 20).escape_debug()),
            );
            None
        }
    }
}

/// Reads a seats file into the customers' months: each month's seats as written; a month
/// without a row has the seats of the last month before it that has one (seats stay until
/// changed), or of the first after it.
fn add_seats(customers: &mut Usage, index: &mut HashMap<Box<str>, usize>, path: &Path) -> Result<(), ImportError> {
    let label = file_label(path);
    let input = rows::open(path).map_err(|why| ImportError::Unreadable { path: path.to_owned(), why })?;
    let mut problems = Problems::new(&label);
    let mut seats: HashMap<usize, BTreeMap<YearMonth, u64>> = HashMap::new();
    let read = rows::read(input, &SEAT_COLUMNS, &mut problems, |r, problems| {
        let (account, month, n) = (r.name(0, problems), r.month(1, problems), r.count(2, problems));
        let (Some(account), Some(month), Some(n)) = (account, month, n) else { return };
        let i = match index.get(account.as_str()) {
            Some(&i) => i,
            None => {
                customers.push((account.clone(), BTreeMap::new()));
                index.insert(account.into(), customers.len() - 1);
                customers.len() - 1
            }
        };
        if seats.entry(i).or_default().insert(month, n).is_some() {
            problems.at(r.line, format!("a second seats row for this account in {month}"));
        }
    });
    if read.is_none() || !problems.is_empty() {
        return Err(ImportError::Invalid { path: path.to_owned(), problems: problems.finish() });
    }
    let span = span(customers);
    for (i, (_, months)) in customers.iter_mut().enumerate() {
        let Some(known) = seats.get(&i) else { continue };
        let Some((first, last)) = span else { continue };
        let mut current = known.values().next().copied().unwrap_or(0);
        let mut month = first;
        loop {
            if let Some(n) = known.get(&month) {
                current = *n;
            }
            months.entry(month).or_default().seats = current;
            if month >= last {
                break;
            }
            month = month.plus(1);
        }
    }
    Ok(())
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

/// `<output without .ron>.usage.csv`, beside the output.
fn usage_beside(output: &Path) -> PathBuf {
    let stem = output.file_stem().map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
    output.with_file_name(format!("{stem}.usage.csv"))
}

/// A file's name for messages (`usage.csv:12`).
fn file_label(path: &Path) -> String {
    path.display().to_string()
}

/// Fits every customer, makes the scenario, writes the monthly rows (to `write_usage`, when
/// given; else the history is `source`) and the scenario.
fn finish(
    template: &Scenario,
    customers: &Usage,
    source: &Path,
    write_usage: Option<PathBuf>,
    output: &Path,
    project: u32,
) -> Result<Imported, ImportError> {
    let history_path = write_usage.clone().unwrap_or_else(|| source.to_owned());
    let source_name = source.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let scenario = make(template, customers, &source_name, relative(&history_path, output), project)?;
    if let Some(path) = &write_usage
        && let Some(recorded) = scenario.history.as_ref().and_then(|h| h.recorded.as_deref())
    {
        super::write_atomic_with(path, &[source], |w| write_usage_csv(w, recorded))?;
    }
    super::write_atomic_with(output, &[source], |w| w.write_all(model::to_ron(&scenario).as_bytes()))?;
    Ok(Imported { scenario, usage_written: write_usage, events: 0 })
}

/// The scenario of `customers` (read from `source_name`), each fitted to its history, with
/// the plans, costs and simulation settings of `template`, projecting `project` months; its
/// history is named `history_file`.
///
/// # Errors
/// No customers, or a scenario that breaks a rule (too many months).
pub fn make(
    template: &Scenario,
    customers: &Usage,
    source_name: &str,
    history_file: String,
    project: u32,
) -> Result<Scenario, ImportError> {
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
    let agent_cost = template.accounts.first().map(|a| a.agent_cost).unwrap_or_default();
    let recorded: Vec<RecordedAccount> = customers
        .iter()
        .map(|(name, months)| RecordedAccount {
            name: name.clone(),
            line: 0,
            months: (0..h).map(|m| months.get(&start.plus(m)).copied().unwrap_or_default()).collect(),
        })
        .collect();
    let accounts = recorded.iter().map(|a| fit::fit(&a.name, start, &a.months, agent_cost)).collect();
    let recorded = Recorded { file: history_file.clone(), start, months: h, accounts: recorded };
    let scenario = Scenario {
        format: model::FORMAT,
        name: format!("{}: {} customers from {source_name}", template.name, recorded.accounts.len()),
        notes: format!(
            "Made by pricelab import from {source_name}: {} customers, {h} recorded months from {start} to {last}, then {project} projected. \
             Each customer's profile (volume, seasonality, growth, AI involvement and resolution-rate ramps, seats) is fitted to its own history; \
             the plans, costs and simulation settings are those of {}.",
            recorded.accounts.len(),
            plans_name(template),
        ),
        currency: template.currency.clone(),
        start,
        months: h + project,
        accounts,
        plans: template.plans.clone(),
        costs: template.costs.clone(),
        simulation: template.simulation.clone(),
        history: Some(History { file: history_file, recorded: Some(Arc::new(recorded)) }),
    };
    let problems = model::validate(&scenario);
    if !problems.is_empty() {
        return Err(ImportError::Scenario(problems));
    }
    Ok(scenario)
}

fn plans_name(template: &Scenario) -> String {
    format!("\"{}\"", template.name)
}

/// Writes monthly usage rows, customer by customer, month by month.
///
/// # Errors
/// The writer's.
pub fn write_usage_csv(w: &mut dyn std::io::Write, recorded: &Recorded) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(super::history::COLUMNS)?;
    for a in &recorded.accounts {
        for (m, u) in (0_u32..).zip(&a.months) {
            csv.write_record([
                a.name.clone(),
                recorded.start.plus(m).to_string(),
                u.conversations.to_string(),
                u.ai_conversations.to_string(),
                u.resolutions.to_string(),
                u.seats.to_string(),
            ])?;
        }
    }
    csv.flush()
}

/// `path` as the scenario at `scenario` names it: relative to the scenario's folder when both
/// are under a common folder, else absolute.
#[must_use]
pub fn relative(path: &Path, scenario: &Path) -> String {
    let absolute = |p: &Path| {
        let p = if p.is_absolute() { p.to_owned() } else { std::env::current_dir().unwrap_or_default().join(p) };
        // Resolve `.` and `..` lexically: the files may not exist yet.
        let mut out = PathBuf::new();
        for c in p.components() {
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

/// The UTC calendar month of an RFC 3339 timestamp or a `YYYY-MM-DD` date.
#[must_use]
pub fn event_month(text: &str) -> Option<YearMonth> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = b.get(r)?;
        if s.iter().all(u8::is_ascii_digit) { std::str::from_utf8(s).ok()?.parse().ok() } else { None }
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !(1..=12).contains(&month) {
        return None;
    }
    let days = days_in(year, month);
    if !(1..=days).contains(&day) {
        return None;
    }
    let ym = YearMonth::new(u16::try_from(year).ok()?, u8::try_from(month).ok()?)?;
    if b.len() == 10 {
        return Some(ym);
    }
    // `T` (or a space), hh:mm:ss, an optional fraction, then `Z` or ±hh:mm.
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let (hour, minute, _second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if hour > 23 || minute > 59 {
        return None;
    }
    let mut rest = b.get(19..)?;
    if rest.first() == Some(&b'.') {
        let n = rest.iter().skip(1).take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = rest.get(1 + n..)?;
    }
    let offset: i64 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let two = |a: u8, b: u8| -> Option<i64> {
                (a.is_ascii_digit() && b.is_ascii_digit()).then(|| i64::from(a - b'0') * 10 + i64::from(b - b'0'))
            };
            let minutes = two(*h1, *h2)? * 60 + two(*m1, *m2)?;
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return None,
    };
    // Local time minus the offset is UTC: at most a day either way.
    let minutes = i64::from(hour) * 60 + i64::from(minute) - offset;
    if minutes < 0 && day == 1 {
        // The last day of the month before.
        return Some(if month == 1 {
            YearMonth::new(u16::try_from(year.checked_sub(1)?).ok()?, 12)?
        } else {
            YearMonth::new(u16::try_from(year).ok()?, u8::try_from(month - 1).ok()?)?
        });
    }
    if minutes >= 24 * 60 && day == days {
        return Some(ym.plus(1));
    }
    Some(ym)
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_events_month_is_its_utc_month() {
        let m = |s: &str| event_month(s).map(|m| m.to_string());
        assert_eq!(m("2024-03-05"), Some("2024-03".into()));
        assert_eq!(m("2024-03-31T23:30:00Z"), Some("2024-03".into()));
        assert_eq!(m("2024-03-31T23:30:00-01:00"), Some("2024-04".into()), "00:30 UTC on April 1st");
        assert_eq!(m("2024-04-01T00:30:00+02:00"), Some("2024-03".into()), "22:30 UTC on March 31st");
        assert_eq!(m("2024-01-01T00:00:00.123456+00:30"), Some("2023-12".into()));
        assert_eq!(m("2024-02-29T12:00:00Z"), Some("2024-02".into()));
        assert_eq!(m("2024-12-31T23:00:00-05:00"), Some("2025-01".into()));
        for bad in ["2023-02-29", "2024-13-01", "03/05/2024", "2024-03-05T25:00:00Z", "2024-03-05T10:00:00", "2024-03"]
        {
            assert_eq!(event_month(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_history_is_named_relative_to_the_scenario() {
        assert_eq!(relative(Path::new("/data/usage.csv"), Path::new("/data/s.ron")), "usage.csv");
        assert_eq!(relative(Path::new("/data/in/usage.csv"), Path::new("/data/out/s.ron")), "../in/usage.csv");
    }
}

//! `pricelab import --events`: raw events (one row per conversation) counted per customer and
//! calendar month (UTC) as a billing meter would, with the seats of a seats file
//! (docs/import.md, "`pricelab import`": Events).

use super::{Bounds, ImportError, Usage, file_label};
use crate::io::rows::{self, Problems};
use crate::model::YearMonth;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The columns of an events file.
pub const EVENT_COLUMNS: [&str; 4] = ["account", "timestamp", "ai", "resolved"];

/// The columns of a seats file.
pub const SEAT_COLUMNS: [&str; 3] = ["account", "month", "seats"];

/// Reads raw events, aggregated per customer and calendar month (UTC), with the seats of
/// `seats` if given; returns the customers' usage and how many events there were.
///
/// # Errors
/// A file that cannot be read, or its problems, each at its line — among them months running
/// longer than a scenario may have, found as they are read (nothing more is kept from then on).
pub fn read_events(events: &Path, seats: Option<&Path>) -> Result<(Usage, u64), ImportError> {
    let label = file_label(events);
    let input = rows::open(events, u64::MAX).map_err(|why| ImportError::Unreadable { path: events.to_owned(), why })?;
    let mut problems = Problems::new(&label);
    let mut customers: Usage = Vec::new();
    let mut index: HashMap<Box<str>, usize> = HashMap::new();
    let mut bounds = Bounds::default();
    let read = rows::read(input, &EVENT_COLUMNS, &mut problems, |r, problems| {
        // A name is checked the first time it is met.
        let account = r.text(0, problems).filter(|a| index.contains_key(*a) || r.is_name(0, a, problems));
        let month = r.text(1, problems).and_then(|t| match super::event_month(t) {
            Ok(month) => Some(month),
            Err(why) => {
                problems.at(r.line, format!("timestamp \"{}\" {why}", rows::shorten(t, 40).escape_debug()));
                None
            }
        });
        let ai = flag(&r, 2, problems);
        let resolved = flag(&r, 3, problems);
        let (Some(account), Some(month), Some(ai), Some(resolved)) = (account, month, ai, resolved) else { return };
        if resolved && !ai {
            problems.at(r.line, "a conversation resolved by the AI must be an AI conversation (ai is false)");
            return;
        }
        if !bounds.admit(month, r.line) {
            return;
        }
        let Some(i) = bounds.customer(&mut customers, &mut index, account, r.line) else { return };
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
    bounds.report(&mut problems, "events");
    if read.is_none() || !problems.is_empty() {
        return Err(ImportError::Invalid { path: events.to_owned(), problems: problems.finish() });
    }
    if let (Some(seats), Some(months)) = (seats, bounds.months()) {
        add_seats(&mut customers, &mut index, seats, months)?;
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

/// What is kept of one customer's seats rows: those within the events' months, and of those
/// outside, the one that carries into them (the last before) and the first after (for a
/// customer whose rows all come later). Memory stays within the events' months, however many
/// rows the file has.
#[derive(Default)]
struct SeatRows {
    within: BTreeMap<YearMonth, (u64, u64)>,
    before: Option<(YearMonth, u64, u64)>,
    after: Option<(YearMonth, u64, u64)>,
}

impl SeatRows {
    /// Takes in `n` seats in `month` (at `line`) for the events' months `first..=last`; the line
    /// of an earlier row for the same month, when it is one that counts.
    fn take(&mut self, month: YearMonth, n: u64, line: u64, (first, last): (YearMonth, YearMonth)) -> Option<u64> {
        if month < first {
            match self.before {
                Some((m, _, at)) if m == month => return Some(at),
                Some((m, ..)) if m > month => {}
                _ => self.before = Some((month, n, line)),
            }
        } else if month > last {
            match self.after {
                Some((m, _, at)) if m == month => return Some(at),
                Some((m, ..)) if m < month => {}
                _ => self.after = Some((month, n, line)),
            }
        } else if let Some((_, at)) = self.within.get(&month) {
            return Some(*at);
        } else {
            self.within.insert(month, (n, line));
        }
        None
    }

    /// The seats of the first of the events' months: those carried in, else the first row's.
    fn initial(&self) -> u64 {
        self.before
            .map(|(_, n, _)| n)
            .or_else(|| self.within.values().next().map(|(n, _)| *n))
            .or(self.after.map(|(_, n, _)| n))
            .unwrap_or(0)
    }
}

/// Reads a seats file into the customers' months `first..=last` (the events'; at most a
/// scenario's months): each month's seats as written; a month without a row has the seats of
/// the last month before it that has one (seats stay until changed), or of the first after it.
fn add_seats(
    customers: &mut Usage,
    index: &mut HashMap<Box<str>, usize>,
    path: &Path,
    (first, last): (YearMonth, YearMonth),
) -> Result<(), ImportError> {
    let label = file_label(path);
    let input = rows::open(path, u64::MAX).map_err(|why| ImportError::Unreadable { path: path.to_owned(), why })?;
    let mut problems = Problems::new(&label);
    let mut seats: HashMap<usize, SeatRows> = HashMap::new();
    let mut bounds = Bounds::default();
    let read = rows::read(input, &SEAT_COLUMNS, &mut problems, |r, problems| {
        let (account, month, n) = (r.name_str(0, problems), r.month(1, problems), r.count(2, problems));
        let (Some(account), Some(month), Some(n)) = (account, month, n) else { return };
        let Some(i) = bounds.customer(customers, index, account, r.line) else { return };
        if let Some(at) = seats.entry(i).or_default().take(month, n, r.line, (first, last)) {
            problems.at(r.line, format!("a second seats row for this account in {month} (the first is at line {at})"));
        }
    });
    bounds.report(&mut problems, "rows");
    if read.is_none() || !problems.is_empty() {
        return Err(ImportError::Invalid { path: path.to_owned(), problems: problems.finish() });
    }
    for (i, (_, months)) in customers.iter_mut().enumerate() {
        let Some(known) = seats.get(&i) else { continue };
        let mut current = known.initial();
        let mut month = first;
        loop {
            if let Some((n, _)) = known.within.get(&month) {
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

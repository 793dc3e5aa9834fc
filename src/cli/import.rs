//! `pricelab import`: a scenario of real customers, fitted to their recorded usage (docs/import.md).

use super::{EXIT_INVALID, eprint_safe, escape_controls, print_safe, report};
use crate::engine::fit::{Confidence, Rating, Season};
use crate::io::LoadError;
use crate::io::import::{self, ImportError, Options};
use crate::model::{Account, Location, Problem};
use std::path::Path;
use std::process::ExitCode;

/// What to import.
pub struct Args<'a> {
    /// The usage (or events) file.
    pub file: &'a Path,
    /// The scenario whose plans are taken.
    pub plans: &'a Path,
    /// The scenario to write.
    pub output: &'a Path,
    /// Months projected after the history, and how a season resting on one year is taken.
    pub options: Options,
    /// Whether `file` holds raw events.
    pub events: bool,
    /// The seats of each customer and month (events only).
    pub seats: Option<&'a Path>,
}

/// `pricelab import`.
pub fn run(args: &Args<'_>) -> ExitCode {
    let imported = if args.events {
        import::events(args.file, args.seats, args.plans, args.output, args.options)
    } else {
        import::monthly(args.file, args.plans, args.output, args.options)
    };
    match imported {
        Ok(imported) => {
            let s = &imported.scenario;
            let recorded = s.history.as_ref().and_then(|h| h.recorded.as_deref());
            let (h, customers) = recorded.map_or((0, 0), |r| (r.months, r.accounts.len()));
            let last = s.start.plus(h.saturating_sub(1));
            let shown = |p: &Path| escape_controls(&p.display().to_string()).into_owned();
            let events = if args.events { format!("{} events, ", imported.events) } else { String::new() };
            let shrunk = imported.confidence.iter().filter(|c| c.shrunk).count();
            let shrunk = match shrunk {
                0 => String::new(),
                1 => " (the season of 1 customer with one year of history or less shrunk halfway to flat)".to_owned(),
                n => format!(" (the seasons of {n} customers with one year of history or less shrunk halfway to flat)"),
            };
            let mut text = format!(
                "Read {events}{customers} customers over {h} months ({} to {last}) from {}; fitted each customer's profile to its history{shrunk}.\n",
                s.start,
                shown(args.file)
            );
            if let Some(usage) = &imported.usage_written {
                text.push_str(&format!("Wrote the monthly usage to {}.\n", shown(usage)));
            }
            text.push_str(&format!(
                "Wrote {}: {} months ({h} recorded, {} projected), the plans of {}.\nNext: pricelab backtest {}\n",
                shown(args.output),
                s.months,
                s.months - h,
                shown(args.plans),
                shown(args.output)
            ));
            // (Standard output may fail — /dev/full, a closed pipe: said, exit 1, never a panic.)
            let code = print_safe(&text);
            eprint_safe(&confidence(&s.accounts, &imported.confidence, args.options.season));
            code
        }
        Err(ImportError::Plans(e)) => {
            match &e {
                LoadError::Read { .. } => eprint_safe(&format!("pricelab: --plans: {e}\n")),
                LoadError::Invalid { path, problems } => report(path, problems),
            }
            ExitCode::from(EXIT_INVALID)
        }
        Err(ImportError::Invalid { path, problems }) => {
            located(&path, &problems);
            ExitCode::from(EXIT_INVALID)
        }
        Err(ImportError::Scenario(problems)) => {
            // Rules of the scenario made (its length with the projection, its size), not of a
            // file: the output was not written, and is not to blame.
            let mut text = format!(
                "pricelab: import: nothing written: the scenario made from {} would break {}:\n",
                escape_controls(&args.file.display().to_string()),
                if problems.len() == 1 { "a rule" } else { "rules" }
            );
            for p in &problems {
                text.push_str(&format!("  {}\n", escape_controls(&p.to_string())));
            }
            eprint_safe(&text);
            ExitCode::from(EXIT_INVALID)
        }
        Err(e) => {
            eprint_safe(&format!("pricelab: {e}\n"));
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// Customers up to which each one's confidence is listed; beyond, a count per rating and the
/// least sure.
const LIST_EVERY: usize = 10;
/// How many lines of the least sure are listed beyond [`LIST_EVERY`] customers (customers with
/// the same words share a line).
const LIST_LEAST: usize = 5;
/// How many names a shared line lists before counting the others.
const NAMES_SHARING: usize = 3;

/// How far each customer's history supports its fit, for standard error (docs/import.md, "How
/// sure a fit is"): every customer's in words, or for many a count per rating and the least
/// sure; then, when some rests on one year and its season was kept as recorded, the option that
/// shrinks it.
fn confidence(accounts: &[Account], confidence: &[Confidence], season: Season) -> String {
    let n = confidence.len().min(accounts.len());
    let per = |rating: Rating| confidence.iter().filter(|c| c.rating == rating).count();
    let counts = format!("{} low, {} medium, {} high", per(Rating::Low), per(Rating::Medium), per(Rating::High));
    let name = |i: usize| escape_controls(&accounts[i].name).into_owned();
    let mut text = String::new();
    if n <= LIST_EVERY {
        text.push_str(&format!("pricelab: how sure each fit is (docs/import.md, \"How sure a fit is\"): {counts}\n"));
        for (account, c) in accounts.iter().zip(confidence) {
            text.push_str(&format!("  {}: {}\n", escape_controls(&account.name), c.words()));
        }
    } else {
        text.push_str(&format!(
            "pricelab: how sure the fits are (docs/import.md, \"How sure a fit is\"): {n} customers, {counts}; the least sure:\n"
        ));
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| confidence[a].cmp_weakest_first(&confidence[b]));
        // Lines of customers with the same words, the least sure first.
        let mut lines: Vec<(Vec<usize>, String)> = Vec::new();
        for i in order {
            let words = confidence[i].words();
            if let Some((sharing, last)) = lines.last_mut()
                && *last == words
            {
                sharing.push(i);
            } else if lines.len() == LIST_LEAST {
                break;
            } else {
                lines.push((vec![i], words));
            }
        }
        for (sharing, words) in &lines {
            let mut names: Vec<String> = sharing.iter().take(NAMES_SHARING).map(|&i| name(i)).collect();
            if sharing.len() > NAMES_SHARING {
                names.push(format!("{} more", sharing.len() - NAMES_SHARING));
            }
            let names = match names.split_last() {
                Some((last, first)) if !first.is_empty() => format!("{} and {last}", first.join(", ")),
                _ => names.concat(),
            };
            text.push_str(&format!("  {names}: {words}\n"));
        }
    }
    let one_year = confidence.iter().filter(|c| c.rests_on_one_year()).count();
    if one_year > 0 && season == Season::AsRecorded {
        let who = if one_year == 1 { "1 customer rests".to_owned() } else { format!("{one_year} customers rest") };
        text.push_str(&format!(
            "pricelab: note: {who} on one year of history or less: the projection repeats that year, noise and all; --season shrunk pulls such a season halfway to flat\n"
        ));
    }
    text
}

/// Problems of an input file: those at a line as `file:line: message`, the others after the
/// file's name.
fn located(path: &Path, problems: &[Problem]) {
    // Each line escaped on its own: a value cannot forge a line.
    let mut text = String::new();
    let name = path.display().to_string();
    for p in problems {
        let line = match &p.location {
            Location::Row { file, line } => format!("{file}:{line}: {}", p.message),
            _ => format!("{name}: {p}"),
        };
        text.push_str(&escape_controls(&line));
        text.push('\n');
    }
    let n = problems.len();
    text.push_str(&escape_controls(&format!("{name}: {n} problem{} found", if n == 1 { "" } else { "s" })));
    text.push('\n');
    eprint_safe(&text);
}

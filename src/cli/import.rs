//! `pricelab import`: a scenario of real customers, fitted to their recorded usage (docs/import.md).

use super::{EXIT_INVALID, eprint_safe, escape_controls, print_safe, report};
use crate::io::LoadError;
use crate::io::import::{self, ImportError};
use crate::model::{Location, Problem};
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
    /// Months projected after the history.
    pub project: u32,
    /// Whether `file` holds raw events.
    pub events: bool,
    /// The seats of each customer and month (events only).
    pub seats: Option<&'a Path>,
}

/// `pricelab import`.
pub fn run(args: &Args<'_>) -> ExitCode {
    let imported = if args.events {
        import::events(args.file, args.seats, args.plans, args.output, args.project)
    } else {
        import::monthly(args.file, args.plans, args.output, args.project)
    };
    match imported {
        Ok(imported) => {
            let s = &imported.scenario;
            let recorded = s.history.as_ref().and_then(|h| h.recorded.as_deref());
            let (h, customers) = recorded.map_or((0, 0), |r| (r.months, r.accounts.len()));
            let last = s.start.plus(h.saturating_sub(1));
            let shown = |p: &Path| escape_controls(&p.display().to_string()).into_owned();
            let events = if args.events { format!("{} events, ", imported.events) } else { String::new() };
            let mut text = format!(
                "Read {events}{customers} customers over {h} months ({} to {last}) from {}; fitted each customer's profile to its history.\n",
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
            print_safe(&text)
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

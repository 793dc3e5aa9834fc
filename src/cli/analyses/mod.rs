//! `pricelab sweep`, `pricelab solve` and `pricelab tornado`: the decision analyses (docs/analyses.md)
//! on the command line, as a table, JSON or CSV.
//!
//! One module per command: [`sweep`], [`solve`], [`tornado`]; this one holds what they share
//! (reading numbers from the command line, where they write, how they fail).

mod solve;
mod sweep;
mod tornado;

pub use solve::{SolveArgs, solve};
pub use sweep::sweep;
pub use tornado::tornado;

use super::{EXIT_INVALID, EXIT_USAGE, eprintln_safe, report_named};
use crate::engine::Error;
use crate::engine::analyses::{Param, Path as ParamPath};
use crate::model::Scenario;
use rust_decimal::Decimal;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// A number on the command line: plain (`0.99`, `-0.05`) or scientific (`1e6`).
///
/// # Errors
/// Text that is not a number.
pub fn parse_number(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    t.parse::<Decimal>().or_else(|_| Decimal::from_scientific(t)).map_err(|_| {
        let shown = crate::io::rows::shorten(t, 40);
        match t.parse::<f64>() {
            // A number, but beyond what exact decimals hold.
            Ok(x) if x.is_finite() && x.abs() >= 1.0 => {
                format!("`{shown}` is too large: numbers here are at most about 7.9 × 10^28")
            }
            Ok(x) if x.is_finite() && x != 0.0 => {
                format!("`{shown}` is too small to tell from 0: numbers here have at most 28 decimals")
            }
            _ => format!("`{shown}` is not a number (e.g. 0.99, 250000 or -0.05)"),
        }
    })
}

/// `--steps`: a whole number from 1 to the most steps a sweep takes.
///
/// # Errors
/// Anything else, said plainly (however large the number typed).
pub fn parse_steps(text: &str) -> Result<u32, String> {
    let max = crate::engine::analyses::MAX_STEPS;
    let shown = crate::io::rows::shorten(text.trim(), 40);
    let whole = !text.trim().is_empty() && text.trim().bytes().all(|b| b.is_ascii_digit());
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ if whole || text.trim().parse::<u32>().is_ok() => Err(format!("{shown} is not in 1..={max}")),
        _ => Err(format!("`{shown}` is not a whole number of steps (1 to {max})")),
    }
}

/// `--swing`: a number in (0, 1].
///
/// # Errors
/// A number out of range, or text that is not a number.
pub fn parse_swing(text: &str) -> Result<Decimal, String> {
    let s = parse_number(text)?;
    if s <= Decimal::ZERO || s > Decimal::ONE {
        return Err(format!("{text} is not in (0, 1]: the swing is a fraction, 0.2 for ±20%"));
    }
    Ok(s)
}

/// A misuse: the message, exit 2.
fn misuse(message: &str) -> ExitCode {
    eprintln_safe(&format!("pricelab: {message}"));
    ExitCode::from(EXIT_USAGE)
}

/// Resolves `--vary PATH` against the scenario (a misuse when it names nothing).
fn resolve(scenario: &Scenario, text: &str) -> Result<Param, ExitCode> {
    ParamPath::parse(text).and_then(|p| Param::resolve(scenario, &p)).map_err(|e| misuse(&format!("--vary {}", e.0)))
}

/// The analysis's failure as an exit status: the scenario's problems (exit 1), or an analysis
/// too large to run (a misuse, exit 2).
fn failed(path: &Path, scenario: &Scenario, e: Error) -> ExitCode {
    match e {
        Error::Invalid(problems) => {
            report_named(path, scenario, &problems);
            ExitCode::from(EXIT_INVALID)
        }
        Error::TooLarge { .. } => misuse(&format!("{e}: name the parameters to vary with --vary")),
        Error::Cancelled => ExitCode::from(EXIT_INVALID),
        other => {
            eprintln_safe(&format!("pricelab: {other}"));
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn json(w: &mut dyn Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

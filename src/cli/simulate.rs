//! `pricelab simulate`: the deterministic figures and, with trials, the Monte Carlo run.

use super::{EXIT_INVALID, EXIT_USAGE, Format, load, report_named, table};
use super::{Output, emit, eprintln_safe, progress};
use crate::engine::Error;
use crate::engine::monte_carlo::{self, Budget};
use crate::io::export;
use crate::model::Scenario;
use rust_decimal::Decimal;
use std::path::Path;
use std::process::ExitCode;

/// `pricelab simulate`: `budget` is the budget and whose bill it is compared with (a profile's
/// name).
pub(super) fn run(
    path: &Path,
    trials: Option<u64>,
    seed: Option<u64>,
    budget: Option<(Decimal, Option<&str>)>,
    output: &Output<'_>,
) -> ExitCode {
    let (scenario, workload) = match load(path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if let Some(trials) = trials {
        // The file is valid; what --trials asks of it may not be: a misuse of the flag.
        let problems = monte_carlo::preflight(&scenario, trials);
        if !problems.is_empty() {
            for p in &problems {
                eprintln_safe(&format!("pricelab: --trials {trials}: {}", p.message));
            }
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let trials = trials.unwrap_or(scenario.simulation.trials);
    let seed = seed.unwrap_or(scenario.simulation.seed);
    let budget = match budget.map(|b| budget_of(&scenario, output.format, trials, b)).transpose() {
        Ok(budget) => budget,
        Err(message) => {
            eprintln_safe(&format!("pricelab: {message}"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mc = if trials > 0 {
        match monte_carlo_of(path, &scenario, trials, seed) {
            Ok(mc) => Some(mc),
            Err(code) => return code,
        }
    } else {
        None
    };
    // The table needs every plan at once; JSON and CSV bill each plan as it is written.
    let streamed = || export::Streamed { scenario: &scenario, workload: &workload };
    match output.format {
        Format::Table => {
            let outcome = match workload.into_outcome(&scenario) {
                Ok(outcome) => outcome,
                Err(problem) => {
                    report_named(path, &scenario, &[problem]);
                    return ExitCode::from(EXIT_INVALID);
                }
            };
            let text = table::render(&scenario, &outcome, mc.as_ref(), budget.as_ref());
            emit(path, output.path, |out| out.write_all(text.as_bytes()))
        }
        Format::Json => {
            emit(path, output.path, |out| export::write_json(out, &scenario, &streamed(), mc.as_ref(), budget.as_ref()))
        }
        Format::Csv => emit(path, output.path, |out| export::write_csv(out, &streamed(), mc.as_ref())),
    }
}

/// Runs the Monte Carlo simulation with a progress bar on a terminal; on failure, reports every
/// problem of the file.
pub(super) fn monte_carlo_of(
    path: &Path,
    scenario: &Scenario,
    trials: u64,
    seed: u64,
) -> Result<monte_carlo::MonteCarlo, ExitCode> {
    let bar = progress::Bar::new(trials);
    let result = monte_carlo::run(scenario, trials, seed, &bar);
    bar.finish();
    result.map_err(|e| {
        if let Error::Invalid(problems) = e {
            report_named(path, scenario, &problems);
        }
        ExitCode::from(EXIT_INVALID)
    })
}

/// The budget of `--budget` (and `--budget-account`) for `scenario`, or why it cannot be
/// answered.
fn budget_of(
    scenario: &Scenario,
    format: Format,
    trials: u64,
    (amount, account): (Decimal, Option<&str>),
) -> Result<Budget, String> {
    if format == Format::Csv {
        return Err("--budget is answered in the table and JSON formats, not in CSV".into());
    }
    if trials == 0 {
        return Err(
            "--budget needs Monte Carlo trials, and none are set (simulation.trials in the file, or --trials N)".into(),
        );
    }
    let Some(name) = account else { return Ok(Budget { amount, account: None }) };
    let names = || {
        let mut names: Vec<String> = scenario.accounts.iter().take(10).map(|a| format!("\"{}\"", a.name)).collect();
        if scenario.accounts.len() > 10 {
            names.push(format!("and {} more", scenario.accounts.len() - 10));
        }
        names.join(", ")
    };
    match scenario.accounts.iter().position(|a| a.name == name) {
        None => Err(format!("--budget-account: no account profile is named \"{name}\" (the profiles: {})", names())),
        Some(a) if scenario.accounts.get(a).is_some_and(|a| a.count == 0) => {
            Err(format!("--budget-account: the profile \"{name}\" has no accounts (count: 0)"))
        }
        Some(a) => Ok(Budget { amount, account: Some(a) }),
    }
}

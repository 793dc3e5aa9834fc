//! `pricelab check`: a scenario file's problems, and a run of what `simulate` would do.

use super::{EXIT_INVALID, escape_controls, load, print_safe, report_named};
use crate::engine::monte_carlo::{self};
use crate::model::Scenario;
use std::path::Path;
use std::process::ExitCode;

/// `check` answers for `simulate`: besides the file's rules it runs the simulation the file
/// asks for — the deterministic one and, when the file sets trials, the Monte Carlo run — so a
/// file that passes here simulates, and one refused here is refused there.
pub(super) fn run(path: &Path) -> ExitCode {
    match load(path) {
        Ok((s, workload)) => {
            // Every plan billed, one at a time (as `simulate` writes them), and dropped.
            for p in 0..s.plans.len() {
                if let Err(problem) = workload.plan(&s, p) {
                    report_named(path, &s, &[problem]);
                    return ExitCode::from(EXIT_INVALID);
                }
            }
            // The Monte Carlo run: its limits for every trial the file asks for, then as many
            // trials as CHECK_ACCOUNT_MONTHS allows (a run of 10^10 account-months is allowed,
            // and takes minutes: check answers in seconds).
            let trials = s.simulation.trials;
            let checked = checked_trials(&s);
            if trials > 0 {
                let problems = monte_carlo::preflight(&s, trials);
                if !problems.is_empty() {
                    report_named(path, &s, &problems);
                    return ExitCode::from(EXIT_INVALID);
                }
                if let Err(code) = super::simulate::monte_carlo_of(path, &s, checked, s.simulation.seed) {
                    return code;
                }
            }
            let instances = s.instances();
            let line = format!(
                "{}: ok: \"{}\", {} months from {}, {} account profile{} ({instances} account{}), {} plan{}",
                escape_controls(&path.display().to_string()),
                s.name,
                s.months,
                s.start,
                s.accounts.len(),
                if s.accounts.len() == 1 { "" } else { "s" },
                if instances == 1 { "" } else { "s" },
                s.plans.len(),
                if s.plans.len() == 1 { "" } else { "s" },
            );
            let sampled = if checked < trials {
                format!(" (Monte Carlo run on {checked} of its {trials} trials; simulate runs them all)")
            } else {
                String::new()
            };
            print_safe(&format!("{}{sampled}\n", escape_controls(&line)))
        }
        Err(code) => code,
    }
}

/// The most account-months of Monte Carlo trials `check` runs (about ten seconds): a file may
/// ask for up to 10^10, which `simulate` runs in full.
const CHECK_ACCOUNT_MONTHS: u128 = 200_000_000;

/// How many of the file's trials `check` runs: all of them, or as many as
/// [`CHECK_ACCOUNT_MONTHS`] allows (at least one).
fn checked_trials(s: &Scenario) -> u64 {
    monte_carlo::trials_within(s, CHECK_ACCOUNT_MONTHS)
}

//! The command line: the arguments (`args.rs`) run by [`run`], one module per command, and the
//! GUI entry.

mod analyses;
mod args;
mod backtest;
mod check;
mod diff;
mod fmt;
mod import;
mod output;
mod progress;
mod quote;
mod simulate;
mod table;

use crate::engine::{self, Workload};
use crate::io::{self, LoadError};
use crate::model::Scenario;
use args::{Cli, Command, Format, QuoteFormat, SolveFormat};
use clap::Parser as _;
pub use output::escape_controls;
use output::{Output, emit, emit_from, eprint_safe, eprintln_safe, print_safe, report, report_named};
use std::path::Path;
use std::process::ExitCode;

/// Exit status for invalid input: a file that cannot be read or is not a valid scenario.
const EXIT_INVALID: u8 = 1;
/// Exit status for misuse of the command line.
const EXIT_USAGE: u8 = 2;

/// Runs the command line with the process's arguments and returns its exit status.
#[must_use]
pub fn main() -> ExitCode {
    run(std::env::args_os())
}

/// Runs the command line with `args` (the first is the program's name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            // Nothing more can be done if the terminal is gone.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Some(Command::Check { file }) => check::run(&file),
        Some(Command::Fmt { files, check }) => fmt::run(&files, check),
        Some(Command::Diff { old, new, format, output }) => diff::run(&old, &new, format, output.as_deref()),
        Some(Command::Simulate { file, format, trials, seed, output, budget, budget_account }) => {
            let budget = budget.map(|amount| (amount, budget_account.as_deref()));
            simulate::run(&file, trials, seed, budget, &Output { format, path: output.as_deref() })
        }
        Some(Command::Sweep { file, vary, from, to, steps, format, output }) => {
            analyses::sweep(&file, &vary, (from, to), steps, &Output { format, path: output.as_deref() })
        }
        Some(Command::Solve { file, vary, plan, target, measure, account, year, range, format, output }) => {
            let args = analyses::SolveArgs {
                vary: &vary,
                plan: &plan,
                target: &target,
                margin: measure == args::SolveMeasure::Margin,
                account: account.as_deref(),
                year,
                range: range.as_deref(),
            };
            let format = if format == SolveFormat::Json { Format::Json } else { Format::Table };
            analyses::solve(&file, &args, &Output { format, path: output.as_deref() })
        }
        Some(Command::Tornado { file, swing, vary, format, output }) => {
            analyses::tornado(&file, swing, &vary, &Output { format, path: output.as_deref() })
        }
        Some(Command::Quote {
            file,
            account,
            customer,
            vendor,
            from,
            years,
            budget,
            plans,
            recommend,
            format,
            output,
        }) => quote::run(&quote::Args {
            file: &file,
            account: &account,
            customer: customer.as_deref(),
            vendor: vendor.as_deref(),
            from: from.as_deref(),
            years,
            budget,
            plans: plans.as_deref(),
            recommend: recommend.as_deref(),
            format,
            output: output.as_deref(),
        }),
        Some(Command::Backtest { file, top, format, output }) => {
            backtest::run(&file, top, &Output { format, path: output.as_deref() })
        }
        Some(Command::Import { file, plans, output, project, events, seats, season }) => import::run(&import::Args {
            file: &file,
            plans: &plans,
            output: &output,
            options: io::import::Options { project, season: season.into() },
            events,
            seats: seats.as_deref(),
        }),
        None => gui(cli.file.as_deref(), cli.headless),
    }
}

/// Reads a scenario file, printing every problem on failure (exit 1).
fn read(path: &Path) -> Result<Scenario, ExitCode> {
    io::read_scenario(path).map_err(|e| {
        match &e {
            LoadError::Read { .. } => eprintln_safe(&format!("pricelab: {e}")),
            LoadError::Invalid { problems, .. } => report(path, problems),
        }
        ExitCode::from(EXIT_INVALID)
    })
}

/// Loads a file and computes its workload (usage and cost; the plans are billed when they are
/// needed), printing every problem on failure.
fn load(path: &Path) -> Result<(Scenario, Workload), ExitCode> {
    let scenario = read(path)?;
    let workload = engine::workload(&scenario).map_err(|problems| {
        report_named(path, &scenario, &problems);
        ExitCode::from(EXIT_INVALID)
    })?;
    Ok((scenario, workload))
}
#[cfg(feature = "gui")]
fn gui(file: Option<&Path>, headless: bool) -> ExitCode {
    if headless { crate::app::headless::run(file) } else { crate::app::run(file) }
}

#[cfg(not(feature = "gui"))]
fn gui(_file: Option<&Path>, _headless: bool) -> ExitCode {
    eprint_safe(
        "pricelab: this build has no desktop app (built without the `gui` feature); use `pricelab simulate FILE.ron`\n",
    );
    ExitCode::from(EXIT_USAGE)
}

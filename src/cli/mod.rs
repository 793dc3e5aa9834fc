//! The command line: `pricelab check`, `pricelab simulate`, and the GUI entry.

mod progress;
mod table;

use crate::engine::monte_carlo::{self, Budget, McError};
use crate::engine::{self, Outcome};
use crate::io::{self, LoadError, export};
use crate::model::{Location, Problem, Scenario, money};
use clap::{Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit status for invalid input: a file that cannot be read or is not a valid scenario.
const EXIT_INVALID: u8 = 1;
/// Exit status for misuse of the command line.
const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "pricelab",
    version,
    about = "Pricing simulator for AI customer-service agents: seats vs per-conversation vs per-resolution revenue",
    long_about = None,
    args_conflicts_with_subcommands = true,
    after_help = "Without a command, pricelab opens the desktop app on FILE (or on the built-in example)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Scenario file to open in the desktop app.
    file: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a scenario file: exit 0, or exit 1 listing every problem with where it is.
    Check {
        /// The scenario file (.ron).
        file: PathBuf,
    },
    /// Simulate a scenario and write every plan's bills.
    Simulate {
        /// The scenario file (.ron).
        file: PathBuf,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Monte Carlo trials (overrides the file's `simulation.trials`; 0 for none).
        #[arg(long)]
        trials: Option<u64>,
        /// Seed of the Monte Carlo random streams (overrides the file's `simulation.seed`).
        #[arg(long)]
        seed: Option<u64>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// A customer's monthly budget: the table and the JSON add, per plan, the chance that
        /// some month's bill goes above it, and how peaky the bill is (needs Monte Carlo trials).
        #[arg(long, value_name = "AMOUNT", value_parser = money::parse_amount)]
        budget: Option<Decimal>,
        /// Compare the budget with one account of this profile rather than the whole portfolio.
        #[arg(long, value_name = "PROFILE", requires = "budget")]
        budget_account: Option<String>,
    },
}

/// What `simulate` writes, and where.
struct Output<'a> {
    format: Format,
    /// The budget and whose bill it is compared with (a profile's name).
    budget: Option<(Decimal, Option<&'a str>)>,
    path: Option<&'a Path>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// Yearly totals and comparisons per plan, aligned for a terminal.
    Table,
    /// Every line of every month, as one JSON object.
    Json,
    /// One row per plan, account and month.
    Csv,
}

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
        Some(Command::Check { file }) => check(&file),
        Some(Command::Simulate { file, format, trials, seed, output, budget, budget_account }) => {
            let budget = budget.map(|amount| (amount, budget_account.as_deref()));
            simulate(&file, trials, seed, &Output { format, budget, path: output.as_deref() })
        }
        None => gui(cli.file.as_deref()),
    }
}

/// Loads and simulates a file, printing every problem on failure.
fn load(path: &Path) -> Result<(Scenario, Outcome), ExitCode> {
    let scenario = io::read_scenario(path).map_err(|e| {
        match &e {
            LoadError::Read { .. } => eprintln_safe(&format!("pricelab: {e}")),
            LoadError::Invalid { problems, .. } => report(path, problems),
        }
        ExitCode::from(EXIT_INVALID)
    })?;
    let outcome = engine::simulate(&scenario).map_err(|problems| {
        report(path, &problems);
        ExitCode::from(EXIT_INVALID)
    })?;
    Ok((scenario, outcome))
}

fn report(path: &Path, problems: &[Problem]) {
    let mut text = String::new();
    for p in problems {
        // `file:line:column: message` is what editors and terminals recognise as a place.
        let sep = if matches!(p.location, Location::Text { .. }) { ":" } else { ": " };
        text.push_str(&format!("{}{sep}{p}\n", path.display()));
    }
    let n = problems.len();
    text.push_str(&format!("{}: {n} problem{} found\n", path.display(), if n == 1 { "" } else { "s" }));
    eprint_safe(&text);
}

fn check(path: &Path) -> ExitCode {
    match load(path) {
        Ok((s, _)) => {
            let instances = s.instances();
            print_safe(&format!(
                "{}: ok: \"{}\", {} months from {}, {} account profile{} ({instances} account{}), {} plan{}\n",
                path.display(),
                s.name,
                s.months,
                s.start,
                s.accounts.len(),
                if s.accounts.len() == 1 { "" } else { "s" },
                if instances == 1 { "" } else { "s" },
                s.plans.len(),
                if s.plans.len() == 1 { "" } else { "s" },
            ))
        }
        Err(code) => code,
    }
}

fn simulate(path: &Path, trials: Option<u64>, seed: Option<u64>, output: &Output<'_>) -> ExitCode {
    let (scenario, outcome) = match load(path) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let trials = trials.unwrap_or(scenario.simulation.trials);
    let seed = seed.unwrap_or(scenario.simulation.seed);
    let budget = match output.budget.map(|b| budget_of(&scenario, output.format, trials, b)).transpose() {
        Ok(budget) => budget,
        Err(message) => {
            eprint_safe(&format!("pricelab: {message}\n"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mc = if trials > 0 {
        let bar = progress::Bar::new(trials);
        match monte_carlo::run(&scenario, trials, seed, &bar) {
            Ok(mc) => {
                bar.finish();
                Some(mc)
            }
            Err(e) => {
                bar.finish();
                if let McError::Invalid(problems) = e {
                    report(path, &problems);
                }
                return ExitCode::from(EXIT_INVALID);
            }
        }
    } else {
        None
    };
    let text = match (output.format, &mc, &budget) {
        (Format::Table, ..) => Ok(table::render(&scenario, &outcome, mc.as_ref(), budget.as_ref())),
        (Format::Json, Some(mc), Some(budget)) => {
            export::to_json_with_budget(&scenario, &outcome, mc, budget).map_err(|e| e.to_string())
        }
        (Format::Json, ..) => export::to_json(&scenario, &outcome, mc.as_ref()).map_err(|e| e.to_string()),
        (Format::Csv, ..) => export::to_csv(&outcome, mc.as_ref()).map_err(|e| e.to_string()),
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprint_safe(&format!("pricelab: cannot format the results: {e}\n"));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    match output.path {
        Some(out) => match io::write_atomic(out, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprint_safe(&format!("pricelab: cannot write {}: {e}\n", out.display()));
                ExitCode::from(EXIT_INVALID)
            }
        },
        None => print_safe(&text),
    }
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

#[cfg(feature = "gui")]
fn gui(file: Option<&Path>) -> ExitCode {
    crate::app::run(file)
}

#[cfg(not(feature = "gui"))]
fn gui(_file: Option<&Path>) -> ExitCode {
    eprint_safe(
        "pricelab: this build has no desktop app (built without the `gui` feature); use `pricelab simulate FILE.ron`\n",
    );
    ExitCode::from(EXIT_USAGE)
}

/// Writes to standard output. A closed pipe (`pricelab simulate f | head`) is not an error;
/// any other failure (a full disk) is reported and makes the exit status 1.
fn print_safe(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprint_safe(&format!("pricelab: cannot write the output: {e}\n"));
            ExitCode::from(EXIT_INVALID)
        }
        _ => ExitCode::SUCCESS,
    }
}

fn eprint_safe(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

fn eprintln_safe(text: &str) {
    eprint_safe(&format!("{text}\n"));
}

//! The command line: `pricelab check`, `pricelab simulate`, and the GUI entry.

mod backtest;
mod decide;
mod diff;
mod fmt;
mod import;
mod output;
mod progress;
mod quote;
mod table;

use crate::engine::monte_carlo::{self, Budget, McError};
use crate::engine::{self, Workload};
use crate::io::{self, LoadError, export};
use crate::model::{Limits, Scenario, money};
use clap::{Parser, Subcommand, ValueEnum};
pub use output::escape_controls;
use output::{emit, emit_from, eprint_safe, eprintln_safe, print_safe, report};
use rust_decimal::Decimal;
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
    /// Run the app without a window, driven by commands on standard input (for process tests).
    #[arg(long, hide = true)]
    headless: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a scenario file: exit 0, or exit 1 listing every problem with where it is.
    Check {
        /// The scenario file (.ron).
        file: PathBuf,
    },
    /// Rewrite scenario files in the canonical form the app saves (header comment kept).
    Fmt {
        /// The scenario files (.ron).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Only list the files that are not in canonical form (exit 1 if any), changing nothing.
        #[arg(long)]
        check: bool,
    },
    /// What changed between two versions of a scenario, field by field, and what it does to
    /// every plan's total and margin (exit 0 whether or not they differ).
    Diff {
        /// The earlier version (.ron).
        old: PathBuf,
        /// The later version (.ron).
        new: PathBuf,
        /// Output format: the table lists the changes and each plan's total before and after;
        /// JSON has the changes and each plan's totals and margins; CSV one row per change.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Simulate a scenario and write every plan's bills.
    Simulate {
        /// The scenario file (.ron).
        file: PathBuf,
        /// Output format: the table has yearly totals and comparisons per plan; JSON every line
        /// of every month; CSV one row per plan, account and month.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Monte Carlo trials (overrides the file's `simulation.trials`; 0 for none, at most 100000).
        #[arg(long, value_parser = clap::value_parser!(u64).range(..=Limits::TRIALS))]
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
    /// Every plan's total, margin and support cost at evenly spaced values of one parameter.
    Sweep {
        /// The scenario file (.ron).
        file: PathBuf,
        /// The parameter: a path such as `plans["Per resolution"].charges["Resolution"].price`
        /// or `accounts[*].growth` (see docs/analyses.md).
        #[arg(long, value_name = "PATH")]
        vary: String,
        /// The first value.
        #[arg(long, value_name = "A", allow_hyphen_values = true, value_parser = decide::parse_number)]
        from: Decimal,
        /// The last value.
        #[arg(long, value_name = "B", allow_hyphen_values = true, value_parser = decide::parse_number)]
        to: Decimal,
        /// Steps between them (the sweep has steps + 1 values), 1 to 1000.
        #[arg(long, default_value_t = 10, value_parser = decide::parse_steps)]
        steps: u32,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Goal seek: the smallest price, in cents, at which a plan earns at least a target.
    Solve {
        /// The scenario file (.ron).
        file: PathBuf,
        /// A price of the plan on which its bill can only rise (a charge's `price`, a tier's
        /// `unit_price` or `flat_fee`, a Fee's `amount`, a Bundle's `price`, a Commit's `amount`).
        #[arg(long, value_name = "PATH")]
        vary: String,
        /// The plan whose figure must reach the target.
        #[arg(long, value_name = "PLAN")]
        plan: String,
        /// `baseline` (the first plan's figure), `plan:NAME`, or an amount.
        #[arg(long, value_name = "TARGET", allow_hyphen_values = true)]
        target: String,
        /// Compare one account of this profile rather than the whole portfolio.
        #[arg(long, value_name = "PROFILE")]
        account: Option<String>,
        /// Compare only contract year Y (from 1).
        #[arg(long, value_name = "Y")]
        year: Option<u32>,
        /// The prices searched, `A..B` in the currency to the cent: `0.10..5.00` searches from ten
        /// cents to five (default 0..1000000000).
        #[arg(long, value_name = "A..B", allow_hyphen_values = true)]
        range: Option<String>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = SolveFormat::Table)]
        format: SolveFormat,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Import real customers' usage: a scenario whose accounts are the customers of a usage
    /// file, each fitted to its own history, with the plans of another scenario.
    Import {
        /// Monthly usage (account,month,conversations,ai_conversations,resolutions,seats), or
        /// with --events one row per conversation (account,timestamp,ai,resolved).
        file: PathBuf,
        /// A scenario whose plans, costs and simulation settings are taken (its accounts are not).
        #[arg(long, value_name = "PLANS.ron")]
        plans: PathBuf,
        /// The scenario to write.
        #[arg(long, short)]
        output: PathBuf,
        /// Months projected after the recorded ones.
        #[arg(long, value_name = "M", default_value_t = crate::io::import::DEFAULT_PROJECTION)]
        project: u32,
        /// FILE holds raw events, aggregated per customer and calendar month (UTC); the monthly
        /// rows are written beside the output: for `-o customers.ron`,
        /// `customers.usage-<12 hex digits>.csv` (a hash of its content), which the scenario names.
        #[arg(long)]
        events: bool,
        /// With --events: each customer's seats per month (account,month,seats); a month without
        /// a row keeps the seats of the month before.
        #[arg(long, value_name = "SEATS.csv", requires = "events")]
        seats: Option<PathBuf>,
    },
    /// A customer's proposal: what one account of a profile pays and saves under each plan over
    /// a contract from --from (never the vendor's cost or margin), as a PDF or as JSON.
    Quote {
        /// The scenario file (.ron).
        file: PathBuf,
        /// The profile whose account is quoted.
        #[arg(long, value_name = "PROFILE")]
        account: String,
        /// The customer's name on the proposal (default: the profile's name).
        #[arg(long, value_name = "NAME")]
        customer: Option<String>,
        /// The vendor's name on the proposal (default: none).
        #[arg(long, value_name = "NAME")]
        vendor: Option<String>,
        /// The contract's first month, YYYY-MM (default: the month after today).
        #[arg(long, value_name = "YYYY-MM")]
        from: Option<String>,
        /// The contract's length in years, 1 to 10 (default: the scenario's months, up to ten
        /// years).
        #[arg(long, value_name = "N")]
        years: Option<u32>,
        /// The customer's monthly budget: the quote says how often a month goes over it.
        #[arg(long, value_name = "AMOUNT", value_parser = money::parse_amount)]
        budget: Option<Decimal>,
        /// The plans to quote, by name, comma-separated (default: every plan).
        #[arg(long, value_name = "NAME,NAME…")]
        plans: Option<String>,
        /// Recommend the size of each offered plan's first bundle or commit: among round steps,
        /// or with --recommend=SIZES among these (units of a bundle's metric, money for a commit,
        /// comma-separated).
        #[arg(long, value_name = "SIZES", num_args = 0..=1, require_equals = true, default_missing_value = "")]
        recommend: Option<String>,
        /// Output format: the proposal as PDF, or its figures as JSON.
        #[arg(long, short, value_enum, default_value_t = QuoteFormat::Pdf)]
        format: QuoteFormat,
        /// The file to write (atomically); required for a PDF, JSON goes to standard output
        /// without it.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Backtest: every recorded customer's bill under every plan over the recorded months
    /// (the scenario's `history`), against the baseline (the first plan).
    Backtest {
        /// The scenario file (.ron), with `history`.
        file: PathBuf,
        /// How many customers to list among each plan's largest increases and decreases.
        #[arg(long, value_name = "N", default_value_t = 10)]
        top: usize,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Sensitivity: every plan's total with each parameter at its value ± a swing, largest
    /// effect first.
    Tornado {
        /// The scenario file (.ron).
        file: PathBuf,
        /// The swing, a fraction in (0, 1]: 0.2 moves each parameter by ±20%.
        #[arg(long, value_name = "S", default_value = "0.2", value_parser = decide::parse_swing)]
        swing: Decimal,
        /// A parameter to vary (repeatable); without it, each profile's volume, growth, AI
        /// ramps' ends and seats rule, and every plan's usage prices and fees.
        #[arg(long, value_name = "PATH")]
        vary: Vec<String>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// The formats of `solve`: a single answer has no CSV.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum SolveFormat {
    /// The answer and the figures at it, for a terminal.
    Table,
    /// One JSON object.
    Json,
}

/// The formats of `quote`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum QuoteFormat {
    /// The proposal to send the customer: an A4 PDF.
    Pdf,
    /// The same figures as one JSON object, for a CRM or a script.
    Json,
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
    /// Aligned columns for a terminal.
    Table,
    /// One JSON object (everything the command computes).
    Json,
    /// Comma-separated rows with a header row, for a spreadsheet.
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
        Some(Command::Fmt { files, check }) => fmt::run(&files, check),
        Some(Command::Diff { old, new, format, output }) => diff::run(&old, &new, format, output.as_deref()),
        Some(Command::Simulate { file, format, trials, seed, output, budget, budget_account }) => {
            let budget = budget.map(|amount| (amount, budget_account.as_deref()));
            simulate(&file, trials, seed, &Output { format, budget, path: output.as_deref() })
        }
        Some(Command::Sweep { file, vary, from, to, steps, format, output }) => {
            decide::sweep(&file, &vary, (from, to), steps, &decide::Out { format, path: output.as_deref() })
        }
        Some(Command::Solve { file, vary, plan, target, account, year, range, format, output }) => {
            let args = decide::SolveArgs {
                vary: &vary,
                plan: &plan,
                target: &target,
                account: account.as_deref(),
                year,
                range: range.as_deref(),
            };
            let format = if format == SolveFormat::Json { Format::Json } else { Format::Table };
            decide::solve(&file, &args, &decide::Out { format, path: output.as_deref() })
        }
        Some(Command::Tornado { file, swing, vary, format, output }) => {
            decide::tornado(&file, swing, &vary, &decide::Out { format, path: output.as_deref() })
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
        Some(Command::Backtest { file, top, format, output }) => backtest::run(&file, top, format, output.as_deref()),
        Some(Command::Import { file, plans, output, project, events, seats }) => import::run(&import::Args {
            file: &file,
            plans: &plans,
            output: &output,
            project,
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
        report(path, &problems);
        ExitCode::from(EXIT_INVALID)
    })?;
    Ok((scenario, workload))
}

/// `check` answers for `simulate`: besides the file's rules it runs the simulation the file
/// asks for — the deterministic one and, when the file sets trials, the Monte Carlo run — so a
/// file that passes here simulates, and one refused here is refused there.
fn check(path: &Path) -> ExitCode {
    match load(path) {
        Ok((s, workload)) => {
            // Every plan billed, one at a time (as `simulate` writes them), and dropped.
            for p in 0..s.plans.len() {
                if let Err(problem) = workload.plan(&s, p) {
                    report(path, &[problem]);
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
                    report(path, &problems);
                    return ExitCode::from(EXIT_INVALID);
                }
                if let Err(code) = monte_carlo_of(path, &s, checked, s.simulation.seed) {
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

fn simulate(path: &Path, trials: Option<u64>, seed: Option<u64>, output: &Output<'_>) -> ExitCode {
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
    let budget = match output.budget.map(|b| budget_of(&scenario, output.format, trials, b)).transpose() {
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
                    report(path, &[problem]);
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
fn monte_carlo_of(
    path: &Path,
    scenario: &Scenario,
    trials: u64,
    seed: u64,
) -> Result<monte_carlo::MonteCarlo, ExitCode> {
    let bar = progress::Bar::new(trials);
    let result = monte_carlo::run(scenario, trials, seed, &bar);
    bar.finish();
    result.map_err(|e| {
        if let McError::Invalid(problems) = e {
            report(path, &problems);
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

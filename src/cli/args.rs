//! The command line's arguments: the commands, their options and formats (clap).

use super::analyses;
use crate::model::{Limits, money};
use clap::{Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "pricelab",
    version,
    about = "Pricing simulator for AI customer-service agents: seats vs per-conversation vs per-resolution revenue",
    long_about = None,
    args_conflicts_with_subcommands = true,
    after_help = "Without a command, pricelab opens the desktop app on FILE (or on the built-in example)."
)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub(super) command: Option<Command>,
    /// Scenario file to open in the desktop app.
    pub(super) file: Option<PathBuf>,
    /// Run the app without a window, driven by commands on standard input (for process tests).
    #[arg(long, hide = true)]
    pub(super) headless: bool,
}

#[derive(Subcommand, Debug)]
pub(super) enum Command {
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
        #[arg(long, value_name = "A", allow_hyphen_values = true, value_parser = analyses::parse_number)]
        from: Decimal,
        /// The last value.
        #[arg(long, value_name = "B", allow_hyphen_values = true, value_parser = analyses::parse_number)]
        to: Decimal,
        /// Steps between them (the sweep has steps + 1 values), 1 to 1000.
        #[arg(long, default_value_t = 10, value_parser = analyses::parse_steps)]
        steps: u32,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Goal seek: the smallest price, in cents, at which a plan earns at least a target (its
    /// revenue, or with --measure margin its revenue minus the cost to serve).
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
        /// `baseline` (the first plan's figure), `plan:NAME`, or an amount; with --measure margin
        /// also a share of the plan's own revenue, `70%` (an amount of 0: the price that covers
        /// the cost).
        #[arg(long, value_name = "TARGET", allow_hyphen_values = true)]
        target: String,
        /// The figure that must reach the target: what the plan bills (revenue), or that minus
        /// the vendor's cost to serve the same months and accounts (margin).
        #[arg(long, value_enum, default_value_t = SolveMeasure::Revenue)]
        measure: SolveMeasure,
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
        /// The season of a customer with one year of history or less (no calendar month seen
        /// twice), which cannot tell its season from its noise; longer histories are always as
        /// recorded.
        #[arg(long, value_enum, default_value_t = SeasonArg::AsRecorded)]
        season: SeasonArg,
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
        #[arg(long, value_name = "S", default_value = "0.2", value_parser = analyses::parse_swing)]
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

/// What `solve` compares.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SolveMeasure {
    /// What the plan bills.
    Revenue,
    /// What it bills minus the cost to serve.
    Margin,
}

/// `import --season`: how the season of a customer with one year of history or less is taken
/// (docs/import.md, "Shrinking a one-year season").
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SeasonArg {
    /// Each month's level as recorded: the year repeats exactly, its noise included.
    AsRecorded,
    /// Each seasonal multiplier pulled halfway to flat (its square root, the twelve averaging
    /// 1.0 again), the recorded months keeping their total.
    Shrunk,
}

impl From<SeasonArg> for crate::engine::fit::Season {
    fn from(season: SeasonArg) -> Self {
        match season {
            SeasonArg::AsRecorded => Self::AsRecorded,
            SeasonArg::Shrunk => Self::Shrunk,
        }
    }
}

/// The formats of `solve`: a single answer has no CSV.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SolveFormat {
    /// The answer and the figures at it, for a terminal.
    Table,
    /// One JSON object.
    Json,
}

/// The formats of `quote`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum QuoteFormat {
    /// The proposal to send the customer: an A4 PDF.
    Pdf,
    /// The same figures as one JSON object, for a CRM or a script.
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// One JSON object (everything the command computes).
    Json,
    /// Comma-separated rows with a header row, for a spreadsheet.
    Csv,
}

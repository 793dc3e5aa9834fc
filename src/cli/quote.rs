//! `pricelab quote`: a customer's proposal as a PDF, or its figures as JSON (docs/quote.md).

use super::{EXIT_INVALID, EXIT_USAGE, QuoteFormat, emit, eprintln_safe, read, report_named};
use crate::engine::Error;
use crate::engine::monte_carlo::Silent;
use crate::engine::quote::recommend::{MAX_LISTED, Sizes};
use crate::engine::quote::{self, Customer, Request};
use crate::io::{self, quote::Letterhead};
use crate::model::{YearMonth, money};
use rust_decimal::Decimal;
use std::path::Path;
use std::process::ExitCode;

/// The longest contract quoted, in years (and the longest a scenario's months are taken as).
pub const MAX_YEARS: u32 = 10;

/// The last month a proposal can write.
const LAST_MONTH: YearMonth = YearMonth::LAST;

/// What `pricelab quote` was asked.
pub struct Args<'a> {
    pub file: &'a Path,
    pub account: &'a str,
    pub customer: Option<&'a str>,
    pub vendor: Option<&'a str>,
    pub from: Option<&'a str>,
    pub years: Option<u32>,
    pub budget: Option<Decimal>,
    pub plans: Option<&'a str>,
    pub recommend: Option<&'a str>,
    pub format: QuoteFormat,
    pub output: Option<&'a Path>,
}

/// Misuse of the command line: the message, exit 2.
fn misuse(message: &str) -> ExitCode {
    eprintln_safe(&format!("pricelab: {message}"));
    ExitCode::from(EXIT_USAGE)
}

/// A name given on the command line, checked as the proposal prints it.
fn name(flag: &str, text: Option<&str>) -> Result<Option<String>, ExitCode> {
    text.map(|t| io::quote::proposal_name(t).map_err(|why| misuse(&format!("{flag}: {why}")))).transpose()
}

/// The sizes of `--recommend`: round steps when none are given.
fn sizes(text: &str) -> Result<Sizes, ExitCode> {
    let items: Vec<&str> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if items.is_empty() {
        return Ok(Sizes::Steps);
    }
    if items.len() > MAX_LISTED {
        return Err(misuse(&format!("--recommend: at most {MAX_LISTED} sizes, not {}", items.len())));
    }
    let mut list = Vec::with_capacity(items.len());
    for item in items {
        match money::parse_amount(item) {
            Ok(size) if size.normalize().scale() > 2 => {
                return Err(misuse(&format!("--recommend: {item} has more than two decimals")));
            }
            Ok(size) if size > Decimal::ZERO => list.push(size),
            Ok(_) => return Err(misuse(&format!("--recommend: a size must be above 0, not {item}"))),
            Err(_) => {
                return Err(misuse(&format!(
                    "--recommend: \"{item}\" is not a size (units of a bundle or an amount of a commit, e.g. 500000)"
                )));
            }
        }
    }
    Ok(Sizes::Listed(list))
}

/// The plans named in `--plans`, in the scenario's order (every plan when not given). Names
/// are separated by commas, and a name may hold commas itself ("Annual bucket, paid upfront"):
/// the longest run of pieces that names a plan is taken each time.
fn plans(scenario: &crate::model::Scenario, text: Option<&str>) -> Result<Vec<usize>, String> {
    let Some(text) = text else { return Ok(Vec::new()) };
    let pieces: Vec<&str> = text.split(',').collect();
    let find = |name: &str| scenario.plans.iter().position(|p| p.name == name.trim());
    let mut chosen = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        if pieces[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let found = (i + 1..=pieces.len()).rev().find_map(|j| find(&pieces[i..j].join(",")).map(|p| (p, j)));
        match found {
            Some((p, j)) => {
                if !chosen.contains(&p) {
                    chosen.push(p);
                }
                i = j;
            }
            None => {
                let names: Vec<String> = scenario.plans.iter().map(|p| format!("\"{}\"", p.name)).collect();
                return Err(format!(
                    "--plans: no plan is named \"{}\" (the plans: {})",
                    pieces[i].trim(),
                    names.join(", ")
                ));
            }
        }
    }
    if chosen.is_empty() {
        return Err("--plans: no plan named: leave --plans out to offer every plan".into());
    }
    chosen.sort_unstable();
    Ok(chosen)
}

/// `pricelab quote`.
pub fn run(args: &Args<'_>) -> ExitCode {
    if args.format == QuoteFormat::Pdf && args.output.is_none() {
        return misuse("a PDF needs a file to go to: --output QUOTE.pdf (or --format json for standard output)");
    }
    let (customer, vendor) = match (name("--customer", args.customer), name("--vendor", args.vendor)) {
        (Ok(c), Ok(v)) => (c, v),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let io::clock::Today { date: prepared, month } = io::clock::today();
    let next_month = month.plus(1);
    let from = match args.from {
        None => next_month,
        Some(text) => match text.trim().parse::<YearMonth>() {
            Ok(m) => m,
            Err(e) => return misuse(&format!("--from: {e}")),
        },
    };
    let years = match args.years {
        None => None,
        Some(n @ 1..=MAX_YEARS) => Some(n),
        Some(n) => return misuse(&format!("--years: a contract of 1 to {MAX_YEARS} years, not {n}")),
    };
    if let Some(budget) = args.budget {
        if budget <= Decimal::ZERO {
            return misuse(&format!("--budget: a monthly budget above 0, not {budget}"));
        }
        if budget.normalize().scale() > 2 {
            return misuse(&format!("--budget: {budget} has more than two decimals"));
        }
    }
    let recommend = match args.recommend.map(sizes).transpose() {
        Ok(r) => r,
        Err(code) => return code,
    };
    let scenario = match read(args.file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // At most ten names listed: a scenario of imported customers has hundreds.
    let names = |list: Vec<&str>| {
        let shown: Vec<String> = list.iter().take(10).map(|n| format!("\"{n}\"")).collect();
        let more = list.len().saturating_sub(10);
        if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") }
    };
    let Some(profile) = scenario.accounts.iter().position(|a| a.name == args.account) else {
        return misuse(&format!(
            "--account: no profile is named \"{}\" (the profiles: {})",
            args.account,
            names(scenario.accounts.iter().map(|a| a.name.as_str()).collect())
        ));
    };
    let chosen = match plans(&scenario, args.plans) {
        Ok(chosen) => chosen,
        Err(message) => return misuse(&message),
    };
    // A contract of the years asked for, or of the scenario's months up to ten years.
    let months = years.map_or(scenario.months.min(MAX_YEARS * 12), |n| n * 12);
    if from.plus(months - 1) > LAST_MONTH {
        return misuse(&format!("--from: a contract from {from} would run past {LAST_MONTH}"));
    }
    if from.plus(1) < next_month {
        eprintln_safe(&format!(
            "pricelab: note: the contract starts in {from}, before this month: the proposal projects months that have passed"
        ));
    }
    if customer.is_none() {
        eprintln_safe(&format!(
            "pricelab: note: the proposal is addressed to \"{}\", the profile's name; --customer names the customer",
            args.account
        ));
    }
    let request = Request {
        customer: Customer::Profile(profile),
        plans: chosen.clone(),
        budget: args.budget,
        from: Some(from),
        months: Some(months),
        recommend,
    };
    let q = match quote::quote(&scenario, &request, &Silent) {
        Ok(q) => q,
        Err(Error::Invalid(problems)) => {
            report_named(args.file, &scenario, &problems);
            return ExitCode::from(EXIT_INVALID);
        }
        Err(Error::Start(message)) => return misuse(&format!("--from: {message}")),
        Err(e) => {
            eprintln_safe(&format!("pricelab: {e}"));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    if request.recommend.is_some() && q.recommendations.is_empty() {
        eprintln_safe("pricelab: note: --recommend: no offered plan has a bundle or a commit to size");
    }
    let head = Letterhead { customer: customer.unwrap_or_else(|| q.customer.clone()), vendor, prepared };
    match args.format {
        QuoteFormat::Json => {
            let value = io::quote::to_json(&q, &head);
            emit(args.file, args.output, |out| {
                serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::other)?;
                out.write_all(b"\n")
            })
        }
        QuoteFormat::Pdf => {
            let colors: Vec<[u8; 3]> = (0..scenario.plans.len())
                .filter(|p| chosen.is_empty() || chosen.contains(p))
                .map(io::palette::plan_color)
                .collect();
            let bytes = match io::quote::pdf::render(&q, &head, &colors) {
                Ok(b) => b,
                Err(e) => {
                    eprintln_safe(&format!("pricelab: {e}"));
                    return ExitCode::from(EXIT_INVALID);
                }
            };
            emit(args.file, args.output, |out| out.write_all(&bytes))
        }
    }
}

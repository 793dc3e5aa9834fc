//! `pricelab quote`: a customer's proposal as a PDF, or its figures as JSON (docs/quote.md).

use super::{EXIT_INVALID, EXIT_USAGE, QuoteFormat, emit, eprintln_safe, read, report};
use crate::engine::monte_carlo::Silent;
use crate::engine::quote::recommend::{MAX_LISTED, Sizes};
use crate::engine::quote::{self, Customer, QuoteError, Request};
use crate::io::{self, quote::Letterhead};
use crate::model::{YearMonth, money};
use rust_decimal::Decimal;
use std::path::Path;
use std::process::ExitCode;

/// The longest customer or vendor name a proposal prints.
const MAX_NAME: usize = 120;

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

/// A name given on the command line, checked: not blank, no control characters, not too long.
fn name(flag: &str, text: Option<&str>) -> Result<Option<String>, ExitCode> {
    let Some(text) = text else { return Ok(None) };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(misuse(&format!("{flag}: the name is empty")));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(misuse(&format!("{flag}: the name holds control characters (a line break, a tab…)")));
    }
    if trimmed.chars().count() > MAX_NAME {
        return Err(misuse(&format!("{flag}: the name is longer than {MAX_NAME} characters")));
    }
    Ok(Some(trimmed.to_owned()))
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
            Ok(size) if size > Decimal::ZERO => list.push(size),
            Ok(_) => return Err(misuse(&format!("--recommend: a size must be above 0, not {item}"))),
            Err(e) => return Err(misuse(&format!("--recommend: {e}"))),
        }
    }
    Ok(Sizes::Listed(list))
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
    let (prepared, next_month) = io::quote::today();
    let from = match args.from {
        None => next_month,
        Some(text) => match text.trim().parse::<YearMonth>() {
            Ok(m) => m,
            Err(e) => return misuse(&format!("--from: {e}")),
        },
    };
    let months = match args.years {
        None => None,
        Some(n @ 1..=50) => Some(n * 12),
        Some(n) => return misuse(&format!("--years: a contract of 1 to 50 years, not {n}")),
    };
    let recommend = match args.recommend.map(sizes).transpose() {
        Ok(r) => r,
        Err(code) => return code,
    };
    let scenario = match read(args.file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let names = |list: Vec<&str>| list.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let Some(profile) = scenario.accounts.iter().position(|a| a.name == args.account) else {
        return misuse(&format!(
            "--account: no profile is named \"{}\" (the profiles: {})",
            args.account,
            names(scenario.accounts.iter().map(|a| a.name.as_str()).collect())
        ));
    };
    let mut chosen = Vec::new();
    for plan in args.plans.into_iter().flat_map(|p| p.split(',')).map(str::trim).filter(|n| !n.is_empty()) {
        match scenario.plans.iter().position(|p| p.name == plan) {
            Some(p) if !chosen.contains(&p) => chosen.push(p),
            Some(_) => {}
            None => {
                return misuse(&format!(
                    "--plans: no plan is named \"{plan}\" (the plans: {})",
                    names(scenario.plans.iter().map(|p| p.name.as_str()).collect())
                ));
            }
        }
    }
    chosen.sort_unstable();
    let request = Request {
        customer: Customer::Profile(profile),
        plans: chosen.clone(),
        budget: args.budget,
        from: Some(from),
        months,
        recommend,
    };
    let q = match quote::quote(&scenario, &request, &Silent) {
        Ok(q) => q,
        Err(QuoteError::Invalid(problems)) => {
            report(args.file, &problems);
            return ExitCode::from(EXIT_INVALID);
        }
        Err(QuoteError::Start(message)) => return misuse(&format!("--from: {message}")),
        Err(e) => {
            eprintln_safe(&format!("pricelab: {e}"));
            return ExitCode::from(EXIT_INVALID);
        }
    };
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
                .map(|p| io::quote::pdf::PALETTE[p % io::quote::pdf::PALETTE.len()])
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

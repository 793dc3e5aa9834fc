//! `pricelab quote`: a customer's proposal as a PDF (SPEC §9).

use super::{EXIT_INVALID, EXIT_USAGE, eprintln_safe, read, report};
use crate::engine::monte_carlo::Silent;
use crate::engine::quote::{self, Customer, QuoteError};
use crate::io;
use rust_decimal::Decimal;
use std::path::Path;
use std::process::ExitCode;

/// `pricelab quote`.
pub fn run(file: &Path, account: &str, budget: Option<Decimal>, plans: Option<&str>, output: &Path) -> ExitCode {
    let scenario = match read(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let names = |list: Vec<&str>| list.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let Some(profile) = scenario.accounts.iter().position(|a| a.name == account) else {
        eprintln_safe(&format!(
            "pricelab: --account: no profile is named \"{account}\" (the profiles: {})",
            names(scenario.accounts.iter().map(|a| a.name.as_str()).collect())
        ));
        return ExitCode::from(EXIT_USAGE);
    };
    let mut chosen = Vec::new();
    for name in plans.into_iter().flat_map(|p| p.split(',')).map(str::trim).filter(|n| !n.is_empty()) {
        match scenario.plans.iter().position(|p| p.name == name) {
            Some(p) => chosen.push(p),
            None => {
                eprintln_safe(&format!(
                    "pricelab: --plans: no plan is named \"{name}\" (the plans: {})",
                    names(scenario.plans.iter().map(|p| p.name.as_str()).collect())
                ));
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    let q = match quote::quote(&scenario, &Customer::Profile(profile), &chosen, budget, &Silent) {
        Ok(q) => q,
        Err(QuoteError::Invalid(problems)) => {
            report(file, &problems);
            return ExitCode::from(EXIT_INVALID);
        }
        Err(e) => {
            eprintln_safe(&format!("pricelab: {e:?}"));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let colors: Vec<[u8; 3]> = (0..scenario.plans.len())
        .filter(|p| chosen.is_empty() || chosen.contains(p))
        .map(|p| io::quote_pdf::PALETTE[p % io::quote_pdf::PALETTE.len()])
        .collect();
    let bytes = match io::quote_pdf::render(&q, &today(), &colors) {
        Ok(b) => b,
        Err(e) => {
            eprintln_safe(&format!("pricelab: {e}"));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    match io::write_atomic_with(output, &[file], |w| w.write_all(&bytes)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln_safe(&format!("pricelab: {e}"));
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// Today's date, UTC, as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    io::recovery::utc_text(secs).chars().take(10).collect()
}

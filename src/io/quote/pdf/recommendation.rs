//! A recommended commitment in words, for the proposal.

use crate::engine::quote::recommend::{Candidate, Recommendation, SizeUnit};
use crate::io::quote::words::terms::{per_term_words, price_text, units};

/// A recommendation in a sentence or two: the size, its price and bill, how often it runs out or
/// is left mostly unused, and what is true of the other sizes tried.
pub fn sentence(r: &Recommendation, currency: &str) -> String {
    let per_term = per_term_words(r.term_months);
    let size = |c: &Candidate| match r.unit {
        SizeUnit::Units(m) => units(c.size.trunc().try_into().unwrap_or(0), m),
        SizeUnit::Money => price_text(currency, c.size),
    };
    let price = |c: &Candidate| match r.unit {
        SizeUnit::Units(_) => format!(" for {}", price_text(currency, c.price)),
        SizeUnit::Money => String::new(),
    };
    let (Some(best), Some(current)) = (r.best(), r.current()) else { return String::new() };
    let bill = if r.trials > 0 { "an average bill" } else { "a bill" };
    let pct = crate::io::quote::words::chance;
    let mut chances = if best.runs_out.is_zero() {
        "it never runs out before its term ends".to_owned()
    } else {
        format!("it runs out before its term ends in {} of terms", pct(best.runs_out))
    };
    match best.mostly_unused {
        Some(u) if u.is_zero() => chances.push_str(", and never leaves more than a quarter unused"),
        Some(u) => chances.push_str(&format!(", and leaves more than a quarter unused in {} of terms", pct(u))),
        None => {}
    }
    // What else is true of the sizes tried: a range of sizes costing the same, or the smallest
    // tried winning (a smaller one might do better still).
    let caveat = if r.tied < r.best {
        r.candidates.get(r.tied).map_or_else(String::new, |t| {
            format!(" Any size from {} up to it gives the same bill; the largest is recommended.", size(t))
        })
    } else if r.best == 0 && r.candidates.len() > 1 {
        " It is the smallest size tried: a smaller one may cost less still.".to_owned()
    } else {
        String::new()
    };
    let text = if r.best == r.current {
        format!(
            "{} — {}: the offered {} {per_term}{} is the best of the sizes tried, with {bill} of {} over the contract; {chances}.",
            r.plan,
            r.commitment,
            size(best),
            price(best),
            price_text(currency, best.total),
        )
    } else {
        format!(
            "{} — {}: {} {per_term}{} gives the lowest bill, {bill} of {} over the contract ({} less than the offered {}{}); {chances}.",
            r.plan,
            r.commitment,
            size(best),
            price(best),
            price_text(currency, best.total),
            price_text(currency, current.total - best.total),
            size(current),
            if r.trials > 0 { " gives on the same futures" } else { " gives" },
        )
    };
    format!("{text}{caveat}")
}

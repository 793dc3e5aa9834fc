//! The customer's quote as files: the proposal as a PDF ([`pdf`]) and the same figures as JSON
//! for a CRM or a script ([`to_json`]). Both state only what the customer pays and saves — never
//! the vendor's cost or margin (docs/quote.md).

pub mod pdf;
pub mod words;

use crate::engine::quote::Quote;
use crate::engine::quote::recommend::{Candidate, SizeUnit};
use crate::model::money::cents;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// Who a proposal is for and from, and when it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    /// The customer's name as the proposal addresses them.
    pub customer: String,
    /// The vendor's name, if given.
    pub vendor: Option<String>,
    /// The day it was prepared, `YYYY-MM-DD`.
    pub prepared: String,
}

impl Letterhead {
    /// A letterhead addressed to the quote's own customer, from no vendor in particular.
    #[must_use]
    pub fn of(q: &Quote, prepared: &str) -> Self {
        Self { customer: q.customer.clone(), vendor: None, prepared: prepared.to_owned() }
    }
}

/// The longest customer or vendor name a proposal prints.
pub const MAX_NAME: usize = 120;

/// A customer's or vendor's name as the proposal prints it (trimmed), or why it cannot be: blank,
/// holding control characters, longer than [`MAX_NAME`], or with a letter the proposal's font
/// cannot print.
///
/// # Errors
/// The reason, for a person.
///
/// # Example
/// ```
/// use pricelab::io::quote::proposal_name;
/// assert_eq!(proposal_name("  Acme Retail "), Ok("Acme Retail".to_owned()));
/// assert!(proposal_name("Acme\nInc").is_err());
/// assert!(proposal_name("株式会社").unwrap_err().contains("U+682A"));
/// assert_eq!(proposal_name("Zoe\u{308}"), Ok("Zoë".to_owned()));
/// ```
pub fn proposal_name(text: &str) -> Result<String, String> {
    use unicode_normalization::UnicodeNormalization as _;
    // Composed: a letter and an accent typed apart are one letter.
    let composed: String = text.nfc().collect();
    let trimmed = composed.trim();
    if trimmed.is_empty() {
        return Err("the name is empty".into());
    }
    if trimmed.chars().any(char::is_control) {
        return Err("the name holds control characters (a line break, a tab…)".into());
    }
    if trimmed.chars().count() > MAX_NAME {
        return Err(format!("the name is longer than {MAX_NAME} characters"));
    }
    if let Some(c) = pdf::missing_glyph(trimmed) {
        return Err(format!(
            "the proposal's font cannot print '{c}' (U+{:04X}): write the name in Latin, Greek or Cyrillic letters",
            u32::from(c)
        ));
    }
    Ok(trimmed.to_owned())
}

/// A share (0 to 1) as a string with four decimals.
fn share(x: Decimal) -> String {
    x.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero).to_string()
}

/// A percentage with two decimals, or null.
fn pct(x: Option<Decimal>) -> Value {
    x.map_or(Value::Null, |x| Value::String(cents(x)))
}

fn money_list(values: &[Decimal]) -> Value {
    Value::Array(values.iter().map(|v| Value::String(cents(*v))).collect())
}

fn candidate(c: &Candidate, unit: SizeUnit) -> Value {
    let size = match unit {
        SizeUnit::Units(_) => Value::String(c.size.trunc().to_string()),
        SizeUnit::Money => Value::String(cents(c.size)),
    };
    json!({
        "size": size,
        "price": cents(c.price),
        "expected_total": cents(c.total),
        "runs_out": share(c.runs_out),
        "mostly_unused": c.mostly_unused.map(share),
    })
}

/// The quote as one JSON object: the letterhead, the months, every offered plan's (and the
/// baseline's, offered or not) prices and
/// terms, monthly bill (with its P10–P90 band), yearly and contract totals, saving against the
/// baseline (in money, in % of the bill and of the total cost of support), budget figures, the
/// findings and assumptions, and any recommended commitment. Money as strings with two decimals.
#[must_use]
pub fn to_json(q: &Quote, head: &Letterhead) -> Value {
    let words = words::Words::of(q);
    let months: Vec<String> = q.months.iter().map(ToString::to_string).collect();
    let plan = |p: &crate::engine::quote::PlanQuote| -> Value {
        let band = |pick: fn(&(Decimal, Decimal)) -> Decimal| {
            p.band.as_ref().map_or(Value::Null, |b| money_list(&b.iter().map(pick).collect::<Vec<_>>()))
        };
        json!({
            "name": p.name,
            "baseline": p.name == q.baseline.name,
            "terms": words.terms(p),
            "monthly": money_list(&p.monthly),
            "p10": band(|b| b.0),
            "p90": band(|b| b.1),
            "yearly": money_list(&p.yearly),
            "total": cents(p.total),
            "highest_month": p.highest.map(|(m, v)| json!({
                "month": months.get(m),
                "billed": cents(v),
            })),
            "support_cost": cents(p.support_total),
            "saving": cents(p.saving),
            "saving_pct_of_bill": pct(p.saving_pct),
            "saving_pct_of_support_cost": pct(p.support_saving_pct),
            "over_budget": p.over_budget.as_ref().map(|years| years.iter().enumerate().map(|(i, y)| json!({
                "year": i + 1,
                "chance": share(y.chance),
                "months": cents(y.months),
            })).collect::<Vec<_>>()),
        })
    };
    let plans: Vec<Value> = q.plans.iter().map(plan).collect();
    let recommendations: Vec<Value> = q
        .recommendations
        .iter()
        .map(|r| {
            json!({
                "plan": r.plan,
                "commitment": r.commitment,
                "unit": match r.unit { SizeUnit::Units(m) => m.name(), SizeUnit::Money => "money" },
                "term_months": r.term_months,
                "trials": r.trials,
                "current": r.current().map(|c| candidate(c, r.unit)),
                "recommended": r.best().map(|c| candidate(c, r.unit)),
                "candidates": r.candidates.iter().map(|c| candidate(c, r.unit)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "format": 1,
        "customer": head.customer,
        "vendor": head.vendor,
        "prepared": head.prepared,
        "profile": q.profile,
        "scenario": q.scenario,
        "currency": q.currency,
        "from": months.first(),
        "months": months,
        "trials": q.trials,
        "budget": q.budget.map(cents),
        "seats": q.seats,
        "agent_cost": cents(q.agent_cost),
        "baseline": plan(&q.baseline),
        "plans": plans,
        "findings": words.findings,
        "assumptions": words.assumptions,
        "recommendations": recommendations,
    })
}

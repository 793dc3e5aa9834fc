//! Results as JSON and CSV: the formats of `pricelab simulate` (README.md, "The command line"), also used by the GUI's export.

mod monte_carlo;

use super::json::PrettyJson;
use crate::engine::monte_carlo::{Budget, MonteCarlo};
use crate::engine::usage::MonthUsage;
use crate::engine::{AccountBill, AccountUsage, Outcome, PlanOutcome, TransitionOutcome, Workload};
use crate::model::money::{cents, cents_into};
use crate::model::{Problem, Scenario, YearMonth};
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::io::Write;

/// What the exports write: the months, every profile's usage, the vendor's cost, and each plan's
/// bills, handed over one plan at a time (so that they need not all be in memory at once).
pub trait Results {
    /// The simulated months.
    fn months(&self) -> &[YearMonth];
    /// One account of each profile's usage.
    fn accounts(&self) -> &[AccountUsage];
    /// The vendor's cost each month.
    fn cost(&self) -> &[Decimal];
    /// How many plans there are.
    fn plan_count(&self) -> usize;
    /// Hands plan `p`'s bills to `write`.
    ///
    /// # Errors
    /// What `write` reports, or [`ExportError::Problem`] when the plan cannot be billed.
    fn with_plan(
        &self,
        p: usize,
        write: &mut dyn FnMut(&PlanOutcome) -> std::io::Result<()>,
    ) -> Result<(), ExportError>;
    /// How many transitions there are.
    fn transition_count(&self) -> usize;
    /// Hands transition `t`'s results to `write`.
    ///
    /// # Errors
    /// What `write` reports, or [`ExportError::Problem`] when the transition cannot be
    /// simulated.
    fn with_transition(
        &self,
        t: usize,
        write: &mut dyn FnMut(&TransitionOutcome) -> std::io::Result<()>,
    ) -> Result<(), ExportError>;
}

impl Results for Outcome {
    fn months(&self) -> &[YearMonth] {
        &self.months
    }
    fn accounts(&self) -> &[AccountUsage] {
        &self.accounts
    }
    fn cost(&self) -> &[Decimal] {
        &self.cost
    }
    fn plan_count(&self) -> usize {
        self.plans.len()
    }
    fn with_plan(
        &self,
        p: usize,
        write: &mut dyn FnMut(&PlanOutcome) -> std::io::Result<()>,
    ) -> Result<(), ExportError> {
        Ok(self.plans.get(p).map_or(Ok(()), write)?)
    }
    fn transition_count(&self) -> usize {
        self.transitions.len()
    }
    fn with_transition(
        &self,
        t: usize,
        write: &mut dyn FnMut(&TransitionOutcome) -> std::io::Result<()>,
    ) -> Result<(), ExportError> {
        Ok(self.transitions.get(t).map_or(Ok(()), write)?)
    }
}

/// A workload whose plans are billed as they are written, each dropped before the next: the
/// command line's JSON and CSV, whose memory is then one plan's bills, not every plan's.
pub struct Streamed<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its workload.
    pub workload: &'a Workload,
}

impl Results for Streamed<'_> {
    fn months(&self) -> &[YearMonth] {
        &self.workload.months
    }
    fn accounts(&self) -> &[AccountUsage] {
        &self.workload.accounts
    }
    fn cost(&self) -> &[Decimal] {
        &self.workload.cost
    }
    fn plan_count(&self) -> usize {
        self.scenario.plans.len()
    }
    fn with_plan(
        &self,
        p: usize,
        write: &mut dyn FnMut(&PlanOutcome) -> std::io::Result<()>,
    ) -> Result<(), ExportError> {
        let plan = self.workload.plan(self.scenario, p).map_err(|p| ExportError::Problem(p.named(self.scenario)))?;
        Ok(write(&plan)?)
    }
    fn transition_count(&self) -> usize {
        self.scenario.transitions.len()
    }
    fn with_transition(
        &self,
        t: usize,
        write: &mut dyn FnMut(&TransitionOutcome) -> std::io::Result<()>,
    ) -> Result<(), ExportError> {
        let transition =
            self.workload.transition(self.scenario, t).map_err(|p| ExportError::Problem(p.named(self.scenario)))?;
        Ok(write(&transition)?)
    }
}

/// Why results could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A plan could not be billed while its output was being written (an amount too large):
    /// a problem of the scenario, reported as one.
    #[error("{0}")]
    Problem(Problem),
}

/// [`cents`] as `Display`, without a `String` of its own.
struct CentsText(Decimal);

impl std::fmt::Display for CentsText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(cents_into(self.0, &mut [0; 40]))
    }
}

/// An array of amounts, each a string with two decimals.
fn money_array(j: &mut PrettyJson<'_>, values: &[Decimal]) -> std::io::Result<()> {
    let mut buf = [0; 40];
    j.open(b'[');
    for v in values {
        j.item()?;
        j.plain_string(cents_into(*v, &mut buf));
    }
    j.close(b']');
    Ok(())
}

/// An array of one account's monthly quantity.
fn count_array(j: &mut PrettyJson<'_>, months: &[MonthUsage], quantity: fn(&MonthUsage) -> u64) -> std::io::Result<()> {
    j.open(b'[');
    for u in months {
        j.item()?;
        j.integer(quantity(u));
    }
    j.close(b']');
    Ok(())
}

fn string_member(j: &mut PrettyJson<'_>, key: &str, value: &str) -> std::io::Result<()> {
    j.key(key)?;
    j.string(value);
    Ok(())
}

fn account_usage(j: &mut PrettyJson<'_>, a: &AccountUsage) -> std::io::Result<()> {
    j.open(b'{');
    string_member(j, "name", &a.name)?;
    j.key("count")?;
    j.integer(a.count);
    j.key("conversations")?;
    count_array(j, &a.months, |u| u.conversations)?;
    j.key("ai_conversations")?;
    count_array(j, &a.months, |u| u.ai_conversations)?;
    j.key("resolutions")?;
    count_array(j, &a.months, |u| u.resolutions)?;
    j.key("seats")?;
    count_array(j, &a.months, |u| u.seats)?;
    j.close(b'}');
    Ok(())
}

/// A transition's own members (docs/semantics.md §8.5): its plans, and per month the accounts
/// still on `from`, moved and kept, and lost (numbers, 2 decimals), and the break-even churn (4
/// decimals, as a string; `null` when there is none).
fn transition(j: &mut PrettyJson<'_>, t: &TransitionOutcome) -> std::io::Result<()> {
    j.open(b'{');
    string_member(j, "from", &t.from)?;
    string_member(j, "to", &t.to)?;
    for (key, values) in [("on_from", &t.on_from), ("moved", &t.moved), ("lost", &t.lost)] {
        j.key(key)?;
        j.open(b'[');
        for v in values {
            j.item()?;
            j.raw(accounts_number(*v).as_bytes());
        }
        j.close(b']');
    }
    j.key("break_even_churn")?;
    match t.break_even_churn {
        Some(p) => {
            let mut p = p.round_dp(4);
            p.rescale(4);
            j.string(&p.to_string());
        }
        None => j.raw(b"null"),
    }
    j.close(b'}');
    Ok(())
}

/// An expected number of accounts as a JSON number: at most 2 decimals, no trailing zeros, never
/// `-0`.
fn accounts_number(v: Decimal) -> String {
    let v = v.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero).normalize();
    if v.is_zero() { "0".to_owned() } else { v.to_string() }
}

fn plan(
    j: &mut PrettyJson<'_>,
    p: &PlanOutcome,
    cost: &[Decimal],
    crossover: Option<&str>,
    moves: Option<&TransitionOutcome>,
) -> std::io::Result<()> {
    j.open(b'{');
    string_member(j, "name", &p.name)?;
    j.key("billed")?;
    money_array(j, &p.billed)?;
    string_member(j, "total", &cents(p.total))?;
    j.key("cost")?;
    money_array(j, cost)?;
    string_member(j, "margin", &cents(p.margin))?;
    match crossover {
        Some(month) => string_member(j, "crossover", month)?,
        None => {
            j.key("crossover")?;
            j.raw(b"null");
        }
    }
    j.key("accounts")?;
    j.open(b'[');
    for b in &p.accounts {
        j.item()?;
        bill(j, b)?;
    }
    j.close(b']');
    if let Some(t) = moves {
        j.key("transition")?;
        transition(j, t)?;
    }
    j.close(b'}');
    Ok(())
}

fn bill(j: &mut PrettyJson<'_>, b: &AccountBill) -> std::io::Result<()> {
    j.open(b'{');
    string_member(j, "name", &b.name)?;
    j.key("billed")?;
    money_array(j, &b.billed)?;
    string_member(j, "total", &cents(b.total))?;
    j.key("lines")?;
    j.open(b'[');
    for l in &b.lines {
        j.item()?;
        j.open(b'{');
        string_member(j, "name", &l.name)?;
        j.key("billed")?;
        money_array(j, &l.billed)?;
        j.close(b'}');
    }
    j.close(b']');
    j.close(b'}');
    Ok(())
}

/// Writes the results as one JSON object (README.md, "The command line"): money as strings with two decimals, counts
/// as integers; `monte_carlo` holds the Monte Carlo results when there are some (means rounded to
/// cents, halves away from zero), and with a `budget` also the bill's predictability against it.
/// The JSON streams to `out` as it is formatted, in the layout of `serde_json`'s pretty printer.
///
/// Transitions (docs/semantics.md §8.5) follow the plans in `plans`, each in a plan's shape (its
/// own `cost` and `margin`; per profile one account's expected bill, in the lines of `from` and
/// `to`) with a `transition` object: `from`, `to`, the accounts `on_from`, `moved` and `lost`
/// each month (numbers, at most 2 decimals) and `break_even_churn` (4 decimals as a string, or
/// `null`). The Monte Carlo's `plans` (and its budget's) list the transitions after the plans
/// too, in the same shape (docs/semantics.md §8.7).
///
/// With a budget, `monte_carlo` gains a `budget` object: the budget (`amount`, and the `account`
/// profile whose one account it is for, or `null` for the whole portfolio) and per plan
/// `chance_over` (the share of trials in which some month's bill is above the budget),
/// `highest_month_p90` (money: the P90 of that bill's highest month), `month_p90_over_p50` and
/// `peak_over_average` (numbers rounded to 4 decimals; `null` where they do not exist), and
/// `years`: per contract year (`year`, `first`, `last`) the `chance` that a month's bill is over
/// the budget and the `months` expected over it (`null` for one account's bill).
///
/// # Errors
/// What writing to `out` reports, or a plan that cannot be billed.
pub fn write_json(
    out: &mut dyn Write,
    scenario: &Scenario,
    outcome: &dyn Results,
    mc: Option<&MonteCarlo>,
    budget: Option<&Budget>,
) -> Result<(), ExportError> {
    let mut j = PrettyJson::new(out);
    j.open(b'{');
    j.key("format")?;
    j.integer(u64::from(crate::model::FORMAT));
    string_member(&mut j, "scenario", &scenario.name)?;
    string_member(&mut j, "currency", &scenario.currency)?;
    j.key("months")?;
    j.open(b'[');
    for m in outcome.months() {
        j.item()?;
        j.string(&m.to_string());
    }
    j.close(b']');
    j.key("accounts")?;
    j.open(b'[');
    for a in outcome.accounts() {
        j.item()?;
        account_usage(&mut j, a)?;
    }
    j.close(b']');
    j.key("plans")?;
    j.open(b'[');
    // Each plan's crossover is against the baseline's bills (the first plan, written first).
    let mut baseline: Option<Vec<Decimal>> = None;
    for p in 0..outcome.plan_count() {
        j.item()?;
        outcome.with_plan(p, &mut |p| {
            let crossover = match &baseline {
                None => {
                    baseline = Some(p.billed.clone());
                    None
                }
                Some(base) => crate::engine::compare::crossover(base, &p.billed),
            };
            let label = crossover.and_then(|m| outcome.months().get(m)).map(ToString::to_string);
            plan(&mut j, p, outcome.cost(), label.as_deref(), None)
        })?;
    }
    // Transitions after the plans, in a plan's shape (their crossover against the baseline too,
    // their cost their own), with their own members under "transition".
    for t in 0..outcome.transition_count() {
        j.item()?;
        outcome.with_transition(t, &mut |t| {
            let crossover =
                baseline.as_deref().and_then(|base| crate::engine::compare::crossover(base, &t.line.billed));
            let label = crossover.and_then(|m| outcome.months().get(m)).map(ToString::to_string);
            plan(&mut j, &t.line, &t.cost, label.as_deref(), Some(t))
        })?;
    }
    j.close(b']');
    j.key("monte_carlo")?;
    match mc {
        None => j.raw(b"null"),
        Some(mc) => {
            let years = crate::engine::compare::years(outcome.months());
            j.value(&monte_carlo::JsonMonteCarlo::new(scenario, mc, budget, &years))?;
        }
    }
    j.close(b'}');
    Ok(j.finish()?)
}

/// [`write_json`] into a string (without a budget): the app's export, and tests.
///
/// # Errors
/// Only if formatting fails, which it does not for these types.
pub fn to_json(scenario: &Scenario, outcome: &Outcome, mc: Option<&MonteCarlo>) -> Result<String, ExportError> {
    let mut bytes = Vec::new();
    write_json(&mut bytes, scenario, outcome, mc, None)?;
    Ok(String::from_utf8(bytes).map_err(std::io::Error::other)?)
}

/// Writes the results as CSV: one row per plan, account profile and month (README.md, "The command line"). With Monte
/// Carlo results, four more columns give the plan's portfolio bill that month across the
/// trials: `portfolio_mean`, `portfolio_p10`, `portfolio_p50`, `portfolio_p90`. Transitions
/// follow the plans, their rows a plan's (`billed_each` one account's expected bill, the Monte
/// Carlo columns the transition's). The rows stream to `out` as they are formatted.
///
/// # Errors
/// What writing to `out` reports, or a plan that cannot be billed.
pub fn write_csv(out: &mut dyn Write, outcome: &dyn Results, mc: Option<&MonteCarlo>) -> Result<(), ExportError> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
        "plan",
        "account",
        "count",
        "month",
        "conversations",
        "ai_conversations",
        "resolutions",
        "seats",
        "billed_each",
        "billed_total",
    ];
    if mc.is_some() {
        header.extend(["portfolio_mean", "portfolio_p10", "portfolio_p50", "portfolio_p90"]);
    }
    w.write_record(&header).map_err(std::io::Error::from)?;
    // One record and one text buffer for every row: no allocation per field.
    let mut record = csv::ByteRecord::new();
    let mut text = String::new();
    let mut field = |record: &mut csv::ByteRecord, value: &dyn std::fmt::Display| {
        text.clear();
        let _ = write!(text, "{value}");
        record.push_field(text.as_bytes());
    };
    let lines = outcome.plan_count() + outcome.transition_count();
    for p in 0..lines {
        let spreads = mc.and_then(|mc| mc.lines().nth(p)).map(|s| s.monthly.as_slice());
        // A line the Monte Carlo has no spreads of (none is missing in a run of this scenario)
        // has its columns left empty.
        let blank = mc.is_some() && spreads.is_none();
        let mut rows = |plan: &PlanOutcome| {
            for (bill, usage) in plan.accounts.iter().zip(outcome.accounts()) {
                let count = Decimal::from(bill.count);
                let months = outcome.months().iter().zip(&usage.months).zip(&bill.billed);
                for (m, ((month, u), each)) in months.enumerate() {
                    record.clear();
                    record.push_field(plan.name.as_bytes());
                    record.push_field(bill.name.as_bytes());
                    field(&mut record, &bill.count);
                    field(&mut record, month);
                    field(&mut record, &u.conversations);
                    field(&mut record, &u.ai_conversations);
                    field(&mut record, &u.resolutions);
                    field(&mut record, &u.seats);
                    field(&mut record, &CentsText(*each));
                    field(&mut record, &CentsText(count.saturating_mul(*each)));
                    if let Some(s) = spreads.and_then(|s| s.get(m)) {
                        for v in [s.mean, s.p10, s.p50, s.p90] {
                            field(&mut record, &CentsText(v));
                        }
                    } else if blank {
                        for _ in 0..4 {
                            record.push_field(b"");
                        }
                    }
                    w.write_byte_record(&record)?;
                }
            }
            Ok(())
        };
        match p.checked_sub(outcome.plan_count()) {
            None => outcome.with_plan(p, &mut rows)?,
            Some(t) => outcome.with_transition(t, &mut |t| rows(&t.line))?,
        }
    }
    Ok(w.flush()?)
}

/// [`write_csv`] into a string: the app's export, and tests.
///
/// # Errors
/// Only if formatting fails, which it does not.
pub fn to_csv(outcome: &Outcome, mc: Option<&MonteCarlo>) -> Result<String, ExportError> {
    let mut bytes = Vec::new();
    write_csv(&mut bytes, outcome, mc)?;
    Ok(String::from_utf8(bytes).map_err(std::io::Error::other)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan too large to bill, found while its output is written, is the scenario's problem,
    /// not a failure to write.
    #[test]
    fn a_plan_that_cannot_be_billed_is_a_problem_of_the_export() {
        let s = crate::model::from_ron(
            r#"(format: 1, name: "Huge", start: "2024-01", months: 1,
                accounts: [(name: "A", count: 10000000, conversations: 1, resolution_rate: (start: 0.5, end: 0.5, months: 0),
                            seats: Fixed(9000000000000000))],
                plans: [(name: "P", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("999999999999999"))])])"#,
        )
        .unwrap();
        let workload = crate::engine::workload(&s).unwrap();
        let streamed = Streamed { scenario: &s, workload: &workload };
        let mut out = Vec::new();
        match write_json(&mut out, &s, &streamed, None, None) {
            Err(ExportError::Problem(p)) => assert!(p.message.contains("too large"), "{p}"),
            other => panic!("{other:?}"),
        }
        match write_csv(&mut Vec::new(), &streamed, None) {
            Err(ExportError::Problem(p)) => assert!(p.to_string().starts_with(r#"plans["P"]: the bill"#), "{p}"),
            other => panic!("{other:?}"),
        }
    }
}

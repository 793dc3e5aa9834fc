//! Comparisons of plans: yearly totals, change against the baseline, effective unit prices,
//! margins and the customer's support cost.

use super::simulate::Outcome;
use super::usage::MonthUsage;
use crate::model::YearMonth;
use rust_decimal::Decimal;
use std::ops::Range;

/// A contract year: twelve months from the start (the last may be shorter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// 1 for the first year.
    pub number: usize,
    /// First calendar month of the year.
    pub first: YearMonth,
    /// Last calendar month of the year (within the horizon).
    pub last: YearMonth,
    /// Month indices of the year.
    pub months: Range<usize>,
}

impl Year {
    /// A short label: `"Y1"`, with `"*"` when the horizon cuts the year short.
    #[must_use]
    pub fn label(&self) -> String {
        let partial = if self.months.len() < 12 { "*" } else { "" };
        format!("Y{}{partial}", self.number)
    }
}

/// Splits the simulated months into contract years of twelve months from the start.
///
/// # Example
/// ```
/// use pricelab::engine::compare::years;
/// use pricelab::model::YearMonth;
/// let start = YearMonth::new(2024, 7).unwrap();
/// let months: Vec<_> = (0..18).map(|m| start.plus(m)).collect();
/// let ys = years(&months);
/// assert_eq!((ys[0].first.to_string(), ys[0].last.to_string()), ("2024-07".into(), "2025-06".into()));
/// assert_eq!((ys[1].months.clone(), ys[1].label()), (12..18, "Y2*".to_string()));
/// ```
#[must_use]
pub fn years(months: &[YearMonth]) -> Vec<Year> {
    (0..months.len())
        .step_by(12)
        .enumerate()
        .filter_map(|(i, from)| {
            let to = (from + 12).min(months.len());
            Some(Year { number: i + 1, first: *months.get(from)?, last: *months.get(to - 1)?, months: from..to })
        })
        .collect()
}

/// Portfolio usage over the horizon: the sum over profiles of `count ×` one account's usage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UsageTotals {
    /// All conversations.
    pub conversations: u128,
    /// Conversations the AI agent took part in.
    pub ai_conversations: u128,
    /// Conversations the AI agent resolved.
    pub resolutions: u128,
    /// Seat-months.
    pub seat_months: u128,
}

/// The portfolio's usage over the months `range`.
#[must_use]
pub fn usage_totals(outcome: &Outcome, range: Range<usize>) -> UsageTotals {
    let mut t = UsageTotals::default();
    for a in &outcome.accounts {
        let count = u128::from(a.count);
        for u in a.months.get(range.clone()).unwrap_or_default() {
            let MonthUsage { seats, conversations, ai_conversations, resolutions } = *u;
            t.conversations += count * u128::from(conversations);
            t.ai_conversations += count * u128::from(ai_conversations);
            t.resolutions += count * u128::from(resolutions);
            t.seat_months += count * u128::from(seats);
        }
    }
    t
}

/// One plan, compared with the baseline (the first plan).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSummary {
    /// The plan's name.
    pub name: String,
    /// The portfolio's bill in each contract year.
    pub yearly: Vec<Decimal>,
    /// The portfolio's bill over the horizon.
    pub total: Decimal,
    /// `total` minus the baseline plan's total.
    pub change: Decimal,
    /// `change` as a fraction of the baseline's total (`None` when the baseline bills nothing).
    pub change_ratio: Option<Decimal>,
    /// `total` per resolution (`None` without resolutions).
    pub per_resolution: Option<Decimal>,
    /// `total` per AI conversation (`None` without AI conversations).
    pub per_ai_conversation: Option<Decimal>,
    /// The vendor's margin: total billed minus the cost to serve.
    pub margin: Decimal,
    /// `margin` as a fraction of `total` (`None` when the plan bills nothing).
    pub margin_ratio: Option<Decimal>,
    /// The customers' total support cost: bills plus seats × agent cost.
    pub support_cost: Decimal,
    /// The month (index) in which the plan's cumulative bill first catches up with the
    /// baseline's having been below it the month before ([`crossover`]; `None` for the baseline).
    pub crossover: Option<usize>,
}

/// Summarises every plan against the first.
///
/// # Example
/// ```
/// let text = r#"(format: 1, name: "T", start: "2024-01", months: 24,
///     accounts: [(name: "A", conversations: 1000, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
///     plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]),
///             (name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])])"#;
/// let outcome = pricelab::engine::simulate(&pricelab::model::from_ron(text).unwrap()).unwrap();
/// let s = pricelab::engine::compare::summarize(&outcome);
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// assert_eq!(s[0].yearly[0], d("12000"));  // 10 seats × 100 × 12 months
/// assert_eq!(s[1].total, d("11880"));      // 500 × 0.99 × 24 months
/// assert_eq!(s[1].change, d("-12120"));
/// assert_eq!(s[1].per_resolution.unwrap().round_dp(4), d("0.99"));
/// ```
#[must_use]
pub fn summarize(outcome: &Outcome) -> Vec<PlanSummary> {
    let years = years(&outcome.months);
    let usage = usage_totals(outcome, 0..outcome.months.len());
    let baseline = outcome.plans.first();
    outcome
        .plans
        .iter()
        .enumerate()
        .map(|(i, plan)| summary(plan, (i > 0).then_some(baseline).flatten(), &years, usage))
        .collect()
}

/// Summarises every transition (docs/semantics.md §8) against the baseline plan, as a plan is:
/// its margin is against its own cost, its prices per resolution over the portfolio's usage.
#[must_use]
pub fn summarize_transitions(outcome: &Outcome) -> Vec<PlanSummary> {
    let years = years(&outcome.months);
    let usage = usage_totals(outcome, 0..outcome.months.len());
    outcome.transitions.iter().map(|t| summary(&t.line, outcome.plans.first(), &years, usage)).collect()
}

/// One result line against `baseline` (`None`: it is the baseline).
fn summary(
    plan: &super::PlanOutcome,
    baseline: Option<&super::PlanOutcome>,
    years: &[Year],
    usage: UsageTotals,
) -> PlanSummary {
    let yearly = years.iter().map(|y| sum(plan.billed.get(y.months.clone()).unwrap_or_default())).collect();
    let base = baseline.map_or(plan.total, |b| b.total);
    let change = plan.total - base;
    PlanSummary {
        name: plan.name.clone(),
        yearly,
        total: plan.total,
        change,
        change_ratio: ratio(change, base),
        per_resolution: per_unit(plan.total, usage.resolutions),
        per_ai_conversation: per_unit(plan.total, usage.ai_conversations),
        margin: plan.margin,
        margin_ratio: ratio(plan.margin, plan.total),
        support_cost: sum(&plan.support_cost),
        crossover: baseline.and_then(|b| crossover(&b.billed, &plan.billed)),
    }
}

/// The first month `m ≥ 1` in which the cumulative sum of `bills` is at least the cumulative
/// sum of `baseline` while at month `m − 1` it was below: where a plan overtakes the baseline.
/// Month 0 never counts (it has no month before it).
///
/// # Example
/// ```
/// use pricelab::engine::compare::crossover;
/// let d = |v: &[i64]| v.iter().map(|x| rust_decimal::Decimal::from(*x)).collect::<Vec<_>>();
/// // Cumulative: baseline 10, 20, 30, 40; plan 5, 15, 30, 50 — equal in month 2.
/// assert_eq!(crossover(&d(&[10, 10, 10, 10]), &d(&[5, 10, 15, 20])), Some(2));
/// // Ahead from the start, never below: no crossover.
/// assert_eq!(crossover(&d(&[1, 1]), &d(&[2, 2])), None);
/// ```
#[must_use]
pub fn crossover(baseline: &[Decimal], bills: &[Decimal]) -> Option<usize> {
    let (mut base, mut plan) = (Decimal::ZERO, Decimal::ZERO);
    let mut below = false;
    for (m, (b, p)) in baseline.iter().zip(bills).enumerate() {
        base = base.saturating_add(*b);
        plan = plan.saturating_add(*p);
        if m > 0 && below && plan >= base {
            return Some(m);
        }
        below = plan < base;
    }
    None
}

fn sum(values: &[Decimal]) -> Decimal {
    values.iter().fold(Decimal::ZERO, |a, v| a.saturating_add(*v))
}

fn ratio(part: Decimal, whole: Decimal) -> Option<Decimal> {
    part.checked_div(whole)
}

fn per_unit(total: Decimal, units: u128) -> Option<Decimal> {
    let units = Decimal::try_from_i128_with_scale(i128::try_from(units).ok()?, 0).ok()?;
    total.checked_div(units)
}

/// Whether some plan of `scenario` pays a bundle or a commit upfront: what [`prepaid_spread`]
/// has to spread.
#[must_use]
pub fn has_prepaid(scenario: &crate::model::Scenario) -> bool {
    scenario
        .plans
        .iter()
        .flat_map(|p| &p.commitments)
        .any(|c| c.pays() && c.billing() == crate::model::Billing::Upfront)
}

/// Each plan's portfolio revenue month by month with every prepaid amount billed upfront (a
/// `Bundle`'s price or a `Commit`'s amount paid in a term's first month) spread evenly over the
/// months of its term instead, as the revenue is earned: the view that keeps one upfront payment
/// from flattening every other line of a monthly plot. Months past the horizon get nothing, so a
/// term the horizon cuts short shows only its share. For display: not rounded to cents.
///
/// `None` when no plan has an upfront commitment, or when `outcome` is not of `scenario` (its
/// plans or lines differ).
///
/// # Example
/// ```
/// let text = r#"(format: 1, name: "T", start: "2025-01", months: 6,
///     accounts: [(name: "A", conversations: 100, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1))],
///     plans: [(name: "Bundle", commitments: [Bundle(name: "B", metric: Resolutions, units: 300, price: "300.00", term_months: 3)])])"#;
/// let s = pricelab::model::from_ron(text).unwrap();
/// let outcome = pricelab::engine::simulate(&s).unwrap();
/// assert_eq!(outcome.plans[0].billed[0].to_string(), "300.00");
/// let spread = pricelab::engine::compare::prepaid_spread(&s, &outcome).unwrap();
/// assert_eq!(spread[0].iter().map(|d| d.normalize().to_string()).collect::<Vec<_>>(), ["100"; 6]);
/// ```
#[must_use]
pub fn prepaid_spread(scenario: &crate::model::Scenario, outcome: &Outcome) -> Option<Vec<Vec<Decimal>>> {
    use crate::model::{Billing, Commitment};
    let upfront = |c: &Commitment| c.billing() == Billing::Upfront;
    if !scenario.plans.iter().any(|p| p.commitments.iter().any(|c| c.pays() && upfront(c)))
        || scenario.plans.len() != outcome.plans.len()
    {
        return None;
    }
    let months = outcome.months.len();
    let mut out = Vec::with_capacity(outcome.plans.len());
    for (plan, result) in scenario.plans.iter().zip(&outcome.plans) {
        let mut series = result.billed.clone();
        for account in &result.accounts {
            let mut line = plan.charges.len();
            for c in &plan.commitments {
                let payment = account.lines.get(line)?;
                if payment.name != c.name() || payment.billed.len() != months {
                    return None;
                }
                if upfront(c) {
                    let term = usize::try_from(c.term_months()).ok()?.max(1);
                    let count = Decimal::from(account.count);
                    for (m, paid) in payment.billed.iter().enumerate().filter(|(_, v)| !v.is_zero()) {
                        let share = paid.checked_div(Decimal::from(term))?.checked_mul(count)?;
                        *series.get_mut(m)? = series.get(m)?.checked_sub(paid.checked_mul(count)?)?;
                        for month in series.iter_mut().skip(m).take(term) {
                            *month = month.checked_add(share)?;
                        }
                    }
                }
                line += c.line_count();
            }
        }
        out.push(series);
    }
    Some(out)
}

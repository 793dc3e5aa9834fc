//! Backtests (docs/import.md): every recorded customer's bill over the recorded months under every
//! plan — the "shadow bill" — against the baseline (the first plan), and the portfolio's view of
//! who pays more, who pays less and by how much.

use super::Error;
use super::analyses::{Scope, Usage};
use crate::model::money::round2;
use crate::model::{Scenario, YearMonth};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One recorded customer's totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    /// The profile's index in the scenario.
    pub profile: usize,
    /// Its name.
    pub name: String,
    /// Per result line (the plans, then the transitions), its bill over the recorded months.
    pub totals: Vec<Decimal>,
}

impl Customer {
    /// The change under plan `p` against the baseline: its total there minus its baseline total.
    #[must_use]
    pub fn change(&self, p: usize) -> Decimal {
        let base = self.totals.first().copied().unwrap_or_default();
        self.totals.get(p).copied().unwrap_or_default() - base
    }

    /// The change in %, `round2(100 × change / baseline total)`; `None` when the baseline total
    /// is 0.
    #[must_use]
    pub fn change_pct(&self, p: usize) -> Option<Decimal> {
        let base = self.totals.first().copied().unwrap_or_default();
        if base.is_zero() {
            return None;
        }
        let change = self.change(p);
        Some(round2(change.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(base)?))
    }
}

/// A customer among a plan's largest changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mover {
    /// The customer (an index into [`Backtest::customers`]).
    pub customer: usize,
    /// Its change.
    pub change: Decimal,
    /// Its change in % (`None` when its baseline total is 0).
    pub change_pct: Option<Decimal>,
}

/// The nearest-rank P5, P50 and P95 of a plan's changes in %.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    /// 5th percentile.
    pub p5: Decimal,
    /// Median.
    pub p50: Decimal,
    /// 95th percentile.
    pub p95: Decimal,
}

/// One plan against the baseline over the recorded customers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanBacktest {
    /// The plan's name.
    pub name: String,
    /// The recorded customers' total under it.
    pub total: Decimal,
    /// That total minus the baseline's.
    pub change: Decimal,
    /// Customers who would pay more, less, the same.
    pub up: usize,
    /// See `up`.
    pub down: usize,
    /// See `up`.
    pub same: usize,
    /// The spread of the changes in % (`None` when no customer has a baseline total above 0).
    pub change_pct: Option<Spread>,
    /// The largest increases, largest first.
    pub top_increases: Vec<Mover>,
    /// The largest decreases, most negative first.
    pub top_decreases: Vec<Mover>,
}

/// A backtest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backtest {
    /// The recorded months.
    pub months: Vec<YearMonth>,
    /// The recorded customers, in the scenario's order.
    pub customers: Vec<Customer>,
    /// Every plan, the baseline first, then every transition.
    pub plans: Vec<PlanBacktest>,
}

/// Bills every recorded customer's recorded months under every plan and every transition (the
/// customer a cohort of its own, the horizon ending with the recorded months); `top` customers
/// are listed among each line's largest increases and decreases.
///
/// # Errors
/// [`Error::NoHistory`] for a scenario without recorded usage; the scenario's problems,
/// or an amount too large to compute.
///
/// # Example
/// A customer who paid for 10 seats at $100 and had 400 resolutions a month pays $396 a month
/// at $0.99 per resolution: −60.4%.
/// ```
/// use pricelab::model::*;
/// use std::sync::Arc;
/// let mut s = from_ron(r#"(format: 1, name: "T", start: "2024-01", months: 3,
///     accounts: [(name: "Acme", conversations: 1000, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
///     plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]),
///             (name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])])"#).unwrap();
/// let month = RecordedMonth { conversations: 1000, ai_conversations: 800, resolutions: 400, seats: 10 };
/// s.history = Some(History { file: "usage.csv".into(), recorded: Some(Arc::new(Recorded {
///     file: "usage.csv".into(), start: s.start, months: 2,
///     accounts: vec![RecordedAccount { name: "Acme".into(), line: 2, months: vec![month; 2] }] })) });
/// let b = pricelab::engine::backtest::backtest(&s, 10).unwrap();
/// assert_eq!(b.customers[0].totals[1].to_string(), "792.00");
/// assert_eq!(b.customers[0].change_pct(1).unwrap().to_string(), "-60.40");
/// ```
pub fn backtest(scenario: &Scenario, top: usize) -> Result<Backtest, Error> {
    let recorded = scenario.history.as_ref().and_then(|h| h.recorded.as_deref()).ok_or(Error::NoHistory)?;
    let usage = Usage::of(scenario).map_err(Error::Invalid)?;
    let h = usize::try_from(recorded.months).unwrap_or(usize::MAX);
    let months = (0..recorded.months).map(|m| scenario.start.plus(m)).collect();
    let recorded_names: HashMap<&str, ()> = recorded.accounts.iter().map(|a| (a.name.as_str(), ())).collect();
    let customers = scenario
        .accounts
        .iter()
        .enumerate()
        .filter(|(_, a)| recorded_names.contains_key(a.name.as_str()))
        .map(|(i, a)| {
            let scope = Scope { account: Some(i), months: 0..h };
            // A transition's line: the customer on its own (count 1, a cohort of its own renewing
            // at its `renewal`), as if the horizon ended with the recorded months.
            let transitions = (0..scenario.transitions.len()).map(|t| usage.transition_part(scenario, t, i, h));
            let totals = scenario
                .plans
                .iter()
                .enumerate()
                .map(|(p, plan)| usage.bill(p, plan, &scope))
                .chain(transitions)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|p| Error::Invalid(vec![p]))?;
            Ok(Customer { profile: i, name: a.name.clone(), totals })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let names = super::analyses::line_names(scenario);
    let plans = names.iter().enumerate().map(|(p, name)| plan_view(name, p, &customers, top)).collect();
    Ok(Backtest { months, customers, plans })
}

fn plan_view(name: &str, p: usize, customers: &[Customer], top: usize) -> PlanBacktest {
    let sum = |f: &dyn Fn(&Customer) -> Decimal| customers.iter().map(f).fold(Decimal::ZERO, Decimal::saturating_add);
    let total = sum(&|c| c.totals.get(p).copied().unwrap_or_default());
    let change = sum(&|c| c.change(p));
    let changes: Vec<Decimal> = customers.iter().map(|c| c.change(p)).collect();
    let mut pcts: Vec<Decimal> = customers.iter().filter_map(|c| c.change_pct(p)).collect();
    pcts.sort_unstable();
    let rank = |k: usize| pcts.get((k * pcts.len()).div_ceil(100).max(1) - 1).copied();
    let change_pct = match (rank(5), rank(50), rank(95)) {
        (Some(p5), Some(p50), Some(p95)) => Some(Spread { p5, p50, p95 }),
        _ => None,
    };
    let mover = |customer: usize| Mover {
        customer,
        change: changes.get(customer).copied().unwrap_or_default(),
        change_pct: customers.get(customer).and_then(|c| c.change_pct(p)),
    };
    // Largest first, ties in the customers' order (a stable sort).
    let mut up: Vec<usize> = (0..customers.len()).filter(|&c| changes[c] > Decimal::ZERO).collect();
    up.sort_by(|a, b| changes[*b].cmp(&changes[*a]));
    let mut down: Vec<usize> = (0..customers.len()).filter(|&c| changes[c] < Decimal::ZERO).collect();
    down.sort_by(|a, b| changes[*a].cmp(&changes[*b]));
    PlanBacktest {
        name: name.to_owned(),
        total,
        change,
        up: up.len(),
        down: down.len(),
        same: customers.len() - up.len() - down.len(),
        change_pct,
        top_increases: up.iter().take(top).map(|&c| mover(c)).collect(),
        top_decreases: down.iter().take(top).map(|&c| mover(c)).collect(),
    }
}

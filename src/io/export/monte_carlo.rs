//! The Monte Carlo part of the JSON export (`monte_carlo`: each line's spreads, and the budget's
//! figures when one was given), as serde structs.

use crate::engine::monte_carlo::{Budget, MonteCarlo, PlanSpread, Spread};
use crate::model::Scenario;
use crate::model::money::cents;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct JsonMonteCarlo<'a> {
    trials: u64,
    seed: u64,
    plans: Vec<JsonPlanSpread<'a>>,
    /// Only when a budget was given (`pricelab simulate --budget`).
    #[serde(skip_serializing_if = "Option::is_none")]
    budget: Option<JsonBudget<'a>>,
}

#[derive(Serialize)]
struct JsonBudget<'a> {
    amount: String,
    /// The profile one account of which the budget is for; `null`: the whole portfolio.
    account: Option<&'a str>,
    plans: Vec<JsonPlanBudget<'a>>,
}

#[derive(Serialize)]
struct JsonPlanBudget<'a> {
    name: &'a str,
    /// The share of trials in which some month's bill is above the budget.
    chance_over: Option<f64>,
    /// The P90 across trials of the highest month's bill (the same bill as `chance_over`): the
    /// smallest monthly budget that holds in 9 trials of 10.
    highest_month_p90: Option<String>,
    /// The largest P90/P50 of a month's bill.
    month_p90_over_p50: Option<f64>,
    /// The median of the worst month's bill against the average month's.
    peak_over_average: Option<f64>,
    /// Per contract year, against the whole portfolio's bill (`null` for one account's).
    years: Option<Vec<JsonYearOver>>,
}

/// One contract year against the budget.
#[derive(Serialize)]
struct JsonYearOver {
    /// From 1.
    year: usize,
    first: String,
    last: String,
    /// The chance that a month's bill of the year is over the budget (4 decimals).
    chance: Option<f64>,
    /// The months of the year expected over it (2 decimals).
    months: Option<f64>,
}

impl<'a> JsonPlanBudget<'a> {
    fn new(plan: &'a PlanSpread, budget: &Budget, years: &[crate::engine::compare::Year]) -> Self {
        let number = |d: Option<Decimal>| d.and_then(|d| d.round_dp(4).to_f64());
        let year = |y: &crate::engine::compare::Year| {
            let (chance, months) = plan.months_over(y.months.clone(), budget.amount);
            JsonYearOver {
                year: y.number,
                first: y.first.to_string(),
                last: y.last.to_string(),
                chance: number(Some(chance)),
                months: months.round_dp(2).to_f64(),
            }
        };
        Self {
            name: &plan.name,
            chance_over: number(plan.chance_over(budget)),
            highest_month_p90: plan.highest_month(budget.account).map(|h| crate::model::money::cents(h.p90)),
            month_p90_over_p50: number(plan.p90_over_p50()),
            peak_over_average: number(plan.peak_to_average()),
            years: budget.account.is_none().then(|| years.iter().map(year).collect()),
        }
    }
}

#[derive(Serialize)]
struct JsonPlanSpread<'a> {
    name: &'a str,
    monthly: JsonSpreads,
    total: JsonSpread,
}

#[derive(Serialize)]
struct JsonSpreads {
    mean: Vec<String>,
    p10: Vec<String>,
    p50: Vec<String>,
    p90: Vec<String>,
}

#[derive(Serialize)]
struct JsonSpread {
    mean: String,
    p10: String,
    p50: String,
    p90: String,
}

impl From<&Spread> for JsonSpread {
    fn from(s: &Spread) -> Self {
        Self { mean: cents(s.mean), p10: cents(s.p10), p50: cents(s.p50), p90: cents(s.p90) }
    }
}

impl From<&[Spread]> for JsonSpreads {
    fn from(s: &[Spread]) -> Self {
        Self {
            mean: s.iter().map(|x| cents(x.mean)).collect(),
            p10: s.iter().map(|x| cents(x.p10)).collect(),
            p50: s.iter().map(|x| cents(x.p50)).collect(),
            p90: s.iter().map(|x| cents(x.p90)).collect(),
        }
    }
}

impl<'a> JsonMonteCarlo<'a> {
    /// The figures of `mc` (plans, then transitions), with `budget`'s over `years` (the
    /// contract years of the months, as `compare::years` gives them).
    pub(super) fn new(
        scenario: &'a Scenario,
        mc: &'a MonteCarlo,
        budget: Option<&'a Budget>,
        years: &[crate::engine::compare::Year],
    ) -> Self {
        Self {
            trials: mc.trials,
            seed: mc.seed,
            plans: mc
                .lines()
                .map(|p| JsonPlanSpread {
                    name: &p.name,
                    monthly: p.monthly.as_slice().into(),
                    total: (&p.total).into(),
                })
                .collect(),
            budget: budget.map(|budget| JsonBudget {
                amount: cents(budget.amount),
                account: budget.account.and_then(|a| scenario.accounts.get(a)).map(|a| a.name.as_str()),
                plans: mc.lines().map(|p| JsonPlanBudget::new(p, budget, years)).collect(),
            }),
        }
    }
}

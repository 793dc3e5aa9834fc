//! Results as JSON and CSV: the formats of `pricelab simulate` (SPEC §5), also used by the GUI's export.

use crate::engine::Outcome;
use crate::engine::monte_carlo::{Budget, MonteCarlo, PlanSpread, Spread};
use crate::model::Scenario;
use crate::model::money::cents;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use serde::Serialize;

#[derive(Serialize)]
struct JsonOutcome<'a> {
    format: u32,
    scenario: &'a str,
    currency: &'a str,
    months: Vec<String>,
    accounts: Vec<JsonAccount<'a>>,
    plans: Vec<JsonPlan<'a>>,
    monte_carlo: Option<JsonMonteCarlo<'a>>,
}

#[derive(Serialize)]
struct JsonMonteCarlo<'a> {
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
    /// The largest P90/P50 of a month's bill.
    month_p90_over_p50: Option<f64>,
    /// The median of the worst month's bill against the average month's.
    peak_over_average: Option<f64>,
}

impl<'a> JsonPlanBudget<'a> {
    fn new(plan: &'a PlanSpread, budget: &Budget) -> Self {
        let number = |d: Option<Decimal>| d.and_then(|d| d.round_dp(4).to_f64());
        Self {
            name: &plan.name,
            chance_over: number(plan.chance_over(budget)),
            month_p90_over_p50: number(plan.p90_over_p50()),
            peak_over_average: number(plan.peak_to_average()),
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

#[derive(Serialize)]
struct JsonAccount<'a> {
    name: &'a str,
    count: u64,
    conversations: Vec<u64>,
    ai_conversations: Vec<u64>,
    resolutions: Vec<u64>,
    seats: Vec<u64>,
}

#[derive(Serialize)]
struct JsonPlan<'a> {
    name: &'a str,
    billed: Vec<String>,
    total: String,
    cost: Vec<String>,
    margin: String,
    accounts: Vec<JsonBill<'a>>,
}

#[derive(Serialize)]
struct JsonBill<'a> {
    name: &'a str,
    billed: Vec<String>,
    total: String,
    lines: Vec<JsonLine<'a>>,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    name: &'a str,
    billed: Vec<String>,
}

fn money(values: &[Decimal]) -> Vec<String> {
    values.iter().map(|v| cents(*v)).collect()
}

/// The results as one JSON object (SPEC §5): money as strings with two decimals, counts as
/// integers; `monte_carlo` holds the Monte Carlo results when there are some (means rounded to
/// cents, halves away from zero).
///
/// # Errors
/// Only if JSON serialization fails, which it does not for these types.
pub fn to_json(scenario: &Scenario, outcome: &Outcome, mc: Option<&MonteCarlo>) -> serde_json::Result<String> {
    json(scenario, outcome, mc, None)
}

/// [`to_json`] with, in `monte_carlo`, a `budget` object: the budget (`amount`, and the
/// `account` profile whose one account it is for, or `null` for the whole portfolio) and per plan
/// the bill's predictability: `chance_over` (the share of trials in which some month's bill is
/// above the budget), `month_p90_over_p50` and `peak_over_average` (numbers rounded to 4
/// decimals; `null` where they do not exist).
///
/// # Errors
/// Only if JSON serialization fails, which it does not for these types.
pub fn to_json_with_budget(
    scenario: &Scenario,
    outcome: &Outcome,
    mc: &MonteCarlo,
    budget: &Budget,
) -> serde_json::Result<String> {
    json(scenario, outcome, Some(mc), Some(budget))
}

fn json(
    scenario: &Scenario,
    outcome: &Outcome,
    mc: Option<&MonteCarlo>,
    budget: Option<&Budget>,
) -> serde_json::Result<String> {
    let doc = JsonOutcome {
        format: crate::model::FORMAT,
        scenario: &scenario.name,
        currency: &scenario.currency,
        months: outcome.months.iter().map(ToString::to_string).collect(),
        accounts: outcome
            .accounts
            .iter()
            .map(|a| JsonAccount {
                name: &a.name,
                count: a.count,
                conversations: a.months.iter().map(|u| u.conversations).collect(),
                ai_conversations: a.months.iter().map(|u| u.ai_conversations).collect(),
                resolutions: a.months.iter().map(|u| u.resolutions).collect(),
                seats: a.months.iter().map(|u| u.seats).collect(),
            })
            .collect(),
        plans: outcome
            .plans
            .iter()
            .map(|p| JsonPlan {
                name: &p.name,
                billed: money(&p.billed),
                total: cents(p.total),
                cost: money(&outcome.cost),
                margin: cents(p.margin),
                accounts: p
                    .accounts
                    .iter()
                    .map(|b| JsonBill {
                        name: &b.name,
                        billed: money(&b.billed),
                        total: cents(b.total),
                        lines: b.lines.iter().map(|l| JsonLine { name: &l.name, billed: money(&l.billed) }).collect(),
                    })
                    .collect(),
            })
            .collect(),
        monte_carlo: mc.map(|mc| JsonMonteCarlo {
            trials: mc.trials,
            seed: mc.seed,
            plans: mc
                .plans
                .iter()
                .map(|p| JsonPlanSpread {
                    name: &p.name,
                    monthly: p.monthly.as_slice().into(),
                    total: (&p.total).into(),
                })
                .collect(),
            budget: budget.map(|budget| JsonBudget {
                amount: cents(budget.amount),
                account: budget.account.and_then(|a| scenario.accounts.get(a)).map(|a| a.name.as_str()),
                plans: mc.plans.iter().map(|p| JsonPlanBudget::new(p, budget)).collect(),
            }),
        }),
    };
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

/// The results as CSV: one row per plan, account profile and month (SPEC §5). With Monte Carlo
/// results, four more columns give the plan's portfolio bill that month across the trials:
/// `portfolio_mean`, `portfolio_p10`, `portfolio_p50`, `portfolio_p90`.
///
/// # Errors
/// Only if writing to memory fails, which it does not.
pub fn to_csv(outcome: &Outcome, mc: Option<&MonteCarlo>) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
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
    w.write_record(&header)?;
    for (p, plan) in outcome.plans.iter().enumerate() {
        let spreads = mc.and_then(|mc| mc.plans.get(p)).map(|s| s.monthly.as_slice());
        for (bill, usage) in plan.accounts.iter().zip(&outcome.accounts) {
            let count = Decimal::from(bill.count);
            for (m, ((month, u), each)) in outcome.months.iter().zip(&usage.months).zip(&bill.billed).enumerate() {
                let mut row = vec![
                    plan.name.clone(),
                    bill.name.clone(),
                    bill.count.to_string(),
                    month.to_string(),
                    u.conversations.to_string(),
                    u.ai_conversations.to_string(),
                    u.resolutions.to_string(),
                    u.seats.to_string(),
                    cents(*each),
                    cents(count.saturating_mul(*each)),
                ];
                if let Some(s) = spreads.and_then(|s| s.get(m)) {
                    row.extend([cents(s.mean), cents(s.p10), cents(s.p50), cents(s.p90)]);
                }
                w.write_record(&row)?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

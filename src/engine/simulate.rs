//! The deterministic simulation of a whole scenario: usage, bills, portfolio totals, vendor cost
//! and the customer's support cost.

use super::billing::{self, Biller, Overflow};
use super::transition::{TransitionOutcome, simulate_transition};
use super::usage::{self, MonthUsage};
use crate::model::money::round2;
use crate::model::{Account, Plan, Problem, Scenario, YearMonth, validate};
use rust_decimal::Decimal;

/// Everything the deterministic simulation computes: what the GUI plots and the CLI prints.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The simulated calendar months.
    pub months: Vec<YearMonth>,
    /// Usage of one account of each profile, in the scenario's order.
    pub accounts: Vec<AccountUsage>,
    /// Each plan's bills, in the scenario's order (the first is the baseline).
    pub plans: Vec<PlanOutcome>,
    /// The vendor's cost to serve the portfolio each month (the same whatever the plan).
    pub cost: Vec<Decimal>,
    /// Each transition's results, in the scenario's order: result lines after the plans
    /// (docs/semantics.md §8).
    pub transitions: Vec<TransitionOutcome>,
}

/// One account profile's usage.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountUsage {
    /// The profile's name.
    pub name: String,
    /// How many identical accounts it stands for.
    pub count: u64,
    /// One account's usage, month by month.
    pub months: Vec<MonthUsage>,
}

/// One plan's bills.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanOutcome {
    /// The plan's name.
    pub name: String,
    /// The portfolio's bill each month: the sum over profiles of `count × bill`.
    pub billed: Vec<Decimal>,
    /// The portfolio's bill over the horizon.
    pub total: Decimal,
    /// The portfolio's margin over the horizon: total billed minus total cost.
    pub margin: Decimal,
    /// The customers' total support cost each month: bills plus seats × agent cost, over the portfolio.
    pub support_cost: Vec<Decimal>,
    /// One account's bill for each profile, in the scenario's order.
    pub accounts: Vec<AccountBill>,
}

/// One account's bill under one plan.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountBill {
    /// The profile's name.
    pub name: String,
    /// How many identical accounts the profile stands for.
    pub count: u64,
    /// The bill each month: the sum of the lines.
    pub billed: Vec<Decimal>,
    /// The bill over the horizon.
    pub total: Decimal,
    /// The lines: charges, then each commitment's payment line and each commit's credit line.
    pub lines: Vec<Line>,
}

/// One line of a bill, month by month.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The charge's or commitment's name (`"<name> credit"` for a commit's credit line).
    pub name: String,
    /// The line's amount each month.
    pub billed: Vec<Decimal>,
}

/// Runs the deterministic simulation of a scenario (docs/format.md).
///
/// # Errors
/// Every validation problem of the scenario; or, for a valid scenario, the first quantity or
/// amount too large to compute, with the field path of the account or plan line where it happens.
///
/// # Example
/// ```
/// let text = r#"(format: 1, name: "T", start: "2024-01", months: 2,
///     accounts: [(name: "A", count: 3, conversations: 1000,
///                 ai_involvement: (start: 0.8, end: 0.8, months: 0),
///                 resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
///     plans: [(name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])])"#;
/// let outcome = pricelab::engine::simulate(&pricelab::model::from_ron(text).unwrap()).unwrap();
/// // 1000 × 0.8 × 0.5 = 400 resolutions × 0.99 = 396.00 per account, × 3 accounts, × 2 months.
/// assert_eq!(outcome.plans[0].total.to_string(), "2376.00");
/// ```
pub fn simulate(scenario: &Scenario) -> Result<Outcome, Vec<Problem>> {
    workload(scenario)?.into_outcome(scenario).map_err(|p| vec![p])
}

/// What every plan bills: the months, every profile's usage and the vendor's cost, the same
/// under every plan. [`Workload::plan`] then bills one plan at a time, so that a large output
/// can be written plan by plan without every plan's bills in memory at once.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    /// The simulated calendar months.
    pub months: Vec<YearMonth>,
    /// Usage of one account of each profile, in the scenario's order.
    pub accounts: Vec<AccountUsage>,
    /// The vendor's cost to serve the portfolio each month.
    pub cost: Vec<Decimal>,
    total_cost: Decimal,
}

/// Validates the scenario and computes its [`Workload`].
///
/// # Errors
/// As [`simulate`], for what comes before billing.
pub fn workload(scenario: &Scenario) -> Result<Workload, Vec<Problem>> {
    let problems = validate(scenario);
    if !problems.is_empty() {
        return Err(problems);
    }
    workload_of_valid(scenario).map_err(|p| vec![p])
}

impl Workload {
    /// The vendor's cost to serve the portfolio over the horizon.
    #[must_use]
    pub fn total_cost(&self) -> Decimal {
        self.total_cost
    }

    /// Bills plan `p` of `scenario` (the scenario this workload was computed from).
    ///
    /// # Errors
    /// The first amount too large to compute, with the plan's field path.
    pub fn plan(&self, scenario: &Scenario, p: usize) -> Result<PlanOutcome, Problem> {
        let plan = scenario.plans.get(p).ok_or_else(|| Problem::field("plans", format!("there is no plan {p}")))?;
        simulate_plan(scenario, p, plan, &self.accounts, self.total_cost)
    }

    /// Simulates transition `t` of `scenario` (the scenario this workload was computed from):
    /// docs/semantics.md §8.
    ///
    /// # Errors
    /// The first amount too large to compute, with the transition's field path.
    pub fn transition(&self, scenario: &Scenario, t: usize) -> Result<TransitionOutcome, Problem> {
        simulate_transition(scenario, t, &self.accounts)
    }

    /// Bills every plan of `scenario` and simulates every transition: the whole [`Outcome`].
    ///
    /// # Errors
    /// As [`Workload::plan`] and [`Workload::transition`].
    pub fn into_outcome(self, scenario: &Scenario) -> Result<Outcome, Problem> {
        let plans = (0..scenario.plans.len()).map(|p| self.plan(scenario, p)).collect::<Result<Vec<_>, _>>()?;
        let transitions =
            (0..scenario.transitions.len()).map(|t| self.transition(scenario, t)).collect::<Result<Vec<_>, _>>()?;
        Ok(Outcome { months: self.months, accounts: self.accounts, plans, cost: self.cost, transitions })
    }
}

pub(crate) fn workload_of_valid(scenario: &Scenario) -> Result<Workload, Problem> {
    let n = usize::try_from(scenario.months).unwrap_or(0);
    let months: Vec<YearMonth> = (0..scenario.months).map(|m| scenario.start.plus(m)).collect();
    let recorded = crate::model::history::recorded_by_profile(scenario);
    let accounts = scenario
        .accounts
        .iter()
        .zip(&recorded)
        .enumerate()
        .map(|(i, (a, recorded))| {
            let usage = match recorded {
                Some(recorded) => usage::deterministic_after(a, scenario.start, scenario.months, recorded),
                None => usage::deterministic(a, scenario.start, scenario.months),
            }
            .map_err(|e| Problem::field(format!("accounts[{i}]"), format!("\"{}\": {e}", a.name)))?;
            Ok(AccountUsage { name: a.name.clone(), count: a.count, months: usage })
        })
        .collect::<Result<Vec<_>, Problem>>()?;

    let cost_overflow = || Problem::field("costs.per_ai_conversation", "the vendor's cost is too large to compute");
    let mut cost = vec![Decimal::ZERO; n];
    for (m, slot) in cost.iter_mut().enumerate() {
        let mut sum = Decimal::ZERO;
        for a in &accounts {
            let ai = Decimal::from(a.count)
                .checked_mul(Decimal::from(a.months[m].ai_conversations))
                .and_then(|x| x.checked_mul(scenario.costs.per_ai_conversation))
                .ok_or_else(cost_overflow)?;
            sum = sum.checked_add(ai).ok_or_else(cost_overflow)?;
        }
        *slot = round2(sum);
    }
    let total_cost = sum(&cost).ok_or_else(cost_overflow)?;
    Ok(Workload { months, accounts, cost, total_cost })
}

fn simulate_plan(
    scenario: &Scenario,
    p: usize,
    plan: &Plan,
    accounts: &[AccountUsage],
    total_cost: Decimal,
) -> Result<PlanOutcome, Problem> {
    let n = usize::try_from(scenario.months).unwrap_or(0);
    let names = billing::line_names(plan);
    let mut billed = vec![Decimal::ZERO; n];
    let mut support_cost = vec![Decimal::ZERO; n];
    let mut bills = Vec::with_capacity(accounts.len());
    for (usage, account) in accounts.iter().zip(&scenario.accounts) {
        let bill = bill_account(plan, &names, usage).map_err(|(m, what)| {
            Problem::field(
                format!("plans[{p}]"),
                format!(
                    "\"{}\": the {what} for account \"{}\" in {} is too large to compute",
                    plan.name,
                    usage.name,
                    scenario.start.plus(m)
                ),
            )
        })?;
        add_portfolio(account, usage, &bill, &mut billed, &mut support_cost).map_err(|()| {
            Problem::field(
                format!("plans[{p}]"),
                format!("\"{}\": the portfolio's bill is too large to compute", plan.name),
            )
        })?;
        bills.push(bill);
    }
    let too_large =
        || Problem::field(format!("plans[{p}]"), format!("\"{}\": the total is too large to compute", plan.name));
    let total = sum(&billed).ok_or_else(too_large)?;
    let margin = total.checked_sub(total_cost).ok_or_else(too_large)?;
    Ok(PlanOutcome { name: plan.name.clone(), billed, total, margin, support_cost, accounts: bills })
}

/// Bills one account month by month; on overflow, the month and what overflowed.
fn bill_account(plan: &Plan, names: &[String], usage: &AccountUsage) -> Result<AccountBill, (u32, &'static str)> {
    let n = usage.months.len();
    let mut biller = Biller::new(plan).map_err(|Overflow| (0, "commitment payment"))?;
    let mut lines: Vec<Line> =
        names.iter().map(|name| Line { name: name.clone(), billed: Vec::with_capacity(n) }).collect();
    let mut billed = Vec::with_capacity(n);
    for (m, month) in (0_u32..).zip(&usage.months) {
        let month_lines = biller.month(m, month).map_err(|Overflow| (m, "bill"))?;
        for (line, amount) in lines.iter_mut().zip(month_lines) {
            line.billed.push(*amount);
        }
        billed.push(billing::bill(month_lines).map_err(|Overflow| (m, "bill"))?);
    }
    let total = sum(&billed).ok_or((0, "total"))?;
    Ok(AccountBill { name: usage.name.clone(), count: usage.count, billed, total, lines })
}

/// Adds `count ×` an account's bill and support cost to the portfolio's months.
fn add_portfolio(
    account: &Account,
    usage: &AccountUsage,
    bill: &AccountBill,
    billed: &mut [Decimal],
    support_cost: &mut [Decimal],
) -> Result<(), ()> {
    if usage.count == 0 {
        return Ok(());
    }
    let count = Decimal::from(usage.count);
    for (m, (month, amount)) in usage.months.iter().zip(&bill.billed).enumerate() {
        let portfolio = count.checked_mul(*amount).ok_or(())?;
        billed[m] = billed[m].checked_add(portfolio).ok_or(())?;
        let seats = Decimal::from(month.seats).checked_mul(account.agent_cost).ok_or(())?;
        let support = amount.checked_add(seats).and_then(|s| s.checked_mul(count)).ok_or(())?;
        support_cost[m] = support_cost[m].checked_add(support).ok_or(())?;
    }
    Ok(())
}

fn sum(values: &[Decimal]) -> Option<Decimal> {
    values.iter().try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v))
}

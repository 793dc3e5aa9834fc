//! A customer's quote (docs/quote.md): what one customer pays and saves under each plan over a
//! contract that starts in a month the salesperson chooses — never the vendor's cost or margin.
//!
//! The customer is one account of a profile (billed as in docs/format.md, with Monte Carlo
//! bands when the scenario has trials), or a customer typed in on the spot, modelled exactly as
//! typed. The contract's first month is the customer's month 0: a
//! profile's assumptions describe the customer as the contract starts; a customer with recorded
//! usage continues its history instead.

//!
//! The quote is figures only; `io::quote::words` says them in sentences (the PDF, the JSON and
//! the app's Quote tab).

mod customer;
pub mod recommend;
#[cfg(test)]
pub(crate) mod tests;

use super::Error;
use super::compare::{self, Year};
use super::monte_carlo::{self, Progress};
use crate::model::money::round2;
use crate::model::{Account, Commitment, Metric, Plan, Scenario, YearMonth};
use recommend::{Recommendation, Sizes};
use rust_decimal::Decimal;

/// How far after a scenario's start a recorded customer's quote may begin (100 years): its
/// projection is worked out month by month up to there.
pub const MAX_MONTHS_AHEAD: u32 = 1200;

/// How a typed-in customer's team is staffed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Team {
    /// The seats typed in, every month of the contract.
    Fixed,
    /// The seats typed in for the first term, then re-sized at each renewal to the busiest
    /// month's conversations the AI leaves to people.
    Staffed {
        /// Human conversations one seat handles in a month; above 0.
        conversations_per_seat: f64,
        /// Fewest seats after a renewal.
        minimum: u64,
        /// Months between renewals, at least 1.
        term_months: u32,
    },
}

/// Who the quote is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Customer {
    /// One account of the profile at this index.
    Profile(usize),
    /// A customer typed in: what the salesperson typed is what is modelled; the rest of its
    /// assumptions (season, growth, the AI's ramps) are those of the profile `from`.
    Custom {
        /// The profile whose other assumptions it takes.
        from: usize,
        /// The customer's name.
        name: String,
        /// Conversations in a month of seasonality 1.0, as the contract starts.
        conversations: f64,
        /// Seats as the contract starts.
        seats: u64,
        /// How the team is staffed from there.
        team: Team,
        /// What a seat costs the customer a month.
        agent_cost: Decimal,
    },
}

/// What to quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The customer.
    pub customer: Customer,
    /// The plans offered, by index (every plan when empty).
    pub plans: Vec<usize>,
    /// The customer's monthly budget, if any.
    pub budget: Option<Decimal>,
    /// The contract's first month (`None`: the scenario's start).
    pub from: Option<YearMonth>,
    /// The contract's length in months (`None`: the scenario's months).
    pub months: Option<u32>,
    /// Recommend a size of each offered plan's first bundle or commit (`None`: no).
    pub recommend: Option<Sizes>,
}

impl Request {
    /// A quote of `customer` under every plan, over the scenario's months from its start.
    #[must_use]
    pub fn new(customer: Customer) -> Self {
        Self { customer, plans: Vec::new(), budget: None, from: None, months: None, recommend: None }
    }
}

/// One contract year against a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearOver {
    /// The chance that a month's bill of the year is above the budget (0 to 1).
    pub chance: Decimal,
    /// The expected number of months of the year billed above it.
    pub months: Decimal,
}

/// One plan's quote.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanQuote {
    /// The plan's name.
    pub name: String,
    /// The plan itself, whose prices and terms the proposal states.
    pub plan: Plan,
    /// What the plan counts: the metrics of its charges and commitments, in the format's order.
    pub metrics: Vec<Metric>,
    /// The bill each month (the expected usage's).
    pub monthly: Vec<Decimal>,
    /// Each month's P10 and P90 bill across the trials (none without trials).
    pub band: Option<Vec<(Decimal, Decimal)>>,
    /// Each contract year's bill.
    pub yearly: Vec<Decimal>,
    /// The bill over the contract.
    pub total: Decimal,
    /// The largest monthly bill and its month index (the first such month), none without months.
    pub highest: Option<(usize, Decimal)>,
    /// The customer's total cost of support over the contract: the bills plus seats × agent cost.
    pub support_cost: Vec<Decimal>,
    /// [`PlanQuote::support_cost`] added up.
    pub support_total: Decimal,
    /// The baseline's bill minus this plan's, over the contract (positive: the customer saves).
    /// The seats are the same under every plan, so this is also the saving on the total cost of
    /// support.
    pub saving: Decimal,
    /// The saving in % of the baseline's bill (none when that is 0).
    pub saving_pct: Option<Decimal>,
    /// The saving in % of the baseline's total cost of support (none when that is 0).
    pub support_saving_pct: Option<Decimal>,
    /// Per contract year, against the budget (none without one).
    pub over_budget: Option<Vec<YearOver>>,
}

/// A customer's quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The customer's name (the profile's, or the one typed in).
    pub customer: String,
    /// The profile the customer is (or takes its assumptions from).
    pub profile: String,
    /// The scenario's name.
    pub scenario: String,
    /// The currency code.
    pub currency: String,
    /// The months of the contract.
    pub months: Vec<YearMonth>,
    /// The contract years.
    pub years: Vec<Year>,
    /// The plans offered, in the scenario's order.
    pub plans: Vec<PlanQuote>,
    /// The baseline plan (the scenario's first) the savings are against, offered or not.
    pub baseline: PlanQuote,
    /// Monte Carlo trials behind the bands and budget chances (0: none).
    pub trials: u64,
    /// The budget, if one was given.
    pub budget: Option<Decimal>,
    /// The customer's seats each month (the same under every plan).
    pub seats: Vec<u64>,
    /// The customer's conversations each month (the expected usage's).
    pub conversations: Vec<u64>,
    /// The conversations the AI agent resolves each month (the expected usage's).
    pub resolutions: Vec<u64>,
    /// The customer as modelled from the contract's first month (one account): its volume,
    /// growth, season, the AI's ramps and how its team is staffed.
    pub account: Account,
    /// How many of the contract's first months are the customer's recorded usage (none
    /// without any).
    pub recorded_months: Option<u32>,
    /// What a seat costs the customer a month.
    pub agent_cost: Decimal,
    /// Per offered plan with a bundle or a commit, the size that costs the customer least (when
    /// asked for).
    pub recommendations: Vec<Recommendation>,
}

impl Quote {
    /// The seats in the first and the last month.
    #[must_use]
    pub fn seats_first_last(&self) -> (u64, u64) {
        (self.seats.first().copied().unwrap_or(0), self.seats.last().copied().unwrap_or(0))
    }
}

/// The quote `request` asks for.
///
/// # Errors
/// An unknown profile or plan, a start month a recorded customer cannot be quoted from, the
/// problems of the scenario or of the customer typed in, or a cancelled Monte Carlo run.
pub fn quote(scenario: &Scenario, request: &Request, progress: &dyn Progress) -> Result<Quote, Error> {
    let (one, profile) = customer::one_account(scenario, request)?;
    if let Some(&p) = request.plans.iter().find(|&&p| p >= scenario.plans.len()) {
        return Err(Error::Unknown(format!("there is no plan {p}")));
    }
    let outcome = super::simulate(&one).map_err(Error::Invalid)?;
    let trials = one.simulation.trials;
    let mc = if trials > 0 { Some(monte_carlo::run(&one, trials, one.simulation.seed, progress)?) } else { None };
    let years = compare::years(&outcome.months);
    let budget = request.budget;
    let base_bill = outcome.plans.first().map_or(Decimal::ZERO, |p| p.total);
    let base_support: Decimal = outcome.plans.first().map_or(Decimal::ZERO, |p| p.support_cost.iter().sum());
    let pct = |part: Decimal, of: Decimal| (!of.is_zero()).then(|| round2(part * Decimal::ONE_HUNDRED / of));
    let plan_quote = |p: usize| -> PlanQuote {
        let plan = &outcome.plans[p];
        let spread = mc.as_ref().and_then(|mc| mc.plans.get(p));
        let support_total: Decimal = plan.support_cost.iter().sum();
        let saving = base_bill - plan.total;
        PlanQuote {
            name: plan.name.clone(),
            plan: one.plans[p].clone(),
            metrics: counted(&one.plans[p]),
            monthly: plan.billed.clone(),
            band: spread.map(|s| s.monthly.iter().map(|m| (m.p10, m.p90)).collect()),
            yearly: years.iter().map(|y| plan.billed[y.months.clone()].iter().sum()).collect(),
            total: plan.total,
            highest: plan.billed.iter().enumerate().rev().max_by_key(|(_, v)| **v).map(|(m, v)| (m, *v)),
            support_cost: plan.support_cost.clone(),
            support_total,
            saving,
            saving_pct: pct(saving, base_bill),
            support_saving_pct: pct(saving, base_support),
            over_budget: budget.map(|b| {
                years
                    .iter()
                    .map(|y| match spread {
                        Some(s) => over_in_trials(s, y, b),
                        None => over_expected(&plan.billed[y.months.clone()], b),
                    })
                    .collect()
            }),
        }
    };
    let chosen: Vec<usize> =
        if request.plans.is_empty() { (0..scenario.plans.len()).collect() } else { request.plans.clone() };
    let usage = &outcome.accounts[0];
    let account = &one.accounts[0];
    let mut q = Quote {
        customer: account.name.clone(),
        profile,
        scenario: scenario.name.clone(),
        currency: scenario.currency.clone(),
        months: outcome.months.clone(),
        plans: chosen.iter().map(|&p| plan_quote(p)).collect(),
        baseline: plan_quote(0),
        years,
        trials,
        budget,
        seats: usage.months.iter().map(|u| u.seats).collect(),
        conversations: usage.months.iter().map(|u| u.conversations).collect(),
        resolutions: usage.months.iter().map(|u| u.resolutions).collect(),
        account: account.clone(),
        recorded_months: one.history.as_ref().and_then(|h| h.recorded.as_ref()).map(|r| r.months),
        agent_cost: account.agent_cost,
        recommendations: Vec::new(),
    };
    if let Some(sizes) = &request.recommend {
        q.recommendations = recommend::recommend(&one, &usage.months, &chosen, sizes, progress)?;
    }
    Ok(q)
}

/// The metrics `plan` counts (its charges' and commitments'), in the format's order.
fn counted(plan: &Plan) -> Vec<Metric> {
    Metric::ALL
        .into_iter()
        .filter(|m| {
            plan.charges.iter().any(|c| c.metric() == Some(*m))
                || plan.commitments.iter().any(|c| match c {
                    Commitment::Bundle { metric, .. } => metric == m,
                    Commitment::Commit { covers, .. } | Commitment::Cap { covers, .. } => covers.contains(m),
                    Commitment::Minimum { .. } => false,
                })
        })
        .collect()
}

/// Over `budget` in the trials: the share of the year's month-bills above it, and the mean
/// number of the year's months above it per trial.
fn over_in_trials(spread: &monte_carlo::PlanSpread, year: &Year, budget: Decimal) -> YearOver {
    let (chance, months) = spread.months_over(year.months.clone(), budget);
    YearOver { chance, months }
}

/// Over `budget` without trials: the months of the year whose expected bill is above it.
fn over_expected(bills: &[Decimal], budget: Decimal) -> YearOver {
    let over = Decimal::from(u64::try_from(bills.iter().filter(|b| **b > budget).count()).unwrap_or(0));
    let months = Decimal::from(u64::try_from(bills.len()).unwrap_or(0));
    YearOver { chance: if months.is_zero() { Decimal::ZERO } else { over / months }, months: over }
}

//! A customer's quote (SPEC §9): what one account pays and saves under each plan — never the
//! vendor's cost or margin. Its figures are those of one account of a profile (SPEC §3, and §4
//! when the scenario has trials), or of a customer typed in on the spot from a profile's
//! assumptions.

use super::analysis::{self, Year};
use super::monte_carlo::{self, Progress};
use crate::model::money::round2;
use crate::model::{History, Problem, Recorded, Scenario, Seats, YearMonth};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Who the quote is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Customer {
    /// One account of the profile at this index.
    Profile(usize),
    /// A customer typed in: its name, monthly conversations, seats today and agent cost, the
    /// rest of its assumptions (season, growth, the AI's ramps, how its team is staffed) those of
    /// the profile `from`.
    Custom {
        /// The profile whose other assumptions it takes.
        from: usize,
        /// The customer's name.
        name: String,
        /// Conversations in a month of seasonality 1.0, at the start.
        conversations: f64,
        /// Seats today.
        seats: u64,
        /// What a seat costs the customer a month.
        agent_cost: Decimal,
    },
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanQuote {
    /// The plan's name.
    pub name: String,
    /// The bill each month (the expected usage's).
    pub monthly: Vec<Decimal>,
    /// Each month's P10 and P90 bill across the trials (none without trials).
    pub band: Option<Vec<(Decimal, Decimal)>>,
    /// Each contract year's bill.
    pub yearly: Vec<Decimal>,
    /// The bill over the horizon.
    pub total: Decimal,
    /// The customer's total cost of support over the horizon: the bills plus seats × agent cost.
    pub support_cost: Decimal,
    /// The baseline's support cost minus this plan's (positive: the customer saves).
    pub saving: Decimal,
    /// The saving in % of the baseline's support cost (none when that is 0).
    pub saving_pct: Option<Decimal>,
    /// Per contract year, against the budget (none without one).
    pub over_budget: Option<Vec<YearOver>>,
}

/// A customer's quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The customer.
    pub customer: String,
    /// The scenario's name.
    pub scenario: String,
    /// The currency code.
    pub currency: String,
    /// The months quoted.
    pub months: Vec<YearMonth>,
    /// The contract years.
    pub years: Vec<Year>,
    /// The plans quoted, in the scenario's order.
    pub plans: Vec<PlanQuote>,
    /// The baseline plan (the scenario's first) the savings are against, quoted or not.
    pub baseline: PlanQuote,
    /// Monte Carlo trials behind the bands and budget chances (0: none).
    pub trials: u64,
    /// The budget, if one was given.
    pub budget: Option<Decimal>,
    /// The customer's seats in the first and last month (the decline that makes the saving).
    pub seats: (u64, u64),
    /// The assumptions, in sentences a customer reads.
    pub assumptions: Vec<String>,
}

/// Why a quote could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteError {
    /// No such profile or plan (the index given).
    Unknown(String),
    /// The scenario's (or the customer's) problems.
    Invalid(Vec<Problem>),
    /// Stopped.
    Cancelled,
}

/// The quote for `customer` under the plans at `plans` (every plan when empty), with `budget`.
///
/// # Errors
/// An unknown profile or plan, the problems of the scenario or of the customer typed in, or a
/// cancelled Monte Carlo run.
pub fn quote(
    scenario: &Scenario,
    customer: &Customer,
    plans: &[usize],
    budget: Option<Decimal>,
    progress: &dyn Progress,
) -> Result<Quote, QuoteError> {
    let one = one_account(scenario, customer)?;
    if let Some(&p) = plans.iter().find(|&&p| p >= scenario.plans.len()) {
        return Err(QuoteError::Unknown(format!("there is no plan {p}")));
    }
    let outcome = super::simulate(&one).map_err(QuoteError::Invalid)?;
    let trials = one.simulation.trials;
    let mc = if trials > 0 {
        Some(monte_carlo::run(&one, trials, one.simulation.seed, progress).map_err(|e| match e {
            monte_carlo::McError::Invalid(p) => QuoteError::Invalid(p),
            monte_carlo::McError::Cancelled => QuoteError::Cancelled,
        })?)
    } else {
        None
    };
    let years = analysis::years(&outcome.months);
    let support = |p: usize| outcome.plans.get(p).map_or(Decimal::ZERO, |plan| plan.support_cost.iter().sum());
    let base_support = support(0);
    let plan_quote = |p: usize| -> PlanQuote {
        let plan = &outcome.plans[p];
        let spread = mc.as_ref().and_then(|mc| mc.plans.get(p));
        let support_cost = support(p);
        let saving = base_support - support_cost;
        PlanQuote {
            name: plan.name.clone(),
            monthly: plan.billed.clone(),
            band: spread.map(|s| s.monthly.iter().map(|m| (m.p10, m.p90)).collect()),
            yearly: years.iter().map(|y| plan.billed[y.months.clone()].iter().sum()).collect(),
            total: plan.total,
            support_cost,
            saving,
            saving_pct: (!base_support.is_zero()).then(|| round2(saving * Decimal::ONE_HUNDRED / base_support)),
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
    let chosen: Vec<usize> = if plans.is_empty() { (0..scenario.plans.len()).collect() } else { plans.to_vec() };
    let usage = &outcome.accounts[0];
    let account = &one.accounts[0];
    Ok(Quote {
        customer: account.name.clone(),
        scenario: scenario.name.clone(),
        currency: scenario.currency.clone(),
        months: outcome.months.clone(),
        plans: chosen.iter().map(|&p| plan_quote(p)).collect(),
        baseline: plan_quote(0),
        years,
        trials,
        budget,
        seats: (usage.months.first().map_or(0, |u| u.seats), usage.months.last().map_or(0, |u| u.seats)),
        assumptions: assumptions(&one),
    })
}

/// The scenario of the customer alone: one account (count 1), with its recorded months if its
/// profile has them.
fn one_account(scenario: &Scenario, customer: &Customer) -> Result<Scenario, QuoteError> {
    let from = match customer {
        Customer::Profile(p) | Customer::Custom { from: p, .. } => *p,
    };
    let profile =
        scenario.accounts.get(from).ok_or_else(|| QuoteError::Unknown(format!("there is no profile {from}")))?;
    let mut account = profile.clone();
    account.count = 1;
    let mut history = None;
    match customer {
        Customer::Profile(_) => {
            // A recorded customer keeps its recorded months.
            if let Some(h) = &scenario.history
                && let Some(recorded) = &h.recorded
                && let Some(r) = recorded.accounts.iter().find(|r| r.name == account.name)
            {
                let alone = Recorded {
                    file: recorded.file.clone(),
                    start: recorded.start,
                    months: recorded.months,
                    accounts: vec![r.clone()],
                };
                history = Some(History { file: h.file.clone(), recorded: Some(Arc::new(alone)) });
            }
        }
        Customer::Custom { name, conversations, seats, agent_cost, .. } => {
            account.name.clone_from(name);
            account.conversations = *conversations;
            account.agent_cost = *agent_cost;
            account.seats = match account.seats {
                Seats::Fixed(_) => Seats::Fixed(*seats),
                Seats::Staffed { conversations_per_seat, minimum, term_months, .. } => {
                    Seats::Staffed { start: *seats, conversations_per_seat, minimum, term_months }
                }
            };
        }
    }
    Ok(Scenario {
        format: scenario.format,
        name: scenario.name.clone(),
        notes: String::new(),
        currency: scenario.currency.clone(),
        start: scenario.start,
        months: scenario.months,
        accounts: vec![account],
        plans: scenario.plans.clone(),
        costs: scenario.costs.clone(),
        simulation: scenario.simulation.clone(),
        history,
    })
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

/// The customer's assumptions in plain sentences.
fn assumptions(one: &Scenario) -> Vec<String> {
    let a = &one.accounts[0];
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let mut out = vec![format!(
        "About {} conversations a month at the start, {} a year{}.",
        thousands(a.conversations),
        if a.growth >= 0.0 { format!("growing {}", pct(a.growth)) } else { format!("shrinking {}", pct(-a.growth)) },
        if a.seasonality.iter().any(|s| (s - 1.0).abs() > 0.05) { ", busier in some months than others" } else { "" }
    )];
    let ramp = |r: &crate::model::Ramp| {
        if r.months == 0 || (r.start - r.end).abs() < 1e-9 {
            pct(r.end)
        } else {
            format!(
                "{}, {} to {} over {} months",
                pct(r.start),
                if r.end > r.start { "rising" } else { "falling" },
                pct(r.end),
                r.months
            )
        }
    };
    out.push(format!(
        "The AI agent handles {} of conversations, and resolves {} of those it handles.",
        ramp(&a.ai_involvement),
        ramp(&a.resolution_rate)
    ));
    out.push(match a.seats {
        Seats::Fixed(n) => format!("The team keeps {} seats.", thousands(n as f64)),
        Seats::Staffed { start, conversations_per_seat, minimum, term_months } => format!(
            "The team starts at {} seats and is re-sized every {term_months} months to the busiest month's conversations the AI leaves to people ({} per seat, at least {} seats).",
            thousands(start as f64),
            thousands(conversations_per_seat),
            thousands(minimum as f64)
        ),
    });
    if let Some(h) = one.history.as_ref().and_then(|h| h.recorded.as_ref()) {
        out.push(format!("The first {} months are the customer's recorded usage.", h.months));
    }
    if one.simulation.trials > 0 {
        out.push(format!(
            "Ranges (P10–P90) come from {} simulated years of varying volume and AI performance.",
            one.simulation.trials
        ));
    }
    out
}

/// A number of conversations written with thousands separators.
fn thousands(x: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // rounded, non-negative, small
    let n = x.max(0.0).round() as u128;
    crate::model::money::group_digits(&n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::monte_carlo::Silent;
    use crate::model::examples;

    fn portfolio() -> Scenario {
        let mut s = examples::ALL.iter().find(|e| e.file == "saas-portfolio.ron").unwrap().scenario().unwrap();
        s.months = 24;
        s.simulation.trials = 0;
        s
    }

    #[test]
    fn a_profiles_quote_is_one_account_of_the_simulation() {
        let s = portfolio();
        let full = crate::engine::simulate(&s).unwrap();
        let q = quote(&s, &Customer::Profile(1), &[], None, &Silent).unwrap();
        assert_eq!(q.customer, s.accounts[1].name);
        assert_eq!(q.plans.len(), s.plans.len());
        for (p, plan) in full.plans.iter().enumerate() {
            let one = &plan.accounts[1];
            assert_eq!(q.plans[p].monthly, one.billed, "{}", plan.name);
            assert_eq!(q.plans[p].total, one.total);
            assert_eq!(q.plans[p].yearly.iter().sum::<Decimal>(), one.total);
            // Support cost: the bills plus each month's seats × the agent cost.
            let seats: u64 = full.accounts[1].months.iter().map(|u| u.seats).sum();
            assert_eq!(q.plans[p].support_cost, one.total + Decimal::from(seats) * s.accounts[1].agent_cost);
        }
        assert_eq!(q.baseline, q.plans[0]);
        assert_eq!(q.plans[0].saving, Decimal::ZERO);
        assert!(q.plans[0].band.is_none() && q.plans[0].over_budget.is_none());
    }

    #[test]
    fn a_budget_counts_the_months_over_it_year_by_year() {
        let s = portfolio();
        let q = quote(&s, &Customer::Profile(0), &[1], Some(Decimal::ZERO), &Silent).unwrap();
        assert_eq!(q.plans.len(), 1);
        let over = q.plans[0].over_budget.as_ref().unwrap();
        assert_eq!(over.len(), 2);
        assert_eq!((over[0].chance, over[0].months), (Decimal::ONE, Decimal::from(12)));
        // With trials: a budget above every bill is never exceeded; the months are counted per trial.
        let mut s = s;
        s.simulation.trials = 50;
        s.simulation.volume_noise = 0.2;
        let median = quote(&s, &Customer::Profile(0), &[1], None, &Silent).unwrap().plans[0].monthly[6];
        let q = quote(&s, &Customer::Profile(0), &[1], Some(median), &Silent).unwrap();
        let over = q.plans[0].over_budget.as_ref().unwrap();
        assert!(over[0].chance > Decimal::ZERO && over[0].chance < Decimal::ONE, "{over:?}");
        assert_eq!(over[0].months, over[0].chance * Decimal::from(12));
        let band = q.plans[0].band.as_ref().unwrap();
        assert!(band.iter().all(|(p10, p90)| p10 <= p90));
        let never = quote(&s, &Customer::Profile(0), &[1], Some(Decimal::from(1_000_000_000)), &Silent).unwrap();
        assert_eq!(never.plans[0].over_budget.as_ref().unwrap()[1].chance, Decimal::ZERO);
    }

    #[test]
    fn a_customer_typed_in_takes_the_rest_from_its_profile() {
        let s = examples::DEFAULT.scenario().unwrap();
        let custom = Customer::Custom {
            from: 0,
            name: "Acme".into(),
            conversations: 50_000.0,
            seats: 180,
            agent_cost: Decimal::from(4000),
        };
        let q = quote(&s, &custom, &[], None, &Silent).unwrap();
        assert_eq!(q.customer, "Acme");
        assert_eq!(q.seats.0, 180, "the team today");
        assert!(q.seats.1 < 180, "re-sized as the AI resolves more: {:?}", q.seats);
        // The saving is against the baseline's support cost, in money and in %.
        let p = &q.plans[2];
        assert_eq!(p.saving, q.baseline.support_cost - p.support_cost);
        assert_eq!(p.saving_pct, Some(round2(p.saving * Decimal::ONE_HUNDRED / q.baseline.support_cost)));
        assert!(q.assumptions[0].contains("50,000 conversations a month"), "{:?}", q.assumptions);
        assert_eq!(
            quote(&s, &Customer::Profile(9), &[], None, &Silent),
            Err(QuoteError::Unknown("there is no profile 9".into()))
        );
    }
}

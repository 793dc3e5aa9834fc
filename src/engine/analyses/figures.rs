//! The figures of an analysis point, computed with the least work: usage is computed once per
//! point that changes it, and a plan is re-billed only when the point changes it or its usage.
//! Bills are in whole cents where the plan allows it, in decimals otherwise
//! ([`billing::total_from`]); both give the deterministic simulation's figures exactly.

use super::param::Param;
use super::value::Value;
use crate::engine::billing;
use crate::engine::transition::{TransitionOutcome, simulate_transition, simulate_transition_of};
use crate::engine::{AccountUsage, Workload, usage, workload};
use crate::model::{Account, Plan, Problem, RecordedMonth, Scenario, validate, validate_account};
use rayon::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive as _;
use std::ops::Range;

/// One plan's figures over the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    /// The portfolio's bill.
    pub total: Decimal,
    /// The bill minus the vendor's cost.
    pub margin: Decimal,
    /// The customers' support cost: bills plus seats × agent cost.
    pub support_cost: Decimal,
}

/// What a bill is summed over: months, and the whole portfolio or one account of a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// One account of this profile (not multiplied by its count); `None`: the portfolio.
    pub account: Option<usize>,
    /// The months summed (indices from the start).
    pub months: Range<usize>,
}

/// A scenario's usage and what follows from it alone, ready to bill any plan.
#[derive(Debug, Clone)]
pub struct Usage {
    accounts: Vec<AccountUsage>,
    /// The vendor's cost to serve the portfolio each month.
    cost: Vec<Decimal>,
    /// The vendor's cost over the horizon.
    total_cost: Decimal,
    /// The portfolio's seats × agent cost over the horizon.
    seat_cost: Decimal,
}

impl Usage {
    /// The usage of a scenario, validated.
    ///
    /// # Errors
    /// Every problem of the scenario, or the first quantity too large to compute.
    pub fn of(scenario: &Scenario) -> Result<Self, Vec<Problem>> {
        Ok(Self::from_workload(scenario, workload(scenario)?))
    }

    fn from_workload(scenario: &Scenario, workload: Workload) -> Self {
        let total_cost = workload.total_cost();
        let seat_cost = workload
            .accounts
            .iter()
            .zip(&scenario.accounts)
            .map(|(usage, account)| {
                let seats: u128 = usage.months.iter().map(|m| u128::from(m.seats)).sum();
                Decimal::from_u128(seats)
                    .and_then(|s| s.checked_mul(account.agent_cost))
                    .and_then(|c| c.checked_mul(Decimal::from(usage.count)))
                    .unwrap_or(Decimal::MAX)
            })
            .fold(Decimal::ZERO, Decimal::saturating_add);
        Self { accounts: workload.accounts, cost: workload.cost, total_cost, seat_cost }
    }

    /// The vendor's cost to serve `scope`: the portfolio's monthly cost (docs/semantics.md §3)
    /// summed over its months, or for one account, its AI conversations × the cost of one,
    /// rounded to cents each month.
    ///
    /// # Errors
    /// A cost too large to compute.
    pub fn cost(&self, scenario: &Scenario, scope: &Scope) -> Result<Decimal, Problem> {
        let too_large = || Problem::field("costs.per_ai_conversation", "the vendor's cost is too large to compute");
        let months = scope.months.clone();
        let monthly: Vec<Decimal> = match scope.account {
            None => self.cost.get(months).map(<[Decimal]>::to_vec).unwrap_or_default(),
            Some(a) => {
                let usage = self.accounts.get(a).ok_or_else(too_large)?;
                let end = months.end.min(usage.months.len());
                usage
                    .months
                    .get(months.start.min(end)..end)
                    .unwrap_or_default()
                    .iter()
                    .map(|m| {
                        Decimal::from(m.ai_conversations)
                            .checked_mul(scenario.costs.per_ai_conversation)
                            .map(crate::model::money::round2)
                            .ok_or_else(too_large)
                    })
                    .collect::<Result<_, _>>()?
            }
        };
        monthly.iter().try_fold(Decimal::ZERO, |sum, c| sum.checked_add(*c).ok_or_else(too_large))
    }

    /// Plan `plan`'s bill over `scope`, in decimals.
    ///
    /// # Errors
    /// An amount too large to compute, at the plan `p`.
    pub fn bill(&self, p: usize, plan: &Plan, scope: &Scope) -> Result<Decimal, Problem> {
        let too_large = || bill_too_large(p, plan);
        let months = scope.months.clone();
        let one = |usage: &AccountUsage| account_bill(plan, usage, months.clone()).ok_or_else(too_large);
        match scope.account {
            Some(a) => one(self.accounts.get(a).ok_or_else(too_large)?),
            None => self
                .accounts
                .par_iter()
                .map(|usage| {
                    if usage.count == 0 {
                        return Ok(Decimal::ZERO);
                    }
                    one(usage)?.checked_mul(Decimal::from(usage.count)).ok_or_else(too_large)
                })
                .try_reduce(|| Decimal::ZERO, |a, b| a.checked_add(b).ok_or_else(too_large)),
        }
    }

    /// Plan `plan`'s figures over the horizon of `months` months.
    ///
    /// # Errors
    /// As [`Usage::bill`].
    pub fn figures(&self, p: usize, plan: &Plan, months: usize) -> Result<Figures, Problem> {
        let total = self.bill(p, plan, &Scope { account: None, months: 0..months })?;
        let too_large =
            || Problem::field(format!("plans[{p}]"), format!("\"{}\": the total is too large to compute", plan.name));
        Ok(Figures {
            total,
            margin: total.checked_sub(self.total_cost).ok_or_else(too_large)?,
            support_cost: total.checked_add(self.seat_cost).ok_or_else(too_large)?,
        })
    }
}

impl Usage {
    /// Transition `t` of `scenario` (whose usage this is) simulated (docs/semantics.md §8).
    ///
    /// # Errors
    /// An amount too large to compute, at the transition.
    pub fn transition(&self, scenario: &Scenario, t: usize) -> Result<TransitionOutcome, Problem> {
        simulate_transition(scenario, t, &self.accounts)
    }

    /// Profile `a`'s part of transition `t`'s total (its accounts' bills under the transition)
    /// with the horizon cut to the first `months` months: the profile simulated alone, as it
    /// does not depend on the others.
    ///
    /// # Errors
    /// As [`Usage::transition`].
    pub fn transition_part(&self, scenario: &Scenario, t: usize, a: usize, months: usize) -> Result<Decimal, Problem> {
        let missing = || Problem::field(format!("accounts[{a}]"), "no such profile");
        let account = scenario.accounts.get(a).ok_or_else(missing)?;
        let usage = self.accounts.get(a).ok_or_else(missing)?;
        let (accounts, usage) = (std::slice::from_ref(account), std::slice::from_ref(usage));
        Ok(simulate_transition_of(scenario, t, accounts, usage, months)?.line.total)
    }

    /// Transition `t`'s figures over the horizon, as a plan's: its total, its margin against its
    /// own cost (the accounts it keeps), the customers' support cost.
    ///
    /// # Errors
    /// As [`Usage::transition`].
    pub fn transition_figures(&self, scenario: &Scenario, t: usize) -> Result<Figures, Problem> {
        let outcome = self.transition(scenario, t)?;
        let support_cost = outcome.line.support_cost.iter().try_fold(Decimal::ZERO, |a, c| a.checked_add(*c));
        let too_large = || Problem::field(format!("transitions[{t}]"), "the support cost is too large to compute");
        Ok(Figures {
            total: outcome.line.total,
            margin: outcome.line.margin,
            support_cost: support_cost.ok_or_else(too_large)?,
        })
    }

    /// Every result line's figures over the horizon: the plans', then the transitions'.
    ///
    /// # Errors
    /// As [`Usage::figures`] and [`Usage::transition`].
    pub fn all_figures(&self, scenario: &Scenario) -> Result<Vec<Figures>, Problem> {
        let months = months(scenario);
        let mut figures = scenario
            .plans
            .iter()
            .enumerate()
            .map(|(p, plan)| self.figures(p, plan, months))
            .collect::<Result<Vec<_>, _>>()?;
        for t in 0..scenario.transitions.len() {
            figures.push(self.transition_figures(scenario, t)?);
        }
        Ok(figures)
    }
}

/// A transition's figure over `scope` from its outcome: its bill (the portfolio's, or one
/// account's expected bill of a profile), less its own cost when `margin` (portfolio only).
#[must_use]
pub fn transition_figure(outcome: &TransitionOutcome, scope: &Scope, margin: bool) -> Option<Decimal> {
    let months = scope.months.clone();
    let sum = |v: &[Decimal]| {
        v.get(months.start.min(v.len())..months.end.min(v.len()))?
            .iter()
            .try_fold(Decimal::ZERO, |a, x| a.checked_add(*x))
    };
    let bill = match scope.account {
        None => sum(&outcome.line.billed)?,
        Some(a) => sum(&outcome.line.accounts.get(a)?.billed)?,
    };
    if margin { bill.checked_sub(sum(&outcome.cost)?) } else { Some(bill) }
}

/// The problem of plan `p`'s bill too large to compute.
fn bill_too_large(p: usize, plan: &Plan) -> Problem {
    Problem::field(format!("plans[{p}]"), format!("\"{}\": a bill is too large to compute", plan.name))
}

/// The problem of transition `t`'s figures too large to compute.
fn transition_too_large(t: usize) -> Problem {
    Problem::field(format!("transitions[{t}]"), "a bill is too large to compute")
}

/// A profile's share of a plan's total over the horizon's `months` months: its count × one
/// account's bill, as [`Usage::bill`] sums it.
fn share(plan: &Plan, usage: &AccountUsage, months: usize) -> Option<Decimal> {
    if usage.count == 0 {
        return Some(Decimal::ZERO);
    }
    account_bill(plan, usage, 0..months)?.checked_mul(Decimal::from(usage.count))
}

/// One account's bill over `months`: in whole cents when the plan allows it, else in decimals.
fn account_bill(plan: &Plan, usage: &AccountUsage, months: Range<usize>) -> Option<Decimal> {
    let end = months.end.min(usage.months.len());
    let all = usage.months.get(..end)?;
    billing::total_from(plan, all, months.start)
}

/// The base of an analysis: the scenario, its usage and every plan's figures.
#[derive(Debug, Clone)]
pub struct Base<'a> {
    /// The scenario as it is.
    pub scenario: &'a Scenario,
    /// Its usage.
    pub usage: Usage,
    /// Every result line's figures: the plans', then the transitions'.
    pub figures: Vec<Figures>,
    /// Per result line, each profile's share of the total (a plan's: count × one account's
    /// bill; a transition's: the profile's part), worked out when a point first changes one
    /// profile alone.
    shares: std::sync::OnceLock<Result<Vec<Vec<Decimal>>, Problem>>,
    /// Per profile, its recorded months (docs/import.md), looked up when first needed.
    recorded: std::sync::OnceLock<Vec<Option<&'a [RecordedMonth]>>>,
}

/// A point of an analysis: the scenario with one parameter changed, and its usage.
pub struct Point {
    /// The changed scenario.
    pub scenario: Scenario,
    /// Its usage (`None`: the base's, the parameter changes a plan only).
    pub usage: Option<Usage>,
}

impl<'a> Base<'a> {
    /// The base of `scenario`.
    ///
    /// # Errors
    /// Every problem of the scenario, or the first amount too large to compute.
    pub fn new(scenario: &'a Scenario) -> Result<Self, Vec<Problem>> {
        let usage = Usage::of(scenario)?;
        let figures = usage.all_figures(scenario).map_err(|p| vec![p])?;
        Ok(Self { scenario, usage, figures, shares: std::sync::OnceLock::new(), recorded: std::sync::OnceLock::new() })
    }

    /// Every plan's total with profile `a` changed by `edit` alone: the profile is checked and
    /// simulated on its own and the other profiles' bills are the base's, so that a point costs
    /// one profile's work however large the portfolio (totals are sums of whole cents: exact).
    /// `edit` must not change the profile's count (which the size of a Monte Carlo run depends
    /// on) or name.
    ///
    /// # Errors
    /// What `edit` refuses (at `name`), the problems of the changed profile, or an amount too
    /// large to compute.
    pub fn totals_with_profile(
        &self,
        a: usize,
        name: &str,
        edit: impl FnOnce(&mut Account) -> Result<(), String>,
    ) -> Result<Vec<Decimal>, Vec<Problem>> {
        let original = self.scenario.accounts.get(a).ok_or_else(|| vec![Problem::field(name, "no such profile")])?;
        let mut account = original.clone();
        edit(&mut account).map_err(|m| vec![Problem::field(name, m)])?;
        let problems = validate_account(a, &account);
        if !problems.is_empty() {
            return Err(problems.into_iter().map(|p| p.named(self.scenario)).collect());
        }
        let recorded = self.recorded.get_or_init(|| crate::model::history::recorded_by_profile(self.scenario));
        let usage = match recorded.get(a).copied().flatten() {
            Some(recorded) => usage::deterministic_after(&account, self.scenario.start, self.scenario.months, recorded),
            None => usage::deterministic(&account, self.scenario.start, self.scenario.months),
        }
        .map_err(|e| vec![Problem::field(format!("accounts[{a}]"), format!("\"{}\": {e}", account.name))])?;
        let usage = AccountUsage { name: account.name.clone(), count: account.count, months: usage };
        let shares = self.shares.get_or_init(|| self.profile_shares()).as_ref().map_err(|p| vec![p.clone()])?;
        let months = months(self.scenario);
        let plans = self.scenario.plans.iter().enumerate().map(|(p, plan)| {
            let too_large = || vec![bill_too_large(p, plan)];
            Ok::<_, Vec<Problem>>((share(plan, &usage, months).ok_or_else(too_large)?, too_large()))
        });
        let transitions = (0..self.scenario.transitions.len()).map(|t| {
            let part = self.transition_share(t, &account, &usage).map_err(|p| vec![p])?;
            Ok((part, vec![transition_too_large(t)]))
        });
        plans
            .chain(transitions)
            .enumerate()
            .map(|(line, found)| {
                let (share, too_large) = found?;
                let old = shares.get(line).and_then(|s| s.get(a)).ok_or_else(|| too_large.clone())?;
                self.figures
                    .get(line)
                    .and_then(|f| f.total.checked_sub(*old))
                    .and_then(|t| t.checked_add(share))
                    .ok_or(too_large)
            })
            .collect()
    }

    /// Profile `account`'s part (with its `usage`) of transition `t`'s total.
    fn transition_share(&self, t: usize, account: &Account, usage: &AccountUsage) -> Result<Decimal, Problem> {
        let (accounts, usage) = (std::slice::from_ref(account), std::slice::from_ref(usage));
        Ok(simulate_transition_of(self.scenario, t, accounts, usage, months(self.scenario))?.line.total)
    }

    fn profile_shares(&self) -> Result<Vec<Vec<Decimal>>, Problem> {
        let months = months(self.scenario);
        let mut shares = self
            .scenario
            .plans
            .iter()
            .enumerate()
            .map(|(p, plan)| {
                self.usage
                    .accounts
                    .par_iter()
                    .map(|usage| share(plan, usage, months).ok_or_else(|| bill_too_large(p, plan)))
                    .collect()
            })
            .collect::<Result<Vec<Vec<Decimal>>, _>>()?;
        for t in 0..self.scenario.transitions.len() {
            shares.push(
                (0..self.scenario.accounts.len())
                    .into_par_iter()
                    .map(|a| self.usage.transition_part(self.scenario, t, a, months))
                    .collect::<Result<_, _>>()?,
            );
        }
        Ok(shares)
    }

    /// The scenario with `param` set to `value`, validated, with its usage when it differs.
    ///
    /// # Errors
    /// The problems of the changed scenario (a value out of its field's range among them).
    pub fn point(&self, param: Param, value: Value) -> Result<Point, Vec<Problem>> {
        self.point_with(param, |scenario| param.set(scenario, value))
    }

    /// The scenario changed by `edit` (which changes `param` only), validated, with its usage
    /// when it differs.
    ///
    /// # Errors
    /// What `edit` refuses, or the problems of the changed scenario.
    pub fn point_with(
        &self,
        param: Param,
        edit: impl FnOnce(&mut Scenario) -> Result<(), String>,
    ) -> Result<Point, Vec<Problem>> {
        let mut scenario = self.scenario.clone();
        edit(&mut scenario).map_err(|m| vec![Problem::field(param.name(self.scenario), m)])?;
        // The point's problems name what they concern, as its parameter does.
        let named = |problems: Vec<Problem>| problems.into_iter().map(|p| p.named(&scenario)).collect::<Vec<_>>();
        if !param.changes_usage() {
            let problems = validate(&scenario);
            if !problems.is_empty() {
                return Err(named(problems));
            }
            Ok(Point { scenario, usage: None })
        } else {
            let usage = Usage::of(&scenario).map_err(named)?;
            Ok(Point { scenario, usage: Some(usage) })
        }
    }

    /// Every result line's figures at `point` (for `param`), the plans' then the transitions':
    /// re-billed where the point changes them (a plan's price: that plan and the transitions from
    /// or to it; a transition's field: that transition; a profile's renewal: every transition).
    ///
    /// # Errors
    /// An amount too large to compute.
    pub fn figures_at(&self, param: Param, point: &Point) -> Result<Vec<Figures>, Problem> {
        let s = &point.scenario;
        if let Some(usage) = &point.usage {
            return usage.all_figures(s);
        }
        let mut figures = self.figures.clone();
        if let Some(p) = param.plan()
            && let (Some(slot), Some(plan)) = (figures.get_mut(p), s.plans.get(p))
        {
            *slot = self.usage.figures(p, plan, months(s))?;
        }
        for (t, transition) in s.transitions.iter().enumerate() {
            let changed = match param {
                Param::Plan(p, _) => {
                    s.plans.get(p).is_some_and(|plan| plan.name == transition.from || plan.name == transition.to)
                }
                Param::Transition(u, _) => u == t,
                _ => true,
            };
            if changed && let Some(slot) = figures.get_mut(s.plans.len() + t) {
                *slot = self.usage.transition_figures(s, t)?;
            }
        }
        Ok(figures)
    }

    /// Transition `t` simulated at `point`.
    ///
    /// # Errors
    /// An amount too large to compute.
    pub fn transition_at(&self, point: &Point, t: usize) -> Result<TransitionOutcome, Problem> {
        point.usage.as_ref().unwrap_or(&self.usage).transition(&point.scenario, t)
    }

    /// Plan `p`'s bill over `scope` at `point`.
    ///
    /// # Errors
    /// An amount too large to compute.
    pub fn bill_at(&self, point: &Point, p: usize, scope: &Scope) -> Result<Decimal, Problem> {
        let usage = point.usage.as_ref().unwrap_or(&self.usage);
        let plan =
            point.scenario.plans.get(p).ok_or_else(|| Problem::field("plans", format!("there is no plan {p}")))?;
        usage.bill(p, plan, scope)
    }
}

/// The scenario's months as a count.
#[must_use]
pub fn months(scenario: &Scenario) -> usize {
    usize::try_from(scenario.months).unwrap_or(0)
}

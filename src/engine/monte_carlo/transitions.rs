//! Transitions in the Monte Carlo (docs/semantics.md §8.7): in each trial every cohort keeps a
//! binomial number of its accounts, and each account instance is billed under `from` before its
//! cohort's move and, when it is kept, under `to` as a new contract from the move, on the trial's
//! own usage.
//!
//! Which instances form a cohort: a profile's instances in order, the cohorts of
//! [`crate::engine::transition::cohorts`] taking theirs in turn (cohort 0 the first, and so on).
//! Which are kept: the first `k` of the cohort's instances, `k` the trial's draw. The draws come
//! from a stream of each transition's own ([`super::transition_seed`]), so that a transition
//! changes nothing the plans draw.

use super::{Setup, TrialError, add_months, too_large};
use crate::engine::billing::PlanBiller;
use crate::engine::billing::fast::mul;
use crate::engine::sampling;
use crate::engine::transition::CohortMove;
use crate::engine::usage::MonthUsage;
use crate::model::Scenario;
use rand::SeedableRng as _;
use rand_xoshiro::Xoshiro256PlusPlus;
use rust_decimal::prelude::ToPrimitive as _;

/// What every thread shares of one transition.
pub(super) struct Moves {
    /// The plans, by index.
    from: usize,
    to: usize,
    /// Per profile, its cohorts in order.
    profiles: Vec<Vec<CohortMove>>,
    /// Per profile and cohort, the share kept as the probability of the draws.
    kept: Vec<Vec<f64>>,
}

impl Moves {
    /// Per profile, its cohorts.
    #[cfg(test)]
    pub(super) fn profiles(&self) -> &[Vec<CohortMove>] {
        &self.profiles
    }

    /// Every transition of a valid `scenario`, its cohorts found by the deterministic simulation.
    ///
    /// # Errors
    /// A problem of a transition when its deterministic bills cannot be computed.
    pub(super) fn of(scenario: &Scenario) -> Result<Vec<Self>, crate::model::Problem> {
        if scenario.transitions.is_empty() {
            return Ok(Vec::new());
        }
        let workload = crate::engine::simulate::workload_of_valid(scenario)?;
        let plan = |name: &str| scenario.plans.iter().position(|p| p.name == name).unwrap_or(0);
        scenario
            .transitions
            .iter()
            .enumerate()
            .map(|(t, transition)| {
                let profiles = crate::engine::transition::cohort_moves(scenario, t, &workload.accounts)?;
                let kept =
                    profiles.iter().map(|p| p.iter().map(|c| c.kept.to_f64().unwrap_or(1.0)).collect()).collect();
                Ok(Self { from: plan(&transition.from), to: plan(&transition.to), profiles, kept })
            })
            .collect()
    }
}

/// One thread's billing of every transition in a trial.
pub(super) struct Lines<'a> {
    lines: Vec<Line<'a>>,
    months: usize,
}

/// One transition's billers and one trial's sums.
struct Line<'a> {
    /// Full billers (linear charges included: instances are billed one by one) of `from` and `to`.
    from: PlanBiller<'a>,
    to: PlanBiller<'a>,
    /// Per month, what is billed in cents (whole-number billers) and in `10^-bill` (decimal ones).
    cents: Vec<i128>,
    billed: Vec<i128>,
    /// Per month, the AI conversations of the accounts still there.
    ai: Vec<u128>,
    /// Over the horizon, the seats × agent cost of the accounts still there, in `10^-support`.
    seat_cost: i128,
    /// Per profile and cohort, the accounts kept this trial.
    kept: Vec<Vec<u64>>,
    /// The cohort of the instance billed last, and the first instance of that cohort.
    cohort: usize,
    first: u64,
}

impl<'a> Lines<'a> {
    /// The billers of every transition of `setup`: `None` when a plan cannot be billed.
    pub(super) fn new(scenario: &'a Scenario, setup: &Setup) -> Option<Self> {
        let months = usize::try_from(scenario.months).unwrap_or(0);
        let biller = |p: usize| {
            let plan = scenario.plans.get(p)?;
            if setup.exact { PlanBiller::exact(plan).ok() } else { PlanBiller::new(plan).ok() }
        };
        let lines = setup
            .transitions
            .iter()
            .map(|moves| {
                Some(Line {
                    from: biller(moves.from)?,
                    to: biller(moves.to)?,
                    cents: vec![0; months],
                    billed: vec![0; months],
                    ai: vec![0; months],
                    seat_cost: 0,
                    kept: moves.profiles.iter().map(|p| vec![0; p.len()]).collect(),
                    cohort: 0,
                    first: 0,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self { lines, months })
    }

    /// Per profile and cohort, the accounts transition `t` keeps this trial.
    #[cfg(test)]
    pub(super) fn kept(&self, t: usize) -> &[Vec<u64>] {
        self.lines.get(t).map_or(&[], |l| l.kept.as_slice())
    }

    /// Whether there is no transition.
    pub(super) fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Starts trial `trial`: each cohort's kept accounts drawn, from the transition's own stream,
    /// in the order of profiles and then cohorts; the sums cleared.
    pub(super) fn start(&mut self, setup: &Setup, seed: u64, trial: u64) {
        for (t, (line, moves)) in self.lines.iter_mut().zip(&setup.transitions).enumerate() {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(super::transition_seed(seed, trial, t));
            for ((kept, cohorts), shares) in line.kept.iter_mut().zip(&moves.profiles).zip(&moves.kept) {
                for ((k, cohort), share) in kept.iter_mut().zip(cohorts).zip(shares) {
                    *k = sampling::binomial(cohort.accounts, *share, &mut rng);
                }
            }
            line.cents.fill(0);
            line.billed.fill(0);
            line.ai.fill(0);
            line.seat_cost = 0;
        }
    }

    /// Bills instance `instance` of profile `a` (its trial's `usage`; its agent cost in
    /// `10^-support`) under every transition.
    pub(super) fn add(
        &mut self,
        setup: &Setup,
        a: usize,
        instance: u64,
        usage: &[MonthUsage],
        agent_cost: i128,
    ) -> Result<(), TrialError> {
        let n = self.months.min(usage.len());
        for (line, moves) in self.lines.iter_mut().zip(&setup.transitions) {
            let Some(cohorts) = moves.profiles.get(a) else { continue };
            if instance == 0 {
                (line.cohort, line.first) = (0, 0);
            }
            // Instances come in order: the cohort moves on when this one's are done.
            while let Some(c) = cohorts.get(line.cohort).filter(|c| instance >= line.first + c.accounts) {
                line.first += c.accounts;
                line.cohort += 1;
            }
            let Some(cohort) = cohorts.get(line.cohort) else { continue };
            let kept = line.kept.get(a).and_then(|k| k.get(line.cohort)).copied().unwrap_or(0);
            let stays = instance - line.first < kept;
            let s = cohort.moves.min(n);
            let scale = setup.scales.bill;
            let short = || too_large("bill");
            if s > 0 {
                let (cents, billed) = (line.cents.get_mut(..s), line.billed.get_mut(..s));
                let (cents, billed, usage) = (cents.ok_or_else(short)?, billed.ok_or_else(short)?, usage.get(..s));
                add_months(&mut line.from, usage.ok_or_else(short)?, scale, cents, billed).ok_or_else(short)?;
            }
            let served = if stays && s < n {
                let (cents, billed) = (line.cents.get_mut(s..n), line.billed.get_mut(s..n));
                let (cents, billed, usage) = (cents.ok_or_else(short)?, billed.ok_or_else(short)?, usage.get(s..n));
                add_months(&mut line.to, usage.ok_or_else(short)?, scale, cents, billed).ok_or_else(short)?;
                n
            } else {
                s
            };
            let mut seats = 0_u128;
            for (ai, u) in line.ai.iter_mut().zip(usage.iter().take(served)) {
                *ai += u128::from(u.ai_conversations);
                seats += u128::from(u.seats);
            }
            line.seat_cost = i128::try_from(seats)
                .ok()
                .and_then(|s| mul(s, agent_cost))
                .and_then(|c| c.checked_add(line.seat_cost))
                .ok_or_else(|| too_large("support cost"))?;
        }
        Ok(())
    }

    /// Transition `t`'s trial.
    pub(super) fn trial(&self, t: usize) -> Option<LineTrial<'_>> {
        self.lines.get(t).map(|l| LineTrial { cents: &l.cents, billed: &l.billed, ai: &l.ai, seat_cost: l.seat_cost })
    }
}

/// One transition's trial.
pub(super) struct LineTrial<'a> {
    /// Per month, what is billed in cents and in `10^-bill`.
    pub(super) cents: &'a [i128],
    pub(super) billed: &'a [i128],
    /// Per month, the AI conversations served.
    pub(super) ai: &'a [u128],
    /// The seat costs over the horizon, in `10^-support`.
    pub(super) seat_cost: i128,
}

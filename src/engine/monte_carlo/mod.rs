//! Monte Carlo simulation (docs/format.md): the spread of every plan's bill when volume and the AI's
//! quality are uncertain.
//!
//! Each trial draws, for every account instance (a profile with `count: 5` is five independent
//! instances) and month, a mean-preserving lognormal volume, binomial AI involvement and binomial
//! resolutions; the resolution rate of an instance is shifted once per trial by `δ ~ N(0, σ_r)`.
//! Seats and bills then follow the deterministic rules exactly: in whole cents where the plan
//! allows it (charges whose lines are never rounded are billed once on the portfolio's summed
//! usage, the others account by account with [`FastBiller`]), with the decimal biller
//! otherwise, as [`PlanBiller`] chooses. [`run_exact`] bills everything with the decimal biller;
//! tests hold the two to the same results.
//!
//! Binomials come from [`super::sampling`] (exact: inversion or BTRD), every month of an
//! instance drawn together.
//!
//! **Reproducible**: every instance of every trial draws from its own random stream, seeded from
//! `(seed, trial, profile, instance)`, and the portfolio sums are added in a fixed order, so the
//! results are the same bit for bit on any number of threads.
//! **Streaming**: instances are simulated one at a time; memory grows with trials × months ×
//! plans (the values the percentiles are taken from), never with the number of instances.

use super::Error;
use super::billing::fast::scaled;
use super::billing::{FastBiller, Linear, MAX_PRICE_SCALE, PlanBiller};
use super::usage::{self, MonthUsage, QuantityOverflow};
use crate::model::{Account, Problem, Scenario, validate};
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

mod summary;
#[cfg(test)]
mod transition_tests;
mod transitions;
mod worker;

use summary::summarise;
pub use summary::{Budget, MonteCarlo, PlanSpread, Spread};
use worker::{Stage, Worker};

/// The most values the percentiles of one run are taken from (trials × months × plans, for the
/// bills and again for the support cost). The run keeps every bill and every month's seat cost
/// (8 bytes each) and one month's copy per thread while summarising: at most about 400 MB.
pub const MAX_RESULT_VALUES: u128 = 50_000_000;

/// Reports progress and asks whether to stop.
pub trait Progress: Sync {
    /// `done` of `total` trials are finished.
    fn advance(&self, done: u64, total: u64);
    /// Whether the run should stop now.
    fn cancelled(&self) -> bool {
        false
    }
}

/// No progress reporting, never cancelled.
pub struct Silent;

impl Progress for Silent {
    fn advance(&self, _done: u64, _total: u64) {}
}

/// A cancel flag as progress: stops the run when set.
impl Progress for AtomicBool {
    fn advance(&self, _done: u64, _total: u64) {}
    fn cancelled(&self) -> bool {
        self.load(Ordering::Relaxed)
    }
}

/// Checks that a Monte Carlo run of `trials` over `scenario` is within the limits (the format's,
/// with `trials` as the file's `simulation.trials`, and the [`MAX_RESULT_VALUES`] kept for the
/// percentiles): every problem [`run`] would refuse it with before it starts.
#[must_use]
pub fn preflight(scenario: &Scenario, trials: u64) -> Vec<Problem> {
    let mut s = scenario.clone();
    s.simulation.trials = trials;
    let mut problems = validate(&s);
    // Per trial and plan (or transition, a result line like a plan): two amounts a month (bill
    // and support cost) and one account's worst month per profile.
    let per_trial_plan = 2 * u128::from(scenario.months) + scenario.accounts.len() as u128;
    let lines = scenario.plans.len() + scenario.transitions.len();
    let values = u128::from(trials) * (lines as u128) * per_trial_plan;
    if values > MAX_RESULT_VALUES {
        let what = if scenario.transitions.is_empty() { "plans" } else { "plans and transitions" };
        problems.push(Problem::field(
            "simulation.trials",
            format!(
                "{trials} trials × {lines} {what} × ({} months × 2 + {} profiles) keeps {values} amounts for the percentiles; the limit is {MAX_RESULT_VALUES}: use fewer trials, months or profiles",
                scenario.months,
                scenario.accounts.len()
            ),
        ));
    }
    problems
}

/// How many of the scenario's trials fit in `account_months` (trials × account instances ×
/// months): all of them, or fewer, at least one.
///
/// # Example
/// ```
/// let mut s = pricelab::model::examples::DEFAULT.scenario().unwrap();
/// s.simulation.trials = 1000;
/// let per_trial = (s.instances() * u128::from(s.months)) as u64;
/// assert_eq!(pricelab::engine::monte_carlo::trials_within(&s, u128::MAX), 1000);
/// assert_eq!(pricelab::engine::monte_carlo::trials_within(&s, u128::from(per_trial) * 7 + 1), 7);
/// assert_eq!(pricelab::engine::monte_carlo::trials_within(&s, 1), 1);
/// ```
#[must_use]
pub fn trials_within(scenario: &Scenario, account_months: u128) -> u64 {
    let per_trial = scenario.instances().saturating_mul(u128::from(scenario.months)).max(1);
    let affordable = u64::try_from(account_months / per_trial).unwrap_or(u64::MAX).max(1);
    scenario.simulation.trials.min(affordable)
}

/// Runs `trials` trials of the scenario from `seed` (docs/format.md).
///
/// # Errors
/// [`Error::Invalid`] with every problem when the scenario is invalid, the run too large, or
/// an amount overflows; [`Error::Cancelled`] when `progress` asked to stop.
///
/// # Example
/// ```
/// let mut s = pricelab::model::examples::DEFAULT.scenario().unwrap();
/// s.simulation.volume_noise = 0.1;
/// let mc = pricelab::engine::monte_carlo::run(&s, 50, 7, &pricelab::engine::monte_carlo::Silent).unwrap();
/// let total = mc.plans[0].total;
/// assert!(total.p10 <= total.p50 && total.p50 <= total.p90);
/// ```
pub fn run(scenario: &Scenario, trials: u64, seed: u64, progress: &dyn Progress) -> Result<MonteCarlo, Error> {
    run_with(scenario, trials, seed, progress, false)
}

/// [`run`] with decimal billing throughout, never the whole-number fast path: the reference the
/// tests hold the fast path to.
///
/// # Errors
/// As [`run`].
pub fn run_exact(scenario: &Scenario, trials: u64, seed: u64, progress: &dyn Progress) -> Result<MonteCarlo, Error> {
    run_with(scenario, trials, seed, progress, true)
}

fn run_with(
    scenario: &Scenario,
    trials: u64,
    seed: u64,
    progress: &dyn Progress,
    exact: bool,
) -> Result<MonteCarlo, Error> {
    let problems = preflight(scenario, trials);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let moves = transitions::Moves::of(scenario).map_err(|p| Error::Invalid(vec![p]))?;
    let setup = Setup::new(scenario, exact, moves);
    let shape = Shape {
        trials: usize::try_from(trials).unwrap_or(usize::MAX),
        plans: scenario.plans.len(),
        transitions: scenario.transitions.len(),
        months: usize::try_from(scenario.months).unwrap_or(0).max(1),
    };
    // Per plan (then per transition) the bills and per month the portfolio's seat costs, month
    // after month (`[month][trial]`: each month's values together for its percentiles); per
    // plan (then transition) and trial the horizon's bill, per trial the seat costs' sum and the
    // vendor's cost, and per transition and trial its own two. Trials are handed out
    // in batches; each batch writes its own part of every column, so the results land in trial
    // order whichever thread computed them.
    let cells = shape.trials * shape.months;
    let mut bills: Vec<Vec<i64>> = (0..shape.lines()).map(|_| vec![0; cells]).collect();
    let mut seat_costs = vec![0_i64; cells];
    let mut totals: Vec<Vec<i128>> = (0..shape.lines()).map(|_| vec![0; shape.trials]).collect();
    let mut seat_totals = vec![0_i128; shape.trials];
    let mut costs = vec![0_i128; shape.trials];
    let mut line_costs: Vec<Vec<i128>> = (0..shape.transitions).map(|_| vec![0; shape.trials]).collect();
    let mut line_seats: Vec<Vec<i128>> = (0..shape.transitions).map(|_| vec![0; shape.trials]).collect();
    let tracked = if setup.track_accounts { setup.profiles.len() * shape.plans } else { 0 };
    let mut account_worst: Vec<Vec<i64>> = (0..tracked).map(|_| vec![i64::MIN; shape.trials]).collect();
    let batch = (shape.trials / 64).clamp(1, 128);
    let mut batches = Vec::with_capacity(shape.trials.div_ceil(batch));
    {
        let column = shape.trials.max(1);
        let mut bill_chunks: Vec<_> =
            bills.iter_mut().flat_map(|b| b.chunks_mut(column)).map(|c| c.chunks_mut(batch)).collect();
        let mut seat_chunks: Vec<_> = seat_costs.chunks_mut(column).map(|c| c.chunks_mut(batch)).collect();
        let mut total_chunks: Vec<_> = totals.iter_mut().map(|t| t.chunks_mut(batch)).collect();
        let mut worst_chunks: Vec<_> = account_worst.iter_mut().map(|w| w.chunks_mut(batch)).collect();
        let mut line_cost_chunks: Vec<_> = line_costs.iter_mut().map(|c| c.chunks_mut(batch)).collect();
        let mut line_seat_chunks: Vec<_> = line_seats.iter_mut().map(|c| c.chunks_mut(batch)).collect();
        for (i, (seat_totals, costs)) in seat_totals.chunks_mut(batch).zip(costs.chunks_mut(batch)).enumerate() {
            batches.push(Batch {
                first: (i * batch) as u64,
                bills: next_chunks(&mut bill_chunks),
                seats: next_chunks(&mut seat_chunks),
                totals: next_chunks(&mut total_chunks),
                seat_totals,
                costs,
                account_worst: next_chunks(&mut worst_chunks),
                line_costs: next_chunks(&mut line_cost_chunks),
                line_seats: next_chunks(&mut line_seat_chunks),
            });
        }
    }
    let done = AtomicU64::new(0);
    let outcome = batches.into_par_iter().try_for_each_init(
        || (Worker::new(scenario, &setup), Stage::new(batch, shape, tracked)),
        |(worker, stage), mut batch| {
            stage.start(batch.costs.len());
            for j in 0..batch.costs.len() {
                if progress.cancelled() {
                    return Err(TrialError::Cancelled);
                }
                worker.trial(scenario, &setup, seed, batch.first + j as u64, progress)?;
                worker.write(&setup, stage, &mut batch, j)?;
            }
            stage.flush(&mut batch);
            // Once per batch: a shared counter touched every trial costs the threads more than
            // some trials do.
            let finished = batch.costs.len() as u64;
            progress.advance(done.fetch_add(finished, Ordering::Relaxed) + finished, trials);
            Ok(())
        },
    );
    match outcome {
        Ok(()) => {
            let results =
                Results { bills, totals, seat_costs, seat_totals, costs, account_worst, line_costs, line_seats };
            Ok(summarise(scenario, trials, seed, &setup, shape, results))
        }
        Err(TrialError::Cancelled) => Err(Error::Cancelled),
        Err(TrialError::Problem(p)) => Err(Error::Invalid(vec![p])),
    }
}

/// The usage of one account of profile `a` in each of the `trials` (a range of trial numbers),
/// exactly as [`run`] draws it for the profile's first account from `seed`: for a customer
/// whose every trial must be billed again under other terms (a quote's commitment sizes), a
/// chunk of trials at a time so that memory stays bounded.
///
/// # Errors
/// [`Error::Invalid`] when there is no profile `a` or a quantity is too large;
/// [`Error::Cancelled`] when `progress` asked to stop.
///
/// # Example
/// ```
/// use pricelab::engine::monte_carlo::{Silent, account_draws};
/// let mut s = pricelab::model::examples::DEFAULT.scenario().unwrap();
/// s.simulation.volume_noise = 0.2;
/// let draws = account_draws(&s, 0, 0..3, 7, &Silent).unwrap();
/// assert_eq!(draws.len(), 3);
/// assert_eq!(draws[0].len(), s.months as usize);
/// assert_ne!(draws[0], draws[1], "each trial draws its own volumes");
/// assert_eq!(draws[2], account_draws(&s, 0, 2..3, 7, &Silent).unwrap()[0], "a trial is the same whatever the chunk");
/// ```
pub fn account_draws(
    scenario: &Scenario,
    a: usize,
    trials: std::ops::Range<u64>,
    seed: u64,
    progress: &dyn Progress,
) -> Result<Vec<Vec<MonthUsage>>, Error> {
    let Some(account) = scenario.accounts.get(a) else {
        return Err(Error::Invalid(vec![Problem::field("accounts", format!("there is no profile {a}"))]));
    };
    let recorded = crate::model::history::recorded_by_profile(scenario).get(a).copied().flatten();
    let profile = ProfileMonths::new(scenario, account, recorded);
    trials
        .into_par_iter()
        .map_init(worker::Draws::default, |draws, trial| {
            if progress.cancelled() {
                return Err(Error::Cancelled);
            }
            let mut rng =
                <rand_xoshiro::Xoshiro256PlusPlus as rand::SeedableRng>::seed_from_u64(stream_seed(seed, trial, a, 0));
            let mut usage = Vec::with_capacity(usize::try_from(scenario.months).unwrap_or(0));
            worker::draw_usage(scenario, account, &profile, &mut rng, draws, &mut usage).map_err(
                |e| match overflow(scenario, a, &e) {
                    TrialError::Problem(p) => Error::Invalid(vec![p]),
                    TrialError::Cancelled => Error::Cancelled,
                },
            )?;
            Ok(usage)
        })
        .collect()
}

/// The next chunk of every column: one batch's part of each.
fn next_chunks<'a, T>(columns: &mut [std::slice::ChunksMut<'a, T>]) -> Vec<&'a mut [T]> {
    columns.iter_mut().filter_map(Iterator::next).collect()
}

/// The size of the results: trials × (plans + transitions) × months.
#[derive(Debug, Clone, Copy)]
struct Shape {
    trials: usize,
    plans: usize,
    transitions: usize,
    months: usize,
}

impl Shape {
    /// The result lines: the plans, then the transitions.
    fn lines(self) -> usize {
        self.plans + self.transitions
    }
}

/// Where a batch of consecutive trials writes its results: its part of every column.
struct Batch<'a> {
    first: u64,
    /// Per plan (then transition) and month (`[line × months + month]`), the bills of the
    /// batch's trials.
    bills: Vec<&'a mut [i64]>,
    /// Per month, the portfolio's seat costs of the batch's trials.
    seats: Vec<&'a mut [i64]>,
    /// Per plan (then transition), each trial's bill over the horizon.
    totals: Vec<&'a mut [i128]>,
    /// Each trial's seat costs over the horizon.
    seat_totals: &'a mut [i128],
    /// Each trial's cost to serve, in cents.
    costs: &'a mut [i128],
    /// Per profile and plan (`[profile × plans + plan]`, as [`Worker`] keeps them), one
    /// account's worst month (empty unless [`Setup::track_accounts`]).
    account_worst: Vec<&'a mut [i64]>,
    /// Per transition, each trial's cost to serve the accounts it keeps, in cents.
    line_costs: Vec<&'a mut [i128]>,
    /// Per transition, each trial's seat costs of the accounts it keeps over the horizon.
    line_seats: Vec<&'a mut [i128]>,
}

/// Everything a run wrote, laid out as [`Batch`] describes.
struct Results {
    bills: Vec<Vec<i64>>,
    totals: Vec<Vec<i128>>,
    seat_costs: Vec<i64>,
    seat_totals: Vec<i128>,
    costs: Vec<i128>,
    account_worst: Vec<Vec<i64>>,
    line_costs: Vec<Vec<i128>>,
    line_seats: Vec<Vec<i128>>,
}

/// The decimals the portfolio sums are kept with: every bill is a whole number of `10^-bill`
/// (lines are in cents; commitment payments have the decimals of their amounts), every support
/// cost of `10^-support` (seats × agent cost may have more).
#[derive(Debug, Clone, Copy)]
struct Scales {
    bill: u32,
    support: u32,
}

impl Scales {
    fn of(scenario: &Scenario) -> Self {
        let bill = scenario.plans.iter().flat_map(|p| &p.commitments).map(|c| c.amount().scale()).fold(2, u32::max);
        let support = scenario.accounts.iter().map(|a| a.agent_cost.scale()).fold(bill, u32::max);
        Self { bill, support }
    }
}

/// What every thread shares: the scales, each profile's expected months, each plan's linear
/// part, the vendor's cost per AI conversation in whole numbers, each transition's cohorts.
struct Setup {
    scales: Scales,
    profiles: Vec<ProfileMonths>,
    /// Per plan, the part billed on the portfolio's summed usage (zero on the exact path).
    linear: Vec<Linear>,
    /// Per plan, how the rest is billed account by account.
    forms: Vec<PlanForm>,
    /// Every account instance.
    instances: u128,
    /// `10^(bill − 2)`: cents to bill units.
    cents_up: i128,
    /// `10^(support − bill)`: bill units to support-cost units.
    support_up: i128,
    /// The cost per AI conversation as a whole number of `10^-scale`, when it has one.
    per_ai: Option<(i128, u32)>,
    per_ai_decimal: Decimal,
    exact: bool,
    /// Whether one account per profile is billed on its own as well (see
    /// [`PlanSpread::account_worst`]): with a single account, its bill is the portfolio's.
    track_accounts: bool,
    /// Per transition, its plans and cohorts.
    transitions: Vec<transitions::Moves>,
}

impl Setup {
    fn new(scenario: &Scenario, exact: bool, transitions: Vec<transitions::Moves>) -> Self {
        let scales = Scales::of(scenario);
        let (linear, forms) = scenario
            .plans
            .iter()
            .map(|plan| match PlanBiller::new(plan) {
                Ok(PlanBiller::Fast(mut fast)) if !exact => {
                    let linear = fast.take_linear();
                    (linear, if fast.is_empty() { PlanForm::Linear } else { PlanForm::Fast(fast) })
                }
                _ => (Linear::default(), PlanForm::Exact),
            })
            .unzip();
        let per_ai_decimal = scenario.costs.per_ai_conversation;
        let scale = per_ai_decimal.scale();
        let per_ai = (scale <= MAX_PRICE_SCALE).then(|| scaled(per_ai_decimal, scale).map(|n| (n, scale)));
        Self {
            scales,
            profiles: scenario
                .accounts
                .iter()
                .zip(crate::model::history::recorded_by_profile(scenario))
                .map(|(a, recorded)| ProfileMonths::new(scenario, a, recorded))
                .collect(),
            linear,
            forms,
            instances: scenario.instances(),
            cents_up: 10_i128.pow(scales.bill - 2),
            support_up: 10_i128.pow(scales.support - scales.bill),
            per_ai: per_ai.flatten(),
            per_ai_decimal,
            exact,
            track_accounts: scenario.instances() > 1,
            transitions,
        }
    }
}

/// How a plan is billed beyond its linear part.
enum PlanForm {
    /// Wholly linear: nothing account by account.
    Linear,
    /// The rest in whole numbers (this biller, cloned for each thread).
    Fast(FastBiller),
    /// In decimals: the exact path, or amounts whole numbers cannot hold.
    Exact,
}

/// Adds one account's bill of every month under one plan to the plan's sums: in cents (`cents`)
/// on the whole-number path, in `10^-scale` (`exact`) on the decimal one.
fn add_months(
    biller: &mut PlanBiller<'_>,
    usage: &[MonthUsage],
    scale: u32,
    cents: &mut [i128],
    exact: &mut [i128],
) -> Option<()> {
    biller.bill_months(usage, cents, |m, bill| {
        let sum = exact.get_mut(m)?;
        *sum = sum.checked_add(scaled(bill, scale)?)?;
        Some(())
    })
}

/// What every instance of a profile shares each month, computed once per run: the expected
/// volume and the two ramps.
struct ProfileMonths {
    /// The recorded months (docs/import.md), left as they are; only the later months are drawn.
    recorded: Vec<usage::MonthUsage>,
    /// From the first month drawn on: the expected volume, AI involvement and resolution rate.
    volume: Vec<f64>,
    ai_involvement: Vec<f64>,
    resolution_rate: Vec<f64>,
}

impl ProfileMonths {
    fn new(scenario: &Scenario, account: &Account, recorded: Option<&[crate::model::RecordedMonth]>) -> Self {
        let recorded: Vec<usage::MonthUsage> = recorded
            .unwrap_or_default()
            .iter()
            .take(usize::try_from(scenario.months).unwrap_or(usize::MAX))
            .map(usage::from_recorded)
            .collect();
        let months = u32::try_from(recorded.len()).unwrap_or(u32::MAX)..scenario.months;
        Self {
            recorded,
            volume: months.clone().map(|m| usage::volume(account, scenario.start, m)).collect(),
            ai_involvement: months.clone().map(|m| account.ai_involvement.at(m)).collect(),
            resolution_rate: months.map(|m| account.resolution_rate.at(m)).collect(),
        }
    }
}

enum TrialError {
    Cancelled,
    Problem(Problem),
}

/// SplitMix64's mixing function: spreads nearby integers over the whole range.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of the random stream of one account instance in one trial.
#[must_use]
pub fn stream_seed(seed: u64, trial: u64, profile: usize, instance: u64) -> u64 {
    let profile = u64::try_from(profile).unwrap_or(u64::MAX);
    mix(mix(mix(mix(seed) ^ trial) ^ profile) ^ instance)
}

/// The seed of the random stream of transition `t`'s draws in one trial (how many accounts each
/// cohort keeps): the stream of instance `t` of a profile numbered `2^64 − 1`, which no profile
/// is, so that no instance's draws change.
#[must_use]
pub fn transition_seed(seed: u64, trial: u64, t: usize) -> u64 {
    mix(mix(mix(mix(seed) ^ trial) ^ u64::MAX) ^ u64::try_from(t).unwrap_or(u64::MAX))
}

fn overflow(scenario: &Scenario, a: usize, e: &QuantityOverflow) -> TrialError {
    let name = scenario.accounts.get(a).map_or("", |a| a.name.as_str());
    TrialError::Problem(Problem::field(format!("accounts[{a}]"), format!("\"{name}\" (Monte Carlo): {e}")))
}

fn too_large(what: &str) -> TrialError {
    TrialError::Problem(Problem::field("plans", format!("a Monte Carlo {what} is too large to compute")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_by_every_coordinate() {
        let base = stream_seed(1, 2, 3, 4);
        for other in
            [stream_seed(2, 2, 3, 4), stream_seed(1, 3, 3, 4), stream_seed(1, 2, 4, 4), stream_seed(1, 2, 3, 5)]
        {
            assert_ne!(base, other);
        }
        // Swapping trial and instance gives another stream.
        assert_ne!(stream_seed(1, 4, 3, 2), base);
    }
}

//! Monte Carlo simulation (SPEC §4): the spread of every plan's bill when volume and the AI's
//! quality are uncertain.
//!
//! Each trial draws, for every account instance (a profile with `count: 5` is five independent
//! instances) and month, a mean-preserving lognormal volume, binomial AI involvement and binomial
//! resolutions; the resolution rate of an instance is shifted once per trial by `δ ~ N(0, σ_r)`.
//! Seats and bills then follow the deterministic rules exactly (the same [`Biller`]).
//!
//! **Reproducible**: every instance of every trial draws from its own random stream, seeded from
//! `(seed, trial, profile, instance)`, and the portfolio sums are added in a fixed order, so the
//! results are the same bit for bit on any number of threads.
//! **Streaming**: instances are simulated one at a time; memory grows with trials × months ×
//! plans (the values the percentiles are taken from), never with the number of instances.

use super::billing::{self, Biller};
use super::fast_billing::{FastBiller, scaled};
use super::usage::{self, MonthUsage, QuantityOverflow};
use crate::model::money::round2;
use crate::model::{Account, Problem, Scenario, validate};
use rand::SeedableRng as _;
use rand_distr::{Binomial, Distribution as _, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The most values the percentiles of one run are taken from (trials × months × plans, for the
/// bills and again for the support cost): about 1.6 GB.
pub const MAX_RESULT_VALUES: u128 = 50_000_000;

/// Mean and nearest-rank percentiles of a set of amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spread {
    /// The mean, exact (not rounded).
    pub mean: Decimal,
    /// 10th percentile.
    pub p10: Decimal,
    /// Median.
    pub p50: Decimal,
    /// 90th percentile.
    pub p90: Decimal,
}

impl Spread {
    /// The spread of `values` (reordered in place). Nearest rank: `P_k = v[ceil(k/100 × n) − 1]`
    /// of the sorted values, found by selection rather than a full sort.
    ///
    /// # Example
    /// ```
    /// use pricelab::engine::monte_carlo::Spread;
    /// use rust_decimal::Decimal;
    /// let mut v: Vec<Decimal> = (1..=10).rev().map(Decimal::from).collect();
    /// let s = Spread::of(&mut v);
    /// assert_eq!((s.p10, s.p50, s.p90), (1.into(), 5.into(), 9.into()));
    /// assert_eq!(s.mean, Decimal::new(55, 1));
    /// ```
    #[must_use]
    pub fn of(values: &mut [Decimal]) -> Self {
        let n = values.len();
        if n == 0 {
            return Self::default();
        }
        let rank = |k: usize| (k * n).div_ceil(100).max(1) - 1;
        let (i10, i50, i90) = (rank(10), rank(50), rank(90));
        let sum = values.iter().fold(Decimal::ZERO, |a, v| a.saturating_add(*v));
        // Select the median, then P10 below it and P90 above it: about 2n comparisons in all.
        let (below, median, above) = values.select_nth_unstable(i50);
        let p50 = *median;
        let p10 = if i10 < i50 { *below.select_nth_unstable(i10).1 } else { p50 };
        let p90 = if i90 > i50 { *above.select_nth_unstable(i90 - i50 - 1).1 } else { p50 };
        Self { mean: sum / Decimal::from(n), p10, p50, p90 }
    }
}

/// One plan's Monte Carlo results.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanSpread {
    /// The plan's name.
    pub name: String,
    /// The portfolio's bill, month by month.
    pub monthly: Vec<Spread>,
    /// The portfolio's bill over the horizon.
    pub total: Spread,
    /// The portfolio's running total, month by month (each month's own percentiles).
    pub cumulative: Vec<Spread>,
    /// The customers' support cost (bills + seats × agent cost), month by month.
    pub support_monthly: Vec<Spread>,
    /// The customers' support cost over the horizon.
    pub support_total: Spread,
    /// The vendor's margin over the horizon (bills − cost to serve).
    pub margin: Spread,
    /// Every trial's horizon total, sorted (for histograms).
    pub totals: Vec<Decimal>,
    /// Every trial's monthly bills, trial by trial, as whole numbers of `10^-scale` (for
    /// questions about single months; [`PlanSpread::trial_month`] gives an amount).
    /// Laid out trial after trial, `months` values each.
    pub trial_months: Vec<i128>,
    /// Months per trial in [`PlanSpread::trial_months`].
    pub months: usize,
    /// The decimals of [`PlanSpread::trial_months`].
    pub scale: u32,
}

impl PlanSpread {
    /// Number of trials.
    #[must_use]
    pub fn trials(&self) -> usize {
        self.trial_months.len().checked_div(self.months).unwrap_or(0)
    }

    /// One trial's monthly bills, as whole numbers of `10^-scale`.
    fn trial(&self, trial: usize) -> Option<&[i128]> {
        self.trial_months.get(trial * self.months..(trial + 1) * self.months)
    }

    /// Every trial's monthly bills.
    fn each_trial(&self) -> impl Iterator<Item = &[i128]> {
        self.trial_months.chunks(self.months.max(1))
    }

    /// The sum of one trial's bills over `months`, as an amount.
    #[must_use]
    pub fn trial_sum(&self, trial: usize, months: std::ops::Range<usize>) -> Option<Decimal> {
        let sum = self.trial(trial)?.get(months)?.iter().try_fold(0_i128, |a, v| a.checked_add(*v))?;
        Decimal::try_from_i128_with_scale(sum, self.scale).ok()
    }

    /// The largest ratio P90 / P50 of any month's bill: how much worse than usual a bad month can
    /// be (`None` when a month's median bill is zero).
    #[must_use]
    pub fn p90_over_p50(&self) -> Option<Decimal> {
        self.monthly
            .iter()
            .map(|s| s.p90.checked_div(s.p50))
            .try_fold(Decimal::ZERO, |worst, r| r.map(|r| worst.max(r)))
    }

    /// The median, across trials, of the worst month's bill against the average month's:
    /// how peaky the bill is (`None` without bills).
    #[must_use]
    pub fn worst_month_over_average(&self) -> Option<Decimal> {
        let mut ratios: Vec<Decimal> = self
            .each_trial()
            .filter_map(|months| {
                let worst = Decimal::try_from_i128_with_scale(*months.iter().max()?, self.scale).ok()?;
                let sum = months.iter().try_fold(0_i128, |a, v| a.checked_add(*v))?;
                let average = Decimal::try_from_i128_with_scale(sum, self.scale)
                    .ok()?
                    .checked_div(Decimal::from(months.len()))?;
                worst.checked_div(average)
            })
            .collect();
        (!ratios.is_empty()).then(|| Spread::of(&mut ratios).p50)
    }

    /// The share of trials in which at least one month's bill is above `budget`.
    #[must_use]
    pub fn chance_over_budget(&self, budget: Decimal) -> Decimal {
        // `budget` in the bills' whole numbers, rounded down: a bill above it is above the budget.
        let limit = (budget * Decimal::from(10_i64.pow(self.scale.min(18)))).floor();
        let limit = limit.mantissa() / 10_i128.pow(limit.scale());
        let over = self.each_trial().filter(|months| months.iter().any(|b| *b > limit)).count();
        Decimal::from(over).checked_div(Decimal::from(self.trials())).unwrap_or(Decimal::ZERO)
    }
}

/// The results of a Monte Carlo run.
#[derive(Debug, Clone, PartialEq)]
pub struct MonteCarlo {
    /// Number of trials.
    pub trials: u64,
    /// The seed the streams were derived from.
    pub seed: u64,
    /// One entry per plan, in the scenario's order.
    pub plans: Vec<PlanSpread>,
}

/// Why a run stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum McError {
    /// The scenario (with these settings) is invalid or too large.
    Invalid(Vec<Problem>),
    /// The run was cancelled.
    Cancelled,
}

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

/// Checks that a Monte Carlo run of `trials` over `scenario` is within the limits.
fn check(scenario: &Scenario, trials: u64) -> Vec<Problem> {
    let mut s = scenario.clone();
    s.simulation.trials = trials;
    let mut problems = validate(&s);
    let values = u128::from(trials) * u128::from(scenario.months) * (scenario.plans.len() as u128) * 2;
    if values > MAX_RESULT_VALUES {
        problems.push(Problem::field(
            "simulation.trials",
            format!(
                "{trials} trials × {} months × {} plans keeps {values} amounts for the percentiles; the limit is {MAX_RESULT_VALUES}: use fewer trials or months",
                scenario.months,
                scenario.plans.len()
            ),
        ));
    }
    problems
}

/// Runs `trials` trials of the scenario from `seed` (SPEC §4).
///
/// # Errors
/// [`McError::Invalid`] with every problem when the scenario is invalid, the run too large, or
/// an amount overflows; [`McError::Cancelled`] when `progress` asked to stop.
///
/// # Example
/// ```
/// let mut s = pricelab::model::examples::DEFAULT.scenario().unwrap();
/// s.simulation.volume_noise = 0.1;
/// let mc = pricelab::engine::monte_carlo::run(&s, 50, 7, &pricelab::engine::monte_carlo::Silent).unwrap();
/// let total = mc.plans[0].total;
/// assert!(total.p10 <= total.p50 && total.p50 <= total.p90);
/// ```
pub fn run(scenario: &Scenario, trials: u64, seed: u64, progress: &dyn Progress) -> Result<MonteCarlo, McError> {
    run_with(scenario, trials, seed, progress, false)
}

/// [`run`] with decimal billing throughout, never the whole-number fast path: the reference the
/// tests hold the fast path to.
///
/// # Errors
/// As [`run`].
pub fn run_exact(scenario: &Scenario, trials: u64, seed: u64, progress: &dyn Progress) -> Result<MonteCarlo, McError> {
    run_with(scenario, trials, seed, progress, true)
}

fn run_with(
    scenario: &Scenario,
    trials: u64,
    seed: u64,
    progress: &dyn Progress,
    exact: bool,
) -> Result<MonteCarlo, McError> {
    let problems = check(scenario, trials);
    if !problems.is_empty() {
        return Err(McError::Invalid(problems));
    }
    let scales = Scales::of(scenario);
    let profiles: Vec<ProfileMonths> = scenario.accounts.iter().map(|a| ProfileMonths::new(scenario, a)).collect();
    let shape = Shape {
        trials: usize::try_from(trials).unwrap_or(usize::MAX),
        plans: scenario.plans.len(),
        months: usize::try_from(scenario.months).unwrap_or(0),
    };
    // Every trial writes its own slices of these: no allocation per trial, and the results
    // land in trial order whichever thread computed them.
    let mut billed = written_zeros(shape.trials * shape.stride());
    let mut support = written_zeros(shape.trials * shape.stride());
    let mut costs = vec![Decimal::ZERO; shape.trials];
    let done = AtomicU64::new(0);
    let outcome = billed
        .par_chunks_mut(shape.stride().max(1))
        .zip(support.par_chunks_mut(shape.stride().max(1)))
        .zip(costs.par_iter_mut())
        .enumerate()
        .try_for_each_init(
            || Worker::new(scenario, exact),
            |worker, (t, ((billed, support), cost))| {
                if progress.cancelled() {
                    return Err(TrialError::Cancelled);
                }
                let mut trial = TrialOut { billed, support, cost };
                worker.trial(scenario, &profiles, scales, seed, t as u64, &mut trial)?;
                progress.advance(done.fetch_add(1, Ordering::Relaxed) + 1, trials);
                Ok(())
            },
        );
    match outcome {
        Ok(()) => Ok(summarise(scenario, trials, seed, scales, shape, &billed, &support, &costs)),
        Err(TrialError::Cancelled) => Err(McError::Cancelled),
        Err(TrialError::Problem(p)) => Err(McError::Invalid(vec![p])),
    }
}

/// `len` zeros, written one by one. `vec![0; len]` would take calloc'd pages that map the shared
/// zero page: each trial's first write to a page then copies it and flushes the other cores' TLBs,
/// which measured as over a third of a 10,000-trial run.
#[allow(clippy::slow_vector_initialization)] // deliberately: see above
fn written_zeros(len: usize) -> Vec<i128> {
    let mut v = Vec::with_capacity(len);
    v.resize(len, 0);
    v
}

/// The layout of the result buffers: `[trial][plan][month]`.
#[derive(Debug, Clone, Copy)]
struct Shape {
    trials: usize,
    plans: usize,
    months: usize,
}

impl Shape {
    fn stride(self) -> usize {
        self.plans * self.months
    }
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

/// One plan's biller: whole numbers where the plan allows it, decimals otherwise.
enum PlanBiller<'a> {
    Fast(FastBiller),
    Exact(Biller<'a>),
}

impl PlanBiller<'_> {
    /// The bill of month `m` as a whole number of `10^-scale`.
    fn month(&mut self, m: u32, u: &MonthUsage, scale: u32) -> Option<i128> {
        match self {
            Self::Fast(b) => i128::from(b.month(m, u)?).checked_mul(10_i128.checked_pow(scale - 2)?),
            Self::Exact(b) => scaled(billing::bill(b.month(m, u).ok()?).ok()?, scale),
        }
    }
}

/// What every instance of a profile shares each month, computed once per run: the expected
/// volume and the two ramps.
struct ProfileMonths {
    volume: Vec<f64>,
    ai_involvement: Vec<f64>,
    resolution_rate: Vec<f64>,
}

impl ProfileMonths {
    fn new(scenario: &Scenario, account: &Account) -> Self {
        let months = 0..scenario.months;
        Self {
            volume: months.clone().map(|m| usage::volume(account, scenario.start, m)).collect(),
            ai_involvement: months.clone().map(|m| account.ai_involvement.at(m)).collect(),
            resolution_rate: months.map(|m| account.resolution_rate.at(m)).collect(),
        }
    }
}

/// Where one trial writes its portfolio figures: per plan and month, bills (in
/// `10^-Scales::bill`) and support costs (in `10^-Scales::support`), and the vendor's cost.
struct TrialOut<'a> {
    billed: &'a mut [i128],
    support: &'a mut [i128],
    cost: &'a mut Decimal,
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

fn overflow(scenario: &Scenario, a: usize, e: &QuantityOverflow) -> TrialError {
    let name = scenario.accounts.get(a).map_or("", |a| a.name.as_str());
    TrialError::Problem(Problem::field(format!("accounts[{a}]"), format!("\"{name}\" (Monte Carlo): {e}")))
}

/// What one thread keeps between trials: a biller per plan and scratch buffers.
struct Worker<'a> {
    billers: Option<Vec<PlanBiller<'a>>>,
    usage: Vec<MonthUsage>,
    ai_total: Vec<u128>,
}

impl<'a> Worker<'a> {
    fn new(scenario: &'a Scenario, exact: bool) -> Self {
        // A biller starts every term afresh in month 0, so one per plan serves every instance.
        let billers = scenario
            .plans
            .iter()
            .map(|plan| match (exact, FastBiller::new(plan)) {
                (false, Some(fast)) => Some(PlanBiller::Fast(fast)),
                _ => Biller::new(plan).ok().map(PlanBiller::Exact),
            })
            .collect();
        let months = usize::try_from(scenario.months).unwrap_or(0);
        Self { billers, usage: Vec::with_capacity(months), ai_total: vec![0; months] }
    }

    fn trial(
        &mut self,
        scenario: &Scenario,
        profiles: &[ProfileMonths],
        scales: Scales,
        seed: u64,
        trial: u64,
        out: &mut TrialOut<'_>,
    ) -> Result<(), TrialError> {
        let too_large = |what: &str| {
            TrialError::Problem(Problem::field("plans", format!("a Monte Carlo {what} is too large to compute")))
        };
        let billers = self.billers.as_mut().ok_or_else(|| too_large("commitment"))?;
        let n = self.ai_total.len();
        self.ai_total.iter_mut().for_each(|a| *a = 0);
        let up = 10_i128.pow(scales.support - scales.bill);
        for ((a, account), profile) in scenario.accounts.iter().enumerate().zip(profiles) {
            let agent_cost = scaled(account.agent_cost, scales.support).ok_or_else(|| too_large("agent cost"))?;
            for instance in 0..account.count {
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(seed, trial, a, instance));
                draw_usage(scenario, account, profile, &mut rng, &mut self.usage)
                    .map_err(|e| overflow(scenario, a, &e))?;
                for (total, u) in self.ai_total.iter_mut().zip(&self.usage) {
                    *total += u128::from(u.ai_conversations);
                }
                for ((biller, billed), support) in
                    billers.iter_mut().zip(out.billed.chunks_mut(n.max(1))).zip(out.support.chunks_mut(n.max(1)))
                {
                    for ((m, u), (billed, support)) in (0_u32..).zip(&self.usage).zip(billed.iter_mut().zip(support)) {
                        let bill = biller.month(m, u, scales.bill).ok_or_else(|| too_large("bill"))?;
                        let seats =
                            i128::from(u.seats).checked_mul(agent_cost).ok_or_else(|| too_large("support cost"))?;
                        *billed = billed.checked_add(bill).ok_or_else(|| too_large("bill"))?;
                        let cost = bill
                            .checked_mul(up)
                            .and_then(|b| b.checked_add(seats))
                            .ok_or_else(|| too_large("support cost"))?;
                        *support = support.checked_add(cost).ok_or_else(|| too_large("support cost"))?;
                    }
                }
            }
        }
        let per_ai = scenario.costs.per_ai_conversation;
        *out.cost = self
            .ai_total
            .iter()
            .try_fold(Decimal::ZERO, |sum, ai| {
                let ai = Decimal::try_from_i128_with_scale(i128::try_from(*ai).ok()?, 0).ok()?;
                ai.checked_mul(per_ai).map(round2).and_then(|c| sum.checked_add(c))
            })
            .ok_or_else(|| too_large("cost"))?;
        Ok(())
    }
}

/// One instance's usage in one trial: noisy volume, binomial AI involvement and resolutions, then
/// seats by the deterministic rule.
fn draw_usage(
    scenario: &Scenario,
    account: &Account,
    profile: &ProfileMonths,
    rng: &mut Xoshiro256PlusPlus,
    out: &mut Vec<MonthUsage>,
) -> Result<(), QuantityOverflow> {
    let sim = &scenario.simulation;
    let sigma_v = sim.volume_noise;
    let z_shift: f64 = StandardNormal.sample(&mut *rng);
    let shift = sim.resolution_noise * z_shift;
    out.clear();
    for (m, ((volume, involvement), rate)) in
        (0_u32..).zip(profile.volume.iter().zip(&profile.ai_involvement).zip(&profile.resolution_rate))
    {
        let z: f64 = StandardNormal.sample(&mut *rng);
        let mut volume = *volume;
        if sigma_v > 0.0 {
            volume *= (sigma_v * z - sigma_v * sigma_v / 2.0).exp();
        }
        let conversations = usage::round_quantity(volume).ok_or(QuantityOverflow {
            what: "conversations",
            month: scenario.start.plus(m),
            index: m,
        })?;
        let ai_conversations = binomial(conversations, *involvement, rng);
        let resolutions = binomial(ai_conversations, (rate + shift).clamp(0.0, 1.0), rng);
        out.push(MonthUsage { seats: 0, conversations, ai_conversations, resolutions });
    }
    usage::staff(&account.seats, out, scenario.start)
}

fn binomial(n: u64, p: f64, rng: &mut Xoshiro256PlusPlus) -> u64 {
    // p is a validated share in [0, 1], so the distribution always exists.
    Binomial::new(n, p.clamp(0.0, 1.0)).map_or(0, |b| b.sample(rng))
}

/// The spread of whole numbers of `10^-scale`, as amounts.
fn spread_of(values: &mut [i128], scale: u32) -> Spread {
    let n = values.len();
    if n == 0 {
        return Spread::default();
    }
    let rank = |k: usize| (k * n).div_ceil(100).max(1) - 1;
    let (i10, i50, i90) = (rank(10), rank(50), rank(90));
    let sum = values.iter().fold(0_i128, |a, v| a.saturating_add(*v));
    let (below, median, above) = values.select_nth_unstable(i50);
    let p50 = *median;
    let p10 = if i10 < i50 { *below.select_nth_unstable(i10).1 } else { p50 };
    let p90 = if i90 > i50 { *above.select_nth_unstable(i90 - i50 - 1).1 } else { p50 };
    let amount = |v: i128| Decimal::try_from_i128_with_scale(v, scale).unwrap_or(Decimal::MAX);
    Spread { mean: amount(sum) / Decimal::from(n), p10: amount(p10), p50: amount(p50), p90: amount(p90) }
}

#[allow(clippy::too_many_arguments)] // the flat buffers and their shape travel together
fn summarise(
    scenario: &Scenario,
    trials: u64,
    seed: u64,
    scales: Scales,
    shape: Shape,
    billed: &[i128],
    support: &[i128],
    costs: &[Decimal],
) -> MonteCarlo {
    let n = shape.months;
    let stride = shape.stride();
    let amount = |v: i128| Decimal::try_from_i128_with_scale(v, scales.bill).unwrap_or(Decimal::MAX);
    let plans = scenario
        .plans
        .iter()
        .enumerate()
        .map(|(p, plan)| {
            fn months_of(buf: &[i128], from: usize, n: usize) -> &[i128] {
                buf.get(from..from + n).unwrap_or_default()
            }
            let start = |t: usize| t * stride + p * n;
            // Columns are independent: spread them over the threads (the order of results is kept),
            // each thread reusing one scratch column.
            let spreads = |buf: &[i128], first: usize, step: usize, scale: u32| -> Vec<Spread> {
                (0..n)
                    .into_par_iter()
                    .map_init(
                        || Vec::with_capacity(shape.trials),
                        |column: &mut Vec<i128>, m| {
                            column.clear();
                            column.extend(buf.iter().skip(first + m).step_by(step.max(1)).copied());
                            spread_of(column, scale)
                        },
                    )
                    .collect()
            };
            let monthly = spreads(billed, p * n, stride, scales.bill);
            let support_monthly = spreads(support, p * n, stride, scales.support);
            let sum = |v: &[i128]| v.iter().fold(0_i128, |a, x| a.saturating_add(*x));
            let mut raw_totals: Vec<i128> = (0..shape.trials).map(|t| sum(months_of(billed, start(t), n))).collect();
            let mut margins: Vec<Decimal> =
                raw_totals.iter().zip(costs).map(|(total, cost)| amount(*total).saturating_sub(*cost)).collect();
            let margin = Spread::of(&mut margins);
            let total = spread_of(&mut raw_totals, scales.bill);
            raw_totals.sort_unstable();
            let totals = raw_totals.into_iter().map(amount).collect();
            let mut support_totals: Vec<i128> =
                (0..shape.trials).map(|t| sum(months_of(support, start(t), n))).collect();
            let support_total = spread_of(&mut support_totals, scales.support);
            let mut trial_months = Vec::with_capacity(shape.trials * n);
            for t in 0..shape.trials {
                trial_months.extend_from_slice(months_of(billed, start(t), n));
            }
            let mut running = trial_months.clone();
            for months in running.chunks_mut(n.max(1)) {
                for m in 1..months.len() {
                    months[m] = months[m].saturating_add(months[m - 1]);
                }
            }
            let cumulative = spreads(&running, 0, n, scales.bill);
            PlanSpread {
                name: plan.name.clone(),
                monthly,
                total,
                cumulative,
                support_monthly,
                support_total,
                margin,
                totals,
                trial_months,
                months: n,
                scale: scales.bill,
            }
        })
        .collect();
    MonteCarlo { trials, seed, plans }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    fn plan(bills: &[Vec<Decimal>]) -> PlanSpread {
        let n = bills[0].len();
        let monthly = (0..n).map(|m| Spread::of(&mut bills.iter().map(|t| t[m]).collect::<Vec<_>>())).collect();
        let trial_months = bills.iter().flatten().map(|v| scaled(*v, 2).unwrap()).collect();
        PlanSpread {
            name: "P".into(),
            monthly,
            total: Spread::default(),
            cumulative: vec![],
            support_monthly: vec![],
            support_total: Spread::default(),
            margin: Spread::default(),
            totals: vec![],
            trial_months,
            months: n,
            scale: 2,
        }
    }

    #[test]
    fn nearest_rank_percentiles() {
        // n = 3: P10 = v[ceil(0.3) - 1] = v[0], P50 = v[ceil(1.5) - 1] = v[1], P90 = v[ceil(2.7) - 1] = v[2].
        let s = Spread::of(&mut [d(30), d(10), d(20)]);
        assert_eq!((s.p10, s.p50, s.p90, s.mean), (d(10), d(20), d(30), d(20)));
        // n = 20: P10 = v[1], P50 = v[9], P90 = v[17].
        let mut v: Vec<Decimal> = (1..=20).map(d).collect();
        let s = Spread::of(&mut v);
        assert_eq!((s.p10, s.p50, s.p90), (d(2), d(10), d(18)));
    }

    #[test]
    fn selection_agrees_with_sorting() {
        // A fixed pseudo-random sequence, every size from 1 to 300.
        let mut x: u64 = 12345;
        for n in 1..=300_usize {
            let mut v: Vec<Decimal> = (0..n)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    Decimal::new(i64::try_from(x >> 44).unwrap(), 2)
                })
                .collect();
            let mut sorted = v.clone();
            sorted.sort_unstable();
            let at = |k: usize| sorted[(k * n).div_ceil(100).max(1) - 1];
            let s = Spread::of(&mut v);
            assert_eq!((s.p10, s.p50, s.p90), (at(10), at(50), at(90)), "n = {n}");
        }
    }

    #[test]
    fn predictability_measures() {
        // Three trials of two months.
        let p = plan(&[vec![d(100), d(300)], vec![d(100), d(100)], vec![d(200), d(100)]]);
        // Month 1: P50 100, P90 300 -> ×3; month 0: P50 100, P90 200 -> ×2.
        assert_eq!(p.p90_over_p50(), Some(d(3)));
        // Peak / average per trial: 300/200 = 1.5, 100/100 = 1, 200/150 = 1.333…; median 1.333…
        assert_eq!(p.worst_month_over_average().unwrap().round_dp(3), Decimal::new(1333, 3));
        // Over 150: trials 1 and 3 -> 2 of 3.
        assert_eq!(p.chance_over_budget(d(150)).round_dp(4), Decimal::new(6667, 4));
        assert_eq!(p.chance_over_budget(d(300)), Decimal::ZERO);
    }

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

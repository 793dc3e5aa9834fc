//! Monte Carlo simulation (SPEC §4): the spread of every plan's bill when volume and the AI's
//! quality are uncertain.
//!
//! Each trial draws, for every account instance (a profile with `count: 5` is five independent
//! instances) and month, a mean-preserving lognormal volume, binomial AI involvement and binomial
//! resolutions; the resolution rate of an instance is shifted once per trial by `δ ~ N(0, σ_r)`.
//! Seats and bills then follow the deterministic rules exactly: in whole cents where the plan
//! allows it (charges whose lines are never rounded are billed once on the portfolio's summed
//! usage, the others account by account with [`FastBiller`]), with the decimal [`Biller`]
//! otherwise. [`run_exact`] bills everything with [`Biller`]; tests hold the two to the same
//! results.
//!
//! Binomials come from [`super::sampling`] (exact: inversion or BTRD), every month of an
//! instance drawn together.
//!
//! **Reproducible**: every instance of every trial draws from its own random stream, seeded from
//! `(seed, trial, profile, instance)`, and the portfolio sums are added in a fixed order, so the
//! results are the same bit for bit on any number of threads.
//! **Streaming**: instances are simulated one at a time; memory grows with trials × months ×
//! plans (the values the percentiles are taken from), never with the number of instances.

use super::billing::{self, Biller};
use super::fast_billing::{FastBiller, Linear, MAX_PRICE_SCALE, SMALL, mul, round_to_cents, scaled};
use super::sampling;
use super::usage::{self, MonthUsage, QuantityOverflow};
use crate::model::money::round2;
use crate::model::{Account, Problem, Scenario, validate};
use rand::SeedableRng as _;
use rand_distr::{Distribution as _, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use rust_decimal::Decimal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The most values the percentiles of one run are taken from (trials × months × plans, for the
/// bills and again for the support cost). The run keeps every bill and every month's seat cost
/// (8 bytes each) and one month's copy per thread while summarising: at most about 400 MB.
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
        let sum = values.iter().fold(Decimal::ZERO, |a, v| a.saturating_add(*v));
        let [p10, p50, p90] = percentiles(values);
        Self { mean: sum / Decimal::from(n), p10, p50, p90 }
    }
}

/// The nearest-rank P10, P50 and P90 of `values` (not empty; reordered): the median by
/// selection, then P10 below it and P90 above it, about 2n comparisons in all.
fn percentiles<T: Copy + Ord>(values: &mut [T]) -> [T; 3] {
    let n = values.len();
    let rank = |k: usize| (k * n).div_ceil(100).max(1) - 1;
    let (i10, i50, i90) = (rank(10), rank(50), rank(90));
    let (below, median, above) = values.select_nth_unstable(i50);
    let p50 = *median;
    let p10 = if i10 < i50 { *below.select_nth_unstable(i10).1 } else { p50 };
    let p90 = if i90 > i50 { *above.select_nth_unstable(i90 - i50 - 1).1 } else { p50 };
    [p10, p50, p90]
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
    /// The portfolio's running total, month by month (each month's own percentiles). Empty
    /// unless [`MonteCarlo::add_display_figures`] filled it: the command line has no use for it.
    pub cumulative: Vec<Spread>,
    /// [`PlanSpread::worst_month_over_average`], once [`MonteCarlo::add_display_figures`] has
    /// computed it (`None` before, or without bills).
    pub peak_over_average: Option<Decimal>,
    /// The customers' support cost (bills + seats × agent cost) over the horizon; month by month
    /// it is [`MonteCarlo::support_monthly`].
    pub support_total: Spread,
    /// The vendor's margin over the horizon (bills − cost to serve).
    pub margin: Spread,
    /// Every trial's monthly bills as whole numbers of `10^-scale` (for questions about single
    /// months; [`PlanSpread::trial_sum`] gives amounts). Laid out month after month: month `m`
    /// of trial `t` is at `m × trials + t`, so each month's values are together.
    pub bills: Vec<i64>,
    /// Per profile (in the scenario's order), one account's worst monthly bill in each trial, in
    /// `10^-scale` (empty for a profile without accounts): what a customer of that profile
    /// sees, where [`PlanSpread::bills`] is the whole portfolio's. Instances are alike, so the
    /// first instance of the profile stands for any one of them.
    pub account_worst: Vec<Vec<i64>>,
    /// Each trial's worst monthly bill of the portfolio, in `10^-scale` (the largest of its
    /// months in [`PlanSpread::bills`], kept for the budget questions a display asks every frame).
    pub worst: Vec<i64>,
    /// Months per trial in [`PlanSpread::bills`].
    pub months: usize,
    /// The decimals of [`PlanSpread::bills`].
    pub scale: u32,
}

impl PlanSpread {
    /// Number of trials.
    #[must_use]
    pub fn trials(&self) -> usize {
        self.bills.len().checked_div(self.months).unwrap_or(0)
    }

    /// Every month's bills, one slice of all trials' per month.
    fn each_month(&self) -> std::slice::Chunks<'_, i64> {
        self.bills.chunks(self.trials().max(1))
    }

    /// The sum of one trial's bills over `months`, as an amount.
    #[must_use]
    pub fn trial_sum(&self, trial: usize, months: std::ops::Range<usize>) -> Option<Decimal> {
        if trial >= self.trials() || months.start > months.end || months.end > self.months {
            return None;
        }
        let mut sum = 0_i128;
        for month in self.each_month().skip(months.start).take(months.len()) {
            sum += i128::from(*month.get(trial)?);
        }
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
        let mut sums = vec![0_i128; self.trials()];
        for month in self.each_month() {
            for (s, b) in sums.iter_mut().zip(month) {
                *s += i128::from(*b);
            }
        }
        let amount = |v: i128| Decimal::try_from_i128_with_scale(v, self.scale).ok();
        let mut ratios: Vec<Decimal> = self
            .worst
            .iter()
            .zip(&sums)
            .filter_map(|(worst, sum)| {
                let average = amount(*sum)?.checked_div(Decimal::from(self.months))?;
                amount(i128::from(*worst))?.checked_div(average)
            })
            .collect();
        (!ratios.is_empty()).then(|| Spread::of(&mut ratios).p50)
    }

    /// [`PlanSpread::peak_over_average`] if [`MonteCarlo::add_display_figures`] filled it, else
    /// [`PlanSpread::worst_month_over_average`] computed now (a pass over every bill).
    #[must_use]
    pub fn peak_to_average(&self) -> Option<Decimal> {
        self.peak_over_average.or_else(|| self.worst_month_over_average())
    }

    /// The share of trials in which at least one month's bill (the portfolio's) is above `budget`.
    #[must_use]
    pub fn chance_over_budget(&self, budget: Decimal) -> Decimal {
        self.share_over(&self.worst, budget)
    }

    /// The share of trials in which one account of profile `profile` has a month billed above
    /// `budget` (`None` when the profile has no accounts).
    #[must_use]
    pub fn chance_account_over_budget(&self, profile: usize, budget: Decimal) -> Option<Decimal> {
        let worst = self.account_worst.get(profile).filter(|w| !w.is_empty())?;
        Some(self.share_over(worst, budget))
    }

    /// The share of trials in which the bill `budget` is compared with (the portfolio's, or one
    /// account's of a profile) goes above its amount in some month (`None` for a profile
    /// without accounts).
    #[must_use]
    pub fn chance_over(&self, budget: &Budget) -> Option<Decimal> {
        match budget.account {
            Some(profile) => self.chance_account_over_budget(profile, budget.amount),
            None => Some(self.chance_over_budget(budget.amount)),
        }
    }

    /// The share of `worst` (whole numbers of `10^-scale`) above `budget`.
    fn share_over(&self, worst: &[i64], budget: Decimal) -> Decimal {
        // `budget` in the bills' whole numbers, rounded down: a bill above it is above the budget.
        // A budget too large to scale is above every bill (they are 64-bit numbers).
        let Some(limit) = budget.checked_mul(Decimal::from(10_i64.pow(self.scale.min(18)))).map(|l| l.floor()) else {
            return Decimal::ZERO;
        };
        let limit = limit.mantissa() / 10_i128.pow(limit.scale());
        let over = worst.iter().filter(|w| i128::from(**w) > limit).count();
        Decimal::from(over).checked_div(Decimal::from(worst.len())).unwrap_or(Decimal::ZERO)
    }
}

/// A customer's monthly budget, and whose monthly bill it is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The most the customer wants to pay in a month.
    pub amount: Decimal,
    /// One account of this profile (by index), or (`None`) the whole portfolio.
    pub account: Option<usize>,
}

/// Every trial's worst month of `bills` (laid out as [`PlanSpread::bills`]).
fn worst_of(bills: &[i64], trials: usize) -> Vec<i64> {
    let mut worst = vec![i64::MIN; trials];
    for month in bills.chunks(trials.max(1)) {
        for (w, b) in worst.iter_mut().zip(month) {
            *w = (*w).max(*b);
        }
    }
    worst
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
    /// Every trial's portfolio seats × agent cost, in `10^-support.0`, laid out as
    /// [`PlanSpread::bills`]; a bill is turned into these units by `× support.1`.
    seat_costs: Vec<i64>,
    support: (u32, i128),
}

impl MonteCarlo {
    /// Fills what only a display needs, too slow to recompute every frame: every plan's
    /// [`PlanSpread::cumulative`] (the percentiles of the running total, month by month) and
    /// [`PlanSpread::peak_over_average`].
    pub fn add_display_figures(&mut self) {
        self.plans.par_iter_mut().for_each(|plan| {
            plan.peak_over_average = plan.worst_month_over_average();
            let mut running = vec![0_i128; plan.trials()];
            let (mut wide, mut narrow) = (Vec::new(), Vec::new());
            let mut cumulative = Vec::with_capacity(plan.months);
            for month in plan.each_month() {
                for (r, b) in running.iter_mut().zip(month) {
                    *r += i128::from(*b);
                }
                wide.clone_from(&running);
                cumulative.push(spread_wide(&mut wide, &mut narrow, plan.scale));
            }
            plan.cumulative = cumulative;
        });
    }

    /// The customers' support cost under plan `plan` (its bills + seats × agent cost), month by
    /// month (`None` without such a plan). Computed when asked: no view shows it yet.
    #[must_use]
    pub fn support_monthly(&self, plan: usize) -> Option<Vec<Spread>> {
        let plan = self.plans.get(plan)?;
        let (scale, up) = self.support;
        let trials = plan.trials().max(1);
        let (mut narrow, mut wide) = (Vec::new(), Vec::new());
        Some(
            plan.each_month()
                .zip(self.seat_costs.chunks(trials))
                .map(|(bills, seats)| support_spread(bills, seats, up, &mut narrow, &mut wide, scale))
                .collect(),
        )
    }
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

/// Checks that a Monte Carlo run of `trials` over `scenario` is within the limits (the format's,
/// with `trials` as the file's `simulation.trials`, and the [`MAX_RESULT_VALUES`] kept for the
/// percentiles): every problem [`run`] would refuse it with before it starts.
#[must_use]
pub fn preflight(scenario: &Scenario, trials: u64) -> Vec<Problem> {
    let mut s = scenario.clone();
    s.simulation.trials = trials;
    let mut problems = validate(&s);
    // Per trial and plan: two amounts a month (bill and support cost) and one account's worst
    // month per profile.
    let per_trial_plan = 2 * u128::from(scenario.months) + scenario.accounts.len() as u128;
    let values = u128::from(trials) * (scenario.plans.len() as u128) * per_trial_plan;
    if values > MAX_RESULT_VALUES {
        problems.push(Problem::field(
            "simulation.trials",
            format!(
                "{trials} trials × {} plans × ({} months × 2 + {} profiles) keeps {values} amounts for the percentiles; the limit is {MAX_RESULT_VALUES}: use fewer trials, months or profiles",
                scenario.plans.len(),
                scenario.months,
                scenario.accounts.len()
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
    let problems = preflight(scenario, trials);
    if !problems.is_empty() {
        return Err(McError::Invalid(problems));
    }
    let setup = Setup::new(scenario, exact);
    let shape = Shape {
        trials: usize::try_from(trials).unwrap_or(usize::MAX),
        plans: scenario.plans.len(),
        months: usize::try_from(scenario.months).unwrap_or(0).max(1),
    };
    // Per plan the bills and per month the portfolio's seat costs, month after month (`[month]
    // [trial]`: each month's values together for its percentiles); per plan and trial the
    // horizon's bill, per trial the seat costs' sum and the vendor's cost. Trials are handed out
    // in batches; each batch writes its own part of every column, so the results land in trial
    // order whichever thread computed them.
    let cells = shape.trials * shape.months;
    let mut bills: Vec<Vec<i64>> = (0..shape.plans).map(|_| written_zeros(cells)).collect();
    let mut seat_costs = written_zeros(cells);
    let mut totals: Vec<Vec<i128>> = (0..shape.plans).map(|_| vec![0; shape.trials]).collect();
    let mut seat_totals = vec![0_i128; shape.trials];
    let mut costs = vec![0_i128; shape.trials];
    let tracked = if setup.track_accounts { setup.profiles.len() * shape.plans } else { 0 };
    let mut account_worst: Vec<Vec<i64>> = (0..tracked).map(|_| vec![i64::MIN; shape.trials]).collect();
    let batch = (shape.trials / 256).clamp(1, 32);
    let mut batches = Vec::with_capacity(shape.trials.div_ceil(batch));
    {
        let column = shape.trials.max(1);
        let mut bill_chunks: Vec<_> =
            bills.iter_mut().flat_map(|b| b.chunks_mut(column)).map(|c| c.chunks_mut(batch)).collect();
        let mut seat_chunks: Vec<_> = seat_costs.chunks_mut(column).map(|c| c.chunks_mut(batch)).collect();
        let mut total_chunks: Vec<_> = totals.iter_mut().map(|t| t.chunks_mut(batch)).collect();
        let mut worst_chunks: Vec<_> = account_worst.iter_mut().map(|w| w.chunks_mut(batch)).collect();
        for (i, (seat_totals, costs)) in seat_totals.chunks_mut(batch).zip(costs.chunks_mut(batch)).enumerate() {
            batches.push(Batch {
                first: (i * batch) as u64,
                bills: next_chunks(&mut bill_chunks),
                seats: next_chunks(&mut seat_chunks),
                totals: next_chunks(&mut total_chunks),
                seat_totals,
                costs,
                account_worst: next_chunks(&mut worst_chunks),
            });
        }
    }
    let done = AtomicU64::new(0);
    let outcome = batches.into_par_iter().try_for_each_init(
        || Worker::new(scenario, &setup),
        |worker, mut batch| {
            for j in 0..batch.costs.len() {
                if progress.cancelled() {
                    return Err(TrialError::Cancelled);
                }
                worker.trial(scenario, &setup, seed, batch.first + j as u64, progress)?;
                worker.write(&setup, &mut batch, j)?;
            }
            // Once per batch: a shared counter touched every trial costs the threads more than
            // some trials do.
            let finished = batch.costs.len() as u64;
            progress.advance(done.fetch_add(finished, Ordering::Relaxed) + finished, trials);
            Ok(())
        },
    );
    match outcome {
        Ok(()) => {
            let results = Results { bills, totals, seat_costs, seat_totals, costs, account_worst };
            Ok(summarise(scenario, trials, seed, &setup, shape, results))
        }
        Err(TrialError::Cancelled) => Err(McError::Cancelled),
        Err(TrialError::Problem(p)) => Err(McError::Invalid(vec![p])),
    }
}

/// The next chunk of every column: one batch's part of each.
fn next_chunks<'a, T>(columns: &mut [std::slice::ChunksMut<'a, T>]) -> Vec<&'a mut [T]> {
    columns.iter_mut().filter_map(Iterator::next).collect()
}

/// `len` zeros, written (by all threads) before the run. `vec![0; len]` would take calloc'd pages
/// that map the shared zero page: each trial's first write to a page then copies it and flushes
/// the other cores' TLBs, which measured as over a third of a 10,000-trial run.
fn written_zeros(len: usize) -> Vec<i64> {
    let mut v = Vec::new();
    (0..len).into_par_iter().map(|_| 0).collect_into_vec(&mut v);
    v
}

/// The size of the results: trials × plans × months.
#[derive(Debug, Clone, Copy)]
struct Shape {
    trials: usize,
    plans: usize,
    months: usize,
}

/// Where a batch of consecutive trials writes its results: its part of every column.
struct Batch<'a> {
    first: u64,
    /// Per plan and month (`[plan × months + month]`), the bills of the batch's trials.
    bills: Vec<&'a mut [i64]>,
    /// Per month, the portfolio's seat costs of the batch's trials.
    seats: Vec<&'a mut [i64]>,
    /// Per plan, each trial's bill over the horizon.
    totals: Vec<&'a mut [i128]>,
    /// Each trial's seat costs over the horizon.
    seat_totals: &'a mut [i128],
    /// Each trial's cost to serve, in cents.
    costs: &'a mut [i128],
    /// Per profile and plan (`[profile × plans + plan]`, as [`Worker`] keeps them), one
    /// account's worst month (empty unless [`Setup::track_accounts`]).
    account_worst: Vec<&'a mut [i64]>,
}

/// Everything a run wrote, laid out as [`Batch`] describes.
struct Results {
    bills: Vec<Vec<i64>>,
    totals: Vec<Vec<i128>>,
    seat_costs: Vec<i64>,
    seat_totals: Vec<i128>,
    costs: Vec<i128>,
    account_worst: Vec<Vec<i64>>,
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
/// part, the vendor's cost per AI conversation in whole numbers.
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
}

impl Setup {
    fn new(scenario: &Scenario, exact: bool) -> Self {
        let scales = Scales::of(scenario);
        let (linear, forms) = scenario
            .plans
            .iter()
            .map(|plan| match FastBiller::new(plan) {
                Some(mut fast) if !exact => {
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
            profiles: scenario.accounts.iter().map(|a| ProfileMonths::new(scenario, a)).collect(),
            linear,
            forms,
            instances: scenario.instances(),
            cents_up: 10_i128.pow(scales.bill - 2),
            support_up: 10_i128.pow(scales.support - scales.bill),
            per_ai: per_ai.flatten(),
            per_ai_decimal,
            exact,
            track_accounts: scenario.instances() > 1,
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

/// One plan's biller for what is billed account by account: whole numbers where the plan allows
/// it, decimals otherwise.
enum PlanBiller<'a> {
    Fast(FastBiller),
    Exact(Biller<'a>),
}

impl PlanBiller<'_> {
    /// Adds one account's bill of every month to the plan's sums: in cents (`cents`) on the
    /// whole-number path, in `10^-scale` (`exact`) on the decimal one.
    fn add_months(&mut self, usage: &[MonthUsage], scale: u32, cents: &mut [i128], exact: &mut [i128]) -> Option<()> {
        match self {
            Self::Fast(b) => b.add_months(usage, cents),
            Self::Exact(b) => {
                for ((m, u), sum) in (0_u32..).zip(usage).zip(exact) {
                    let bill = scaled(billing::bill(b.month(m, u).ok()?).ok()?, scale)?;
                    *sum = sum.checked_add(bill)?;
                }
                Some(())
            }
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

/// Adds one account's bill under every plan billed account by account, month by month, to
/// `cents` (whole-number billers, in cents) and `billed` (decimal ones, in `10^-scale`), both
/// `[plan][month]` with `n` months.
fn bill_account(
    billers: &mut [Option<PlanBiller<'_>>],
    usage: &[MonthUsage],
    scale: u32,
    n: usize,
    cents: &mut [i128],
    billed: &mut [i128],
) -> Result<(), TrialError> {
    for ((biller, cents), billed) in billers.iter_mut().zip(cents.chunks_mut(n)).zip(billed.chunks_mut(n)) {
        if let Some(biller) = biller {
            biller.add_months(usage, scale, cents, billed).ok_or_else(|| too_large("bill"))?;
        }
    }
    Ok(())
}

/// One account's worst monthly bill under each plan (into `out`, in `10^-bill`): its linear
/// charges on its own usage, plus what its account-by-account billing came to (`cents` in cents,
/// `billed` in `10^-bill`, both `[plan][month]`). `None` on overflow.
fn account_worst(setup: &Setup, usage: &[MonthUsage], cents: &[i128], billed: &[i128], out: &mut [i64]) -> Option<()> {
    let n = usage.len().max(1);
    for (((linear, cents), billed), out) in setup.linear.iter().zip(cents.chunks(n)).zip(billed.chunks(n)).zip(out) {
        let mut worst = i64::MIN;
        for ((u, cents), billed) in usage.iter().zip(cents).zip(billed) {
            let quantities = [u.seats, u.conversations, u.ai_conversations, u.resolutions].map(u128::from);
            let bill = linear.bill(&quantities, 1)?.checked_add(*cents).and_then(|c| up(c, setup.cents_up))?;
            worst = worst.max(i64::try_from(bill.checked_add(*billed)?).ok()?);
        }
        *out = worst;
    }
    Some(())
}

/// Stores `value` at `index` of `slice` (the batches' slices have room for every trial of theirs).
#[inline]
fn set<T>(slice: &mut [T], index: usize, value: T) {
    if let Some(slot) = slice.get_mut(index) {
        *slot = value;
    }
}

/// `amount × factor` for a power of ten `factor`, most often 1.
#[inline]
fn up(amount: i128, factor: i128) -> Option<i128> {
    if factor == 1 { Some(amount) } else { mul(amount, factor) }
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

fn too_large(what: &str) -> TrialError {
    TrialError::Problem(Problem::field("plans", format!("a Monte Carlo {what} is too large to compute")))
}

/// How many instances a trial simulates between two looks at the cancel flag.
const CANCEL_EVERY: u64 = 4096;

/// What one thread keeps between trials: the billers of what is billed account by account, and
/// one trial's portfolio sums.
struct Worker<'a> {
    /// Per plan; `None` when the whole plan is linear (billed on the sums).
    billers: Option<Vec<Option<PlanBiller<'a>>>>,
    usage: Vec<MonthUsage>,
    draws: Draws,
    /// Per month, the portfolio's usage summed over instances, in the order of `Metric::ALL`.
    sums: Vec<[u128; 4]>,
    /// `sums` as 64-bit numbers, when they all fit (see [`Worker::write`]).
    small_sums: Vec<[i64; 4]>,
    /// Per month, the current profile's seats summed over its instances.
    profile_seats: Vec<u128>,
    /// Per month, the portfolio's seats × agent cost, in `10^-support`.
    seat_cost: Vec<i128>,
    /// Per plan and month (`[plan][month]`), what is billed account by account: in cents on the
    /// whole-number path (sums of 64-bit lines over at most 10^10 account-months: no overflow)…
    billed_cents: Vec<i128>,
    /// …and in `10^-bill` on the decimal one.
    billed: Vec<i128>,
    /// The same two for one account alone, the first of its profile (`[plan][month]`).
    account_cents: Vec<i128>,
    account_billed: Vec<i128>,
    /// Per profile and plan (`[profile × plans + plan]`), its one account's worst month this trial.
    account_worst: Vec<i64>,
}

impl<'a> Worker<'a> {
    fn new(scenario: &'a Scenario, setup: &Setup) -> Self {
        // A biller starts every term afresh in month 0, so one per plan serves every instance.
        let billers = setup
            .forms
            .iter()
            .zip(&scenario.plans)
            .map(|(form, plan)| match form {
                PlanForm::Linear => Some(None),
                PlanForm::Fast(fast) => Some(Some(PlanBiller::Fast(fast.clone()))),
                PlanForm::Exact => Biller::new(plan).ok().map(|b| Some(PlanBiller::Exact(b))),
            })
            .collect();
        let months = usize::try_from(scenario.months).unwrap_or(0);
        Self {
            billers,
            usage: Vec::with_capacity(months),
            draws: Draws::default(),
            small_sums: Vec::with_capacity(months),
            sums: vec![[0; 4]; months],
            profile_seats: vec![0; months],
            seat_cost: vec![0; months],
            billed_cents: vec![0; months * scenario.plans.len()],
            billed: vec![0; months * scenario.plans.len()],
            account_cents: vec![0; months * scenario.plans.len()],
            account_billed: vec![0; months * scenario.plans.len()],
            account_worst: vec![i64::MIN; scenario.accounts.len() * scenario.plans.len()],
        }
    }

    /// Simulates one trial into the worker's sums.
    fn trial(
        &mut self,
        scenario: &Scenario,
        setup: &Setup,
        seed: u64,
        trial: u64,
        progress: &dyn Progress,
    ) -> Result<(), TrialError> {
        let billers = self.billers.as_mut().ok_or_else(|| too_large("commitment"))?;
        let n = self.sums.len().max(1);
        self.sums.fill([0; 4]);
        self.seat_cost.fill(0);
        if billers.iter().any(Option::is_some) {
            // (Without account-by-account billing they stay zero.)
            self.billed.fill(0);
            self.billed_cents.fill(0);
        }
        let mut simulated = 0_u64;
        self.account_worst.fill(i64::MIN);
        for ((a, account), profile) in scenario.accounts.iter().enumerate().zip(&setup.profiles) {
            let agent_cost = scaled(account.agent_cost, setup.scales.support).ok_or_else(|| too_large("agent cost"))?;
            self.profile_seats.fill(0);
            for instance in 0..account.count {
                simulated += 1;
                if simulated.is_multiple_of(CANCEL_EVERY) && progress.cancelled() {
                    return Err(TrialError::Cancelled);
                }
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(seed, trial, a, instance));
                draw_usage(scenario, account, profile, &mut rng, &mut self.draws, &mut self.usage)
                    .map_err(|e| overflow(scenario, a, &e))?;
                for ((sums, seats), u) in self.sums.iter_mut().zip(&mut self.profile_seats).zip(&self.usage) {
                    sums[0] += u128::from(u.seats);
                    sums[1] += u128::from(u.conversations);
                    sums[2] += u128::from(u.ai_conversations);
                    sums[3] += u128::from(u.resolutions);
                    *seats += u128::from(u.seats);
                }
                if instance == 0 && setup.track_accounts {
                    // The profile's first account is billed on its own, then added to the sums.
                    self.account_cents.fill(0);
                    self.account_billed.fill(0);
                    let (cents, billed) = (&mut self.account_cents, &mut self.account_billed);
                    bill_account(billers, &self.usage, setup.scales.bill, n, cents, billed)?;
                    let plans = setup.linear.len();
                    let out = self.account_worst.get_mut(a * plans..(a + 1) * plans).unwrap_or_default();
                    account_worst(setup, &self.usage, &self.account_cents, &self.account_billed, out)
                        .ok_or_else(|| too_large("bill"))?;
                    for (sums, account) in
                        [(&mut self.billed_cents, &self.account_cents), (&mut self.billed, &self.account_billed)]
                    {
                        for (sum, one) in sums.iter_mut().zip(account) {
                            *sum = sum.checked_add(*one).ok_or_else(|| too_large("bill"))?;
                        }
                    }
                    continue;
                }
                bill_account(billers, &self.usage, setup.scales.bill, n, &mut self.billed_cents, &mut self.billed)?;
            }
            for (cost, seats) in self.seat_cost.iter_mut().zip(&self.profile_seats) {
                *cost = i128::try_from(*seats)
                    .ok()
                    .and_then(|s| mul(s, agent_cost))
                    .and_then(|c| c.checked_add(*cost))
                    .ok_or_else(|| too_large("support cost"))?;
            }
        }
        Ok(())
    }

    /// Writes the trial just simulated as trial `j` of `batch`: the linear parts billed on the
    /// sums, every amount checked to fit the result buffers.
    fn write(&mut self, setup: &Setup, batch: &mut Batch<'_>, j: usize) -> Result<(), TrialError> {
        let n = self.sums.len().max(1);
        // The usual case: every sum below 2^62 and bills in cents. Then each product of a sum and
        // a price (at most 10^15 < 2^50 cents) is below 2^112 and the account-by-account sums
        // below 2^97 (10^10 account-months of 64-bit lines), so plain 128-bit arithmetic is exact.
        let small =
            setup.cents_up == 1 && setup.instances < SMALL && self.sums.iter().all(|s| s.iter().all(|q| *q < SMALL));
        if small {
            self.small_sums.clear();
            self.small_sums.extend(self.sums.iter().map(|s| s.map(|q| i64::try_from(q).unwrap_or(0))));
            let accounts = i64::try_from(setup.instances).unwrap_or(0);
            for (((((linear, form), cents), billed), columns), total) in setup
                .linear
                .iter()
                .zip(&setup.forms)
                .zip(self.billed_cents.chunks(n))
                .zip(self.billed.chunks(n))
                .zip(batch.bills.chunks_mut(n))
                .zip(&mut batch.totals)
            {
                // A wholly linear plan has nothing billed account by account: its bill in 64 bits
                // when that cannot overflow.
                let linear_only = matches!(form, PlanForm::Linear);
                let mut sum = 0_i128;
                for (((q, cents), billed), column) in self.small_sums.iter().zip(cents).zip(billed).zip(columns) {
                    let bill = match linear.bill_narrow(q, accounts) {
                        Some(bill) if linear_only => bill,
                        _ => i64::try_from(linear.bill_small(q, accounts) + cents + billed)
                            .map_err(|_| too_large("monthly bill"))?,
                    };
                    set(column, j, bill);
                    sum += i128::from(bill);
                }
                set(total, j, sum);
            }
        } else {
            self.write_wide(setup, batch, j)?;
        }
        let mut sum = 0_i128;
        for (column, cost) in batch.seats.iter_mut().zip(&self.seat_cost) {
            set(column, j, i64::try_from(*cost).map_err(|_| too_large("support cost"))?);
            sum += cost;
        }
        set(batch.seat_totals, j, sum);
        set(batch.costs, j, self.vendor_cost(setup)?);
        for (column, worst) in batch.account_worst.iter_mut().zip(&self.account_worst) {
            set(column, j, *worst);
        }
        Ok(())
    }

    /// [`Worker::write`]'s bills when some sum is too large for the plain arithmetic: every step
    /// checked.
    fn write_wide(&self, setup: &Setup, batch: &mut Batch<'_>, j: usize) -> Result<(), TrialError> {
        let n = self.sums.len().max(1);
        for ((((linear, cents), billed), columns), total) in setup
            .linear
            .iter()
            .zip(self.billed_cents.chunks(n))
            .zip(self.billed.chunks(n))
            .zip(batch.bills.chunks_mut(n))
            .zip(&mut batch.totals)
        {
            let plain = linear.is_zero();
            let mut sum = 0_i128;
            for (((sums, cents), billed), column) in self.sums.iter().zip(cents).zip(billed).zip(columns) {
                let cents = if plain {
                    Some(*cents)
                } else {
                    linear.bill(sums, setup.instances).and_then(|l| l.checked_add(*cents))
                };
                let bill = cents.and_then(|c| up(c, setup.cents_up)).and_then(|b| b.checked_add(*billed));
                let bill = bill.and_then(|b| i64::try_from(b).ok()).ok_or_else(|| too_large("monthly bill"))?;
                set(column, j, bill);
                sum += i128::from(bill);
            }
            set(total, j, sum);
        }
        Ok(())
    }

    /// The vendor's cost of the trial in cents: each month's AI conversations × the cost of one,
    /// rounded to cents.
    fn vendor_cost(&self, setup: &Setup) -> Result<i128, TrialError> {
        let ai = self.sums.iter().map(|s| s[2]);
        let cost = match setup.per_ai {
            Some((per_ai, scale)) if !setup.exact => ai.into_iter().try_fold(0_i128, |sum, ai| {
                let n = mul(i128::try_from(ai).ok()?, per_ai)?;
                sum.checked_add(i128::from(round_to_cents(n, scale)?))
            }),
            _ => None,
        };
        if let Some(cost) = cost {
            return Ok(cost);
        }
        // Decimals: the reference, and the fallback for costs whole numbers cannot hold.
        self.sums
            .iter()
            .try_fold(Decimal::ZERO, |sum, s| {
                let ai = Decimal::try_from_i128_with_scale(i128::try_from(s[2]).ok()?, 0).ok()?;
                ai.checked_mul(setup.per_ai_decimal).map(round2).and_then(|c| sum.checked_add(c))
            })
            .and_then(|cost| scaled(cost, 2))
            .ok_or_else(|| too_large("cost"))
    }
}
/// The scratch columns of [`draw_usage`], kept by each thread.
#[derive(Default)]
struct Draws {
    conversations: Vec<u64>,
    ai_conversations: Vec<u64>,
    resolutions: Vec<u64>,
    rates: Vec<f64>,
    binomials: sampling::Binomials,
}

/// One instance's usage in one trial: noisy volume, binomial AI involvement and resolutions, then
/// seats by the deterministic rule.
///
/// The stream gives, in order: the resolution-rate shift, each month's volume noise, the AI
/// involvement draws of all months, the resolution draws of all months (each month's binomials
/// independent of the others, so they are drawn together: see [`sampling::Binomials`]).
fn draw_usage(
    scenario: &Scenario,
    account: &Account,
    profile: &ProfileMonths,
    rng: &mut Xoshiro256PlusPlus,
    draws: &mut Draws,
    out: &mut Vec<MonthUsage>,
) -> Result<(), QuantityOverflow> {
    let sim = &scenario.simulation;
    let sigma_v = sim.volume_noise;
    let z_shift: f64 = StandardNormal.sample(&mut *rng);
    let shift = sim.resolution_noise * z_shift;
    let months = profile.volume.len();
    draws.conversations.clear();
    for (m, volume) in (0_u32..).zip(&profile.volume) {
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
        draws.conversations.push(conversations);
    }
    draws.ai_conversations.resize(months, 0);
    draws.binomials.draw(&draws.conversations, &profile.ai_involvement, &mut draws.ai_conversations, rng);
    draws.rates.clear();
    draws.rates.extend(profile.resolution_rate.iter().map(|rate| (rate + shift).clamp(0.0, 1.0)));
    draws.resolutions.resize(months, 0);
    draws.binomials.draw(&draws.ai_conversations, &draws.rates, &mut draws.resolutions, rng);
    out.clear();
    out.extend(draws.conversations.iter().zip(&draws.ai_conversations).zip(&draws.resolutions).map(
        |((conversations, ai_conversations), resolutions)| MonthUsage {
            seats: 0,
            conversations: *conversations,
            ai_conversations: *ai_conversations,
            resolutions: *resolutions,
        },
    ));
    usage::staff(&account.seats, out, scenario.start)
}

/// The spread of whole numbers of `10^-scale`, as amounts (`values` reordered).
fn spread_of<T: Copy + Ord + Into<i128>>(values: &mut [T], scale: u32) -> Spread {
    let n = values.len();
    if n == 0 {
        return Spread::default();
    }
    // Plain additions while they cannot overflow (always, for 64-bit values), saturating if
    // they would.
    let sum = values
        .iter()
        .try_fold(0_i128, |a, v| a.checked_add((*v).into()))
        .unwrap_or_else(|| values.iter().fold(0_i128, |a, v| a.saturating_add((*v).into())));
    let [p10, p50, p90] = percentiles(values);
    let amount = |v: i128| Decimal::try_from_i128_with_scale(v, scale).unwrap_or(Decimal::MAX);
    Spread {
        mean: amount(sum) / Decimal::from(n),
        p10: amount(p10.into()),
        p50: amount(p50.into()),
        p90: amount(p90.into()),
    }
}

/// The spread of wide values: on 64-bit copies when they all fit (selection is faster there).
fn spread_wide(values: &mut [i128], narrow: &mut Vec<i64>, scale: u32) -> Spread {
    narrow.clear();
    narrow.extend(values.iter().map_while(|v| i64::try_from(*v).ok()));
    if narrow.len() == values.len() { spread_of(narrow, scale) } else { spread_of(values, scale) }
}

/// The spread of the support costs `bills × up + seats`, on 64 bits when they fit.
fn support_spread(
    bills: &[i64],
    seats: &[i64],
    up: i128,
    narrow: &mut Vec<i64>,
    wide: &mut Vec<i128>,
    scale: u32,
) -> Spread {
    narrow.clear();
    narrow.resize(bills.len(), 0);
    let fits = i64::try_from(up).is_ok_and(|up| {
        narrow
            .iter_mut()
            .zip(bills.iter().zip(seats))
            .all(|(out, (b, s))| b.checked_mul(up).and_then(|c| c.checked_add(*s)).map(|c| *out = c).is_some())
    });
    if fits && bills.len() == seats.len() {
        return spread_of(narrow, scale);
    }
    wide.clear();
    wide.extend(bills.iter().zip(seats).map(|(b, s)| i128::from(*b) * up + i128::from(*s)));
    spread_of(wide, scale)
}

fn summarise(scenario: &Scenario, trials: u64, seed: u64, setup: &Setup, shape: Shape, results: Results) -> MonteCarlo {
    let Results { bills, totals, seat_costs, seat_totals, costs, account_worst } = results;
    // Per plan, per profile: the tracked accounts' worst months (none without tracking).
    let mut tracked: Vec<Vec<Vec<i64>>> = vec![Vec::new(); shape.plans];
    for (i, worst) in account_worst.into_iter().enumerate() {
        if let Some(plan) = tracked.get_mut(i % shape.plans.max(1)) {
            plan.push(worst);
        }
    }
    let (scales, up) = (setup.scales, setup.support_up);
    let column = shape.trials.max(1);
    // Every plan's every month, spread over the threads (a copy each: selection reorders).
    let monthly: Vec<Spread> = (0..shape.plans * shape.months)
        .into_par_iter()
        .map_init(
            || Vec::with_capacity(shape.trials),
            |copy, c| {
                let (plan, month) = (c / shape.months, c % shape.months);
                copy.clear();
                copy.extend_from_slice(bills.get(plan).and_then(|b| b.chunks(column).nth(month)).unwrap_or_default());
                spread_of(copy, scales.bill)
            },
        )
        .collect();
    let plans = scenario
        .plans
        .par_iter()
        .zip(bills)
        .zip(totals)
        .zip(monthly.par_chunks(shape.months))
        .zip(tracked)
        .map(|((((plan, bills), mut totals), monthly), mut tracked)| {
            let worst = worst_of(&bills, shape.trials);
            // A profile's one account: tracked, or (the only account of the scenario) the portfolio.
            let account_worst = scenario
                .accounts
                .iter()
                .enumerate()
                .map(|(a, account)| match tracked.get_mut(a) {
                    _ if account.count == 0 => Vec::new(),
                    Some(tracked) => std::mem::take(tracked),
                    None => worst.clone(),
                })
                .collect();
            let mut scratch = Vec::new();
            let mut margins: Vec<i128> =
                totals.iter().zip(&costs).map(|(t, c)| t.saturating_sub(c.saturating_mul(setup.cents_up))).collect();
            let mut support: Vec<i128> =
                totals.iter().zip(&seat_totals).map(|(t, s)| t.saturating_mul(up).saturating_add(*s)).collect();
            PlanSpread {
                name: plan.name.clone(),
                monthly: monthly.to_vec(),
                total: spread_wide(&mut totals, &mut scratch, scales.bill),
                cumulative: Vec::new(),
                peak_over_average: None,
                support_total: spread_wide(&mut support, &mut scratch, scales.support),
                margin: spread_wide(&mut margins, &mut scratch, scales.bill),
                bills,
                account_worst,
                worst,
                months: shape.months,
                scale: scales.bill,
            }
        })
        .collect();
    MonteCarlo { trials, seed, plans, seat_costs, support: (scales.support, up) }
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
        let cents = |v: Decimal| i64::try_from(scaled(v, 2).unwrap()).unwrap();
        let month_bills: Vec<i64> = (0..n).flat_map(|m| bills.iter().map(move |t| cents(t[m]))).collect();
        PlanSpread {
            name: "P".into(),
            monthly,
            total: Spread::default(),
            cumulative: vec![],
            peak_over_average: None,
            support_total: Spread::default(),
            margin: Spread::default(),
            worst: worst_of(&month_bills, bills.len()),
            bills: month_bills,
            account_worst: vec![],
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
        // A budget too large to compare in the bills' units is above them all (no overflow).
        assert_eq!(p.chance_over_budget(Decimal::MAX), Decimal::ZERO);
        assert_eq!(p.chance_over(&Budget { amount: Decimal::MAX, account: None }), Some(Decimal::ZERO));
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

//! One thread's share of a run: trial after trial, each instance's usage drawn and billed,
//! the portfolio's sums written to the batch's columns.

use super::transitions::Lines;
use super::{
    Batch, PlanForm, ProfileMonths, Progress, Setup, Shape, TrialError, add_months, overflow, stream_seed, too_large,
};
use crate::engine::billing::PlanBiller;
use crate::engine::billing::fast::{SMALL, mul, round_to_cents, scaled};
use crate::engine::sampling;
use crate::engine::usage::{self, MonthUsage, QuantityOverflow};
use crate::model::money::round2;
use crate::model::{Account, Scenario};
use rand::SeedableRng as _;
use rand_distr::{Distribution as _, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rust_decimal::Decimal;

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
            add_months(biller, usage, scale, cents, billed).ok_or_else(|| too_large("bill"))?;
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

/// How many instances a trial simulates between two looks at the cancel flag.
const CANCEL_EVERY: u64 = 4096;

/// What one thread keeps between trials: the billers of what is billed account by account, and
/// one trial's portfolio sums.
pub(super) struct Worker<'a> {
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
    /// The transitions' billers and sums; `None` when a plan cannot be billed.
    transitions: Option<Lines<'a>>,
}

/// One batch's results that have a column per month or per account (see [`Batch`]), kept side
/// by side while its trials run and copied to their columns when it ends. The columns are a
/// trial count of values long, so written in place each trial's values lie on 100 or more
/// different pages, a TLB miss each: that was about a sixth of a run.
pub(super) struct Stage {
    /// Room per column: the largest batch.
    width: usize,
    /// Trials in the current batch.
    len: usize,
    /// As [`Batch::bills`], column `c` at `c × width`.
    bills: Vec<i64>,
    /// As [`Batch::seats`].
    seats: Vec<i64>,
    /// As [`Batch::account_worst`].
    account_worst: Vec<i64>,
}

impl Stage {
    /// Room for batches of up to `width` trials of a run of `shape`, tracking `tracked`
    /// accounts' worst months.
    pub(super) fn new(width: usize, shape: Shape, tracked: usize) -> Self {
        Self {
            width,
            len: 0,
            bills: vec![0; shape.lines() * shape.months * width],
            seats: vec![0; shape.months * width],
            account_worst: vec![0; tracked * width],
        }
    }

    /// Starts a batch of `len` trials.
    pub(super) fn start(&mut self, len: usize) {
        self.len = len.min(self.width);
    }

    /// Copies the batch's results to its columns.
    pub(super) fn flush(&self, batch: &mut Batch<'_>) {
        let pairs = [
            (&self.bills, &mut batch.bills),
            (&self.seats, &mut batch.seats),
            (&self.account_worst, &mut batch.account_worst),
        ];
        for (staged, columns) in pairs {
            for (from, to) in staged.chunks(self.width.max(1)).zip(columns.iter_mut()) {
                let n = to.len().min(self.len);
                if let (Some(to), Some(from)) = (to.get_mut(..n), from.get(..n)) {
                    to.copy_from_slice(from);
                }
            }
        }
    }
}

impl<'a> Worker<'a> {
    pub(super) fn new(scenario: &'a Scenario, setup: &Setup) -> Self {
        // A biller starts every term afresh in month 0, so one per plan serves every instance.
        let billers = setup
            .forms
            .iter()
            .zip(&scenario.plans)
            .map(|(form, plan)| match form {
                PlanForm::Linear => Some(None),
                PlanForm::Fast(fast) => Some(Some(PlanBiller::Fast(fast.clone()))),
                PlanForm::Exact => PlanBiller::exact(plan).ok().map(Some),
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
            transitions: Lines::new(scenario, setup),
        }
    }

    /// Simulates one trial into the worker's sums.
    pub(super) fn trial(
        &mut self,
        scenario: &Scenario,
        setup: &Setup,
        seed: u64,
        trial: u64,
        progress: &dyn Progress,
    ) -> Result<(), TrialError> {
        let billers = self.billers.as_mut().ok_or_else(|| too_large("commitment"))?;
        let lines = self.transitions.as_mut().ok_or_else(|| too_large("commitment"))?;
        lines.start(setup, seed, trial);
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
                if !lines.is_empty() {
                    lines.add(setup, a, instance, &self.usage, agent_cost)?;
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
    pub(super) fn write(
        &mut self,
        setup: &Setup,
        stage: &mut Stage,
        batch: &mut Batch<'_>,
        j: usize,
    ) -> Result<(), TrialError> {
        let n = self.sums.len().max(1);
        let width = stage.width.max(1);
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
                .zip(stage.bills.chunks_mut(n * width))
                .zip(&mut batch.totals)
            {
                // A wholly linear plan has nothing billed account by account: its bill in 64 bits
                // when that cannot overflow.
                // A plan with commitments has no linear part (it is all billed account by
                // account).
                let linear_only = matches!(form, PlanForm::Linear);
                let no_linear = linear.is_zero();
                let mut sum = 0_i128;
                for (m, ((q, cents), billed)) in self.small_sums.iter().zip(cents).zip(billed).enumerate() {
                    let narrow = if linear_only { linear.bill_narrow(q, accounts) } else { None };
                    let bill = match narrow {
                        Some(bill) => Ok(bill),
                        None if no_linear => i64::try_from(cents + billed),
                        None => i64::try_from(linear.bill_small(q, accounts) + cents + billed),
                    };
                    let bill = bill.map_err(|_| too_large("monthly bill"))?;
                    set(columns, m * width + j, bill);
                    sum += i128::from(bill);
                }
                set(total, j, sum);
            }
        } else {
            self.write_wide(setup, stage, batch, j)?;
        }
        let mut sum = 0_i128;
        for (m, cost) in self.seat_cost.iter().enumerate() {
            set(&mut stage.seats, m * width + j, i64::try_from(*cost).map_err(|_| too_large("support cost"))?);
            sum += cost;
        }
        set(batch.seat_totals, j, sum);
        set(batch.costs, j, vendor_cost(setup, self.sums.iter().map(|s| s[2]))?);
        self.write_transitions(setup, stage, batch, j)?;
        for (c, worst) in self.account_worst.iter().enumerate() {
            set(&mut stage.account_worst, c * width + j, *worst);
        }
        Ok(())
    }

    /// [`Worker::write`]'s bills when some sum is too large for the plain arithmetic: every step
    /// checked.
    fn write_wide(&self, setup: &Setup, stage: &mut Stage, batch: &mut Batch<'_>, j: usize) -> Result<(), TrialError> {
        let n = self.sums.len().max(1);
        let width = stage.width.max(1);
        for ((((linear, cents), billed), columns), total) in setup
            .linear
            .iter()
            .zip(self.billed_cents.chunks(n))
            .zip(self.billed.chunks(n))
            .zip(stage.bills.chunks_mut(n * width))
            .zip(&mut batch.totals)
        {
            let plain = linear.is_zero();
            let mut sum = 0_i128;
            for (m, ((sums, cents), billed)) in self.sums.iter().zip(cents).zip(billed).enumerate() {
                let cents = if plain {
                    Some(*cents)
                } else {
                    linear.bill(sums, setup.instances).and_then(|l| l.checked_add(*cents))
                };
                let bill = cents.and_then(|c| up(c, setup.cents_up)).and_then(|b| b.checked_add(*billed));
                let bill = bill.and_then(|b| i64::try_from(b).ok()).ok_or_else(|| too_large("monthly bill"))?;
                set(columns, m * width + j, bill);
                sum += i128::from(bill);
            }
            set(total, j, sum);
        }
        Ok(())
    }

    /// Writes the transitions' trial (after the plans' columns): each month's bill, the total,
    /// the cost of serving the accounts kept and their seat costs.
    fn write_transitions(
        &self,
        setup: &Setup,
        stage: &mut Stage,
        batch: &mut Batch<'_>,
        j: usize,
    ) -> Result<(), TrialError> {
        let Some(lines) = &self.transitions else { return Ok(()) };
        let n = self.sums.len().max(1);
        let width = stage.width.max(1);
        let plans = setup.linear.len();
        let columns = stage.bills.chunks_mut(n * width).skip(plans);
        let outputs =
            columns.zip(batch.totals.iter_mut().skip(plans)).zip(&mut batch.line_costs).zip(&mut batch.line_seats);
        for (t, (((columns, total), cost), seats)) in outputs.enumerate() {
            let Some(trial) = lines.trial(t) else { continue };
            let (cents, billed, ai, seat_cost) = (trial.cents, trial.billed, trial.ai, trial.seat_cost);
            let mut sum = 0_i128;
            for (m, (cents, billed)) in cents.iter().zip(billed).enumerate() {
                let bill = up(*cents, setup.cents_up).and_then(|c| c.checked_add(*billed));
                let bill = bill.and_then(|b| i64::try_from(b).ok()).ok_or_else(|| too_large("monthly bill"))?;
                set(columns, m * width + j, bill);
                sum += i128::from(bill);
            }
            set(total, j, sum);
            set(cost, j, vendor_cost(setup, ai.iter().copied())?);
            set(seats, j, seat_cost);
        }
        Ok(())
    }
}

/// The vendor's cost of a trial in cents: each month's AI conversations (`ai`) × the cost of one,
/// rounded to cents.
fn vendor_cost(setup: &Setup, mut ai: impl Iterator<Item = u128> + Clone) -> Result<i128, TrialError> {
    let cost = match setup.per_ai {
        Some((per_ai, scale)) if !setup.exact => ai.clone().try_fold(0_i128, |sum, ai| {
            let n = mul(i128::try_from(ai).ok()?, per_ai)?;
            sum.checked_add(i128::from(round_to_cents(n, scale)?))
        }),
        _ => None,
    };
    if let Some(cost) = cost {
        return Ok(cost);
    }
    // Decimals: the reference, and the fallback for costs whole numbers cannot hold.
    ai.try_fold(Decimal::ZERO, |sum, ai| {
        let ai = Decimal::try_from_i128_with_scale(i128::try_from(ai).ok()?, 0).ok()?;
        ai.checked_mul(setup.per_ai_decimal).map(round2).and_then(|c| sum.checked_add(c))
    })
    .and_then(|cost| scaled(cost, 2))
    .ok_or_else(|| too_large("cost"))
}

/// The factor a month's expected volume is multiplied by in a trial, for a standard normal `z`
/// and the volume noise `sigma`: `exp(σz − σ²/2)`, lognormal with an average of exactly 1 (so
/// the volume is right on average; docs/monte-carlo.md, "One trial").
#[must_use]
fn volume_multiplier(sigma: f64, z: f64) -> f64 {
    (sigma * z - sigma * sigma / 2.0).exp()
}

/// A month's resolution rate in a trial: the ramp's `rate` plus the trial's `shift`, cut to the
/// range 0 to 1 (docs/monte-carlo.md, "One trial").
#[must_use]
fn shifted_rate(rate: f64, shift: f64) -> f64 {
    (rate + shift).clamp(0.0, 1.0)
}

/// The scratch columns of [`draw_usage`], kept by each thread.
#[derive(Default)]
pub(super) struct Draws {
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
pub(super) fn draw_usage(
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
    let first = u32::try_from(profile.recorded.len()).unwrap_or(u32::MAX);
    draws.conversations.clear();
    for (m, volume) in (first..).zip(&profile.volume) {
        let z: f64 = StandardNormal.sample(&mut *rng);
        let volume = if sigma_v > 0.0 { volume * volume_multiplier(sigma_v, z) } else { *volume };
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
    draws.rates.extend(profile.resolution_rate.iter().map(|rate| shifted_rate(*rate, shift)));
    draws.resolutions.resize(months, 0);
    draws.binomials.draw(&draws.ai_conversations, &draws.rates, &mut draws.resolutions, rng);
    out.clear();
    out.extend_from_slice(&profile.recorded);
    out.extend(draws.conversations.iter().zip(&draws.ai_conversations).zip(&draws.resolutions).map(
        |((conversations, ai_conversations), resolutions)| MonthUsage {
            seats: 0,
            conversations: *conversations,
            ai_conversations: *ai_conversations,
            resolutions: *resolutions,
        },
    ));
    usage::staff_after(&account.seats, out, scenario.start, profile.recorded.len())
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // the cut rates are exact
mod tests {
    use super::{shifted_rate, volume_multiplier};
    use proptest::prelude::*;
    use rand::SeedableRng as _;
    use rand_distr::{Distribution as _, StandardNormal};

    /// `∫ f(z) φ(z) dz` over the standard normal, by Simpson's rule on [−16, 16] (the tails beyond
    /// are below 10^-50 for the functions here).
    fn expectation(f: impl Fn(f64) -> f64) -> f64 {
        let (a, n) = (16.0_f64, 64_000);
        let h = 2.0 * a / f64::from(n);
        let density = |z: f64| (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let mut sum = 0.0;
        for i in 0..=n {
            let z = -a + f64::from(i) * h;
            let weight = if i == 0 || i == n {
                1.0
            } else if i % 2 == 1 {
                4.0
            } else {
                2.0
            };
            sum += weight * f(z) * density(z);
        }
        sum * h / 3.0
    }

    #[test]
    fn the_volume_multiplier_averages_exactly_one_and_spreads_by_sigma() {
        for sigma in [0.01, 0.05, 0.1, 0.3, 0.5, 1.0, 2.0] {
            let mean = expectation(|z| volume_multiplier(sigma, z));
            assert!((mean - 1.0).abs() < 1e-9, "σ = {sigma}: the average multiplier is {mean}");
            // Its variance is exp(σ²) − 1: about σ² for small σ ("±10%" at 0.1).
            let variance = expectation(|z| (volume_multiplier(sigma, z) - 1.0).powi(2));
            let want = (sigma * sigma).exp() - 1.0;
            assert!((variance - want).abs() < 1e-9 * want.max(1.0), "σ = {sigma}: variance {variance}, not {want}");
        }
    }

    /// The same average with the normal draws the engine really uses: 10^6 of them, within 5
    /// standard errors (about 0.15% at σ = 0.3, where dropping the −σ²/2 would be +4.6%).
    #[test]
    fn the_multiplier_of_the_engines_own_normal_draws_averages_one() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let sigma = 0.3;
        let n = 1_000_000;
        let mean =
            (0..n).map(|_| volume_multiplier(sigma, StandardNormal.sample(&mut rng))).sum::<f64>() / f64::from(n);
        let standard_error = ((sigma * sigma).exp() - 1.0).sqrt() / f64::from(n).sqrt();
        assert!((mean - 1.0).abs() < 5.0 * standard_error, "mean {mean} ± {standard_error}");
    }

    #[test]
    fn a_shifted_rate_is_the_rate_plus_the_shift_cut_to_zero_and_one() {
        assert_eq!(shifted_rate(0.9, 0.2), 1.0);
        assert_eq!(shifted_rate(0.1, -0.3), 0.0);
        assert!((shifted_rate(0.5, 0.1) - 0.6).abs() < 1e-15);
    }

    proptest! {
        #[test]
        fn shifted_rates_stay_between_zero_and_one(rate in 0.0..=1.0_f64, shift in -1e6..1e6_f64) {
            let r = shifted_rate(rate, shift);
            prop_assert!((0.0..=1.0).contains(&r));
            if (0.0..=1.0).contains(&(rate + shift)) {
                prop_assert_eq!(r, rate + shift);
            }
        }
    }
}

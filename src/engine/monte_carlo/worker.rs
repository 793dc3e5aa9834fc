//! One thread's share of a run: trial after trial, each instance's usage drawn and billed,
//! the portfolio's sums written to the batch's columns.

use super::{
    Batch, PlanBiller, PlanForm, ProfileMonths, Progress, Setup, Shape, TrialError, overflow, stream_seed, too_large,
};
use crate::engine::billing::Biller;
use crate::engine::fast_billing::{SMALL, mul, round_to_cents, scaled};
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
            bills: vec![0; shape.plans * shape.months * width],
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
    pub(super) fn trial(
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
        set(batch.costs, j, self.vendor_cost(setup)?);
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

//! The results of a run: the spread of every plan's bills, and the questions a display or a
//! budget asks of them.

use super::{Results, Setup, Shape};
use crate::model::Scenario;
use rayon::prelude::*;
use rust_decimal::Decimal;

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

    /// Against `budget`, over the months `months` (a contract year): the chance that a month's
    /// bill is above it (the share of trial-months), and the expected number of those months
    /// above it (their mean count per trial).
    #[must_use]
    pub fn months_over(&self, months: std::ops::Range<usize>, budget: Decimal) -> (Decimal, Decimal) {
        let trials = self.trials();
        let Some(limit) = budget.checked_mul(Decimal::from(10_i64.pow(self.scale.min(18)))).map(|l| l.floor()) else {
            return (Decimal::ZERO, Decimal::ZERO);
        };
        let limit = limit.mantissa() / 10_i128.pow(limit.scale());
        let over: usize = self
            .each_month()
            .skip(months.start)
            .take(months.len())
            .map(|month| month.iter().filter(|b| i128::from(**b) > limit).count())
            .sum();
        let over = Decimal::from(over);
        let expected = over.checked_div(Decimal::from(trials.max(1))).unwrap_or(Decimal::ZERO);
        let chance = expected.checked_div(Decimal::from(months.len().max(1))).unwrap_or(Decimal::ZERO);
        (chance, expected)
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

    /// The highest month's bill across the trials: the spread of each trial's worst month, of
    /// the portfolio's bill or (`Some(profile)`) of one account's of that profile. Its P90 is
    /// the monthly budget that 9 futures in 10 stay within. `None` without trials, or for a
    /// profile without accounts.
    #[must_use]
    pub fn highest_month(&self, account: Option<usize>) -> Option<Spread> {
        let worst = match account {
            Some(profile) => self.account_worst.get(profile)?,
            None => &self.worst,
        };
        if worst.is_empty() {
            return None;
        }
        let amount = |v: i128| Decimal::try_from_i128_with_scale(v, self.scale).ok();
        let sum: i128 = worst.iter().map(|w| i128::from(*w)).sum();
        let mut values = worst.clone();
        let [p10, p50, p90] = percentiles(&mut values).map(|v| amount(i128::from(v)));
        let n = Decimal::from(worst.len());
        Some(Spread { mean: amount(sum)?.checked_div(n)?, p10: p10?, p50: p50?, p90: p90? })
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
pub(super) fn worst_of(bills: &[i64], trials: usize) -> Vec<i64> {
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
    /// One entry per transition, in the scenario's order (docs/semantics.md §8.7): a result
    /// line like a plan's, without one account's worst months (its `account_worst` are empty)
    /// and without [`MonteCarlo::add_display_figures`]'s figures.
    pub transitions: Vec<PlanSpread>,
    /// Every trial's portfolio seats × agent cost, in `10^-support.0`, laid out as
    /// [`PlanSpread::bills`]; a bill is turned into these units by `× support.1`.
    seat_costs: Vec<i64>,
    support: (u32, i128),
}

impl MonteCarlo {
    /// Every result line: the plans, then the transitions.
    pub fn lines(&self) -> impl Iterator<Item = &PlanSpread> {
        self.plans.iter().chain(&self.transitions)
    }

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

pub(super) fn summarise(
    scenario: &Scenario,
    trials: u64,
    seed: u64,
    setup: &Setup,
    shape: Shape,
    results: Results,
) -> MonteCarlo {
    let Results { mut bills, mut totals, seat_costs, seat_totals, costs, account_worst, line_costs, line_seats } =
        results;
    // Per plan, per profile: the tracked accounts' worst months (none without tracking).
    let mut tracked: Vec<Vec<Vec<i64>>> = vec![Vec::new(); shape.plans];
    for (i, worst) in account_worst.into_iter().enumerate() {
        if let Some(plan) = tracked.get_mut(i % shape.plans.max(1)) {
            plan.push(worst);
        }
    }
    let (scales, up) = (setup.scales, setup.support_up);
    let column = shape.trials.max(1);
    // Every line's every month, spread over the threads (a copy each: selection reorders).
    let monthly: Vec<Spread> = (0..shape.lines() * shape.months)
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
    let (monthly, line_monthly) = monthly.split_at((shape.plans * shape.months).min(monthly.len()));
    let line_bills = bills.split_off(shape.plans.min(bills.len()));
    let line_totals = totals.split_off(shape.plans.min(totals.len()));
    let spread =
        |name: &str, bills: Vec<i64>, monthly: &[Spread], mut totals: Vec<i128>, costs: &[i128], seats: &[i128]| {
            let worst = worst_of(&bills, shape.trials);
            let mut scratch = Vec::new();
            let mut margins: Vec<i128> =
                totals.iter().zip(costs).map(|(t, c)| t.saturating_sub(c.saturating_mul(setup.cents_up))).collect();
            let mut support: Vec<i128> =
                totals.iter().zip(seats).map(|(t, s)| t.saturating_mul(up).saturating_add(*s)).collect();
            PlanSpread {
                name: name.to_owned(),
                monthly: monthly.to_vec(),
                total: spread_wide(&mut totals, &mut scratch, scales.bill),
                cumulative: Vec::new(),
                peak_over_average: None,
                support_total: spread_wide(&mut support, &mut scratch, scales.support),
                margin: spread_wide(&mut margins, &mut scratch, scales.bill),
                bills,
                account_worst: Vec::new(),
                worst,
                months: shape.months,
                scale: scales.bill,
            }
        };
    let plans = scenario
        .plans
        .par_iter()
        .zip(bills)
        .zip(totals)
        .zip(monthly.par_chunks(shape.months))
        .zip(tracked)
        .map(|((((plan, bills), totals), monthly), mut tracked)| {
            let mut spread = spread(&plan.name, bills, monthly, totals, &costs, &seat_totals);
            // A profile's one account: tracked, or (the only account of the scenario) the portfolio.
            spread.account_worst = scenario
                .accounts
                .iter()
                .enumerate()
                .map(|(a, account)| match tracked.get_mut(a) {
                    _ if account.count == 0 => Vec::new(),
                    Some(tracked) => std::mem::take(tracked),
                    None => spread.worst.clone(),
                })
                .collect();
            spread
        })
        .collect();
    // A transition has no account of its own to watch: its profiles' worst months are empty.
    let transitions = scenario
        .transitions
        .par_iter()
        .zip(line_bills)
        .zip(line_totals)
        .zip(line_monthly.par_chunks(shape.months))
        .zip(line_costs.par_iter().zip(&line_seats))
        .map(|((((t, bills), totals), monthly), (costs, seats))| {
            let mut spread = spread(&t.name, bills, monthly, totals, costs, seats);
            spread.account_worst = vec![Vec::new(); scenario.accounts.len()];
            spread
        })
        .collect();
    MonteCarlo { trials, seed, plans, transitions, seat_costs, support: (scales.support, up) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::billing::fast::scaled;

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
}

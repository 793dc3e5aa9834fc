//! The fast biller: billing in whole numbers, for the Monte Carlo hot loop and the analyses.
//! The same rules as the exact [`Biller`] (the price walk and the commitments are the same code,
//! [`super::price`] and [`super::commit`]), on integers instead of decimals.
//!
//! Every amount of a charge is held as an integer count of `10^-S` (S: the most decimals of any
//! of its prices, at most [`MAX_PRICE_SCALE`]); a line is rounded to cents exactly as
//! `round2(amount × (1 − discount))`, halves away from zero. A plan whose prices have more
//! decimals, or whose commitments are not in whole cents, has no fast form: the caller then uses
//! the decimal [`Biller`]. Tests check that both give the same cents on random plans.
//!
//! [`Biller`]: super::Biller

use super::commit::{Schedule, commit_month, cover_bundles};
use super::price::{self, Form, Tier};
use crate::engine::usage::MonthUsage;
use crate::model::{Charge, Commitment, Metric, Plan, Price};
use rust_decimal::Decimal;

mod linear;

pub use linear::{Linear, SMALL};
use linear::{add, whole_cents};

/// The most decimals a price (or the discount) may have for the fast form. With quantities up
/// to 2^53 and amounts up to 10^15, `q × price × (1 − discount)` then stays below 10^38 (i128).
pub const MAX_PRICE_SCALE: u32 = 6;

/// An amount as a whole number of `10^-scale`, or `None` when it has more decimals or is too large.
#[must_use]
pub fn scaled(amount: Decimal, scale: u32) -> Option<i128> {
    let s = amount.scale();
    if s > scale {
        return None;
    }
    amount.mantissa().checked_mul(10_i128.checked_pow(scale - s)?)
}

/// `a × b`, `None` on overflow. Operands that fit 64 bits (nearly always) multiply with one
/// widening instruction, which cannot overflow; `i128::checked_mul` would call a slow library
/// routine every time.
#[inline]
#[must_use]
pub fn mul(a: i128, b: i128) -> Option<i128> {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(a), Ok(b)) => Some(i128::from(a) * i128::from(b)),
        _ => a.checked_mul(b),
    }
}

/// Powers of ten that fit a `u64`.
const POW10: [u64; 20] = {
    let mut p = [1_u64; 20];
    let mut i = 1;
    while i < 20 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// Rounds `n × 10^-scale` to cents, halves away from zero (`n >= 0`).
pub(crate) fn round_to_cents(n: i128, scale: u32) -> Option<i64> {
    if scale == 2 {
        return i64::try_from(n).ok();
    }
    if scale < 2 {
        return i64::try_from(n.checked_mul(10_i128.pow(2 - scale))?).ok();
    }
    let d = *POW10.get(usize::try_from(scale - 2).ok()?)?;
    // Hardware division when the amount fits 64 bits (nearly always); i128 division otherwise.
    let cents = if let Ok(n) = u64::try_from(n) {
        let (q, r) = (n / d, n % d);
        i128::from(if r >= d - r { q + 1 } else { q })
    } else {
        let d = i128::from(d);
        let (q, r) = (n / d, n % d);
        if r >= d - r { q + 1 } else { q }
    };
    i64::try_from(cents).ok()
}

#[derive(Debug, Clone)]
enum FastPrice {
    PerUnit(i128),
    Package { size: u64, price: i128 },
    Graduated(Vec<FastTier>),
    Volume(Vec<FastTier>),
}

impl FastPrice {
    /// The price as the walk reads it.
    #[inline]
    fn form(&self) -> Form<'_, i128, FastTier> {
        match self {
            Self::PerUnit(unit) => Form::PerUnit(*unit),
            Self::Package { size, price } => Form::Package { size: *size, price: *price },
            Self::Graduated(tiers) => Form::Graduated(tiers),
            Self::Volume(tiers) => Form::Volume(tiers),
        }
    }
}

/// A tier in whole numbers of the charge's scale.
#[derive(Debug, Clone, Copy)]
struct FastTier {
    up_to: Option<u64>,
    unit_price: i128,
    flat_fee: i128,
}

impl Tier<i128> for FastTier {
    #[inline]
    fn up_to(&self) -> Option<u64> {
        self.up_to
    }

    #[inline]
    fn unit_price(&self) -> i128 {
        self.unit_price
    }

    #[inline]
    fn flat_fee(&self) -> i128 {
        self.flat_fee
    }
}

#[derive(Debug, Clone)]
enum FastCharge {
    Usage { metric: Metric, included: u64, price: FastPrice, scale: u32 },
    Fee { cents: i64 },
}

#[derive(Debug, Clone)]
enum FastKind {
    Bundle {
        metric: Metric,
        units: u64,
    },
    /// The metrics covered, one bit each at [`metric_index`].
    Commit {
        covers: u8,
    },
}

#[derive(Debug, Clone)]
struct FastCommitment {
    /// Its amount and payments, in cents.
    schedule: Schedule<i64>,
    kind: FastKind,
}

impl FastCharge {
    /// The metric a usage charge bills (`None` for a fee).
    #[inline]
    fn metric(&self) -> Option<Metric> {
        match self {
            Self::Usage { metric, .. } => Some(*metric),
            Self::Fee { .. } => None,
        }
    }
}

/// The position of a metric in [`Metric::ALL`].
#[must_use]
pub fn metric_index(metric: Metric) -> usize {
    match metric {
        Metric::Seats => 0,
        Metric::Conversations => 1,
        Metric::AiConversations => 2,
        Metric::Resolutions => 3,
    }
}

/// A plan, compiled to whole-number billing.
#[derive(Debug, Clone)]
pub struct FastBiller {
    charges: Vec<FastCharge>,
    commitments: Vec<FastCommitment>,
    /// `1 − discount` as an integer count of `10^-keep_scale`.
    keep: i128,
    keep_scale: u32,
    /// No discount: `keep` is 1.
    full_price: bool,
    units_left: Vec<u64>,
    balance: Vec<i64>,
    /// Whether some commitment is a bundle.
    has_bundles: bool,
    /// [`FastBiller::add_months`]'s scratch: every charge's lines, the quantities after bundles.
    lines: Vec<i64>,
    remaining: Vec<MonthUsage>,
}

impl FastBiller {
    /// The fast form of `plan`, or `None` when its amounts need decimals (the caller then bills
    /// with the decimal [`super::Biller`]).
    #[must_use]
    pub fn new(plan: &Plan) -> Option<Self> {
        // Roll-over, minimums and caps are billed by the decimal biller (they are rare, and
        // whole-number arithmetic would gain little on them).
        if plan.commitments.iter().any(|c| !c.pays() || !c.rollover().is_zero()) {
            return None;
        }
        let keep_decimal = Decimal::ONE - plan.discount;
        let keep_scale = keep_decimal.scale();
        if keep_scale > MAX_PRICE_SCALE {
            return None;
        }
        let keep = scaled(keep_decimal, keep_scale)?;
        let charges = plan
            .charges
            .iter()
            .map(|c| match c {
                Charge::Fee { amount, .. } => {
                    let s = amount.scale();
                    if s > MAX_PRICE_SCALE {
                        return None;
                    }
                    let n = scaled(*amount, s)?.checked_mul(keep)?;
                    Some(FastCharge::Fee { cents: round_to_cents(n, s + keep_scale)? })
                }
                Charge::Usage { metric, included, price, .. } => {
                    let scale = price_scale(price);
                    if scale + keep_scale > MAX_PRICE_SCALE {
                        return None;
                    }
                    Some(FastCharge::Usage {
                        metric: *metric,
                        included: *included,
                        price: fast_price(price, scale)?,
                        scale,
                    })
                }
            })
            .collect::<Option<Vec<_>>>()?;
        let commitments = plan
            .commitments
            .iter()
            .map(|c| {
                let amount = i64::try_from(scaled(c.amount(), 2)?).ok()?;
                let schedule = Schedule::new(amount, c.term_months(), c.billing())?;
                let kind = match c {
                    Commitment::Bundle { metric, units, .. } => FastKind::Bundle { metric: *metric, units: *units },
                    Commitment::Commit { covers, .. } => {
                        FastKind::Commit { covers: covers.iter().fold(0, |mask, m| mask | 1 << metric_index(*m)) }
                    }
                    Commitment::Minimum { .. } | Commitment::Cap { .. } => return None,
                };
                Some(FastCommitment { schedule, kind })
            })
            .collect::<Option<Vec<_>>>()?;
        let n = commitments.len();
        let has_bundles = commitments.iter().any(|c| matches!(c.kind, FastKind::Bundle { .. }));
        Some(Self {
            charges,
            commitments,
            keep,
            keep_scale,
            full_price: keep_decimal == Decimal::ONE,
            has_bundles,
            units_left: vec![0; n],
            balance: vec![0; n],
            lines: Vec::new(),
            remaining: Vec::new(),
        })
    }

    /// Takes the plan's linear charges out of this biller (which then bills only the others) and
    /// returns them. A plan with commitments keeps every charge: bundles and commits change
    /// lines account by account.
    pub fn take_linear(&mut self) -> Linear {
        let mut linear = Linear::default();
        if !self.commitments.is_empty() {
            return linear;
        }
        let keep = self.keep;
        let keep_scale = self.keep_scale;
        self.charges.retain(|charge| match charge {
            // A charge that would overflow the sums stays with the per-account billing.
            FastCharge::Fee { cents } => !add(&mut linear.per_account, Some(*cents)),
            FastCharge::Usage { metric, included: 0, price: FastPrice::PerUnit(unit), scale } => {
                let cents = unit.checked_mul(keep).and_then(|n| whole_cents(n, scale + keep_scale));
                !add(&mut linear.per_unit[metric_index(*metric)], cents)
            }
            FastCharge::Usage { .. } => true,
        });
        linear
    }

    /// Adds the bill of each of one account's months (in order from month 0, which starts every
    /// term) to `cents`, in cents; `None` when an amount is too large for whole numbers.
    ///
    /// The exact biller's lines month by month, computed a charge at a time over all the months
    /// (see [`FastBiller::for_each_line`]): the Monte Carlo's inner loop. The property tests hold
    /// it to the exact biller, and the unit tests to a month-by-month form of itself.
    pub fn add_months(&mut self, usage: &[MonthUsage], cents: &mut [i128]) -> Option<()> {
        if !self.commitments.is_empty() {
            return self.add_months_committed(usage, cents);
        }
        for charge in &self.charges {
            self.for_each_line(charge, usage, |m, line| {
                if let Some(c) = cents.get_mut(m) {
                    *c += i128::from(line);
                }
            })?;
        }
        Some(())
    }

    /// [`FastBiller::add_months`] for a plan with commitments: every charge's lines over all the
    /// months first (on the quantities bundles leave), then month by month what the commitments
    /// add and take off.
    fn add_months_committed(&mut self, usage: &[MonthUsage], cents: &mut [i128]) -> Option<()> {
        let months = usage.len().min(cents.len());
        let mut lines = std::mem::take(&mut self.lines);
        lines.clear();
        lines.resize(self.charges.len() * months, 0);
        let mut remaining = std::mem::take(&mut self.remaining);
        let usage = if self.has_bundles {
            remaining.clear();
            for (m, u) in (0_u32..).zip(usage.iter().take(months)) {
                let mut left = *u;
                cover_bundles(m, bundles(&self.commitments), &mut self.units_left, &mut left);
                remaining.push(left);
            }
            &remaining[..]
        } else {
            usage.get(..months).unwrap_or_default()
        };
        let k = self.charges.len();
        let filled = self.charges.iter().enumerate().try_for_each(|(c, charge)| {
            self.for_each_line(charge, usage, |m, line| {
                if let Some(l) = lines.get_mut(m * k + c) {
                    *l = line;
                }
            })
        });
        let billed = filled.and_then(|()| self.settle(&mut lines, cents));
        self.lines = lines;
        self.remaining = remaining;
        billed
    }

    /// Adds each month's bill to `cents`: its charges' `lines` (`[month × charges + charge]`),
    /// less what commits draw from the lines they cover, plus the commitments' payments.
    fn settle(&mut self, lines: &mut [i64], cents: &mut [i128]) -> Option<()> {
        let k = self.charges.len();
        // (Month by month even without charges, when `lines` is empty: a plan of commitments
        // alone still pays for them.)
        for (month, sum) in (0_u32..).zip(cents.iter_mut()) {
            let at = usize::try_from(month).unwrap_or(usize::MAX).saturating_mul(k);
            let lines = lines.get_mut(at..at.saturating_add(k)).unwrap_or_default();
            let mut bill = lines.iter().try_fold(0_i64, |bill, line| bill.checked_add(*line))?;
            for (c, balance) in self.commitments.iter().zip(&mut self.balance) {
                let position = month % c.schedule.term;
                bill = bill.checked_add(c.schedule.payment(position))?;
                if let FastKind::Commit { covers } = c.kind {
                    let covered = covered(&self.charges, lines.iter_mut(), covers);
                    bill -= commit_month(position, c.schedule.amount, |_| Some(0), balance, covered)?;
                }
            }
            *sum += i128::from(bill);
        }
        Some(())
    }

    /// Calls `each(m, line)` with the charge's line in cents for every month `m` of `usage`
    /// (quantities after bundles); `None` when an amount is too large for whole numbers.
    ///
    /// [`FastBiller::line`] month by month, with its dispatch hoisted out of the month loop for
    /// the usual forms (without that the portfolio run is 5–6% slower).
    #[inline]
    fn for_each_line(&self, charge: &FastCharge, usage: &[MonthUsage], mut each: impl FnMut(usize, i64)) -> Option<()> {
        match charge {
            FastCharge::Fee { cents: fee } => (0..usage.len()).for_each(|m| each(m, *fee)),
            FastCharge::Usage { metric, included, price: FastPrice::PerUnit(unit), scale: 2 } if self.full_price => {
                // Cents per unit, no discount: the line is the quantity times the price.
                let unit = i64::try_from(*unit).ok()?;
                for (m, u) in usage.iter().enumerate() {
                    let q = i64::try_from(u.get(*metric).saturating_sub(*included)).ok()?;
                    each(m, q.checked_mul(unit)?);
                }
            }
            FastCharge::Usage { metric, included, price: FastPrice::Volume(tiers), scale: 2 } if self.full_price => {
                // The same for volume tiers, with the tier lookup inlined in the loop.
                for (m, u) in usage.iter().enumerate() {
                    let amount = price::volume(tiers, u.get(*metric).saturating_sub(*included))?;
                    each(m, i64::try_from(amount).ok()?);
                }
            }
            FastCharge::Usage { metric, included, price, scale: 2 } if self.full_price => {
                // Cents, no discount: the amount is the line (tiers, packages).
                for (m, u) in usage.iter().enumerate() {
                    let amount = price::walk(price.form(), u.get(*metric).saturating_sub(*included))?;
                    each(m, i64::try_from(amount).ok()?);
                }
            }
            FastCharge::Usage { metric, included, price: FastPrice::PerUnit(unit), scale } => {
                // A discounted price per unit: the price after the discount once, then each
                // month's quantity times it, rounded to cents.
                let unit = mul(*unit, self.keep)?;
                let scale = scale + self.keep_scale;
                for (m, u) in usage.iter().enumerate() {
                    let q = u.get(*metric).saturating_sub(*included);
                    each(m, round_to_cents(mul(i128::from(q), unit)?, scale)?);
                }
            }
            FastCharge::Usage { .. } => {
                for (m, u) in usage.iter().enumerate() {
                    each(m, self.line(charge, u)?);
                }
            }
        }
        Some(())
    }

    /// Whether the biller has nothing left to bill (every charge was linear).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.charges.is_empty() && self.commitments.is_empty()
    }
}

/// What a commit covering the metrics `covers` draws on among one month's `lines` (one per
/// charge, in the order of the charges): the usage lines of those metrics.
#[inline]
fn covered<'l>(
    charges: &'l [FastCharge],
    lines: impl Iterator<Item = &'l mut i64>,
    covers: u8,
) -> impl Iterator<Item = &'l mut i64> {
    charges
        .iter()
        .zip(lines)
        .filter(move |(charge, _)| charge.metric().is_some_and(|metric| covers & 1 << metric_index(metric) != 0))
        .map(|(_, line)| line)
}

/// The bundles among `commitments`, as [`cover_bundles`] takes them.
fn bundles(commitments: &[FastCommitment]) -> impl Iterator<Item = Option<(u32, Metric, u64, Decimal)>> + '_ {
    commitments.iter().map(|c| match c.kind {
        FastKind::Bundle { metric, units } => Some((c.schedule.term, metric, units, Decimal::ZERO)),
        FastKind::Commit { .. } => None,
    })
}

impl FastBiller {
    /// One charge's line in cents on the quantities left after bundles.
    #[inline]
    fn line(&self, charge: &FastCharge, remaining: &MonthUsage) -> Option<i64> {
        match charge {
            FastCharge::Fee { cents } => Some(*cents),
            FastCharge::Usage { metric, included, price, scale } => {
                let q = remaining.get(*metric).saturating_sub(*included);
                let amount = price::walk(price.form(), q)?;
                if *scale == 2 && self.full_price {
                    // Prices in cents and no discount (the usual case): the amount is the line.
                    return i64::try_from(amount).ok();
                }
                round_to_cents(mul(amount, self.keep)?, scale + self.keep_scale)
            }
        }
    }
}

fn price_scale(price: &Price) -> u32 {
    match price {
        Price::PerUnit(p) | Price::Package { price: p, .. } => p.scale(),
        Price::Graduated(tiers) | Price::Volume(tiers) => {
            tiers.iter().map(|t| t.unit_price.scale().max(t.flat_fee.scale())).max().unwrap_or(0)
        }
    }
}

fn fast_price(price: &Price, scale: u32) -> Option<FastPrice> {
    let tiers = |tiers: &[crate::model::Tier]| {
        tiers
            .iter()
            .map(|t| {
                Some(FastTier {
                    up_to: t.up_to,
                    unit_price: scaled(t.unit_price, scale)?,
                    flat_fee: scaled(t.flat_fee, scale)?,
                })
            })
            .collect::<Option<Vec<_>>>()
    };
    Some(match price {
        Price::PerUnit(p) => FastPrice::PerUnit(scaled(*p, scale)?),
        Price::Package { size, price } => FastPrice::Package { size: (*size).max(1), price: scaled(*price, scale)? },
        Price::Graduated(t) => FastPrice::Graduated(tiers(t)?),
        Price::Volume(t) => FastPrice::Volume(tiers(t)?),
    })
}

#[cfg(test)]
mod tests;

//! Billing in whole numbers, for the Monte Carlo hot loop: the same rules as [`Biller`], on
//! integers instead of decimals.
//!
//! Every amount of a charge is held as an integer count of `10^-S` (S: the most decimals of any
//! of its prices, at most [`MAX_PRICE_SCALE`]); a line is rounded to cents exactly as
//! `round2(amount × (1 − discount))`, halves away from zero. A plan whose prices have more
//! decimals, or whose commitments are not in whole cents, has no fast form: the caller then uses
//! the decimal [`Biller`]. Tests check that both give the same cents on random plans.
//!
//! [`Biller`]: super::billing::Biller

use super::billing::{Due, cover_bundles};
use super::usage::MonthUsage;
use crate::model::{Billing, Charge, Commitment, Metric, Plan, Price};
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
    Package {
        size: u64,
        price: i128,
    },
    /// `(up_to, unit_price, flat_fee)`.
    Graduated(Vec<(Option<u64>, i128, i128)>),
    Volume(Vec<(Option<u64>, i128, i128)>),
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
    term: u32,
    billing: Billing,
    amount: i64,
    monthly_share: i64,
    last_share: i64,
    kind: FastKind,
}

impl FastCommitment {
    /// What the customer pays for the commitment at `position` (months since its term began).
    #[inline]
    fn payment(&self, position: u32) -> i64 {
        match Due::at(self.billing, position, self.term) {
            Due::Nothing => 0,
            Due::Whole => self.amount,
            Due::Share => self.monthly_share,
            Due::Remainder => self.last_share,
        }
    }
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
    owed: Vec<i64>,
    /// Whether some commitment is a bundle.
    has_bundles: bool,
    /// [`FastBiller::add_months`]'s scratch: every charge's lines, the quantities after bundles.
    lines: Vec<i64>,
    remaining: Vec<MonthUsage>,
}

impl FastBiller {
    /// The fast form of `plan`, or `None` when its amounts need decimals (the caller then bills
    /// with the decimal [`super::billing::Biller`]).
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
                let term = c.term_months().max(1);
                let t = i64::from(term);
                let (q, r) = (amount / t, amount % t);
                let monthly_share = if 2 * r >= t { q + 1 } else { q };
                let last_share = amount.checked_sub(monthly_share.checked_mul(t - 1)?)?;
                let kind = match c {
                    Commitment::Bundle { metric, units, .. } => FastKind::Bundle { metric: *metric, units: *units },
                    Commitment::Commit { covers, .. } => {
                        FastKind::Commit { covers: covers.iter().fold(0, |mask, m| mask | 1 << metric_index(*m)) }
                    }
                    Commitment::Minimum { .. } | Commitment::Cap { .. } => return None,
                };
                Some(FastCommitment { term, billing: c.billing(), amount, monthly_share, last_share, kind })
            })
            .collect::<Option<Vec<_>>>()?;
        let n = commitments.len();
        let has_bundles = commitments.iter().any(|c| matches!(c.kind, FastKind::Bundle { .. }));
        Some(Self {
            owed: vec![0; charges.len()],
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
        self.owed.truncate(self.charges.len());
        linear
    }

    /// Adds the bill of each of one account's months (in order from month 0, which starts every
    /// term) to `cents`, in cents; `None` when an amount is too large for whole numbers.
    ///
    /// The same lines as [`FastBiller::month`] month by month, computed a charge at a time over
    /// all the months (see [`FastBiller::for_each_line`]): the Monte Carlo's inner loop. The
    /// property test `billing_all_months_at_once_equals_month_by_month` holds it to `month`.
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
                let position = month % c.term;
                bill = bill.checked_add(c.payment(position))?;
                if let FastKind::Commit { covers } = c.kind {
                    if position == 0 {
                        *balance = c.amount;
                    }
                    for (charge, line) in self.charges.iter().zip(lines.iter_mut()) {
                        if *balance == 0 {
                            break;
                        }
                        if charge.metric().is_some_and(|metric| covers & 1 << metric_index(metric) != 0) {
                            let take = (*line).min(*balance);
                            *line -= take;
                            *balance -= take;
                            bill -= take;
                        }
                    }
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
                    let amount = volume_amount(tiers, u.get(*metric).saturating_sub(*included))?;
                    each(m, i64::try_from(amount).ok()?);
                }
            }
            FastCharge::Usage { metric, included, price, scale: 2 } if self.full_price => {
                // Cents, no discount: the amount is the line (tiers, packages).
                for (m, u) in usage.iter().enumerate() {
                    let amount = price_amount(price, u.get(*metric).saturating_sub(*included))?;
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

    /// The bill of month `m` in cents (months in order from 0; month 0 starts every term), or
    /// `None` when an amount is too large for whole-number arithmetic.
    #[inline]
    pub fn month(&mut self, m: u32, usage: &MonthUsage) -> Option<i64> {
        if self.commitments.is_empty() {
            // Nothing covers or draws on the lines: just their sum.
            return self.charges.iter().try_fold(0_i64, |bill, charge| bill.checked_add(self.line(charge, usage)?));
        }
        let mut remaining = *usage;
        cover_bundles(m, bundles(&self.commitments), &mut self.units_left, &mut remaining);
        let mut bill: i64 = 0;
        for (i, charge) in self.charges.iter().enumerate() {
            let line = self.line(charge, &remaining)?;
            self.owed[i] = line;
            bill = bill.checked_add(line)?;
        }
        for (i, c) in self.commitments.iter().enumerate() {
            let position = m % c.term;
            bill = bill.checked_add(c.payment(position))?;
            if let FastKind::Commit { covers } = c.kind {
                if position == 0 {
                    self.balance[i] = c.amount;
                }
                for (owed, charge) in self.owed.iter_mut().zip(&self.charges) {
                    if self.balance[i] == 0 {
                        break;
                    }
                    if let FastCharge::Usage { metric, .. } = charge
                        && covers & 1 << metric_index(*metric) != 0
                    {
                        let take = (*owed).min(self.balance[i]);
                        *owed -= take;
                        self.balance[i] -= take;
                        bill -= take;
                    }
                }
            }
        }
        Some(bill)
    }
}

/// The bundles among `commitments`, as [`cover_bundles`] takes them.
fn bundles(commitments: &[FastCommitment]) -> impl Iterator<Item = Option<(u32, Metric, u64, Decimal)>> + '_ {
    commitments.iter().map(|c| match c.kind {
        FastKind::Bundle { metric, units } => Some((c.term, metric, units, Decimal::ZERO)),
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
                let amount = price_amount(price, q)?;
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
            .map(|t| Some((t.up_to, scaled(t.unit_price, scale)?, scaled(t.flat_fee, scale)?)))
            .collect::<Option<Vec<_>>>()
    };
    Some(match price {
        Price::PerUnit(p) => FastPrice::PerUnit(scaled(*p, scale)?),
        Price::Package { size, price } => FastPrice::Package { size: (*size).max(1), price: scaled(*price, scale)? },
        Price::Graduated(t) => FastPrice::Graduated(tiers(t)?),
        Price::Volume(t) => FastPrice::Volume(tiers(t)?),
    })
}

/// [`super::price::amount`] on integers.
fn price_amount(price: &FastPrice, q: u64) -> Option<i128> {
    match price {
        FastPrice::PerUnit(p) => mul(i128::from(q), *p),
        FastPrice::Package { size, price } => {
            let packages = q / size + u64::from(!q.is_multiple_of(*size));
            mul(i128::from(packages), *price)
        }
        FastPrice::Graduated(tiers) => {
            let mut total: i128 = 0;
            let mut lower = 0_u64;
            for (up_to, unit, flat) in tiers {
                if q <= lower {
                    break;
                }
                let upper = up_to.unwrap_or(u64::MAX).min(q);
                let units = upper.saturating_sub(lower);
                if units > 0 {
                    total = total.checked_add(mul(i128::from(units), *unit)?.checked_add(*flat)?)?;
                }
                match up_to {
                    Some(u) => lower = lower.max(*u),
                    None => break,
                }
            }
            Some(total)
        }
        FastPrice::Volume(tiers) => volume_amount(tiers, q),
    }
}

/// A volume-tiered price of `q` units: all of them at the price of the tier `q` falls in.
#[inline(always)]
fn volume_amount(tiers: &[(Option<u64>, i128, i128)], q: u64) -> Option<i128> {
    if q == 0 {
        return Some(0);
    }
    let (_, unit, flat) = tiers.iter().find(|(up_to, _, _)| up_to.is_none_or(|u| q <= u)).or(tiers.last())?;
    mul(i128::from(q), *unit)?.checked_add(*flat)
}

#[cfg(test)]
mod tests;

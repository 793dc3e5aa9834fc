//! Commitments (docs/format.md, "Commitments"), the rules both billers share: when a
//! commitment's amount falls due ([`Due`], [`Schedule`]), what bundles cover
//! ([`cover_bundles`]) and how a commit draws on the lines it covers ([`commit_month`],
//! [`draw`]). Written once over any [`Amount`].

use super::amount::{Amount, Payment};
use crate::engine::usage::MonthUsage;
use crate::model::{Billing, Commitment, Metric, Plan};
use rust_decimal::Decimal;

/// Which part of a commitment's amount falls due in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Nothing this month.
    Nothing,
    /// The whole amount (`Upfront`, first month of the term).
    Whole,
    /// `round2(amount / term_months)` (`Monthly`, every month of the term but its last).
    Share,
    /// The remainder (`Monthly`, the term's last month).
    Remainder,
}

impl Due {
    /// What falls due at `position` (months since the term began) of a `term`-month term.
    #[must_use]
    #[inline]
    pub fn at(billing: Billing, position: u32, term: u32) -> Self {
        match billing {
            Billing::Upfront if position == 0 => Self::Whole,
            Billing::Upfront => Self::Nothing,
            Billing::Monthly if position + 1 == term => Self::Remainder,
            Billing::Monthly => Self::Share,
        }
    }
}

/// A commitment's term and what the customer pays for it in each month of the term.
#[derive(Debug, Clone, Copy)]
pub(super) struct Schedule<A> {
    /// The term in months (at least 1).
    pub term: u32,
    /// The commitment's amount.
    pub amount: A,
    billing: Billing,
    /// `round2(amount / term)`: the payment of each month but the term's last (`Monthly` only).
    monthly_share: A,
    /// The term's last payment, which takes the remainder.
    last_share: A,
}

impl<A: Payment> Schedule<A> {
    /// The schedule of `amount` over terms of `term_months` months (0 is read as 1); `None` when
    /// a share overflows.
    pub(super) fn new(amount: A, term_months: u32, billing: Billing) -> Option<Self> {
        let term = term_months.max(1);
        let monthly_share = amount.share(term)?;
        let others = monthly_share.times(u64::from(term - 1))?;
        let last_share = amount.checked_sub(others)?;
        Some(Self { term, amount, billing, monthly_share, last_share })
    }

    /// What the customer pays at `position` (months since the term began).
    #[inline]
    pub(super) fn payment(&self, position: u32) -> A {
        match Due::at(self.billing, position, self.term) {
            Due::Nothing => A::ZERO,
            Due::Whole => self.amount,
            Due::Share => self.monthly_share,
            Due::Remainder => self.last_share,
        }
    }
}

/// A commit's month at `position` of its term: a new term (`position` 0) sets `balance` to the
/// commitment's `amount` plus what `carried` gives of the balance the last term left (its
/// roll-over); then the commit draws on what is still owed on the lines it `covers`, in the
/// order of the charges. Returns what it drew (the credit, as a positive amount); `None` on
/// overflow.
#[inline]
pub(super) fn commit_month<'l, A: Amount + 'l>(
    position: u32,
    amount: A,
    carried: impl FnOnce(A) -> Option<A>,
    balance: &mut A,
    covers: impl IntoIterator<Item = &'l mut A>,
) -> Option<A> {
    if position == 0 {
        *balance = amount.checked_add(carried(*balance)?)?;
    }
    Some(draw(covers, balance))
}

/// Takes up to `budget` from what is still `owed` on each line, in order; returns what it took
/// (and lowers `budget` and the lines by it). Commits draw their balance this way, caps their
/// excess.
#[inline]
pub(super) fn draw<'l, A: Amount + 'l>(owed: impl IntoIterator<Item = &'l mut A>, budget: &mut A) -> A {
    let mut taken = A::ZERO;
    let mut lines = owed.into_iter();
    // The budget is looked at before the next line is sought: once it is spent, the lines left
    // are not even looked at (the fast biller's settle loop runs this for every month).
    while !budget.is_zero() {
        let Some(owed) = lines.next() else { break };
        let take = (*owed).min(*budget);
        *owed -= take;
        *budget -= take;
        taken += take;
    }
    taken
}

/// How much of month `m`'s usage `plan`'s bundles cover (prepaid units, billed by no usage
/// charge), for an account whose usage month by month is `usage`: what an invoice states beside
/// a quantity that bills less than it counts.
///
/// # Example
/// ```
/// use pricelab::engine::{billing::bundle_cover, usage::MonthUsage};
/// let plan = pricelab::model::from_ron(r#"(format: 1, name: "T", start: "2024-01", months: 3,
///     accounts: [(name: "A", conversations: 10, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1))],
///     plans: [(name: "P", charges: [Usage(name: "R", metric: Resolutions, price: PerUnit("1"))],
///              commitments: [Bundle(name: "B", metric: Resolutions, units: 8, price: "5", term_months: 3)])])"#)
///     .unwrap().plans.remove(0);
/// let month = MonthUsage { resolutions: 5, ..MonthUsage::default() };
/// let covered = |m| bundle_cover(&plan, &[month; 3], m).resolutions;
/// assert_eq!([covered(0), covered(1), covered(2)], [5, 3, 0]);
/// ```
#[must_use]
pub fn bundle_cover(plan: &Plan, usage: &[MonthUsage], m: usize) -> MonthUsage {
    let bundles: Vec<_> = plan
        .commitments
        .iter()
        .map(|c| match c {
            Commitment::Bundle { metric, units, rollover, term_months, .. } => {
                Some(((*term_months).max(1), *metric, *units, *rollover))
            }
            _ => None,
        })
        .collect();
    let mut left = vec![0; bundles.len()];
    let mut covered = MonthUsage::default();
    for (k, month) in (0_u32..).zip(usage.iter().take(m.saturating_add(1))) {
        let mut remaining = *month;
        cover_bundles(k, bundles.iter().copied(), &mut left, &mut remaining);
        for metric in Metric::ALL {
            *covered.get_mut(metric) = month.get(metric) - remaining.get(metric);
        }
    }
    covered
}

/// Bundles cover units of their metric in month `m` (months in order from 0). Each commitment
/// is `Some((term, metric, units, rollover))` for a bundle, `None` otherwise; a new term refills
/// its `units_left` with `units` and, after a whole term, `floor(rollover × units left)`; then
/// `usage` gives up what the bundle still holds.
pub(super) fn cover_bundles(
    m: u32,
    commitments: impl Iterator<Item = Option<(u32, Metric, u64, Decimal)>>,
    units_left: &mut [u64],
    usage: &mut MonthUsage,
) {
    for (bundle, left) in commitments.zip(units_left) {
        if let Some((term, metric, units, rollover)) = bundle {
            if m.is_multiple_of(term) {
                let carried = if m == 0 || rollover.is_zero() {
                    0
                } else {
                    // rollover ≤ 1 and units left < 2^64: the product fits.
                    (rollover * Decimal::from(*left)).floor().try_into().unwrap_or(0_u64)
                };
                *left = units.saturating_add(carried);
            }
            *left -= usage.cover(metric, *left);
        }
    }
}

//! Billing: what one plan charges one account each month (docs/format.md, "Plans" and
//! "Commitments").
//!
//! Two billers apply the same rules:
//! - the exact [`Biller`] ([`exact`]) bills in decimals and gives every line of every month: the
//!   deterministic simulation, invoices, quotes and backtests use it;
//! - the fast [`FastBiller`] ([`fast`]) bills in whole numbers (integer cents), for the Monte
//!   Carlo's inner loop and the analyses; a plan whose amounts need decimals (prices with more
//!   than [`MAX_PRICE_SCALE`] decimals, commitments not in whole cents, roll-over, minimums,
//!   caps) has no fast form.
//!
//! The rules themselves are written once, generic over an [`Amount`] (decimals or whole
//! numbers): the price walk (per unit, packages, graduated and volume tiers) in [`price`], the
//! commitments (payments by [`Due`], bundles, the commit draw-down) in `commit.rs`.
//! [`PlanBiller::new`] is the one place that chooses between the billers: fast when it can,
//! exact otherwise.
//!
//! A new instrument is a rule in `price.rs` or `commit.rs`, applied by the exact biller
//! ([`Biller::month`]) and by the fast one ([`FastBiller::add_months`]), or declined by
//! [`FastBiller::new`] (its plans are then billed exactly); the property tests in
//! `tests/it/properties.rs` hold the two billers to the same cents.

mod amount;
mod commit;
mod exact;
pub mod fast;
pub mod price;

pub use amount::{Amount, Payment};
pub use commit::{Due, bundle_cover};
pub use exact::{Biller, Overflow, bill, line_names};
pub use fast::{FastBiller, Linear, MAX_PRICE_SCALE};

use crate::engine::usage::MonthUsage;
use crate::model::Plan;
use rust_decimal::Decimal;

/// One plan's biller of an account's months: the fast one when the plan has a fast form, the
/// exact one otherwise.
pub enum PlanBiller<'a> {
    /// In whole cents.
    Fast(FastBiller),
    /// In decimals.
    Exact(Biller<'a>),
}

impl<'a> PlanBiller<'a> {
    /// Fast when `plan` has a fast form, else exact: the one choice between the billers.
    ///
    /// # Errors
    /// [`Overflow`] when the plan has no fast form and the exact biller cannot bill it.
    pub fn new(plan: &'a Plan) -> Result<Self, Overflow> {
        match FastBiller::new(plan) {
            Some(fast) => Ok(Self::Fast(fast)),
            None => Self::exact(plan),
        }
    }

    /// The exact biller of `plan`, whatever its form.
    ///
    /// # Errors
    /// [`Overflow`] when a commitment's monthly share cannot be computed.
    pub fn exact(plan: &'a Plan) -> Result<Self, Overflow> {
        Biller::new(plan).map(Self::Exact)
    }

    /// Bills one account's months `usage` (in order from month 0, which starts every term): the
    /// fast biller adds each month's bill in cents to `cents` (`[month]`), the exact one gives
    /// each month `m`'s bill to `exact(m, bill)`. `None` when an amount is too large (for whole
    /// numbers, or for decimals) or `exact` says so.
    #[inline]
    pub fn bill_months(
        &mut self,
        usage: &[MonthUsage],
        cents: &mut [i128],
        mut exact: impl FnMut(usize, Decimal) -> Option<()>,
    ) -> Option<()> {
        match self {
            Self::Fast(fast) => fast.add_months(usage, cents),
            Self::Exact(biller) => {
                for (m, u) in (0_u32..).zip(usage) {
                    let bill = bill(biller.month(m, u).ok()?).ok()?;
                    exact(usize::try_from(m).ok()?, bill)?;
                }
                Some(())
            }
        }
    }
}

/// One account's bill under `plan` over the months `from..` of `usage` (billed from month 0):
/// fast when the plan has a fast form and its amounts fit whole numbers, exact otherwise. `None`
/// when an amount is too large for decimals too.
#[must_use]
pub fn total_from(plan: &Plan, usage: &[MonthUsage], from: usize) -> Option<Decimal> {
    let mut biller = PlanBiller::new(plan).ok()?;
    if let PlanBiller::Fast(_) = biller {
        let mut cents = vec![0_i128; usage.len()];
        if biller.bill_months(usage, &mut cents, |_, _| None).is_some() {
            let sum: i128 = cents.get(from.min(usage.len())..)?.iter().sum();
            return Decimal::try_from_i128_with_scale(sum, 2).ok();
        }
        // Too large for whole cents: billed again in decimals.
        biller = PlanBiller::exact(plan).ok()?;
    }
    let mut sum = Decimal::ZERO;
    biller.bill_months(usage, &mut [], |m, bill| {
        if m >= from {
            sum = sum.checked_add(bill)?;
        }
        Some(())
    })?;
    Some(sum)
}

/// One account's bill under `plan` in each month of `usage`, billed from its first month (which
/// starts every term: a slice from month `s` is a new contract from `s`): fast when the plan has
/// a fast form and its amounts fit whole numbers, exact otherwise. `None` when an amount is too
/// large for decimals too.
#[must_use]
pub fn monthly_bills(plan: &Plan, usage: &[MonthUsage]) -> Option<Vec<Decimal>> {
    let mut biller = PlanBiller::new(plan).ok()?;
    if let PlanBiller::Fast(_) = biller {
        let mut cents = vec![0_i128; usage.len()];
        if biller.bill_months(usage, &mut cents, |_, _| None).is_some() {
            return cents.into_iter().map(|c| Decimal::try_from_i128_with_scale(c, 2).ok()).collect();
        }
        // Too large for whole cents: billed again in decimals.
        biller = PlanBiller::exact(plan).ok()?;
    }
    let mut bills = Vec::with_capacity(usage.len());
    biller.bill_months(usage, &mut [], |_, bill| {
        bills.push(bill);
        Some(())
    })?;
    Some(bills)
}

//! Billing: what one plan charges one account each month (docs/format.md).
//!
//! A [`Biller`] steps through the months of one account under one plan, carrying what lasts
//! across months (bundle units and commit balances left in the current term, what rolls over
//! into the next, a minimum's running sum), and gives each month's lines: the charges in order,
//! then for each commitment its lines — a `Bundle` its payment, a `Commit` its payment and its
//! credit, a `Minimum` its true-up, a `Cap` its credit.

use super::price;
use super::usage::MonthUsage;
use crate::model::money::round2;
use crate::model::{Billing, Charge, Commitment, Metric, Plan, Price};
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
    pub fn at(billing: Billing, position: u32, term: u32) -> Self {
        match billing {
            Billing::Upfront if position == 0 => Self::Whole,
            Billing::Upfront => Self::Nothing,
            Billing::Monthly if position + 1 == term => Self::Remainder,
            Billing::Monthly => Self::Share,
        }
    }
}

/// An amount too large for exact decimal arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

/// The names of a plan's bill lines, in the order [`Biller::month`] gives them.
///
/// # Example
/// ```
/// let text = r#"(format: 1, name: "T", start: "2024-01", months: 1,
///     accounts: [(name: "A", conversations: 1, resolution_rate: (start: 0, end: 0, months: 0), seats: Fixed(1))],
///     plans: [(name: "P", charges: [Fee(name: "Platform", amount: "10")],
///              commitments: [Commit(name: "Commit", amount: "5", term_months: 1, covers: [Seats])])])"#;
/// let scenario = pricelab::model::from_ron(text).unwrap();
/// assert_eq!(pricelab::engine::billing::line_names(&scenario.plans[0]), ["Platform", "Commit", "Commit credit"]);
/// ```
#[must_use]
pub fn line_names(plan: &Plan) -> Vec<String> {
    let mut names: Vec<String> = plan.charges.iter().map(|c| c.name().to_owned()).collect();
    for c in &plan.commitments {
        names.push(c.name().to_owned());
        if let Commitment::Commit { name, .. } = c {
            names.push(format!("{name} credit"));
        }
    }
    names
}

/// A charge, prepared for billing.
enum ChargeRule<'a> {
    Usage { metric: Metric, included: u64, price: &'a Price },
    Fee { amount: Decimal },
}

/// A commitment, prepared for billing: its schedule and what it covers.
struct CommitmentRule<'a> {
    term: u32,
    amount: Decimal,
    billing: Billing,
    /// `round2(amount / term)`: the payment of each month but the term's last (`Monthly` only).
    monthly_share: Decimal,
    /// The term's last payment, which takes the remainder.
    last_share: Decimal,
    kind: CommitmentKind<'a>,
}

enum CommitmentKind<'a> {
    Bundle { metric: Metric, units: u64, rollover: Decimal },
    Commit { covers: &'a [Metric], rollover: Decimal },
    Minimum,
    Cap { covers: &'a [Metric] },
}

/// Bills one account under one plan, month after month.
pub struct Biller<'a> {
    charges: Vec<ChargeRule<'a>>,
    commitments: Vec<CommitmentRule<'a>>,
    /// `1 - discount`, or `None` when there is no discount.
    keep: Option<Decimal>,
    /// Bundle units left in the current term, by commitment (0 for commits).
    units_left: Vec<u64>,
    /// Commit balance left in the current term, by commitment (0 for bundles); for a minimum,
    /// what the charge lines have added up to in the current term.
    balance: Vec<Decimal>,
    /// What is still owed on each charge line this month, as commits draw on it.
    owed: Vec<Decimal>,
    lines: Vec<Decimal>,
}

impl<'a> Biller<'a> {
    /// Prepares to bill `plan` from month 0.
    ///
    /// # Errors
    /// [`Overflow`] when a commitment's monthly share cannot be computed.
    pub fn new(plan: &'a Plan) -> Result<Self, Overflow> {
        let charges = plan
            .charges
            .iter()
            .map(|c| match c {
                Charge::Usage { metric, included, price, .. } => {
                    ChargeRule::Usage { metric: *metric, included: *included, price }
                }
                Charge::Fee { amount, .. } => ChargeRule::Fee { amount: *amount },
            })
            .collect();
        let commitments = plan
            .commitments
            .iter()
            .map(|c| {
                let term = c.term_months().max(1);
                let amount = c.amount();
                let monthly_share = round2(amount.checked_div(Decimal::from(term)).ok_or(Overflow)?);
                let others = monthly_share.checked_mul(Decimal::from(term - 1)).ok_or(Overflow)?;
                let last_share = amount.checked_sub(others).ok_or(Overflow)?;
                let kind = match c {
                    Commitment::Bundle { metric, units, rollover, .. } => {
                        CommitmentKind::Bundle { metric: *metric, units: *units, rollover: *rollover }
                    }
                    Commitment::Commit { covers, rollover, .. } => {
                        CommitmentKind::Commit { covers, rollover: *rollover }
                    }
                    Commitment::Minimum { .. } => CommitmentKind::Minimum,
                    Commitment::Cap { covers, .. } => CommitmentKind::Cap { covers },
                };
                Ok(CommitmentRule { term, amount, billing: c.billing(), monthly_share, last_share, kind })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let n = plan.commitments.len();
        let line_count = plan.charges.len() + plan.commitments.iter().map(Commitment::line_count).sum::<usize>();
        Ok(Self {
            keep: (!plan.discount.is_zero()).then(|| Decimal::ONE - plan.discount),
            charges,
            commitments,
            units_left: vec![0; n],
            balance: vec![Decimal::ZERO; n],
            owed: vec![Decimal::ZERO; plan.charges.len()],
            lines: Vec::with_capacity(line_count),
        })
    }

    /// The lines of month `m` (months must come in order from 0) for an account whose usage
    /// that month is `usage`.
    ///
    /// # Errors
    /// [`Overflow`] when an amount is too large for exact decimal arithmetic.
    pub fn month(&mut self, m: u32, usage: &MonthUsage) -> Result<&[Decimal], Overflow> {
        // 1. Bundles cover units of their metric; the rest reaches the usage charges.
        let mut remaining = *usage;
        let bundles = self.commitments.iter().map(|c| match c.kind {
            CommitmentKind::Bundle { metric, units, rollover } => Some((c.term, metric, units, rollover)),
            _ => None,
        });
        cover_bundles(m, bundles, &mut self.units_left, &mut remaining);

        // 2. One line per charge, discounted and rounded to cents.
        self.lines.clear();
        let mut charged = Decimal::ZERO;
        for (i, charge) in self.charges.iter().enumerate() {
            let amount = match charge {
                ChargeRule::Usage { metric, included, price } => {
                    price::amount(price, remaining.get(*metric).saturating_sub(*included)).ok_or(Overflow)?
                }
                ChargeRule::Fee { amount } => *amount,
            };
            let line = match self.keep {
                Some(keep) => round2(amount.checked_mul(keep).ok_or(Overflow)?),
                None => round2(amount),
            };
            self.owed[i] = line;
            self.lines.push(line);
            charged = charged.checked_add(line).ok_or(Overflow)?;
        }

        // 3. Each commitment's lines, in order.
        for (i, c) in self.commitments.iter().enumerate() {
            let position = m % c.term;
            match c.kind {
                CommitmentKind::Bundle { .. } | CommitmentKind::Commit { .. } => {
                    let payment = match Due::at(c.billing, position, c.term) {
                        Due::Nothing => Decimal::ZERO,
                        Due::Whole => c.amount,
                        Due::Share => c.monthly_share,
                        Due::Remainder => c.last_share,
                    };
                    self.lines.push(payment);
                }
                CommitmentKind::Minimum | CommitmentKind::Cap { .. } => {}
            }
            match c.kind {
                CommitmentKind::Bundle { .. } => {}
                CommitmentKind::Commit { covers, rollover } => {
                    if position == 0 {
                        // A new term: its amount, and the share of the last term's balance that
                        // rolls over (a term reached from the one before was whole).
                        let carried = if m == 0 || rollover.is_zero() {
                            Decimal::ZERO
                        } else {
                            round2(rollover.checked_mul(self.balance[i]).ok_or(Overflow)?)
                        };
                        self.balance[i] = c.amount.checked_add(carried).ok_or(Overflow)?;
                    }
                    let drawn = draw(&mut self.owed, &self.charges, covers, &mut self.balance[i]);
                    self.lines.push(Decimal::ZERO - drawn);
                }
                CommitmentKind::Minimum => {
                    if position == 0 {
                        self.balance[i] = Decimal::ZERO;
                    }
                    self.balance[i] = self.balance[i].checked_add(charged).ok_or(Overflow)?;
                    // The term's last month (a term the horizon cuts short never reaches it).
                    let true_up = if position + 1 == c.term {
                        (c.amount - self.balance[i]).max(Decimal::ZERO)
                    } else {
                        Decimal::ZERO
                    };
                    self.lines.push(true_up);
                }
                CommitmentKind::Cap { covers } => {
                    // What is still owed on the covered lines beyond the cap is credited, taken
                    // from those lines in the order of the charges.
                    let owed: Decimal = self
                        .owed
                        .iter()
                        .zip(&self.charges)
                        .filter(|(_, ch)| matches!(ch, ChargeRule::Usage { metric, .. } if covers.contains(metric)))
                        .map(|(o, _)| *o)
                        .sum();
                    let mut excess = (owed - c.amount).max(Decimal::ZERO);
                    let credited = draw(&mut self.owed, &self.charges, covers, &mut excess);
                    self.lines.push(Decimal::ZERO - credited);
                }
            }
        }
        Ok(&self.lines)
    }

    /// What commitment `i` has left of its current term after the last month billed: a
    /// bundle's units, a commit's balance (roll-over included); `None` for a minimum, a cap or
    /// an index past the plan's commitments.
    #[must_use]
    pub fn left(&self, i: usize) -> Option<Decimal> {
        match self.commitments.get(i)?.kind {
            CommitmentKind::Bundle { .. } => self.units_left.get(i).map(|u| Decimal::from(*u)),
            CommitmentKind::Commit { .. } => self.balance.get(i).copied(),
            CommitmentKind::Minimum | CommitmentKind::Cap { .. } => None,
        }
    }
}

/// Takes up to `budget` from what is still `owed` on the usage lines of the `covers` metrics,
/// in the order of the charges; returns what it took (and lowers `budget` by it).
fn draw(owed: &mut [Decimal], charges: &[ChargeRule<'_>], covers: &[Metric], budget: &mut Decimal) -> Decimal {
    let mut taken = Decimal::ZERO;
    for (owed, charge) in owed.iter_mut().zip(charges) {
        if budget.is_zero() {
            break;
        }
        if let ChargeRule::Usage { metric, .. } = charge
            && covers.contains(metric)
        {
            let take = (*owed).min(*budget);
            *owed -= take;
            *budget -= take;
            taken += take;
        }
    }
    taken
}

/// The sum of a month's lines: the account's bill for the month.
///
/// # Errors
/// [`Overflow`] when the sum is too large.
pub fn bill(lines: &[Decimal]) -> Result<Decimal, Overflow> {
    lines.iter().try_fold(Decimal::ZERO, |sum, line| sum.checked_add(*line)).ok_or(Overflow)
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
pub(crate) fn cover_bundles(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Price;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn usage(resolutions: u64) -> MonthUsage {
        MonthUsage { seats: 2, conversations: resolutions * 2, ai_conversations: resolutions, resolutions }
    }

    fn plan(charges: Vec<Charge>, commitments: Vec<Commitment>) -> Plan {
        Plan { name: "P".into(), charges, commitments, discount: Decimal::ZERO }
    }

    fn per_resolution(price: &str) -> Charge {
        Charge::Usage { name: "R".into(), metric: Metric::Resolutions, included: 0, price: Price::PerUnit(d(price)) }
    }

    #[test]
    fn bundle_units_reset_each_term_and_expire() {
        // 100 units per 2-month term; 70 resolutions a month at 1.00.
        // Month 0: 70 covered (30 left). Month 1: 30 covered, 40 billed. Month 2: new term, 70 covered.
        let p = plan(
            vec![per_resolution("1")],
            vec![Commitment::Bundle {
                name: "B".into(),
                metric: Metric::Resolutions,
                units: 100,
                price: d("0"),
                term_months: 2,
                billing: Billing::Upfront,
                rollover: rust_decimal::Decimal::ZERO,
            }],
        );
        let mut b = Biller::new(&p).unwrap();
        let billed: Vec<Decimal> = (0..3).map(|m| b.month(m, &usage(70)).unwrap()[0]).collect();
        assert_eq!(billed, [d("0"), d("40"), d("0")]);
    }

    #[test]
    fn commit_balance_carries_within_a_term_and_resets_at_the_next() {
        // A 150.00 commit per 2 months covering resolutions; 100 resolutions at 1.00 a month.
        // Month 0: draws 100 (50 left); month 1: draws 50; month 2: new term, draws 100.
        let p = plan(
            vec![per_resolution("1")],
            vec![Commitment::Commit {
                name: "C".into(),
                amount: d("150"),
                term_months: 2,
                billing: Billing::Monthly,
                covers: vec![Metric::Resolutions],
                rollover: rust_decimal::Decimal::ZERO,
            }],
        );
        let mut b = Biller::new(&p).unwrap();
        let months: Vec<Vec<Decimal>> = (0..3).map(|m| b.month(m, &usage(100)).unwrap().to_vec()).collect();
        // Lines: charge, payment (75.00 each month of the term), credit.
        assert_eq!(months[0], [d("100"), d("75"), d("-100")]);
        assert_eq!(months[1], [d("100"), d("75"), d("-50")]);
        assert_eq!(months[2], [d("100"), d("75"), d("-100")]);
        assert_eq!(bill(&months[1]).unwrap(), d("125"));
    }

    #[test]
    fn fees_are_never_drawn_from_a_commit() {
        let p = plan(
            vec![Charge::Fee { name: "F".into(), amount: d("10") }],
            vec![Commitment::Commit {
                name: "C".into(),
                amount: d("100"),
                term_months: 1,
                billing: Billing::Upfront,
                covers: Metric::ALL.to_vec(),
                rollover: rust_decimal::Decimal::ZERO,
            }],
        );
        let mut b = Biller::new(&p).unwrap();
        assert_eq!(b.month(0, &usage(1)).unwrap(), [d("10"), d("100"), d("0")]);
    }

    #[test]
    fn line_names_follow_charges_then_commitments() {
        let p = plan(
            vec![per_resolution("1")],
            vec![
                Commitment::Bundle {
                    name: "B".into(),
                    metric: Metric::Seats,
                    units: 1,
                    price: d("1"),
                    term_months: 1,
                    billing: Billing::Upfront,
                    rollover: rust_decimal::Decimal::ZERO,
                },
                Commitment::Commit {
                    name: "C".into(),
                    amount: d("1"),
                    term_months: 1,
                    billing: Billing::Upfront,
                    covers: vec![Metric::Seats],
                    rollover: rust_decimal::Decimal::ZERO,
                },
            ],
        );
        assert_eq!(line_names(&p), ["R", "B", "C", "C credit"]);
        let mut b = Biller::new(&p).unwrap();
        assert_eq!(b.month(0, &usage(1)).unwrap().len(), 4);
    }
}

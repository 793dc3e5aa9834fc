//! The exact biller: what one plan charges one account each month, in decimals
//! (docs/format.md).
//!
//! A [`Biller`] steps through the months of one account under one plan, carrying what lasts
//! across months (bundle units and commit balances left in the current term, what rolls over
//! into the next, a minimum's running sum), and gives each month's lines: the charges in order,
//! then for each commitment its lines — a `Bundle` its payment, a `Commit` its payment and its
//! credit, a `Minimum` its true-up, a `Cap` its credit.

use super::commit::{Schedule, commit_month, cover_bundles, draw};
use super::price;
use crate::engine::usage::MonthUsage;
use crate::model::money::round2;
use crate::model::{Charge, Commitment, Metric, Plan, Price};
use rust_decimal::Decimal;

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
    schedule: Schedule<Decimal>,
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
                let schedule = Schedule::new(c.amount(), c.term_months(), c.billing()).ok_or(Overflow)?;
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
                Ok(CommitmentRule { schedule, kind })
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
            CommitmentKind::Bundle { metric, units, rollover } => Some((c.schedule.term, metric, units, rollover)),
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
            let Schedule { term, amount, .. } = c.schedule;
            let position = m % term;
            match c.kind {
                CommitmentKind::Bundle { .. } | CommitmentKind::Commit { .. } => {
                    self.lines.push(c.schedule.payment(position));
                }
                CommitmentKind::Minimum | CommitmentKind::Cap { .. } => {}
            }
            match c.kind {
                CommitmentKind::Bundle { .. } => {}
                CommitmentKind::Commit { covers, rollover } => {
                    // A new term: its amount, and the share of the last term's balance that
                    // rolls over (a term reached from the one before was whole).
                    let carried = |left: Decimal| {
                        if m == 0 || rollover.is_zero() {
                            Some(Decimal::ZERO)
                        } else {
                            rollover.checked_mul(left).map(round2)
                        }
                    };
                    let covered = owed_on(&mut self.owed, &self.charges, covers);
                    let drawn =
                        commit_month(position, amount, carried, &mut self.balance[i], covered).ok_or(Overflow)?;
                    self.lines.push(Decimal::ZERO - drawn);
                }
                CommitmentKind::Minimum => {
                    if position == 0 {
                        self.balance[i] = Decimal::ZERO;
                    }
                    self.balance[i] = self.balance[i].checked_add(charged).ok_or(Overflow)?;
                    // The term's last month (a term the horizon cuts short never reaches it).
                    let true_up = if position + 1 == term {
                        (amount - self.balance[i]).max(Decimal::ZERO)
                    } else {
                        Decimal::ZERO
                    };
                    self.lines.push(true_up);
                }
                CommitmentKind::Cap { covers } => {
                    // What is still owed on the covered lines beyond the cap is credited, taken
                    // from those lines in the order of the charges.
                    let owed: Decimal = owed_on(&mut self.owed, &self.charges, covers).map(|o| *o).sum();
                    let mut excess = (owed - amount).max(Decimal::ZERO);
                    let credited = draw(owed_on(&mut self.owed, &self.charges, covers), &mut excess);
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

/// What is still owed on the usage lines of the `covers` metrics, in the order of the charges.
fn owed_on<'o>(
    owed: &'o mut [Decimal],
    charges: &'o [ChargeRule<'_>],
    covers: &'o [Metric],
) -> impl Iterator<Item = &'o mut Decimal> {
    owed.iter_mut()
        .zip(charges)
        .filter(|(_, charge)| matches!(charge, ChargeRule::Usage { metric, .. } if covers.contains(metric)))
        .map(|(owed, _)| owed)
}

/// The sum of a month's lines: the account's bill for the month.
///
/// # Errors
/// [`Overflow`] when the sum is too large.
pub fn bill(lines: &[Decimal]) -> Result<Decimal, Overflow> {
    lines.iter().try_fold(Decimal::ZERO, |sum, line| sum.checked_add(*line)).ok_or(Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Billing, Price};

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

//! What a scenario offers to vary, grouped as a person picks it: every profile alike, one
//! profile, one plan, or the vendor's costs.

use super::SweepPoint;
use super::param::{AccountField, Param, PlanField, Profiles, RampField};
use crate::model::{Charge, Commitment, Price, Scenario, Seats};
use std::cmp::Ordering;

/// Where a parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Every account profile, each changed alike.
    AllProfiles,
    /// One account profile.
    Profile(usize),
    /// One plan.
    Plan(usize),
    /// The vendor's costs.
    Costs,
}

impl Group {
    /// Every group of `scenario`, in the order a list shows them.
    #[must_use]
    pub fn all(scenario: &Scenario) -> Vec<Self> {
        let mut groups = Vec::new();
        if scenario.accounts.len() > 1 {
            groups.push(Self::AllProfiles);
        }
        groups.extend((0..scenario.accounts.len()).map(Self::Profile));
        groups.extend((0..scenario.plans.len()).map(Self::Plan));
        groups.push(Self::Costs);
        groups
    }

    /// The group's name for a list.
    #[must_use]
    pub fn label(self, scenario: &Scenario) -> String {
        match self {
            Self::AllProfiles => "Every profile".into(),
            Self::Profile(a) => scenario.accounts.get(a).map_or_else(String::new, |a| format!("Profile “{}”", a.name)),
            Self::Plan(p) => scenario.plans.get(p).map_or_else(String::new, |p| format!("Plan “{}”", p.name)),
            Self::Costs => "Vendor's costs".into(),
        }
    }

    /// The parameters of the group.
    #[must_use]
    pub fn parameters(self, scenario: &Scenario) -> Vec<Param> {
        match self {
            Self::AllProfiles => {
                let seats = scenario.accounts.first().map(|a| &a.seats);
                let alike = scenario.accounts.iter().all(|a| {
                    matches!(
                        (&a.seats, seats),
                        (Seats::Fixed(_), Some(Seats::Fixed(_))) | (Seats::Staffed { .. }, Some(Seats::Staffed { .. }))
                    )
                });
                account_fields(alike.then_some(seats).flatten())
                    .into_iter()
                    .map(|f| Param::Account(Profiles::All, f))
                    .collect()
            }
            Self::Profile(a) => scenario
                .accounts
                .get(a)
                .map(|account| {
                    account_fields(Some(&account.seats))
                        .into_iter()
                        .map(|f| Param::Account(Profiles::One(a), f))
                        .collect()
                })
                .unwrap_or_default(),
            Self::Plan(p) => plan_fields(scenario, p).into_iter().map(|f| Param::Plan(p, f)).collect(),
            Self::Costs => vec![Param::CostPerAiConversation],
        }
    }
}

/// An account's fields, with the seat fields of `seats` (none when the profiles differ).
fn account_fields(seats: Option<&Seats>) -> Vec<AccountField> {
    use AccountField as A;
    let mut fields = vec![A::Conversations, A::Growth, A::Count];
    fields.extend([RampField::Start, RampField::End, RampField::Months].map(A::AiInvolvement));
    fields.extend([RampField::Start, RampField::End, RampField::Months].map(A::ResolutionRate));
    match seats {
        Some(Seats::Fixed(_)) => fields.push(A::FixedSeats),
        Some(Seats::Staffed { .. }) => {
            fields.extend([A::ConversationsPerSeat, A::SeatsStart, A::SeatsMinimum, A::SeatsTerm]);
        }
        None => {}
    }
    fields.push(A::AgentCost);
    fields.extend((0..12).map(A::Seasonality));
    fields
}

/// A plan's fields: its charges' and commitments' in order, then its discount.
fn plan_fields(scenario: &Scenario, p: usize) -> Vec<PlanField> {
    let Some(plan) = scenario.plans.get(p) else { return Vec::new() };
    let mut fields = Vec::new();
    for (c, charge) in plan.charges.iter().enumerate() {
        match charge {
            Charge::Fee { .. } => fields.push(PlanField::FeeAmount(c)),
            Charge::Usage { price, .. } => {
                match price {
                    Price::PerUnit(_) => fields.push(PlanField::Price(c)),
                    Price::Package { .. } => fields.extend([PlanField::Price(c), PlanField::PackageSize(c)]),
                    Price::Graduated(tiers) | Price::Volume(tiers) => {
                        for t in 0..tiers.len() {
                            fields.extend([PlanField::TierUnitPrice(c, t), PlanField::TierFlatFee(c, t)]);
                        }
                    }
                }
                fields.push(PlanField::Included(c));
            }
        }
    }
    for (c, commitment) in plan.commitments.iter().enumerate() {
        match commitment {
            Commitment::Commit { .. } | Commitment::Minimum { .. } | Commitment::Cap { .. } => {
                fields.push(PlanField::CommitAmount(c));
            }
            Commitment::Bundle { .. } => fields.extend([PlanField::BundlePrice(c), PlanField::BundleUnits(c)]),
        }
    }
    fields.push(PlanField::Discount);
    fields
}

/// The names of a scenario's result lines, in the order of an analysis point's figures: the
/// plans, then the transitions.
#[must_use]
pub fn line_names(scenario: &Scenario) -> Vec<&str> {
    let plans = scenario.plans.iter().map(|p| p.name.as_str());
    plans.chain(scenario.transitions.iter().map(|t| t.name.as_str())).collect()
}

/// Where two plans' totals change order between neighbouring points of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossing {
    /// The plan that was below, then at or above.
    pub rising: usize,
    /// The plan it reaches.
    pub reached: usize,
    /// The values on either side (the same value twice when the totals meet exactly there).
    pub between: (super::Value, super::Value),
}

/// Every crossing of two plans' totals along `points` (a point with problems breaks the line).
///
/// # Example
/// ```
/// use pricelab::engine::analyses::{Figures, SweepPoint, Value, crossings};
/// let f = |t: i64| Figures { total: t.into(), margin: t.into(), support_cost: t.into() };
/// let at = |v: f64, a: i64, b: i64| SweepPoint { value: Value::Real(v), figures: Ok(vec![f(a), f(b)]) };
/// let c = crossings(&[at(1.0, 10, 5), at(2.0, 10, 15)]);
/// assert_eq!((c[0].rising, c[0].reached), (1, 0));
/// ```
#[must_use]
pub fn crossings(points: &[SweepPoint]) -> Vec<Crossing> {
    let mut found = Vec::new();
    for pair in points.windows(2) {
        let [a, b] = pair else { continue };
        let (Ok(fa), Ok(fb)) = (&a.figures, &b.figures) else { continue };
        for i in 0..fa.len().min(fb.len()) {
            for j in i + 1..fa.len().min(fb.len()) {
                let (before, after) = (fa[i].total.cmp(&fa[j].total), fb[i].total.cmp(&fb[j].total));
                if before == after || before == Ordering::Equal {
                    continue;
                }
                let (rising, reached) = if before == Ordering::Less { (i, j) } else { (j, i) };
                let between = if after == Ordering::Equal { (b.value, b.value) } else { (a.value, b.value) };
                found.push(Crossing { rising, reached, between });
            }
        }
    }
    found
}

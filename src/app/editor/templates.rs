//! The templates a new plan starts from (*Add plan* in the plans editor, and *New*).

use super::widgets;
use crate::app::document::{EditState, PlanStyle};
use crate::model::{Billing, Charge, Commitment, Metric, Plan, Price};
use rust_decimal::Decimal;

/// A starting point for a new plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// Seats only.
    Seats,
    /// Seats plus a price per AI conversation.
    PerConversation,
    /// A price per resolution only.
    PerResolution,
    /// Seats plus a price per resolution.
    Hybrid,
    /// An annual bucket of resolutions with overage.
    AnnualBucket,
    /// An annual spend commitment over seats and resolutions.
    SpendCommit,
    /// An annual bucket of resolutions, half of what is left rolling into the next year.
    BucketRollover,
    /// A price per resolution, the month's resolutions billed at most a cap.
    MonthlyCap,
    /// Seats and resolutions with a minimum spend per year.
    MinimumSpend,
}

impl Template {
    /// Every template, in menu order.
    pub const ALL: [Self; 9] = [
        Self::Seats,
        Self::PerConversation,
        Self::PerResolution,
        Self::Hybrid,
        Self::AnnualBucket,
        Self::SpendCommit,
        Self::BucketRollover,
        Self::MonthlyCap,
        Self::MinimumSpend,
    ];

    /// The template's name in the menu (and the new plan's name).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Seats => "Seats",
            Self::PerConversation => "Per conversation",
            Self::PerResolution => "Per resolution",
            Self::Hybrid => "Hybrid: seats + resolutions",
            Self::AnnualBucket => "Annual resolution bucket",
            Self::SpendCommit => "Spend commit",
            Self::BucketRollover => "Annual bucket with roll-over",
            Self::MonthlyCap => "Per resolution with a monthly cap",
            Self::MinimumSpend => "Minimum annual spend",
        }
    }

    /// A new plan from the template, with public list prices.
    #[must_use]
    pub fn plan(self, name: String) -> Plan {
        let d = |n: i64, scale: u32| Decimal::new(n, scale);
        let seat = || usage("Seat", Metric::Seats, 0, Price::PerUnit(d(85, 0)));
        let resolution = || usage("Resolution", Metric::Resolutions, 0, Price::PerUnit(d(99, 2)));
        // An annual bucket of 100,000 resolutions for 80,000 billed monthly, overage at 0.99.
        let bucket = |rollover: Decimal| {
            (
                vec![seat(), usage("Resolution overage", Metric::Resolutions, 0, Price::PerUnit(d(99, 2)))],
                vec![Commitment::Bundle {
                    name: "Resolution bucket".into(),
                    metric: Metric::Resolutions,
                    units: 100_000,
                    price: d(80_000, 0),
                    term_months: 12,
                    billing: Billing::Monthly,
                    rollover,
                }],
            )
        };
        let (charges, commitments) = match self {
            Self::Seats => (vec![usage("Seat", Metric::Seats, 0, Price::PerUnit(d(139, 0)))], vec![]),
            Self::PerConversation => {
                (vec![seat(), usage("AI conversation", Metric::AiConversations, 0, Price::PerUnit(d(2, 0)))], vec![])
            }
            Self::PerResolution => (vec![resolution()], vec![]),
            Self::Hybrid => (vec![seat(), resolution()], vec![]),
            Self::AnnualBucket => bucket(Decimal::ZERO),
            Self::SpendCommit => (
                vec![seat(), resolution()],
                vec![Commitment::Commit {
                    name: "Annual commit".into(),
                    amount: d(100_000, 0),
                    term_months: 12,
                    billing: Billing::Upfront,
                    covers: vec![Metric::Seats, Metric::Resolutions],
                    rollover: Decimal::ZERO,
                }],
            ),
            Self::BucketRollover => bucket(d(5, 1)),
            Self::MonthlyCap => (
                vec![resolution()],
                vec![Commitment::Cap {
                    name: "Monthly cap".into(),
                    amount: d(10_000, 0),
                    covers: vec![Metric::Resolutions],
                }],
            ),
            Self::MinimumSpend => (
                vec![seat(), resolution()],
                vec![Commitment::Minimum {
                    name: "Minimum annual spend".into(),
                    amount: d(100_000, 0),
                    term_months: 12,
                }],
            ),
        };
        Plan { name, charges, commitments, discount: Decimal::ZERO }
    }
}

pub(super) fn usage(name: &str, metric: Metric, included: u64, price: Price) -> Charge {
    Charge::Usage { name: name.into(), metric, included, price }
}

/// Adds a plan from a template to the edit state, with the next colour.
pub fn add_plan(state: &mut EditState, template: Template) {
    let name = widgets::unique_name(template.label(), state.scenario.plans.iter().map(|p| p.name.as_str()));
    state.scenario.plans.push(template.plan(name));
    state.styles.push(PlanStyle::for_index(state.styles.len()));
}

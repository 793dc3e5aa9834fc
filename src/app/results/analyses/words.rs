//! Parameters named as a person says them ("Support team: conversations per seat"), where the
//! command line and the tooltips give the path (`accounts["Support team"].seats.conversations_per_seat`).

use crate::engine::analyses::{AccountField, Param, PlanField, Profiles, RampField, TransitionField};
use crate::model::Scenario;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The parameter within its group (the profile, the plan): "conversations per seat",
/// "Resolution: tier 2 unit price".
#[must_use]
pub fn field(scenario: &Scenario, param: Param) -> String {
    match param {
        Param::CostPerAiConversation => "cost per AI conversation".into(),
        Param::Account(_, f) => account(f),
        Param::Transition(_, f) => match f {
            TransitionField::Launch => "month of the launch".into(),
            TransitionField::Grandfather => "months on the old price after the launch".into(),
            TransitionField::RenewalMonths => "months of a contract".into(),
            TransitionField::ChurnShare(i) => format!("share leaving at churn point {}", i + 1),
            TransitionField::ChurnIncrease(i) => format!("bill increase of churn point {}", i + 1),
        },
        Param::Plan(p, f) => {
            let plan = scenario.plans.get(p);
            let charge = |c: usize| plan.and_then(|p| p.charges.get(c)).map_or("", |c| c.name()).to_owned();
            let commitment = |c: usize| plan.and_then(|p| p.commitments.get(c)).map_or("", |c| c.name()).to_owned();
            match f {
                PlanField::Discount => "discount".into(),
                PlanField::Price(c) => format!("{} price", charge(c)),
                PlanField::PackageSize(c) => format!("{} package size", charge(c)),
                PlanField::TierUnitPrice(c, t) => format!("{} tier {} unit price", charge(c), t + 1),
                PlanField::TierFlatFee(c, t) => format!("{} tier {} flat fee", charge(c), t + 1),
                PlanField::FeeAmount(c) => format!("{} fee", charge(c)),
                PlanField::Included(c) => format!("{} units included", charge(c)),
                PlanField::CommitAmount(c) => format!("{} amount", commitment(c)),
                PlanField::BundlePrice(c) => format!("{} price", commitment(c)),
                PlanField::BundleUnits(c) => format!("{} units", commitment(c)),
            }
        }
    }
}

/// The parameter with whose it is: "Support team: conversations per seat", "Every profile:
/// growth", "Per resolution: Resolution price", "Your cost per AI conversation".
#[must_use]
pub fn param(scenario: &Scenario, param: Param) -> String {
    let whose = match param {
        Param::CostPerAiConversation => return "Your cost per AI conversation".into(),
        Param::Account(Profiles::All, _) => "Every profile".to_owned(),
        Param::Account(Profiles::One(a), _) => scenario.accounts.get(a).map_or_else(String::new, |a| a.name.clone()),
        Param::Plan(p, _) => scenario.plans.get(p).map_or_else(String::new, |p| p.name.clone()),
        Param::Transition(t, _) => scenario.transitions.get(t).map_or_else(String::new, |t| t.name.clone()),
    };
    format!("{whose}: {}", field(scenario, param))
}

fn account(f: AccountField) -> String {
    let ramp = |what: &str, r: RampField| match r {
        RampField::Start => format!("{what} at the start"),
        RampField::End => format!("{what} at the end of its ramp"),
        RampField::Months => format!("months {what} takes to ramp"),
    };
    match f {
        AccountField::Count => "number of customers".into(),
        AccountField::Conversations => "conversations a month".into(),
        AccountField::Growth => "growth a year".into(),
        AccountField::Seasonality(c) => format!("seasonality of {}", MONTHS.get(c).copied().unwrap_or("a month")),
        AccountField::AiInvolvement(r) => ramp("AI involvement", r),
        AccountField::ResolutionRate(r) => ramp("resolution rate", r),
        AccountField::FixedSeats => "seats".into(),
        AccountField::SeatsStart => "seats at the start".into(),
        AccountField::SeatsMinimum => "minimum seats".into(),
        AccountField::SeatsTerm => "months between re-sizings of the team".into(),
        AccountField::ConversationsPerSeat => "conversations per seat".into(),
        AccountField::AgentCost => "cost of an agent a month".into(),
        AccountField::Renewal => "month of the first renewal".into(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parameters_read_as_words() {
        let s = crate::app::example("saas-portfolio.ron");
        let words = |p: &str| param(&s, Param::resolve(&s, &crate::engine::analyses::Path::parse(p).unwrap()).unwrap());
        assert_eq!(words("accounts[*].growth"), "Every profile: growth a year");
        assert_eq!(words("accounts[\"SMB\"].resolution_rate.end"), "SMB: resolution rate at the end of its ramp");
        assert_eq!(words("costs.per_ai_conversation"), "Your cost per AI conversation");
        let plan = &s.plans[2];
        let path = format!("plans[\"{}\"].charges[\"{}\"].price", plan.name, plan.charges[0].name());
        assert_eq!(words(&path), format!("{}: {} price", plan.name, plan.charges[0].name()));
        let mut s = s;
        s.transitions.push(crate::model::Transition { name: "Move".into(), ..Default::default() });
        let named = |f| param(&s, Param::Transition(0, f));
        assert_eq!(named(TransitionField::Launch), "Move: month of the launch");
        assert_eq!(named(TransitionField::ChurnShare(0)), "Move: share leaving at churn point 1");
        assert_eq!(
            param(&s, Param::Account(Profiles::One(0), AccountField::Renewal)).split(": ").nth(1),
            Some("month of the first renewal")
        );
    }
}

//! The rules of transitions (docs/semantics.md §8.6), each broken one at its field path
//! (`transitions[0].churn[1].share`).

use super::{At, Limits, Validator};
use crate::model::{Scenario, Transition};
use std::collections::HashSet;

/// The longest contract (`renewal_months`) and grandfathering period: the longest horizon.
pub(super) const MOST_MONTHS: u32 = Limits::MONTHS;

impl Validator {
    pub(super) fn transitions(&mut self, s: &Scenario) {
        let list = At::Top("transitions");
        let plans: HashSet<&str> = s.plans.iter().map(|p| p.name.as_str()).collect();
        let mut names: HashSet<&str> = HashSet::new();
        for (i, t) in s.transitions.iter().enumerate() {
            let at = list.item(i);
            self.name(at.field("name"), &t.name);
            if plans.contains(t.name.as_str()) {
                self.fail(
                    at.field("name"),
                    format!(
                        "a plan is already named {}; transitions and plans are named apart",
                        crate::model::quoted(&t.name)
                    ),
                );
            } else if !names.insert(t.name.as_str()) {
                self.fail(
                    at.field("name"),
                    format!("another transition is already named {}", crate::model::quoted(&t.name)),
                );
            }
            self.transition(at, t, s, &plans);
        }
    }

    fn transition(&mut self, at: At<'_>, t: &Transition, s: &Scenario, plans: &HashSet<&str>) {
        for (field, plan) in [("from", &t.from), ("to", &t.to)] {
            if !plans.contains(plan.as_str()) {
                self.fail(
                    at.field(field),
                    format!(
                        "no plan is named {}; `{field}` names one of the scenario's plans",
                        crate::model::quoted(plan)
                    ),
                );
            }
        }
        if t.from == t.to && plans.contains(t.to.as_str()) {
            self.fail(at.field("to"), "customers move to another plan than the one they are on (`from`)");
        }
        if t.launch >= s.months {
            self.fail(
                at.field("launch"),
                format!(
                    "month {} is past the horizon; the launch is a month index from 0 to {}",
                    t.launch,
                    s.months.saturating_sub(1)
                ),
            );
        }
        if !(1..=MOST_MONTHS).contains(&t.renewal_months) {
            self.fail(
                at.field("renewal_months"),
                format!("{} months is out of range; a contract lasts 1 to {MOST_MONTHS} months", t.renewal_months),
            );
        }
        if t.grandfather > MOST_MONTHS {
            self.fail(
                at.field("grandfather"),
                format!("{} months is out of range; at most {MOST_MONTHS} months on the old price", t.grandfather),
            );
        }
        let churn = at.field("churn");
        let (mut increase, mut share) = (0.0_f64, 0.0_f64);
        for (i, p) in t.churn.iter().enumerate() {
            let point = churn.item(i);
            let above = if i == 0 { "above 0".to_owned() } else { format!("above the previous point's {increase}") };
            self.number(point.field("increase"), p.increase, |x| x > increase, &format!("an increase {above}"));
            let at_least = if i == 0 {
                "between 0 and 1".to_owned()
            } else {
                format!("between the previous point's {share} and 1")
            };
            self.number(point.field("share"), p.share, |x| (share..=1.0).contains(&x), &format!("a share {at_least}"));
            if p.increase.is_finite() {
                increase = increase.max(p.increase);
            }
            if p.share.is_finite() && p.share <= 1.0 {
                share = share.max(p.share);
            }
        }
    }
}

//! Reading and setting a resolved parameter's value.

use super::param::{AccountField, Param, PlanField, Profiles, RampField, TransitionField};
use super::value::Value;
use crate::model::{Account, Charge, Commitment, Price, Scenario, Seats};
use rust_decimal::Decimal;

impl Param {
    /// The parameter's value in `scenario` (for every profile, the first profile's).
    #[must_use]
    pub fn get(self, scenario: &Scenario) -> Option<Value> {
        use AccountField as A;
        let whole = |n: u64| Value::Whole(Decimal::from(n));
        match self {
            Self::CostPerAiConversation => Some(Value::Decimal(scenario.costs.per_ai_conversation)),
            Self::Account(profiles, field) => {
                let a = scenario.accounts.get(match profiles {
                    Profiles::One(a) => a,
                    Profiles::All => 0,
                })?;
                Some(match field {
                    A::Count => whole(a.count),
                    A::Conversations => Value::Real(a.conversations),
                    A::Growth => Value::Real(a.growth),
                    A::Seasonality(c) => Value::Real(*a.seasonality.get(c)?),
                    A::AiInvolvement(r) => ramp_get(&a.ai_involvement, r),
                    A::ResolutionRate(r) => ramp_get(&a.resolution_rate, r),
                    A::AgentCost => Value::Decimal(a.agent_cost),
                    A::Renewal => whole(u64::from(a.renewal?)),
                    A::FixedSeats => match a.seats {
                        Seats::Fixed(n) => whole(n),
                        Seats::Staffed { .. } => return None,
                    },
                    A::SeatsStart | A::SeatsMinimum | A::SeatsTerm | A::ConversationsPerSeat => match a.seats {
                        Seats::Staffed { start, conversations_per_seat, minimum, term_months } => match field {
                            A::SeatsStart => whole(start),
                            A::SeatsMinimum => whole(minimum),
                            A::SeatsTerm => whole(u64::from(term_months)),
                            _ => Value::Real(conversations_per_seat),
                        },
                        Seats::Fixed(_) => return None,
                    },
                })
            }
            Self::Transition(t, field) => {
                let t = scenario.transitions.get(t)?;
                Some(match field {
                    TransitionField::Launch => whole(u64::from(t.launch)),
                    TransitionField::Grandfather => whole(u64::from(t.grandfather)),
                    TransitionField::RenewalMonths => whole(u64::from(t.renewal_months)),
                    TransitionField::ChurnShare(i) => Value::Real(t.churn.get(i)?.share),
                    TransitionField::ChurnIncrease(i) => Value::Real(t.churn.get(i)?.increase),
                })
            }
            Self::Plan(p, field) => {
                let plan = scenario.plans.get(p)?;
                let decimal = Value::Decimal;
                Some(match field {
                    PlanField::Discount => decimal(plan.discount),
                    PlanField::Price(c) => match plan.charges.get(c)? {
                        Charge::Usage { price: Price::PerUnit(p) | Price::Package { price: p, .. }, .. } => decimal(*p),
                        _ => return None,
                    },
                    PlanField::PackageSize(c) => match plan.charges.get(c)? {
                        Charge::Usage { price: Price::Package { size, .. }, .. } => whole(*size),
                        _ => return None,
                    },
                    PlanField::TierUnitPrice(c, t) | PlanField::TierFlatFee(c, t) => match plan.charges.get(c)? {
                        Charge::Usage { price: Price::Graduated(tiers) | Price::Volume(tiers), .. } => {
                            let tier = tiers.get(t)?;
                            decimal(if matches!(field, PlanField::TierUnitPrice(..)) {
                                tier.unit_price
                            } else {
                                tier.flat_fee
                            })
                        }
                        _ => return None,
                    },
                    PlanField::FeeAmount(c) => match plan.charges.get(c)? {
                        Charge::Fee { amount, .. } => decimal(*amount),
                        Charge::Usage { .. } => return None,
                    },
                    PlanField::Included(c) => match plan.charges.get(c)? {
                        Charge::Usage { included, .. } => whole(*included),
                        Charge::Fee { .. } => return None,
                    },
                    PlanField::CommitAmount(c) => match plan.commitments.get(c)? {
                        Commitment::Commit { amount, .. }
                        | Commitment::Minimum { amount, .. }
                        | Commitment::Cap { amount, .. } => decimal(*amount),
                        Commitment::Bundle { .. } => return None,
                    },
                    PlanField::BundlePrice(c) | PlanField::BundleUnits(c) => match plan.commitments.get(c)? {
                        Commitment::Bundle { price, units, .. } => {
                            if matches!(field, PlanField::BundlePrice(_)) {
                                decimal(*price)
                            } else {
                                whole(*units)
                            }
                        }
                        _ => return None,
                    },
                })
            }
        }
    }

    /// Sets the parameter to `value` in `scenario` (every profile alike for `accounts[*]`).
    ///
    /// # Errors
    /// A whole value out of the field's range (negative, or too large for it).
    pub fn set(self, scenario: &mut Scenario, value: Value) -> Result<(), String> {
        // (The caller says which field: the message need not.)
        let out_of_range = |what: &str| format!("{value} is not {what}");
        let whole = |max: u64| whole(value, max, &out_of_range);
        let decimal = || match value {
            Value::Decimal(d) => Ok(d),
            _ => Err(out_of_range("a decimal amount")),
        };
        match self {
            Self::CostPerAiConversation => scenario.costs.per_ai_conversation = decimal()?,
            Self::Account(profiles, field) => {
                let range = match profiles {
                    Profiles::One(a) => a..a + 1,
                    Profiles::All => 0..scenario.accounts.len(),
                };
                for a in scenario.accounts.get_mut(range).unwrap_or_default() {
                    set_account(a, field, value, &out_of_range)?;
                }
            }
            Self::Transition(t, field) => {
                let Some(t) = scenario.transitions.get_mut(t) else { return Ok(()) };
                let real = || match value {
                    Value::Real(r) => Ok(r),
                    _ => Err(out_of_range("a real number")),
                };
                let month = || whole(u64::from(u32::MAX)).map(narrow);
                match field {
                    TransitionField::Launch => t.launch = month()?,
                    TransitionField::Grandfather => t.grandfather = month()?,
                    TransitionField::RenewalMonths => t.renewal_months = month()?,
                    TransitionField::ChurnShare(i) => {
                        if let Some(p) = t.churn.get_mut(i) {
                            p.share = real()?;
                        }
                    }
                    TransitionField::ChurnIncrease(i) => {
                        if let Some(p) = t.churn.get_mut(i) {
                            p.increase = real()?;
                        }
                    }
                }
            }
            Self::Plan(p, field) => {
                let Some(plan) = scenario.plans.get_mut(p) else { return Ok(()) };
                match field {
                    PlanField::Discount => plan.discount = decimal()?,
                    PlanField::Price(c) => {
                        if let Some(Charge::Usage {
                            price: Price::PerUnit(p) | Price::Package { price: p, .. }, ..
                        }) = plan.charges.get_mut(c)
                        {
                            *p = decimal()?;
                        }
                    }
                    PlanField::PackageSize(c) => {
                        if let Some(Charge::Usage { price: Price::Package { size, .. }, .. }) = plan.charges.get_mut(c)
                        {
                            *size = whole(u64::MAX)?;
                        }
                    }
                    PlanField::TierUnitPrice(c, t) | PlanField::TierFlatFee(c, t) => {
                        if let Some(Charge::Usage { price: Price::Graduated(tiers) | Price::Volume(tiers), .. }) =
                            plan.charges.get_mut(c)
                            && let Some(tier) = tiers.get_mut(t)
                        {
                            if matches!(field, PlanField::TierUnitPrice(..)) {
                                tier.unit_price = decimal()?;
                            } else {
                                tier.flat_fee = decimal()?;
                            }
                        }
                    }
                    PlanField::FeeAmount(c) => {
                        if let Some(Charge::Fee { amount, .. }) = plan.charges.get_mut(c) {
                            *amount = decimal()?;
                        }
                    }
                    PlanField::Included(c) => {
                        if let Some(Charge::Usage { included, .. }) = plan.charges.get_mut(c) {
                            *included = whole(u64::MAX)?;
                        }
                    }
                    PlanField::CommitAmount(c) => {
                        if let Some(
                            Commitment::Commit { amount, .. }
                            | Commitment::Minimum { amount, .. }
                            | Commitment::Cap { amount, .. },
                        ) = plan.commitments.get_mut(c)
                        {
                            *amount = decimal()?;
                        }
                    }
                    PlanField::BundlePrice(c) | PlanField::BundleUnits(c) => {
                        if let Some(Commitment::Bundle { price, units, .. }) = plan.commitments.get_mut(c) {
                            if matches!(field, PlanField::BundlePrice(_)) {
                                *price = decimal()?;
                            } else {
                                *units = whole(u64::MAX)?;
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Sets `field` of the account profile `a` to `value`; `out_of_range` words the refusal.
///
/// # Errors
/// A whole value out of the field's range (negative, or too large for it), or a value of
/// another kind.
pub(super) fn set_account(
    a: &mut Account,
    field: AccountField,
    value: Value,
    out_of_range: &dyn Fn(&str) -> String,
) -> Result<(), String> {
    use AccountField as A;
    let whole = |max: u64| whole(value, max, out_of_range);
    let real = || match value {
        Value::Real(r) => Ok(r),
        _ => Err(out_of_range("a real number")),
    };
    match field {
        A::Count => a.count = whole(crate::model::Limits::COUNT)?,
        A::Conversations => a.conversations = real()?,
        A::Growth => a.growth = real()?,
        A::Seasonality(c) => {
            if let Some(s) = a.seasonality.get_mut(c) {
                *s = real()?;
            }
        }
        A::AiInvolvement(r) => ramp_set(&mut a.ai_involvement, r, &whole, &real)?,
        A::ResolutionRate(r) => ramp_set(&mut a.resolution_rate, r, &whole, &real)?,
        A::AgentCost => {
            a.agent_cost = match value {
                Value::Decimal(d) => d,
                _ => return Err(out_of_range("a decimal amount")),
            }
        }
        A::Renewal => {
            if a.renewal.is_some() {
                a.renewal = Some(narrow(whole(u64::from(u32::MAX))?));
            }
        }
        A::FixedSeats => {
            if let Seats::Fixed(n) = &mut a.seats {
                *n = whole(u64::MAX)?;
            }
        }
        A::SeatsStart | A::SeatsMinimum | A::SeatsTerm | A::ConversationsPerSeat => {
            if let Seats::Staffed { start, conversations_per_seat, minimum, term_months } = &mut a.seats {
                match field {
                    A::SeatsStart => *start = whole(u64::MAX)?,
                    A::SeatsMinimum => *minimum = whole(u64::MAX)?,
                    A::SeatsTerm => *term_months = narrow(whole(u64::from(u32::MAX))?),
                    _ => *conversations_per_seat = real()?,
                }
            }
        }
    }
    Ok(())
}

/// `value` as a whole number from 0 to `max`; `out_of_range` words the refusal.
fn whole(value: Value, max: u64, out_of_range: &dyn Fn(&str) -> String) -> Result<u64, String> {
    let Value::Whole(d) = value else { return Err(out_of_range("a whole number")) };
    u64::try_from(d).ok().filter(|n| *n <= max && d.fract().is_zero()).ok_or_else(|| {
        out_of_range(&format!("a whole number from 0 to {}", crate::model::money::group_digits(&max.to_string())))
    })
}

/// A whole number checked to fit `u32` already.
fn narrow(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn ramp_get(ramp: &crate::model::Ramp, field: RampField) -> Value {
    match field {
        RampField::Start => Value::Real(ramp.start),
        RampField::End => Value::Real(ramp.end),
        RampField::Months => Value::Whole(Decimal::from(ramp.months)),
    }
}

fn ramp_set(
    ramp: &mut crate::model::Ramp,
    field: RampField,
    whole: &dyn Fn(u64) -> Result<u64, String>,
    real: &dyn Fn() -> Result<f64, String>,
) -> Result<(), String> {
    match field {
        RampField::Start => ramp.start = real()?,
        RampField::End => ramp.end = real()?,
        RampField::Months => ramp.months = narrow(whole(u64::from(u32::MAX))?),
    }
    Ok(())
}

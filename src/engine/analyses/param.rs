//! Parameters: the numbers of a scenario an analysis varies, named by a path such as
//! `plans["Per resolution"].charges["Resolution"].price` or `accounts[*].growth`.
//!
//! A path is parsed ([`Path::parse`]), then resolved against a scenario ([`Param::resolve`]) into
//! indices and a [`Kind`]; a resolved parameter reads ([`Param::get`]) and sets ([`Param::set`])
//! its value, and writes itself back with names ([`Param::name`]).

use super::path::{Path, PathError, Selector, Step, err};
use super::value::Kind;
use crate::model::{Charge, Commitment, Price, Scenario, Seats};

/// A field of an account profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountField {
    /// `count`
    Count,
    /// `conversations`
    Conversations,
    /// `growth`
    Growth,
    /// `seasonality[c]`
    Seasonality(usize),
    /// `ai_involvement.start` / `.end` / `.months`
    AiInvolvement(RampField),
    /// `resolution_rate.start` / `.end` / `.months`
    ResolutionRate(RampField),
    /// `seats` of a `Fixed` profile.
    FixedSeats,
    /// `seats.start` (Staffed)
    SeatsStart,
    /// `seats.minimum` (Staffed)
    SeatsMinimum,
    /// `seats.term_months` (Staffed)
    SeatsTerm,
    /// `seats.conversations_per_seat` (Staffed)
    ConversationsPerSeat,
    /// `agent_cost`
    AgentCost,
    /// `renewal`: the month of the profile's first renewal (a profile with one set only).
    Renewal,
}

/// A field of a ramp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RampField {
    /// `start`
    Start,
    /// `end`
    End,
    /// `months`
    Months,
}

/// A field of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanField {
    /// `discount`
    Discount,
    /// `charges[c].price` (PerUnit: the unit price; Package: the package price)
    Price(usize),
    /// `charges[c].price.size` (Package)
    PackageSize(usize),
    /// `charges[c].price[t].unit_price`
    TierUnitPrice(usize, usize),
    /// `charges[c].price[t].flat_fee`
    TierFlatFee(usize, usize),
    /// `charges[c].amount` (Fee)
    FeeAmount(usize),
    /// `charges[c].included`
    Included(usize),
    /// `commitments[c].amount` (Commit)
    CommitAmount(usize),
    /// `commitments[c].price` (Bundle)
    BundlePrice(usize),
    /// `commitments[c].units` (Bundle)
    BundleUnits(usize),
}

impl PlanField {
    /// Whether the plan's bill can only rise with this field: what `solve` may vary.
    #[must_use]
    pub fn bill_rises_with(self) -> bool {
        matches!(
            self,
            Self::Price(_)
                | Self::TierUnitPrice(..)
                | Self::TierFlatFee(..)
                | Self::FeeAmount(_)
                | Self::BundlePrice(_)
                | Self::CommitAmount(_)
        )
    }
}

/// A field of a transition (docs/semantics.md §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionField {
    /// `launch`
    Launch,
    /// `grandfather`
    Grandfather,
    /// `renewal_months`
    RenewalMonths,
    /// `churn[i].share`
    ChurnShare(usize),
    /// `churn[i].increase`
    ChurnIncrease(usize),
}

/// Which profiles an account parameter changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profiles {
    /// One profile, by index.
    One(usize),
    /// Every profile, each alike.
    All,
}

/// A resolved parameter: where it is in a scenario and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// A field of one or every account profile.
    Account(Profiles, AccountField),
    /// A field of a plan (by index).
    Plan(usize, PlanField),
    /// A field of a transition (by index).
    Transition(usize, TransitionField),
    /// `costs.per_ai_conversation`
    CostPerAiConversation,
}

/// The fields an account profile offers, for messages.
const ACCOUNT_FIELDS: &str = "count, conversations, growth, seasonality[0..11], ai_involvement.start/.end/.months, \
     resolution_rate.start/.end/.months, seats (Fixed), seats.start/.minimum/.term_months/.conversations_per_seat (Staffed), agent_cost, renewal";

/// Looks `selector` up among `names` (`what` names the list in messages).
fn find(selector: &Selector, names: &[&str], what: &str, at: &str) -> Result<usize, PathError> {
    let list = || {
        let mut shown: Vec<String> = names.iter().take(12).map(|n| format!("\"{n}\"")).collect();
        if names.len() > 12 {
            shown.push(format!("and {} more", names.len() - 12));
        }
        if shown.is_empty() { "none".to_string() } else { shown.join(", ") }
    };
    match selector {
        Selector::Name(name) => names
            .iter()
            .position(|n| n == name)
            .map_or_else(|| err(format!("{at} has no {what} named \"{name}\" (it has: {})", list())), Ok),
        Selector::Index(i) if *i < names.len() => Ok(*i),
        Selector::Index(i) => err(format!("{at} has no {what} {i}: it has {} (it has: {})", names.len(), list())),
        Selector::All => err(format!("`*` selects every account profile; {at} needs one {what} (it has: {})", list())),
    }
}

impl Param {
    /// Resolves `path` against `scenario`.
    ///
    /// # Errors
    /// A path that names nothing, or a field of the wrong variant: what the path reaches and
    /// what it could be.
    ///
    /// # Example
    /// ```
    /// use pricelab::engine::analyses::{Kind, Param, Path};
    /// let s = pricelab::model::examples::DEFAULT.scenario().unwrap();
    /// let p = Param::resolve(&s, &Path::parse("plans[2].charges[1].price").unwrap()).unwrap();
    /// assert_eq!(p.kind(), Kind::Decimal);
    /// assert_eq!(p.name(&s), r#"plans["Per resolution + Advanced seats"].charges["Resolution"].price"#);
    /// assert!(Param::resolve(&s, &Path::parse("plans[2].charges[9].price").unwrap()).is_err());
    /// ```
    pub fn resolve(scenario: &Scenario, path: &Path) -> Result<Self, PathError> {
        let text = path.text();
        let fields: Vec<Option<&str>> = path.steps.iter().map(Step::field).collect();
        let select = |i: usize| match path.steps.get(i) {
            Some(Step::Select(s)) => Some(s),
            _ => None,
        };
        match (fields.first().copied().flatten(), select(1)) {
            (Some("accounts"), Some(sel)) => {
                let names: Vec<&str> = scenario.accounts.iter().map(|a| a.name.as_str()).collect();
                let profiles = match sel {
                    Selector::All => {
                        if names.is_empty() {
                            return err(format!("`{text}`: the scenario has no account profiles"));
                        }
                        Profiles::All
                    }
                    s => Profiles::One(find(s, &names, "account profile", "accounts")?),
                };
                let field = account_field(scenario, profiles, &path.steps[2..], text)?;
                Ok(Self::Account(profiles, field))
            }
            (Some("plans"), Some(sel)) => {
                let names: Vec<&str> = scenario.plans.iter().map(|p| p.name.as_str()).collect();
                let p = find(sel, &names, "plan", "plans")?;
                let field = plan_field(scenario, p, &path.steps[2..], text)?;
                Ok(Self::Plan(p, field))
            }
            (Some("transitions"), Some(sel)) => {
                let names: Vec<&str> = scenario.transitions.iter().map(|t| t.name.as_str()).collect();
                let t = find(sel, &names, "transition", "transitions")?;
                Ok(Self::Transition(t, transition_field(scenario, t, &path.steps[2..], text)?))
            }
            (Some("costs"), _) if matches!(path.steps.as_slice(), [_, Step::Field(f)] if f == "per_ai_conversation") => {
                Ok(Self::CostPerAiConversation)
            }
            _ => err(format!(
                "`{text}` names nothing: a parameter starts with `accounts[S].`, `plans[S].`, `transitions[S].` or is `costs.per_ai_conversation`"
            )),
        }
    }

    /// The parameter's kind.
    #[must_use]
    pub fn kind(self) -> Kind {
        use AccountField as A;
        match self {
            Self::Account(
                _,
                A::Count | A::FixedSeats | A::SeatsStart | A::SeatsMinimum | A::SeatsTerm | A::Renewal,
            ) => Kind::Whole,
            Self::Account(_, A::AiInvolvement(RampField::Months) | A::ResolutionRate(RampField::Months)) => Kind::Whole,
            Self::Account(_, A::AgentCost) => Kind::Decimal,
            Self::Account(..) => Kind::Real,
            Self::Plan(_, PlanField::PackageSize(_) | PlanField::Included(_) | PlanField::BundleUnits(_)) => {
                Kind::Whole
            }
            Self::Plan(..) | Self::CostPerAiConversation => Kind::Decimal,
            Self::Transition(_, TransitionField::ChurnShare(_) | TransitionField::ChurnIncrease(_)) => Kind::Real,
            Self::Transition(..) => Kind::Whole,
        }
    }

    /// Whether the parameter changes transitions only: a transition's field, or when a profile's
    /// accounts renew (no usage, no plan's bill).
    #[must_use]
    pub fn transitions_only(self) -> bool {
        matches!(self, Self::Transition(..) | Self::Account(_, AccountField::Renewal))
    }

    /// Whether the parameter changes the usage (and so every result line).
    #[must_use]
    pub fn changes_usage(self) -> bool {
        matches!(self, Self::Account(..)) && !self.transitions_only()
    }

    /// The plan whose bill alone the parameter changes (`None` when it changes usage or cost).
    #[must_use]
    pub fn plan(self) -> Option<usize> {
        match self {
            Self::Plan(p, _) => Some(p),
            _ => None,
        }
    }

    /// Whether the parameter is a ramp's `end` (an analysis caps its values at 1).
    #[must_use]
    pub fn is_ramp_end(self) -> bool {
        matches!(
            self,
            Self::Account(
                _,
                AccountField::AiInvolvement(RampField::End) | AccountField::ResolutionRate(RampField::End)
            )
        )
    }

    /// The path with names for its selectors: `accounts["Support team"].growth`.
    #[must_use]
    pub fn name(self, scenario: &Scenario) -> String {
        let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        match self {
            Self::CostPerAiConversation => "costs.per_ai_conversation".to_string(),
            Self::Account(profiles, field) => {
                let who = match profiles {
                    Profiles::All => "*".to_string(),
                    Profiles::One(a) => scenario.accounts.get(a).map_or_else(|| a.to_string(), |a| quoted(&a.name)),
                };
                format!("accounts[{who}].{}", account_field_name(field))
            }
            Self::Plan(p, field) => {
                let Some(plan) = scenario.plans.get(p) else { return format!("plans[{p}]") };
                let charge = |c: usize| plan.charges.get(c).map_or_else(|| c.to_string(), |c| quoted(c.name()));
                let commitment = |c: usize| plan.commitments.get(c).map_or_else(|| c.to_string(), |c| quoted(c.name()));
                let rest = match field {
                    PlanField::Discount => "discount".to_string(),
                    PlanField::Price(c) => format!("charges[{}].price", charge(c)),
                    PlanField::PackageSize(c) => format!("charges[{}].price.size", charge(c)),
                    PlanField::TierUnitPrice(c, t) => format!("charges[{}].price[{t}].unit_price", charge(c)),
                    PlanField::TierFlatFee(c, t) => format!("charges[{}].price[{t}].flat_fee", charge(c)),
                    PlanField::FeeAmount(c) => format!("charges[{}].amount", charge(c)),
                    PlanField::Included(c) => format!("charges[{}].included", charge(c)),
                    PlanField::CommitAmount(c) => format!("commitments[{}].amount", commitment(c)),
                    PlanField::BundlePrice(c) => format!("commitments[{}].price", commitment(c)),
                    PlanField::BundleUnits(c) => format!("commitments[{}].units", commitment(c)),
                };
                format!("plans[{}].{rest}", quoted(&plan.name))
            }
            Self::Transition(t, field) => {
                let who = scenario.transitions.get(t).map_or_else(|| t.to_string(), |t| quoted(&t.name));
                let rest = match field {
                    TransitionField::Launch => "launch".to_string(),
                    TransitionField::Grandfather => "grandfather".to_string(),
                    TransitionField::RenewalMonths => "renewal_months".to_string(),
                    TransitionField::ChurnShare(i) => format!("churn[{i}].share"),
                    TransitionField::ChurnIncrease(i) => format!("churn[{i}].increase"),
                };
                format!("transitions[{who}].{rest}")
            }
        }
    }
}

fn account_field_name(field: AccountField) -> String {
    use AccountField as A;
    let ramp = |r: RampField| match r {
        RampField::Start => "start",
        RampField::End => "end",
        RampField::Months => "months",
    };
    match field {
        A::Count => "count".into(),
        A::Conversations => "conversations".into(),
        A::Growth => "growth".into(),
        A::Seasonality(c) => format!("seasonality[{c}]"),
        A::AiInvolvement(r) => format!("ai_involvement.{}", ramp(r)),
        A::ResolutionRate(r) => format!("resolution_rate.{}", ramp(r)),
        A::FixedSeats => "seats".into(),
        A::SeatsStart => "seats.start".into(),
        A::SeatsMinimum => "seats.minimum".into(),
        A::SeatsTerm => "seats.term_months".into(),
        A::ConversationsPerSeat => "seats.conversations_per_seat".into(),
        A::AgentCost => "agent_cost".into(),
        A::Renewal => "renewal".into(),
    }
}

/// The steps after `accounts[S]` as a field, checked against the profile's seats.
fn account_field(
    scenario: &Scenario,
    profiles: Profiles,
    rest: &[Step],
    text: &str,
) -> Result<AccountField, PathError> {
    use AccountField as A;
    let names: Vec<Option<&str>> = rest.iter().map(Step::field).collect();
    let ramp = |f: Option<&str>| match f {
        Some("start") => Some(RampField::Start),
        Some("end") => Some(RampField::End),
        Some("months") => Some(RampField::Months),
        _ => None,
    };
    let found = match names.as_slice() {
        [Some("count")] => Some(A::Count),
        [Some("conversations")] => Some(A::Conversations),
        [Some("growth")] => Some(A::Growth),
        [Some("agent_cost")] => Some(A::AgentCost),
        [Some("renewal")] => Some(A::Renewal),
        [Some("seasonality"), None] => match rest.get(1) {
            Some(Step::Select(Selector::Index(c))) if *c < 12 => Some(A::Seasonality(*c)),
            _ => return err(format!("`{text}`: seasonality takes an index from 0 (January) to 11 (December)")),
        },
        [Some("ai_involvement"), f] => ramp(*f).map(A::AiInvolvement),
        [Some("resolution_rate"), f] => ramp(*f).map(A::ResolutionRate),
        [Some("seats")] => Some(A::FixedSeats),
        [Some("seats"), Some("start")] => Some(A::SeatsStart),
        [Some("seats"), Some("minimum")] => Some(A::SeatsMinimum),
        [Some("seats"), Some("term_months")] => Some(A::SeatsTerm),
        [Some("seats"), Some("conversations_per_seat")] => Some(A::ConversationsPerSeat),
        _ => None,
    };
    let Some(found) = found else {
        return err(format!("`{text}` names nothing: an account profile's parameters are {ACCOUNT_FIELDS}"));
    };
    let selected = || -> Vec<&crate::model::Account> {
        match profiles {
            Profiles::One(a) => scenario.accounts.get(a).into_iter().collect(),
            Profiles::All => scenario.accounts.iter().collect(),
        }
    };
    // A renewal varies the month set: a profile spread over the months has none.
    if found == A::Renewal
        && let Some(a) = selected().into_iter().find(|a| a.renewal.is_none())
    {
        return err(format!(
            "`{text}`: the profile \"{}\" has no renewal set (its accounts renew spread over the months): set `renewal: Some(k)` to vary it",
            a.name
        ));
    }
    // Seats fields must match each selected profile's kind of seats.
    let staffed_field = matches!(found, A::SeatsStart | A::SeatsMinimum | A::SeatsTerm | A::ConversationsPerSeat);
    if found == A::FixedSeats || staffed_field {
        for a in selected() {
            match (&a.seats, staffed_field) {
                (Seats::Fixed(_), true) => {
                    return err(format!(
                        "`{text}`: the profile \"{}\" has Fixed seats: its seat parameter is `seats` itself",
                        a.name
                    ));
                }
                (Seats::Staffed { .. }, false) => {
                    return err(format!(
                        "`{text}`: the profile \"{}\" has Staffed seats: its seat parameters are seats.start, seats.minimum, seats.term_months and seats.conversations_per_seat",
                        a.name
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(found)
}

/// The steps after `transitions[S]` as a field, a churn point's index checked.
fn transition_field(scenario: &Scenario, t: usize, rest: &[Step], text: &str) -> Result<TransitionField, PathError> {
    let points = scenario.transitions.get(t).map_or(0, |t| t.churn.len());
    let offers = "launch, grandfather, renewal_months, churn[i].share, churn[i].increase";
    let names: Vec<Option<&str>> = rest.iter().map(Step::field).collect();
    match names.as_slice() {
        [Some("launch")] => Ok(TransitionField::Launch),
        [Some("grandfather")] => Ok(TransitionField::Grandfather),
        [Some("renewal_months")] => Ok(TransitionField::RenewalMonths),
        [Some("churn"), None, f @ (Some("share") | Some("increase"))] => match rest.get(1) {
            Some(Step::Select(Selector::Index(i))) if *i < points => Ok(if *f == Some("share") {
                TransitionField::ChurnShare(*i)
            } else {
                TransitionField::ChurnIncrease(*i)
            }),
            _ if points == 0 => err(format!("`{text}`: the transition has no churn points")),
            _ => {
                err(format!("`{text}`: a churn point is selected by its index, from 0 to {}", points.saturating_sub(1)))
            }
        },
        _ => err(format!("`{text}` names nothing: a transition's parameters are {offers}")),
    }
}

/// The steps after `plans[S]` as a field, checked against the charge's or commitment's variant.
fn plan_field(scenario: &Scenario, p: usize, rest: &[Step], text: &str) -> Result<PlanField, PathError> {
    let Some(plan) = scenario.plans.get(p) else { return err(format!("`{text}`: there is no plan {p}")) };
    let at = format!("plans[\"{}\"]", plan.name);
    let offers = "discount, charges[S].price (.size, [t].unit_price, [t].flat_fee), charges[S].amount, charges[S].included, commitments[S].amount, commitments[S].price, commitments[S].units";
    match rest {
        [Step::Field(f)] if f == "discount" => Ok(PlanField::Discount),
        [Step::Field(f), Step::Select(sel), tail @ ..] if f == "charges" => {
            let names: Vec<&str> = plan.charges.iter().map(Charge::name).collect();
            let c = find(sel, &names, "charge", &format!("{at}.charges"))?;
            let charge = &plan.charges[c];
            let what = match charge {
                Charge::Fee { .. } => "a Fee: its parameter is `amount`".to_string(),
                Charge::Usage { price, .. } => match price {
                    Price::PerUnit(_) => "priced PerUnit: its parameters are `price` and `included`".to_string(),
                    Price::Package { .. } => {
                        "priced by Package: its parameters are `price`, `price.size` and `included`".to_string()
                    }
                    Price::Graduated(t) | Price::Volume(t) => format!(
                        "priced in {} tiers: its parameters are `price[t].unit_price`, `price[t].flat_fee` (t from 0 to {}) and `included`",
                        t.len(),
                        t.len().saturating_sub(1)
                    ),
                },
            };
            let wrong = || err(format!("`{text}`: {at}.charges[\"{}\"] is {what}", charge.name()));
            let tail_names: Vec<Option<&str>> = tail.iter().map(Step::field).collect();
            match (charge, tail_names.as_slice()) {
                (Charge::Fee { .. }, [Some("amount")]) => Ok(PlanField::FeeAmount(c)),
                (Charge::Usage { .. }, [Some("included")]) => Ok(PlanField::Included(c)),
                (Charge::Usage { price: Price::PerUnit(_) | Price::Package { .. }, .. }, [Some("price")]) => {
                    Ok(PlanField::Price(c))
                }
                (Charge::Usage { price: Price::Package { .. }, .. }, [Some("price"), Some("size")]) => {
                    Ok(PlanField::PackageSize(c))
                }
                (
                    Charge::Usage { price: Price::Graduated(tiers) | Price::Volume(tiers), .. },
                    [Some("price"), None, f],
                ) => {
                    let Some(Step::Select(Selector::Index(t))) = tail.get(1) else { return wrong() };
                    if *t >= tiers.len() {
                        return wrong();
                    }
                    match f {
                        Some("unit_price") => Ok(PlanField::TierUnitPrice(c, *t)),
                        Some("flat_fee") => Ok(PlanField::TierFlatFee(c, *t)),
                        _ => wrong(),
                    }
                }
                _ => wrong(),
            }
        }
        [Step::Field(f), Step::Select(sel), Step::Field(g)] if f == "commitments" => {
            let names: Vec<&str> = plan.commitments.iter().map(Commitment::name).collect();
            let c = find(sel, &names, "commitment", &format!("{at}.commitments"))?;
            match (&plan.commitments[c], g.as_str()) {
                (Commitment::Commit { .. } | Commitment::Minimum { .. } | Commitment::Cap { .. }, "amount") => {
                    Ok(PlanField::CommitAmount(c))
                }
                (Commitment::Bundle { .. }, "price") => Ok(PlanField::BundlePrice(c)),
                (Commitment::Bundle { .. }, "units") => Ok(PlanField::BundleUnits(c)),
                (Commitment::Commit { name, .. }, _) => {
                    err(format!("`{text}`: {at}.commitments[\"{name}\"] is a Commit: its parameter is `amount`"))
                }
                (Commitment::Minimum { name, .. }, _) => {
                    err(format!("`{text}`: {at}.commitments[\"{name}\"] is a Minimum: its parameter is `amount`"))
                }
                (Commitment::Cap { name, .. }, _) => {
                    err(format!("`{text}`: {at}.commitments[\"{name}\"] is a Cap: its parameter is `amount`"))
                }
                (Commitment::Bundle { name, .. }, _) => err(format!(
                    "`{text}`: {at}.commitments[\"{name}\"] is a Bundle: its parameters are `price` and `units`"
                )),
            }
        }
        _ => err(format!("`{text}` names nothing: a plan's parameters are {offers}")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::value::Value;
    use super::*;
    use crate::model::examples;
    use rust_decimal::Decimal;

    fn fin() -> Scenario {
        examples::DEFAULT.scenario().unwrap()
    }

    fn resolve(s: &Scenario, text: &str) -> Result<Param, PathError> {
        Param::resolve(s, &Path::parse(text)?)
    }

    #[test]
    fn paths_resolve_by_name_index_and_star() {
        let s = fin();
        let by_name = resolve(&s, r#"plans["Per resolution + Advanced seats"].charges["Resolution"].price"#).unwrap();
        let by_index = resolve(&s, "plans[2].charges[1].price").unwrap();
        assert_eq!(by_name, by_index);
        assert_eq!(by_name.get(&s), Some(Value::Decimal("0.99".parse().unwrap())));
        let all = resolve(&s, "accounts[*].growth").unwrap();
        assert_eq!(all, Param::Account(Profiles::All, AccountField::Growth));
        assert_eq!(all.name(&s), "accounts[*].growth");
        assert_eq!(resolve(&s, "accounts[0].seats.term_months").unwrap().kind(), Kind::Whole);
        assert_eq!(resolve(&s, "costs.per_ai_conversation").unwrap(), Param::CostPerAiConversation);
    }

    #[test]
    fn wrong_paths_say_what_they_reach_and_what_could_be() {
        let s = fin();
        let message = |t: &str| resolve(&s, t).unwrap_err().0;
        assert!(message("plans[0].charges[\"Nope\"].price").contains("\"Seat\""), "lists the charges");
        assert!(message("accounts[0].seats").contains("Staffed"), "a Staffed profile has no `seats` value");
        assert!(message("plans[0].charges[0].amount").contains("PerUnit"));
        assert!(message("plans[*].discount").contains("`*`"));
        assert!(message("accounts[0].seasonality[12]").contains("0 (January) to 11"));
        assert!(message("costs.nothing").contains("names nothing"));
        assert!(Path::parse("plans[\"x").is_err());
        assert!(Path::parse("accounts[0]..growth").is_err());
        assert!(Path::parse("").is_err());
    }

    #[test]
    fn values_are_brought_to_their_kind() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(Value::of_decimal(Kind::Whole, d("2.5")), Value::Whole(d("3")));
        assert_eq!(Value::of_decimal(Kind::Whole, d("-2.5")), Value::Whole(d("-3")));
        assert_eq!(Value::of_decimal(Kind::Decimal, d("0.1234565")), Value::Decimal(d("0.123457")));
        assert_eq!(Value::of_decimal(Kind::Decimal, d("0.50")).to_string(), "0.5");
        assert_eq!(Value::Real(12.0).to_string(), "12");
        assert_eq!(Value::Real(0.1).to_string(), "0.1");
    }

    #[test]
    fn setting_a_whole_out_of_range_is_refused() {
        let mut s = fin();
        let count = resolve(&s, "accounts[0].count").unwrap();
        assert!(count.set(&mut s, Value::Whole(Decimal::from(-1))).is_err());
        count.set(&mut s, Value::Whole(Decimal::from(7))).unwrap();
        assert_eq!(s.accounts[0].count, 7);
    }
}

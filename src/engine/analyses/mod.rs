//! Decision analyses (docs/analyses.md): vary one parameter of a scenario and watch every result
//! line's figures (the plans', then the transitions').
//!
//! - [`sweep`]: the figures at evenly spaced values of a parameter;
//! - [`solve`]: the smallest price (in cents) at which a plan earns at least a target;
//! - [`tornado`]: each parameter at its base value ± a swing, ranked by how far it moves a plan.
//!
//! All figures are the deterministic simulation's, exact. A point whose scenario fails
//! validation reports its problems and the analysis goes on.

mod access;
mod catalog;
mod figures;
mod param;
mod path;
mod value;

pub use catalog::{Crossing, Group, crossings, line_names};
pub use figures::{Base, Figures, Point, Scope, Usage, months as horizon, transition_figure};
pub use param::{AccountField, Param, PlanField, Profiles, RampField, TransitionField};
pub use path::{Path, PathError, Selector};
pub use value::{Kind, Readable, Value};

use crate::engine::Error;
use crate::engine::monte_carlo::Progress;
use crate::model::{Charge, Price, Problem, Scenario, Seats};
use rayon::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;

/// The most steps of a sweep.
pub const MAX_STEPS: u32 = 1000;

/// The figures at one value of a parameter, or why there are none.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// The parameter's value.
    pub value: Value,
    /// Every result line's figures (the plans', then the transitions'), or the problems of the
    /// scenario at this value.
    pub figures: Result<Vec<Figures>, Vec<Problem>>,
}

/// The most line-months (a plan's bill lines × account profiles × months, billed again at each
/// value tried) a tornado may take: about a quarter of a minute on a slow machine. A scenario of
/// thousands of charges has thousands of parameters, each re-billing its plan's thousands of
/// lines; past this, the parameters to vary are named with `--vary`.
pub const MAX_TORNADO_WORK: u128 = 500_000_000;

/// The line-months a tornado of `params` over `scenario` bills (see [`MAX_TORNADO_WORK`]): each
/// parameter twice; a plan's parameter its plan and the transitions from or to it, a
/// transition's parameter that transition, a renewal every transition, another everything.
#[must_use]
pub fn tornado_work(scenario: &Scenario, params: &[Param]) -> u128 {
    let lines = |plan: &crate::model::Plan| -> u128 {
        let tiers: usize = plan
            .charges
            .iter()
            .map(|c| match c {
                crate::model::Charge::Usage {
                    price: crate::model::Price::Graduated(t) | crate::model::Price::Volume(t),
                    ..
                } => t.len(),
                _ => 1,
            })
            .sum();
        (tiers + plan.commitments.len()) as u128
    };
    let plan_lines = |name: &str| scenario.plans.iter().find(|p| p.name == name).map_or(0, lines);
    // A transition bills `from` once and `to` once per month its cohorts move in (at most one
    // per month of a contract, or of the horizon).
    let transition = |t: &crate::model::Transition| {
        let moves = u128::from(t.renewal_months.clamp(1, scenario.months.max(1)));
        plan_lines(&t.from) + moves * plan_lines(&t.to)
    };
    let all_transitions: u128 = scenario.transitions.iter().map(transition).sum();
    let all: u128 = scenario.plans.iter().map(lines).sum::<u128>() + all_transitions;
    let per_line = scenario.accounts.len() as u128 * u128::from(scenario.months);
    let work = |p: &Param| match *p {
        Param::Plan(i, _) => scenario.plans.get(i).map_or(0, |plan| {
            let touched = scenario.transitions.iter().filter(|t| t.from == plan.name || t.to == plan.name);
            lines(plan) + touched.map(transition).sum::<u128>()
        }),
        Param::Transition(t, _) => scenario.transitions.get(t).map_or(0, transition),
        Param::Account(_, AccountField::Renewal) => all_transitions,
        _ => all,
    };
    params.iter().map(|p| 2 * per_line * work(p)).sum()
}

/// The `steps + 1` values `from + (to − from) × k / steps` of a sweep, brought to `kind`.
///
/// # Example
/// ```
/// use pricelab::engine::analyses::{Kind, sweep_values};
/// let v: Vec<String> = sweep_values(Kind::Decimal, "0.49".parse().unwrap(), "1.49".parse().unwrap(), 4)
///     .iter().map(ToString::to_string).collect();
/// assert_eq!(v, ["0.49", "0.74", "0.99", "1.24", "1.49"]);
/// ```
#[must_use]
pub fn sweep_values(kind: Kind, from: Decimal, to: Decimal, steps: u32) -> Vec<Value> {
    let steps = steps.max(1);
    (0..=steps)
        .map(|k| match kind {
            Kind::Real => {
                let (a, b) = (Value::of_decimal(Kind::Real, from).as_f64(), Value::of_decimal(Kind::Real, to).as_f64());
                Value::Real(a + (b - a) * f64::from(k) / f64::from(steps))
            }
            _ => {
                let x = to
                    .checked_sub(from)
                    .and_then(|d| d.checked_mul(Decimal::from(k)))
                    .and_then(|d| d.checked_div(Decimal::from(steps)))
                    .and_then(|d| from.checked_add(d))
                    .unwrap_or(Decimal::MAX);
                Value::of_decimal(kind, x)
            }
        })
        .collect()
}

/// Every result line's figures at each of the `steps + 1` values of `param` from `from` to `to`.
///
/// # Errors
/// [`Error::Invalid`] when the scenario itself is invalid; [`Error::Cancelled`].
pub fn sweep(
    scenario: &Scenario,
    param: Param,
    from: Decimal,
    to: Decimal,
    steps: u32,
    progress: &dyn Progress,
) -> Result<Vec<SweepPoint>, Error> {
    let base = Base::new(scenario).map_err(Error::Invalid)?;
    let values = sweep_values(param.kind(), from, to, steps);
    let total = values.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    // Points changing a plan re-bill it across the profiles in parallel; points changing usage
    // are computed in parallel with one another.
    let point = |value: Value| {
        if progress.cancelled() {
            return Err(Error::Cancelled);
        }
        let figures = base.point(param, value).and_then(|p| base.figures_at(param, &p).map_err(|e| vec![e]));
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress.advance(n, total);
        Ok(SweepPoint { value, figures })
    };
    if param.plan().is_some() {
        values.into_iter().map(point).collect()
    } else {
        values.into_par_iter().map(point).collect()
    }
}

/// What `solve` compares a plan's figure with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The first plan's figure.
    Baseline,
    /// That plan's figure (by index).
    Plan(usize),
    /// An amount.
    Amount(Decimal),
    /// A share of the plan's own bill over the scope, as its margin: `0.7` asks for a margin
    /// of at least 70% of what the plan bills ([`Measure::Margin`] only).
    MarginShare(Decimal),
}

/// Which figure of a plan `solve` compares (docs/analyses.md, break-even on margin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// What the plan bills.
    #[default]
    Revenue,
    /// What it bills minus the vendor's cost to serve the same months and accounts. The cost
    /// does not depend on the plan, so against the baseline or another plan the margin breaks
    /// even at the same price as the revenue; against an amount (0: the price that covers the
    /// cost) or a share of the bill it answers another question.
    Margin,
}

/// A goal seek: the smallest value of `param` in cents within `range` at which `plan`'s figure
/// over `scope` is at least the target's.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// A decimal parameter of `plan`'s charges or commitments on which its bill can only rise
    /// (for a transition, of the plan it moves to).
    pub param: Param,
    /// The result line (by index): a plan, or a transition after the plans (`plans.len() + t`).
    pub plan: usize,
    /// What the plan should earn at least.
    pub target: Target,
    /// Which figure is compared: the bill, or the bill minus the cost.
    pub measure: Measure,
    /// What is summed: months, and the portfolio or one account.
    pub scope: Scope,
    /// The range searched, in whole cents.
    pub range: (Decimal, Decimal),
}

/// A goal seek's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    /// The target at the answer (at the top of the range when unreachable).
    pub target: Decimal,
    /// The smallest value in cents reaching the target; `None` when even the top falls short.
    pub value: Option<Decimal>,
    /// The plan's figure at `value`.
    pub figure_at_value: Option<Decimal>,
    /// The plan's figure one cent below `value` (`None` when `value` is the bottom of the range).
    pub figure_below: Option<Decimal>,
    /// The target one cent below `value`: another plan's figure there, or a share of the plan's
    /// own bill there (the same as `target` for an amount).
    pub target_below: Option<Decimal>,
    /// When unreachable: the top of the range and the figure there.
    pub unreachable: Option<(Decimal, Decimal)>,
    /// How many values were evaluated.
    pub evaluations: u32,
}

/// Why `param` cannot be solved for in result line `plan` (`None` when it can): a plan's own
/// price, or for a transition (a line after the plans) a price of the plan it moves to.
#[must_use]
pub fn solve_misuse(scenario: &Scenario, param: Param, plan: usize) -> Option<String> {
    let name = param.name(scenario);
    let plans = scenario.plans.len();
    if let Some(t) = plan.checked_sub(plans) {
        let transition = scenario.transitions.get(t)?;
        let to = scenario.plans.iter().position(|p| p.name == transition.to);
        return match param {
            Param::Plan(p, field) if Some(p) == to && field.bill_rises_with() => None,
            Param::Plan(p, _) if Some(p) != to => Some(format!(
                "{name} is not a parameter of the plan \"{}\" the transition \"{}\" moves to: solve varies a price of the plan a transition moves to",
                transition.to, transition.name
            )),
            _ => Some(format!(
                "{name} cannot be solved for: solve varies a price on which the plan's bill can only rise (a charge's `price`, a tier's `unit_price` or `flat_fee`, a Fee's `amount`, a Bundle's `price`, a Commit's `amount`)"
            )),
        };
    }
    let plan_name = scenario.plans.get(plan).map_or("", |p| p.name.as_str());
    match param {
        Param::Plan(p, field) if p == plan && field.bill_rises_with() => None,
        Param::Plan(p, _) if p != plan => Some(format!(
            "{name} is not a parameter of the plan \"{plan_name}\": solve varies a price of the plan it solves for"
        )),
        _ => Some(format!(
            "{name} cannot be solved for: solve varies a price on which the plan's bill can only rise (a charge's `price`, a tier's `unit_price` or `flat_fee`, a Fee's `amount`, a Bundle's `price`, a Commit's `amount`)"
        )),
    }
}

/// Solves `goal` on `scenario` by bisection over whole cents (about 40 evaluations).
///
/// # Errors
/// [`Error::Invalid`] when the scenario, or the scenario at a value tried, is invalid.
pub fn solve(scenario: &Scenario, goal: &Goal, progress: &dyn Progress) -> Result<Solution, Error> {
    let base = Base::new(scenario).map_err(Error::Invalid)?;
    if let Target::MarginShare(share) = goal.target
        && (goal.measure == Measure::Revenue || share >= Decimal::ONE || share.is_sign_negative())
    {
        return Err(Error::Invalid(vec![Problem::field(
            "target",
            "a margin share is a target of the margin, from 0% up to (not including) 100%",
        )]));
    }
    // A transition (a line after the plans) is simulated at each value: its accounts, and so its
    // cost, move with the price of the plan it moves to.
    let transition = goal.plan.checked_sub(scenario.plans.len());
    if goal.plan >= scenario.plans.len() + scenario.transitions.len() {
        return Err(Error::Invalid(vec![Problem::field("plans", format!("there is no result line {}", goal.plan))]));
    }
    if transition.is_some() && goal.measure == Measure::Margin && goal.scope.account.is_some() {
        return Err(Error::Invalid(vec![Problem::field(
            "target",
            "a transition's margin is its portfolio's: the margin of one account is not compared",
        )]));
    }
    // The vendor's cost over the scope: the same at every price (a price changes no usage).
    let cost = match goal.measure {
        Measure::Revenue => Decimal::ZERO,
        Measure::Margin => base.usage.cost(scenario, &goal.scope).map_err(|e| Error::Invalid(vec![e]))?,
    };
    let cents = |d: Decimal| d.checked_mul(Decimal::ONE_HUNDRED).and_then(|c| c.round().to_i128()).unwrap_or(0);
    let (low, high) = (cents(goal.range.0), cents(goal.range.1));
    let mut evaluations = 0;
    // The plan's figure and the target's at `c` cents.
    let mut at = |c: i128| -> Result<(Decimal, Decimal), Error> {
        if progress.cancelled() {
            return Err(Error::Cancelled);
        }
        evaluations += 1;
        progress.advance(u64::from(evaluations).min(40), 40);
        let value = Value::Decimal(Decimal::try_from_i128_with_scale(c, 2).unwrap_or(Decimal::MAX));
        let point = base.point(goal.param, value).map_err(Error::Invalid)?;
        let too_large = || Error::Invalid(vec![Problem::field("target", "the figure is too large to compute")]);
        let bill = |p: usize| base.bill_at(&point, p, &goal.scope).map_err(|e| Error::Invalid(vec![e]));
        // The measure of plan `p`: its bill, less the cost for a margin.
        let figure_of = |p: usize| bill(p)?.checked_sub(cost).ok_or_else(too_large);
        let (own, figure) = match transition {
            None => {
                let own = bill(goal.plan)?;
                (own, own.checked_sub(cost).ok_or_else(too_large)?)
            }
            Some(t) => {
                let outcome = base.transition_at(&point, t).map_err(|e| Error::Invalid(vec![e]))?;
                let own = transition_figure(&outcome, &goal.scope, false).ok_or_else(too_large)?;
                let margin = goal.measure == Measure::Margin;
                (own, transition_figure(&outcome, &goal.scope, margin).ok_or_else(too_large)?)
            }
        };
        let target = match goal.target {
            Target::Amount(a) => a,
            Target::Baseline => figure_of(0)?,
            Target::Plan(q) => figure_of(q)?,
            Target::MarginShare(share) => own.checked_mul(share).ok_or_else(too_large)?,
        };
        Ok((figure, target))
    };
    let (top_figure, top_target) = at(high)?;
    if top_figure < top_target {
        return Ok(Solution {
            target: top_target,
            value: None,
            figure_at_value: None,
            figure_below: None,
            target_below: None,
            unreachable: Some((goal.range.1, top_figure)),
            evaluations,
        });
    }
    let (bottom_figure, bottom_target) = at(low)?;
    let amount = |c: i128| Decimal::try_from_i128_with_scale(c, 2).unwrap_or(Decimal::MAX);
    if bottom_figure >= bottom_target {
        return Ok(Solution {
            target: bottom_target,
            value: Some(amount(low)),
            figure_at_value: Some(bottom_figure),
            figure_below: None,
            target_below: None,
            unreachable: None,
            evaluations,
        });
    }
    // Invariant: the target is missed at `lo` and reached at `hi`.
    let (mut lo, mut hi) = (low, high);
    let (mut lo_found, mut hi_found) = ((bottom_figure, bottom_target), (top_figure, top_target));
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let (figure, target) = at(mid)?;
        if figure >= target {
            hi = mid;
            hi_found = (figure, target);
        } else {
            lo = mid;
            lo_found = (figure, target);
        }
    }
    Ok(Solution {
        target: hi_found.1,
        value: Some(amount(hi)),
        figure_at_value: Some(hi_found.0),
        figure_below: Some(lo_found.0),
        target_below: Some(lo_found.1),
        unreachable: None,
        evaluations,
    })
}

/// The contract year `year` (from 1) of `scenario` as month indices.
///
/// # Errors
/// A year outside the horizon.
pub fn year_months(scenario: &Scenario, year: u32) -> Result<std::ops::Range<usize>, String> {
    let months = figures::months(scenario);
    let years = months.div_ceil(12);
    let y = usize::try_from(year).unwrap_or(usize::MAX);
    if y == 0 || y > years {
        return Err(format!(
            "--year {year}: the scenario's {months} months make {years} contract year(s), 1 to {years}"
        ));
    }
    Ok(12 * (y - 1)..(12 * y).min(months))
}

/// One parameter of a tornado: its low and high values and every result line's total at each.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoRow {
    /// The parameter.
    pub param: Param,
    /// Its path with names.
    pub name: String,
    /// Its value at the low end.
    pub low_value: Value,
    /// Its value at the high end.
    pub high_value: Value,
    /// Every result line's total (the plans', then the transitions') at the low value (`None`
    /// when that value fails validation).
    pub low: Option<Vec<Decimal>>,
    /// Every result line's total at the high value.
    pub high: Option<Vec<Decimal>>,
    /// The problems of the low and high scenarios (empty when both are valid).
    pub problems: Vec<Problem>,
}

impl TornadoRow {
    /// How far plan `p`'s total moves: `|high − low|` (`None` with problems).
    #[must_use]
    pub fn swing(&self, p: usize) -> Option<Decimal> {
        let low = self.low.as_ref()?.get(p)?;
        let high = self.high.as_ref()?.get(p)?;
        Some((*high - *low).abs())
    }
}

/// A tornado: every result line's base total and the rows, in the order of the parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    /// The swing `S`.
    pub swing: Decimal,
    /// Every result line's total at the base.
    pub base: Vec<Decimal>,
    /// One row per parameter, in the order given.
    pub rows: Vec<TornadoRow>,
}

impl Tornado {
    /// Plan `p`'s rows ranked: largest swing first (ties in the given order), rows with
    /// problems last.
    #[must_use]
    pub fn ranked(&self, p: usize) -> Vec<&TornadoRow> {
        let mut rows: Vec<&TornadoRow> = self.rows.iter().collect();
        rows.sort_by(|a, b| match (a.swing(p), b.swing(p)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        rows
    }
}

/// The parameters a tornado varies by default: per profile its volume, growth, where the AI's
/// involvement and resolution rate end up, and its seats rule; per plan every usage price (per
/// unit or package) and every fee; per transition its launch, grandfathering, contract length and
/// every churn point's share.
#[must_use]
pub fn default_tornado_params(scenario: &Scenario) -> Vec<Param> {
    let mut params = Vec::new();
    for (a, account) in scenario.accounts.iter().enumerate() {
        let one = Profiles::One(a);
        params.extend([
            Param::Account(one, AccountField::Conversations),
            Param::Account(one, AccountField::Growth),
            Param::Account(one, AccountField::AiInvolvement(RampField::End)),
            Param::Account(one, AccountField::ResolutionRate(RampField::End)),
            Param::Account(
                one,
                match account.seats {
                    Seats::Staffed { .. } => AccountField::ConversationsPerSeat,
                    Seats::Fixed(_) => AccountField::FixedSeats,
                },
            ),
        ]);
    }
    for (p, plan) in scenario.plans.iter().enumerate() {
        for (c, charge) in plan.charges.iter().enumerate() {
            match charge {
                Charge::Usage { price: Price::PerUnit(_) | Price::Package { .. }, .. } => {
                    params.push(Param::Plan(p, PlanField::Price(c)));
                }
                Charge::Fee { .. } => params.push(Param::Plan(p, PlanField::FeeAmount(c))),
                Charge::Usage { .. } => {}
            }
        }
    }
    for (t, transition) in scenario.transitions.iter().enumerate() {
        params.extend(
            [TransitionField::Launch, TransitionField::Grandfather, TransitionField::RenewalMonths]
                .into_iter()
                .chain((0..transition.churn.len()).map(TransitionField::ChurnShare))
                .map(|f| Param::Transition(t, f)),
        );
    }
    params
}

/// `x × factor` for a tornado's low or high end: the factor and the product computed as the
/// kind is (exact decimals, or `f64`), then brought to the kind; a ramp's end capped at 1.
fn scaled(param: Param, x: Value, swing: Decimal, up: bool) -> Value {
    let value = match x {
        Value::Real(r) => {
            let s = Value::of_decimal(Kind::Real, swing).as_f64();
            Value::Real(r * if up { 1.0 + s } else { 1.0 - s })
        }
        Value::Whole(d) | Value::Decimal(d) => {
            let factor = if up { Decimal::ONE + swing } else { Decimal::ONE - swing };
            Value::of_decimal(param.kind(), d.checked_mul(factor).unwrap_or(Decimal::MAX))
        }
    };
    match value {
        Value::Real(r) if param.is_ramp_end() && r > 1.0 => Value::Real(1.0),
        v => v,
    }
}

/// Each of `params` set to its base value × (1 − `swing`) and × (1 + `swing`), everything else
/// at its base, with every result line's total at each end. A parameter of every profile
/// (`accounts[*]`) scales each profile's own value; its row's values are the first profile's.
///
/// # Errors
/// [`Error::Invalid`] when the scenario itself is invalid; [`Error::Cancelled`].
pub fn tornado(
    scenario: &Scenario,
    params: &[Param],
    swing: Decimal,
    progress: &dyn Progress,
) -> Result<Tornado, Error> {
    let work = tornado_work(scenario, params);
    if work > MAX_TORNADO_WORK {
        return Err(Error::TooLarge { params: params.len(), work, limit: MAX_TORNADO_WORK });
    }
    let base = Base::new(scenario).map_err(Error::Invalid)?;
    let total = params.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    let rows = params
        .par_iter()
        .map(|&param| {
            if progress.cancelled() {
                return Err(Error::Cancelled);
            }
            let x = param.get(scenario).unwrap_or(Value::Real(0.0));
            let (low_value, high_value) = (scaled(param, x, swing, false), scaled(param, x, swing, true));
            let mut problems = Vec::new();
            let mut totals = |value: Value, up: bool| {
                // Every profile at once: each scaled from its own value.
                // One profile: simulated on its own, the rest of the portfolio is the base's.
                if let Param::Account(Profiles::One(a), field) = param
                    && field != AccountField::Count
                {
                    let name = param.name(scenario);
                    let out_of_range = |what: &str| format!("{value} is not {what}");
                    let totals = base.totals_with_profile(a, &name, |account| {
                        access::set_account(account, field, value, &out_of_range)
                    });
                    return totals.map_err(|p| problems.extend(p)).ok();
                }
                let point = match param {
                    Param::Account(Profiles::All, field) => base.point_with(param, |s| {
                        for a in 0..s.accounts.len() {
                            let one = Param::Account(Profiles::One(a), field);
                            let x = one.get(s).unwrap_or(Value::Real(0.0));
                            one.set(s, scaled(one, x, swing, up))?;
                        }
                        Ok(())
                    }),
                    _ => base.point(param, value),
                };
                let figures = point.and_then(|p| base.figures_at(param, &p).map_err(|e| vec![e]));
                match figures {
                    Ok(f) => Some(f.iter().map(|f| f.total).collect()),
                    Err(p) => {
                        problems.extend(p);
                        None
                    }
                }
            };
            let (low, high) = (totals(low_value, false), totals(high_value, true));
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress.advance(n, total);
            Ok(TornadoRow { param, name: param.name(scenario), low_value, high_value, low, high, problems })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Tornado { swing, base: base.figures.iter().map(|f| f.total).collect(), rows })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod transition_tests;

//! Transitions (docs/semantics.md §8): the book of customers moving from one plan to another,
//! cohort by cohort at their renewals (or all at once), some of them leaving when their bill
//! rises.
//!
//! Each profile's accounts are split into cohorts by renewal ([`cohorts`]); each cohort moves in
//! its month `s` ([`move_month`]), is billed under `from` before it (the plan's own bills) and
//! under `to` from it as a new contract — the usage from `s` on billed as months `0..`, so that
//! `to`'s terms count from the move ([`billing::monthly_bills`]) — keeping `kept` of its accounts
//! ([`churn_share`], [`kept`]). The break-even churn is searched over the bills once computed
//! ([`break_even`]).

mod break_even;
#[cfg(test)]
mod tests;

use super::billing;
use super::simulate::{AccountBill, AccountUsage, Line, PlanOutcome};
use crate::model::money::round2;
use crate::model::{ChurnPoint, MoveAt, Plan, Problem, Scenario, Transition};
pub use break_even::{BreakEven, break_even};
use rust_decimal::Decimal;

/// One transition's results: a result line like a plan's, and how the accounts moved.
#[derive(Debug, Clone, PartialEq)]
pub struct TransitionOutcome {
    /// As a plan's: the transition's name, its portfolio bill each month and over the horizon,
    /// its margin (against its own cost), the customers' support cost, and per profile one
    /// account's expected bill (the profile's bill over its count), whose two lines are what
    /// its accounts still on `from` pay and what those moved to `to` pay.
    pub line: PlanOutcome,
    /// The plan customers leave.
    pub from: String,
    /// The plan they move to.
    pub to: String,
    /// The vendor's cost each month of serving the accounts still there.
    pub cost: Vec<Decimal>,
    /// Accounts still on `from` each month.
    pub on_from: Vec<Decimal>,
    /// Accounts moved to `to` and still there each month (expected, 2 decimals).
    pub moved: Vec<Decimal>,
    /// Accounts lost each month (expected, 2 decimals): the accounts less the two above.
    pub lost: Vec<Decimal>,
    /// The largest share leaving at every move (steps of 0.0001) at which the transition still
    /// bills at least `from`'s total; `None` when even no churn bills less.
    pub break_even_churn: Option<Decimal>,
}

/// A cohort: accounts of one profile renewing together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cohort {
    /// How many accounts.
    pub accounts: u64,
    /// The month index of its first renewal; the later ones follow every `renewal_months`.
    pub renewal: u64,
}

/// A profile's `count` accounts split into cohorts (docs/semantics.md §8.1): one cohort renewing
/// from month `k` when the profile says `renewal: Some(k)`; else `r = renewal_months` cohorts
/// `c = 0 .. r-1` of `floor(count / r)` accounts, one more for each `c < count mod r`, cohort `c`
/// renewing from month `c`. Cohorts of no account are left out.
///
/// # Example
/// ```
/// use pricelab::engine::transition::{Cohort, cohorts};
/// let c = cohorts(14, None, 12);
/// assert_eq!(c.len(), 12);
/// assert_eq!((c[0], c[2]), (Cohort { accounts: 2, renewal: 0 }, Cohort { accounts: 1, renewal: 2 }));
/// assert_eq!(cohorts(5, Some(3), 12), [Cohort { accounts: 5, renewal: 3 }]);
/// assert_eq!(cohorts(2, None, 12).len(), 2);
/// ```
#[must_use]
pub fn cohorts(count: u64, renewal: Option<u32>, renewal_months: u32) -> Vec<Cohort> {
    if let Some(k) = renewal {
        return if count == 0 { Vec::new() } else { vec![Cohort { accounts: count, renewal: u64::from(k) }] };
    }
    let r = u64::from(renewal_months.max(1));
    (0..r.min(count))
        .map(|c| Cohort { accounts: count / r + u64::from(c < count % r), renewal: c })
        .filter(|c| c.accounts > 0)
        .collect()
}

/// The month a cohort moves (docs/semantics.md §8.2): `launch + grandfather` when moving at
/// launch; else its first renewal in or after that month. It never moves when this is at or past
/// the horizon.
///
/// # Example
/// ```
/// use pricelab::engine::transition::{Cohort, move_month};
/// use pricelab::model::{MoveAt, Transition};
/// let t = Transition { launch: 6, grandfather: 2, ..Transition::default() };
/// let cohort = |renewal| Cohort { accounts: 1, renewal };
/// assert_eq!(move_month(&t, cohort(3)), 15); // renewals 3, 15, …: the first from month 8
/// assert_eq!(move_month(&t, cohort(8)), 8);
/// assert_eq!(move_month(&t, cohort(20)), 20);
/// assert_eq!(move_month(&Transition { at: MoveAt::Launch, ..t }, cohort(3)), 8);
/// ```
#[must_use]
pub fn move_month(t: &Transition, cohort: Cohort) -> u64 {
    let from = u64::from(t.launch) + u64::from(t.grandfather);
    match t.at {
        MoveAt::Launch => from,
        MoveAt::Renewal => {
            let k = cohort.renewal;
            if k >= from {
                k
            } else {
                let r = u64::from(t.renewal_months.max(1));
                k + (from - k).div_ceil(r) * r
            }
        }
    }
}

/// A total as the nearest `f64` (its decimal digits read as a number: correctly rounded).
fn to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(f64::NAN)
}

/// The increase of a cohort's bill (docs/semantics.md §8.3): `(to − from) / from` in `f64` from
/// the two totals; when `from` is 0, `+inf` if `to` is above 0, else 0.
///
/// # Example
/// ```
/// use pricelab::engine::transition::increase;
/// use rust_decimal::Decimal;
/// assert_eq!(increase(Decimal::new(120, 0), Decimal::new(100, 0)), 0.2);
/// assert_eq!(increase(Decimal::ONE, Decimal::ZERO), f64::INFINITY);
/// assert_eq!(increase(Decimal::ZERO, Decimal::ZERO), 0.0);
/// ```
#[must_use]
pub fn increase(to: Decimal, from: Decimal) -> f64 {
    if from.is_zero() {
        return if to > Decimal::ZERO { f64::INFINITY } else { 0.0 };
    }
    let (to, from) = (to_f64(to), to_f64(from));
    (to - from) / from
}

/// The share of a cohort that leaves at increase `x` (docs/semantics.md §8.3): 0 for `x ≤ 0`;
/// on the polyline through `(0, 0)` and the points, `s0 + (s1 − s0) × (x − x0) / (x1 − x0)`
/// between two of them (a point's own share at its increase); the last point's share beyond it.
///
/// # Example
/// ```
/// use pricelab::engine::transition::churn_share;
/// use pricelab::model::ChurnPoint;
/// let curve = [ChurnPoint { increase: 0.10, share: 0.02 }, ChurnPoint { increase: 0.50, share: 0.20 }];
/// assert_eq!(churn_share(&curve, -0.3), 0.0);
/// assert_eq!(churn_share(&curve, 0.05), 0.01);
/// assert_eq!(churn_share(&curve, 0.10), 0.02);
/// assert!((churn_share(&curve, 0.30) - 0.11).abs() < 1e-15);
/// assert_eq!(churn_share(&curve, f64::INFINITY), 0.20);
/// assert_eq!(churn_share(&[], 5.0), 0.0);
/// ```
#[must_use]
pub fn churn_share(churn: &[ChurnPoint], x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 0.0;
    }
    let (mut x0, mut s0) = (0.0, 0.0);
    for p in churn {
        #[allow(clippy::float_cmp)] // at a point exactly: its own share
        if x == p.increase {
            return p.share;
        }
        if x < p.increase {
            return s0 + (p.share - s0) * (x - x0) / (p.increase - x0);
        }
        (x0, s0) = (p.increase, p.share);
    }
    s0
}

/// The share of a cohort's accounts it keeps: `round6(1 − share)`, halves away from zero, in
/// decimals, the share taken as the decimal its shortest `f64` form writes (docs/semantics.md
/// §8.3).
///
/// # Example
/// ```
/// use pricelab::engine::transition::kept;
/// assert_eq!(kept(0.02).to_string(), "0.980000");
/// assert_eq!(kept(0.11000000000000001).to_string(), "0.890000");
/// assert_eq!(kept(0.0000005).to_string(), "1.000000");
/// assert_eq!(kept(1.0).to_string(), "0.000000");
/// ```
#[must_use]
pub fn kept(share: f64) -> Decimal {
    let share = if share.is_finite() { share.clamp(0.0, 1.0) } else { 0.0 };
    // Below 5e-7 the share rounds away whatever its digits: 1 is kept.
    let share: Decimal = if share < 5e-7 { Decimal::ZERO } else { share.to_string().parse().unwrap_or_default() };
    let mut kept =
        (Decimal::ONE - share).round_dp_with_strategy(6, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    kept.rescale(6);
    kept
}

/// The months of the comparison of a cohort's two bills: twelve from its move.
pub const COMPARED_MONTHS: usize = 12;

/// What one profile brings under a transition, month by month.
struct ProfileParts {
    /// What its accounts still on `from` pay.
    on_from: Vec<Decimal>,
    /// What its moved accounts pay: each cohort's `round2(accounts × kept × bill)`, added up.
    moved: Vec<Decimal>,
    /// Accounts still on `from`.
    accounts_on_from: Vec<u64>,
    /// Accounts moved and kept (expected, exact).
    accounts_moved: Vec<Decimal>,
    /// The cohorts: accounts, move month, kept share, and `to`'s bills from the move.
    cohorts: Vec<(u64, usize, Decimal, std::rc::Rc<Vec<Decimal>>)>,
}

/// Bills one profile of `count` accounts (its usage and `from`'s bills of one account) under
/// the transition; `None` when an amount is too large.
fn profile_parts(
    t: &Transition,
    to: &crate::model::Plan,
    count: u64,
    renewal: Option<u32>,
    usage: &[crate::engine::usage::MonthUsage],
    from_bills: &[Decimal],
) -> Option<ProfileParts> {
    let n = usage.len();
    let mut parts = ProfileParts {
        on_from: vec![Decimal::ZERO; n],
        moved: vec![Decimal::ZERO; n],
        accounts_on_from: vec![0; n],
        accounts_moved: vec![Decimal::ZERO; n],
        cohorts: Vec::new(),
    };
    // `to`'s bills from each move month, computed once per month.
    let mut to_bills: Vec<(usize, std::rc::Rc<Vec<Decimal>>)> = Vec::new();
    for cohort in cohorts(count, renewal, t.renewal_months) {
        let accounts = Decimal::from(cohort.accounts);
        let s = usize::try_from(move_month(t, cohort)).unwrap_or(usize::MAX).min(n);
        for m in 0..s {
            let paid = accounts.checked_mul(*from_bills.get(m)?)?;
            parts.on_from[m] = parts.on_from[m].checked_add(paid)?;
            parts.accounts_on_from[m] = parts.accounts_on_from[m].checked_add(cohort.accounts)?;
        }
        if s >= n {
            continue;
        }
        let bills = match to_bills.iter().find(|(at, _)| *at == s) {
            Some((_, bills)) => bills.clone(),
            None => {
                let bills = std::rc::Rc::new(billing::monthly_bills(to, usage.get(s..)?)?);
                to_bills.push((s, bills.clone()));
                bills
            }
        };
        let compared = COMPARED_MONTHS.min(n - s);
        let b_to = sum(bills.get(..compared)?)?;
        let b_from = sum(from_bills.get(s..s + compared)?)?;
        let kept = kept(churn_share(&t.churn, increase(b_to, b_from)));
        let weight = accounts.checked_mul(kept)?;
        for (m, bill) in (s..n).zip(bills.iter()) {
            parts.moved[m] = parts.moved[m].checked_add(round2(weight.checked_mul(*bill)?))?;
            parts.accounts_moved[m] = parts.accounts_moved[m].checked_add(weight)?;
        }
        parts.cohorts.push((cohort.accounts, s, kept, bills));
    }
    Some(parts)
}

fn sum(values: &[Decimal]) -> Option<Decimal> {
    values.iter().try_fold(Decimal::ZERO, |a, v| a.checked_add(*v))
}

/// Transition `index` of `scenario` and its two plans.
fn plans_of(scenario: &Scenario, index: usize) -> Result<(&Transition, &Plan, &Plan), Problem> {
    let at = format!("transitions[{index}]");
    let t = scenario.transitions.get(index).ok_or_else(|| Problem::field("transitions", "no such transition"))?;
    let plan = |name: &str, field: &str| {
        scenario
            .plans
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| Problem::field(format!("{at}.{field}"), format!("no plan is named \"{name}\"")))
    };
    Ok((t, plan(&t.from, "from")?, plan(&t.to, "to")?))
}

/// A cohort as the Monte Carlo draws it (docs/semantics.md §8.7): its accounts, the month it
/// moves (the horizon's length when it never does) and the share it keeps at its move, from the
/// deterministic bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CohortMove {
    /// How many accounts.
    pub accounts: u64,
    /// The month index it moves in; the number of months when it never does.
    pub moves: usize,
    /// The share of its accounts it keeps (6 decimals; 1 for a cohort that never moves).
    pub kept: Decimal,
}

/// Per profile (in the scenario's order), the cohorts of transition `index` of a valid
/// `scenario` in the order of [`cohorts`], with their move months and the shares they keep, as
/// the deterministic simulation finds them on the profiles' `usage` (one account of each): what
/// the Monte Carlo draws each trial's kept accounts from. A profile of no accounts has none.
///
/// # Errors
/// As [`simulate_transition`].
pub fn cohort_moves(
    scenario: &Scenario,
    index: usize,
    usage: &[AccountUsage],
) -> Result<Vec<Vec<CohortMove>>, Problem> {
    let (t, from, to) = plans_of(scenario, index)?;
    let n = usize::try_from(scenario.months).unwrap_or(0);
    let too_large = |name: &str| {
        Problem::field(
            format!("transitions[{index}]"),
            format!("\"{}\": the bill of \"{name}\" is too large to compute", t.name),
        )
    };
    let mut profiles = Vec::with_capacity(usage.len());
    for (a, u) in scenario.accounts.iter().zip(usage) {
        if a.count == 0 {
            profiles.push(Vec::new());
            continue;
        }
        let from_bills = billing::monthly_bills(from, &u.months).ok_or_else(|| too_large(&u.name))?;
        let parts =
            profile_parts(t, to, a.count, a.renewal, &u.months, &from_bills).ok_or_else(|| too_large(&u.name))?;
        // `profile_parts` keeps the cohorts that move, in order: their kept shares.
        let mut moving = parts.cohorts.iter();
        let mut moves = Vec::new();
        for cohort in cohorts(a.count, a.renewal, t.renewal_months) {
            let s = usize::try_from(move_month(t, cohort)).unwrap_or(usize::MAX).min(n);
            let kept = if s < n { moving.next().map_or(Decimal::ONE, |c| c.2) } else { Decimal::ONE };
            moves.push(CohortMove { accounts: cohort.accounts, moves: s, kept });
        }
        profiles.push(moves);
    }
    Ok(profiles)
}

/// Simulates transition `index` of a valid `scenario` (docs/semantics.md §8) on the profiles'
/// `usage` (one account of each, in the scenario's order).
///
/// # Errors
/// A problem of the transition when `from` or `to` is not a plan, or an amount is too large.
pub fn simulate_transition(
    scenario: &Scenario,
    index: usize,
    usage: &[AccountUsage],
) -> Result<TransitionOutcome, Problem> {
    let months = usize::try_from(scenario.months).unwrap_or(0);
    simulate_transition_of(scenario, index, &scenario.accounts, usage, months)
}

/// Simulates transition `index` of a valid `scenario` over some of its profiles, `profiles`
/// (with their `usage`, in the same order), as if the horizon were `months` months (at most
/// the usage's): a profile's part of the transition depends on that profile alone, so one
/// profile's part of the whole is its part here (an analysis changing one profile), and a
/// backtest bills its recorded months only.
///
/// # Errors
/// As [`simulate_transition`].
pub fn simulate_transition_of(
    scenario: &Scenario,
    index: usize,
    profiles: &[crate::model::Account],
    usage: &[AccountUsage],
    months: usize,
) -> Result<TransitionOutcome, Problem> {
    let (t, from, to) = plans_of(scenario, index)?;
    let at = format!("transitions[{index}]");
    let too_large = |what: &str| Problem::field(at.clone(), format!("\"{}\": {what} is too large to compute", t.name));
    let n = usage.iter().map(|u| u.months.len()).fold(months, usize::min);
    let per_ai = scenario.costs.per_ai_conversation;
    let mut billed = vec![Decimal::ZERO; n];
    let mut support_cost = vec![Decimal::ZERO; n];
    let mut cost = vec![Decimal::ZERO; n];
    let mut on_from = vec![Decimal::ZERO; n];
    let mut moved = vec![Decimal::ZERO; n];
    let mut accounts = Decimal::ZERO;
    let mut search = BreakEven::default();
    let mut bills = Vec::with_capacity(usage.len());
    for (a, u) in profiles.iter().zip(usage) {
        let months = u.months.get(..n).unwrap_or_default();
        let from_bills =
            billing::monthly_bills(from, months).ok_or_else(|| too_large(&format!("\"{}\"'s bill", u.name)))?;
        let profile = || too_large(&format!("the bill of \"{}\"", u.name));
        // A profile of no accounts adds nothing; its one account's bill is shown as for one.
        let parts = profile_parts(t, to, a.count.max(1), a.renewal, months, &from_bills).ok_or_else(profile)?;
        bills.push(account_bill(&a.name, a.count, &from.name, &to.name, &parts).ok_or_else(profile)?);
        if a.count == 0 {
            continue;
        }
        accounts += Decimal::from(a.count);
        for (m, u) in months.iter().enumerate() {
            let paid = parts.on_from[m].checked_add(parts.moved[m]).ok_or_else(profile)?;
            billed[m] = billed[m].checked_add(paid).ok_or_else(profile)?;
            let staying = Decimal::from(parts.accounts_on_from[m]).checked_add(parts.accounts_moved[m]);
            let support = staying
                .and_then(|s| s.checked_mul(Decimal::from(u.seats)))
                .and_then(|s| s.checked_mul(a.agent_cost))
                .and_then(|s| s.checked_add(paid))
                .ok_or_else(profile)?;
            support_cost[m] = support_cost[m].checked_add(support).ok_or_else(profile)?;
            let served = staying
                .and_then(|s| s.checked_mul(Decimal::from(u.ai_conversations)))
                .and_then(|s| s.checked_mul(per_ai))
                .ok_or_else(|| too_large("the vendor's cost"))?;
            cost[m] = cost[m].checked_add(served).ok_or_else(|| too_large("the vendor's cost"))?;
            on_from[m] += Decimal::from(parts.accounts_on_from[m]);
            moved[m] = moved[m].checked_add(parts.accounts_moved[m]).ok_or_else(profile)?;
        }
        search.add_profile(&parts.cohorts, &from_bills).ok_or_else(profile)?;
    }
    let cost: Vec<Decimal> = cost.into_iter().map(round2).collect();
    let total = sum(&billed).ok_or_else(|| too_large("the total"))?;
    let margin = sum(&cost).and_then(|c| total.checked_sub(c)).ok_or_else(|| too_large("the margin"))?;
    let moved: Vec<Decimal> = moved.into_iter().map(round2).collect();
    let lost = on_from.iter().zip(&moved).map(|(f, m)| accounts - f - m).collect();
    Ok(TransitionOutcome {
        line: PlanOutcome { name: t.name.clone(), billed, total, margin, support_cost, accounts: bills },
        from: from.name.clone(),
        to: to.name.clone(),
        cost,
        on_from,
        moved,
        lost,
        break_even_churn: break_even(&search),
    })
}

/// One account's expected bill of a profile: its bill over its count, in two lines — what is
/// paid under `from` and what under `to`. Each figure is one division of the profile's exact
/// figure (the bill, not its lines' quotients, is divided).
fn account_bill(name: &str, count: u64, from: &str, to: &str, parts: &ProfileParts) -> Option<AccountBill> {
    let divisor = Decimal::from(count.max(1));
    let each = |v: &[Decimal]| v.iter().map(|x| x.checked_div(divisor)).collect::<Option<Vec<_>>>();
    let profile: Vec<Decimal> =
        parts.on_from.iter().zip(&parts.moved).map(|(a, b)| a.checked_add(*b)).collect::<Option<_>>()?;
    Some(AccountBill {
        name: name.to_owned(),
        count,
        total: sum(&profile)?.checked_div(divisor)?,
        billed: each(&profile)?,
        lines: vec![
            Line { name: from.to_owned(), billed: each(&parts.on_from)? },
            Line { name: to.to_owned(), billed: each(&parts.moved)? },
        ],
    })
}

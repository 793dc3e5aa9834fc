//! The sentences of a quote: what its figures say (each checked against them) and the
//! customer's assumptions.

use crate::engine::quote::{PlanQuote, Quote, YearOver};
use crate::model::money::{grouped, grouped_count as count};
use crate::model::{Commitment, Ramp, Seats};
use rust_decimal::Decimal;

/// `n` and the noun, singular or plural: "1 seat", "25 seats".
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// Names joined as a person lists them: "A", "A and B", "A, B and C".
fn listed(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A chance (0 to 1) in whole percent, never rounded to a certainty it is not: `<1%` above 0 and
/// below 1%, `>99%` above 99% and below 100%.
#[must_use]
pub fn chance(x: Decimal) -> String {
    let pct = x * Decimal::ONE_HUNDRED;
    if pct > Decimal::ZERO && pct < Decimal::ONE {
        "<1%".to_owned()
    } else if pct < Decimal::ONE_HUNDRED && pct > Decimal::from(99) {
        ">99%".to_owned()
    } else {
        format!("{}%", pct.round_dp(0))
    }
}

/// A contract year against the budget, as the proposal and the Quote tab state it: the chance
/// that a month's bill is over it and the months expected over it (whole months without trials:
/// they are counted, not expected).
#[must_use]
pub fn year_over_budget(over: &YearOver, trials: u64) -> String {
    let months = if trials == 0 {
        let n = over.months.round_dp(0);
        if n == Decimal::ONE { "1 month".to_owned() } else { format!("{n} months") }
    } else if over.months > Decimal::ZERO && over.months < Decimal::new(5, 2) {
        "<0.1 months".to_owned()
    } else {
        format!("{:.1} months", over.months.round_dp(1))
    };
    format!("{} · {months}", chance(over.chance))
}

/// A percentage with two decimals: `16.59%`, `9.20%`.
#[must_use]
pub fn percent(x: Decimal) -> String {
    format!("{}%", crate::model::money::cents(x))
}

/// How the team's seats move, true of them: the first contract year's average against the
/// last's (a seasonal team's first and last months say little), why when the usage says why,
/// and the range along the way.
fn team_finding(q: &Quote) -> String {
    let (low, high) = (q.seats.iter().copied().min().unwrap_or(0), q.seats.iter().copied().max().unwrap_or(0));
    if low == high {
        return format!("Your team stays at {} throughout the contract.", counted(low, "seat", "seats"));
    }
    let average = |months: &std::ops::Range<usize>| {
        let seats = q.seats.get(months.clone()).unwrap_or_default();
        let n = u64::try_from(seats.len()).unwrap_or(1).max(1);
        // Rounded to the nearest seat, halves up.
        (seats.iter().sum::<u64>() * 2 + n) / (2 * n)
    };
    let (Some(first_year), Some(last_year)) = (q.years.first(), q.years.last()) else { return String::new() };
    let range = format!("between {} and {} seats along the way", count(low), count(high));
    if q.years.len() < 2 {
        return format!(
            "Your team has {} seats on average over the contract, {range}.",
            count(average(&first_year.months))
        );
    }
    let (a, b) = (average(&first_year.months), average(&last_year.months));
    let last = if last_year.months.len() == 1 {
        "in the last month".to_owned()
    } else if last_year.months.len() < 12 {
        format!("in the last {} months", last_year.months.len())
    } else {
        "in the last year".to_owned()
    };
    // The share of conversations the AI resolves, and the conversations, in a year.
    let year = |months: &std::ops::Range<usize>| {
        let conversations: u64 = q.conversations.get(months.clone()).unwrap_or_default().iter().sum();
        let resolutions: u64 = q.resolutions.get(months.clone()).unwrap_or_default().iter().sum();
        #[allow(clippy::cast_precision_loss)] // a share, to the percent
        let share = (conversations > 0).then(|| (resolutions as f64 / conversations as f64 * 100.0).round());
        (conversations, share)
    };
    let ((volume_first, resolved_first), (volume_last, resolved_last)) =
        (year(&first_year.months), year(&last_year.months));
    match b.cmp(&a) {
        std::cmp::Ordering::Less => {
            let why = match (resolved_first, resolved_last) {
                (Some(x), Some(y)) if y > x => format!(
                    ", as the AI agent resolves more of your conversations ({x:.0}% in the first year, {y:.0}% {last})"
                ),
                _ => String::new(),
            };
            format!(
                "Your team goes down from {} seats on average in the first year to {} {last}{why}; {range}.",
                count(a),
                count(b)
            )
        }
        std::cmp::Ordering::Greater => {
            let why = if volume_last > volume_first { ", as your volume grows" } else { "" };
            format!(
                "Your team grows from {} seats on average in the first year to {} {last}{why}; {range}.",
                count(a),
                count(b)
            )
        }
        std::cmp::Ordering::Equal => {
            format!("Your team averages {} seats in the first year and {last}; {range}.", count(a))
        }
    }
}

/// What the figures say, each sentence true of them: how the team's seats move, and which
/// offered plans cost less or more than the baseline.
#[must_use]
pub fn findings(q: &Quote) -> Vec<String> {
    let mut out = vec![team_finding(q)];
    let base = q.baseline.name.as_str();
    let others: Vec<&PlanQuote> = q.plans.iter().filter(|p| p.name != base).collect();
    // "Every plan offered" when the baseline is not offered, "every other plan" when it is.
    let every = if others.len() < q.plans.len() { "Every other plan offered" } else { "Every plan offered" };
    let cur = q.currency.as_str();
    let amount = |p: &PlanQuote| format!("{cur} {}", grouped(p.saving.abs()));
    let share = |p: &PlanQuote| {
        p.saving_pct.map(|x| format!(" ({} of your bill under {base})", percent(x.abs()))).unwrap_or_default()
    };
    let less: Vec<&PlanQuote> = others.iter().copied().filter(|p| p.saving > Decimal::ZERO).collect();
    let more: Vec<&PlanQuote> = others.iter().copied().filter(|p| p.saving < Decimal::ZERO).collect();
    let same: Vec<&PlanQuote> = others.iter().copied().filter(|p| p.saving.is_zero()).collect();
    let names = |ps: &[&PlanQuote]| listed(&ps.iter().map(|p| p.name.as_str()).collect::<Vec<_>>());
    let verb = |ps: &[&PlanQuote]| if ps.len() == 1 { "costs" } else { "cost" };
    let over = format!("over {}", contract_words(q.months.len()));
    let mut clauses = Vec::new();
    match (less.as_slice(), more.as_slice(), same.is_empty()) {
        ([], [], _) if others.is_empty() => {}
        ([one], [], true) => {
            clauses.push(format!("{} costs you {} less than {base} {over}{}", one.name, amount(one), share(one)));
        }
        ([], [one], true) => {
            clauses.push(format!("{} costs you {} more than {base} {over}{}", one.name, amount(one), share(one)));
        }
        (all, [], true) if all.len() > 1 => {
            if let Some(best) = all.iter().max_by_key(|p| p.saving) {
                clauses.push(format!(
                    "{every} costs you less than {base} {over}; the most you save is {} with {}{}",
                    amount(best),
                    best.name,
                    share(best)
                ));
            }
        }
        ([], all, true) if all.len() > 1 => {
            if let Some(least) = all.iter().max_by_key(|p| p.saving) {
                clauses.push(format!(
                    "{every} costs you more than {base} {over}; the smallest increase is {} with {}{}",
                    amount(least),
                    least.name,
                    share(least)
                ));
            }
        }
        (less, more, _) => {
            if !less.is_empty() {
                clauses.push(format!("{} {} you less than {base} {over}", names(less), verb(less)));
            }
            if !more.is_empty() {
                let than = if less.is_empty() { format!(" than {base} {over}") } else { String::new() };
                clauses.push(format!("{} {} more{than}", names(more), verb(more)));
            }
            if !same.is_empty() {
                let what =
                    if less.is_empty() && more.is_empty() { format!(" as {base} {over}") } else { String::new() };
                clauses.push(format!("{} {} the same{what}", names(&same), verb(&same)));
            }
        }
    }
    if !clauses.is_empty() {
        out.push(format!("{}.", clauses.join("; ")));
    }
    if !q.agent_cost.is_zero() {
        out.push(format!(
            "Counting what your team costs you ({cur} {} a month per agent), your total cost of support under {base} is {cur} {} {over}.",
            grouped(q.agent_cost),
            grouped(q.baseline.support_total)
        ));
    }
    out
}

/// A contract's length in words: "the 3 years", "the 13 months", "the month".
#[must_use]
pub fn contract_words(months: usize) -> String {
    match months {
        1 => "the month".to_owned(),
        12 => "the year".to_owned(),
        n if n.is_multiple_of(12) => format!("the {} years", n / 12),
        n => format!("the {n} months"),
    }
}

/// The customer's assumptions in plain sentences, and what the contract's length does to the
/// commitments of the plans offered.
#[must_use]
pub fn assumptions(q: &Quote) -> Vec<String> {
    let a = &q.account;
    let start = q.months.first().map(ToString::to_string).unwrap_or_default();
    let contract = u32::try_from(q.months.len()).unwrap_or(u32::MAX);
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let mut out = vec![format!(
        "About {} conversations a month as the contract starts ({}), {} a year{}.",
        thousands(a.conversations),
        start,
        if a.growth >= 0.0 { format!("growing {}", pct(a.growth)) } else { format!("shrinking {}", pct(-a.growth)) },
        if a.seasonality.iter().any(|s| (s - 1.0).abs() > 0.05) { ", busier in some months than others" } else { "" }
    )];
    // A ramp as its value and, when it moves, how: ("50%", " at the start, rising to 90% over 18 months").
    let ramp = |r: &Ramp| {
        if r.months == 0 || (r.start - r.end).abs() < 1e-9 {
            (pct(r.end), String::new())
        } else {
            let way = if r.end > r.start { "rising" } else { "falling" };
            (pct(r.start), format!(" at the start, {way} to {} over {} months", pct(r.end), r.months))
        }
    };
    let (involved, involved_moves) = ramp(&a.ai_involvement);
    let (resolves, resolves_moves) = ramp(&a.resolution_rate);
    let comma = if involved_moves.is_empty() { "" } else { "," };
    out.push(format!(
        "The AI agent takes part in {involved} of conversations{involved_moves}{comma} and resolves {resolves} of those{resolves_moves}."
    ));
    out.push(team_sentence(&a.seats));
    if let Some(months) = q.recorded_months {
        out.push(format!(
            "{} the customer's recorded usage.",
            if months == 1 { "The first month is".to_owned() } else { format!("The first {months} months are") }
        ));
    }
    for plan in q.plans.iter().map(|p| &p.plan) {
        for c in plan.commitments.iter().filter(|c| !matches!(c, Commitment::Cap { .. })) {
            let term = c.term_months().max(1);
            if !contract.is_multiple_of(term) {
                out.push(format!(
                    "{} of {} runs in terms of {}; this contract of {} ends inside one, and its figures count only the contract's months.",
                    c.name(),
                    plan.name,
                    counted(u64::from(term), "month", "months"),
                    counted(u64::from(contract), "month", "months")
                ));
            }
        }
    }
    if q.trials > 0 {
        out.push(format!(
            "Ranges (P10–P90) come from {} simulated futures of varying volume and AI performance.",
            count(q.trials)
        ));
    }
    out
}

/// How the team is staffed, in a sentence.
#[must_use]
pub fn team_sentence(seats: &Seats) -> String {
    match *seats {
        Seats::Fixed(n) => format!("The team keeps {} throughout.", counted(n, "seat", "seats")),
        Seats::Staffed { start, conversations_per_seat, minimum, term_months } => format!(
            "The team starts at {} and is re-sized every {} to the busiest month's conversations the AI leaves to people ({} per seat{}).",
            counted(start, "seat", "seats"),
            if term_months == 1 { "month".to_owned() } else { format!("{term_months} months") },
            thousands(conversations_per_seat),
            if minimum == 0 { String::new() } else { format!(", at least {}", counted(minimum, "seat", "seats")) }
        ),
    }
}

/// A quantity rounded to a whole number, with thousands separators.
fn thousands(x: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // rounded, non-negative, small
    let n = x.max(0.0).round() as u128;
    count(n)
}

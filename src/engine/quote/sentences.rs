//! The sentences of a quote: what its figures say (each checked against them) and the
//! customer's assumptions.

use super::{PlanQuote, Quote};
use crate::engine::usage;
use crate::model::money::{group_digits, grouped};
use crate::model::{Ramp, Scenario, Seats};
use rust_decimal::Decimal;

/// A count with thousands separators.
fn count(n: u64) -> String {
    group_digits(&n.to_string())
}

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

/// A percentage with two decimals: `16.59%`, `9.20%`.
#[must_use]
pub fn percent(x: Decimal) -> String {
    format!("{}%", crate::model::money::cents(x))
}

/// How the team's seats move, true of them: the first contract year's average against the
/// last's (a seasonal team's first and last months say little), why when the usage says why,
/// and the range along the way.
fn team_finding(q: &Quote, usage: &[usage::MonthUsage]) -> String {
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
    let last = if last_year.months.len() < 12 {
        format!("in the last {} months", last_year.months.len())
    } else {
        "in the last year".to_owned()
    };
    // The share of conversations the AI resolves, and the conversations, in a year.
    let year = |months: &std::ops::Range<usize>| {
        let u = usage.get(months.clone()).unwrap_or_default();
        let conversations: u64 = u.iter().map(|u| u.conversations).sum();
        let resolutions: u64 = u.iter().map(|u| u.resolutions).sum();
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
pub(super) fn findings(q: &Quote, usage: &[usage::MonthUsage]) -> Vec<String> {
    let mut out = vec![team_finding(q, usage)];
    let months = q.months.len();
    let base = q.baseline.name.as_str();
    let others: Vec<&PlanQuote> = q.plans.iter().filter(|p| p.name != base).collect();
    let cur = q.currency.as_str();
    let amount = |p: &PlanQuote| format!("{cur} {}", grouped(p.saving.abs()));
    let share = |p: &PlanQuote| {
        p.saving_pct.map(|x| format!(" ({} of your bill under {base})", percent(x.abs()))).unwrap_or_default()
    };
    let less: Vec<&PlanQuote> = others.iter().copied().filter(|p| p.saving > Decimal::ZERO).collect();
    let more: Vec<&PlanQuote> = others.iter().copied().filter(|p| p.saving < Decimal::ZERO).collect();
    let same: Vec<&PlanQuote> = others.iter().copied().filter(|p| p.saving.is_zero()).collect();
    let names = |ps: &[&PlanQuote]| listed(&ps.iter().map(|p| p.name.as_str()).collect::<Vec<_>>());
    let over = format!("over the {months} months");
    match (less.as_slice(), more.as_slice()) {
        ([], []) if others.is_empty() => {}
        ([], []) => out.push(format!(
            "{} cost{} the same as {base} {over}.",
            names(&same),
            if same.len() == 1 { "s" } else { "" }
        )),
        ([one], []) => {
            out.push(format!("{} costs you {} less than {base} {over}{}.", one.name, amount(one), share(one)));
        }
        (all, []) => {
            let best = all.iter().max_by_key(|p| p.saving).copied();
            if let Some(best) = best {
                out.push(format!(
                    "Every plan offered costs you less than {base} {over}; the most you save is {} with {}{}.",
                    amount(best),
                    best.name,
                    share(best)
                ));
            }
        }
        ([], [one]) => {
            out.push(format!("{} costs you {} more than {base} {over}{}.", one.name, amount(one), share(one)));
        }
        ([], all) => {
            let least = all.iter().max_by_key(|p| p.saving).copied();
            if let Some(least) = least {
                out.push(format!(
                    "Every plan offered costs you more than {base} {over}; the smallest increase is {} with {}{}.",
                    amount(least),
                    least.name,
                    share(least)
                ));
            }
        }
        (less, more) => {
            let verb = |ps: &[&PlanQuote]| if ps.len() == 1 { "costs" } else { "cost" };
            out.push(format!(
                "{} {} you less than {base} {over}; {} {} more.",
                names(less),
                verb(less),
                names(more),
                verb(more)
            ));
        }
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

/// The customer's assumptions in plain sentences.
pub(super) fn assumptions(one: &Scenario) -> Vec<String> {
    let a = &one.accounts[0];
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let mut out = vec![format!(
        "About {} conversations a month as the contract starts ({}), {} a year{}.",
        thousands(a.conversations),
        one.start,
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
    if let Some(h) = one.history.as_ref().and_then(|h| h.recorded.as_ref()) {
        out.push(format!(
            "{} the customer's recorded usage.",
            if h.months == 1 { "The first month is".to_owned() } else { format!("The first {} months are", h.months) }
        ));
    }
    if one.simulation.trials > 0 {
        out.push(format!(
            "Ranges (P10–P90) come from {} simulated futures of varying volume and AI performance.",
            count(one.simulation.trials)
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

/// A number written with thousands separators.
fn thousands(x: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // rounded, non-negative, small
    let n = x.max(0.0).round() as u128;
    group_digits(&n.to_string())
}

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

/// What the figures say, each sentence true of them: how the team's seats move, and which
/// offered plans cost less or more than the baseline.
pub(super) fn findings(q: &Quote, usage: &[usage::MonthUsage]) -> Vec<String> {
    let mut out = Vec::new();
    let (first, last) = q.seats_first_last();
    let (low, high) = (q.seats.iter().copied().min().unwrap_or(0), q.seats.iter().copied().max().unwrap_or(0));
    // The share of conversations the AI resolves, at the start and at the end.
    let resolved = |u: Option<&usage::MonthUsage>| {
        u.filter(|u| u.conversations > 0).map(|u| {
            #[allow(clippy::cast_precision_loss)] // a share, to the percent
            let share = u.resolutions as f64 / u.conversations as f64;
            (share * 100.0).round()
        })
    };
    let (resolved_first, resolved_last) = (resolved(usage.first()), resolved(usage.last()));
    let conversations = |u: Option<&usage::MonthUsage>| u.map_or(0, |u| u.conversations);
    if low == high {
        out.push(format!("Your team stays at {} throughout the contract.", counted(first, "seat", "seats")));
    } else if last < first {
        let why = match (resolved_first, resolved_last) {
            (Some(a), Some(b)) if b > a => {
                format!(
                    ", as the AI agent resolves more of your conversations ({a:.0}% at the start, {b:.0}% at the end)"
                )
            }
            _ => String::new(),
        };
        out.push(format!(
            "Your team goes down from {first} seats to {last} over the contract{why}.",
            first = count(first),
            last = count(last)
        ));
    } else if last > first {
        let why =
            if conversations(usage.last()) > conversations(usage.first()) { ", as your volume grows" } else { "" };
        out.push(format!("Your team grows from {} seats to {} over the contract{why}.", count(first), count(last)));
    } else {
        out.push(format!(
            "Your team has between {} and {} seats over the contract, {} at the start and at the end.",
            count(low),
            count(high),
            count(first)
        ));
    }
    let months = q.months.len();
    let base = q.baseline.name.as_str();
    let others: Vec<&PlanQuote> = q.plans.iter().filter(|p| p.name != base).collect();
    let cur = q.currency.as_str();
    let amount = |p: &PlanQuote| format!("{cur} {}", grouped(p.saving.abs()));
    let share = |p: &PlanQuote| p.saving_pct.map(|x| format!(" ({}% of the bill)", x.abs())).unwrap_or_default();
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
            "Counting your team at {cur} {} a seat a month, your total cost of support under {base} is {cur} {} {over}.",
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
    let ramp = |r: &Ramp| {
        if r.months == 0 || (r.start - r.end).abs() < 1e-9 {
            pct(r.end)
        } else {
            format!(
                "{}, {} to {} over {} months",
                pct(r.start),
                if r.end > r.start { "rising" } else { "falling" },
                pct(r.end),
                r.months
            )
        }
    };
    out.push(format!(
        "The AI agent handles {} of conversations, and resolves {} of those it handles.",
        ramp(&a.ai_involvement),
        ramp(&a.resolution_rate)
    ));
    out.push(team_sentence(&a.seats));
    if let Some(h) = one.history.as_ref().and_then(|h| h.recorded.as_ref()) {
        out.push(format!(
            "The first {} are the customer's recorded usage.",
            if h.months == 1 { "month".to_owned() } else { format!("{} months", h.months) }
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
            "The team starts at {} and is re-sized every {} to the busiest month's conversations the AI leaves to people ({} per seat, at least {}).",
            counted(start, "seat", "seats"),
            if term_months == 1 { "month".to_owned() } else { format!("{term_months} months") },
            thousands(conversations_per_seat),
            counted(minimum, "seat", "seats")
        ),
    }
}

/// A number written with thousands separators.
fn thousands(x: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // rounded, non-negative, small
    let n = x.max(0.0).round() as u128;
    group_digits(&n.to_string())
}

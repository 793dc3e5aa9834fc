//! The terminal table of `pricelab simulate`: per plan, yearly totals, the horizon total, the
//! change against the baseline plan and the effective price per resolution; then the vendor's
//! and the customer's side.

use crate::engine::Outcome;
use crate::engine::compare::{self, PlanSummary};
use crate::engine::monte_carlo::{Budget, MonteCarlo};
use crate::model::Scenario;
use crate::model::money::{grouped, grouped_count as thousands, percent_text as percent, signed, times_text};
use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt::Write as _;

/// Renders the results for a terminal; with Monte Carlo results, the P10–P90 range of each
/// plan's total and margin too, and given a budget, the bill's predictability against it.
pub fn render(scenario: &Scenario, outcome: &Outcome, mc: Option<&MonteCarlo>, budget: Option<&Budget>) -> String {
    let years = compare::years(&outcome.months);
    let mut summary = compare::summarize(outcome);
    // Transitions are result lines after the plans (docs/semantics.md §8), never the baseline.
    summary.extend(compare::summarize_transitions(outcome));
    let usage = compare::usage_totals(outcome, 0..outcome.months.len());
    let instances = scenario.instances();

    let mut out = String::new();
    let first = outcome.months.first().map(ToString::to_string).unwrap_or_default();
    let last = outcome.months.last().map(ToString::to_string).unwrap_or_default();
    let _ = writeln!(out, "{}", scenario.name);
    let _ = writeln!(
        out,
        "{} months, {first} to {last}; {} account profile{}, {} account{}; amounts in {}",
        outcome.months.len(),
        outcome.accounts.len(),
        plural(outcome.accounts.len()),
        thousands(instances),
        if instances == 1 { "" } else { "s" },
        scenario.currency
    );
    let _ = writeln!(
        out,
        "Usage over the horizon: {} conversations, {} with AI, {} resolved by AI, {} seat-months",
        thousands(usage.conversations),
        thousands(usage.ai_conversations),
        thousands(usage.resolutions),
        thousands(usage.seat_months)
    );
    out.push('\n');

    let mut header: Vec<String> = vec!["Plan".into()];
    header.extend(years.iter().map(|y| format!("{} {}", y.label(), year_span(y))));
    header.extend(["Total".into(), "vs baseline".into(), "change".into(), "per resolution".into(), "crossover".into()]);
    let rows: Vec<Vec<String>> = summary
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut row = vec![s.name.clone()];
            row.extend(s.yearly.iter().map(|v| grouped(*v)));
            row.push(grouped(s.total));
            if i == 0 {
                row.extend(["baseline".into(), String::new()]);
            } else {
                row.push(signed(s.change));
                row.push(percent(s.change_ratio, true));
            }
            row.push(unit_price(s.per_resolution));
            // The month the plan's running total overtakes the baseline's.
            row.push(match (i, s.crossover) {
                (0, _) => String::new(),
                (_, Some(m)) => outcome.months.get(m).map(ToString::to_string).unwrap_or_default(),
                (_, None) => "none".into(),
            });
            row
        })
        .collect();
    out.push_str(&align(&header, &rows));
    out.push_str(
        "crossover: the first month in which the plan's running total reaches the baseline's, having been below it\n",
    );
    out.push('\n');

    let header: Vec<String> =
        ["Plan", "per AI conversation", "vendor cost", "vendor margin", "margin", "customer support cost"]
            .map(String::from)
            .to_vec();
    let total = |cost: &[Decimal]| cost.iter().fold(Decimal::ZERO, |a, c| a.saturating_add(*c));
    let costs = std::iter::repeat_n(total(&outcome.cost), outcome.plans.len())
        .chain(outcome.transitions.iter().map(|t| total(&t.cost)));
    let rows: Vec<Vec<String>> = summary.iter().zip(costs).map(|(s, cost)| economics_row(s, cost)).collect();
    out.push_str(&align(&header, &rows));
    if !outcome.transitions.is_empty() {
        out.push('\n');
        out.push_str(&transitions(outcome));
    }
    if let Some(mc) = mc {
        out.push('\n');
        let _ = writeln!(
            out,
            "Monte Carlo: {} trials, seed {} (volume noise {}, resolution noise {})",
            mc.trials, mc.seed, scenario.simulation.volume_noise, scenario.simulation.resolution_noise
        );
        let header: Vec<String> = ["Plan", "total mean", "P10", "P50", "P90", "P10–P90", "margin P10", "margin P90"]
            .map(String::from)
            .to_vec();
        let rows: Vec<Vec<String>> = mc
            .lines()
            .map(|p| {
                let width = p.total.p90 - p.total.p10;
                vec![
                    p.name.clone(),
                    grouped(p.total.mean),
                    grouped(p.total.p10),
                    grouped(p.total.p50),
                    grouped(p.total.p90),
                    percent(width.checked_div(p.total.p50), false),
                    grouped(p.margin.p10),
                    grouped(p.margin.p90),
                ]
            })
            .collect();
        out.push_str(&align(&header, &rows));
        out.push_str("P10–P90: the width of the 80% range of the total, as a share of the median\n\n");
        let header: Vec<String> =
            ["Plan", "customer support cost mean", "P10", "P50", "P90"].map(String::from).to_vec();
        let rows: Vec<Vec<String>> = mc
            .lines()
            .map(|p| {
                let s = p.support_total;
                vec![p.name.clone(), grouped(s.mean), grouped(s.p10), grouped(s.p50), grouped(s.p90)]
            })
            .collect();
        out.push_str(&align(&header, &rows));
        if let Some(budget) = budget {
            out.push('\n');
            out.push_str(&predictability(scenario, mc, budget, &years));
        }
    }
    if years.last().is_some_and(|y| y.months.len() < 12) {
        out.push_str("\n* the horizon ends before this year does: a partial year\n");
    }
    out.push_str("customer support cost = bills + seats × agent cost\n");
    out
}

/// Per transition: the plans, where the accounts are at the horizon's end and the break-even
/// churn.
fn transitions(outcome: &Outcome) -> String {
    let header: Vec<String> =
        ["Transition", "from", "to", "on from at end", "moved at end", "lost at end", "break-even churn"]
            .map(String::from)
            .to_vec();
    let last = |v: &[Decimal]| v.last().map_or_else(String::new, |x| x.round_dp(2).normalize().to_string());
    let rows: Vec<Vec<String>> = outcome
        .transitions
        .iter()
        .map(|t| {
            vec![
                t.line.name.clone(),
                t.from.clone(),
                t.to.clone(),
                last(&t.on_from),
                last(&t.moved),
                last(&t.lost),
                t.break_even_churn.map_or_else(|| "none".to_owned(), |p| format!("{:.2}%", p * Decimal::ONE_HUNDRED)),
            ]
        })
        .collect();
    let mut out = align(&header, &rows);
    out.push_str("accounts expected at the horizon's end; break-even churn: the largest share of each cohort that may leave at its move with the transition still billing the from plan's total\n");
    out.push_str("a transition's vendor cost and margin are those of the accounts it keeps\n");
    out
}

/// Per plan, the chance that a month's bill goes above `budget`, and how peaky the bill is.
fn predictability(scenario: &Scenario, mc: &MonteCarlo, budget: &Budget, years: &[compare::Year]) -> String {
    let whose = match budget.account.and_then(|a| scenario.accounts.get(a)) {
        Some(account) => format!("one \"{}\" account's monthly bill", account.name),
        None if scenario.instances() == 1 => "the customer's monthly bill".to_owned(),
        None => "the whole portfolio's monthly bill".to_owned(),
    };
    let mut out = format!("Bill predictability: a budget of {} a month against {whose}\n", grouped(budget.amount));
    let header: Vec<String> =
        ["Plan", "P(any month > budget)", "highest month P90", "month P90/P50", "peak / average month"]
            .map(String::from)
            .to_vec();
    let rows: Vec<Vec<String>> = mc
        .lines()
        .map(|p| {
            vec![
                p.name.clone(),
                percent(p.chance_over(budget), false),
                p.highest_month(budget.account).map_or_else(|| "n/a".to_owned(), |h| grouped(h.p90)),
                times_text(p.p90_over_p50()),
                times_text(p.peak_to_average()),
            ]
        })
        .collect();
    out.push_str(&align(&header, &rows));
    out.push_str("P(any month > budget): the share of trials in which some month's bill is above the budget\n");
    out.push_str("highest month P90: the same bill's highest month, 9 trials in 10 at or below it\n");
    out.push_str("month P90/P50: the largest, over the months, of a month's P90 bill against its P50\n");
    out.push_str("peak / average month: the worst month's bill against the average month's, median of the trials\n");
    if budget.account.is_some() {
        out.push_str("(the last two columns are the whole portfolio's)\n");
    }
    out.push('\n');
    out.push_str(&budget_years(mc, budget, years, &whose));
    out
}

/// Per plan and contract year, the chance that a month's bill is over the budget and the months
/// expected over it: where "any month over the horizon" reads 100% for every plan, the years
/// still tell them apart. For one account of a profile, `pricelab quote` gives these.
fn budget_years(mc: &MonteCarlo, budget: &Budget, years: &[compare::Year], whose: &str) -> String {
    if budget.account.is_some() {
        return "Year by year for one customer of a profile: `pricelab quote FILE --account PROFILE --budget AMOUNT`\n"
            .to_owned();
    }
    let mut out = format!("Year by year against the budget ({whose})\n");
    let mut header = vec!["Plan".to_owned()];
    header.extend(years.iter().map(|y| format!("{} {}–{}", y.label(), y.first, y.last)));
    let rows: Vec<Vec<String>> = mc
        .lines()
        .map(|p| {
            let mut row = vec![p.name.clone()];
            row.extend(years.iter().map(|y| {
                let (chance, months) = p.months_over(y.months.clone(), budget.amount);
                format!("{} · {:.1} mo", percent(Some(chance), false), months.round_dp(1))
            }));
            row
        })
        .collect();
    out.push_str(&align(&header, &rows));
    out.push_str("each year: the chance that a month's bill is over the budget · the months expected over it\n");
    out
}

fn economics_row(s: &PlanSummary, total_cost: Decimal) -> Vec<String> {
    vec![
        s.name.clone(),
        unit_price(s.per_ai_conversation),
        grouped(total_cost),
        grouped(s.margin),
        percent(s.margin_ratio, false),
        grouped(s.support_cost),
    ]
}

fn year_span(y: &compare::Year) -> String {
    if y.first.month() == 1 && y.months.len() == 12 {
        y.first.year().to_string()
    } else {
        format!("{}..{}", y.first, y.last)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Left-aligns the first column and right-aligns the others, two spaces apart.
pub(super) fn align(header: &[String], rows: &[Vec<String>]) -> String {
    let width = |s: &String| s.chars().count();
    let mut widths: Vec<usize> = header.iter().map(width).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            let pad = w - width(cell);
            if i == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str("  ");
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn unit_price(v: Option<Decimal>) -> String {
    let Some(v) = v else { return "n/a".into() };
    let mut v = v.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(4);
    v.to_string()
}

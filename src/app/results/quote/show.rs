//! The quote itself, as the Quote tab shows it: what the customer pays, saves, how predictable
//! the bill is, the prices and terms, and the assumptions.

use super::super::{
    axis_money, band, color, frozen_table, label_axis, legend_entry, money_text, plan_cell, plot_value,
};
use crate::app::document::{Document, PlanStyle};
use crate::engine::quote::recommend::{Recommendation, SizeUnit};
use crate::engine::quote::{PlanQuote, Quote};
use crate::io::quote::Letterhead;
use crate::io::quote::words::terms::{per_term_words, price_text};
use crate::io::quote::words::{Words, percent};
use crate::model::money::{group_digits, grouped};
use eframe::egui::{self, Color32, Ui};
use egui_plot::{Line, Plot, PlotPoints};
use rust_decimal::Decimal;

/// The id of the quote's plot (tests read its bounds).
pub const PLOT_ID: &str = "quote bills";

/// Green for a saving, red for an increase (readable on dark and light themes).
const SAVES: Color32 = Color32::from_rgb(40, 160, 100);
const COSTS: Color32 = Color32::from_rgb(215, 80, 60);

/// Shows the quote `q`, in its `words`, addressed as `head`; `reset`: the plot fits its lines again (another
/// customer, file or set of plans); `presenting`: full-screen, without settings.
pub fn show(
    ui: &mut Ui,
    (q, words): (&Quote, &Words),
    head: &Letterhead,
    doc: &Document,
    styles: &[PlanStyle],
    reset: bool,
    presenting: bool,
) {
    let cur = q.currency.as_str();
    let style_of =
        |name: &str| doc.scenario().plans.iter().position(|p| p.name == name).and_then(|p| styles.get(p)).copied();
    let colour = |name: &str| style_of(name).map_or(Color32::GRAY, |s| color(&s));
    ui.heading(format!("Proposal for {}", head.customer));
    if let (Some(first), Some(last)) = (q.months.first(), q.months.last()) {
        let from = head.vendor.as_ref().map(|v| format!("From {v} · ")).unwrap_or_default();
        ui.weak(format!("{from}{}-month contract, {first} to {last} · amounts in {cur}", q.months.len()));
    }
    ui.add_space(4.0);
    for f in &words.findings {
        ui.label(format!("• {f}"));
    }
    ui.add_space(6.0);
    // The legend above the plot, so that it hides no month of any bill.
    let comparison = (!q.plans.iter().any(|p| p.name == q.baseline.name)).then_some(&q.baseline);
    let compared = |b: &PlanQuote| format!("{} (for comparison)", b.name);
    ui.horizontal_wrapped(|ui| {
        for plan in &q.plans {
            legend_entry(ui, colour(&plan.name), &plan.name);
        }
        if let Some(b) = comparison {
            legend_entry(ui, Color32::GRAY, &compared(b));
        }
    });
    if q.trials > 0 {
        ui.weak(format!(
            "Shaded: where the bill lands 8 times in 10 (P10–P90 of {} simulated futures). Ctrl + scroll zooms, a double click fits the lines again.",
            group_digits(&q.trials.to_string())
        ));
    }
    let labels: Vec<String> = q.months.iter().map(ToString::to_string).collect();
    let mut plot = Plot::new(PLOT_ID)
        .id(egui::Id::unique(PLOT_ID))
        .height(if presenting { 320.0 } else { 240.0 })
        .auto_bounds(true)
        .include_y(0.0)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .x_axis_formatter(label_axis(labels))
        .y_axis_formatter(|mark, _| axis_money(mark.value, mark.step_size));
    if reset {
        plot = plot.reset();
    }
    plot.show(ui, |p| {
        for plan in &q.plans {
            let c = colour(&plan.name);
            if let Some(low_high) = &plan.band {
                let low_high: Vec<(f64, f64)> =
                    low_high.iter().map(|(l, h)| (plot_value(*l), plot_value(*h))).collect();
                band(p, &format!("quote band {}", plan.name), &low_high, c);
            }
            #[allow(clippy::cast_precision_loss)]
            let points: Vec<[f64; 2]> =
                plan.monthly.iter().enumerate().map(|(m, v)| [m as f64, plot_value(*v)]).collect();
            p.line(Line::new(plan.name.clone(), PlotPoints::from(points)).color(c).width(2.0));
        }
        if let Some(b) = comparison {
            #[allow(clippy::cast_precision_loss)]
            let points: Vec<[f64; 2]> = b.monthly.iter().enumerate().map(|(m, v)| [m as f64, plot_value(*v)]).collect();
            p.line(Line::new(compared(b), PlotPoints::from(points)).color(Color32::GRAY).width(1.0));
        }
    });
    ui.add_space(6.0);
    table(ui, q, &style_of, presenting);
    ui.add_space(2.0);
    ui.weak(format!(
        "You save: the bill under {base} minus the bill under the plan, over the {n} months (negative: the plan costs more). % of bill: of the bill under {base}.{support}",
        base = q.baseline.name,
        n = q.months.len(),
        support = if q.agent_cost.is_zero() {
            String::new()
        } else {
            format!(
                " Cost of support: the bills plus the team at {} a month per agent; the team is the same under every plan, so only the share differs.",
                money_text(cur, q.agent_cost)
            )
        }
    ));
    if q.budget.is_some() {
        budget(ui, q, &style_of);
    }
    if !q.recommendations.is_empty() {
        ui.add_space(8.0);
        ui.strong("Recommended commitment");
        for r in &q.recommendations {
            recommendation(ui, r, cur);
        }
    }
    ui.add_space(8.0);
    egui::CollapsingHeader::new("Prices and terms").id_salt("quote terms").default_open(true).show(ui, |ui| {
        let comparison = (!q.plans.iter().any(|p| p.name == q.baseline.name)).then_some(&q.baseline);
        for plan in q.plans.iter().chain(comparison) {
            let name = if comparison.is_some_and(|b| b.name == plan.name) {
                format!("{} — what the savings are measured against (not offered)", plan.name)
            } else {
                plan.name.clone()
            };
            plan_cell(ui, style_of(&plan.name).as_ref(), &name);
            ui.indent(("terms", &plan.name), |ui| {
                for t in words.terms(plan) {
                    ui.label(format!("• {t}"));
                }
            });
        }
    });
    egui::CollapsingHeader::new("Assumptions").id_salt("quote assumptions").default_open(true).show(ui, |ui| {
        for a in &words.assumptions {
            ui.label(format!("• {a}"));
        }
    });
}

/// A figure right-aligned in its cell.
fn right(ui: &mut Ui, text: String, ink: Option<Color32>) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| match ink {
        Some(c) => ui.label(egui::RichText::new(text).monospace().color(c)),
        None => ui.monospace(text),
    });
}

/// The years, totals, highest month (not while presenting) and savings, the plan column frozen;
/// the baseline as a last row when it is not offered (what the savings are measured against).
fn table(ui: &mut Ui, q: &Quote, style_of: &dyn Fn(&str) -> Option<PlanStyle>, presenting: bool) {
    let support = !q.agent_cost.is_zero();
    let mut shown: Vec<&PlanQuote> = q.plans.iter().collect();
    let comparison = !q.plans.iter().any(|p| p.name == q.baseline.name);
    if comparison {
        shown.push(&q.baseline);
    }
    let rows: Vec<usize> = (0..shown.len()).collect();
    let is_base = |p: &PlanQuote| p.name == q.baseline.name;
    let name = |p: &PlanQuote| {
        if comparison && is_base(p) { format!("{} (for comparison)", p.name) } else { p.name.clone() }
    };
    frozen_table(
        ui,
        "quote table",
        &rows,
        14.0,
        |ui, row| match row.and_then(|r| shown.get(r)) {
            None => {
                ui.strong("Plan");
            }
            Some(plan) => plan_cell(ui, style_of(&plan.name).as_ref(), &name(plan)),
        },
        |ui, row| match row.and_then(|r| shown.get(r)) {
            None => {
                for y in &q.years {
                    let partial = if y.months.len() < 12 { "*" } else { "" };
                    ui.strong(format!("Year {}{partial}", y.number)).on_hover_text(format!(
                        "{} to {} ({} months)",
                        y.first,
                        y.last,
                        y.months.len()
                    ));
                }
                ui.strong("Total");
                if !presenting {
                    ui.strong("Highest month").on_hover_text("Your largest monthly bill under the plan, and its month");
                }
                ui.strong("You save").on_hover_text(format!(
                    "The bill under {} minus the bill under this plan, over the contract",
                    q.baseline.name
                ));
                ui.strong("% of bill").on_hover_text(format!("The saving, in % of the bill under {}", q.baseline.name));
                if support {
                    ui.strong("Cost of support")
                        .on_hover_text("Your bills plus your team's seats × what a seat costs you");
                    ui.strong("% of support cost").on_hover_text(format!(
                        "The saving, in % of your total cost of support under {}",
                        q.baseline.name
                    ));
                }
            }
            Some(plan) => {
                for y in &plan.yearly {
                    right(ui, grouped(*y), None);
                }
                right(ui, grouped(plan.total), None);
                let highest = plan.highest.map_or_else(String::new, |(m, v)| {
                    let month = q.months.get(m).map(ToString::to_string).unwrap_or_default();
                    format!("{} ({month})", grouped(v))
                });
                if !presenting {
                    right(ui, highest, None);
                }
                let ink = match plan.saving.cmp(&Decimal::ZERO) {
                    std::cmp::Ordering::Less => Some(COSTS),
                    std::cmp::Ordering::Greater => Some(SAVES),
                    std::cmp::Ordering::Equal => None,
                };
                if is_base(plan) {
                    ui.weak("baseline");
                    ui.label("");
                } else {
                    right(ui, grouped(plan.saving), ink);
                    right(ui, plan.saving_pct.map(percent).unwrap_or_default(), ink);
                }
                if support {
                    right(ui, grouped(plan.support_total), None);
                    if is_base(plan) {
                        ui.label("");
                    } else {
                        right(ui, plan.support_saving_pct.map(percent).unwrap_or_default(), ink);
                    }
                }
            }
        },
    );
}

/// The chance of going over the budget, year by year.
fn budget(ui: &mut Ui, q: &Quote, style_of: &dyn Fn(&str) -> Option<PlanStyle>) {
    let Some(budget) = q.budget else { return };
    ui.add_space(6.0);
    ui.strong(format!("Against your budget of {} a month", money_text(&q.currency, budget)));
    let rows: Vec<usize> = (0..q.plans.len()).collect();
    frozen_table(
        ui,
        "quote budget",
        &rows,
        18.0,
        |ui, row| match row.and_then(|r| q.plans.get(r)) {
            None => {
                ui.strong("Plan");
            }
            Some(plan) => plan_cell(ui, style_of(&plan.name).as_ref(), &plan.name),
        },
        |ui, row| match row.and_then(|r| q.plans.get(r)) {
            None => {
                for y in &q.years {
                    ui.strong(format!("Year {}", y.number)).on_hover_text(
                        "The chance that a month's bill is over the budget, and how many months of the year are expected to be",
                    );
                }
            }
            Some(plan) => {
                for over in plan.over_budget.iter().flatten() {
                    right(ui, crate::io::quote::words::year_over_budget(over, q.trials), None);
                }
            }
        },
    );
    if q.trials == 0 {
        ui.weak("Without Monte Carlo trials these count the months whose expected bill is over the budget.");
    }
}

/// One plan's recommended commitment, with the sizes tried.
fn recommendation(ui: &mut Ui, r: &Recommendation, cur: &str) {
    let per_term = per_term_words(r.term_months);
    let size = |s: Decimal| match r.unit {
        SizeUnit::Units(m) => crate::io::quote::words::terms::units(s.trunc().try_into().unwrap_or(0), m),
        SizeUnit::Money => price_text(cur, s),
    };
    ui.label(format!("• {}", crate::io::quote::pdf::recommendation::sentence(r, cur)));
    let pct = crate::io::quote::words::chance;
    egui::CollapsingHeader::new(format!("Sizes tried for {}", r.plan)).id_salt(("sizes", &r.plan)).show(ui, |ui| {
        egui::Grid::new(("sizes grid", &r.plan)).striped(true).spacing([14.0, 3.0]).show(ui, |ui| {
            ui.strong("Size");
            ui.strong(format!("Price {per_term}"));
            ui.strong("Expected bill");
            ui.strong("Runs out").on_hover_text("The share of terms in which it is used up before the term ends");
            ui.strong("> ¼ unused")
                .on_hover_text("The share of whole terms that end with more than a quarter of it unused");
            ui.end_row();
            for (i, c) in r.candidates.iter().enumerate() {
                let mark = if i == r.best {
                    " ★ lowest"
                } else if i == r.current {
                    " (offered)"
                } else {
                    ""
                };
                ui.label(format!("{}{mark}", size(c.size)));
                right(ui, grouped(c.price), None);
                right(ui, grouped(c.total), None);
                right(ui, pct(c.runs_out), None);
                right(ui, c.mostly_unused.map(pct).unwrap_or_default(), None);
                ui.end_row();
            }
        });
    });
}

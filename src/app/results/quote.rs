//! The Quote tab: what one customer would pay and save under each plan, for a salesperson to
//! show them — one account of a profile, or a customer typed in on the spot. Nothing of the
//! vendor's (cost, margin, portfolio totals) is shown here.

use super::{axis_money, band, color, label_axis, money_text, plan_cell, plot_value};

use crate::app::background::{Background, Status};
use crate::app::document::Document;
use crate::app::editor::widgets::checked_drag;
use crate::engine::quote::{self, Customer, Quote};
use crate::model::money::grouped;
use eframe::egui::{self, Ui};
use egui_plot::{Line, Plot, PlotPoints};
use rust_decimal::Decimal;
use std::sync::Arc;

/// What a quote is keyed by: the scenario's revision, the customer, the plans and the budget.
type Key = (u64, CustomerKey, Vec<usize>, Option<Decimal>);

/// The customer as a key (its conversations as bits: a float has no `Eq`).
#[derive(Debug, Clone, PartialEq)]
enum CustomerKey {
    Profile(usize),
    Custom(usize, String, u64, u64, Decimal),
}

/// The Quote tab's state.
pub struct QuoteView {
    /// The profile quoted (or whose assumptions a typed-in customer takes).
    pub profile: usize,
    /// Quote a customer typed in rather than one account of the profile.
    pub custom: bool,
    /// The typed-in customer's name, conversations a month, seats today and agent cost.
    pub name: String,
    /// See `name`.
    pub conversations: f64,
    /// See `name`.
    pub seats: u64,
    /// See `name` (as typed).
    pub agent_cost: String,
    /// Per plan, whether it is quoted.
    pub shown: Vec<bool>,
    /// The monthly budget, as typed (empty: none).
    pub budget: String,
    /// Asked for: save the quote shown as PDF.
    pub export: bool,
    runner: Background<Key, Result<Arc<Quote>, String>>,
}

impl Default for QuoteView {
    fn default() -> Self {
        Self {
            profile: 0,
            custom: false,
            name: "New customer".into(),
            conversations: 10_000.0,
            seats: 25,
            agent_cost: "4000".into(),
            shown: Vec::new(),
            budget: String::new(),
            export: false,
            runner: Background::new("quote", std::time::Duration::from_millis(150)),
        }
    }
}

impl std::fmt::Debug for QuoteView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuoteView")
            .field("profile", &self.profile)
            .field("custom", &self.custom)
            .finish_non_exhaustive()
    }
}

/// An amount typed in (`1,234.50` and `$` accepted), or `None`.
fn amount(text: &str) -> Option<Decimal> {
    let clean: String = text.chars().filter(|c| !matches!(c, ',' | '$' | ' ' | '_')).collect();
    clean.parse::<Decimal>().ok().filter(|d| !d.is_sign_negative())
}

impl QuoteView {
    fn customer(&self) -> (Customer, CustomerKey) {
        if self.custom {
            let agent_cost = amount(&self.agent_cost).unwrap_or_default();
            (
                Customer::Custom {
                    from: self.profile,
                    name: self.name.clone(),
                    conversations: self.conversations,
                    seats: self.seats,
                    agent_cost,
                },
                CustomerKey::Custom(
                    self.profile,
                    self.name.clone(),
                    self.conversations.to_bits(),
                    self.seats,
                    agent_cost,
                ),
            )
        } else {
            (Customer::Profile(self.profile), CustomerKey::Profile(self.profile))
        }
    }

    fn plans(&self) -> Vec<usize> {
        self.shown.iter().enumerate().filter(|(_, s)| **s).map(|(p, _)| p).collect()
    }

    fn request(&mut self, doc: &Document) {
        if !(doc.is_current() || doc.is_simulating()) {
            return;
        }
        let (customer, key) = self.customer();
        let plans = self.plans();
        let budget = amount(&self.budget);
        let snapshot = doc.snapshot();
        self.runner.request((doc.scenario_revision(), key, plans.clone(), budget), move || {
            Box::new(move |job| {
                quote::quote(&snapshot, &customer, &plans, budget, job).map(Arc::new).map_err(|e| match e {
                    quote::QuoteError::Unknown(m) => m,
                    quote::QuoteError::Invalid(p) => p.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
                    quote::QuoteError::Cancelled => "cancelled".into(),
                })
            })
        });
    }

    /// Makes the quote now and waits for it (tests).
    pub fn wait(&mut self, ctx: &egui::Context, doc: &Document) {
        self.settle(doc);
        self.request(doc);
        self.runner.update(ctx);
        self.runner.wait();
    }

    /// The latest quote, if any.
    #[must_use]
    pub fn quote(&self) -> Option<&Quote> {
        match self.runner.result() {
            Some((Ok(q), _)) => Some(q),
            _ => None,
        }
    }

    /// Keeps the settings within the scenario.
    fn settle(&mut self, doc: &Document) {
        let s = doc.scenario();
        self.profile = self.profile.min(s.accounts.len().saturating_sub(1));
        if self.shown.len() != s.plans.len() {
            self.shown = vec![true; s.plans.len()];
        }
    }

    /// Shows the tab.
    pub fn ui(&mut self, ui: &mut Ui, doc: &Document, styles: &[crate::app::document::PlanStyle]) {
        self.settle(doc);
        self.controls(ui, doc);
        self.request(doc);
        self.runner.update(ui.ctx());
        let (q, current) = match self.runner.result() {
            Some((Ok(q), current)) => (Arc::clone(q), current),
            Some((Err(message), _)) => {
                ui.colored_label(crate::app::editor::widgets::PROBLEM_COLOR, message.clone());
                return;
            }
            None => {
                ui.horizontal(|ui| {
                    ui.add(egui::Spinner::new());
                    ui.label("Working out the quote…");
                });
                return;
            }
        };
        ui.horizontal(|ui| {
            if ui
                .button("Save as PDF…")
                .on_hover_text("A proposal to send the customer: this quote on an A4 page, charts and all")
                .clicked()
            {
                self.export = true;
            }
            if !current || matches!(self.runner.status(), Status::Running(..)) {
                ui.weak("Updating…");
            }
        });
        ui.separator();
        egui::ScrollArea::vertical().id_salt("quote").show(ui, |ui| show(ui, &q, doc, styles));
    }

    fn controls(&mut self, ui: &mut Ui, doc: &Document) {
        let s = doc.scenario();
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.custom, false, "A customer of a profile");
            ui.selectable_value(&mut self.custom, true, "A customer typed in");
            let l = ui.label(if self.custom { "assumptions of" } else { "Profile" });
            let name = |p: usize| s.accounts.get(p).map_or_else(String::new, |a| a.name.clone());
            egui::ComboBox::from_id_salt("quote profile")
                .selected_text(name(self.profile))
                .show_ui(ui, |ui| {
                    crate::app::editor::widgets::choices(
                        ui,
                        ui.make_persistent_id("quote profile find"),
                        s.accounts.iter().map(|a| a.name.as_str()).enumerate(),
                        |ui, i, n| {
                            ui.selectable_value(&mut self.profile, i, n);
                        },
                    );
                })
                .response
                .labelled_by(l.id);
        });
        if self.custom {
            ui.horizontal_wrapped(|ui| {
                let l = ui.label("Name");
                ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(140.0)).labelled_by(l.id);
                let l = ui.label("Conversations / month");
                checked_drag(ui, &mut self.conversations, 0.0..=1e9, "", |d| d.speed(50.0)).labelled_by(l.id);
                let l = ui.label("Seats today");
                checked_drag(ui, &mut self.seats, 0..=1_000_000, "", |d| d).labelled_by(l.id);
                let l = ui.label("Cost of a seat / month");
                ui.add(egui::TextEdit::singleline(&mut self.agent_cost).desired_width(70.0)).labelled_by(l.id);
            });
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Plans:");
            for (p, plan) in s.plans.iter().enumerate() {
                if let Some(shown) = self.shown.get_mut(p) {
                    ui.checkbox(shown, &plan.name);
                }
            }
            ui.separator();
            let l = ui.label("Monthly budget");
            ui.add(egui::TextEdit::singleline(&mut self.budget).desired_width(90.0).hint_text("none"))
                .labelled_by(l.id)
                .on_hover_text(
                    "The most the customer wants to pay in a month: the quote shows how often a month goes over it.",
                );
            if !self.budget.trim().is_empty() && amount(&self.budget).is_none() {
                ui.colored_label(crate::app::editor::widgets::PROBLEM_COLOR, "an amount, e.g. 25000");
            }
        });
    }
}

/// The quote: what the customer pays, saves, and how predictable the bill is.
fn show(ui: &mut Ui, q: &Quote, doc: &Document, styles: &[crate::app::document::PlanStyle]) {
    let cur = q.currency.as_str();
    let style_of =
        |name: &str| doc.scenario().plans.iter().position(|p| p.name == name).and_then(|p| styles.get(p)).copied();
    ui.heading(format!("{}: what you would pay", q.customer));
    let (first, last) = (q.months.first(), q.months.last());
    if let (Some(first), Some(last)) = (first, last) {
        ui.weak(format!(
            "{} months, {first} to {last}, in {cur}{}",
            q.months.len(),
            if q.trials > 0 { "; shaded: where the bill lands 8 times in 10 (P10–P90)" } else { "" }
        ));
    }
    let labels: Vec<String> = q.months.iter().map(ToString::to_string).collect();
    // The legend above the plot, so that it hides no month of any bill.
    ui.horizontal_wrapped(|ui| {
        for plan in &q.plans {
            let c = style_of(&plan.name).map_or(egui::Color32::GRAY, |s| color(&s));
            super::legend_entry(ui, c, &plan.name);
        }
    });
    let top = q
        .plans
        .iter()
        .flat_map(|p| {
            p.monthly.iter().map(|v| plot_value(*v)).chain(p.band.iter().flatten().map(|(_, h)| plot_value(*h)))
        })
        .fold(1.0_f64, f64::max)
        * 1.08;
    Plot::new("quote bills")
        .height(240.0)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_boxed_zoom(false)
        .default_y_bounds(0.0, top)
        .x_axis_formatter(label_axis(labels))
        .y_axis_formatter(|mark, _| axis_money(mark.value))
        .show(ui, |p| {
            for plan in &q.plans {
                let c = style_of(&plan.name).map_or(egui::Color32::GRAY, |s| color(&s));
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
        });
    ui.add_space(6.0);
    // (Scrolls sideways rather than being cut in a narrow window.)
    egui::ScrollArea::horizontal().id_salt("quote table scroll").show(ui, |ui| {
        egui::Grid::new("quote table").striped(true).spacing([12.0, 4.0]).show(ui, |ui| {
            ui.strong("Plan");
            for y in &q.years {
                ui.strong(format!("Year {}", y.number)).on_hover_text(format!("{} to {}", y.first, y.last));
            }
            ui.strong("Total");
            ui.strong("Highest month").on_hover_text("Your largest monthly bill under the plan, and its month");
            ui.strong("Cost of support").on_hover_text("Your bills plus your team's seats × what a seat costs you");
            ui.strong("You save").on_hover_text(format!("Against your cost of support under {}", q.baseline.name));
            ui.strong("%");
            ui.end_row();
            for plan in &q.plans {
                plan_cell(ui, style_of(&plan.name).as_ref(), &plan.name);
                for y in &plan.yearly {
                    right(ui, grouped(*y));
                }
                right(ui, grouped(plan.total));
                // The first month with the largest bill.
                let highest = plan.monthly.iter().enumerate().rev().max_by_key(|(_, v)| **v);
                right(
                    ui,
                    highest.map_or_else(String::new, |(m, v)| {
                        let month = q.months.get(m).map(ToString::to_string).unwrap_or_default();
                        format!("{} ({month})", grouped(*v))
                    }),
                );
                right(ui, grouped(plan.support_cost));
                if plan.name == q.baseline.name {
                    ui.weak("baseline");
                    ui.label("");
                } else {
                    right(ui, grouped(plan.saving));
                    right(ui, plan.saving_pct.map_or_else(String::new, |p| format!("{p}%")));
                }
                ui.end_row();
            }
        })
    });
    ui.label(format!(
        "Amounts in {cur}; savings against {}. Your team goes from {} seats to {} over the period as the AI agent resolves more: that is where the saving comes from.",
        q.baseline.name,
        crate::model::money::group_digits(&q.seats.0.to_string()),
        crate::model::money::group_digits(&q.seats.1.to_string())
    ));
    if let Some(budget) = q.budget {
        ui.add_space(6.0);
        ui.strong(format!("Against your budget of {} a month", money_text(cur, budget)));
        egui::ScrollArea::horizontal().id_salt("quote budget scroll").show(ui, |ui| egui::Grid::new("quote budget").striped(true).spacing([18.0, 4.0]).show(ui, |ui| {
            ui.strong("Plan");
            for y in &q.years {
                ui.strong(format!("Year {}", y.number))
                    .on_hover_text("The chance that a month's bill is over the budget, and how many months of the year are expected to be");
            }
            ui.end_row();
            for plan in &q.plans {
                ui.label(&plan.name);
                for over in plan.over_budget.iter().flatten() {
                    let pct = (over.chance * Decimal::ONE_HUNDRED).round_dp(0);
                    right(ui, format!("{pct}% of months · {} months", over.months.round_dp(1)));
                }
                ui.end_row();
            }
        }));
        if q.trials == 0 {
            ui.weak("Without Monte Carlo trials these count the months whose expected bill is over the budget.");
        }
    }
    ui.add_space(6.0);
    ui.strong("Assumptions");
    for a in &q.assumptions {
        ui.label(format!("· {a}"));
    }
}

fn right(ui: &mut Ui, text: String) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.monospace(text);
    });
}

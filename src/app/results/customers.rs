//! The Customers tab of a scenario with recorded usage: every real customer's bill under every
//! plan over the recorded months against the baseline (the backtest), the portfolio's view of
//! who pays more and less, and one customer's usage — recorded, fitted and projected.

use super::{Results, axis_money, color, label_axis, money_text, swatch};
use crate::app::background::{Status, Work};
use crate::app::command::{Command, Commands};
use crate::app::document::Document;
use crate::app::jobs::{Job, Jobs};
use crate::engine::backtest::{self, Backtest};
use crate::model::money::{grouped, signed, signed_percent};
use eframe::egui::{self, Ui};
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints, Points};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::sync::Arc;

/// The customers listed among the largest increases and decreases (the table lists them all).
const TOP: usize = 10;

type Get = fn(&crate::engine::usage::MonthUsage) -> u64;

/// The usage drawn for a customer, and their colours.
const KINDS: [(&str, Get, egui::Color32); 3] = [
    ("conversations", |u| u.conversations, egui::Color32::from_rgb(86, 180, 233)),
    ("AI conversations", |u| u.ai_conversations, egui::Color32::from_rgb(230, 159, 0)),
    ("resolutions", |u| u.resolutions, egui::Color32::from_rgb(0, 158, 115)),
];

/// Height of a table row.
const ROW: f32 = 20.0;

/// The column the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// The customer's name.
    Name,
    /// Its bill under plan `i`.
    Plan(usize),
    /// Its change under the plan compared, in money.
    #[default]
    Change,
    /// Its change in %.
    ChangePct,
}

/// The Customers tab's state.
pub struct CustomersView {
    /// The plan compared with the baseline.
    pub plan: usize,
    /// The table's order, and whether it is descending.
    pub sort: (SortBy, bool),
    /// Only customers whose name contains this (ignoring case).
    pub find: String,
    /// The customer selected (a profile index).
    pub selected: Option<usize>,
    /// The table's rows and the histogram's values, worked out once per backtest and setting
    /// (sorting 10,000 customers every frame would cost more than drawing them).
    cache: Option<(CacheKey, Arc<Cached>)>,
    /// The scenario revision of the backtest shown.
    shown: Option<u64>,
}

/// The table's rows in order, and the changes in % for the histogram.
type Cached = (Vec<usize>, Vec<f64>);

#[derive(Debug, Clone, PartialEq)]
struct CacheKey {
    /// The scenario revision the backtest is of.
    backtest: Option<u64>,
    plan: usize,
    sort: (SortBy, bool),
    find: String,
}

impl Default for CustomersView {
    fn default() -> Self {
        Self { plan: 1, sort: (SortBy::Change, true), find: String::new(), selected: None, cache: None, shown: None }
    }
}

impl std::fmt::Debug for CustomersView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CustomersView").field("plan", &self.plan).field("sort", &self.sort).finish_non_exhaustive()
    }
}

/// Whether a scenario has recorded customers to show.
#[must_use]
pub fn has_customers(doc: &Document) -> bool {
    doc.scenario().history.as_ref().is_some_and(|h| h.recorded.is_some())
}

/// The backtest, or why there is none.
pub type Outcome = Result<Arc<Backtest>, String>;

/// The backtest of `snapshot` (run by the app's [`Jobs`]).
pub(crate) fn work(snapshot: crate::app::document::Snapshot) -> Work<Outcome> {
    Box::new(move |_| match backtest::backtest(&snapshot, TOP) {
        Ok(b) => Ok(Arc::new(b)),
        Err(e) => Err(e.to_string()),
    })
}

/// The backtest the Customers tab asks for: of the current scenario, unless it has problems.
#[must_use]
pub fn job(doc: &Document) -> Option<Job> {
    (doc.is_current() || doc.is_simulating()).then(|| Job::Backtest(doc.scenario_revision()))
}

/// The latest backtest, if any.
#[must_use]
pub fn backtest(jobs: &Jobs) -> Option<&Backtest> {
    match jobs.backtest.result() {
        Some((Ok(b), _)) => Some(b),
        _ => None,
    }
}

impl CustomersView {
    /// The customers in the table's order, filtered by Find (indices into the backtest's).
    #[must_use]
    pub fn rows(&self, b: &Backtest) -> Vec<usize> {
        let needle = self.find.trim().to_lowercase();
        let plan = self.plan.min(b.plans.len().saturating_sub(1));
        let mut rows: Vec<usize> = (0..b.customers.len())
            .filter(|&c| needle.is_empty() || b.customers[c].name.to_lowercase().contains(&needle))
            .collect();
        let key = |c: usize| -> Decimal {
            let customer = &b.customers[c];
            match self.sort.0 {
                SortBy::Plan(p) => customer.totals.get(p).copied().unwrap_or_default(),
                SortBy::Change => customer.change(plan),
                // (No % — no baseline bill — sorts below every %.)
                SortBy::ChangePct => customer.change_pct(plan).unwrap_or(Decimal::MIN),
                SortBy::Name => Decimal::ZERO,
            }
        };
        match self.sort.0 {
            SortBy::Name => rows.sort_by(|a, c| b.customers[*a].name.cmp(&b.customers[*c].name)),
            _ => rows.sort_by_key(|&c| key(c)),
        }
        if self.sort.1 {
            rows.reverse();
        }
        rows
    }

    /// The table's rows and the changes in % of the plan compared, from the cache when the
    /// backtest and settings are those it was made for.
    fn cached(&mut self, b: &Backtest) -> Arc<Cached> {
        let key = CacheKey { backtest: self.shown, plan: self.plan, sort: self.sort, find: self.find.clone() };
        if let Some((k, cached)) = &self.cache
            && *k == key
        {
            return Arc::clone(cached);
        }
        let rows = self.rows(b);
        let pcts: Vec<f64> =
            b.customers.iter().filter_map(|c| c.change_pct(self.plan)).filter_map(|p| p.to_f64()).collect();
        let cached = Arc::new((rows, pcts));
        self.cache = Some((key, Arc::clone(&cached)));
        cached
    }

    /// Shows the tab.
    pub fn ui(&mut self, ui: &mut Ui, doc: &Document, jobs: &Jobs, results: Results<'_>, out: &mut Commands) {
        let width = ui.available_width();
        if let Some(job) = job(doc)
            && !jobs.wants(&job)
        {
            out.push(Command::Run(job));
        }
        let Some((result, current)) = jobs.backtest.result() else {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.label("Billing every customer's recorded months under every plan…");
            });
            return;
        };
        self.shown = jobs.backtest.result_key().copied();
        let b = match result {
            Ok(b) => Arc::clone(b),
            Err(message) => {
                ui.colored_label(crate::app::editor::widgets::PROBLEM_COLOR, message);
                return;
            }
        };
        if !current || matches!(jobs.backtest.status(), Status::Running(..)) {
            ui.weak("These figures are of an earlier version of the scenario; new ones are on their way.");
        }
        self.plan = self.plan.clamp(usize::from(b.plans.len() > 1), b.plans.len().saturating_sub(1));
        self.header_ui(ui, &b, results);
        ui.separator();
        let selected_height = if self.selected.is_some() { 230.0 } else { 0.0 };
        let table_height = (ui.available_height() - selected_height - 8.0).max(120.0);
        // (Bounded: the separator between table and histogram would take every pixel below.)
        ui.allocate_ui(egui::vec2(ui.available_width(), table_height), |ui| {
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_width((ui.available_width() * 0.62).max(420.0));
                    self.table_ui(ui, &b, results, table_height);
                });
                ui.separator();
                ui.vertical(|ui| self.histogram_ui(ui, &b, results, table_height));
            });
        });
        if let Some(profile) = self.selected {
            ui.separator();
            ui.set_max_width(width);
            self.customer_ui(ui, doc, &b, results, profile, out);
        }
    }

    fn header_ui(&mut self, ui: &mut Ui, b: &Backtest, results: Results<'_>) {
        let currency = results.currency;
        ui.horizontal_wrapped(|ui| {
            let span = match (b.months.first(), b.months.last()) {
                (Some(first), Some(last)) => format!("{first} to {last}"),
                _ => String::new(),
            };
            ui.label(format!(
                "{} customers, {} recorded months ({span}): what each would have paid under every plan.",
                b.customers.len(),
                b.months.len()
            ));
        });
        ui.horizontal_wrapped(|ui| {
            let name = |p: usize| b.plans.get(p).map_or_else(String::new, |p| p.name.clone());
            let l = ui.label("Compare");
            egui::ComboBox::from_id_salt("customers plan")
                .selected_text(name(self.plan))
                .show_ui(ui, |ui| {
                    for p in 1..b.plans.len() {
                        ui.selectable_value(&mut self.plan, p, name(p));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.label(format!("with the baseline, {}", name(0)));
        });
        let Some(plan) = b.plans.get(self.plan) else { return };
        let base = b.plans.first().map_or(Decimal::ZERO, |p| p.total);
        let pct = if base.is_zero() {
            String::new()
        } else {
            format!(" ({})", signed_pct(crate::model::money::round2(plan.change * Decimal::ONE_HUNDRED / base)))
        };
        ui.horizontal_wrapped(|ui| {
            if let Some(style) = results.styles.get(self.plan) {
                swatch(ui, color(style));
            }
            ui.strong(format!("Revenue change {}{pct}", signed_money(currency, plan.change)));
            ui.separator();
            ui.label(format!("{} pay more · {} pay less · {} the same", plan.up, plan.down, plan.same));
            if let Some(s) = plan.change_pct {
                ui.separator();
                ui.label(format!(
                    "change per customer: P5 {} · median {} · P95 {}",
                    signed_pct(s.p5),
                    signed_pct(s.p50),
                    signed_pct(s.p95)
                ))
                .on_hover_text("Nearest-rank percentiles of each customer's change in % of its baseline bill (customers without a baseline bill are left out).");
            }
        });
    }

    fn table_ui(&mut self, ui: &mut Ui, b: &Backtest, results: Results<'_>, height: f32) {
        ui.horizontal(|ui| {
            let l = ui.label("Find");
            ui.add(
                egui::TextEdit::singleline(&mut self.find).hint_text("part of a customer's name").desired_width(180.0),
            )
            .labelled_by(l.id);
            if !self.find.is_empty() && ui.small_button("×").on_hover_text("Show every customer").clicked() {
                self.find.clear();
            }
        });
        let cached = self.cached(b);
        let rows = &cached.0;
        let plans = b.plans.len();
        // Name, each plan's bill, the change and the change in %.
        let name_width = 160.0;
        let amount_width = 104.0;
        // The change first (what the tab is for), then every plan's bill, the baseline first.
        let columns: Vec<(String, SortBy, f32)> = [
            ("Customer".to_owned(), SortBy::Name, name_width),
            ("Change".to_owned(), SortBy::Change, amount_width),
            ("Change %".to_owned(), SortBy::ChangePct, 76.0),
        ]
        .into_iter()
        .chain((0..plans).map(|p| (b.plans[p].name.clone(), SortBy::Plan(p), amount_width)))
        .collect();
        egui::ScrollArea::horizontal().id_salt("customers table").show(ui, |ui| {
            ui.horizontal(|ui| {
                for (title, key, width) in &columns {
                    let arrow = match self.sort {
                        (k, true) if k == *key => " ⏷",
                        (k, false) if k == *key => " ⏶",
                        _ => "",
                    };
                    let text = format!("{}{arrow}", shorten(title, 16));
                    let button = egui::Button::new(egui::RichText::new(text).strong()).frame(false);
                    let response = ui.add_sized([*width, ROW], button).on_hover_text(format!("Sort by {title}"));
                    if response.clicked() {
                        self.sort = if self.sort.0 == *key { (*key, !self.sort.1) } else { (*key, *key != SortBy::Name) };
                    }
                }
            });
            ui.separator();
            let plan = self.plan;
            egui::ScrollArea::vertical().id_salt("customers rows").max_height(height - 60.0).auto_shrink([false, true]).show_rows(
                ui,
                ROW,
                rows.len(),
                |ui, range| {
                    for &c in rows.get(range).unwrap_or_default() {
                        let customer = &b.customers[c];
                        let selected = self.selected == Some(customer.profile);
                        ui.horizontal(|ui| {
                                let name = ui
                                    .allocate_ui_with_layout(
                                        egui::vec2(name_width, ROW),
                                        egui::Layout::left_to_right(egui::Align::Center),
                                        |ui| ui.selectable_label(selected, shorten(&customer.name, 22)),
                                    )
                                    .inner
                                    .on_hover_text(&customer.name);
                                if name.clicked() {
                                    self.selected = if selected { None } else { Some(customer.profile) };
                                }
                                amount_cell(ui, amount_width, signed(customer.change(plan)));
                                amount_cell(ui, 76.0, customer.change_pct(plan).map_or_else(|| "n/a".into(), signed_pct));
                                for total in &customer.totals {
                                    amount_cell(ui, amount_width, grouped(*total));
                                }
                            });
                    }
                },
            );
            ui.weak(format!(
                "{} of {} customers; amounts in {} over the recorded months. Click a column to sort, a name for the customer's usage.",
                rows.len(),
                b.customers.len(),
                results.currency
            ));
        });
    }

    fn histogram_ui(&mut self, ui: &mut Ui, b: &Backtest, results: Results<'_>, height: f32) {
        let Some(plan) = b.plans.get(self.plan) else { return };
        let cached = self.cached(b);
        let pcts = &cached.1;
        ui.label(format!("Customers by change in % of their baseline bill, under {}", plan.name));
        if pcts.is_empty() {
            ui.weak("No customer has a baseline bill to compare with.");
            return;
        }
        let (low, high) = pcts.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| (l.min(*v), h.max(*v)));
        let width = ((high - low) / 30.0).max(1.0);
        let mut counts = [0_u32; 31];
        for v in pcts {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // within 0..=30
            let i = (((v - low) / width) as usize).min(30);
            counts[i] += 1;
        }
        let fill = results.styles.get(self.plan).map_or(egui::Color32::GRAY, color);
        #[allow(clippy::cast_precision_loss)]
        let bars: Vec<Bar> = counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| {
                let x = low + (i as f64 + 0.5) * width;
                Bar::new(x, f64::from(*n)).width(width * 0.95).fill(fill).name(format!(
                    "{:.0}% to {:.0}%",
                    x - width / 2.0,
                    x + width / 2.0
                ))
            })
            .collect();
        Plot::new("customers histogram")
            .height((height - 30.0).max(120.0))
            .allow_scroll(false)
            .include_y(0.0)
            .x_axis_label("change, %")
            .y_axis_label("customers")
            .show(ui, |p| {
                p.bar_chart(BarChart::new("customers", bars));
                p.vline(egui_plot::VLine::new("no change", 0.0).color(egui::Color32::GRAY));
            });
    }

    fn customer_ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        b: &Backtest,
        results: Results<'_>,
        profile: usize,
        out: &mut Commands,
    ) {
        let Some(customer) = b.customers.iter().find(|c| c.profile == profile) else {
            self.selected = None;
            return;
        };
        let outcome = results.outcome;
        let Some(usage) = outcome.accounts.get(profile) else { return };
        let h = b.months.len();
        ui.horizontal_wrapped(|ui| {
            if ui.small_button("×").on_hover_text("Close").clicked() {
                self.selected = None;
            }
            ui.strong(&customer.name);
            if ui
                .button("Invoice…")
                .on_hover_text("This customer's bill line by line under the plan compared")
                .clicked()
            {
                out.push(Command::ShowInvoice { account: profile, plan: self.plan });
            }
            let base = customer.totals.first().copied().unwrap_or_default();
            let under = customer.totals.get(self.plan).copied().unwrap_or_default();
            ui.label(format!(
                "recorded months: {} today, {} under {} ({})",
                money_text(results.currency, base),
                money_text(results.currency, under),
                b.plans.get(self.plan).map_or("", |p| p.name.as_str()),
                customer.change_pct(self.plan).map_or_else(|| "no baseline bill".into(), signed_pct)
            ));
        });
        ui.horizontal_wrapped(|ui| {
            for (name, colour) in KINDS.map(|(name, _, colour)| (name, colour)) {
                swatch(ui, colour);
                ui.colored_label(colour, name);
            }
            ui.weak("· dots: recorded · thin line: the fitted profile · dashed: projected");
        });
        // What the fitted profile alone gives over the recorded months: how well it fits.
        let fitted =
            doc.scenario().accounts.get(profile).and_then(|a| {
                crate::engine::usage::deterministic(a, doc.scenario().start, u32::try_from(h).ok()?).ok()
            });
        let labels: Vec<String> = outcome.months.iter().map(ToString::to_string).collect();
        #[allow(clippy::cast_precision_loss)]
        let series =
            |get: fn(&crate::engine::usage::MonthUsage) -> u64, range: std::ops::Range<usize>| -> Vec<[f64; 2]> {
                range.filter_map(|m| usage.months.get(m).map(|u| [m as f64, get(u) as f64])).collect()
            };
        let n = usage.months.len();
        Plot::new(("customer usage", profile))
            .height(170.0)
            .allow_scroll(false)
            .x_axis_formatter(label_axis(labels))
            .y_axis_formatter(|m, _| axis_money(m.value, m.step_size))
            .include_y(0.0)
            .show(ui, |p| {
                for (name, get, colour) in KINDS {
                    p.points(Points::new(format!("{name} (recorded)"), series(get, 0..h)).radius(2.5).color(colour));
                    let projected = series(get, h.saturating_sub(1)..n);
                    p.line(
                        Line::new(format!("{name} (projected)"), PlotPoints::from(projected))
                            .color(colour)
                            .style(egui_plot::LineStyle::dashed_loose()),
                    );
                    if let Some(fitted) = &fitted {
                        #[allow(clippy::cast_precision_loss)]
                        let curve: Vec<[f64; 2]> =
                            fitted.iter().enumerate().map(|(m, u)| [m as f64, get(u) as f64]).collect();
                        p.line(
                            Line::new(format!("{name} (fitted)"), PlotPoints::from(curve))
                                .color(colour.gamma_multiply(0.5))
                                .width(1.0),
                        );
                    }
                }
                #[allow(clippy::cast_precision_loss)]
                p.vline(
                    egui_plot::VLine::new("last recorded month", (h.max(1) - 1) as f64)
                        .color(egui::Color32::GRAY)
                        .style(egui_plot::LineStyle::dotted_dense()),
                );
            });
    }
}

fn amount_cell(ui: &mut Ui, width: f32, text: String) {
    ui.allocate_ui_with_layout(egui::vec2(width, ROW), egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.monospace(text);
    });
}

fn signed_money(currency: &str, v: Decimal) -> String {
    format!("{currency} {}", signed(v))
}

/// A change in % with its sign and two decimals.
fn signed_pct(v: Decimal) -> String {
    signed_percent(v, Some(2))
}

fn shorten(text: &str, max: usize) -> String {
    crate::io::rows::shorten(text, max)
}

//! The summary table: per plan the horizon total, each year, the change against the baseline,
//! effective prices, the vendor's margin and the customer's support cost. Sortable; copies as
//! tab-separated text for spreadsheets.

use super::{Results, plan_cell};
use crate::app::document::PlanStyle;
use crate::engine::compare::{self, PlanSummary};
use crate::engine::monte_carlo::{Budget, MonteCarlo};
use crate::engine::{AccountUsage, Outcome};
use crate::model::money::{grouped, percent_text, times_text};
use eframe::egui::{self, Ui};
use rust_decimal::{Decimal, RoundingStrategy};

/// Sorting of the summary table, and the budget the predictability table tests bills against.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SummaryView {
    /// The column sorted by (`None`: the scenario's order).
    pub sort: Option<usize>,
    /// Sort descending.
    pub descending: bool,
    /// The customer's monthly budget (0: none given).
    pub budget: Decimal,
    /// Whose monthly bill the budget is compared with: one account of this profile, or (`None`)
    /// the whole portfolio's.
    #[serde(default)]
    pub budget_account: Option<usize>,
}

/// A column's value for one plan.
type ColumnValue = Box<dyn Fn(&PlanSummary) -> Option<Decimal>>;

/// The table's columns, with the value of each plan in them.
struct Column {
    title: String,
    value: ColumnValue,
    unit_price: bool,
    percent: bool,
}

fn columns(years: &[compare::Year]) -> Vec<Column> {
    let mut cols: Vec<Column> = years
        .iter()
        .enumerate()
        .map(|(i, y)| Column {
            title: y.label(),
            value: Box::new(move |s: &PlanSummary| s.yearly.get(i).copied()),
            unit_price: false,
            percent: false,
        })
        .collect();
    let col = |title: &str, f: fn(&PlanSummary) -> Option<Decimal>, unit_price: bool, percent: bool| Column {
        title: title.to_owned(),
        value: Box::new(f),
        unit_price,
        percent,
    };
    cols.extend([
        // The total, its change and the price per resolution first: the figures a pricing lead
        // reads, in view at 1280 pixels beside the editor.
        col("Total", |s| Some(s.total), false, false),
        col("change %", |s| s.change_ratio, false, true),
        col("per resolution", |s| s.per_resolution, true, false),
        col("vs baseline", |s| Some(s.change), false, false),
        col("per AI conversation", |s| s.per_ai_conversation, true, false),
        col("vendor margin", |s| Some(s.margin), false, false),
        col("margin %", |s| s.margin_ratio, false, true),
        col("customer support cost", |s| Some(s.support_cost), false, false),
    ]);
    cols
}

/// Per plan after the baseline, the month its running total reaches the baseline's.
fn crossover_ui(ui: &mut Ui, outcome: &Outcome, rows: &[PlanSummary], styles: &[crate::app::document::PlanStyle]) {
    if rows.len() < 2 {
        return;
    }
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        ui.strong("Crossover");
        ui.weak(format!(
            "the month a plan's running total reaches that of {}, having been below it:",
            rows.first().map_or("", |r| r.name.as_str())
        ));
    });
    egui::Grid::new("crossover").num_columns(2).show(ui, |ui| {
        for (p, row) in rows.iter().enumerate().skip(1) {
            ui.horizontal(|ui| {
                if let Some(style) = styles.get(p) {
                    super::swatch(ui, super::color(style));
                }
                ui.label(&row.name);
            });
            let baseline = rows.first().map_or(Decimal::ZERO, |r| r.total);
            // Without a crossover, a plan that ends ahead was never behind (else it would have
            // crossed on its way up).
            ui.label(match row.crossover.and_then(|m| outcome.months.get(m)) {
                Some(month) => month.to_string(),
                None if row.total >= baseline => "none: ahead throughout".into(),
                None => "none: ends behind".into(),
            });
            ui.end_row();
        }
    });
}

fn cell(c: &Column, s: &PlanSummary) -> String {
    match (c.value)(s) {
        None => "n/a".into(),
        Some(v) if c.percent => percent_text(Some(v), false),
        Some(v) if c.unit_price => {
            format!("{:.4}", v.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero))
        }
        Some(v) => grouped(v),
    }
}

impl SummaryView {
    /// The rows' order under the current sort.
    fn order(&self, rows: &[PlanSummary], cols: &[Column]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..rows.len()).collect();
        if let Some(c) = self.sort.and_then(|c| cols.get(c)) {
            order.sort_by(|&a, &b| {
                let o = (c.value)(&rows[a]).cmp(&(c.value)(&rows[b]));
                if self.descending { o.reverse() } else { o }
            });
        }
        order
    }

    /// The table as tab-separated text, header first, in the shown order.
    #[must_use]
    pub fn to_tsv(&self, outcome: &Outcome) -> String {
        let rows = compare::summarize(outcome);
        let cols = columns(&compare::years(&outcome.months));
        let mut out = String::from("Plan");
        for c in &cols {
            out.push('\t');
            out.push_str(&c.title);
        }
        out.push('\n');
        for i in self.order(&rows, &cols) {
            out.push_str(&rows[i].name);
            for c in &cols {
                out.push('\t');
                // Plain numbers (no thousands separators) paste as numbers into a spreadsheet.
                out.push_str(&cell(c, &rows[i]).replace(',', ""));
            }
            out.push('\n');
        }
        out
    }

    /// Shows the table.
    pub fn ui(&mut self, ui: &mut Ui, results: Results<'_>) {
        let Results { outcome, mc, styles, currency, .. } = results;
        let rows = compare::summarize(outcome);
        let cols = columns(&compare::years(&outcome.months));
        ui.horizontal(|ui| {
            ui.weak(format!("amounts in {currency}; click a column to sort"));
            if ui.button("📋 Copy table").on_hover_text("Copy as tab-separated text, for a spreadsheet").clicked() {
                let text = self.to_tsv(outcome);
                ui.ctx().copy_text(text);
            }
        });
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            self.table_ui(ui, &rows, &cols, styles);
            crossover_ui(ui, outcome, &rows, styles);
            ui.add_space(12.0);
            match mc {
                Some(mc) => {
                    if results.mc_refreshing {
                        ui.horizontal(|ui| {
                            ui.add(egui::Spinner::new());
                            ui.weak(format!("Bill predictability {}", super::REFRESHING));
                        });
                    }
                    self.predictability_ui(ui, mc, &outcome.accounts, styles, currency);
                    self.budget_years_ui(ui, mc, outcome, styles, currency);
                }
                None if results.scenario.simulation.trials > 0 => {
                    ui.weak("Bill predictability: the Monte Carlo run is under way, or could not run: the status bar says which.");
                }
                None => {
                    ui.weak("Bill predictability: set Monte Carlo trials above 0 in the editor to see how far each plan's bill can swing.");
                }
            }
        });
    }

    fn table_ui(&mut self, ui: &mut Ui, rows: &[PlanSummary], cols: &[Column], styles: &[PlanStyle]) {
        let order = self.order(rows, cols);
        let mut sort = self.sort;
        let mut descending = self.descending;
        let unsorted = sort.is_none();
        let reset = std::cell::Cell::new(false);
        super::frozen_table(
            ui,
            "summary",
            &order,
            10.0,
            |ui, row| match row {
                None => {
                    if ui.selectable_label(unsorted, "Plan").on_hover_text("Back to the plans' order").clicked() {
                        reset.set(true);
                    }
                }
                Some(i) => {
                    let row = &rows[i];
                    let name = if i == 0 { format!("{} (baseline)", row.name) } else { row.name.clone() };
                    plan_cell(ui, styles.get(i), &name);
                }
            },
            |ui, row| match row {
                None => {
                    for (c, col) in cols.iter().enumerate() {
                        let arrow = match (sort == Some(c), descending) {
                            (true, true) => " ⏷",
                            (true, false) => " ⏶",
                            _ => "",
                        };
                        let clicked = ui
                            .with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                let header = ui.selectable_label(sort == Some(c), format!("{}{arrow}", col.title));
                                let header = match crate::app::glossary::meaning(&col.title) {
                                    Some(m) => header.on_hover_text(m),
                                    None => header,
                                };
                                header.clicked()
                            })
                            .inner;
                        if clicked {
                            if sort == Some(c) {
                                descending = !descending;
                            } else {
                                sort = Some(c);
                                descending = true;
                            }
                        }
                    }
                }
                Some(i) => {
                    for col in cols {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.monospace(cell(col, &rows[i]));
                        });
                    }
                }
            },
        );
        self.sort = if reset.get() { None } else { sort };
        self.descending = descending;
    }

    /// Per plan: how wide the total can swing, how much worse than usual a bad month is, and the
    /// chance that a month's bill goes over the customer's budget.
    fn predictability_ui(
        &mut self,
        ui: &mut Ui,
        mc: &MonteCarlo,
        accounts: &[AccountUsage],
        styles: &[PlanStyle],
        currency: &str,
    ) {
        ui.strong(format!("Bill predictability ({} Monte Carlo trials, seed {})", mc.trials, mc.seed));
        // With more than one account, the budget is one customer's, or the whole portfolio's
        // (the profiles must be those the trials ran on).
        let profiles_match = mc.plans.first().is_none_or(|p| p.account_worst.len() == accounts.len());
        let one_account = accounts.iter().map(|a| u128::from(a.count)).sum::<u128>() == 1;
        if one_account
            || !profiles_match
            || self.budget_account.is_some_and(|a| accounts.get(a).is_none_or(|a| a.count == 0))
        {
            self.budget_account = None;
        }
        ui.horizontal(|ui| {
            let l = ui.label(format!("Customer's monthly budget ({currency})"));
            crate::app::editor::widgets::money_edit(ui, &mut self.budget, 110.0).labelled_by(l.id);
            if one_account || !profiles_match {
                ui.weak("compared with the customer's monthly bill");
                return;
            }
            let whose = |a: Option<usize>| match a.and_then(|a| accounts.get(a)) {
                Some(account) => format!("one {} account's monthly bill", account.name),
                None => "the whole portfolio's monthly bill".to_owned(),
            };
            let l = ui.label("compared with");
            egui::ComboBox::from_id_salt("budget account")
                .selected_text(whose(self.budget_account))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.budget_account, None, whose(None));
                    let profiles = accounts.iter().enumerate().filter(|(_, a)| a.count > 0);
                    let names = profiles.map(|(a, account)| (a, account.name.as_str()));
                    crate::app::editor::widgets::choices(
                        ui,
                        ui.make_persistent_id("budget account find"),
                        names,
                        |ui, a, _| {
                            ui.selectable_value(&mut self.budget_account, Some(a), whose(Some(a)));
                        },
                    );
                })
                .response
                .labelled_by(l.id);
        });
        let rows = self.predictability_rows(mc);
        let copy = ui.button("📋 Copy predictability").on_hover_text("Copy as tab-separated text, for a spreadsheet");
        if copy.clicked() {
            ui.ctx().copy_text(predictability_tsv(&rows));
        }
        let order: Vec<usize> = (0..rows.len()).collect();
        super::frozen_table(
            ui,
            "predictability",
            &order,
            10.0,
            |ui, row| plan_column(ui, row, styles, &rows),
            |ui, row| match row {
                None => {
                    for title in PREDICTABILITY {
                        let header =
                            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| ui.strong(title));
                        if let Some(tip) = predictability_tip(title) {
                            header.response.on_hover_text(tip);
                        }
                    }
                }
                Some(p) => {
                    for cell in &rows[p].1 {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| ui.monospace(cell));
                    }
                }
            },
        );
    }

    /// Against the budget, year by year and plan by plan: the chance that a month's bill goes
    /// over it and the months expected over it (what separates plans where "any month over the
    /// horizon" reads 100% for all).
    fn budget_years_ui(&self, ui: &mut Ui, mc: &MonteCarlo, outcome: &Outcome, styles: &[PlanStyle], currency: &str) {
        if self.budget.is_zero() {
            return;
        }
        let years = compare::years(&outcome.months);
        ui.add_space(8.0);
        let whose = match self.budget_account.and_then(|a| outcome.accounts.get(a)) {
            Some(account) => format!("one {} account's monthly bill", account.name),
            None => "the monthly bill".to_owned(),
        };
        ui.strong(format!("Year by year against the budget of {currency} {} ({whose})", grouped(self.budget)));
        if self.budget_account.is_some() {
            ui.weak("For one customer of a profile, the Quote tab gives these year by year (its trials are that customer's); here: the chance above.");
            return;
        }
        let rows: Vec<(String, Vec<(Decimal, Decimal)>)> = mc
            .plans
            .iter()
            .map(|plan| {
                (plan.name.clone(), years.iter().map(|y| plan.months_over(y.months.clone(), self.budget)).collect())
            })
            .collect();
        let copy = ui.button("📋 Copy year by year").on_hover_text("Copy as tab-separated text, with the budget");
        if copy.clicked() {
            let mut text = format!("Budget\t{}\tcompared with\t{whose}\n", self.budget);
            text.push_str("Plan");
            for y in &years {
                text.push_str(&format!("\t{} P(month over)\t{} months over", y.label(), y.label()));
            }
            text.push('\n');
            for (name, cells) in &rows {
                text.push_str(name);
                for (chance, months) in cells {
                    text.push_str(&format!("\t{}\t{}", chance.round_dp(4), months.round_dp(2)));
                }
                text.push('\n');
            }
            ui.ctx().copy_text(text);
        }
        let order: Vec<usize> = (0..rows.len()).collect();
        super::frozen_table(
            ui,
            "budget years",
            &order,
            16.0,
            |ui, row| plan_column(ui, row, styles, &rows),
            |ui, row| match row {
                None => {
                    for y in &years {
                        ui.strong(format!("{} ({}..{})", y.label(), y.first, y.last)).on_hover_text(
                            "The chance that a month's bill of the year is over the budget · the months of the year expected over it",
                        );
                    }
                }
                Some(p) => {
                    for (chance, months) in &rows[p].1 {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.monospace(format!(
                                "{} · {:.1} months",
                                percent_text(Some(*chance), false),
                                months.round_dp(1)
                            ));
                        });
                    }
                }
            },
        );
    }

    /// Per plan, its name and the predictability table's cells, as shown.
    fn predictability_rows(&self, mc: &MonteCarlo) -> Vec<(String, [String; PREDICTABILITY.len()])> {
        let budget = Budget { amount: self.budget, account: self.budget_account };
        mc.plans
            .iter()
            .map(|plan| {
                let chance = if self.budget.is_zero() {
                    "set a budget".to_owned()
                } else {
                    percent_text(plan.chance_over(&budget), false)
                };
                let highest =
                    plan.highest_month(self.budget_account).map_or_else(|| "n/a".to_owned(), |h| grouped(h.p90));
                let cells = [
                    chance,
                    highest,
                    times_text(plan.p90_over_p50()),
                    times_text(plan.peak_to_average()),
                    grouped(plan.total.p10),
                    grouped(plan.total.p50),
                    grouped(plan.total.p90),
                    grouped(plan.support_total.p10),
                    grouped(plan.support_total.p90),
                ];
                (plan.name.clone(), cells)
            })
            .collect()
    }
}

/// The first column of a table of plans whose rows start with the plan's name: "Plan", then
/// each row's colour and name.
fn plan_column<T>(ui: &mut Ui, row: Option<usize>, styles: &[PlanStyle], rows: &[(String, T)]) {
    match row {
        None => {
            ui.strong("Plan");
        }
        Some(p) => plan_cell(ui, styles.get(p), &rows[p].0),
    }
}

/// What a column of the predictability table means, for its header's tooltip.
fn predictability_tip(title: &str) -> Option<&'static str> {
    Some(match title {
        t if t.starts_with("P(") => {
            "The share of trials in which at least one month's bill is above the budget: the bill chosen beside the budget"
        }
        "highest month P90" => {
            "The bill of the trial's highest month, at or above which only 1 trial in 10 goes: the smallest monthly budget that holds in 9 futures of 10 (for the bill chosen beside the budget)"
        }
        "month P90/P50" => {
            "How much worse a bad month is than a typical one: each month's P90 bill over its P50, at the worst month"
        }
        "peak / average month" => "The highest month's bill over the average month's, in the median trial",
        t if t.starts_with("total P") => {
            "The total bill over the horizon across the trials: P10 is beaten by 90% of trials, P90 by only 10%"
        }
        t if t.starts_with("support") => {
            "The customer's support cost over the horizon (bills + seats × agent cost), across the trials"
        }
        _ => return None,
    })
}

/// The columns of the predictability table after the plan's name.
const PREDICTABILITY: [&str; 9] = [
    "P(any month > budget)",
    "highest month P90",
    "month P90/P50",
    "peak / average month",
    "total P10",
    "total P50",
    "total P90",
    "support cost P10",
    "support cost P90",
];

/// The predictability table as tab-separated text, header first: plain numbers (no thousands
/// separators, no "×"), so that they paste as numbers into a spreadsheet.
fn predictability_tsv(rows: &[(String, [String; PREDICTABILITY.len()])]) -> String {
    let mut out = std::iter::once("Plan").chain(PREDICTABILITY).collect::<Vec<_>>().join("\t");
    out.push('\n');
    for (name, cells) in rows {
        out.push_str(name);
        for cell in cells {
            out.push('\t');
            out.push_str(&cell.replace(',', "").replace("× ", ""));
        }
        out.push('\n');
    }
    out
}

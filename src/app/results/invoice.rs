//! The invoice: one account's bill lines under one plan, month by month, as the JSON has them.

use super::{Results, color, money_text, swatch};
use crate::model::money::grouped;
use eframe::egui::{self, Ui};

/// Which plan and account the invoice shows.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InvoiceView {
    /// Index of the plan.
    pub plan: usize,
    /// Index of the account profile.
    pub account: usize,
}

impl InvoiceView {
    /// Shows the invoice.
    pub fn ui(&mut self, ui: &mut Ui, results: Results<'_>) {
        let Results { outcome, styles, currency, .. } = results;
        self.plan = self.plan.min(outcome.plans.len().saturating_sub(1));
        self.account = self.account.min(outcome.accounts.len().saturating_sub(1));
        ui.horizontal(|ui| {
            pick(ui, "Plan", outcome.plans.iter().map(|p| p.name.as_str()), &mut self.plan);
            pick(ui, "Account", outcome.accounts.iter().map(|a| a.name.as_str()), &mut self.account);
        });
        let (Some(plan), Some(usage)) = (outcome.plans.get(self.plan), outcome.accounts.get(self.account)) else {
            return;
        };
        let Some(bill) = plan.accounts.get(self.account) else { return };
        ui.horizontal(|ui| {
            if let Some(style) = styles.get(self.plan) {
                swatch(ui, color(style));
            }
            ui.label(format!(
                "One account of \"{}\" ({} in the portfolio) under \"{}\": {} over the horizon",
                usage.name,
                usage.count,
                plan.name,
                money_text(currency, bill.total)
            ));
        });
        egui::ScrollArea::both().show(ui, |ui| {
            egui::Grid::new("invoice").striped(true).spacing([16.0, 4.0]).show(ui, |ui| {
                ui.strong("Month");
                for line in &bill.lines {
                    ui.strong(&line.name);
                }
                ui.strong("Bill");
                ui.end_row();
                for (m, month) in outcome.months.iter().enumerate() {
                    ui.label(month.to_string());
                    for line in &bill.lines {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.monospace(line.billed.get(m).map(|v| grouped(*v)).unwrap_or_default());
                        });
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.strong(bill.billed.get(m).map(|v| grouped(*v)).unwrap_or_default());
                    });
                    ui.end_row();
                }
                // Each line over the horizon, and the bill's total.
                ui.strong("Total");
                for line in &bill.lines {
                    let sum: rust_decimal::Decimal = line.billed.iter().sum();
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| ui.strong(grouped(sum)));
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| ui.strong(grouped(bill.total)));
                ui.end_row();
            });
        });
    }
}

/// A labelled drop-down choosing one of `names` by index.
fn pick<'a>(ui: &mut Ui, label: &str, names: impl Iterator<Item = &'a str> + Clone, index: &mut usize) {
    let l = ui.label(label);
    let selected = names.clone().nth(*index).unwrap_or_default().to_owned();
    egui::ComboBox::from_id_salt(("invoice", label))
        .selected_text(selected)
        .show_ui(ui, |ui| {
            crate::app::editor::widgets::choices(
                ui,
                ui.make_persistent_id(("invoice find", label)),
                names.enumerate(),
                |ui, i, name| {
                    ui.selectable_value(index, i, name);
                },
            );
        })
        .response
        .labelled_by(l.id);
}

//! The side panel: editors for everything in the scenario format, grouped and collapsible.

mod accounts;
mod plans;
mod scenario;
pub mod seasonality;
pub mod widgets;

use super::document::EditState;
use crate::model::Problem;
use eframe::egui::{self, Ui};

pub use accounts::{AccountsPanel, new_account};
pub use plans::{PlansPanel, Template};
pub use scenario::ScenarioPanel;

/// The editor side panel.
#[derive(Debug, Default)]
pub struct EditorPanel {
    scenario: ScenarioPanel,
    accounts: AccountsPanel,
    plans: PlansPanel,
}

impl EditorPanel {
    /// Shows the editors on `draft`, which they change in place.
    pub fn ui(&mut self, ui: &mut Ui, draft: &mut EditState, problems: &[Problem]) {
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            if !problems.is_empty() {
                ui.colored_label(
                    widgets::PROBLEM_COLOR,
                    format!(
                        "⚠ {} problem{}: the results show the last valid version",
                        problems.len(),
                        if problems.len() == 1 { "" } else { "s" }
                    ),
                );
            }
            egui::CollapsingHeader::new("Scenario")
                .default_open(true)
                .show(ui, |ui| self.scenario.ui(ui, &mut draft.scenario, problems));
            egui::CollapsingHeader::new(format!("Accounts ({})", draft.scenario.accounts.len()))
                .id_salt("accounts")
                .default_open(true)
                .show(ui, |ui| self.accounts.ui(ui, &mut draft.scenario, problems));
            egui::CollapsingHeader::new(format!("Plans ({})", draft.scenario.plans.len()))
                .id_salt("plans")
                .default_open(true)
                .show(ui, |ui| self.plans.ui(ui, draft, problems));
            egui::CollapsingHeader::new("Costs").default_open(false).show(ui, |ui| {
                widgets::money_row(
                    ui,
                    "Vendor cost per AI conversation",
                    &mut draft.scenario.costs.per_ai_conversation,
                );
                widgets::problems_ui(ui, problems, "costs.per_ai_conversation", false);
            });
        });
    }

    /// Whether a drag inside the editors is under way (an undo step is not over yet).
    #[must_use]
    pub fn is_dragging(&self) -> bool {
        self.accounts.is_dragging()
    }
}

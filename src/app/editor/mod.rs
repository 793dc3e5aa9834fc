//! The side panel: editors for everything in the scenario format, grouped and collapsible.

mod accounts;
mod charges;
mod plans;
mod scenario;
pub mod seasonality;
mod templates;
mod transitions;
pub mod widgets;

use super::document::EditState;
use crate::model::{Limits, Problem, SimulationSettings};
use eframe::egui::{self, Ui};

pub use accounts::{AccountsPanel, new_account};
pub use plans::PlansPanel;
pub use scenario::ScenarioPanel;
pub use templates::Template;
pub use transitions::{TransitionsPanel, new_transition};

/// The editor side panel.
#[derive(Debug, Default)]
pub struct EditorPanel {
    scenario: ScenarioPanel,
    accounts: AccountsPanel,
    plans: PlansPanel,
    transitions: TransitionsPanel,
}

impl EditorPanel {
    /// Shows the editors on `draft`, which they change in place.
    pub fn ui(&mut self, ui: &mut Ui, draft: &mut EditState, problems: &[Problem]) {
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            if !problems.is_empty() {
                ui.colored_label(
                    widgets::PROBLEM_COLOR,
                    format!("{}: the results show the last valid version", widgets::problem_count(problems.len())),
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
                .show(ui, |ui| {
                    let before: Vec<String> = draft.scenario.plans.iter().map(|p| p.name.clone()).collect();
                    self.plans.ui(ui, draft, problems);
                    follow_renamed_plans(&before, &mut draft.scenario);
                });
            egui::CollapsingHeader::new(format!("Transitions ({})", draft.scenario.transitions.len()))
                .id_salt("transitions")
                .default_open(!draft.scenario.transitions.is_empty())
                .show(ui, |ui| self.transitions.ui(ui, &mut draft.scenario, problems));
            egui::CollapsingHeader::new("Costs").default_open(false).show(ui, |ui| {
                widgets::money_row(
                    ui,
                    "Vendor cost per AI conversation",
                    &mut draft.scenario.costs.per_ai_conversation,
                );
                widgets::problems_ui(ui, problems, "costs.per_ai_conversation", false);
            });
            egui::CollapsingHeader::new("Monte Carlo").default_open(false).show(ui, |ui| {
                simulation_ui(ui, &mut draft.scenario.simulation, problems);
            });
        });
    }

    /// Whether a drag inside the editors is under way (an undo step is not over yet).
    #[must_use]
    pub fn is_dragging(&self) -> bool {
        self.accounts.is_dragging() || self.transitions.is_dragging()
    }
}

/// A plan renamed in the editor keeps its transitions: those moving from or to it follow its new
/// name (as a name typed in the file, they would otherwise name no plan).
fn follow_renamed_plans(before: &[String], scenario: &mut crate::model::Scenario) {
    if before.len() != scenario.plans.len() {
        return;
    }
    for (old, plan) in before.iter().zip(&scenario.plans) {
        if *old == plan.name || before.contains(&plan.name) {
            continue;
        }
        for t in &mut scenario.transitions {
            for end in [&mut t.from, &mut t.to] {
                if end == old {
                    end.clone_from(&plan.name);
                }
            }
        }
    }
}

/// The Monte Carlo settings: trials, seed and the two kinds of noise.
fn simulation_ui(ui: &mut Ui, sim: &mut SimulationSettings, problems: &[Problem]) {
    ui.weak("Uncertainty bands: 0 trials for none. Runs in the background after each edit.");
    widgets::count_row(ui, "Trials", &mut sim.trials, 0..=Limits::TRIALS);
    widgets::problems_ui(ui, problems, "simulation.trials", false);
    widgets::count_row(ui, "Seed", &mut sim.seed, 0..=u64::MAX);
    widgets::share_row(ui, "Volume noise (σ)", &mut sim.volume_noise)
        .on_hover_text("Spread of each month's volume (lognormal, mean-preserving)");
    widgets::share_row(ui, "Resolution noise (σ)", &mut sim.resolution_noise)
        .on_hover_text("How far the AI's resolution rate may turn out from the plan, per trial");
    widgets::problems_ui(ui, problems, "simulation", true);
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_renamed_plan_keeps_its_transitions() {
        let mut s = crate::model::examples::DEFAULT.scenario().unwrap();
        s.transitions.push(super::new_transition(&s));
        let before: Vec<String> = s.plans.iter().map(|p| p.name.clone()).collect();
        s.plans[1].name = "Renamed".into();
        super::follow_renamed_plans(&before, &mut s);
        assert_eq!((s.transitions[0].from.as_str(), s.transitions[0].to.as_str()), (before[0].as_str(), "Renamed"));
        // Plans swapped (moved up or down) are not a rename.
        let before: Vec<String> = s.plans.iter().map(|p| p.name.clone()).collect();
        s.plans.swap(0, 1);
        super::follow_renamed_plans(&before, &mut s);
        assert_eq!(s.transitions[0].to, "Renamed");
    }
}

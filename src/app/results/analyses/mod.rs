//! The Analysis tab: a price sweep, a break-even (goal seek) and a sensitivity tornado, each on
//! parameters picked from lists, computed in the background after every edit.

pub mod solve;
pub mod sweep;
pub mod tornado;
pub mod words;

use crate::app::background::{Background, Status};
use crate::app::command::{Command, Commands};
use crate::app::document::{Document, EditState};
use crate::app::jobs::{Job, Jobs};
use crate::engine::Error;
use crate::engine::analyses::{Group, Param};
use crate::model::Scenario;
use eframe::egui::{self, Ui};

pub use solve::SolveView;
pub use sweep::SweepView;
pub use tornado::TornadoView;

/// The three analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    /// Every plan's figures across a range of one parameter.
    #[default]
    Sweep,
    /// The price at which a plan earns a target.
    BreakEven,
    /// Which assumption moves a plan's total most.
    Sensitivity,
}

impl Tool {
    /// Every tool, in order.
    pub const ALL: [Self; 3] = [Self::Sweep, Self::BreakEven, Self::Sensitivity];

    /// The tool's name.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Sweep => "Sweep",
            Self::BreakEven => "Break-even",
            Self::Sensitivity => "Sensitivity",
        }
    }
}

/// What a view needs of the document: the scenario (and its shared snapshot and revision) and
/// whether it is valid.
pub struct Input<'a> {
    /// The scenario as edited.
    pub scenario: &'a Scenario,
    /// The scenario's revision: what every analysis is keyed by.
    pub revision: u64,
    /// Whether the scenario is valid (an invalid one is not analysed; the last results stay).
    pub valid: bool,
    /// The plans' colours.
    pub state: &'a EditState,
    /// The background work, with the analyses' latest results.
    pub jobs: &'a Jobs,
}

/// The Analysis tab's state.
#[derive(Default)]
pub struct AnalysisView {
    /// The tool shown.
    pub tool: Tool,
    /// The sweep.
    pub sweep: SweepView,
    /// The break-even.
    pub solve: SolveView,
    /// The tornado.
    pub tornado: TornadoView,
}

impl std::fmt::Debug for AnalysisView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnalysisView").field("tool", &self.tool).finish_non_exhaustive()
    }
}

impl AnalysisView {
    /// Shows the tool chosen, asking for its analysis of the current scenario.
    pub fn ui(&mut self, ui: &mut Ui, doc: &Document, jobs: &Jobs, out: &mut Commands) {
        let input = Input {
            scenario: doc.scenario(),
            revision: doc.scenario_revision(),
            valid: doc.is_current() || doc.is_simulating(),
            state: doc.state(),
            jobs,
        };
        ui.horizontal(|ui| {
            for tool in Tool::ALL {
                ui.selectable_value(&mut self.tool, tool, tool.label());
            }
        });
        ui.add_space(4.0);
        let apply = match self.tool {
            Tool::Sweep => self.sweep.ui(ui, &input, out),
            Tool::BreakEven => self.solve.ui(ui, &input, out),
            Tool::Sensitivity => {
                self.tornado.ui(ui, &input, out);
                None
            }
        };
        // Only the tool shown computes: the others keep their last results until shown again.
        if let Some(job) = self.job(&input)
            && !jobs.wants(&job)
        {
            out.push(Command::Run(job));
        }
        if let Some((param, value)) = apply {
            let mut state = doc.state().clone();
            if param.set(&mut state.scenario, value).is_ok() {
                out.push(Command::ApplyAnalysis(Box::new(state)));
            }
        }
    }

    /// The analysis the tool shown asks for, if its settings make one.
    fn job(&mut self, input: &Input<'_>) -> Option<Job> {
        match self.tool {
            Tool::Sweep => self.sweep.job(input),
            Tool::BreakEven => self.solve.job(input),
            Tool::Sensitivity => self.tornado.job(input),
        }
    }

    /// The analysis of the tool shown, to wait for (tests and benchmarks).
    pub fn wanted(&mut self, doc: &Document, jobs: &Jobs) -> Option<Job> {
        let input = Input {
            scenario: doc.scenario(),
            revision: doc.scenario_revision(),
            valid: doc.is_current(),
            state: doc.state(),
            jobs,
        };
        self.job(&input)
    }
}

/// A parameter picker: a group (every profile, a profile, a plan, the costs), then one of its
/// parameters, both from lists.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    /// The chosen parameter (`None` until one is chosen, or when the scenario lost it).
    pub param: Option<Param>,
}

impl Picker {
    /// The two lists; `only` narrows the groups and parameters offered. Returns whether the
    /// choice changed.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        id: &str,
        scenario: &Scenario,
        groups: &[Group],
        only: impl Fn(&Param) -> bool,
    ) -> bool {
        let before = self.param;
        // A parameter the scenario no longer has (a plan removed) is dropped.
        let offered = |g: &Group| g.parameters(scenario).into_iter().filter(|p| only(p)).collect::<Vec<_>>();
        let group_of = |p: &Param| groups.iter().copied().find(|g| offered(g).contains(p));
        if self.param.is_some_and(|p| group_of(&p).is_none()) {
            self.param = None;
        }
        let mut group = self.param.and_then(|p| group_of(&p));
        let groups: Vec<Group> = groups.iter().copied().filter(|g| !offered(g).is_empty()).collect();
        if group.is_none() {
            group = groups.first().copied();
        }
        ui.horizontal_wrapped(|ui| {
            let vary = ui.label("Vary");
            egui::ComboBox::from_id_salt((id, "group"))
                .selected_text(group.map(|g| g.label(scenario)).unwrap_or_default())
                .show_ui(ui, |ui| {
                    for g in &groups {
                        if ui.selectable_label(group == Some(*g), g.label(scenario)).clicked() && group != Some(*g) {
                            group = Some(*g);
                            self.param = offered(g).first().copied();
                        }
                    }
                })
                .response
                .labelled_by(vary.id);
            let params = group.map(|g| offered(&g)).unwrap_or_default();
            if self.param.is_none() {
                self.param = params.first().copied();
            }
            let field = ui.label("field");
            egui::ComboBox::from_id_salt((id, "parameter"))
                .selected_text(self.param.map(|p| field_label(scenario, p)).unwrap_or_default())
                .show_ui(ui, |ui| {
                    for p in params {
                        ui.selectable_value(&mut self.param, Some(p), field_label(scenario, p))
                            .on_hover_text(p.name(scenario));
                    }
                })
                .response
                .labelled_by(field.id);
        });
        before != self.param
    }
}

/// A parameter's name within its group, in words: "Resolution price", "growth a year".
#[must_use]
pub fn field_label(scenario: &Scenario, param: Param) -> String {
    words::field(scenario, param)
}

/// The progress line of a background analysis, with a Cancel button while it runs. Returns
/// whether the user cancelled.
pub fn status_ui<K: PartialEq + Clone + Send + 'static, T: Send + 'static>(
    ui: &mut Ui,
    runner: &Background<K, T>,
    stale: bool,
) -> bool {
    let mut cancelled = false;
    ui.horizontal(|ui| match runner.status() {
        Status::Running(done, total, secs) => {
            ui.add(egui::Spinner::new());
            if total > 0 {
                ui.weak(format!("computing: {done} of {total} ({secs:.1} s)"));
            } else {
                ui.weak("computing…");
            }
            cancelled = ui.button("Cancel").clicked();
        }
        Status::Waiting => {
            ui.weak("waiting for the edits to settle…");
        }
        Status::Cancelled => {
            ui.weak("cancelled: edit the scenario or the analysis to run it again");
        }
        Status::Idle if stale => {
            ui.weak("the figures below are of an earlier version of the scenario");
        }
        Status::Idle => {}
    });
    cancelled
}

/// A drop-down of the scenario's plans labelled `label`, choosing `plan`.
pub fn plan_combo(ui: &mut Ui, id: &str, label: &str, scenario: &Scenario, plan: &mut usize) {
    let name = |p: usize| scenario.plans.get(p).map_or_else(String::new, |p| p.name.clone());
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .selected_text(name(*plan))
        .show_ui(ui, |ui| {
            for p in 0..scenario.plans.len() {
                ui.selectable_value(plan, p, name(p));
            }
        })
        .response
        .labelled_by(l.id);
}

/// An analysis's failure for a person: the error's words, and for a tornado too large what to
/// do instead (the command line says it with its own option).
#[must_use]
pub fn error_text(e: &Error) -> String {
    match e {
        Error::TooLarge { .. } => {
            format!("{e}: `pricelab tornado FILE --vary PATH` varies only the parameters you name")
        }
        _ => e.to_string(),
    }
}

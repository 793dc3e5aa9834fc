//! The open document: the scenario being edited, its file, its history and its results.
//!
//! Every change goes through [`Document::edit`], the one place where the scenario changes and is
//! re-simulated; [`Document::settle`] then turns the edit in progress into one undo step.

use crate::engine::{self, Outcome};
use crate::model::{Problem, Scenario};
use std::path::PathBuf;

/// How one plan is drawn: kept beside the scenario (the file format has no place for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlanStyle {
    /// Line and bar colour, sRGB.
    pub color: [u8; 3],
    /// Whether the plan is drawn in the plots.
    pub visible: bool,
}

/// A palette that stays distinguishable for the colour-blind (Okabe–Ito, then Tableau).
const PALETTE: [[u8; 3]; 10] = [
    [0, 114, 178],
    [230, 159, 0],
    [0, 158, 115],
    [204, 121, 167],
    [213, 94, 0],
    [86, 180, 233],
    [240, 228, 66],
    [148, 103, 189],
    [140, 86, 75],
    [127, 127, 127],
];

impl PlanStyle {
    /// The default style of the plan at `index`.
    #[must_use]
    pub fn for_index(index: usize) -> Self {
        Self { color: PALETTE[index % PALETTE.len()], visible: true }
    }
}

/// What undo and redo restore: the scenario and how its plans are drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct EditState {
    /// The scenario.
    pub scenario: Scenario,
    /// One style per plan, in the plans' order.
    pub styles: Vec<PlanStyle>,
}

impl EditState {
    /// A state with default styles for the scenario's plans.
    #[must_use]
    pub fn new(scenario: Scenario) -> Self {
        let styles = (0..scenario.plans.len()).map(PlanStyle::for_index).collect();
        Self { scenario, styles }
    }
}

/// Undo and redo stacks. An edit in progress (a drag, a field being typed in) becomes one undo
/// step when the interaction ends.
#[derive(Debug, Default)]
struct History {
    undo: Vec<EditState>,
    redo: Vec<EditState>,
    /// The state before the edit in progress.
    pending: Option<EditState>,
}

const MAX_UNDO: usize = 200;

/// The document: a scenario, where it lives, whether it is saved, and its simulation.
#[derive(Debug)]
pub struct Document {
    state: EditState,
    /// The file the scenario was read from or saved to.
    pub path: Option<PathBuf>,
    /// The scenario as last read or saved; the document is dirty when it differs.
    saved: Option<Scenario>,
    history: History,
    /// The latest results: of the current scenario when it is valid, else of the last valid one.
    pub outcome: Option<Outcome>,
    /// The current scenario's problems (empty when it is valid and simulates).
    pub problems: Vec<Problem>,
}

impl Document {
    /// A document on `scenario`, read from `path` (or new when `None`).
    #[must_use]
    pub fn new(scenario: Scenario, path: Option<PathBuf>) -> Self {
        let saved = path.as_ref().map(|_| scenario.clone());
        let mut doc = Self {
            state: EditState::new(scenario),
            path,
            saved,
            history: History::default(),
            outcome: None,
            problems: Vec::new(),
        };
        doc.simulate();
        doc
    }

    /// The scenario.
    #[must_use]
    pub fn scenario(&self) -> &Scenario {
        &self.state.scenario
    }

    /// The edit state (scenario and plan styles).
    #[must_use]
    pub fn state(&self) -> &EditState {
        &self.state
    }

    /// Whether the scenario differs from its file (a new document is dirty once edited).
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        match &self.saved {
            Some(saved) => saved != &self.state.scenario,
            None => self.history.pending.is_some() || !self.history.undo.is_empty(),
        }
    }

    /// Whether the results shown are those of the current scenario.
    #[must_use]
    pub fn is_current(&self) -> bool {
        self.problems.is_empty()
    }

    /// Replaces the state with an edited one (one step of an edit that may still be in progress).
    pub fn edit(&mut self, new: EditState) {
        if new == self.state {
            return;
        }
        if self.history.pending.is_none() {
            self.history.pending = Some(self.state.clone());
        }
        let scenario_changed = new.scenario != self.state.scenario;
        self.state = new;
        if scenario_changed {
            self.simulate();
        }
    }

    /// Ends the edit in progress: it becomes one undo step.
    pub fn settle(&mut self) {
        if let Some(before) = self.history.pending.take()
            && before != self.state
        {
            self.history.undo.push(before);
            if self.history.undo.len() > MAX_UNDO {
                self.history.undo.remove(0);
            }
            self.history.redo.clear();
        }
    }

    /// Whether there is something to undo.
    #[must_use]
    pub fn can_undo(&self) -> bool {
        self.history.pending.is_some() || !self.history.undo.is_empty()
    }

    /// Whether there is something to redo.
    #[must_use]
    pub fn can_redo(&self) -> bool {
        self.history.pending.is_none() && !self.history.redo.is_empty()
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) {
        self.settle();
        if let Some(previous) = self.history.undo.pop() {
            let current = std::mem::replace(&mut self.state, previous);
            self.history.redo.push(current);
            self.simulate();
        }
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) {
        self.settle();
        if let Some(next) = self.history.redo.pop() {
            let current = std::mem::replace(&mut self.state, next);
            self.history.undo.push(current);
            self.simulate();
        }
    }

    /// Marks the scenario as saved to `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.settle();
        self.saved = Some(self.state.scenario.clone());
        self.path = Some(path);
    }

    fn simulate(&mut self) {
        match engine::simulate(&self.state.scenario) {
            Ok(outcome) => {
                self.outcome = Some(outcome);
                self.problems.clear();
            }
            Err(problems) => self.problems = problems,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::examples;

    fn doc() -> Document {
        Document::new(examples::DEFAULT.scenario().unwrap(), Some("fin.ron".into()))
    }

    #[test]
    fn an_interaction_is_one_undo_step() {
        let mut d = doc();
        let original = d.state().clone();
        for months in [30, 24, 12] {
            let mut s = d.state().clone();
            s.scenario.months = months;
            d.edit(s);
        }
        assert!(d.is_dirty());
        d.settle();
        assert_eq!(d.scenario().months, 12);
        d.undo();
        assert_eq!(d.state(), &original);
        assert!(!d.is_dirty());
        d.redo();
        assert_eq!(d.scenario().months, 12);
        assert_eq!(d.outcome.as_ref().unwrap().months.len(), 12, "re-simulated on redo");
    }

    #[test]
    fn invalid_edits_keep_the_last_results_and_list_the_problems() {
        let mut d = doc();
        let mut s = d.state().clone();
        s.scenario.months = 0;
        d.edit(s);
        assert!(!d.is_current());
        assert_eq!(d.problems[0].path(), Some("months"));
        assert_eq!(d.outcome.as_ref().unwrap().months.len(), 36);
    }

    #[test]
    fn saving_clears_dirty_and_a_new_edit_clears_redo() {
        let mut d = doc();
        let mut s = d.state().clone();
        s.scenario.name = "Renamed".into();
        d.edit(s);
        d.mark_saved("x.ron".into());
        assert!(!d.is_dirty());
        d.undo();
        assert!(d.is_dirty());
        assert!(d.can_redo());
        let mut t = d.state().clone();
        t.scenario.notes = "n".into();
        d.edit(t);
        d.settle();
        assert!(!d.can_redo());
    }
}

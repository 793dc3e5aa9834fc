//! The open document: the scenario being edited, its file, its history and its results.
//!
//! Every change goes through [`Document::edit`], the one place where the scenario changes and is
//! re-simulated; [`Document::settle`] then turns the edit in progress into one undo step.
//!
//! A small scenario is simulated on the spot, within the edit. A large one (thousands of account
//! profiles take tens of milliseconds) is checked and simulated on a thread of its own, so that
//! typing stays fluid: the results and problems shown meanwhile are the previous ones, and
//! [`Document::poll`] installs the new ones when they are ready.

use crate::app::background::Background;
use crate::engine::{self, Outcome};
use crate::model::{Problem, Scenario, line_months};
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;

/// How one plan is drawn: kept beside the scenario (the file format has no place for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlanStyle {
    /// Line and bar colour, sRGB.
    pub color: [u8; 3],
    /// Whether the plan is drawn in the plots.
    pub visible: bool,
}

impl PlanStyle {
    /// The default style of the plan at `index`.
    #[must_use]
    pub fn for_index(index: usize) -> Self {
        // A palette that stays distinguishable for the colour-blind; the quote's PDF draws with the same.
        Self { color: crate::io::palette::plan_color(index), visible: true }
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

/// The scenario (with its plans' styles) shared with work off the UI thread: the document's own
/// state, never copied.
#[derive(Debug, Clone)]
pub struct Snapshot(Arc<EditState>);

impl Snapshot {
    /// A snapshot of `scenario` on its own (for tests and benchmarks).
    #[must_use]
    pub fn of(scenario: Scenario) -> Self {
        Self(Arc::new(EditState::new(scenario)))
    }
}

impl std::ops::Deref for Snapshot {
    type Target = Scenario;

    fn deref(&self) -> &Scenario {
        &self.0.scenario
    }
}

/// Undo and redo stacks. An edit in progress (a drag, a field being typed in) becomes one undo
/// step when the interaction ends.
#[derive(Debug, Default)]
struct History {
    undo: Vec<Arc<EditState>>,
    redo: Vec<Arc<EditState>>,
    /// The state before the edit in progress.
    pending: Option<Arc<EditState>>,
}

const MAX_UNDO: usize = 200;

/// Scenarios of at most this much work ([`line_months`]: profiles × months × the plans' bill
/// lines and tiers) are simulated on the spot (about 1–2 ms); larger ones off the UI thread.
const ON_THE_SPOT: u128 = 20_000;

/// Results of more account profiles than this are freed off the UI thread.
const LARGE_OUTCOME: usize = 500;

/// The document: a scenario, where it lives, whether it is saved, and its simulation.
#[derive(Debug)]
pub struct Document {
    /// Shared with the jobs that compute from it (see [`Document::snapshot`]).
    state: Arc<EditState>,
    /// The file the scenario was read from or saved to.
    pub path: Option<PathBuf>,
    /// The comment lines at the top of that file, written again when it is saved.
    pub header: Option<String>,
    /// How many comments below the header that file has, which a save over it drops (0 once
    /// the user has agreed to that, or once saved).
    pub comments: usize,
    /// That file as this document last read or saved it (`None`: not read, or it could not be):
    /// a save over it first checks that nothing else has saved it since.
    pub stamp: Option<crate::io::Stamp>,
    /// The scenario as last read or saved; the document is dirty when it differs.
    saved: Option<Scenario>,
    /// Changes whenever `saved` does (a revision, unique across documents).
    saved_revision: u64,
    history: History,
    /// The latest results: of the current scenario when it is valid, else of the last valid one.
    pub outcome: Option<Outcome>,
    /// Changes whenever `outcome` is replaced (a revision, unique across documents): what views
    /// cache figures worked out from the results by.
    outcome_revision: u64,
    /// The current scenario's problems (empty when it is valid and simulates).
    pub problems: Vec<Problem>,
    /// The simulation of a large scenario off the UI thread, keyed by the scenario revision it
    /// simulates (one at a time: an edit while one runs waits for it to end).
    job: Background<u64, Result<Outcome, Vec<Problem>>>,
    /// Whether `outcome` is behind the current (valid) scenario until a job finishes.
    behind: bool,
    /// Changes with every change of the state, unique across documents (see [`Document::revision`]).
    revision: u64,
    /// The revision at which the scenario last changed (style-only edits keep it).
    scenario_revision: u64,
    /// Whether the scenario differs from `saved`, worked out once per scenario revision.
    differs_from_saved: std::cell::Cell<Option<(u64, bool)>>,
    /// Restored from a recovery file: unsaved until saved, though not yet edited.
    recovered: bool,
    /// Which document this is: its first revision (unique across the run's documents).
    id: u64,
}

/// The next document revision: one counter for every document of the run.
fn next_revision() -> u64 {
    static REVISIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    REVISIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Document {
    /// A document on `scenario`, read from `path` (or new when `None`).
    #[must_use]
    pub fn new(scenario: Scenario, path: Option<PathBuf>) -> Self {
        let saved = path.as_ref().map(|_| scenario.clone());
        let revision = next_revision();
        let mut doc = Self {
            state: Arc::new(EditState::new(scenario)),
            path,
            header: None,
            comments: 0,
            stamp: None,
            saved,
            saved_revision: revision,
            history: History::default(),
            outcome: None,
            outcome_revision: 0,
            problems: Vec::new(),
            job: Background::new("simulation", std::time::Duration::ZERO),
            behind: false,
            revision,
            scenario_revision: revision,
            differs_from_saved: std::cell::Cell::new(None),
            recovered: false,
            id: revision,
        };
        doc.simulate();
        doc
    }

    /// A document restored from a recovery file: `scenario` as it was edited, belonging to `path`
    /// (or never saved), and unsaved until the user saves it. `on_disk` is that file as it is
    /// now, when it can be read: the edits are changes to it (and none when they are equal).
    #[must_use]
    pub fn recovered(scenario: Scenario, path: Option<PathBuf>, on_disk: Option<Scenario>) -> Self {
        let mut doc = Self::new(scenario, path);
        doc.saved = on_disk;
        doc.recovered = true;
        doc
    }

    /// The scenario as last read or saved (`None`: never saved), and a revision that changes
    /// whenever it does.
    #[must_use]
    pub fn saved(&self) -> Option<(&Scenario, u64)> {
        self.saved.as_ref().map(|s| (s, self.saved_revision))
    }

    /// What the edits change in the scenario as last read or saved, field by field; `None` for
    /// a scenario never saved.
    #[must_use]
    pub fn changes_since_saved(&self) -> Option<Vec<crate::model::diff::Change>> {
        self.saved.as_ref().map(|saved| crate::model::diff::changes(saved, &self.state.scenario))
    }

    /// Which document this is: the same through every edit and save, another for a document
    /// opened, made new or restored (views that remember the results, like the revenue plot's
    /// comparison, start afresh on another document).
    #[must_use]
    pub fn id(&self) -> u64 {
        self.id
    }

    /// A number that changes whenever the state does, and differs between documents: what
    /// recovery compares to know whether its file is up to date.
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// A number that changes whenever [`Document::outcome`] is replaced, and differs between
    /// documents: what views cache what they work out from the results by.
    #[must_use]
    pub fn outcome_revision(&self) -> u64 {
        self.outcome_revision
    }

    /// A number that changes whenever the scenario does (not with a plan's colour): what the
    /// jobs computing from the scenario are keyed by.
    #[must_use]
    pub fn scenario_revision(&self) -> u64 {
        self.scenario_revision
    }

    /// The scenario.
    #[must_use]
    pub fn scenario(&self) -> &Scenario {
        &self.state.scenario
    }

    /// The scenario as a shared snapshot for work off the UI thread (nothing is copied: an edit
    /// replaces the document's state rather than changing it).
    #[must_use]
    pub fn snapshot(&self) -> Snapshot {
        Snapshot(Arc::clone(&self.state))
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
            Some(saved) => match self.differs_from_saved.get() {
                Some((revision, differs)) if revision == self.scenario_revision => differs,
                _ => {
                    let differs = saved != &self.state.scenario;
                    self.differs_from_saved.set(Some((self.scenario_revision, differs)));
                    differs
                }
            },
            None => self.recovered || self.history.pending.is_some() || !self.history.undo.is_empty(),
        }
    }

    /// Whether the results shown are those of the current scenario.
    #[must_use]
    pub fn is_current(&self) -> bool {
        self.problems.is_empty() && !self.behind
    }

    /// Whether the current scenario is being checked and simulated off the UI thread (the results
    /// and problems shown are an earlier version's, or none yet).
    #[must_use]
    pub fn is_simulating(&self) -> bool {
        self.behind
    }

    /// Replaces the state with an edited one (one step of an edit that may still be in progress).
    pub fn edit(&mut self, new: EditState) {
        let scenario_changed = new.scenario != self.state.scenario;
        if !scenario_changed && new.styles == self.state.styles {
            return;
        }
        let before = std::mem::replace(&mut self.state, Arc::new(new));
        if self.history.pending.is_none() {
            self.history.pending = Some(before);
        } else if before.scenario.accounts.len() > LARGE_OUTCOME {
            // An intermediate state of the edit in progress: thousands of profiles take
            // milliseconds to free, not on the UI thread.
            crate::app::background::dispose(before);
        }
        self.revision = next_revision();
        if scenario_changed {
            self.scenario_changed();
        }
    }

    /// Ends the edit in progress: it becomes one undo step.
    pub fn settle(&mut self) {
        if let Some(before) = self.history.pending.take()
            && !Arc::ptr_eq(&before, &self.state)
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
            self.revision = next_revision();
            self.history.redo.push(current);
            self.scenario_changed();
        }
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) {
        self.settle();
        if let Some(next) = self.history.redo.pop() {
            let current = std::mem::replace(&mut self.state, next);
            self.revision = next_revision();
            self.history.undo.push(current);
            self.scenario_changed();
        }
    }

    /// Marks the scenario as saved to `path`, the bytes written stamped `stamp`.
    pub fn mark_saved(&mut self, path: PathBuf, stamp: Option<crate::io::Stamp>) {
        self.settle();
        self.stamp = stamp;
        self.saved = Some(self.state.scenario.clone());
        self.saved_revision = next_revision();
        self.differs_from_saved.set(None);
        self.recovered = false;
        self.path = Some(path);
    }

    /// The scenario changed (at the current revision): it is simulated.
    fn scenario_changed(&mut self) {
        self.scenario_revision = self.revision;
        self.simulate();
    }

    fn simulate(&mut self) {
        let s = &self.state.scenario;
        if line_months(s) <= ON_THE_SPOT {
            // (A job still running for an earlier scenario is let finish, its result dropped.)
            self.job.clear();
            self.behind = false;
            let result = engine::simulate(s);
            self.install(result);
            return;
        }
        // Checked and simulated off the UI thread (checking 10,000 profiles alone takes
        // milliseconds): the problems found so far stay shown until the answer comes.
        self.behind = true;
        let scenario = self.snapshot();
        self.job.request(self.scenario_revision, move || Box::new(move |_| engine::simulate(&scenario)));
        self.collect();
    }

    /// Installs the current scenario's results when its job has them; simulates on the spot
    /// when its job ended without them (no thread could be started, or it died).
    fn collect(&mut self) {
        if !self.behind {
            return;
        }
        if let Some(result) = self.job.take_current() {
            self.behind = false;
            self.install(result);
        } else if !self.job.is_busy() {
            self.behind = false;
            let result = engine::simulate(&self.state.scenario);
            self.install(result);
        }
    }

    /// Collects the simulation running off the UI thread if it has finished (call once a
    /// frame). Returns whether one is still running.
    pub fn poll(&mut self, ctx: &egui::Context) -> bool {
        self.job.update(ctx);
        self.collect();
        self.job.is_busy()
    }

    /// Waits until the results are those of the current scenario (or it has problems): for
    /// exports, which must not write an earlier version's figures, and for tests.
    pub fn finish(&mut self) {
        if self.behind {
            self.job.wait();
            self.collect();
        }
    }

    fn install(&mut self, result: Result<Outcome, Vec<Problem>>) {
        match result {
            Ok(outcome) => {
                let old = self.outcome.replace(outcome);
                self.outcome_revision = next_revision();
                // A large scenario's results take milliseconds to free: not on the UI thread.
                if let Some(old) = old.filter(|o| o.accounts.len() > LARGE_OUTCOME) {
                    let _ = std::thread::Builder::new().name("free".into()).spawn(move || drop(old));
                }
                self.problems.clear();
            }
            Err(problems) => self.problems = problems,
        }
    }
}

#[cfg(test)]
mod tests;

//! The desktop app: edit a scenario in the side panel, see every plan's revenue side by side.
//!
//! Everything a panel, menu, shortcut, dialog or view asks for is a [`Command`] (`command.rs`),
//! applied in one place, [`PricelabApp::apply`] (`apply.rs`), where undo, dirty-marking,
//! re-simulation and background work ([`Jobs`], `jobs.rs`) start. `ui()` below is the frame:
//! the panels, then the commands they sent.

mod actions;
mod apply;
pub mod background;
pub mod changes;
pub mod chart_export;
pub mod command;
mod dialogs;
pub mod document;
pub mod editor;
pub mod files;
mod frame;
pub mod glossary;
pub mod guide;
pub mod headless;
mod hooks;
pub mod import;
pub mod jobs;
pub mod mc_runner;
mod menus;
mod panels;
mod prompts;
pub mod recovery;
pub mod results;
mod window;

pub use command::{Command, Commands};
pub use jobs::{Job, JobKind, Jobs};
pub use window::{run, watch_signals};

use crate::model::examples;
pub use actions::blank_scenario;
use actions::default_scenario;
use document::{Document, EditState};
use editor::EditorPanel;
use eframe::egui::Ui;
use prompts::Prompts;
use results::ResultsPanel;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// What is remembered between runs: preferences and recent files, never the scenario itself.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Most recently used files, newest first.
    pub recent: Vec<PathBuf>,
    /// Dark (true) or light theme.
    pub dark: Option<bool>,
    /// The central area's tab.
    pub tab: results::Tab,
    /// Monthly or cumulative revenue.
    pub revenue: results::RevenueView,
    /// The Quote tab's proposal details (customer and vendor names, start, length, budget), by
    /// scenario file.
    pub proposals: std::collections::BTreeMap<PathBuf, results::quote::Proposal>,
}

/// The app.
pub struct PricelabApp {
    doc: Document,
    /// What the editors change in place.
    draft: Draft,
    /// Preferences, recent files and the view settings kept between runs.
    pub settings: Settings,
    editor: EditorPanel,
    results: ResultsPanel,
    /// Every kind of background work (the Monte Carlo run, the backtest, the quote, the
    /// analyses) and its latest result.
    jobs: Jobs,
    /// The windows over the app.
    windows: Windows,
    /// The file dialogs, questions and errors.
    prompts: Prompts,
    /// Starting, closing, signals, recovery files and full screen.
    lifecycle: Lifecycle,
    /// The last message for the status bar.
    status: String,
    /// Commands to apply at the end of the frame.
    queue: Commands,
    /// The shipped examples' names, read once (for the menu).
    example_names: Vec<String>,
}

/// The editors' draft: the document's state at revision `revision`, then the user's edits until
/// they are applied. Kept between frames, so that a frame without an edit copies nothing.
struct Draft {
    state: EditState,
    revision: u64,
    /// Whether the last frame had input (see where the draft is compared).
    input_last_frame: bool,
}

/// The windows that open over the app.
#[derive(Default)]
struct Windows {
    /// The glossary window is open (Help ▸ Glossary).
    glossary: bool,
    /// The user's guide is open (Help ▸ User's guide), at this chapter.
    guide: (bool, usize),
    /// *Edit ▸ Changes since saved…*
    changes: changes::ChangesWindow,
    /// The *Export chart* window.
    chart_export: chart_export::ChartExport,
    /// *File ▸ Import usage history…*
    import: import::ImportDialog,
}

/// The app's life: starting, presenting, closing.
struct Lifecycle {
    /// Set once quitting is confirmed.
    quitting: bool,
    /// The window has been asked to close.
    close_sent: bool,
    /// Whether the window has been checked against the screen it opened on.
    fitted: bool,
    title: String,
    /// Unsaved edits kept in a recovery file, and what earlier runs left there.
    autosave: recovery::Autosave,
    /// Recovery files left by earlier runs are offered again only at the next start.
    recovery_later: bool,
    /// How many signals to quit (SIGTERM, SIGINT, SIGHUP) have arrived, and how many were seen.
    signals: Arc<AtomicUsize>,
    signals_seen: usize,
    /// The app closes without deleting its recovery file (a second signal forced it).
    keep_recovery: bool,
    /// *View ▸ Present*: the results alone, full-screen, in larger type.
    presenting: bool,
    /// Whether the window was last asked to be full-screen (it follows `presenting`).
    fullscreen: bool,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Self {
            quitting: false,
            close_sent: false,
            fitted: false,
            title: String::new(),
            autosave: recovery::Autosave::new(None),
            recovery_later: false,
            signals: Arc::new(AtomicUsize::new(0)),
            signals_seen: 0,
            keep_recovery: false,
            presenting: false,
            fullscreen: false,
        }
    }
}

impl PricelabApp {
    /// The app on the built-in example, or on `file` when given (an invalid file opens the
    /// example and shows the file's problems).
    #[must_use]
    pub fn new(file: Option<&Path>, settings: Settings) -> Self {
        let doc = Document::new(default_scenario(), None);
        let mut app = Self {
            draft: Draft { state: doc.state().clone(), revision: doc.revision(), input_last_frame: true },
            doc,
            settings,
            editor: EditorPanel::default(),
            results: ResultsPanel::default(),
            jobs: Jobs::default(),
            windows: Windows::default(),
            prompts: Prompts::default(),
            lifecycle: Lifecycle::default(),
            status: String::new(),
            queue: Commands::new(),
            example_names: examples::ALL
                .iter()
                .map(|e| e.scenario().map_or_else(|_| e.file.to_owned(), |s| s.name))
                .collect(),
        };
        app.results.tab = app.settings.tab;
        app.results.quote.remember(app.settings.proposals.clone());
        app.results.revenue = app.settings.revenue;
        if let Some(path) = file {
            app.apply(Command::OpenPath(path.to_owned()));
        }
        app
    }

    /// Keeps unsaved edits in a recovery file in `data_dir` (see [`recovery`]) and offers what an
    /// earlier run left there.
    #[must_use]
    pub fn with_recovery(mut self, data_dir: Option<PathBuf>) -> Self {
        self.lifecycle.autosave = recovery::Autosave::new(data_dir);
        self
    }

    /// Counts signals to quit in `signals` (the app handles each as a request to close the
    /// window; a second one while unsaved changes are asked about closes it at once).
    #[must_use]
    pub fn with_signals(mut self, signals: Arc<AtomicUsize>) -> Self {
        self.lifecycle.signals = signals;
        self
    }

    /// Asks for paths with the typed-path prompt rather than the system's file dialog (as on a
    /// machine without one): for tests, which must not open native dialogs.
    #[must_use]
    pub fn without_file_dialogs(mut self) -> Self {
        self.prompts.dialogs.unavailable = true;
        self
    }

    /// Writes any unsaved edits to the recovery file now (the app is about to stop unasked).
    pub fn keep_unsaved(&mut self) {
        self.lifecycle.autosave.write_now(&self.doc);
    }

    /// The recovery of unsaved edits.
    #[must_use]
    pub fn autosave(&self) -> &recovery::Autosave {
        &self.lifecycle.autosave
    }

    /// The open document.
    #[must_use]
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The background work and its latest results (the Monte Carlo run, the backtest, the
    /// quote, the analyses).
    #[must_use]
    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    /// The Monte Carlo run of the current scenario.
    #[must_use]
    pub fn mc(&self) -> &mc_runner::McRunner {
        &self.jobs.monte_carlo
    }

    /// The Quote tab's latest quote, if any.
    #[must_use]
    pub fn quote(&self) -> Option<&crate::engine::quote::Quote> {
        results::quote::latest(&self.jobs)
    }

    /// The words of the Quote tab's latest quote (its findings, assumptions and terms), if any.
    #[must_use]
    pub fn quote_words(&self) -> Option<&crate::io::quote::words::Words> {
        results::quote::latest_words(&self.jobs)
    }

    /// The Customers tab's latest backtest, if any.
    #[must_use]
    pub fn backtest(&self) -> Option<&crate::engine::backtest::Backtest> {
        results::customers::backtest(&self.jobs)
    }

    /// The status bar's message.
    #[must_use]
    pub fn status(&self) -> &str {
        &self.status
    }

    /// Problems of the last file that could not be opened.
    #[must_use]
    pub fn open_errors(&self) -> Option<&(PathBuf, Vec<String>)> {
        self.prompts.open_errors.as_ref()
    }

    /// Whether the app is closing.
    #[must_use]
    pub fn is_quitting(&self) -> bool {
        self.lifecycle.quitting
    }

    /// Whether the app asks a question before going on: to save unsaved changes first, or
    /// whether to save over a file changed on disk.
    #[must_use]
    pub fn is_confirming(&self) -> bool {
        self.prompts.confirm.is_some()
    }

    /// Answers the unsaved-changes question as its *Discard changes* button does: what was
    /// asked for is done, the edits dropped (for the headless app's process tests).
    pub fn discard_changes(&mut self) {
        if let Some(confirm) = self.prompts.confirm.take() {
            self.execute(confirm.then);
        }
    }

    /// The results panel (its views' settings and analyses).
    #[must_use]
    pub fn results(&self) -> &ResultsPanel {
        &self.results
    }

    /// The central area's state (tabs, views).
    pub fn results_mut(&mut self) -> &mut ResultsPanel {
        &mut self.results
    }

    /// The window title: scenario name, file and an unsaved-changes marker.
    #[must_use]
    pub fn window_title(&self) -> String {
        let file = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| "not saved".to_owned(), |f| f.to_string_lossy().into_owned());
        let dirty = if self.doc.is_dirty() { "● " } else { "" };
        format!("{dirty}{} — {file} — pricelab", self.doc.scenario().name)
    }
}

impl PricelabApp {
    /// Draws the whole app for one frame and applies what the user asked: what comes in
    /// (signals, shortcuts, dropped files, chosen paths), the panels and windows, then the
    /// commands they sent.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.inputs(&ctx);
        if self.lifecycle.presenting {
            self.presenting_bar(ui);
        } else {
            self.panels(ui);
        }
        self.take_draft(&ctx);
        self.jobs.update(&ctx, &self.doc);
        self.windows_ui(&ctx);
        self.central(ui);
        self.windows.chart_export.ui(&ctx, &mut self.queue);
        self.remember_view();
        self.dialogs_ui(&ctx);
        self.import_ui(&ctx);
        self.settle_when_still(&ctx);
        self.apply_queued(&ctx);
        self.after_frame(&ctx);
        self.window(&ctx);
    }
}

/// A shipped example by its file name (`"saas-portfolio.ron"`), read: the one place the app's
/// tests look an example up by name.
///
/// # Panics
/// When no example has that name or it does not read (a broken build).
#[cfg(test)]
#[allow(clippy::expect_used)]
pub(crate) fn example(file: &str) -> crate::model::Scenario {
    examples::scenario_named(file).expect("a shipped example")
}

impl eframe::App for PricelabApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        PricelabApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_saved_by_earlier_versions_still_load() {
        // As eframe stored them before the app's fields were grouped (RON).
        let saved = r#"(recent: ["/tmp/a.ron"], dark: Some(true), tab: Quote,
            revenue: (cumulative: true, spread: false, compare: true), proposals: {})"#;
        let settings: Settings = ron::from_str(saved).expect("loads");
        assert_eq!(settings.recent, [PathBuf::from("/tmp/a.ron")]);
        assert_eq!((settings.dark, settings.tab), (Some(true), results::Tab::Quote));
        assert!(settings.revenue.cumulative);
        // And a field unknown or missing falls back to its default without losing the rest.
        let partial: Settings = ron::from_str("(dark: Some(false))").expect("loads");
        assert_eq!((partial.dark, partial.tab), (Some(false), results::Tab::Revenue));
    }
}

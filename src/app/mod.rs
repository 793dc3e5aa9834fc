//! The desktop app: edit a scenario in the side panel, see every plan's revenue side by side.
//!
//! Edits and file actions are [`Command`]s applied in one place, [`PricelabApp::apply`], where
//! undo, dirty-marking and re-simulation happen.

mod actions;
pub mod background;
pub mod changes;
pub mod chart_export;
mod dialogs;
pub mod document;
pub mod editor;
pub mod files;
pub mod glossary;
pub mod guide;
pub mod headless;
mod hooks;
pub mod import;
pub mod mc_runner;
mod menus;
mod panels;
pub mod recovery;
pub mod results;
mod window;

pub use window::{run, watch_signals};

use crate::model::{Scenario, examples};
pub use actions::blank_scenario;
use actions::default_scenario;
use document::{Document, EditState};
use editor::EditorPanel;
use eframe::egui::{self, Ui};
use files::{FileDialogs, Purpose};
use results::ResultsPanel;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

/// Everything a user can ask of the app besides editing a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// An edited scenario (and plan styles) from the editors.
    Edit(Box<EditState>),
    /// A whole change made at once (an analysis's value applied): one undo step.
    Apply(Box<EditState>),
    /// A new scenario (the built-in example, unsaved).
    New,
    /// Ask for a file to open.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Discard the unsaved edits and read the document's file again.
    Revert,
    /// Ask for a scenario file to compare the document with.
    Compare,
    /// Show what the document changes against this scenario file.
    CompareWith(PathBuf),
    /// Open a shipped example (index into [`examples::ALL`]).
    OpenExample(usize),
    /// Show the dialog that imports usage history.
    ImportUsage,
    /// Replace the scenario with one of real customers (from the import dialog), unsaved.
    Imported(Box<Scenario>),
    /// Save to the document's file (or ask for one).
    Save,
    /// Ask for a file and save there.
    SaveAs,
    /// Save to this file.
    SaveTo(PathBuf),
    /// Save to this file even though it changed on disk since the document read or saved it
    /// (the answer *Overwrite* when Save asks about that).
    SaveOver(PathBuf),
    /// Ask for a file and export the results as CSV.
    ExportCsv,
    /// Ask for a file and export the results as JSON.
    ExportJson,
    /// Open the *Export chart* window (the revenue chart as PNG or SVG, at a chosen size).
    ExportPng,
    /// Export to this file, in the format its purpose says.
    ExportTo(Purpose, PathBuf),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Close the app.
    Quit,
    /// Restore the unsaved edits of this recovery file (left by an earlier run) as the document.
    Restore(PathBuf),
    /// Delete this recovery file (left by an earlier run) without restoring it.
    DiscardRecovery(PathBuf),
    /// Show the results alone, full-screen and in larger type (`true`), or go back (`false`).
    Present(bool),
}

impl Command {
    /// Whether the command would replace or close the document (and so must ask first when it
    /// has unsaved changes).
    fn discards(&self) -> bool {
        matches!(
            self,
            Self::New
                | Self::Open
                | Self::OpenPath(_)
                | Self::OpenExample(_)
                | Self::Revert
                | Self::Imported(_)
                | Self::Quit
                | Self::Restore(_)
        )
    }
}

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

/// A question to the user before a command that would lose work: unsaved changes (before the
/// command `then`), or, when `then` is [`Command::SaveOver`], what another program or window
/// saved to the file since this document read it.
#[derive(Debug, Clone)]
struct Confirm {
    then: Command,
    /// What would be lost, worked out once as the question is asked (`None`: never saved, or
    /// the question is about the file on disk).
    changes: Option<Vec<crate::model::diff::Change>>,
    /// When the file on disk was last modified, in seconds since 1970 (for the question about it).
    modified: Option<u64>,
    /// The question is whether to save over a file whose comments (this many, below its
    /// header) saving drops.
    comments: usize,
}

impl Confirm {
    fn new(then: Command, doc: &Document) -> Self {
        Self { then, changes: doc.changes_since_saved(), modified: None, comments: 0 }
    }

    /// Before saving over `path`, which something else has saved since the document read it.
    fn changed_on_disk(path: PathBuf) -> Self {
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs());
        Self { then: Command::SaveOver(path), changes: None, modified, comments: 0 }
    }

    /// Before the first save over `path`, whose `comments` below its header saving drops.
    fn dropping_comments(path: PathBuf, comments: usize) -> Self {
        Self { then: Command::SaveTo(path), changes: None, modified: None, comments }
    }
}

/// The app.
pub struct PricelabApp {
    doc: Document,
    /// What the editors change in place: the document's state at revision `draft_revision`, then
    /// the user's edits until they are applied. Kept between frames, so that a frame without an
    /// edit copies nothing.
    draft: document::EditState,
    draft_revision: u64,
    /// Whether the last frame had input (see where the draft is compared).
    input_last_frame: bool,
    /// Preferences and recent files.
    pub settings: Settings,
    editor: EditorPanel,
    results: ResultsPanel,
    /// The Monte Carlo run of the current scenario.
    pub mc: mc_runner::McRunner,
    dialogs: FileDialogs,
    confirm: Option<Confirm>,
    /// Why the last save failed, with the file it was for (shown until dismissed).
    save_error: Option<(PathBuf, String)>,
    /// Problems of a file that could not be opened, with its path.
    open_errors: Option<(PathBuf, Vec<String>)>,
    /// The last message for the status bar.
    status: String,
    /// Commands to apply at the end of the frame.
    queue: Vec<Command>,
    /// The shipped examples' names, read once (for the menu).
    example_names: Vec<String>,
    /// Set once quitting is confirmed.
    quitting: bool,
    /// The window has been asked to close.
    close_sent: bool,
    /// Whether the window has been checked against the screen it opened on.
    fitted: bool,
    title: String,
    /// The glossary window is open (Help ▸ Glossary).
    glossary_open: bool,
    /// The user's guide is open (Help ▸ User's guide), at this chapter.
    guide: (bool, usize),
    /// *Edit ▸ Changes since saved…*
    changes: changes::ChangesWindow,
    /// The *Export chart* window.
    chart_export: chart_export::ChartExport,
    /// Unsaved edits kept in a recovery file, and what earlier runs left there.
    autosave: recovery::Autosave,
    /// Recovery files left by earlier runs are offered again only at the next start.
    recovery_later: bool,
    /// How many signals to quit (SIGTERM, SIGINT, SIGHUP) have arrived, and how many were seen.
    signals: Arc<AtomicUsize>,
    signals_seen: usize,
    /// The app closes without deleting its recovery file (a second signal forced it).
    keep_recovery: bool,
    /// What to do once the document is saved: the command the unsaved-changes question was
    /// asked for, when its answer was *Save* and the scenario had no file yet.
    after_save: Option<Command>,
    /// *File ▸ Import usage history…*
    pub import: import::ImportDialog,
    /// *View ▸ Present*: the results alone, full-screen, in larger type.
    presenting: bool,
    /// Whether the window was last asked to be full-screen (it follows `presenting`).
    fullscreen: bool,
}

impl PricelabApp {
    /// The app on the built-in example, or on `file` when given (an invalid file opens the
    /// example and shows the file's problems).
    #[must_use]
    pub fn new(file: Option<&Path>, settings: Settings) -> Self {
        let doc = Document::new(default_scenario(), None);
        let mut app = Self {
            draft: doc.state().clone(),
            draft_revision: doc.revision(),
            input_last_frame: true,
            doc,
            settings,
            editor: EditorPanel::default(),
            results: ResultsPanel::default(),
            mc: mc_runner::McRunner::default(),
            dialogs: FileDialogs::default(),
            confirm: None,
            open_errors: None,
            save_error: None,
            status: String::new(),
            queue: Vec::new(),
            example_names: examples::ALL
                .iter()
                .map(|e| e.scenario().map_or_else(|_| e.file.to_owned(), |s| s.name))
                .collect(),
            quitting: false,
            close_sent: false,
            fitted: false,
            title: String::new(),
            glossary_open: false,
            guide: (false, 0),
            changes: changes::ChangesWindow::default(),
            chart_export: chart_export::ChartExport::default(),
            autosave: recovery::Autosave::new(None),
            recovery_later: false,
            signals: Arc::new(AtomicUsize::new(0)),
            signals_seen: 0,
            keep_recovery: false,
            after_save: None,
            import: import::ImportDialog::default(),
            presenting: false,
            fullscreen: false,
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
        self.autosave = recovery::Autosave::new(data_dir);
        self
    }

    /// Counts signals to quit in `signals` (the app handles each as a request to close the
    /// window; a second one while unsaved changes are asked about closes it at once).
    #[must_use]
    pub fn with_signals(mut self, signals: Arc<AtomicUsize>) -> Self {
        self.signals = signals;
        self
    }

    /// Asks for paths with the typed-path prompt rather than the system's file dialog (as on a
    /// machine without one): for tests, which must not open native dialogs.
    #[must_use]
    pub fn without_file_dialogs(mut self) -> Self {
        self.dialogs.unavailable = true;
        self
    }

    /// Writes any unsaved edits to the recovery file now (the app is about to stop unasked).
    pub fn keep_unsaved(&mut self) {
        self.autosave.write_now(&self.doc);
    }

    /// The recovery of unsaved edits.
    #[must_use]
    pub fn autosave(&self) -> &recovery::Autosave {
        &self.autosave
    }

    /// The open document.
    #[must_use]
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// What the Monte Carlo run is keyed by: the scenario's revision and trials, when it is valid.
    pub(super) fn monte_carlo_key(&self) -> Option<(u64, u64)> {
        self.doc.is_current().then(|| (self.doc.scenario_revision(), self.doc.scenario().simulation.trials))
    }

    /// The status bar's message.
    #[must_use]
    pub fn status(&self) -> &str {
        &self.status
    }

    /// Problems of the last file that could not be opened.
    #[must_use]
    pub fn open_errors(&self) -> Option<&(PathBuf, Vec<String>)> {
        self.open_errors.as_ref()
    }

    /// Whether the app is closing.
    #[must_use]
    pub fn is_quitting(&self) -> bool {
        self.quitting
    }

    /// Whether the app asks a question before going on: to save unsaved changes first, or
    /// whether to save over a file changed on disk.
    #[must_use]
    pub fn is_confirming(&self) -> bool {
        self.confirm.is_some()
    }

    /// Answers the unsaved-changes question as its *Discard changes* button does: what was
    /// asked for is done, the edits dropped (for the headless app's process tests).
    pub fn discard_changes(&mut self) {
        if let Some(confirm) = self.confirm.take() {
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

    /// Queues a command, applied at the end of the frame.
    pub fn send(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// Applies a command: the one place where the document changes.
    pub fn apply(&mut self, command: Command) {
        if command.discards() && self.doc.is_dirty() {
            self.confirm = Some(Confirm::new(command, &self.doc));
        } else {
            self.execute(command);
        }
    }

    /// Carries out a command, without asking about unsaved changes.
    fn execute(&mut self, command: Command) {
        match command {
            Command::Edit(state) => self.doc.edit(*state),
            Command::Apply(state) => {
                self.doc.settle();
                self.doc.edit(*state);
                self.doc.settle();
            }
            Command::New => {
                self.doc = Document::new(blank_scenario(), None);
                self.status = "New scenario: one account and one plan to start from (File > New from an example for the worked ones)".into();
            }
            Command::Open => self.dialogs.ask(Purpose::Open, self.directory(), String::new()),
            Command::OpenPath(path) => self.open(&path),
            Command::Compare => self.dialogs.ask(Purpose::Compare, self.directory(), String::new()),
            Command::CompareWith(path) => self.compare_with(&path),
            Command::Revert => {
                if let Some(path) = self.doc.path.clone() {
                    self.open(&path);
                    if self.doc.path.as_ref() == Some(&path) && !self.doc.is_dirty() {
                        self.status = format!("Reverted to {} as saved", path.display());
                    }
                }
            }
            Command::OpenExample(i) => {
                if let Some(e) = examples::ALL.get(i)
                    && let Ok(s) = e.scenario()
                {
                    self.doc = Document::new(s, None);
                    self.status = format!("Opened the example {} (Save As to keep a copy)", e.file);
                }
            }
            Command::ImportUsage => self.import.show(),
            Command::Imported(scenario) => {
                let n = scenario.accounts.len();
                self.doc = Document::new(*scenario, None);
                self.results.tab = results::Tab::Customers;
                self.status = format!(
                    "Imported {n} customers, each fitted to its history: save to keep them (the usage is kept beside the scenario)"
                );
            }
            Command::Save => match self.doc.path.clone() {
                Some(path) => self.save_to(path, false),
                None => self.apply(Command::SaveAs),
            },
            Command::SaveAs => self.dialogs.ask(Purpose::SaveAs, self.directory(), self.suggested_name("ron")),
            Command::SaveTo(path) => self.save_to(path, false),
            Command::SaveOver(path) => self.save_to(path, true),
            Command::ExportCsv => self.dialogs.ask(Purpose::ExportCsv, self.directory(), self.suggested_name("csv")),
            Command::ExportJson => self.dialogs.ask(Purpose::ExportJson, self.directory(), self.suggested_name("json")),
            Command::ExportPng => self.chart_export.open = true,
            Command::ExportTo(purpose, path) => self.export(purpose, &path),
            Command::Undo => self.doc.undo(),
            Command::Redo => self.doc.redo(),
            Command::Quit => self.quitting = true,
            Command::Restore(path) => self.restore(&path),
            Command::DiscardRecovery(path) => {
                self.autosave.discard_offer(&path);
                self.status = "Discarded the unsaved edits of an earlier session".into();
            }
            Command::Present(on) => {
                self.presenting = on;
                self.status = if on { String::new() } else { "Left the presentation".into() };
            }
        }
    }
}

impl PricelabApp {
    /// Draws the whole app for one frame and applies what the user asked.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.signalled(&ctx);
        self.shortcuts(&ctx);
        if self.fullscreen != self.presenting {
            self.fullscreen = self.presenting;
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.presenting));
        }
        self.drag_and_drop(&ctx);
        if let Some((purpose, path)) = self.dialogs.poll() {
            self.path_chosen(purpose, path);
        }
        self.doc.poll(&ctx);
        if self.dialogs.is_open() {
            // Nothing else wakes the app when the dialog thread answers.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }

        if self.draft_revision != self.doc.revision() {
            // Undo, redo, an open or a command changed the document: the editors start from it.
            self.draft = self.doc.state().clone();
            self.draft_revision = self.doc.revision();
        }
        if self.presenting {
            self.presenting_bar(ui);
        } else {
            self.panels(ui);
        }
        // The editors change the draft only in answer to input: without any this frame or the
        // last, the comparison (a walk through the whole scenario) is skipped.
        let input =
            ctx.input(|i| !i.events.is_empty() || i.pointer.any_down() || i.pointer.delta() != egui::Vec2::ZERO);
        if (input || self.input_last_frame) && &self.draft != self.doc.state() {
            self.apply(Command::Edit(Box::new(self.draft.clone())));
            // An edit is always taken: the document now holds the draft, nothing to copy back.
            self.draft_revision = self.doc.revision();
        }
        self.input_last_frame = input;
        let current = self.monte_carlo_key();
        let doc = &self.doc;
        self.mc.update(&ctx, current, || doc.snapshot());
        glossary::window(&ctx, &mut self.glossary_open);
        guide::window(&ctx, &mut self.guide.0, &mut self.guide.1);
        self.changes.ui(&ctx, &self.doc);
        self.central(ui);
        if std::mem::take(&mut self.results.quote.export) {
            let quote = &self.results.quote;
            let name =
                quote.quote().map_or_else(|| "quote".into(), |q| format!("{}-quote", quote.letterhead(q).customer));
            let name: String = name.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '-' }).collect();
            self.dialogs.ask(Purpose::ExportPdf, self.directory(), format!("{}.pdf", name.to_lowercase()));
        }
        if let Some(state) = self.results.analysis.apply.take() {
            self.send(Command::Apply(Box::new(state)));
            self.status = "Applied the value from the analysis (Undo to go back)".into();
        }
        if self.chart_export.ui(&ctx) {
            self.dialogs.ask(Purpose::ExportPng, self.directory(), self.suggested_name("png"));
        }
        if std::mem::take(&mut self.results.quote.present) {
            self.send(Command::Present(true));
        }
        self.settings.tab = self.results.tab;
        self.settings.revenue = self.results.revenue;
        if let Some(proposals) = self.results.quote.remembered_if_changed() {
            self.settings.proposals = proposals;
        }

        self.dialogs_ui(&ctx);
        let (snapshot, revision) = (self.doc.snapshot(), self.doc.scenario_revision());
        self.import.ui(&ctx, &snapshot, revision);
        if let Some(purpose) = self.import.choose.take() {
            self.dialogs.ask(purpose, self.directory(), String::new());
        }
        if let Some(scenario) = self.import.accept.take() {
            self.send(Command::Imported(scenario));
        }
        let interacting = ctx.input(|i| i.pointer.any_down()) || self.editor.is_dragging();
        let typing = ctx.memory(|m| m.focused().is_some());
        if !interacting && !typing {
            self.doc.settle();
        }
        let queued = std::mem::take(&mut self.queue);
        if !queued.is_empty() {
            // What the commands change (a dialog, new results) shows in the next frame: ask for it now.
            ctx.request_repaint();
        }
        for command in queued {
            self.apply(command);
        }
        if self.after_save.is_some()
            && self.confirm.is_none()
            && !self.dialogs.is_open()
            && self.dialogs.prompt.is_none()
            && self.doc.is_dirty()
        {
            // The Save As asked for by the unsaved-changes question was cancelled, or the save
            // was not made over a file changed on disk: so is what it was for.
            self.after_save = None;
            self.status = "Not saved: nothing else was done".into();
        }
        if self.autosave.tick(&self.doc, std::time::Instant::now()) {
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
        if self.doc.is_simulating() {
            // Nor when a large scenario's simulation (perhaps started by this frame's edit) ends.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        self.window(&ctx);
    }
}

impl eframe::App for PricelabApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        PricelabApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}

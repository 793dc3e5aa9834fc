//! The desktop app: edit a scenario in the side panel, see every plan's revenue side by side.
//!
//! Edits and file actions are [`Command`]s applied in one place, [`PricelabApp::apply`], where
//! undo, dirty-marking and re-simulation happen.

pub mod document;
pub mod editor;
pub mod files;
pub mod mc_runner;
pub mod results;

use crate::io::{self, LoadError, export};
use crate::model::{Problem, Scenario, examples};
use document::{Document, EditState};
use editor::EditorPanel;
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, Ui};
use files::{FileDialogs, Purpose};
use results::ResultsPanel;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Everything a user can ask of the app besides editing a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// An edited scenario (and plan styles) from the editors.
    Edit(Box<EditState>),
    /// A new scenario (the built-in example, unsaved).
    New,
    /// Ask for a file to open.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Open a shipped example (index into [`examples::ALL`]).
    OpenExample(usize),
    /// Save to the document's file (or ask for one).
    Save,
    /// Ask for a file and save there.
    SaveAs,
    /// Save to this file.
    SaveTo(PathBuf),
    /// Ask for a file and export the results as CSV.
    ExportCsv,
    /// Ask for a file and export the results as JSON.
    ExportJson,
    /// Ask for a file and export the window as PNG.
    ExportPng,
    /// Export to this file, in the format its purpose says.
    ExportTo(Purpose, PathBuf),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Close the app.
    Quit,
}

impl Command {
    /// Whether the command would replace or close the document (and so must ask first when it
    /// has unsaved changes).
    fn discards(&self) -> bool {
        matches!(self, Self::New | Self::Open | Self::OpenPath(_) | Self::OpenExample(_) | Self::Quit)
    }
}

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD_SHIFT: Modifiers = Modifiers { alt: false, ctrl: false, shift: true, mac_cmd: false, command: true };

/// Keyboard shortcuts, in the order they are checked (longer combinations first).
const SHORTCUTS: [(KeyboardShortcut, fn() -> Command); 8] = [
    (shortcut(CMD_SHIFT, Key::S), || Command::SaveAs),
    (shortcut(CMD_SHIFT, Key::Z), || Command::Redo),
    (shortcut(Modifiers::COMMAND, Key::N), || Command::New),
    (shortcut(Modifiers::COMMAND, Key::O), || Command::Open),
    (shortcut(Modifiers::COMMAND, Key::S), || Command::Save),
    (shortcut(Modifiers::COMMAND, Key::Z), || Command::Undo),
    (shortcut(Modifiers::COMMAND, Key::Y), || Command::Redo),
    (shortcut(Modifiers::COMMAND, Key::Q), || Command::Quit),
];

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
}

/// A question to the user before a command that would lose unsaved changes.
#[derive(Debug, Clone)]
struct Confirm {
    then: Command,
}

/// The app.
pub struct PricelabApp {
    doc: Document,
    /// Preferences and recent files.
    pub settings: Settings,
    editor: EditorPanel,
    results: ResultsPanel,
    /// The Monte Carlo run of the current scenario.
    pub mc: mc_runner::McRunner,
    dialogs: FileDialogs,
    confirm: Option<Confirm>,
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
    /// Where the next frame's picture goes (PNG export).
    screenshot_to: Option<PathBuf>,
    /// Where the results are drawn: what a PNG export keeps of the window.
    results_rect: Option<egui::Rect>,
    /// The screenshot asked for, on its way.
    screenshot: Option<std::sync::mpsc::Receiver<std::sync::Arc<egui::ColorImage>>>,
}

impl PricelabApp {
    /// The app on the built-in example, or on `file` when given (an invalid file opens the
    /// example and shows the file's problems).
    #[must_use]
    pub fn new(file: Option<&Path>, settings: Settings) -> Self {
        let mut app = Self {
            doc: Document::new(default_scenario(), None),
            settings,
            editor: EditorPanel::default(),
            results: ResultsPanel::default(),
            mc: mc_runner::McRunner::default(),
            dialogs: FileDialogs::default(),
            confirm: None,
            open_errors: None,
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
            screenshot_to: None,
            screenshot: None,
            results_rect: None,
        };
        app.results.tab = app.settings.tab;
        app.results.revenue = app.settings.revenue;
        if let Some(path) = file {
            app.apply(Command::OpenPath(path.to_owned()));
        }
        app
    }

    /// The open document.
    #[must_use]
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// Waits until the results shown are the current scenario's, when a large scenario is being
    /// simulated off the UI thread (for tests and benchmarks; the app itself never waits).
    pub fn finish_simulation(&mut self) {
        self.doc.finish();
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

    /// Whether the app asks to save unsaved changes first.
    #[must_use]
    pub fn is_confirming(&self) -> bool {
        self.confirm.is_some()
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
            self.confirm = Some(Confirm { then: command });
        } else {
            self.execute(command);
        }
    }

    /// Carries out a command, without asking about unsaved changes.
    fn execute(&mut self, command: Command) {
        match command {
            Command::Edit(state) => self.doc.edit(*state),
            Command::New => {
                self.doc = Document::new(default_scenario(), None);
                self.status = "New scenario from the built-in example".into();
            }
            Command::Open => self.dialogs.ask(Purpose::Open, self.directory(), String::new()),
            Command::OpenPath(path) => self.open(&path),
            Command::OpenExample(i) => {
                if let Some(e) = examples::ALL.get(i)
                    && let Ok(s) = e.scenario()
                {
                    self.doc = Document::new(s, None);
                    self.status = format!("Opened the example {} (Save As to keep a copy)", e.file);
                }
            }
            Command::Save => match self.doc.path.clone() {
                Some(path) => self.save_to(path),
                None => self.apply(Command::SaveAs),
            },
            Command::SaveAs => self.dialogs.ask(Purpose::SaveAs, self.directory(), self.suggested_name("ron")),
            Command::SaveTo(path) => self.save_to(path),
            Command::ExportCsv => self.dialogs.ask(Purpose::ExportCsv, self.directory(), self.suggested_name("csv")),
            Command::ExportJson => self.dialogs.ask(Purpose::ExportJson, self.directory(), self.suggested_name("json")),
            Command::ExportPng => self.dialogs.ask(Purpose::ExportPng, self.directory(), self.suggested_name("png")),
            Command::ExportTo(purpose, path) => self.export(purpose, &path),
            Command::Undo => self.doc.undo(),
            Command::Redo => self.doc.redo(),
            Command::Quit => self.quitting = true,
        }
    }

    fn directory(&self) -> Option<PathBuf> {
        self.doc.path.as_ref().and_then(|p| p.parent()).map(Path::to_path_buf)
    }

    fn suggested_name(&self, extension: &str) -> String {
        let stem = self.doc.path.as_ref().and_then(|p| p.file_stem()).map_or_else(
            || {
                let name: String = self
                    .doc
                    .scenario()
                    .name
                    .chars()
                    .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
                    .collect();
                name.trim().replace(' ', "-").to_lowercase()
            },
            |s| s.to_string_lossy().into_owned(),
        );
        format!("{}.{extension}", if stem.is_empty() { "scenario" } else { &stem })
    }

    fn open(&mut self, path: &Path) {
        match io::read_scenario(path) {
            Ok(s) => {
                self.doc = Document::new(s, Some(path.to_owned()));
                self.settings.recent = files::remember(&self.settings.recent, path.to_owned());
                self.open_errors = None;
                self.status = format!("Opened {}", path.display());
            }
            Err(LoadError::Read { source, .. }) => {
                self.open_errors = Some((path.to_owned(), vec![format!("cannot read the file: {source}")]));
            }
            Err(LoadError::Invalid { problems, .. }) => {
                self.open_errors = Some((path.to_owned(), problems.iter().map(Problem::to_string).collect()));
            }
        }
    }

    fn save_to(&mut self, path: PathBuf) {
        let path = files::with_extension(path, Purpose::SaveAs);
        match io::save_scenario(&path, self.doc.scenario()) {
            Ok(()) => {
                self.status = format!("Saved {}", path.display());
                self.settings.recent = files::remember(&self.settings.recent, path.clone());
                self.doc.mark_saved(path);
            }
            Err(e) => self.status = format!("Could not save {}: {e}", path.display()),
        }
    }

    fn export(&mut self, purpose: Purpose, path: &Path) {
        // The figures of the scenario as it is now, not of an earlier version still shown.
        self.doc.finish();
        let Some(outcome) = &self.doc.outcome else {
            self.status = "Nothing to export: the scenario has never simulated".into();
            return;
        };
        let text = match purpose {
            Purpose::ExportCsv => export::to_csv(outcome, None).map_err(|e| e.to_string()),
            Purpose::ExportJson => export::to_json(self.doc.scenario(), outcome, None).map_err(|e| e.to_string()),
            Purpose::ExportPng => {
                self.status = format!("Saving the plot to {}…", path.display());
                self.screenshot_to = Some(path.to_owned());
                return;
            }
            Purpose::Open | Purpose::SaveAs => return,
        };
        self.status = match text.map(|t| io::write_atomic(path, t.as_bytes()).map_err(|e| e.to_string())) {
            Ok(Ok(())) => format!("Exported {}", path.display()),
            Ok(Err(e)) | Err(e) => format!("Could not export {}: {e}", path.display()),
        };
    }
}

/// The built-in example scenario (or, were the embedded file ever broken, a minimal one).
fn default_scenario() -> Scenario {
    examples::DEFAULT.scenario().unwrap_or_else(|_| Scenario {
        format: crate::model::FORMAT,
        name: "New scenario".into(),
        notes: String::new(),
        currency: "USD".into(),
        start: crate::model::YearMonth::new(2025, 1).unwrap_or(crate::model::YearMonth::MIN),
        months: 36,
        accounts: vec![editor::new_account("Support team".into())],
        plans: vec![editor::Template::Seats.plan("Seats".into()), editor::Template::Hybrid.plan("Hybrid".into())],
        costs: crate::model::Costs::default(),
        simulation: crate::model::SimulationSettings::default(),
    })
}

impl PricelabApp {
    /// Draws the whole app for one frame and applies what the user asked.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.shortcuts(&ctx);
        self.drag_and_drop(&ctx);
        if let Some((purpose, path)) = self.dialogs.poll() {
            self.path_chosen(purpose, path);
        }
        self.doc.poll();
        if self.dialogs.is_open() || self.screenshot_to.is_some() {
            // Nothing else wakes the app when the dialog thread or the screenshot answers.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }

        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menus(ui));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let doc = &self.doc;
                if doc.is_simulating() {
                    ui.add(egui::Spinner::new());
                    ui.label("valid, simulating…");
                } else if doc.is_current() {
                    ui.label("✔ valid");
                } else {
                    let text = editor::widgets::problem_count(doc.problems.len());
                    ui.colored_label(editor::widgets::PROBLEM_COLOR, text);
                }
                ui.separator();
                self.mc_status_ui(ui);
                ui.label(&self.status);
            });
        });
        let mut draft = self.doc.state().clone();
        egui::Panel::left("editor").resizable(true).default_size(400.0).show(ui, |ui| {
            self.editor.ui(ui, &mut draft, &self.doc.problems);
        });
        if &draft != self.doc.state() {
            self.apply(Command::Edit(Box::new(draft)));
        }
        self.mc.update(&ctx, self.doc.is_current().then(|| self.doc.scenario()));
        let central = egui::CentralPanel::default().show(ui, |ui| {
            if let Some(outcome) = &self.doc.outcome {
                ui.horizontal_wrapped(|ui| {
                    ui.heading(&self.doc.scenario().name);
                    ui.weak(format!(
                        "{} months from {} · {} profile(s) · {} plan(s)",
                        outcome.months.len(),
                        self.doc.scenario().start,
                        outcome.accounts.len(),
                        outcome.plans.len()
                    ));
                });
            }
            let notes = self.doc.scenario().notes.trim();
            if !notes.is_empty() {
                egui::CollapsingHeader::new("About this scenario").default_open(false).show(ui, |ui| {
                    egui::ScrollArea::vertical().max_height(160.0).show(ui, |ui| ui.label(notes));
                });
            }
            self.results.ui(ui, &self.doc, self.mc.current());
        });
        self.results_rect = Some(central.response.rect);
        self.settings.tab = self.results.tab;
        self.settings.revenue = self.results.revenue;

        self.dialogs_ui(&ctx);
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
        if self.doc.is_simulating() {
            // Nor when a large scenario's simulation (perhaps started by this frame's edit) ends.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        self.window(&ctx);
    }

    fn mc_status_ui(&mut self, ui: &mut Ui) {
        use mc_runner::Status;
        match self.mc.status() {
            Status::Off => {}
            Status::Waiting => {
                ui.weak("Monte Carlo: waiting for the edits to settle");
                ui.separator();
            }
            Status::Running(done, total, secs) => {
                #[allow(clippy::cast_precision_loss)] // a progress fraction
                let fraction = done as f32 / total.max(1) as f32;
                ui.add(
                    egui::ProgressBar::new(fraction).desired_width(160.0).text(format!("Monte Carlo {done}/{total}")),
                );
                ui.weak(format!("{secs:.1} s"));
                if ui.small_button("Cancel").clicked() {
                    self.mc.hold();
                }
                ui.separator();
            }
            Status::Cancelled => {
                ui.weak("Monte Carlo cancelled: edit the scenario to run it again");
                ui.separator();
            }
            Status::Done => {
                if let Some(mc) = self.mc.current() {
                    ui.weak(format!("Monte Carlo: {} trials, seed {}", mc.trials, mc.seed));
                    ui.separator();
                }
            }
        }
        if let Some(e) = &self.mc.error {
            ui.colored_label(editor::widgets::PROBLEM_COLOR, format!("Monte Carlo: {e}"));
            ui.separator();
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        for (sc, command) in SHORTCUTS {
            if ctx.input_mut(|i| i.consume_shortcut(&sc)) {
                self.send(command());
            }
        }
    }

    fn drag_and_drop(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.send(Command::OpenPath(path));
        }
    }

    fn path_chosen(&mut self, purpose: Purpose, path: PathBuf) {
        let command = match purpose {
            Purpose::Open => Command::OpenPath(path),
            Purpose::SaveAs => Command::SaveTo(path),
            other => Command::ExportTo(other, files::with_extension(path, other)),
        };
        // "Open…" asked about unsaved changes before the dialog.
        self.execute(command);
    }

    fn menu_item(&mut self, ui: &mut Ui, label: &str, sc: Option<KeyboardShortcut>, enabled: bool, command: Command) {
        let mut button = egui::Button::new(label);
        if let Some(sc) = sc {
            button = button.shortcut_text(ui.ctx().format_shortcut(&sc));
        }
        if ui.add_enabled(enabled, button).clicked() {
            self.send(command);
            ui.close();
        }
    }

    fn menus(&mut self, ui: &mut Ui) {
        let sc = |i: usize| SHORTCUTS.get(i).map(|s| s.0);
        ui.menu_button("File", |ui| {
            self.menu_item(ui, "New", sc(2), true, Command::New);
            self.menu_item(ui, "Open…", sc(3), true, Command::Open);
            ui.menu_button("Open example", |ui| {
                for (i, name) in self.example_names.clone().iter().enumerate() {
                    self.menu_item(ui, name, None, true, Command::OpenExample(i));
                }
            });
            let recent = self.settings.recent.clone();
            ui.add_enabled_ui(!recent.is_empty(), |ui| {
                ui.menu_button("Open recent", |ui| {
                    for path in recent {
                        self.menu_item(ui, &path.display().to_string(), None, true, Command::OpenPath(path));
                    }
                });
            });
            ui.separator();
            self.menu_item(ui, "Save", sc(4), true, Command::Save);
            self.menu_item(ui, "Save As…", sc(0), true, Command::SaveAs);
            ui.separator();
            let has = self.doc.outcome.is_some();
            self.menu_item(ui, "Export results as CSV…", None, has, Command::ExportCsv);
            self.menu_item(ui, "Export results as JSON…", None, has, Command::ExportJson);
            self.menu_item(ui, "Export plot as PNG…", None, has, Command::ExportPng);
            ui.separator();
            self.menu_item(ui, "Quit", sc(7), true, Command::Quit);
        });
        ui.menu_button("Edit", |ui| {
            self.menu_item(ui, "Undo", sc(5), self.doc.can_undo(), Command::Undo);
            self.menu_item(ui, "Redo", sc(1), self.doc.can_redo(), Command::Redo);
        });
        ui.menu_button("View", |ui| {
            for tab in results::Tab::ALL {
                if ui.selectable_label(self.results.tab == tab, tab.label()).clicked() {
                    self.results.tab = tab;
                    ui.close();
                }
            }
            ui.separator();
            let dark = ui.ctx().global_style().visuals.dark_mode;
            if ui.button(if dark { "Light theme" } else { "Dark theme" }).clicked() {
                self.settings.dark = Some(!dark);
                ui.close();
            }
        });
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        if let Some(confirm) = self.confirm.clone() {
            let file =
                self.doc.path.as_ref().map_or_else(|| "this new scenario".to_owned(), |p| p.display().to_string());
            egui::Modal::new(egui::Id::unique("pricelab confirm")).show(ctx, |ui| {
                ui.heading("Unsaved changes");
                ui.label(format!("Save the changes to {file} first?"));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        self.confirm = None;
                        self.apply(Command::Save);
                        if !self.doc.is_dirty() {
                            self.execute(confirm.then.clone());
                        }
                    }
                    if ui.button("Discard changes").clicked() {
                        self.confirm = None;
                        self.execute(confirm.then.clone());
                    }
                    if ui.button("Cancel").clicked() {
                        self.confirm = None;
                    }
                });
            });
        }
        if let Some((path, problems)) = self.open_errors.clone() {
            let mut open = true;
            egui::Window::new("Could not open the file").open(&mut open).collapsible(false).show(ctx, |ui| {
                ui.label(format!("{} was not opened; the current scenario is unchanged.", path.display()));
                egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                    for p in &problems {
                        ui.colored_label(editor::widgets::PROBLEM_COLOR, p);
                    }
                });
            });
            if !open {
                self.open_errors = None;
            }
        }
        if let Some((purpose, mut text)) = self.dialogs.prompt.clone() {
            let mut close = false;
            egui::Window::new(purpose.title()).collapsible(false).anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0]).show(
                ctx,
                |ui| {
                    ui.label("No file dialog is available on this machine: type the file's path.");
                    let r = ui.add(
                        egui::TextEdit::singleline(&mut text)
                            .desired_width(400.0)
                            .hint_text(format!("/path/to/file.{}", purpose.extension())),
                    );
                    if std::mem::take(&mut self.dialogs.focus_prompt) {
                        r.request_focus();
                    }
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    ui.horizontal(|ui| {
                        if (ui.button("OK").clicked() || enter) && !text.trim().is_empty() {
                            let path = PathBuf::from(text.trim());
                            close = true;
                            self.path_chosen(purpose, path);
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                },
            );
            self.dialogs.prompt = if close { None } else { Some((purpose, text)) };
        }
    }

    /// Window-level effects: title, theme, closing, screenshots.
    fn window(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if let Some(dark) = self.settings.dark {
            let theme = if dark { egui::ThemePreference::Dark } else { egui::ThemePreference::Light };
            ctx.set_theme(theme);
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.quitting {
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.confirm = Some(Confirm { then: Command::Quit });
            } else {
                self.quitting = true;
            }
        }
        if self.quitting && self.confirm.is_none() && !self.close_sent {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            self.close_sent = true;
        }
        self.fit_to_screen(ctx);
        self.take_screenshot(ctx);
    }

    /// Once, as soon as the screen's size is known: shrinks a window larger than the screen (the
    /// default size, or one remembered from a larger screen) so that all of it can be seen.
    fn fit_to_screen(&mut self, ctx: &egui::Context) {
        if self.fitted {
            return;
        }
        let (monitor, inner, outer, filled) = ctx.input(|i| {
            let v = i.viewport();
            (v.monitor_size, v.inner_rect, v.outer_rect, v.maximized == Some(true) || v.fullscreen == Some(true))
        });
        let (Some(monitor), Some(inner)) = (monitor, inner) else { return };
        self.fitted = true;
        // A maximised or full-screen window fills the screen as the user asked.
        if filled {
            return;
        }
        if let Some(fit) = fitted_size(monitor, inner.size(), outer.map(|o| o.size())) {
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(fit));
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::Pos2::ZERO));
        }
    }

    fn take_screenshot(&mut self, ctx: &egui::Context) {
        if self.screenshot_to.is_some() && self.screenshot.is_none() {
            let (tx, rx) = std::sync::mpsc::channel();
            let waker = ctx.clone();
            ctx.request_screenshot(move |image| {
                let _ = tx.send(image);
                // The picture arrives after the frame is painted: wake the app to save it.
                waker.request_repaint();
            });
            self.screenshot = Some(rx);
        }
        let image = self.screenshot.as_ref().and_then(|rx| rx.try_recv().ok());
        if let Some(image) = image
            && let Some(path) = self.screenshot_to.take()
        {
            self.screenshot = None;
            let image = crop(&image, self.results_rect, ctx.pixels_per_point());
            self.status =
                match encode_png(&image).and_then(|bytes| io::write_atomic(&path, &bytes).map_err(|e| e.to_string())) {
                    Ok(()) => format!("Saved the plot to {}", path.display()),
                    Err(e) => format!("Could not save {}: {e}", path.display()),
                };
        }
    }
}

/// The inner size a window of inner size `inner` (`outer` with its frame, when known) should
/// shrink to on a screen of `monitor`, if it does not fit: room is left for the frame and for a
/// task bar, never below the window's minimum size.
fn fitted_size(monitor: egui::Vec2, inner: egui::Vec2, outer: Option<egui::Vec2>) -> Option<egui::Vec2> {
    if !(monitor.x > 0.0 && monitor.y > 0.0) {
        return None;
    }
    let frame = outer.map_or(egui::Vec2::ZERO, |o| o - inner).max(egui::Vec2::ZERO);
    let room = (monitor * egui::vec2(1.0, 0.95) - frame).max(MIN_WINDOW);
    let fit = inner.min(room);
    (fit != inner).then_some(fit)
}

/// The window's smallest inner size.
const MIN_WINDOW: egui::Vec2 = egui::vec2(640.0, 400.0);

/// The part of a window picture inside `rect` (in points), or all of it.
fn crop(image: &egui::ColorImage, rect: Option<egui::Rect>, pixels_per_point: f32) -> egui::ColorImage {
    let [w, h] = image.size;
    #[allow(clippy::cast_precision_loss)] // window sizes are far below 2^23 pixels
    let whole = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(w as f32, h as f32) / pixels_per_point);
    match rect.map(|r| r.intersect(whole)) {
        Some(r) if r.is_positive() => image.region(&r, Some(pixels_per_point)),
        _ => image.clone(),
    }
}

fn encode_png(image: &egui::ColorImage) -> Result<Vec<u8>, String> {
    let [w, h] = image.size;
    let rgba: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    let mut bytes = Vec::new();
    let (w, h) = (u32::try_from(w).map_err(|e| e.to_string())?, u32::try_from(h).map_err(|e| e.to_string())?);
    image::write_buffer_with_format(
        &mut std::io::Cursor::new(&mut bytes),
        &rgba,
        w,
        h,
        image::ExtendedColorType::Rgba8,
        image::ImageFormat::Png,
    )
    .map_err(|e| e.to_string())?;
    Ok(bytes)
}

impl eframe::App for PricelabApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        PricelabApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}

/// Opens the desktop app on `file` (or the built-in example) and runs it until it is closed.
#[must_use]
pub fn run(file: Option<&Path>) -> ExitCode {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!(
            "pricelab: no display to open a window on (neither WAYLAND_DISPLAY nor DISPLAY is set).\n\
             Use the command line instead: pricelab simulate FILE.ron (see pricelab --help)."
        );
        return ExitCode::from(1);
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size(MIN_WINDOW)
            .with_title("pricelab"),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let file = file.map(Path::to_path_buf);
    let result = eframe::run_native(
        "pricelab",
        options,
        Box::new(move |cc| {
            let settings: Settings = cc.storage.and_then(|s| eframe::get_value(s, eframe::APP_KEY)).unwrap_or_default();
            Ok(Box::new(PricelabApp::new(file.as_deref(), settings)))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pricelab: cannot open a window: {e}\nUse the command line instead: pricelab simulate FILE.ron");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;

    #[test]
    fn a_window_larger_than_the_screen_shrinks_to_fit() {
        // The default 1280 × 800 on a 1024 × 700 screen, without and with a 30-point title bar.
        assert_eq!(fitted_size(vec2(1024.0, 700.0), vec2(1280.0, 800.0), None), Some(vec2(1024.0, 665.0)));
        assert_eq!(
            fitted_size(vec2(1024.0, 700.0), vec2(1280.0, 800.0), Some(vec2(1280.0, 830.0))),
            Some(vec2(1024.0, 635.0))
        );
        // Only the side that does not fit shrinks; a window that fits stays as it is.
        assert_eq!(fitted_size(vec2(1920.0, 700.0), vec2(1280.0, 800.0), None), Some(vec2(1280.0, 665.0)));
        assert_eq!(fitted_size(vec2(1920.0, 1080.0), vec2(1280.0, 800.0), None), None);
        // Never below the minimum size, and no answer for a screen of no size.
        assert_eq!(fitted_size(vec2(320.0, 200.0), vec2(1280.0, 800.0), None), Some(MIN_WINDOW));
        assert_eq!(fitted_size(vec2(0.0, 0.0), vec2(1280.0, 800.0), None), None);
    }
}

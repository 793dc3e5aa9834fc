//! *File ▸ Import usage history…*: real customers' usage (monthly rows, or raw events with a
//! seats file) read in the background and shown before the scenario is replaced by one of those
//! customers, each fitted to its history, with the open scenario's plans.

use super::background::{Status, Work};
use super::command::{Command, Commands};
use super::document::Snapshot;
use super::editor::widgets::PROBLEM_COLOR;
use super::files::Purpose;
use super::jobs::{Job, Jobs};
use crate::io::import::{self, ImportError, Options};
use crate::model::{Problem, Scenario};
use eframe::egui::{self, Ui};
use std::path::PathBuf;

/// What kind of file is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// Monthly rows: account, month, conversations, AI conversations, resolutions, seats.
    #[default]
    Monthly,
    /// One row per conversation, with a seats file.
    Events,
}

/// What a read gives: the scenario to open and what to say of it, or the problems.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The scenario of the customers.
    pub scenario: Scenario,
    /// Customers, months and events read.
    pub summary: String,
}

/// What a read is keyed by: the files, how the scenario is made (the projection) and the plans'
/// scenario revision.
pub type Key = (Kind, PathBuf, Option<PathBuf>, Options, u64);

/// A read's preview, or its problems.
pub type Outcome = Result<Preview, Vec<String>>;

/// The read of `key`'s files, with the plans of `plans` (run by the app's [`Jobs`]).
pub(crate) fn work(key: Key, plans: Snapshot) -> Work<Outcome> {
    Box::new(move |_| read(&key, &plans))
}

/// The import dialog.
pub struct ImportDialog {
    /// Whether it is shown.
    pub open: bool,
    /// The kind of file.
    pub kind: Kind,
    /// The usage or events file.
    pub file: String,
    /// The seats file (events only; may be empty).
    pub seats: String,
    /// Months projected after the history.
    pub project: u32,
}

impl Default for ImportDialog {
    fn default() -> Self {
        Self {
            open: false,
            kind: Kind::Monthly,
            file: String::new(),
            seats: String::new(),
            project: import::DEFAULT_PROJECTION,
        }
    }
}

impl std::fmt::Debug for ImportDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportDialog").field("open", &self.open).field("file", &self.file).finish_non_exhaustive()
    }
}

/// Problems for a person: `file:line: message`.
fn texts(problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .map(|p| match &p.location {
            crate::model::Location::Row { file, line } => {
                let name = std::path::Path::new(file)
                    .file_name()
                    .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
                format!("{name}:{line}: {}", p.message)
            }
            _ => p.to_string(),
        })
        .collect()
}

/// Reads the files and makes the scenario (off the UI thread).
fn read(key: &Key, plans: &Scenario) -> Result<Preview, Vec<String>> {
    let (kind, file, seats, options, _) = key;
    let source_name = file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let failed = |e: ImportError| match e {
        ImportError::Invalid { problems, .. } | ImportError::Scenario(problems) => texts(&problems),
        other => vec![other.to_string()],
    };
    let (customers, events) = match kind {
        Kind::Monthly => (import::read_monthly(file).map_err(failed)?, None),
        Kind::Events => {
            let (customers, n) = import::read_events(file, seats.as_deref()).map_err(failed)?;
            (customers, Some(n))
        }
    };
    // The history: the file itself when it is complete monthly rows; else a file to be written
    // beside the scenario when it is saved (it does not exist yet).
    let history = if *kind == Kind::Monthly && import::is_complete(&customers) {
        std::path::absolute(file).unwrap_or_else(|_| file.clone()).display().to_string()
    } else {
        format!("{}.usage.csv", file.file_stem().map_or_else(|| "imported".into(), |s| s.to_string_lossy()))
    };
    let scenario = import::make(plans, &customers, &source_name, history, *options).map_err(failed)?.scenario;
    let recorded = scenario.history.as_ref().and_then(|h| h.recorded.as_deref());
    let months = recorded.map_or(0, |r| r.months);
    let last = scenario.start.plus(months.saturating_sub(1));
    let events = events.map_or_else(String::new, |n| format!("{n} events, "));
    Ok(Preview {
        summary: format!(
            "{events}{} customers over {months} months ({} to {last}); with {} projected months, {} months in all.",
            scenario.accounts.len(),
            scenario.start,
            options.project,
            scenario.months
        ),
        scenario,
    })
}

impl ImportDialog {
    /// Opens the dialog.
    pub fn show(&mut self) {
        self.open = true;
    }

    /// A path chosen in a file dialog for `purpose`.
    pub fn chosen(&mut self, purpose: Purpose, path: &std::path::Path) {
        let text = path.display().to_string();
        match purpose {
            Purpose::ImportSeats => self.seats = text,
            Purpose::ImportEvents => {
                self.kind = Kind::Events;
                self.file = text;
            }
            _ => {
                self.kind = Kind::Monthly;
                self.file = text;
            }
        }
    }

    fn key(&self, revision: u64) -> Option<Key> {
        let file = self.file.trim();
        if file.is_empty() {
            return None;
        }
        let seats =
            (self.kind == Kind::Events && !self.seats.trim().is_empty()).then(|| PathBuf::from(self.seats.trim()));
        let options = Options { project: self.project, ..Options::default() };
        Some((self.kind, PathBuf::from(file), seats, options, revision))
    }

    /// The read the dialog asks for: the files named, with the plans of this scenario revision.
    #[must_use]
    pub fn job(&self, revision: u64) -> Option<Job> {
        self.key(revision).map(Job::Import)
    }

    /// The preview of the files as they are named now, if read.
    #[must_use]
    pub fn preview(jobs: &Jobs) -> Option<&Outcome> {
        jobs.import.result().filter(|(_, current)| *current).map(|(r, _)| r)
    }

    /// Draws the dialog (when open).
    pub fn ui(&mut self, ctx: &egui::Context, plans: &Scenario, revision: u64, jobs: &Jobs, out: &mut Commands) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Import usage history")
            .open(&mut open)
            .collapsible(false)
            .default_width(560.0)
            .show(ctx, |ui| self.body(ui, plans, revision, jobs, out));
        if !open {
            self.open = false;
        }
    }

    fn body(&mut self, ui: &mut Ui, plans: &Scenario, revision: u64, jobs: &Jobs, out: &mut Commands) {
        ui.label(format!(
            "Your customers' usage becomes a scenario: one profile per customer, fitted to its history, with the plans of \"{}\".",
            plans.name
        ));
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.kind, Kind::Monthly, "Monthly usage rows");
            ui.selectable_value(&mut self.kind, Kind::Events, "Raw events + seats");
        });
        ui.weak(match self.kind {
            Kind::Monthly => {
                "CSV columns: account, month (YYYY-MM), conversations, ai_conversations, resolutions, seats"
            }
            Kind::Events => {
                "CSV columns: account, timestamp (RFC 3339 or YYYY-MM-DD), ai, resolved; seats: account, month, seats"
            }
        });
        ui.horizontal(|ui| {
            let l = ui.label(if self.kind == Kind::Events { "Events file" } else { "Usage file" });
            ui.add_sized([360.0, 20.0], egui::TextEdit::singleline(&mut self.file).hint_text("/path/to/usage.csv"))
                .labelled_by(l.id);
            if ui.button("Choose…").clicked() {
                out.push(Command::ChooseImport(if self.kind == Kind::Events {
                    Purpose::ImportEvents
                } else {
                    Purpose::ImportUsage
                }));
            }
        });
        if self.kind == Kind::Events {
            ui.horizontal(|ui| {
                let l = ui.label("Seats file");
                ui.add_sized(
                    [360.0, 20.0],
                    egui::TextEdit::singleline(&mut self.seats).hint_text("optional: /path/to/seats.csv"),
                )
                .labelled_by(l.id);
                if ui.button("Choose…").clicked() {
                    out.push(Command::ChooseImport(Purpose::ImportSeats));
                }
            });
        }
        ui.horizontal(|ui| {
            let l = ui.label("Projected months");
            crate::app::editor::widgets::checked_drag(ui, &mut self.project, 0..=120, "", |d| d).labelled_by(l.id);
        });
        if let Some(job) = self.job(revision)
            && !jobs.wants(&job)
        {
            out.push(Command::Run(job));
        }
        ui.separator();
        match jobs.import.status() {
            Status::Running(..) | Status::Waiting => {
                ui.horizontal(|ui| {
                    ui.add(egui::Spinner::new());
                    ui.label("Reading…");
                });
            }
            _ => {}
        }
        let mut accept = None;
        match Self::preview(jobs) {
            None if self.file.trim().is_empty() => {
                ui.weak("Choose a file to see what it holds before anything changes.");
            }
            None => {}
            Some(Ok(preview)) => {
                ui.label(&preview.summary);
                let names: Vec<&str> = preview.scenario.accounts.iter().take(6).map(|a| a.name.as_str()).collect();
                let more = preview.scenario.accounts.len().saturating_sub(names.len());
                ui.weak(format!(
                    "Customers: {}{}",
                    names.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ));
                if ui
                    .button("Replace the scenario with these customers")
                    .on_hover_text("The current scenario is closed (you are asked about unsaved changes first); its plans are kept.")
                    .clicked()
                {
                    accept = Some(Box::new(preview.scenario.clone()));
                }
            }
            Some(Err(problems)) => {
                ui.colored_label(
                    PROBLEM_COLOR,
                    format!(
                        "{} problem{}: nothing was imported.",
                        problems.len(),
                        if problems.len() == 1 { "" } else { "s" }
                    ),
                );
                egui::ScrollArea::vertical().max_height(220.0).show(ui, |ui| {
                    for p in problems {
                        ui.colored_label(PROBLEM_COLOR, p);
                    }
                });
            }
        }
        if let Some(scenario) = accept {
            out.push(Command::Imported(scenario));
            self.open = false;
        }
    }
}

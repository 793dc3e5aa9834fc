//! *File ▸ Import usage history…*: real customers' usage (monthly rows, or raw events with a
//! seats file) read in the background and shown before the scenario is replaced by one of those
//! customers, each fitted to its history, with the open scenario's plans. The preview rates how
//! far each history supports its fit, and offers to shrink a one-year season toward flat, as
//! `pricelab import --season` does (docs/import.md, "How sure a fit is").

use super::background::{Status, Work};
use super::command::{Command, Commands};
use super::document::Snapshot;
use super::editor::widgets::PROBLEM_COLOR;
use super::files::Purpose;
use super::jobs::{Job, Jobs};
use crate::engine::fit::{Confidence, Rating, Season};
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
    /// How far each customer's history supports its fit, in the order of the accounts.
    pub confidence: Vec<Confidence>,
    /// The accounts, the least sure fit first.
    pub weakest_first: Vec<usize>,
}

impl Preview {
    /// How many fits are rated `rating`.
    #[must_use]
    pub fn rated(&self, rating: Rating) -> usize {
        self.confidence.iter().filter(|c| c.rating == rating).count()
    }

    /// How many customers rest on one year of history or less.
    #[must_use]
    pub fn on_one_year(&self) -> usize {
        self.confidence.iter().filter(|c| c.rests_on_one_year()).count()
    }
}

/// What a read is keyed by: the files, how the scenario is made (projection, season) and the
/// plans' scenario revision.
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
    /// The season of a customer with one year of history or less.
    pub season: Season,
}

impl Default for ImportDialog {
    fn default() -> Self {
        Self {
            open: false,
            kind: Kind::Monthly,
            file: String::new(),
            seats: String::new(),
            project: import::DEFAULT_PROJECTION,
            season: Season::AsRecorded,
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
    let import::Made { scenario, confidence } =
        import::make(plans, &customers, &source_name, history, *options).map_err(failed)?;
    let mut weakest_first: Vec<usize> = (0..confidence.len()).collect();
    weakest_first.sort_by(|&a, &b| confidence[a].cmp_weakest_first(&confidence[b]));
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
        confidence,
        weakest_first,
    })
}

/// What the season choice means (its label's tooltip).
const SEASON_HELP: &str = "A customer with one year of history or less has each calendar month once: its season cannot be told from that month's noise, and the projection repeats the year as it was. Shrunk pulls such a season halfway to flat (pricelab import --season shrunk).";

/// How far each customer's history supports its fit: a count per rating, and every customer,
/// the least sure first, its rating's words under the pointer.
fn confidence(ui: &mut Ui, preview: &Preview, season: Season) {
    ui.label(format!(
        "How sure the fits are: {} low, {} medium, {} high (hover a rating for its reasons).",
        preview.rated(Rating::Low),
        preview.rated(Rating::Medium),
        preview.rated(Rating::High)
    ))
    .on_hover_text("Low: a year of history or less (growth not measured), or months straying 25% or more from the fit. High: every calendar month seen in two years or more, straying less than 10%. Medium: the rest. (docs/import.md, \"How sure a fit is\")");
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical().id_salt("import fits").max_height(160.0).show_rows(
        ui,
        row_height,
        preview.weakest_first.len(),
        |ui, rows| {
            egui::Grid::new("import fit rows").num_columns(3).min_col_width(60.0).striped(true).show(ui, |ui| {
                for &i in &preview.weakest_first[rows] {
                    let (Some(account), Some(c)) = (preview.scenario.accounts.get(i), preview.confidence.get(i)) else {
                        continue;
                    };
                    ui.label(&account.name);
                    ui.label(if c.with_conversations == c.months {
                        format!("{} months", c.months)
                    } else {
                        format!("{} of {} months", c.with_conversations, c.months)
                    })
                    .on_hover_text("Months with conversations (the months fitted) of the months recorded");
                    let rating = egui::RichText::new(c.rating.as_str());
                    let rating =
                        if c.rating == Rating::Low { rating.color(ui.visuals().warn_fg_color) } else { rating };
                    ui.label(rating).on_hover_text(c.words());
                    ui.end_row();
                }
            });
        },
    );
    let one_year = preview.on_one_year();
    if one_year > 0 && season == Season::AsRecorded {
        ui.weak(format!(
            "{} on one year of history or less: the projection repeats that year, noise and all. \"Shrunk halfway to flat\" above pulls such a season toward flat.",
            if one_year == 1 { "1 customer rests".to_owned() } else { format!("{one_year} customers rest") }
        ));
    }
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
        let options = Options { project: self.project, season: self.season };
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
        ui.horizontal(|ui| {
            ui.label("Season of a year or less").on_hover_text(SEASON_HELP);
            ui.selectable_value(&mut self.season, Season::AsRecorded, "As recorded")
                .on_hover_text("Each month's level as recorded: the projection repeats the year, its noise included.");
            ui.selectable_value(&mut self.season, Season::Shrunk, "Shrunk halfway to flat").on_hover_text(
                "Each seasonal multiplier pulled halfway to 1.0 (its square root, the twelve averaging 1.0 again); the recorded months keep their total. Histories of 13 months or more are never shrunk.",
            );
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
                confidence(ui, preview, self.season);
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

//! The file actions of the app: open, save (with the usage file a scenario names), export,
//! restore from a recovery file, and the scenarios *New* starts from.

use super::files::{self, Purpose};
use super::prompts::Confirm;
use super::{Command, Document, PricelabApp, editor, results};
use crate::io::{self, LoadError, export};
use crate::model::{Problem, Scenario, examples};
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::Arc;

impl PricelabApp {
    pub(super) fn drag_and_drop(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.send(Command::OpenPath(path));
        }
    }

    pub(super) fn path_chosen(&mut self, purpose: Purpose, path: PathBuf) {
        if matches!(purpose, Purpose::ImportUsage | Purpose::ImportEvents | Purpose::ImportSeats) {
            self.windows.import.chosen(purpose, &path);
            return;
        }
        let command = match purpose {
            Purpose::Open => Command::OpenPath(path),
            Purpose::Compare => Command::CompareWith(path),
            Purpose::SaveAs => Command::SaveTo(path),
            other => Command::ExportTo(other, files::with_extension(path, other)),
        };
        // "Open…" asked about unsaved changes before the dialog.
        self.execute(command);
    }

    pub(super) fn restore(&mut self, path: &Path) {
        match self.lifecycle.autosave.take_offer(path) {
            Some((Ok((scenario, file)), claim)) => {
                // The file as it is now, for what the edits change (and Revert to saved); a save
                // over it asks if it changes after this.
                let on_disk = file.as_deref().and_then(|f| io::open_scenario(f).ok());
                let stamp = on_disk.as_ref().map(|o| o.stamp);
                self.doc = Document::recovered(scenario, file, on_disk.map(|o| o.scenario));
                self.doc.stamp = stamp;
                // Kept in this run's recovery file before the earlier one goes (and kept, for the
                // next start, when this run's cannot be written).
                self.lifecycle.autosave.write_now(&self.doc);
                if self.lifecycle.autosave.is_current(&self.doc) {
                    self.lifecycle.autosave.discard_claimed(claim);
                }
                self.status = "Restored unsaved edits of an earlier session: save them to keep them".into();
            }
            Some((Err(e), _)) => self.status = format!("Could not restore {}: {e}", path.display()),
            None => {}
        }
    }

    /// Reads `path` and shows what the document changes against it (or why it cannot be read).
    pub(super) fn compare_with(&mut self, path: &Path) {
        match io::open_scenario(path) {
            Ok(opened) => {
                self.windows.changes.compare_with(path.to_owned(), opened.scenario);
                self.status = format!("Compared with {}", path.display());
            }
            Err(e) => self.prompts.open_errors = Some((path.to_owned(), load_error_lines(&e))),
        }
    }

    /// The name suggested for the quote's PDF: the customer's, else "quote".
    pub(super) fn quote_file_name(&self) -> String {
        let quote = &self.results.quote;
        let name = results::quote::latest(&self.jobs)
            .map_or_else(|| "quote".into(), |q| format!("{}-quote", quote.letterhead(q).customer));
        let name: String = name.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '-' }).collect();
        format!("{}.pdf", name.to_lowercase())
    }

    pub(super) fn directory(&self) -> Option<PathBuf> {
        self.doc.path.as_ref().and_then(|p| p.parent()).map(Path::to_path_buf)
    }

    pub(super) fn suggested_name(&self, extension: &str) -> String {
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

    pub(super) fn open(&mut self, path: &Path) {
        match io::open_scenario(path) {
            Ok(opened) => {
                self.doc = Document::new(opened.scenario, Some(path.to_owned()));
                self.doc.header = opened.header;
                self.doc.comments = opened.comments;
                self.doc.stamp = Some(opened.stamp);
                self.settings.recent = files::remember(&self.settings.recent, path.to_owned());
                self.prompts.open_errors = None;
                self.status = match opened.problems.len() {
                    0 => format!("Opened {}", path.display()),
                    n => format!(
                        "Opened {}: {} to fix, each shown in red at its field in the editor",
                        path.display(),
                        if n == 1 { "1 problem".to_owned() } else { format!("{n} problems") }
                    ),
                };
            }
            Err(e) => self.prompts.open_errors = Some((path.to_owned(), load_error_lines(&e))),
        }
    }

    /// Saves the document to `path`; over its own file only when nothing else has saved that
    /// since this document read or saved it, unless `overwrite` (else the user is asked first:
    /// see [`Confirm::changed_on_disk`]).
    pub(super) fn save_to(&mut self, path: PathBuf, overwrite: bool) {
        let path = files::with_extension(path, Purpose::SaveAs);
        if !overwrite
            && self.doc.path.as_ref() == Some(&path)
            && let Some(now) = io::Stamp::read(&path)
            && self.doc.stamp != Some(now)
        {
            // Another program, or pricelab in another window, saved it: saving now would throw
            // that away unseen. (A file gone since is simply written again.)
            self.prompts.confirm = Some(Confirm::changed_on_disk(path.clone()));
            self.status = format!("Not saved yet: {} changed on disk since it was read here", path.display());
            return;
        }
        if self.doc.comments > 0 && self.doc.path.as_ref() == Some(&path) {
            // Comments below the header have no place in the canonical form: ask once.
            self.prompts.confirm = Some(Confirm::dropping_comments(path, self.doc.comments));
            self.status = "Not saved yet: saving drops the comments inside the file".into();
            return;
        }
        if let Err(e) = self.place_history(&path) {
            self.status = format!("Could not save: {e}");
            self.prompts.save_error = Some((path, format!("its usage file could not be written: {e}")));
            self.prompts.after_save = None;
            return;
        }
        match io::save_scenario(&path, self.doc.scenario(), self.doc.header.as_deref()) {
            Ok(stamp) => {
                self.prompts.save_error = None;
                self.status = format!("Saved {}", path.display());
                self.settings.recent = files::remember(&self.settings.recent, path.clone());
                self.doc.mark_saved(path, Some(stamp));
                self.doc.comments = 0;
                if let Some(then) = self.prompts.after_save.take() {
                    self.execute(then);
                }
            }
            Err(e) => {
                self.status = format!("Could not save: {e}");
                self.prompts.save_error = Some((path, e.to_string()));
                self.prompts.after_save = None;
            }
        }
    }

    /// Before saving to `path`: the usage file the scenario's history names, reachable from
    /// there — named relative to the new place, or written beside it when it is not a file yet
    /// (an import not saved before), under the name `import` gives it (`<name>.usage-<hash>.csv`,
    /// after its content): a scenario saved there before keeps its own usage file until the
    /// save replaces it (docs/import.md, "What import writes").
    pub(super) fn place_history(&mut self, path: &Path) -> Result<(), String> {
        let Some(history) = self.doc.scenario().history.clone() else { return Ok(()) };
        let Some(recorded) = history.recorded.clone() else { return Ok(()) };
        let current = match &self.doc.path {
            Some(old) => io::history::resolve(old, &history.file),
            None => PathBuf::from(&history.file),
        };
        let file = if current.is_file() {
            io::import::relative(&current, path)
        } else {
            let beside = io::import::usage_file_beside(path, &recorded);
            io::write_atomic_with(&beside, &[path], |w| io::import::write_usage_csv(w, &recorded))
                .map_err(|e| e.to_string())?;
            io::import::relative(&beside, path)
        };
        if file != history.file {
            let mut state = self.doc.state().clone();
            if let Some(h) = &mut state.scenario.history {
                let mut moved = (*recorded).clone();
                moved.file.clone_from(&file);
                h.file = file;
                h.recorded = Some(Arc::new(moved));
            }
            self.execute(Command::Apply(Box::new(state)));
        }
        Ok(())
    }

    pub(super) fn export(&mut self, purpose: Purpose, path: &Path) {
        // The figures of the scenario as it is now, not of an earlier version still shown.
        self.doc.finish();
        let Some(outcome) = &self.doc.outcome else {
            self.status = "Nothing to export: the scenario has never simulated".into();
            return;
        };
        // Never over the scenario's own file, whatever the name typed.
        let inputs: Vec<&Path> = self.doc.path.as_deref().into_iter().collect();
        let written = match purpose {
            Purpose::ExportCsv => io::write_atomic_with(path, &inputs, |w| export::write_csv(w, outcome, None)),
            Purpose::ExportJson => io::write_atomic_with(path, &inputs, |w| {
                export::write_json(w, self.doc.scenario(), outcome, None, None)
            }),
            Purpose::ExportPdf => {
                let Some(q) = results::quote::latest(&self.jobs).cloned() else {
                    self.status = "No quote to save yet".into();
                    return;
                };
                if let Some(why) = self.results.quote.letterhead_problem() {
                    self.status = format!("Not saved: {why}");
                    return;
                }
                let styles = &self.doc.state().styles;
                let plans = &self.doc.scenario().plans;
                let colors: Vec<[u8; 3]> = q
                    .plans
                    .iter()
                    .map(|p| {
                        plans
                            .iter()
                            .position(|x| x.name == p.name)
                            .and_then(|i| styles.get(i))
                            .map_or([127; 3], |s| s.color)
                    })
                    .collect();
                let head = self.results.quote.letterhead(&q);
                match io::quote::pdf::render(&q, &head, &colors) {
                    Ok(bytes) => io::write_atomic_with(path, &inputs, |w| w.write_all(&bytes)),
                    Err(e) => Err(io::OutputError::Io { path: path.to_owned(), source: std::io::Error::other(e) }),
                }
            }
            Purpose::ExportPng => {
                let Some(outcome) = &self.doc.outcome else { return };
                let state = self.doc.state();
                let results = crate::app::results::Results {
                    outcome,
                    mc: self.jobs.monte_carlo.current(),
                    mc_refreshing: false,
                    styles: &state.styles,
                    currency: &state.scenario.currency,
                    scenario: &state.scenario,
                    document: self.doc.id(),
                    revision: (self.doc.revision(), self.doc.outcome_revision()),
                };
                let chart = self.results.revenue.chart(results);
                let (width, height) = self.windows.chart_export.size;
                io::chart::write(path, &chart, width, height)
                    .map_err(|e| io::OutputError::Io { path: path.to_owned(), source: std::io::Error::other(e) })
            }
            Purpose::Open
            | Purpose::Compare
            | Purpose::SaveAs
            | Purpose::ImportUsage
            | Purpose::ImportEvents
            | Purpose::ImportSeats => {
                return;
            }
        };
        self.status = match written {
            Ok(()) => format!("Exported {}", path.display()),
            Err(e) => format!("Could not export: {e}"),
        };
    }
}

/// The built-in example scenario (or, were the embedded file ever broken, a blank one).
pub(super) fn default_scenario() -> Scenario {
    examples::DEFAULT.scenario().unwrap_or_else(|_| blank_scenario())
}

/// A blank scenario: one support team and one seats plan, over three years from this month.
#[must_use]
pub fn blank_scenario() -> Scenario {
    let start = io::clock::today().month;
    Scenario {
        format: crate::model::FORMAT,
        name: "New scenario".into(),
        notes: String::new(),
        currency: "USD".into(),
        start,
        months: 36,
        accounts: vec![editor::new_account("Support team".into())],
        plans: vec![editor::Template::Seats.plan("Seats".into())],
        transitions: Vec::new(),
        costs: crate::model::Costs::default(),
        simulation: crate::model::SimulationSettings::default(),
        history: None,
    }
}

/// Why a file could not be opened, a line per problem, for the *Could not open* window.
fn load_error_lines(e: &LoadError) -> Vec<String> {
    match e {
        LoadError::Read { source, .. } => vec![format!("cannot read the file: {source}")],
        LoadError::Invalid { problems, .. } => problems.iter().map(Problem::to_string).collect(),
    }
}

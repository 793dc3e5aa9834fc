//! The one place commands are carried out: [`PricelabApp::apply`] (which asks first when a
//! command would lose unsaved work) and [`PricelabApp::execute`]. Undo, dirty-marking,
//! re-simulation and background work all start here.

use super::actions::blank_scenario;
use super::command::Command;
use super::document::Document;
use super::files::Purpose;
use super::prompts::Confirm;
use super::{PricelabApp, results};
use crate::model::examples;

impl PricelabApp {
    /// Queues a command, applied at the end of the frame.
    pub fn send(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// Applies a command: the one place where the document changes.
    pub fn apply(&mut self, command: Command) {
        if command.discards() && self.doc.is_dirty() {
            self.prompts.confirm = Some(Confirm::new(command, &self.doc));
        } else {
            self.execute(command);
        }
    }

    /// Applies the commands queued this frame.
    pub(super) fn apply_queued(&mut self, ctx: &eframe::egui::Context) {
        let queued = std::mem::take(&mut self.queue);
        if queued.iter().any(|c| !matches!(c, Command::Run(_))) {
            // What the commands change (a dialog, new results) shows in the next frame: ask for it
            // now. (Background work asks for frames itself as it reports.)
            ctx.request_repaint();
        }
        for command in queued {
            self.apply(command);
        }
    }

    /// Carries out a command, without asking about unsaved changes.
    pub(super) fn execute(&mut self, command: Command) {
        match command {
            Command::Edit(state) => self.doc.edit(*state),
            Command::Apply(state) => {
                self.doc.settle();
                self.doc.edit(*state);
                self.doc.settle();
            }
            Command::ApplyAnalysis(state) => {
                self.execute(Command::Apply(state));
                self.status = "Applied the value from the analysis (Undo to go back)".into();
            }
            Command::New => {
                self.doc = Document::new(blank_scenario(), None);
                self.status = "New scenario: one account and one plan to start from (File > New from an example for the worked ones)".into();
            }
            Command::Open => self.ask_path(Purpose::Open, String::new()),
            Command::OpenPath(path) => self.open(&path),
            Command::Compare => self.ask_path(Purpose::Compare, String::new()),
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
            Command::ImportUsage => self.windows.import.show(),
            Command::ChooseImport(purpose) => self.ask_path(purpose, String::new()),
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
            Command::SaveAs => self.ask_path(Purpose::SaveAs, self.suggested_name("ron")),
            Command::SaveTo(path) => self.save_to(path, false),
            Command::SaveOver(path) => self.save_to(path, true),
            Command::ExportCsv => self.ask_path(Purpose::ExportCsv, self.suggested_name("csv")),
            Command::ExportJson => self.ask_path(Purpose::ExportJson, self.suggested_name("json")),
            Command::ExportPng => self.windows.chart_export.open = true,
            Command::ExportChart => self.ask_path(Purpose::ExportPng, self.suggested_name("png")),
            Command::ExportQuote => {
                let name = self.quote_file_name();
                self.ask_path(Purpose::ExportPdf, name);
            }
            Command::ExportTo(purpose, path) => self.export(purpose, &path),
            Command::Undo => self.doc.undo(),
            Command::Redo => self.doc.redo(),
            Command::Quit => self.lifecycle.quitting = true,
            Command::Restore(path) => self.restore(&path),
            Command::DiscardRecovery(path) => {
                self.lifecycle.autosave.discard_offer(&path);
                self.status = "Discarded the unsaved edits of an earlier session".into();
            }
            Command::Present(on) => {
                self.lifecycle.presenting = on;
                self.status = if on { String::new() } else { "Left the presentation".into() };
            }
            Command::ShowTab(tab) => self.results.tab = tab,
            Command::ShowInvoice { account, plan } => self.results.show_invoice(account, plan),
            Command::OpenChanges => self.windows.changes.since_saved(),
            Command::Theme(dark) => self.settings.dark = Some(dark),
            Command::Glossary => self.windows.glossary = true,
            Command::Guide => self.windows.guide.0 = true,
            Command::Run(job) => self.jobs.start(job, &self.doc),
            Command::Cancel(kind) => self.jobs.cancel(kind),
        }
    }

    /// Asks for a path for `purpose` (a file dialog, or the typed-path prompt), `name` suggested.
    fn ask_path(&mut self, purpose: Purpose, name: String) {
        let directory = self.directory();
        self.prompts.dialogs.ask(purpose, directory, name);
    }
}

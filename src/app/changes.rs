//! *Edit ▸ Changes since saved…*: every edit not yet saved, field by field, against the file as
//! it was opened or last saved (the same list the unsaved-changes question and the recovery offer
//! show the start of).

use super::background::Background;
use super::document::Document;
use crate::model::diff::Change;
use crate::model::money::{grouped, percent_text, signed};
use eframe::egui;
use rust_decimal::Decimal;

/// The most changes a question lists; the rest are counted (the window lists them all).
const SHOWN: usize = 6;

/// What the changes were worked out for: the document, its scenario's revision, and whether it
/// was dirty (a save makes the same scenario the file's).
type Key = (u64, u64, bool);

/// Each plan's total over the horizon, by name, or why there are none.
type Totals = Result<Vec<(String, Decimal)>, String>;

/// The window and what it last worked out.
pub struct ChangesWindow {
    /// Whether the window is open.
    pub open: bool,
    /// The changes (`None`: never saved), and what they were worked out for.
    cache: Option<(Key, Option<Vec<Change>>)>,
    /// The saved version's totals, simulated off the UI thread (keyed by the document and the
    /// saved version's revision).
    saved_totals: Background<(u64, u64), Totals>,
}

impl Default for ChangesWindow {
    fn default() -> Self {
        Self { open: false, cache: None, saved_totals: Background::new("saved totals", std::time::Duration::ZERO) }
    }
}

impl ChangesWindow {
    /// Shows the window while it is open, working the changes out again only after an edit or a
    /// save.
    pub fn ui(&mut self, ctx: &egui::Context, doc: &Document) {
        if !self.open {
            self.cache = None;
            return;
        }
        let key = (doc.id(), doc.scenario_revision(), doc.is_dirty());
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let changes = if key.2 { doc.changes_since_saved() } else { Some(Vec::new()) };
            self.cache = Some((key, changes));
        }
        let edited = self.cache.as_ref().is_some_and(|(_, c)| c.as_ref().is_some_and(|c| !c.is_empty()));
        if edited && let Some((saved, revision)) = doc.saved() {
            self.saved_totals.request((doc.id(), revision), || {
                let saved = saved.clone();
                Box::new(move |_| {
                    crate::engine::simulate(&saved)
                        .map(|o| o.plans.into_iter().map(|p| (p.name, p.total)).collect())
                        .map_err(|problems| {
                            format!("the saved version does not simulate ({} problem(s))", problems.len())
                        })
                })
            });
        }
        self.saved_totals.update(ctx);
        let Some((_, changes)) = &self.cache else { return };
        let now: Option<Vec<(&str, Decimal)>> = doc
            .outcome
            .as_ref()
            .filter(|_| doc.is_current())
            .map(|o| o.plans.iter().map(|p| (p.name.as_str(), p.total)).collect());
        let saved_totals = self.saved_totals.result().map(|(t, _)| t);
        let file = doc.path.as_ref().map(|p| p.display().to_string());
        egui::Window::new("Changes since saved")
            .open(&mut self.open)
            .default_width(520.0)
            .collapsible(false)
            // Below the menu bar, over the results: not over the menus.
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 80.0))
            .show(ctx, |ui| match (changes, &file) {
                (_, None) => {
                    ui.label("This scenario has never been saved: there is no file to compare it with.");
                }
                (None, Some(file)) => {
                    ui.label(format!(
                        "These edits were restored after a crash and {file} could not be read then: there is nothing to compare them with."
                    ));
                }
                (Some(changes), Some(file)) if changes.is_empty() => {
                    ui.label(format!("No changes to {file}."));
                }
                (Some(changes), Some(file)) => {
                    ui.horizontal(|ui| {
                        ui.label(format!("{} to {file}:", count(changes.len())));
                        if ui.button("Copy").on_hover_text("Copy the list as text, one change a line").clicked() {
                            let text: String = changes.iter().map(|c| format!("{c}\n")).collect();
                            ui.ctx().copy_text(text);
                        }
                    });
                    egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                        for change in changes {
                            ui.label(change.to_string());
                        }
                    });
                    ui.separator();
                    effect_ui(ui, saved_totals, now.as_deref());
                }
            });
    }
}

/// What the edits do to each plan's total over the horizon: as saved, now, and the change.
fn effect_ui(ui: &mut egui::Ui, saved: Option<&Totals>, now: Option<&[(&str, Decimal)]>) {
    ui.strong("What they do to each plan's total over the horizon");
    let (saved, now) = match (saved, now) {
        (_, None) => {
            ui.weak("The edited scenario has problems (or is being simulated): no totals for it yet.");
            return;
        }
        (None, _) => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.weak("Simulating the saved version…");
            });
            return;
        }
        (Some(Err(why)), _) => {
            ui.weak(format!("No totals for the saved version: {why}."));
            return;
        }
        (Some(Ok(saved)), Some(now)) => (saved, now),
    };
    let right = |ui: &mut egui::Ui, text: String| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| ui.monospace(text));
    };
    egui::Grid::new("saved totals").num_columns(5).striped(true).spacing([16.0, 4.0]).show(ui, |ui| {
        ui.strong("Plan");
        for title in ["saved", "now", "change", "change %"] {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| ui.strong(title));
        }
        ui.end_row();
        // The plans as they are now, then those only the saved version has.
        let names = now
            .iter()
            .map(|(n, _)| *n)
            .chain(saved.iter().map(|(n, _)| n.as_str()).filter(|n| !now.iter().any(|(m, _)| m == n)));
        for name in names {
            let before = saved.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
            let after = now.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
            ui.label(name);
            right(ui, before.map_or_else(|| "-".to_owned(), grouped));
            right(ui, after.map_or_else(|| "-".to_owned(), grouped));
            match before.zip(after) {
                Some((b, a)) => {
                    let change = a - b;
                    right(ui, signed(change));
                    right(ui, percent_text(change.checked_div(b), true));
                }
                None => {
                    right(ui, "-".to_owned());
                    right(ui, "-".to_owned());
                }
            }
            ui.end_row();
        }
    });
}

/// "1 change", "12 changes".
fn count(n: usize) -> String {
    if n == 1 { "1 change".to_owned() } else { format!("{n} changes") }
}

/// Changes to a file as a question lists them: the first few, then how many more.
pub fn list(ui: &mut egui::Ui, changes: &[Change]) {
    ui.label(format!("{} to the file:", count(changes.len())));
    ui.indent("changes", |ui| {
        for change in changes.iter().take(SHOWN) {
            ui.label(change.to_string());
        }
        if changes.len() > SHOWN {
            ui.weak(format!("and {} more", changes.len() - SHOWN));
        }
    });
}

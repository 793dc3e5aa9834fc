//! *Edit ▸ Changes since saved…*: every edit not yet saved, field by field, against the file as
//! it was opened or last saved (the same list the unsaved-changes question and the recovery offer
//! show the start of).

use super::document::Document;
use crate::model::diff::Change;
use eframe::egui;

/// The most changes a question lists; the rest are counted (the window lists them all).
const SHOWN: usize = 6;

/// What the changes were worked out for: the document, its scenario's revision, and whether it
/// was dirty (a save makes the same scenario the file's).
type Key = (u64, u64, bool);

/// The window and what it last worked out.
#[derive(Default)]
pub struct ChangesWindow {
    /// Whether the window is open.
    pub open: bool,
    /// The changes (`None`: never saved), and what they were worked out for.
    cache: Option<(Key, Option<Vec<Change>>)>,
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
        let Some((_, changes)) = &self.cache else { return };
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
                    egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                        for change in changes {
                            ui.label(change.to_string());
                        }
                    });
                }
            });
    }
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

//! *Edit ▸ Changes since saved…*: every edit not yet saved, field by field, against the file as
//! it was opened or last saved (the same list the unsaved-changes question and the recovery offer
//! show the start of), and what it does to each plan's total; *Edit ▸ Compare with a file…*: the
//! same against another scenario file.

use super::background::Background;
use super::document::Document;
use crate::model::Scenario;
use crate::model::diff::Change;
use crate::model::money::{grouped, percent_text, signed};
use eframe::egui;
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::sync::Arc;

/// The most changes a question lists; the rest are counted (the window lists them all).
const SHOWN: usize = 6;

/// What the changes were worked out for: the document, its scenario's revision, whether it was
/// dirty (a save makes the same scenario the file's), and the other file compared with (0: the
/// saved version).
type Key = (u64, u64, bool, u64);

/// Each plan's total over the horizon, by name, or why there are none.
type Totals = Result<Vec<(String, Decimal)>, String>;

/// Another scenario file the document is compared with (*Edit ▸ Compare with a file…*).
struct Other {
    path: PathBuf,
    scenario: Arc<Scenario>,
    /// Unique for each file chosen.
    id: u64,
}

/// The window and what it last worked out.
pub struct ChangesWindow {
    /// Whether the window is open.
    pub open: bool,
    /// What the document is compared with: another file, or (`None`) its saved version.
    other: Option<Other>,
    /// The changes (`None`: nothing to compare with), and what they were worked out for.
    cache: Option<(Key, Option<Vec<Change>>)>,
    /// The compared version's totals, simulated off the UI thread (keyed by the document and the
    /// saved version's revision, or by the other file).
    base_totals: Background<(u64, u64), Totals>,
}

impl Default for ChangesWindow {
    fn default() -> Self {
        Self {
            open: false,
            other: None,
            cache: None,
            base_totals: Background::new("compared totals", std::time::Duration::ZERO),
        }
    }
}

impl ChangesWindow {
    /// Opens the window on the changes since the document was saved.
    pub fn since_saved(&mut self) {
        self.other = None;
        self.open = true;
    }

    /// Opens the window on what the document changes against `scenario`, read from `path`.
    pub fn compare_with(&mut self, path: PathBuf, scenario: Scenario) {
        static IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.other = Some(Other { path, scenario: Arc::new(scenario), id });
        self.open = true;
    }

    /// Waits until the totals of the version compared with are in (tests: the window must have
    /// been drawn once since the edit, which asks for them).
    pub fn wait(&mut self) {
        self.base_totals.wait();
    }

    /// Shows the window while it is open, working the changes out again only after an edit, a
    /// save or another file chosen.
    pub fn ui(&mut self, ctx: &egui::Context, doc: &Document) {
        if !self.open {
            self.cache = None;
            return;
        }
        let other_id = self.other.as_ref().map_or(0, |o| o.id);
        let key = (doc.id(), doc.scenario_revision(), doc.is_dirty(), other_id);
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let changes = match &self.other {
                Some(other) => Some(crate::model::diff::changes(&other.scenario, doc.scenario())),
                None if key.2 => doc.changes_since_saved(),
                None => Some(Vec::new()),
            };
            self.cache = Some((key, changes));
        }
        let edited = self.cache.as_ref().is_some_and(|(_, c)| c.as_ref().is_some_and(|c| !c.is_empty()));
        if edited {
            // The version compared with is copied for its simulation only when it is another
            // than the one asked for last (not every frame while the window is open).
            let base = match &self.other {
                Some(other) => Some(((0, other.id), None)),
                None => doc.saved().map(|(saved, revision)| ((doc.id(), revision), Some(saved))),
            };
            if let Some((key, saved)) = base
                && !self.base_totals.wants(&key)
                && let Some(scenario) = match &self.other {
                    Some(other) => Some(Arc::clone(&other.scenario)),
                    None => saved.map(|s| Arc::new(s.clone())),
                }
            {
                self.base_totals.request(key, || {
                    Box::new(move |_| {
                        crate::engine::simulate(&scenario)
                            .map(|o| o.plans.into_iter().map(|p| (p.name, p.total)).collect())
                            .map_err(|problems| format!("it does not simulate ({} problem(s))", problems.len()))
                    })
                });
            }
        }
        self.base_totals.update(ctx);
        let Some((_, changes)) = &self.cache else { return };
        let now: Option<Vec<(&str, Decimal)>> = doc
            .outcome
            .as_ref()
            .filter(|_| doc.is_current())
            .map(|o| o.plans.iter().map(|p| (p.name.as_str(), p.total)).collect());
        let base_totals = self.base_totals.result().map(|(t, _)| t);
        let file = doc.path.as_ref().map(|p| p.display().to_string());
        let (title, against, column) = match &self.other {
            Some(other) => {
                let name = other
                    .path
                    .file_name()
                    .map_or_else(|| other.path.display().to_string(), |n| n.to_string_lossy().into_owned());
                (format!("Compared with {name}"), Some(format!("from {}", other.path.display())), name)
            }
            None => ("Changes since saved".to_owned(), file.map(|f| format!("to {f}")), "saved".to_owned()),
        };
        egui::Window::new(title)
            .id(egui::Id::unique("pricelab changes"))
            .open(&mut self.open)
            .default_width(520.0)
            .collapsible(false)
            // Below the menu bar, over the results: not over the menus.
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 80.0))
            .show(ctx, |ui| match (changes, &against) {
                (_, None) => {
                    ui.label("This scenario has never been saved: there is no file to compare it with.");
                }
                (None, Some(_)) => {
                    ui.label(format!(
                        "These edits were restored after a crash and {} could not be read then: there is nothing to compare them with.",
                        doc.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default()
                    ));
                }
                (Some(changes), Some(against)) if changes.is_empty() => {
                    ui.label(format!("No changes {against}."));
                }
                (Some(changes), Some(against)) => {
                    let rows = effect_rows(base_totals, now.as_deref());
                    ui.horizontal(|ui| {
                        ui.label(format!("{} {against}:", count(changes.len())));
                        let copy = ui.button("Copy").on_hover_text(
                            "Copy the changes as text, one a line, and each plan's totals as a table for a spreadsheet",
                        );
                        if copy.clicked() {
                            ui.ctx().copy_text(copied(changes, &column, rows.as_deref().ok()));
                        }
                    });
                    egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                        for change in changes {
                            ui.label(change.to_string());
                        }
                    });
                    ui.separator();
                    effect_ui(ui, &column, &rows);
                }
            });
    }
}

/// Why the effect on the totals cannot be shown (yet).
enum NoEffect {
    /// The edited scenario has problems or is being simulated.
    NotNow,
    /// The version compared with is being simulated.
    Waiting,
    /// The version compared with does not simulate.
    Failed(String),
}

/// The effect on each plan's total over the horizon, a row per plan: its name, its total in the
/// version compared with, now, the change and the change in percent ("-" where a side lacks the
/// plan). The plans as they are now come first, then those only the other version has.
fn effect_rows(base: Option<&Totals>, now: Option<&[(&str, Decimal)]>) -> Result<Vec<[String; 5]>, NoEffect> {
    let now = now.ok_or(NoEffect::NotNow)?;
    let base = match base {
        None => return Err(NoEffect::Waiting),
        Some(Err(why)) => return Err(NoEffect::Failed(why.clone())),
        Some(Ok(base)) => base,
    };
    let dash = || "-".to_owned();
    let names = crate::model::diff::names_of_both(now.iter().map(|(n, _)| *n), base.iter().map(|(n, _)| n.as_str()));
    Ok(names
        .into_iter()
        .map(|name| {
            let before = base.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
            let after = now.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
            let change = before.zip(after).map(|(b, a)| (a - b, (a - b).checked_div(b)));
            [
                name.to_owned(),
                before.map_or_else(dash, grouped),
                after.map_or_else(dash, grouped),
                change.map_or_else(dash, |(c, _)| signed(c)),
                change.map_or_else(dash, |(_, r)| percent_text(r, true)),
            ]
        })
        .collect())
}

/// The heading of the effect on the totals.
const EFFECT: &str = "What they do to each plan's total over the horizon";

/// The changes and their effect as text to paste: a change a line, then the totals
/// tab-separated (they paste as a table into a spreadsheet).
fn copied(changes: &[Change], column: &str, rows: Option<&[[String; 5]]>) -> String {
    let mut text: String = changes.iter().map(|c| format!("{c}\n")).collect();
    if let Some(rows) = rows {
        text.push_str(&format!("\n{EFFECT}\nPlan\t{column}\tnow\tchange\tchange %\n"));
        for row in rows {
            text.push_str(&row.join("\t"));
            text.push('\n');
        }
    }
    text
}

/// The effect on each plan's total, with the version compared with headed `column`.
fn effect_ui(ui: &mut egui::Ui, column: &str, rows: &Result<Vec<[String; 5]>, NoEffect>) {
    ui.strong(EFFECT);
    let rows = match rows {
        Ok(rows) => rows,
        Err(NoEffect::NotNow) => {
            ui.weak("The edited scenario has problems (or is being simulated): no totals for it yet.");
            return;
        }
        Err(NoEffect::Waiting) => {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.weak(format!("Simulating {column}…"));
            });
            return;
        }
        Err(NoEffect::Failed(why)) => {
            ui.weak(format!("No totals for {column}: {why}."));
            return;
        }
    };
    let right = |ui: &mut egui::Ui, text: &str| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| ui.monospace(text));
    };
    egui::Grid::new("saved totals").num_columns(5).striped(true).spacing([16.0, 4.0]).show(ui, |ui| {
        ui.strong("Plan");
        for title in [column, "now", "change", "change %"] {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| ui.strong(title));
        }
        ui.end_row();
        for [name, cells @ ..] in rows {
            ui.label(name);
            for cell in cells {
                right(ui, cell);
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

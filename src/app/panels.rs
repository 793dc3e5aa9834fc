//! The app's panels around the results: the menu bar, the status bar and the editor — or, while
//! presenting, a thin bar that says how to leave — and the central area.

use super::{Command, PricelabApp, editor};
use eframe::egui::{self, Ui};

impl PricelabApp {
    /// The menu bar, the status bar and the editor.
    pub(super) fn panels(&mut self, ui: &mut Ui) {
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menus(ui));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let doc = &self.doc;
                if doc.is_simulating() {
                    ui.add(egui::Spinner::new());
                    ui.label("checking and simulating…");
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
        // At most 45% of the window (and 640 points): a width remembered from a larger screen, or
        // dragged wide, never squeezes the results to a sliver.
        let widest = (ui.ctx().content_rect().width() * 0.45).clamp(300.0, 640.0);
        egui::Panel::left("editor").resizable(true).default_size(400.0).size_range(260.0..=widest).show(ui, |ui| {
            self.editor.ui(ui, &mut self.draft.state, &self.doc.problems);
        });
    }

    /// While presenting: a thin bar that says how to leave (Esc, or its button).
    pub(super) fn presenting_bar(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let popup = egui::Popup::is_any_open(&ctx);
        if !popup && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
            self.send(Command::Present(false));
        }
        egui::Panel::top("presenting").show(ui, |ui| {
            ui.horizontal(|ui| {
                let leave = Command::Present(false);
                if ui.button(leave.label()).on_hover_text(leave.tooltip().unwrap_or_default()).clicked() {
                    self.send(leave);
                }
                ui.weak("Presenting: press Esc to go back to the editor");
            });
        });
    }

    /// The scenario's name and size, and its notes, above the results.
    fn scenario_heading(&self, ui: &mut Ui) {
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
    }

    /// The central area: the results (alone and in larger type while presenting).
    pub(super) fn central(&mut self, ui: &mut Ui) {
        let presenting = self.lifecycle.presenting;
        egui::CentralPanel::default().show(ui, |ui| {
            if presenting {
                // Larger type for a shared screen, the more so the larger the screen.
                let scale = (ui.available_width() / 1000.0).clamp(1.3, 1.8);
                for font in ui.style_mut().text_styles.values_mut() {
                    font.size *= scale;
                }
            } else {
                self.scenario_heading(ui);
            }
            self.results.ui(ui, &self.doc, &self.jobs, presenting, &mut self.queue);
        });
    }
}

//! The app's dialogs: unsaved changes, a file changed on disk before a save over it, a file that
//! could not be opened, a typed path where no file dialog is available, and recovery files left
//! by an earlier run.

use super::{Command, PricelabApp, editor};
use eframe::egui::{self, Key};
use std::path::{Path, PathBuf};

impl PricelabApp {
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context) {
        self.recovery_ui(ctx);
        if let Some((Command::SaveTo(path), comments)) = self.prompts.confirm.as_ref().map(|c| (&c.then, c.comments))
            && comments > 0
        {
            let path = path.clone();
            self.dropping_comments_ui(ctx, &path, comments);
        } else if let Some(Command::SaveOver(path)) = self.prompts.confirm.as_ref().map(|c| &c.then) {
            let (path, modified) = (path.clone(), self.prompts.confirm.as_ref().and_then(|c| c.modified));
            self.changed_on_disk_ui(ctx, &path, modified);
        } else if let Some(confirm) = self.prompts.confirm.clone() {
            let file =
                self.doc.path.as_ref().map_or_else(|| "this new scenario".to_owned(), |p| p.display().to_string());
            let reverting = confirm.then == Command::Revert;
            egui::Modal::new(egui::Id::unique("pricelab confirm")).show(ctx, |ui| {
                ui.heading(if reverting { "Revert to saved" } else { "Unsaved changes" });
                ui.label(if reverting {
                    format!("Discard the changes and read {file} again as it is saved?")
                } else {
                    format!("Save the changes to {file} first?")
                });
                match &confirm.changes {
                    Some(changes) if !changes.is_empty() => super::changes::list(ui, changes),
                    // Undone back to the file, or only a usage file re-read: nothing to list.
                    _ => {}
                }
                if reverting {
                    ui.horizontal(|ui| {
                        if ui.button("Revert").clicked() {
                            self.prompts.confirm = None;
                            self.execute(Command::Revert);
                        }
                        if ui.button("Cancel").clicked() {
                            self.prompts.confirm = None;
                        }
                    });
                    return;
                }
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        self.prompts.confirm = None;
                        // Done once saved: at once to the scenario's file, or after the Save As
                        // dialog for a scenario never saved (nothing is done if it is cancelled).
                        self.prompts.after_save = Some(confirm.then.clone());
                        self.execute(Command::Save);
                    }
                    if ui.button("Discard changes").clicked() {
                        self.prompts.confirm = None;
                        self.execute(confirm.then.clone());
                    }
                    if ui.button("Cancel").clicked() {
                        self.prompts.confirm = None;
                    }
                });
            });
        }
        if let Some((path, problems)) = self.prompts.open_errors.clone() {
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
                self.prompts.open_errors = None;
            }
        }
        if let Some((path, why)) = self.prompts.save_error.clone() {
            let mut open = true;
            let mut save_as = false;
            egui::Window::new("Could not save")
                .open(&mut open)
                .collapsible(false)
                .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
                .show(ctx, |ui| {
                    ui.label(format!("{} was not saved: your changes are still open here, unsaved.", path.display()));
                    ui.colored_label(editor::widgets::PROBLEM_COLOR, &why);
                    ui.horizontal(|ui| {
                        save_as = ui.button("Save As…").on_hover_text("Save to another file").clicked();
                        if ui.button("Close").clicked() {
                            self.prompts.save_error = None;
                        }
                    });
                });
            if !open {
                self.prompts.save_error = None;
            }
            if save_as {
                self.prompts.save_error = None;
                self.send(Command::SaveAs);
            }
        }
        if let Some((purpose, mut text)) = self.prompts.dialogs.prompt.clone() {
            let mut close = false;
            egui::Window::new(purpose.title()).collapsible(false).anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0]).show(
                ctx,
                |ui| {
                    let l = ui.label("No file dialog is available on this machine: type the file's path.");
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut text)
                                .desired_width(400.0)
                                .hint_text(format!("/path/to/file.{}", purpose.extension())),
                        )
                        .labelled_by(l.id);
                    // Typing goes to the path: asked once when the prompt opens, and again while it
                    // is empty and nothing else has the keyboard (the first frames of a window
                    // can lose a request).
                    let idle = text.is_empty() && ui.memory(|m| m.focused().is_none());
                    if std::mem::take(&mut self.prompts.dialogs.focus_prompt) || idle {
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
            self.prompts.dialogs.prompt = if close { None } else { Some((purpose, text)) };
        }
    }

    /// Before saving over the document's file, which something else has saved since the document
    /// read or saved it: overwrite it, save elsewhere, or see what this version changes against
    /// it (the compare window).
    fn changed_on_disk_ui(&mut self, ctx: &egui::Context, path: &Path, modified: Option<u64>) {
        egui::Modal::new(egui::Id::unique("pricelab changed on disk")).show(ctx, |ui| {
            ui.heading("The file changed on disk");
            let when = modified.map_or_else(String::new, |m| format!(" (at {})", crate::io::clock::utc_text(m)));
            ui.label(format!(
                "{} was saved by another program or another pricelab window{when}, after it was opened or last saved here.",
                path.display()
            ));
            ui.label("Saving now would replace that version with this one.");
            ui.horizontal(|ui| {
                if ui.button("Overwrite").on_hover_text("Replace the file with this version").clicked() {
                    self.prompts.confirm = None;
                    self.execute(Command::SaveOver(path.to_owned()));
                }
                if ui.button("Save As…").on_hover_text("Keep that file as it is and save this version to another").clicked() {
                    self.prompts.confirm = None;
                    self.execute(Command::SaveAs);
                }
                if ui.button("Compare…").on_hover_text("See what this version changes against the file as it is now").clicked() {
                    self.prompts.confirm = None;
                    self.prompts.after_save = None;
                    self.execute(Command::CompareWith(path.to_owned()));
                }
                if ui.button("Cancel").clicked() {
                    self.prompts.confirm = None;
                    self.status = "Not saved".into();
                }
            });
        });
    }

    /// Before the first save over a file with comments below its header: saving writes the
    /// canonical form, which keeps the header and drops the others.
    fn dropping_comments_ui(&mut self, ctx: &egui::Context, path: &Path, comments: usize) {
        egui::Modal::new(egui::Id::unique("pricelab dropping comments")).show(ctx, |ui| {
            ui.heading("Comments in the file");
            let them = if comments == 1 { "1 comment".to_owned() } else { format!("{comments} comments") };
            ui.label(format!(
                "{} has {them} below the comment at its top. Saving writes pricelab's layout, which keeps the comment at the top and drops the others.",
                path.display()
            ));
            ui.weak("Notes about the scenario belong in its Notes (under Scenario in the editor), which are saved.");
            ui.horizontal(|ui| {
                if ui.button("Save, dropping them").clicked() {
                    self.prompts.confirm = None;
                    self.doc.comments = 0;
                    self.execute(Command::SaveTo(path.to_owned()));
                }
                if ui.button("Save As…").on_hover_text("Keep that file, comments and all, and save to another").clicked() {
                    self.prompts.confirm = None;
                    self.execute(Command::SaveAs);
                }
                if ui.button("Cancel").clicked() {
                    self.prompts.confirm = None;
                    self.status = "Not saved".into();
                }
            });
        });
    }

    /// At start, the recovery files an earlier run left: each offered to restore or discard, or
    /// all put off to the next start.
    fn recovery_ui(&mut self, ctx: &egui::Context) {
        if self.lifecycle.recovery_later || self.lifecycle.autosave.offers.is_empty() || self.prompts.confirm.is_some()
        {
            return;
        }
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let mut chosen = None;
        egui::Modal::new(egui::Id::unique("pricelab recovery")).show(ctx, |ui| {
            ui.heading("Recover unsaved work");
            ui.label("pricelab closed without saving these edits (a crash, a kill or a power cut):");
            ui.add_space(4.0);
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                for offer in &self.lifecycle.autosave.offers {
                    ui.group(|ui| match &offer.recovery {
                        Ok(r) => {
                            ui.strong(&r.scenario.name);
                            let file = r.file.as_ref().map_or_else(
                                || "a scenario never saved".to_owned(),
                                |f| format!("edits to {}", f.display()),
                            );
                            ui.label(file);
                            ui.weak(format!(
                                "written {} ({}) · {} profile(s), {} plan(s), {} months",
                                crate::io::clock::utc_text(r.written),
                                ago(now.saturating_sub(r.written)),
                                r.scenario.accounts.len(),
                                r.scenario.plans.len(),
                                r.scenario.months
                            ));
                            if let Some(compared) = &offer.compared {
                                changes_ui(ui, compared);
                            }
                            ui.horizontal(|ui| {
                                if ui.button("Restore").clicked() {
                                    chosen = Some(Command::Restore(offer.path.clone()));
                                }
                                if ui.button("Discard").clicked() {
                                    chosen = Some(Command::DiscardRecovery(offer.path.clone()));
                                }
                            });
                        }
                        Err(e) => {
                            ui.label(format!("A recovery file that cannot be read: {}", offer.path.display()));
                            ui.colored_label(editor::widgets::PROBLEM_COLOR, e);
                            if ui.button("Discard").clicked() {
                                chosen = Some(Command::DiscardRecovery(offer.path.clone()));
                            }
                        }
                    });
                }
            });
            ui.add_space(4.0);
            if ui.button("Decide at the next start").clicked() {
                self.lifecycle.recovery_later = true;
            }
        });
        if let Some(command) = chosen {
            self.send(command);
        }
    }
}

/// What a recovery's edits change in their file, and what to know first.
fn changes_ui(ui: &mut egui::Ui, compared: &crate::io::recovery::Compared) {
    if let Some(warning) = &compared.warning {
        ui.colored_label(editor::widgets::PROBLEM_COLOR, warning);
    }
    if compared.changes.is_empty() {
        if compared.warning.is_none() {
            ui.label("The same as the file: nothing to recover.");
        }
        return;
    }
    super::changes::list(ui, &compared.changes);
}

/// How long ago, in words: "just now", "12 minutes ago", "3 hours ago", "2 days ago".
fn ago(secs: u64) -> String {
    let (n, unit) = match secs {
        0..60 => return "just now".into(),
        60..3600 => (secs / 60, "minute"),
        3600..86_400 => (secs / 3600, "hour"),
        _ => (secs / 86_400, "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

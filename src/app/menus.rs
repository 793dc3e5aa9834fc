//! The menus, the keyboard shortcuts and the Monte Carlo part of the status bar.

use super::{Command, PricelabApp, editor, mc_runner, results};
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, Ui};

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD_SHIFT: Modifiers = Modifiers { alt: false, ctrl: false, shift: true, mac_cmd: false, command: true };

/// *View ▸ Present* (and back).
const PRESENT: KeyboardShortcut = shortcut(Modifiers::NONE, Key::F5);

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

impl PricelabApp {
    pub(super) fn mc_status_ui(&mut self, ui: &mut Ui) {
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
                if let Some(shown) = self.mc.estimate() {
                    let of = self.doc.scenario().simulation.trials;
                    ui.weak(format!("bands from {shown} of {of} trials so far, refining"));
                }
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
        if let Some(e) = self.mc.error() {
            ui.colored_label(editor::widgets::PROBLEM_COLOR, format!("Monte Carlo: {e}"));
            ui.separator();
        }
    }

    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        for (sc, command) in SHORTCUTS {
            if ctx.input_mut(|i| i.consume_shortcut(&sc)) {
                self.send(command());
            }
        }
        if ctx.input_mut(|i| i.consume_shortcut(&PRESENT)) {
            self.send(Command::Present(!self.presenting));
        }
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

    pub(super) fn menus(&mut self, ui: &mut Ui) {
        let sc = |i: usize| SHORTCUTS.get(i).map(|s| s.0);
        ui.menu_button("File", |ui| {
            self.menu_item(ui, "New", sc(2), true, Command::New);
            ui.menu_button("New from an example", |ui| {
                for (i, name) in self.example_names.clone().iter().enumerate() {
                    self.menu_item(ui, name, None, true, Command::OpenExample(i));
                }
            });
            self.menu_item(ui, "Open…", sc(3), true, Command::Open);
            let recent = self.settings.recent.clone();
            ui.add_enabled_ui(!recent.is_empty(), |ui| {
                ui.menu_button("Open recent", |ui| {
                    for path in recent {
                        self.menu_item(ui, &path.display().to_string(), None, true, Command::OpenPath(path));
                    }
                });
            });
            ui.separator();
            self.menu_item(ui, "Import usage history…", None, true, Command::ImportUsage);
            ui.separator();
            self.menu_item(ui, "Save", sc(4), true, Command::Save);
            self.menu_item(ui, "Save As…", sc(0), true, Command::SaveAs);
            let revertible = self.doc.path.is_some() && self.doc.is_dirty();
            self.menu_item(ui, "Revert to saved", None, revertible, Command::Revert);
            ui.separator();
            let has = self.doc.outcome.is_some();
            self.menu_item(ui, "Export results as CSV…", None, has, Command::ExportCsv);
            self.menu_item(ui, "Export results as JSON…", None, has, Command::ExportJson);
            self.menu_item(ui, "Export chart (PNG or SVG)…", None, has, Command::ExportPng);
            ui.separator();
            self.menu_item(ui, "Quit", sc(7), true, Command::Quit);
        });
        ui.menu_button("Edit", |ui| {
            self.menu_item(ui, "Undo", sc(5), self.doc.can_undo(), Command::Undo);
            self.menu_item(ui, "Redo", sc(1), self.doc.can_redo(), Command::Redo);
            ui.separator();
            if ui.button("Changes since saved…").on_hover_text("Every edit not yet saved, field by field").clicked() {
                self.changes.since_saved();
                ui.close();
            }
            self.menu_item(ui, "Compare with a file…", None, true, Command::Compare);
        });
        ui.menu_button("View", |ui| {
            for tab in results::Tab::ALL {
                if ui.selectable_label(self.results.tab == tab, tab.label()).clicked() {
                    self.results.tab = tab;
                    ui.close();
                }
            }
            ui.separator();
            let present = egui::Button::new("Present").shortcut_text(ui.ctx().format_shortcut(&PRESENT));
            if ui
                .add(present)
                .on_hover_text(
                    "The results alone, full-screen and in larger type, for a screen shared on a call (Esc to leave)",
                )
                .clicked()
            {
                self.send(Command::Present(true));
                ui.close();
            }
            ui.separator();
            let dark = ui.ctx().global_style().visuals.dark_mode;
            if ui.button(if dark { "Light theme" } else { "Dark theme" }).clicked() {
                self.settings.dark = Some(!dark);
                ui.close();
            }
        });
        ui.menu_button("Help", |ui| {
            if ui.button("User's guide").on_hover_text("How to write scenarios and read every result").clicked() {
                self.guide.0 = true;
                ui.close();
            }
            if ui.button("Glossary").on_hover_text("What each term of the editor and the results means").clicked() {
                self.glossary_open = true;
                ui.close();
            }
            ui.separator();
            ui.weak(concat!("pricelab ", env!("CARGO_PKG_VERSION")));
        });
    }
}

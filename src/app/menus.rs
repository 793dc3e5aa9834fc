//! The menus, the keyboard shortcuts and the Monte Carlo part of the status bar. Menu items and
//! shortcuts are made from the [`Command`]s (their labels, tooltips and shortcuts).

use super::{Command, JobKind, PricelabApp, editor, mc_runner, results};
use eframe::egui::{self, Ui};

impl PricelabApp {
    pub(super) fn mc_status_ui(&mut self, ui: &mut Ui) {
        use mc_runner::Status;
        match self.jobs.monte_carlo.status() {
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
                if let Some(shown) = self.jobs.monte_carlo.estimate() {
                    let of = self.doc.scenario().simulation.trials;
                    ui.weak(format!("bands from {shown} of {of} trials so far, refining"));
                }
                if ui.small_button("Cancel").clicked() {
                    self.send(Command::Cancel(JobKind::MonteCarlo));
                }
                ui.separator();
            }
            Status::Cancelled => {
                ui.weak("Monte Carlo cancelled: edit the scenario to run it again");
                ui.separator();
            }
            Status::Done => {
                if let Some(mc) = self.jobs.monte_carlo.current() {
                    ui.weak(format!("Monte Carlo: {} trials, seed {}", mc.trials, mc.seed));
                    ui.separator();
                }
            }
        }
        if let Some(e) = self.jobs.monte_carlo.error() {
            ui.colored_label(editor::widgets::PROBLEM_COLOR, format!("Monte Carlo: {e}"));
            ui.separator();
        }
    }

    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        for (shortcut, command) in Command::keyboard() {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                // (The presentation's key goes both ways.)
                let command = if matches!(command, Command::Present(_)) {
                    Command::Present(!self.lifecycle.presenting)
                } else {
                    command
                };
                self.send(command);
            }
        }
    }

    /// A menu item for `command`: its label (or `label`, for a file or an example), shortcut
    /// and tooltip.
    fn menu_item(&mut self, ui: &mut Ui, label: Option<&str>, enabled: bool, command: Command) {
        let mut button = egui::Button::new(label.unwrap_or(command.label()));
        if let Some(sc) = command.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&sc));
        }
        let mut response = ui.add_enabled(enabled, button);
        if let Some(tip) = command.tooltip() {
            response = response.on_hover_text(tip);
        }
        if response.clicked() {
            self.send(command);
            ui.close();
        }
    }

    pub(super) fn menus(&mut self, ui: &mut Ui) {
        ui.menu_button("File", |ui| {
            self.menu_item(ui, None, true, Command::New);
            ui.menu_button("New from an example", |ui| {
                for (i, name) in self.example_names.clone().iter().enumerate() {
                    self.menu_item(ui, Some(name), true, Command::OpenExample(i));
                }
            });
            self.menu_item(ui, None, true, Command::Open);
            let recent = self.settings.recent.clone();
            ui.add_enabled_ui(!recent.is_empty(), |ui| {
                ui.menu_button("Open recent", |ui| {
                    for path in recent {
                        self.menu_item(ui, Some(&path.display().to_string()), true, Command::OpenPath(path));
                    }
                });
            });
            ui.separator();
            self.menu_item(ui, None, true, Command::ImportUsage);
            ui.separator();
            self.menu_item(ui, None, true, Command::Save);
            self.menu_item(ui, None, true, Command::SaveAs);
            let revertible = self.doc.path.is_some() && self.doc.is_dirty();
            self.menu_item(ui, None, revertible, Command::Revert);
            ui.separator();
            let has = self.doc.outcome.is_some();
            self.menu_item(ui, None, has, Command::ExportCsv);
            self.menu_item(ui, None, has, Command::ExportJson);
            self.menu_item(ui, None, has, Command::ExportPng);
            ui.separator();
            self.menu_item(ui, None, true, Command::Quit);
        });
        ui.menu_button("Edit", |ui| {
            self.menu_item(ui, None, self.doc.can_undo(), Command::Undo);
            self.menu_item(ui, None, self.doc.can_redo(), Command::Redo);
            ui.separator();
            self.menu_item(ui, None, true, Command::OpenChanges);
            self.menu_item(ui, None, true, Command::Compare);
        });
        ui.menu_button("View", |ui| {
            let recorded = results::customers::has_customers(&self.doc);
            let moving = !self.doc.state().scenario.transitions.is_empty();
            for tab in results::Tab::ALL {
                // (As the tabs: Customers with recorded usage, Transition with a transition.)
                if (tab == results::Tab::Customers && !recorded) || (tab == results::Tab::Transition && !moving) {
                    continue;
                }
                if ui.selectable_label(self.results.tab == tab, tab.label()).clicked() {
                    self.send(Command::ShowTab(tab));
                    ui.close();
                }
            }
            ui.separator();
            self.menu_item(ui, None, true, Command::Present(true));
            ui.separator();
            let dark = ui.ctx().global_style().visuals.dark_mode;
            self.menu_item(ui, None, true, Command::Theme(!dark));
        });
        ui.menu_button("Help", |ui| {
            self.menu_item(ui, None, true, Command::Guide);
            self.menu_item(ui, None, true, Command::Glossary);
            ui.separator();
            ui.weak(concat!("pricelab ", env!("CARGO_PKG_VERSION")));
        });
    }
}

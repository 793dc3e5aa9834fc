//! Editor of the scenario's own fields: name, notes, start month, months, currency.

use super::widgets::{self, problems_ui};
use crate::model::{Limits, Problem, Scenario, YearMonth};
use eframe::egui::{self, Ui};

/// Editor of the scenario's own fields.
#[derive(Debug, Default)]
pub struct ScenarioPanel;

impl ScenarioPanel {
    /// Shows the fields of `s` and edits them in place.
    pub fn ui(&mut self, ui: &mut Ui, s: &mut Scenario, problems: &[Problem]) {
        widgets::text_row(ui, "Name", &mut s.name);
        problems_ui(ui, problems, "name", false);
        ui.horizontal(|ui| {
            let l = crate::app::glossary::label(ui, "Start");
            let mut year = s.start.year();
            let mut month = s.start.month();
            let y = widgets::checked_drag(ui, &mut year, 1900..=2200, "", |d| d.speed(0.1)).labelled_by(l.id);
            let m = widgets::checked_drag(ui, &mut month, 1..=12, "", |d| d.speed(0.1)).labelled_by(l.id);
            if (y.changed() || m.changed())
                && let Some(start) = YearMonth::new(year, month)
            {
                s.start = start;
            }
            ui.weak(s.start.to_string());
        });
        widgets::months_row(ui, "Months", &mut s.months, 1..=Limits::MONTHS);
        problems_ui(ui, problems, "months", false);
        ui.horizontal(|ui| {
            let l = crate::app::glossary::label(ui, "Currency");
            let r =
                ui.add(egui::TextEdit::singleline(&mut s.currency).desired_width(50.0).char_limit(3)).labelled_by(l.id);
            if r.changed() {
                s.currency = s.currency.to_ascii_uppercase();
            }
        });
        problems_ui(ui, problems, "currency", false);
        egui::CollapsingHeader::new("Notes").default_open(false).show(ui, |ui| {
            egui::ScrollArea::vertical().max_height(220.0).show(ui, |ui| {
                ui.add(egui::TextEdit::multiline(&mut s.notes).desired_rows(4).desired_width(f32::INFINITY));
            });
        });
        problems_ui(ui, problems, "accounts", false);
        problems_ui(ui, problems, "plans", false);
        problems_ui(ui, problems, "format", false);
    }
}

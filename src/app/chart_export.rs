//! The *Export chart* window: the revenue chart as shown, at a size chosen for a slide, as PNG
//! or SVG (see [`crate::io::chart`]).

use super::command::{Command, Commands};
use crate::io::chart::SIZES;
use eframe::egui::{self, Ui};

/// Sizes offered with one click, in pixels.
const PRESETS: [(&str, u32, u32); 4] =
    [("Slide 16:9", 1920, 1080), ("Slide, smaller", 1280, 720), ("4:3", 1600, 1200), ("Square", 1200, 1200)];

/// The window's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartExport {
    /// Whether the window is open.
    pub open: bool,
    /// The picture's width and height, in pixels.
    pub size: (u32, u32),
}

impl Default for ChartExport {
    fn default() -> Self {
        Self { open: false, size: (1920, 1080) }
    }
}

impl ChartExport {
    /// Shows the window (when open); *Save chart…* asks for the file
    /// ([`Command::ExportChart`]).
    pub fn ui(&mut self, ctx: &egui::Context, out: &mut Commands) {
        let mut save = false;
        let mut open = self.open;
        egui::Window::new("Export chart")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                save = self.contents(ui);
            });
        self.open = open && !save;
        if save {
            out.push(Command::ExportChart);
        }
    }

    fn contents(&mut self, ui: &mut Ui) -> bool {
        ui.label("The revenue chart as the Revenue tab shows it (monthly or cumulative, the plans shown), with a title, a legend and labelled axes, on white.");
        ui.horizontal_wrapped(|ui| {
            for (name, w, h) in PRESETS {
                if ui.selectable_label(self.size == (w, h), format!("{name} ({w} × {h})")).clicked() {
                    self.size = (w, h);
                }
            }
        });
        ui.horizontal(|ui| {
            let l = ui.label("Width");
            crate::app::editor::widgets::checked_drag(ui, &mut self.size.0, SIZES, " px", |d| d.speed(10.0))
                .labelled_by(l.id);
            let l = ui.label("Height");
            crate::app::editor::widgets::checked_drag(ui, &mut self.size.1, SIZES, " px", |d| d.speed(10.0))
                .labelled_by(l.id);
        });
        ui.weak("The file's name chooses the format: .png (the default) or .svg for a drawing that scales.");
        ui.button(Command::ExportChart.label()).clicked()
    }
}

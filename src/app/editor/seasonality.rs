//! The seasonality curve editor: twelve monthly multipliers as points the user drags up and
//! down on a plot, with the numbers editable beside it.

use eframe::egui::{self, Ui};
use egui_plot::{HoverPosition, Line, PlotBounds, PlotPoint, PlotPoints, Points};

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Highest multiplier the curve can be dragged to (typed values may go higher).
pub const PLOT_MAX: f64 = 3.0;

/// The top of the plot for a curve: room above its highest point.
#[must_use]
pub fn plot_top(values: &[f64]) -> f64 {
    values.iter().copied().fold(PLOT_MAX, f64::max) * 1.05
}

/// Grab radius around a point, in screen points.
const GRAB_RADIUS: f32 = 12.0;

/// The point of `points` (plot coordinates) under the press that started a drag: the nearest
/// within [`GRAB_RADIUS`] of it, if any. The one way a plot's points are grabbed in the editor
/// (seasonality, churn).
#[must_use]
pub fn grabbed(plot_ui: &egui_plot::PlotUi<'_>, points: &[[f64; 2]]) -> Option<usize> {
    let origin = plot_ui.ctx().input(|i| i.pointer.press_origin())?;
    points
        .iter()
        .enumerate()
        .map(|(i, p)| (i, plot_ui.screen_from_plot(PlotPoint::new(p[0], p[1])).distance(origin)))
        .filter(|(_, d)| *d <= GRAB_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// View state of one curve editor: which point is being dragged.
#[derive(Debug, Default, Clone, Copy)]
pub struct SeasonalityEditor {
    dragging: Option<usize>,
}

impl SeasonalityEditor {
    /// Shows the curve of `values` (twelve multipliers, January first) and edits it in place.
    pub fn ui(&mut self, ui: &mut Ui, id: egui::Id, label: &str, values: &mut Vec<f64>) {
        if values.len() != 12 {
            values.resize(12, 1.0);
        }
        let top = plot_top(values);
        let points: Vec<[f64; 2]> = values.iter().enumerate().map(|(i, v)| [i as f64, *v]).collect();
        let response = crate::app::results::fixed_plot(id)
            .height(140.0)
            .show_x(false)
            .default_x_bounds(-0.5, 11.5)
            .default_y_bounds(0.0, top)
            .x_axis_formatter(crate::app::results::label_axis(MONTHS.map(String::from).to_vec()))
            .label_formatter(|hover| match hover {
                HoverPosition::NearDataPoint { position, .. } => Some(format!("× {:.2}", position.y)),
                HoverPosition::Elsewhere { .. } => None,
            })
            .show(ui, |plot_ui| {
                // Fixed bounds: the curve must not move under the pointer while it is dragged.
                plot_ui.set_plot_bounds(PlotBounds::from_min_max([-0.5, 0.0], [11.5, top]));
                plot_ui.line(Line::new("seasonality", PlotPoints::from(points.clone())));
                plot_ui.points(Points::new("months", PlotPoints::from(points.clone())).radius(5.0));
                let response = plot_ui.response().clone();
                if response.drag_started() {
                    self.dragging = grabbed(plot_ui, &points);
                }
                let mut moved = None;
                if response.dragged()
                    && let (Some(i), Some(pos)) = (self.dragging, response.interact_pointer_pos())
                {
                    let y = plot_ui.plot_from_screen(pos).y.clamp(0.0, PLOT_MAX);
                    moved = Some((i, (y * 100.0).round() / 100.0));
                }
                if response.drag_stopped() {
                    self.dragging = None;
                }
                moved
            });
        let label = label.to_owned();
        response.response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, &label));
        if let Some((i, y)) = response.inner
            && let Some(v) = values.get_mut(i)
        {
            *v = y;
        }

        egui::Grid::new(id.with("numbers")).num_columns(6).spacing([6.0, 2.0]).show(ui, |ui| {
            for (i, v) in values.iter_mut().enumerate() {
                let l = ui.label(MONTHS[i]);
                super::widgets::checked_drag(ui, v, 0.0..=100.0, "", |d| d.speed(0.01).max_decimals(3))
                    .labelled_by(l.id);
                if i % 3 == 2 {
                    ui.end_row();
                }
            }
        });
        ui.horizontal(|ui| {
            if ui.button("Flat").on_hover_text("Every month 1.0").clicked() {
                values.iter_mut().for_each(|v| *v = 1.0);
            }
            let mean = values.iter().sum::<f64>() / 12.0;
            if ui
                .add_enabled(mean > 0.0, egui::Button::new("Normalise"))
                .on_hover_text("Scale the curve so that the months average 1.0")
                .clicked()
            {
                values.iter_mut().for_each(|v| *v = (*v / mean * 1000.0).round() / 1000.0);
            }
            ui.weak(format!("average {mean:.3}"));
        });
    }

    /// Whether a point is being dragged.
    #[must_use]
    pub fn is_dragging(&self) -> bool {
        self.dragging.is_some()
    }
}

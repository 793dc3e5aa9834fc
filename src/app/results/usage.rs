//! Usage over time: conversations, AI conversations and resolutions, and seats on their own plot
//! below, so the seat decline is visible.

use super::axis_money;
use crate::engine::Outcome;
use eframe::egui::{self, Color32, Ui};
use egui_plot::{HoverPosition, Line, PlotPoints};

/// Shows the two linked plots of portfolio usage.
pub fn ui(ui: &mut Ui, outcome: &Outcome) {
    let n = outcome.months.len();
    let mut conversations = vec![0.0; n];
    let mut ai = vec![0.0; n];
    let mut resolutions = vec![0.0; n];
    let mut seats = vec![0.0; n];
    for a in &outcome.accounts {
        let count = a.count as f64;
        for (m, u) in a.months.iter().enumerate() {
            conversations[m] += count * u.conversations as f64;
            ai[m] += count * u.ai_conversations as f64;
            resolutions[m] += count * u.resolutions as f64;
            seats[m] += count * u.seats as f64;
        }
    }
    let line =
        |values: &[f64]| PlotPoints::from(values.iter().enumerate().map(|(m, v)| [m as f64, *v]).collect::<Vec<_>>());
    let labels: Vec<String> = outcome.months.iter().map(ToString::to_string).collect();
    let link = ui.make_persistent_id("usage link");
    let height = (ui.available_height() - 40.0).max(200.0);
    let (grey, blue, green, orange) = (
        Color32::from_rgb(120, 120, 120),
        Color32::from_rgb(86, 180, 233),
        Color32::from_rgb(0, 158, 115),
        Color32::from_rgb(213, 94, 0),
    );
    // The legend above the plots, so that it hides no line; both plots start at zero.
    ui.horizontal_wrapped(|ui| {
        super::legend_entry(ui, grey, "Conversations");
        super::legend_entry(ui, blue, "AI conversations");
        super::legend_entry(ui, green, "Resolutions");
        super::legend_entry(ui, orange, "Seats (lower plot)");
        ui.weak("· portfolio usage per month (all accounts of every profile)");
    });
    // Hovering a line shows that month's exact figure.
    let hover = |labels: &[String]| {
        let labels = labels.to_vec();
        move |at: &HoverPosition<'_>| match at {
            HoverPosition::NearDataPoint { plot_name, position, .. } if !plot_name.is_empty() => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a month's index
                let month = labels.get(position.x.round().max(0.0) as usize).cloned().unwrap_or_default();
                Some(format!(
                    "{month}\n{plot_name}: {}",
                    crate::model::money::group_digits(&format!("{:.0}", position.y))
                ))
            }
            _ => None,
        }
    };
    let top = |values: &[f64]| values.iter().copied().fold(1.0_f64, f64::max) * 1.08;
    let volume_top = top(&conversations).max(top(&ai));
    let seats_top = top(&seats);
    super::fixed_plot("usage volume")
        .id(egui::Id::unique(super::plot_ids::USAGE_VOLUME))
        .height(height * 0.6)
        .link_axis(link, [true, false])
        .link_cursor(link, [true, false])
        .default_y_bounds(0.0, volume_top)
        .x_axis_formatter(super::label_axis(labels.clone()))
        .y_axis_formatter(|mark, _| axis_money(mark.value, mark.step_size))
        .label_formatter(hover(&labels))
        .show(ui, |plot_ui| {
            plot_ui.set_plot_bounds_y(0.0..=volume_top);
            plot_ui.line(Line::new("Conversations", line(&conversations)).color(grey));
            plot_ui.line(Line::new("AI conversations", line(&ai)).color(blue));
            plot_ui.line(Line::new("Resolutions", line(&resolutions)).color(green));
        });
    super::fixed_plot("usage seats")
        .id(egui::Id::unique(super::plot_ids::USAGE_SEATS))
        .height(height * 0.4)
        .link_axis(link, [true, false])
        .link_cursor(link, [true, false])
        .default_y_bounds(0.0, seats_top)
        .label_formatter(hover(&labels))
        .x_axis_formatter(super::label_axis(labels))
        .show(ui, |plot_ui| {
            plot_ui.set_plot_bounds_y(0.0..=seats_top);
            plot_ui.line(Line::new("Seats", line(&seats)).color(orange).width(2.0));
        });
}

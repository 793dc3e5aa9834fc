//! Yearly totals: grouped bars per plan per contract year.

use super::{Results, axis_money, color, money_text, plot_value};
use crate::engine::compare;
use eframe::egui::Ui;
use egui_plot::{Bar, BarChart};

/// Shows the grouped bars.
pub fn ui(ui: &mut Ui, results: Results<'_>) {
    let Results { outcome, styles, currency, .. } = results;
    let years = compare::years(&outcome.months);
    let summary = compare::summarize(outcome);
    let visible: Vec<usize> = (0..summary.len()).filter(|i| styles.get(*i).is_some_and(|s| s.visible)).collect();
    let n = visible.len().max(1) as f64;
    let width = 0.8 / n;
    let labels: Vec<String> = years.iter().map(|y| format!("{} ({}..{})", y.label(), y.first, y.last)).collect();
    // The legend above the plot, so that it hides no bar; the bars stand on zero.
    ui.horizontal_wrapped(|ui| {
        for &p in &visible {
            if let (Some(plan), Some(style)) = (summary.get(p), styles.get(p)) {
                super::legend_entry(ui, color(style), &plan.name);
            }
        }
        ui.weak(format!("· revenue per plan per contract year, {currency}"));
    });
    let top =
        visible.iter().flat_map(|&p| summary[p].yearly.iter().map(|v| plot_value(*v))).fold(1.0_f64, f64::max) * 1.08;
    super::fixed_plot("yearly")
        .default_y_bounds(0.0, top)
        .x_axis_formatter(super::label_axis(labels))
        .y_axis_formatter(|mark, _| axis_money(mark.value, mark.step_size))
        .show(ui, |plot_ui| {
            for (k, &p) in visible.iter().enumerate() {
                let plan = &summary[p];
                let offset = (k as f64 - (n - 1.0) / 2.0) * width;
                let bars = plan
                    .yearly
                    .iter()
                    .enumerate()
                    .map(|(y, v)| {
                        Bar::new(y as f64 + offset, plot_value(*v)).width(width * 0.95).name(format!(
                            "{}: {}",
                            plan.name,
                            money_text(currency, *v)
                        ))
                    })
                    .collect();
                let chart = BarChart::new(plan.name.clone(), bars)
                    .color(color(&styles[p]))
                    .element_formatter(Box::new(|bar, _| bar.name.clone()));
                plot_ui.bar_chart(chart);
            }
        });
}

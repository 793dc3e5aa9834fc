//! Revenue over time: one line per plan, monthly or cumulative, with the exact amounts of every
//! plan for the month under the pointer.

use super::{Results, axis_money, color, money_text, plot_value};
use crate::engine::monte_carlo::Spread;
use crate::model::money::grouped;
use eframe::egui::{self, Ui};
use egui_plot::{Legend, Line, MarkerShape, Plot, PlotPoints, Points, Text, VLine};
use rust_decimal::Decimal;

/// Settings of the revenue plot.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RevenueView {
    /// Show running totals instead of monthly amounts.
    pub cumulative: bool,
}

impl RevenueView {
    /// Shows the plot.
    pub fn ui(&mut self, ui: &mut Ui, results: Results<'_>) {
        let Results { outcome, mc, styles, currency } = results;
        // Wrapped: on a narrow window the explanation goes on to a second line rather than
        // widening the panel past the window's edge.
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.cumulative, false, "Monthly");
            ui.selectable_value(&mut self.cumulative, true, "Cumulative");
            ui.weak(format!("revenue per plan, {currency}; hover for exact amounts"));
            if let Some(mc) = mc {
                ui.weak(format!("· shaded: P10–P90 of {} Monte Carlo trials", mc.trials));
            }
        });
        let bands: Vec<Option<&[Spread]>> = outcome
            .plans
            .iter()
            .enumerate()
            .map(|(p, _)| {
                let plan = mc?.plans.get(p)?;
                Some(if self.cumulative { plan.cumulative.as_slice() } else { plan.monthly.as_slice() })
            })
            .collect();
        let series: Vec<Vec<Decimal>> = outcome
            .plans
            .iter()
            .map(|p| {
                if self.cumulative {
                    p.billed
                        .iter()
                        .scan(Decimal::ZERO, |sum, v| {
                            *sum = sum.saturating_add(*v);
                            Some(*sum)
                        })
                        .collect()
                } else {
                    p.billed.clone()
                }
            })
            .collect();
        let months = outcome.months.clone();
        let labels = months.iter().map(ToString::to_string).collect();
        let response = Plot::new("revenue")
            .legend(Legend::default().follow_insertion_order(true))
            .allow_scroll(false)
            .include_y(0.0)
            .x_axis_formatter(super::label_axis(labels))
            .y_axis_formatter(|mark, _| axis_money(mark.value))
            .label_formatter(|_| None)
            .show(ui, |plot_ui| {
                for ((plan, band), style) in outcome.plans.iter().zip(&bands).zip(styles) {
                    if let (true, Some(spread)) = (style.visible, band) {
                        let low_high: Vec<(f64, f64)> =
                            spread.iter().map(|m| (plot_value(m.p10), plot_value(m.p90))).collect();
                        super::band(plot_ui, &format!("band {}", plan.name), &low_high, color(style));
                    }
                }
                for ((plan, values), style) in outcome.plans.iter().zip(&series).zip(styles) {
                    if !style.visible {
                        continue;
                    }
                    let points: Vec<[f64; 2]> =
                        values.iter().enumerate().map(|(m, v)| [m as f64, plot_value(*v)]).collect();
                    plot_ui.line(Line::new(plan.name.clone(), PlotPoints::from(points)).color(color(style)).width(2.0));
                }
                if self.cumulative {
                    // Where a plan's running total reaches the baseline's.
                    let baseline = outcome.plans.first().map(|p| p.billed.as_slice()).unwrap_or_default();
                    for ((plan, values), style) in outcome.plans.iter().zip(&series).zip(styles).skip(1) {
                        let Some(m) = crate::engine::analysis::crossover(baseline, &plan.billed) else { continue };
                        let (Some(v), true) = (values.get(m), style.visible) else { continue };
                        let at = [m as f64, plot_value(*v)];
                        plot_ui.points(
                            Points::new("", PlotPoints::from(vec![at]))
                                .color(color(style))
                                .radius(6.0)
                                .shape(MarkerShape::Diamond),
                        );
                        plot_ui.text(
                            Text::new("", at.into(), format!("crosses the baseline {}", months[m]))
                                .color(color(style))
                                .anchor(egui::Align2::LEFT_TOP),
                        );
                    }
                }
                let hovered = plot_ui.pointer_coordinate().and_then(|p| super::nearest_index(p.x, months.len()));
                if let Some(m) = hovered {
                    plot_ui.vline(VLine::new("", m as f64).color(egui::Color32::GRAY).width(1.0));
                }
                hovered
            });
        if let Some(m) = response.inner
            && response.response.hovered()
        {
            response.response.on_hover_ui_at_pointer(|ui| {
                ui.strong(months[m].to_string());
                egui::Grid::new("revenue hover").num_columns(2).show(ui, |ui| {
                    for (p, ((plan, values), style)) in outcome.plans.iter().zip(&series).zip(styles).enumerate() {
                        if !style.visible {
                            continue;
                        }
                        ui.horizontal(|ui| {
                            super::swatch(ui, color(style));
                            ui.label(&plan.name);
                        });
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.monospace(money_text(currency, values[m]));
                        });
                        ui.end_row();
                        if let Some(s) = bands.get(p).copied().flatten().and_then(|b| b.get(m)) {
                            ui.weak("   P10 – P90");
                            ui.weak(format!("{} – {}", grouped(s.p10), grouped(s.p90)));
                            ui.end_row();
                        }
                    }
                });
            });
        }
    }
}

//! The distribution of each plan's total across the Monte Carlo trials, side by side: over the
//! horizon or over one contract year.

use super::{Results, axis_money, color, plot_value};
use crate::engine::analysis;

use eframe::egui::{self, Ui};
use egui_plot::{Bar, BarChart, Legend, Plot};
use rust_decimal::Decimal;

/// Bars in each histogram.
const BINS: usize = 40;

/// Which total the histograms show.
#[derive(Debug, Default)]
pub struct DistributionView {
    /// `None` for the horizon, else the index of a contract year.
    year: Option<usize>,
    /// Totals per plan for the current selection, computed once per run and selection.
    cache: Option<(CacheKey, Vec<Vec<f64>>)>,
}

#[derive(Debug, Clone, PartialEq)]
struct CacheKey {
    trials: u64,
    seed: u64,
    year: Option<usize>,
    fingerprint: Vec<Decimal>,
}

impl DistributionView {
    /// Shows the histograms.
    pub fn ui(&mut self, ui: &mut Ui, results: Results<'_>) {
        let Results { outcome, mc, styles, currency, .. } = results;
        let Some(mc) = mc else {
            ui.label("Set Monte Carlo trials above 0 (in the editor, under Monte Carlo) to see how each plan's total is distributed.");
            return;
        };
        let years = analysis::years(&outcome.months);
        ui.horizontal(|ui| {
            let l = ui.label("Total over");
            let label = |y: Option<usize>| match y {
                None => "the horizon".to_owned(),
                Some(i) => {
                    years.get(i).map_or_else(String::new, |y| format!("{} ({}..{})", y.label(), y.first, y.last))
                }
            };
            egui::ComboBox::from_id_salt("distribution year")
                .selected_text(label(self.year))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.year, None, label(None));
                    for i in 0..years.len() {
                        ui.selectable_value(&mut self.year, Some(i), label(Some(i)));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.weak(format!("{} trials, {currency}", mc.trials));
        });
        let range = self.year.and_then(|i| years.get(i)).map(|y| y.months.clone());
        let key = CacheKey {
            trials: mc.trials,
            seed: mc.seed,
            year: self.year,
            fingerprint: mc.plans.iter().map(|p| p.total.mean).collect(),
        };
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let totals = mc
                .plans
                .iter()
                .map(|p| {
                    let r = range.clone().unwrap_or(0..p.months);
                    (0..p.trials()).map(|t| plot_value(p.trial_sum(t, r.clone()).unwrap_or_default())).collect()
                })
                .collect();
            self.cache = Some((key, totals));
        }
        let Some((_, totals)) = &self.cache else { return };
        let visible: Vec<usize> = (0..totals.len()).filter(|p| styles.get(*p).is_some_and(|s| s.visible)).collect();
        let (lo, hi) = visible
            .iter()
            .flat_map(|p| totals[*p].iter().copied())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        if !lo.is_finite() || !hi.is_finite() {
            return;
        }
        let width = ((hi - lo) / BINS as f64).max(0.01);
        Plot::new("distribution")
            .legend(Legend::default().follow_insertion_order(true))
            .allow_scroll(false)
            .x_axis_formatter(|mark, _| axis_money(mark.value))
            .y_axis_formatter(|mark, _| format!("{:.0}%", mark.value))
            .show(ui, |plot_ui| {
                for &p in &visible {
                    let mut counts = [0_usize; BINS];
                    for v in &totals[p] {
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to the bins
                        let bin = (((v - lo) / width) as usize).min(BINS - 1);
                        counts[bin] += 1;
                    }
                    let n = totals[p].len().max(1) as f64;
                    let c = color(&styles[p]);
                    let bars = counts
                        .iter()
                        .enumerate()
                        .map(|(i, count)| {
                            let from = lo + i as f64 * width;
                            Bar::new(from + width / 2.0, *count as f64 / n * 100.0).width(width).name(format!(
                                "{}: {:.1}% of trials between {} and {}",
                                mc.plans[p].name,
                                *count as f64 / n * 100.0,
                                axis_money(from),
                                axis_money(from + width)
                            ))
                        })
                        .collect();
                    plot_ui.bar_chart(
                        BarChart::new(mc.plans[p].name.clone(), bars)
                            .color(c)
                            .element_formatter(Box::new(|bar, _| bar.name.clone()))
                            .vertical(),
                    );
                }
            });
    }
}

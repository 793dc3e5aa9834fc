//! The distribution of each plan's total across the Monte Carlo trials, side by side: over the
//! horizon or over one contract year.

use super::{Results, axis_money, color, plot_value};
use crate::engine::compare;

use eframe::egui::{self, Ui};
use egui_plot::{Bar, BarChart};
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
            if results.scenario.simulation.trials > 0 {
                ui.label("The Monte Carlo run is under way, or could not run: the status bar says which.");
            } else {
                ui.label("Set Monte Carlo trials above 0 (in the editor, under Monte Carlo) to see how each plan's total is distributed.");
            }
            return;
        };
        let years = compare::years(&outcome.months);
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
            if results.mc_refreshing {
                ui.weak(super::REFRESHING);
            }
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
        // Per visible plan, the share of trials in each bin (in %).
        let shares: Vec<(usize, [f64; BINS])> = visible
            .iter()
            .map(|&p| {
                let mut counts = [0_usize; BINS];
                for v in &totals[p] {
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to the bins
                    let bin = (((v - lo) / width) as usize).min(BINS - 1);
                    counts[bin] += 1;
                }
                let n = totals[p].len().max(1) as f64;
                (p, counts.map(|c| c as f64 / n * 100.0))
            })
            .collect();
        let top = shares.iter().flat_map(|(_, s)| s.iter().copied()).fold(1.0_f64, f64::max) * 1.1;
        // The legend above the plot, so that it covers no bar.
        ui.horizontal_wrapped(|ui| {
            for &(p, _) in &shares {
                super::legend_entry(ui, color(&styles[p]), &mc.plans[p].name);
            }
            ui.weak("· share of trials whose total falls in each range; each plan outlined in its colour");
        });
        super::fixed_plot("distribution")
            .id(egui::Id::unique(super::plot_ids::DISTRIBUTION))
            .default_x_bounds(lo - width, hi + width)
            .default_y_bounds(0.0, top)
            .x_axis_formatter(|mark, _| axis_money(mark.value, mark.step_size))
            .x_grid_spacer(super::round_grid_spacer())
            .y_axis_formatter(|mark, _| if mark.value < 0.0 { String::new() } else { format!("{:.0}%", mark.value) })
            .show(ui, |plot_ui| {
                plot_ui.set_plot_bounds_y(0.0..=top);
                for (p, share) in &shares {
                    let c = color(&styles[*p]);
                    // A faint fill, so that overlapping plans stay apart…
                    let fill = egui::Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 40);
                    let bars = share
                        .iter()
                        .enumerate()
                        .map(|(i, pct)| {
                            let from = lo + i as f64 * width;
                            Bar::new(from + width / 2.0, *pct).width(width).fill(fill).stroke(egui::Stroke::NONE).name(
                                format!(
                                    "{}: {pct:.1}% of trials between {} and {}",
                                    mc.plans[*p].name,
                                    axis_money(from, width),
                                    axis_money(from + width, width)
                                ),
                            )
                        })
                        .collect();
                    plot_ui.bar_chart(
                        BarChart::new(format!("{} bars", mc.plans[*p].name), bars)
                            .color(fill)
                            .element_formatter(Box::new(|bar, _| bar.name.clone()))
                            .vertical(),
                    );
                }
                // …and each outlined in its own colour, as a step line, over every fill (under
                // another plan's fill an outline turned a muddy grey).
                for (p, share) in &shares {
                    let c = color(&styles[*p]);
                    let mut steps = vec![[lo, 0.0]];
                    for (i, pct) in share.iter().enumerate() {
                        let from = lo + i as f64 * width;
                        steps.push([from, *pct]);
                        steps.push([from + width, *pct]);
                    }
                    steps.push([lo + BINS as f64 * width, 0.0]);
                    plot_ui.line(
                        egui_plot::Line::new(mc.plans[*p].name.clone(), egui_plot::PlotPoints::from(steps))
                            .color(c)
                            .width(1.8)
                            // A step line has two points at each bin edge: aggregated into
                            // bands, it would be drawn as a thick ribbon.
                            .allow_band(false)
                            .allow_hover(false),
                    );
                }
            });
    }
}

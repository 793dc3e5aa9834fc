//! Revenue over time: one line per plan, monthly or cumulative, with the exact amounts of every
//! plan for the month under the pointer.
//!
//! Made to be read while editing: the legend sits above the plot (never over the lines), the
//! y-axis starts at zero and keeps its scale while edits move the lines a little, and a faint
//! dashed line shows each plan as it was before the last change (or as pinned).

use super::{Results, axis_money, color, money_text, plot_value};
use crate::engine::monte_carlo::Spread;
use crate::model::money::grouped;
use eframe::egui::{self, Color32, Ui};
use egui_plot::{Line, LineStyle, MarkerShape, PlotPoints, Points, Text, VLine};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Settings of the revenue plot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct RevenueView {
    /// Show running totals instead of monthly amounts.
    pub cumulative: bool,
    /// Spread prepaid amounts billed upfront over the months of their term.
    pub spread: bool,
    /// Draw each plan as it was before the last change (or as pinned), dashed.
    pub compare: bool,
}

impl Default for RevenueView {
    fn default() -> Self {
        Self { cumulative: false, spread: false, compare: true }
    }
}

/// Each plan's name and monthly revenue: what the comparison line is drawn from.
type Series = Arc<Vec<(String, Vec<Decimal>)>>;

/// What the plot draws, worked out once per results and view rather than every frame: each
/// plan's monthly revenue as the view shows it (spread or as billed), the series drawn (monthly
/// or running totals), and where each plan's running total reaches the baseline's.
struct Drawn {
    /// The document, its revision and its results' revision, and the view's spread and
    /// cumulative settings.
    key: (u64, (u64, u64), bool, bool),
    monthly: Vec<Vec<Decimal>>,
    spreading: bool,
    series: Vec<Vec<Decimal>>,
    /// Per plan, the month its running total reaches the baseline's (cumulative view only).
    crossings: Vec<Option<usize>>,
    /// Per transition: the plan it moves to (by index, for its colour) and its line as billed
    /// (running, in the cumulative view). A transition is drawn as billed even when prepaid
    /// amounts are spread: its bills mix two plans' terms.
    transitions: Vec<(Option<usize>, Vec<Decimal>)>,
}

/// The dashes of a transition's line: the colour of the plan it moves to, drawn dashed.
fn transition_style() -> LineStyle {
    LineStyle::Dashed { length: 10.0 }
}

/// How long results must have been shown to count as the state before an edit, in seconds.
const SETTLED_SECONDS: f64 = 1.0;

/// What the plot remembers between frames (egui's memory, not the settings file).
#[derive(Clone, Default)]
struct Memory {
    /// The series shown last, to tell when the results change.
    current: Option<Series>,
    /// When `current` was first shown.
    current_since: f64,
    /// The series before the last change.
    before: Option<Series>,
    /// A comparison pinned by the user (replaces `before` while set).
    pinned: Option<Series>,
    /// Whether `current` is spread (a change of view is not an edit to compare with).
    spread: bool,
    /// The document shown: another document's lines are not a "before" (nor a pin) of this one.
    document: u64,
    /// The y-axis top per view (monthly / cumulative × spread or not).
    tops: [Option<f64>; 4],
    /// The comparison drawn as the view shows it, with what it was made from and whether
    /// cumulative (worked out again only when either changes).
    compared: Option<(Series, bool, Series)>,
}

/// The new top of a steady y-axis that last ended at `top`, for data reaching `max`: it grows at
/// once when the data would not fit, and shrinks only when the data uses less than half of it.
fn steady_top(top: Option<f64>, max: f64) -> f64 {
    let fresh = (max * 1.1).max(1.0);
    match top {
        Some(top) if max <= top && max >= top * 0.5 => top,
        _ => fresh,
    }
}

/// What the view shows, as a sentence's start: monthly or to date, as billed or spread.
fn what(cumulative: bool, spreading: bool) -> &'static str {
    match (cumulative, spreading) {
        (false, false) => "Monthly revenue per plan as billed",
        (false, true) => "Monthly revenue per plan, prepaid amounts spread over their term",
        (true, false) => "Revenue to date per plan",
        (true, true) => "Revenue to date per plan, prepaid amounts spread over their term",
    }
}

/// Running totals of `values`.
fn running(values: &[Decimal]) -> Vec<Decimal> {
    values
        .iter()
        .scan(Decimal::ZERO, |sum, v| {
            *sum = sum.saturating_add(*v);
            Some(*sum)
        })
        .collect()
}

impl RevenueView {
    /// Each plan's monthly revenue as the view shows it — prepaid amounts spread over their term
    /// when that is asked for and the scenario has any, else as billed — and whether spread. (The
    /// spread is computed only when asked for: it walks every profile's bill lines.)
    fn monthly(&self, results: &Results<'_>) -> (Vec<Vec<Decimal>>, bool) {
        let spread =
            if self.spread { crate::engine::compare::prepaid_spread(results.scenario, results.outcome) } else { None };
        match spread {
            Some(spread) => (spread, true),
            None => (results.outcome.plans.iter().map(|p| p.billed.clone()).collect(), false),
        }
    }

    /// What the plot draws for these results and this view: from the cache when neither
    /// changed since it was worked out (the spread walks every profile's bill lines); and whether
    /// it was worked out anew.
    fn drawn(&self, ui: &Ui, results: &Results<'_>) -> (Arc<Drawn>, bool) {
        let key = (results.document, results.revision, self.spread, self.cumulative);
        let id = ui.make_persistent_id("revenue drawn");
        if let Some(drawn) = ui.data(|d| d.get_temp::<Arc<Drawn>>(id))
            && drawn.key == key
        {
            return (drawn, false);
        }
        let (monthly, spreading) = self.monthly(results);
        let series: Vec<Vec<Decimal>> =
            monthly.iter().map(|v| if self.cumulative { running(v) } else { v.clone() }).collect();
        let baseline = monthly.first().map(Vec::as_slice).unwrap_or_default();
        let crossings = monthly
            .iter()
            .enumerate()
            .map(|(p, m)| (self.cumulative && p > 0).then(|| crate::engine::compare::crossover(baseline, m)).flatten())
            .collect();
        let outcome = results.outcome;
        let transitions = outcome
            .transitions
            .iter()
            .map(|t| {
                let to = outcome.plans.iter().position(|p| p.name == t.to);
                (to, if self.cumulative { running(&t.line.billed) } else { t.line.billed.clone() })
            })
            .collect();
        let drawn = Arc::new(Drawn { key, monthly, spreading, series, crossings, transitions });
        ui.data_mut(|d| d.insert_temp(id, Arc::clone(&drawn)));
        (drawn, true)
    }

    /// The chart of this view for a slide (File > Export chart): the plans shown, monthly or
    /// cumulative, spread or as billed, with the Monte Carlo bands when there are any.
    #[must_use]
    pub fn chart(&self, results: Results<'_>) -> crate::io::chart::Chart {
        let (monthly, spreading) = self.monthly(&results);
        let Results { outcome, mc, styles, currency, scenario, .. } = results;
        let series = outcome
            .plans
            .iter()
            .zip(&monthly)
            .enumerate()
            .filter(|(p, _)| styles.get(*p).is_none_or(|s| s.visible))
            .map(|(p, (plan, values))| {
                let values = if self.cumulative { running(values) } else { values.clone() };
                let band = mc.filter(|_| !spreading).and_then(|mc| mc.plans.get(p)).map(|m| {
                    let spreads = if self.cumulative { &m.cumulative } else { &m.monthly };
                    spreads.iter().map(|s| (plot_value(s.p10), plot_value(s.p90))).collect()
                });
                crate::io::chart::Series {
                    name: plan.name.clone(),
                    color: styles.get(p).map_or([90, 90, 90], |s| s.color),
                    values: values.iter().map(|v| plot_value(*v)).collect(),
                    band,
                    dashed: false,
                }
            })
            .chain(outcome.transitions.iter().filter_map(|t| {
                let to = outcome.plans.iter().position(|p| p.name == t.to)?;
                let style = styles.get(to).filter(|s| s.visible)?;
                let values = if self.cumulative { running(&t.line.billed) } else { t.line.billed.clone() };
                Some(crate::io::chart::Series {
                    name: t.line.name.clone(),
                    color: style.color,
                    values: values.iter().map(|v| plot_value(*v)).collect(),
                    band: None,
                    dashed: true,
                })
            }))
            .collect();
        let what = what(self.cumulative, spreading);
        let first = outcome.months.first().map(ToString::to_string).unwrap_or_default();
        let last = outcome.months.last().map(ToString::to_string).unwrap_or_default();
        crate::io::chart::Chart {
            title: scenario.name.clone(),
            subtitle: format!("{what}, {currency}, {first} to {last}"),
            unit: currency.to_owned(),
            labels: outcome.months.iter().map(ToString::to_string).collect(),
            series,
            note: match (mc, spreading) {
                (Some(mc), false) => {
                    format!("Shaded: P10–P90 of {} Monte Carlo trials. Made with pricelab.", mc.trials)
                }
                _ => "Made with pricelab.".to_owned(),
            },
        }
    }

    /// Shows the plot.
    #[allow(clippy::too_many_lines)] // one plot, its controls and its hover, in the order drawn
    pub fn ui(&mut self, ui: &mut Ui, results: Results<'_>) {
        let (drawn, fresh) = self.drawn(ui, &results);
        let (monthly, spreading, series) = (&drawn.monthly, drawn.spreading, &drawn.series);
        let Results { outcome, mc, styles, currency, scenario, document, .. } = results;
        let memory_id = ui.make_persistent_id("revenue memory");
        let mut memory: Memory = ui.data(|d| d.get_temp(memory_id)).unwrap_or_default();
        if memory.document != document {
            // Another document opened: nothing of the last one to compare with.
            memory = Memory { document, spread: spreading, ..Memory::default() };
        } else if memory.spread != spreading {
            // A change of view is not an edit to compare with.
            memory = Memory { tops: memory.tops, spread: spreading, document, ..Memory::default() };
        }
        // What was shown before the last change: compared in place when the figures drawn were
        // worked out anew, copied only when the results change.
        let unchanged = (!fresh && memory.current.is_some())
            || memory.current.as_deref().is_some_and(|c| {
                c.len() == monthly.len()
                    && c.iter()
                        .zip(outcome.plans.iter().zip(monthly))
                        .all(|((name, v), (p, m))| *name == p.name && v == m)
            });
        if !unchanged {
            let shown: Vec<(String, Vec<Decimal>)> =
                outcome.plans.iter().zip(monthly).map(|(p, v)| (p.name.clone(), v.clone())).collect();
            // Nor is another file's shape.
            let same_shape = memory
                .current
                .as_ref()
                .is_some_and(|c| c.len() == shown.len() && c.iter().zip(&shown).all(|(a, b)| a.1.len() == b.1.len()));
            // A change is one edit however many frames it takes: what was shown for less than a
            // second (keystroke by keystroke, a drag) is not what the edit is compared with.
            let now = ui.input(|i| i.time);
            if !same_shape {
                memory.before = None;
            } else if now - memory.current_since >= SETTLED_SECONDS {
                memory.before = memory.current.take();
            }
            memory.current = Some(Arc::new(shown));
            memory.current_since = now;
        }
        // Wrapped: on a narrow window the controls go on to a second line rather than widening
        // the panel past the window's edge.
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.cumulative, false, "Monthly");
            ui.selectable_value(&mut self.cumulative, true, "Cumulative");
            ui.separator();
            if crate::engine::compare::has_prepaid(scenario) {
                ui.checkbox(&mut self.spread, "Spread prepaid amounts over their term").on_hover_text(
                    "Show each amount paid upfront for a bundle or a commitment as earned evenly over the months of its term, as revenue is recognised, instead of as billed in the term's first month",
                );
            }
            ui.checkbox(&mut self.compare, "Compare").on_hover_text(
                "Draw each plan as it was before the last change (faint dashed line), or as pinned",
            );
            if self.compare {
                if memory.pinned.is_some() {
                    if ui.button("Unpin").on_hover_text("Compare with the last change again").clicked() {
                        memory.pinned = None;
                    }
                } else if ui
                    .button("📌 Pin")
                    .on_hover_text("Keep the lines as they are now to compare every later change with")
                    .clicked()
                {
                    memory.pinned.clone_from(&memory.current);
                }
            }
        });
        let comparison = if self.compare { memory.pinned.clone().or_else(|| memory.before.clone()) } else { None };
        let bands: Vec<Option<&[Spread]>> = outcome
            .plans
            .iter()
            .enumerate()
            .map(|(p, _)| {
                // (The bands are of bills as billed: not drawn over a spread view.)
                let plan = mc.filter(|_| !spreading)?.plans.get(p)?;
                Some(if self.cumulative { plan.cumulative.as_slice() } else { plan.monthly.as_slice() })
            })
            .collect();
        let shaded = mc.map(|mc| (mc.trials, results.mc_refreshing));
        legend_ui(
            ui,
            outcome,
            styles,
            currency,
            self,
            comparison.is_some(),
            memory.pinned.is_some(),
            shaded,
            spreading,
        );

        // The y-axis: from zero to a top that holds while edits move the lines a little.
        let visible = |p: usize| styles.get(p).is_none_or(|s| s.visible);
        let mut max = 0.0_f64;
        for (p, values) in series.iter().enumerate().filter(|(p, _)| visible(*p)) {
            max = values.iter().map(|v| plot_value(*v)).fold(max, f64::max);
            if let Some(band) = bands.get(p).copied().flatten() {
                max = band.iter().map(|s| plot_value(s.p90)).fold(max, f64::max);
            }
        }
        for (to, values) in &drawn.transitions {
            if to.is_some_and(visible) {
                max = values.iter().map(|v| plot_value(*v)).fold(max, f64::max);
            }
        }
        let comparison_series: Option<Series> = comparison.map(|c| match &memory.compared {
            Some((from, cumulative, made)) if Arc::ptr_eq(from, &c) && *cumulative == self.cumulative => {
                Arc::clone(made)
            }
            _ => {
                let made: Series = Arc::new(
                    c.iter()
                        .map(|(name, v)| (name.clone(), if self.cumulative { running(v) } else { v.clone() }))
                        .collect(),
                );
                memory.compared = Some((c, self.cumulative, Arc::clone(&made)));
                made
            }
        });
        for (_, (_, values)) in comparison_series.iter().flat_map(|c| c.iter()).enumerate().filter(|(p, _)| visible(*p))
        {
            max = values.iter().map(|v| plot_value(*v)).fold(max, f64::max);
        }
        let view = usize::from(self.cumulative) * 2 + usize::from(spreading);
        let top = steady_top(memory.tops[view], max);
        memory.tops[view] = Some(top);
        ui.data_mut(|d| d.insert_temp(memory_id, memory));

        let months = outcome.months.clone();
        let labels = months.iter().map(ToString::to_string).collect();
        #[allow(clippy::cast_precision_loss)] // month counts
        let last = months.len().saturating_sub(1).max(1) as f64;
        let response = super::fixed_plot("revenue")
            .id(egui::Id::unique(super::plot_ids::REVENUE))
            .default_x_bounds(-0.5, last + 0.5)
            .default_y_bounds(0.0, top)
            .x_axis_formatter(super::label_axis(labels))
            .y_axis_formatter(|mark, _| axis_money(mark.value, mark.step_size))
            .label_formatter(|_| None)
            .show(ui, |plot_ui| {
                plot_ui.set_plot_bounds_y(0.0..=top);
                for ((plan, band), style) in outcome.plans.iter().zip(&bands).zip(styles) {
                    if let (true, Some(spread)) = (style.visible, band) {
                        let low_high: Vec<(f64, f64)> =
                            spread.iter().map(|m| (plot_value(m.p10), plot_value(m.p90))).collect();
                        super::band(plot_ui, &format!("band {}", plan.name), &low_high, color(style));
                    }
                }
                if let Some(before) = &comparison_series {
                    for ((name, values), style) in before.iter().zip(styles) {
                        if !style.visible {
                            continue;
                        }
                        let c = color(style);
                        let faint = Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 140);
                        let points: Vec<[f64; 2]> =
                            values.iter().enumerate().map(|(m, v)| [m as f64, plot_value(*v)]).collect();
                        plot_ui.line(
                            Line::new(format!("{name} (compared)"), PlotPoints::from(points))
                                .color(faint)
                                .width(1.2)
                                .style(LineStyle::dashed_loose())
                                .allow_hover(false),
                        );
                    }
                }
                for ((plan, values), style) in outcome.plans.iter().zip(series).zip(styles) {
                    if !style.visible {
                        continue;
                    }
                    let points: Vec<[f64; 2]> =
                        values.iter().enumerate().map(|(m, v)| [m as f64, plot_value(*v)]).collect();
                    plot_ui.line(Line::new(plan.name.clone(), PlotPoints::from(points)).color(color(style)).width(2.0));
                }
                // Each transition dashed in the colour of the plan it moves to.
                for (t, (to, values)) in outcome.transitions.iter().zip(&drawn.transitions) {
                    let Some(style) = to.and_then(|p| styles.get(p)).filter(|s| s.visible) else { continue };
                    let points: Vec<[f64; 2]> =
                        values.iter().enumerate().map(|(m, v)| [m as f64, plot_value(*v)]).collect();
                    plot_ui.line(
                        Line::new(t.line.name.clone(), PlotPoints::from(points))
                            .color(color(style))
                            .width(2.5)
                            .style(transition_style()),
                    );
                }
                if self.cumulative {
                    // Where a plan's running total reaches the baseline's.
                    for (p, (values, style)) in series.iter().zip(styles).enumerate().skip(1) {
                        let Some(m) = drawn.crossings.get(p).copied().flatten() else { continue };
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
                    for (p, ((plan, values), style)) in outcome.plans.iter().zip(series).zip(styles).enumerate() {
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
                        if let Some(before) = comparison_series.as_ref().and_then(|c| c.get(p)?.1.get(m))
                            && *before != values[m]
                        {
                            ui.weak("   compared");
                            ui.weak(money_text(currency, *before));
                            ui.end_row();
                        }
                        if let Some(s) = bands.get(p).copied().flatten().and_then(|b| b.get(m)) {
                            ui.weak("   P10 – P90");
                            ui.weak(format!("{} – {}", grouped(s.p10), grouped(s.p90)));
                            ui.end_row();
                        }
                    }
                    for (t, (to, values)) in outcome.transitions.iter().zip(&drawn.transitions) {
                        let Some(style) = to.and_then(|p| styles.get(p)).filter(|s| s.visible) else { continue };
                        ui.horizontal(|ui| {
                            super::swatch(ui, color(style));
                            ui.label(format!("{} (moving)", t.line.name));
                        });
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.monospace(money_text(currency, values.get(m).copied().unwrap_or_default()));
                        });
                        ui.end_row();
                    }
                });
            });
        }
    }
}

/// The legend, above the plot so that it never covers a line: each visible plan's colour and
/// name, then what the dashed lines and the shading are.
#[allow(clippy::too_many_arguments, clippy::fn_params_excessive_bools)]
fn legend_ui(
    ui: &mut Ui,
    outcome: &crate::engine::Outcome,
    styles: &[crate::app::document::PlanStyle],
    currency: &str,
    view: &RevenueView,
    comparing: bool,
    pinned: bool,
    shaded: Option<(u64, bool)>,
    spreading: bool,
) {
    ui.horizontal_wrapped(|ui| {
        for (plan, style) in outcome.plans.iter().zip(styles) {
            if style.visible {
                super::legend_entry(ui, color(style), &plan.name);
            }
        }
        for t in &outcome.transitions {
            let to = outcome.plans.iter().position(|p| p.name == t.to);
            if let Some(style) = to.and_then(|p| styles.get(p)).filter(|s| s.visible) {
                super::legend_entry(ui, color(style), &format!("{} (dashed: moving from {})", t.line.name, t.from));
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.weak(format!("{}, {currency}; hover for exact amounts", what(view.cumulative, spreading)));
        if comparing {
            ui.weak(if pinned { "· dashed: as pinned" } else { "· dashed: before the last change" });
        }
        if let (Some((trials, refreshing)), false) = (shaded, spreading) {
            ui.weak(format!("· shaded: P10–P90 of {trials} Monte Carlo trials"));
            if refreshing {
                ui.weak(super::REFRESHING);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::float_cmp)] // the same top, kept exactly
    fn the_scale_holds_through_small_changes_and_follows_large_ones() {
        let top = steady_top(None, 100.0);
        assert!((top - 110.0).abs() < 1e-9);
        assert_eq!(steady_top(Some(top), 104.0), top, "a small rise keeps the scale");
        assert_eq!(steady_top(Some(top), 60.0), top, "a small fall keeps the scale");
        assert!(steady_top(Some(top), 120.0) > 120.0, "data above the top grows the scale");
        assert!(steady_top(Some(top), 40.0) < 50.0, "data under half the scale shrinks it");
    }
}

//! The sweep: every plan's total (or margin, or the customers' support cost) across a range of
//! one parameter, where the lines cross, and a click to set the scenario to a value.

use super::{Input, Picker, status_ui};
use crate::app::background::Work;
use crate::app::command::{Command, Commands};
use crate::app::document::Snapshot;
use crate::app::jobs::{Job, JobKind};
use crate::app::results::{axis_money, color, legend_entry, money_text, plot_value};
use crate::engine::analyses::{self, Figures, Group, Kind, Param, SweepPoint, Value};
use eframe::egui::{self, Ui};
use egui_plot::{Line, Plot, PlotPoints, Points, Text, VLine};
use rust_decimal::Decimal;

/// The colour of the line at the scenario's value now.
const CURRENT: egui::Color32 = egui::Color32::from_rgb(170, 170, 170);

/// Which figure the sweep plots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Measure {
    /// The portfolio's bill.
    #[default]
    Total,
    /// The bill minus the vendor's cost.
    Margin,
    /// The customers' bills plus their agents.
    SupportCost,
}

impl Measure {
    fn of(self, f: &Figures) -> Decimal {
        match self {
            Self::Total => f.total,
            Self::Margin => f.margin,
            Self::SupportCost => f.support_cost,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Total => "Revenue",
            Self::Margin => "Margin",
            Self::SupportCost => "Customers' support cost",
        }
    }
}

/// What a sweep is keyed by.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub(crate) revision: u64,
    param: Param,
    from: Decimal,
    to: Decimal,
    steps: u32,
}

/// The sweep of `key` on `scenario` (run by the app's [`Jobs`](crate::app::jobs::Jobs)).
pub(crate) fn work(key: &Key, scenario: Snapshot) -> Work<Outcome> {
    let Key { param, from, to, steps, .. } = key.clone();
    Box::new(move |progress| {
        analyses::sweep(&scenario, param, from, to, steps, progress).map_err(|e| super::error_text(&e))
    })
}

/// A sweep's result: its points, or why it could not run.
pub type Outcome = Result<Vec<SweepPoint>, String>;

/// The sweep's settings and its background work.
#[derive(Default)]
pub struct SweepView {
    /// The parameter.
    pub picker: Picker,
    /// The range, as typed.
    pub from: String,
    /// The range's end, as typed.
    pub to: String,
    /// Steps between them.
    pub steps: u32,
    /// What is plotted.
    pub measure: Measure,
}

/// Parses a number typed in a field.
fn number(text: &str) -> Option<Decimal> {
    let t = text.trim();
    t.parse().ok().or_else(|| Decimal::from_scientific(t).ok())
}

impl SweepView {
    /// A default range around the parameter's current value: half to one and a half times it
    /// (0 to 1 when it is 0).
    fn default_range(&mut self, input: &Input<'_>) {
        let Some(x) = self.picker.param.and_then(|p| p.get(input.scenario)).and_then(Value::as_decimal) else {
            return;
        };
        let kind = self.picker.param.map_or(Kind::Decimal, Param::kind);
        let (from, to) =
            if x.is_zero() { (Decimal::ZERO, Decimal::ONE) } else { (x * Decimal::new(5, 1), x * Decimal::new(15, 1)) };
        self.from = Value::of_decimal(kind, from.min(to)).to_string();
        self.to = Value::of_decimal(kind, from.max(to)).to_string();
    }

    /// The sweep the current settings ask for, if they make one.
    pub fn job(&mut self, input: &Input<'_>) -> Option<Job> {
        if self.steps == 0 {
            self.steps = 20;
        }
        let (true, Some(param), Some(from), Some(to)) =
            (input.valid, self.picker.param, number(&self.from), number(&self.to))
        else {
            return None;
        };
        Some(Job::Sweep(Key { revision: input.revision, param, from, to, steps: self.steps }))
    }

    /// The settings and the plot; a click on the plot asks to set the parameter to that value.
    pub fn ui(&mut self, ui: &mut Ui, input: &Input<'_>, out: &mut Commands) -> Option<(Param, Value)> {
        let scenario = input.scenario;
        if self.steps == 0 {
            self.steps = 20;
        }
        if self.picker.ui(ui, "sweep", scenario, &Group::all(scenario), |_| true) || self.from.is_empty() {
            self.default_range(input);
        }
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("from");
            ui.add(egui::TextEdit::singleline(&mut self.from).desired_width(80.0)).labelled_by(l.id);
            let l = ui.label("to");
            ui.add(egui::TextEdit::singleline(&mut self.to).desired_width(80.0)).labelled_by(l.id);
            let l = ui.label("steps");
            crate::app::editor::widgets::checked_drag(ui, &mut self.steps, 1..=analyses::MAX_STEPS, "", |d| d)
                .labelled_by(l.id);
            ui.separator();
            for m in [Measure::Total, Measure::Margin, Measure::SupportCost] {
                ui.selectable_value(&mut self.measure, m, m.label());
            }
        });
        if number(&self.from).is_none() || number(&self.to).is_none() {
            ui.colored_label(
                crate::app::editor::widgets::PROBLEM_COLOR,
                "The range needs two numbers, e.g. 0.49 and 1.49",
            );
        }
        let runner = &input.jobs.sweep;
        let stale = runner.result().is_some_and(|(_, current)| !current);
        if status_ui(ui, runner, stale) {
            out.push(Command::Cancel(JobKind::Sweep));
        }
        let result = runner.result().map(|(r, _)| r);
        match result {
            Some(Ok(points)) => self.plot(ui, input, points),
            Some(Err(message)) => {
                ui.colored_label(crate::app::editor::widgets::PROBLEM_COLOR, message);
                None
            }
            None => None,
        }
    }

    fn plot(&self, ui: &mut Ui, input: &Input<'_>, points: &[SweepPoint]) -> Option<(Param, Value)> {
        let param = self.picker.param?;
        let scenario = input.scenario;
        // The scenario's value is marked when it lies in the range swept; outside it, it would
        // stretch the plot until the sweep filled a corner of it: it is said in words instead.
        let (low, high) = points
            .iter()
            .map(|p| p.value.as_f64())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| (l.min(x), h.max(x)));
        let value_now = param.get(scenario);
        let current = value_now.map(Value::as_f64).filter(|x| (low..=high).contains(x));
        let crossings = analyses::crossings(points);
        let measure = self.measure;
        for p in points.iter().filter(|p| p.figures.is_err()) {
            if let Err(problems) = &p.figures {
                ui.weak(format!("at {}: {}", p.value, problems.first().map(ToString::to_string).unwrap_or_default()));
            }
        }
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!(
                "{} of every plan against {}; hover for figures, click to use a value",
                measure.label().to_lowercase(),
                super::words::param(scenario, param)
            ))
            .on_hover_text(param.name(scenario));
        });
        let name = |k: usize| scenario.plans.get(k).map_or("", |p| p.name.as_str());
        for c in &crossings {
            let (a, b) = (c.between.0.readable(), c.between.1.readable());
            ui.label(if c.between.0 == c.between.1 {
                format!("× {} meets {} at {a}", name(c.rising), name(c.reached))
            } else {
                format!("× {} overtakes {} between {a} and {b}", name(c.rising), name(c.reached))
            });
        }
        let style = |k: usize| {
            input.state.styles.get(k).copied().unwrap_or_else(|| crate::app::document::PlanStyle::for_index(k))
        };
        // The legend above the plot, as on the other tabs: inside, it hid the lines' ends.
        ui.horizontal_wrapped(|ui| {
            for (k, plan) in scenario.plans.iter().enumerate().filter(|(k, _)| style(*k).visible) {
                legend_entry(ui, color(&style(k)), &plan.name);
            }
            if current.is_some() {
                legend_entry(ui, CURRENT, "the scenario's value now");
            } else if let Some(now) = value_now {
                ui.weak(format!("(the scenario's value now, {}, is outside the range swept)", now.readable()));
            }
        });
        let currency = scenario.currency.clone();
        // A plot of its own for each sweep (parameter, range, measure): its bounds fit the
        // sweep's figures, not those of the sweep before.
        let key = (param.name(scenario), low.to_bits(), high.to_bits(), measure.label());
        // Bills from zero up, not from a little below it (a margin may be negative: then the
        // axis goes where the figures go).
        let (bottom, top) = points
            .iter()
            .filter_map(|p| p.figures.as_ref().ok())
            .flat_map(|figures| figures.iter().map(|f| plot_value(measure.of(f))))
            .fold((0.0_f64, 0.0_f64), |(b, t), y| (b.min(y), t.max(y)));
        let plot = Plot::new(("sweep", key));
        let plot =
            if bottom >= 0.0 && top > 0.0 { plot.default_y_bounds(0.0, top * 1.05) } else { plot.include_y(0.0) };
        let response = plot
            .allow_scroll(false)
            .y_axis_formatter(|mark, _| axis_money(mark.value, mark.step_size))
            // The values varied, in round steps and short (200k, 0.75).
            .x_axis_formatter(|mark, _| axis_money(mark.value, mark.step_size))
            .x_grid_spacer(crate::app::results::round_grid_spacer())
            .label_formatter(|_| None)
            .show(ui, |plot_ui| {
                for (k, plan) in scenario.plans.iter().enumerate() {
                    let style = style(k);
                    if !style.visible {
                        continue;
                    }
                    let line: Vec<[f64; 2]> = points
                        .iter()
                        .filter_map(|p| {
                            Some([p.value.as_f64(), plot_value(measure.of(p.figures.as_ref().ok()?.get(k)?))])
                        })
                        .collect();
                    plot_ui.line(
                        Line::new(plan.name.clone(), PlotPoints::from(line.clone())).color(color(&style)).width(2.0),
                    );
                    plot_ui.points(Points::new("", PlotPoints::from(line)).color(color(&style)).radius(2.5));
                }
                if let Some(x) = current {
                    plot_ui.vline(VLine::new("", x).color(CURRENT).width(1.5));
                }
                for c in &crossings {
                    let x = (c.between.0.as_f64() + c.between.1.as_f64()) / 2.0;
                    let y = points
                        .iter()
                        .find(|p| p.value == c.between.1)
                        .and_then(|p| p.figures.as_ref().ok()?.get(c.reached).map(|f| plot_value(measure.of(f))))
                        .unwrap_or(0.0);
                    plot_ui.text(
                        Text::new("", [x, y].into(), format!("× {}", c.between.1.readable()))
                            .color(egui::Color32::DARK_RED),
                    );
                }
                plot_ui.pointer_coordinate().and_then(|pointer| {
                    points
                        .iter()
                        .enumerate()
                        .min_by(|(_, a), (_, b)| {
                            (a.value.as_f64() - pointer.x).abs().total_cmp(&(b.value.as_f64() - pointer.x).abs())
                        })
                        .map(|(i, _)| i)
                })
            });
        let nearest = response.inner.and_then(|i| points.get(i));
        let clicked = response.response.clicked();
        if let Some(point) = nearest
            && response.response.hovered()
        {
            response.response.on_hover_ui_at_pointer(|ui| {
                ui.strong(format!(
                    "{} = {}",
                    crate::app::results::analyses::field_label(scenario, param),
                    point.value.readable()
                ));
                match &point.figures {
                    Ok(figures) => {
                        egui::Grid::new("sweep hover").num_columns(2).show(ui, |ui| {
                            for (plan, f) in scenario.plans.iter().zip(figures) {
                                ui.label(&plan.name);
                                ui.monospace(money_text(&currency, measure.of(f)));
                                ui.end_row();
                            }
                        });
                    }
                    Err(problems) => {
                        ui.label(problems.first().map(ToString::to_string).unwrap_or_default());
                    }
                }
                ui.weak("click to set the scenario to this value");
            });
        }
        if clicked { nearest.filter(|p| p.figures.is_ok()).map(|p| (param, p.value)) } else { None }
    }
}

//! Break-even: "find the [price] at which [plan] [earns | keeps a margin of] at least [the
//! baseline | a plan | an amount | a share of its revenue], over [the horizon | year N], for [the
//! portfolio | one account of a profile]" (docs/analyses.md).

use super::{Input, Picker, status_ui};
use crate::app::background::Work;
use crate::app::command::{Command, Commands};
use crate::app::document::Snapshot;
use crate::app::jobs::{Job, JobKind};
use crate::app::results::money_text;
use crate::engine::analyses::{self, Goal, Group, Measure, Param, Scope, Solution, Target, Value};
use eframe::egui::{self, Ui};
use rust_decimal::Decimal;

/// What the plan's figure is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TargetChoice {
    /// The first plan.
    #[default]
    Baseline,
    /// Another plan (by index).
    Plan(usize),
    /// An amount typed in.
    Amount,
    /// A share of the plan's own revenue, typed in as a percentage (a margin only).
    Share,
}

/// What a break-even is keyed by.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub(crate) revision: u64,
    goal: Goal,
}

/// The break-even of `key` on `scenario` (run by the app's [`Jobs`](crate::app::jobs::Jobs)).
pub(crate) fn work(key: &Key, scenario: Snapshot) -> Work<Outcome> {
    let goal = key.goal.clone();
    Box::new(move |progress| {
        let solution = analyses::solve(&scenario, &goal, progress).map_err(|e| super::error_text(&e))?;
        let customers = solution.value.and_then(|v| customers_at(&scenario, goal.plan, goal.param, v));
        Ok(Answer { solution, customers })
    })
}

/// A break-even's answer, or why there is none.
pub type Outcome = Result<Answer, String>;

/// A break-even's answer and, for a scenario with recorded customers, what it does to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The engine's answer.
    pub solution: Solution,
    /// At the answer's price, how many recorded customers would pay more, less and the same
    /// under the plan than under the baseline over their recorded months (`None` without
    /// recorded usage, or without an answer).
    pub customers: Option<(usize, usize, usize)>,
}

/// The recorded customers' moves under plan `plan` with `param` at `value` (docs/import.md,
/// backtest): more, less, the same as under the baseline.
fn customers_at(
    scenario: &crate::model::Scenario,
    plan: usize,
    param: Param,
    value: Decimal,
) -> Option<(usize, usize, usize)> {
    scenario.history.as_ref()?;
    let mut at = scenario.clone();
    param.set(&mut at, Value::Decimal(value)).ok()?;
    let backtest = crate::engine::backtest::backtest(&at, 0).ok()?;
    let p = backtest.plans.get(plan)?;
    Some((p.up, p.down, p.same))
}

/// The break-even's settings and its background work.
pub struct SolveView {
    /// The plan that must earn the target (`usize::MAX` until shown: then the second plan, the
    /// first being the baseline).
    pub plan: usize,
    /// Its price that varies.
    pub picker: Picker,
    /// What it must reach.
    pub target: TargetChoice,
    /// The amount, when the target is one.
    pub amount: String,
    /// The bill, or the bill minus the cost to serve.
    pub measure: Measure,
    /// The margin as a percentage of revenue, when the target is a share.
    pub share: String,
    /// Contract year (0: the whole horizon).
    pub year: u32,
    /// One account of this profile (`None`: the portfolio).
    pub account: Option<usize>,
}

impl Default for SolveView {
    fn default() -> Self {
        Self {
            plan: usize::MAX,
            picker: Picker::default(),
            target: TargetChoice::Baseline,
            amount: String::new(),
            measure: Measure::Revenue,
            share: "70".to_owned(),
            year: 0,
            account: None,
        }
    }
}

/// A percentage typed in (`70`, `70%`, `72.5`) as a share of revenue, when it is one from 0 up
/// to (not including) 100.
fn share(text: &str) -> Option<Decimal> {
    let percent: Decimal = text.trim().trim_end_matches('%').trim().parse().ok()?;
    (!percent.is_sign_negative() && percent < Decimal::ONE_HUNDRED).then(|| percent / Decimal::ONE_HUNDRED)
}

/// Whether `param` is the price of a charge on seats.
fn is_seat_price(s: &crate::model::Scenario, param: Param) -> bool {
    match param {
        Param::Plan(p, analyses::PlanField::Price(c)) => s
            .plans
            .get(p)
            .and_then(|plan| plan.charges.get(c))
            .is_some_and(|c| c.metric() == Some(crate::model::Metric::Seats)),
        _ => false,
    }
}

impl SolveView {
    /// The goal of the current settings, if they make one.
    fn goal(&self, input: &Input<'_>) -> Option<Goal> {
        let s = input.scenario;
        let param = self.picker.param?;
        if analyses::solve_misuse(s, param, self.plan).is_some() {
            return None;
        }
        let target = match self.target {
            TargetChoice::Baseline => Target::Baseline,
            TargetChoice::Plan(q) if q < s.plans.len() => Target::Plan(q),
            TargetChoice::Plan(_) => return None,
            TargetChoice::Amount => Target::Amount(self.amount.trim().parse().ok()?),
            TargetChoice::Share if self.measure == Measure::Margin => Target::MarginShare(share(&self.share)?),
            TargetChoice::Share => return None,
        };
        let months = if self.year == 0 { 0..analyses::horizon(s) } else { analyses::year_months(s, self.year).ok()? };
        let account = self.account.filter(|a| *a < s.accounts.len());
        Some(Goal {
            param,
            plan: self.plan,
            target,
            measure: self.measure,
            scope: Scope { account, months },
            range: (Decimal::ZERO, Decimal::from(1_000_000_000)),
        })
    }

    /// The break-even the current settings ask for, if they make one.
    pub fn job(&self, input: &Input<'_>) -> Option<Job> {
        if !input.valid {
            return None;
        }
        let goal = self.goal(input)?;
        Some(Job::Solve(Key { revision: input.revision, goal }))
    }

    /// The question, the answer and its *Apply* button; returns the value to apply.
    pub fn ui(&mut self, ui: &mut Ui, input: &Input<'_>, out: &mut Commands) -> Option<(Param, Value)> {
        let s = input.scenario;
        let plan_name = |p: usize| s.plans.get(p).map_or_else(String::new, |p| p.name.clone());
        if self.plan == usize::MAX {
            self.plan = 1;
        }
        self.plan = self.plan.min(s.plans.len().saturating_sub(1));
        ui.horizontal_wrapped(|ui| {
            let before = self.plan;
            super::plan_combo(ui, "solve plan", "Find the price at which", s, &mut self.plan);
            if before != self.plan {
                self.picker.param = None;
            }
            egui::ComboBox::from_id_salt("solve measure")
                .selected_text(if self.measure == Measure::Margin { "keeps a margin of" } else { "earns" })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.measure, Measure::Revenue, "earns")
                        .on_hover_text("What the plan bills");
                    ui.selectable_value(&mut self.measure, Measure::Margin, "keeps a margin of")
                        .on_hover_text("What the plan bills minus the cost to serve the same months and accounts");
                })
                .response
                .on_hover_text("Revenue, or margin: revenue minus the cost to serve (the same under every plan)")
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "measured by"));
            if self.measure == Measure::Revenue && self.target == TargetChoice::Share {
                self.target = TargetChoice::Amount;
            }
            let l = ui.label("at least");
            let target_text = match self.target {
                TargetChoice::Baseline => format!("the baseline's ({})", plan_name(0)),
                TargetChoice::Plan(q) => format!("{}'s", plan_name(q)),
                TargetChoice::Amount => "an amount".into(),
                TargetChoice::Share => "a share of its revenue".into(),
            };
            egui::ComboBox::from_id_salt("solve target")
                .selected_text(target_text)
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut self.target,
                        TargetChoice::Baseline,
                        format!("the baseline's ({})", plan_name(0)),
                    );
                    for q in (1..s.plans.len()).filter(|q| *q != self.plan) {
                        ui.selectable_value(&mut self.target, TargetChoice::Plan(q), format!("{}'s", plan_name(q)));
                    }
                    ui.selectable_value(&mut self.target, TargetChoice::Amount, "an amount");
                    if self.measure == Measure::Margin {
                        ui.selectable_value(&mut self.target, TargetChoice::Share, "a share of its revenue")
                            .on_hover_text("A gross margin: 70% keeps 70 of every 100 billed after the cost to serve");
                    }
                })
                .response
                .labelled_by(l.id);
            match self.target {
                TargetChoice::Amount => {
                    let hint = if self.measure == Measure::Margin { "0 covers the cost" } else { "amount" };
                    ui.add(egui::TextEdit::singleline(&mut self.amount).hint_text(hint).desired_width(100.0))
                        .labelled_by(l.id);
                }
                TargetChoice::Share => {
                    ui.add(egui::TextEdit::singleline(&mut self.share).desired_width(40.0))
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "margin share (%)"));
                    ui.label("%");
                }
                _ => {}
            }
            if self.measure == Measure::Margin && matches!(self.target, TargetChoice::Baseline | TargetChoice::Plan(_))
            {
                ui.weak("(the cost to serve is the same under every plan: this breaks even where revenue does)");
            }
        });
        let plan = self.plan;
        let offered = |p: &Param| analyses::solve_misuse(s, *p, plan).is_none();
        if self.picker.param.is_none() {
            // An outcome price (per resolution or conversation) is the usual question, not the seat.
            let params: Vec<Param> = Group::Plan(plan).parameters(s).into_iter().filter(|p| offered(p)).collect();
            self.picker.param =
                params.iter().copied().find(|p| !is_seat_price(s, *p)).or_else(|| params.first().copied());
        }
        self.picker.ui(ui, "solve", s, &[Group::Plan(plan)], offered);
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("over");
            let years = analyses::horizon(s).div_ceil(12);
            let span = if self.year == 0 { "the horizon".to_string() } else { format!("year {}", self.year) };
            egui::ComboBox::from_id_salt("solve year")
                .selected_text(span)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.year, 0, "the horizon");
                    for y in 1..=u32::try_from(years).unwrap_or(0) {
                        ui.selectable_value(&mut self.year, y, format!("year {y}"));
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("for");
            let whose = |a: Option<usize>| match a.and_then(|a| s.accounts.get(a)) {
                Some(account) => format!("one account of “{}”", account.name),
                None => "the portfolio".into(),
            };
            egui::ComboBox::from_id_salt("solve account")
                .selected_text(whose(self.account))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.account, None, "the portfolio");
                    for a in 0..s.accounts.len() {
                        ui.selectable_value(&mut self.account, Some(a), whose(Some(a)));
                    }
                })
                .response
                .labelled_by(l.id);
        });
        if self.picker.param.is_none() {
            ui.weak(
                "This plan has no price its bill rises with (a usage price, a tier's price, a fee or a commitment).",
            );
            return None;
        }
        if self.target == TargetChoice::Amount && self.amount.trim().parse::<Decimal>().is_err() {
            ui.colored_label(crate::app::editor::widgets::PROBLEM_COLOR, "Type the amount to reach, e.g. 1000000");
        }
        if self.target == TargetChoice::Share && share(&self.share).is_none() {
            ui.colored_label(
                crate::app::editor::widgets::PROBLEM_COLOR,
                "Type the margin as a percentage of revenue, from 0 up to (not including) 100, e.g. 70",
            );
        }
        ui.separator();
        let runner = &input.jobs.solve;
        let stale = runner.result().is_some_and(|(_, current)| !current);
        if status_ui(ui, runner, stale) {
            out.push(Command::Cancel(JobKind::Solve));
        }
        let (result, current) = match runner.result() {
            Some((r, current)) => (Some(r), current),
            None => (None, true),
        };
        let param = self.picker.param?;
        let currency = &s.currency;
        match result? {
            Err(message) => {
                ui.colored_label(crate::app::editor::widgets::PROBLEM_COLOR, message);
                None
            }
            Ok(Answer { solution: answer, customers }) => {
                let name = super::field_label(s, param);
                match (answer.value, answer.unreachable) {
                    (Some(value), _) => {
                        ui.heading(format!("{name} = {value}"));
                        egui::Grid::new("solve answer").num_columns(2).show(ui, |ui| {
                            ui.label(if self.measure == Measure::Margin { "target margin" } else { "target" });
                            ui.monospace(money_text(currency, answer.target));
                            ui.end_row();
                            if let Some(at) = answer.figure_at_value {
                                let what = if self.measure == Measure::Margin { "margin of " } else { "" };
                                ui.label(format!("{what}{} at {value}", plan_name(self.plan)));
                                ui.monospace(money_text(currency, at));
                                ui.end_row();
                            }
                            match answer.figure_below {
                                Some(below) => {
                                    ui.label(format!("at {} (one cent below)", value - Decimal::new(1, 2)));
                                    ui.monospace(money_text(currency, below));
                                    // A target that moves with the price (another plan's figure,
                                    // a share of the bill): the one this price fell short of.
                                    if let Some(target) = answer.target_below.filter(|t| *t != answer.target) {
                                        ui.weak(format!("short of its target there, {}", money_text(currency, target)));
                                    }
                                }
                                None => {
                                    ui.label("the lowest price searched already reaches it");
                                }
                            }
                            ui.end_row();
                            if let Some((up, down, same)) = customers {
                                ui.label("recorded customers at this price");
                                ui.label(format!(
                                    "{up} pay more than under {}, {down} less, {same} the same (over their recorded months)",
                                    plan_name(0)
                                ));
                                ui.end_row();
                            }
                        });
                        let now = param.get(s).and_then(Value::as_decimal);
                        let apply = ui
                            .add_enabled(now != Some(value) && current, egui::Button::new(format!("Apply {value}")))
                            .on_hover_text("Set the price in the scenario (one undo step)");
                        apply.clicked().then_some((param, Value::Decimal(value)))
                    }
                    (None, Some((at, figure))) => {
                        ui.label(format!(
                            "Unreachable: even at {at} the plan {} {}, short of {}.",
                            if self.measure == Measure::Margin { "keeps a margin of" } else { "earns" },
                            money_text(currency, figure),
                            money_text(currency, answer.target)
                        ));
                        None
                    }
                    (None, None) => None,
                }
            }
        }
    }
}

//! Sensitivity: for one plan, a bar per assumption from its total at −swing to its total at
//! +swing, around the base, the largest swing on top.

use super::{Input, status_ui};
use crate::app::background::Work;
use crate::app::command::{Command, Commands};
use crate::app::document::Snapshot;
use crate::app::jobs::{Job, JobKind};
use crate::app::results::{axis_money, legend_entry, money_text, plot_value};
use crate::engine::analyses::{self, Tornado};
use eframe::egui::{self, Ui};
use egui_plot::{Bar, BarChart, Plot, VLine};
use rust_decimal::Decimal;

/// The bars' colours: the total at an assumption's low value, and at its high value.
const LOW: egui::Color32 = egui::Color32::from_rgb(200, 90, 80);
const HIGH: egui::Color32 = egui::Color32::from_rgb(70, 130, 200);

/// What a tornado is keyed by.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub(crate) revision: u64,
    swing: Decimal,
}

/// The tornado of `key` on `scenario` (run by the app's [`Jobs`](crate::app::jobs::Jobs)).
pub(crate) fn work(key: &Key, scenario: Snapshot) -> Work<Outcome> {
    let swing = key.swing;
    Box::new(move |progress| {
        let params = app_params(&scenario);
        analyses::tornado(&scenario, &params, swing, progress).map_err(|e| super::error_text(&e))
    })
}

/// A tornado, or why there is none.
pub type Outcome = Result<Tornado, String>;

/// The tornado's settings and its background work.
pub struct TornadoView {
    /// The plan whose total the bars show.
    pub plan: usize,
    /// The swing in percent (1 to 100).
    pub percent: u32,
}

impl Default for TornadoView {
    fn default() -> Self {
        Self { plan: 0, percent: 20 }
    }
}

impl TornadoView {
    fn swing(&self) -> Decimal {
        Decimal::new(i64::from(self.percent.clamp(1, 100)), 2)
    }

    /// The tornado the current settings ask for (every plan's rows at once).
    pub fn job(&self, input: &Input<'_>) -> Option<Job> {
        input.valid.then(|| Job::Tornado(Key { revision: input.revision, swing: self.swing() }))
    }

    /// The plan, the swing and the bars.
    pub fn ui(&mut self, ui: &mut Ui, input: &Input<'_>, out: &mut Commands) {
        let s = input.scenario;
        self.plan = self.plan.min(s.plans.len().saturating_sub(1));
        ui.horizontal_wrapped(|ui| {
            super::plan_combo(ui, "tornado plan", "What moves the total of", s, &mut self.plan);
            let l = ui.label("most, with each assumption ±");
            crate::app::editor::widgets::checked_drag(ui, &mut self.percent, 1..=100, "%", |d| d).labelled_by(l.id);
        });
        let runner = &input.jobs.tornado;
        let stale = runner.result().is_some_and(|(_, current)| !current);
        if status_ui(ui, runner, stale) {
            out.push(Command::Cancel(JobKind::Tornado));
        }
        let result = runner.result().map(|(r, _)| r);
        match result {
            Some(Ok(t)) => bars(ui, input, t, self.plan),
            Some(Err(message)) => {
                ui.colored_label(crate::app::editor::widgets::PROBLEM_COLOR, message);
            }
            None => {}
        }
    }
}

/// Above this many profiles the app varies each assumption for every profile at once: one
/// row per profile would be thousands of full re-simulations, and unreadable.
const PER_PROFILE_UP_TO: usize = 20;

/// The tornado's parameters: the command line's default, or for a large portfolio each
/// assumption for every profile alike, then the plans' prices.
fn app_params(scenario: &crate::model::Scenario) -> Vec<analyses::Param> {
    let all = analyses::default_tornado_params(scenario);
    if scenario.accounts.len() <= PER_PROFILE_UP_TO {
        return all;
    }
    let every = analyses::Group::AllProfiles.parameters(scenario);
    let mut params: Vec<analyses::Param> = all
        .iter()
        .filter_map(|p| match p {
            analyses::Param::Account(analyses::Profiles::One(0), field) => {
                Some(analyses::Param::Account(analyses::Profiles::All, *field)).filter(|p| every.contains(p))
            }
            _ => None,
        })
        .collect();
    params.extend(all.into_iter().filter(|p| p.plan().is_some()));
    params
}

/// The bars of plan `p`, largest swing on top; rows whose values fail validation listed below.
fn bars(ui: &mut Ui, input: &Input<'_>, t: &Tornado, p: usize) {
    let Some(base) = t.base.get(p).copied() else { return };
    let currency = &input.scenario.currency;
    // Assumptions that do not move this plan (another plan's prices) have no bar.
    let ranked: Vec<_> = t.ranked(p).into_iter().filter(|r| r.swing(p).is_some_and(|s| !s.is_zero())).collect();
    let still = t.rows.iter().filter(|r| r.swing(p).is_some_and(|s| s.is_zero())).count();
    ui.weak(format!(
        "base {}; each bar runs from the total at the low value (red) to the total at the high value (blue); hover for figures{}",
        money_text(currency, base),
        if still > 0 { format!("; {still} assumption(s) leave this plan unchanged") } else { String::new() }
    ));
    // Top row first: bar k sits at y = n − k.
    let n = ranked.len();
    let mut low_bars = Vec::new();
    let mut high_bars = Vec::new();
    let mut labels = Vec::new();
    for (k, row) in ranked.iter().enumerate() {
        let (Some(low), Some(high)) =
            (row.low.as_ref().and_then(|l| l.get(p)), row.high.as_ref().and_then(|h| h.get(p)))
        else {
            continue;
        };
        let y = (n - k) as f64;
        let words = super::words::param(input.scenario, row.param);
        // Every profile alike: each moves by the swing from its own value (the values shown
        // would be the first profile's alone).
        let every = matches!(row.param, analyses::Param::Account(analyses::Profiles::All, _));
        let swing = (t.swing * Decimal::ONE_HUNDRED).normalize();
        let name = if every {
            format!("{words} (each profile ±{swing}%)")
        } else {
            format!("{words} ({} to {})", value_text(row.param, &row.low_value), value_text(row.param, &row.high_value))
        };
        labels.push(name.clone());
        let hover = |total: Decimal, value: &analyses::Value, sign: char| {
            let at = if every { format!("each profile {sign}{swing}%") } else { value_text(row.param, value) };
            format!("{name}\nat {at}: {}", money_text(currency, total))
        };
        low_bars.push(
            Bar::new(y, plot_value(*low) - plot_value(base))
                .base_offset(plot_value(base))
                .name(hover(*low, &row.low_value, '−'))
                .fill(LOW)
                .horizontal(),
        );
        high_bars.push(
            Bar::new(y, plot_value(*high) - plot_value(base))
                .base_offset(plot_value(base))
                .name(hover(*high, &row.high_value, '+'))
                .fill(HIGH)
                .horizontal(),
        );
    }
    let label_of = move |mark: egui_plot::GridMark, _: &std::ops::RangeInclusive<f64>| {
        let i = mark.value.round();
        if (mark.value - i).abs() > 1e-6 || i < 1.0 {
            return String::new();
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked ≥ 1 and whole
        let k = n.saturating_sub(i as usize);
        labels.get(k).cloned().unwrap_or_default()
    };
    ui.horizontal_wrapped(|ui| {
        legend_entry(ui, LOW, "total at the low value");
        legend_entry(ui, HIGH, "total at the high value");
        legend_entry(ui, egui::Color32::GRAY, "base");
    });
    Plot::new("tornado")
        .allow_scroll(false)
        .allow_drag(false)
        .show_grid([true, false])
        .y_axis_formatter(label_of)
        .y_axis_min_width(260.0)
        .x_axis_formatter(|mark, _| axis_money(mark.value, mark.step_size))
        .x_grid_spacer(crate::app::results::round_grid_spacer())
        .label_formatter(|_| None)
        .show(ui, |plot_ui| {
            // The hover says the bar's own words (its name), not its length in raw numbers.
            let said = |bar: &egui_plot::Bar, _: &BarChart| bar.name.clone();
            plot_ui.bar_chart(BarChart::new("low value", low_bars).width(0.6).element_formatter(Box::new(said)));
            plot_ui.bar_chart(BarChart::new("high value", high_bars).width(0.6).element_formatter(Box::new(said)));
            plot_ui.vline(VLine::new("base", plot_value(base)).color(egui::Color32::GRAY));
        });
    for row in t.rows.iter().filter(|r| !r.problems.is_empty()) {
        ui.weak(format!(
            "{}: {}",
            super::words::param(input.scenario, row.param),
            row.problems.first().map(ToString::to_string).unwrap_or_default()
        ))
        .on_hover_text(&row.name);
    }
}

/// A parameter's value as the bars name it, thousands grouped: `176,000`, `0.56`.
/// A parameter's value as the editor shows it: a share or a growth as a percentage (`68%`), an
/// amount of money to the cent (`111.20`), anything else grouped by thousands.
fn value_text(param: analyses::Param, value: &analyses::Value) -> String {
    use analyses::{AccountField, Param, PlanField, RampField};
    let percent = matches!(
        param,
        Param::Account(
            _,
            AccountField::Growth
                | AccountField::AiInvolvement(RampField::Start | RampField::End)
                | AccountField::ResolutionRate(RampField::Start | RampField::End)
        ) | Param::Plan(_, PlanField::Discount)
    );
    let money = matches!(
        param,
        Param::CostPerAiConversation
            | Param::Account(_, AccountField::AgentCost)
            | Param::Plan(
                _,
                PlanField::Price(_)
                    | PlanField::TierUnitPrice(..)
                    | PlanField::TierFlatFee(..)
                    | PlanField::FeeAmount(_)
                    | PlanField::CommitAmount(_)
                    | PlanField::BundlePrice(_)
            )
    );
    if percent {
        let p = value.as_f64() * 100.0;
        let text = format!("{p:.1}");
        return format!("{}%", text.strip_suffix(".0").unwrap_or(&text));
    }
    if money && let Some(d) = value.as_decimal() {
        // To the cent; a price quoted to a tenth of a cent (0.068) keeps its digits.
        let d = d.normalize();
        return if d.scale() <= 2 { crate::model::money::grouped(d) } else { grouped_value(value) };
    }
    grouped_value(value)
}

fn grouped_value(value: &analyses::Value) -> String {
    let text = value.readable().to_string();
    let (sign, unsigned) = text.strip_prefix('-').map_or(("", text.as_str()), |rest| ("-", rest));
    let (whole, fraction) = unsigned.split_once('.').map_or((unsigned, None), |(w, f)| (w, Some(f)));
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        return text;
    }
    let grouped = crate::model::money::group_digits(whole);
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{analyses::Value, grouped_value, value_text};
    use crate::engine::analyses::{AccountField, Param, PlanField, Profiles, RampField};
    use rust_decimal::Decimal;

    #[test]
    fn values_read_as_the_editor_shows_them() {
        let rate = Param::Account(Profiles::One(0), AccountField::ResolutionRate(RampField::End));
        assert_eq!(value_text(rate, &Value::Real(0.68)), "68%");
        assert_eq!(value_text(rate, &Value::Real(0.765)), "76.5%");
        let growth = Param::Account(Profiles::One(0), AccountField::Growth);
        assert_eq!(value_text(growth, &Value::Real(0.08)), "8%");
        let price = Param::Plan(0, PlanField::Price(0));
        assert_eq!(value_text(price, &Value::Decimal(Decimal::new(1112, 1))), "111.20");
        assert_eq!(value_text(price, &Value::Decimal(Decimal::new(123_456, 0))), "123,456.00");
        assert_eq!(value_text(price, &Value::Decimal(Decimal::new(68, 3))), "0.068");
        let conversations = Param::Account(Profiles::One(0), AccountField::Conversations);
        assert_eq!(value_text(conversations, &Value::Real(200_000.0)), "200,000");
    }

    #[test]
    fn values_are_grouped_by_thousands() {
        assert_eq!(grouped_value(&Value::Whole(Decimal::from(176_000))), "176,000");
        assert_eq!(grouped_value(&Value::Decimal(Decimal::new(123_456_789, 2))), "1,234,567.89");
        assert_eq!(grouped_value(&Value::Real(0.56)), "0.56");
        assert_eq!(grouped_value(&Value::Decimal(Decimal::new(-25_000, 0))), "-25,000");
    }
}

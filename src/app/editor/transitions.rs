//! Editor of the transitions (docs/semantics.md §8): the book of customers moving from one plan
//! to another — which plans, the launch month picked on a calendar of the horizon, at renewal or
//! all at once, the months on the old price and the contract's length, and the churn curve as
//! points dragged like the seasonality curve — with a sentence saying what it all means.

use super::widgets::{self, problems_ui};
use crate::model::{ChurnPoint, MoveAt, Problem, Scenario, Transition, YearMonth};
use eframe::egui::{self, Ui};
use egui_plot::{HoverPosition, Line, PlotBounds, PlotPoints, Points};

/// The churn curve of a new transition: 2% leave at +10%, 20% at +50%.
const DEFAULT_CHURN: [ChurnPoint; 2] =
    [ChurnPoint { increase: 0.10, share: 0.02 }, ChurnPoint { increase: 0.50, share: 0.20 }];

/// Editor of the transitions: which churn point is being dragged.
#[derive(Debug, Default)]
pub struct TransitionsPanel {
    dragging: Option<(usize, usize)>,
}

impl TransitionsPanel {
    /// Shows every transition of `scenario` and edits them in place.
    pub fn ui(&mut self, ui: &mut Ui, scenario: &mut Scenario, problems: &[Problem]) {
        if scenario.transitions.is_empty() {
            ui.weak("Customers move to a new plan at their renewals, and some leave when their bill rises.");
        }
        let len = scenario.transitions.len();
        let mut action = None;
        let plans: Vec<String> = scenario.plans.iter().map(|p| p.name.clone()).collect();
        let start = scenario.start;
        let months = scenario.months;
        for i in 0..len {
            let path = format!("transitions[{i}]");
            let id = ui.make_persistent_id(("transition", i));
            let Some(t) = scenario.transitions.get_mut(i) else { break };
            egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, true)
                .show_header(ui, |ui| {
                    let text = if widgets::has_problem(problems, &path) {
                        egui::RichText::new(format!("⚠ {}", t.name)).color(widgets::PROBLEM_COLOR)
                    } else {
                        egui::RichText::new(&t.name)
                    };
                    widgets::header_label(ui, text);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if let Some(a) = widgets::list_buttons(ui, i, len, "transition") {
                            action = Some((i, a));
                        }
                    });
                })
                .body(|ui| {
                    let dragging = self.dragging.filter(|(t, _)| *t == i).map(|(_, p)| p);
                    let dragged = transition_ui(ui, &path, t, &plans, start, months, dragging, problems);
                    self.dragging = match (dragged, self.dragging) {
                        (Drag::Started(p), _) => Some((i, p)),
                        (Drag::Stopped, Some((t, _))) if t == i => None,
                        (_, d) => d,
                    };
                });
        }
        if ui
            .add_enabled(plans.len() >= 2, egui::Button::new("➕ Move customers…"))
            .on_hover_text("Add a transition: customers of one plan moving to another at their renewals")
            .on_disabled_hover_text("A transition moves customers between two plans: add a second plan first")
            .clicked()
        {
            let transition = new_transition(scenario);
            scenario.transitions.push(transition);
        }
        if let Some((i, a)) = action {
            let names: Vec<String> = scenario
                .plans
                .iter()
                .map(|p| p.name.clone())
                .chain(scenario.transitions.iter().map(|t| t.name.clone()))
                .collect();
            widgets::apply_list_action(&mut scenario.transitions, i, a, |copy| {
                copy.name = widgets::unique_name(&copy.name, names.iter().map(String::as_str));
            });
            self.dragging = None;
        }
    }

    /// Whether a churn point is being dragged.
    #[must_use]
    pub fn is_dragging(&self) -> bool {
        self.dragging.is_some()
    }
}

/// A new transition: from the baseline to the second plan, launched halfway through the horizon
/// (on a month of January or July when there is one), at renewal, with a churn curve to adjust.
#[must_use]
pub fn new_transition(scenario: &Scenario) -> Transition {
    let from = scenario.plans.first().map(|p| p.name.clone()).unwrap_or_default();
    let to = scenario.plans.get(1).map(|p| p.name.clone()).unwrap_or_default();
    let half = scenario.months / 2;
    let launch = (half..scenario.months)
        .chain(0..half)
        .find(|m| matches!(scenario.start.plus(*m).month_index(), 0 | 6))
        .unwrap_or(half);
    let taken: Vec<&str> = scenario
        .plans
        .iter()
        .map(|p| p.name.as_str())
        .chain(scenario.transitions.iter().map(|t| t.name.as_str()))
        .collect();
    Transition {
        name: widgets::unique_name(&format!("Move to {to}"), taken.iter().copied()),
        from,
        to,
        launch,
        at: MoveAt::Renewal,
        churn: DEFAULT_CHURN.to_vec(),
        ..Transition::default()
    }
}

/// What the churn plot's pointer did this frame.
enum Drag {
    None,
    Started(usize),
    Stopped,
}

#[allow(clippy::too_many_arguments)]
fn transition_ui(
    ui: &mut Ui,
    path: &str,
    t: &mut Transition,
    plans: &[String],
    start: YearMonth,
    months: u32,
    dragging: Option<usize>,
    problems: &[Problem],
) -> Drag {
    widgets::text_row(ui, "Name", &mut t.name);
    problems_ui(ui, problems, &format!("{path}.name"), false);
    problems_ui(ui, problems, path, false);
    for (label, field, value) in [("From", "from", &mut t.from), ("To", "to", &mut t.to)] {
        ui.horizontal(|ui| {
            let l = crate::app::glossary::label(ui, label);
            egui::ComboBox::from_id_salt((path, field))
                .selected_text(value.as_str())
                .show_ui(ui, |ui| {
                    for p in plans {
                        ui.selectable_value(value, p.clone(), p);
                    }
                })
                .response
                .labelled_by(l.id);
        });
        problems_ui(ui, problems, &format!("{path}.{field}"), false);
    }
    crate::app::glossary::label(ui, "Launch");
    calendar(ui, path, &mut t.launch, start, months);
    problems_ui(ui, problems, &format!("{path}.launch"), false);
    ui.horizontal(|ui| {
        ui.radio_value(&mut t.at, MoveAt::Renewal, "at each renewal").on_hover_text(
            "Each group of accounts moves at its first renewal after the launch (and the months on the old price)",
        );
        ui.radio_value(&mut t.at, MoveAt::Launch, "all at launch")
            .on_hover_text("Every account moves in the same month, the launch (after the months on the old price)");
    });
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, "Old price kept for");
        widgets::checked_drag(ui, &mut t.grandfather, 0..=600, " mo", |d| d.speed(0.2)).labelled_by(l.id);
    });
    problems_ui(ui, problems, &format!("{path}.grandfather"), false);
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, "Contract length");
        widgets::checked_drag(ui, &mut t.renewal_months, 1..=600, " mo", |d| d.speed(0.2)).labelled_by(l.id);
    });
    problems_ui(ui, problems, &format!("{path}.renewal_months"), false);
    crate::app::glossary::label(ui, "Churn (drag the points)");
    let drag = churn_ui(ui, path, &mut t.churn, dragging);
    problems_ui(ui, problems, &format!("{path}.churn"), true);
    ui.add(egui::Label::new(egui::RichText::new(sentence(t, start)).italics()).wrap());
    drag
}

/// The horizon's months as a calendar, a row per half year (narrow enough for the editor); the
/// one clicked is the launch.
fn calendar(ui: &mut Ui, path: &str, launch: &mut u32, start: YearMonth, months: u32) {
    const NAMES: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let first = u32::try_from(start.month_index()).unwrap_or(0);
    let rows = (first + months).div_ceil(6);
    egui::Grid::new((path, "calendar")).spacing([2.0, 2.0]).show(ui, |ui| {
        for row in 0..rows {
            // Row `row` is the half year `row` halves after the first of the start's year.
            let year = u32::from(start.year()) + row / 2;
            if row % 2 == 0 {
                ui.weak(year.to_string());
            } else {
                ui.label("");
            }
            for (c, name) in NAMES.iter().enumerate().skip(6 * (row as usize % 2)).take(6) {
                // Month index of this cell from the start, when inside the horizon.
                let at = ((row / 2) * 12 + u32::try_from(c).unwrap_or(0)).checked_sub(first);
                match at.filter(|m| *m < months) {
                    Some(m) => {
                        let label = format!("{} {}", name, start.plus(m).year());
                        let cell = ui
                            .selectable_label(*launch == m, *name)
                            .on_hover_text(format!("Launch in {}", start.plus(m)));
                        let selected = *launch == m;
                        cell.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
                        if cell.clicked() {
                            *launch = m;
                        }
                    }
                    None => {
                        ui.label("");
                    }
                }
            }
            ui.end_row();
        }
    });
}

/// The churn curve: each point's share dragged up and down on a plot against the bill's increase,
/// and both typed beside it; points added and removed.
fn churn_ui(ui: &mut Ui, path: &str, churn: &mut Vec<ChurnPoint>, dragging: Option<usize>) -> Drag {
    let right = churn.last().map_or(1.0, |p| p.increase).max(0.5) * 1.25;
    // Room above the highest share, so that small shares are not flattened at the bottom.
    let top = (churn.iter().map(|p| p.share * 130.0).fold(50.0, f64::max)).min(100.0);
    let mut points: Vec<[f64; 2]> = vec![[0.0, 0.0]];
    points.extend(churn.iter().map(|p| [p.increase * 100.0, p.share * 100.0]));
    let line: Vec<[f64; 2]> =
        points.iter().copied().chain(churn.last().map(|p| [right * 100.0, p.share * 100.0])).collect();
    let mut drag = Drag::None;
    let response = crate::app::results::fixed_plot((path, "churn"))
        .height(130.0)
        .default_x_bounds(0.0, right * 100.0)
        .default_y_bounds(0.0, top)
        .x_axis_formatter(|mark, _| format!("+{:.0}%", mark.value))
        .y_axis_formatter(|mark, _| format!("{:.0}%", mark.value))
        .label_formatter(|hover| match hover {
            HoverPosition::NearDataPoint { position, .. } => {
                Some(format!("bill +{:.0}%: {:.1}% leave", position.x, position.y))
            }
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot_ui| {
            plot_ui.set_plot_bounds(PlotBounds::from_min_max([0.0, 0.0], [right * 100.0, top]));
            plot_ui.line(Line::new("churn", PlotPoints::from(line)));
            plot_ui.points(Points::new("points", PlotPoints::from(points[1..].to_vec())).radius(5.0));
            let response = plot_ui.response().clone();
            if response.drag_started()
                && let Some(i) = super::seasonality::grabbed(plot_ui, &points[1..])
            {
                drag = Drag::Started(i);
            }
            let held = match drag {
                Drag::Started(i) => Some(i),
                _ => dragging,
            };
            let mut moved = None;
            if response.dragged()
                && let (Some(i), Some(pos)) = (held, response.interact_pointer_pos())
            {
                moved = Some((i, (plot_ui.plot_from_screen(pos).y.clamp(0.0, top) * 10.0).round() / 1000.0));
            }
            if response.drag_stopped() {
                drag = Drag::Stopped;
            }
            moved
        });
    response.response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "churn curve"));
    if let Some((i, share)) = response.inner {
        // A share never below the point before it nor above the one after it.
        let low = i.checked_sub(1).and_then(|j| churn.get(j)).map_or(0.0, |p| p.share);
        let high = churn.get(i + 1).map_or(1.0, |p| p.share);
        if let Some(p) = churn.get_mut(i) {
            p.share = share.clamp(low, high);
        }
    }
    let mut remove = None;
    egui::Grid::new((path, "churn points")).num_columns(3).spacing([6.0, 2.0]).show(ui, |ui| {
        for (i, p) in churn.iter_mut().enumerate() {
            let mut increase = p.increase * 100.0;
            let l = ui.label("bill +");
            if widgets::checked_drag(ui, &mut increase, 0.1..=10_000.0, "%", |d| d.speed(1.0).max_decimals(1))
                .labelled_by(l.id)
                .changed()
            {
                p.increase = increase / 100.0;
            }
            let mut share = p.share * 100.0;
            let l = ui.label("leave");
            if widgets::checked_drag(ui, &mut share, 0.0..=100.0, "%", |d| d.speed(0.5).max_decimals(1))
                .labelled_by(l.id)
                .changed()
            {
                p.share = share / 100.0;
            }
            if ui.small_button("✖").on_hover_text("Remove this point").clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        churn.remove(i);
    }
    if ui.small_button("➕ Point").on_hover_text("Add a point past the last one").clicked() {
        let last = churn.last().copied().unwrap_or(ChurnPoint { increase: 0.0, share: 0.0 });
        churn.push(ChurnPoint {
            increase: if last.increase > 0.0 { last.increase * 2.0 } else { 0.1 },
            share: (last.share + 0.1).min(1.0),
        });
    }
    drag
}

/// What a transition means, in a sentence.
fn sentence(t: &Transition, start: YearMonth) -> String {
    let launch = start.plus(t.launch);
    let when = match (t.at, t.grandfather) {
        (MoveAt::Renewal, 0) => "at their next renewal".to_owned(),
        (MoveAt::Renewal, g) => format!("at their first renewal after {g} month{} on the old price", plural(g)),
        (MoveAt::Launch, 0) => "all at once".to_owned(),
        (MoveAt::Launch, g) => format!("all at once after {g} month{} on the old price", plural(g)),
    };
    let churn = match t.churn.iter().rev().find(|p| p.increase <= 0.5).or(t.churn.first()) {
        None => "nobody leaves".to_owned(),
        Some(p) => format!("of those whose bill rises by {}%, {}% leave", percent(p.increase), percent(p.share)),
    };
    let contracts = if t.renewal_months == 12 {
        String::new()
    } else {
        format!(" (contracts of {} month{})", t.renewal_months, plural(t.renewal_months))
    };
    format!("From {launch}, customers on {} move to {} {when}{contracts}; {churn}.", t.from, t.to)
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A share as a percentage without needless decimals (0.2 → "20", 0.025 → "2.5").
fn percent(share: f64) -> String {
    let text = format!("{:.1}", share * 100.0);
    text.strip_suffix(".0").unwrap_or(&text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transition_reads_as_a_sentence() {
        let t = Transition {
            name: "Move".into(),
            from: "Seats".into(),
            to: "Per resolution".into(),
            launch: 6,
            grandfather: 6,
            churn: DEFAULT_CHURN.to_vec(),
            ..Transition::default()
        };
        let start: YearMonth = "2026-01".parse().unwrap();
        assert_eq!(
            sentence(&t, start),
            "From 2026-07, customers on Seats move to Per resolution at their first renewal after 6 months on the old price; of those whose bill rises by 50%, 20% leave."
        );
        let at_once = Transition { at: MoveAt::Launch, grandfather: 0, churn: Vec::new(), renewal_months: 6, ..t };
        assert_eq!(
            sentence(&at_once, start),
            "From 2026-07, customers on Seats move to Per resolution all at once (contracts of 6 months); nobody leaves."
        );
    }

    #[test]
    fn a_new_transition_moves_the_baseline_to_the_second_plan_in_january_or_july() {
        let s = crate::model::examples::DEFAULT.scenario().unwrap();
        let t = new_transition(&s);
        assert_eq!((t.from.as_str(), t.to.as_str()), (s.plans[0].name.as_str(), s.plans[1].name.as_str()));
        assert_eq!(s.start.plus(t.launch).month_index() % 6, 0);
        assert!(t.launch < s.months && t.launch >= s.months / 2);
        let mut with = s;
        with.transitions.push(t.clone());
        assert!(crate::model::validate(&with).is_empty(), "{:?}", crate::model::validate(&with));
        assert_ne!(new_transition(&with).name, t.name, "a second one gets a name of its own");
    }
}

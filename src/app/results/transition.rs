//! The Transition tab (docs/semantics.md §8): for one transition, its revenue each month against
//! staying on the plan customers leave, the gap shaded and added up, the accounts still on that
//! plan, moved and lost over time, and the break-even churn in words.

use super::{Results, axis_money, color, fixed_plot, label_axis, legend_entry, money_text, plot_value};
use crate::engine::transition::TransitionOutcome;
use crate::model::money::grouped;
use eframe::egui::{self, Color32, Ui};
use egui_plot::{Line, LineStyle, PlotPoints, Polygon};
use rust_decimal::Decimal;

/// The Transition tab's settings: which transition it shows.
#[derive(Debug, Default)]
pub struct TransitionView {
    /// The transition shown (by index).
    pub transition: usize,
    /// Revenue to date rather than each month's: the gap added up.
    pub cumulative: bool,
}

/// Colours of the gap: the move earns more (green) or less (red) than staying.
const GAIN: Color32 = Color32::from_rgb(60, 170, 90);
const LOSS: Color32 = Color32::from_rgb(210, 70, 60);

impl TransitionView {
    /// Shows the transition's view.
    pub fn ui(&mut self, ui: &mut Ui, results: Results<'_>) {
        let Results { outcome, styles, currency, .. } = results;
        if outcome.transitions.is_empty() {
            ui.label("The scenario has no transition. Add one in the editor: Transitions ▸ Move customers…");
            return;
        }
        self.transition = self.transition.min(outcome.transitions.len() - 1);
        if outcome.transitions.len() > 1 {
            ui.horizontal(|ui| {
                let l = ui.label("Transition");
                egui::ComboBox::from_id_salt("transition shown")
                    .selected_text(&outcome.transitions[self.transition].line.name)
                    .show_ui(ui, |ui| {
                        for (i, t) in outcome.transitions.iter().enumerate() {
                            ui.selectable_value(&mut self.transition, i, &t.line.name);
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
        }
        let t = &outcome.transitions[self.transition];
        let Some(staying) = outcome.plans.iter().find(|p| p.name == t.from) else { return };
        let gap = t.line.total - staying.total;
        ui.label(egui::RichText::new(break_even_words(t)).strong());
        ui.label(format!(
            "Over the horizon the move bills {} against {} staying on {}: {} ({}).",
            money_text(currency, t.line.total),
            money_text(currency, staying.total),
            t.from,
            signed(currency, gap),
            percent_of(gap, staying.total),
        ));
        let last = t.on_from.len().saturating_sub(1);
        if let (Some(on), Some(moved), Some(lost)) = (t.on_from.get(last), t.moved.get(last), t.lost.get(last)) {
            ui.weak(format!(
                "At the horizon's end: {} accounts still on {}, {} moved to {}, {} lost (expected numbers: each group keeps its share).",
                grouped_count(*on),
                t.from,
                grouped_count(*moved),
                t.to,
                grouped_count(*lost),
            ));
        }
        ui.add_space(4.0);

        // The two plots share the room left below the switch and the two legends (each may
        // wrap to two lines); scrolled to when the window is too short even for that.
        let half = ((ui.available_height() - 150.0) / 2.0).max(110.0);
        egui::ScrollArea::vertical()
            .id_salt("transition plots")
            .show(ui, |ui| self.plots(ui, t, outcome, styles, half));
    }

    /// The revenue plot and the accounts plot, `half` high each.
    fn plots(
        &mut self,
        ui: &mut Ui,
        t: &TransitionOutcome,
        outcome: &crate::engine::Outcome,
        styles: &[crate::app::document::PlanStyle],
        half: f32,
    ) {
        let Some(from) = outcome.plans.iter().position(|p| p.name == t.from) else { return };
        let to = outcome.plans.iter().position(|p| p.name == t.to);
        let style_color = |p: Option<usize>| p.and_then(|p| styles.get(p)).map_or(Color32::GRAY, color);
        let staying = &outcome.plans[from];
        let labels: Vec<String> = outcome.months.iter().map(ToString::to_string).collect();
        // Revenue each month (or to date): staying against moving, the gap shaded.
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.cumulative, false, "Monthly");
            ui.selectable_value(&mut self.cumulative, true, "Cumulative")
                .on_hover_text("Revenue to date: the shaded gap at the right is the move's gain or loss so far");
        });
        ui.horizontal_wrapped(|ui| {
            legend_entry(ui, style_color(Some(from)), &format!("staying on {}", t.from));
            legend_entry(ui, style_color(to), &format!("{} (dashed)", t.line.name));
            legend_entry(ui, GAIN, "the move earns more");
            legend_entry(ui, LOSS, "the move earns less");
        });
        let shown = |billed: &[Decimal]| -> Vec<f64> {
            let mut sum = Decimal::ZERO;
            billed
                .iter()
                .map(|v| {
                    sum = sum.saturating_add(*v);
                    plot_value(if self.cumulative { sum } else { *v })
                })
                .collect()
        };
        let (stay, moving) = (shown(&staying.billed), shown(&t.line.billed));
        fixed_plot("transition revenue")
            .height(half)
            .x_axis_formatter(label_axis(labels.clone()))
            .y_axis_formatter(|mark, _| axis_money(mark.value, mark.step_size))
            .include_y(0.0)
            .show(ui, |plot_ui| {
                for (m, pair) in stay.windows(2).zip(moving.windows(2)).enumerate() {
                    let (s, v) = pair;
                    #[allow(clippy::cast_precision_loss)] // month indices
                    let (x0, x1) = (m as f64, m as f64 + 1.0);
                    let fill = if v[0] + v[1] >= s[0] + s[1] { GAIN } else { LOSS };
                    if (v[0] - s[0]).abs() + (v[1] - s[1]).abs() > 0.0 {
                        plot_ui.polygon(
                            Polygon::new("gap", PlotPoints::from(vec![[x0, s[0]], [x1, s[1]], [x1, v[1]], [x0, v[0]]]))
                                .fill_color(fill.gamma_multiply(0.35))
                                .stroke(egui::Stroke::NONE)
                                .allow_hover(false),
                        );
                    }
                }
                let points = |values: &[f64]| -> Vec<[f64; 2]> {
                    #[allow(clippy::cast_precision_loss)] // month indices
                    values.iter().enumerate().map(|(m, v)| [m as f64, *v]).collect()
                };
                plot_ui.line(
                    Line::new(format!("staying on {}", t.from), PlotPoints::from(points(&stay)))
                        .color(style_color(Some(from)))
                        .width(2.0),
                );
                plot_ui.line(
                    Line::new(t.line.name.clone(), PlotPoints::from(points(&moving)))
                        .color(style_color(to))
                        .width(2.5)
                        .style(LineStyle::Dashed { length: 10.0 }),
                );
            });

        // Accounts over time.
        ui.horizontal_wrapped(|ui| {
            legend_entry(ui, style_color(Some(from)), &format!("on {}", t.from));
            legend_entry(ui, style_color(to), &format!("moved to {}", t.to));
            legend_entry(ui, LOSS, "lost");
            ui.weak("· accounts each month");
        });
        fixed_plot("transition accounts").height(half).x_axis_formatter(label_axis(labels)).include_y(0.0).show(
            ui,
            |plot_ui| {
                for (name, values, c) in [
                    (format!("on {}", t.from), &t.on_from, style_color(Some(from))),
                    (format!("moved to {}", t.to), &t.moved, style_color(to)),
                    ("lost".to_owned(), &t.lost, LOSS),
                ] {
                    #[allow(clippy::cast_precision_loss)] // month indices
                    let points: Vec<[f64; 2]> =
                        values.iter().enumerate().map(|(m, v)| [m as f64, plot_value(*v)]).collect();
                    plot_ui.line(Line::new(name, PlotPoints::from(points)).color(c).width(2.0));
                }
            },
        );
    }
}

/// The break-even churn in words.
#[must_use]
pub fn break_even_words(t: &TransitionOutcome) -> String {
    match t.break_even_churn {
        Some(p) if p >= Decimal::ONE => format!(
            "The move still pays even if every account leaves when it moves: what the book bills before the moves already reaches staying on {}.",
            t.from
        ),
        Some(p) => format!(
            "The move still pays if fewer than {}% of the accounts leave when they move (break-even churn).",
            (p * Decimal::ONE_HUNDRED).round_dp(2).normalize()
        ),
        None => format!("The move earns less than staying on {} even if nobody leaves.", t.from),
    }
}

/// An amount with its sign: `+USD 1,234.00`, `-USD 56.00`.
fn signed(currency: &str, amount: Decimal) -> String {
    if amount.is_sign_negative() && !amount.is_zero() {
        format!("-{}", money_text(currency, -amount))
    } else {
        format!("+{}", money_text(currency, amount))
    }
}

/// `amount` as a percentage of `of`, signed (`+2.3%`), or nothing to compare with.
fn percent_of(amount: Decimal, of: Decimal) -> String {
    if of.is_zero() {
        return "staying bills nothing".to_owned();
    }
    let p = (amount / of * Decimal::ONE_HUNDRED).round_dp(1);
    if p.is_sign_negative() { format!("{p}%") } else { format!("+{p}%") }
}

/// An expected count of accounts, to two decimals, grouped (`1,234.5`).
fn grouped_count(n: Decimal) -> String {
    let text = grouped(n);
    text.strip_suffix(".00").map_or(text.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn break_even_churn_reads_in_words() {
        let mut t = TransitionOutcome {
            line: crate::engine::PlanOutcome {
                name: "Move".into(),
                billed: vec![],
                total: Decimal::ZERO,
                margin: Decimal::ZERO,
                support_cost: vec![],
                accounts: vec![],
            },
            from: "Seats".into(),
            to: "Per resolution".into(),
            cost: vec![],
            on_from: vec![],
            moved: vec![],
            lost: vec![],
            break_even_churn: Some(Decimal::new(1840, 4)),
        };
        assert_eq!(
            break_even_words(&t),
            "The move still pays if fewer than 18.4% of the accounts leave when they move (break-even churn)."
        );
        t.break_even_churn = None;
        assert_eq!(break_even_words(&t), "The move earns less than staying on Seats even if nobody leaves.");
        assert_eq!(signed("USD", Decimal::new(-5600, 2)), "-USD 56.00");
        assert_eq!(percent_of(Decimal::new(23, 0), Decimal::new(1000, 0)), "+2.3%");
        assert_eq!(grouped_count(Decimal::new(25609, 2)), "256.09");
        assert_eq!(grouped_count(Decimal::new(300, 0)), "300");
    }
}

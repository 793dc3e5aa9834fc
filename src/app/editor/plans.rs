//! Editor of the plans: add from templates, duplicate, remove, reorder, show or hide, colour;
//! each plan's charges and commitments (their editors in `charges.rs`; the templates in
//! `templates.rs`).

use super::charges::{charge_ui, commitment_ui, kind_combo};
use super::templates::{Template, add_plan, usage};
use super::widgets::{self, ListAction, problems_ui};
use crate::app::document::{EditState, PlanStyle};
use crate::model::{Billing, Charge, Commitment, Metric, Plan, Price, Problem};
use eframe::egui::{self, Color32, Ui};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;

/// Editor of the plans.
#[derive(Debug, Default)]
pub struct PlansPanel;

impl PlansPanel {
    /// Shows every plan of the edit state and edits them in place.
    pub fn ui(&mut self, ui: &mut Ui, state: &mut EditState, problems: &[Problem]) {
        let len = state.scenario.plans.len();
        state.styles.resize_with(len, || PlanStyle::for_index(len));
        let mut action = None;
        for (i, (plan, style)) in state.scenario.plans.iter_mut().zip(state.styles.iter_mut()).enumerate() {
            let path = format!("plans[{i}]");
            let id = ui.make_persistent_id(("plan", i));
            egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, len == 1)
                .show_header(ui, |ui| {
                    let mut color = Color32::from_rgb(style.color[0], style.color[1], style.color[2]);
                    // A square swatch, not a wide button: the name needs the room.
                    ui.spacing_mut().interact_size.x = ui.spacing().interact_size.y;
                    if ui.color_edit_button_srgba(&mut color).on_hover_text("The plan's colour in the plots").changed()
                    {
                        style.color = [color.r(), color.g(), color.b()];
                    }
                    ui.checkbox(&mut style.visible, "").on_hover_text("Show in the plots");
                    let text = if widgets::has_problem(problems, &path) {
                        egui::RichText::new(format!("⚠ {}", plan.name)).color(widgets::PROBLEM_COLOR)
                    } else if i == 0 {
                        egui::RichText::new(format!("{} (baseline)", plan.name))
                    } else {
                        egui::RichText::new(&plan.name)
                    };
                    widgets::header_label(ui, text);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if let Some(a) = widgets::list_buttons(ui, i, len, "plan") {
                            action = Some((i, a));
                        }
                    });
                })
                .body(|ui| plan_ui(ui, &path, plan, problems));
        }
        ui.menu_button("➕ Add plan", |ui| {
            for t in Template::ALL {
                if ui.button(t.label()).clicked() {
                    add_plan(state, t);
                    ui.close();
                }
            }
        });
        if let Some((i, a)) = action {
            let names: Vec<String> = state.scenario.plans.iter().map(|p| p.name.clone()).collect();
            widgets::apply_list_action(&mut state.scenario.plans, i, a, |copy| {
                copy.name = widgets::unique_name(&copy.name, names.iter().map(String::as_str));
            });
            let next = PlanStyle::for_index(state.styles.len());
            widgets::apply_list_action(&mut state.styles, i, a, |copy| *copy = next);
            if a == ListAction::Remove {
                state.styles.truncate(state.scenario.plans.len());
            }
        }
    }
}

fn plan_ui(ui: &mut Ui, path: &str, plan: &mut Plan, problems: &[Problem]) {
    widgets::text_row(ui, "Name", &mut plan.name);
    problems_ui(ui, problems, &format!("{path}.name"), false);
    problems_ui(ui, problems, path, false);
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, "Discount");
        let mut percent = plan.discount * Decimal::ONE_HUNDRED;
        let mut p = percent.to_f64().unwrap_or(0.0);
        if widgets::checked_drag(ui, &mut p, 0.0..=99.99, "%", |d| d.speed(0.5).max_decimals(2))
            .labelled_by(l.id)
            .changed()
        {
            percent = Decimal::from_f64_retain(p).unwrap_or_default().round_dp(2);
            plan.discount = percent / Decimal::ONE_HUNDRED;
        }
    });
    problems_ui(ui, problems, &format!("{path}.discount"), false);

    ui.strong("Charges");
    let mut action = None;
    let len = plan.charges.len();
    for (c, charge) in plan.charges.iter_mut().enumerate() {
        let cpath = format!("{path}.charges[{c}]");
        ui.push_id(&cpath, |ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    kind_combo(ui, charge);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if let Some(a) = widgets::list_buttons(ui, c, len.max(2), "charge") {
                            action = Some((c, a));
                        }
                    });
                });
                charge_ui(ui, &cpath, charge, problems);
            });
        });
    }
    if let Some((c, a)) = action {
        let names: Vec<String> = plan.charges.iter().map(|c| c.name().to_owned()).collect();
        widgets::apply_list_action(&mut plan.charges, c, a, |copy| {
            let new = widgets::unique_name(copy.name(), names.iter().map(String::as_str));
            match copy {
                Charge::Usage { name, .. } | Charge::Fee { name, .. } => *name = new,
            }
        });
    }
    ui.horizontal(|ui| {
        let names: Vec<String> = plan.charges.iter().map(|c| c.name().to_owned()).collect();
        if ui.button("➕ Usage charge").clicked() {
            let name = widgets::unique_name("Resolution", names.iter().map(String::as_str));
            plan.charges.push(usage(&name, Metric::Resolutions, 0, Price::PerUnit(Decimal::new(99, 2))));
        }
        if ui.button("➕ Fee").clicked() {
            let name = widgets::unique_name("Platform fee", names.iter().map(String::as_str));
            plan.charges.push(Charge::Fee { name, amount: Decimal::new(500, 0) });
        }
    });

    ui.strong("Commitments");
    let mut action = None;
    let len = plan.commitments.len();
    for (c, commitment) in plan.commitments.iter_mut().enumerate() {
        let cpath = format!("{path}.commitments[{c}]");
        ui.push_id(&cpath, |ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(match commitment {
                        Commitment::Bundle { .. } => "Bundle of units",
                        Commitment::Commit { .. } => "Spend commit",
                        Commitment::Minimum { .. } => "Minimum spend",
                        Commitment::Cap { .. } => "Cap on a month's bill",
                    });
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if let Some(a) = widgets::list_buttons(ui, c, len.max(2), "commitment") {
                            action = Some((c, a));
                        }
                    });
                });
                commitment_ui(ui, &cpath, commitment, problems);
            });
        });
    }
    if let Some((c, a)) = action {
        widgets::apply_list_action(&mut plan.commitments, c, a, |copy| match copy {
            Commitment::Bundle { name, .. }
            | Commitment::Commit { name, .. }
            | Commitment::Minimum { name, .. }
            | Commitment::Cap { name, .. } => name.push_str(" copy"),
        });
    }
    ui.horizontal(|ui| {
        if ui.button("➕ Bundle").clicked() {
            plan.commitments.push(Commitment::Bundle {
                name: "Bundle".into(),
                metric: Metric::Resolutions,
                units: 10_000,
                price: Decimal::new(8_000, 0),
                term_months: 12,
                billing: Billing::Upfront,
                rollover: Decimal::ZERO,
            });
        }
        if ui.button("➕ Commit").clicked() {
            plan.commitments.push(Commitment::Commit {
                name: "Commit".into(),
                amount: Decimal::new(50_000, 0),
                term_months: 12,
                billing: Billing::Upfront,
                covers: vec![Metric::Seats, Metric::Resolutions],
                rollover: Decimal::ZERO,
            });
        }
        if ui
            .button("➕ Minimum")
            .on_hover_text("A minimum spend per term, trued up in the term's last month")
            .clicked()
        {
            plan.commitments.push(Commitment::Minimum {
                name: "Minimum spend".into(),
                amount: Decimal::new(50_000, 0),
                term_months: 12,
            });
        }
        if ui.button("➕ Cap").on_hover_text("A ceiling on a month's bill for the metrics it covers").clicked() {
            plan.commitments.push(Commitment::Cap {
                name: "Monthly cap".into(),
                amount: Decimal::new(10_000, 0),
                covers: vec![Metric::Resolutions],
            });
        }
    });
}

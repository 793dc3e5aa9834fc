//! Editor of the plans: add from templates, duplicate, remove, reorder, show or hide, colour;
//! charges and commitments of every kind with every field, including a tier table.

use super::widgets::{self, ListAction, problems_ui};
use crate::app::document::{EditState, PlanStyle};
use crate::model::{Billing, Charge, Commitment, Metric, Plan, Price, Problem, Tier};
use eframe::egui::{self, Color32, Ui};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;

/// Editor of the plans.
#[derive(Debug, Default)]
pub struct PlansPanel;

/// A starting point for a new plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// Seats only.
    Seats,
    /// Seats plus a price per AI conversation.
    PerConversation,
    /// A price per resolution only.
    PerResolution,
    /// Seats plus a price per resolution.
    Hybrid,
    /// An annual bucket of resolutions with overage.
    AnnualBucket,
    /// An annual spend commitment over seats and resolutions.
    SpendCommit,
    /// An annual bucket of resolutions, half of what is left rolling into the next year.
    BucketRollover,
    /// A price per resolution, the month's resolutions billed at most a cap.
    MonthlyCap,
    /// Seats and resolutions with a minimum spend per year.
    MinimumSpend,
}

impl Template {
    /// Every template, in menu order.
    pub const ALL: [Self; 9] = [
        Self::Seats,
        Self::PerConversation,
        Self::PerResolution,
        Self::Hybrid,
        Self::AnnualBucket,
        Self::SpendCommit,
        Self::BucketRollover,
        Self::MonthlyCap,
        Self::MinimumSpend,
    ];

    /// The template's name in the menu (and the new plan's name).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Seats => "Seats",
            Self::PerConversation => "Per conversation",
            Self::PerResolution => "Per resolution",
            Self::Hybrid => "Hybrid: seats + resolutions",
            Self::AnnualBucket => "Annual resolution bucket",
            Self::SpendCommit => "Spend commit",
            Self::BucketRollover => "Annual bucket with roll-over",
            Self::MonthlyCap => "Per resolution with a monthly cap",
            Self::MinimumSpend => "Minimum annual spend",
        }
    }

    /// A new plan from the template, with public list prices.
    #[must_use]
    pub fn plan(self, name: String) -> Plan {
        let d = |n: i64, scale: u32| Decimal::new(n, scale);
        let seat = || usage("Seat", Metric::Seats, 0, Price::PerUnit(d(85, 0)));
        let resolution = || usage("Resolution", Metric::Resolutions, 0, Price::PerUnit(d(99, 2)));
        // An annual bucket of 100,000 resolutions for 80,000 billed monthly, overage at 0.99.
        let bucket = |rollover: Decimal| {
            (
                vec![seat(), usage("Resolution overage", Metric::Resolutions, 0, Price::PerUnit(d(99, 2)))],
                vec![Commitment::Bundle {
                    name: "Resolution bucket".into(),
                    metric: Metric::Resolutions,
                    units: 100_000,
                    price: d(80_000, 0),
                    term_months: 12,
                    billing: Billing::Monthly,
                    rollover,
                }],
            )
        };
        let (charges, commitments) = match self {
            Self::Seats => (vec![usage("Seat", Metric::Seats, 0, Price::PerUnit(d(139, 0)))], vec![]),
            Self::PerConversation => {
                (vec![seat(), usage("AI conversation", Metric::AiConversations, 0, Price::PerUnit(d(2, 0)))], vec![])
            }
            Self::PerResolution => (vec![resolution()], vec![]),
            Self::Hybrid => (vec![seat(), resolution()], vec![]),
            Self::AnnualBucket => bucket(Decimal::ZERO),
            Self::SpendCommit => (
                vec![seat(), resolution()],
                vec![Commitment::Commit {
                    name: "Annual commit".into(),
                    amount: d(100_000, 0),
                    term_months: 12,
                    billing: Billing::Upfront,
                    covers: vec![Metric::Seats, Metric::Resolutions],
                    rollover: Decimal::ZERO,
                }],
            ),
            Self::BucketRollover => bucket(d(5, 1)),
            Self::MonthlyCap => (
                vec![resolution()],
                vec![Commitment::Cap {
                    name: "Monthly cap".into(),
                    amount: d(10_000, 0),
                    covers: vec![Metric::Resolutions],
                }],
            ),
            Self::MinimumSpend => (
                vec![seat(), resolution()],
                vec![Commitment::Minimum {
                    name: "Minimum annual spend".into(),
                    amount: d(100_000, 0),
                    term_months: 12,
                }],
            ),
        };
        Plan { name, charges, commitments, discount: Decimal::ZERO }
    }
}

fn usage(name: &str, metric: Metric, included: u64, price: Price) -> Charge {
    Charge::Usage { name: name.into(), metric, included, price }
}

/// Adds a plan from a template to the edit state, with the next colour.
pub fn add_plan(state: &mut EditState, template: Template) {
    let name = widgets::unique_name(template.label(), state.scenario.plans.iter().map(|p| p.name.as_str()));
    state.scenario.plans.push(template.plan(name));
    state.styles.push(PlanStyle::for_index(state.styles.len()));
}

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

fn kind_combo(ui: &mut Ui, charge: &mut Charge) {
    let usage_kind = matches!(charge, Charge::Usage { .. });
    let l = ui.label("Charge");
    egui::ComboBox::from_id_salt("kind")
        .selected_text(if usage_kind { "Usage" } else { "Fee" })
        .show_ui(ui, |ui| {
            if ui.selectable_label(usage_kind, "Usage").clicked() && !usage_kind {
                *charge = usage(charge.name(), Metric::Resolutions, 0, Price::PerUnit(Decimal::new(99, 2)));
            }
            if ui.selectable_label(!usage_kind, "Fee").clicked() && usage_kind {
                *charge = Charge::Fee { name: charge.name().to_owned(), amount: Decimal::new(500, 0) };
            }
        })
        .response
        .labelled_by(l.id);
}

fn metric_combo(ui: &mut Ui, salt: &str, metric: &mut Metric) {
    let l = crate::app::glossary::label(ui, "Metric");
    egui::ComboBox::from_id_salt(salt)
        .selected_text(metric_label(*metric))
        .show_ui(ui, |ui| {
            for m in Metric::ALL {
                ui.selectable_value(metric, m, metric_label(m));
            }
        })
        .response
        .labelled_by(l.id);
}

/// A metric's name for people.
#[must_use]
pub fn metric_label(m: Metric) -> &'static str {
    match m {
        Metric::Seats => "Seats",
        Metric::Conversations => "Conversations",
        Metric::AiConversations => "AI conversations",
        Metric::Resolutions => "Resolutions",
    }
}

fn charge_ui(ui: &mut Ui, path: &str, charge: &mut Charge, problems: &[Problem]) {
    match charge {
        Charge::Fee { name, amount } => {
            widgets::text_row(ui, "Name", name);
            problems_ui(ui, problems, &format!("{path}.name"), false);
            widgets::money_row(ui, "Amount / month", amount);
            problems_ui(ui, problems, &format!("{path}.amount"), false);
        }
        Charge::Usage { name, metric, included, price } => {
            widgets::text_row(ui, "Name", name);
            problems_ui(ui, problems, &format!("{path}.name"), false);
            ui.horizontal(|ui| metric_combo(ui, "metric", metric));
            widgets::count_row(ui, "Included / month", included, 0..=u64::MAX);
            price_ui(ui, &format!("{path}.price"), price, problems);
        }
    }
}

fn price_ui(ui: &mut Ui, path: &str, price: &mut Price, problems: &[Problem]) {
    let kind = match price {
        Price::PerUnit(_) => "Per unit",
        Price::Package { .. } => "Package",
        Price::Graduated(_) => "Graduated tiers",
        Price::Volume(_) => "Volume tiers",
    };
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, "Pricing");
        egui::ComboBox::from_id_salt("price kind")
            .selected_text(kind)
            .show_ui(ui, |ui| {
                let tiers = match price {
                    Price::Graduated(t) | Price::Volume(t) => t.clone(),
                    Price::PerUnit(p) => vec![Tier { up_to: None, unit_price: *p, flat_fee: Decimal::ZERO }],
                    Price::Package { .. } => default_tiers(),
                };
                let unit = match price {
                    Price::PerUnit(p) => *p,
                    Price::Graduated(t) | Price::Volume(t) => t.first().map_or(Decimal::ZERO, |t| t.unit_price),
                    Price::Package { .. } => Decimal::new(99, 2),
                };
                if ui.selectable_label(kind == "Per unit", "Per unit").clicked() && kind != "Per unit" {
                    *price = Price::PerUnit(unit);
                }
                if ui.selectable_label(kind == "Package", "Package").clicked() && kind != "Package" {
                    *price = Price::Package { size: 100, price: Decimal::new(49, 0) };
                }
                if ui.selectable_label(kind == "Graduated tiers", "Graduated tiers").clicked()
                    && kind != "Graduated tiers"
                {
                    *price = Price::Graduated(if tiers.len() > 1 { tiers.clone() } else { default_tiers() });
                }
                if ui.selectable_label(kind == "Volume tiers", "Volume tiers").clicked() && kind != "Volume tiers" {
                    *price = Price::Volume(if tiers.len() > 1 { tiers } else { default_tiers() });
                }
            })
            .response
            .labelled_by(l.id);
    });
    if let Price::PerUnit(p) = price {
        widgets::money_row(ui, "Unit price", p);
    }
    match price {
        Price::PerUnit(_) => problems_ui(ui, problems, path, false),
        Price::Package { size, price } => {
            ui.horizontal(|ui| {
                let l = ui.label("Package of");
                widgets::checked_drag(ui, size, 1..=u64::MAX, "", |d| d.speed(1.0)).labelled_by(l.id);
                ui.label("units for");
                widgets::money_edit(ui, price, 80.0).labelled_by(l.id);
            });
            problems_ui(ui, problems, path, true);
        }
        Price::Graduated(tiers) | Price::Volume(tiers) => {
            tiers_ui(ui, tiers);
            problems_ui(ui, problems, path, true);
        }
    }
}

fn default_tiers() -> Vec<Tier> {
    vec![
        Tier { up_to: Some(1000), unit_price: Decimal::new(99, 2), flat_fee: Decimal::ZERO },
        Tier { up_to: None, unit_price: Decimal::new(79, 2), flat_fee: Decimal::ZERO },
    ]
}

/// The tier table: up to (∞ for the last), unit price, flat fee; add and remove tiers.
fn tiers_ui(ui: &mut Ui, tiers: &mut Vec<Tier>) {
    let mut remove = None;
    let len = tiers.len();
    egui::Grid::new("tiers").num_columns(4).striped(true).show(ui, |ui| {
        ui.weak("up to");
        ui.weak("unit price");
        ui.weak("flat fee");
        ui.end_row();
        let mut lower = 0_u64;
        for (i, tier) in tiers.iter_mut().enumerate() {
            let last = i + 1 == len;
            if last {
                tier.up_to = None;
                ui.label("∞");
            } else {
                let mut up_to = tier.up_to.unwrap_or(lower + 1);
                widgets::checked_drag(ui, &mut up_to, lower + 1..=u64::MAX / 2, "", |d| d.speed(10.0));
                tier.up_to = Some(up_to);
                lower = up_to;
            }
            widgets::money_edit(ui, &mut tier.unit_price, 70.0);
            widgets::money_edit(ui, &mut tier.flat_fee, 70.0);
            if ui.add_enabled(len > 1, egui::Button::new("🗑").small()).on_hover_text("Remove this tier").clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        tiers.remove(i);
        if let Some(last) = tiers.last_mut() {
            last.up_to = None;
        }
    }
    if ui.small_button("➕ Tier").clicked() {
        let bound = tiers.iter().rev().find_map(|t| t.up_to).unwrap_or(0).saturating_mul(2).max(1000);
        let price = tiers.last().map_or(Decimal::ZERO, |t| t.unit_price);
        if let Some(last) = tiers.last_mut() {
            last.up_to = Some(bound);
        }
        tiers.push(Tier { up_to: None, unit_price: price, flat_fee: Decimal::ZERO });
    }
}

fn billing_combo(ui: &mut Ui, billing: &mut Billing) {
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, "Billed");
        egui::ComboBox::from_id_salt("billing")
            .selected_text(match billing {
                Billing::Upfront => "upfront",
                Billing::Monthly => "monthly",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(billing, Billing::Upfront, "upfront");
                ui.selectable_value(billing, Billing::Monthly, "monthly");
            })
            .response
            .labelled_by(l.id);
    });
}

fn commitment_ui(ui: &mut Ui, path: &str, c: &mut Commitment, problems: &[Problem]) {
    match c {
        Commitment::Bundle { name, metric, units, price, term_months, billing, rollover } => {
            widgets::text_row(ui, "Name", name);
            ui.horizontal(|ui| metric_combo(ui, "bundle metric", metric));
            widgets::count_row(ui, "Units per term", units, 0..=u64::MAX);
            widgets::money_row(ui, "Price per term", price);
            widgets::months_row(ui, "Term", term_months, 1..=600);
            billing_combo(ui, billing);
            rollover_row(ui, rollover);
        }
        Commitment::Commit { name, amount, term_months, billing, covers, rollover } => {
            widgets::text_row(ui, "Name", name);
            widgets::money_row(ui, "Amount per term", amount);
            widgets::months_row(ui, "Term", term_months, 1..=600);
            billing_combo(ui, billing);
            covers_ui(ui, covers);
            rollover_row(ui, rollover);
        }
        Commitment::Minimum { name, amount, term_months } => {
            widgets::text_row(ui, "Name", name);
            widgets::money_row(ui, "Minimum per term", amount);
            widgets::months_row(ui, "Term", term_months, 1..=600);
        }
        Commitment::Cap { name, amount, covers } => {
            widgets::text_row(ui, "Name", name);
            widgets::money_row(ui, "Cap per month", amount);
            covers_ui(ui, covers);
        }
    }
    problems_ui(ui, problems, path, true);
}

/// Which metrics a commit or a cap covers: a checkbox each.
fn covers_ui(ui: &mut Ui, covers: &mut Vec<Metric>) {
    ui.horizontal_wrapped(|ui| {
        crate::app::glossary::label(ui, "Covers");
        for m in Metric::ALL {
            let mut on = covers.contains(&m);
            if ui.checkbox(&mut on, metric_label(m)).changed() {
                if on {
                    covers.push(m);
                } else {
                    covers.retain(|x| *x != m);
                }
            }
        }
    });
}

/// The share of what is left at a term's end that rolls into the next, as a percentage.
fn rollover_row(ui: &mut Ui, rollover: &mut Decimal) {
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, "Roll-over");
        let mut percent = (*rollover * Decimal::ONE_HUNDRED).to_f64().unwrap_or(0.0);
        let r = widgets::checked_drag(ui, &mut percent, 0.0..=100.0, "%", |d| d.speed(1.0).max_decimals(2))
            .labelled_by(l.id);
        if r.changed()
            && let Some(share) = Decimal::from_f64_retain(percent / 100.0)
        {
            *rollover = share.round_dp(4).normalize();
        }
    });
}

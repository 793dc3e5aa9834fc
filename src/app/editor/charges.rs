//! The editors of one charge and of a commitment: kind, metric, price (with its tier table),
//! billing and what a commitment covers.

use super::templates::usage;
use super::widgets::{self, problems_ui};
use crate::model::{Billing, Charge, Commitment, Metric, Price, Problem, Tier};
use eframe::egui::{self, Ui};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;

pub(super) fn kind_combo(ui: &mut Ui, charge: &mut Charge) {
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

pub(super) fn charge_ui(ui: &mut Ui, path: &str, charge: &mut Charge, problems: &[Problem]) {
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

pub(super) fn commitment_ui(ui: &mut Ui, path: &str, c: &mut Commitment, problems: &[Problem]) {
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

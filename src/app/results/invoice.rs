//! The invoice: one account's bill under one plan. First one month as an invoice reads — each
//! line with its quantity, its price and its amount — then every month's lines side by side,
//! under a header that stays in view while the months scroll.

use super::{Results, color, money_text, swatch};
use crate::engine::Line;
use crate::engine::usage::MonthUsage;
use crate::model::money::{group_digits, grouped};
use crate::model::{Charge, Commitment, Metric, Plan};
use eframe::egui::{self, Ui};
use egui_extras::{Column, TableBuilder};
use rust_decimal::Decimal;

/// Which plan, account and month the invoice shows.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct InvoiceView {
    /// Index of the plan.
    pub plan: usize,
    /// Index of the account profile.
    pub account: usize,
    /// Index of the month shown as an invoice.
    pub month: usize,
}

/// What one line of the invoice bills, as an invoice states it: the quantity and the price.
struct LineTerms {
    quantity: Option<String>,
    price: String,
}

/// The terms of each of `lines` (in the engine's order: charges, then each commitment's lines)
/// for month `usage`, of which the plan's bundles cover `covered`; `None` when the lines are not
/// those of `plan` (results of an earlier version of the scenario).
fn terms(plan: &Plan, lines: &[Line], usage: &MonthUsage, covered: &MonthUsage) -> Option<Vec<LineTerms>> {
    let quantity = |m: Metric| match m {
        Metric::Seats => usage.seats,
        Metric::Conversations => usage.conversations,
        Metric::AiConversations => usage.ai_conversations,
        Metric::Resolutions => usage.resolutions,
    };
    let unit = |m: Metric, n: u64| {
        let name = match m {
            Metric::Seats => "seat",
            Metric::Conversations => "conversation",
            Metric::AiConversations => "AI conversation",
            Metric::Resolutions => "resolution",
        };
        format!("{} {name}{}", group_digits(&n.to_string()), if n == 1 { "" } else { "s" })
    };
    let discount = if plan.discount.is_zero() {
        String::new()
    } else {
        format!(", less {}%", (plan.discount * Decimal::ONE_HUNDRED).normalize())
    };
    let mut out = Vec::with_capacity(lines.len());
    for charge in &plan.charges {
        out.push(match charge {
            Charge::Usage { metric, included, price, .. } => {
                let n = quantity(*metric);
                let included = if *included == 0 {
                    String::new()
                } else {
                    format!(" ({} included)", group_digits(&included.to_string()))
                };
                // Units a bundle prepaid are counted here but billed by none of the charges.
                let prepaid = match covered.get(*metric) {
                    0 => String::new(),
                    c => {
                        let bundles: Vec<&str> = plan
                            .commitments
                            .iter()
                            .filter(|b| matches!(b, Commitment::Bundle { metric: m, .. } if m == metric))
                            .map(Commitment::name)
                            .collect();
                        format!(", {} of them prepaid by {}", group_digits(&c.to_string()), bundles.join(" and "))
                    }
                };
                LineTerms {
                    quantity: Some(format!("{}{prepaid}{included}", unit(*metric, n))),
                    price: price.describe() + &discount,
                }
            }
            Charge::Fee { amount, .. } => {
                LineTerms { quantity: None, price: format!("{} a month{discount}", grouped(*amount)) }
            }
        });
    }
    for c in &plan.commitments {
        let per_term = |amount: Decimal, months: u32| {
            format!(
                "{} per {months}-month term, {}",
                grouped(amount),
                match c.billing() {
                    crate::model::Billing::Upfront => "paid upfront",
                    crate::model::Billing::Monthly => "paid monthly",
                }
            )
        };
        match c {
            Commitment::Bundle { metric, units, price, term_months, .. } => out.push(LineTerms {
                quantity: Some(format!("{} prepaid", unit(*metric, *units))),
                price: per_term(*price, *term_months),
            }),
            Commitment::Commit { amount, term_months, covers, .. } => {
                out.push(LineTerms { quantity: None, price: per_term(*amount, *term_months) });
                let names: Vec<&str> = covers.iter().map(|m| m.name()).collect();
                out.push(LineTerms {
                    quantity: None,
                    price: format!("drawn from the commitment by the {} lines", names.join(", ")),
                });
            }
            Commitment::Minimum { amount, term_months, .. } => out.push(LineTerms {
                quantity: None,
                price: format!("true-up to {} per {term_months}-month term, in its last month", grouped(*amount)),
            }),
            Commitment::Cap { amount, covers, .. } => {
                let names: Vec<&str> = covers.iter().map(|m| m.name()).collect();
                out.push(LineTerms {
                    quantity: None,
                    price: format!("the {} lines held to {} a month", names.join(", "), grouped(*amount)),
                });
            }
        }
    }
    let names_match = out.len() == lines.len()
        && plan.charges.iter().map(Charge::name).zip(lines).all(|(name, line)| name == line.name);
    names_match.then_some(out)
}

impl InvoiceView {
    /// Shows the invoice.
    pub fn ui(&mut self, ui: &mut Ui, results: Results<'_>) {
        let Results { outcome, styles, currency, scenario, .. } = results;
        self.plan = self.plan.min(outcome.plans.len().saturating_sub(1));
        self.account = self.account.min(outcome.accounts.len().saturating_sub(1));
        self.month = self.month.min(outcome.months.len().saturating_sub(1));
        ui.horizontal_wrapped(|ui| {
            pick(ui, "Plan", outcome.plans.iter().map(|p| p.name.as_str()), &mut self.plan);
            pick(ui, "Account", outcome.accounts.iter().map(|a| a.name.as_str()), &mut self.account);
        });
        let (Some(plan), Some(usage)) = (outcome.plans.get(self.plan), outcome.accounts.get(self.account)) else {
            return;
        };
        let Some(bill) = plan.accounts.get(self.account) else { return };
        ui.horizontal_wrapped(|ui| {
            if let Some(style) = styles.get(self.plan) {
                swatch(ui, color(style));
            }
            ui.label(format!(
                "One account of \"{}\" ({} in the portfolio) under \"{}\": {} over the horizon",
                usage.name,
                usage.count,
                plan.name,
                money_text(currency, bill.total)
            ));
        });
        ui.add_space(6.0);
        let month_usage = usage.months.get(self.month).copied().unwrap_or_default();
        let terms = scenario.plans.get(self.plan).filter(|p| p.name == plan.name).and_then(|p| {
            let covered = crate::engine::billing::bundle_cover(p, &usage.months, self.month);
            terms(p, &bill.lines, &month_usage, &covered)
        });

        // One month, as an invoice reads.
        ui.horizontal(|ui| {
            let l = ui.strong("Invoice for");
            let label = |m: usize| outcome.months.get(m).map(ToString::to_string).unwrap_or_default();
            egui::ComboBox::from_id_salt("invoice month")
                .selected_text(label(self.month))
                .show_ui(ui, |ui| {
                    for m in 0..outcome.months.len() {
                        ui.selectable_value(&mut self.month, m, label(m));
                    }
                })
                .response
                .labelled_by(l.id);
            if ui.add_enabled(self.month > 0, egui::Button::new("<").small()).on_hover_text("Previous month").clicked()
            {
                self.month -= 1;
            }
            if ui
                .add_enabled(self.month + 1 < outcome.months.len(), egui::Button::new(">").small())
                .on_hover_text("Next month")
                .clicked()
            {
                self.month += 1;
            }
        });
        // The quantity and price cells wrap, each in at most half of what the line name and
        // the amount leave, so that a long one ("34,560 resolutions, 34,560 of them prepaid by
        // …") never pushes the amount off the screen.
        // The amount column is as wide as its widest figure, right-aligned.
        const AMOUNT_WIDTH: f32 = 150.0;
        let text_width = ((ui.available_width() - 3.0 * 24.0 - 160.0 - AMOUNT_WIDTH) / 2.0).max(140.0);
        let cell = |ui: &mut Ui, text: egui::RichText| ui.add(egui::Label::new(text).wrap());
        let amount = |ui: &mut Ui, text: egui::RichText| {
            let size = egui::vec2(AMOUNT_WIDTH, ui.spacing().interact_size.y);
            ui.allocate_ui_with_layout(size, egui::Layout::right_to_left(egui::Align::Center), |ui| ui.label(text));
        };
        egui::Grid::new("invoice month").striped(true).spacing([24.0, 4.0]).max_col_width(text_width).show(ui, |ui| {
            ui.strong("Line");
            ui.strong("Quantity");
            ui.strong("Price");
            amount(ui, egui::RichText::new("Amount").strong());
            ui.end_row();
            for (i, line) in bill.lines.iter().enumerate() {
                let t = terms.as_ref().and_then(|t| t.get(i));
                ui.label(&line.name);
                cell(ui, egui::RichText::new(t.and_then(|t| t.quantity.clone()).unwrap_or_default()).monospace());
                cell(ui, egui::RichText::new(t.map(|t| t.price.clone()).unwrap_or_default()));
                amount(
                    ui,
                    egui::RichText::new(line.billed.get(self.month).map(|v| grouped(*v)).unwrap_or_default())
                        .monospace(),
                );
                ui.end_row();
            }
            ui.strong("Amount due");
            ui.label("");
            ui.label("");
            let due = money_text(currency, bill.billed.get(self.month).copied().unwrap_or_default());
            amount(ui, egui::RichText::new(due).strong());
            ui.end_row();
        });
        if terms.is_none() {
            ui.weak("(Quantities and prices show once the scenario's problems are fixed.)");
        }
        ui.add_space(10.0);
        ui.strong("Month by month");
        self.months_table(ui, outcome, bill);
    }

    /// Every month's lines side by side, the header in view while the months scroll, and each
    /// line's total at the foot.
    fn months_table(&mut self, ui: &mut Ui, outcome: &crate::engine::Outcome, bill: &crate::engine::AccountBill) {
        let row_height = ui.spacing().interact_size.y;
        egui::ScrollArea::horizontal().id_salt("invoice months scroll").show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt("invoice months")
                .striped(true)
                .column(Column::auto().at_least(64.0))
                .columns(Column::auto().at_least(90.0), bill.lines.len() + 1)
                .auto_shrink([false, false])
                .header(row_height, |mut header| {
                    header.col(|ui| {
                        ui.strong("Month");
                    });
                    for line in &bill.lines {
                        header.col(|ui| {
                            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                ui.strong(&line.name)
                            });
                        });
                    }
                    header.col(|ui| {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| ui.strong("Bill"));
                    });
                })
                .body(|body| {
                    body.rows(row_height, outcome.months.len() + 1, |mut row| {
                        let m = row.index();
                        if m == outcome.months.len() {
                            // Each line over the horizon, and the bill's total.
                            row.col(|ui| {
                                ui.strong("Total");
                            });
                            for line in &bill.lines {
                                let sum: Decimal = line.billed.iter().sum();
                                row.col(|ui| {
                                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                        ui.strong(grouped(sum))
                                    });
                                });
                            }
                            row.col(|ui| {
                                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                    ui.strong(grouped(bill.total))
                                });
                            });
                            return;
                        }
                        row.set_selected(m == self.month);
                        row.col(|ui| {
                            if ui.selectable_label(m == self.month, outcome.months[m].to_string()).clicked() {
                                self.month = m;
                            }
                        });
                        for line in &bill.lines {
                            row.col(|ui| {
                                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                    ui.monospace(line.billed.get(m).map(|v| grouped(*v)).unwrap_or_default())
                                });
                            });
                        }
                        row.col(|ui| {
                            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                ui.strong(bill.billed.get(m).map(|v| grouped(*v)).unwrap_or_default())
                            });
                        });
                    });
                });
        });
    }
}

/// A labelled drop-down choosing one of `names` by index.
fn pick<'a>(ui: &mut Ui, label: &str, names: impl Iterator<Item = &'a str> + Clone, index: &mut usize) {
    let l = ui.label(label);
    let selected = names.clone().nth(*index).unwrap_or_default().to_owned();
    egui::ComboBox::from_id_salt(("invoice", label))
        .selected_text(selected)
        .show_ui(ui, |ui| {
            crate::app::editor::widgets::choices(
                ui,
                ui.make_persistent_id(("invoice find", label)),
                names.enumerate(),
                |ui, i, name| {
                    ui.selectable_value(index, i, name);
                },
            );
        })
        .response
        .labelled_by(l.id);
}

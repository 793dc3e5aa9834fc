//! The Quote tab's settings above the quote: the customer (a profile's, or typed in), the plans
//! quoted, the proposal's details, the sizes to recommend, and *Save as PDF…* and *Present*.

use super::{QuoteView, amount, latest, typed_sizes};
use crate::app::command::{Command, Commands};
use crate::app::document::Document;
use crate::app::editor::widgets::{PROBLEM_COLOR, checked_drag};
use crate::app::jobs::Jobs;
use crate::model::Seats;
use eframe::egui::{self, Ui};

impl QuoteView {
    pub(super) fn controls(&mut self, ui: &mut Ui, doc: &Document, jobs: &Jobs, out: &mut Commands) {
        let s = doc.scenario();
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.custom, false, "A customer of a profile");
            ui.selectable_value(&mut self.custom, true, "A customer typed in");
            let l = ui.label(if self.custom { "assumptions of" } else { "Profile" });
            let name = |p: usize| s.accounts.get(p).map_or_else(String::new, |a| a.name.clone());
            let before = self.profile;
            egui::ComboBox::from_id_salt("quote profile")
                .selected_text(name(self.profile))
                .show_ui(ui, |ui| {
                    crate::app::editor::widgets::choices(
                        ui,
                        ui.make_persistent_id("quote profile find"),
                        s.accounts.iter().map(|a| a.name.as_str()).enumerate(),
                        |ui, i, n| {
                            ui.selectable_value(&mut self.profile, i, n);
                        },
                    );
                })
                .response
                .labelled_by(l.id);
            if self.profile != before
                && let Some(Seats::Staffed { conversations_per_seat, term_months, .. }) =
                    s.accounts.get(self.profile).map(|a| a.seats)
            {
                // A re-sized team starts from the profile's staffing ratio and renewal term.
                self.team.conversations_per_seat = conversations_per_seat;
                self.team.term_months = term_months;
            }
            ui.separator();
            let ready = latest(jobs).is_some();
            let export = Command::ExportQuote;
            if ui
                .add_enabled(ready, egui::Button::new(export.label()))
                .on_hover_text(export.tooltip().unwrap_or_default())
                .clicked()
            {
                out.push(export);
            }
            if ui
                .add_enabled(ready, egui::Button::new(Command::Present(true).label()))
                .on_hover_text(
                    "The quote alone, full-screen and in larger type, for a screen shared on a call (F5; Esc to leave)",
                )
                .clicked()
            {
                out.push(Command::Present(true));
            }
        });
        if self.custom {
            ui.horizontal_wrapped(|ui| {
                let l = ui.label("Name");
                ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(140.0)).labelled_by(l.id);
                let l = ui.label("Conversations / month");
                checked_drag(ui, &mut self.conversations, 0.0..=1e9, "", |d| d.speed(50.0)).labelled_by(l.id);
                let l = ui.label("Seats today");
                checked_drag(ui, &mut self.seats, 0..=1_000_000, "", |d| d).labelled_by(l.id);
                let l = ui.label("Cost of a seat / month");
                ui.add(egui::TextEdit::singleline(&mut self.agent_cost).desired_width(70.0)).labelled_by(l.id);
                if !self.agent_cost.trim().is_empty() && amount(&self.agent_cost).is_none() {
                    ui.colored_label(PROBLEM_COLOR, "an amount, e.g. 4000");
                }
            });
            ui.horizontal_wrapped(|ui| {
                let l = ui.label("Team");
                egui::ComboBox::from_id_salt("quote team")
                    .selected_text(if self.team.staffed { "re-sized at each renewal" } else { "keeps its seats" })
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.team.staffed, false, "keeps its seats");
                        ui.selectable_value(&mut self.team.staffed, true, "re-sized at each renewal");
                    })
                    .response
                    .labelled_by(l.id)
                    .on_hover_text(
                        "Keeps its seats: the seats typed in, every month. Re-sized: the seats typed in until the first renewal, then enough for the busiest month the AI leaves to people.",
                    );
                if self.team.staffed {
                    let l = ui.label("conversations per seat");
                    checked_drag(ui, &mut self.team.conversations_per_seat, 1.0..=1e7, "", |d| d.speed(1.0))
                        .labelled_by(l.id);
                    let l = ui.label("at least");
                    checked_drag(ui, &mut self.team.minimum, 0..=1_000_000, " seats", |d| d).labelled_by(l.id);
                    let l = ui.label("renewal every");
                    checked_drag(ui, &mut self.team.term_months, 1..=120, " mo", |d| d).labelled_by(l.id);
                }
            });
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Plans:");
            for (p, plan) in s.plans.iter().enumerate() {
                if let Some(shown) = self.shown.get_mut(p) {
                    ui.checkbox(shown, &plan.name);
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("Proposal for");
            ui.add(egui::TextEdit::singleline(&mut self.proposal.customer).desired_width(130.0).hint_text(
                if self.custom {
                    self.name.clone()
                } else {
                    s.accounts.get(self.profile).map_or_else(String::new, |a| a.name.clone())
                },
            ))
            .labelled_by(l.id)
            .on_hover_text("The customer's name as the proposal addresses them");
            let l = ui.label("from");
            ui.add(
                egui::TextEdit::singleline(&mut self.proposal.vendor).desired_width(110.0).hint_text("your company"),
            )
            .labelled_by(l.id)
            .on_hover_text("Your company's name on the proposal (optional)");
            let l = ui.label("Contract from");
            ui.add(
                egui::TextEdit::singleline(&mut self.proposal.from)
                    .desired_width(72.0)
                    .hint_text(self.today.1.to_string()),
            )
            .labelled_by(l.id)
            .on_hover_text("The contract's first month, YYYY-MM (empty: next month)");
            if let Err(e) = self.from() {
                ui.colored_label(PROBLEM_COLOR, e);
            }
            let l = ui.label("for");
            let months = s.months;
            let length = |years: u32| {
                if years == 0 {
                    format!("{months} months (the scenario's)")
                } else if years == 1 {
                    "1 year".into()
                } else {
                    format!("{years} years")
                }
            };
            egui::ComboBox::from_id_salt("quote years")
                .selected_text(length(self.proposal.years))
                .show_ui(ui, |ui| {
                    for years in 0..=10 {
                        ui.selectable_value(&mut self.proposal.years, years, length(years));
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("Monthly budget");
            ui.add(egui::TextEdit::singleline(&mut self.proposal.budget).desired_width(90.0).hint_text("none"))
                .labelled_by(l.id)
                .on_hover_text(
                    "The most the customer wants to pay in a month: the quote shows how often a month goes over it.",
                );
            if !self.proposal.budget.trim().is_empty() && amount(&self.proposal.budget).is_none() {
                ui.colored_label(PROBLEM_COLOR, "an amount, e.g. 25000");
            }
        });
        if let Some(why) = self.letterhead_problem() {
            ui.colored_label(PROBLEM_COLOR, why);
        }
        let prepaid =
            s.plans.iter().enumerate().any(|(p, plan)| {
                self.shown.get(p).copied().unwrap_or(false) && plan.commitments.iter().any(|c| c.pays())
            });
        if prepaid {
            ui.horizontal_wrapped(|ui| {
                ui.checkbox(&mut self.recommend, "Recommend a commitment size").on_hover_text(
                    "For each plan with a bundle or a commit: the size that gives this customer the lowest expected bill over the contract",
                );
                if self.recommend {
                    let l = ui.label("among");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.sizes)
                            .desired_width(200.0)
                            .hint_text("round steps, or e.g. 500000, 1000000"),
                    )
                    .labelled_by(l.id)
                    .on_hover_text("The sizes you sell (units of a bundle, money for a commit), comma-separated; empty: round steps");
                    if let Err(e) = typed_sizes(&self.sizes) {
                        ui.colored_label(PROBLEM_COLOR, e);
                    }
                }
            });
        }
    }
}

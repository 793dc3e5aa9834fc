//! Editor of the account profiles: add, duplicate, remove, reorder, and every field.

use super::seasonality::SeasonalityEditor;
use super::widgets::{self, ListAction, problems_ui};
use crate::model::{Account, Limits, Problem, Ramp, Scenario, Seats, flat_seasonality};
use eframe::egui::{self, Ui};
use rust_decimal::Decimal;

/// Editor of the account profiles.
#[derive(Debug, Default)]
pub struct AccountsPanel {
    seasonality: Vec<SeasonalityEditor>,
    /// The height a collapsed account's row took when last drawn (0 until one is): rows out of
    /// sight are only given that much room, so a portfolio of thousands of profiles draws
    /// as fast as one of a few.
    collapsed_row: f32,
    /// Per account, whether its row was open (or opening) when last drawn: a row out of sight
    /// is skipped without asking egui for its state. (Rows keep their open state by index, as
    /// egui does: moving or removing an account changes neither.)
    open: Vec<bool>,
    /// Only accounts whose name contains this (ignoring case) are listed; empty: all.
    filter: String,
}

/// From how many profiles on the list offers a filter by name.
const FILTER_FROM: usize = 10;

impl AccountsPanel {
    /// Shows every account of `s` and edits them in place.
    pub fn ui(&mut self, ui: &mut Ui, s: &mut Scenario, problems: &[Problem]) {
        self.seasonality.resize(s.accounts.len(), SeasonalityEditor::default());
        self.open.resize(s.accounts.len(), false);
        let mut action = None;
        let len = s.accounts.len();
        let shown = self.filter_ui(ui, s);
        let clip = ui.clip_rect();
        let spacing = ui.spacing().item_spacing.y;
        // (A shared copy: the accounts are edited below.)
        let recorded = s.history.as_ref().and_then(|h| h.recorded.clone());
        let start = s.start;
        // Collapsed rows out of sight not yet given their room: given it at once, in one
        // allocation (with the same steps of the automatic ids as the rows would take).
        let mut skipped = 0_usize;
        for (i, account) in s.accounts.iter_mut().enumerate() {
            if shown.as_ref().is_some_and(|shown| shown.get(i) != Some(&true)) {
                continue;
            }
            if !self.open[i] && len > 1 && self.collapsed_row > 0.0 {
                #[allow(clippy::cast_precision_loss)] // a count of rows, far below 2^24
                let top = ui.cursor().min.y + skipped as f32 * (self.collapsed_row + spacing);
                if top + self.collapsed_row < clip.min.y || top > clip.max.y {
                    skipped += 1;
                    continue;
                }
            }
            self.skip(ui, std::mem::take(&mut skipped));
            let id = ui.make_persistent_id(("account", i));
            let state = egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, len == 1);
            let collapsed = state.openness(ui.ctx()) == 0.0;
            self.open[i] = !collapsed;
            // (By index: a row's widgets keep their identity whichever rows are filtered out.)
            let row = ui.push_id(("account row", i), |ui| {
                let path = format!("accounts[{i}]");
                let title = if widgets::has_problem(problems, &path) {
                    egui::RichText::new(format!("⚠ {}", account.name)).color(widgets::PROBLEM_COLOR)
                } else {
                    egui::RichText::new(&account.name)
                };
                state
                    .show_header(ui, |ui| {
                        widgets::header_label(ui, title);
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            if let Some(a) = widgets::list_buttons(ui, i, len, "account") {
                                action = Some((i, a));
                            }
                        });
                    })
                    .body(|ui| {
                        account_ui(
                            ui,
                            &path,
                            account,
                            &mut self.seasonality[i],
                            id,
                            problems,
                            recorded.as_deref(),
                            start,
                        );
                    });
            });
            if collapsed {
                self.collapsed_row = row.response.rect.height();
            }
        }
        self.skip(ui, skipped);
        if ui.button("➕ Add account").clicked() {
            let name = widgets::unique_name("Account", s.accounts.iter().map(|a| a.name.as_str()));
            s.accounts.push(new_account(name));
            // The new account shows at the end of the list, whatever the filter was.
            self.filter.clear();
        }
        if let Some((i, a)) = action {
            let names: Vec<String> = s.accounts.iter().map(|a| a.name.clone()).collect();
            widgets::apply_list_action(&mut s.accounts, i, a, |copy| {
                copy.name = widgets::unique_name(&copy.name, names.iter().map(String::as_str));
            });
            if a == ListAction::Remove && i < self.seasonality.len() {
                self.seasonality.remove(i);
            }
        }
    }

    /// Gives `rows` collapsed rows out of sight their room.
    fn skip(&self, ui: &mut Ui, rows: usize) {
        if rows == 0 {
            return;
        }
        #[allow(clippy::cast_precision_loss)] // a count of rows, far below 2^24
        let height = rows as f32 * self.collapsed_row + (rows - 1) as f32 * ui.spacing().item_spacing.y;
        ui.allocate_space(egui::vec2(ui.available_width(), height));
        ui.skip_ahead_auto_ids(rows - 1);
    }

    /// The filter field of a long list, and how many accounts match; returns, per account,
    /// whether it is listed (`None`: every account is).
    fn filter_ui(&mut self, ui: &mut Ui, s: &Scenario) -> Option<Vec<bool>> {
        if s.accounts.len() < FILTER_FROM {
            self.filter.clear();
            return None;
        }
        ui.horizontal(|ui| {
            let l = ui.label("Find");
            let field = egui::TextEdit::singleline(&mut self.filter).hint_text("part of an account's name");
            ui.add(field.desired_width(180.0)).labelled_by(l.id);
            let needle = self.filter.trim().to_lowercase();
            if needle.is_empty() {
                return None;
            }
            let shown: Vec<bool> = s.accounts.iter().map(|a| widgets::name_matches(&a.name, &needle)).collect();
            ui.weak(format!("{} of {}", shown.iter().filter(|m| **m).count(), s.accounts.len()));
            if ui.small_button("✖").on_hover_text("Show every account").clicked() {
                self.filter.clear();
                return None;
            }
            Some(shown)
        })
        .inner
    }

    /// Whether a seasonality point is being dragged.
    #[must_use]
    pub fn is_dragging(&self) -> bool {
        self.seasonality.iter().any(SeasonalityEditor::is_dragging)
    }
}

/// A new account with sensible defaults: a 50-seat team, the AI resolving half of what it touches.
#[must_use]
pub fn new_account(name: String) -> Account {
    Account {
        name,
        count: 1,
        conversations: 10_000.0,
        seasonality: flat_seasonality(),
        growth: 0.0,
        ai_involvement: Ramp { start: 0.8, end: 0.9, months: 12 },
        resolution_rate: Ramp { start: 0.4, end: 0.6, months: 12 },
        seats: Seats::Staffed { start: 50, conversations_per_seat: 250.0, minimum: 5, term_months: 12 },
        agent_cost: Decimal::new(4000, 0),
        renewal: None,
    }
}

#[allow(clippy::too_many_arguments)]
fn account_ui(
    ui: &mut Ui,
    path: &str,
    a: &mut Account,
    seasonality: &mut SeasonalityEditor,
    id: egui::Id,
    problems: &[Problem],
    recorded: Option<&crate::model::Recorded>,
    start: crate::model::YearMonth,
) {
    if let Some(r) = recorded.filter(|r| r.accounts.iter().any(|x| x.name == a.name)) {
        let last = r.start.plus(r.months.saturating_sub(1));
        ui.label(
            egui::RichText::new(format!(
                "Recorded: months 1–{} ({} to {last}) are this customer's usage from {}. The parameters below were fitted to them (by pricelab import) and drive the months after.",
                r.months, r.start, r.file
            ))
            .small()
            .color(ui.visuals().weak_text_color()),
        );
    }
    widgets::text_row(ui, "Name", &mut a.name);
    problems_ui(ui, problems, &format!("{path}.name"), false);
    widgets::count_row(ui, "Count", &mut a.count, 0..=Limits::COUNT)
        .on_hover_text("Identical accounts of this profile");
    widgets::number_row(ui, "Conversations / month", &mut a.conversations, 0.0..=Limits::CONVERSATIONS, 50.0)
        .on_hover_text("In a month of seasonality 1.0, at the start");
    problems_ui(ui, problems, &format!("{path}.conversations"), false);
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, "Growth / year");
        let mut percent = a.growth * 100.0;
        if widgets::checked_drag(ui, &mut percent, -99.0..=1000.0, "%", |d| d.speed(0.5).max_decimals(2))
            .labelled_by(l.id)
            .changed()
        {
            a.growth = percent / 100.0;
        }
    });
    problems_ui(ui, problems, &format!("{path}.growth"), false);
    ramp_ui(ui, "AI involvement", &mut a.ai_involvement);
    problems_ui(ui, problems, &format!("{path}.ai_involvement"), true);
    ramp_ui(ui, "Resolution rate", &mut a.resolution_rate);
    problems_ui(ui, problems, &format!("{path}.resolution_rate"), true);
    seats_ui(ui, id, &mut a.seats);
    problems_ui(ui, problems, &format!("{path}.seats"), true);
    widgets::money_row(ui, "Agent cost / month", &mut a.agent_cost);
    problems_ui(ui, problems, &format!("{path}.agent_cost"), false);
    renewal_ui(ui, a, start);
    problems_ui(ui, problems, &format!("{path}.renewal"), false);
    crate::app::glossary::label(ui, "Seasonality (drag the points)");
    let label = format!("Seasonality of {}", a.name);
    seasonality.ui(ui, id.with("seasonality"), &label, &mut a.seasonality);
    problems_ui(ui, problems, &format!("{path}.seasonality"), true);
}

fn ramp_ui(ui: &mut Ui, label: &str, r: &mut Ramp) {
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, label);
        widgets::share_edit(ui, &mut r.start).labelled_by(l.id).on_hover_text("At the start");
        ui.label("to");
        widgets::share_edit(ui, &mut r.end).labelled_by(l.id).on_hover_text("At the end of the ramp");
        ui.label("over");
        widgets::checked_drag(ui, &mut r.months, 0..=600, " mo", |d| d.speed(0.2))
            .labelled_by(l.id)
            .on_hover_text("0: the end value from the start");
    });
}

fn seats_ui(ui: &mut Ui, id: egui::Id, seats: &mut Seats) {
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, "Seats");
        let staffed = matches!(seats, Seats::Staffed { .. });
        egui::ComboBox::from_id_salt(id.with("seats"))
            .selected_text(if staffed { "Staffed" } else { "Fixed" })
            .show_ui(ui, |ui| {
                if ui.selectable_label(!staffed, "Fixed").clicked()
                    && let Seats::Staffed { start, .. } = *seats
                {
                    *seats = Seats::Fixed(start);
                }
                if ui.selectable_label(staffed, "Staffed").clicked()
                    && let Seats::Fixed(n) = *seats
                {
                    *seats = Seats::Staffed { start: n, conversations_per_seat: 250.0, minimum: 0, term_months: 12 };
                }
            })
            .response
            .labelled_by(l.id);
    });
    match seats {
        Seats::Fixed(n) => {
            widgets::count_row(ui, "Seats every month", n, 0..=u64::from(u32::MAX));
        }
        Seats::Staffed { start, conversations_per_seat, minimum, term_months } => {
            widgets::count_row(ui, "Seats at the start", start, 0..=u64::from(u32::MAX));
            widgets::number_row(ui, "Conversations per seat", conversations_per_seat, 0.01..=1e9, 1.0)
                .on_hover_text("Human conversations one agent handles in a month");
            widgets::count_row(ui, "Minimum seats", minimum, 0..=u64::from(u32::MAX));
            widgets::months_row(ui, "Re-sized every", term_months, 1..=600);
        }
    }
}

/// When the profile's contracts renew, for transitions (docs/semantics.md §8): spread evenly over
/// the contract's months, or all in one month and every contract length after it.
fn renewal_ui(ui: &mut Ui, a: &mut Account, start: crate::model::YearMonth) {
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, "Renews");
        let mut one_month = a.renewal.is_some();
        if ui
            .checkbox(&mut one_month, "")
            .labelled_by(l.id)
            .on_hover_text("All this profile's accounts renew in the same month (else they are spread evenly over the contract's months)")
            .changed()
        {
            a.renewal = one_month.then_some(0);
        }
        match &mut a.renewal {
            Some(k) => {
                widgets::checked_drag(ui, k, 0..=1200, "", |d| d.speed(0.2)).labelled_by(l.id);
                ui.weak(format!("first in {}, then every contract length", start.plus(*k)));
            }
            None => {
                ui.weak("spread evenly over the contract's months");
            }
        }
    });
}

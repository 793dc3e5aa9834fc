//! The terms of the editor and the results, explained for pricing people: the tooltips on the
//! editor's labels and the glossary window of the Help menu come from this one list.

use eframe::egui::{self, Ui};

/// One term: the label it appears under in the app, and what it means.
pub struct Term {
    /// The label, as the editor or the results show it.
    pub label: &'static str,
    /// What it means, in a sentence or two.
    pub meaning: &'static str,
}

const fn t(label: &'static str, meaning: &'static str) -> Term {
    Term { label, meaning }
}

/// Every term, grouped as the editor shows them.
pub const TERMS: &[Term] = &[
    // The scenario.
    t("Start", "The first calendar month simulated."),
    t("Months", "How many months are simulated (the horizon), 1 to 600."),
    t("Currency", "The ISO code of the currency every amount is in (USD, EUR…); amounts have two decimals."),
    // Accounts.
    t(
        "Count",
        "How many identical customers this profile stands for. A portfolio of 2,400 small businesses is one profile with count 2,400; 0 leaves it out.",
    ),
    t(
        "Conversations / month",
        "The customer's support conversations in a month whose seasonality is 1.0, at the start. Growth and seasonality move it from there.",
    ),
    t(
        "Growth / year",
        "How much conversation volume grows in a year, compounded month by month (10% a year ≈ 0.8% a month).",
    ),
    t(
        "AI involvement",
        "The share of conversations the AI agent takes part in. It moves in a straight line from the first value to the second over the months given, then stays.",
    ),
    t(
        "Resolution rate",
        "The share of the conversations the AI takes part in that it resolves without a human (its outcomes). It ramps like AI involvement. Per-resolution plans bill these.",
    ),
    t(
        "Seats",
        "The customer's human support seats. Fixed: the same every month. Staffed: re-sized at each renewal to cover the busiest month of the coming term with the human conversations left by the AI.",
    ),
    t("Seats every month", "The number of seats, the same in every month."),
    t("Seats at the start", "The seats of the first term, before the first re-sizing."),
    t(
        "Conversations per seat",
        "How many human conversations one seat handles in a month: staffing divides the busiest month's human conversations by it.",
    ),
    t("Minimum seats", "The fewest seats a re-sizing goes down to, however much the AI takes over."),
    t(
        "Re-sized every",
        "The length of a seat term in months: seats change only at each renewal (3 = every quarter, 12 = once a year).",
    ),
    t(
        "Agent cost / month",
        "What one human agent costs the customer a month (salary and overhead). With the bills it gives the customer's total support cost.",
    ),
    t(
        "Seasonality (drag the points)",
        "A multiplier of volume for each calendar month, January to December: 1.4 in December means 40% more conversations than a typical month.",
    ),
    // Plans.
    t("Discount", "A share taken off every charge line of the plan (not off commitment payments)."),
    t("Amount / month", "A fixed fee billed every month."),
    t(
        "Included / month",
        "Units free each month before the price applies (like 100 resolutions included per account).",
    ),
    t(
        "Pricing",
        "How the month's quantity becomes an amount. Per unit: quantity × price. Package: whole packs of a size. Graduated: each tier bills the units inside it at its own price. Volume: every unit at the price of the tier the month reaches.",
    ),
    t("Unit price", "The price of one unit (one seat, one conversation, one resolution)."),
    t(
        "Metric",
        "What the line counts: seats, all conversations, conversations the AI took part in, or those it resolved.",
    ),
    t(
        "Units per term",
        "A bundle's prepaid units, usable in any month of the term; the units left at the term's end expire (unless some roll over).",
    ),
    t("Price per term", "What the bundle costs for one term."),
    t("Term", "How many months a commitment lasts before it renews."),
    t(
        "Amount per term",
        "A commitment's prepaid spend: the charge lines it covers draw it down month by month until it is used up; what is left at the term's end expires (unless some rolls over).",
    ),
    t("Billed", "Upfront: the whole amount in the term's first month. Monthly: an even share every month of the term."),
    t("Covers", "The metrics whose charge lines draw on the commitment, or that the cap holds."),
    t(
        "Roll-over",
        "The share of what is left at the end of a term (bundle units or commitment money) that carries into the next term, on top of its own; what carried over expires with that term unless it rolls again. 0%: unused amounts expire.",
    ),
    t(
        "Minimum per term",
        "A minimum spend: in the last month of each term, the customer pays what the term's charge lines fell short of this amount (a true-up). Terms cut short by the horizon get none.",
    ),
    t(
        "Cap per month",
        "A ceiling on a month's bill for the covered metrics: what their charge lines would bill above it is credited back. Fees and seats outside the cover are billed as usual.",
    ),
    // Costs and Monte Carlo.
    t(
        "Vendor cost per AI conversation",
        "The vendor's cost of each conversation the AI takes part in (model and hosting): it gives the vendor's margin under each plan.",
    ),
    t(
        "Trials",
        "How many random versions of the future the Monte Carlo run simulates (0: none). More trials give steadier bands and take longer.",
    ),
    t(
        "Seed",
        "The starting point of the random draws: the same seed gives the same trials, so results can be reproduced.",
    ),
    t(
        "Volume noise (σ)",
        "How much each month's volume varies around the forecast in the Monte Carlo trials: 10% means most months land within about ±10%.",
    ),
    t(
        "Resolution noise (σ)",
        "How uncertain the AI's resolution rate is: each trial shifts the whole ramp up or down by a draw of about this size.",
    ),
    // Results.
    t(
        "baseline",
        "The first plan: every other plan is compared with it (vs baseline, change, crossover). Move a plan to the top to make it the baseline.",
    ),
    t(
        "P10–P90",
        "The range the middle 80% of Monte Carlo trials fall in: 1 trial in 10 is below P10 and 1 in 10 above P90. P50 is the median.",
    ),
    t("crossover", "The first month in which a plan's running total reaches the baseline's, having been below it."),
    t(
        "per resolution",
        "The plan's revenue divided by the resolutions the AI delivered: what the customer effectively pays per outcome.",
    ),
    t("customer support cost", "What support costs the customer in all: the plan's bills plus seats × agent cost."),
];

/// What `label` means, when it is a term of the glossary.
#[must_use]
pub fn meaning(label: &str) -> Option<&'static str> {
    TERMS.iter().find(|t| t.label == label).map(|t| t.meaning)
}

/// A label with its meaning under the pointer, when it is a term of the glossary.
pub fn label(ui: &mut Ui, text: &str) -> egui::Response {
    let response = ui.label(text);
    match meaning(text) {
        Some(m) => response.on_hover_text(m),
        None => response,
    }
}

/// The glossary window (Help ▸ Glossary), open while `open` is set.
pub fn window(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Glossary").open(open).default_width(520.0).default_height(480.0).show(ctx, |ui| {
        ui.weak("The terms of pricelab's editor and results. Hover a label in the editor for the same text.");
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("glossary").num_columns(2).striped(true).spacing([12.0, 6.0]).show(ui, |ui| {
                for term in TERMS {
                    ui.strong(term.label.trim_end_matches(" (drag the points)"));
                    ui.add(egui::Label::new(term.meaning).wrap());
                    ui.end_row();
                }
            });
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_is_explained_once() {
        let mut labels: Vec<&str> = TERMS.iter().map(|t| t.label).collect();
        labels.sort_unstable();
        let n = labels.len();
        labels.dedup();
        assert_eq!(labels.len(), n, "a term listed twice");
        assert!(TERMS.iter().all(|t| t.meaning.ends_with('.') && t.meaning.len() > 20));
        assert_eq!(meaning("AI involvement").map(|m| m.contains("share of conversations")), Some(true));
    }
}

//! The Quote tab, as a salesperson uses it on a call: the customer's profile (or their figures
//! typed in), a budget, the contract's start, the figures and the sentences beside them, the
//! plot that follows the customer, presenting full-screen — and nothing of the vendor's.

use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};
use pricelab::app::results::Tab;
use pricelab::app::results::quote::PLOT_ID;
use pricelab::app::{Command, PricelabApp, Settings};
use pricelab::engine::quote::Quote;
use pricelab::io::quote::words::Words;
use pricelab::model::money::grouped;
use rust_decimal::Decimal;
use std::path::Path;

const PORTFOLIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/saas-portfolio.ron");
const FIN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fin-outcome-pricing.ron");
const RETAILER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/seasonal-retailer.ron");

fn frames(h: &mut Harness<'_, PricelabApp>) {
    h.run_steps(3);
}

fn open(path: &str, width: f32, height: f32) -> Harness<'static, PricelabApp> {
    let app = PricelabApp::new(Some(Path::new(path)), Settings::default()).without_file_dialogs();
    let mut h =
        Harness::builder().with_size(vec2(width, height)).build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), app);
    frames(&mut h);
    h.get_by_label("Quote").click();
    frames(&mut h);
    assert_eq!(h.state().results().tab, Tab::Quote);
    h
}

/// The quote the tab shows, with its words (the sentences and each plan's terms).
struct Shown {
    quote: Quote,
    findings: Vec<String>,
    words: Words,
}

impl std::ops::Deref for Shown {
    type Target = Quote;
    fn deref(&self) -> &Quote {
        &self.quote
    }
}

/// Waits for the quote of what the tab shows, and draws it.
fn quote(h: &mut Harness<'_, PricelabApp>) -> Shown {
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_quote(&ctx);
    frames(h);
    let words = h.state().quote_words().expect("a quote").clone();
    Shown { quote: h.state().quote().expect("a quote").clone(), findings: words.findings.clone(), words }
}

/// Picks the profile named `name` in the tab's list, as a user would.
fn pick_profile(h: &mut Harness<'_, PricelabApp>, name: &str) {
    h.query_by(|n| n.label().as_deref() == Some("Profile") && n.role() == egui::accesskit::Role::ComboBox)
        .unwrap()
        .click();
    frames(h);
    h.get_all_by_label(name).last().unwrap().click();
    frames(h);
}

/// Types `text` into the text field labelled `label`.
fn type_into(h: &mut Harness<'_, PricelabApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    frames(h);
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.get_by_label(label).type_text(text);
    frames(h);
}

/// The y range the quote's plot shows.
fn y_bounds(h: &Harness<'_, PricelabApp>) -> (f64, f64) {
    let memory = egui_plot::PlotMemory::load(&h.ctx, egui::Id::unique(PLOT_ID)).expect("the plot has been drawn");
    let b = memory.bounds();
    (b.min()[1], b.max()[1])
}

#[test]
fn a_quote_shows_what_the_customer_pays_and_saves_and_nothing_of_the_vendors() {
    let mut h = open(PORTFOLIO, 1280.0, 800.0);
    let second = h.state().document().scenario().accounts[1].name.clone();
    pick_profile(&mut h, &second);
    type_into(&mut h, "Monthly budget", "2500");
    // From the scenario's start, the figures are one account's of the simulation.
    type_into(&mut h, "Contract from", "2025-01");
    let q = quote(&mut h);
    assert_eq!(q.customer, second);
    assert_eq!(q.budget, Some(Decimal::from(2500)));
    h.get_by_label(&format!("Proposal for {second}"));
    h.get_by_label_contains("Against your budget of USD 2,500.00 a month");
    let full = pricelab::engine::simulate(h.state().document().scenario()).unwrap();
    assert_eq!(q.plans[1].total, full.plans[1].accounts[1].total);
    h.get_by_label(&grouped(q.plans[1].total));
    // Each plan's highest month, with its month: the customer's worst bill.
    let (m, highest) = q.plans[1].highest.unwrap();
    h.get_by_label(&format!("{} ({})", grouped(highest), q.months[m]));
    // Every sentence beside the figures is shown.
    for f in &q.findings {
        h.get_by_label(&format!("• {f}"));
    }
    // The prices and terms of every plan.
    for t in q.plans.iter().flat_map(|p| q.words.terms(p)) {
        assert!(h.query_all(By::new().label(&format!("• {t}"))).count() >= 1, "{t}");
    }
    // Nothing of the vendor's: no margin, no cost to serve, no portfolio totals.
    for word in ["margin", "Margin", "cost to serve", "vendor"] {
        assert_eq!(h.query_all(By::new().label_contains(word)).count(), 0, "{word} shows in the quote");
    }
    assert_eq!(h.query_all(By::new().label_contains(&grouped(full.plans[1].total))).count(), 0);

    // Save as PDF…: the same quote, for the customer.
    h.get_by_label("Save as PDF…").click();
    frames(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("quote.pdf");
    h.state_mut().send(Command::ExportTo(pricelab::app::files::Purpose::ExportPdf, pdf.clone()));
    frames(&mut h);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{}", h.state().status());
    let text = pdf_text(&bytes);
    // The customer, the budget and each plan with its figures, as the tab shows them.
    for shown in [format!("Proposal for {second}"), "Against your budget of USD 2,500.00 a month".to_owned()] {
        h.get_by_label_contains(&shown);
        assert!(text.contains(&shown), "{shown} not in the PDF:\n{text}");
    }
    // Each plan's years and total: one account's bills of the simulation, shown in the tab and
    // written in the PDF.
    for (p, plan) in q.plans.iter().enumerate() {
        assert!(text.contains(&plan.name), "{} not in the PDF:\n{text}", plan.name);
        assert_eq!(plan.total, full.plans[p].accounts[1].total, "{}", plan.name);
        assert_eq!(plan.yearly.iter().sum::<Decimal>(), plan.total, "{}", plan.name);
        for figure in plan.yearly.iter().chain([&plan.total]) {
            let shown = grouped(*figure);
            assert!(h.query_all(By::new().label(&shown)).count() >= 1, "{}: {shown} not in the tab", plan.name);
            assert!(text.contains(&shown), "{}: {shown} not in the PDF:\n{text}", plan.name);
        }
        // Its prices and terms, as the tab lists them.
        for t in q.words.terms(plan) {
            assert!(text.contains(t.as_str()), "{}: {t} not in the PDF:\n{text}", plan.name);
        }
    }
    for f in &q.findings {
        assert!(text.contains(f.as_str()), "{f} not in the PDF:\n{text}");
    }
    // Every price of every plan, as the scenario file states it (read here, apart from the app).
    let file = pricelab::io::read_scenario(Path::new(PORTFOLIO)).unwrap();
    assert_eq!(file.plans.len(), q.plans.len());
    for plan in &file.plans {
        for price in prices(plan) {
            let stated = pricelab::io::quote::words::terms::price_text(&file.currency, price);
            assert!(text.contains(&stated), "{}: {stated} not in the PDF:\n{text}", plan.name);
        }
    }
    // And nothing of the vendor's.
    for word in ["margin", "Margin", "cost to serve"] {
        assert!(!text.contains(word), "{word} in the PDF");
    }
    assert!(!text.contains(&grouped(full.plans[1].total)), "the portfolio's total in the PDF");
}

/// The PDF's text (lopdf), runs of white space made one space so that a wrapped sentence reads
/// whole (as `tests/it/quote.rs` reads the command line's PDF).
fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().into_keys().collect();
    doc.extract_text(&pages).expect("its text decodes").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every amount a plan states: unit and package prices, tiers' prices and flat fees, fees,
/// commitments' prices and amounts.
fn prices(plan: &pricelab::model::Plan) -> Vec<Decimal> {
    use pricelab::model::{Charge, Commitment, Price};
    let mut out = Vec::new();
    for charge in &plan.charges {
        match charge {
            Charge::Fee { amount, .. } => out.push(*amount),
            Charge::Usage { price: Price::PerUnit(p) | Price::Package { price: p, .. }, .. } => out.push(*p),
            Charge::Usage { price: Price::Graduated(tiers) | Price::Volume(tiers), .. } => {
                out.extend(tiers.iter().flat_map(|t| [t.unit_price, t.flat_fee]).filter(|x| !x.is_zero()));
            }
        }
    }
    out.extend(plan.commitments.iter().map(Commitment::amount));
    out
}

#[test]
fn the_plot_fits_each_customer_picked_after_another() {
    let mut h = open(PORTFOLIO, 1280.0, 800.0);
    let small = quote(&mut h);
    let top = |q: &Quote| {
        q.plans
            .iter()
            .flat_map(|p| p.monthly.iter().chain(p.band.iter().flatten().map(|b| &b.1)))
            .max()
            .copied()
            .unwrap()
    };
    let (_, high) = y_bounds(&h);
    let small_top: f64 = top(&small).try_into().unwrap();
    assert!(high >= small_top, "{high} below {small_top}");
    // Enterprise after SMB: every line inside the plot, not SMB's scale.
    let enterprise = h.state().document().scenario().accounts[2].name.clone();
    pick_profile(&mut h, &enterprise);
    let big = quote(&mut h);
    assert_eq!(big.customer, enterprise);
    frames(&mut h);
    let (low, high) = y_bounds(&h);
    let big_top: f64 = top(&big).try_into().unwrap();
    assert!(low <= 0.0 && high >= big_top, "{low}..{high} does not hold {big_top}");
    assert!(high < big_top * 1.5, "fitted, not stretched: {high} for {big_top}");
    // Back to SMB: fitted again to the smaller bills.
    pick_profile(&mut h, &small.customer);
    quote(&mut h);
    frames(&mut h);
    let (_, high) = y_bounds(&h);
    assert!(high < small_top * 1.5, "{high} for {small_top}");
}

#[test]
fn a_customer_typed_in_is_modelled_as_typed() {
    let mut h = open(FIN, 1280.0, 800.0);
    h.get_by_label("A customer typed in").click();
    frames(&mut h);
    h.state_mut().results_mut().quote.seats = 25;
    h.state_mut().results_mut().quote.conversations = 20_000.0;
    frames(&mut h);
    let q = quote(&mut h);
    // The profile is staffed at 150 seats at least: typed in, 25 seats stay 25.
    assert!(q.seats.iter().all(|s| *s == 25), "{:?}", q.seats);
    let price = Decimal::from(139);
    assert_eq!(q.plans[0].total, Decimal::from(25) * price * Decimal::from(36));
    h.get_by_label("• Your team stays at 25 seats throughout the contract.");
    h.get_by_label("• The team keeps 25 seats throughout.");
    // Re-sized at renewals, with a minimum of its own.
    h.state_mut().results_mut().quote.team.staffed = true;
    h.state_mut().results_mut().quote.team.minimum = 5;
    h.state_mut().results_mut().quote.seats = 120;
    frames(&mut h);
    let q = quote(&mut h);
    let (first, last) = q.seats_first_last();
    assert_eq!(first, 120);
    assert!(last < first && last >= 5, "{first} → {last}");
    // The sentence about the seats follows them.
    let sentence = &q.findings[0];
    assert!(sentence.starts_with("Your team goes down from ") && sentence.contains("seats on average"), "{sentence}");
    h.get_by_label(&format!("• {sentence}"));
    assert_eq!(h.query_all(By::new().label_contains("Your team grows")).count(), 0);
    assert_eq!(h.query_all(By::new().label_contains("stays at")).count(), 0);
}

#[test]
fn a_scenario_with_problems_says_so_rather_than_waiting() {
    let mut h = open(RETAILER, 1280.0, 800.0);
    quote(&mut h);
    let mut state = h.state().document().state().clone();
    state.scenario.plans[0].name = String::new();
    h.state_mut().send(Command::Edit(Box::new(state)));
    h.run_steps(6);
    h.get_by_label_contains("The scenario has problems (see the editor)");
    assert_eq!(h.query_all(By::new().label("Working out the quote…")).count(), 0);
    // The last quote stays, marked as the last valid version's.
    h.get_by_label("These are the figures of the scenario's last valid version.");
    h.get_by_label("Save as PDF…");
}

#[test]
fn present_shows_the_quote_alone_and_esc_leaves() {
    let mut h = open(RETAILER, 1280.0, 800.0);
    let q = quote(&mut h);
    h.get_by_label_contains("Add account");
    h.get_by_label("Present").click();
    frames(&mut h);
    // The editor, the menus and the quote's settings are gone; the quote stays.
    assert_eq!(h.query_all(By::new().label_contains("Add account")).count(), 0);
    assert_eq!(h.query_all(By::new().label("File")).count(), 0);
    assert_eq!(h.query_all(By::new().label("Monthly budget")).count(), 0);
    h.get_by_label(&format!("Proposal for {}", q.customer));
    h.get_by_label_contains("press Esc");
    h.key_press(Key::Escape);
    frames(&mut h);
    h.get_by_label_contains("Add account");
    h.get_by_label("Monthly budget");
    // F5 presents too.
    h.key_press(Key::F5);
    frames(&mut h);
    assert_eq!(h.query_all(By::new().label_contains("Add account")).count(), 0);
}

#[test]
fn the_proposals_details_are_remembered_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    std::fs::copy(RETAILER, &a).unwrap();
    std::fs::copy(FIN, &b).unwrap();
    let mut h = open(a.to_str().unwrap(), 1280.0, 800.0);
    type_into(&mut h, "Proposal for", "Acme Retail");
    type_into(&mut h, "from", "Helpdesk AI");
    type_into(&mut h, "Contract from", "2027-03");
    let q = quote(&mut h);
    assert_eq!(q.months[0].to_string(), "2027-03");
    assert_eq!(h.state().results().quote.letterhead(&q).customer, "Acme Retail");
    h.state_mut().send(Command::OpenPath(b));
    frames(&mut h);
    frames(&mut h);
    assert_eq!(h.state().results().quote.proposal.customer, "", "another document starts blank");
    h.state_mut().send(Command::OpenPath(a.clone()));
    frames(&mut h);
    frames(&mut h);
    let proposal = h.state().results().quote.proposal.clone();
    assert_eq!((proposal.customer.as_str(), proposal.vendor.as_str()), ("Acme Retail", "Helpdesk AI"));
    assert_eq!(proposal.from, "2027-03");
    // And between runs: the app's settings hold them by file.
    assert_eq!(h.state().settings.proposals.get(&a), Some(&proposal));
    let again = PricelabApp::new(Some(&a), h.state().settings.clone()).without_file_dialogs();
    let mut h2 =
        Harness::builder().with_size(vec2(1280.0, 800.0)).build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), again);
    frames(&mut h2);
    h2.get_by_label("Quote").click();
    frames(&mut h2);
    assert_eq!(h2.state().results().quote.proposal, proposal);
}

#[test]
fn at_1024_pixels_the_table_keeps_its_plan_names_and_scrolls() {
    let mut h = open(PORTFOLIO, 1024.0, 700.0);
    let q = quote(&mut h);
    // Every plan's name is in view in the frozen column, and its figures are there to scroll to.
    for plan in &q.plans {
        assert!(h.query_all(By::new().label(&plan.name)).count() >= 1, "{}", plan.name);
        assert!(h.query_all(By::new().label(&grouped(plan.total))).count() >= 1, "{}", plan.name);
    }
    h.get_by_label("% of bill");
}

#[test]
fn a_commitment_size_is_recommended_in_the_tab_as_in_the_proposal() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/seat-to-resolution-commit.ron");
    let mut h = open(path, 1280.0, 800.0);
    h.get_by_label("Recommend a commitment size").click();
    frames(&mut h);
    let q = quote(&mut h);
    assert_eq!(q.recommendations.len(), 2);
    for r in &q.recommendations {
        let sentence = pricelab::io::quote::pdf::recommendation::sentence(r, &q.currency);
        h.get_by_label(&format!("• {sentence}"));
    }
    // Sizes typed in are the ones tried (with the plan's own).
    type_into(&mut h, "among", "500000, 900000");
    let q = quote(&mut h);
    let sizes: Vec<Decimal> = q.recommendations[0].candidates.iter().map(|c| c.size).collect();
    assert_eq!(sizes, [500_000, 800_000, 900_000].map(Decimal::from));
}

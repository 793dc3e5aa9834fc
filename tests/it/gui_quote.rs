//! The Quote tab, as a salesperson uses it on a call: the customer's profile, a budget typed
//! in, the figures — and nothing of the vendor's.

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};
use pricelab::app::results::Tab;
use pricelab::app::{Command, PricelabApp, Settings};
use rust_decimal::Decimal;

fn frames(h: &mut Harness<'_, PricelabApp>) {
    h.run_steps(3);
}

#[test]
fn a_quote_shows_what_the_customer_pays_and_saves_and_nothing_of_the_vendors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/saas-portfolio.ron");
    let app = PricelabApp::new(Some(std::path::Path::new(path)), Settings::default()).without_file_dialogs();
    let mut h =
        Harness::builder().with_size(vec2(1280.0, 800.0)).build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), app);
    frames(&mut h);
    h.get_by_label("Quote").click();
    frames(&mut h);
    assert_eq!(h.state().results().tab, Tab::Quote);
    // The second profile, picked from the list.
    h.query_by(|n| n.label().as_deref() == Some("Profile") && n.role() == egui::accesskit::Role::ComboBox)
        .unwrap()
        .click();
    frames(&mut h);
    let second = h.state().document().scenario().accounts[1].name.clone();
    h.get_all_by_label(&second).last().unwrap().click();
    frames(&mut h);
    h.get_by_label("Monthly budget").click();
    h.get_by_label("Monthly budget").type_text("2500");
    frames(&mut h);
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_quote(&ctx);
    frames(&mut h);
    let q = h.state().results().quote.quote().expect("a quote").clone();
    assert_eq!(q.customer, second);
    assert_eq!(q.budget, Some(Decimal::from(2500)));
    h.get_by_label(&format!("{second}: what you would pay"));
    h.get_by_label_contains("Against your budget of USD 2,500.00 a month");
    // Its figures are one account's of the simulation.
    let full = pricelab::engine::simulate(h.state().document().scenario()).unwrap();
    assert_eq!(q.plans[1].total, full.plans[1].accounts[1].total);
    h.get_by_label(&pricelab::model::money::grouped(q.plans[1].total));
    // Each plan's highest month, with its month: the customer's worst bill.
    let (m, highest) = q.plans[1].monthly.iter().enumerate().rev().max_by_key(|(_, v)| **v).unwrap();
    h.get_by_label(&format!("{} ({})", pricelab::model::money::grouped(*highest), q.months[m]));
    // Nothing of the vendor's: no margin, no cost to serve, no portfolio totals.
    for word in ["margin", "Margin", "cost to serve", "vendor"] {
        assert_eq!(h.query_all(By::new().label_contains(word)).count(), 0, "{word} shows in the quote");
    }
    assert_eq!(h.query_all(By::new().label_contains(&pricelab::model::money::grouped(full.plans[1].total))).count(), 0);

    // Save as PDF…: the same quote, for the customer.
    h.get_by_label("Save as PDF…").click();
    frames(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("quote.pdf");
    h.state_mut().send(Command::ExportTo(pricelab::app::files::Purpose::ExportPdf, pdf.clone()));
    frames(&mut h);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{}", h.state().status());
}

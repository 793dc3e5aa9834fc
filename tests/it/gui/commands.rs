//! One kittest per command path that had none: export the quote, apply an analysis result, show
//! an invoice from Customers, accept an import.

use super::analysis::{finish, frames, open, pick};
use super::harness;
use egui_kittest::kittest::Queryable as _;
use pricelab::app::results::Tab;
use pricelab::app::{Command, PricelabApp, Settings};
use pricelab::engine::analyses::{self, Param, Path};

const FIN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fin-outcome-pricing.ron");
const CUSTOMERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/backtest/customers.ron");

/// The Quote tab's *Save as PDF…* asks for a file named after the customer, beside the
/// scenario, and writes the proposal there.
#[test]
fn saving_the_quote_as_pdf_asks_for_a_file_and_writes_the_proposal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fin.ron");
    std::fs::copy(FIN, &file).unwrap();
    let mut h = harness(PricelabApp::new(Some(&file), Settings::default()).without_file_dialogs());
    h.run();
    h.get_by_label("Quote").click();
    h.run();
    assert_eq!(h.state().results().tab, Tab::Quote);
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_quote(&ctx);
    h.run();
    assert!(h.state().quote().is_some());
    h.get_by_label("Save as PDF…").click();
    h.run();
    // No file dialog here: the typed path, suggested beside the scenario, named after the customer.
    h.get_by_label("No file dialog is available on this machine: type the file's path.");
    h.get_by_label("OK").click();
    h.run();
    let pdfs: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    let [pdf] = pdfs.as_slice() else { panic!("one PDF: {pdfs:?}") };
    assert!(pdf.file_name().unwrap().to_string_lossy().ends_with("-quote.pdf"), "{pdf:?}");
    assert!(std::fs::read(pdf).unwrap().starts_with(b"%PDF"));
    assert_eq!(h.state().status(), format!("Exported {}", pdf.display()));
}

/// A break-even's *Apply* sets the price in one undo step and says so.
#[test]
fn applying_an_analysis_value_is_one_undo_step_and_says_so() {
    let mut h = super::analysis::harness();
    open(&mut h, "Break-even");
    pick(&mut h, "Find the price at which", "Per resolution + Advanced seats");
    pick(&mut h, "over", "year 1");
    finish(&mut h);
    let value = {
        let (answer, current) = h.state().jobs().solve.result().unwrap();
        assert!(current);
        answer.clone().unwrap().solution.value.unwrap()
    };
    let price = |h: &egui_kittest::Harness<'_, PricelabApp>| {
        let s = h.state().document().scenario();
        Param::resolve(s, &Path::parse("plans[2].charges[1].price").unwrap()).unwrap().get(s)
    };
    let before = price(&h);
    assert_ne!(before, Some(analyses::Value::Decimal(value)));
    h.get_by_label(&format!("Apply {value}")).click();
    frames(&mut h);
    assert_eq!(price(&h), Some(analyses::Value::Decimal(value)));
    assert_eq!(h.state().status(), "Applied the value from the analysis (Undo to go back)");
    assert!(h.state().document().is_dirty());
    h.state_mut().send(Command::Undo);
    frames(&mut h);
    assert_eq!(price(&h), before, "one undo step");
    assert!(!h.state().document().can_undo());
}

/// *Invoice…* beside a customer of the Customers tab shows that customer's invoice under the
/// plan compared; so does the command sent by itself.
#[test]
fn the_customers_invoice_button_shows_that_customers_invoice() {
    let mut h = harness(PricelabApp::new(Some(std::path::Path::new(CUSTOMERS)), Settings::default()));
    h.run();
    h.state_mut().send(Command::ShowTab(Tab::Customers));
    h.run();
    assert_eq!(h.state().results().tab, Tab::Customers);
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_customers(&ctx);
    h.run();
    let customers = h.state().backtest().unwrap().customers.len();
    assert!(customers > 3);
    h.state_mut().results_mut().customers.selected = Some(3);
    h.state_mut().results_mut().customers.plan = 2;
    h.run();
    h.get_by_label("Invoice…").click();
    h.run();
    assert_eq!(h.state().results().tab, Tab::Invoice);
    assert_eq!((h.state().results().invoice.account, h.state().results().invoice.plan), (3, 2));

    h.state_mut().send(Command::ShowInvoice { account: 1, plan: 0 });
    h.run();
    assert_eq!(h.state().results().tab, Tab::Invoice);
    assert_eq!((h.state().results().invoice.account, h.state().results().invoice.plan), (1, 0));
}

/// Accepting an import replaces an edited scenario only once its unsaved changes are answered.
#[test]
fn accepting_an_import_over_unsaved_edits_asks_first_then_replaces_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let usage = dir.path().join("usage.csv");
    std::fs::write(&usage, crate::history::USAGE).unwrap();
    let mut h = harness(PricelabApp::new(None, Settings::default()).without_file_dialogs());
    h.run();
    let mut state = h.state().document().state().clone();
    state.scenario.name = "Edited".into();
    // No Monte Carlo run: its Cancel button in the status bar would be a second "Cancel".
    state.scenario.simulation.trials = 0;
    h.state_mut().send(Command::Edit(Box::new(state)));
    h.run();
    assert!(h.state().document().is_dirty());

    h.state_mut().send(Command::ImportUsage);
    h.run();
    h.get_by_label("Usage file").click();
    h.run();
    h.get_by_label("Usage file").type_text(usage.to_str().unwrap());
    h.run();
    h.state_mut().wait_for_import();
    h.run();
    h.get_by_label("Replace the scenario with these customers").click();
    h.run();
    // The edits are asked about first: nothing is replaced yet.
    assert!(h.state().is_confirming());
    assert_eq!(h.state().document().scenario().name, "Edited");
    h.get_by_label("Discard changes").click();
    h.run();
    let s = h.state().document().scenario();
    assert_eq!(s.accounts.len(), 3);
    assert_eq!(s.plans.len(), 4, "the open scenario's plans");
    assert_eq!(h.state().results().tab, Tab::Customers);
    assert!(h.state().status().starts_with("Imported 3 customers"), "{}", h.state().status());
}

//! Real customers in the app: *File ▸ Import usage history…*, the Customers tab sorted by
//! change, a customer selected and their invoice opened, and the imported scenario saved with
//! its usage file.

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use pricelab::app::results::Tab;
use pricelab::app::results::customers::SortBy;
use pricelab::app::{Command, PricelabApp, Settings};

/// Three customers over two months (their bills by hand are in `history.rs`).
use crate::history::USAGE;

fn frames(h: &mut Harness<'_, PricelabApp>) {
    h.run_steps(3);
}

#[test]
fn import_a_usage_file_sort_the_customers_and_open_one_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let usage = dir.path().join("usage.csv");
    std::fs::write(&usage, USAGE).unwrap();
    let app = PricelabApp::new(None, Settings::default()).without_file_dialogs();
    let mut h =
        Harness::builder().with_size(vec2(1280.0, 800.0)).build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), app);
    frames(&mut h);

    // File ▸ Import usage history…: the file typed in, then what it holds, before anything changes.
    h.state_mut().send(Command::ImportUsage);
    frames(&mut h);
    h.get_by_label("Usage file").click();
    frames(&mut h);
    h.get_by_label("Usage file").type_text(usage.to_str().unwrap());
    frames(&mut h);
    h.state_mut().wait_for_import();
    frames(&mut h);
    h.get_by_label_contains("3 customers over 2 months (2024-01 to 2024-02)");
    assert_eq!(
        h.state().document().scenario().name,
        "Fin-style outcome pricing: a 1,000-seat team",
        "not replaced yet"
    );
    h.get_by_label("Replace the scenario with these customers").click();
    frames(&mut h);
    let s = h.state().document().scenario();
    assert_eq!(s.accounts.len(), 3);
    assert_eq!(s.plans.len(), 4, "the open scenario's plans");
    assert_eq!(h.state().results().tab, Tab::Customers);

    // The Customers tab: the backtest, sorted by change (largest first), then the other way.
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_customers(&ctx);
    frames(&mut h);
    h.get_by_label_contains("pay more");
    assert_eq!(h.state().results().customers.sort, (SortBy::Change, true));
    h.get_by_label("Change ⏷").click();
    frames(&mut h);
    assert_eq!(h.state().results().customers.sort, (SortBy::Change, false));
    let view = &h.state().results().customers;
    let b = h.state().backtest().unwrap();
    let order: Vec<&str> = view.rows(b).iter().map(|&c| b.customers[c].name.as_str()).collect();
    // Per conversation at $2.00 plus $85 seats against $139 seats: Acme's seats save most.
    let changes: Vec<_> = view.rows(b).iter().map(|&c| b.customers[c].change(1)).collect();
    assert!(changes.windows(2).all(|w| w[0] <= w[1]), "{order:?} {changes:?}");

    // Select a customer: its usage; then its invoice.
    h.get_by_label("Gamma").click();
    frames(&mut h);
    assert_eq!(h.state().results().customers.selected, Some(2));
    h.get_by_label("Invoice…").click();
    frames(&mut h);
    assert_eq!(h.state().results().tab, Tab::Invoice);
    assert_eq!(h.state().results().invoice.account, 2);
    h.get_by_label_contains("One account of \"Gamma\"");
    // The invoice ends with its totals: Gamma's bill over the horizon under the plan compared.
    h.get_by_label("Total");
    let total = h.state().document().outcome.as_ref().unwrap().plans[1].accounts[2].total;
    assert!(h.query_all_by_label(&pricelab::model::money::grouped(total)).count() >= 1);

    // Saved elsewhere, the scenario names its usage file from there, and opens again.
    std::fs::create_dir(dir.path().join("saved")).unwrap();
    let saved = dir.path().join("saved/customers.ron");
    h.state_mut().send(Command::SaveTo(saved.clone()));
    frames(&mut h);
    let reopened = pricelab::io::read_scenario(&saved).unwrap();
    assert_eq!(reopened.history.as_ref().unwrap().file, "../usage.csv");
    assert_eq!(reopened.accounts, h.state().document().scenario().accounts);
}

//! Real customers in the app: *File ▸ Import usage history…*, the Customers tab sorted by
//! change, a customer selected and their invoice opened, and the imported scenario saved with
//! its usage file.

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use pricelab::app::results::Tab;
use pricelab::app::results::customers::SortBy;
use pricelab::app::{Command, PricelabApp, Settings};

/// Three customers over two months (their bills by hand are in `history.rs`).
use crate::history::USAGE;

fn frames(h: &mut Harness<'_, PricelabApp>) {
    h.run_steps(3);
}

/// The app at 1280 × 800 with File ▸ Import usage history… asked for, the file at `usage` typed
/// in and its preview read.
fn import_preview(usage: &std::path::Path) -> Harness<'static, PricelabApp> {
    let app = PricelabApp::new(None, Settings::default()).without_file_dialogs();
    let mut h =
        Harness::builder().with_size(vec2(1280.0, 800.0)).build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), app);
    frames(&mut h);
    h.state_mut().send(Command::ImportUsage);
    frames(&mut h);
    h.get_by_label("Usage file").click();
    frames(&mut h);
    h.get_by_label("Usage file").type_text(usage.to_str().unwrap());
    frames(&mut h);
    h.state_mut().wait_for_import();
    frames(&mut h);
    h
}

#[test]
fn import_a_usage_file_sort_the_customers_and_open_one_invoice() {
    let dir = tempfile::tempdir().unwrap();
    let usage = dir.path().join("usage.csv");
    std::fs::write(&usage, USAGE).unwrap();
    // File ▸ Import usage history…: the file typed in, then what it holds, before anything changes.
    let mut h = import_preview(&usage);
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

/// A node's text: its label, or its value.
fn texts(node: &egui_kittest::Node<'_>) -> Option<String> {
    let n = node.accesskit_node();
    n.label().or_else(|| n.value())
}

/// The tooltip of each rating `label` (`low`), in order — the words, which start with the rating:
/// the pointer rests on each until its tooltip opens (frames, each a 60th of a second of egui's
/// clock).
fn tooltip(h: &mut Harness<'_, PricelabApp>, label: &str) -> Vec<String> {
    let count = h.query_all_by_label(label).count();
    let mut tips = Vec::new();
    for i in 0..count {
        // The pointer away first, so that the last tooltip closes.
        h.hover_at(egui::pos2(1.0, 799.0));
        h.run_steps(30);
        let before: Vec<String> = h.query_all(egui_kittest::kittest::by()).filter_map(|n| texts(&n)).collect();
        h.query_all_by_label(label).nth(i).unwrap().hover();
        let tip = (0..120).find_map(|_| {
            h.step();
            let now: Vec<String> = h.query_all(egui_kittest::kittest::by()).filter_map(|n| texts(&n)).collect();
            now.into_iter().find(|l| l.starts_with(&format!("{label}: ")) && !before.contains(l))
        });
        tips.push(tip.unwrap_or_else(|| panic!("no tooltip on {label} {i}")));
    }
    tips
}

/// Two customers over one year (2024): Acme seasonal, Beta flat.
fn one_year() -> String {
    let mut csv = String::from("account,month,conversations,ai_conversations,resolutions,seats\n");
    for (m, c) in [900, 850, 950, 1000, 1100, 1000, 950, 1000, 1050, 1200, 1500, 1600].iter().enumerate() {
        csv.push_str(&format!(
            "Acme,2024-{:02},{c},{},{},10\nBeta,2024-{:02},400,300,150,3\n",
            m + 1,
            c * 8 / 10,
            c * 4 / 10,
            m + 1
        ));
    }
    csv
}

/// The import preview rates each fit (the words under the pointer) and offers the season's
/// shrinking, as `pricelab import --season shrunk` does: the same scenario (issue 26).
#[test]
fn the_import_preview_rates_each_fit_and_shrinks_a_one_year_season_as_the_command_line_does() {
    use pricelab::app::import::ImportDialog;
    let dir = tempfile::tempdir().unwrap();
    let usage = dir.path().join("usage.csv");
    std::fs::write(&usage, one_year()).unwrap();
    let mut h = import_preview(&usage);

    // As recorded: both low, each its words under the pointer, and the choice suggested.
    h.get_by_label("How sure the fits are: 2 low, 0 medium, 0 high (hover a rating for its reasons).");
    h.get_by_label_contains("2 customers rest on one year of history or less");
    let words = "low: one year of history (each month seen once), so a season cannot be told from noise and growth is not measured";
    assert_eq!(h.query_all_by_label(words).count(), 0, "not before the pointer is on it");
    assert_eq!(tooltip(&mut h, "low"), [words, words], "Acme's and Beta's");

    // Shrunk: read again, said in the words, and the scenario is the command line's.
    h.get_by_label("Shrunk halfway to flat").click();
    frames(&mut h);
    h.state_mut().wait_for_import();
    frames(&mut h);
    assert_eq!(h.query_all_by_label_contains("rest on one year of history or less").count(), 0, "nothing to suggest");
    let Some(Ok(preview)) = ImportDialog::preview(h.state().jobs()) else { panic!("a preview") };
    assert!(preview.confidence.iter().all(|c| c.shrunk), "{:?}", preview.confidence);
    assert_eq!(tooltip(&mut h, "low")[0], format!("{words}; the season is shrunk halfway to flat"));
    let out = dir.path().join("cli.ron");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pricelab"))
        .args(["import", usage.to_str().unwrap(), "--output", out.to_str().unwrap(), "--season", "shrunk", "--plans"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/backtest/plans.ron"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cli = pricelab::io::read_scenario(&out).unwrap();
    h.get_by_label("Replace the scenario with these customers").click();
    frames(&mut h);
    let accounts = &h.state().document().scenario().accounts;
    assert_eq!(accounts.len(), 2);
    for (app, cli) in accounts.iter().zip(&cli.accounts) {
        // The plans (and so the agent cost) are the open scenario's in the app, the plans file's
        // on the command line: the fitted profiles are the same.
        assert_eq!(pricelab::model::Account { agent_cost: cli.agent_cost, ..app.clone() }, *cli);
    }
    assert!(accounts[0].seasonality[11] < 1.3, "shrunk: {:?}", accounts[0].seasonality);

    // The choice is kept for the next import, like the projection.
    h.state_mut().send(Command::ImportUsage);
    frames(&mut h);
    h.state_mut().wait_for_import();
    frames(&mut h);
    let Some(Ok(preview)) = ImportDialog::preview(h.state().jobs()) else { panic!("a preview") };
    assert!(preview.confidence.iter().all(|c| c.shrunk));
}

//! The app on a portfolio of thousands of profiles, driven as a user would (egui_kittest): the
//! editor draws only the rows in sight, a long list is filtered by name, a profile is picked by
//! typing part of its name.

use super::{harness, total};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use pricelab::app::{PricelabApp, Settings};
use rust_decimal::Decimal;

/// A file of `n` one-account profiles "Team 0", "Team 1", …, each as SMALL's: 4,752.00 a year
/// under the one plan.
fn many_file(dir: &tempfile::TempDir, n: usize) -> std::path::PathBuf {
    let accounts: String = (0..n)
        .map(|i| {
            format!(
                r#"(name: "Team {i}", conversations: 1000, ai_involvement: (start: 0.8, end: 0.8, months: 0),
                    resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10)),"#
            )
        })
        .collect();
    let text = format!(
        r#"(format: 1, name: "Many", start: "2025-01", months: 12, accounts: [{accounts}],
            plans: [(name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])])"#
    );
    let path = dir.path().join("many.ron");
    std::fs::write(&path, text).unwrap();
    path
}

/// The app on a file of 2,000 profiles ([`many_file`]), its results shown.
fn many_profiles(dir: &tempfile::TempDir) -> Harness<'static, PricelabApp> {
    let mut h = harness(PricelabApp::new(Some(&many_file(dir, 2000)), Settings::default()));
    // (It is simulated off the UI thread: `Document`'s tests check how; here, its results.)
    h.step();
    h.state_mut().finish_simulation();
    h.run();
    h
}

#[test]
fn a_portfolio_of_thousands_of_profiles_stays_responsive() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = many_profiles(&dir);
    assert_eq!(total(&h, 0), Decimal::new(950_400_000, 2), "2,000 × 4,752.00");
    // The editor draws only the rows in sight (one list button each, and the plan's)…
    let drawn = h.query_all_by_label("…").count();
    assert!((10..100).contains(&drawn), "{drawn} rows drawn");
    assert!(h.query_by_label("Team 1999").is_none());
    // …yet the list keeps its full length: the button under it is reached and works, and the
    // last rows then show.
    h.get_by_label("➕ Add account").scroll_to_me();
    h.run();
    h.get_by_label("Team 1999");
    h.get_by_label("➕ Add account").click();
    h.step();
    assert_eq!(h.state().document().scenario().accounts.len(), 2001);
    h.state_mut().finish_simulation();
    h.step();
    assert_eq!(h.state().document().outcome.as_ref().unwrap().accounts.len(), 2001);
}

#[test]
fn a_long_account_list_can_be_filtered_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = many_profiles(&dir);
    h.run();
    h.get_by_label("Find").click();
    h.run();
    h.get_by_label("Find").type_text("TEAM 1999");
    h.run();
    // One row, far down the list, found whatever the case; the count says how many match.
    h.get_by_label("Team 1999");
    h.get_by_label("1 of 2000");
    // (The other two list buttons are the plan's and its charge's.)
    assert_eq!(h.query_all_by_label("…").count(), 3, "one account row");
    // Its menu acts on that account: removing it removes Team 1999, not the first row.
    h.get_all_by_label("…").next().unwrap().click();
    h.run();
    h.get_by_label("🗑 Remove this account").click();
    h.step();
    h.state_mut().finish_simulation();
    h.run();
    let names: Vec<String> = h.state().document().scenario().accounts.iter().map(|a| a.name.clone()).collect();
    assert_eq!(names.len(), 1999);
    assert!(!names.iter().any(|n| n == "Team 1999") && names[0] == "Team 0");
    h.get_by_label("0 of 1999");
    // Clearing the filter lists every account again.
    h.get_by_label("✖").click();
    h.run();
    h.get_by_label("Team 0");
    assert!(h.query_by_label("0 of 1999").is_none());
}

#[test]
fn a_profile_among_thousands_is_picked_by_typing_part_of_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = many_profiles(&dir);
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Invoice;
    h.run();
    // The drop-down lists the first names and how many more there are, with a field to narrow it.
    h.get_by_label("Account").click();
    h.run();
    h.get_by_label("… and 1950 more: type to narrow the list");
    assert!(h.query_by_label("Team 1999").is_none());
    // The field has the focus as the list opens: typing goes straight into it.
    let field = h.query_all_by_role(egui::accesskit::Role::TextInput).find(|n| n.is_focused());
    field.expect("the find field has the focus").type_text("team 1999");
    h.run();
    assert!(h.query_by_label_contains("more: type to narrow").is_none());
    h.get_by_label("Team 1999").click();
    h.run();
    assert_eq!(h.state_mut().results_mut().invoice.account, 1999);
    h.get_by_label_contains("One account of \"Team 1999\"");
}

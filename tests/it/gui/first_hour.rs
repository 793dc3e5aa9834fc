//! What a new user of the app met in the first hour: figures that vanished during a re-run.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use pricelab::app::{Command, PricelabApp, Settings};

/// One account billed per resolution, with 200 Monte Carlo trials of noisy volume.
const NOISY: &str = r#"(format: 1, name: "Noisy", start: "2025-01", months: 12,
    accounts: [(name: "Team", conversations: 1000, ai_involvement: (start: 0.8, end: 0.8, months: 0),
                resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
    plans: [(name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])],
    simulation: (trials: 200, volume_noise: 0.2))"#;

/// The app at 1280 × 800, as the other GUI tests drive it (`run` waits out background work).
fn harness(app: PricelabApp) -> Harness<'static, PricelabApp> {
    super::harness(app)
}

/// The noisy scenario opened (in the folder returned), its Monte Carlo run done, on the Summary.
fn noisy_on_the_summary() -> (tempfile::TempDir, Harness<'static, PricelabApp>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noisy.ron");
    std::fs::write(&path, NOISY).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_monte_carlo(&ctx);
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Summary;
    (dir, h)
}

/// After an edit, the bill's predictability stays on the Summary (and the bands on the plot),
/// marked as the figures of the version before, until the new run replaces them.
#[test]
fn predictability_stays_shown_and_marked_while_the_monte_carlo_reruns() {
    let (_dir, mut h) = noisy_on_the_summary();
    let ctx = h.ctx.clone();
    h.run();
    h.get_by_label_contains("Bill predictability (200 Monte Carlo trials");
    assert!(h.query_by_label_contains("refreshing").is_none());
    let before = h.state().mc().current().unwrap().plans[0].total;

    // An edit: the results are no longer the scenario's, but stay shown, marked.
    let mut state = h.state().document().state().clone();
    state.scenario.accounts[0].conversations = 2000.0;
    h.state_mut().send(Command::Edit(Box::new(state)));
    h.step();
    h.step();
    assert!(h.state().mc().current().is_none(), "the run for the edit has not finished within two frames");
    h.get_by_label_contains("Bill predictability (200 Monte Carlo trials");
    h.get_by_label("Bill predictability of the version before your last edit: refreshing…");
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Revenue;
    h.step();
    h.get_by_label("of the version before your last edit: refreshing…");

    // The new run replaces them, and the mark goes.
    h.state_mut().wait_for_monte_carlo(&ctx);
    h.run();
    let after = h.state().mc().current().expect("the new run's figures").plans[0].total;
    assert!(after.mean > before.mean * rust_decimal::Decimal::new(19, 1), "{after:?} against {before:?}");
    assert!(h.query_by_label_contains("refreshing").is_none());
}

/// Figures of a version with other plans do not line up with the results: they are not shown.
#[test]
fn predictability_of_other_plans_is_not_shown() {
    let (_dir, mut h) = noisy_on_the_summary();
    let mut state = h.state().document().state().clone();
    state.scenario.plans[0].name = "Outcomes".into();
    h.state_mut().send(Command::Edit(Box::new(state)));
    h.step();
    h.step();
    assert!(h.state().mc().current().is_none());
    assert!(h.query_by_label_contains("Bill predictability (200").is_none());
}

/// Where the results begin: the left edge of the first results tab.
fn results_left(h: &Harness<'_, PricelabApp>) -> f32 {
    h.get_by_label("Revenue over time").rect().left()
}

/// A typo's message wraps inside the editor: the editor does not widen, the results do not move.
#[test]
fn a_long_message_in_the_editor_does_not_widen_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noisy.ron");
    std::fs::write(&path, NOISY.replace("trials: 200", "trials: 0")).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    let before = results_left(&h);
    h.get_by_label("Unit price").scroll_to_me();
    h.run();
    h.get_by_label("Unit price").click();
    h.run();
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    h.get_by_label("Unit price").type_text("12x and then a good deal more text than the editor has room for");
    h.run();
    // The message is shown (it says why the text is not an amount) …
    assert!(h.query_all_by_label_contains("is not an amount of money (write digits").count() >= 1);
    // … and nothing moved.
    assert!((results_left(&h) - before).abs() < 1.0, "the editor widened from {before} to {}", results_left(&h));
}

/// A price typed key by key, each key in its own frame as a person types: `1`, `12` are applied
/// as they come (the plots follow), but once the text is `12x` — not an amount, "not applied" —
/// the plan has the price it had before the typing, and leaving the field shows it again.
#[test]
fn a_price_typed_into_a_typo_keeps_the_price_it_had() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noisy.ron");
    std::fs::write(&path, NOISY.replace("trials: 200", "trials: 0")).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    let price = |h: &Harness<'_, PricelabApp>| match &h.state().document().scenario().plans[0].charges[0] {
        pricelab::model::Charge::Usage { price: pricelab::model::Price::PerUnit(p), .. } => p.to_string(),
        other => panic!("{other:?}"),
    };
    h.get_by_label("Unit price").scroll_to_me();
    h.run();
    h.get_by_label("Unit price").click();
    h.run();
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    h.run();
    for (key, applied) in [("1", "1"), ("2", "12"), ("x", "0.99")] {
        h.get_by_label("Unit price").type_text(key);
        h.run();
        assert_eq!(price(&h), applied, "after typing {key}");
    }
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(price(&h), "0.99");
    h.get_by_label("Unit price").click();
    h.run();
    assert_eq!(h.get_by_label("Unit price").value().as_deref(), Some("0.99"));
}

/// On the shipped bill-smoothing example at 1280 px, the annual bucket's long quantity ("34,560
/// resolutions, 34,560 of them prepaid by Resolution bucket") wraps in its cell: the amounts and
/// the amount due stay on the screen (they were pushed past its right edge).
#[test]
fn the_invoice_keeps_its_amounts_on_screen_beside_a_long_quantity() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bill-smoothing.ron");
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    h.get_by_label("Invoice").click();
    h.run();
    let plan = h.state().document().scenario().plans.iter().position(|p| p.name == "Annual bucket").unwrap();
    h.state_mut().results_mut().invoice.plan = plan;
    h.run();
    h.get_by_label("34,560 resolutions, 34,560 of them prepaid by Resolution bucket");
    let due = h.get_by_label("USD 60,200.00");
    assert!(due.rect().right() <= 1280.0, "the amount due ends at {}", due.rect().right());
    let amount = h.get_by_label("Amount");
    assert!(amount.rect().right() <= 1280.0, "the Amount column ends at {}", amount.rect().right());
}

/// A bucket of 5,000 resolutions a year for an account resolving 500 a month: the invoice says
/// the resolutions it counts were prepaid (and so billed nothing) until the bucket runs out in
/// November.
#[test]
fn the_invoice_says_which_units_a_bundle_prepaid() {
    let text = r#"(format: 1, name: "Bucket", start: "2027-01", months: 12,
        accounts: [(name: "Shop", conversations: 1000, ai_involvement: (start: 1.0, end: 1.0, months: 0),
            resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
        plans: [(name: "Bucket", charges: [Usage(name: "Overage", metric: Resolutions, price: PerUnit("1.50"))],
                 commitments: [Bundle(name: "Annual bucket", metric: Resolutions, units: 5000, price: "4800",
                                      term_months: 12, billing: Upfront)])])"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bucket.ron");
    std::fs::write(&path, text).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    h.get_by_label("Invoice").click();
    h.run();
    h.get_by_label("500 resolutions, 500 of them prepaid by Annual bucket");
    h.state_mut().results_mut().invoice.month = 10;
    h.run();
    assert!(h.query_by_label_contains("prepaid by").is_none(), "the bucket is used up by November");
    h.get_by_label("500 resolutions");
}

/// The guide is inside the app: someone with only the program reads every chapter from Help.
#[test]
fn the_users_guide_is_in_the_help_menu() {
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("User's guide").click();
    h.run();
    h.get_by_label("pricelab");
    h.get_by_label("The Monte Carlo").click();
    h.run();
    h.get_by_label("The Monte Carlo simulation: how a future is drawn");
    h.get_by_label_contains(
        "• Chance over a budget (--budget): the share of trials in which at least one month's bill is",
    );
    // Every chapter draws (a character the font lacks would not).
    for chapter in pricelab::app::guide::CHAPTERS {
        h.get_by_label(chapter.title).click();
        h.run();
    }
}

/// Saving a hand-written file drops its comments below the header: the app asks first, once.
#[test]
fn saving_over_comments_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("commented.ron");
    let text = format!("// Header kept\n{}", NOISY.replace("months: 12,", "months: 12, // one year to start"));
    std::fs::write(&path, &text).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()).without_file_dialogs());
    h.run();
    super::save::rename(&mut h, "Renamed");
    h.state_mut().send(Command::Save);
    h.run();
    h.get_by_label("Comments in the file");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "nothing written before the answer");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    h.state_mut().send(Command::Save);
    h.run();
    h.get_by_label("Save, dropping them").click();
    h.run();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.starts_with("// Header kept\n") && saved.contains("Renamed") && !saved.contains("one year"),
        "{saved}"
    );
    // Asked once: the next save just saves.
    super::save::rename(&mut h, "Again");
    h.state_mut().send(Command::Save);
    h.run();
    assert!(std::fs::read_to_string(&path).unwrap().contains("Again"));
}

/// At 1280 pixels, beside the editor, the Summary shows each plan's total, its change and its
/// price per resolution without scrolling.
#[test]
fn the_summarys_key_figures_are_in_view_at_1280_pixels() {
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Summary;
    h.run();
    for column in ["Total", "change %", "per resolution"] {
        let right = h.get_all_by_label(column).next().unwrap().rect().right();
        assert!(right < 1270.0, "{column} ends at {right}, off the window");
    }
}

/// A sweep over a range typed away from the scenario's value: the value is said in words rather
/// than drawn far off (where it stretched the plot until the sweep filled a corner of it).
#[test]
fn a_sweep_away_from_the_scenarios_value_says_where_that_value_is() {
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Analysis;
    h.run();
    h.get_by_label("Sweep").click();
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_analysis(&ctx);
    h.run();
    // The first field of every profile: conversations a month, 250,000 now.
    h.get_by_label("the scenario's value now");
    let sweep = &mut h.state_mut().results_mut().analysis.sweep;
    (sweep.from, sweep.to) = ("300000".into(), "400000".into());
    h.run();
    h.state_mut().wait_for_analysis(&ctx);
    h.run();
    h.get_by_label("(the scenario's value now, 250000, is outside the range swept)");
    assert!(h.query_by_label("the scenario's value now").is_none());
}

//! The app's basics driven as a user would: edit, undo, open, save, export, drop a file, the
//! Monte Carlo run in the background, the status bar.

use super::{SMALL, copied_text, edit_price, harness, small_file, total};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use pricelab::app::{Command, PricelabApp, Settings};
use rust_decimal::Decimal;
use std::path::Path;

#[test]
fn starts_on_the_built_in_example_and_names_it_in_the_title() {
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    let title = h.state().window_title();
    assert!(title.starts_with("Fin-style outcome pricing"), "{title}");
    assert!(title.contains("not saved"), "{title}");
    assert!(!h.state().document().is_dirty(), "drawing the editors changes nothing");
    assert!(!title.starts_with('●'));
    assert_eq!(h.state().document().scenario().plans.len(), 4);
    h.get_by_label("Revenue over time");
}

#[test]
fn editing_a_price_changes_the_summary_total_by_the_hand_computed_amount() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(Some(&small_file(&dir)), Settings::default()));
    h.run();
    assert_eq!(total(&h, 0), Decimal::new(475_200, 2));
    // 0.99 → 1.49: 400 resolutions × 0.50 × 12 months = 2400.00 more: 7152.00.
    edit_price(&mut h, "1.49");
    assert_eq!(total(&h, 0), Decimal::new(715_200, 2));
    assert!(h.state().window_title().starts_with("● Small"), "{}", h.state().window_title());
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Summary;
    h.run();
    // Year 1, the total, the vendor margin (no cost to serve) and the customer's support cost
    // (no agent cost): all the same 12 months of bills.
    assert_eq!(h.query_all_by_label("7,152.00").count(), 4);
}

#[test]
fn undo_and_redo_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(Some(&small_file(&dir)), Settings::default()));
    h.run();
    edit_price(&mut h, "2");
    assert_eq!(total(&h, 0), Decimal::new(960_000, 2)); // 400 × 2 × 12
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(total(&h, 0), Decimal::new(475_200, 2));
    assert!(!h.state().document().is_dirty(), "back to the saved file");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(total(&h, 0), Decimal::new(960_000, 2));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(total(&h, 0), Decimal::new(960_000, 2));
}

#[test]
fn adding_a_plan_from_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(Some(&small_file(&dir)), Settings::default()));
    h.run();
    h.get_by_label("➕ Add plan").scroll_to_me();
    h.run();
    h.get_by_label("➕ Add plan").click();
    h.run();
    h.get_by_label("Hybrid: seats + resolutions").click();
    h.run();
    let plans = &h.state().document().scenario().plans;
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[1].name, "Hybrid: seats + resolutions");
    // 10 seats × 85 + 400 × 0.99 = 1246.00 a month; 12 months: 14952.00.
    assert_eq!(total(&h, 1), Decimal::new(1_495_200, 2));
    assert_eq!(h.state().document().state().styles.len(), 2);
}

#[test]
fn a_malformed_file_shows_its_problems_and_keeps_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(format: 1, name: \"Bad\", months: 0, oops: 1)").unwrap();
    let mut h = harness(PricelabApp::new(Some(&small_file(&dir)), Settings::default()));
    h.run();
    h.state_mut().send(Command::OpenPath(bad.clone()));
    h.run();
    assert_eq!(h.state().document().scenario().name, "Small");
    let (path, problems) = h.state().open_errors().unwrap().clone();
    assert_eq!(path, bad);
    assert!(problems[0].starts_with("1:"), "{problems:?}");
    h.get_by_label(&problems[0]);
    h.get_by_label(&format!("{} was not opened; the current scenario is unchanged.", bad.display()));
}

#[test]
fn save_then_reopen_gives_an_equal_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    let before = h.state().document().scenario().clone();
    let path = dir.path().join("saved.ron");
    h.state_mut().send(Command::SaveTo(path.clone()));
    h.run();
    assert!(!h.state().document().is_dirty());
    assert!(h.state().window_title().contains("saved.ron"));
    assert_eq!(h.state().settings.recent.first().map(|p| p.file_name()), Some(path.file_name()));
    let reopened = PricelabApp::new(Some(&path), Settings::default());
    assert_eq!(reopened.document().scenario(), &before);
    assert_eq!(pricelab::io::read_scenario(Path::new(&path)).unwrap(), before);
}

#[test]
fn unsaved_changes_are_asked_about_before_opening_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(Some(&small_file(&dir)), Settings::default()));
    h.run();
    edit_price(&mut h, "3");
    h.state_mut().send(Command::OpenExample(1));
    h.run();
    assert!(h.state().is_confirming());
    assert_eq!(h.state().document().scenario().name, "Small", "nothing is lost before the user answers");
    // The question says what would be lost.
    h.get_by_label("1 change to the file:");
    h.get_by_label("plan \"Per resolution\", charge \"Resolution\", price: was 0.99, now 3");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().document().scenario().name, "Small");
    h.state_mut().send(Command::OpenExample(1));
    h.run();
    h.get_by_label("Discard changes").click();
    h.run();
    assert!(h.state().document().scenario().name.starts_with("Seasonal retailer"));
}

#[test]
fn exports_write_the_cli_formats() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(Some(&small_file(&dir)), Settings::default()));
    h.run();
    let csv = dir.path().join("out.csv");
    let json = dir.path().join("out.json");
    h.state_mut().send(Command::ExportTo(pricelab::app::files::Purpose::ExportCsv, csv.clone()));
    h.state_mut().send(Command::ExportTo(pricelab::app::files::Purpose::ExportJson, json.clone()));
    h.run();
    assert_eq!(std::fs::read_to_string(&csv).unwrap().lines().count(), 13);
    let j: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(j["plans"][0]["total"], "4752.00");
}

#[test]
fn dragging_a_seasonality_point_changes_the_multiplier_and_the_revenue() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(Some(&small_file(&dir)), Settings::default()));
    h.run();
    h.get_by_label("Seasonality of Team").scroll_to_me();
    h.run();
    let rect = h.get_by_label("Seasonality of Team").rect();
    // The plot spans months -0.5..11.5 across and 0..top up: December (index 11) at 1.0.
    let top = pricelab::app::editor::seasonality::plot_top(&[1.0; 12]) as f32;
    let x = rect.left() + (11.5 / 12.0) * rect.width();
    let y_of = |v: f32| rect.bottom() - v / top * rect.height();
    h.hover_at(egui::pos2(x, y_of(1.0)));
    h.run();
    h.drag_at(egui::pos2(x, y_of(1.0)));
    h.run();
    for step in 1..=10 {
        h.hover_at(egui::pos2(x, y_of(1.0 + step as f32 * 0.1)));
        h.run();
    }
    h.drop_at(egui::pos2(x, y_of(2.0)));
    h.run();
    let december = h.state().document().scenario().accounts[0].seasonality[11];
    assert!((december - 2.0).abs() <= 0.03, "December dragged to {december}");
    // December's revenue follows: 1000 × m conversations → round(round(1000m × 0.8) × 0.5) resolutions × 0.99.
    let resolutions = ((1000.0 * december * 0.8_f64).round() * 0.5).round();
    let billed = h.state().document().outcome.as_ref().unwrap().plans[0].billed[11];
    assert_eq!(billed, Decimal::from_f64_retain(resolutions).unwrap() * Decimal::new(99, 2));
    assert!(billed > Decimal::new(39_600, 2), "more than a flat month's 396.00: {billed}");
    // Only December moved, and the drag is one undo step.
    assert_eq!(h.state().document().scenario().accounts[0].seasonality[10], 1.0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().document().scenario().accounts[0].seasonality[11], 1.0);
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(Some(&small_file(&dir)), Settings::default()));
    h.run();
    edit_price(&mut h, "5");
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    h.run();
    assert!(h.state().is_confirming(), "the close was held back to ask");
    h.get_by_label(&format!("Save the changes to {} first?", dir.path().join("small.ron").display()));
    h.get_by_label("Save").click();
    h.run();
    // Saved, then closed: the file now holds the new price.
    let saved = pricelab::io::read_scenario(&dir.path().join("small.ron")).unwrap();
    assert_eq!(
        saved.plans[0].charges[0],
        pricelab::model::Charge::Usage {
            name: "Resolution".into(),
            metric: pricelab::model::Metric::Resolutions,
            included: 0,
            price: pricelab::model::Price::PerUnit(Decimal::new(5, 0)),
        }
    );
    assert!(!h.state().document().is_dirty());
    assert!(h.state().is_quitting());
}

/// A file dropped on the window, as the windowing system hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_scenario_file_on_the_window_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_file(&dir);
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(path.clone())));
    h.run();
    assert_eq!(h.state().document().scenario().name, "Small");
    assert_eq!(h.state().document().path.as_deref(), Some(path.as_path()));
}

#[test]
fn monte_carlo_runs_in_the_background_and_shows_predictability() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(Some(&small_file(&dir)), Settings::default()));
    h.run();
    use pricelab::app::mc_runner::{DEBOUNCE, Status};
    use std::time::{Duration, Instant};
    assert_eq!(h.state().mc().status(), Status::Off);
    // Two edits, then frames until the run is done (the deadline only bounds a hang). Nothing
    // depends on the machine's speed: a run starts only DEBOUNCE after the last edit, so a frame
    // showing it running comes at least that late; and the frame that starts a run shows it
    // running (its result is collected the frame after).
    let mut state = h.state().document().state().clone();
    state.scenario.simulation.trials = 100;
    state.scenario.simulation.volume_noise = 0.2;
    let first_edit = Instant::now();
    h.state_mut().send(Command::Edit(Box::new(state.clone())));
    h.step(); // (a command is applied at the end of the frame)
    h.step();
    let mut seen = vec![h.state().mc().status()];
    assert!(seen[0] == Status::Waiting || first_edit.elapsed() >= DEBOUNCE, "not waiting: {seen:?}");
    let mut edited = first_edit;
    state.scenario.simulation.trials = 200;
    h.state_mut().send(Command::Edit(Box::new(state)));
    let mut second_sent = false;
    let deadline = Instant::now() + Duration::from_secs(60);
    while !(second_sent && h.state().mc().status() == Status::Done) {
        assert!(Instant::now() < deadline, "the run never finished: {seen:?}");
        h.step();
        if !second_sent {
            // (The second edit is applied at the end of this frame.)
            edited = Instant::now();
            second_sent = true;
            continue;
        }
        let status = h.state().mc().status();
        if matches!(status, Status::Running(..)) {
            assert!(edited.elapsed() >= DEBOUNCE, "started {:?} after the last edit", edited.elapsed());
        }
        if std::mem::discriminant(seen.last().unwrap()) != std::mem::discriminant(&status) {
            seen.push(status);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        matches!(seen.as_slice(), [.., Status::Waiting, Status::Running(..), Status::Done]),
        "waiting for the edits to settle, then running, then done: {seen:?}"
    );
    h.run();
    let mc = h.state().mc().current().expect("results for the current scenario");
    assert_eq!(mc.trials, 200, "the run is of the last edit");
    let total = mc.plans[0].total;
    let plans = mc.plans.len();
    assert!(total.p10 < total.p50 && total.p50 < total.p90);
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Summary;
    h.run();
    h.get_by_label("P(any month > budget)");
    // A budget no month can reach, then one every trial exceeds at least once.
    // ("100.0%" is also the margin: the scenario has no cost to serve.)
    h.state_mut().results_mut().summary.budget = Decimal::new(1_000_000, 0);
    h.run();
    let at_high_budget = h.query_all_by_label("100.0%").count();
    // Year by year, every plan's every month is under it.
    let years = pricelab::engine::compare::years(&h.state().document().outcome.as_ref().unwrap().months).len();
    assert_eq!(h.query_all_by_label("0.0% · 0.0 months").count(), years * plans);
    h.state_mut().results_mut().summary.budget = Decimal::new(1, 0);
    h.run();
    assert_eq!(h.query_all_by_label("100.0%").count(), at_high_budget + 1);
    // ... and over a budget of 1, every month of every plan that bills something.
    h.get_by_label_contains("Year by year against the budget of USD 1.00 (the monthly bill)");
    assert!(h.query_all_by_label("100.0% · 12.0 months").count() >= 1);
    // Another edit makes the results stale: they are not shown for a scenario they are not of.
    let before = h.state().mc().current().unwrap().plans[0].total;
    edit_price(&mut h, "1.10");
    assert!(h.state().mc().current().is_none_or(|mc| mc.plans[0].total != before), "the last price's results shown");
    h.get_by_label("Distribution").click();
    h.run();
    // Once the edited scenario's run is done, the histograms are of it.
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_monte_carlo(&ctx);
    h.run();
    h.get_by_label("200 trials, USD");
}

#[test]
fn a_long_monte_carlo_run_can_be_cancelled_from_the_status_bar() {
    use pricelab::app::mc_runner::Status;
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    h.state_mut().send(Command::OpenExample(4)); // the 2,780-account portfolio
    h.run();
    let mut state = h.state().document().state().clone();
    state.scenario.simulation.trials = 20_000;
    h.state_mut().send(Command::Edit(Box::new(state)));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !matches!(h.state().mc().status(), Status::Running(..)) {
        assert!(std::time::Instant::now() < deadline, "the run never started");
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.step();
    }
    h.step(); // draw the status bar of the running job
    h.get_by_label("Cancel").click();
    h.step();
    h.step();
    assert_eq!(h.state().mc().status(), Status::Cancelled);
    assert!(h.state().mc().current().is_none());
    h.get_by_label("Monte Carlo cancelled: edit the scenario to run it again");
}

#[test]
fn the_budget_is_one_customers_in_a_portfolio() {
    // Ten small accounts (about 400 a month each) and one large one (about 40,000).
    let text = SMALL
        .replace(r#"(name: "Team", conversations: 1000"#, r#"(name: "Team", count: 10, conversations: 1000"#)
        .replace(
            "seats: Fixed(10))]",
            r#"seats: Fixed(10)), (name: "Big", conversations: 100000, ai_involvement: (start: 0.8, end: 0.8, months: 0),
                resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(100))],
               simulation: (trials: 100, volume_noise: 0.2)"#,
        );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.ron");
    std::fs::write(&path, text).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    let scenario = h.state().document().scenario().clone();
    assert_eq!(scenario.accounts.len(), 2, "the test's scenario");
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_monte_carlo(&ctx);
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Summary;
    h.state_mut().results_mut().summary.budget = Decimal::new(1_000, 0);
    h.run();
    // The whole portfolio's bill is always over 1,000 a month.
    h.get_by_label("compared with");
    // ("100.0%" is also the margin, "0.0%" the baseline's change.)
    let count = |h: &Harness<'_, PricelabApp>, text: &str| h.query_all_by_label(text).count();
    assert_eq!((count(&h, "100.0%"), count(&h, "0.0%")), (2, 1));
    // One small account's never is; the large account's always is.
    h.state_mut().results_mut().summary.budget_account = Some(0);
    h.run();
    assert_eq!((count(&h, "100.0%"), count(&h, "0.0%")), (1, 2));
    h.state_mut().results_mut().summary.budget_account = Some(1);
    h.run();
    assert_eq!((count(&h, "100.0%"), count(&h, "0.0%")), (2, 1));
    // Without the large account there is one account: the choice goes.
    let mut state = h.state().document().state().clone();
    state.scenario.accounts.truncate(1);
    state.scenario.accounts[0].count = 1;
    h.state_mut().send(Command::Edit(Box::new(state)));
    h.run();
    h.state_mut().wait_for_monte_carlo(&ctx);
    h.run();
    h.run();
    h.get_by_label("compared with the customer's monthly bill");
    assert_eq!(h.state_mut().results_mut().summary.budget_account, None);
}

#[test]
fn the_predictability_table_copies_as_plain_numbers() {
    // The built-in Fin example runs 1,000 trials; its per-conversation plan peaks near 830,000 a
    // month, the others below 400,000.
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_monte_carlo(&ctx);
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Summary;
    h.state_mut().results_mut().summary.budget = Decimal::new(600_000, 0);
    h.run();
    h.get_by_label("📋 Copy predictability").click();
    h.step();
    let text = copied_text(&h);
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 5, "a header and four plans: {text}");
    assert_eq!(lines[0][..4], ["Plan", "P(any month > budget)", "highest month P90", "month P90/P50"]);
    assert_eq!(lines[2][..2], ["Per AI conversation + seats", "100.0%"]);
    assert_eq!(lines[1][..2], ["Seats only", "0.0%"]);
    // The highest month's P90 sits with the chance: above the budget every trial goes over, below
    // it where none does.
    let highest = |row: usize| lines[row][2].parse::<f64>().unwrap();
    assert!(highest(2) > 600_000.0 && highest(1) < 600_000.0, "{text}");
    for row in &lines[1..] {
        assert_eq!(row.len(), 10, "{row:?}");
        // Ratios and amounts paste as numbers: no "×", no thousands separators.
        for cell in &row[2..] {
            assert!(cell.parse::<f64>().is_ok(), "{cell:?} in {row:?}");
        }
    }
}

#[test]
fn the_status_bar_counts_the_problems() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(Some(&small_file(&dir)), Settings::default()));
    h.run();
    h.get_by_label("✔ valid");
    // Problems the editor leaves as they are: an empty name, then two accounts of one name.
    let mut state = h.state().document().state().clone();
    state.scenario.name = String::new();
    h.state_mut().send(Command::Edit(Box::new(state.clone())));
    h.run();
    h.get_by_label("⚠ 1 problem");
    state.scenario.accounts.push(state.scenario.accounts[0].clone());
    h.state_mut().send(Command::Edit(Box::new(state)));
    h.run();
    h.get_by_label("⚠ 2 problems");
}

#[test]
fn saving_a_never_saved_scenario_from_the_quit_question_saves_then_quits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept.ron");
    let mut h = harness(PricelabApp::new(None, Settings::default()).without_file_dialogs());
    h.run();
    let mut state = h.state().document().state().clone();
    state.scenario.name = "Never saved".into();
    // No Monte Carlo run: its Cancel button in the status bar would be a second "Cancel".
    state.scenario.simulation.trials = 0;
    h.state_mut().send(Command::Edit(Box::new(state.clone())));
    h.state_mut().send(Command::Quit);
    h.run();
    assert!(h.state().is_confirming());
    h.get_by_label("Save").click();
    h.run();
    h.run();
    // No file yet: the path is asked for; quitting waits for it.
    assert!(!h.state().is_quitting());
    let prompt = "No file dialog is available on this machine: type the file's path.";
    h.get_by_label(prompt).click();
    h.run();
    h.get_by_label(prompt).type_text(&path.display().to_string());
    h.run();
    h.get_by_label("OK").click();
    h.run();
    h.run();
    assert_eq!(pricelab::io::read_scenario(&path).unwrap().name, "Never saved");
    assert!(h.state().is_quitting(), "the Quit asked for goes on once saved");

    // Cancelling the path cancels the Quit too, and a later Save does not quit.
    let mut h = harness(PricelabApp::new(None, Settings::default()).without_file_dialogs());
    h.run();
    h.state_mut().send(Command::Edit(Box::new(state)));
    h.state_mut().send(Command::Quit);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    h.run();
    assert!(!h.state().is_quitting());
    assert!(h.state().status().contains("Not saved"), "{}", h.state().status());
    h.state_mut().send(Command::SaveTo(dir.path().join("later.ron")));
    h.run();
    assert!(h.state().status().starts_with("Saved"), "{}", h.state().status());
    assert!(!h.state().is_quitting());
}

#[test]
fn new_is_a_blank_scenario_and_the_examples_are_a_menu_away() {
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    h.state_mut().send(Command::New);
    h.run();
    let s = h.state().document().scenario();
    assert_eq!((s.name.as_str(), s.accounts.len(), s.plans.len()), ("New scenario", 1, 1));
    assert!(pricelab::model::validate(s).is_empty());
    assert!(h.state().status().contains("New from an example"));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("New from an example");
}

#[test]
fn the_revenue_plot_compares_an_edit_with_before_but_never_with_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(Some(&small_file(&dir)), Settings::default()));
    // Frames advance egui's clock by a 60th of a second: results shown for a second count as
    // "before" an edit.
    let settle = |h: &mut Harness<'_, PricelabApp>| {
        for _ in 0..90 {
            h.step();
        }
    };
    h.run();
    settle(&mut h);
    edit_price(&mut h, "1.49");
    settle(&mut h);
    h.get_by_label_contains("dashed: before the last change");
    h.get_by_label("📌 Pin").click();
    h.run();
    h.get_by_label_contains("dashed: as pinned");
    // Another file of the same shape (one plan, twelve months): its lines are not "before".
    let other = dir.path().join("other.ron");
    std::fs::write(&other, SMALL.replace("\"Small\"", "\"Other\"").replace("0.99", "2.00")).unwrap();
    h.state_mut().send(Command::OpenPath(other));
    h.run();
    h.get_by_label("Discard changes").click();
    h.run();
    settle(&mut h);
    assert_eq!(h.state().document().scenario().name, "Other");
    assert!(h.query_by_label_contains("dashed:").is_none(), "nothing of the last file is compared");
    // Its own edits are.
    edit_price(&mut h, "2.50");
    settle(&mut h);
    h.get_by_label_contains("dashed: before the last change");
}

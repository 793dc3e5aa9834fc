//! What a newcomer meets in the first hour (issue #14): values refused with a reason beside the
//! field, files with broken rules opened and fixed in the app, saves that change nothing but
//! the edit.

use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use pricelab::app::{Command, PricelabApp, Settings};
use pricelab::model::examples;

/// One account, one plan at 0.99 per resolution (its price field is labelled "Unit price").
const SMALL: &str = r#"(format: 1, name: "Small", start: "2025-01", months: 12,
    accounts: [(name: "Team", conversations: 1000, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
    plans: [(name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])])"#;

fn harness(app: PricelabApp) -> Harness<'static, PricelabApp> {
    crate::gui::harness(app)
}

/// Types `text` into the field labelled `label` (replacing what it holds) and presses Enter.
fn type_into(h: &mut Harness<'_, PricelabApp>, label: &str, text: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.get_by_label(label).type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.run();
}

#[test]
fn a_value_out_of_range_is_refused_with_the_reason_beside_the_field() {
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    let months = h.state().document().scenario().months;
    type_into(&mut h, "Months", "-5");
    assert_eq!(h.state().document().scenario().months, months, "the refused value is not applied");
    h.get_by_label_contains("-5 mo is below the lowest allowed, 1 mo: not applied");
    // A good value is applied and the note goes.
    type_into(&mut h, "Months", "24");
    assert_eq!(h.state().document().scenario().months, 24);
    assert!(h.query_by_label_contains("below the lowest allowed").is_none());
    type_into(&mut h, "Months", "abc");
    h.get_by_label_contains("\"abc\" is not a number: not applied");
    assert_eq!(h.state().document().scenario().months, 24);
}

#[test]
fn a_money_value_that_is_not_an_amount_says_why_when_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.ron");
    std::fs::write(&path, SMALL).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    let before = h.state().document().scenario().plans[0].clone();
    type_into(&mut h, "Unit price", "-1");
    assert_eq!(h.state().document().scenario().plans[0], before);
    h.get_by_label_contains("`-1` is negative: amounts of money are 0 or more");
}

#[test]
fn a_file_with_broken_rules_opens_shows_each_problem_at_its_field_and_is_fixed_in_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    let text = format!(
        "// Our retail model, v3\n{}",
        examples::DEFAULT.text.lines().skip(1).collect::<Vec<_>>().join("\n").replace("months: 36", "months: 0")
    );
    std::fs::write(&path, format!("{text}\n")).unwrap();
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    h.state_mut().send(Command::OpenPath(path.clone()));
    h.run();
    assert!(h.state().open_errors().is_none(), "{:?}", h.state().open_errors());
    assert_eq!(h.state().document().scenario().months, 0, "opened as it is, not silently clamped");
    assert!(!h.state().document().is_dirty());
    assert!(h.state().status().contains("1 problem to fix"), "{}", h.state().status());
    h.get_by_label_contains("0 months is out of range; simulate 1 to 600 months");
    // Fixed where it is shown.
    type_into(&mut h, "Months", "36");
    assert_eq!(h.state().document().scenario().months, 36);
    assert!(h.state().document().problems.is_empty(), "{:?}", h.state().document().problems);
    h.state_mut().send(Command::Save);
    h.run();
    // Saved in canonical form, its header comment kept: the shipped file under that header.
    let saved = std::fs::read_to_string(&path).unwrap();
    assert_eq!(saved, text.replace("months: 0", "months: 36") + "\n");
}

#[test]
fn open_then_save_with_no_edit_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for e in examples::ALL {
        let path = dir.path().join(e.file);
        std::fs::write(&path, e.text).unwrap();
        let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
        h.run();
        h.state_mut().send(Command::SaveTo(path.clone()));
        h.run();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), e.text, "{}", e.file);
    }
}

#[test]
fn the_summary_keeps_each_rows_plan_in_view_while_its_columns_scroll() {
    let mut h = Harness::builder()
        .with_size(vec2(1024.0, 700.0))
        .with_max_steps(crate::gui::SETTLE_STEPS)
        .build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), PricelabApp::new(None, Settings::default()));
    h.run();
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Summary;
    h.run();
    // (The editor's plan list shows the same name, in the side panel.)
    let cell = |h: &Harness<'_, PricelabApp>| {
        h.get_all_by_label("Seats only (baseline)").map(|n| n.rect()).find(|r| r.left() > 420.0).unwrap()
    };
    let before = cell(&h);
    // The last column is out of sight at this width…
    let last = h.get_by_label_contains("customer support cost").rect();
    assert!(last.left() > 1024.0, "{last:?}");
    // …and scrolling to it leaves the plan column where it was.
    h.get_by_label_contains("customer support cost").scroll_to_me();
    h.run();
    h.run();
    let after = h.get_by_label_contains("customer support cost").rect();
    assert!(after.right() <= 1024.0, "scrolled into view: {after:?}");
    assert_eq!(cell(&h), before, "the plan column stays");
}

#[test]
fn editor_terms_explain_themselves_and_the_help_menu_has_a_glossary() {
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    let explanation = pricelab::app::glossary::meaning("AI involvement").unwrap();
    assert!(h.query_by_label(explanation).is_none());
    // The label is left of the fields it labels (they are what carries its name).
    let field = h.query_all_by_label("AI involvement").next().unwrap().rect();
    h.event(egui::Event::PointerMoved(egui::pos2(field.left() - 40.0, field.center().y)));
    for _ in 0..60 {
        h.step();
    }
    h.get_by_label(explanation);
    // Every term is in the glossary window.
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("Glossary").click();
    h.run();
    for term in ["Re-sized every", "Resolution rate", "baseline", "P10–P90"] {
        h.get_by_label(pricelab::app::glossary::meaning(term).unwrap());
    }
}

#[test]
fn the_invoice_states_each_lines_quantity_and_price_for_a_month() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.ron");
    std::fs::write(&path, SMALL).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Invoice;
    h.run();
    // 1000 conversations, all with the AI, half resolved: 500 resolutions at 0.99 = 495.00.
    h.get_by_label("500 resolutions");
    h.get_by_label("0.99 each");
    h.get_by_label("USD 495.00");
    // The month-by-month table ends with each line's total, 12 × 495.00, and the bill's.
    assert_eq!(h.query_all_by_label("5,940.00").count(), 2);
}

#[test]
fn the_chart_exports_clean_at_the_size_chosen_as_png_or_svg() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    h.state_mut().send(Command::ExportPng);
    h.run();
    h.get_by_label("Slide, smaller (1280 × 720)").click();
    h.run();
    let png = dir.path().join("chart.png");
    h.state_mut().send(Command::ExportTo(pricelab::app::files::Purpose::ExportPng, png.clone()));
    h.run();
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(u32::from_be_bytes(bytes[16..20].try_into().unwrap()), 1280);
    assert_eq!(u32::from_be_bytes(bytes[20..24].try_into().unwrap()), 720);
    // The same chart as SVG: title, every plan in the legend, the currency on the axis.
    let svg = dir.path().join("chart.svg");
    h.state_mut().send(Command::ExportTo(pricelab::app::files::Purpose::ExportPng, svg.clone()));
    h.run();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("Fin-style outcome pricing"), "{text}");
    for plan in &h.state().document().scenario().plans {
        assert!(text.contains(&format!(">{}<", plan.name)), "{}", plan.name);
    }
    assert!(text.contains(">USD<") && text.contains("width=\"1280\""));
}

#[test]
fn a_failed_save_says_why_in_a_window_and_offers_save_as() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(PricelabApp::new(None, Settings::default()));
    h.run();
    h.state_mut().send(Command::New);
    h.run();
    let nowhere = dir.path().join("no such folder").join("plan.ron");
    h.state_mut().send(Command::SaveTo(nowhere.clone()));
    h.run();
    assert!(h.state().document().path.is_none(), "nothing was saved");
    h.get_by_label("Could not save");
    h.get_by_label(&format!("{} was not saved: your changes are still open here, unsaved.", nowhere.display()));
    // The reason names the file asked for, not a temporary one.
    // (In the window and in the status bar.)
    let why = format!("cannot write {}", nowhere.display());
    assert_eq!(h.query_all(egui_kittest::kittest::By::new().label_contains(&why)).count(), 2);
    h.get_by_label("Close").click();
    h.run();
    assert!(h.query_by_label("Could not save").is_none());
}

#[test]
fn adding_a_cap_from_the_editor_holds_the_months_bill_at_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.ron");
    std::fs::write(&path, SMALL).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    // 500 resolutions a month at 0.99: 495.00.
    let bill = |h: &Harness<'_, PricelabApp>| h.state().document().outcome.as_ref().unwrap().plans[0].billed[0];
    assert_eq!(bill(&h).to_string(), "495.00");
    h.get_by_label("➕ Cap").scroll_to_me();
    h.run();
    h.get_by_label("➕ Cap").click();
    h.run();
    h.state_mut().finish_simulation();
    h.run();
    let plan = &h.state().document().scenario().plans[0];
    assert!(matches!(plan.commitments.as_slice(), [pricelab::model::Commitment::Cap { .. }]), "{plan:?}");
    type_into(&mut h, "Cap per month", "300");
    h.state_mut().finish_simulation();
    h.run();
    assert_eq!(bill(&h).to_string(), "300.00", "held at the cap");
    // The invoice shows the cap's line: 195.00 credited.
    h.state_mut().results_mut().tab = pricelab::app::results::Tab::Invoice;
    h.run();
    h.get_by_label("the Resolutions lines held to 300.00 a month");
    assert!(h.query_all_by_label("-195.00").count() >= 1);
}

#[test]
fn edit_menu_lists_the_changes_since_the_file_was_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.ron");
    std::fs::write(&path, SMALL).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    let open_window = |h: &mut Harness<'_, PricelabApp>| {
        h.get_by_label("Edit").click();
        h.run();
        h.get_by_label("Changes since saved…").click();
        h.run();
    };
    open_window(&mut h);
    h.get_by_label_contains("No changes to");
    let total = |h: &Harness<'_, PricelabApp>| h.state().document().outcome.as_ref().unwrap().plans[0].total;
    let saved = total(&h);
    type_into(&mut h, "Unit price", "1.25");
    type_into(&mut h, "Conversations / month", "1200");
    h.get_by_label_contains("2 changes to");
    h.get_by_label("account \"Team\", conversations: was 1000, now 1200");
    h.get_by_label("plan \"Per resolution\", charge \"Resolution\", price: was 0.99, now 1.25");
    // And what they do to the plan's total: the saved version is simulated off the UI thread.
    let now = total(&h);
    let money = pricelab::model::money::grouped;
    h.state_mut().wait_for_compared_totals();
    h.run();
    h.get_by_label("What they do to each plan's total over the horizon");
    h.get_by_label(&money(saved));
    h.get_by_label(&money(now));
    h.get_by_label(&format!("+{}", money(now - saved)));
    // Copy: the changes a line each, then the totals as a table for a spreadsheet.
    h.get_by_label("Copy").click();
    h.step();
    let text = crate::gui::copied_text(&h);
    assert!(text.starts_with("account \"Team\", conversations: was 1000, now 1200\n"), "{text}");
    assert!(text.contains("\nPlan\tsaved\tnow\tchange\tchange %\n"), "{text}");
    let row = format!("Per resolution\t{}\t{}\t+{}\t", money(saved), money(now), money(now - saved));
    assert!(text.contains(&row), "{text}");
    h.run();
    // Saved: nothing left to list.
    h.state_mut().send(Command::Save);
    h.run();
    h.get_by_label_contains("No changes to");
}

#[test]
fn revert_to_saved_reads_the_file_again_after_saying_what_is_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.ron");
    std::fs::write(&path, SMALL).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    let price = |h: &Harness<'_, PricelabApp>| h.state().document().outcome.as_ref().unwrap().plans[0].total;
    let saved = price(&h);
    type_into(&mut h, "Unit price", "1.25");
    assert_ne!(price(&h), saved);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Revert to saved").click();
    h.run();
    // Asked first, with what would be lost; Cancel keeps the edits.
    h.get_by_label_contains("Discard the changes and read");
    h.get_by_label("plan \"Per resolution\", charge \"Resolution\", price: was 0.99, now 1.25");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().document().is_dirty());
    h.state_mut().send(Command::Revert);
    h.run();
    h.get_by_label("Revert").click();
    h.run();
    assert!(!h.state().document().is_dirty());
    assert_eq!(price(&h), saved);
    assert!(h.state().status().starts_with("Reverted to"), "{}", h.state().status());
    // Nothing to revert now: the menu item is off.
    h.get_by_label("File").click();
    h.run();
    assert!(h.get_by_label("Revert to saved").accesskit_node().is_disabled());
}

#[test]
fn compare_with_a_file_lists_what_this_scenario_changes_against_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, other) = (dir.path().join("small.ron"), dir.path().join("colleague.ron"));
    std::fs::write(&path, SMALL).unwrap();
    std::fs::write(&other, SMALL.replace(r#"PerUnit("0.99")"#, r#"PerUnit("1.49")"#)).unwrap();
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    h.state_mut().send(Command::CompareWith(other));
    h.run();
    h.get_by_label("Compared with colleague.ron");
    h.get_by_label_contains("1 change from");
    h.get_by_label("plan \"Per resolution\", charge \"Resolution\", price: was 1.49, now 0.99");
    // The other file's totals, simulated off the UI thread, head their column: 0.99 against 1.49
    // per resolution is 33.6% less.
    h.state_mut().wait_for_compared_totals();
    h.run();
    h.get_by_label("colleague.ron");
    h.get_by_label("-33.6%");
    // A file that cannot be read says why, and changes nothing.
    h.state_mut().send(Command::CompareWith(dir.path().join("missing.ron")));
    h.run();
    h.get_by_label("Could not open the file");
}

//! A transition added in the editor as a pricing lead would: *Move customers…* on the built-in
//! Fin example, the plan to move to picked, the launch picked on the calendar, a churn point
//! dragged, the sentence read, and the drag undone.

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use pricelab::app::{PricelabApp, Settings};
use pricelab::model::MoveAt;

#[test]
fn a_transition_added_from_the_editor_moves_the_book_and_a_churn_drag_undoes() {
    let mut h = super::harness(PricelabApp::new(None, Settings::default()));
    h.run();
    // The editor's section, closed while there is none.
    h.get_by_label("Transitions (0)").scroll_to_me();
    h.run();
    h.get_by_label("Transitions (0)").click();
    h.run();
    h.get_by_label("➕ Move customers…").scroll_to_me();
    h.run();
    h.get_by_label("➕ Move customers…").click();
    h.run();
    let t = h.state().document().scenario().transitions[0].clone();
    assert_eq!((t.from.as_str(), t.at), ("Seats only", MoveAt::Renewal));
    // Scrolled to, then opened.
    h.query_by(|n| n.label().as_deref() == Some("To") && n.role() == egui::accesskit::Role::ComboBox)
        .unwrap()
        .scroll_to_me();
    h.run();
    h.query_by(|n| n.label().as_deref() == Some("To") && n.role() == egui::accesskit::Role::ComboBox).unwrap().click();
    h.run();
    // The item of the list that opened (the plan's name is also a label in the editor and legend).
    h.get_all_by_label("Per resolution + Advanced seats")
        .rfind(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .expect("the list's item")
        .click();
    h.run();
    // The calendar: July 2026 (the Fin example starts in January 2025).
    h.get_by_label("Jul 2026").scroll_to_me();
    h.run();
    h.get_by_label("Jul 2026").click();
    h.run();
    let t = h.state().document().scenario().transitions[0].clone();
    assert_eq!((t.to.as_str(), t.launch), ("Per resolution + Advanced seats", 18));
    h.get_by_label_contains("From 2026-07, customers on Seats only move to Per resolution + Advanced seats at their next renewal; of those whose bill rises by 50%, 20% leave.");
    // The result line follows: a transition after the plans.
    let outcome = h.state().document().outcome.as_ref().unwrap();
    assert_eq!(outcome.transitions.len(), 1);
    assert_eq!(outcome.transitions[0].line.billed[..18], outcome.plans[0].billed[..18]);

    // Drag the +50% point from 20% up to 30%: the plot spans 0..62.5% across, 0..50% up.
    h.get_by_label("churn curve").scroll_to_me();
    h.run();
    let rect = h.get_by_label("churn curve").rect();
    let x = rect.left() + 50.0 / 62.5 * rect.width();
    let y_of = |share: f32| rect.bottom() - share / 50.0 * rect.height();
    h.hover_at(egui::pos2(x, y_of(20.0)));
    h.run();
    h.drag_at(egui::pos2(x, y_of(20.0)));
    h.run();
    for step in 1..=10 {
        h.hover_at(egui::pos2(x, y_of(20.0 + step as f32)));
        h.run();
    }
    h.drop_at(egui::pos2(x, y_of(30.0)));
    h.run();
    let share = h.state().document().scenario().transitions[0].churn[1].share;
    assert!((share - 0.30).abs() <= 0.01, "dragged to {share}");
    let said = format!("of those whose bill rises by 50%, {}% leave.", (share * 1000.0).round() / 10.0);
    h.get_by_label_contains(&said);
    // One undo step brings the curve back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().document().scenario().transitions[0].churn[1].share, 0.2);
}

/// The Transition tab on the shipped transition: the break-even churn in words (as `simulate`
/// prints it, 28.08%), the move's gain over staying, and the accounts at the end; the tab is
/// offered only when the scenario has a transition.
#[test]
fn the_transition_tab_says_how_much_churn_the_move_absorbs() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/backtest/transition.ron");
    let mut h = super::harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    h.get_by_label("Transition").click();
    h.run();
    h.get_by_label("The move still pays if fewer than 28.08% of the accounts leave when they move (break-even churn).");
    let outcome = h.state().document().outcome.clone().unwrap();
    let gain = outcome.transitions[0].line.total - outcome.plans[0].total;
    h.get_by_label_contains(&format!("+USD {} (+2.3%)", pricelab::model::money::grouped(gain)));
    h.get_by_label_contains("256.09 moved to $0.35 per resolution + $29 seats, 43.91 lost");
    h.get_by_label("Cumulative").click();
    h.run();
    assert!(h.state().results().transition.cumulative);
    // Without a transition there is no such tab.
    let mut plain = super::harness(PricelabApp::new(None, Settings::default()));
    plain.run();
    assert!(plain.query_by_label("Transition").is_none());
}

/// A profile's renewal month is set in the editor: ticked, its accounts renew together from the
/// month typed, shown as a calendar month.
#[test]
fn a_profiles_renewal_is_set_in_the_editor() {
    let mut h = super::harness(PricelabApp::new(None, Settings::default()));
    h.run();
    assert_eq!(h.state().document().scenario().accounts[0].renewal, None);
    h.get_by_label("Renews").scroll_to_me();
    h.run();
    h.query_by(|n| n.label().as_deref() == Some("Renews") && n.role() == egui::accesskit::Role::CheckBox)
        .expect("the checkbox")
        .click();
    h.run();
    assert_eq!(h.state().document().scenario().accounts[0].renewal, Some(0));
    h.get_by_label_contains("first in 2025-01, then every contract length");
}

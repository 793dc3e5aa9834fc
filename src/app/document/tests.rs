//! The document's undo steps, dirty marking and simulation off the UI thread.

use super::*;
use crate::model::examples;

fn doc() -> Document {
    Document::new(examples::DEFAULT.scenario().unwrap(), Some("fin.ron".into()))
}

#[test]
fn an_interaction_is_one_undo_step() {
    let mut d = doc();
    let original = d.state().clone();
    for months in [30, 24, 12] {
        let mut s = d.state().clone();
        s.scenario.months = months;
        d.edit(s);
    }
    assert!(d.is_dirty());
    d.settle();
    assert_eq!(d.scenario().months, 12);
    d.undo();
    assert_eq!(d.state(), &original);
    assert!(!d.is_dirty());
    d.redo();
    assert_eq!(d.scenario().months, 12);
    assert_eq!(d.outcome.as_ref().unwrap().months.len(), 12, "re-simulated on redo");
}

#[test]
fn invalid_edits_keep_the_last_results_and_list_the_problems() {
    let mut d = doc();
    let mut s = d.state().clone();
    s.scenario.months = 0;
    d.edit(s);
    assert!(!d.is_current());
    assert_eq!(d.problems[0].path(), Some("months"));
    assert_eq!(d.outcome.as_ref().unwrap().months.len(), 36);
}

#[test]
fn saving_clears_dirty_and_a_new_edit_clears_redo() {
    let mut d = doc();
    let mut s = d.state().clone();
    s.scenario.name = "Renamed".into();
    d.edit(s);
    d.mark_saved("x.ron".into(), None);
    assert!(!d.is_dirty());
    d.undo();
    assert!(d.is_dirty());
    assert!(d.can_redo());
    let mut t = d.state().clone();
    t.scenario.notes = "n".into();
    d.edit(t);
    d.settle();
    assert!(!d.can_redo());
}

#[test]
fn restored_edits_are_changes_to_the_file_as_it_is_now() {
    let on_disk = examples::DEFAULT.scenario().unwrap();
    let mut edited = on_disk.clone();
    edited.months = 24;
    let d = Document::recovered(edited.clone(), Some("fin.ron".into()), Some(on_disk.clone()));
    assert!(d.is_dirty());
    let changes: Vec<String> = d.changes_since_saved().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(changes, ["months: was 36, now 24"]);
    // The file unreadable or never saved: unsaved all the same, nothing to compare with.
    let d = Document::recovered(edited, Some("gone.ron".into()), None);
    assert!(d.is_dirty() && d.changes_since_saved().is_none());
    // The same as the file: nothing to recover.
    assert!(!Document::recovered(on_disk.clone(), Some("fin.ron".into()), Some(on_disk)).is_dirty());
}

/// The Fin scenario's account as `profiles` profiles: large enough to simulate off the UI
/// thread from 80 profiles on (80 profiles × 36 months × 7 bill lines > 20,000).
fn large(profiles: usize) -> Scenario {
    let mut s = examples::DEFAULT.scenario().unwrap();
    let one = s.accounts[0].clone();
    s.accounts = (0..profiles).map(|i| crate::model::Account { name: format!("Team {i}"), ..one.clone() }).collect();
    s
}

fn price_of_resolutions(state: &mut EditState, cents: i64) {
    if let Some(crate::model::Charge::Usage { price: crate::model::Price::PerUnit(p), .. }) =
        state.scenario.plans[2].charges.get_mut(1)
    {
        *p = rust_decimal::Decimal::new(cents, 2);
    }
}

#[test]
fn a_large_scenario_is_simulated_off_the_ui_thread() {
    let mut d = Document::new(large(200), None);
    assert!(d.is_simulating(), "a large scenario does not simulate within the call");
    assert!(!d.is_current());
    d.finish();
    assert!(!d.is_simulating());
    assert!(d.is_current());
    assert_eq!(d.outcome, engine::simulate(d.scenario()).ok());

    // Edits in a row while a job runs: the results are the last edit's, never an earlier one's.
    for cents in [109, 119, 129] {
        let mut s = d.state().clone();
        price_of_resolutions(&mut s, cents);
        d.edit(s);
        assert!(d.is_simulating());
    }
    let before = d.outcome.clone();
    d.finish();
    assert_ne!(d.outcome, before);
    assert_eq!(d.outcome, engine::simulate(d.scenario()).ok(), "the current scenario's results");
    assert!(!d.poll(&egui::Context::default()), "nothing left running");
}

#[test]
fn polling_collects_the_results_when_they_are_ready() {
    let mut d = Document::new(large(200), None);
    let ctx = egui::Context::default();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while d.poll(&ctx) {
        assert!(std::time::Instant::now() < deadline, "the simulation never finished");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(d.is_current());
    assert_eq!(d.outcome.as_ref().map(|o| o.accounts.len()), Some(200));
}

#[test]
fn a_large_scenarios_problems_show_once_checked_and_keep_the_last_results() {
    let mut d = Document::new(large(200), None);
    let mut s = d.state().clone();
    s.scenario.accounts[150].resolution_rate.start = 2.0;
    d.edit(s);
    assert!(d.is_simulating(), "checked off the UI thread");
    d.finish();
    assert!(!d.is_simulating());
    assert_eq!(d.problems[0].path(), Some("accounts[150].resolution_rate.start"));
    assert!(!d.is_current(), "the results of the valid version do not hide the problem");
    // Undone, the valid scenario is simulated again.
    d.undo();
    assert!(!d.problems.is_empty(), "shown until the undone version is checked");
    d.finish();
    assert!(d.problems.is_empty());
    assert!(d.is_current());
    assert_eq!(d.outcome, engine::simulate(d.scenario()).ok());
}

#[test]
fn shrinking_a_large_scenario_simulates_it_on_the_spot() {
    let mut d = Document::new(large(200), None);
    let mut s = d.state().clone();
    s.scenario.accounts.truncate(1);
    d.edit(s);
    assert!(!d.is_simulating());
    assert!(d.is_current());
    assert_eq!(d.outcome.as_ref().map(|o| o.accounts.len()), Some(1));
    d.finish();
    assert_eq!(d.outcome.as_ref().map(|o| o.accounts.len()), Some(1), "the dropped job changes nothing");
}

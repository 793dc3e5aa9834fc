//! Two windows on one file: a save over a file that something else saved since it was read asks
//! first — overwrite it, save elsewhere, or compare — instead of silently undoing the other save.

use super::{harness, small_file};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use pricelab::app::{Command, PricelabApp, Settings};
use std::path::Path;

pub(crate) fn rename(h: &mut Harness<'_, PricelabApp>, name: &str) {
    let mut state = h.state().document().state().clone();
    state.scenario.name = name.into();
    h.state_mut().send(Command::Edit(Box::new(state)));
    h.run();
}

fn save(h: &mut Harness<'_, PricelabApp>) {
    h.state_mut().send(Command::Save);
    h.run();
    h.run();
}

fn name_on_disk(path: &Path) -> String {
    pricelab::io::read_scenario(path).unwrap().name
}

#[test]
fn a_save_over_a_file_another_window_saved_asks_and_each_answer_does_what_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_file(&dir);
    let mut a = harness(PricelabApp::new(Some(&path), Settings::default()).without_file_dialogs());
    let mut b = harness(PricelabApp::new(Some(&path), Settings::default()).without_file_dialogs());
    a.run();
    b.run();
    rename(&mut a, "Edited in A");
    save(&mut a);
    assert!(!a.state().is_confirming(), "nothing else saved the file: A saves without asking");
    assert_eq!(name_on_disk(&path), "Edited in A");

    // B read the file before A saved it: its Save asks instead of undoing A's save.
    rename(&mut b, "Edited in B");
    save(&mut b);
    assert!(b.state().is_confirming());
    b.get_by_label("The file changed on disk");
    b.get_by_label_contains(&format!("{} was saved by another program or another pricelab window", path.display()));
    assert_eq!(name_on_disk(&path), "Edited in A", "nothing is written before the user answers");
    b.get_by_label("Cancel").click();
    b.run();
    assert!(!b.state().is_confirming() && b.state().document().is_dirty());
    assert_eq!(name_on_disk(&path), "Edited in A");

    // Compare: what B's version changes against the file as A saved it.
    save(&mut b);
    b.get_by_label("Compare…").click();
    b.run();
    b.run();
    b.get_by_label("Compared with small.ron");
    b.get_by_label("name: was Edited in A, now Edited in B");
    assert_eq!(name_on_disk(&path), "Edited in A");

    // Overwrite: B's version replaces A's, and B's next save (nothing else saved since) does not ask.
    save(&mut b);
    assert!(b.state().is_confirming(), "asked again: comparing does not make the file B's");
    b.get_by_label("Overwrite").click();
    b.run();
    assert!(!b.state().is_confirming() && !b.state().document().is_dirty());
    assert_eq!(name_on_disk(&path), "Edited in B");
    rename(&mut b, "Edited in B again");
    save(&mut b);
    assert!(!b.state().is_confirming());
    assert_eq!(name_on_disk(&path), "Edited in B again");

    // Now A is behind: Save As… keeps B's file and writes A's version to another.
    rename(&mut a, "Edited in A again");
    save(&mut a);
    assert!(a.state().is_confirming());
    a.get_by_label("Save As…").click();
    a.run();
    a.run();
    let prompt = "No file dialog is available on this machine: type the file's path.";
    let elsewhere = dir.path().join("a.ron");
    a.get_by_label(prompt).click();
    a.run();
    // The prompt offers the file's own name: typed over.
    a.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    a.get_by_label(prompt).type_text(&elsewhere.display().to_string());
    a.run();
    a.get_by_label("OK").click();
    a.run();
    a.run();
    assert_eq!(name_on_disk(&elsewhere), "Edited in A again");
    assert_eq!(name_on_disk(&path), "Edited in B again", "the other window's save is kept");
    assert_eq!(a.state().document().path.as_deref(), Some(elsewhere.as_path()));
}

#[test]
fn quitting_with_save_over_a_file_changed_on_disk_asks_then_overwrites_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let path = small_file(&dir);
    let mut h = harness(PricelabApp::new(Some(&path), Settings::default()));
    h.run();
    rename(&mut h, "Mine");
    // Another program saves the file meanwhile.
    std::fs::write(&path, std::fs::read_to_string(&path).unwrap().replace("\"Small\"", "\"Theirs\"")).unwrap();
    h.state_mut().send(Command::Quit);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    h.run();
    h.get_by_label("The file changed on disk");
    assert!(!h.state().is_quitting(), "the Quit waits for the answer");
    assert_eq!(name_on_disk(&path), "Theirs");
    h.get_by_label("Overwrite").click();
    h.run();
    h.run();
    assert_eq!(name_on_disk(&path), "Mine");
    assert!(h.state().is_quitting(), "saved over it as asked, then the Quit goes on");
}

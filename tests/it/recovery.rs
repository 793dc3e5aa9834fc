//! Crash recovery as a whole process meets it: the app (headless, driven through its own
//! command path) is killed with SIGKILL or asked to quit with SIGTERM, and the next start offers
//! the edits back; a run still going (under whatever name) keeps its file to itself; and runs
//! that share a process id (every start in a sandbox can get the same one) are told apart.

use egui_kittest::kittest::Queryable as _;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A headless app on `file`, its data directory in `data`.
struct App {
    child: Child,
    /// `None` once closed.
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<String>,
}

impl App {
    fn start(file: &Path, data: &Path) -> Self {
        Self::start_as(Path::new(env!("CARGO_BIN_EXE_pricelab")), file, data)
    }

    /// The app run through `program` (a link to it under another name, say).
    fn start_as(program: &Path, file: &Path, data: &Path) -> Self {
        let mut child = Command::new(program)
            .arg("--headless")
            .arg(file)
            .env("XDG_DATA_HOME", data)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, stdin: Some(stdin), lines }
    }

    fn send(&mut self, command: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{command}").unwrap();
        stdin.flush().unwrap();
    }

    /// Every line up to and including the first that starts with `prefix`.
    fn wait_for(&self, prefix: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            // (The deadline only bounds a hang: a line that never comes.)
            match self.lines.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    let done = line.starts_with(prefix);
                    seen.push(line);
                    if done {
                        return seen;
                    }
                }
                Err(_) => panic!("no line starting with {prefix:?}; saw {seen:?}"),
            }
        }
    }

    fn signal(&self, signal: &str) {
        // The shell's own `kill`: no other package needed.
        let status =
            Command::new("sh").arg("-c").arg(format!("kill -s {signal} {}", self.child.id())).status().unwrap();
        assert!(status.success());
    }

    fn wait(mut self) -> std::process::ExitStatus {
        self.child.wait().unwrap()
    }
}

impl Drop for App {
    /// A test that fails half-way leaves no app running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.ron");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fin-outcome-pricing.ron"), &file).unwrap();
    let original = std::fs::read_to_string(&file).unwrap();
    (dir, file, original)
}

/// How many recovery files (not their lock files) are in the data directory.
fn recovery_files(data: &Path) -> usize {
    std::fs::read_dir(data.join("pricelab/recovery"))
        .map_or(0, |d| d.filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "ron"))).count())
}

/// Everything in the recovery folder, lock files included.
fn recovery_folder_entries(data: &Path) -> usize {
    std::fs::read_dir(data.join("pricelab/recovery")).map_or(0, Iterator::count)
}

#[test]
fn edits_survive_kill_9_and_are_offered_restored_and_saved() {
    let (dir, file, original) = setup();
    let data = dir.path().join("data");
    let mut app = App::start(&file, &data);
    app.wait_for("ready");
    app.send("name Morning edits");
    app.wait_for("recovery written");
    app.signal("KILL");
    assert!(!app.wait().success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original, "the user's file is never written by recovery");

    let mut app = App::start(&file, &data);
    let lines = app.wait_for("ready");
    let offered = format!("offered Morning edits | {}", file.display());
    assert!(lines.contains(&offered), "{lines:?}");
    // What the edits change in the file, from the file as it is now.
    let name = lines.iter().position(|l| l == &offered).and_then(|i| lines.get(i + 1));
    assert!(
        name.is_some_and(|l| l.starts_with("change name: was ") && l.ends_with(", now Morning edits")),
        "{lines:?}"
    );
    app.send("restore");
    // Restored as an unsaved document: this run's recovery file holds it at once, in the same frame.
    let lines = app.wait_for("status Restored unsaved edits");
    assert!(lines.iter().any(|l| l == "recovery written"), "{lines:?}");
    assert_eq!(recovery_files(&data), 1, "the earlier run's file is gone, this run's holds the edits");
    app.send("save");
    app.wait_for("status Saved");
    app.send("quit");
    app.wait_for("quit");
    assert!(app.wait().success());
    assert!(std::fs::read_to_string(&file).unwrap().contains("name: \"Morning edits\""));
    assert_eq!(recovery_files(&data), 0, "saved and closed: nothing left to recover");
    assert_eq!(recovery_folder_entries(&data), 0, "nor any lock file");

    // Nothing is offered at the next start.
    let mut app = App::start(&file, &data);
    let lines = app.wait_for("ready");
    assert!(!lines.iter().any(|l| l.starts_with("offered")), "{lines:?}");
    app.send("quit");
    app.wait_for("quit");
}

/// README: SIGTERM, SIGINT and SIGHUP are handled like the window's close button: unsaved edits
/// are kept in the recovery file at once and the unsaved-changes question is asked; a second
/// such signal closes the app at once (exit 0), keeping the recovery file; with nothing unsaved,
/// one signal quits.
fn a_signal_keeps_unsaved_edits_at_once_and_asks_a_second_quits(signal: &str) {
    let (dir, file, original) = setup();
    let data = dir.path().join("data");
    let mut app = App::start(&file, &data);
    app.wait_for("ready");
    app.send("months 24");
    app.wait_for("applied months 24");
    // At once, before the edits have settled: a logout or shutdown does not wait.
    app.signal(signal);
    let lines = app.wait_for("asking about unsaved changes");
    assert!(lines.iter().any(|l| l == "recovery written"), "{signal}: {lines:?}");
    assert_eq!(recovery_files(&data), 1, "{signal}: the edits are kept");
    app.signal(signal);
    app.wait_for("quit");
    assert!(app.wait().success(), "{signal}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original, "{signal}: the file is not written");

    let mut app = App::start(&file, &data);
    let lines = app.wait_for("ready");
    assert!(lines.iter().any(|l| l.starts_with("offered Fin-style")), "{signal}: {lines:?}");
    assert!(lines.iter().any(|l| l == "change months: was 36, now 24"), "{signal}: {lines:?}");
    app.send("discard-recovery");
    app.wait_for("status Discarded");
    assert_eq!(recovery_files(&data), 0);
    app.signal(signal);
    app.wait_for("quit");
    assert!(app.wait().success(), "{signal}: nothing unsaved: a signal quits at once");
}

#[test]
fn sigterm_keeps_unsaved_edits_at_once_and_asks_a_second_sigterm_quits() {
    a_signal_keeps_unsaved_edits_at_once_and_asks_a_second_quits("TERM");
}

#[test]
fn sighup_keeps_unsaved_edits_at_once_and_asks_a_second_sighup_quits() {
    a_signal_keeps_unsaved_edits_at_once_and_asks_a_second_quits("HUP");
}

#[test]
fn sigint_keeps_unsaved_edits_at_once_and_asks_a_second_sigint_quits() {
    a_signal_keeps_unsaved_edits_at_once_and_asks_a_second_quits("INT");
}

#[test]
fn the_end_of_its_input_stops_the_headless_app_keeping_unsaved_edits() {
    let (dir, file, _) = setup();
    let data = dir.path().join("data");
    let mut app = App::start(&file, &data);
    app.wait_for("ready");
    app.send("name Left behind");
    app.wait_for("applied name Left behind");
    app.stdin = None;
    app.wait_for("end of input");
    assert!(app.wait().success());
    let app = App::start(&file, &data);
    let lines = app.wait_for("ready");
    assert!(lines.iter().any(|l| l.starts_with("offered Left behind")), "{lines:?}");
}

#[test]
fn a_running_apps_file_is_neither_offered_nor_deleted_whatever_the_program_is_called() {
    let (dir, file, _) = setup();
    let data = dir.path().join("data");
    // The app through a link of another name (as a renamed binary or a packager's wrapper runs it).
    let renamed = dir.path().join("plab-renamed");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_pricelab"), &renamed).unwrap();
    let mut first = App::start_as(&renamed, &file, &data);
    first.wait_for("ready");
    first.send("name Still open elsewhere");
    first.wait_for("recovery written");

    // A second window meanwhile: the first's file is not offered, so it cannot be discarded.
    let mut second = App::start(&file, &data);
    let lines = second.wait_for("ready");
    assert!(!lines.iter().any(|l| l.starts_with("offered")), "{lines:?}");
    second.send("discard-recovery");
    second.wait_for("applied discard-recovery");
    second.send("quit");
    second.wait_for("quit");
    assert!(second.wait().success());
    assert_eq!(recovery_files(&data), 1, "the running app's file is still there");

    // Once the first has ended (here killed), its edits are offered.
    first.signal("KILL");
    assert!(!first.wait().success());
    let app = App::start(&file, &data);
    let lines = app.wait_for("ready");
    assert!(lines.iter().any(|l| l.starts_with("offered Still open elsewhere")), "{lines:?}");
}

/// Runs of the app in one test process share its process id, as every start of the app in a
/// sandbox (flatpak, bubblewrap, a container with its own process ids) can.
#[test]
fn runs_with_the_same_process_id_are_offered_each_others_edits_and_a_clean_quit_keeps_them() {
    use pricelab::app::{Command, PricelabApp, Settings};
    let (dir, file, _) = setup();
    let data = dir.path().join("data");
    let start = || PricelabApp::new(Some(&file), Settings::default()).with_recovery(Some(data.join("pricelab")));
    let mut first = start();
    let mut state = first.document().state().clone();
    state.scenario.name = "Before the sandbox restarted".into();
    first.apply(Command::Edit(Box::new(state)));
    first.keep_unsaved();
    assert!(first.autosave().is_current(first.document()));
    // The run ends without closing (a crash, a kill, the sandbox torn down).
    drop(first);

    // The next run, same process id: offered the first run's edits.
    let offered = |app: &PricelabApp| -> Vec<String> {
        app.autosave().offers.iter().filter_map(|o| o.recovery.as_ref().ok()).map(|r| r.scenario.name.clone()).collect()
    };
    let second = start();
    assert_eq!(offered(&second), ["Before the sandbox restarted"]);
    // It is put off and the app closes cleanly: the first run's file is not this run's to delete.
    let mut h = crate::gui::harness(second);
    h.run();
    h.get_by_label("Decide at the next start").click();
    h.run();
    h.state_mut().apply(Command::Quit);
    h.run();
    assert!(h.state().is_quitting());
    drop(h);
    assert_eq!(recovery_files(&data), 1);

    let mut third = start();
    assert_eq!(offered(&third), ["Before the sandbox restarted"]);
    let path = third.autosave().offers[0].path.clone();
    third.apply(Command::Restore(path));
    assert_eq!(third.document().scenario().name, "Before the sandbox restarted");
    assert!(third.document().is_dirty());
    assert_eq!(recovery_files(&data), 1, "the first run's file is gone, this run's holds the edits");
}

/// Discarding the unsaved edits on the way out (Quit, then the question's *Discard changes*)
/// leaves no recovery file: the next start offers nothing, although
/// the edits had been written for recovery while they were made.
#[test]
fn edits_discarded_on_the_way_out_are_not_offered_at_the_next_start() {
    let (dir, file, original) = setup();
    let data = dir.path().join("data");
    let mut app = App::start(&file, &data);
    app.wait_for("ready");
    app.send("months 24");
    app.wait_for("recovery written");
    assert_eq!(recovery_files(&data), 1);
    app.send("quit");
    app.wait_for("asking about unsaved changes");
    app.send("discard-changes");
    app.wait_for("quit");
    assert!(app.wait().success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    assert_eq!(recovery_files(&data), 0, "discarded: nothing to recover");
    let mut app = App::start(&file, &data);
    let lines = app.wait_for("ready");
    assert!(!lines.iter().any(|l| l.starts_with("offered")), "{lines:?}");
    app.send("quit");
    app.wait_for("quit");
}

//! Crash recovery as a whole process meets it: the app (headless, driven through its own
//! command path) is killed with SIGKILL or asked to quit with SIGTERM, and the next start offers
//! the edits back.

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
        let mut child = Command::new(env!("CARGO_BIN_EXE_pricelab"))
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
            match self.lines.recv_timeout(Duration::from_secs(20)) {
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

fn recovery_files(data: &Path) -> usize {
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

    // Nothing is offered at the next start.
    let mut app = App::start(&file, &data);
    let lines = app.wait_for("ready");
    assert!(!lines.iter().any(|l| l.starts_with("offered")), "{lines:?}");
    app.send("quit");
    app.wait_for("quit");
}

#[test]
fn sigterm_keeps_unsaved_edits_at_once_and_asks_a_second_sigterm_quits() {
    let (dir, file, original) = setup();
    let data = dir.path().join("data");
    let mut app = App::start(&file, &data);
    app.wait_for("ready");
    app.send("months 24");
    app.wait_for("applied months 24");
    // At once, before the edits have settled: a logout or shutdown does not wait.
    app.signal("TERM");
    let lines = app.wait_for("asking about unsaved changes");
    assert!(lines.iter().any(|l| l == "recovery written"), "{lines:?}");
    app.signal("TERM");
    app.wait_for("quit");
    assert!(app.wait().success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);

    let mut app = App::start(&file, &data);
    let lines = app.wait_for("ready");
    assert!(lines.iter().any(|l| l.starts_with("offered Fin-style")), "{lines:?}");
    app.send("discard-recovery");
    app.wait_for("status Discarded");
    assert_eq!(recovery_files(&data), 0);
    app.signal("INT");
    app.wait_for("quit");
    assert!(app.wait().success(), "nothing unsaved: a signal quits at once");
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

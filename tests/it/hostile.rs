//! What a hostile tester or a careless user found, each as the reproducing file or command and
//! the exit status and message expected now: outputs that clobbered files, input trusted too
//! far, messages that could be forged. The desktop app's findings are where its tests are:
//! recovery files of runs that share a process id or run under another name in `recovery.rs`,
//! two windows saving one file in `gui/save.rs`.

mod files;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn pricelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fin_text() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fin-outcome-pricing.ron")).unwrap()
}

/// The Fin scenario with `from` replaced by `to` (which must be there), written into `dir`.
fn fin_with(dir: &tempfile::TempDir, from: &str, to: &str) -> String {
    let text = fin_text();
    assert!(text.contains(from), "{from}");
    let path = dir.path().join("s.ron");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path.to_str().unwrap().to_owned()
}

fn fin_copy(dir: &tempfile::TempDir) -> String {
    fin_with(dir, "format: 1", "format: 1")
}

/// Runs `pricelab args…` and gives up (failing) if it has not finished within 20 s: a command
/// that would block forever must not hang the test suite.
fn within_20_s(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pricelab"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("pricelab {args:?} blocked");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

/// Makes a FIFO at `path` with coreutils' `mkfifo`, failing the test if it cannot: a check that
/// passes when the FIFO could not be made would check nothing.
fn mkfifo(path: &Path) {
    use std::os::unix::fs::FileTypeExt as _;
    let status = Command::new("mkfifo").arg(path).status();
    assert!(status.as_ref().is_ok_and(std::process::ExitStatus::success), "mkfifo {}: {status:?}", path.display());
    assert!(std::fs::symlink_metadata(path).unwrap().file_type().is_fifo(), "{} is not a FIFO", path.display());
}

#[test]
fn the_output_may_not_be_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let s = fin_copy(&dir);
    let o = pricelab(&["simulate", &s, "--output", &s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is an input file"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&s).unwrap(), fin_text(), "the scenario is untouched");
}

#[test]
fn devices_fifos_and_folders_are_refused_as_outputs_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let s = fin_copy(&dir);
    let o = within_20_s(&["simulate", &s, "--output", "/dev/null"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/dev/null is a device, not a regular file"), "{}", stderr(&o));
    {
        use std::os::unix::fs::FileTypeExt as _;
        assert!(Path::new("/dev/null").metadata().unwrap().file_type().is_char_device(), "left a device");
    }
    let o = within_20_s(&["simulate", &s, "--output", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is a folder"), "{}", stderr(&o));
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let o = within_20_s(&["simulate", &s, "--output", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("FIFO"), "{}", stderr(&o));
}

#[test]
fn a_fifo_is_refused_as_input_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("s.ron");
    mkfifo(&fifo);
    let o = within_20_s(&["check", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
}

#[test]
fn an_output_through_a_symbolic_link_replaces_its_target_and_keeps_the_link() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let s = fin_copy(&dir);
    let target = dir.path().join("target.csv");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = pricelab(&["simulate", &s, "-f", "csv", "--output", link.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().starts_with("plan,account,count,month"));
    assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640, "its mode is kept");
}

#[test]
fn new_outputs_honour_the_umask() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let s = fin_copy(&dir);
    let out = dir.path().join("private.json");
    let status = Command::new("sh")
        .arg("-c")
        .arg("umask 077; exec \"$0\" simulate \"$1\" -f json --output \"$2\"")
        .arg(env!("CARGO_BIN_EXE_pricelab"))
        .arg(&s)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
}

/// The size of the file process `pid` has open in `dir` other than `inputs`: what it is writing
/// there. The atomic writer (src/io/output.rs) writes to Linux's unnamed temporary file, which
/// /proc/PID/fd shows as `DIR/#INODE (deleted)` and which appears in the folder, as
/// `.NAME.XXXXXX`, only in the instant before its rename (or a named `.NAME.XXXXXX` from the
/// start where the file system has no unnamed files); a writer that wrote in place would have
/// the target itself open.
fn file_being_written(pid: u32, dir: &Path, inputs: &[&str]) -> Option<u64> {
    let dir = dir.canonicalize().ok()?;
    for fd in std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?.flatten() {
        let Ok(target) = std::fs::read_link(fd.path()) else { continue };
        let name = target.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        if target.parent() == Some(dir.as_path()) && !inputs.contains(&name.as_str()) {
            // The size of the open file itself (the link is followed to it, deleted or not).
            return std::fs::metadata(fd.path()).ok().map(|m| m.len());
        }
    }
    None
}

/// Killed in the middle of a large write, `--output` leaves the old content or the new, never
/// part of either, and no temporary file once a later write has run. Kills are sent at moments
/// spread over the write, once the temporary file is open and has bytes in it; and, so that the
/// last moment before the rename is tried every time whatever the machine's load, with the
/// writer's test hook holding the complete file back (`PRICELAB_TEST_PAUSE_BEFORE_COMMIT_MS`):
/// each of those kills lands with every byte written and the old content in place.
#[test]
fn kill_9_during_output_leaves_old_or_new_and_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt as _;
    let dir = tempfile::tempdir().unwrap();
    // A thousand profiles and no Monte Carlo run: a JSON of some 14 megabytes, most of the run
    // spent writing it.
    let text = fin_text().replacen("trials: 1000", "trials: 0", 1);
    let start = text.find("    accounts: [").unwrap();
    let end = text.find("    plans: [").unwrap();
    let account = &text[text[start..].find('(').unwrap() + start..text[..end].rfind(')').unwrap() + 1];
    let accounts: Vec<String> = (0..1000).map(|i| account.replacen("name: \"", &format!("name: \"{i} "), 1)).collect();
    let big = format!("{}    accounts: [{}],\n{}", &text[..start], accounts.join(","), &text[end..]);
    let s = dir.path().join("big.ron");
    std::fs::write(&s, big).unwrap();
    let out = dir.path().join("out.json");
    let old = b"{\"old\": true}\n";
    std::fs::write(&out, old).unwrap();
    let new = pricelab(&["simulate", s.to_str().unwrap(), "-f", "json"]).stdout;
    assert!(new.len() > 10_000_000, "{}", new.len());
    let spawn_pausing = |pause_ms: u64| {
        Command::new(env!("CARGO_BIN_EXE_pricelab"))
            .args(["simulate", s.to_str().unwrap(), "-f", "json", "--output", out.to_str().unwrap()])
            .env("PRICELAB_TEST_PAUSE_BEFORE_COMMIT_MS", pause_ms.to_string())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let spawn = || spawn_pausing(0);
    // Polls until the child has its output open with bytes in it (or has exited).
    let wait_for_bytes = |child: &mut std::process::Child| loop {
        if let Some(size) = file_being_written(child.id(), dir.path(), &["big.ron"]).filter(|n| *n > 0) {
            return Some((Instant::now(), size));
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_micros(200));
    };
    // How long a write takes, from its first bytes to the end of the process.
    let mut child = spawn();
    let (first_bytes, _) = wait_for_bytes(&mut child).expect("the temporary file was never seen");
    child.wait().unwrap();
    let writing = first_bytes.elapsed();
    assert_eq!(std::fs::read(&out).unwrap(), new);
    std::fs::write(&out, old).unwrap();
    let tries = 20_u32;
    for i in 0..tries {
        let mut child = spawn();
        let before = std::fs::read(&out).unwrap();
        // Kills spread over the first 90% of the write.
        let seen = wait_for_bytes(&mut child);
        if let Some((at, _)) = seen {
            std::thread::sleep(
                (at + writing.mul_f64(0.9 * f64::from(i) / f64::from(tries))).saturating_duration_since(Instant::now()),
            );
        }
        let _ = child.kill();
        child.wait().unwrap();
        let now = std::fs::read(&out).unwrap();
        assert!(now == before || now == new, "kill {i}: a partial file of {} bytes", now.len());
        assert_only(dir.path(), &["big.ron", "out.json"], &[("out.json", &new)], &format!("kill {i}"));
        std::fs::write(&out, old).unwrap();
    }
    // The last instant before the rename, held open by the hook: every kill lands there.
    for i in 0..2 {
        let mut child = spawn_pausing(30_000);
        let deadline = Instant::now() + Duration::from_secs(60);
        while file_being_written(child.id(), dir.path(), &["big.ron"]) != Some(new.len() as u64) {
            assert!(Instant::now() < deadline && child.try_wait().unwrap().is_none(), "held kill {i}: never complete");
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "held kill {i}: the process died of the kill, before its rename");
        assert_eq!(std::fs::read(&out).unwrap(), old, "held kill {i}: the old content stays in place");
        assert_only(dir.path(), &["big.ron", "out.json"], &[("out.json", &new)], &format!("held kill {i}"));
    }
    // And a run left alone completes, removing what a kill at its last instant left.
    let o = pricelab(&["simulate", s.to_str().unwrap(), "-f", "json", "--output", out.to_str().unwrap()]);
    assert!(o.status.success());
    assert_eq!(std::fs::read(&out).unwrap(), new);
    assert_only(dir.path(), &["big.ron", "out.json"], &[], "at the end");
}

/// Asserts that `dir` holds the files `names`, and perhaps what a kill at the last instant of an
/// atomic write leaves: a hidden complete copy `.NAME.XXXXXX` of one of `copies` (its name and
/// the new content), which the next write of that file removes.
fn assert_only(dir: &Path, names: &[&str], copies: &[(&str, &[u8])], when: &str) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if names.contains(&name.as_str()) {
            continue;
        }
        let copy = copies.iter().find(|(of, _)| {
            name.strip_prefix(&format!(".{of}."))
                .is_some_and(|s| s.len() == 6 && s.bytes().all(|b| b.is_ascii_alphanumeric()))
        });
        let Some((_, content)) = copy else { panic!("{when}: {name} left behind") };
        assert!(std::fs::read(dir.join(&name)).unwrap() == *content, "{when}: {name} is not a complete copy");
    }
}

#[test]
fn plain_money_with_more_than_15_significant_digits_is_located_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = fin_with(&dir, "PerUnit(\"139.00\")", "PerUnit(139.000000000000001)");
    let o = pricelab(&["check", &s]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(":25:67: the amount 139.000000000000001 has more than 15 significant digits"), "{err}");
    // Fifteen are fine, and mean exactly what is written.
    let s = fin_with(&dir, "PerUnit(\"139.00\")", "PerUnit(139.000000000001)");
    assert!(pricelab(&["check", &s]).status.success());
}

#[test]
fn a_tiny_negative_amount_is_not_a_zero_that_passes() {
    let dir = tempfile::tempdir().unwrap();
    let s = fin_with(&dir, "agent_cost: \"4500.00\"", "agent_cost: -1e-300");
    let o = pricelab(&["check", &s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("decimals; amounts are computed exactly with at most 28"), "{}", stderr(&o));
}

#[test]
fn quantities_above_2_to_the_53_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = fin_with(&dir, "seats: Staffed(start: 1000", "seats: Staffed(start: 9007199254740993");
    let o = pricelab(&["check", &s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(r#"accounts["Support team"].seats.start: 9007199254740993 is too large"#),
        "{}",
        stderr(&o)
    );
}

#[test]
fn invisible_names_and_unknown_currencies_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = fin_text().replacen("    start:", "    currency: \"XYZ\",\n    start:", 1);
    let text = text.replacen("name: \"Support team\"", "name: \"\u{200b}\u{feff}\"", 1);
    let path = dir.path().join("s.ron");
    std::fs::write(&path, text).unwrap();
    let o = pricelab(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("currency: \"XYZ\" is not an ISO-4217 currency code"), "{err}");
    assert!(err.contains("accounts[0].name: the name has no visible character"), "{err}");
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn a_line_break_in_a_value_cannot_forge_a_located_line() {
    let dir = tempfile::tempdir().unwrap();
    let s = fin_with(&dir, "start: \"2025-01\"", "start: \"2025-01\\nfake.ron:1:1: injected line\"");
    let o = pricelab(&["check", &s]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(!err.lines().any(|l| l.starts_with("fake.ron")), "{err}");
    assert!(err.contains("2025-01\\nfake.ron:1:1: injected line"), "{err}");
    assert_eq!(err.lines().count(), 2, "one problem, one summary: {err}");
}

#[test]
fn terminal_escapes_in_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let s = fin_with(&dir, "name: \"Support team\"", "name: \"\\u{1b}]0;owned\\u{7}\\u{1b}[31mred\"");
    let o = pricelab(&["check", &s]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.contains("accounts[0].name: a name may not hold control characters"), "{err}");
    // A message that echoes a name escapes it too: two plans named alike.
    let s = fin_with(&dir, "name: \"Per AI conversation + seats\"", "name: \"Seats only\"");
    let o = pricelab(&["check", &s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("another plan is already named \"Seats only\""), "{}", stderr(&o));
}

#[test]
fn too_many_trials_on_the_command_line_is_a_misuse() {
    let dir = tempfile::tempdir().unwrap();
    let s = fin_copy(&dir);
    let o = pricelab(&["simulate", &s, "--trials", "1000000000"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--trials"), "{}", stderr(&o));
    // Within the flag's range but too large a run for this file: the flag's fault too.
    let portfolio = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/saas-portfolio.ron");
    let o = pricelab(&["simulate", portfolio, "--trials", "100000"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("pricelab: --trials 100000: "), "{}", stderr(&o));
}

/// Sets the file's Monte Carlo trials.
fn with_trials(path: &str, trials: u64) {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text.find("simulation: (").unwrap();
    let end = at + text[at..].find(')').unwrap();
    let settings = format!("simulation: (trials: {trials}, seed: 1, volume_noise: 0.1, resolution_noise: 0.0");
    std::fs::write(path, format!("{}{settings}{}", &text[..at], &text[end..])).unwrap();
}

/// `check` answers for `simulate`: what one refuses, so does the other.
#[test]
fn check_refuses_what_simulate_refuses() {
    let dir = tempfile::tempdir().unwrap();
    // A Monte Carlo run keeping too many amounts for its percentiles.
    let s = fin_with(&dir, "months: 36", "months: 600");
    with_trials(&s, 100_000);
    for command in ["check", "simulate"] {
        let o = pricelab(&[command, &s]);
        assert_eq!(o.status.code(), Some(1), "{command}: {}", stderr(&o));
        assert!(stderr(&o).contains("simulation.trials: 100000 trials × 4 plans"), "{command}: {}", stderr(&o));
    }
    // A bill too large for the Monte Carlo's whole-number arithmetic, though not for the
    // deterministic simulation's decimals.
    let s = fin_with(
        &dir,
        "seats: Staffed(start: 1000, conversations_per_seat: 250.0, minimum: 150, term_months: 3)",
        "seats: Fixed(9000000000000000)",
    );
    with_trials(&s, 2);
    assert!(pricelab(&["simulate", &s, "--trials", "0"]).status.success(), "deterministic alone is fine");
    for command in ["check", "simulate"] {
        let o = pricelab(&[command, &s]);
        assert_eq!(o.status.code(), Some(1), "{command}: {}", stderr(&o));
        assert!(stderr(&o).contains("too large to compute"), "{command}: {}", stderr(&o));
    }
}

//! The second hostile-input review (issue 23): memory and time bounded whatever a file holds,
//! files of others neither quoted nor waited for, strict timestamps, and `import`'s two files
//! written as a pair.

use super::{assert_only, fin_with, pricelab, stderr, within_20_s};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `pricelab args…` watching its peak memory (`VmHWM` in /proc): killed, and the test
/// failed, past `max_mib` MiB or 60 s. Returns the output and the peak seen, in MiB.
fn watched(args: &[&str], max_mib: u64) -> (Output, u64) {
    use std::io::Read as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_pricelab"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drained as they come: a child writing much must not block on a full pipe.
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let status_file = format!("/proc/{}/status", child.id());
    let started = Instant::now();
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        let status = std::fs::read_to_string(&status_file).unwrap_or_default();
        let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().strip_suffix("kB"));
        peak_kib = peak_kib.max(hwm.and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(0));
        if peak_kib > max_mib << 10 || started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("pricelab {args:?}: {} MiB after {:?}, killed", peak_kib >> 10, started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    (Output { status, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() }, peak_kib >> 10)
}

/// `pricelab import EVENTS --events` with the shipped plans to `out`, and `more` arguments.
fn import_events(events: &Path, out: &Path, more: &[&str]) -> Output {
    let mut args =
        vec!["import", events.to_str().unwrap(), "--events", "--plans", plans(), "--output", out.to_str().unwrap()];
    args.extend_from_slice(more);
    pricelab(&args)
}

fn plans() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/backtest/plans.ron")
}

/// A scenario of one recorded customer, "Acme", whose history is `history`.
fn recorded_scenario(dir: &tempfile::TempDir, history: &str) -> String {
    let text = format!(
        r#"(format: 1, name: "Recorded", start: "2024-01", months: 3,
        accounts: [(name: "Acme", conversations: 100, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1))],
        plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))])],
        history: "{history}")"#
    );
    let path = dir.path().join("s.ron");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Found: a 4 GiB usage file of zeros (4 KB on disk) made `check` abort at 5.3 GB, a line of
/// 1 GiB peaked at 2.1 GB, a quoted field of 268 MB with line breaks peaked at 3 GB and wrote
/// 402 MB to standard error. A usage file is at most 1 GiB, a row at most 1 MiB: each is
/// refused at once, at its line, in little memory, with a short message.
#[test]
fn long_files_lines_and_fields_are_refused_in_bounded_memory_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let sparse = |name: &str, head: &str, len: u64| {
        let path = dir.path().join(name);
        std::fs::write(&path, head).unwrap();
        std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(len).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let started = Instant::now();
    // A usage file of 4 GiB: refused by its size, before it is read.
    sparse("zeros.csv", "", 4 << 30);
    let s = recorded_scenario(&dir, "zeros.csv");
    let (o, peak) = watched(&["check", &s], 200);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("history: cannot read the usage file \"zeros.csv\": it is 4 GiB; the most is 1 GiB"), "{err}");
    assert!(peak < 200, "{peak} MiB");
    // Within the size, a header and then 512 MiB without a line end: stopped at line 2.
    sparse("zeros.csv", "account,month,conversations,ai_conversations,resolutions,seats\n", 512 << 20);
    let (o, _) = watched(&["check", &s], 200);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("zeros.csv:2: the row that starts on this line is longer than 1 MiB"), "{err}");
    assert!(err.len() < 1000, "{} bytes on standard error", err.len());
    // Import reads files of any size, and stops at the first row longer than 1 MiB: one line
    // of 4 GiB is its header.
    let events = sparse("events.csv", "", 4 << 30);
    let out = dir.path().join("out.ron");
    let (o, peak) =
        watched(&["import", &events, "--events", "--plans", plans(), "--output", out.to_str().unwrap()], 200);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("events.csv:1: the row that starts on this line is longer than 1 MiB"), "{err}");
    assert!(err.len() < 1000 && peak < 200, "{} bytes on standard error, {peak} MiB", err.len());
    // A quoted account of 8 MiB over 4 million lines: stopped at the line it starts on, and
    // not echoed.
    let field = format!(
        "account,timestamp,ai,resolved\nAcme,2024-01-05,true,false\n\"{}\",2024-01-05,true,false\n",
        "x\n".repeat(4 << 20)
    );
    std::fs::write(&events, field).unwrap();
    let (o, peak) =
        watched(&["import", &events, "--events", "--plans", plans(), "--output", out.to_str().unwrap()], 200);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("events.csv:3: the row that starts on this line is longer than 1 MiB"), "{err}");
    assert!(err.len() < 1000 && peak < 200, "{} bytes on standard error, {peak} MiB", err.len());
    assert!(!out.exists());
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
}

/// Found: two events dated 0001 and 9999 with a seats file of 1,000 rows allocated about 8.5 GB
/// (every month of the span for every account with seats) before the 600-month limit was
/// checked. The months are checked as they are read.
#[test]
fn events_spanning_ten_thousand_years_are_refused_before_any_month_is_filled() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "account,timestamp,ai,resolved\nA,0001-01-05,true,false\nA,9999-12-05T10:00:00Z,true,true\n",
    )
    .unwrap();
    let seats = dir.path().join("seats.csv");
    let rows: String = (0..1000).map(|i| format!("S{i},2024-01,3\n")).collect();
    std::fs::write(&seats, format!("account,month,seats\n{rows}")).unwrap();
    let out = dir.path().join("out.ron");
    let args = [
        "import",
        events.to_str().unwrap(),
        "--events",
        "--seats",
        seats.to_str().unwrap(),
        "--plans",
        plans(),
        "--output",
        out.to_str().unwrap(),
    ];
    let (o, peak) = watched(&args, 300);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(":3: the events run from 0001-01 (line 2) to 9999-12 (line 3), 119988 months; a scenario has at most 600 months"),
        "{err}"
    );
    assert!(peak < 300, "{peak} MiB");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "nothing written: {names:?}");
}

/// Found: `--events` took `+99:00`, `+24:00` and second 99, and counted such events in another
/// month; an event late on 9999-12-31 west of UTC made `import` write a scenario `check` refused;
/// and a scenario starting in 9999-12 ran into "10000-01".
#[test]
fn timestamps_are_strict_and_no_month_comes_after_9999_12() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "account,timestamp,ai,resolved\n\
         A,2024-01-31T23:00:00+99:00,true,false\n\
         A,2024-01-31T23:00:00-24:00,true,false\n\
         A,2024-01-31T23:00:99Z,true,false\n\
         A,2024-01-31T23:00:00+05:60,true,false\n\
         A,9999-12-31T23:30:00-01:00,true,false\n\
         A,2024-01-31T23:00:00+23:59,true,false\n",
    )
    .unwrap();
    let out = dir.path().join("out.ron");
    let o = import_events(&events, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for line in 2..=5 {
        assert!(err.contains(&format!("events.csv:{line}: timestamp \"2024-01-31T23:00:")), "line {line}: {err}");
    }
    assert!(err.contains("events.csv:6: timestamp \"9999-12-31T23:30:00-01:00\" falls after 9999-12 in UTC"), "{err}");
    assert!(err.contains("5 problems found"), "line 7 is right: {err}");
    assert!(!out.exists());
    // The last month there is may be recorded, but nothing projected after it.
    std::fs::write(&events, "account,timestamp,ai,resolved\nA,9999-12-31T23:30:00Z,true,false\n").unwrap();
    let o = import_events(&events, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("12 projected months would run past 9999-12"), "{}", stderr(&o));
    let o = import_events(&events, &out, &["--project", "0"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = pricelab(&["check", out.to_str().unwrap()]);
    assert!(o.status.success(), "what import writes, check accepts: {}", stderr(&o));
    // A scenario may not run past 9999-12 either.
    let s = fin_with(&dir, "start: \"2025-01\"", "start: \"9999-12\"");
    let o = pricelab(&["check", &s]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("months: 36 months from 9999-12 would run past 9999-12, the last month there is; from 9999-12 a scenario has at most 1 month"),
        "{err}"
    );
    assert!(!err.contains("10000"), "{err}");
}

/// Found: a scenario's `history` could name any file, and the first line of `../../etc/passwd`
/// was quoted in the message; as root, /proc/kmsg passed as a regular file and, once drained,
/// `check`, `simulate` and the app waited forever. A file that is not a usage file is named, not
/// quoted; a file of /proc (which says it has 0 bytes) reads as empty.
#[test]
fn a_history_naming_a_file_of_someone_else_is_neither_quoted_nor_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secrets.txt"), "password=hunter2;token=abc\nkey: s3cr3t\n").unwrap();
    let s = recorded_scenario(&dir, "secrets.txt");
    for command in ["check", "simulate"] {
        let o = within_20_s(&[command, &s]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(err.contains("secrets.txt:1: the header lacks the columns"), "{err}");
        assert!(err.contains("its first line has 1 field and no column names"), "{err}");
        assert!(!err.contains("hunter2") && !err.contains("s3cr3t"), "{err}");
    }
    // /proc/self/status streams a few lines while saying it has 0 bytes.
    let s = recorded_scenario(&dir, "/proc/self/status");
    let o = within_20_s(&["check", &s]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("/proc/self/status:1: the file is empty (0 bytes read)"), "{err}");
    assert!(!err.contains("VmPeak"), "{err}");
}

/// The usage file a scenario file names (`history: "…"`, as `import` writes it).
fn history_named(scenario: &[u8]) -> String {
    let text = String::from_utf8_lossy(scenario);
    let at = text.find("history: \"").unwrap() + "history: \"".len();
    text[at..at + text[at..].find('"').unwrap()].to_owned()
}

/// Monthly rows of `customers` customers over 24 months, March 2024 missing (so that `import`
/// writes the completed rows beside the scenario), their volumes drawn from `seed`.
fn monthly_rows(customers: u32, seed: u64) -> String {
    let mut state = seed;
    let mut text = String::from("account,month,conversations,ai_conversations,resolutions,seats\n");
    for c in 0..customers {
        for m in (0..24).filter(|m| *m != 2) {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let n = 100 + (state >> 33) % 5000;
            text.push_str(&format!("C{c},{}-{:02},{n},{},{},{}\n", 2024 + m / 12, m % 12 + 1, n / 2, n / 4, c % 7 + 1));
        }
    }
    text
}

/// Found: `import` wrote its two files one after the other, so 4 kills in 250 left the old
/// scenario beside the new usage file (the old scenario then backtested the new data without a
/// word). Killed at any moment, it leaves the old pair or the new, and never touches the usage
/// file an earlier scenario names (a copy of the old scenario keeps its data). The moment that
/// matters — the new usage file in place, the scenario not yet — is tried every time, whatever
/// the machine's load, with the writer's test hook holding each complete file back before its
/// rename (`PRICELAB_TEST_PAUSE_BEFORE_COMMIT_MS`).
#[test]
fn kill_9_during_import_leaves_the_old_pair_or_the_new() {
    use std::os::unix::process::ExitStatusExt as _;
    let dir = tempfile::tempdir().unwrap();
    let (old_rows, new_rows) = (dir.path().join("old.csv"), dir.path().join("usage.csv"));
    std::fs::write(&old_rows, monthly_rows(1500, 1)).unwrap();
    std::fs::write(&new_rows, monthly_rows(1500, 2)).unwrap();
    let out = dir.path().join("out.ron");
    let import = |rows: &Path, out: &Path| {
        vec![
            "import".to_owned(),
            rows.display().to_string(),
            "--plans".into(),
            plans().into(),
            "--output".into(),
            out.display().to_string(),
        ]
    };
    // The old pair, and a copy of its scenario.
    let o = Command::new(env!("CARGO_BIN_EXE_pricelab")).args(import(&old_rows, &out)).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let old = std::fs::read(&out).unwrap();
    let old_usage = history_named(&old);
    let old_pair = (old.clone(), std::fs::read(dir.path().join(&old_usage)).unwrap());
    std::fs::write(dir.path().join("kept.ron"), &old).unwrap();
    // The new pair, made in a folder of its own with the same names: its bytes, and how long it takes.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::copy(&new_rows, elsewhere.path().join("usage.csv")).unwrap();
    let started = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_pricelab"))
        .args(import(&elsewhere.path().join("usage.csv"), &elsewhere.path().join("out.ron")))
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(o.status.success(), "{}", stderr(&o));
    let new = std::fs::read(elsewhere.path().join("out.ron")).unwrap();
    let new_usage = history_named(&new);
    assert_ne!(new_usage, old_usage, "another content, another name");
    let new_pair = (new, std::fs::read(elsewhere.path().join(&new_usage)).unwrap());
    let allowed = ["kept.ron", "old.csv", "out.ron", "usage.csv", old_usage.as_str(), new_usage.as_str()];
    // Kills at moments spread over the run (the last 16 once the new usage file is there), and
    // then kills held at the moment two files written one after the other are out of step: the
    // new usage file in place, the scenario complete but held before its rename by the hook.
    let mut out_of_step = 0;
    for i in 0..28_u32 {
        let held = i >= 24;
        // Each try starts from the old pair.
        std::fs::write(&out, &old).unwrap();
        let _ = std::fs::remove_file(dir.path().join(&new_usage));
        let mut child = Command::new(env!("CARGO_BIN_EXE_pricelab"))
            .args(import(&new_rows, &out))
            .env("PRICELAB_TEST_PAUSE_BEFORE_COMMIT_MS", if held { "3000" } else { "0" })
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if i < 8 {
            // From early in the reading to the end of the writing.
            std::thread::sleep(took.mul_f64(0.3 + f64::from(i) * 0.1));
        } else {
            // Once the new usage file is there, before the scenario replaced the old one (or
            // just after).
            while !dir.path().join(&new_usage).exists() && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_micros(100));
            }
            if !held {
                std::thread::sleep(Duration::from_micros(u64::from(i - 8) * 300));
            }
        }
        // Whether the new usage file is in place as the kill is sent (the scenario's own
        // temporary file then open, or about to be).
        let usage_there = dir.path().join(&new_usage).exists();
        let _ = child.kill();
        let status = child.wait().unwrap();
        let scenario = std::fs::read(&out).unwrap();
        let usage = std::fs::read(dir.path().join(history_named(&scenario))).unwrap();
        let pair = (scenario, usage);
        if usage_there && status.signal() == Some(9) && pair == old_pair {
            out_of_step += 1;
        }
        assert!(pair == old_pair || pair == new_pair, "kill {i}: a scenario with another's usage file");
        let copies: [(&str, &[u8]); 2] = [("out.ron", &new_pair.0), (new_usage.as_str(), &new_pair.1)];
        assert_only(dir.path(), &allowed, &copies, &format!("kill {i}"));
        if held {
            assert!(
                usage_there && status.signal() == Some(9) && pair == old_pair,
                "held kill {i} did not land out of step"
            );
        }
    }
    assert!(out_of_step >= 4, "only {out_of_step} kills landed between the two writes");
    // Left alone, it completes; the copy of the old scenario still has its own usage file.
    let o = Command::new(env!("CARGO_BIN_EXE_pricelab")).args(import(&new_rows, &out)).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!((std::fs::read(&out).unwrap(), std::fs::read(dir.path().join(&new_usage)).unwrap()) == new_pair);
    let kept = dir.path().join("kept.ron");
    assert_eq!(history_named(&std::fs::read(&kept).unwrap()), old_usage);
    assert!(std::fs::read(dir.path().join(&old_usage)).unwrap() == old_pair.1, "the old usage file is untouched");
    let o = pricelab(&["check", kept.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_only(dir.path(), &allowed, &[], "at the end");
}

//! `pricelab import` (docs/import.md): monthly rows or raw events into a scenario of fitted customers.

use pricelab::io;
use pricelab::model::Seats;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};

fn pricelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).output().unwrap()
}

fn plans() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/backtest/plans.ron")
}

fn run(args: &[&str]) -> String {
    let out = pricelab(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Whether `name` is the usage file `import` writes beside the scenario `<stem>.ron`:
/// `<stem>.usage-<12 hex digits>.csv` (docs/import.md).
pub fn is_usage_file_of(stem: &str, name: &str) -> bool {
    name.strip_prefix(stem)
        .and_then(|rest| rest.strip_prefix(".usage-"))
        .and_then(|rest| rest.strip_suffix(".csv"))
        .is_some_and(|hash| hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[test]
fn monthly_rows_with_months_missing_are_completed_beside_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let usage = dir.path().join("export.csv");
    // Out of order, and Beta has no row for 2024-02 (a month without usage).
    std::fs::write(
        &usage,
        "account,month,conversations,ai_conversations,resolutions,seats\n\
         Beta,2024-03,500,400,200,3\n\
         Acme,2024-02,1100,900,450,10\n\
         Acme,2024-01,1000,800,400,10\n\
         Beta,2024-01,400,300,100,3\n\
         Acme,2024-03,1200,1000,520,10\n",
    )
    .unwrap();
    let out = dir.path().join("forecast.ron");
    let said = run(&[
        "import",
        usage.to_str().unwrap(),
        "--plans",
        plans(),
        "--output",
        out.to_str().unwrap(),
        "--project",
        "6",
    ]);
    assert!(said.contains("Read 2 customers over 3 months (2024-01 to 2024-03)"), "{said}");
    assert!(said.contains("Wrote the monthly usage to ") && said.contains("forecast.usage-"), "{said}");
    let s = io::read_scenario(&out).unwrap();
    assert_eq!((s.start.to_string(), s.months), ("2024-01".into(), 9));
    let names: Vec<&str> = s.accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Beta", "Acme"], "in the order first met");
    assert_eq!(s.accounts[1].seats, Seats::Fixed(10));
    assert_eq!(s.plans.len(), 4, "the plans of the plans file");
    let history = s.history.as_ref().unwrap();
    assert!(is_usage_file_of("forecast", &history.file), "{}", history.file);
    let written = std::fs::read_to_string(dir.path().join(&history.file)).unwrap();
    assert!(written.contains("\nBeta,2024-02,0,0,0,0\n"), "{written}");
    // The scenario backtests, and simulates its projected months.
    run(&["backtest", out.to_str().unwrap()]);
    let o = pricelab::engine::simulate(&s).unwrap();
    assert_eq!(o.accounts[1].months[2].conversations, 1200, "recorded");
    assert!(o.accounts[1].months[8].conversations > 0, "projected");
}

#[test]
fn a_complete_monthly_file_is_the_history_itself_named_from_the_scenarios_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let usage = dir.path().join("in/usage.csv");
    std::fs::write(
        &usage,
        "seats,resolutions,ai_conversations,conversations,month,account\n3,1,2,4,2025-05,Solo\n3,2,3,5,2025-06,Solo\n",
    )
    .unwrap();
    let out = dir.path().join("out/s.ron");
    run(&["import", usage.to_str().unwrap(), "--plans", plans(), "--output", out.to_str().unwrap()]);
    let s = io::read_scenario(&out).unwrap();
    assert_eq!(s.history.unwrap().file, "../in/usage.csv");
    assert!(!dir.path().join("out/s.usage.csv").exists());
}

/// The monthly table the events below are made from: (account, month, conversations, AI
/// conversations, resolutions, seats).
const MONTHS: [(&str, &str, u32, u32, u32, u32); 5] = [
    ("Acme", "2024-01", 40, 30, 12, 4),
    ("Acme", "2024-02", 35, 30, 20, 4),
    ("Acme", "2024-03", 50, 41, 30, 3),
    ("Beta", "2024-01", 7, 0, 0, 1),
    ("Beta", "2024-03", 9, 9, 9, 1),
];

#[test]
fn events_aggregate_to_the_monthly_rows_they_were_made_from() {
    let dir = tempfile::tempdir().unwrap();
    let mut events = String::from("account,timestamp,ai,resolved,channel\n");
    for (account, month, conversations, ai, resolved, _) in MONTHS {
        for k in 0..conversations {
            // Timestamps in every accepted form, some with offsets that keep them in the month.
            let day = 1 + k % 27;
            let stamp = match k % 4 {
                0 => format!("{month}-{day:02}"),
                1 => format!("{month}-{day:02}T10:15:00Z"),
                2 => format!("{month}-{day:02}T23:59:59.250+05:30"),
                _ => format!("{month}-{day:02}T00:00:01-08:00"),
            };
            let (is_ai, is_resolved) = (k < ai, k < resolved);
            let ai_text = if k % 2 == 0 { is_ai.to_string() } else { u8::from(is_ai).to_string() };
            writeln!(events, "{account},{stamp},{ai_text},{is_resolved},chat").unwrap();
        }
    }
    // A conversation at 23:30 on the last day of January, New York time, is February's in UTC.
    writeln!(events, "Acme,2024-01-31T23:30:00-05:00,false,false,phone").unwrap();
    std::fs::write(dir.path().join("events.csv"), &events).unwrap();
    std::fs::write(
        dir.path().join("seats.csv"),
        "account,month,seats\nAcme,2024-01,4\nAcme,2024-03,3\nBeta,2024-01,1\n",
    )
    .unwrap();
    let out = dir.path().join("meter.ron");
    let said = run(&[
        "import",
        dir.path().join("events.csv").to_str().unwrap(),
        "--events",
        "--seats",
        dir.path().join("seats.csv").to_str().unwrap(),
        "--plans",
        plans(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(said.contains("Read 142 events, 2 customers over 3 months"), "{said}");
    let s = io::read_scenario(&out).unwrap();
    let history = s.history.unwrap().file;
    assert!(is_usage_file_of("meter", &history), "{history}");
    let written = std::fs::read_to_string(dir.path().join(&history)).unwrap();
    let mut expected = String::from("account,month,conversations,ai_conversations,resolutions,seats\n");
    for (account, month, conversations, ai, resolved, seats) in MONTHS {
        // (The phone call moved to February; Beta had no events in February.)
        let conversations = conversations + u32::from(account == "Acme" && month == "2024-02");
        writeln!(expected, "{account},{month},{conversations},{ai},{resolved},{seats}").unwrap();
        if (account, month) == ("Beta", "2024-01") {
            writeln!(expected, "Beta,2024-02,0,0,0,1").unwrap();
        }
    }
    assert_eq!(written, expected);
}

#[test]
fn bad_events_are_reported_at_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.csv");
    std::fs::write(
        &events,
        "account,timestamp,ai,resolved\n\
         Acme,2024-01-05,true,false\n\
         Acme,05/01/2024,true,false\n\
         Acme,2024-01-05T10:00:00,true,false\n\
         Acme,2024-01-05,maybe,false\n\
         Acme,2024-01-05,false,true\n\
         ,2024-01-05,true,true\n",
    )
    .unwrap();
    let out = pricelab(&[
        "import",
        events.to_str().unwrap(),
        "--events",
        "--plans",
        plans(),
        "--output",
        dir.path().join("x.ron").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let at = |line: u32, text: &str| {
        let want = format!("{}:{line}: ", events.display());
        assert!(
            err.lines().any(|l| l.starts_with(&want) && l.contains(text)),
            "line {line} should say {text:?}:\n{err}"
        );
    };
    at(3, "timestamp \"05/01/2024\" is neither RFC 3339");
    at(4, "is neither RFC 3339");
    at(5, "ai \"maybe\" is not true or false");
    at(6, "must be an AI conversation");
    at(7, "the account is empty");
    assert!(!dir.path().join("x.ron").exists(), "nothing written");
    // --seats without --events is a misuse.
    let out = pricelab(&["import", "u.csv", "--seats", "s.csv", "--plans", plans(), "--output", "x.ron"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_shipped_backtest_example_is_what_import_makes_of_its_usage() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/backtest");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(here.join("usage.csv"), dir.path().join("usage.csv")).unwrap();
    let out = dir.path().join("customers.ron");
    run(&[
        "import",
        dir.path().join("usage.csv").to_str().unwrap(),
        "--plans",
        here.join("plans.ron").to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    let made = std::fs::read_to_string(&out).unwrap();
    let shipped = std::fs::read_to_string(here.join("customers.ron")).unwrap();
    assert!(made == shipped, "scenarios/backtest/customers.ron is out of date: import it again (see the README)");
    let table = run(&["backtest", here.join("customers.ron").to_str().unwrap()]);
    assert!(table.contains("24 recorded months, 2024-01 to 2025-12; 300 customers"), "{table}");
}

/// The files in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Found by the hostile-input review (issue 23): `--output` equal to `--plans` wrote over the
/// plans, and a `--seats` file named like the usage file `import` writes was written over.
#[test]
fn import_never_writes_over_one_of_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    std::fs::copy(plans(), at("plans.ron")).unwrap();
    let plans_text = std::fs::read(at("plans.ron")).unwrap();
    std::fs::write(
        at("events.csv"),
        "account,timestamp,ai,resolved\nAcme,2024-01-05,true,true\nAcme,2024-02-05,true,false\n",
    )
    .unwrap();
    std::fs::write(at("seats.csv"), "account,month,seats\nAcme,2024-01,3\n").unwrap();
    let import = |output: &str, seats: &str| {
        pricelab(&[
            "import",
            &at("events.csv"),
            "--events",
            "--seats",
            &at(seats),
            "--plans",
            &at("plans.ron"),
            "--output",
            output,
        ])
    };
    for output in [at("plans.ron"), at("events.csv"), at("seats.csv")] {
        let o = import(&output, "seats.csv");
        assert_eq!(o.status.code(), Some(1), "{output}");
        assert!(stderr(&o).contains("is an input file; write the output to another file"), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read(at("plans.ron")).unwrap(), plans_text, "the plans are untouched");
    assert_eq!(names_in(dir.path()), ["events.csv", "plans.ron", "seats.csv"], "nothing written");
    // The usage file an import wrote is a seats file too (account, month, seats): named as
    // --seats, it is the very file the same import would write again.
    let o = import(&at("out.ron"), "seats.csv");
    assert!(o.status.success(), "{}", stderr(&o));
    let usage = io::read_scenario(Path::new(&at("out.ron"))).unwrap().history.unwrap().file;
    let before = (std::fs::read(at("out.ron")).unwrap(), std::fs::read(at(&usage)).unwrap());
    let o = import(&at("out.ron"), &usage);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(&format!("{usage} is an input file")), "{}", stderr(&o));
    assert_eq!((std::fs::read(at("out.ron")).unwrap(), std::fs::read(at(&usage)).unwrap()), before);
}

/// Found by the hostile-input review (issue 23): a refused import still created or replaced the
/// usage file beside its output — with `--output /dev/null`, a file `/dev/null.usage.csv`.
#[test]
fn a_refused_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let usage = dir.path().join("export.csv");
    // Beta has no row in 2024-02: the completed rows are written beside the scenario.
    let rows = |acme: u32| {
        format!(
            "account,month,conversations,ai_conversations,resolutions,seats\n\
             Acme,2024-01,{acme},800,400,10\nAcme,2024-02,1100,900,450,10\nBeta,2024-01,400,300,100,3\n"
        )
    };
    std::fs::write(&usage, rows(1000)).unwrap();
    let import = |output: &str, project: &str| {
        pricelab(&["import", usage.to_str().unwrap(), "--plans", plans(), "--output", output, "--project", project])
    };
    let o = import("/dev/null", "12");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/dev/null is a device"), "{}", stderr(&o));
    let beside_null: Vec<_> = names_in(Path::new("/dev"))
        .into_iter()
        .filter(|n| n.starts_with("null.") || n.starts_with("null.usage"))
        .collect();
    assert!(beside_null.is_empty(), "{beside_null:?}");
    // A pair written, then an import refused (too many months): the pair is left as it was.
    let out = dir.path().join("out.ron");
    assert!(import(out.to_str().unwrap(), "12").status.success());
    let files = names_in(dir.path());
    assert_eq!(files.len(), 3, "{files:?}");
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect();
    std::fs::write(&usage, rows(2000)).unwrap();
    let o = import(out.to_str().unwrap(), "599");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("pricelab: import: nothing written: the scenario made from "), "{err}");
    assert!(err.contains("months: 2 recorded months and 599 projected are more than the 600 months"), "{err}");
    assert!(!err.contains("out.ron"), "the output is not to blame: {err}");
    assert_eq!(names_in(dir.path()), files);
    let after: Vec<Vec<u8>> =
        files.iter().filter(|f| *f != "export.csv").map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect();
    let before: Vec<Vec<u8>> = files.iter().zip(before).filter(|(f, _)| *f != "export.csv").map(|(_, b)| b).collect();
    assert!(after == before, "the old pair is untouched");
}

/// Found by the hostile-input review (issue 23): a count above 10^12 was reported on the output
/// (`out.ron: accounts[0].conversations`), which was never written, without the input's line; a
/// column named twice was read from its first place; "+5" was a count.
#[test]
fn problems_of_an_input_are_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let usage = dir.path().join("u.csv");
    let out = dir.path().join("out.ron");
    let problems_of = |text: &str| {
        std::fs::write(&usage, text).unwrap();
        let o = pricelab(&["import", usage.to_str().unwrap(), "--plans", plans(), "--output", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        assert!(!out.exists());
        stderr(&o)
    };
    let err = problems_of(
        "account,month,conversations,ai_conversations,resolutions,seats\n\
         Acme,2024-01,1000,800,400,10\nAcme,2024-02,2000000000000,0,0,10\nBeta,2024-01,+5,0,0,1\n",
    );
    let u = usage.display();
    assert!(
        err.contains(&format!("{u}:3: conversations 2000000000000 is too large; it is at most 1000000000000")),
        "{err}"
    );
    assert!(err.contains(&format!("{u}:4: conversations \"+5\" is not a count")), "{err}");
    assert!(!err.contains("out.ron"), "{err}");
    let err =
        problems_of("account,month,conversations,ai_conversations,resolutions,seats,Seats\nAcme,2024-01,1,1,1,1,2\n");
    assert!(
        err.contains(&format!("{u}:1: the header names the column seats (fields 6 and 7) more than once")),
        "{err}"
    );
    // The most a month may have is fine.
    std::fs::write(
        &usage,
        "account,month,conversations,ai_conversations,resolutions,seats\nAcme,2024-01,1000000000000,0,0,1\n",
    )
    .unwrap();
    let o = pricelab(&["import", usage.to_str().unwrap(), "--plans", plans(), "--output", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(pricelab(&["check", out.to_str().unwrap()]).status.success());
}

/// Ten million events of as many accounts kept ten million customers, though no scenario file
/// (16 MiB) can hold more than some 70,000 profiles: the reading stops keeping customers at
/// 100,000, with a problem at the row that brings one more.
#[test]
fn an_import_takes_at_most_100000_customers() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.csv");
    let mut text = String::from("account,timestamp,ai,resolved\n");
    for i in 0..=100_000 {
        writeln!(text, "C{i},2024-01-05,true,false").unwrap();
    }
    writeln!(text, "C5,2024-02-05,true,false").unwrap();
    std::fs::write(&events, text).unwrap();
    let out = dir.path().join("out.ron");
    let o = pricelab(&[
        "import",
        events.to_str().unwrap(),
        "--events",
        "--plans",
        plans(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:100002: a customer more than 100000, the most an import takes", events.display())),
        "{err}"
    );
    assert!(err.ends_with("1 problem found\n"), "{err}");
    assert!(!out.exists());
}

//! `pricelab import`: how sure each fit is, on standard error, and `--season shrunk`
//! (docs/import.md, "How sure a fit is", "Shrinking a one-year season"). Issue 26.

use pricelab::io;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};

fn pricelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).output().unwrap()
}

fn plans() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/backtest/plans.ron")
}

/// `import FILE --plans … --output OUT` with `more` arguments: standard output and error.
fn import(file: &Path, out: &Path, more: &[&str]) -> (String, String) {
    let mut args = vec!["import", file.to_str().unwrap(), "--plans", plans(), "--output", out.to_str().unwrap()];
    args.extend_from_slice(more);
    let o = pricelab(&args);
    let (stdout, stderr) = (String::from_utf8(o.stdout).unwrap(), String::from_utf8(o.stderr).unwrap());
    assert!(o.status.success(), "{stderr}");
    (stdout, stderr)
}

/// A season of twelve multipliers averaging 1.0 (the retail shape of `scenarios/backtest`).
const SHAPE: [f64; 12] = [0.85, 0.8, 0.85, 0.9, 0.95, 0.95, 0.9, 0.95, 1.0, 1.1, 1.35, 1.4];

/// Monthly rows from 2024-01: `Acme` over `acme` months of `SHAPE` around 10,000 a month,
/// growing 20% a year; `Beta` flat at 2,000 over its last 12 months only (no rows before).
fn usage(acme: u32) -> String {
    let mut csv = String::from("account,month,conversations,ai_conversations,resolutions,seats\n");
    for m in 0..acme {
        let month = format!("{}-{:02}", 2024 + m / 12, m % 12 + 1);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let c = (10_000.0 * SHAPE[(m % 12) as usize] * 1.2_f64.powf(f64::from(m) / 12.0)).round() as u64;
        writeln!(csv, "Acme,{month},{c},{},{},10", c * 8 / 10, c * 4 / 10).unwrap();
        if m + 12 >= acme {
            writeln!(csv, "Beta,{month},2000,1500,700,4").unwrap();
        }
    }
    csv
}

#[test]
fn a_year_of_history_is_said_to_be_low_and_shrunk_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("usage.csv");
    std::fs::write(&file, usage(12)).unwrap();

    // As recorded (the default): every customer's confidence in words, and the option suggested.
    let recorded = dir.path().join("recorded.ron");
    let (said, err) = import(&file, &recorded, &[]);
    assert!(said.ends_with(&format!("Next: pricelab backtest {}\n", recorded.display())), "stdout as before: {said}");
    assert!(!said.contains("shrunk"), "{said}");
    assert_eq!(
        err,
        "pricelab: how sure each fit is (docs/import.md, \"How sure a fit is\"): 2 low, 0 medium, 0 high\n  \
         Acme: low: one year of history (each month seen once), so a season cannot be told from noise and growth is not measured\n  \
         Beta: low: one year of history (each month seen once), so a season cannot be told from noise and growth is not measured\n\
         pricelab: note: 2 customers rest on one year of history or less: the projection repeats that year, noise and all; --season shrunk pulls such a season halfway to flat\n"
    );
    let recorded = io::read_scenario(&recorded).unwrap();
    let acme = &recorded.accounts[0];
    // The year as recorded is the year itself, month by month (its growth taken as season).
    let simulated = pricelab::engine::simulate(&recorded).unwrap();
    for (m, line) in usage(12).lines().filter(|l| l.starts_with("Acme,")).enumerate() {
        let c: f64 = line.split(',').nth(2).unwrap().parse().unwrap();
        let fitted = acme.conversations * acme.seasonality[m];
        assert!((fitted - c).abs() <= c * 2e-4, "month {m}: {fitted} against {c}");
        #[allow(clippy::cast_precision_loss)]
        let projected = simulated.accounts[0].months[m + 12].conversations as f64;
        assert!((projected - c).abs() <= c * 2e-4 + 0.5, "month {m} repeats: {projected} against {c}");
    }

    // Shrunk: each log-deviation halved, the year's total kept, said on both streams.
    let shrunk_path = dir.path().join("shrunk.ron");
    let (said, err) = import(&file, &shrunk_path, &["--season", "shrunk"]);
    assert!(
        said.contains("fitted each customer's profile to its history (the seasons of 2 customers with one year of history or less shrunk halfway to flat)."),
        "{said}"
    );
    assert!(err.contains("  Acme: low: one year of history (each month seen once), so a season cannot be told from noise and growth is not measured; the season is shrunk halfway to flat\n"), "{err}");
    assert!(!err.contains("note:"), "nothing more to suggest: {err}");
    let shrunk = io::read_scenario(&shrunk_path).unwrap();
    assert!(
        shrunk
            .notes
            .ends_with("The seasons of the 2 customers with no calendar month seen twice are shrunk halfway to flat.")
    );
    let (before, after) = (&acme.seasonality, &shrunk.accounts[0].seasonality);
    let mean_ln = |s: &[f64]| s.iter().map(|x| x.ln()).sum::<f64>() / 12.0;
    let (mb, ma) = (mean_ln(before), mean_ln(after));
    for (b, a) in before.iter().zip(after) {
        assert!(((a.ln() - ma) - (b.ln() - mb) / 2.0).abs() < 2e-4, "{before:?} → {after:?}");
    }
    assert!((after.iter().sum::<f64>() / 12.0 - 1.0).abs() < 1e-3);
    // The twelve months recorded total what they did: the base is unchanged.
    assert!((shrunk.accounts[0].conversations - acme.conversations).abs() < 0.02);
    // A flat customer stays flat; nothing but the season moves.
    assert_eq!(shrunk.accounts[1], recorded.accounts[1]);
    assert_eq!(
        (&shrunk.accounts[0].ai_involvement, &shrunk.accounts[0].seats, shrunk.accounts[0].growth),
        (&acme.ai_involvement, &acme.seats, acme.growth)
    );
    let o = pricelab(&["check", shrunk_path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn two_years_are_rated_high_and_never_shrunk() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("usage.csv");
    std::fs::write(&file, usage(24)).unwrap();
    let (plain, shrunk) = (dir.path().join("plain.ron"), dir.path().join("shrunk.ron"));
    let (_, err) = import(&file, &plain, &[]);
    assert_eq!(
        err,
        "pricelab: how sure each fit is (docs/import.md, \"How sure a fit is\"): 1 low, 0 medium, 1 high\n  \
         Acme: high: 24 months, seasons repeat within ±0.1%, growth measured\n  \
         Beta: low: 12 of 24 months with conversations, each calendar month seen once, so a season cannot be told from noise and growth is not measured\n\
         pricelab: note: 1 customer rests on one year of history or less: the projection repeats that year, noise and all; --season shrunk pulls such a season halfway to flat\n"
    );
    let (said, _) = import(&file, &shrunk, &["--season", "shrunk"]);
    assert!(
        said.contains("(the season of 1 customer with one year of history or less shrunk halfway to flat)"),
        "{said}"
    );
    let (plain, shrunk) = (io::read_scenario(&plain).unwrap(), io::read_scenario(&shrunk).unwrap());
    assert_eq!(plain.accounts[0], shrunk.accounts[0], "24 months are never shrunk");
    let acme = &plain.accounts[0];
    assert!((acme.growth - 0.2).abs() < 1e-3, "{}", acme.growth);
    for (got, want) in acme.seasonality.iter().zip(SHAPE) {
        assert!((got - want).abs() < 1e-3, "{:?}", acme.seasonality);
    }
}

#[test]
fn many_customers_get_a_count_per_rating_and_the_least_sure() {
    let dir = tempfile::tempdir().unwrap();
    let usage = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/backtest/usage.csv");
    let (_, err) = import(Path::new(usage), &dir.path().join("c.ron"), &[]);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[0],
        "pricelab: how sure the fits are (docs/import.md, \"How sure a fit is\"): 300 customers, 0 low, 54 medium, 246 high; the least sure:"
    );
    // Five lines, the least sure first; customers with the same words share one.
    assert_eq!(lines.len(), 6, "{err}");
    assert_eq!(lines[1], "  Iris Games 93: medium: 24 months, growth measured, but seasons repeat only within ±13%");
    assert!(
        lines[3].contains(" and 12 more: medium: 24 months, growth measured, but seasons repeat only within ±11%"),
        "{err}"
    );

    // Its first year alone: every customer rests on one year, in one line.
    let year: String = std::fs::read_to_string(usage).unwrap().lines().filter(|l| !l.contains(",2025-")).fold(
        String::new(),
        |mut s, l| {
            s.push_str(l);
            s.push('\n');
            s
        },
    );
    let file = dir.path().join("year.csv");
    std::fs::write(&file, year).unwrap();
    let (_, err) = import(&file, &dir.path().join("y.ron"), &[]);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "pricelab: how sure the fits are (docs/import.md, \"How sure a fit is\"): 300 customers, 300 low, 0 medium, 0 high; the least sure:",
            "  Vista Bank, Lumen Games, Acme Software and 297 more: low: one year of history (each month seen once), so a season cannot be told from noise and growth is not measured",
            "pricelab: note: 300 customers rest on one year of history or less: the projection repeats that year, noise and all; --season shrunk pulls such a season halfway to flat",
        ]
    );
}

#[test]
fn events_take_the_season_option_too_and_an_unknown_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.csv");
    let mut csv = String::from("account,timestamp,ai,resolved\n");
    for m in 1..=6 {
        for k in 0..m {
            writeln!(csv, "Acme,2025-{m:02}-{:02},true,{}", k % 28 + 1, k % 2 == 0).unwrap();
        }
    }
    std::fs::write(&events, csv).unwrap();
    let out = dir.path().join("e.ron");
    let (said, err) = import(&events, &out, &["--events", "--season", "shrunk"]);
    assert!(
        said.contains("(the season of 1 customer with one year of history or less shrunk halfway to flat)"),
        "{said}"
    );
    assert!(
        err.contains("  Acme: low: 6 months of history (6 calendar months never seen, set to the average), so a season cannot be told from noise and growth is not measured; the season is shrunk halfway to flat\n"),
        "{err}"
    );
    let o = pricelab(&[
        "import",
        events.to_str().unwrap(),
        "--events",
        "--plans",
        plans(),
        "--output",
        out.to_str().unwrap(),
        "--season",
        "flat",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("as-recorded") && err.contains("shrunk"), "{err}");
}

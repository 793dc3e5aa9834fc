//! Scenario files under version control, run as a user would: `pricelab diff OLD NEW` (the
//! changes field by field, and what they do to every plan's figures, worked out by hand) and
//! `pricelab fmt [--check]` (files rewritten in the one layout the app saves).

// The two-account scenario of the analyses' tests: seats earn 4,000.00; resolutions 1,600 × the
// price (1,584.00 at 0.99).
use crate::decide::{SMALL, pricelab};
use std::process::Output;

/// Runs `pricelab` with `args`, which must exit 0.
fn succeeds(args: &[&str]) -> Output {
    let o = pricelab(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    o
}

/// The two versions in a folder: `old.ron` (SMALL) and `new.ron` (SMALL with `edit` applied).
fn versions(edit: impl Fn(&str) -> String) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.ron"), dir.path().join("new.ron"));
    std::fs::write(&old, SMALL).unwrap();
    std::fs::write(&new, edit(SMALL)).unwrap();
    let path = |p: &std::path::Path| p.to_string_lossy().into_owned();
    (dir, path(&old), path(&new))
}

#[test]
fn lists_each_change_and_what_it_does_to_every_plan() {
    let (_dir, old, new) = versions(|s| s.replace(r#"PerUnit("0.99")"#, r#"PerUnit("1.49")"#));
    let text = String::from_utf8(succeeds(&["diff", &old, &new]).stdout).unwrap();
    assert!(
        text.contains("1 change:\n  plan \"Per resolution\", charge \"Resolution\", price: was 0.99, now 1.49\n"),
        "{text}"
    );
    // 1,600 resolutions × 0.50 more: 800.00, +50.5% of 1,584.00; no cost to serve, so the margin
    // moves as much. Seats do not move.
    let row = |plan: &str| {
        let line = text.lines().find(|l| l.starts_with(plan)).unwrap();
        line.split_whitespace().rev().take(5).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>()
    };
    assert_eq!(row("Per resolution"), ["1,584.00", "2,384.00", "+800.00", "+50.5%", "+800.00"]);
    assert_eq!(row("Seats"), ["4,000.00", "4,000.00", "0.00", "0.0%", "0.00"]);

    let json = succeeds(&["diff", &old, &new, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        v["changes"][0]["path"],
        serde_json::json!(["plan \"Per resolution\"", "charge \"Resolution\"", "price"])
    );
    assert_eq!(
        (&v["changes"][0]["before"], &v["changes"][0]["after"]),
        (&serde_json::json!("0.99"), &serde_json::json!("1.49"))
    );
    assert_eq!(v["plans"][1]["total_after"], "2384.00");
}

#[test]
fn the_same_scenario_has_no_differences() {
    let (_dir, old, _) = versions(ToString::to_string);
    let o = succeeds(&["diff", &old, &old]);
    assert!(String::from_utf8(o.stdout).unwrap().ends_with("No differences.\n"));
}

#[test]
fn added_plans_and_broken_versions_still_compare() {
    // A plan added: its figures only after; the old plans unchanged.
    let (_dir, old, new) = versions(|s| {
        let plans = s.strip_suffix("])").unwrap();
        format!(r#"{plans}, (name: "Hybrid", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("50"))])])"#)
    });
    let text = String::from_utf8(succeeds(&["diff", &old, &new]).stdout).unwrap();
    assert!(text.contains("plan \"Hybrid\": added"), "{text}");
    let hybrid = text.lines().find(|l| l.starts_with("Hybrid")).unwrap();
    assert_eq!(hybrid.split_whitespace().collect::<Vec<_>>(), ["Hybrid", "-", "2,000.00", "-", "-", "-"]);
    // A version with a broken rule: its changes listed, no figures for it, exit 0.
    let (_dir, old, new) = versions(|s| s.replace(r#"PerUnit("0.99")"#, r#"PerUnit("-0.99")"#));
    let o = succeeds(&["diff", &old, &new]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("price: was 0.99, now -0.99") && text.contains("has 1 problem: no figures for it"), "{text}");
}

#[test]
fn refuses_to_write_over_either_version_or_to_read_what_is_not_there() {
    let (dir, old, new) = versions(|s| s.replace("months: 2", "months: 3"));
    for target in [&old, &new] {
        let o = pricelab(&["diff", &old, &new, "--output", target]);
        assert_eq!(o.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&o.stderr).contains("is an input file"));
    }
    assert_eq!(std::fs::read_to_string(&old).unwrap(), SMALL);
    let missing = dir.path().join("missing.ron");
    let o = pricelab(&["diff", &old, &missing.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read"));
}

mod properties {
    use crate::properties::scenario;
    use pricelab::model::diff::changes;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Two scenarios have no changes between them exactly when they are equal, whichever
        /// way they are compared, and each change names where it is.
        #[test]
        fn no_changes_exactly_when_equal(a in scenario(), b in scenario()) {
            prop_assert!(changes(&a, &a).is_empty());
            let there = changes(&a, &b);
            prop_assert_eq!(there.is_empty(), a == b);
            prop_assert_eq!(changes(&b, &a).len(), there.len());
            prop_assert!(there.iter().all(|c| !c.path.is_empty() && (c.before.is_some() || c.after.is_some())));
        }

        /// One field changed in one account among several is one change, at that account.
        #[test]
        fn one_edit_is_one_change(a in scenario(), which in any::<prop::sample::Index>(), growth in 0.0_f64..0.5) {
            let mut b = a.clone();
            let i = which.index(b.accounts.len());
            prop_assume!((b.accounts[i].growth - growth).abs() > 1e-12);
            b.accounts[i].growth = growth;
            let list = changes(&a, &b);
            prop_assert_eq!(list.len(), 1);
            prop_assert_eq!(list[0].path.last().map(String::as_str), Some("growth"));
        }
    }
}

#[test]
fn the_table_cuts_long_values_and_json_keeps_them_whole() {
    let notes = "A long note about why the price moved: ".repeat(5);
    let (_dir, old, new) =
        versions(|s| s.replace("name: \"Small\",", &format!("name: \"Small\", notes: \"{notes}\",")));
    let table = String::from_utf8(succeeds(&["diff", &old, &new]).stdout).unwrap();
    let line = table.lines().find(|l| l.contains("notes:")).unwrap();
    assert!(
        line.starts_with("  notes: was (empty), now A long note") && line.ends_with("...") && line.len() < 120,
        "{line}"
    );
    let json = succeeds(&["diff", &old, &new, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["changes"][0]["after"], notes.as_str());
}

#[test]
fn csv_has_one_row_per_change_and_json_the_totals_worked_by_hand() {
    // Three customers instead of two, and the resolution price from 0.99 to 1.25.
    let (_dir, old, new) =
        versions(|s| s.replace("count: 2", "count: 3").replace(r#"PerUnit("0.99")"#, r#"PerUnit("1.25")"#));
    let csv = String::from_utf8(succeeds(&["diff", &old, &new, "--format", "csv"]).stdout).unwrap();
    // In the file's order; cells holding quotes or commas quoted, quotes doubled (RFC 4180).
    assert_eq!(
        csv,
        "where,before,after\n\
         \"account \"\"Team\"\", count\",2,3\n\
         \"plan \"\"Per resolution\"\", charge \"\"Resolution\"\", price\",0.99,1.25\n"
    );
    // Seats: 3 accounts × 2 months × 10 seats × 100 = 6,000.00 (4,000.00 before). Resolutions:
    // 3 × 2 × 1,000 × 0.8 × 0.5 = 2,400 at 1.25 = 3,000.00 (1,584.00 before). No cost to serve:
    // margins are the totals.
    let v: serde_json::Value =
        serde_json::from_slice(&succeeds(&["diff", &old, &new, "--format", "json"]).stdout).unwrap();
    let figures = |p: &serde_json::Value| {
        ["name", "total_before", "total_after", "margin_before", "margin_after"]
            .map(|k| p[k].as_str().unwrap().to_owned())
    };
    let plans: Vec<_> = v["plans"].as_array().unwrap().iter().map(figures).collect();
    assert_eq!(
        plans,
        [
            ["Seats", "4000.00", "6000.00", "4000.00", "6000.00"],
            ["Per resolution", "1584.00", "3000.00", "1584.00", "3000.00"]
        ]
    );
    // A plan only one version has: an empty cell for the side without it.
    let (_dir, old, new) = versions(|s| {
        let plans = s.strip_suffix("])").unwrap();
        format!(r#"{plans}, (name: "Hybrid", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("50"))])])"#)
    });
    let csv = String::from_utf8(succeeds(&["diff", &old, &new, "--format", "csv"]).stdout).unwrap();
    let rows: Vec<_> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[1].starts_with("\"plan \"\"Hybrid\"\"\",,\"(name: "), "{csv}");
    // No differences: the header alone.
    let csv = succeeds(&["diff", &old, &old, "--format", "csv"]).stdout;
    assert_eq!(csv, b"where,before,after\n");
}

/// SMALL in the layout the app saves, as docs/format.md and the README describe it: the default
/// header, one field per line, fields at their default left out, shares with two decimals,
/// money as the digits written, a charge per line, trailing commas.
const SMALL_CANONICAL: &str = r#"// pricelab scenario (format 1)
(
    format: 1,
    name: "Small",
    start: "2025-01",
    months: 2,
    accounts: [
        (
            name: "Team",
            count: 2,
            conversations: 1000,
            ai_involvement: (start: 0.80, end: 0.80, months: 0),
            resolution_rate: (start: 0.50, end: 0.50, months: 0),
            seats: Fixed(10),
        ),
    ],
    plans: [
        (
            name: "Seats",
            charges: [
                Usage(name: "Seat", metric: Seats, price: PerUnit("100")),
            ],
        ),
        (
            name: "Per resolution",
            charges: [
                Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99")),
            ],
        ),
    ],
)
"#;

/// The file's bytes and its inode (a file rewritten, even atomically with the same bytes, is a
/// new inode).
fn state(path: &std::path::Path) -> (Vec<u8>, u64) {
    use std::os::unix::fs::MetadataExt;
    (std::fs::read(path).unwrap(), std::fs::metadata(path).unwrap().ino())
}

#[test]
fn fmt_writes_the_layout_the_app_saves_and_then_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.ron");
    let shown = path.to_string_lossy().into_owned();
    std::fs::write(&path, SMALL).unwrap();
    // --check: exit 1 naming the file, and the file as it was.
    let before = state(&path);
    let o = pricelab(&["fmt", "--check", &shown]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        format!("{shown}: not in canonical form (pricelab fmt rewrites it)\n")
    );
    assert_eq!(state(&path), before, "--check changed the file");
    // fmt rewrites it, with the default header (SMALL has none).
    let o = succeeds(&["fmt", &shown]);
    assert_eq!(String::from_utf8(o.stdout).unwrap(), format!("{shown}: rewritten\n"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), SMALL_CANONICAL);
    // The app's Save writes the same bytes.
    let saved = dir.path().join("saved.ron");
    let scenario = pricelab::io::read_scenario(&path).unwrap();
    pricelab::io::save_scenario(&saved, &scenario, None).unwrap();
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), SMALL_CANONICAL);
    // Idempotent: a second fmt says nothing and does not touch the file; --check exits 0.
    let before = state(&path);
    let again = String::from_utf8(succeeds(&["fmt", &shown]).stdout).unwrap();
    assert_eq!(again, "", "a second fmt has nothing to rewrite");
    let check = String::from_utf8(succeeds(&["fmt", "--check", &shown]).stdout).unwrap();
    assert_eq!(check, "", "fmt --check on what fmt wrote");
    assert_eq!(state(&path), before, "a canonical file was rewritten");
}

#[test]
fn fmt_restores_a_shipped_file_from_any_layout_keeping_its_header() {
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiered-pricing.ron");
    let text = std::fs::read_to_string(&shipped).unwrap();
    let (header, body) = text.split_once('\n').unwrap();
    assert!(header.starts_with("// pricelab scenario (format 1): tiers"), "{header}");
    // The same scenario hand-edited: on one line, fields in another order, defaults written out,
    // shares with other decimals, a comment in the middle, no trailing commas.
    let messy = body
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
        .replace(
            "start: \"2025-01\", months: 24,",
            "months: 24, /* two years */ start: \"2025-01\", currency: \"USD\",",
        )
        .replace("name: \"Software company\",", "name: \"Software company\", count: 1,")
        .replace("growth: 0.25", "growth: 0.250")
        .replace("conversations_per_seat: 220.0", "conversations_per_seat: 220")
        .replace(", ]", "]")
        .replace(", )", ")");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiered.ron");
    let shown = path.to_string_lossy().into_owned();
    std::fs::write(&path, format!("{header}\n{messy}\n")).unwrap();
    assert_eq!(pricelab(&["fmt", "--check", &shown]).status.code(), Some(1));
    succeeds(&["fmt", &shown]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "fmt gives the shipped file back, byte for byte");
    // Every shipped scenario is canonical already.
    let mut all: Vec<String> = std::fs::read_dir(shipped.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    all.sort();
    let mut args = vec!["fmt", "--check"];
    args.extend(all.iter().map(String::as_str));
    let listed = String::from_utf8(succeeds(&args).stdout).unwrap();
    assert_eq!(listed, "", "shipped scenarios not in canonical form");
}

#[test]
fn fmt_refuses_a_file_with_problems_and_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        (path.to_string_lossy().into_owned(), path)
    };
    let header = "// Our pricing, reviewed in March\n//   by the pricing team\n\n";
    let (typo, typo_path) = write("typo.ron", &format!("{header}{}", SMALL.replace("months: 2", "monhts: 2")));
    let (negative, negative_path) = write("negative.ron", &SMALL.replace(r#"PerUnit("0.99")"#, r#"PerUnit("-0.99")"#));
    let (fine, fine_path) = write("fine.ron", &format!("{header}{SMALL}"));
    for check in [true, false] {
        let (typo_before, negative_before) = (state(&typo_path), state(&negative_path));
        let mut args = vec!["fmt"];
        if check {
            args.push("--check");
        }
        args.extend([typo.as_str(), negative.as_str(), fine.as_str()]);
        let o = pricelab(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        // Each refused at its place: the line and column of the syntax error, the field of the
        // broken rule.
        assert!(err.contains(&format!("{typo}:4:")), "{err}");
        assert!(err.contains("monhts"), "{err}");
        assert!(
            err.contains(&format!(r#"{negative}: plans["Per resolution"].charges["Resolution"].price: "#)),
            "{err}"
        );
        assert_eq!((state(&typo_path), state(&negative_path)), (typo_before, negative_before), "{args:?}");
        // The good file is still listed (--check) or rewritten, its header kept as written.
        let out = String::from_utf8(o.stdout).unwrap();
        if check {
            assert_eq!(out, format!("{fine}: not in canonical form (pricelab fmt rewrites it)\n"));
        } else {
            assert_eq!(out, format!("{fine}: rewritten\n"));
            let want = SMALL_CANONICAL.replace("// pricelab scenario (format 1)", header.trim_end());
            assert_eq!(std::fs::read_to_string(&fine_path).unwrap(), want);
        }
    }
}

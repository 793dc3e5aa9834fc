//! `pricelab diff OLD NEW` run as a user would: the changes field by field, and what they do to
//! every plan's figures, worked out by hand.

// The two-account scenario of the analyses' tests: seats earn 4,000.00; resolutions 1,600 × the
// price (1,584.00 at 0.99).
use crate::decide::{SMALL, pricelab};

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
    let o = pricelab(&["diff", &old, &new]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
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

    let json = pricelab(&["diff", &old, &new, "--format", "json"]);
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
    let o = pricelab(&["diff", &old, &old]);
    assert!(o.status.success());
    assert!(String::from_utf8(o.stdout).unwrap().ends_with("No differences.\n"));
}

#[test]
fn added_plans_and_broken_versions_still_compare() {
    // A plan added: its figures only after; the old plans unchanged.
    let (_dir, old, new) = versions(|s| {
        let plans = s.strip_suffix("])").unwrap();
        format!(r#"{plans}, (name: "Hybrid", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("50"))])])"#)
    });
    let text = String::from_utf8(pricelab(&["diff", &old, &new]).stdout).unwrap();
    assert!(text.contains("plan \"Hybrid\": added"), "{text}");
    let hybrid = text.lines().find(|l| l.starts_with("Hybrid")).unwrap();
    assert_eq!(hybrid.split_whitespace().collect::<Vec<_>>(), ["Hybrid", "-", "2,000.00", "-", "-", "-"]);
    // A version with a broken rule: its changes listed, no figures for it, exit 0.
    let (_dir, old, new) = versions(|s| s.replace(r#"PerUnit("0.99")"#, r#"PerUnit("-0.99")"#));
    let o = pricelab(&["diff", &old, &new]);
    assert!(o.status.success());
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
    let table = String::from_utf8(pricelab(&["diff", &old, &new]).stdout).unwrap();
    let line = table.lines().find(|l| l.contains("notes:")).unwrap();
    assert!(
        line.starts_with("  notes: was (empty), now A long note") && line.ends_with("...") && line.len() < 120,
        "{line}"
    );
    let json = pricelab(&["diff", &old, &new, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["changes"][0]["after"], notes.as_str());
}

//! The engine against an independent implementation of the spec (`tests/reference/reference.py`,
//! written from the format's rules alone): random scenarios exercising every price, commitment, ramp, seat
//! and rounding rule, with the JSON that implementation computed for them.

use pricelab::io::{export, read_scenario};
use std::path::Path;

/// The scenarios of `tests/reference/FOLDER`, in order (at least `least` of them).
fn cases(folder: &str, least: usize) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference").join(folder);
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    cases.sort();
    assert!(cases.len() >= least, "the reference cases are missing from {}", dir.display());
    cases
}

#[test]
fn engine_agrees_with_the_reference_implementation() {
    agree_on(cases("cases", 40));
}

/// Roll-over, minimums and caps (docs/format.md) among random plans' commitments.
#[test]
fn more_billing_instruments_agree_with_the_reference_implementation() {
    agree_on(cases("instruments", 40));
}

/// Transitions (docs/semantics.md §8) between random plans, with every instrument, on profiles
/// renewing together or spread out.
#[test]
fn transitions_agree_with_the_reference_implementation() {
    agree_on(cases("transitions", 40));
}

/// Every case's simulation, as the JSON output has it, equals the reference's.
fn agree_on(cases: Vec<std::path::PathBuf>) {
    for case in cases {
        let scenario = read_scenario(&case).unwrap();
        let outcome = pricelab::engine::simulate(&scenario).unwrap();
        let got: serde_json::Value =
            serde_json::from_str(&export::to_json(&scenario, &outcome, None).unwrap()).unwrap();
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(case.with_extension("json")).unwrap()).unwrap();
        if got != want {
            for key in ["months", "accounts", "plans"] {
                assert_eq!(got[key], want[key], "{}: {key} differs", case.display());
            }
            panic!("{}: differs", case.display());
        }
    }
}

/// Recorded usage and backtests (docs/import.md) against the same implementation: random scenarios
/// whose accounts are partly recorded (usage files with their rows shuffled), simulated and
/// backtested.
#[test]
fn recorded_usage_and_backtests_agree_with_the_reference_implementation() {
    let cases = cases("backtests", 20);
    for case in cases {
        let scenario = read_scenario(&case).unwrap();
        let expected = |what: &str| -> serde_json::Value {
            serde_json::from_str(&std::fs::read_to_string(case.with_extension(format!("{what}.json"))).unwrap())
                .unwrap()
        };
        let outcome = pricelab::engine::simulate(&scenario).unwrap();
        let got: serde_json::Value =
            serde_json::from_str(&export::to_json(&scenario, &outcome, None).unwrap()).unwrap();
        assert_eq!(got, expected("simulate"), "{}: simulate differs", case.display());
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pricelab"))
            .args(["backtest", case.to_str().unwrap(), "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}: {}", case.display(), String::from_utf8_lossy(&out.stderr));
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(got, expected("backtest"), "{}: backtest differs", case.display());
    }
}

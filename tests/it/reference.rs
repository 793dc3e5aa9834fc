//! The engine against an independent implementation of the spec (`tests/reference/reference.py`,
//! written from SPEC.md alone): random scenarios exercising every price, commitment, ramp, seat
//! and rounding rule, with the JSON that implementation computed for them.

use pricelab::io::{export, read_scenario};
use std::path::Path;

#[test]
fn engine_agrees_with_the_reference_implementation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/cases");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "the reference cases are missing from {}", dir.display());
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

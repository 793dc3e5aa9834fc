//! Saving then loading gives back an equal scenario; loading then saving a shipped file changes
//! nothing at all (they are shipped in the canonical form the app saves).

use super::properties::scenario;
use pricelab::io::{open_scenario, read_scenario, save_scenario};
use pricelab::model::{
    History, Recorded, Scenario, SimulationSettings, diff, examples, from_ron, from_ron_with, header_comment, to_ron,
    to_ron_with_header,
};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every scenario shipped in `scenarios/` and `scenarios/backtest/`, read from disk now.
fn shipped_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["scenarios", "scenarios/backtest"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ron") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Reads `text` back as `like` was read: the usage file `like` names is not read again from
/// disk, its recorded usage is handed over as it is (the text names the file; reading it is
/// io's business, tested in history.rs).
fn read_back(text: &str, like: &Scenario) -> Scenario {
    let recorded = like.history.as_ref().and_then(|h| h.recorded.clone());
    let back = from_ron_with(text, |s| {
        if let Some(h) = &mut s.history {
            h.recorded.clone_from(&recorded);
        }
        Vec::new()
    });
    match back {
        Ok(back) => back,
        Err(problems) => panic!("the written text does not read: {problems:#?}\n{text}"),
    }
}

/// Writes `s` under `header`, reads it back and writes it again: the scenario read back has no
/// change from `s` (field by field, as `pricelab diff` sees them) and equals it, and the second
/// text is the first.
fn assert_round_trip(s: &Scenario, header: &str, what: &str) {
    let text = to_ron_with_header(s, header);
    let back = read_back(&text, s);
    // (A zero written with decimals, "0.00", is a default the canonical form leaves out: it
    // reads back as 0, the same amount, which `diff` shows as written. Nothing else may change.)
    let zero = |v: &Option<String>| {
        v.as_deref().and_then(|v| v.parse::<rust_decimal::Decimal>().ok()).is_some_and(|d| d.is_zero())
    };
    let changes: Vec<String> = diff::changes(s, &back)
        .iter()
        .filter(|c| !(zero(&c.before) && zero(&c.after)))
        .map(ToString::to_string)
        .collect();
    assert!(changes.is_empty(), "{what}: written and read back, it changed: {changes:#?}\n{text}");
    assert!(back == *s, "{what}: written and read back, it is not equal\n{text}");
    assert_eq!(to_ron_with_header(&back, header), text, "{what}: the second write differs from the first");
}

#[test]
fn every_shipped_scenario_survives_write_read_write() {
    let files = shipped_files();
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        let opened = open_scenario(&path).unwrap();
        assert!(opened.problems.is_empty(), "{}: {:?}", path.display(), opened.problems);
        let header = opened.header.as_deref().unwrap_or(pricelab::model::DEFAULT_HEADER);
        assert_round_trip(&opened.scenario, header, &path.display().to_string());
    }
}

#[test]
fn shipped_files_survive_load_save_load() {
    let dir = tempfile::tempdir().unwrap();
    for e in examples::ALL {
        let loaded = e.scenario().unwrap();
        let path = dir.path().join(e.file);
        save_scenario(&path, &loaded, header_comment(e.text).as_deref()).unwrap();
        let reloaded = read_scenario(&path).unwrap();
        assert_eq!(reloaded, loaded, "{}", e.file);
        // Open then save with no edit changes nothing, header comment included.
        assert_eq!(std::fs::read_to_string(&path).unwrap(), e.text, "{}: run `pricelab fmt` on it", e.file);
        // Money stays a string with the decimals it was written with.
        assert!(!std::fs::read_to_string(&path).unwrap().contains("PerUnit(0"), "{}", e.file);
    }
}

/// The app's examples (`examples::ALL`, embedded in the binary) are every scenario of
/// `scenarios/`: a scenario shipped there and left out of the app's list, or listed under a
/// name that is not shipped, fails.
#[test]
fn the_embedded_examples_are_every_shipped_scenario() {
    let shipped: Vec<String> = shipped_files()
        .iter()
        .filter(|p| p.parent().is_some_and(|d| d.ends_with("scenarios")))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut embedded: Vec<String> = examples::ALL.iter().map(|e| e.file.to_owned()).collect();
    embedded.sort();
    assert_eq!(embedded, shipped);
}

#[test]
fn plain_numbers_are_read_as_the_decimals_written() {
    let text = examples::DEFAULT.text.replace("PerUnit(\"0.99\")", "PerUnit(0.99)").replace("\"139.00\"", "139");
    let s = from_ron(&text).unwrap();
    let written = to_ron(&s);
    assert!(written.contains("PerUnit(\"0.99\")") && written.contains("PerUnit(\"139\")"), "{written}");
    assert_eq!(from_ron(&written).unwrap(), s);
    // More than 15 significant digits as a plain number is refused: it cannot be exact.
    let text = examples::DEFAULT.text.replace("PerUnit(\"0.99\")", "PerUnit(0.12345678901234567)");
    let err = from_ron(&text).unwrap_err();
    assert!(err[0].message.contains("significant digits"), "{err:?}");
}

/// A scenario as `scenario()` draws it, with what that leaves at one value drawn too: the
/// currency, the Monte Carlo settings, and a usage file (`history`) half the time, its recorded
/// usage an empty table (the file is named in the text; its rows are not).
fn any_scenario() -> impl Strategy<Value = Scenario> {
    (
        scenario(),
        prop::sample::select(vec!["EUR", "USD", "JPY", "CHF", "GBP"]),
        (0_u64..=100_000, any::<u64>(), 0.0..=1.0_f64, 0.0..=1.0_f64),
        prop::option::of("[a-z]{1,8}(/[a-z]{1,8})?\\.csv"),
    )
        .prop_map(|(mut s, currency, (trials, seed, volume_noise, resolution_noise), history)| {
            s.currency = currency.to_owned();
            s.simulation = SimulationSettings { trials, seed, volume_noise, resolution_noise };
            s.history = history.map(|file| {
                let recorded = Recorded { file: file.clone(), start: s.start, months: 0, accounts: Vec::new() };
                History { file, recorded: Some(Arc::new(recorded)) }
            });
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn save_then_load_gives_an_equal_scenario_and_the_same_text(s in any_scenario()) {
        assert_round_trip(&s, pricelab::model::DEFAULT_HEADER, "generated");
    }
}

#[test]
fn every_shipped_scenario_is_in_canonical_form() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["scenarios", "scenarios/backtest"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "ron") {
                continue;
            }
            let opened = open_scenario(&path).unwrap();
            let text = std::fs::read_to_string(&path).unwrap();
            let header = opened.header.as_deref().unwrap_or(pricelab::model::DEFAULT_HEADER);
            assert_eq!(pricelab::model::to_ron_with_header(&opened.scenario, header), text, "{}", path.display());
        }
    }
}

#[test]
fn the_canonical_form_leaves_out_defaults_and_needless_escapes() {
    let mut s = examples::DEFAULT.scenario().unwrap();
    s.notes = "The customer's \"best\" month\nis December.".to_owned();
    let text = to_ron(&s);
    assert!(text.contains(r#"notes: "The customer's \"best\" month\nis December.","#), "{text}");
    for default in ["count: 1,", "currency:", "seed: 1", "billing: Upfront", "discount:"] {
        assert!(!text.contains(default), "{default} in\n{text}");
    }
    // One field per line for accounts and plans; a charge line on one line.
    assert!(text.contains("\n            name: \"Support team\",\n"), "{text}");
    assert!(
        text.contains("\n                Usage(name: \"Seat\", metric: Seats, price: PerUnit(\"139.00\")),\n"),
        "{text}"
    );
}

#[test]
fn a_file_breaking_rules_opens_with_its_problems_and_a_syntax_error_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    let text =
        examples::DEFAULT.text.replace("months: 36", "months: 0").replace("conversations: 250000", "conversations: -5");
    std::fs::write(&path, &text).unwrap();
    let opened = open_scenario(&path).unwrap();
    let paths: Vec<_> = opened.problems.iter().filter_map(|p| p.path()).collect();
    assert!(paths.contains(&"months") && paths.contains(&"accounts[0].conversations"), "{paths:?}");
    assert!(read_scenario(&path).is_err());
    std::fs::write(&path, "(format: 1, name: ").unwrap();
    assert!(open_scenario(&path).is_err());
}

//! Saving then loading gives back an equal scenario; loading then saving a shipped file changes
//! nothing at all (they are shipped in the canonical form the app saves).

use super::properties::scenario;
use pricelab::io::{open_scenario, read_scenario, save_scenario};
use pricelab::model::{examples, from_ron, header_comment, to_ron};
use proptest::prelude::*;

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

#[test]
fn the_embedded_examples_are_the_shipped_files() {
    for e in examples::ALL {
        let on_disk =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(e.file))
                .unwrap();
        assert_eq!(on_disk, e.text, "{}", e.file);
    }
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn save_then_load_gives_an_equal_scenario(s in scenario()) {
        let text = to_ron(&s);
        let back = from_ron(&text);
        prop_assert!(back.is_ok(), "{:?}\n{}", back, text);
        prop_assert_eq!(back.unwrap(), s);
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

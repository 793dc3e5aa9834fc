//! Saving then loading gives back an equal scenario; loading then saving a shipped file changes
//! nothing but formatting.

use super::properties::scenario;
use pricelab::io::{read_scenario, save_scenario};
use pricelab::model::{examples, from_ron, to_ron};
use proptest::prelude::*;

#[test]
fn shipped_files_survive_load_save_load() {
    let dir = tempfile::tempdir().unwrap();
    for e in examples::ALL {
        let loaded = e.scenario().unwrap();
        let path = dir.path().join(e.file);
        save_scenario(&path, &loaded).unwrap();
        let reloaded = read_scenario(&path).unwrap();
        assert_eq!(reloaded, loaded, "{}", e.file);
        // Saving again writes the same text: formatting has settled.
        assert_eq!(to_ron(&reloaded).unwrap(), std::fs::read_to_string(&path).unwrap());
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
    let written = to_ron(&s).unwrap();
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
        let text = to_ron(&s).unwrap();
        let back = from_ron(&text);
        prop_assert!(back.is_ok(), "{:?}\n{}", back, text);
        prop_assert_eq!(back.unwrap(), s);
    }
}

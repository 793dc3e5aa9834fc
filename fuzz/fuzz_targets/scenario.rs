//! Reading a scenario from any bytes: parse, validate, write back, compare (`model::diff`) and,
//! when it is valid and small enough to run in a moment, the deterministic simulation, a few
//! Monte Carlo trials and both exports.
//! Nothing may panic; every refusal must be a list of located problems.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pricelab::engine::{self, monte_carlo};
use pricelab::model::{self, Location};

/// Work bounds that keep one input to milliseconds.
const MAX_LINE_MONTHS: u128 = 20_000;
const MAX_TRIAL_MONTHS: u128 = 2_000;

fuzz_target!(|bytes: &[u8]| {
    let scenario = match model::from_bytes(bytes) {
        Ok(s) => s,
        Err(problems) => {
            assert!(!problems.is_empty(), "a refusal lists its problems");
            for p in &problems {
                if let Location::Text { line, column } = p.location {
                    assert!(line >= 1 && column >= 1);
                }
            }
            return;
        }
    };
    // What is written reads back as the same scenario, with no change between them.
    let text = model::to_ron(&scenario);
    let again = model::from_ron(&text).expect("what pricelab writes, it reads");
    assert_eq!(again, scenario);
    assert!(model::diff::changes(&scenario, &again).is_empty());
    // Compared with the built-in example, every change names where it is.
    if let Ok(example) = model::examples::DEFAULT.scenario() {
        for change in model::diff::changes(&example, &scenario) {
            assert!(!change.path.is_empty() && !change.to_string().contains('\n'));
        }
    }
    if model::line_months(&scenario) > MAX_LINE_MONTHS {
        return;
    }
    let Ok(outcome) = engine::simulate(&scenario) else { return };
    let mut out = Vec::new();
    pricelab::io::export::write_json(&mut out, &scenario, &outcome, None, None).expect("into memory");
    out.clear();
    pricelab::io::export::write_csv(&mut out, &outcome, None).expect("into memory");
    let trials = scenario.simulation.trials.min(3);
    let trial_months = u128::from(trials) * scenario.instances() * u128::from(scenario.months);
    if trials > 0 && trial_months <= MAX_TRIAL_MONTHS {
        let _ = monte_carlo::run(&scenario, trials, scenario.simulation.seed, &monte_carlo::Silent);
    }
});

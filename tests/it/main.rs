//! Integration tests: one test binary, one module per concern.
// Test helpers stop at the line that failed, like the tests themselves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Tests compare values the code must leave untouched exactly, and plot positions are small.
#![allow(clippy::float_cmp, clippy::cast_possible_truncation)]

mod cli;
mod cli_budget;
mod decide;
mod diff;
mod first_hour;
#[cfg(feature = "gui")]
mod gui;
mod hand_worked;
mod history;
mod hostile;
mod hostile_args;
mod import;
mod import_fit;
mod instruments;
mod monte_carlo;
mod properties;
mod properties_analyses;
mod quote;
mod readme;
#[cfg(feature = "gui")]
mod recovery;
mod reference;
mod reference_mc;
mod roundtrip;
mod transitions;
mod transitions_analyses;

use pricelab::engine::{Outcome, simulate};
use pricelab::model::{Scenario, from_ron};

/// Reads a scenario that must be valid.
pub fn scenario(text: &str) -> Scenario {
    match from_ron(text) {
        Ok(s) => s,
        Err(problems) => panic!("invalid test scenario: {problems:#?}"),
    }
}

/// Simulates a scenario that must be valid.
pub fn run(text: &str) -> Outcome {
    simulate(&scenario(text)).unwrap()
}

/// Money amounts as strings with two decimals, for comparing with hand-worked figures.
pub fn cents(values: &[rust_decimal::Decimal]) -> Vec<String> {
    values.iter().map(|v| pricelab::model::money::cents(*v)).collect()
}

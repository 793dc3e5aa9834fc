//! The shipped example scenarios, embedded in the binary.

use super::{Problem, Scenario, from_ron};

/// A shipped example scenario.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// The file's name in `scenarios/`.
    pub file: &'static str,
    /// The file's text.
    pub text: &'static str,
}

impl Example {
    /// Reads the example.
    ///
    /// # Errors
    /// The problems of the file (the tests make sure there are none).
    pub fn scenario(&self) -> Result<Scenario, Vec<Problem>> {
        from_ron(self.text)
    }
}

/// The default scenario: a 1,000-seat team whose AI resolution rate ramps up.
pub const DEFAULT: Example =
    Example { file: "fin-outcome-pricing.ron", text: include_str!("../../scenarios/fin-outcome-pricing.ron") };

/// Every shipped example, the default first.
pub const ALL: [Example; 6] = [
    DEFAULT,
    Example { file: "seasonal-retailer.ron", text: include_str!("../../scenarios/seasonal-retailer.ron") },
    Example {
        file: "seat-to-resolution-commit.ron",
        text: include_str!("../../scenarios/seat-to-resolution-commit.ron"),
    },
    Example { file: "tiered-pricing.ron", text: include_str!("../../scenarios/tiered-pricing.ron") },
    Example { file: "saas-portfolio.ron", text: include_str!("../../scenarios/saas-portfolio.ron") },
    Example { file: "bill-smoothing.ron", text: include_str!("../../scenarios/bill-smoothing.ron") },
];

/// The shipped example of this file name in `scenarios/` (`"saas-portfolio.ron"`).
#[must_use]
pub fn named(file: &str) -> Option<Example> {
    ALL.iter().copied().find(|e| e.file == file)
}

/// The shipped example of this file name, read (`None` when there is none).
///
/// ```
/// let s = pricelab::model::examples::scenario_named("saas-portfolio.ron").unwrap();
/// assert!(s.accounts.len() > 1);
/// ```
#[must_use]
pub fn scenario_named(file: &str) -> Option<Scenario> {
    named(file)?.scenario().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_valid() {
        for e in ALL {
            if let Err(problems) = e.scenario() {
                panic!("{}: {problems:#?}", e.file);
            }
        }
    }
}

//! The whole scenario, its vendor costs and its Monte Carlo settings.

use super::{Account, History, Plan, Transition, YearMonth, history, money};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A whole scenario: what is simulated and how each plan charges for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; only [`FORMAT`] is read.
    pub format: u32,
    /// Name shown in titles and outputs; non-empty.
    pub name: String,
    /// Free text explaining the scenario.
    #[serde(default)]
    pub notes: String,
    /// ISO-4217 currency code; amounts carry two decimals.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// First simulated calendar month.
    pub start: YearMonth,
    /// Number of simulated months, 1..=600.
    pub months: u32,
    /// Customer profiles, at least one.
    pub accounts: Vec<Account>,
    /// Ways of charging, at least one; the first is the baseline.
    pub plans: Vec<Plan>,
    /// Customers moving from one plan to another (docs/semantics.md §8): result lines after the
    /// plans.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transitions: Vec<Transition>,
    /// The vendor's cost to serve.
    #[serde(default)]
    pub costs: Costs,
    /// Monte Carlo settings.
    #[serde(default)]
    pub simulation: SimulationSettings,
    /// Recorded usage of real accounts (a CSV file beside the scenario), if any.
    #[serde(default, with = "history::field", skip_serializing_if = "Option::is_none")]
    pub history: Option<History>,
}

impl Scenario {
    /// How many accounts the portfolio holds: every profile's `count`, added up.
    #[must_use]
    pub fn instances(&self) -> u128 {
        self.accounts.iter().map(|a| u128::from(a.count)).sum()
    }
}

fn default_currency() -> String {
    "USD".to_owned()
}

/// The vendor's cost to serve.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    /// Cost of each conversation the AI agent takes part in.
    #[serde(default, with = "money::serde_money")]
    pub per_ai_conversation: Decimal,
}

/// Monte Carlo settings; `trials: 0` runs the deterministic simulation only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SimulationSettings {
    /// Number of random trials, at most 100,000.
    pub trials: u64,
    /// Seed of the random streams.
    pub seed: u64,
    /// σ of the lognormal noise on monthly volume, in [0, 1].
    pub volume_noise: f64,
    /// σ of the per-trial shift of the resolution rate, in [0, 1].
    pub resolution_noise: f64,
}

impl Default for SimulationSettings {
    fn default() -> Self {
        Self { trials: 0, seed: 1, volume_noise: 0.0, resolution_noise: 0.0 }
    }
}

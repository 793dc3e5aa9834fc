//! A transition: the book of customers moving from one plan to another, at their renewals or at
//! once, some of them leaving when their bill rises (docs/semantics.md §8).

use serde::{Deserialize, Serialize};

/// Customers moving from the plan `from` to the plan `to`: a result line beside the plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// Unique among plans and transitions.
    pub name: String,
    /// The plan customers pay today.
    pub from: String,
    /// The plan they move to; another plan than `from`.
    pub to: String,
    /// Month index (0 .. months-1) from which customers move.
    pub launch: u32,
    /// Whether customers move at their renewal (the default) or all at once.
    #[serde(default)]
    pub at: MoveAt,
    /// Contract length in months, at least 1: how far apart an account's renewals are.
    #[serde(default = "twelve")]
    pub renewal_months: u32,
    /// Months after `launch` before anyone moves.
    #[serde(default)]
    pub grandfather: u32,
    /// The share of a cohort that leaves against the increase of its bill: points of a
    /// polyline from (0, 0), increases strictly increasing and above 0, shares never decreasing.
    #[serde(default)]
    pub churn: Vec<ChurnPoint>,
}

/// The default contract length.
#[must_use]
pub fn twelve() -> u32 {
    12
}

/// When a cohort of accounts moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MoveAt {
    /// At its first renewal from `launch + grandfather` on.
    #[default]
    Renewal,
    /// Every cohort at `launch + grandfather`.
    Launch,
}

impl MoveAt {
    /// The name as written in a scenario file.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Renewal => "Renewal",
            Self::Launch => "Launch",
        }
    }
}

/// One point of the churn curve: at this increase of the bill, this share leaves.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChurnPoint {
    /// The increase of a cohort's bill over twelve months (0.10 is +10%); above 0.
    pub increase: f64,
    /// The share of the cohort that leaves at that increase, in [0, 1].
    pub share: f64,
}

impl Default for Transition {
    fn default() -> Self {
        Self {
            name: String::new(),
            from: String::new(),
            to: String::new(),
            launch: 0,
            at: MoveAt::default(),
            renewal_months: twelve(),
            grandfather: 0,
            churn: Vec::new(),
        }
    }
}

//! A customer profile: its volume, seasonality, AI share, resolution rate and seats.

use super::money;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One customer profile; `count` identical accounts of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Unique among accounts.
    pub name: String,
    /// How many identical accounts this profile stands for (0 disables it).
    #[serde(default = "one")]
    pub count: u64,
    /// Conversations in a month of seasonality 1.0 at month 0.
    pub conversations: f64,
    /// Multipliers for January..December.
    #[serde(default = "flat_seasonality")]
    pub seasonality: Vec<f64>,
    /// Yearly growth of conversations, compounded monthly; above -1.
    #[serde(default)]
    pub growth: f64,
    /// Share of conversations the AI agent takes part in.
    #[serde(default = "full_ramp")]
    pub ai_involvement: Ramp,
    /// Share of AI conversations the AI resolves.
    pub resolution_rate: Ramp,
    /// How many human seats the customer has.
    pub seats: Seats,
    /// The customer's monthly cost of one human agent.
    #[serde(default, with = "money::serde_money")]
    pub agent_cost: Decimal,
    /// The month index of the accounts' first contract renewal, when they all renew together
    /// (the later ones follow every transition's `renewal_months`); `None`: spread evenly
    /// (docs/semantics.md §8.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal: Option<u32>,
}

fn one() -> u64 {
    1
}

/// Twelve multipliers of 1.0.
#[must_use]
pub fn flat_seasonality() -> Vec<f64> {
    vec![1.0; 12]
}

pub(super) fn full_ramp() -> Ramp {
    Ramp { start: 1.0, end: 1.0, months: 0 }
}

/// A share that moves linearly from `start` to `end` over `months`, then stays at `end`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ramp {
    /// Value in month 0, in [0, 1].
    pub start: f64,
    /// Value from month `months` on, in [0, 1].
    pub end: f64,
    /// Length of the ramp; 0 means `end` from the first month.
    pub months: u32,
}

impl Ramp {
    /// The value in month `m`: `start + (end - start) * min(1, m / months)`.
    ///
    /// # Example
    /// ```
    /// use pricelab::model::Ramp;
    /// let r = Ramp { start: 0.2, end: 0.6, months: 4 };
    /// assert_eq!(r.at(0), 0.2);
    /// assert!((r.at(2) - 0.4).abs() < 1e-12);
    /// assert_eq!(r.at(10), 0.6);
    /// ```
    #[must_use]
    pub fn at(&self, m: u32) -> f64 {
        if self.months == 0 {
            return self.end;
        }
        let progress = (f64::from(m) / f64::from(self.months)).min(1.0);
        self.start + (self.end - self.start) * progress
    }
}

/// How many human seats an account has each month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Seats {
    /// The same number every month.
    Fixed(u64),
    /// Re-sized at each renewal to cover the busiest month of the coming term.
    Staffed {
        /// Seats in the first term.
        start: u64,
        /// Human conversations one seat handles in a month; above 0.
        conversations_per_seat: f64,
        /// Fewest seats after a renewal.
        minimum: u64,
        /// Length of a seat term in months, at least 1.
        term_months: u32,
    },
}

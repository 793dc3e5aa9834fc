//! The simulation engine: usage and billing (docs/format.md), portfolio totals and comparisons.
//!
//! Pure functions over a scenario: no GUI, no files, no printing.

pub mod analyses;
pub mod backtest;
pub mod billing;
pub mod compare;
mod error;
pub mod fit;
pub mod monte_carlo;
pub mod quote;
pub mod sampling;
mod simulate;
pub mod transition;
pub mod usage;

pub use error::{Error, Joined};
pub use simulate::{AccountBill, AccountUsage, Line, Outcome, PlanOutcome, Workload, simulate, workload};
pub use transition::TransitionOutcome;

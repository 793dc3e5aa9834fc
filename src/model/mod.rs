//! The scenario: accounts, plans, costs and simulation settings, as read from a `.ron` file.
//!
//! These are plain data types with serde. [`from_ron`] reads a scenario from RON text and
//! [`validate`] checks every rule of the format, reporting each problem with where it is.

mod account;
pub mod currency;
pub mod diff;
pub mod examples;
pub mod history;
mod literals;
pub mod money;
mod month;
mod parse;
mod plan;
mod problem;
mod scenario;
mod text;
mod transition;
mod validate;
mod write;

use account::full_ramp;
pub use account::{Account, Ramp, Seats, flat_seasonality};
pub use history::{History, Recorded, RecordedAccount, RecordedMonth};
pub use month::{ParseMonthError, YearMonth};
pub use parse::{MAX_FILE_BYTES, from_bytes, from_bytes_to_fix, from_bytes_with, from_ron, from_ron_with, ron_options};
pub use plan::{Billing, Charge, Commitment, Metric, Plan, Price, Tier};
pub use problem::{Location, Problem, named_path};
pub use scenario::{Costs, Scenario, SimulationSettings};
pub use text::{QUOTED, quoted, shorten};
pub use transition::{ChurnPoint, MoveAt, Transition};
pub use validate::{Limits, hidden_or_breaking, line_months, name_problem, validate, validate_account};
pub use write::{DEFAULT_HEADER, dropped_comments, header_comment, to_ron, to_ron_with_header};

/// The version of the scenario format this build reads and writes.
pub const FORMAT: u32 = 1;

//! The one error of the engine's long computations — Monte Carlo, the analyses (sweep, solve,
//! tornado), quotes and backtests — with the words the command line and the app show for it.

use crate::model::Problem;

/// Why a simulation, an analysis, a quote or a backtest gave no result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The scenario's problems (or, for a quote, the customer's), each at its place: the
    /// scenario is invalid, too large to simulate, or an amount overflows.
    #[error("{}", Joined(.0))]
    Invalid(Vec<Problem>),
    /// Stopped before the end, as asked.
    #[error("cancelled")]
    Cancelled,
    /// A tornado that would take too long: `params` parameters billing about `work`
    /// line-months, above the `limit` (`analyses::MAX_TORNADO_WORK`). What to do instead
    /// depends on where it was asked (the command line's `--vary`, or the app's), so the
    /// message stops at the limit.
    #[error(
        "varying {params} parameters would bill about {} line-months (each parameter re-bills its plan's lines for every account profile and month, twice); the limit is {}",
        crate::model::money::grouped_count(*work),
        crate::model::money::grouped_count(*limit)
    )]
    TooLarge {
        /// The parameters asked for.
        params: usize,
        /// The line-months they would bill.
        work: u128,
        /// The most allowed.
        limit: u128,
    },
    /// No such profile or plan (the index asked for).
    #[error("{0}")]
    Unknown(String),
    /// A quote's contract cannot start in the month asked for (a recorded customer's quote
    /// starts no earlier than its history, nor too far after it).
    #[error("{0}")]
    Start(String),
    /// A backtest of a scenario that records no usage.
    #[error("the scenario has no recorded usage")]
    NoHistory,
}

/// Problems as one line, `"; "` between them (each as [`Problem`] displays itself).
///
/// # Example
/// ```
/// use pricelab::engine::Joined;
/// use pricelab::model::Problem;
/// let problems = [Problem::field("plans", "no plan"), Problem::field("months", "must be at least 1")];
/// assert_eq!(Joined(&problems).to_string(), "plans: no plan; months: must be at least 1");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Joined<'a>(pub &'a [Problem]);

impl std::fmt::Display for Joined<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_are_those_shown_today() {
        let invalid = Error::Invalid(vec![Problem::field("a", "x"), Problem::field("b", "y")]);
        assert_eq!(invalid.to_string(), "a: x; b: y");
        assert_eq!(Error::Cancelled.to_string(), "cancelled");
        assert_eq!(Error::NoHistory.to_string(), "the scenario has no recorded usage");
        assert_eq!(
            Error::TooLarge { params: 3, work: 1_234_567_890, limit: 500_000_000 }.to_string(),
            "varying 3 parameters would bill about 1,234,567,890 line-months (each parameter re-bills its plan's lines for every account profile and month, twice); the limit is 500,000,000"
        );
        assert_eq!(Error::Unknown("there is no plan 7".into()).to_string(), "there is no plan 7");
    }
}

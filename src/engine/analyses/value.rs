//! A parameter's kind and value: whole, real or decimal, computed and shown as the analyses
//! specify (exact in JSON and CSV, readable in tables and the app).

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// How a parameter's values are computed and kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A count: computed in exact decimals, rounded to an integer (halves away from zero).
    Whole,
    /// A real number (`f64`), used as computed.
    Real,
    /// Money, a discount or a cost: exact decimals rounded to 6 places (halves away from zero).
    Decimal,
}

impl Kind {
    /// The word for the kind, as messages use it.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Whole => "whole number",
            Self::Real => "real number",
            Self::Decimal => "decimal amount",
        }
    }
}

/// A parameter's value, of its kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A whole number (any integer: one out of the field's range fails when set).
    Whole(Decimal),
    /// A real number.
    Real(f64),
    /// An exact decimal (6 places at most).
    Decimal(Decimal),
}

impl Value {
    /// `x` brought to `kind`: rounded to an integer or to 6 places; a real is kept as computed.
    #[must_use]
    pub fn of_decimal(kind: Kind, x: Decimal) -> Self {
        match kind {
            Kind::Whole => Self::Whole(x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).normalize()),
            Kind::Decimal => Self::Decimal(x.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)),
            Kind::Real => Self::Real(to_f64(x)),
        }
    }

    /// The value as a decimal (a real through its shortest text; `None` for NaN or infinities).
    #[must_use]
    pub fn as_decimal(self) -> Option<Decimal> {
        match self {
            Self::Whole(d) | Self::Decimal(d) => Some(d),
            Self::Real(r) => r.to_string().parse().ok().or_else(|| Decimal::from_scientific(&format!("{r:e}")).ok()),
        }
    }

    /// The value as a real number (for plotting).
    #[must_use]
    pub fn as_f64(self) -> f64 {
        match self {
            Self::Whole(d) | Self::Decimal(d) => to_f64(d),
            Self::Real(r) => r,
        }
    }
}

/// The decimal's nearest `f64`.
fn to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(f64::NAN)
}

impl Value {
    /// The value for people to read: as [`Value`]'s `Display`, but a real rounded to 12
    /// significant digits, so that `0.1 × 0.8` reads `0.08`, not `0.08000000000000002`. (JSON
    /// and CSV keep the exact form the format specifies.)
    ///
    /// # Example
    /// ```
    /// use pricelab::engine::analyses::Value;
    /// assert_eq!(Value::Real(0.1 * 0.8).readable().to_string(), "0.08");
    /// assert_eq!(Value::Real(0.1 * 0.8).to_string(), "0.08000000000000002");
    /// assert_eq!(Value::Real(250_000.0).readable().to_string(), "250000");
    /// ```
    #[must_use]
    pub fn readable(&self) -> Readable {
        Readable(*self)
    }
}

/// A [`Value`] as people read it: see [`Value::readable`].
#[derive(Debug, Clone, Copy)]
pub struct Readable(Value);

impl fmt::Display for Readable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Real(r) if r.is_finite() && r != 0.0 => {
                // 12 significant digits, then the shortest form of that.
                let rounded: f64 = format!("{r:.11e}").parse().unwrap_or(r);
                write!(f, "{rounded}")
            }
            other => write!(f, "{other}"),
        }
    }
}

impl fmt::Display for Value {
    /// A whole as an integer, a decimal as its digits without trailing zeros (`0.99`, `0.068`,
    /// `12`), a real in Rust's shortest form (`0.1`, `12`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Whole(d) | Self::Decimal(d) => write!(f, "{}", d.normalize()),
            Self::Real(r) => write!(f, "{r}"),
        }
    }
}

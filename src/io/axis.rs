//! Axis marks of the pictures pricelab draws itself (the slide chart, the proposal's chart).

/// The round numbers an axis may step by, times a power of ten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Steps {
    /// 1, 2, 2.5 or 5: the slide chart's (`chart.rs`), finer between 2 and 5.
    WithQuarters,
    /// 1, 2 or 5: the proposal's chart (`quote/pdf/`).
    Plain,
}

/// A round step giving about five marks from 0 to `max`: one of `steps` × 10ⁿ (1 when `max` is
/// not above 0 or not finite).
///
/// # Example
/// ```
/// use pricelab::io::axis::{Steps, step};
/// assert_eq!(step(1_030_000.0, Steps::WithQuarters), 250_000.0);
/// assert_eq!(step(1_030_000.0, Steps::Plain), 500_000.0);
/// assert_eq!(step(0.0, Steps::Plain), 1.0);
/// ```
#[must_use]
pub fn step(max: f64, steps: Steps) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let raw = max / 5.0;
    let magnitude = 10_f64.powf(raw.log10().floor());
    let nice = match (raw / magnitude, steps) {
        (s, _) if s <= 1.0 => 1.0,
        (s, _) if s <= 2.0 => 2.0,
        (s, Steps::WithQuarters) if s <= 2.5 => 2.5,
        (s, _) if s <= 5.0 => 5.0,
        _ => 10.0,
    };
    nice * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::float_cmp)] // round steps, exact
    fn steps_are_round() {
        assert_eq!(step(1000.0, Steps::WithQuarters), 200.0);
        assert_eq!(step(4_300_000.0, Steps::WithQuarters), 1_000_000.0);
        assert_eq!(step(4_300_000.0, Steps::Plain), 1_000_000.0);
        assert_eq!(step(2_400.0, Steps::Plain), 500.0);
        assert_eq!(step(f64::INFINITY, Steps::Plain), 1.0);
    }
}

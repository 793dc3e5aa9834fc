//! What one account does each month: conversations, AI conversations, resolutions and seats
//! (docs/format.md). Computed in `f64` exactly as docs/semantics.md §2.2 writes it, so every implementation gets the
//! same integers.

use crate::model::{Account, Limits, Metric, RecordedMonth, Seats, YearMonth};

/// The largest monthly quantity computed: above 2^53, `f64` no longer holds every integer, and
/// two implementations of the same rules could disagree.
/// It is the format's own limit on quantities written in a file ([`Limits::QUANTITY`]).
pub const MAX_QUANTITY: u64 = Limits::QUANTITY;

/// One account's quantities in one month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MonthUsage {
    /// Human seats.
    pub seats: u64,
    /// All conversations.
    pub conversations: u64,
    /// Conversations the AI agent takes part in.
    pub ai_conversations: u64,
    /// Conversations the AI agent resolves.
    pub resolutions: u64,
}

impl MonthUsage {
    /// The quantity of a metric.
    #[must_use]
    pub fn get(&self, metric: Metric) -> u64 {
        match metric {
            Metric::Seats => self.seats,
            Metric::Conversations => self.conversations,
            Metric::AiConversations => self.ai_conversations,
            Metric::Resolutions => self.resolutions,
        }
    }

    /// The quantity of a metric, to change.
    pub fn get_mut(&mut self, metric: Metric) -> &mut u64 {
        match metric {
            Metric::Seats => &mut self.seats,
            Metric::Conversations => &mut self.conversations,
            Metric::AiConversations => &mut self.ai_conversations,
            Metric::Resolutions => &mut self.resolutions,
        }
    }

    /// Takes up to `available` units of `metric` off this month's quantity (a bundle covering
    /// them) and returns how many it took.
    pub fn cover(&mut self, metric: Metric, available: u64) -> u64 {
        let q = self.get_mut(metric);
        let covered = (*q).min(available);
        *q -= covered;
        covered
    }

    /// Conversations a human handles: all of them but those the AI resolved.
    #[must_use]
    pub fn human(&self) -> u64 {
        self.conversations - self.resolutions
    }
}

/// A quantity too large to compute exactly.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{what} in month {month} (index {index}) would exceed {MAX_QUANTITY}; lower conversations, seasonality or growth"
)]
pub struct QuantityOverflow {
    /// Which quantity.
    pub what: &'static str,
    /// The calendar month.
    pub month: YearMonth,
    /// The month's index from the start.
    pub index: u32,
}

/// The expected (noise-free) conversation volume of month `m`, before rounding:
/// `conversations × seasonality[c] × (1 + growth)^(m / 12)`.
#[must_use]
pub fn volume(account: &Account, start: YearMonth, m: u32) -> f64 {
    let c = start.plus(m).month_index();
    let seasonal = account.seasonality.get(c).copied().unwrap_or(1.0);
    account.conversations * seasonal * (1.0 + account.growth).powf(f64::from(m) / 12.0)
}

/// `round` of docs/semantics.md §1.1 (halves away from zero) for a non-negative quantity; `None` above
/// [`MAX_QUANTITY`] or for a value that is not a number.
#[must_use]
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)] // range checked first
pub fn round_quantity(value: f64) -> Option<u64> {
    // `f64::round` without the library call (it is in the Monte Carlo's innermost loop): the
    // range check makes the truncating cast exact, and `value − whole` is exact (Sterbenz).
    if !(value > -0.5 && value <= MAX_QUANTITY as f64) {
        return None;
    }
    // Signed conversions: one instruction each, where the unsigned ones take several.
    let whole = value.max(0.0) as i64;
    let rounded = if value - whole as f64 >= 0.5 { whole + 1 } else { whole };
    u64::try_from(rounded).ok()
}

/// Conversations, AI conversations and resolutions of one month (steps 2–4), from its volume.
///
/// # Errors
/// A quantity above [`MAX_QUANTITY`] (or not a number).
pub fn split_volume(account: &Account, volume: f64, m: u32, month: YearMonth) -> Result<MonthUsage, QuantityOverflow> {
    let overflow = |what| QuantityOverflow { what, month, index: m };
    let conversations = round_quantity(volume).ok_or_else(|| overflow("conversations"))?;
    #[allow(clippy::cast_precision_loss)] // conversations <= 2^53: exact in f64
    let ai_conversations = round_quantity(conversations as f64 * account.ai_involvement.at(m))
        .ok_or_else(|| overflow("AI conversations"))?;
    #[allow(clippy::cast_precision_loss)]
    let resolutions = round_quantity(ai_conversations as f64 * account.resolution_rate.at(m))
        .ok_or_else(|| overflow("resolutions"))?;
    Ok(MonthUsage { seats: 0, conversations, ai_conversations, resolutions })
}

/// Fills in each month's seats (step 6) from the months' human conversations.
///
/// `Fixed(n)` is `n` every month. `Staffed` groups months into terms of `term_months` from month
/// 0: the first term has `start` seats; each later term has
/// `max(minimum, ceil(peak human conversations in that term / conversations_per_seat))`.
///
/// # Errors
/// A seat count above [`MAX_QUANTITY`].
pub fn staff(seats: &Seats, months: &mut [MonthUsage], start: YearMonth) -> Result<(), QuantityOverflow> {
    staff_after(seats, months, start, 0)
}

/// [`staff`] for an account whose first `recorded` months are recorded, seats included: those
/// keep their seats. A `Fixed` account has its seats from then on. A `Staffed` one keeps the
/// seats of its last recorded month to the end of that month's term (a contract runs to its
/// renewal), and every later term is re-sized as [`staff`] does.
///
/// # Errors
/// A seat count above [`MAX_QUANTITY`].
pub fn staff_after(
    seats: &Seats,
    months: &mut [MonthUsage],
    start: YearMonth,
    recorded: usize,
) -> Result<(), QuantityOverflow> {
    match *seats {
        Seats::Fixed(n) => months.iter_mut().skip(recorded).for_each(|u| u.seats = n),
        Seats::Staffed { start: first, conversations_per_seat, minimum, term_months } => {
            let term = usize::try_from(term_months.max(1)).unwrap_or(usize::MAX);
            let last_recorded = recorded.checked_sub(1).and_then(|m| months.get(m)).map(|u| u.seats);
            for (k, chunk) in months.chunks_mut(term).enumerate() {
                let begins = k.saturating_mul(term);
                let n = if begins < recorded {
                    // A term with recorded months: those keep theirs, the rest the last one's.
                    let (Some(n), Some(rest)) = (last_recorded, chunk.get_mut(recorded - begins..)) else { continue };
                    rest.iter_mut().for_each(|u| u.seats = n);
                    continue;
                } else if k == 0 {
                    first
                } else {
                    let peak = chunk.iter().map(MonthUsage::human).max().unwrap_or(0);
                    #[allow(clippy::cast_precision_loss)] // peak <= 2^53: exact in f64
                    let needed = round_quantity((peak as f64 / conversations_per_seat).ceil()).ok_or_else(|| {
                        let index = u32::try_from(begins).unwrap_or(u32::MAX);
                        QuantityOverflow { what: "seats", month: start.plus(index), index }
                    })?;
                    needed.max(minimum)
                };
                chunk.iter_mut().for_each(|u| u.seats = n);
            }
        }
    }
    Ok(())
}

/// A recorded month as usage.
#[must_use]
pub fn from_recorded(r: &RecordedMonth) -> MonthUsage {
    MonthUsage {
        seats: r.seats,
        conversations: r.conversations,
        ai_conversations: r.ai_conversations,
        resolutions: r.resolutions,
    }
}

/// The deterministic usage of an account whose first months are `recorded` (docs/import.md): those
/// months as recorded, the later ones as [`deterministic`] computes them, seats by
/// [`staff_after`].
///
/// # Errors
/// A quantity above [`MAX_QUANTITY`], with the month where it happens.
pub fn deterministic_after(
    account: &Account,
    start: YearMonth,
    months: u32,
    recorded: &[RecordedMonth],
) -> Result<Vec<MonthUsage>, QuantityOverflow> {
    let h = u32::try_from(recorded.len()).unwrap_or(u32::MAX).min(months);
    let mut usage: Vec<MonthUsage> = recorded.iter().take(h as usize).map(from_recorded).collect();
    for m in h..months {
        usage.push(split_volume(account, volume(account, start, m), m, start.plus(m))?);
    }
    staff_after(&account.seats, &mut usage, start, h as usize)?;
    Ok(usage)
}

/// The deterministic usage of one account over `months` months from `start` (docs/format.md).
///
/// # Errors
/// A quantity above [`MAX_QUANTITY`], with the month where it happens.
///
/// # Example
/// ```
/// use pricelab::engine::usage::deterministic;
/// use pricelab::model::{Account, Ramp, Seats, YearMonth, flat_seasonality};
/// let account = Account {
///     name: "A".into(), count: 1, conversations: 1000.0, seasonality: flat_seasonality(),
///     growth: 0.0, ai_involvement: Ramp { start: 0.8, end: 0.8, months: 0 },
///     resolution_rate: Ramp { start: 0.5, end: 0.5, months: 0 },
///     seats: Seats::Staffed { start: 10, conversations_per_seat: 100.0, minimum: 2, term_months: 1 },
///     agent_cost: Default::default(), renewal: None,
/// };
/// let usage = deterministic(&account, YearMonth::new(2024, 1).unwrap(), 2).unwrap();
/// // 1000 conversations, 800 with AI, 400 resolved, 600 for humans: 6 seats from the 2nd term.
/// assert_eq!((usage[1].conversations, usage[1].ai_conversations, usage[1].resolutions), (1000, 800, 400));
/// assert_eq!((usage[0].seats, usage[1].seats), (10, 6));
/// ```
pub fn deterministic(account: &Account, start: YearMonth, months: u32) -> Result<Vec<MonthUsage>, QuantityOverflow> {
    let mut usage = (0..months)
        .map(|m| split_volume(account, volume(account, start, m), m, start.plus(m)))
        .collect::<Result<Vec<_>, _>>()?;
    staff(&account.seats, &mut usage, start)?;
    Ok(usage)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Ramp, flat_seasonality};

    fn account() -> Account {
        Account {
            name: "A".into(),
            count: 1,
            conversations: 1000.0,
            seasonality: flat_seasonality(),
            growth: 0.0,
            ai_involvement: Ramp { start: 1.0, end: 1.0, months: 0 },
            resolution_rate: Ramp { start: 0.5, end: 0.5, months: 0 },
            seats: Seats::Fixed(7),
            agent_cost: rust_decimal::Decimal::ZERO,
            renewal: None,
        }
    }

    fn jan() -> YearMonth {
        YearMonth::new(2024, 1).unwrap()
    }

    #[test]
    fn seasonality_follows_the_calendar_month_not_the_index() {
        let mut a = account();
        a.seasonality[11] = 2.0; // December
        let start = YearMonth::new(2024, 11).unwrap();
        let usage = deterministic(&a, start, 3).unwrap();
        let conv: Vec<_> = usage.iter().map(|u| u.conversations).collect();
        assert_eq!(conv, [1000, 2000, 1000]);
    }

    #[test]
    fn growth_compounds_monthly() {
        let mut a = account();
        a.growth = 0.21; // 1.21^(m/12): month 6 is 1000 × 1.1 = 1100, month 12 is 1210
        let usage = deterministic(&a, jan(), 13).unwrap();
        assert_eq!(usage[6].conversations, 1100);
        assert_eq!(usage[12].conversations, 1210);
    }

    #[test]
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)] // checked ranges
    fn rounding_agrees_with_f64_round() {
        let reference = |v: f64| {
            let r = v.round();
            (r >= 0.0 && r <= MAX_QUANTITY as f64).then_some(r as u64)
        };
        let mut x: u64 = 7;
        let mut values = vec![
            -0.5,
            -0.49999999999999994,
            -0.0,
            0.0,
            0.49999999999999994,
            0.5,
            1.5,
            2.5,
            4503599627370495.5,
            4503599627370496.0,
            9007199254740991.0,
            9007199254740992.0,
            9007199254740994.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e300,
            -1e300,
            f64::MIN_POSITIVE,
        ];
        for _ in 0..100_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            values.push(f64::from_bits(x >> 2)); // positive floats of every magnitude
            values.push((x >> 11) as f64 / 1024.0); // halves and near-halves
        }
        for v in values {
            assert_eq!(round_quantity(v), reference(v), "{v:e}");
        }
    }

    #[test]
    fn rounding_takes_halves_away_from_zero() {
        let mut a = account();
        a.conversations = 2.5;
        a.resolution_rate = Ramp { start: 0.5, end: 0.5, months: 0 };
        let u = deterministic(&a, jan(), 1).unwrap()[0];
        // round(2.5) = 3; ai = 3; round(3 × 0.5) = round(1.5) = 2.
        assert_eq!((u.conversations, u.ai_conversations, u.resolutions), (3, 3, 2));
    }

    #[test]
    fn ramps_reach_their_end_and_stay() {
        let mut a = account();
        a.resolution_rate = Ramp { start: 0.0, end: 1.0, months: 4 };
        let res: Vec<_> = deterministic(&a, jan(), 6).unwrap().iter().map(|u| u.resolutions).collect();
        assert_eq!(res, [0, 250, 500, 750, 1000, 1000]);
    }

    #[test]
    fn staffed_seats_resize_to_the_busiest_month_of_each_term() {
        let mut a = account();
        a.seats = Seats::Staffed { start: 50, conversations_per_seat: 100.0, minimum: 3, term_months: 2 };
        a.seasonality = vec![1.0, 1.0, 1.0, 1.6, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        a.resolution_rate = Ramp { start: 0.0, end: 0.8, months: 4 };
        let usage = deterministic(&a, jan(), 5).unwrap();
        let human: Vec<_> = usage.iter().map(MonthUsage::human).collect();
        // resolutions: 0, 1000×0.2, 1000×0.4, 1600×0.6, 1000×0.8
        assert_eq!(human, [1000, 800, 600, 640, 200]);
        let seats: Vec<_> = usage.iter().map(|u| u.seats).collect();
        // term 2 (months 2-3): peak 640 -> ceil(6.4) = 7 seats; term 3 (month 4, cut short): 2, but minimum 3.
        assert_eq!(seats, [50, 50, 7, 7, 3]);
    }

    #[test]
    fn absurd_volumes_are_an_error_not_a_panic() {
        let mut a = account();
        a.conversations = 1e12;
        a.seasonality = vec![1e300; 12];
        let err = deterministic(&a, jan(), 2).unwrap_err();
        assert_eq!((err.what, err.index), ("conversations", 0));
        a.seasonality = flat_seasonality();
        a.seats = Seats::Staffed { start: 1, conversations_per_seat: 1e-300, minimum: 0, term_months: 1 };
        let err = deterministic(&a, jan(), 2).unwrap_err();
        assert_eq!((err.what, err.index), ("seats", 1));
    }
}

//! Fitting an account profile to recorded usage (docs/import.md, `pricelab import`), so that the usage model
//! (docs/format.md) continues a real customer's history.
//!
//! The method, step by step (the README and `docs/import.md` explain it for users):
//!
//! 1. **Volume**: `ln conversations(m) = ln C + ln S[c(m)] + (m / 12) · ln(1 + g)`, fitted by
//!    least squares over the months with conversations. The growth comes from how each
//!    calendar month differs from itself a year later (so it needs a calendar month seen twice:
//!    13 months or more; with fewer, growth is 0 and the months seen are the season). Each
//!    calendar month's level gives its multiplier; months never seen get the average; the twelve
//!    are scaled to average 1.0 and `C` is what they were scaled by.
//! 2. **AI involvement and resolution rate**: each month's share (AI conversations over
//!    conversations; resolutions over AI conversations) is fitted with a ramp `start → end over
//!    L months` by weighted least squares (weights: the month's conversations, or AI
//!    conversations), trying every `L` from 0 to the months recorded and keeping the best (the
//!    shortest among equals). A ramp still climbing at the end of the history is taken to stop
//!    there: its end is the level the history reached.
//! 3. **Seats**: unchanged seats are `Fixed`. Otherwise `Staffed`: the term is the largest that
//!    divides every month in which the seats changed; `start` is the first month's seats; the
//!    conversations per seat are those that make each later term's seats the ceiling of its
//!    busiest month's human conversations over them (the middle of the range that does, or the
//!    median ratio when none does exactly); the minimum is the smallest term that is above
//!    what its volume needs, else 0.
//!
//! Beside the profile, [`fit_with`] says how far the history supports it ([`Confidence`],
//! `confidence.rs`) and can shrink the season of a history without a calendar month seen twice
//! toward flat ([`Season::Shrunk`], `season.rs`); docs/import.md, "How sure a fit is".

mod confidence;
mod season;

pub use confidence::{Confidence, Rating};
pub use season::{SHRINK_WEIGHT, Season};

use crate::model::{Account, Limits, RecordedMonth, Seats, YearMonth};
use rust_decimal::Decimal;

/// The profile of an account named `name` whose usage from `start` was `months`, with
/// `agent_cost` for its seats (its season as recorded).
#[must_use]
pub fn fit(name: &str, start: YearMonth, months: &[RecordedMonth], agent_cost: Decimal) -> Account {
    fit_with(name, start, months, agent_cost, Season::AsRecorded).account
}

/// A fitted profile and how far its history supports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// The profile.
    pub account: Account,
    /// How far the history supports it (docs/import.md, "How sure a fit is").
    pub confidence: Confidence,
}

/// [`fit`], with the season of a history without a calendar month seen twice taken as `season`
/// says, and the fit's [`Confidence`].
#[must_use]
pub fn fit_with(name: &str, start: YearMonth, months: &[RecordedMonth], agent_cost: Decimal, season: Season) -> Fitted {
    let (volume, confidence) = volume(start, months, season);
    let (conversations, seasonality, growth) = volume;
    let involvement: Vec<(f64, f64)> = months.iter().map(|u| share(u.ai_conversations, u.conversations)).collect();
    let resolution: Vec<(f64, f64)> = months.iter().map(|u| share(u.resolutions, u.ai_conversations)).collect();
    let account = Account {
        name: name.to_owned(),
        count: 1,
        conversations,
        seasonality,
        growth,
        ai_involvement: ramp(&involvement),
        resolution_rate: ramp(&resolution),
        seats: seats(months),
        agent_cost,
        renewal: None,
    };
    Fitted { account, confidence }
}

/// A share and its weight (`part / whole`, weighted by `whole`; nothing when `whole` is 0).
#[allow(clippy::cast_precision_loss)] // counts up to 2^53: exact
fn share(part: u64, whole: u64) -> (f64, f64) {
    if whole == 0 { (0.0, 0.0) } else { (part as f64 / whole as f64, whole as f64) }
}

/// Rounds to `digits` decimals (what is written to the scenario file).
fn tidy(x: f64, digits: i32) -> f64 {
    let scale = 10_f64.powi(digits);
    (x * scale).round() / scale
}

/// Base conversations, twelve seasonal multipliers (averaging 1.0) and yearly growth, and how
/// far the history supports them.
#[allow(clippy::cast_precision_loss)] // month indices and counts: exact
fn volume(start: YearMonth, months: &[RecordedMonth], season: Season) -> ((f64, Vec<f64>, f64), Confidence) {
    let recorded = u32::try_from(months.len()).unwrap_or(u32::MAX);
    // (calendar month, years since the start, ln conversations) of each month with any.
    let points: Vec<(usize, f64, f64)> = (0_u32..)
        .zip(months)
        .filter(|(_, u)| u.conversations > 0)
        .map(|(m, u)| (start.plus(m).month_index(), f64::from(m) / 12.0, (u.conversations as f64).ln()))
        .collect();
    if points.is_empty() {
        return ((0.0, vec![1.0; 12], 0.0), Confidence::of(recorded, [0; 12], false, None, false));
    }
    // Per calendar month: how many, the mean time and the mean log.
    let mut n = [0.0_f64; 12];
    let mut years = [0_u32; 12];
    let mut t_mean = [0.0_f64; 12];
    let mut y_mean = [0.0_f64; 12];
    for &(c, t, y) in &points {
        n[c] += 1.0;
        years[c] += 1;
        t_mean[c] += t;
        y_mean[c] += y;
    }
    for c in 0..12 {
        if n[c] > 0.0 {
            t_mean[c] /= n[c];
            y_mean[c] /= n[c];
        }
    }
    // The trend from within each calendar month (zero when no month repeats).
    let (mut num, mut den) = (0.0, 0.0);
    for &(c, t, y) in &points {
        num += (t - t_mean[c]) * (y - y_mean[c]);
        den += (t - t_mean[c]) * (t - t_mean[c]);
    }
    let measured = den > 1e-12;
    let beta = if measured { num / den } else { 0.0 };
    // Each seen calendar month's level at time 0; unseen ones the average level.
    let levels: Vec<Option<f64>> =
        (0..12).map(|c| (n[c] > 0.0).then(|| (y_mean[c] - beta * t_mean[c]).exp())).collect();
    let seen: Vec<f64> = levels.iter().flatten().copied().collect();
    let average_seen = seen.iter().sum::<f64>() / seen.len() as f64;
    let raw: Vec<f64> = levels.iter().map(|l| l.unwrap_or(average_seen)).collect();
    let base = raw.iter().sum::<f64>() / 12.0;
    let confidence = Confidence::of(
        recorded,
        years,
        measured,
        confidence::scatter(&points, &years, &t_mean, &y_mean, beta, measured),
        season == Season::Shrunk && !measured,
    );
    let (base, seasonality) = if confidence.shrunk {
        // Without a calendar month seen twice, the months with conversations are at most a year.
        let seen_months: Vec<usize> = points.iter().map(|&(c, ..)| c).collect();
        let (base, shrunk) = season::shrink(base, &raw.iter().map(|r| r / base).collect::<Vec<_>>(), &seen_months);
        (base, shrunk.iter().map(|s| tidy(*s, 4)).collect())
    } else {
        (base, raw.iter().map(|r| tidy(r / base, 4)).collect())
    };
    let growth = tidy(beta.exp() - 1.0, 4).max(-0.99);
    // A month has at most 10^12 conversations (docs/format.md, "Limits"); a falling trend taken
    // back to the start can ask for more than any month recorded, which no profile may have.
    ((tidy(base, 2).min(Limits::CONVERSATIONS), seasonality, growth), confidence)
}

/// The ramp that best fits `(value, weight)` month by month.
fn ramp(points: &[(f64, f64)]) -> crate::model::Ramp {
    let h = points.len();
    let total: f64 = points.iter().map(|(_, w)| w).sum();
    if total <= 0.0 {
        return crate::model::Ramp { start: 0.0, end: 0.0, months: 0 };
    }
    let mut best: Option<(f64, f64, f64, u32)> = None; // (error, start, end, months)
    for length in 0..=h {
        let (start, end) = fit_ramp(points, length);
        let start = start.clamp(0.0, 1.0);
        let end = end.clamp(0.0, 1.0);
        let error: f64 =
            (0_u32..).zip(points).map(|(m, (v, w))| w * (v - at(start, end, length, m)).powi(2)).sum::<f64>() / total;
        // A longer ramp must do clearly better (rounding leaves a little error in any fit).
        if best.is_none_or(|(e, ..)| error < e - 1e-9) {
            best = Some((error, start, end, u32::try_from(length).unwrap_or(u32::MAX)));
        }
    }
    let (_, start, end, months) = best.unwrap_or((0.0, 0.0, 0.0, 0));
    if months == 0 {
        return crate::model::Ramp { start: tidy(end, 4), end: tidy(end, 4), months: 0 };
    }
    crate::model::Ramp { start: tidy(start, 4), end: tidy(end, 4), months }
}

/// The ramp's value in month `m` (as [`crate::model::Ramp::at`]).
fn at(start: f64, end: f64, length: usize, m: u32) -> f64 {
    if length == 0 {
        return end;
    }
    #[allow(clippy::cast_precision_loss)] // a few hundred months
    let t = (f64::from(m) / length as f64).min(1.0);
    start + (end - start) * t
}

/// The least-squares `(start, end)` of a ramp of `length` months: the value is
/// `start × (1 − t) + end × t` with `t = min(1, m / length)`, linear in both.
fn fit_ramp(points: &[(f64, f64)], length: usize) -> (f64, f64) {
    let (mut saa, mut sab, mut sbb, mut sav, mut sbv) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (m, (v, w)) in (0_u32..).zip(points) {
        let t = if length == 0 {
            1.0
        } else {
            #[allow(clippy::cast_precision_loss)]
            let t = (f64::from(m) / length as f64).min(1.0);
            t
        };
        let (a, b) = (1.0 - t, t);
        saa += w * a * a;
        sab += w * a * b;
        sbb += w * b * b;
        sav += w * a * v;
        sbv += w * b * v;
    }
    let det = saa * sbb - sab * sab;
    if det.abs() < 1e-12 {
        // Only one of the two is seen (every month past the ramp, or length 0): both the same.
        let mean = (sav + sbv) / (saa + 2.0 * sab + sbb).max(1e-300);
        return (mean, mean);
    }
    ((sav * sbb - sbv * sab) / det, (sbv * saa - sav * sab) / det)
}

/// The seats rule that gives the recorded seats.
#[allow(clippy::cast_precision_loss)] // counts up to 2^53: exact
fn seats(months: &[RecordedMonth]) -> Seats {
    let Some(first) = months.first().map(|u| u.seats) else { return Seats::Fixed(0) };
    let changes: Vec<usize> = (1..months.len()).filter(|&m| months[m].seats != months[m - 1].seats).collect();
    if changes.is_empty() {
        return Seats::Fixed(first);
    }
    let term = changes.iter().fold(0, |g, &m| gcd(g, m)).max(1);
    // Each later term's seats and busiest month's human conversations.
    let terms: Vec<(u64, u64)> = months
        .chunks(term)
        .skip(1)
        .map(|chunk| {
            let peak = chunk.iter().map(|u| u.conversations.saturating_sub(u.resolutions)).max().unwrap_or(0);
            (chunk[0].seats, peak)
        })
        .collect();
    // seats = ceil(peak / cps) ⇔ peak / seats <= cps < peak / (seats − 1).
    let (mut low, mut high) = (0.0_f64, f64::INFINITY);
    for &(n, peak) in terms.iter().filter(|(n, peak)| *n > 0 && *peak > 0) {
        low = low.max(peak as f64 / n as f64);
        if n > 1 {
            high = high.min(peak as f64 / (n - 1) as f64);
        }
    }
    let cps = if low > 0.0 && low < high && high.is_finite() {
        (low + high) / 2.0
    } else {
        let mut ratios: Vec<f64> =
            terms.iter().filter(|(n, peak)| *n > 0 && *peak > 0).map(|&(n, peak)| peak as f64 / n as f64).collect();
        ratios.sort_by(f64::total_cmp);
        ratios.get(ratios.len() / 2).copied().unwrap_or_else(|| {
            // No later term to learn from: the first term's staffing ratio.
            let peak = months.iter().take(term).map(|u| u.conversations.saturating_sub(u.resolutions)).max();
            peak.filter(|_| first > 0).map_or(1.0, |p| (p as f64 / first as f64).max(1.0))
        })
    };
    let cps = tidy(cps.max(0.01), 2);
    let needed = |peak: u64| (peak as f64 / cps).ceil();
    let minimum = terms.iter().filter(|&&(n, peak)| n as f64 > needed(peak)).map(|&(n, _)| n).min().unwrap_or(0);
    Seats::Staffed {
        start: first,
        conversations_per_seat: cps,
        minimum,
        term_months: u32::try_from(term).unwrap_or(u32::MAX),
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::usage::deterministic;
    use crate::model::{Ramp, flat_seasonality};

    pub(super) fn recorded(account: &Account, start: YearMonth, months: u32) -> Vec<RecordedMonth> {
        deterministic(account, start, months)
            .unwrap()
            .iter()
            .map(|u| RecordedMonth {
                conversations: u.conversations,
                ai_conversations: u.ai_conversations,
                resolutions: u.resolutions,
                seats: u.seats,
            })
            .collect()
    }

    pub(super) fn known() -> Account {
        // Twelve multipliers averaging 1.0.
        let seasonality = vec![1.3, 1.1, 1.0, 0.9, 0.8, 0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.1];
        assert!((seasonality.iter().sum::<f64>() / 12.0 - 1.0).abs() < 1e-12);
        Account {
            name: "Known".into(),
            count: 1,
            conversations: 40_000.0,
            seasonality,
            growth: 0.25,
            ai_involvement: Ramp { start: 0.6, end: 0.9, months: 10 },
            resolution_rate: Ramp { start: 0.3, end: 0.7, months: 18 },
            seats: Seats::Staffed { start: 120, conversations_per_seat: 250.0, minimum: 20, term_months: 6 },
            agent_cost: Decimal::ZERO,
            renewal: None,
        }
    }

    #[test]
    fn the_fit_recovers_known_parameters_from_noise_free_usage() {
        let start = YearMonth::new(2024, 3).unwrap();
        let truth = known();
        let fitted = fit("Known", start, &recorded(&truth, start, 30), Decimal::ZERO);
        let near = |got: f64, want: f64, tolerance: f64, what: &str| {
            assert!((got - want).abs() <= tolerance, "{what}: fitted {got}, known {want}");
        };
        for (c, (got, want)) in fitted.seasonality.iter().zip(&truth.seasonality).enumerate() {
            near(*got, *want, want * 0.02, &format!("seasonality[{c}]"));
        }
        near(fitted.growth, truth.growth, 0.02 * (1.0 + truth.growth), "growth");
        near(fitted.conversations, truth.conversations, truth.conversations * 0.02, "conversations");
        near(fitted.ai_involvement.end, 0.9, 0.02, "AI involvement end");
        near(fitted.ai_involvement.start, 0.6, 0.02, "AI involvement start");
        near(fitted.resolution_rate.end, 0.7, 0.02, "resolution rate end");
        near(fitted.resolution_rate.start, 0.3, 0.02, "resolution rate start");
        assert_eq!(fitted.ai_involvement.months, 10);
        assert_eq!(fitted.resolution_rate.months, 18);
        let Seats::Staffed { start: s, conversations_per_seat, term_months, .. } = fitted.seats else {
            panic!("{:?}", fitted.seats)
        };
        assert_eq!((s, term_months), (120, 6));
        near(conversations_per_seat, 250.0, 250.0 * 0.05, "conversations per seat");
        // The fitted profile continues the history: its next months are close to the truth's.
        let ahead = deterministic(&truth, start, 42).unwrap();
        let fitted_ahead = deterministic(&fitted, start, 42).unwrap();
        for m in 30..42 {
            let (want, got) = (ahead[m].conversations as f64, fitted_ahead[m].conversations as f64);
            near(got, want, want * 0.03, &format!("conversations in month {m}"));
        }
    }

    #[test]
    fn unchanging_seats_are_fixed_and_a_short_history_has_no_growth() {
        let start = YearMonth::new(2025, 1).unwrap();
        let mut a = known();
        a.seats = Seats::Fixed(7);
        a.growth = 0.0;
        a.seasonality = flat_seasonality();
        let fitted = fit("A", start, &recorded(&a, start, 8), Decimal::ONE);
        assert_eq!(fitted.seats, Seats::Fixed(7));
        assert!(fitted.growth.abs() < 1e-12);
        assert_eq!(fitted.agent_cost, Decimal::ONE);
        let mean = fitted.seasonality.iter().sum::<f64>() / 12.0;
        assert!((mean - 1.0).abs() < 1e-3, "{:?}", fitted.seasonality);
    }

    #[test]
    fn an_account_without_usage_fits_to_nothing() {
        let start = YearMonth::new(2025, 1).unwrap();
        let fitted = fit("Quiet", start, &[RecordedMonth::default(); 6], Decimal::ZERO);
        assert!(fitted.conversations.abs() < 1e-12);
        assert_eq!(fitted.seats, Seats::Fixed(0));
        assert_eq!(fitted.ai_involvement, Ramp { start: 0.0, end: 0.0, months: 0 });
        assert!(crate::model::validate_account(0, &fitted).is_empty());
    }

    /// Found by the hostile-input review (issue 23): months of at most 10^12 conversations could
    /// fit a base above it, and `import` blamed the scenario it never wrote.
    #[test]
    fn a_falling_trend_never_fits_more_conversations_than_a_profile_may_have() {
        let start = YearMonth::new(2025, 1).unwrap();
        let most = 1_000_000_000_000;
        let mut months = vec![RecordedMonth { conversations: most, ..RecordedMonth::default() }; 12];
        months.push(RecordedMonth { conversations: most / 2, ..RecordedMonth::default() });
        let fitted = fit("Big", start, &months, Decimal::ZERO);
        assert!(fitted.conversations <= Limits::CONVERSATIONS, "{}", fitted.conversations);
        assert!(
            crate::model::validate_account(0, &fitted).is_empty(),
            "{:?}",
            crate::model::validate_account(0, &fitted)
        );
    }
}

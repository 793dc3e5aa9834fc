//! Exact binomial sampling for the Monte Carlo hot loop.
//!
//! `Binomial(n, p)` is drawn with one of two exact methods, both for `p ≤ ½` (a larger `p` draws
//! the failures instead):
//! - when `n·p < 10`, **inversion** (Kachitvichyanukul & Schmeiser's BINV): walk the cumulative
//!   distribution from 0 with the ratio of successive probabilities;
//! - otherwise **BTRD**, Hörmann's transformed rejection with decomposition (W. Hörmann, "The
//!   generation of binomial random variates", J. Statist. Comput. Simul. 46, 1993). About 80%
//!   of draws take one uniform and are accepted at once (the centre of the hat lies under the
//!   distribution); the others are accepted or rejected by the exact ratio of binomial
//!   probabilities to the mode's, as a product of successive ratios near the mode and otherwise
//!   through a normal-shaped squeeze and, when that cannot decide, Stirling's series.
//!
//! Unlike a general-purpose sampler, the set-up is cheap (a square root, two divisions): the
//! hot loop draws each `(n, p)` once, so set-up is paid on every draw. What only the rejection
//! step needs is computed there.

use rand::Rng;

/// A uniform draw in `[0, 1)`, from the top 53 bits of the generator.
fn uniform<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    #[allow(clippy::cast_precision_loss)] // 53 bits: exact
    let x = (rng.next_u64() >> 11) as f64;
    x * (1.0 / 9_007_199_254_740_992.0)
}

/// A draw from `Binomial(n, p)`: the number of successes in `n` independent trials each
/// succeeding with probability `p` (clamped to `[0, 1]`; NaN counts as 0).
///
/// # Example
/// ```
/// use pricelab::engine::sampling::binomial;
/// use rand::SeedableRng as _;
/// let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
/// let k = binomial(1000, 0.3, &mut rng);
/// assert!(k <= 1000);
/// assert_eq!(binomial(1000, 1.0, &mut rng), 1000);
/// assert_eq!(binomial(1000, 0.0, &mut rng), 0);
/// ```
pub fn binomial<R: Rng + ?Sized>(n: u64, p: f64, rng: &mut R) -> u64 {
    match Method::of(n, p) {
        Method::Fixed(k) => k,
        Method::Inversion { p, flipped } => unflip(n, inversion(n, p, rng), flipped),
        Method::Btrd { btrd, flipped } => unflip(n, btrd.draw(uniform(rng), rng), flipped),
    }
}

/// Inversion for a small mean (`n·p < 10`).
#[allow(clippy::cast_precision_loss)]
fn inversion<R: Rng + ?Sized>(n: u64, p: f64, rng: &mut R) -> u64 {
    let nf = n as f64;
    let q = 1.0 - p;
    let s = p / q;
    let a = (nf + 1.0) * s;
    // P(0) = (1 − p)^n: by repeated squaring for the usual small n (the rounding of 1 − p and of
    // the products stays below 10^-10 relative), through ln_1p for a large n with a tiny p.
    let first = match i32::try_from(n) {
        Ok(small) if small < 1 << 20 => q.powi(small),
        _ => (nf * (-p).ln_1p()).exp(),
    };
    // With a mean below 10 (so a standard deviation below 3.2), the mass beyond 110 is far below
    // f64 resolution; a walk that gets there (the rounding left of the last probabilities)
    // starts again rather than return a wrong tail.
    let bound = n.min(110);
    loop {
        let mut u = uniform(rng);
        let mut r = first;
        let mut x: u64 = 0;
        while u > r {
            u -= r;
            x += 1;
            if x > bound {
                break;
            }
            r *= a * RECIPROCALS.get(usize::try_from(x).unwrap_or(0)).copied().unwrap_or(0.0) - s;
        }
        if x <= bound {
            return x;
        }
    }
}

/// `1/x` for `x` in `0..=110` (0 for 0): the inversion walk multiplies instead of dividing.
const RECIPROCALS: [f64; 111] = {
    let mut t = [0.0; 111];
    let mut i = 1;
    while i < 111 {
        t[i] = 1.0 / i as f64;
        i += 1;
    }
    t
};

/// A count held in a float as a `u64`: through the signed conversion, one instruction where the
/// unsigned one takes several (saturating; counts here stay below 2^53).
#[inline]
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // saturating, never negative
fn bounded_u64(x: f64) -> u64 {
    (x as i64).max(0) as u64
}

/// `⌊x⌋` for `0 ≤ x < 2^63` through the signed conversion (cheaper than the unsigned one).
#[inline]
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)] // in range by contract
fn floor_non_negative(x: f64) -> f64 {
    (x as i64) as f64
}

/// The set-up of Hörmann's BTRD for `n·p ≥ 10`, `p ≤ ½`: one square root and no division
/// (the paper's `v_r = 0.92 − 4.2/b` is kept as `d/b` with `d = 0.92·b − 4.2`, and divisions by
/// it are folded into the few that remain).
#[derive(Clone, Copy, Default)]
struct Btrd {
    n: f64,
    p: f64,
    npq: f64,
    spq: f64,
    a: f64,
    b: f64,
    c: f64,
    d: f64,
}

impl Btrd {
    fn new(n: f64, p: f64) -> Self {
        let npq = n * p * (1.0 - p);
        let spq = npq.sqrt();
        let b = 1.15 + 2.53 * spq;
        // n·p ≥ 10 and p ≤ ½ give npq ≥ 5, so b > 6.8 and d > 2.
        Self { n, p, npq, spq, a: -0.0873 + 0.0248 * b + 0.01 * p, b, c: n * p + 0.5, d: 0.92 * b - 4.2 }
    }

    /// The draw when the first uniform `v` falls in the centre of the hat (`v ≤ 0.86·v_r`),
    /// which lies wholly under the distribution (about 80% of draws): accepted as is.
    #[inline]
    fn at_once(&self, v: f64) -> Option<f64> {
        let Self { a, b, c, d, n, .. } = *self;
        if v * b > 0.86 * d {
            return None;
        }
        // u = v/v_r − 0.43 = w/d and ½ − |u| = e/d, so (2a/(½ − |u|) + b)·u = (2ad + be)·w/(ed).
        let w = v * b - 0.43 * d;
        let e = 0.5 * d - w.abs();
        in_range((2.0 * a * d + b * e) * w / (e * d) + c, n)
    }

    /// A draw whose first uniform was `v`: accepted at once, or by the rejection steps with
    /// further uniforms.
    fn draw<R: Rng + ?Sized>(&self, first: f64, rng: &mut R) -> u64 {
        let mut v = first;
        loop {
            if let Some(k) = self.at_once(v).or_else(|| self.rejection_step(v, rng)) {
                return bounded_u64(k);
            }
            v = uniform(rng);
        }
    }

    /// The steps after a first uniform `v` outside the centre: `Some(k)` accepted, `None` rejected.
    #[allow(clippy::many_single_char_names)] // the paper's names
    fn rejection_step<R: Rng + ?Sized>(&self, first: f64, rng: &mut R) -> Option<f64> {
        let Self { n, p, npq, spq, a, b, c, d } = *self;
        let v_r = d / b;
        let mut v = first;
        if v <= 0.86 * v_r {
            // In the centre but mapped outside 0..=n: draw again.
            return None;
        }
        // Above v_r, u is a new uniform; in the rest of the strip 0.86·v_r < v < v_r, v gives u
        // a second use and the new uniform becomes v. Either way one uniform: both are computed
        // and one is picked, without a (often mispredicted) branch.
        let fresh = uniform(rng);
        let w = v * (b / d) - 0.93;
        let strip = v < v_r;
        let u = if strip { 0.5_f64.copysign(w) - w } else { fresh - 0.5 };
        v = if strip { fresh * v_r } else { v };
        let us = 0.5 - u.abs();
        let k = in_range((2.0 * a / us + b) * u + c, n)?;
        // The hat's height at k, v·α/(a/us² + b) with α = (2.83 + 5.1/b)·√(npq), against
        // f(k)/f(m) with m the mode.
        v *= (2.83 * b + 5.1) * spq * us * us / (b * (a + b * us * us));
        let m = bounded_u64((n + 1.0) * p) as f64;
        let km = (k - m).abs();
        let r = p / (1.0 - p);
        if km <= 15.0 {
            // Near the mode: f(k)/f(m) as a product of successive ratios (n + 1 − i)/i · r,
            // numerator and denominator apart so that no division is needed.
            let nr = (n + 1.0) * r;
            // i runs over from + 1 ..= to: a fixed 16 steps, factors of 1 past `to`, in four
            // interleaved products each, so that neither a branch on the length nor one long
            // chain of dependent multiplications holds the processor up.
            let (from, to) = if m < k { (m, k) } else { (k, m) };
            let (mut num, mut den) = ([1.0; 4], [1.0; 4]);
            for step in 0..4_u8 {
                for lane in 0..4_u8 {
                    let i = from + f64::from(1 + 4 * step + lane);
                    let inside = i <= to;
                    num[usize::from(lane)] *= if inside { nr - r * i } else { 1.0 };
                    den[usize::from(lane)] *= if inside { i } else { 1.0 };
                }
            }
            let (num, den) = ((num[0] * num[1]) * (num[2] * num[3]), (den[0] * den[1]) * (den[2] * den[3]));
            let accept = if m < k { v * den <= num } else { v * num <= den };
            return accept.then_some(k);
        }
        // Farther out: a normal-shaped squeeze on both sides of ln f(k)/f(m), then the exact value.
        let v = v.ln();
        let x = km / npq;
        let rho = x * ((km / 3.0 + 0.625) * km + 1.0 / 6.0) / npq + 0.5 * x;
        let t = -0.5 * km * x;
        if v < t - rho {
            return Some(k);
        }
        if v > t + rho {
            return None;
        }
        // The exact value: from a table of ln k! for small counts (one logarithm), else through
        // Stirling's series.
        if n < TABLED {
            let table = &*LN_FACTORIALS;
            let lf = |x: f64| table.get(usize::try_from(bounded_u64(x)).unwrap_or(usize::MAX)).copied();
            if let (Some(m1), Some(m2), Some(k1), Some(k2)) = (lf(m), lf(n - m), lf(k), lf(n - k)) {
                return (v <= m1 + m2 - k1 - k2 + (k - m) * r.ln()).then_some(k);
            }
        }
        let nm = n - m + 1.0;
        let nk = n - k + 1.0;
        let h = (m + 0.5) * ((m + 1.0) / (r * nm)).ln() + stirling_tail(m) + stirling_tail(n - m);
        let log_ratio = h + (n + 1.0) * (nm / nk).ln() + (k + 0.5) * (nk * r / (k + 1.0)).ln()
            - stirling_tail(k)
            - stirling_tail(n - k);
        (v <= log_ratio).then_some(k)
    }
}

/// How one draw of `Binomial(n, p)` is made.
enum Method {
    /// No randomness needed.
    Fixed(u64),
    /// Inversion of `Binomial(n, p)`, `p ≤ ½`; the count is `n −` the draw when `flipped`.
    Inversion { p: f64, flipped: bool },
    /// BTRD for `Binomial(n, p)`, `p ≤ ½`.
    Btrd { btrd: Btrd, flipped: bool },
}

impl Method {
    #[inline]
    #[allow(clippy::cast_precision_loss)] // n ≤ 2^53 in the engine
    fn of(n: u64, p: f64) -> Self {
        if n == 0 || p.is_nan() || p <= 0.0 {
            return Self::Fixed(0);
        }
        if p >= 1.0 {
            return Self::Fixed(n);
        }
        let flipped = p > 0.5;
        let p = if flipped { 1.0 - p } else { p };
        let nf = n as f64;
        if nf * p < 10.0 { Self::Inversion { p, flipped } } else { Self::Btrd { btrd: Btrd::new(nf, p), flipped } }
    }
}

/// `n − k` when the draw was of the failures.
fn unflip(n: u64, k: u64, flipped: bool) -> u64 {
    if flipped { n.saturating_sub(k) } else { k }
}

/// A draw that the first uniform did not settle.
#[derive(Clone, Copy)]
struct Unsettled {
    lane: usize,
    /// The uniform to try next.
    v: f64,
    btrd: Btrd,
    flipped: bool,
}

/// Draws many binomials at once, independently, from one stream ([`Binomials::draw`]); keeps
/// its scratch space between calls.
#[derive(Default)]
pub struct Binomials {
    unsettled: Vec<Unsettled>,
}

impl Binomials {
    /// Draws `out[i] ~ Binomial(ns[i], ps[i])` for every `i`, independently, from `rng`.
    ///
    /// The same distributions as [`binomial`] one after another, but faster: the draws go
    /// through the algorithm's steps together, a step of every draw before the next step of any,
    /// so the processor overlaps their long chains of dependent arithmetic. Which uniforms of the
    /// stream each draw takes depends only on the stream, so the results are as reproducible
    /// as the stream.
    pub fn draw<R: Rng + ?Sized>(&mut self, ns: &[u64], ps: &[f64], out: &mut [u64], rng: &mut R) {
        self.unsettled.clear();
        // First the set-up and first uniform of every draw: most are settled at once.
        for (lane, ((n, p), out)) in ns.iter().zip(ps).zip(out.iter_mut()).enumerate() {
            match Method::of(*n, *p) {
                Method::Fixed(k) => *out = k,
                Method::Inversion { p, flipped } => *out = unflip(*n, inversion(*n, p, rng), flipped),
                Method::Btrd { btrd, flipped } => {
                    let v = uniform(rng);
                    match btrd.at_once(v) {
                        Some(k) => *out = unflip(*n, bounded_u64(k), flipped),
                        None => self.unsettled.push(Unsettled { lane, v, btrd, flipped }),
                    }
                }
            }
        }
        // Then rounds of one rejection step (and, after a rejection, one new first uniform)
        // for every draw still open.
        while !self.unsettled.is_empty() {
            self.unsettled.retain_mut(|u| {
                let settled = u.btrd.rejection_step(u.v, rng).or_else(|| {
                    u.v = uniform(rng);
                    u.btrd.at_once(u.v)
                });
                match (settled, ns.get(u.lane), out.get_mut(u.lane)) {
                    (Some(k), Some(n), Some(out)) => {
                        *out = unflip(*n, bounded_u64(k), u.flipped);
                        false
                    }
                    (Some(_), ..) => false,
                    (None, ..) => true,
                }
            });
        }
    }
}

/// `⌊x⌋` if it is one of `0..=n`: the candidate count the hat maps a uniform to.
#[inline]
fn in_range(x: f64, n: f64) -> Option<f64> {
    // floor of a non-negative value below 2^63 is the truncating cast (no library call);
    // outside [0, n + 1) there is no count (this also catches ±∞ and NaN).
    (x >= 0.0 && x < n + 1.0).then(|| floor_non_negative(x))
}

/// `ln(k!) − [(k + ½)·ln(k + 1) − (k + 1) + ½·ln(2π)]`: what Stirling's formula leaves out.
fn stirling_tail(k: f64) -> f64 {
    let k1 = k + 1.0;
    if k < 10.0 {
        return ln_factorial(k) - ((k + 0.5) * k1.ln() - k1 + HALF_LN_2PI);
    }
    // 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷) with z = k + 1.
    let r = 1.0 / k1;
    let r2 = r * r;
    r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 / 1680.0)))
}

/// `½·ln(2π)`.
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

/// `ln(k!)` for a whole number `k ≥ 0`: a table below 10, Stirling's series above (absolute
/// error below 10^-12).
fn ln_factorial(k: f64) -> f64 {
    if k < 10.0 {
        return LN_FACTORIAL.get(usize::try_from(bounded_u64(k)).unwrap_or(usize::MAX)).copied().unwrap_or(0.0);
    }
    let k1 = k + 1.0;
    (k + 0.5) * k1.ln() - k1 + HALF_LN_2PI + stirling_tail(k)
}

/// `ln(k!)` for `k` below 4096, computed once: the rejection step's exact test for counts
/// this small is then four look-ups and one logarithm.
static LN_FACTORIALS: std::sync::LazyLock<Vec<f64>> =
    std::sync::LazyLock::new(|| (0..4096_u32).map(|k| ln_factorial(f64::from(k))).collect());

/// The counts [`LN_FACTORIALS`] covers.
const TABLED: f64 = 4096.0;

/// `ln(k!)` for k = 0..=9.
const LN_FACTORIAL: [f64; 10] = [
    0.0,
    0.0,
    std::f64::consts::LN_2,
    1.791_759_469_228_055,
    3.178_053_830_347_945_8,
    4.787_491_742_782_046,
    6.579_251_212_010_101,
    8.525_161_361_065_415,
    10.604_602_902_745_25,
    12.801_827_480_081_469,
];

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss, clippy::cast_sign_loss)] // small test values
mod tests {
    use super::*;
    use rand::SeedableRng as _;
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// `ln(k!)` by summing logarithms.
    fn ln_factorial_sum(k: u64) -> f64 {
        (2..=k).map(|i| (i as f64).ln()).sum()
    }

    #[test]
    fn log_factorials_are_accurate() {
        for k in (0..3000_u64).chain([100_000, 1_000_000]) {
            let (got, want) = (ln_factorial(k as f64), ln_factorial_sum(k));
            assert!((got - want).abs() <= 1e-12 * want.max(1.0), "k = {k}: {got} vs {want}");
        }
    }

    /// The probabilities of `Binomial(n, p)`, computed in logs.
    fn pmf(n: u64, p: f64) -> Vec<f64> {
        let ln_choose = |k: u64| ln_factorial_sum(n) - ln_factorial_sum(k) - ln_factorial_sum(n - k);
        (0..=n).map(|k| (ln_choose(k) + k as f64 * p.ln() + (n - k) as f64 * (1.0 - p).ln()).exp()).collect()
    }

    /// Pearson's χ² of `samples` against the exact probabilities of `Binomial(n, p)`, cells with
    /// an expected count under 5 pooled, and the degrees of freedom.
    fn chi_square_of(n: u64, p: f64, samples: &[u64]) -> (f64, usize) {
        let draws = samples.len();
        let mut counts = vec![0_u64; n as usize + 1];
        for k in samples {
            counts[*k as usize] += 1;
        }
        let probs = pmf(n, p);
        let (mut chi, mut cells) = (0.0, 0);
        let (mut pooled_obs, mut pooled_exp) = (0.0, 0.0);
        for (obs, prob) in counts.iter().zip(&probs) {
            pooled_obs += *obs as f64;
            pooled_exp += prob * draws as f64;
            if pooled_exp >= 5.0 {
                chi += (pooled_obs - pooled_exp).powi(2) / pooled_exp;
                cells += 1;
                (pooled_obs, pooled_exp) = (0.0, 0.0);
            }
        }
        if pooled_exp > 0.0 {
            chi += (pooled_obs - pooled_exp).powi(2) / pooled_exp.max(1e-300);
            cells += 1;
        }
        (chi, cells - 1)
    }

    /// The distribution test every sampler check here uses, the one the negative control below
    /// must see fail: whether `samples` pass for `Binomial(n, p)`, Pearson's χ² under the bound
    /// of its 99.99th percentile (`Err` says what was found).
    fn binomial_test(n: u64, p: f64, samples: &[u64]) -> Result<(), String> {
        let (chi, df) = chi_square_of(n, p, samples);
        // The 99.99th percentile of χ² is below df + 4.3·√(2·df) + 10 for these df.
        let limit = df as f64 + 4.3 * (2.0 * df as f64).sqrt() + 10.0;
        if chi < limit {
            Ok(())
        } else {
            Err(format!("n = {n}, p = {p}: χ² = {chi:.1} with {df} degrees of freedom (limit {limit:.1})"))
        }
    }

    /// Draws per distribution in [`draws_follow_the_binomial_distribution`].
    const DRAWS: usize = 1_000_000;

    /// [`DRAWS`] draws of `draw`, from the stream that test seeds for `Binomial(n, p)`.
    fn sample(n: u64, p: f64, mut draw: impl FnMut(&mut Xoshiro256PlusPlus) -> u64) -> Vec<u64> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(n ^ p.to_bits());
        (0..DRAWS).map(|_| draw(&mut rng)).collect()
    }

    #[test]
    fn draws_follow_the_binomial_distribution() {
        // Both methods, both sides of ½, the switch between them, skewed and symmetric cases.
        for (n, p) in [(20, 0.3), (50, 0.05), (199, 0.05), (25, 0.4), (40, 0.25), (100, 0.5), (600, 0.3), (600, 0.9)]
            .into_iter()
            .chain([(1000, 0.02), (5000, 0.5), (3000, 0.97), (12, 0.99), (7, 0.5), (1, 0.3)])
        {
            let samples = sample(n, p, |rng| binomial(n, p, rng));
            if let Err(failed) = binomial_test(n, p, &samples) {
                panic!("{failed}");
            }
        }
    }

    /// The negative control: the same test, draws and seeds as
    /// [`draws_follow_the_binomial_distribution`], on a sampler 2% off (`p × 1.02`, or for
    /// `p > ½` 2% more failures), for each method and side of ½: every one is rejected.
    #[test]
    fn the_distribution_test_rejects_a_biased_sampler() {
        for (n, p) in [(50, 0.05), (12, 0.99), (600, 0.3), (3000, 0.97)] {
            let biased = if p <= 0.5 { p * 1.02 } else { 1.0 - (1.0 - p) * 1.02 };
            let samples = sample(n, p, |rng| binomial(n, biased, rng));
            assert!(binomial_test(n, p, &samples).is_err(), "n = {n}, p = {p}: Binomial(n, {biased}) passed");
        }
    }

    #[test]
    fn batched_draws_follow_each_lanes_distribution() {
        // Lanes of every method side by side (more than one chunk of lanes), drawn together
        // many times: each lane on its own follows its binomial.
        let lanes: Vec<(u64, f64)> = [(600, 0.3), (0, 0.5), (60, 0.1), (5000, 0.5), (40, 1.0), (3000, 0.97), (25, 0.4)]
            .into_iter()
            .cycle()
            .take(40)
            .collect();
        let (ns, ps): (Vec<u64>, Vec<f64>) = lanes.iter().copied().unzip();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let rounds = 100_000;
        let mut samples = vec![Vec::with_capacity(rounds); lanes.len()];
        let mut out = vec![0; lanes.len()];
        let mut batch = Binomials::default();
        for _ in 0..rounds {
            batch.draw(&ns, &ps, &mut out, &mut rng);
            for (s, k) in samples.iter_mut().zip(&out) {
                s.push(*k);
            }
        }
        for (lane, ((n, p), samples)) in lanes.iter().zip(&samples).enumerate() {
            if *p >= 1.0 || *n == 0 {
                assert!(samples.iter().all(|k| k == n), "lane {lane}");
                continue;
            }
            if let Err(failed) = binomial_test(*n, *p, samples) {
                panic!("lane {lane}: {failed}");
            }
        }
        // Neighbouring lanes are independent: the correlation of lanes 0 and 7 (both 600, 0.3).
        let (a, b) = (&samples[0], &samples[7]);
        let mean = |x: &[u64]| x.iter().sum::<u64>() as f64 / x.len() as f64;
        let (ma, mb) = (mean(a), mean(b));
        let cov: f64 = a.iter().zip(b).map(|(x, y)| (*x as f64 - ma) * (*y as f64 - mb)).sum::<f64>() / rounds as f64;
        let var = 600.0 * 0.3 * 0.7;
        assert!((cov / var).abs() < 0.02, "correlation {}", cov / var);
    }

    #[test]
    fn large_counts_have_the_right_mean_and_variance() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        for (n, p) in [(250_000_u64, 0.7), (1_u64 << 40, 0.25), (10_000_000, 1e-6)] {
            let draws = 100_000;
            let xs: Vec<f64> = (0..draws).map(|_| binomial(n, p, &mut rng) as f64).collect();
            let mean = xs.iter().sum::<f64>() / draws as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (draws - 1) as f64;
            let (m, v) = (n as f64 * p, n as f64 * p * (1.0 - p));
            // Standard errors: of the mean √(v/N), of the variance about v·√(2/N).
            assert!((mean - m).abs() < 5.0 * (v / draws as f64).sqrt(), "n = {n}, p = {p}: mean {mean} vs {m}");
            assert!((var - v).abs() < 5.0 * v * (2.0 / draws as f64).sqrt(), "n = {n}, p = {p}: variance {var} vs {v}");
        }
    }

    #[test]
    fn edges() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        assert_eq!(binomial(0, 0.5, &mut rng), 0);
        assert_eq!(binomial(10, f64::NAN, &mut rng), 0);
        assert_eq!(binomial(10, -1.0, &mut rng), 0);
        assert_eq!(binomial(10, 2.0, &mut rng), 10);
        assert_eq!(binomial(u64::MAX, 1.0, &mut rng), u64::MAX);
        for _ in 0..1000 {
            assert!(binomial(3, 0.999_999, &mut rng) <= 3);
            assert!(binomial(1 << 53, 0.5, &mut rng) <= 1 << 53);
            assert!(binomial(1 << 53, 1e-300, &mut rng) <= 1);
        }
    }
}

//! Which size of a plan's bundle or commit costs a customer least over the contract
//! (docs/quote.md, "Recommending a commitment").
//!
//! For each offered plan with a `Bundle` or a `Commit`, the first of them is tried at several
//! sizes — a few the vendor lists, or round steps up to about twice what the customer uses in a
//! term. A bundle's price follows its size (the same price per unit); a commit's payment is its
//! amount. Each size's plan bills the customer's usage in every Monte Carlo trial (or the
//! expected usage when there are none), and the size with the lowest expected bill over the
//! contract is recommended — the larger of two that cost the same. Beside it: how often a
//! term's prepaid amount runs out before the term ends, and how often a whole term ends with
//! more than a quarter of it unused.

use crate::engine::Error;
use crate::engine::billing::{self, Biller, Overflow};
use crate::engine::monte_carlo::{self, Progress};
use crate::engine::usage::MonthUsage;
use crate::model::money::round2;
use crate::model::{Charge, Commitment, Metric, Plan, Problem, Scenario};
use rayon::prelude::*;
use rust_decimal::Decimal;

/// The most sizes a vendor may list.
pub const MAX_LISTED: usize = 24;

/// Trials billed together: their usage is kept in memory while every size bills them.
const CHUNK: u64 = 256;

/// Which sizes to try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sizes {
    /// Ten round steps up to about twice what the customer uses in a term.
    Steps,
    /// These sizes: units of a bundle's metric (rounded down to whole units), money for a commit.
    Listed(Vec<Decimal>),
}

/// What a size counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeUnit {
    /// Units of a bundle's metric.
    Units(Metric),
    /// Money, in the scenario's currency (a commit).
    Money,
}

/// One size tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Units or money per term.
    pub size: Decimal,
    /// What it costs per term.
    pub price: Decimal,
    /// The expected bill over the contract under the plan with this size, to the cent.
    pub total: Decimal,
    /// The share of terms (0 to 1) in which the prepaid amount is used up before or as the term
    /// ends; a term cut short by the contract's end counts when it runs out within it.
    pub runs_out: Decimal,
    /// The share of whole terms (0 to 1) that end with more than a quarter of the size unused
    /// (none when the contract holds no whole term).
    pub mostly_unused: Option<Decimal>,
}

/// The size of one plan's bundle or commit that costs the customer least.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    /// The plan's name.
    pub plan: String,
    /// The commitment's name.
    pub commitment: String,
    /// What its size counts.
    pub unit: SizeUnit,
    /// Months in one of its terms.
    pub term_months: u32,
    /// The sizes tried, smallest first.
    pub candidates: Vec<Candidate>,
    /// The recommended size: an index into `candidates`.
    pub best: usize,
    /// The smallest size with the same bill as the recommended one (sizes from there to the
    /// recommended one cost the customer the same; the largest is recommended).
    pub tied: usize,
    /// The plan's own size: an index into `candidates`.
    pub current: usize,
    /// The Monte Carlo trials behind the figures (0: the expected usage alone).
    pub trials: u64,
}

impl Recommendation {
    /// The recommended size.
    #[must_use]
    pub fn best(&self) -> Option<&Candidate> {
        self.candidates.get(self.best)
    }

    /// The plan's own size.
    #[must_use]
    pub fn current(&self) -> Option<&Candidate> {
        self.candidates.get(self.current)
    }
}

/// Counts of one size over the usage paths billed so far.
#[derive(Debug, Clone, Default)]
struct Tally {
    total: Decimal,
    terms: u64,
    ran_out: u64,
    whole: u64,
    unused: u64,
}

/// One plan at one size, and its tally.
struct Job {
    plan: usize,
    commitment: usize,
    size: Decimal,
    price: Decimal,
    priced: Plan,
    tally: Tally,
}

/// The recommendations for the plans at `plans` of `one` (the customer's own scenario, whose
/// expected usage is `expected`).
///
/// # Errors
/// An amount too large to compute, a quantity too large in a trial, or a cancelled run.
pub(super) fn recommend(
    one: &Scenario,
    expected: &[MonthUsage],
    plans: &[usize],
    sizes: &Sizes,
    progress: &dyn Progress,
) -> Result<Vec<Recommendation>, Error> {
    let too_large = |p: usize, c: usize| {
        Error::Invalid(vec![Problem::field(
            format!("plans[{p}].commitments[{c}]"),
            "an amount is too large to compute at one of the sizes tried",
        )])
    };
    let mut jobs = Vec::new();
    let mut heads = Vec::new();
    for &p in plans {
        let Some(plan) = one.plans.get(p) else { continue };
        let Some((c, commitment)) = plan
            .commitments
            .iter()
            .enumerate()
            .find(|(_, c)| matches!(c, Commitment::Bundle { .. } | Commitment::Commit { .. }))
        else {
            continue;
        };
        let (unit, current) = match commitment {
            Commitment::Bundle { metric, units, .. } => (SizeUnit::Units(*metric), Decimal::from(*units)),
            _ => (SizeUnit::Money, commitment.amount()),
        };
        let mut tried = match sizes {
            Sizes::Steps => {
                let demand = demand_per_term(plan, c, expected).ok_or_else(|| too_large(p, c))?;
                steps(demand, matches!(unit, SizeUnit::Units(_)))
            }
            Sizes::Listed(list) => list
                .iter()
                .map(|s| if matches!(unit, SizeUnit::Units(_)) { s.floor() } else { round2(*s) })
                .filter(|s| *s > Decimal::ZERO)
                .collect(),
        };
        tried.push(current);
        tried.sort();
        tried.dedup();
        heads.push((p, c, unit, commitment.term_months(), current, tried.len()));
        for size in tried {
            let priced = sized(plan, c, size).ok_or_else(|| too_large(p, c))?;
            let price = priced.commitments.get(c).map_or(Decimal::ZERO, Commitment::amount);
            jobs.push(Job { plan: p, commitment: c, size, price, priced, tally: Tally::default() });
        }
    }
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let trials = one.simulation.trials;
    let bill_all = |jobs: &mut Vec<Job>, paths: &[Vec<MonthUsage>]| -> Result<(), Error> {
        jobs.par_iter_mut().try_for_each(|job| {
            for path in paths {
                tally(&job.priced, job.commitment, job.size, path, &mut job.tally)
                    .map_err(|_| too_large(job.plan, job.commitment))?;
            }
            Ok(())
        })
    };
    if trials == 0 {
        bill_all(&mut jobs, std::slice::from_ref(&expected.to_vec()))?;
    } else {
        let mut first = 0;
        while first < trials {
            if progress.cancelled() {
                return Err(Error::Cancelled);
            }
            let last = (first + CHUNK).min(trials);
            let paths = monte_carlo::account_draws(one, 0, first..last, one.simulation.seed, progress)?;
            bill_all(&mut jobs, &paths)?;
            first = last;
        }
    }
    let paths = Decimal::from(trials.max(1));
    let share = |n: u64, of: u64| if of == 0 { Decimal::ZERO } else { Decimal::from(n) / Decimal::from(of) };
    let mut out = Vec::with_capacity(heads.len());
    let mut rest = jobs.into_iter();
    for (p, c, unit, term_months, current, n) in heads {
        let mine: Vec<Job> = rest.by_ref().take(n).collect();
        // The lowest expected bill (exact sums: every size billed the same paths); of two that
        // cost the same, the larger.
        let best = mine
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| a.tally.total.cmp(&b.tally.total).then(b.size.cmp(&a.size)))
            .map_or(0, |(i, _)| i);
        let current = mine.iter().position(|j| j.size == current).unwrap_or(0);
        let tied =
            mine.get(best).and_then(|b| mine.iter().position(|j| j.tally.total == b.tally.total)).unwrap_or(best);
        let plan = &one.plans[p];
        out.push(Recommendation {
            plan: plan.name.clone(),
            commitment: plan.commitments[c].name().to_owned(),
            unit,
            term_months,
            candidates: mine
                .iter()
                .map(|j| Candidate {
                    size: j.size,
                    price: j.price,
                    total: round2(j.tally.total / paths),
                    runs_out: share(j.tally.ran_out, j.tally.terms),
                    mostly_unused: (j.tally.whole > 0).then(|| share(j.tally.unused, j.tally.whole)),
                })
                .collect(),
            best,
            tied,
            current,
            trials,
        });
    }
    Ok(out)
}

/// Bills one usage path under `plan` and adds to `tally`: the bill over the path, and per term
/// of commitment `c` whether it ran out and, for a whole term, whether more than a quarter of
/// `size` was left at its end.
fn tally(plan: &Plan, c: usize, size: Decimal, path: &[MonthUsage], tally: &mut Tally) -> Result<(), Overflow> {
    let mut biller = Biller::new(plan)?;
    let term = plan.commitments.get(c).map_or(1, Commitment::term_months).max(1);
    let mut total = Decimal::ZERO;
    let mut ran_out = false;
    for (m, usage) in (0_u32..).zip(path) {
        let lines = biller.month(m, usage)?;
        total = total.checked_add(billing::bill(lines)?).ok_or(Overflow)?;
        let left = biller.left(c).unwrap_or_default();
        let position = m % term;
        if position == 0 {
            ran_out = false;
        }
        ran_out |= left.is_zero();
        let whole = position + 1 == term;
        if whole || usize::try_from(m + 1).is_ok_and(|n| n == path.len()) {
            tally.terms += 1;
            tally.ran_out += u64::from(ran_out);
            if whole {
                tally.whole += 1;
                tally.unused += u64::from(left.checked_mul(Decimal::from(4)).ok_or(Overflow)? > size);
            }
        }
    }
    tally.total = tally.total.checked_add(total).ok_or(Overflow)?;
    Ok(())
}

/// `plan` with its commitment `c` at `size`: a bundle of `size` units at the same price per
/// unit (its price as it is when it has no units), a commit of `size`. `None` on overflow.
fn sized(plan: &Plan, c: usize, size: Decimal) -> Option<Plan> {
    let mut plan = plan.clone();
    match plan.commitments.get_mut(c)? {
        Commitment::Bundle { units, price, .. } => {
            if *units > 0 {
                *price = round2(price.checked_mul(size)?.checked_div(Decimal::from(*units))?);
            }
            *units = u64::try_from(size.trunc().mantissa()).ok()?;
        }
        Commitment::Commit { amount, .. } => *amount = size,
        Commitment::Minimum { .. } | Commitment::Cap { .. } => return None,
    }
    Some(plan)
}

/// What the customer's expected usage asks of commitment `c` in an average term: a bundle's
/// units of its metric, a commit's charges on the metrics it covers (billed without it).
fn demand_per_term(plan: &Plan, c: usize, expected: &[MonthUsage]) -> Option<Decimal> {
    let commitment = plan.commitments.get(c)?;
    let months = Decimal::from(u64::try_from(expected.len()).ok()?.max(1));
    let term = Decimal::from(commitment.term_months().max(1));
    let total = match commitment {
        Commitment::Bundle { metric, .. } => {
            Decimal::from(expected.iter().map(|u| u128::from(u.get(*metric))).sum::<u128>())
        }
        Commitment::Commit { covers, .. } => {
            let mut without = plan.clone();
            without.commitments.remove(c);
            let covered: Vec<usize> = without
                .charges
                .iter()
                .enumerate()
                .filter(|(_, ch)| matches!(ch, Charge::Usage { metric, .. } if covers.contains(metric)))
                .map(|(i, _)| i)
                .collect();
            let mut biller = Biller::new(&without).ok()?;
            let mut sum = Decimal::ZERO;
            for (m, usage) in (0_u32..).zip(expected) {
                let lines = biller.month(m, usage).ok()?;
                for &i in &covered {
                    sum = sum.checked_add(*lines.get(i)?)?;
                }
            }
            sum
        }
        Commitment::Minimum { .. } | Commitment::Cap { .. } => return None,
    };
    total.checked_mul(term)?.checked_div(months)
}

/// Ten round steps (1, 2, 2.5 or 5 times a power of ten) up to about twice `demand`; whole
/// numbers when `whole`. None when there is no demand.
fn steps(demand: Decimal, whole: bool) -> Vec<Decimal> {
    if demand <= Decimal::ZERO {
        return Vec::new();
    }
    let raw = demand * Decimal::from(2) / Decimal::TEN;
    let smallest = if whole { Decimal::ONE } else { Decimal::new(1, 2) };
    let mut power = Decimal::ONE;
    while power * Decimal::TEN <= raw && power < Decimal::from(1_000_000_000_000_000_u64) {
        power *= Decimal::TEN;
    }
    while power > raw && power > smallest {
        power /= Decimal::TEN;
    }
    let step = [Decimal::ONE, Decimal::TWO, Decimal::new(25, 1), Decimal::from(5), Decimal::TEN]
        .into_iter()
        .map(|k| k * power)
        .filter(|s| !whole || s.fract().is_zero())
        .find(|s| *s >= raw)
        .unwrap_or(power * Decimal::TEN)
        .max(smallest);
    (1..=10).map(|i| step * Decimal::from(i)).collect()
}

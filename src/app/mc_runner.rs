//! Runs the Monte Carlo simulation off the UI thread: started a moment after the last edit,
//! cancelled and restarted by the next one, with its progress shown while the deterministic
//! results stay live.
//!
//! A long run is progressive: it first runs a small share of the trials and shows their bands at
//! once, then a larger share, then all of them. Trial `k` draws from its own streams whatever the
//! number of trials, so each stage's trials are the first trials of the next, and the final
//! figures are exactly those of one run of all the trials.

use crate::app::background::{self, Background};
use crate::app::document::Snapshot;
use crate::engine::monte_carlo::{self, MonteCarlo, Progress};
use eframe::egui;
use std::time::Duration;

/// How long the scenario must stay unchanged before a run starts.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// What a run is keyed by: the scenario's revision and its trials.
type Key = (u64, u64);

/// The Monte Carlo run of the current scenario, on the app's [`Background`] runner.
pub struct McRunner {
    runner: Background<Key, Result<MonteCarlo, String>>,
    /// Runs of more account-months show a first estimate (`None`: [`PROGRESSIVE_FROM`]).
    pub progressive_from: Option<u128>,
}

impl Default for McRunner {
    fn default() -> Self {
        Self { runner: Background::new("monte carlo", DEBOUNCE), progressive_from: None }
    }
}

impl std::fmt::Debug for McRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("McRunner").field("status", &self.status()).finish_non_exhaustive()
    }
}

/// What the runner is doing, for the status line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status {
    /// No Monte Carlo (trials are 0, or the scenario has problems).
    Off,
    /// Waiting for the edits to settle.
    Waiting,
    /// Running: trials done of total, seconds so far.
    Running(u64, u64, f32),
    /// Stopped by the user.
    Cancelled,
    /// The results are those of the current scenario.
    Done,
}

/// A run of more account-months than this (trials × accounts × months, about half a second of
/// work) shows a first estimate before the whole run is done.
pub const PROGRESSIVE_FROM: u128 = 10_000_000;

/// The trials of each stage of a run of `trials` trials over `account_months` account-months per
/// trial: all at once for a run of at most `from` account-months in all; else a thirty-second
/// (at least 20), an eighth, then all.
#[must_use]
pub fn stages(trials: u64, account_months: u128, from: u128) -> Vec<u64> {
    if u128::from(trials) * account_months <= from || trials < 64 {
        return vec![trials];
    }
    let mut stages: Vec<u64> = Vec::with_capacity(3);
    for stage in [(trials / 32).max(20), trials / 8, trials] {
        if stages.last().is_none_or(|&last| stage > last) && stage <= trials {
            stages.push(stage);
        }
    }
    stages
}

/// The run of `scenario`: each stage but the last published as an estimate.
fn work(scenario: Snapshot, from: u128) -> background::Work<Result<MonteCarlo, String>> {
    Box::new(move |job| {
        let (trials, seed) = (scenario.simulation.trials, scenario.simulation.seed);
        let account_months = scenario.instances().saturating_mul(u128::from(scenario.months));
        let stages = stages(trials, account_months, from);
        let last = stages.len() - 1;
        for (i, stage) in stages.into_iter().enumerate() {
            job.advance(0, stage);
            let result = monte_carlo::run(&scenario, stage, seed, job).map(|mut mc| {
                // The cumulative bands and the peaks, here rather than on the UI thread.
                mc.add_display_figures();
                mc
            });
            match result {
                Ok(mc) if i < last => job.publish(Ok(mc)),
                Ok(mc) => return Ok(mc),
                // The problems, or "cancelled" (nobody waits for a cancelled run's result).
                Err(e) => return Err(e.to_string()),
            }
        }
        Err("no trials".into())
    })
}

impl McRunner {
    /// Looks at the current scenario once a frame: `current` is its revision and trials when it
    /// is valid, and `snapshot` gives it when a run is to wait for it. Cancels a run made stale
    /// by an edit, starts one when the scenario has settled, and collects a finished run.
    /// Nothing is compared or copied unless the revision changed.
    pub fn update(&mut self, ctx: &egui::Context, current: Option<(u64, u64)>, snapshot: impl FnOnce() -> Snapshot) {
        self.request(current, snapshot);
        self.runner.update(ctx);
    }

    fn request(&mut self, current: Option<(u64, u64)>, snapshot: impl FnOnce() -> Snapshot) {
        match current.filter(|(_, trials)| *trials > 0) {
            Some(key) => {
                let from = self.progressive_from.unwrap_or(PROGRESSIVE_FROM);
                self.runner.request(key, || work(snapshot(), from));
            }
            None => self.runner.clear(),
        }
    }

    /// Stops the run and starts none until the scenario changes.
    pub fn hold(&mut self) {
        self.runner.cancel();
    }

    /// Starts the waiting run at once and blocks until it has finished (for tests and benchmarks).
    pub fn wait(&mut self, ctx: &egui::Context, current: Option<(u64, u64)>, snapshot: impl FnOnce() -> Snapshot) {
        self.update(ctx, current, snapshot);
        self.runner.wait();
    }

    /// While a progressive run refines its figures: how many trials the figures shown come from.
    #[must_use]
    pub fn estimate(&self) -> Option<u64> {
        if self.runner.is_estimate() { self.current().map(|mc| mc.trials) } else { None }
    }

    /// The results of the current scenario, or `None` when they are stale or missing.
    #[must_use]
    pub fn current(&self) -> Option<&MonteCarlo> {
        match self.runner.result() {
            Some((Ok(mc), true)) => Some(mc),
            _ => None,
        }
    }

    /// The latest results, and whether they are of the current scenario: after an edit, the
    /// figures of the version before stay shown (marked) while the new run computes them again.
    #[must_use]
    pub fn latest(&self) -> Option<(&MonteCarlo, bool)> {
        match self.runner.result() {
            Some((Ok(mc), current)) => Some((mc, current)),
            _ => None,
        }
    }

    /// Why the latest run for the current scenario failed.
    #[must_use]
    pub fn error(&self) -> Option<&str> {
        match self.runner.result() {
            Some((Err(e), true)) => Some(e),
            _ => None,
        }
    }

    /// What the runner is doing.
    #[must_use]
    pub fn status(&self) -> Status {
        match self.runner.status() {
            background::Status::Running(done, total, secs) => Status::Running(done, total, secs),
            background::Status::Cancelled => Status::Cancelled,
            background::Status::Waiting => Status::Waiting,
            background::Status::Idle if self.current().is_some() => Status::Done,
            background::Status::Idle => Status::Off,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_long_runs_are_staged_and_every_stage_is_smaller_than_the_next() {
        let from = PROGRESSIVE_FROM;
        assert_eq!(stages(1000, 36, from), [1000], "Fin: 36,000 account-months, one stage");
        assert_eq!(stages(1000, 2780 * 36, from), [31, 125, 1000], "the shipped portfolio");
        assert_eq!(stages(100, 1_000_000, from), [20, 100]);
        assert_eq!(stages(50, 10_000_000, from), [50], "too few trials to split");
    }

    #[test]
    fn a_progressive_run_ends_with_the_figures_of_one_run() {
        let mut s = crate::app::example("saas-portfolio.ron");
        s.simulation.trials = 64;
        s.months = 12;
        assert_eq!(stages(64, s.instances() * 12, 100_000), [20, 64], "the test needs a staged run");
        let ctx = egui::Context::default();
        let mut runner = McRunner { progressive_from: Some(100_000), ..McRunner::default() };
        runner.wait(&ctx, Some((1, s.simulation.trials)), || Snapshot::of(s.clone()));
        let staged = runner.current().unwrap();
        let direct = monte_carlo::run(&s, 64, s.simulation.seed, &monte_carlo::Silent).unwrap();
        assert_eq!(staged.trials, 64);
        assert_eq!(staged.plans[0].total, direct.plans[0].total);
        assert_eq!(staged.plans[2].monthly, direct.plans[2].monthly);
        assert_eq!(runner.status(), Status::Done);
        assert_eq!(runner.estimate(), None);
    }
}

//! Runs the Monte Carlo simulation off the UI thread: started a moment after the last edit,
//! cancelled and restarted by the next one, with its progress shown while the deterministic
//! results stay live.
//!
//! A long run is progressive: it first runs a small share of the trials and shows their bands at
//! once, then a larger share, then all of them. Trial `k` draws from its own streams whatever the
//! number of trials, so each stage's trials are the first trials of the next, and the final
//! figures are exactly those of one run of all the trials.

use crate::engine::monte_carlo::{self, McError, MonteCarlo, Progress};
use crate::model::Scenario;
use eframe::egui;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the scenario must stay unchanged before a run starts.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

struct Shared {
    done: AtomicU64,
    /// The trials of the stage under way.
    stage: AtomicU64,
    cancel: AtomicBool,
    ctx: egui::Context,
}

impl Progress for Shared {
    fn advance(&self, done: u64, _total: u64) {
        self.done.store(done, Ordering::Relaxed);
        self.ctx.request_repaint_after(Duration::from_millis(100));
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

struct Job {
    /// The scenario revision it runs.
    revision: u64,
    trials: u64,
    shared: Arc<Shared>,
    /// Each stage's results as it finishes (`true` with the last), or why the run stopped.
    rx: mpsc::Receiver<Result<(MonteCarlo, bool), McError>>,
    started: Instant,
}

/// The state of the Monte Carlo run for the current scenario.
#[derive(Default)]
pub struct McRunner {
    job: Option<Job>,
    /// The scenario waiting for its run (with its revision), and since when it has been unchanged.
    waiting: Option<(u64, Arc<Scenario>, Instant)>,
    /// The latest finished run and the scenario revision it is for.
    pub result: Option<(u64, MonteCarlo)>,
    /// Why the latest run for the current scenario failed.
    pub error: Option<String>,
    /// The scenario revision the runner last looked at (`None`: no valid scenario).
    seen: Option<u64>,
    /// Set after a user's "Cancel": no run until the scenario changes.
    held: bool,
    /// Runs of more account-months show a first estimate (`None`: [`PROGRESSIVE_FROM`]).
    pub progressive_from: Option<u128>,
}

impl std::fmt::Debug for McRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("McRunner").field("running", &self.job.is_some()).finish_non_exhaustive()
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

impl McRunner {
    /// Looks at the current scenario once a frame: `current` is its revision and trials when it
    /// is valid, and `snapshot` gives it when a run is to wait for it. Cancels a run made stale
    /// by an edit, starts one when the scenario has settled, and collects a finished run.
    /// Nothing is compared or copied unless the revision changed.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        current: Option<(u64, u64)>,
        snapshot: impl FnOnce() -> Arc<Scenario>,
    ) {
        let revision = current.map(|(revision, _)| revision);
        if self.seen != revision {
            self.seen = revision;
            self.held = false;
            self.error = None;
            self.cancel();
            self.waiting = current.filter(|(_, trials)| *trials > 0).map(|(r, _)| (r, snapshot(), Instant::now()));
        }
        if let Some((revision, s, since)) = &self.waiting
            && !self.held
        {
            let left = DEBOUNCE.saturating_sub(since.elapsed());
            if left.is_zero() {
                let (revision, s) = (*revision, Arc::clone(s));
                self.waiting = None;
                self.start(ctx, revision, s);
            } else {
                ctx.request_repaint_after(left);
            }
        }
        self.collect();
    }

    fn start(&mut self, ctx: &egui::Context, revision: u64, scenario: Arc<Scenario>) {
        let shared = Arc::new(Shared {
            done: AtomicU64::new(0),
            stage: AtomicU64::new(0),
            cancel: AtomicBool::new(false),
            ctx: ctx.clone(),
        });
        let (tx, rx) = mpsc::channel();
        let (trials, seed) = (scenario.simulation.trials, scenario.simulation.seed);
        let job_scenario = scenario;
        let job_shared = Arc::clone(&shared);
        let account_months = job_scenario.instances().saturating_mul(u128::from(job_scenario.months));
        let from = self.progressive_from.unwrap_or(PROGRESSIVE_FROM);
        let spawned = std::thread::Builder::new().name("monte carlo".into()).spawn(move || {
            let stages = stages(trials, account_months, from);
            let last = stages.len() - 1;
            for (i, stage) in stages.into_iter().enumerate() {
                job_shared.done.store(0, Ordering::Relaxed);
                job_shared.stage.store(stage, Ordering::Relaxed);
                let result = monte_carlo::run(&job_scenario, stage, seed, job_shared.as_ref()).map(|mut mc| {
                    // The cumulative bands and the peaks, here rather than on the UI thread.
                    mc.add_display_figures();
                    (mc, i == last)
                });
                let stop = result.is_err();
                let sent = tx.send(result).is_ok();
                job_shared.ctx.request_repaint();
                if stop || !sent {
                    return;
                }
            }
        });
        match spawned {
            Ok(_) => self.job = Some(Job { revision, trials, shared, rx, started: Instant::now() }),
            Err(e) => self.error = Some(format!("could not start the Monte Carlo run: {e}")),
        }
    }

    fn collect(&mut self) {
        while let Some(job) = &self.job {
            match job.rx.try_recv() {
                Ok(result) => self.finish(result),
                Err(mpsc::TryRecvError::Disconnected) => self.job = None,
                Err(mpsc::TryRecvError::Empty) => return,
            }
        }
    }

    /// Installs a stage's results (the job goes on unless it was the last), or the run's failure.
    fn finish(&mut self, result: Result<(MonteCarlo, bool), McError>) {
        let Some(job) = &self.job else { return };
        match result {
            Ok((mc, last)) => {
                self.result = Some((job.revision, mc));
                if last {
                    self.job = None;
                }
            }
            Err(McError::Invalid(problems)) => {
                self.error = Some(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "));
                self.job = None;
            }
            Err(McError::Cancelled) => self.job = None,
        }
    }

    /// Stops the run under way, if any (it finishes its current trials and is dropped).
    pub fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.shared.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Stops the run and starts none until the scenario changes.
    pub fn hold(&mut self) {
        self.cancel();
        self.waiting = None;
        self.held = true;
    }

    /// Starts the waiting run at once and blocks until it has finished (for tests and benchmarks).
    pub fn wait(&mut self, ctx: &egui::Context, current: Option<(u64, u64)>, snapshot: impl FnOnce() -> Arc<Scenario>) {
        self.update(ctx, current, snapshot);
        if let Some((revision, s, _)) = self.waiting.take()
            && !self.held
        {
            self.start(ctx, revision, s);
        }
        while let Some(result) = self.job.as_ref().and_then(|job| job.rx.recv_timeout(Duration::from_secs(300)).ok()) {
            self.finish(result);
        }
    }

    /// While a progressive run refines its figures: how many trials the figures shown come from.
    #[must_use]
    pub fn estimate(&self) -> Option<u64> {
        self.job.as_ref()?;
        self.current().map(|mc| mc.trials)
    }

    /// The results of the current scenario, or `None` when they are stale or missing.
    #[must_use]
    pub fn current(&self) -> Option<&MonteCarlo> {
        let (revision, mc) = self.result.as_ref()?;
        (self.seen == Some(*revision)).then_some(mc)
    }

    /// What the runner is doing.
    #[must_use]
    pub fn status(&self) -> Status {
        if let Some(job) = &self.job {
            // The stage under way (the whole run, unless it is progressive).
            let stage = job.shared.stage.load(Ordering::Relaxed);
            return Status::Running(
                job.shared.done.load(Ordering::Relaxed),
                if stage == 0 { job.trials } else { stage },
                job.started.elapsed().as_secs_f32(),
            );
        }
        if self.held {
            return Status::Cancelled;
        }
        if self.waiting.is_some() {
            return Status::Waiting;
        }
        if self.current().is_some() { Status::Done } else { Status::Off }
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
        let mut s = crate::model::examples::ALL
            .iter()
            .find(|e| e.file == "saas-portfolio.ron")
            .and_then(|e| e.scenario().ok())
            .unwrap();
        s.simulation.trials = 64;
        s.months = 12;
        assert_eq!(stages(64, s.instances() * 12, 100_000), [20, 64], "the test needs a staged run");
        let ctx = egui::Context::default();
        let mut runner = McRunner { progressive_from: Some(100_000), ..McRunner::default() };
        runner.wait(&ctx, Some((1, s.simulation.trials)), || Arc::new(s.clone()));
        let staged = runner.current().unwrap();
        let direct = monte_carlo::run(&s, 64, s.simulation.seed, &monte_carlo::Silent).unwrap();
        assert_eq!(staged.trials, 64);
        assert_eq!(staged.plans[0].total, direct.plans[0].total);
        assert_eq!(staged.plans[2].monthly, direct.plans[2].monthly);
        assert_eq!(runner.status(), Status::Done);
        assert_eq!(runner.estimate(), None);
    }
}

//! Runs the Monte Carlo simulation off the UI thread: started a moment after the last edit,
//! cancelled and restarted by the next one, with its progress shown while the deterministic
//! results stay live.

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
    scenario: Scenario,
    trials: u64,
    shared: Arc<Shared>,
    rx: mpsc::Receiver<Result<MonteCarlo, McError>>,
    started: Instant,
}

/// The state of the Monte Carlo run for the current scenario.
#[derive(Default)]
pub struct McRunner {
    job: Option<Job>,
    /// The scenario waiting for its run, and since when it has been unchanged.
    waiting: Option<(Scenario, Instant)>,
    /// The latest finished run and the scenario it is for.
    pub result: Option<(Scenario, MonteCarlo)>,
    /// Why the latest run for the current scenario failed.
    pub error: Option<String>,
    /// The scenario the runner last looked at.
    seen: Option<Scenario>,
    /// Set after a user's "Cancel": no run until the scenario changes.
    held: bool,
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

impl McRunner {
    /// Looks at the current scenario (when valid) once a frame: cancels a run made stale by an
    /// edit, starts one when the scenario has settled, and collects a finished run.
    pub fn update(&mut self, ctx: &egui::Context, scenario: Option<&Scenario>) {
        let changed = self.seen.as_ref() != scenario;
        if changed {
            self.seen = scenario.cloned();
            self.held = false;
            self.error = None;
            self.cancel();
            self.waiting = scenario.filter(|s| s.simulation.trials > 0).map(|s| (s.clone(), Instant::now()));
        }
        if let Some((s, since)) = &self.waiting
            && !self.held
        {
            let left = DEBOUNCE.saturating_sub(since.elapsed());
            if left.is_zero() {
                let s = s.clone();
                self.waiting = None;
                self.start(ctx, s);
            } else {
                ctx.request_repaint_after(left);
            }
        }
        self.collect();
    }

    fn start(&mut self, ctx: &egui::Context, scenario: Scenario) {
        let shared = Arc::new(Shared { done: AtomicU64::new(0), cancel: AtomicBool::new(false), ctx: ctx.clone() });
        let (tx, rx) = mpsc::channel();
        let (trials, seed) = (scenario.simulation.trials, scenario.simulation.seed);
        let job_scenario = scenario.clone();
        let job_shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new().name("monte carlo".into()).spawn(move || {
            let result = monte_carlo::run(&job_scenario, trials, seed, job_shared.as_ref()).map(|mut mc| {
                // The cumulative bands and the peaks, here rather than on the UI thread.
                mc.add_display_figures();
                mc
            });
            let _ = tx.send(result);
            job_shared.ctx.request_repaint();
        });
        match spawned {
            Ok(_) => self.job = Some(Job { scenario, trials, shared, rx, started: Instant::now() }),
            Err(e) => self.error = Some(format!("could not start the Monte Carlo run: {e}")),
        }
    }

    fn collect(&mut self) {
        let Some(job) = &self.job else { return };
        match job.rx.try_recv() {
            Ok(result) => self.finish(result),
            Err(mpsc::TryRecvError::Disconnected) => self.job = None,
            Err(mpsc::TryRecvError::Empty) => {}
        }
    }

    fn finish(&mut self, result: Result<MonteCarlo, McError>) {
        let Some(job) = self.job.take() else { return };
        match result {
            Ok(mc) => self.result = Some((job.scenario, mc)),
            Err(McError::Invalid(problems)) => {
                self.error = Some(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "));
            }
            Err(McError::Cancelled) => {}
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
    pub fn wait(&mut self, ctx: &egui::Context, scenario: Option<&Scenario>) {
        self.update(ctx, scenario);
        if let Some((s, _)) = self.waiting.take()
            && !self.held
        {
            self.start(ctx, s);
        }
        let result = self.job.as_ref().and_then(|job| job.rx.recv_timeout(Duration::from_secs(300)).ok());
        if let Some(result) = result {
            self.finish(result);
        }
    }

    /// The results of the current scenario, or `None` when they are stale or missing.
    #[must_use]
    pub fn current(&self) -> Option<&MonteCarlo> {
        let (s, mc) = self.result.as_ref()?;
        (self.seen.as_ref() == Some(s)).then_some(mc)
    }

    /// What the runner is doing.
    #[must_use]
    pub fn status(&self) -> Status {
        if let Some(job) = &self.job {
            return Status::Running(
                job.shared.done.load(Ordering::Relaxed),
                job.trials,
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

//! The Monte Carlo progress bar: on stderr, for runs that take over a second, and only when
//! stderr is a terminal.

use crate::engine::monte_carlo::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Runs shorter than this show no bar.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A progress bar that appears once a run has taken a second.
pub struct Bar {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
}

impl Bar {
    /// A hidden bar for `total` trials.
    pub fn new(total: u64) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} trials, {eta} left") {
            bar.set_style(style);
        }
        bar.set_message("Monte Carlo");
        Self { bar, started: Instant::now(), shown: AtomicBool::new(false) }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn advance(&self, done: u64, _total: u64) {
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() > SHOW_AFTER {
            self.shown.store(true, Ordering::Relaxed);
            // `stderr()` draws nothing when stderr is not a terminal.
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.set_position(done);
    }
}

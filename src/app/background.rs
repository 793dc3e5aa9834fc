//! Work off the UI thread, keyed by what it computes: a request waits until its key has been
//! the same for [`DEBOUNCE`], runs on its own thread with progress and a cancel flag, and its
//! result stays (with its key) until the next one arrives, so that a view can show the last
//! result marked stale while a newer one is computed.

use crate::engine::monte_carlo::Progress;
use eframe::egui;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a request's key must stay unchanged before its work starts.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// What a job reports and the flag that stops it.
pub struct Shared {
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
    ctx: egui::Context,
}

impl Progress for Shared {
    fn advance(&self, done: u64, total: u64) {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.ctx.request_repaint_after(Duration::from_millis(100));
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// A job: given the progress to report, computes its result.
pub type Work<T> = Box<dyn FnOnce(&Shared) -> T + Send>;

struct Running<K, T> {
    key: K,
    rx: mpsc::Receiver<T>,
    shared: Arc<Shared>,
    started: Instant,
}

/// What a [`Background`] is doing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status {
    /// Nothing asked, or the result is the latest request's.
    Idle,
    /// A request waits for its key to settle.
    Waiting,
    /// Running: done of total steps, seconds so far.
    Running(u64, u64, f32),
    /// Stopped by the user; nothing runs until the key changes.
    Cancelled,
}

/// Background work of one kind, keyed by `K`.
pub struct Background<K, T> {
    running: Option<Running<K, T>>,
    waiting: Option<(K, Instant, Work<T>)>,
    /// The key of the latest request.
    wanted: Option<K>,
    held: bool,
    /// The latest result and its key.
    pub last: Option<(K, T)>,
}

impl<K, T> Default for Background<K, T> {
    fn default() -> Self {
        Self { running: None, waiting: None, wanted: None, held: false, last: None }
    }
}

impl<K: PartialEq + Clone + Send + 'static, T: Send + 'static> Background<K, T> {
    /// Asks for the result of `key`; `work` computes it. Nothing happens when `key` is the one
    /// asked for last; otherwise a job under way is cancelled and `work` waits to settle.
    pub fn request(&mut self, key: K, work: impl FnOnce() -> Work<T>) {
        if self.wanted.as_ref() == Some(&key) {
            return;
        }
        self.wanted = Some(key.clone());
        self.held = false;
        self.stop();
        if self.last.as_ref().is_some_and(|(k, _)| *k == key) {
            self.waiting = None;
            return;
        }
        self.waiting = Some((key, Instant::now(), work()));
    }

    /// Starts settled work and collects finished work (call once a frame).
    pub fn update(&mut self, ctx: &egui::Context) {
        if let Some((_, since, _)) = &self.waiting {
            let left = DEBOUNCE.saturating_sub(since.elapsed());
            if left.is_zero() {
                self.start_waiting(ctx);
            } else {
                ctx.request_repaint_after(left);
            }
        }
        if let Some(running) = &self.running {
            match running.rx.try_recv() {
                Ok(result) => {
                    if let Some(running) = self.running.take() {
                        self.last = Some((running.key, result));
                    }
                }
                Err(mpsc::TryRecvError::Disconnected) => self.running = None,
                Err(mpsc::TryRecvError::Empty) => ctx.request_repaint_after(Duration::from_millis(100)),
            }
        }
    }

    fn start_waiting(&mut self, ctx: &egui::Context) {
        let Some((key, _, work)) = self.waiting.take() else { return };
        let shared = Arc::new(Shared {
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            cancel: AtomicBool::new(false),
            ctx: ctx.clone(),
        });
        let (tx, rx) = mpsc::channel();
        let job_shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new().name("analysis".into()).spawn(move || {
            let result = work(&job_shared);
            // The receiver is gone when a newer request replaced this one.
            let _ = tx.send(result);
            job_shared.ctx.request_repaint();
        });
        if spawned.is_ok() {
            self.running = Some(Running { key, rx, shared, started: Instant::now() });
        }
    }

    /// Starts the waiting work at once and blocks until it is done (tests and benchmarks).
    pub fn wait(&mut self, ctx: &egui::Context) {
        self.start_waiting(ctx);
        if let Some(running) = self.running.take()
            && let Ok(result) = running.rx.recv_timeout(Duration::from_secs(300))
        {
            self.last = Some((running.key, result));
        }
    }

    fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.shared.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Stops the work under way; none starts until a new key is asked for.
    pub fn cancel(&mut self) {
        self.stop();
        self.waiting = None;
        self.held = true;
    }

    /// The latest result, and whether it is the latest request's.
    #[must_use]
    pub fn result(&self) -> Option<(&T, bool)> {
        let (key, result) = self.last.as_ref()?;
        Some((result, self.wanted.as_ref() == Some(key)))
    }

    /// What the work is doing.
    #[must_use]
    pub fn status(&self) -> Status {
        if let Some(r) = &self.running {
            return Status::Running(
                r.shared.done.load(Ordering::Relaxed),
                r.shared.total.load(Ordering::Relaxed),
                r.started.elapsed().as_secs_f32(),
            );
        }
        if self.held {
            Status::Cancelled
        } else if self.waiting.is_some() {
            Status::Waiting
        } else {
            Status::Idle
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_key_runs_once_and_a_new_one_replaces_it() {
        let ctx = egui::Context::default();
        let mut b: Background<u32, u32> = Background::default();
        b.request(1, || Box::new(|_| 10));
        b.wait(&ctx);
        assert_eq!(b.result(), Some((&10, true)));
        b.request(1, || Box::new(|_| 99));
        assert_eq!(b.status(), Status::Idle, "asked again: nothing to run");
        b.wait(&ctx);
        assert_eq!(b.result(), Some((&10, true)));
        b.request(2, || Box::new(|_| 20));
        assert_eq!(b.result(), Some((&10, false)), "the last result stays, marked stale");
        assert_eq!(b.status(), Status::Waiting);
        b.wait(&ctx);
        assert_eq!(b.result(), Some((&20, true)));
    }

    #[test]
    fn cancelling_holds_until_the_key_changes() {
        let ctx = egui::Context::default();
        let mut b: Background<u32, u32> = Background::default();
        b.request(1, || Box::new(|_| 10));
        b.cancel();
        assert_eq!(b.status(), Status::Cancelled);
        b.request(1, || Box::new(|_| 10));
        assert_eq!(b.status(), Status::Cancelled);
        b.request(2, || Box::new(|_| 20));
        assert_eq!(b.status(), Status::Waiting);
        b.update(&ctx);
    }
}

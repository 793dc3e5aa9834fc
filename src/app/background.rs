//! The one runner of work off the UI thread: the simulation of a large scenario, the Monte Carlo
//! run and the analyses all go through a [`Background`], keyed by what they compute (the
//! scenario's revision and the settings that matter).
//!
//! A request waits until its key has been the same for the runner's debounce (none for the
//! simulation), then runs on a thread of its own with progress and a cancel flag. Its result
//! stays (with its key) until the next one arrives, so that a view can show the last result
//! marked stale while a newer one is computed. A job may publish first estimates before its
//! result (a progressive Monte Carlo run). At most one job runs per runner: a job cancelled by a
//! newer request is let finish before the next starts, so that work that cannot stop early (a
//! simulation) never piles up threads.

use crate::engine::monte_carlo::Progress;
use eframe::egui;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long an analysis's key must stay unchanged before its work starts.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// How often the UI looks again while a job runs or winds down.
const POLL: Duration = Duration::from_millis(100);

/// What a job reports and the flag that stops it.
struct Shared {
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
    ctx: Option<egui::Context>,
}

impl Shared {
    fn repaint_after(&self, after: Duration) {
        if let Some(ctx) = &self.ctx {
            ctx.request_repaint_after(after);
        }
    }
}

enum Message<T> {
    /// A first estimate: shown until the result arrives.
    Partial(T),
    /// The result.
    Final(T),
}

/// What a job is given: progress to report, a flag to stop at, and a way to publish first
/// estimates.
pub struct Job<T> {
    shared: Arc<Shared>,
    tx: mpsc::Sender<Message<T>>,
}

impl<T: Send> Progress for Job<T> {
    fn advance(&self, done: u64, total: u64) {
        self.shared.done.store(done, Ordering::Relaxed);
        self.shared.total.store(total, Ordering::Relaxed);
        self.shared.repaint_after(POLL);
    }

    fn cancelled(&self) -> bool {
        self.shared.cancel.load(Ordering::Relaxed)
    }
}

impl<T> Job<T> {
    /// Publishes a first estimate of the result, shown until a better one (or the result) comes.
    pub fn publish(&self, estimate: T) {
        // The receiver is gone when a newer request replaced this job.
        let _ = self.tx.send(Message::Partial(estimate));
        if let Some(ctx) = &self.shared.ctx {
            ctx.request_repaint();
        }
    }
}

/// Frees a result no longer wanted off the UI thread (a large scenario's results take
/// milliseconds to free).
pub fn dispose<T: Send + 'static>(garbage: T) {
    // (Were no thread to be had, the closure and the garbage are freed here.)
    let _ = std::thread::Builder::new().name("free".into()).spawn(move || drop(garbage));
}

/// A job: given its [`Job`] handle, computes its result.
pub type Work<T> = Box<dyn FnOnce(&Job<T>) -> T + Send>;

struct Running<K, T> {
    key: K,
    rx: mpsc::Receiver<Message<T>>,
    shared: Arc<Shared>,
    started: Instant,
}

/// What a [`Background`] is doing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status {
    /// Nothing asked, or the result is the latest request's.
    Idle,
    /// A request waits for its key to settle (or for a cancelled job to wind down).
    Waiting,
    /// Running: done of total steps (as the job last reported them), seconds so far.
    Running(u64, u64, f32),
    /// Stopped by the user; nothing runs until the key changes.
    Cancelled,
}

/// Background work of one kind, keyed by `K`.
pub struct Background<K, T> {
    /// The threads' name.
    name: &'static str,
    debounce: Duration,
    /// Where jobs ask for a repaint when they report (known from the first [`Background::update`]).
    ctx: Option<egui::Context>,
    running: Option<Running<K, T>>,
    /// A job replaced by a newer request, still winding down: the next starts when it ends.
    stopping: Option<mpsc::Receiver<Message<T>>>,
    waiting: Option<(K, Instant, Work<T>)>,
    /// The key of the latest request (`None`: nothing is wanted).
    wanted: Option<K>,
    held: bool,
    /// The latest result (or estimate) and its key.
    last: Option<(K, T)>,
    /// Whether `last` is an estimate of the running job's.
    estimate: bool,
}

impl<K, T> std::fmt::Debug for Background<K, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Background")
            .field("name", &self.name)
            .field("running", &self.running.is_some())
            .field("waiting", &self.waiting.is_some())
            .finish_non_exhaustive()
    }
}

impl<K, T> Default for Background<K, T> {
    fn default() -> Self {
        Self::new("analysis", DEBOUNCE)
    }
}

impl<K, T> Background<K, T> {
    /// A runner whose threads are called `name` and whose requests wait `debounce` to settle.
    #[must_use]
    pub fn new(name: &'static str, debounce: Duration) -> Self {
        Self {
            name,
            debounce,
            ctx: None,
            running: None,
            stopping: None,
            waiting: None,
            wanted: None,
            held: false,
            last: None,
            estimate: false,
        }
    }
}

impl<K: PartialEq + Clone + Send + 'static, T: Send + 'static> Background<K, T> {
    /// Asks for the result of `key`; `work` computes it. Nothing happens when `key` is the one
    /// asked for last; otherwise a job under way is cancelled and `work` waits to settle (a
    /// runner without debounce starts it at once, unless a cancelled job is still winding down).
    pub fn request(&mut self, key: K, work: impl FnOnce() -> Work<T>) {
        if self.wanted.as_ref() == Some(&key) {
            return;
        }
        self.wanted = Some(key.clone());
        self.held = false;
        self.stop();
        if self.last.as_ref().is_some_and(|(k, _)| *k == key) && !self.estimate {
            self.drop_waiting();
            return;
        }
        // (The work replaced holds a snapshot of the scenario, perhaps the last one.)
        if let Some(old) = self.waiting.replace((key, Instant::now(), work())) {
            dispose(old.2);
        }
        if self.debounce.is_zero() {
            self.start_settled();
        }
    }

    /// Whether `key` is the one asked for last (asking for it again changes nothing).
    #[must_use]
    pub fn wants(&self, key: &K) -> bool {
        self.wanted.as_ref() == Some(key)
    }

    /// Wants nothing: the job under way is cancelled and the last result is kept, stale.
    pub fn clear(&mut self) {
        if self.wanted.is_some() || self.waiting.is_some() || self.running.is_some() {
            self.wanted = None;
            self.drop_waiting();
            self.held = false;
            self.stop();
        }
    }

    /// Starts settled work and collects finished work (call once a frame).
    pub fn update(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        self.collect();
        if let Some((_, since, _)) = &self.waiting {
            let left = self.debounce.saturating_sub(since.elapsed());
            if left.is_zero() {
                self.start_settled();
            } else {
                ctx.request_repaint_after(left);
            }
        }
        if self.running.is_some() || self.stopping.is_some() {
            ctx.request_repaint_after(POLL);
        }
    }

    /// Takes what the running job sent and forgets a wound-down one.
    fn collect(&mut self) {
        if let Some(rx) = &self.stopping {
            loop {
                match rx.try_recv() {
                    Ok(message) => dispose(message),
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => {
                        self.stopping = None;
                        break;
                    }
                }
            }
        }
        while let Some(running) = &self.running {
            match running.rx.try_recv() {
                Ok(message) => self.receive(message),
                Err(mpsc::TryRecvError::Disconnected) => self.running = None,
                Err(mpsc::TryRecvError::Empty) => break,
            }
        }
    }

    fn receive(&mut self, message: Message<T>) {
        let Some(running) = &self.running else { return };
        match message {
            Message::Partial(estimate) => {
                if let Some(old) = self.last.replace((running.key.clone(), estimate)) {
                    dispose(old);
                }
                self.estimate = true;
            }
            Message::Final(result) => {
                if let Some(running) = self.running.take() {
                    if let Some(old) = self.last.replace((running.key, result)) {
                        dispose(old);
                    }
                    self.estimate = false;
                }
            }
        }
    }

    /// Starts the waiting work when no cancelled job is still winding down.
    fn start_settled(&mut self) {
        if self.stopping.is_some() || self.held {
            return;
        }
        let Some((key, _, work)) = self.waiting.take() else { return };
        let shared = Arc::new(Shared {
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
            cancel: AtomicBool::new(false),
            ctx: self.ctx.clone(),
        });
        let (tx, rx) = mpsc::channel();
        let job = Job { shared: Arc::clone(&shared), tx };
        let spawned = std::thread::Builder::new().name(self.name.into()).spawn(move || {
            let result = work(&job);
            let Job { shared, tx } = job;
            // A cancelled job's result is freed here, not on the UI thread; (the receiver may
            // also be gone when a newer request replaced this one.)
            if !shared.cancel.load(Ordering::Relaxed) {
                let _ = tx.send(Message::Final(result));
            }
            // Hung up before the repaint, so that the next frame sees the job ended.
            drop(tx);
            if let Some(ctx) = &shared.ctx {
                ctx.request_repaint();
            }
        });
        match spawned {
            Ok(_) => self.running = Some(Running { key, rx, shared, started: Instant::now() }),
            // No thread to be had: the request is dropped, as if cancelled.
            Err(_) => self.held = true,
        }
    }

    /// Waits for any cancelled job to wind down, starts the waiting work at once and blocks until
    /// its result is in (tests, benchmarks, and exports that need the current figures).
    pub fn wait(&mut self) {
        if let Some(rx) = self.stopping.take() {
            while rx.recv().is_ok() {}
        }
        self.start_settled();
        while let Some(running) = &self.running {
            match running.rx.recv() {
                Ok(message) => self.receive(message),
                Err(mpsc::RecvError) => self.running = None,
            }
        }
    }

    fn drop_waiting(&mut self) {
        if let Some((_, _, work)) = self.waiting.take() {
            dispose(work);
        }
    }

    fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            running.shared.cancel.store(true, Ordering::Relaxed);
            // (Only one job runs at a time: nothing else is winding down.)
            self.stopping = Some(running.rx);
        }
    }

    /// Stops the work under way; none starts until a new key is asked for.
    pub fn cancel(&mut self) {
        self.stop();
        self.drop_waiting();
        self.held = true;
    }

    /// The latest result (or estimate), and whether it is the latest request's.
    #[must_use]
    pub fn result(&self) -> Option<(&T, bool)> {
        let (key, result) = self.last.as_ref()?;
        Some((result, self.wanted.as_ref() == Some(key)))
    }

    /// The key of the latest result (or estimate).
    #[must_use]
    pub fn result_key(&self) -> Option<&K> {
        self.last.as_ref().map(|(key, _)| key)
    }

    /// Takes the latest request's result (not an estimate), leaving none.
    pub fn take_current(&mut self) -> Option<T> {
        let current = matches!(&self.last, Some((key, _)) if self.wanted.as_ref() == Some(key)) && !self.estimate;
        if current { self.last.take().map(|(_, result)| result) } else { None }
    }

    /// Whether the result shown is a first estimate of the job under way.
    #[must_use]
    pub fn is_estimate(&self) -> bool {
        self.estimate && self.running.is_some()
    }

    /// Whether a job runs, waits or winds down.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.running.is_some() || self.stopping.is_some() || self.waiting.is_some()
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
        let mut b: Background<u32, u32> = Background::default();
        b.request(1, || Box::new(|_| 10));
        b.wait();
        assert_eq!(b.result(), Some((&10, true)));
        b.request(1, || Box::new(|_| 99));
        assert_eq!(b.status(), Status::Idle, "asked again: nothing to run");
        b.wait();
        assert_eq!(b.result(), Some((&10, true)));
        b.request(2, || Box::new(|_| 20));
        assert_eq!(b.result(), Some((&10, false)), "the last result stays, marked stale");
        assert_eq!(b.status(), Status::Waiting);
        b.wait();
        assert_eq!(b.result(), Some((&20, true)));
        assert_eq!(b.take_current(), Some(20));
        assert_eq!(b.result(), None);
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
        assert_eq!(b.status(), Status::Waiting, "debounced");
    }

    #[test]
    fn estimates_show_until_the_result_and_are_not_taken_for_it() {
        let mut b: Background<u32, u32> = Background::new("test", Duration::ZERO);
        let (go, wait) = mpsc::channel::<()>();
        b.request(1, move || {
            Box::new(move |job| {
                job.publish(1);
                let _ = wait.recv();
                2
            })
        });
        assert!(matches!(b.status(), Status::Running(..)), "no debounce: started at once");
        let ctx = egui::Context::default();
        let deadline = Instant::now() + Duration::from_secs(10);
        while b.result().is_none() {
            assert!(Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(2));
            b.update(&ctx);
        }
        assert_eq!(b.result(), Some((&1, true)));
        assert!(b.is_estimate());
        assert_eq!(b.take_current(), None, "an estimate is not the result");
        go.send(()).unwrap();
        b.wait();
        assert!(!b.is_estimate());
        assert_eq!(b.result(), Some((&2, true)));
    }

    #[test]
    fn a_replaced_job_winds_down_before_the_next_starts() {
        let mut b: Background<u32, u32> = Background::new("test", Duration::ZERO);
        let (go, wait) = mpsc::channel::<()>();
        // A job that does not look at its cancel flag (a simulation).
        b.request(1, move || {
            Box::new(move |_| {
                let _ = wait.recv();
                1
            })
        });
        b.request(2, || Box::new(|_| 2));
        b.request(3, || Box::new(|_| 3));
        assert_eq!(b.status(), Status::Waiting, "the first job still runs: the third waits for it");
        assert!(b.is_busy());
        go.send(()).unwrap();
        b.wait();
        assert_eq!(b.result(), Some((&3, true)), "the first job's result is dropped, the second never ran");
        assert!(!b.is_busy());
        b.clear();
        assert_eq!(b.result(), Some((&3, false)), "wanting nothing leaves the last result, stale");
    }
}

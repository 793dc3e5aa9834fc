//! The app's background work, owned in one place: the Monte Carlo run, the Customers tab's
//! backtest, the Quote tab's quote and the Analysis tab's sweep, break-even and tornado. Views
//! read the results here and ask for work with [`Command::Run`](super::Command::Run) (and stop
//! it with [`Command::Cancel`](super::Command::Cancel)); each job is keyed by the document's
//! scenario revision and the settings that matter, and built from the document's snapshot when
//! the command is applied; the import dialog's preview likewise. (The document's own simulation
//! of a large scenario runs in [`Document`]; the changes window's totals of the version it
//! compares with, in that window.)

use super::background::{Background, DEBOUNCE};
use super::document::Document;
use super::import;
use super::mc_runner::McRunner;
use super::results::analyses::{solve, sweep, tornado};
use super::results::{customers, quote};
use eframe::egui;
use std::time::Duration;

/// Background work a view asks for, by its key (which holds the scenario revision it is of).
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// The Customers tab's backtest of this scenario revision.
    Backtest(u64),
    /// The Quote tab's quote.
    Quote(quote::Key),
    /// The Analysis tab's sweep.
    Sweep(sweep::Key),
    /// The Analysis tab's break-even.
    Solve(solve::Key),
    /// The Analysis tab's tornado.
    Tornado(tornado::Key),
    /// The import dialog's read of the files named (its preview).
    Import(import::Key),
}

/// Which background work to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// The Monte Carlo run (until the scenario changes).
    MonteCarlo,
    /// The sweep.
    Sweep,
    /// The break-even.
    Solve,
    /// The tornado.
    Tornado,
}

/// Every kind of background work the app runs, with its latest result.
pub struct Jobs {
    /// The Monte Carlo run of the current scenario.
    pub monte_carlo: McRunner,
    /// The Customers tab's backtest.
    pub backtest: Background<u64, customers::Outcome>,
    /// The Quote tab's quote.
    pub quote: Background<quote::Key, quote::Outcome>,
    /// The sweep.
    pub sweep: Background<sweep::Key, sweep::Outcome>,
    /// The break-even.
    pub solve: Background<solve::Key, solve::Outcome>,
    /// The tornado.
    pub tornado: Background<tornado::Key, tornado::Outcome>,
    /// The import dialog's preview.
    pub import: Background<import::Key, import::Outcome>,
}

impl Default for Jobs {
    fn default() -> Self {
        Self {
            monte_carlo: McRunner::default(),
            backtest: Background::new("backtest", Duration::ZERO),
            quote: Background::new("quote", Duration::from_millis(150)),
            sweep: Background::new("analysis", DEBOUNCE),
            solve: Background::new("analysis", DEBOUNCE),
            tornado: Background::new("analysis", DEBOUNCE),
            import: Background::new("import", Duration::ZERO),
        }
    }
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jobs").finish_non_exhaustive()
    }
}

impl Jobs {
    /// Whether `job` is the work last asked for of its kind (so asking again changes nothing).
    #[must_use]
    pub fn wants(&self, job: &Job) -> bool {
        match job {
            Job::Backtest(key) => self.backtest.wants(key),
            Job::Quote(key) => self.quote.wants(key),
            Job::Sweep(key) => self.sweep.wants(key),
            Job::Solve(key) => self.solve.wants(key),
            Job::Tornado(key) => self.tornado.wants(key),
            Job::Import(key) => self.import.wants(key),
        }
    }

    /// Asks for `job` on the document's current scenario; a job of an earlier revision (the
    /// document changed since the view asked) is dropped: the view asks again.
    pub fn start(&mut self, job: Job, doc: &Document) {
        let revision = doc.scenario_revision();
        match job {
            Job::Backtest(key) if key == revision => {
                self.backtest.request(key, || customers::work(doc.snapshot()));
            }
            Job::Quote(key) if key.0 == doc.id() && key.1 == revision => {
                let request = key.2.clone();
                self.quote.request(key, || quote::work(doc.snapshot(), request));
            }
            Job::Sweep(key) if key.revision == revision => {
                let work = sweep::work(&key, doc.snapshot());
                self.sweep.request(key, || work);
            }
            Job::Solve(key) if key.revision == revision => {
                let work = solve::work(&key, doc.snapshot());
                self.solve.request(key, || work);
            }
            Job::Tornado(key) if key.revision == revision => {
                let work = tornado::work(&key, doc.snapshot());
                self.tornado.request(key, || work);
            }
            Job::Import(key) if key.4 == revision => {
                let work = import::work(key.clone(), doc.snapshot());
                self.import.request(key, || work);
            }
            _ => {}
        }
    }

    /// Stops work of one kind until what it is keyed by changes.
    pub fn cancel(&mut self, kind: JobKind) {
        match kind {
            JobKind::MonteCarlo => self.monte_carlo.hold(),
            JobKind::Sweep => self.sweep.cancel(),
            JobKind::Solve => self.solve.cancel(),
            JobKind::Tornado => self.tornado.cancel(),
        }
    }

    /// Once a frame: the Monte Carlo run follows the document, settled work starts, and finished
    /// work is collected.
    pub fn update(&mut self, ctx: &egui::Context, doc: &Document) {
        self.monte_carlo.update(ctx, monte_carlo_key(doc), || doc.snapshot());
        self.backtest.update(ctx);
        self.quote.update(ctx);
        self.sweep.update(ctx);
        self.solve.update(ctx);
        self.tornado.update(ctx);
        self.import.update(ctx);
    }

    /// Asks for `job` and waits for its result (tests and benchmarks).
    pub fn wait(&mut self, ctx: &egui::Context, job: &Job, doc: &Document) {
        self.start(job.clone(), doc);
        self.update(ctx, doc);
        match job {
            Job::Backtest(_) => self.backtest.wait(),
            Job::Quote(_) => self.quote.wait(),
            Job::Sweep(_) => self.sweep.wait(),
            Job::Solve(_) => self.solve.wait(),
            Job::Tornado(_) => self.tornado.wait(),
            Job::Import(_) => self.import.wait(),
        }
    }

    /// Starts the Monte Carlo run of the current scenario at once (no debounce) and waits for it.
    pub fn wait_for_monte_carlo(&mut self, ctx: &egui::Context, doc: &Document) {
        self.monte_carlo.wait(ctx, monte_carlo_key(doc), || doc.snapshot());
    }
}

/// What the Monte Carlo run is keyed by: the scenario's revision and trials, when it is valid.
fn monte_carlo_key(doc: &Document) -> Option<(u64, u64)> {
    doc.is_current().then(|| (doc.scenario_revision(), doc.scenario().simulation.trials))
}

//! What tests and benchmarks drive the app with besides its commands: waiting for work the app
//! does off the UI thread, and changing the editors' draft as a widget would. The app itself
//! never waits.

use super::{PricelabApp, document};
use eframe::egui;

impl PricelabApp {
    /// Waits until the results shown are the current scenario's, when a large scenario is being
    /// simulated off the UI thread (for tests and benchmarks; the app itself never waits).
    pub fn finish_simulation(&mut self) {
        self.doc.finish();
    }

    /// Waits for the Customers tab's backtest of the current scenario (tests and benchmarks).
    pub fn wait_for_customers(&mut self, ctx: &egui::Context) {
        if let Some(job) = super::results::customers::job(&self.doc) {
            self.jobs.wait(ctx, &job, &self.doc);
        }
    }

    /// Makes the Quote tab's quote now and waits for it (tests).
    pub fn wait_for_quote(&mut self, ctx: &egui::Context) {
        if let Some(job) = self.results.quote.wanted(&self.doc) {
            self.jobs.wait(ctx, &job, &self.doc);
        }
    }

    /// Reads the files named in the import dialog now and waits (tests).
    pub fn wait_for_import(&mut self) {
        if let Some(job) = self.windows.import.job(self.doc.scenario_revision()) {
            self.jobs.start(job, &self.doc);
            self.jobs.import.wait();
        }
    }

    /// Waits for the totals of the version the changes window compares with (the saved version
    /// or another file), simulated off the UI thread (tests).
    pub fn wait_for_compared_totals(&mut self) {
        self.windows.changes.wait();
    }

    /// Starts the analysis shown at once (no debounce) and waits for it (tests and benchmarks).
    pub fn wait_for_analysis(&mut self, ctx: &egui::Context) {
        if let Some(job) = self.results.analysis.wanted(&self.doc, &self.jobs) {
            self.jobs.wait(ctx, &job, &self.doc);
        }
    }

    /// Changes the editors' draft as a widget would (for benchmarks and tests): the change is
    /// applied in the next frame.
    pub fn edit_draft(&mut self, edit: impl FnOnce(&mut document::EditState)) {
        if self.draft.revision != self.doc.revision() {
            self.draft.state = self.doc.state().clone();
            self.draft.revision = self.doc.revision();
        }
        edit(&mut self.draft.state);
        self.draft.input_last_frame = true;
    }

    /// Starts the Monte Carlo run of the current scenario at once (no debounce) and waits for it
    /// (for tests and benchmarks).
    pub fn wait_for_monte_carlo(&mut self, ctx: &egui::Context) {
        self.jobs.wait_for_monte_carlo(ctx, &self.doc);
    }
}

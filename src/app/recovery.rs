//! Crash recovery in the app: unsaved edits written to a recovery file a few seconds after they
//! stop, and recovery files left by an earlier run offered back at start.
//!
//! The files themselves (where, what, how they are read and written) are [`crate::io::recovery`];
//! this is when the app writes, deletes and offers them.

use super::document::Document;
use crate::io::recovery::{self, Claim, Recovery};
use crate::model::Scenario;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long edits must have stopped before they are written.
pub const DELAY: Duration = Duration::from_secs(2);

/// A recovery file left by an earlier run, as offered at start.
#[derive(Debug)]
pub struct Offer {
    /// The recovery file.
    pub path: PathBuf,
    /// What it holds, or why it cannot be read.
    pub recovery: Result<Recovery, String>,
    /// Its edits against their file as that is now (`None` for a scenario never saved).
    pub compared: Option<recovery::Compared>,
    /// The file's lock, held while it is offered: another window started meanwhile leaves it
    /// alone.
    claim: Claim,
}

/// An offer's edits: the scenario as edited and the file it belongs to, or why the recovery
/// file cannot be read.
pub type Edits = Result<(Scenario, Option<PathBuf>), String>;

/// The app's recovery file: when to write it and when to delete it.
#[derive(Debug)]
pub struct Autosave {
    /// This run's recovery file, claimed for as long as the app runs; `None` where the app has
    /// no data directory (or the claim failed: see `error`).
    own: Option<Claim>,
    /// The document revision last seen, and when it was first seen.
    seen: Option<(u64, Instant)>,
    /// The revision the file on disk holds, if any.
    written: Option<u64>,
    /// A write under way off the UI thread: its revision and its answer.
    job: Option<(u64, mpsc::Receiver<Result<(), String>>)>,
    /// Recovery files left by earlier runs, offered until restored, discarded or put off.
    pub offers: Vec<Offer>,
    /// The last write's failure, for the status bar.
    pub error: Option<String>,
    /// The edits were discarded on the way out ([`Autosave::discard_own`]): nothing more is
    /// written, whatever the frames left before the window closes see.
    discarded: bool,
}

impl Autosave {
    /// Recovery in the `recovery` folder of `data_dir` (none without one), with what earlier
    /// runs left there to offer.
    #[must_use]
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        let folder = data_dir.map(|d| recovery::folder(&d));
        let (own, error) = match folder.as_deref().map(recovery::start) {
            Some(Ok(claim)) => (Some(claim), None),
            Some(Err(e)) => (None, Some(format!("unsaved edits cannot be kept for recovery: {e}"))),
            None => (None, None),
        };
        // Claimed before looking: a window started at the same moment does not offer this run's.
        let offers = folder
            .as_deref()
            .map(recovery::left_behind)
            .unwrap_or_default()
            .into_iter()
            .map(|(claim, recovery)| {
                let compared = recovery.as_ref().ok().and_then(recovery::compare);
                Offer { path: claim.path().to_owned(), recovery, compared, claim }
            })
            .collect();
        Self { own, seen: None, written: None, job: None, offers, error, discarded: false }
    }

    /// The app's data directory as eframe keeps it (`$XDG_DATA_HOME/pricelab`, or
    /// `~/.local/share/pricelab`).
    #[must_use]
    pub fn data_dir() -> Option<PathBuf> {
        eframe::storage_dir("pricelab")
    }

    /// This run's recovery file, when recovery is possible here.
    #[must_use]
    pub fn file(&self) -> Option<&std::path::Path> {
        self.own.as_ref().map(Claim::path)
    }

    /// Whether the recovery file holds the document's current edits.
    #[must_use]
    pub fn is_current(&self, doc: &Document) -> bool {
        self.written == Some(doc.revision())
    }

    /// Called every frame: writes the document's unsaved edits once they have stopped for
    /// [`DELAY`] (off the UI thread), deletes the file once nothing is unsaved. Returns whether
    /// it has more to do later (the app should wake up then).
    pub fn tick(&mut self, doc: &Document, now: Instant) -> bool {
        if self.discarded {
            return false;
        }
        let Some(own) = self.file().map(std::path::Path::to_path_buf) else { return false };
        if let Some((revision, rx)) = &self.job {
            match rx.try_recv() {
                Ok(result) => {
                    let revision = *revision;
                    self.job = None;
                    match result {
                        Ok(()) => {
                            self.written = Some(revision);
                            self.error = None;
                        }
                        Err(e) => self.error = Some(e),
                    }
                }
                Err(mpsc::TryRecvError::Empty) => return true,
                Err(mpsc::TryRecvError::Disconnected) => self.job = None,
            }
        }
        if !doc.is_dirty() {
            self.seen = None;
            if self.written.take().is_some() {
                self.remove(&own);
            }
            return false;
        }
        let revision = doc.revision();
        let since = match self.seen {
            Some((seen, since)) if seen == revision => since,
            _ => {
                self.seen = Some((revision, now));
                now
            }
        };
        if self.written == Some(revision) {
            return false;
        }
        if now.duration_since(since) < DELAY {
            return true;
        }
        // Off the UI thread: a large scenario takes a while to write out.
        let recovery = Recovery::now(absolute(doc), doc.scenario().clone());
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new().name("recovery".into()).spawn(move || {
            let _ = tx.send(recovery::write(&own, &recovery).map_err(|e| e.to_string()));
        });
        match spawned {
            Ok(_) => self.job = Some((revision, rx)),
            Err(e) => self.error = Some(format!("cannot start writing the recovery file: {e}")),
        }
        true
    }

    /// Writes the document's unsaved edits now, on this thread (on a signal to quit, or before
    /// restoring someone else's recovery file). Nothing when it is not dirty or already written.
    pub fn write_now(&mut self, doc: &Document) {
        if self.discarded {
            return;
        }
        let Some(own) = self.file().map(std::path::Path::to_path_buf) else { return };
        if !doc.is_dirty() || self.is_current(doc) {
            return;
        }
        let recovery = Recovery::now(absolute(doc), doc.scenario().clone());
        match recovery::write(&own, &recovery) {
            Ok(()) => {
                self.written = Some(doc.revision());
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Deletes this run's recovery file for good as the app closes with nothing unsaved, or with
    /// its edits discarded: a write still under way is waited for first (it would put the file
    /// back), and nothing is written after (the document is still dirty for the frames left
    /// before the window closes, and a recovery file would offer the discarded edits at the next
    /// start).
    pub fn discard_own(&mut self) {
        self.discarded = true;
        if let Some((_, rx)) = self.job.take() {
            let _ = rx.recv_timeout(Duration::from_secs(30));
        }
        if let Some(own) = self.file().map(std::path::Path::to_path_buf) {
            self.remove(&own);
        }
        self.written = None;
    }

    fn remove(&mut self, path: &std::path::Path) {
        if let Err(e) = recovery::discard(path) {
            self.error = Some(format!("cannot delete the recovery file {}: {e}", path.display()));
        }
    }

    /// Takes the offer of `path` out of the list: its scenario and file (or why it cannot be
    /// read), and the claim on its recovery file, to [`Autosave::discard_claimed`] once the edits
    /// are safe elsewhere (dropped, it leaves the file for the next start).
    pub fn take_offer(&mut self, path: &std::path::Path) -> Option<(Edits, Claim)> {
        let i = self.offers.iter().position(|o| o.path == path)?;
        let offer = self.offers.remove(i);
        Some((offer.recovery.map(|r| (r.scenario, r.file)), offer.claim))
    }

    /// Deletes an earlier run's recovery file this run has claimed.
    pub fn discard_claimed(&mut self, claim: Claim) {
        let path = claim.path().to_owned();
        if let Err(e) = claim.discard() {
            self.error = Some(format!("cannot delete the recovery file {}: {e}", path.display()));
        }
    }

    /// Deletes an earlier run's recovery file and drops its offer.
    pub fn discard_offer(&mut self, path: &std::path::Path) {
        if let Some((_, claim)) = self.take_offer(path) {
            self.discard_claimed(claim);
        }
    }
}

/// The document's file as an absolute path: the next start may be in another folder.
fn absolute(doc: &Document) -> Option<PathBuf> {
    doc.path.as_deref().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(name: &str) -> Scenario {
        let mut s = crate::model::examples::DEFAULT.scenario().unwrap();
        s.name = name.into();
        s
    }

    #[test]
    fn edits_are_written_once_they_stop_and_deleted_once_saved() {
        let dir = tempfile::tempdir().unwrap();
        let mut autosave = Autosave::new(Some(dir.path().to_owned()));
        let own = autosave.file().unwrap().to_owned();
        let mut doc = Document::new(scenario("Original"), Some(dir.path().join("s.ron")));
        let t0 = Instant::now();
        assert!(!autosave.tick(&doc, t0), "nothing unsaved, nothing to do");
        let mut state = doc.state().clone();
        state.scenario.name = "Edited".into();
        doc.edit(state);
        assert!(autosave.tick(&doc, t0));
        assert!(autosave.tick(&doc, t0 + DELAY / 2), "still waiting for the edits to stop");
        assert!(!own.exists());
        autosave.tick(&doc, t0 + DELAY);
        let deadline = Instant::now() + Duration::from_secs(10);
        while !autosave.is_current(&doc) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
            autosave.tick(&doc, t0 + DELAY * 2);
        }
        let written = recovery::read(&own).unwrap();
        assert_eq!(written.scenario.name, "Edited");
        assert_eq!(written.file, Some(dir.path().join("s.ron")));
        // Saved: the recovery file goes.
        doc.mark_saved(dir.path().join("s.ron"), None);
        autosave.tick(&doc, t0 + DELAY * 3);
        assert!(!own.exists());
    }

    #[test]
    fn write_now_writes_at_once_and_clear_deletes() {
        let dir = tempfile::tempdir().unwrap();
        let mut autosave = Autosave::new(Some(dir.path().to_owned()));
        let mut doc = Document::new(scenario("Original"), None);
        autosave.write_now(&doc);
        assert!(!autosave.file().unwrap().exists(), "nothing unsaved");
        let mut state = doc.state().clone();
        state.scenario.months = 0; // invalid work in progress is kept too
        doc.edit(state);
        autosave.write_now(&doc);
        assert_eq!(recovery::read(autosave.file().unwrap()).unwrap().scenario.months, 0);
        autosave.discard_own();
        assert!(!autosave.file().unwrap().exists());
    }

    /// Edits discarded on the way out stay discarded: neither a write under way, nor the frames
    /// before the window closes (the document still dirty), nor a last write on a signal puts the
    /// file back.
    #[test]
    fn discarded_edits_are_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut autosave = Autosave::new(Some(dir.path().to_owned()));
        let own = autosave.file().unwrap().to_owned();
        let mut doc = Document::new(scenario("Original"), None);
        let mut state = doc.state().clone();
        state.scenario.name = "Edited".into();
        doc.edit(state);
        let t0 = Instant::now();
        autosave.tick(&doc, t0);
        autosave.tick(&doc, t0 + DELAY); // a write starts off the UI thread
        autosave.discard_own();
        assert!(!own.exists(), "the write under way was waited for, then the file deleted");
        for k in 2..6 {
            assert!(!autosave.tick(&doc, t0 + DELAY * k));
        }
        autosave.write_now(&doc);
        std::thread::sleep(Duration::from_millis(50));
        assert!(!own.exists(), "written again after the edits were discarded");
    }

    #[test]
    fn no_data_directory_no_recovery() {
        let mut autosave = Autosave::new(None);
        let mut doc = Document::new(scenario("Original"), None);
        let mut state = doc.state().clone();
        state.scenario.name = "Edited".into();
        doc.edit(state);
        assert!(!autosave.tick(&doc, Instant::now()));
        autosave.write_now(&doc);
        assert!(autosave.file().is_none() && autosave.error.is_none());
    }
}

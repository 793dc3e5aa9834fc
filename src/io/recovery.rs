//! Recovery files: the desktop app's unsaved edits, written beside its settings a few seconds
//! after they stop, so that a crash, a kill or a power cut loses at most those seconds.
//!
//! Each run of the app keeps one file, `unsaved-<process id>-<random>.ron`, in the `recovery`
//! folder of its data directory, named for the run rather than the process alone: in a sandbox
//! (flatpak, bubblewrap, a container) the app may get the same process id at every start. It
//! holds the scenario as edited (valid or not), the file it came from and when it was written.
//! The app deletes it when the edits are saved or discarded and when it closes normally; a file
//! still there at the next start is offered back.
//!
//! Beside each recovery file is its lock file (`.lock` for `.ron`), locked (`flock`) by the run
//! that owns the recovery file for as long as it runs, or by a later run while it offers the
//! file. A recovery file whose lock someone holds belongs to a live run (whatever its program is
//! called: a renamed binary, a link) and is neither offered nor deleted; once its run has ended,
//! however it ended, the system has let go of the lock and the file is an earlier run's. See
//! docs/recovery.md.

use super::output::{OutputError, write_atomic};
use crate::model::diff::Change;
use crate::model::{MAX_FILE_BYTES, Scenario, ron_options};
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// The version of the recovery file's layout.
const VERSION: u32 = 1;

/// Unsaved edits, as written to a recovery file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// The layout's version.
    pub recovery: u32,
    /// The process that wrote it.
    pub pid: u32,
    /// When it was written, in seconds since 1970-01-01 UTC.
    pub written: u64,
    /// The scenario's file, or `None` for a scenario never saved.
    pub file: Option<PathBuf>,
    /// The scenario as edited (it may have problems: work in progress is kept as it is).
    pub scenario: Scenario,
}

impl Recovery {
    /// Unsaved edits of this process, written now.
    #[must_use]
    pub fn now(file: Option<PathBuf>, scenario: Scenario) -> Self {
        let written = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Self { recovery: VERSION, pid: std::process::id(), written, file, scenario }
    }
}

/// The recovery folder inside the app's data directory.
#[must_use]
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("recovery")
}

/// A recovery file claimed by this run, with its lock held: the run's own (from its start to
/// its end), or an earlier run's, taken to be offered. Whoever holds the claim alone writes or
/// deletes the file. Dropping the claim lets go of the lock; the lock file goes with it when
/// the recovery file is gone.
#[derive(Debug)]
pub struct Claim {
    /// The recovery file (`.ron`), which need not exist yet.
    path: PathBuf,
    /// Its lock file (`.lock`).
    lock_path: PathBuf,
    /// The lock file, open and locked.
    _lock: File,
}

impl Claim {
    /// The recovery file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Deletes the recovery file (nothing when it is already gone), then its lock file, and
    /// lets go.
    ///
    /// # Errors
    /// When the recovery file exists and cannot be removed (it is then kept, for the next start).
    pub fn discard(self) -> std::io::Result<()> {
        discard(&self.path)
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        // Still locked here, so nobody else can be writing the recovery file: without one the
        // lock file has nothing left to guard. (Another run that opened it meanwhile finds it
        // unlinked once it gets the lock, and lets go.)
        if !self.path.exists() {
            let _ = std::fs::remove_file(&self.lock_path);
        }
    }
}

/// Claims a recovery file for a new run in `folder` (made if need be): a name no other run has,
/// its lock file made and locked.
///
/// # Errors
/// When the folder or the lock file cannot be made, or no lock can be taken there.
pub fn start(folder: &Path) -> std::io::Result<Claim> {
    std::fs::create_dir_all(folder)?;
    let mut last = std::io::Error::other("no name free for this run's recovery file");
    for attempt in 0..8_u32 {
        let path = folder.join(format!("unsaved-{}-{:016x}.ron", std::process::id(), random(attempt)));
        let lock_path = path.with_extension("lock");
        let file = match OpenOptions::new().write(true).create_new(true).open(&lock_path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        match lock(file, &lock_path) {
            Ok(Some(lock)) => return Ok(Claim { path, lock_path, _lock: lock }),
            // Cleared away as a stray by another run starting at the same moment: another name.
            Ok(None) => {}
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// A number no other run draws: the standard library's random hash keys (seeded by the system
/// for each process) over the time and `attempt`.
fn random(attempt: u32) -> u64 {
    use std::hash::{BuildHasher as _, Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()).hash(&mut hasher);
    attempt.hash(&mut hasher);
    hasher.finish()
}

/// Locks `file`, open at `lock_path`, without waiting: `None` when another holds the lock, or
/// when the file was unlinked or replaced before the lock was taken (the lock then guards
/// nothing).
fn lock(file: File, lock_path: &Path) -> std::io::Result<Option<File>> {
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let locked = file.metadata()?;
        let named = match std::fs::metadata(lock_path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        if (locked.dev(), locked.ino()) != (named.dev(), named.ino()) {
            return Ok(None);
        }
    }
    #[cfg(not(unix))]
    let _ = lock_path;
    Ok(Some(file))
}

/// Claims the recovery file at `path` when no live run holds it: `None` when its lock is held
/// (or cannot be taken).
fn claim(path: &Path) -> Option<Claim> {
    let lock_path = path.with_extension("lock");
    let file = OpenOptions::new().write(true).create(true).truncate(false).open(&lock_path).ok()?;
    let lock = lock(file, &lock_path).ok()??;
    Some(Claim { path: path.to_owned(), lock_path, _lock: lock })
}

/// Writes the recovery file (atomically, the folder made if need be) as RON text.
///
/// # Errors
/// When the folder cannot be made or the file cannot be written.
pub fn write(path: &Path, recovery: &Recovery) -> Result<(), OutputError> {
    let io_err = |source| OutputError::Io { path: path.to_owned(), source };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io_err)?;
    }
    let text = to_text(recovery).map_err(|e| io_err(std::io::Error::other(e)))?;
    write_atomic(path, text.as_bytes())
}

/// The recovery's RON text.
///
/// # Errors
/// Only if RON cannot express a value (it can express every scenario).
pub fn to_text(recovery: &Recovery) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new().indentor("    ").struct_names(false).compact_arrays(true);
    let mut text = ron_options().to_string_pretty(recovery, config)?;
    text.push('\n');
    Ok(text)
}

/// Reads a recovery file.
///
/// # Errors
/// A message when the file cannot be read or is not a recovery file.
pub fn read(path: &Path) -> Result<Recovery, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut text = String::new();
    let limit = u64::try_from(MAX_FILE_BYTES * 2).unwrap_or(u64::MAX);
    file.take(limit).read_to_string(&mut text).map_err(|e| e.to_string())?;
    let mut recovery: Recovery = ron_options().from_str(&text).map_err(|e| e.to_string())?;
    if recovery.recovery != VERSION {
        return Err(format!("recovery layout {} is not known to this version", recovery.recovery));
    }
    // The usage file the scenario names, read again where its file would find it (when it
    // cannot be, the scenario is restored with that problem shown, as edited).
    if let Some(history) = recovery.scenario.history.clone() {
        let usage = match &recovery.file {
            Some(file) => super::history::resolve(file, &history.file),
            None => PathBuf::from(&history.file),
        };
        if let Ok(recorded) = super::history::read(&usage, &history.file, &recovery.scenario)
            && let Some(h) = &mut recovery.scenario.history
        {
            h.recorded = Some(std::sync::Arc::new(recorded));
        }
    }
    Ok(recovery)
}

/// A recovery's edits against its file as that is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    /// What the edits change in the file (empty when the file cannot be read).
    pub changes: Vec<Change>,
    /// What to know first: the file is gone, cannot be read, or was saved after the edits were
    /// written (the changes are then against that newer version).
    pub warning: Option<String>,
}

/// Compares a recovery's scenario with its file on disk; `None` for a scenario never saved.
#[must_use]
pub fn compare(recovery: &Recovery) -> Option<Compared> {
    let file = recovery.file.as_deref()?;
    let modified = std::fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs());
    Some(match super::open_scenario(file) {
        Ok(opened) => Compared {
            changes: crate::model::diff::changes(&opened.scenario, &recovery.scenario),
            warning: modified.filter(|m| *m > recovery.written).map(|m| {
                format!(
                    "the file was saved again at {}, after these edits: the changes listed are against that newer version",
                    super::clock::utc_text(m)
                )
            }),
        },
        Err(e) => {
            let warning = if file.exists() {
                format!("the file cannot be read now ({e}); restoring brings the edits back as they were")
            } else {
                "the file is no longer there; restoring brings the edits back as they were".to_owned()
            };
            Compared { changes: Vec::new(), warning: Some(warning) }
        }
    })
}

/// The recovery files in `folder` left by runs that have ended, oldest first, each claimed for
/// this run (see [`Claim`]) with its contents (or why it cannot be read). Files whose lock
/// another run holds, this run's own among them, are left alone; lock files left without a
/// recovery file are cleared away.
#[must_use]
pub fn left_behind(folder: &Path) -> Vec<(Claim, Result<Recovery, String>)> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut found = Vec::new();
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(rest) = name.strip_prefix("unsaved-") else { continue };
        if rest.ends_with(".lock") {
            if !path.with_extension("ron").exists() {
                // Claimed, then dropped: the lock file goes with its recovery file.
                drop(claim(&path.with_extension("ron")));
            }
            continue;
        }
        if !rest.ends_with(".ron") {
            continue;
        }
        // Deleted by its run between the listing and the claim: nothing to offer.
        let Some(claimed) = claim(&path).filter(|c| c.path.exists()) else { continue };
        let recovery = read(&path);
        found.push((claimed, recovery));
    }
    found.sort_by_key(|(c, r)| (r.as_ref().map_or(0, |r| r.written), c.path.clone()));
    found
}

/// Deletes a recovery file (nothing when it is already gone).
///
/// # Errors
/// When it exists and cannot be removed.
pub fn discard(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_recoveries_read_back_and_only_ended_runs_are_offered() {
        let dir = tempfile::tempdir().unwrap();
        let folder = folder(dir.path());
        let mut scenario = crate::model::examples::DEFAULT.scenario().unwrap();
        scenario.name = "Edited, not saved".into();
        scenario.months = 0; // work in progress need not be valid
        let own = start(&folder).unwrap();
        let mine = Recovery::now(Some("/work/s.ron".into()), scenario.clone());
        write(own.path(), &mine).unwrap();
        assert_eq!(read(own.path()).unwrap(), mine);
        assert!(left_behind(&folder).is_empty(), "this run's own file is not offered");
        // Runs that have ended: one by a name of an earlier version (its process id alone), one
        // that cannot be read.
        let gone = folder.join("unsaved-4194305.ron");
        std::fs::copy(own.path(), &gone).unwrap();
        std::fs::write(folder.join("unsaved-4194306-00000000000000ff.ron"), "not a recovery").unwrap();
        std::fs::write(folder.join("notes.txt"), "other files are ignored").unwrap();
        let found = left_behind(&folder);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().any(|(c, r)| c.path() == gone && r.as_ref().is_ok_and(|r| r.scenario == scenario)));
        assert!(found.iter().any(|(_, r)| r.is_err()), "an unreadable file is still listed, to be discarded");
        // While claimed (offered by this run), they are not offered again.
        assert!(left_behind(&folder).is_empty());
        let (claimed, _) = found.into_iter().find(|(c, _)| c.path() == gone).unwrap();
        claimed.discard().unwrap();
        assert!(!gone.exists() && !gone.with_extension("lock").exists(), "the lock file goes with it");
        discard(&gone).unwrap();
        assert_eq!(left_behind(&folder).len(), 1);
        // The run ends with its file kept (a second signal to quit): the next run is offered it.
        let own_path = own.path().to_owned();
        drop(own);
        assert!(left_behind(&folder).iter().any(|(c, _)| c.path() == own_path));
    }

    #[test]
    fn runs_of_one_process_have_files_of_their_own_and_a_live_runs_lock_is_respected() {
        // One process, so one process id, as every start of the app in a sandbox can have.
        let dir = tempfile::tempdir().unwrap();
        let folder = folder(dir.path());
        let first = start(&folder).unwrap();
        let second = start(&folder).unwrap();
        assert_ne!(first.path(), second.path());
        write(first.path(), &Recovery::now(None, crate::model::examples::DEFAULT.scenario().unwrap())).unwrap();
        // The first run is alive (its lock held): not offered, and its lock file not cleared.
        assert!(left_behind(&folder).is_empty());
        assert!(first.path().with_extension("lock").exists());
        let first_path = first.path().to_owned();
        drop(first);
        let found = left_behind(&folder);
        assert_eq!(found.iter().map(|(c, _)| c.path()).collect::<Vec<_>>(), [first_path.as_path()]);
        // A run that ended with nothing to recover leaves no lock file behind.
        let second_lock = second.path().with_extension("lock");
        drop(second);
        assert!(!second_lock.exists());
        // Nor does a stray one (its run was killed before it wrote anything) outlive the next look.
        std::fs::write(folder.join("unsaved-1-0000000000000001.lock"), "").unwrap();
        let _ = left_behind(&folder);
        assert!(!folder.join("unsaved-1-0000000000000001.lock").exists());
    }

    #[test]
    fn a_recovery_is_compared_with_its_file_as_it_is_now() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.ron");
        let saved = crate::model::examples::DEFAULT.scenario().unwrap();
        std::fs::write(&file, crate::model::to_ron(&saved)).unwrap();
        let mut edited = saved;
        edited.accounts[0].conversations = 130_000.0;
        let mut recovery = Recovery::now(Some(file.clone()), edited);
        recovery.written += 60; // written after the file was saved
        let compared = compare(&recovery).unwrap();
        let changes: Vec<String> = compared.changes.iter().map(ToString::to_string).collect();
        assert_eq!(changes, ["account \"Support team\", conversations: was 250000, now 130000"]);
        assert_eq!(compared.warning, None);
        // The file saved again after the edits were written: said first.
        recovery.written -= 3600;
        let warning = compare(&recovery).unwrap().warning.unwrap();
        assert!(warning.contains("saved again at") && warning.contains("newer version"), "{warning}");
        // Gone, or never saved.
        std::fs::remove_file(&file).unwrap();
        let gone = compare(&recovery).unwrap();
        assert!(gone.changes.is_empty() && gone.warning.unwrap().contains("no longer there"));
        recovery.file = None;
        assert_eq!(compare(&recovery), None);
    }
}

//! Recovery files: the desktop app's unsaved edits, written beside its settings a few seconds
//! after they stop, so that a crash, a kill or a power cut loses at most those seconds.
//!
//! Each running app keeps one file, `unsaved-<process id>.ron`, in the `recovery` folder of its
//! data directory. It holds the scenario as edited (valid or not), the file it came from and
//! when it was written. The app deletes it when the edits are saved or discarded and when it
//! closes normally; a file still there at the next start is offered back. A file whose process
//! is still running belongs to another open window and is left alone.

use super::output::{OutputError, write_atomic};
use crate::model::diff::Change;
use crate::model::{MAX_FILE_BYTES, Scenario, ron_options};
use serde::{Deserialize, Serialize};
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

/// This process's recovery file in `folder`.
#[must_use]
pub fn own_file(folder: &Path) -> PathBuf {
    folder.join(format!("unsaved-{}.ron", std::process::id()))
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
                    utc_text(m)
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

/// The recovery files in `folder` left by processes that are no longer running, oldest first:
/// each with its path and its contents (or why it cannot be read).
#[must_use]
pub fn left_behind(folder: &Path) -> Vec<(PathBuf, Result<Recovery, String>)> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut found: Vec<(PathBuf, Result<Recovery, String>)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            name.strip_prefix("unsaved-")
                .and_then(|rest| rest.strip_suffix(".ron"))
                .and_then(|pid| pid.parse::<u32>().ok())
                .is_some_and(|pid| pid != std::process::id() && !is_running(pid))
        })
        .map(|p| {
            let r = read(&p);
            (p, r)
        })
        .collect();
    found.sort_by_key(|(p, r)| (r.as_ref().map_or(0, |r| r.written), p.clone()));
    found
}

/// Whether process `pid` is a pricelab still running (on Linux; elsewhere none is assumed to be).
/// A process killed but not yet reaped (a zombie) is not running.
fn is_running(pid: u32) -> bool {
    // `/proc/PID/stat` is "PID (NAME) STATE …"; the name may hold spaces and parentheses.
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
    let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else { return false };
    let name = stat.get(open + 1..close).unwrap_or("");
    let state = stat.get(close + 1..).and_then(|rest| rest.split_whitespace().next()).unwrap_or("");
    name.starts_with("pricelab") && !matches!(state, "Z" | "X" | "x")
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

/// A moment as `2026-12-01 14:05 UTC`.
///
/// # Example
/// ```
/// assert_eq!(pricelab::io::recovery::utc_text(1_764_597_900), "2025-12-01 14:05 UTC");
/// ```
#[must_use]
pub fn utc_text(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rest = secs % 86_400;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rest / 3600, rest % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_recoveries_read_back_and_only_dead_processes_are_offered() {
        let dir = tempfile::tempdir().unwrap();
        let folder = folder(dir.path());
        let mut scenario = crate::model::examples::DEFAULT.scenario().unwrap();
        scenario.name = "Edited, not saved".into();
        scenario.months = 0; // work in progress need not be valid
        let mine = Recovery::now(Some("/work/s.ron".into()), scenario.clone());
        write(&own_file(&folder), &mine).unwrap();
        assert_eq!(read(&own_file(&folder)).unwrap(), mine);
        assert!(left_behind(&folder).is_empty(), "this process's own file is not offered");
        // A process that is gone (pid numbers above the kernel's maximum are never used).
        let gone = folder.join("unsaved-4194305.ron");
        std::fs::copy(own_file(&folder), &gone).unwrap();
        std::fs::write(folder.join("unsaved-4194306.ron"), "not a recovery").unwrap();
        std::fs::write(folder.join("notes.txt"), "other files are ignored").unwrap();
        let found = left_behind(&folder);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().any(|(p, r)| p == &gone && r.as_ref().is_ok_and(|r| r.scenario == scenario)));
        assert!(found.iter().any(|(_, r)| r.is_err()), "an unreadable file is still listed, to be discarded");
        discard(&gone).unwrap();
        discard(&gone).unwrap();
        assert_eq!(left_behind(&folder).len(), 1);
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

    #[test]
    fn utc_text_counts_days_from_1970() {
        assert_eq!(utc_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_text(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_text(1_798_761_599), "2026-12-31 23:59 UTC");
    }
}

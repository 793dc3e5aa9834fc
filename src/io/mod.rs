//! Files: reading scenarios, saving them atomically, and exporting results.

pub mod axis;
pub mod chart;
pub mod clock;
pub mod export;
pub mod fonts;
pub mod history;
pub mod import;
mod json;
pub mod output;
pub mod palette;
pub mod quote;
pub mod recovery;
pub mod rows;

pub use output::{OutputError, write_atomic, write_atomic_with};

use crate::model::{self, MAX_FILE_BYTES, Problem, Scenario};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a scenario file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file was read but is not a valid scenario.
    #[error("{} is not a valid scenario ({} problems)", path.display(), problems.len())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem found, each with where it is.
        problems: Vec<Problem>,
    },
}

/// Reads and validates a scenario file. Files over 16 MiB are refused before they are read.
///
/// # Errors
/// [`LoadError::Read`] when the file cannot be read, [`LoadError::Invalid`] with every problem
/// when it is not a valid scenario.
pub fn read_scenario(path: &Path) -> Result<Scenario, LoadError> {
    let bytes = read_bytes(path)?;
    model::from_bytes_with(&bytes, |scenario| load_history(path, scenario))
        .map_err(|problems| LoadError::Invalid { path: path.to_owned(), problems })
}

/// A scenario file opened to be edited: possibly breaking some rules, to be fixed.
#[derive(Debug)]
pub struct Opened {
    /// The scenario as read.
    pub scenario: Scenario,
    /// The comment lines at the top of the file, kept when it is saved.
    pub header: Option<String>,
    /// How many comments below the header the file has: saving it drops them.
    pub comments: usize,
    /// The rules it breaks, each at its field (empty for a valid file).
    pub problems: Vec<Problem>,
    /// The bytes read, as a stamp: to notice when the file is saved again by something else.
    pub stamp: Stamp,
}

/// Reads a scenario file to be edited in the app: [`read_scenario`], except that a file that
/// reads but breaks rules of its fields opens with those problems (see
/// [`model::from_bytes_to_fix`]).
///
/// # Errors
/// As [`read_scenario`], for a file that cannot be read, does not parse, or whose usage file
/// cannot be read.
pub fn open_scenario(path: &Path) -> Result<Opened, LoadError> {
    let bytes = read_bytes(path)?;
    let (scenario, problems) = model::from_bytes_to_fix(&bytes, |scenario| load_history(path, scenario))
        .map_err(|problems| LoadError::Invalid { path: path.to_owned(), problems })?;
    let text = std::str::from_utf8(&bytes).ok();
    let header = text.and_then(model::header_comment);
    let comments = text.map_or(0, model::dropped_comments);
    Ok(Opened { scenario, header, comments, problems, stamp: Stamp::of(&bytes) })
}

/// What a file held when it was read or written: its length and a hash of its bytes. The app
/// keeps the stamp of the scenario file as it last read or saved it, and compares it with the
/// file's before saving over it: another program, or pricelab in another window, may have saved
/// the file meanwhile (see docs/recovery.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    hash: u64,
}

impl Stamp {
    /// The stamp of these bytes.
    #[must_use]
    pub fn of(bytes: &[u8]) -> Self {
        use std::hash::{Hash as _, Hasher as _};
        // The same keys every time: stamps are compared within a run, never kept.
        let mut hasher = std::hash::DefaultHasher::new();
        bytes.hash(&mut hasher);
        Self { len: u64::try_from(bytes.len()).unwrap_or(u64::MAX), hash: hasher.finish() }
    }

    /// The stamp of the file at `path` as it is now; `None` when there is no regular file there
    /// or it cannot be read.
    #[must_use]
    pub fn read(path: &Path) -> Option<Self> {
        read_bytes(path).ok().map(|bytes| Self::of(&bytes))
    }
}

/// The bytes of a scenario file, refusing what is not a regular file before opening it (opening
/// a FIFO blocks until something writes to it) and reading at most one byte past the limit.
fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let read_err = |source| LoadError::Read { path: path.to_owned(), source };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a device, a FIFO or a socket)" };
        return Err(read_err(std::io::Error::other(format!("it is {what}; scenarios are read from files"))));
    }
    let file = std::fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::new();
    // At most one byte past the limit, whatever the file claims to be.
    let limit = u64::try_from(MAX_FILE_BYTES).unwrap_or(u64::MAX) + 1;
    file.take(limit).read_to_end(&mut bytes).map_err(read_err)?;
    Ok(bytes)
}

/// Reads the usage file the scenario at `path` names, if any, into its `history`.
fn load_history(path: &Path, scenario: &mut Scenario) -> Vec<Problem> {
    let Some(file) = scenario.history.as_ref().map(|h| h.file.clone()) else { return Vec::new() };
    match history::read(&history::resolve(path, &file), &file, scenario) {
        Ok(recorded) => {
            if let Some(h) = &mut scenario.history {
                h.recorded = Some(std::sync::Arc::new(recorded));
            }
            Vec::new()
        }
        Err(problems) => problems,
    }
}

/// Saves a scenario as RON in canonical form (see [`model::to_ron`]) under `header` (the
/// comment lines the file had at its top; a standard one when `None`), atomically (see
/// [`output`]). Returns the stamp of the bytes written.
///
/// # Errors
/// When the scenario cannot be written or the file cannot be replaced.
pub fn save_scenario(path: &Path, scenario: &Scenario, header: Option<&str>) -> Result<Stamp, OutputError> {
    let text = model::to_ron_with_header(scenario, header.unwrap_or(model::DEFAULT_HEADER));
    write_atomic(path, text.as_bytes())?;
    Ok(Stamp::of(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_changes_with_the_bytes_and_matches_what_was_read_or_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.ron");
        let scenario = crate::model::examples::DEFAULT.scenario().unwrap();
        let written = save_scenario(&path, &scenario, None).unwrap();
        assert_eq!(Stamp::read(&path), Some(written));
        assert_eq!(open_scenario(&path).unwrap().stamp, written);
        // Saved again by something else: one byte more, or the same length with other bytes.
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text} ")).unwrap();
        assert_ne!(Stamp::read(&path), Some(written));
        let mut other = text.clone().into_bytes();
        let a = other.iter().position(|b| *b == b'a').unwrap();
        other[a] = b'b';
        std::fs::write(&path, &other).unwrap();
        assert_ne!(Stamp::read(&path), Some(written));
        // Touched, the same bytes: no change.
        std::fs::write(&path, &text).unwrap();
        assert_eq!(Stamp::read(&path), Some(written));
        assert_eq!(Stamp::read(&dir.path().join("gone.ron")), None);
    }

    #[test]
    fn missing_files_and_folders_are_read_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read_scenario(&dir.path().join("nope.ron")), Err(LoadError::Read { .. })));
        assert!(matches!(read_scenario(dir.path()), Err(LoadError::Read { .. })));
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo.ron");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo could not make a FIFO to test with");
            // Opening it would block forever: it is refused before.
            let err = read_scenario(&fifo).unwrap_err();
            assert!(err.to_string().contains("not a regular file"), "{err}");
        }
    }
}

//! Files: reading scenarios, saving them atomically, and exporting results.

pub mod export;

use crate::model::{self, MAX_FILE_BYTES, Problem, Scenario};
use std::io::{Read, Write};
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
    let read_err = |source| LoadError::Read { path: path.to_owned(), source };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let meta = file.metadata().map_err(read_err)?;
    if meta.is_dir() {
        return Err(read_err(std::io::Error::other("it is a folder, not a file")));
    }
    let mut bytes = Vec::new();
    // Read at most one byte past the limit, whatever the file claims to be (a pipe, a device).
    let limit = u64::try_from(MAX_FILE_BYTES).unwrap_or(u64::MAX) + 1;
    file.take(limit).read_to_end(&mut bytes).map_err(read_err)?;
    model::from_bytes(&bytes).map_err(|problems| LoadError::Invalid { path: path.to_owned(), problems })
}

/// Saves a scenario as RON, atomically.
///
/// # Errors
/// When the scenario cannot be written or the file cannot be replaced.
pub fn save_scenario(path: &Path, scenario: &Scenario) -> std::io::Result<()> {
    let text = model::to_ron(scenario).map_err(std::io::Error::other)?;
    write_atomic(path, text.as_bytes())
}

/// Writes a file atomically: the bytes go to a temporary file beside it, which then replaces it,
/// so a crash or a full disk never leaves a half-written file.
///
/// # Errors
/// When the temporary file cannot be created, written, synced or renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".pricelab-").suffix(".tmp").tempfile_in(dir)?;
    // A temporary file is private (0600); the saved file keeps the permissions of the one it
    // replaces, or gets the usual ones (0644 less the umask) when it is new.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
#[allow(clippy::unnecessary_wraps)] // `None` on other systems
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere a new file keeps the permissions the system gives it.
#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o644);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            write_atomic(&path, b"third").unwrap();
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600, "kept");
        }
    }

    #[test]
    fn missing_files_and_folders_are_read_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(read_scenario(&dir.path().join("nope.ron")), Err(LoadError::Read { .. })));
        assert!(matches!(read_scenario(dir.path()), Err(LoadError::Read { .. })));
    }
}

//! Writing an output file safely: atomically, through symbolic links, never over a device, a
//! pipe, a folder or the input it was made from.
//!
//! Every file pricelab writes — `simulate --output`, the app's Save and exports — goes through
//! [`write_atomic_with`]:
//! - a symbolic link is followed to the file it points to, which is replaced (the link stays);
//! - a target that exists and is not a regular file (a device node, a FIFO, a socket, a folder)
//!   is refused, as is a target that is one of the inputs (the same file under any name);
//! - the bytes go to an unnamed temporary file in the target's folder (Linux's `O_TMPFILE`;
//!   elsewhere a hidden named one), which is synced and then renamed over the target, and the
//!   folder is synced: a kill or a power cut leaves the old file or the new one, never part of
//!   one. (To be renamed, the unnamed file is first linked to a hidden name, `.NAME.XXXXXX`: a
//!   kill in that instant leaves a complete copy under it, which the next write of the same file
//!   removes, as it removes what any interrupted write of it left.)
//! - a new file gets the usual permissions less the umask; a replaced file keeps its own.

use super::export::ExportError;
use crate::model::Problem;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target exists and is not a regular file.
    #[error("{} is {what}, not a regular file; pricelab writes only to regular files", path.display())]
    NotAFile {
        /// The target (after following links).
        path: PathBuf,
        /// What it is: "a folder", "a device", "a FIFO (named pipe)", "a socket".
        what: &'static str,
    },
    /// The target is one of the files the output is made from.
    #[error("{} is an input file; write the output to another file", path.display())]
    IsInput {
        /// The target.
        path: PathBuf,
    },
    /// Reading the target's kind, or writing, syncing or renaming failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The target.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// What was being written could not be made: a plan too large to bill (the target is left
    /// as it was).
    #[error("cannot write {}: {problem}", path.display())]
    Problem {
        /// The target.
        path: PathBuf,
        /// The scenario's problem.
        problem: Problem,
    },
}

/// How many symbolic links are followed before giving up (as the kernel does).
const MAX_LINKS: usize = 40;

/// Follows `path` through symbolic links to the file a write would replace (which need not
/// exist yet: a dangling link names the file it would create).
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!("more than {MAX_LINKS} symbolic links to follow")))
}

/// What a file that is not a regular one is, for a message.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    "a special file"
}

/// Whether two metadata describe the same file.
#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_a: &fs::Metadata, _b: &fs::Metadata) -> bool {
    false
}

/// Checks that `path` may be written as an output made from `inputs`, and returns the file a
/// write replaces (links followed).
///
/// # Errors
/// [`OutputError::NotAFile`] for a device, FIFO, socket or folder, [`OutputError::IsInput`]
/// when the target is one of `inputs`, [`OutputError::Io`] when its kind cannot be read.
pub fn output_target(path: &Path, inputs: &[&Path]) -> Result<PathBuf, OutputError> {
    let io_err = |source| OutputError::Io { path: path.to_owned(), source };
    let target = resolve_links(path).map_err(io_err)?;
    match fs::metadata(&target) {
        Ok(meta) => {
            if !meta.is_file() {
                return Err(OutputError::NotAFile { path: target, what: kind_of(&meta) });
            }
            let is_input = inputs.iter().filter_map(|input| fs::metadata(input).ok()).any(|m| same_file(&m, &meta));
            if is_input {
                return Err(OutputError::IsInput { path: path.to_owned() });
            }
            Ok(target)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(target),
        Err(e) => Err(io_err(e)),
    }
}

/// Writes an output file atomically (see the module's description): `write` fills it through a
/// buffered writer, and the file replaces the target only once `write` has succeeded. A failed
/// `write` leaves the target as it was.
///
/// # Errors
/// As [`output_target`], [`OutputError::Io`] with the error of `write` or of the file system,
/// or [`OutputError::Problem`] with the problem `write` found.
pub fn write_atomic_with<E: Into<ExportError>>(
    path: &Path,
    inputs: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), OutputError> {
    let target = output_target(path, inputs)?;
    let io_err = |source| OutputError::Io { path: path.to_owned(), source };
    let file = atomic_write_file::AtomicWriteFile::options().open(&target).map_err(io_err)?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    write(&mut out).map_err(|e| match e.into() {
        ExportError::Io(source) => io_err(source),
        ExportError::Problem(problem) => OutputError::Problem { path: path.to_owned(), problem },
    })?;
    let file = out.into_inner().map_err(|e| io_err(e.into_error()))?;
    pause_before_commit();
    file.commit().map_err(io_err)?;
    remove_leftovers(&target);
    Ok(())
}

/// The kill tests' hook (tests/it/hostile.rs): with `PRICELAB_TEST_PAUSE_BEFORE_COMMIT_MS=N` in
/// the environment, each atomic write waits N milliseconds (at most a minute) with its content
/// complete and not yet in place, so that a test can kill the process at that moment every time
/// rather than by the luck of timing. Without it, nothing waits.
fn pause_before_commit() {
    let pause = std::env::var("PRICELAB_TEST_PAUSE_BEFORE_COMMIT_MS").ok().and_then(|v| v.parse::<u64>().ok());
    if let Some(ms) = pause {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(60_000)));
    }
}

/// Removes what interrupted writes of `target` left beside it: the hidden files `.NAME.XXXXXX`
/// (six letters or digits) the atomic writer uses on its way to the target. Failures are
/// ignored: this is tidying, and the target is already written.
fn remove_leftovers(target: &Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name().and_then(|n| n.to_str())) else { return };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let leftover = entry.file_name().to_str().is_some_and(|n| is_leftover_of(n, name));
        if leftover && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether `file` is the name of an atomic write's temporary file for `name`.
fn is_leftover_of(file: &str, name: &str) -> bool {
    file.strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(name))
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|suffix| suffix.len() == 6 && suffix.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// [`write_atomic_with`] for bytes already in memory, from no input.
///
/// # Errors
/// As [`write_atomic_with`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomic_with(path, &[], |w| w.write_all(bytes))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).map_or(0, |m| m.permissions().mode() & 0o777)
    }

    #[test]
    fn replaces_and_leaves_no_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"third").unwrap();
        assert_eq!(mode(&path), 0o640, "an existing file keeps its mode");
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, b"old").unwrap();
        let err = write_atomic_with(&path, &[], |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Found while killing `import` (issue 23): a kill between the link of the written file to
    /// its hidden name and its rename left that hidden copy behind.
    #[test]
    fn the_next_write_removes_what_an_interrupted_one_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.ron");
        write_atomic(&path, b"old").unwrap();
        for left in [".out.ron.a1B2c3", ".out.ron.ZZZZZZ"] {
            fs::write(dir.path().join(left), "new").unwrap();
        }
        // Other files, even alike, stay.
        let others = [".out.ron.abc", ".out.ron.abcdefg", ".out.ron.ab-cde", "out.ron.a1B2c3", ".other.ron.a1B2c3"];
        for other in others {
            fs::write(dir.path().join(other), "mine").unwrap();
        }
        write_atomic(&path, b"new").unwrap();
        let mut names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort_unstable();
        let mut expected: Vec<&str> = others.into_iter().chain(["out.ron"]).collect();
        expected.sort_unstable();
        assert_eq!(names, expected);
    }

    #[test]
    fn writes_through_a_symbolic_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        let link = dir.path().join("link.csv");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
        assert_eq!(fs::read(&real).unwrap(), b"new");
        // A dangling link creates the file it names.
        let dangling = dir.path().join("dangling.csv");
        std::os::unix::fs::symlink("created.csv", &dangling).unwrap();
        write_atomic(&dangling, b"made").unwrap();
        assert_eq!(fs::read(dir.path().join("created.csv")).unwrap(), b"made");
    }

    #[test]
    fn refuses_folders_fifos_and_devices() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(dir.path(), b"x").unwrap_err();
        assert!(matches!(err, OutputError::NotAFile { what: "a folder", .. }), "{err}");
        let err = write_atomic(Path::new("/dev/null"), b"x").unwrap_err();
        assert!(matches!(err, OutputError::NotAFile { what: "a device", .. }), "{err}");
        let fifo = dir.path().join("fifo");
        // (`mkfifo` is in coreutils: without it this test cannot do its job, so it fails.)
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo could not make a FIFO to test with");
        let err = write_atomic(&fifo, b"x").unwrap_err();
        assert!(matches!(err, OutputError::NotAFile { what: "a FIFO (named pipe)", .. }), "{err}");
        use std::os::unix::fs::FileTypeExt as _;
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is left alone");
    }

    #[test]
    fn refuses_the_input_under_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("s.ron");
        fs::write(&input, "scenario").unwrap();
        let link = dir.path().join("alias.ron");
        std::os::unix::fs::symlink(&input, &link).unwrap();
        let hard = dir.path().join("hard.ron");
        fs::hard_link(&input, &hard).unwrap();
        for target in [&input, &link, &hard] {
            let err = write_atomic_with(target, &[&input], |w| w.write_all(b"table")).unwrap_err();
            assert!(matches!(err, OutputError::IsInput { .. }), "{err}");
        }
        assert_eq!(fs::read(&input).unwrap(), b"scenario");
    }
}

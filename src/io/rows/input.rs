//! Files opened for [`super::read`] within bounds of size and time (docs/import.md, "Limits of
//! the files"): a file is read up to the size it had when opened, on a thread of its own, and a
//! read that brings nothing for [`READ_BOUND`] stops the reading instead of hanging pricelab.

use super::{READ_BOUND, Stopped};
use std::io::Read as _;
use std::time::Duration;

/// Opens `path` for reading as [`Input`]: refusing what is not a regular file (a FIFO would
/// block) or is larger than `max_bytes`, reading no more than the size the file has now (a file
/// of /proc or /sys, which says it has 0 bytes, reads as empty rather than streaming without
/// end), and giving up a read that brings nothing for [`READ_BOUND`].
///
/// # Errors
/// Why it cannot be read, for a person.
pub fn open(path: &std::path::Path, max_bytes: u64) -> Result<Input, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a device, a FIFO or a socket)" };
        return Err(format!("it is {what}"));
    }
    if meta.len() > max_bytes {
        return Err(format!("it is {}; the most is {}", size(meta.len()), size(max_bytes)));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    Input::spawn(file.take(meta.len()), READ_BOUND).map_err(|e| format!("cannot start reading it: {e}"))
}

/// A size for people: "1 GiB", "4.0 GiB", "512 MiB", "300 bytes".
fn size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    #[allow(clippy::cast_precision_loss)] // a size shown to one decimal
    let scaled = |unit: u64| bytes as f64 / unit as f64;
    if bytes >= GIB {
        if bytes.is_multiple_of(GIB) { format!("{} GiB", bytes / GIB) } else { format!("{:.1} GiB", scaled(GIB)) }
    } else if bytes >= MIB {
        if bytes.is_multiple_of(MIB) { format!("{} MiB", bytes / MIB) } else { format!("{:.1} MiB", scaled(MIB)) }
    } else {
        format!("{bytes} bytes")
    }
}

/// A file read on a thread of its own and handed over in chunks, so that a read that never
/// returns (a network drive that stopped answering, a file of the system waiting for data)
/// stops the reading after [`READ_BOUND`] with [`Stopped::Stalled`] instead of hanging pricelab.
/// The thread is then left to its read; what it brings afterwards goes nowhere, and it ends.
pub struct Input {
    chunks: std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    at: usize,
    bound: Duration,
    ended: bool,
}

/// Bytes read at a time, and chunks read ahead: memory stays under a few hundred KiB.
const CHUNK_BYTES: usize = 64 * 1024;
const CHUNKS_AHEAD: usize = 4;

impl Input {
    /// Reads `source` on a new thread; a wait for a chunk longer than `bound` is given up.
    ///
    /// # Errors
    /// When the thread cannot be started.
    pub fn spawn(mut source: impl std::io::Read + Send + 'static, bound: Duration) -> std::io::Result<Self> {
        let (send, chunks) = std::sync::mpsc::sync_channel(CHUNKS_AHEAD);
        std::thread::Builder::new().name("pricelab-read".into()).spawn(move || {
            loop {
                let mut buf = vec![0; CHUNK_BYTES];
                let chunk = match source.read(&mut buf) {
                    Ok(n) => {
                        buf.truncate(n);
                        Ok(buf)
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => Err(e),
                };
                // The end (an empty chunk) and errors are the last thing sent; a send fails
                // when the reading was given up.
                let last = chunk.as_ref().map_or(true, Vec::is_empty);
                if send.send(chunk).is_err() || last {
                    break;
                }
            }
        })?;
        Ok(Self { chunks, chunk: Vec::new(), at: 0, bound, ended: false })
    }
}

impl std::io::Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::sync::mpsc::RecvTimeoutError;
        while self.at >= self.chunk.len() {
            if self.ended {
                return Ok(0);
            }
            match self.chunks.recv_timeout(self.bound) {
                Ok(Ok(chunk)) => {
                    self.ended = chunk.is_empty();
                    self.chunk = chunk;
                    self.at = 0;
                }
                Ok(Err(e)) => {
                    self.ended = true;
                    return Err(e);
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(std::io::Error::new(std::io::ErrorKind::TimedOut, Stopped::Stalled(self.bound)));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.ended = true;
                    return Err(std::io::Error::other(Stopped::Lost));
                }
            }
        }
        let rest = self.chunk.get(self.at..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Found by the hostile-input review (issue 23): once /proc/kmsg was drained, reading it as a
    /// usage file blocked forever. A read that brings nothing within the bound stops the reading.
    #[test]
    fn a_read_that_brings_nothing_is_given_up() {
        let (reader, writer) = std::io::pipe().unwrap();
        let started = std::time::Instant::now();
        let mut input = Input::spawn(reader, Duration::from_millis(200)).unwrap();
        let mut buf = [0; 16];
        let err = input.read(&mut buf).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::TimedOut);
        assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
        // Through the CSV reader: a problem at the line being read.
        let mut input = Input::spawn(
            std::io::Cursor::new(b"account,month,seats\nA,2024-01,1\n".to_vec()).chain(
                std::io::pipe()
                    .map(|(r, w)| {
                        std::mem::forget(w);
                        r
                    })
                    .unwrap(),
            ),
            Duration::from_millis(200),
        )
        .unwrap();
        let mut problems = super::super::Problems::new("f.csv");
        let rows = super::super::read(&mut input, &["account", "month", "seats"], &mut problems, |_, _| {});
        assert_eq!(rows, Some(1));
        let problems: Vec<String> = problems.finish().iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "f.csv:3: nothing could be read from the file for 0.2 s (a network drive that stopped answering, or a file of the system that waits for data); reading stopped here"
            ]
        );
        drop(writer);
    }

    #[test]
    fn a_file_is_read_to_the_size_it_had_and_no_larger_than_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("u.csv");
        std::fs::write(&path, "account\nA\n").unwrap();
        let mut text = String::new();
        open(&path, 10).unwrap().read_to_string(&mut text).unwrap();
        assert_eq!(text, "account\nA\n");
        assert_eq!(open(&path, 9).err().unwrap(), "it is 10 bytes; the most is 9 bytes");
        let big = dir.path().join("big.csv");
        std::fs::File::create(&big).unwrap().set_len(4 << 30).unwrap();
        assert_eq!(open(&big, 1 << 30).err().unwrap(), "it is 4 GiB; the most is 1 GiB");
        // A file of the system says it has 0 bytes and streams: it reads as empty.
        let status = std::path::Path::new("/proc/self/status");
        if status.is_file() {
            let mut text = String::new();
            open(status, 1 << 30).unwrap().read_to_string(&mut text).unwrap();
            assert_eq!(text, "");
        }
    }
}

//! Everything the command line writes: outputs to a file (atomically) or standard output,
//! problems located in their file, messages on standard error — every value from a file or the
//! command line escaped on the way.

use super::{EXIT_INVALID, Format, io};
use crate::io::export::ExportError;
use crate::model::{Location, Problem};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Where and how a command writes its result (`--format`, `--output`): `simulate`, the
/// analyses and `backtest`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Output<'a> {
    /// The format.
    pub(super) format: Format,
    /// A file to write (atomically) instead of standard output.
    pub(super) path: Option<&'a Path>,
}

/// [`report`] for the scenario the file holds: its fields by the names the file gives them
/// ([`Problem::named`]).
pub(super) fn report_named(path: &Path, scenario: &crate::model::Scenario, problems: &[Problem]) {
    let named: Vec<Problem> = problems.iter().map(|p| p.clone().named(scenario)).collect();
    report(path, &named);
}

/// Reports every problem of the file at `path` on standard error, each at its place
/// (`file:line:column: message`, or `file: field: message`), then how many there are.
pub(super) fn report(path: &Path, problems: &[Problem]) {
    let file = path.display().to_string();
    let file = escape_controls(&file);
    let mut text = String::new();
    for p in problems {
        // `file:line:column: message` is what editors and terminals recognise as a place. Every
        // value in it is escaped: a line break in a field cannot forge a line of its own.
        if let Location::Row { file: csv, line } = &p.location {
            // A line of the usage file: that file's place, as the shell would find it.
            let csv = io::history::resolve(path, csv).display().to_string();
            text.push_str(&format!("{}:{line}: {}\n", escape_controls(&csv), escape_controls(&bounded(&p.message))));
            continue;
        }
        let sep = if matches!(p.location, Location::Text { .. }) { ":" } else { ": " };
        text.push_str(&format!("{file}{sep}{}\n", escape_controls(&bounded(&p.to_string()))));
    }
    let n = problems.len();
    text.push_str(&format!("{file}: {n} problem{} found", if n == 1 { "" } else { "s" }));
    // A problem at a line and column is one the reader cannot read past: the rest of the file
    // was not checked.
    if problems.iter().any(|p| matches!(p.location, Location::Text { .. })) {
        text.push_str(" (reading stops at the first syntax error: fix it, then check again for more)");
    }
    text.push('\n');
    eprint_safe(&text);
}

/// The longest message a problem prints: values quoted in messages are cut already
/// (`model::quoted`); this bounds whatever else a message holds.
const MESSAGE: usize = 1000;

/// `message` cut at [`MESSAGE`] characters, saying how much more there was.
fn bounded(message: &str) -> std::borrow::Cow<'_, str> {
    if message.chars().nth(MESSAGE).is_none() {
        return std::borrow::Cow::Borrowed(message);
    }
    let more = message.chars().count() - MESSAGE;
    let cut: String = message.chars().take(MESSAGE).collect();
    std::borrow::Cow::Owned(format!("{cut}… ({more} more characters)"))
}

/// Writes an output of the file at `input` to `to` (atomically) or to standard output (`to` of
/// `None`, `-` or `/dev/stdout`). A plan too
/// large to bill, found while writing, is reported as a problem of the file (an output file is
/// then left as it was; standard output has what came before).
pub(super) fn emit<E: Into<ExportError>>(
    input: &Path,
    to: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> ExitCode {
    emit_from(&[input], to, write)
}

/// [`emit`] of an output read from several files (none of which it may replace); problems are
/// reported against the first.
pub(super) fn emit_from<E: Into<ExportError>>(
    inputs: &[&Path],
    to: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> ExitCode {
    let input = inputs.first().copied().unwrap_or(Path::new(""));
    // `-` and /dev/stdout (a link to whatever standard output is) mean standard output.
    let to = to.filter(|p| !(*p == Path::new("-") || *p == Path::new("/dev/stdout")));
    let problem = match to {
        Some(out) => match io::write_atomic_with(out, inputs, write) {
            Ok(()) => return ExitCode::SUCCESS,
            Err(io::OutputError::Problem { problem, .. }) => problem,
            Err(e) => return not_written(&e),
        },
        None => match write_stdout(write) {
            Ok(()) => return ExitCode::SUCCESS,
            Err(ExportError::Problem(problem)) => problem,
            Err(ExportError::Io(e)) => return not_written(&e),
        },
    };
    report(input, std::slice::from_ref(&problem));
    ExitCode::from(EXIT_INVALID)
}

/// An output that could not be written, said on standard error (exit status 1).
fn not_written(e: &dyn std::fmt::Display) -> ExitCode {
    eprintln_safe(&format!("pricelab: {e}"));
    ExitCode::from(EXIT_INVALID)
}

/// Writes to standard output through a buffer. A closed pipe (`pricelab simulate f | head`) is
/// not an error.
///
/// # Errors
/// Any other failure (a full disk), or what `write` reports.
pub(super) fn write_stdout<E: Into<ExportError>>(
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), ExportError> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut out).map_err(Into::into).and_then(|()| Ok(out.flush()?)) {
        Err(ExportError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(ExportError::Io(e)) => Err(std::io::Error::other(format!("cannot write the output: {e}")).into()),
        other => other,
    }
}

/// [`write_stdout`] for a text: a failure is reported and makes the exit status 1.
pub(super) fn print_safe(text: &str) -> ExitCode {
    match write_stdout(|out| out.write_all(text.as_bytes())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => not_written(&e),
    }
}

/// Writes text already made safe (its values escaped) to standard error.
pub(super) fn eprint_safe(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes one line to standard error, every control character in it escaped, at most
/// [`MESSAGE`] characters of it.
pub(super) fn eprintln_safe(text: &str) {
    eprint_safe(&format!("{}\n", escape_controls(&bounded(text))));
}

/// `text` with every character that could act on a terminal written as an escape: control
/// characters (a line break as `\n`, the escape character as `\u{1b}`) and the invisible
/// direction overrides that reorder what is shown. Values echoed in messages come from files and
/// command lines, and must not forge a line or colour a terminal.
///
/// # Example
/// ```
/// # use pricelab::cli::escape_controls;
/// assert_eq!(escape_controls("a\nfake.ron:1:1: injected"), "a\\nfake.ron:1:1: injected");
/// assert_eq!(escape_controls("\u{1b}]0;title\u{7}"), "\\u{1b}]0;title\\u{7}");
/// assert_eq!(escape_controls("Café €"), "Café €");
/// assert_eq!(escape_controls("a\u{2028}fake.ron:1:1: x"), "a\\u{2028}fake.ron:1:1: x");
/// ```
#[must_use]
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = crate::model::hidden_or_breaking;
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

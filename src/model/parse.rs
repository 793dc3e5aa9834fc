//! Reading a scenario from RON text and writing it back.

use super::{FORMAT, Location, Problem, Scenario, literals, validate};
use serde::Deserialize;

/// Files larger than this are refused before they are parsed (16 MiB).
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// How deeply brackets may nest before a file is refused (a real scenario nests about 8 deep).
const RECURSION_LIMIT: usize = 64;

/// RON as pricelab reads and writes it: nesting bounded, so no file can overflow the stack.
#[must_use]
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(RECURSION_LIMIT)
}

/// Only the `format` field, read when the file fails to parse so that a file of another format gets a clear message
/// rather than complaints about fields it was right to have.
/// A missing `format` reads as [`FORMAT`] here; the full parse then reports it missing.
#[derive(Deserialize)]
struct FormatProbe {
    #[serde(default = "current_format")]
    format: i64,
}

fn current_format() -> i64 {
    i64::from(FORMAT)
}

/// Reads and validates a scenario from the bytes of a file.
///
/// # Errors
/// Every problem found, each with where it is: the file's size or encoding, a line:column for a
/// syntax error, or a field path for a broken rule, naming what it goes through
/// ([`Problem::named`]: `plans["Seats"].charges["Seat"].price`).
///
/// # Example
/// ```
/// let err = pricelab::model::from_bytes(b"(format: 1, name: ").unwrap_err();
/// assert!(err[0].to_string().starts_with("1:18:"), "{}", err[0]);
/// ```
pub fn from_bytes(bytes: &[u8]) -> Result<Scenario, Vec<Problem>> {
    from_bytes_with(bytes, |_| Vec::new())
}

/// [`from_bytes`], with `load` reading what the scenario names beside it (its usage file) once
/// it has parsed, before it is validated; `load` returns the problems it met.
///
/// # Errors
/// As [`from_bytes`], and what `load` found.
pub fn from_bytes_with(
    bytes: &[u8],
    load: impl FnOnce(&mut Scenario) -> Vec<Problem>,
) -> Result<Scenario, Vec<Problem>> {
    from_ron_with(from_bytes_text(bytes)?, load)
}

/// Reads and validates a scenario from RON text.
///
/// # Errors
/// As [`from_bytes`].
///
/// # Example
/// ```
/// let text = r#"(format: 1, name: "Tiny", start: "2024-01", months: 2,
///     accounts: [(name: "A", conversations: 100, resolution_rate: (start: 0.5, end: 0.5, months: 0),
///                 seats: Fixed(3))],
///     plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("85.00"))])])"#;
/// let scenario = pricelab::model::from_ron(text).unwrap();
/// assert_eq!(scenario.months, 2);
/// ```
pub fn from_ron(text: &str) -> Result<Scenario, Vec<Problem>> {
    from_ron_with(text, |_| Vec::new())
}

/// [`from_ron`] with a loader, as [`from_bytes_with`].
///
/// # Errors
/// As [`from_bytes_with`].
pub fn from_ron_with(text: &str, load: impl FnOnce(&mut Scenario) -> Vec<Problem>) -> Result<Scenario, Vec<Problem>> {
    match parse_checked(text, load) {
        Ok((scenario, problems)) if problems.is_empty() => Ok(scenario),
        // Read by a person at the command line: the fields by the names they were given.
        Ok((scenario, problems)) => Err(problems.into_iter().map(|p| p.named(&scenario)).collect()),
        Err(problems) => Err(problems),
    }
}

/// [`from_bytes_with`] for a file to be opened in the app, where a scenario that breaks some
/// rules can still be opened and fixed: the scenario with its problems when every problem is a
/// rule of a field outside `history` (each located at its field), else every problem, as
/// [`from_bytes_with`] gives them (a syntax error, a number that cannot be read exactly, the
/// file's size or encoding, its usage file).
///
/// # Errors
/// As above.
///
/// # Example
/// ```
/// let text = pricelab::model::examples::DEFAULT.text.replace("months: 36", "months: 0");
/// let (scenario, problems) = pricelab::model::from_bytes_to_fix(text.as_bytes(), |_| Vec::new()).unwrap();
/// assert_eq!(scenario.months, 0);
/// assert_eq!(problems[0].path(), Some("months"));
/// assert!(pricelab::model::from_bytes_to_fix(b"(format: 1, name: ", |_| Vec::new()).is_err());
/// ```
pub fn from_bytes_to_fix(
    bytes: &[u8],
    load: impl FnOnce(&mut Scenario) -> Vec<Problem>,
) -> Result<(Scenario, Vec<Problem>), Vec<Problem>> {
    let text = from_bytes_text(bytes)?;
    let (scenario, problems) = parse_checked(text, load)?;
    let fixable = problems.iter().all(|p| p.path().is_some_and(|path| !path.starts_with("history")));
    if fixable { Ok((scenario, problems)) } else { Err(problems) }
}

/// The text of a file's bytes, or why it is not one.
fn from_bytes_text(bytes: &[u8]) -> Result<&str, Vec<Problem>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![Problem {
            location: Location::File,
            message: format!(
                "the file is {} bytes; scenario files are limited to {MAX_FILE_BYTES} bytes (16 MiB)",
                bytes.len()
            ),
        }]);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        vec![Problem {
            location: Location::Text { line, column },
            message: "the file is not UTF-8 text (is it a scenario file?)".to_owned(),
        }]
    })
}

/// The scenario of `text` and every problem found in it (`load`'s first); `Err` with every
/// problem when it does not parse. Problems are in the order of the text.
fn parse_checked(
    text: &str,
    load: impl FnOnce(&mut Scenario) -> Vec<Problem>,
) -> Result<(Scenario, Vec<Problem>), Vec<Problem>> {
    if text.len() > MAX_FILE_BYTES {
        return Err(vec![Problem {
            location: Location::File,
            message: format!("the text is over {MAX_FILE_BYTES} bytes (16 MiB)"),
        }]);
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let opts = ron_options();
    let mut problems = literals::overlong_money_numbers(text);
    let parsed = match opts.from_str::<Scenario>(text) {
        Ok(mut scenario) => {
            let loaded = load(&mut scenario);
            let checked = validate(&scenario);
            if loaded.is_empty() {
                problems.extend(checked);
            } else {
                // (What the loader could not read, it has said: not again as "not read".)
                problems.extend(loaded);
                problems.extend(checked.into_iter().filter(|p| p.path() != Some("history")));
            }
            Some(scenario)
        }
        Err(e) => {
            // Only a file that fails to parse is read a second time, for its `format` alone: a
            // file of another format gets a clear message rather than complaints about fields
            // it was right to have.
            if let Ok(FormatProbe { format }) = opts.from_str::<FormatProbe>(text)
                && format != i64::from(FORMAT)
            {
                return Err(vec![Problem::field(
                    "format",
                    format!("this file is in scenario format {format}; this version of pricelab reads format {FORMAT}"),
                )]);
            }
            problems.push(syntax_problem(&e));
            None
        }
    };
    // Places in the text in the order they come; the scan's and the parser's interleave.
    problems.sort_by_key(|p| match p.location {
        Location::Text { line, column } => (line, column),
        _ => (usize::MAX, 0),
    });
    match parsed {
        Some(scenario) => Ok((scenario, problems)),
        None => Err(problems),
    }
}

fn syntax_problem(e: &ron::error::SpannedError) -> Problem {
    Problem {
        location: Location::Text { line: e.span.start.line, column: e.span.start.col },
        message: describe(&e.code),
    }
}

/// RON's messages, reworded where they would puzzle someone who edits scenarios by hand.
fn describe(code: &ron::Error) -> String {
    match code {
        ron::Error::ExceededRecursionLimit => {
            format!("brackets nest more than {RECURSION_LIMIT} deep; this is not a scenario file")
        }
        ron::Error::Eof => "the file ends too early (is it cut short, or is a bracket left open?)".to_owned(),
        ron::Error::IntegerOutOfBounds => {
            "the number is out of range here (counts are whole numbers from 0; months and terms at most 4294967295)"
                .to_owned()
        }
        other => other.to_string(),
    }
}

/// Line and column (both from 1, columns in characters) of a byte offset.
pub(super) fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default()).chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let err = from_bytes(b"(format: 1,\n name: \"\xff\"").unwrap_err();
        assert_eq!(err[0].location, Location::Text { line: 2, column: 9 });
    }

    #[test]
    fn other_formats_are_refused_by_name() {
        let err = from_ron("(format: 2, something_new: true)").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].path(), Some("format"));
        assert!(err[0].message.contains("format 2"), "{}", err[0]);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let text = "[".repeat(100_000);
        let err = from_ron(&text).unwrap_err();
        assert!(matches!(err[0].location, Location::Text { .. }), "{err:?}");
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        let bytes = vec![b' '; MAX_FILE_BYTES + 1];
        let err = from_bytes(&bytes).unwrap_err();
        assert_eq!(err[0].location, Location::File);
        assert!(err[0].message.contains("16 MiB"));
    }
}

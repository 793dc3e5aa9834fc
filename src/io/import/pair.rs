//! Writing what `import` made: the scenario and, beside it, the monthly usage file its `history`
//! names — as a pair that a reader sees whole, the old pair or the new, never one of each
//! (docs/import.md, "What import writes").
//!
//! The usage file's name carries a hash of its content: `<scenario>.usage-<12 hex digits>.csv`.
//! Everything is checked first (the inputs, every output's target, the scenario), so a refused
//! import writes nothing. Then the usage file is written (atomically) under its own name, which
//! no other content has: the old scenario still names its old usage file, untouched. Last, the
//! scenario replaces the old one in one rename ([`crate::io::write_atomic_with`]) — the moment
//! the new pair takes the place of the old. A kill before leaves the old pair (and perhaps the
//! new usage file, named by nothing); after, the new pair. The old usage file is left as it is,
//! for a copy of the old scenario that names it.

use super::{ImportError, Imported, Made, Options, Usage, make, relative};
use crate::io::output::output_target;
use crate::model::{self, MAX_FILE_BYTES, Problem, Recorded, Scenario};
use std::path::{Path, PathBuf};

/// Makes the scenario of `customers` (read from `source`) with the plans of `template`,
/// made as `options` say, and writes it to `output` with, when `write_usage`, its monthly
/// rows beside it (else its history is `source` itself). Neither may replace one of `inputs`.
pub(super) fn finish(
    template: &Scenario,
    customers: &Usage,
    source: &Path,
    write_usage: bool,
    output: &Path,
    options: Options,
    inputs: &[&Path],
) -> Result<Imported, ImportError> {
    output_target(output, inputs)?;
    let source_name = source.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let history = if write_usage { String::new() } else { relative(source, output) };
    let Made { mut scenario, confidence } = make(template, customers, &source_name, history, options)?;
    let usage = if write_usage { Some(name_usage(&mut scenario, output)?) } else { None };
    if let Some(path) = &usage {
        output_target(path, inputs)?;
    }
    let text = model::to_ron(&scenario);
    if text.len() > MAX_FILE_BYTES {
        return Err(ImportError::Scenario(vec![Problem::field(
            "accounts",
            format!(
                "the scenario of {} customers would be a file of {} bytes, more than the {MAX_FILE_BYTES} (16 MiB) a scenario file may have: import fewer customers",
                scenario.accounts.len(),
                text.len()
            ),
        )]));
    }
    // The usage file first, under a name of its own; then the scenario that names it.
    if let (Some(path), Some(recorded)) = (&usage, recorded(&scenario)) {
        crate::io::write_atomic_with(path, inputs, |w| write_usage_csv(w, recorded))?;
    }
    crate::io::write_atomic_with(output, inputs, |w| w.write_all(text.as_bytes()))?;
    Ok(Imported { scenario, usage_written: usage, events: 0, confidence })
}

fn recorded(scenario: &Scenario) -> Option<&Recorded> {
    scenario.history.as_ref().and_then(|h| h.recorded.as_deref())
}

/// Names the scenario's history after its content, beside `output`; returns the file's path.
fn name_usage(scenario: &mut Scenario, output: &Path) -> Result<PathBuf, ImportError> {
    let Some(recorded) = recorded(scenario) else {
        return Err(ImportError::Scenario(vec![Problem::field("history", "the usage has no customers")]));
    };
    let path = usage_file_beside(output, recorded);
    let name = relative(&path, output);
    if let Some(history) = &mut scenario.history {
        history.file.clone_from(&name);
        if let Some(recorded) = history.recorded.as_mut().and_then(std::sync::Arc::get_mut) {
            recorded.file = name;
        }
    }
    Ok(path)
}

/// Where the usage rows `recorded` are written beside the scenario at `scenario_path`:
/// `<scenario without .ron>.usage-<hash>.csv`, the hash (12 hex digits of FNV-1a) being of the
/// file's content — a pair's usage file is never replaced by another content.
#[must_use]
pub fn usage_file_beside(scenario_path: &Path, recorded: &Recorded) -> PathBuf {
    let mut hash = Fnv(FNV_OFFSET);
    // Writing to a hash cannot fail.
    let _ = write_usage_csv(&mut hash, recorded);
    let stem = scenario_path.file_stem().map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
    scenario_path.with_file_name(format!("{stem}.usage-{:012x}.csv", hash.0 >> 16))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a (64 bits) of what is written: stable across builds and platforms, unlike std's
/// hasher, so that the same usage always gets the same name.
struct Fnv(u64);

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for b in buf {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(FNV_PRIME);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes monthly usage rows, customer by customer, month by month.
///
/// # Errors
/// The writer's.
pub fn write_usage_csv(w: &mut dyn std::io::Write, recorded: &Recorded) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(crate::io::history::COLUMNS)?;
    for a in &recorded.accounts {
        for (m, u) in (0_u32..).zip(&a.months) {
            csv.write_record([
                a.name.clone(),
                recorded.start.plus(m).to_string(),
                u.conversations.to_string(),
                u.ai_conversations.to_string(),
                u.resolutions.to_string(),
                u.seats.to_string(),
            ])?;
        }
    }
    csv.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RecordedAccount, RecordedMonth, YearMonth};

    fn recorded(conversations: u64) -> Recorded {
        Recorded {
            file: String::new(),
            start: YearMonth::new(2024, 1).unwrap(),
            months: 1,
            accounts: vec![RecordedAccount {
                name: "Acme".into(),
                line: 0,
                months: vec![RecordedMonth { conversations, ..RecordedMonth::default() }],
            }],
        }
    }

    #[test]
    fn a_usage_file_is_named_after_its_scenario_and_its_content() {
        let at = Path::new("/data/forecast.ron");
        let a = usage_file_beside(at, &recorded(10));
        let name = a.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("forecast.usage-") && name.ends_with(".csv") && name.len() == 31, "{name}");
        assert_eq!(a.parent(), Some(Path::new("/data")));
        assert_eq!(usage_file_beside(at, &recorded(10)), a, "the same content, the same name");
        assert_ne!(usage_file_beside(at, &recorded(11)), a, "another content, another name");
    }
}

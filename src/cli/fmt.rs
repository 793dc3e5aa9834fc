//! `pricelab fmt`: scenario files rewritten in the canonical form the app saves.

use super::{EXIT_INVALID, eprintln_safe, escape_controls, print_safe, read};
use crate::{io, model};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Rewrites each file in canonical form (its header comment kept), or with `check` only lists
/// those that are not (exit 1 when any is not, as `rustfmt --check` does).
pub(super) fn run(files: &[PathBuf], check: bool) -> ExitCode {
    let mut failed = false;
    for path in files {
        // A file that cannot be read or written has said so on standard error.
        failed |= one(path, check).map_or(true, |canonical| check && !canonical);
    }
    if failed { ExitCode::from(EXIT_INVALID) } else { ExitCode::SUCCESS }
}

/// Whether `path` is in canonical form (after rewriting it, unless `check`).
fn one(path: &Path, check: bool) -> Result<bool, ExitCode> {
    let scenario = read(path)?;
    let shown = path.display().to_string();
    let shown = escape_controls(&shown);
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln_safe(&format!("pricelab: cannot read {shown}: {e}"));
        ExitCode::from(EXIT_INVALID)
    })?;
    let header = model::header_comment(&text);
    let canonical = model::to_ron_with_header(&scenario, header.as_deref().unwrap_or(model::DEFAULT_HEADER));
    if canonical == text {
        return Ok(true);
    }
    // Comments inside the file (not its header) have no place in the canonical form: say so.
    let n = model::dropped_comments(&text);
    let comments = (n > 0).then(|| if n == 1 { "1 comment".to_owned() } else { format!("{n} comments") });
    if check {
        let dropping = comments.as_ref().map(|c| format!(", dropping its {c} below the header")).unwrap_or_default();
        let _ = print_safe(&format!("{shown}: not in canonical form (pricelab fmt rewrites it{dropping})\n"));
        return Ok(false);
    }
    io::write_atomic(path, canonical.as_bytes()).map_err(|e| {
        eprintln_safe(&format!("pricelab: {}", escape_controls(&e.to_string())));
        ExitCode::from(EXIT_INVALID)
    })?;
    let dropped = comments
        .map(|c| {
            let were = if n == 1 { "was" } else { "were" };
            format!("; its {c} below the header {were} dropped (notes belong in `notes`)")
        })
        .unwrap_or_default();
    let _ = print_safe(&format!("{shown}: rewritten{dropped}\n"));
    Ok(false)
}

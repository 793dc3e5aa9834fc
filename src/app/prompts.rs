//! The app's prompts: the file dialogs (or the typed path), the questions asked before a
//! command that would lose work, and the errors shown until dismissed.

use super::command::Command;
use super::document::Document;
use super::files::FileDialogs;
use std::path::PathBuf;

/// What the app asks or tells the user in a window of its own until answered.
#[derive(Default)]
pub(super) struct Prompts {
    /// The file dialogs (or the typed-path prompt).
    pub(super) dialogs: FileDialogs,
    /// The question asked before a command (see [`Confirm`]).
    pub(super) confirm: Option<Confirm>,
    /// Why the last save failed, with the file it was for (shown until dismissed).
    pub(super) save_error: Option<(PathBuf, String)>,
    /// Problems of a file that could not be opened, with its path.
    pub(super) open_errors: Option<(PathBuf, Vec<String>)>,
    /// What to do once the document is saved: the command the unsaved-changes question was
    /// asked for, when its answer was *Save* and the scenario had no file yet.
    pub(super) after_save: Option<Command>,
}

/// A question to the user before a command that would lose work: unsaved changes (before the
/// command `then`), or, when `then` is [`Command::SaveOver`], what another program or window
/// saved to the file since this document read it.
#[derive(Debug, Clone)]
pub(super) struct Confirm {
    pub(super) then: Command,
    /// What would be lost, worked out once as the question is asked (`None`: never saved, or
    /// the question is about the file on disk).
    pub(super) changes: Option<Vec<crate::model::diff::Change>>,
    /// When the file on disk was last modified, in seconds since 1970 (for the question about it).
    pub(super) modified: Option<u64>,
    /// The question is whether to save over a file whose comments (this many, below its
    /// header) saving drops.
    pub(super) comments: usize,
}

impl Confirm {
    pub(super) fn new(then: Command, doc: &Document) -> Self {
        Self { then, changes: doc.changes_since_saved(), modified: None, comments: 0 }
    }

    /// Before saving over `path`, which something else has saved since the document read it.
    pub(super) fn changed_on_disk(path: PathBuf) -> Self {
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs());
        Self { then: Command::SaveOver(path), changes: None, modified, comments: 0 }
    }

    /// Before the first save over `path`, whose `comments` below its header saving drops.
    pub(super) fn dropping_comments(path: PathBuf, comments: usize) -> Self {
        Self { then: Command::SaveTo(path), changes: None, modified: None, comments }
    }
}

//! Native file dialogs, off the UI thread, with a typed path as the fallback where no dialog is
//! available (no desktop portal and no zenity on the machine).

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What a chosen path is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Open a scenario.
    Open,
    /// Choose a scenario to compare the document with.
    Compare,
    /// Save the scenario under a new name.
    SaveAs,
    /// Export the results as CSV.
    ExportCsv,
    /// Export the results as JSON.
    ExportJson,
    /// Export the current plot as PNG.
    ExportPng,
    /// Save the customer's quote as PDF.
    ExportPdf,
    /// Choose a monthly usage file to import.
    ImportUsage,
    /// Choose an events file to import.
    ImportEvents,
    /// Choose a seats file to import with events.
    ImportSeats,
}

impl Purpose {
    /// The dialog's title.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Open => "Open scenario",
            Self::Compare => "Compare with a scenario",
            Self::SaveAs => "Save scenario as",
            Self::ExportCsv => "Export results as CSV",
            Self::ExportJson => "Export results as JSON",
            Self::ExportPng => "Export the chart (.png or .svg)",
            Self::ExportPdf => "Save the quote as PDF",
            Self::ImportUsage => "Import monthly usage",
            Self::ImportEvents => "Import events",
            Self::ImportSeats => "Seats to go with the events",
        }
    }

    /// The file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Open | Self::Compare | Self::SaveAs => "ron",
            Self::ExportCsv => "csv",
            Self::ExportJson => "json",
            Self::ExportPng => "png",
            Self::ExportPdf => "pdf",
            Self::ImportUsage | Self::ImportEvents | Self::ImportSeats => "csv",
        }
    }

    fn saves(self) -> bool {
        !matches!(self, Self::Open | Self::Compare | Self::ImportUsage | Self::ImportEvents | Self::ImportSeats)
    }
}

/// A dialog returning this fast without a path never showed itself: no dialog is available.
const UNAVAILABLE_WITHIN: Duration = Duration::from_millis(400);

/// The file dialog in flight, if any, and the typed-path fallback.
#[derive(Debug, Default)]
pub struct FileDialogs {
    pending: Option<(Purpose, Instant, mpsc::Receiver<Option<PathBuf>>)>,
    /// The typed-path prompt, when shown: its purpose and the text typed so far.
    pub prompt: Option<(Purpose, String)>,
    /// Whether a native dialog has been found missing on this machine.
    pub unavailable: bool,
    /// The prompt has just opened: its field takes the keyboard focus.
    pub focus_prompt: bool,
}

impl FileDialogs {
    /// Asks for a path: a native dialog on a helper thread, or the typed-path prompt where none
    /// is available. `suggested` is the file name offered when saving.
    pub fn ask(&mut self, purpose: Purpose, directory: Option<PathBuf>, suggested: String) {
        if self.pending.is_some() {
            return;
        }
        if self.unavailable {
            self.prompt =
                Some((purpose, directory.map(|d| d.join(&suggested)).unwrap_or_default().display().to_string()));
            return;
        }
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new().name("file dialog".into()).spawn(move || {
            let mut dialog = rfd::FileDialog::new()
                .set_title(purpose.title())
                .add_filter(purpose.extension().to_uppercase(), &[purpose.extension()]);
            if let Some(dir) = directory {
                dialog = dialog.set_directory(dir);
            }
            let chosen = if purpose.saves() { dialog.set_file_name(suggested).save_file() } else { dialog.pick_file() };
            let _ = tx.send(chosen);
        });
        match spawned {
            Ok(_) => self.pending = Some((purpose, Instant::now(), rx)),
            Err(_) => {
                self.unavailable = true;
                self.prompt = Some((purpose, String::new()));
                self.focus_prompt = true;
            }
        }
    }

    /// Whether a native dialog is open.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// A path chosen in the native dialog since the last call, with its purpose.
    pub fn poll(&mut self) -> Option<(Purpose, PathBuf)> {
        let (purpose, started, rx) = self.pending.as_ref()?;
        let (purpose, started) = (*purpose, *started);
        match rx.try_recv() {
            Ok(Some(path)) => {
                self.pending = None;
                Some((purpose, with_extension(path, purpose)))
            }
            Ok(None) | Err(mpsc::TryRecvError::Disconnected) => {
                self.pending = None;
                if started.elapsed() < UNAVAILABLE_WITHIN {
                    self.unavailable = true;
                    self.prompt = Some((purpose, String::new()));
                    self.focus_prompt = true;
                }
                None
            }
            Err(mpsc::TryRecvError::Empty) => None,
        }
    }
}

/// Adds the purpose's extension to a path chosen for saving without one.
#[must_use]
pub fn with_extension(path: PathBuf, purpose: Purpose) -> PathBuf {
    if purpose.saves() && path.extension().is_none() { path.with_extension(purpose.extension()) } else { path }
}

/// Most recently used files, newest first, without duplicates or files that are gone.
#[must_use]
pub fn remember(recent: &[PathBuf], path: PathBuf) -> Vec<PathBuf> {
    let path = path.canonicalize().unwrap_or(path);
    std::iter::once(path.clone()).chain(recent.iter().filter(|p| **p != path).cloned()).take(10).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_move_to_the_front_once() {
        let r = remember(&["/a.ron".into(), "/b.ron".into()], "/b.ron".into());
        assert_eq!(r, [PathBuf::from("/b.ron"), PathBuf::from("/a.ron")]);
    }

    #[test]
    fn saved_files_get_their_extension() {
        assert_eq!(with_extension("out".into(), Purpose::ExportCsv), PathBuf::from("out.csv"));
        assert_eq!(with_extension("x.ron".into(), Purpose::SaveAs), PathBuf::from("x.ron"));
    }
}

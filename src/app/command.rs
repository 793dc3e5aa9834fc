//! Everything a panel, menu, shortcut, dialog or view can ask of the app is a [`Command`]: views
//! push them into a [`Commands`] sender, the keyboard and the menus are made from
//! [`Command::KEYBOARD`] and each command's [`label`](Command::label),
//! [`tooltip`](Command::tooltip) and [`shortcuts`](Command::shortcuts), and one function,
//! `PricelabApp::apply` (in `app/apply.rs`), carries them out at the end of the frame. To add a
//! button: add a variant here, say what it is called, and what it does in `apply.rs`.

use super::document::EditState;
use super::files::Purpose;
use super::jobs::{Job, JobKind};
use super::results::Tab;
use crate::model::Scenario;
use eframe::egui::{Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

/// Everything a user can ask of the app besides editing a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// An edited scenario (and plan styles) from the editors.
    Edit(Box<EditState>),
    /// A whole change made at once: one undo step.
    Apply(Box<EditState>),
    /// An analysis's value applied to the scenario (one undo step, said in the status bar).
    ApplyAnalysis(Box<EditState>),
    /// A new scenario (the built-in example, unsaved).
    New,
    /// Ask for a file to open.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Discard the unsaved edits and read the document's file again.
    Revert,
    /// Ask for a scenario file to compare the document with.
    Compare,
    /// Show what the document changes against this scenario file.
    CompareWith(PathBuf),
    /// Open a shipped example (index into [`crate::model::examples::ALL`]).
    OpenExample(usize),
    /// Show the dialog that imports usage history.
    ImportUsage,
    /// Ask for a file for the import dialog (usage, events or seats).
    ChooseImport(Purpose),
    /// Replace the scenario with one of real customers (the import dialog's *accept*), unsaved.
    Imported(Box<Scenario>),
    /// Save to the document's file (or ask for one).
    Save,
    /// Ask for a file and save there.
    SaveAs,
    /// Save to this file.
    SaveTo(PathBuf),
    /// Save to this file even though it changed on disk since the document read or saved it
    /// (the answer *Overwrite* when Save asks about that).
    SaveOver(PathBuf),
    /// Ask for a file and export the results as CSV.
    ExportCsv,
    /// Ask for a file and export the results as JSON.
    ExportJson,
    /// Open the *Export chart* window (the revenue chart as PNG or SVG, at a chosen size).
    ExportPng,
    /// Ask for a file for the chart (the *Export chart* window's *Save chart…*).
    ExportChart,
    /// Ask for a file and save the Quote tab's quote there as a PDF proposal.
    ExportQuote,
    /// Export to this file, in the format its purpose says.
    ExportTo(Purpose, PathBuf),
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Close the app.
    Quit,
    /// Restore the unsaved edits of this recovery file (left by an earlier run) as the document.
    Restore(PathBuf),
    /// Delete this recovery file (left by an earlier run) without restoring it.
    DiscardRecovery(PathBuf),
    /// Show the results alone, full-screen and in larger type (`true`), or go back (`false`).
    Present(bool),
    /// Show this tab of the central area.
    ShowTab(Tab),
    /// Show the invoice of this account (profile index) under this plan (from Customers).
    ShowInvoice {
        /// The account profile.
        account: usize,
        /// The plan.
        plan: usize,
    },
    /// Open *Changes since saved*.
    OpenChanges,
    /// The dark (`true`) or light theme.
    Theme(bool),
    /// Open Help ▸ Glossary.
    Glossary,
    /// Open Help ▸ User's guide.
    Guide,
    /// Start background work (unless this very work is already wanted).
    Run(Job),
    /// Stop background work of this kind until what it is keyed by changes.
    Cancel(JobKind),
}

/// Where views put what they ask for; the app applies it at the end of the frame.
pub type Commands = Vec<Command>;

const CMD_SHIFT: Modifiers = Modifiers { alt: false, ctrl: false, shift: true, mac_cmd: false, command: true };

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

impl Command {
    /// Every command that has a keyboard shortcut (the keyboard is read from this list and each
    /// command's [`shortcuts`](Self::shortcuts); the menus show the same).
    pub const KEYBOARD: [Self; 8] =
        [Self::New, Self::Open, Self::Save, Self::SaveAs, Self::Undo, Self::Redo, Self::Quit, Self::Present(true)];

    /// Whether the command would replace or close the document (and so must ask first when it
    /// has unsaved changes).
    #[must_use]
    pub fn discards(&self) -> bool {
        matches!(
            self,
            Self::New
                | Self::Open
                | Self::OpenPath(_)
                | Self::OpenExample(_)
                | Self::Revert
                | Self::Imported(_)
                | Self::Quit
                | Self::Restore(_)
        )
    }

    /// The keyboard shortcuts, the one shown in menus first.
    #[must_use]
    pub fn shortcuts(&self) -> &'static [KeyboardShortcut] {
        const NEW: [KeyboardShortcut; 1] = [shortcut(Modifiers::COMMAND, Key::N)];
        const OPEN: [KeyboardShortcut; 1] = [shortcut(Modifiers::COMMAND, Key::O)];
        const SAVE: [KeyboardShortcut; 1] = [shortcut(Modifiers::COMMAND, Key::S)];
        const SAVE_AS: [KeyboardShortcut; 1] = [shortcut(CMD_SHIFT, Key::S)];
        const UNDO: [KeyboardShortcut; 1] = [shortcut(Modifiers::COMMAND, Key::Z)];
        const REDO: [KeyboardShortcut; 2] = [shortcut(CMD_SHIFT, Key::Z), shortcut(Modifiers::COMMAND, Key::Y)];
        const QUIT: [KeyboardShortcut; 1] = [shortcut(Modifiers::COMMAND, Key::Q)];
        const PRESENT: [KeyboardShortcut; 1] = [shortcut(Modifiers::NONE, Key::F5)];
        match self {
            Self::New => &NEW,
            Self::Open => &OPEN,
            Self::Save => &SAVE,
            Self::SaveAs => &SAVE_AS,
            Self::Undo => &UNDO,
            Self::Redo => &REDO,
            Self::Quit => &QUIT,
            Self::Present(_) => &PRESENT,
            _ => &[],
        }
    }

    /// The shortcut shown beside the command in a menu.
    #[must_use]
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
        self.shortcuts().first().copied()
    }

    /// What a menu item or button asking for the command says (commands that name a file or an
    /// example are labelled by it where they are listed).
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Self::New => "New",
            Self::Open => "Open…",
            Self::ImportUsage => "Import usage history…",
            Self::Save => "Save",
            Self::SaveAs => "Save As…",
            Self::Revert => "Revert to saved",
            Self::ExportCsv => "Export results as CSV…",
            Self::ExportJson => "Export results as JSON…",
            Self::ExportPng => "Export chart (PNG or SVG)…",
            Self::ExportChart => "Save chart…",
            Self::ExportQuote => "Save as PDF…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::OpenChanges => "Changes since saved…",
            Self::Compare => "Compare with a file…",
            Self::Present(true) => "Present",
            Self::Present(false) => "✖ Leave the presentation",
            Self::ShowTab(tab) => tab.label(),
            Self::Theme(true) => "Dark theme",
            Self::Theme(false) => "Light theme",
            Self::Guide => "User's guide",
            Self::Glossary => "Glossary",
            Self::Edit(_)
            | Self::Apply(_)
            | Self::ApplyAnalysis(_)
            | Self::OpenPath(_)
            | Self::CompareWith(_)
            | Self::OpenExample(_)
            | Self::ChooseImport(_)
            | Self::Imported(_)
            | Self::SaveTo(_)
            | Self::SaveOver(_)
            | Self::ExportTo(..)
            | Self::Restore(_)
            | Self::DiscardRecovery(_)
            | Self::ShowInvoice { .. }
            | Self::Run(_)
            | Self::Cancel(_) => "",
        }
    }

    /// What hovering over the command's menu item or button says, if anything.
    #[must_use]
    pub fn tooltip(&self) -> Option<&'static str> {
        match self {
            Self::OpenChanges => Some("Every edit not yet saved, field by field"),
            Self::Present(true) => {
                Some("The results alone, full-screen and in larger type, for a screen shared on a call (Esc to leave)")
            }
            Self::Present(false) => Some("Esc"),
            Self::ExportQuote => {
                Some("A proposal to send the customer: this quote, its prices and terms, on one or two A4 pages")
            }
            Self::Guide => Some("How to write scenarios and read every result"),
            Self::Glossary => Some("What each term of the editor and the results means"),
            _ => None,
        }
    }

    /// The keyboard's commands with their shortcuts, longer combinations first (so that
    /// Shift+Command+S is not taken for Command+S).
    #[must_use]
    pub fn keyboard() -> Vec<(KeyboardShortcut, Self)> {
        let mut all: Vec<(KeyboardShortcut, Self)> =
            Self::KEYBOARD.iter().flat_map(|c| c.shortcuts().iter().map(|s| (*s, c.clone()))).collect();
        all.sort_by_key(|(s, _)| std::cmp::Reverse(u8::from(s.modifiers.shift) + u8::from(s.modifiers.alt)));
        all
    }
}

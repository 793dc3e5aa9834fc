//! The steps of a frame around the panels (see `PricelabApp::ui` in `mod.rs`): what comes in
//! before them, the editors' draft taken as an edit, the windows, and what is kept or settled
//! after them.

use super::{Command, PricelabApp, glossary, guide};
use eframe::egui;
use std::time::{Duration, Instant};

impl PricelabApp {
    /// What comes in before the panels: signals, shortcuts, full screen, dropped files, paths
    /// chosen in a dialog, the simulation's results; and the draft follows the document.
    pub(super) fn inputs(&mut self, ctx: &egui::Context) {
        self.signalled(ctx);
        self.shortcuts(ctx);
        if self.lifecycle.fullscreen != self.lifecycle.presenting {
            self.lifecycle.fullscreen = self.lifecycle.presenting;
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.lifecycle.presenting));
        }
        self.drag_and_drop(ctx);
        if let Some((purpose, path)) = self.prompts.dialogs.poll() {
            self.path_chosen(purpose, path);
        }
        self.doc.poll(ctx);
        if self.prompts.dialogs.is_open() {
            // Nothing else wakes the app when the dialog thread answers.
            ctx.request_repaint_after(Duration::from_millis(50));
        }
        if self.draft.revision != self.doc.revision() {
            // Undo, redo, an open or a command changed the document: the editors start from it.
            self.draft.state = self.doc.state().clone();
            self.draft.revision = self.doc.revision();
        }
    }

    /// The editors' draft, when they changed it, becomes an edit of the document.
    pub(super) fn take_draft(&mut self, ctx: &egui::Context) {
        // The editors change the draft only in answer to input: without any this frame or the
        // last, the comparison (a walk through the whole scenario) is skipped.
        let input =
            ctx.input(|i| !i.events.is_empty() || i.pointer.any_down() || i.pointer.delta() != egui::Vec2::ZERO);
        if (input || self.draft.input_last_frame) && &self.draft.state != self.doc.state() {
            self.apply(Command::Edit(Box::new(self.draft.state.clone())));
            // An edit is always taken: the document now holds the draft, nothing to copy back.
            self.draft.revision = self.doc.revision();
        }
        self.draft.input_last_frame = input;
    }

    /// The glossary, the user's guide and the changes window (when open).
    pub(super) fn windows_ui(&mut self, ctx: &egui::Context) {
        glossary::window(ctx, &mut self.windows.glossary);
        guide::window(ctx, &mut self.windows.guide.0, &mut self.windows.guide.1);
        self.windows.changes.ui(ctx, &self.doc);
    }

    /// The import dialog (when open).
    pub(super) fn import_ui(&mut self, ctx: &egui::Context) {
        let revision = self.doc.scenario_revision();
        self.windows.import.ui(ctx, self.doc.scenario(), revision, &self.jobs, &mut self.queue);
    }

    /// The view settings kept between runs follow the views.
    pub(super) fn remember_view(&mut self) {
        self.settings.tab = self.results.tab;
        self.settings.revenue = self.results.revenue;
        if let Some(proposals) = self.results.quote.remembered_if_changed() {
            self.settings.proposals = proposals;
        }
    }

    /// Once nothing is being dragged or typed, the edits so far become one undo step.
    pub(super) fn settle_when_still(&mut self, ctx: &egui::Context) {
        let interacting = ctx.input(|i| i.pointer.any_down()) || self.editor.is_dragging();
        let typing = ctx.memory(|m| m.focused().is_some());
        if !interacting && !typing {
            self.doc.settle();
        }
    }

    /// After the commands: a save asked for that did not happen, the recovery file, and frames
    /// asked for while work runs.
    pub(super) fn after_frame(&mut self, ctx: &egui::Context) {
        if self.prompts.after_save.is_some()
            && self.prompts.confirm.is_none()
            && !self.prompts.dialogs.is_open()
            && self.prompts.dialogs.prompt.is_none()
            && self.doc.is_dirty()
        {
            // The Save As asked for by the unsaved-changes question was cancelled, or the save
            // was not made over a file changed on disk: so is what it was for.
            self.prompts.after_save = None;
            self.status = "Not saved: nothing else was done".into();
        }
        if self.lifecycle.autosave.tick(&self.doc, Instant::now()) {
            ctx.request_repaint_after(Duration::from_millis(250));
        }
        if self.doc.is_simulating() {
            // Nor when a large scenario's simulation (perhaps started by this frame's edit) ends.
            ctx.request_repaint_after(Duration::from_millis(50));
        }
    }
}

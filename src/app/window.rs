//! Window-level effects: the title, the theme, closing (by the window's button or a signal to
//! quit), fitting the screen, and the plot's picture for a PNG export.

use super::prompts::Confirm;
use super::{Command, PricelabApp, Settings, recovery};
use eframe::egui;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

impl PricelabApp {
    /// A signal to quit (logout, shutdown, Ctrl+C in the terminal) is a request to close the
    /// window: the unsaved edits are written to the recovery file at once, then the unsaved-changes
    /// question is asked as for the window's close button. A second signal closes the app at once,
    /// keeping the recovery file for the next start.
    pub(super) fn signalled(&mut self, ctx: &egui::Context) {
        let signals = self.lifecycle.signals.load(Ordering::Relaxed);
        if signals == self.lifecycle.signals_seen {
            return;
        }
        let first = self.lifecycle.signals_seen == 0;
        self.lifecycle.signals_seen = signals;
        self.lifecycle.autosave.write_now(&self.doc);
        if !self.doc.is_dirty() {
            self.lifecycle.quitting = true;
        } else if first && signals == 1 {
            self.prompts.confirm = Some(Confirm::new(Command::Quit, &self.doc));
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
            self.status = "Asked to quit: the unsaved edits are kept in a recovery file meanwhile".into();
        } else {
            self.prompts.confirm = None;
            self.lifecycle.keep_recovery = true;
            self.lifecycle.quitting = true;
        }
    }

    /// Window-level effects: title, theme, closing.
    pub(super) fn window(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if title != self.lifecycle.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.lifecycle.title = title;
        }
        if let Some(dark) = self.settings.dark {
            let theme = if dark { egui::ThemePreference::Dark } else { egui::ThemePreference::Light };
            ctx.set_theme(theme);
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.lifecycle.quitting {
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.prompts.confirm = Some(Confirm::new(Command::Quit, &self.doc));
            } else {
                self.lifecycle.quitting = true;
            }
        }
        if self.lifecycle.quitting && self.prompts.confirm.is_none() && !self.lifecycle.close_sent {
            // Closing with nothing unsaved, or with the changes discarded: the recovery file
            // goes. Forced closed by a second signal: it stays, for the next start.
            if !self.lifecycle.keep_recovery {
                self.lifecycle.autosave.discard_own();
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            self.lifecycle.close_sent = true;
        }
        self.fit_to_screen(ctx);
    }

    /// Once, as soon as the screen's size is known: shrinks a window larger than the screen (the
    /// default size, or one remembered from a larger screen) so that all of it can be seen.
    fn fit_to_screen(&mut self, ctx: &egui::Context) {
        if self.lifecycle.fitted {
            return;
        }
        let (monitor, inner, outer, filled) = ctx.input(|i| {
            let v = i.viewport();
            (v.monitor_size, v.inner_rect, v.outer_rect, v.maximized == Some(true) || v.fullscreen == Some(true))
        });
        let (Some(monitor), Some(inner)) = (monitor, inner) else { return };
        self.lifecycle.fitted = true;
        // A maximised or full-screen window fills the screen as the user asked.
        if filled {
            return;
        }
        if let Some(fit) = fitted_size(monitor, inner.size(), outer.map(|o| o.size())) {
            ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(fit));
            ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::Pos2::ZERO));
        }
    }
}

/// The inner size a window of inner size `inner` (`outer` with its frame, when known) should
/// shrink to on a screen of `monitor`, if it does not fit: room is left for the frame and for a
/// task bar, never below the window's minimum size.
fn fitted_size(monitor: egui::Vec2, inner: egui::Vec2, outer: Option<egui::Vec2>) -> Option<egui::Vec2> {
    if !(monitor.x > 0.0 && monitor.y > 0.0) {
        return None;
    }
    let frame = outer.map_or(egui::Vec2::ZERO, |o| o - inner).max(egui::Vec2::ZERO);
    let room = (monitor * egui::vec2(1.0, 0.95) - frame).max(MIN_WINDOW);
    let fit = inner.min(room);
    (fit != inner).then_some(fit)
}

/// The window's smallest inner size.
pub const MIN_WINDOW: egui::Vec2 = egui::vec2(640.0, 400.0);

/// Opens the desktop app on `file` (or the built-in example) and runs it until it is closed.
#[must_use]
pub fn run(file: Option<&Path>) -> ExitCode {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        // (A standard error that cannot be written — /dev/full, a closed pipe — changes nothing.)
        let _ = writeln!(
            std::io::stderr(),
            "pricelab: no display to open a window on (neither WAYLAND_DISPLAY nor DISPLAY is set).\n\
             Use the command line instead: pricelab simulate FILE.ron (see pricelab --help)."
        );
        return ExitCode::from(1);
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size(MIN_WINDOW)
            .with_title("pricelab"),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let file = file.map(Path::to_path_buf);
    let result = eframe::run_native(
        "pricelab",
        options,
        Box::new(move |cc| {
            let settings: Settings = cc.storage.and_then(|s| eframe::get_value(s, eframe::APP_KEY)).unwrap_or_default();
            let signals = watch_signals(Some(cc.egui_ctx.clone()));
            Ok(Box::new(
                PricelabApp::new(file.as_deref(), settings)
                    .with_recovery(recovery::Autosave::data_dir())
                    .with_signals(signals),
            ))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "pricelab: cannot open a window: {e}\nUse the command line instead: pricelab simulate FILE.ron"
            );
            ExitCode::from(1)
        }
    }
}

/// Counts SIGTERM, SIGINT and SIGHUP from now on (instead of dying of them), waking `ctx` at
/// each so that the app handles it at once.
#[must_use]
pub fn watch_signals(ctx: Option<egui::Context>) -> Arc<AtomicUsize> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let count = Arc::new(AtomicUsize::new(0));
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP]) {
        let counted = Arc::clone(&count);
        let _ = std::thread::Builder::new().name("signals".into()).spawn(move || {
            for _ in signals.forever() {
                counted.fetch_add(1, Ordering::Relaxed);
                if let Some(ctx) = &ctx {
                    ctx.request_repaint();
                }
            }
        });
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;

    #[test]
    fn a_window_larger_than_the_screen_shrinks_to_fit() {
        // The default 1280 × 800 on a 1024 × 700 screen, without and with a 30-point title bar.
        assert_eq!(fitted_size(vec2(1024.0, 700.0), vec2(1280.0, 800.0), None), Some(vec2(1024.0, 665.0)));
        assert_eq!(
            fitted_size(vec2(1024.0, 700.0), vec2(1280.0, 800.0), Some(vec2(1280.0, 830.0))),
            Some(vec2(1024.0, 635.0))
        );
        // Only the side that does not fit shrinks; a window that fits stays as it is.
        assert_eq!(fitted_size(vec2(1920.0, 700.0), vec2(1280.0, 800.0), None), Some(vec2(1280.0, 665.0)));
        assert_eq!(fitted_size(vec2(1920.0, 1080.0), vec2(1280.0, 800.0), None), None);
        // Never below the minimum size, and no answer for a screen of no size.
        assert_eq!(fitted_size(vec2(320.0, 200.0), vec2(1280.0, 800.0), None), Some(MIN_WINDOW));
        assert_eq!(fitted_size(vec2(0.0, 0.0), vec2(1280.0, 800.0), None), None);
    }
}

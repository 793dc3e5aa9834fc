//! The app without a window, driven by commands on standard input: for process tests of what
//! only a whole process shows (crash recovery after `kill -9`, signals), on machines with no
//! display. `pricelab --headless [FILE]` runs it; it is not meant for people.
//!
//! Each line of input is one command, applied through the app's own command path
//! ([`PricelabApp::apply`]), and the app runs a frame every 20 ms as it would in a window:
//! - `name TEXT`, `months N`: edit the scenario's name or months;
//! - `save`, `quit`: as the menu's Save and Quit;
//! - `discard-changes`: the unsaved-changes question answered with *Discard changes*;
//! - `restore`, `discard-recovery`: restore or discard the first recovery file offered.
//!
//! It reports on standard output, one line each: `applied <command>` once a command is
//! applied; `offered <scenario name> | <file or ->` for each
//! recovery file offered at start, each followed by a `change <what>` line per change its edits
//! make to the file, then `ready`; `recovery written` whenever the recovery file
//! has caught up with the edits; `asking about unsaved changes` when the app asks; `status
//! <text>` when the status bar changes; `quit` when it closes. At the end of its input it stops
//! at once (`end of input`), leaving any recovery file for the next start.

use super::{Command, PricelabApp, Settings, recovery::Autosave, watch_signals};
use eframe::egui;
use std::io::{BufRead as _, Write as _};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// Runs the app headless on `file` (or the built-in example) until it quits.
#[must_use]
pub fn run(file: Option<&Path>) -> ExitCode {
    let signals = watch_signals(None);
    let mut app = PricelabApp::new(file, Settings::default()).with_recovery(Autosave::data_dir()).with_signals(signals);
    let ctx = egui::Context::default();
    let mut out = std::io::stdout();
    let mut say = |line: &str| {
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    };
    for offer in &app.autosave().offers {
        match &offer.recovery {
            Ok(r) => say(&format!(
                "offered {} | {}",
                r.scenario.name,
                r.file.as_ref().map_or_else(|| "-".to_owned(), |f| f.display().to_string())
            )),
            Err(e) => say(&format!("offered unreadable | {e}")),
        }
        for change in offer.compared.iter().flat_map(|c| &c.changes) {
            say(&format!("change {change}"));
        }
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let _ = std::thread::Builder::new().name("stdin".into()).spawn(move || {
        for line in std::io::stdin().lock().lines().map_while(Result::ok) {
            if tx.send(Some(line)).is_err() {
                return;
            }
        }
        // The end of the input: whoever drove the app is gone.
        let _ = tx.send(None);
    });
    say("ready");
    let (mut written, mut asking, mut status) = (false, false, String::new());
    loop {
        while let Ok(line) = rx.try_recv() {
            let Some(line) = line else {
                // Nobody is left to answer a question: closed as by a second signal, any
                // unsaved edits kept in the recovery file.
                app.keep_unsaved();
                say("end of input");
                return ExitCode::SUCCESS;
            };
            command(&mut app, line.trim());
            say(&format!("applied {}", line.trim()));
        }
        frame(&ctx, &mut app);
        let now_written = app.document().is_dirty() && app.autosave().is_current(app.document());
        if now_written && !written {
            say("recovery written");
        }
        written = now_written;
        if app.is_confirming() && !asking {
            say("asking about unsaved changes");
        }
        asking = app.is_confirming();
        if app.status() != status {
            status = app.status().to_owned();
            say(&format!("status {status}"));
        }
        if app.is_quitting() && !app.is_confirming() {
            // One more frame: closing deletes the recovery file unless it is to be kept.
            frame(&ctx, &mut app);
            say("quit");
            return ExitCode::SUCCESS;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs one frame of the app; nothing is painted, so its textures are dropped unapplied.
fn frame(ctx: &egui::Context, app: &mut PricelabApp) {
    let mut output = ctx.run_ui(egui::RawInput::default(), |ui| app.ui(ui));
    output.textures_delta.clear();
}

fn command(app: &mut PricelabApp, line: &str) {
    let (verb, rest) = line.split_once(' ').unwrap_or((line, ""));
    let mut state = app.document().state().clone();
    match verb {
        "name" => {
            state.scenario.name = rest.to_owned();
            app.apply(Command::Edit(Box::new(state)));
        }
        "months" => {
            if let Ok(months) = rest.trim().parse() {
                state.scenario.months = months;
                app.apply(Command::Edit(Box::new(state)));
            }
        }
        "save" => app.apply(Command::Save),
        "quit" => app.apply(Command::Quit),
        "discard-changes" => app.discard_changes(),
        "restore" | "discard-recovery" => {
            if let Some(path) = app.autosave().offers.first().map(|o| o.path.clone()) {
                app.apply(if verb == "restore" { Command::Restore(path) } else { Command::DiscardRecovery(path) });
            }
        }
        _ => {}
    }
}

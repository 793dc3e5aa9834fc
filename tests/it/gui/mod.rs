//! The desktop app driven as a user would, headless (egui_kittest): click, type, use the
//! keyboard, and check what the app then holds and shows. This module holds the helpers the
//! GUI tests share; the tests are in its submodules, one per area of the app.

mod analysis;
mod app;
mod commands;
mod customers;
mod first_hour;
mod large;
mod newcomer;
mod quote;
mod save;
mod transitions;
mod views;

use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use pricelab::app::PricelabApp;
use rust_decimal::Decimal;

/// One account: 1000 conversations, AI in 80%, resolving half: 400 resolutions a month, 10 seats.
/// One plan: 0.99 per resolution. 12 months: 400 × 0.99 × 12 = 4752.00.
pub(crate) const SMALL: &str = r#"(format: 1, name: "Small", start: "2025-01", months: 12,
    accounts: [(name: "Team", conversations: 1000, ai_involvement: (start: 0.8, end: 0.8, months: 0),
                resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
    plans: [(name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])])"#;

/// Frames `Harness::run` may take to settle: work off the UI thread (the example's Monte Carlo
/// run) asks for frames while it reports progress, so a `run` meeting it lasts until it is done,
/// however long that takes here (kittest's 4 failed now and then). This only bounds a hang.
pub(crate) const SETTLE_STEPS: u64 = 100_000;

pub(crate) fn harness(app: PricelabApp) -> Harness<'static, PricelabApp> {
    Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .with_max_steps(SETTLE_STEPS)
        .build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), app)
}

/// The one text the last frame put on the clipboard.
pub(crate) fn copied_text(h: &Harness<'_, PricelabApp>) -> String {
    let copied: Vec<&String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text),
            _ => None,
        })
        .collect();
    let [text] = copied.as_slice() else { panic!("one copy: {copied:?}") };
    (*text).clone()
}

pub(crate) fn small_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("small.ron");
    std::fs::write(&path, SMALL).unwrap();
    path
}

/// Types a new unit price into the (only) plan's price field, as a user would.
pub(crate) fn edit_price(h: &mut Harness<'_, PricelabApp>, text: &str) {
    h.get_by_label("Unit price").scroll_to_me();
    h.run();
    h.get_by_label("Unit price").click();
    h.run();
    assert!(h.get_by_label("Unit price").is_focused());
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.get_by_label("Unit price").type_text(text);
    h.key_press(Key::Enter);
    h.run();
}

pub(crate) fn total(h: &Harness<'_, PricelabApp>, plan: usize) -> Decimal {
    h.state().document().outcome.as_ref().unwrap().plans[plan].total
}

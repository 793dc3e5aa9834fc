//! Benchmark of one edit → re-simulate → re-plot cycle of the desktop app (issue #3 target:
//! under 16 ms a frame on a 2-core machine without GPU).
//!
//! - On the Fin scenario, each iteration changes the per-resolution price (as typing in the field
//!   does), then runs one whole frame of the app headless: the edit is applied, the scenario
//!   re-simulated, the editor and the revenue plot laid out and tessellated.
//! - On a portfolio of 2,000 account profiles: a frame with nothing changed (the editor lists
//!   every profile), and a frame with an edit (the scenario is then simulated off the UI thread;
//!   the frame pays for the edit and its validation, not the simulation).
//!
//! GPU rasterisation is not included (there is no GPU here; Mesa's llvmpipe draws the triangles
//! on the CPU in the real app). Run with `cargo bench --bench frame`.

// A benchmark with broken inputs should stop at once.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use pricelab::app::document::EditState;
use pricelab::app::results::Tab;
use pricelab::app::{Command, PricelabApp, Settings};
use pricelab::model::{Charge, Price, Scenario, examples};
use rust_decimal::Decimal;

fn harness() -> Harness<'static, PricelabApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), PricelabApp::new(None, Settings::default()))
}

/// Sets the per-resolution price of the plan at `plan`, charge `charge`, to `cents`.
fn set_price(state: &mut EditState, plan: usize, charge: usize, cents: i64) {
    if let Some(Charge::Usage { price: Price::PerUnit(p), .. }) =
        state.scenario.plans.get_mut(plan).and_then(|p| p.charges.get_mut(charge))
    {
        *p = Decimal::new(cents, 2);
    }
}

/// `state` with that price.
fn with_price(mut state: EditState, plan: usize, charge: usize, cents: i64) -> EditState {
    set_price(&mut state, plan, charge, cents);
    state
}

/// One frame, tessellated as the app's would be.
fn frame_of(h: &mut Harness<'_, PricelabApp>) -> Vec<egui::epaint::ClippedPrimitive> {
    h.step();
    let output = h.output();
    let shapes = output.shapes.clone();
    h.ctx.tessellate(shapes, output.pixels_per_point)
}

/// The shipped portfolio's three segments as `n` profiles of one account each.
fn large_portfolio(n: usize) -> Scenario {
    let mut s = examples::scenario_named("saas-portfolio.ron").unwrap();
    let segments = s.accounts.clone();
    s.accounts = (0..n)
        .map(|i| {
            let mut a = segments[i % segments.len()].clone();
            a.name = format!("{} {i}", a.name);
            a.count = 1;
            a
        })
        .collect();
    s.simulation.trials = 0;
    s
}

fn frame(c: &mut Criterion) {
    for tab in [Tab::Revenue, Tab::Summary] {
        let mut h = harness();
        h.state_mut().results_mut().tab = tab;
        h.run();
        let mut cents = 99_i64;
        c.bench_function(&format!("edit, simulate and draw a frame ({})", tab.label()), |b| {
            b.iter(|| {
                cents = if cents == 99 { 109 } else { 99 };
                let state = with_price(h.state().document().state().clone(), 2, 1, cents);
                h.state_mut().send(Command::Edit(Box::new(state)));
                frame_of(&mut h)
            });
        });
    }

    for n in [2_000, 10_000] {
        let mut h = harness();
        h.state_mut().send(Command::Edit(Box::new(EditState::new(large_portfolio(n)))));
        h.step();
        h.state_mut().finish_simulation();
        h.step();
        c.bench_function(&format!("draw a frame ({n} profiles)"), |b| b.iter(|| frame_of(&mut h)));
        let mut cents = 99_i64;
        // The price changes in the editors' draft, as typing in its field does.
        c.bench_function(&format!("edit and draw a frame ({n} profiles, simulated off the UI thread)"), |b| {
            b.iter(|| {
                cents = if cents == 99 { 109 } else { 99 };
                h.state_mut().edit_draft(|state| set_price(state, 2, 1, cents));
                frame_of(&mut h)
            });
        });
        h.state_mut().finish_simulation();
    }
}

/// A scenario of `n` real customers over 24 recorded months, imported as the app does, with the
/// plans of the shipped backtest example.
fn customers(n: usize) -> Scenario {
    use pricelab::model::{RecordedMonth, YearMonth};
    let plans = pricelab::io::read_scenario(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/backtest/plans.ron"
    )))
    .unwrap();
    let start = YearMonth::new(2024, 1).unwrap();
    let usage: pricelab::io::import::Usage = (0..n)
        .map(|i| {
            let size = 300 + (i * 7919) % 40_000;
            let months = (0..24_u32)
                .map(|m| {
                    let conversations = (size + size * m as usize / 30) as u64;
                    let ai = conversations * (60 + u64::from(m)) / 100;
                    let resolutions = ai * (30 + u64::from(m)) / 100;
                    let seats = (conversations - resolutions) / 300 + 1;
                    (start.plus(m), RecordedMonth { conversations, ai_conversations: ai, resolutions, seats })
                })
                .collect();
            (format!("Customer {i}"), months)
        })
        .collect();
    pricelab::io::import::make(
        &plans,
        &usage,
        "usage.csv",
        "usage.csv".into(),
        pricelab::io::import::Options::default(),
    )
    .unwrap()
    .scenario
}

/// The Customers tab on 10,000 customers: a frame with nothing new, and a frame scrolling the
/// table (issue #12: both under 8 ms).
fn customers_tab(c: &mut Criterion) {
    let mut h = harness();
    h.state_mut().send(Command::Imported(Box::new(customers(10_000))));
    h.step();
    h.state_mut().finish_simulation();
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_customers(&ctx);
    h.state_mut().results_mut().tab = Tab::Customers;
    h.step();
    h.step();
    assert!(h.state().backtest().is_some_and(|b| b.customers.len() == 10_000));
    c.bench_function("Customers tab: draw a frame (10000 customers)", |b| b.iter(|| frame_of(&mut h)));
    // Over the table: the wheel scrolls it, 120 points a frame, down then up again.
    h.event(egui::Event::PointerMoved(egui::pos2(600.0, 450.0)));
    let mut frames = 0_u32;
    c.bench_function("Customers tab: scroll the table a frame (10000 customers)", |b| {
        b.iter(|| {
            frames += 1;
            let down = (frames / 200).is_multiple_of(2);
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, if down { -120.0 } else { 120.0 }),
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
                modifiers: egui::Modifiers::default(),
            });
            frame_of(&mut h)
        });
    });
}

criterion_group!(benches, frame, customers_tab);
criterion_main!(benches);

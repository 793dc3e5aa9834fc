//! Benchmark of one edit → re-simulate → re-plot cycle of the desktop app on the Fin scenario
//! (issue #3 target: under 16 ms a frame on a 2-core machine without GPU).
//!
//! Each iteration changes the per-resolution price (as typing in the field does), then runs one
//! whole frame of the app headless: the edit is applied, the scenario re-simulated, the editor
//! and the revenue plot laid out and tessellated. GPU rasterisation is not included (there is no
//! GPU here; Mesa's llvmpipe draws the triangles on the CPU in the real app).
//!
//! Run with `cargo bench --bench frame`.

// A benchmark with broken inputs should stop at once.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use pricelab::app::document::EditState;
use pricelab::app::results::Tab;
use pricelab::app::{Command, PricelabApp, Settings};
use pricelab::model::{Charge, Price};
use rust_decimal::Decimal;

fn frame(c: &mut Criterion) {
    for tab in [Tab::Revenue, Tab::Summary] {
        let mut h = Harness::builder()
            .with_size(egui::vec2(1280.0, 800.0))
            .build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), PricelabApp::new(None, Settings::default()));
        h.state_mut().results_mut().tab = tab;
        h.run();
        let mut cents = 99_i64;
        c.bench_function(&format!("edit, simulate and draw a frame ({})", tab.label()), |b| {
            b.iter(|| {
                cents = if cents == 99 { 109 } else { 99 };
                let mut state: EditState = h.state().document().state().clone();
                if let Some(Charge::Usage { price: Price::PerUnit(p), .. }) = state.scenario.plans[2].charges.get_mut(1)
                {
                    *p = Decimal::new(cents, 2);
                }
                h.state_mut().send(Command::Edit(Box::new(state)));
                h.step();
                let output = h.output();
                let shapes = output.shapes.clone();
                h.ctx.tessellate(shapes, output.pixels_per_point)
            });
        });
    }
}

criterion_group!(benches, frame);
criterion_main!(benches);

//! The Analysis tab driven as a user would, on the built-in Fin example: a sweep picked from
//! the lists, a break-even applied and undone, and the sensitivity ranking.

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};
use pricelab::app::results::Tab;
use pricelab::app::results::analysis::Tool;
use pricelab::app::{Command, PricelabApp, Settings};
use pricelab::engine::decide::{self, Param, Path};
use rust_decimal::Decimal;

fn harness() -> Harness<'static, PricelabApp> {
    Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), PricelabApp::new(None, Settings::default()))
}

/// Draws a few frames (the Monte Carlo run in the background keeps asking for more).
fn frames(h: &mut Harness<'_, PricelabApp>) {
    h.run_steps(3);
}

/// Opens the Analysis tab and the tool labelled `tool`.
fn open(h: &mut Harness<'_, PricelabApp>, tool: &str) {
    frames(h);
    h.get_by_label("Analysis").click();
    frames(h);
    h.get_by_label(tool).click();
    frames(h);
}

/// Finishes the analysis shown and draws it.
fn finish(h: &mut Harness<'_, PricelabApp>) {
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_analysis(&ctx);
    frames(h);
}

/// Picks `item` from the drop-down list labelled `list`.
fn pick(h: &mut Harness<'_, PricelabApp>, list: &str, item: &str) {
    h.query_by(|n| n.label().as_deref() == Some(list) && n.role() == egui::accesskit::Role::ComboBox)
        .unwrap_or_else(|| panic!("no list labelled {list}"))
        .click();
    frames(h);
    // The item in the list that opened (a plan's name is in the editor too): the last drawn.
    h.get_all_by_label(item).last().unwrap().click();
    frames(h);
}

#[test]
fn a_sweep_of_a_price_picked_from_the_lists_plots_every_plan() {
    let mut h = harness();
    open(&mut h, "Sweep");
    pick(&mut h, "Vary", "Plan “Per resolution + Advanced seats”");
    pick(&mut h, "field", "charges[\"Resolution\"].price");
    finish(&mut h);
    let view = &h.state().results().analysis.sweep;
    let s = h.state().document().scenario();
    assert_eq!(
        view.picker.param.map(|p| p.name(s)).as_deref(),
        Some(r#"plans["Per resolution + Advanced seats"].charges["Resolution"].price"#)
    );
    // Half to one and a half times 0.99, 20 steps: 21 points, every plan at each.
    assert_eq!((view.from.as_str(), view.to.as_str()), ("0.495", "1.485"));
    let (points, current) = view.runner.result().unwrap();
    let points = points.as_ref().unwrap();
    assert!(current);
    assert_eq!(points.len(), 21);
    assert!(points.iter().all(|p| p.figures.as_ref().unwrap().len() == 4));
    h.get_by_label(r#"revenue of every plan as plans["Per resolution + Advanced seats"].charges["Resolution"].price varies; hover for figures, click to use a value"#);
    // Per resolution + $85 overtakes the $139 plan somewhere above 0.99 (the CLI says between 0.99 and 1.24).
    let crossing = h
        .query_all(
            By::new()
                .label_contains("× Per resolution + Advanced seats overtakes Per resolution + Expert seats between"),
        )
        .count();
    assert_eq!(crossing, 1, "{:?}", decide::crossings(points));
}

#[test]
fn break_even_applied_makes_the_year_one_total_reach_the_baseline_and_undo_restores_it() {
    let mut h = harness();
    open(&mut h, "Break-even");
    pick(&mut h, "Find the price at which", "Per resolution + Advanced seats");
    pick(&mut h, "over", "year 1");
    finish(&mut h);
    let answer = {
        let (answer, current) = h.state().results().analysis.solve.runner.result().unwrap();
        assert!(current);
        answer.clone().unwrap()
    };
    // As `pricelab solve … --year 1`: 0.48, earning 1,306,259.52 against the seats' 1,304,376.00.
    assert_eq!(answer.value, Some(Decimal::new(48, 2)));
    h.get_by_label("Apply 0.48").click();
    frames(&mut h);
    let s = h.state().document().scenario().clone();
    let price = Param::resolve(&s, &Path::parse("plans[2].charges[1].price").unwrap()).unwrap();
    assert_eq!(price.get(&s), Some(decide::Value::Decimal(Decimal::new(48, 2))));
    let outcome = h.state().document().outcome.as_ref().unwrap();
    let year1 = |p: usize| outcome.plans[p].billed[..12].iter().sum::<Decimal>();
    assert_eq!(year1(2), answer.figure_at_value.unwrap());
    assert!(year1(2) >= year1(0) && answer.figure_below.unwrap() < year1(0));
    // One undo step brings the old price back.
    h.state_mut().send(Command::Undo);
    frames(&mut h);
    let s = h.state().document().scenario();
    assert_eq!(price.get(s), Some(decide::Value::Decimal(Decimal::new(99, 2))));
}

#[test]
fn the_tornados_top_bar_is_the_parameter_the_engine_ranks_first() {
    let mut h = harness();
    open(&mut h, "Sensitivity");
    finish(&mut h);
    assert_eq!(h.state().results().analysis.tool, Tool::Sensitivity);
    assert_eq!(h.state().results().tab, Tab::Analysis);
    let s = h.state().document().scenario().clone();
    let engine = decide::tornado(
        &s,
        &decide::default_tornado_params(&s),
        Decimal::new(2, 1),
        &pricelab::engine::monte_carlo::Silent,
    )
    .unwrap();
    let (shown, _) = h.state().results().analysis.tornado.runner.result().unwrap();
    let shown = shown.as_ref().unwrap();
    assert_eq!(shown.ranked(0)[0].name, engine.ranked(0)[0].name);
    assert_eq!(shown.ranked(0)[0].name, r#"accounts["Support team"].resolution_rate.end"#);
    h.get_by_label("base USD 2,462,385.00; each bar runs from the total at the low value (red) to the total at the high value (blue); hover for figures; 6 assumption(s) leave this plan unchanged");
}

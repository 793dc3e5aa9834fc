//! The Analysis tab driven as a user would, on the built-in Fin example: a sweep picked from
//! the lists, a break-even applied and undone, and the sensitivity ranking.

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};
use pricelab::app::results::Tab;
use pricelab::app::results::analyses::Tool;
use pricelab::app::{Command, PricelabApp, Settings};
use pricelab::engine::analyses::{self, Param, Path};
use rust_decimal::Decimal;

pub(super) fn harness() -> Harness<'static, PricelabApp> {
    Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), PricelabApp::new(None, Settings::default()))
}

/// Draws a few frames (the Monte Carlo run in the background keeps asking for more).
pub(super) fn frames(h: &mut Harness<'_, PricelabApp>) {
    h.run_steps(3);
}

/// Opens the Analysis tab and the tool labelled `tool`.
pub(super) fn open(h: &mut Harness<'_, PricelabApp>, tool: &str) {
    frames(h);
    h.get_by_label("Analysis").click();
    frames(h);
    h.get_by_label(tool).click();
    frames(h);
}

/// Finishes the analysis shown and draws it.
pub(super) fn finish(h: &mut Harness<'_, PricelabApp>) {
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_analysis(&ctx);
    frames(h);
}

/// Picks `item` from the drop-down list labelled `list`.
pub(super) fn pick(h: &mut Harness<'_, PricelabApp>, list: &str, item: &str) {
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
    pick(&mut h, "field", "Resolution price");
    finish(&mut h);
    let view = &h.state().results().analysis.sweep;
    let s = h.state().document().scenario();
    assert_eq!(
        view.picker.param.map(|p| p.name(s)).as_deref(),
        Some(r#"plans["Per resolution + Advanced seats"].charges["Resolution"].price"#)
    );
    // Half to one and a half times 0.99, 20 steps: 21 points, every plan at each.
    assert_eq!((view.from.as_str(), view.to.as_str()), ("0.495", "1.485"));
    let (points, current) = h.state().jobs().sweep.result().unwrap();
    let points = points.as_ref().unwrap();
    assert!(current);
    assert_eq!(points.len(), 21);
    assert!(points.iter().all(|p| p.figures.as_ref().unwrap().len() == 4));
    h.get_by_label("revenue of every plan against Per resolution + Advanced seats: Resolution price; hover for figures, click to use a value");
    // Per resolution + $85 overtakes the $139 plan somewhere above 0.99 (the CLI says between 0.99 and 1.24).
    let crossing = h
        .query_all(
            By::new()
                .label_contains("× Per resolution + Advanced seats overtakes Per resolution + Expert seats between"),
        )
        .count();
    assert_eq!(crossing, 1, "{:?}", analyses::crossings(points));
}

#[test]
fn break_even_applied_makes_the_year_one_total_reach_the_baseline_and_undo_restores_it() {
    let mut h = harness();
    open(&mut h, "Break-even");
    pick(&mut h, "Find the price at which", "Per resolution + Advanced seats");
    pick(&mut h, "over", "year 1");
    finish(&mut h);
    let answer = {
        let (answer, current) = h.state().jobs().solve.result().unwrap();
        assert!(current);
        answer.clone().unwrap().solution
    };
    // As `pricelab solve … --year 1`: 0.48, earning 1,306,259.52 against the seats' 1,304,376.00.
    assert_eq!(answer.value, Some(Decimal::new(48, 2)));
    h.get_by_label("Apply 0.48").click();
    frames(&mut h);
    let s = h.state().document().scenario().clone();
    let price = Param::resolve(&s, &Path::parse("plans[2].charges[1].price").unwrap()).unwrap();
    assert_eq!(price.get(&s), Some(analyses::Value::Decimal(Decimal::new(48, 2))));
    let outcome = h.state().document().outcome.as_ref().unwrap();
    let year1 = |p: usize| outcome.plans[p].billed[..12].iter().sum::<Decimal>();
    assert_eq!(year1(2), answer.figure_at_value.unwrap());
    assert!(year1(2) >= year1(0) && answer.figure_below.unwrap() < year1(0));
    // One undo step brings the old price back.
    h.state_mut().send(Command::Undo);
    frames(&mut h);
    let s = h.state().document().scenario();
    assert_eq!(price.get(s), Some(analyses::Value::Decimal(Decimal::new(99, 2))));
}

#[test]
fn break_even_on_margin_finds_the_price_that_keeps_a_share_of_revenue() {
    let mut h = harness();
    open(&mut h, "Break-even");
    pick(&mut h, "Find the price at which", "Per resolution + Advanced seats");
    pick(&mut h, "measured by", "keeps a margin of");
    pick(&mut h, "at least", "a share of its revenue");
    finish(&mut h);
    let answer = {
        let (answer, current) = h.state().jobs().solve.result().unwrap();
        assert!(current);
        answer.clone().unwrap().solution
    };
    // As `pricelab solve … --measure margin --target 70%` (README): 0.76, a margin of
    // 4,514,284.32 against 70% of the bill, 4,503,560.824 (compared exactly; shown to the cent).
    assert_eq!(answer.value, Some(Decimal::new(76, 2)));
    assert_eq!(answer.target, Decimal::new(4_503_560_824, 3));
    h.get_by_label("margin of Per resolution + Advanced seats at 0.76");
    // Another share, typed: 0% is the price that covers the cost to serve (0.07, as `--target 0`).
    h.get_by_label("margin share (%)").click();
    frames(&mut h);
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    h.get_by_label("margin share (%)").type_text("0");
    frames(&mut h);
    assert_eq!(h.state().results().analysis.solve.share, "0");
    finish(&mut h);
    let (answer, _) = h.state().jobs().solve.result().unwrap();
    assert_eq!(answer.clone().unwrap().solution.value, Some(Decimal::new(7, 2)));
}

/// One account, one plan of three lines: 10 seats at 40.00 (400.00), 1000 conversations at
/// 0.10 (100.00), the AI in all of them resolving half: 500 resolutions at 1.00 (500.00).
/// 1,000.00 a month, 12,000.00 over the year.
const HYBRID: &str = r#"(format: 1, name: "Hybrid", start: "2025-01", months: 12,
    accounts: [(name: "Team", conversations: 1000, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
    plans: [(name: "Hybrid", charges: [
        Usage(name: "Seat", metric: Seats, price: PerUnit("40")),
        Usage(name: "Conversation", metric: Conversations, price: PerUnit("0.10")),
        Usage(name: "Resolution", metric: Resolutions, price: PerUnit("1.00"))])])"#;

/// The bars of one colour, top to bottom (not the legend's swatch, a 10-point square).
fn tornado_bars(h: &Harness<'_, PricelabApp>, fill: egui::Color32) -> Vec<egui::Rect> {
    let mut rects: Vec<egui::Rect> = h
        .output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            egui::Shape::Rect(r) if r.fill == fill && r.rect.size() != vec2(10.0, 10.0) => Some(r.rect),
            _ => None,
        })
        .collect();
    rects.sort_by(|a, b| a.center().y.total_cmp(&b.center().y));
    rects
}

/// Hovers a bar and returns what it says: its row's name and the total it stands for.
fn bar_figure(h: &mut Harness<'_, PricelabApp>, bar: egui::Rect) -> (String, String) {
    h.hover_at(bar.center());
    h.run();
    let texts: Vec<String> = h
        .output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            egui::Shape::Text(t) if t.galley.text().contains("\nat ") => Some(t.galley.text().to_owned()),
            _ => None,
        })
        .collect();
    let [text] = texts.as_slice() else { panic!("one hovered bar: {texts:?}") };
    // "NAME (LOW to HIGH)" and "at VALUE: TOTAL": the bar's own words, no raw length after them.
    let lines: Vec<&str> = text.lines().collect();
    let name = lines[0].split_once(" (").unwrap().0;
    (name.to_owned(), lines[1].rsplit_once(": ").unwrap().1.to_owned())
}

#[test]
fn the_tornado_ranks_a_hand_worked_scenarios_assumptions_by_how_far_they_move_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hybrid.ron");
    std::fs::write(&path, HYBRID).unwrap();
    let mut h = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), PricelabApp::new(Some(&path), Settings::default()));
    open(&mut h, "Sensitivity");
    finish(&mut h);
    assert_eq!(h.state().results().analysis.tool, Tool::Sensitivity);
    assert_eq!(h.state().results().tab, Tab::Analysis);
    // docs/analyses.md: each assumption at × 0.8 and × 1.2, a ramp's end capped at 1. By hand:
    // - conversations 800 / 1200: 400 + 80 + 400 = 880 / 400 + 120 + 600 = 1,120 a month:
    //   10,560.00 / 13,440.00, a swing of 2,880.00, the largest;
    // - the resolution rate's end 0.4 / 0.6, or the resolution price 0.80 / 1.20: resolutions
    //   bill 400 / 600: 10,800.00 / 13,200.00 (2,400.00);
    // - 8 / 12 seats, or the seat price 32 / 48: 320 / 480: 11,040.00 / 12,960.00 (1,920.00);
    // - the AI involvement's end 0.8 / 1.0 (capped): 400 resolutions: 10,800.00 / 12,000.00
    //   (1,200.00);
    // - the conversation price 0.08 / 0.12: 11,760.00 / 12,240.00 (480.00);
    // - growth 0 × anything is 0: no bar.
    h.get_by_label("base USD 12,000.00; each bar runs from the total at the low value (red) to the total at the high value (blue); hover for figures; 1 assumption(s) leave this plan unchanged");
    let (low, high) = (egui::Color32::from_rgb(200, 90, 80), egui::Color32::from_rgb(70, 130, 200));
    let lows = tornado_bars(&h, low);
    assert_eq!(lows.len(), 7, "a bar for each assumption that moves the total");
    let mut shown = Vec::new();
    for bar in lows {
        shown.push(bar_figure(&mut h, bar));
    }
    // Named in words (the path is the tooltip).
    let account = |field: &str| format!("Team: {field}");
    let price = |charge: &str| format!("Hybrid: {charge} price");
    let row = |name: String, total: &str| (name, format!("USD {total}"));
    assert_eq!(shown[0], row(account("conversations a month"), "10,560.00"));
    // Rows that swing alike may come in either order.
    let mut tied = shown[1..3].to_vec();
    tied.sort();
    assert_eq!(
        tied,
        [row(price("Resolution"), "10,800.00"), row(account("resolution rate at the end of its ramp"), "10,800.00")]
    );
    let mut tied = shown[3..5].to_vec();
    tied.sort();
    assert_eq!(tied, [row(price("Seat"), "11,040.00"), row(account("seats"), "11,040.00")]);
    assert_eq!(
        shown[5..],
        [row(account("AI involvement at the end of its ramp"), "10,800.00"), row(price("Conversation"), "11,760.00")]
    );
    // The top bar's high end.
    let top_high = tornado_bars(&h, high)[0];
    assert_eq!(bar_figure(&mut h, top_high), row(account("conversations a month"), "13,440.00"));
}

/// On a scenario of recorded customers, the break-even also says how many of them would pay
/// more at that price than under the baseline: as `pricelab backtest` counts them on the
/// scenario with the price set to the answer.
#[test]
fn a_break_even_says_how_many_recorded_customers_pay_more_at_its_price() {
    let dir = tempfile::tempdir().unwrap();
    let backtest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/backtest");
    for file in ["customers.ron", "usage.csv"] {
        std::fs::copy(backtest.join(file), dir.path().join(file)).unwrap();
    }
    let file = dir.path().join("customers.ron");
    let mut h = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut PricelabApp| app.ui(ui), PricelabApp::new(Some(&file), Settings::default()));
    open(&mut h, "Break-even");
    pick(&mut h, "Find the price at which", "$0.25 per resolution + $49 seats");
    pick(&mut h, "field", "Resolution price");
    // (Over the horizon the shipped candidates are priced at break-even already.)
    pick(&mut h, "over", "year 1");
    finish(&mut h);
    let (answer, current) = h.state().jobs().solve.result().unwrap();
    assert!(current);
    let answer = answer.clone().unwrap();
    let value = answer.solution.value.expect("a break-even price");
    let (up, down, same) = answer.customers.expect("counted over the recorded customers");
    assert_eq!(up + down + same, 300);
    h.get_by_label(&format!(
        "{up} pay more than under Seats ($99), {down} less, {same} the same (over their recorded months)"
    ));
    // The same count from the command line, on the file with that price.
    assert_ne!(value, Decimal::new(25, 2), "the test needs a price other than the file's");
    let plan = "$0.25 per resolution + $49 seats";
    let text = std::fs::read_to_string(&file).unwrap();
    let at = dir.path().join("at.ron");
    let price_line = format!("Usage(name: \"Resolution\", metric: Resolutions, price: PerUnit(\"{value}\"))");
    let named = text.find(&format!("name: \"{plan}\"")).unwrap();
    let first = named + text[named..].find("Usage(name: \"Resolution\"").unwrap();
    let end = first + text[first..].find(")),").unwrap() + 2;
    std::fs::write(&at, format!("{}{price_line}{}", &text[..first], &text[end..])).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pricelab"))
        .args(["backtest", at.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = json["plans"].as_array().unwrap().iter().find(|p| p["name"] == plan).unwrap().clone();
    assert_eq!(
        (row["customers_up"].as_u64(), row["customers_down"].as_u64(), row["customers_same"].as_u64()),
        (Some(up as u64), Some(down as u64), Some(same as u64))
    );
}

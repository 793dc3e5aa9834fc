//! The results tabs that are plots — Yearly totals, Usage, Distribution, and the revenue plot's
//! Cumulative and prepaid-spread views — opened as a user opens them (the tab, the switch), and
//! what they draw checked against figures worked out apart from the app: by hand from
//! docs/format.md's rules for small scenarios written here, or summed here from
//! `pricelab::engine::simulate`'s monthly bills for the shipped ones.
//!
//! What a plot shows is read from what the frame painted: the lines' points and the bars'
//! rectangles (turned back into values through the plot's own transform, kept in egui's memory
//! under the plot's fixed id), the text a bar shows when hovered, and the revenue plot's hover
//! window (read through the accessibility tree).

use egui::epaint::{ColorMode, Shape};
use egui::{Color32, Pos2, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use pricelab::app::results::Tab;
use pricelab::app::{PricelabApp, Settings};
use pricelab::model::money::grouped;
use rust_decimal::Decimal;
use std::path::Path;

const FIN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fin-outcome-pricing.ron");
const COMMIT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/seat-to-resolution-commit.ron");

/// The app on `path`, drawn.
fn open(path: &Path) -> Harness<'static, PricelabApp> {
    let app = PricelabApp::new(Some(path), Settings::default()).without_file_dialogs();
    let mut h = crate::gui::harness(app);
    h.run();
    h
}

/// The app on a scenario written here.
fn open_text(dir: &tempfile::TempDir, text: &str) -> Harness<'static, PricelabApp> {
    let path = dir.path().join("scenario.ron");
    std::fs::write(&path, text).unwrap();
    open(&path)
}

/// Clicks the button labelled `label` (a tab, a view switch), as a user would.
fn click(h: &mut Harness<'_, PricelabApp>, label: &str) {
    h.query_by(|n| n.label().as_deref() == Some(label) && n.role() == egui::accesskit::Role::Button)
        .unwrap_or_else(|| panic!("no button {label}"))
        .click();
    h.run();
}

/// Opens the results tab `tab` by clicking it.
fn open_tab(h: &mut Harness<'_, PricelabApp>, tab: Tab) {
    click(h, tab.label());
    assert_eq!(h.state().results().tab, tab);
}

/// Every shape the last frame painted, groups flattened.
fn painted(h: &Harness<'_, PricelabApp>) -> Vec<Shape> {
    fn flatten(shape: &Shape, out: &mut Vec<Shape>) {
        match shape {
            Shape::Vec(shapes) => shapes.iter().for_each(|s| flatten(s, out)),
            s => out.push(s.clone()),
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        flatten(&clipped.shape, &mut out);
    }
    out
}

/// Every text the last frame painted (plot labels are painted, not widgets).
fn painted_texts(h: &Harness<'_, PricelabApp>) -> Vec<String> {
    painted(h)
        .iter()
        .filter_map(|s| match s {
            Shape::Text(t) => Some(t.galley.text().to_owned()),
            _ => None,
        })
        .collect()
}

/// The screen points of every open line drawn in `color` at `width`.
fn lines(h: &Harness<'_, PricelabApp>, color: Color32, width: f32) -> Vec<Vec<Pos2>> {
    painted(h)
        .into_iter()
        .filter_map(|s| match s {
            Shape::Path(p)
                if !p.closed
                    && p.stroke.width == width
                    && matches!(p.stroke.color, ColorMode::Solid(c) if c == color) =>
            {
                Some(p.points)
            }
            _ => None,
        })
        .collect()
}

/// The one line drawn in `color` at `width`.
fn line(h: &Harness<'_, PricelabApp>, color: Color32, width: f32) -> Vec<Pos2> {
    let mut all = lines(h, color, width);
    assert_eq!(all.len(), 1, "one line of {color:?}");
    all.pop().unwrap()
}

/// The rectangles outlined in `color` (a bar chart's bars), left to right.
fn bars(h: &Harness<'_, PricelabApp>, color: Color32) -> Vec<Rect> {
    let mut rects: Vec<Rect> = painted(h)
        .into_iter()
        .filter_map(|s| match s {
            Shape::Rect(r) if r.stroke.width > 0.0 && r.stroke.color == color => Some(r.rect),
            _ => None,
        })
        .collect();
    rects.sort_by(|a, b| a.center().x.total_cmp(&b.center().x));
    rects
}

/// The rectangles filled with `fill` (bars without an outline), left to right.
fn filled(h: &Harness<'_, PricelabApp>, fill: Color32) -> Vec<Rect> {
    let mut rects: Vec<Rect> = painted(h)
        .into_iter()
        .filter_map(|s| match s {
            Shape::Rect(r) if r.fill == fill => Some(r.rect),
            _ => None,
        })
        .collect();
    rects.sort_by(|a, b| a.center().x.total_cmp(&b.center().x));
    rects
}

/// Screen points of the plot `id` as the values they stand for.
fn values(h: &Harness<'_, PricelabApp>, id: &str, points: &[Pos2]) -> Vec<[f64; 2]> {
    let memory = egui_plot::PlotMemory::load(&h.ctx, egui::Id::unique(id)).expect("the plot has been drawn");
    let t = memory.transform();
    points.iter().map(|p| t.value_from_position(*p)).map(|v| [v.x, v.y]).collect()
}

/// A line's values, month by month, and how far from them a value may be drawn.
struct Plotted {
    values: Vec<f64>,
    /// A hundredth of a pixel in value: a drawn point is an `f32` screen position.
    tolerance: f64,
}

/// The values of a line of the plot `id`, month by month (its x is the month's index).
fn monthly(h: &Harness<'_, PricelabApp>, id: &str, points: &[Pos2]) -> Plotted {
    let memory = egui_plot::PlotMemory::load(&h.ctx, egui::Id::unique(id)).expect("the plot has been drawn");
    let values = values(h, id, points)
        .iter()
        .enumerate()
        .map(|(m, [x, y])| {
            assert!((x - m as f64).abs() < 1e-3, "point {m} is drawn at month {x}");
            *y
        })
        .collect();
    Plotted { values, tolerance: 0.01 * memory.transform().dvalue_dpos()[1].abs() }
}

/// Asserts that a line is drawn at the expected values.
fn assert_plotted(what: &str, shown: &Plotted, expected: &[f64]) {
    let Plotted { values, tolerance } = shown;
    assert_eq!(values.len(), expected.len(), "{what}: {values:?}");
    for (m, (s, e)) in values.iter().zip(expected).enumerate() {
        assert!(
            (s - e).abs() <= *tolerance,
            "{what}, month {m}: drawn at {s}, expected {e} (±{tolerance})\n{values:?}"
        );
    }
}

/// Hovers `at` and returns the amounts painted then ("NAME: USD 1,234.00", as a hovered bar
/// is labelled).
fn hover_amounts(h: &mut Harness<'_, PricelabApp>, at: Pos2) -> Vec<String> {
    h.hover_at(at);
    h.run();
    painted_texts(h).into_iter().filter(|t| t.contains(": USD ")).collect()
}

/// The revenue plot's hover window at `at` (a point of a plan's line), titled `month`: each
/// plan's name with the amount shown beside it.
fn revenue_hover(h: &mut Harness<'_, PricelabApp>, at: Pos2, month: &str) -> Vec<(String, String)> {
    h.hover_at(at);
    // A tooltip opens once the pointer has rested: frames, each a 60th of a second of egui's
    // clock (not the machine's).
    let mut window = None;
    for _ in 0..120 {
        h.step();
        // The window's title is the month (also the editor's start); its grid holds name,
        // amount, name, amount…
        window = h.query_all_by_label(month).find_map(|title| {
            let mut node = title.parent()?;
            for _ in 0..4 {
                if node.children_recursive().any(|n| text(&n).is_some_and(|l| l.starts_with("USD "))) {
                    return Some(node.children_recursive().filter_map(|n| text(&n)).collect::<Vec<_>>());
                }
                node = node.parent()?;
            }
            None
        });
        if window.is_some() {
            break;
        }
    }
    let labels = window.unwrap_or_else(|| panic!("no hover window for {month}"));
    labels
        .windows(2)
        .filter(|w| w[1].starts_with("USD ") && !w[0].starts_with("USD ") && !w[0].trim().is_empty())
        .map(|w| (w[0].clone(), w[1].clone()))
        .collect()
}

/// What a node reads as: its label, or a label widget's text.
fn text(node: &egui_kittest::Node<'_>) -> Option<String> {
    let n = node.accesskit_node();
    n.label().or_else(|| n.value())
}

fn money(amount: Decimal) -> String {
    format!("USD {}", grouped(amount))
}

fn plan_color(h: &Harness<'_, PricelabApp>, p: usize) -> Color32 {
    let c = h.state().document().state().styles[p].color;
    Color32::from_rgb(c[0], c[1], c[2])
}

fn f(d: Decimal) -> f64 {
    d.try_into().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Yearly totals

#[test]
fn the_yearly_bars_are_each_contract_years_monthly_bills_summed() {
    let mut h = open(Path::new(FIN));
    open_tab(&mut h, Tab::Yearly);
    // The file read and simulated here, apart from the app; its years summed here.
    let outcome = crate::run(&std::fs::read_to_string(FIN).unwrap());
    assert_eq!(outcome.months.len(), 36, "the shipped example: three whole years");
    for (p, plan) in outcome.plans.iter().enumerate() {
        let drawn = bars(&h, plan_color(&h, p));
        assert_eq!(drawn.len(), 3, "{}: a bar a year", plan.name);
        for (year, bar) in drawn.iter().enumerate() {
            let sum: Decimal = plan.billed[12 * year..12 * (year + 1)].iter().sum();
            let texts = hover_amounts(&mut h, bar.center());
            let expected = format!("{}: {}", plan.name, money(sum));
            assert_eq!(texts, [expected], "year {} of {}", year + 1, plan.name);
        }
    }
}

/// One account: 1000 conversations, the AI in 80%, resolving half: 400 resolutions a month, 10 seats.
const SMALL: &str = r#"(format: 1, name: "Small", start: "2025-01", months: 15,
    accounts: [(name: "Team", conversations: 1000, ai_involvement: (start: 0.8, end: 0.8, months: 0),
                resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
    plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("50"))]),
            (name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])])"#;

#[test]
fn a_horizon_of_15_months_shows_a_whole_year_and_a_partial_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_text(&dir, SMALL);
    open_tab(&mut h, Tab::Yearly);
    // Seats: 10 × 50 = 500 a month; per resolution: 400 × 0.99 = 396 a month.
    // Year 1 is 12 months (6,000.00 and 4,752.00), year 2 the 3 months left (1,500.00 and 1,188.00).
    let expected = [
        ["Seats: USD 6,000.00", "Seats: USD 1,500.00"],
        ["Per resolution: USD 4,752.00", "Per resolution: USD 1,188.00"],
    ];
    for (p, texts) in expected.iter().enumerate() {
        let drawn = bars(&h, plan_color(&h, p));
        assert_eq!(drawn.len(), 2);
        for (bar, text) in drawn.iter().zip(texts) {
            let shown = hover_amounts(&mut h, bar.center());
            assert_eq!(shown, [*text]);
        }
    }
    // The years are named under the bars, the partial one marked.
    let texts = painted_texts(&h);
    for label in ["Y1 (2025-01..2025-12)", "Y2* (2026-01..2026-03)"] {
        assert!(texts.iter().any(|t| t == label), "{label} not in {texts:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Usage

/// Two profiles, worked out by hand below with docs/format.md's rules.
const TWO_PROFILES: &str = r#"(format: 1, name: "Two profiles", start: "2025-01", months: 12,
    accounts: [
        (name: "A", count: 3, conversations: 1000, ai_involvement: (start: 0.5, end: 0.9, months: 4),
         resolution_rate: (start: 0.3, end: 0.3, months: 0),
         seats: Staffed(start: 20, conversations_per_seat: 100.0, minimum: 5, term_months: 6)),
        (name: "B", count: 2, conversations: 410, seasonality: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.5],
         resolution_rate: (start: 0.25, end: 0.25, months: 0), seats: Fixed(3)),
    ],
    plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("50"))])])"#;

#[test]
fn the_usage_tab_plots_the_portfolios_usage_by_the_formats_rules() {
    // By hand (docs/format.md, "Accounts"), one account of each profile:
    // A: 1000 conversations every month; AI involvement ramps 0.5 → 0.9 over 4 months: 500, 600,
    //    700, 800, then 900 AI conversations; resolutions 30% of those: 150, 180, 210, 240, then
    //    270. Seats: 20 for the first 6-month term; the second term's busiest month has
    //    1000 − 270 = 730 human conversations: ⌈730 / 100⌉ = 8 seats (above the minimum of 5).
    // B: 410 conversations (December × 1.5: 615), all with the AI; resolutions 25%, rounded
    //    halves away from zero: 102.5 → 103 (December 153.75 → 154). 3 seats.
    // The portfolio: 3 × A + 2 × B.
    let conversations = [[3820.0; 11].as_slice(), &[4230.0]].concat();
    let ai = [[2320.0, 2620.0, 2920.0, 3220.0].as_slice(), &[3520.0; 7], &[3930.0]].concat();
    let resolutions = [[656.0, 746.0, 836.0, 926.0].as_slice(), &[1016.0; 7], &[1118.0]].concat();
    let seats = [[66.0; 6], [30.0; 6]].concat();
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_text(&dir, TWO_PROFILES);
    open_tab(&mut h, Tab::Usage);
    let (grey, blue, green, orange) = (
        Color32::from_rgb(120, 120, 120),
        Color32::from_rgb(86, 180, 233),
        Color32::from_rgb(0, 158, 115),
        Color32::from_rgb(213, 94, 0),
    );
    let volume = pricelab::app::results::plot_ids::USAGE_VOLUME;
    assert_plotted("conversations", &monthly(&h, volume, &line(&h, grey, 1.5)), &conversations);
    assert_plotted("AI conversations", &monthly(&h, volume, &line(&h, blue, 1.5)), &ai);
    assert_plotted("resolutions", &monthly(&h, volume, &line(&h, green, 1.5)), &resolutions);
    let seats_plot = pricelab::app::results::plot_ids::USAGE_SEATS;
    assert_plotted("seats", &monthly(&h, seats_plot, &line(&h, orange, 2.0)), &seats);
    // Hovering a line says the month and its exact figure: December's conversations, and the
    // seats of the second term.
    h.hover_at(line(&h, grey, 1.5)[11]);
    h.run();
    assert!(painted_texts(&h).iter().any(|t| t == "2025-12\nConversations: 4,230"), "{:?}", painted_texts(&h));
    h.hover_at(line(&h, orange, 2.0)[8]);
    h.run();
    assert!(painted_texts(&h).iter().any(|t| t == "2025-09\nSeats: 30"), "{:?}", painted_texts(&h));
}

// ---------------------------------------------------------------------------------------------
// Distribution

/// Two plans over two years, 200 Monte Carlo trials: the seat plan bills 500 every month of
/// every trial (10 fixed seats), the per-resolution plan follows the noisy volume.
const NOISY: &str = r#"(format: 1, name: "Noisy", start: "2025-01", months: 24,
    accounts: [(name: "Team", conversations: 1000, ai_involvement: (start: 0.8, end: 0.8, months: 0),
                resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
    plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("50"))]),
            (name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])],
    simulation: (trials: 200, volume_noise: 0.2))"#;

/// Each plan's total over `months` in every trial of the Monte Carlo run shown.
fn trial_totals(h: &Harness<'_, PricelabApp>, months: std::ops::Range<usize>) -> Vec<Vec<Decimal>> {
    let mc = h.state().mc().current().expect("the run of the scenario shown");
    mc.plans.iter().map(|p| (0..p.trials()).map(|t| p.trial_sum(t, months.clone()).unwrap()).collect()).collect()
}

/// Checks the histograms drawn against `totals` (per plan, per trial): 40 bins of one width from
/// the lowest total of any plan to the highest, each plan's outline at the share of its trials
/// in each bin.
#[allow(clippy::cast_sign_loss)] // counts and bins of non-negative totals
fn assert_histograms(h: &Harness<'_, PricelabApp>, totals: &[Vec<Decimal>]) {
    let all: Vec<f64> = totals.iter().flatten().map(|d| f(*d)).collect();
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let width = (hi - lo) / 40.0;
    for (p, plan) in totals.iter().enumerate() {
        let trials = plan.len();
        let mut expected = [0_usize; 40];
        for v in plan {
            expected[(((f(*v) - lo) / width).floor() as usize).min(39)] += 1;
        }
        // The bars: 40 a plan, side by side from the lowest total to the highest, each as high
        // as the share of the plan's trials in it, in %.
        let c = plan_color(h, p);
        let fill = Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 40);
        let drawn = filled(h, fill);
        assert_eq!(drawn.len(), 40, "plan {p}");
        let id = pricelab::app::results::plot_ids::DISTRIBUTION;
        let corners: Vec<Pos2> = drawn.iter().flat_map(|r| [r.left_top(), r.right_bottom()]).collect();
        let corners = values(h, id, &corners);
        let (first, last) = (corners[0], corners[79]);
        assert!((first[0] - lo).abs() < width * 1e-3 && (last[0] - hi).abs() < width * 1e-3, "{corners:?}");
        let counts: Vec<usize> = corners
            .chunks(2)
            .enumerate()
            .map(|(i, c)| {
                assert!(c[1][1].abs() < 1e-3, "bin {i} stands on zero: {c:?}");
                let count = c[0][1] * trials as f64 / 100.0;
                assert!((count - count.round()).abs() < 1e-3, "bin {i}: {}% of {trials} trials", c[0][1]);
                count.round() as usize
            })
            .collect();
        assert_eq!(counts.iter().sum::<usize>(), trials, "plan {p}: every trial in a bin");
        assert_eq!(counts, expected, "plan {p}");
    }
}

#[test]
fn the_distribution_counts_every_trial_in_its_bin_over_the_horizon_or_a_year() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_text(&dir, NOISY);
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_monte_carlo(&ctx);
    h.run();
    open_tab(&mut h, Tab::Distribution);
    h.get_by_label("200 trials, USD");
    let horizon = trial_totals(&h, 0..24);
    // The seat plan never moves: every trial bills 24 × 500.
    assert!(horizon[0].iter().all(|t| *t == Decimal::from(12_000)));
    assert_histograms(&h, &horizon);

    // The second year, picked from the list.
    h.query_by(|n| n.label().as_deref() == Some("Total over") && n.role() == egui::accesskit::Role::ComboBox)
        .unwrap()
        .click();
    h.run();
    h.get_all_by_label("Y2 (2026-01..2026-12)").last().unwrap().click();
    h.run();
    // (The pointer off the plot: a hovered bar is drawn in other colours.)
    h.remove_cursor();
    h.run();
    assert_histograms(&h, &trial_totals(&h, 12..24));

    // The Summary's P10, P50 and P90 of the totals are the trials' by nearest rank
    // (docs/monte-carlo.md): the values at ⌈k × 200 / 100⌉ = 20th, 100th and 180th, sorted.
    open_tab(&mut h, Tab::Summary);
    h.get_by_label("📋 Copy predictability").click();
    h.step();
    let text = crate::gui::copied_text(&h);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let column = |name: &str| rows[0].iter().position(|c| *c == name).unwrap();
    for (p, totals) in horizon.iter().enumerate() {
        let mut sorted = totals.clone();
        sorted.sort();
        for (name, rank) in [("total P10", 20), ("total P50", 100), ("total P90", 180)] {
            let shown = rows[p + 1][column(name)];
            assert_eq!(shown, pricelab::model::money::cents(sorted[rank - 1]), "{name} of {}", rows[p + 1][0]);
        }
    }
    assert_ne!(horizon[1].iter().min(), horizon[1].iter().max(), "the per-resolution plan's totals spread");
}

// ---------------------------------------------------------------------------------------------
// Revenue: cumulative and prepaid spread

/// A flat fee against a price per resolution whose resolution rate ramps up.
const CROSSING: &str = r#"(format: 1, name: "Crossing", start: "2025-01", months: 12,
    accounts: [(name: "Team", conversations: 1000, ai_involvement: (start: 0.8, end: 0.8, months: 0),
                resolution_rate: (start: 0.25, end: 0.75, months: 4), seats: Fixed(10))],
    plans: [(name: "Flat", charges: [Fee(name: "Platform", amount: "450")]),
            (name: "Per resolution", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))])])"#;

#[test]
fn the_cumulative_view_runs_each_plans_bills_up_to_its_total_and_marks_the_crossing() {
    // By hand: 800 AI conversations a month; the rate ramps 0.25 → 0.75 over 4 months: 200,
    // 300, 400, 500, then 600 resolutions at 0.99 = 198, 297, 396, 495, then 594 a month.
    let per_resolution = [[198.0, 297.0, 396.0, 495.0].as_slice(), &[594.0; 8]].concat();
    let running = |bills: &[f64]| -> Vec<f64> {
        bills
            .iter()
            .scan(0.0, |sum, b| {
                *sum += b;
                Some(*sum)
            })
            .collect()
    };
    let flat_to_date = running(&[450.0; 12]);
    let resolutions_to_date = running(&per_resolution);
    // To date, the per-resolution plan is below the flat fee's until July: 3,168 against 3,150.
    assert_eq!(
        (resolutions_to_date[5], flat_to_date[5], resolutions_to_date[6], flat_to_date[6]),
        (2574.0, 2700.0, 3168.0, 3150.0)
    );
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_text(&dir, CROSSING);
    open_tab(&mut h, Tab::Revenue);
    click(&mut h, "Cumulative");
    assert!(h.state().results().revenue.cumulative);
    h.get_by_label_contains("Revenue to date per plan, USD");
    let revenue = pricelab::app::results::plot_ids::REVENUE;
    let flat_line = line(&h, plan_color(&h, 0), 2.0);
    assert_plotted("flat, to date", &monthly(&h, revenue, &flat_line), &flat_to_date);
    assert_plotted(
        "per resolution, to date",
        &monthly(&h, revenue, &line(&h, plan_color(&h, 1), 2.0)),
        &resolutions_to_date,
    );
    assert!(painted_texts(&h).iter().any(|t| t == "crosses the baseline 2025-07"), "{:?}", painted_texts(&h));
    // The last month's figures, as the hover shows them: the totals, 12 × 450 and 6,138.00.
    let last = revenue_hover(&mut h, flat_line[11], "2025-12");
    assert_eq!(
        last,
        [("Flat".to_owned(), "USD 5,400.00".to_owned()), ("Per resolution".into(), "USD 6,138.00".into())]
    );
    let outcome = h.state().document().outcome.as_ref().unwrap();
    assert_eq!((money(outcome.plans[0].total), money(outcome.plans[1].total)), (last[0].1.clone(), last[1].1.clone()));
    // Back to monthly: the month's own bills.
    click(&mut h, "Monthly");
    let flat_line = line(&h, plan_color(&h, 0), 2.0);
    let june = revenue_hover(&mut h, flat_line[5], "2025-06");
    assert_eq!(june, [("Flat".to_owned(), "USD 450.00".to_owned()), ("Per resolution".into(), "USD 594.00".into())]);
}

/// docs/format.md's bundle, paid upfront or monthly: 300 units for 300.00 a 3-month term (50
/// resolutions a month use 150 of them: no overage).
const BUNDLES: &str = r#"(format: 1, name: "Bundles", start: "2025-01", months: 6,
    accounts: [(name: "A", conversations: 100, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1))],
    plans: [(name: "Upfront", commitments: [Bundle(name: "B", metric: Resolutions, units: 300, price: "300.00", term_months: 3)]),
            (name: "Monthly", commitments: [Bundle(name: "B", metric: Resolutions, units: 300, price: "300.00", term_months: 3, billing: Monthly)])])"#;

const SPREAD: &str = "Spread prepaid amounts over their term";

#[test]
fn the_spread_view_earns_an_upfront_bundle_evenly_over_its_term() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_text(&dir, BUNDLES);
    open_tab(&mut h, Tab::Revenue);
    let revenue = pricelab::app::results::plot_ids::REVENUE;
    // As billed: the upfront plan pays 300.00 in each term's first month (January and April),
    // the monthly one 100.00 every month.
    assert_plotted(
        "upfront, as billed",
        &monthly(&h, revenue, &line(&h, plan_color(&h, 0), 2.0)),
        &[300.0, 0.0, 0.0, 300.0, 0.0, 0.0],
    );
    assert_plotted("monthly, as billed", &monthly(&h, revenue, &line(&h, plan_color(&h, 1), 2.0)), &[100.0; 6]);
    h.get_by_label(SPREAD).click();
    h.run();
    assert!(h.state().results().revenue.spread);
    h.get_by_label_contains("Monthly revenue per plan, prepaid amounts spread over their term, USD");
    // Spread: each 300.00 earned as 100.00 in each of its term's three months; the monthly
    // payments are already even.
    let upfront = line(&h, plan_color(&h, 0), 2.0);
    assert_plotted("upfront, spread", &monthly(&h, revenue, &upfront), &[100.0; 6]);
    assert_plotted("monthly, spread", &monthly(&h, revenue, &line(&h, plan_color(&h, 1), 2.0)), &[100.0; 6]);
    for (m, month) in ["2025-01", "2025-02", "2025-06"].into_iter().enumerate().map(|(i, s)| ([0, 1, 5][i], s)) {
        let shown = revenue_hover(&mut h, upfront[m], month);
        assert_eq!(shown, [("Upfront".to_owned(), "USD 100.00".to_owned()), ("Monthly".into(), "USD 100.00".into())]);
    }
}

#[test]
fn the_shipped_upfront_commit_is_spread_over_each_year_and_the_year_still_adds_up() {
    let mut h = open(Path::new(COMMIT));
    open_tab(&mut h, Tab::Revenue);
    h.get_by_label(SPREAD).click();
    h.run();
    let outcome = crate::run(&std::fs::read_to_string(COMMIT).unwrap());
    let scenario = h.state().document().scenario();
    assert_eq!(scenario.accounts[0].count, 1);
    assert!(matches!(
        scenario.plans[1].commitments[..],
        [pricelab::model::Commitment::Commit { billing: pricelab::model::Billing::Upfront, term_months: 12, .. }]
    ));
    // The upfront plan pays its 800,000.00 commit in months 0, 12 and 24; spread, each month
    // earns a twelfth of it instead. The other plans (pay as you go, the commit billed monthly)
    // are drawn as billed.
    let commit = Decimal::from(800_000);
    let spread: Vec<Decimal> = outcome.plans[1]
        .billed
        .iter()
        .enumerate()
        .map(|(m, b)| b - if m % 12 == 0 { commit } else { Decimal::ZERO } + commit / Decimal::from(12))
        .collect();
    let revenue = pricelab::app::results::plot_ids::REVENUE;
    let drawn = |h: &Harness<'_, PricelabApp>, p: usize| monthly(h, revenue, &line(h, plan_color(h, p), 2.0));
    let as_f64 = |v: &[Decimal]| v.iter().map(|d| f(*d)).collect::<Vec<_>>();
    assert_plotted("upfront commit, spread", &drawn(&h, 1), &as_f64(&spread));
    assert_plotted("pay as you go", &drawn(&h, 0), &as_f64(&outcome.plans[0].billed));
    assert_plotted("commit billed monthly", &drawn(&h, 2), &as_f64(&outcome.plans[2].billed));
    let points = line(&h, plan_color(&h, 1), 2.0);
    let january = revenue_hover(&mut h, points[0], "2025-01");
    assert_eq!(january[1], (scenario_plan(&h, 1), money(spread[0])));
    // To date, the spread revenue reaches the same total: the horizon is three whole terms.
    click(&mut h, "Cumulative");
    let Plotted { values: to_date, tolerance } = drawn(&h, 1);
    let total = f(outcome.plans[1].total);
    assert!((to_date[35] - total).abs() <= tolerance, "{} against {total}", to_date[35]);
    assert!((to_date[11] - f(outcome.plans[1].billed[..12].iter().sum())).abs() <= tolerance);
}

fn scenario_plan(h: &Harness<'_, PricelabApp>, p: usize) -> String {
    h.state().document().scenario().plans[p].name.clone()
}

/// The shipped transition: its line is drawn in the revenue plot, dashed in the colour of the
/// plan it moves to, named in the legend and in the hover (with the month's bill), and in a
/// slide of the chart.
#[test]
fn a_transition_is_a_dashed_line_of_the_revenue_plot() {
    let mut h = open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/backtest/transition.ron"));
    open_tab(&mut h, Tab::Revenue);
    h.get_by_label("Move to $0.35 per resolution (dashed: moving from Seats ($99))");
    let to = h.state().document().scenario().plans.iter().position(|p| p.name == "$0.35 per resolution + $29 seats");
    let color = plan_color(&h, to.unwrap());
    // Dashes: segments of the `to` plan's colour, wider than its own solid line.
    let dashes = painted(&h)
        .iter()
        .filter(|s| matches!(s, Shape::LineSegment { stroke, .. } if stroke.width == 2.5 && stroke.color == color))
        .count();
    assert!(dashes > 20, "{dashes} dashes");
    // The hover of a month after the moves began (2027-06) says the transition's bill.
    let outcome = h.state().document().outcome.clone().unwrap();
    let m = outcome.months.iter().position(|m| m.to_string() == "2027-06").unwrap();
    let at = line(&h, color, 2.0)[m];
    let rows = revenue_hover(&mut h, at, "2027-06");
    let moving = rows.iter().find(|(name, _)| name == "Move to $0.35 per resolution (moving)").expect("the row");
    assert_eq!(moving.1, money(outcome.transitions[0].line.billed[m]));
}

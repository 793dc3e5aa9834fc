//! The customer quote as a PDF (SPEC §9): one A4 page (a second when the budget and the
//! assumptions need it) with the monthly bill of each plan and its P10–P90 band, the table of
//! years, totals, cost of support and savings, the cost of support as bars, the budget, and the
//! assumptions. Vector charts; the app's own fonts embedded (subset), so the text copies out.

use crate::engine::quote::Quote;
use crate::model::money::grouped;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The app's text font (Ubuntu Light, UFL) and its figures' (Hack, MIT).
const TEXT_FONT: &[u8] = include_bytes!("../../assets/fonts/Ubuntu-Light.ttf");
const FIGURE_FONT: &[u8] = include_bytes!("../../assets/fonts/Hack-Regular.ttf");
/// Hack's advance, in ems: every figure is as wide as the next.
const FIGURE_ADVANCE: f32 = 0.602;

/// The plans' colours (the app's palette: Okabe–Ito, then Tableau).
pub const PALETTE: [[u8; 3]; 10] = [
    [0, 114, 178],
    [230, 159, 0],
    [0, 158, 115],
    [204, 121, 167],
    [213, 94, 0],
    [86, 180, 233],
    [240, 228, 66],
    [148, 103, 189],
    [140, 86, 75],
    [127, 127, 127],
];

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 40.0;

struct Pen<'s, 'a> {
    surface: &'s mut Surface<'a>,
    text: Font,
    figures: Font,
}

fn color(c: [u8; 3]) -> rgb::Color {
    rgb::Color::new(c[0], c[1], c[2])
}

const INK: [u8; 3] = [30, 30, 30];
const GREY: [u8; 3] = [120, 120, 120];
const RULE: [u8; 3] = [210, 210, 210];

impl Pen<'_, '_> {
    fn fill(&mut self, c: [u8; 3], opacity: f32) {
        self.surface.set_fill(Some(Fill {
            paint: color(c).into(),
            opacity: NormalizedF32::new(opacity).unwrap_or(NormalizedF32::ONE),
            rule: krilla::paint::FillRule::NonZero,
        }));
    }

    fn text(&mut self, x: f32, y: f32, size: f32, c: [u8; 3], text: &str) {
        self.fill(c, 1.0);
        self.surface.set_stroke(None);
        self.surface.draw_text(Point::from_xy(x, y), self.text.clone(), size, text, false, TextDirection::Auto);
    }

    /// Figures right-aligned at `right`.
    fn figures(&mut self, right: f32, y: f32, size: f32, c: [u8; 3], text: &str) {
        #[allow(clippy::cast_precision_loss)] // a few dozen characters
        let width = text.chars().count() as f32 * FIGURE_ADVANCE * size;
        self.fill(c, 1.0);
        self.surface.set_stroke(None);
        self.surface.draw_text(
            Point::from_xy(right - width, y),
            self.figures.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    fn line(&mut self, points: &[(f32, f32)], c: [u8; 3], width: f32) {
        if let Some(path) = path(points, false) {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke { paint: color(c).into(), width, ..Stroke::default() }));
            self.surface.draw_path(&path);
        }
    }

    fn polygon(&mut self, points: &[(f32, f32)], c: [u8; 3], opacity: f32) {
        if let Some(path) = path(points, true) {
            self.surface.set_stroke(None);
            self.fill(c, opacity);
            self.surface.draw_path(&path);
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: [u8; 3], opacity: f32) {
        self.polygon(&[(x, y), (x + w, y), (x + w, y + h), (x, y + h)], c, opacity);
    }
}

/// The path through `points` (closed, for a shape).
fn path(points: &[(f32, f32)], close: bool) -> Option<krilla::geom::Path> {
    let mut pb = PathBuilder::new();
    for (i, (x, y)) in points.iter().enumerate() {
        if i == 0 {
            pb.move_to(*x, *y);
        } else {
            pb.line_to(*x, *y);
        }
    }
    if close {
        pb.close();
    }
    pb.finish()
}

fn f(v: Decimal) -> f32 {
    v.to_f32().unwrap_or(0.0)
}

/// A round step for an axis from 0 to `max` with about five marks.
fn step(max: f32) -> f32 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / 5.0;
    let magnitude = 10_f32.powf(raw.log10().floor());
    let scaled = raw / magnitude;
    let nice = if scaled <= 1.0 {
        1.0
    } else if scaled <= 2.0 {
        2.0
    } else if scaled <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}

fn short(v: f32) -> String {
    crate::model::money::short_amount(f64::from(v))
}

fn cut(text: &str, max: usize) -> String {
    crate::io::rows::shorten(text, max)
}

/// The quote as PDF bytes, dated `date` (`2026-12-01`).
///
/// # Errors
/// When the fonts cannot be read or the PDF cannot be made (a message for a person).
pub fn render(q: &Quote, date: &str, plan_colors: &[[u8; 3]]) -> Result<Vec<u8>, String> {
    let text = Font::new(TEXT_FONT.into(), 0).ok_or("the text font cannot be read")?;
    let figures = Font::new(FIGURE_FONT.into(), 0).ok_or("the figures' font cannot be read")?;
    let mut document = Document::new();
    document.set_metadata(
        krilla::metadata::Metadata::new()
            .title(format!("Proposal for {}", q.customer))
            .creator("pricelab".into())
            .producer("pricelab".into()),
    );
    let cur = q.currency.as_str();
    let colour = |i: usize| plan_colors.get(i).copied().unwrap_or(PALETTE[i % PALETTE.len()]);
    {
        let mut page = document.start_page_with(PageSettings::from_wh(WIDTH, HEIGHT).ok_or("no page size")?);
        let mut surface = page.surface();
        let overflow = {
            let mut pen = Pen { surface: &mut surface, text: text.clone(), figures: figures.clone() };
            let mut y = MARGIN + 16.0;
            pen.text(MARGIN, y, 20.0, INK, &format!("Proposal for {}", cut(&q.customer, 50)));
            y += 18.0;
            let span = match (q.months.first(), q.months.last()) {
                (Some(a), Some(b)) => format!("{a} to {b}"),
                _ => String::new(),
            };
            pen.text(MARGIN, y, 9.5, GREY, &format!("{} · {span} · amounts in {cur} · {date}", cut(&q.scenario, 60)));
            y += 24.0;

            // The monthly bill per plan, with its P10–P90 band.
            pen.text(MARGIN, y, 12.0, INK, "Your monthly bill under each plan");
            y += 6.0;
            let (x0, w, h) = (MARGIN + 44.0, WIDTH - 2.0 * MARGIN - 44.0, 190.0);
            let top = y + 8.0;
            let max = q
                .plans
                .iter()
                .flat_map(|p| p.monthly.iter().map(|v| f(*v)).chain(p.band.iter().flatten().map(|(_, p90)| f(*p90))))
                .fold(0.0_f32, f32::max);
            let step = step(max);
            let ymax = (max / step).ceil().max(1.0) * step;
            let n = q.months.len().max(2);
            #[allow(clippy::cast_precision_loss)]
            let px = |m: usize| x0 + w * m as f32 / (n - 1) as f32;
            let py = |v: f32| top + h - h * (v / ymax);
            let mut mark = 0.0;
            while mark <= ymax + 0.5 {
                pen.line(&[(x0, py(mark)), (x0 + w, py(mark))], RULE, 0.5);
                pen.figures(x0 - 4.0, py(mark) + 3.0, 7.0, GREY, &short(mark));
                mark += step;
            }
            for (m, month) in q.months.iter().enumerate() {
                if m % 6 == 0 {
                    pen.text(px(m) - 12.0, top + h + 11.0, 7.0, GREY, &month.to_string());
                }
            }
            for (i, plan) in q.plans.iter().enumerate() {
                let c = colour(i);
                if let Some(band) = &plan.band {
                    for (m, pair) in band.windows(2).enumerate() {
                        pen.polygon(
                            &[
                                (px(m), py(f(pair[0].0))),
                                (px(m + 1), py(f(pair[1].0))),
                                (px(m + 1), py(f(pair[1].1))),
                                (px(m), py(f(pair[0].1))),
                            ],
                            c,
                            0.18,
                        );
                    }
                }
                let points: Vec<(f32, f32)> =
                    plan.monthly.iter().enumerate().map(|(m, v)| (px(m), py(f(*v)))).collect();
                pen.line(&points, c, 1.6);
            }
            y = top + h + 26.0;
            let mut x = MARGIN;
            for (i, plan) in q.plans.iter().enumerate() {
                pen.rect(x, y - 7.0, 8.0, 8.0, colour(i), 1.0);
                let name = cut(&plan.name, 34);
                pen.text(x + 12.0, y, 8.5, INK, &name);
                #[allow(clippy::cast_precision_loss)]
                let advance = 12.0 + name.chars().count() as f32 * 4.6 + 14.0;
                x += advance;
                if x > WIDTH - MARGIN - 120.0 {
                    x = MARGIN;
                    y += 12.0;
                }
            }
            if q.trials > 0 {
                y += 12.0;
                pen.text(
                    MARGIN,
                    y,
                    7.5,
                    GREY,
                    &format!("Shaded: where the bill lands 8 times in 10 (P10–P90 of {} simulations).", q.trials),
                );
            }
            y += 24.0;

            // The table.
            pen.text(MARGIN, y, 12.0, INK, &format!("What you pay and save ({cur})"));
            y += 16.0;
            let years = q.years.len();
            let name_w = 150.0;
            // Each column as wide as its longest figure (Hack: every character alike), right-aligned.
            let size = 7.5;
            let cell = |i: usize, k: usize| -> String {
                let plan = &q.plans[i];
                if k < years {
                    plan.yearly.get(k).map(|v| grouped(*v)).unwrap_or_default()
                } else if k == years {
                    grouped(plan.total)
                } else if k == years + 1 {
                    grouped(plan.support_cost)
                } else if plan.name == q.baseline.name {
                    if k == years + 2 { "baseline".into() } else { String::new() }
                } else if k == years + 2 {
                    grouped(plan.saving)
                } else {
                    plan.saving_pct.map_or_else(String::new, |p| format!("{p}%"))
                }
            };
            let headers: Vec<String> = q
                .years
                .iter()
                .map(|y| format!("Year {}", y.number))
                .chain(["Total", "Support cost", "You save", "%"].map(String::from))
                .collect();
            let longest: Vec<usize> = headers
                .iter()
                .enumerate()
                .map(|(k, h)| {
                    (0..q.plans.len()).map(|i| cell(i, k).chars().count()).max().unwrap_or(0).max(h.chars().count())
                })
                .collect();
            // The figures' size that fits the page (7.5 pt, smaller for large amounts).
            #[allow(clippy::cast_precision_loss)]
            let size = {
                let chars: usize = longest.iter().sum();
                let room = WIDTH - 2.0 * MARGIN - name_w - 8.0 * longest.len() as f32;
                (room / (chars as f32 * FIGURE_ADVANCE)).clamp(5.0, size)
            };
            let mut edges = Vec::with_capacity(longest.len());
            let mut edge = MARGIN + name_w;
            for n in &longest {
                #[allow(clippy::cast_precision_loss)]
                let width = *n as f32 * FIGURE_ADVANCE * size + 8.0;
                edge += width;
                edges.push(edge);
            }
            let right = |k: usize| edges.get(k).copied().unwrap_or(edge);
            pen.text(MARGIN, y, 8.0, GREY, "Plan");
            for (k, header) in headers.iter().enumerate() {
                pen.figures(right(k), y, size, GREY, header);
            }
            y += 4.0;
            pen.line(&[(MARGIN, y), (WIDTH - MARGIN, y)], RULE, 0.5);
            for (i, plan) in q.plans.iter().enumerate() {
                y += 14.0;
                pen.rect(MARGIN, y - 7.0, 7.0, 7.0, colour(i), 1.0);
                pen.text(MARGIN + 11.0, y, 8.5, INK, &cut(&plan.name, 28));
                for k in 0..headers.len() {
                    let text = cell(i, k);
                    let ink = if text == "baseline" { GREY } else { INK };
                    pen.figures(right(k), y, size, ink, &text);
                }
            }
            y += 16.0;
            pen.text(
            MARGIN,
            y,
            7.5,
            GREY,
            &format!(
                "Support cost: your bills plus your team's seats × what a seat costs you. Savings against {}; your team goes from {} to {} seats.",
                cut(&q.baseline.name, 30),
                crate::model::money::group_digits(&q.seats.0.to_string()),
                crate::model::money::group_digits(&q.seats.1.to_string())
            ),
        );
            y += 24.0;

            // The cost of support as bars.
            pen.text(MARGIN, y, 12.0, INK, &format!("Your total cost of support over {} months", q.months.len()));
            y += 10.0;
            let biggest = q.plans.iter().map(|p| f(p.support_cost)).fold(0.0_f32, f32::max).max(1.0);
            let bar_x = MARGIN + 150.0;
            let bar_w = WIDTH - MARGIN - bar_x - 110.0;
            for (i, plan) in q.plans.iter().enumerate() {
                y += 16.0;
                pen.text(MARGIN, y, 8.5, INK, &cut(&plan.name, 30));
                let len = bar_w * f(plan.support_cost) / biggest;
                pen.rect(bar_x, y - 9.0, len.max(0.5), 11.0, colour(i), 0.9);
                pen.figures(WIDTH - MARGIN, y, 7.5, INK, &format!("{cur} {}", grouped(plan.support_cost)));
            }
            y += 26.0;

            if let Some(budget) = q.budget {
                pen.text(MARGIN, y, 12.0, INK, &format!("Against your budget of {cur} {} a month", grouped(budget)));
                y += 14.0;
                pen.text(
                    MARGIN,
                    y,
                    7.5,
                    GREY,
                    "Per year: the chance that a month's bill is over the budget, and the months expected over it.",
                );
                for (i, plan) in q.plans.iter().enumerate() {
                    y += 14.0;
                    pen.rect(MARGIN, y - 7.0, 7.0, 7.0, colour(i), 1.0);
                    pen.text(MARGIN + 11.0, y, 8.5, INK, &cut(&plan.name, 30));
                    for (k, over) in plan.over_budget.iter().flatten().enumerate() {
                        let pct = (over.chance * Decimal::ONE_HUNDRED).round_dp(0);
                        #[allow(clippy::cast_precision_loss)]
                        let at = MARGIN + 150.0 + 120.0 * (k + 1) as f32;
                        pen.figures(at, y, 7.5, INK, &format!("Y{}: {pct}% · {} mo", k + 1, over.months.round_dp(1)));
                    }
                }
                y += 24.0;
            }
            let overflow = y > HEIGHT - 160.0;
            if !overflow {
                assumptions(&mut pen, q, y, date);
            }
            overflow
        };
        surface.finish();
        page.finish();
        if overflow {
            let mut page = document.start_page_with(PageSettings::from_wh(WIDTH, HEIGHT).ok_or("no page size")?);
            let mut surface = page.surface();
            {
                let mut pen = Pen { surface: &mut surface, text, figures };
                assumptions(&mut pen, q, MARGIN + 16.0, date);
            }
            surface.finish();
            page.finish();
        }
    }
    document.finish().map_err(|e| format!("the PDF could not be made: {e:?}"))
}

/// The assumptions, and the footer.
fn assumptions(pen: &mut Pen<'_, '_>, q: &Quote, mut y: f32, date: &str) {
    pen.text(MARGIN, y, 12.0, INK, "Assumptions");
    for a in &q.assumptions {
        // Long sentences go on over lines of about 110 characters.
        let mut line = String::new();
        for word in a.split(' ') {
            if line.chars().count() + word.chars().count() > 110 {
                y += 12.0;
                pen.text(MARGIN, y, 8.5, INK, &line);
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        y += 12.0;
        pen.text(MARGIN, y, 8.5, INK, &line);
    }
    pen.text(
        MARGIN,
        HEIGHT - 24.0,
        7.0,
        GREY,
        &format!(
            "Prepared {date} with pricelab. Estimates from the usage assumed above; actual bills follow actual usage."
        ),
    );
}

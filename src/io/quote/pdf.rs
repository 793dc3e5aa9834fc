//! The customer's proposal as a PDF (docs/quote.md): A4, one page when it fits and two
//! well-filled ones when it does not (more only for very many plans). In order: who it is for
//! and from, the contract's months; what the figures say; each plan's monthly bill with its
//! P10–P90 band; the table of years, totals and savings; the saving of each plan against the
//! baseline as bars, in money and in % of the bill and of the total cost of support; the budget;
//! every offered plan's prices and terms in words; a recommended commitment; the assumptions.
//! Vector charts; the app's own fonts embedded (subset), so the text copies out. Names wrap,
//! never cut.

use super::Letterhead;
use crate::engine::quote::recommend::{Recommendation, SizeUnit};
use crate::engine::quote::terms::{per_term_words, price_text};
use crate::engine::quote::{PlanQuote, Quote};
use crate::model::money::{group_digits, grouped};
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
const TEXT_FONT: &[u8] = include_bytes!("../../../assets/fonts/Ubuntu-Light.ttf");
const FIGURE_FONT: &[u8] = include_bytes!("../../../assets/fonts/Hack-Regular.ttf");
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
const TOP: f32 = 40.0;
/// Where the content of a page ends: the footer is below.
const BOTTOM: f32 = HEIGHT - 46.0;
/// The monthly chart's height: at least this…
const CHART_MIN: f32 = 115.0;
/// …and at most this, grown to fill a page.
const CHART_MAX: f32 = 210.0;
/// Space between sections.
const GAP: f32 = 12.0;
/// The width of the plan column of the tables and bars.
const NAME_W: f32 = 150.0;

const INK: [u8; 3] = [30, 30, 30];
const GREY: [u8; 3] = [110, 110, 110];
const RULE: [u8; 3] = [215, 215, 215];
const GOOD: [u8; 3] = [0, 128, 90];
const BAD: [u8; 3] = [190, 60, 30];

/// Text sizes.
const BODY: f32 = 8.5;
const SMALL: f32 = 7.5;
const HEADING: f32 = 12.0;

fn color(c: [u8; 3]) -> rgb::Color {
    rgb::Color::new(c[0], c[1], c[2])
}

/// The fonts, and the text font's advances for measuring.
struct Fonts {
    text: Font,
    figures: Font,
    face: ttf_parser::Face<'static>,
}

impl Fonts {
    fn new() -> Result<Self, String> {
        Ok(Self {
            text: Font::new(TEXT_FONT.into(), 0).ok_or("the text font cannot be read")?,
            figures: Font::new(FIGURE_FONT.into(), 0).ok_or("the figures' font cannot be read")?,
            face: ttf_parser::Face::parse(TEXT_FONT, 0).map_err(|e| format!("the text font cannot be read: {e}"))?,
        })
    }

    /// The width of `text` set in the text font at `size`.
    fn width(&self, text: &str, size: f32) -> f32 {
        let per_em = f32::from(self.face.units_per_em().max(1));
        let units: u32 = text
            .chars()
            .map(|c| self.face.glyph_index(c).and_then(|g| self.face.glyph_hor_advance(g)).map_or(500, u32::from))
            .sum();
        #[allow(clippy::cast_precision_loss)] // a line's advance in font units: small
        let width = units as f32 / per_em * size;
        width
    }

    /// `text` broken into lines at most `width` wide (a word longer than a line is broken too).
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if self.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word too long for a line of its own is broken where it must be.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if self.width(&piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Draws on a page — or, without a surface, only measures (what a section would take).
struct Pen<'s, 'a> {
    surface: Option<&'s mut Surface<'a>>,
    fonts: &'s Fonts,
}

/// The height of a line of text of `size`.
fn leading(size: f32) -> f32 {
    size * 1.38
}

impl Pen<'_, '_> {
    fn fill(surface: &mut Surface<'_>, c: [u8; 3], opacity: f32) {
        surface.set_fill(Some(Fill {
            paint: color(c).into(),
            opacity: NormalizedF32::new(opacity).unwrap_or(NormalizedF32::ONE),
            rule: krilla::paint::FillRule::NonZero,
        }));
    }

    /// Text with its baseline at `y`; `bold` thickens it with an outline of its own colour.
    fn put(&mut self, x: f32, y: f32, size: f32, c: [u8; 3], text: &str, bold: bool) {
        let font = self.fonts.text.clone();
        if let Some(s) = self.surface.as_deref_mut() {
            Self::fill(s, c, 1.0);
            s.set_stroke(bold.then(|| Stroke { paint: color(c).into(), width: size * 0.035, ..Stroke::default() }));
            s.draw_text(Point::from_xy(x, y), font, size, text, false, TextDirection::Auto);
            s.set_stroke(None);
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, c: [u8; 3], text: &str) {
        self.put(x, y, size, c, text, false);
    }

    fn bold(&mut self, x: f32, y: f32, size: f32, c: [u8; 3], text: &str) {
        self.put(x, y, size, c, text, true);
    }

    /// Figures right-aligned at `right`.
    fn figures(&mut self, right: f32, y: f32, size: f32, c: [u8; 3], text: &str) {
        #[allow(clippy::cast_precision_loss)] // a few dozen characters
        let width = text.chars().count() as f32 * FIGURE_ADVANCE * size;
        let font = self.fonts.figures.clone();
        if let Some(s) = self.surface.as_deref_mut() {
            Self::fill(s, c, 1.0);
            s.set_stroke(None);
            s.draw_text(Point::from_xy(right - width, y), font, size, text, false, TextDirection::Auto);
        }
    }

    /// Wrapped text from `top` in a column `width` wide; returns where it ends.
    fn paragraph(&mut self, x: f32, top: f32, width: f32, size: f32, c: [u8; 3], text: &str) -> f32 {
        let mut y = top;
        for line in self.fonts.wrap(text, size, width) {
            self.text(x, y + size, size, c, &line);
            y += leading(size);
        }
        y
    }

    /// A bulleted sentence from `top`; returns where it ends.
    fn bullet(&mut self, x: f32, top: f32, width: f32, size: f32, text: &str) -> f32 {
        self.text(x, top + size, size, GREY, "•");
        self.paragraph(x + 9.0, top, width - 9.0, size, INK, text)
    }

    /// A section's heading from `top`; returns where it ends.
    fn heading(&mut self, top: f32, text: &str) -> f32 {
        self.bold(MARGIN, top + HEADING, HEADING, INK, text);
        top + leading(HEADING) + 2.0
    }

    fn line(&mut self, points: &[(f32, f32)], c: [u8; 3], width: f32) {
        if let (Some(s), Some(path)) = (self.surface.as_deref_mut(), path(points, false)) {
            s.set_fill(None);
            s.set_stroke(Some(Stroke { paint: color(c).into(), width, ..Stroke::default() }));
            s.draw_path(&path);
            s.set_stroke(None);
        }
    }

    fn polygon(&mut self, points: &[(f32, f32)], c: [u8; 3], opacity: f32) {
        if let (Some(s), Some(path)) = (self.surface.as_deref_mut(), path(points, true)) {
            s.set_stroke(None);
            Self::fill(s, c, opacity);
            s.draw_path(&path);
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

/// A percentage as the proposal writes it: `13.04%`.
fn percent(x: Decimal) -> String {
    format!("{}%", x.abs().normalize())
}

/// What the proposal is made of, in order. Sections are never split across pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Header,
    Findings,
    Chart,
    Table,
    Savings,
    Budget,
    /// One offered plan's prices and terms (the first with the heading).
    Terms(usize),
    Recommendations,
    Assumptions,
}

/// Everything a section draws from.
struct Sheet<'q> {
    q: &'q Quote,
    head: &'q Letterhead,
    colors: Vec<[u8; 3]>,
}

impl Sheet<'_> {
    fn colour(&self, i: usize) -> [u8; 3] {
        self.colors.get(i).copied().unwrap_or(PALETTE[i % PALETTE.len()])
    }

    fn others(&self) -> impl Iterator<Item = (usize, &PlanQuote)> {
        self.q.plans.iter().enumerate().filter(|(_, p)| p.name != self.q.baseline.name)
    }

    /// Draws `section` from `top` (or measures it, without a surface); returns where it ends.
    fn draw(&self, pen: &mut Pen<'_, '_>, section: Section, top: f32, chart: f32) -> f32 {
        match section {
            Section::Header => self.header(pen, top),
            Section::Findings => self.findings(pen, top),
            Section::Chart => self.chart(pen, top, chart),
            Section::Table => self.table(pen, top),
            Section::Savings => self.savings(pen, top),
            Section::Budget => self.budget(pen, top),
            Section::Terms(i) => self.terms(pen, top, i),
            Section::Recommendations => self.recommendations(pen, top),
            Section::Assumptions => self.assumptions(pen, top),
        }
    }

    fn header(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let q = self.q;
        let mut y = top;
        for line in pen.fonts.wrap(&format!("Proposal for {}", self.head.customer), 20.0, WIDTH - 2.0 * MARGIN) {
            pen.bold(MARGIN, y + 20.0, 20.0, INK, &line);
            y += 25.0;
        }
        let span = match (q.months.first(), q.months.last()) {
            (Some(a), Some(b)) => format!("{}-month contract, {a} to {b}", q.months.len()),
            _ => String::new(),
        };
        let from = self.head.vendor.as_ref().map(|v| format!("From {v} · ")).unwrap_or_default();
        let text = format!("{from}{span} · amounts in {} · prepared {}", q.currency, self.head.prepared);
        y = pen.paragraph(MARGIN, y + 2.0, WIDTH - 2.0 * MARGIN, 9.5, GREY, &text);
        pen.line(&[(MARGIN, y + 4.0), (WIDTH - MARGIN, y + 4.0)], RULE, 0.6);
        y + 6.0
    }

    fn findings(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let mut y = pen.heading(top, "In short");
        for f in &self.q.findings {
            y = pen.bullet(MARGIN, y, WIDTH - 2.0 * MARGIN, 9.0, f) + 1.0;
        }
        y
    }

    fn chart(&self, pen: &mut Pen<'_, '_>, top: f32, h: f32) -> f32 {
        let q = self.q;
        let mut y = pen.heading(top, "Your monthly bill under each plan");
        let (x0, w) = (MARGIN + 40.0, WIDTH - 2.0 * MARGIN - 40.0);
        let chart_top = y + 4.0;
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
        let py = |v: f32| chart_top + h - h * (v / ymax).clamp(0.0, 1.0);
        let mut mark = 0.0;
        while mark <= ymax + step * 0.01 {
            pen.line(&[(x0, py(mark)), (x0 + w, py(mark))], RULE, 0.5);
            pen.figures(x0 - 4.0, py(mark) + 2.5, 6.5, GREY, &short(mark));
            mark += step;
        }
        let every = if q.months.len() > 48 { 12 } else { 6 };
        for (m, month) in q.months.iter().enumerate() {
            if m % every == 0 {
                pen.text(px(m) - 11.0, chart_top + h + 10.0, 6.5, GREY, &month.to_string());
            }
        }
        for (i, plan) in q.plans.iter().enumerate() {
            let c = self.colour(i);
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
                        0.16,
                    );
                }
            }
            let points: Vec<(f32, f32)> = plan.monthly.iter().enumerate().map(|(m, v)| (px(m), py(f(*v)))).collect();
            pen.line(&points, c, 1.5);
        }
        y = chart_top + h + 16.0;
        // The legend: whole names, wrapped onto more lines as needed.
        let mut x = MARGIN;
        for (i, plan) in q.plans.iter().enumerate() {
            let width = 12.0 + pen.fonts.width(&plan.name, BODY);
            if x > MARGIN && x + width > WIDTH - MARGIN {
                x = MARGIN;
                y += leading(BODY);
            }
            pen.rect(x, y + 1.5, 7.0, 7.0, self.colour(i), 1.0);
            let room = WIDTH - MARGIN - x - 11.0;
            let lines = pen.fonts.wrap(&plan.name, BODY, room);
            for (k, line) in lines.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                pen.text(x + 11.0, y + BODY + k as f32 * leading(BODY), BODY, INK, line);
            }
            #[allow(clippy::cast_precision_loss)]
            let extra = (lines.len().saturating_sub(1)) as f32 * leading(BODY);
            y += extra;
            x += width + 14.0;
        }
        y += leading(BODY);
        if q.trials > 0 {
            y = pen.paragraph(
                MARGIN,
                y,
                WIDTH - 2.0 * MARGIN,
                SMALL,
                GREY,
                &format!(
                    "Shaded: where the bill lands 8 times in 10 (P10–P90 of {} simulated futures).",
                    group_digits(&q.trials.to_string())
                ),
            );
        }
        y
    }

    fn table(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let q = self.q;
        let mut y = pen.heading(top, &format!("What you pay and save ({})", q.currency));
        let years = q.years.len();
        let cell = |plan: &PlanQuote, k: usize| -> String {
            if k < years {
                plan.yearly.get(k).map(|v| grouped(*v)).unwrap_or_default()
            } else if k == years {
                grouped(plan.total)
            } else if plan.name == q.baseline.name {
                if k == years + 1 { "baseline".into() } else { String::new() }
            } else if k == years + 1 {
                grouped(plan.saving)
            } else {
                plan.saving_pct.map(|p| format!("{}%", p)).unwrap_or_default()
            }
        };
        let headers: Vec<String> = q
            .years
            .iter()
            .map(|y| if y.months.len() < 12 { format!("Year {}*", y.number) } else { format!("Year {}", y.number) })
            .chain(["Total".into(), "You save".into(), "% of bill".into()])
            .collect();
        let longest: Vec<usize> = headers
            .iter()
            .enumerate()
            .map(|(k, h)| q.plans.iter().map(|p| cell(p, k).chars().count()).max().unwrap_or(0).max(h.chars().count()))
            .collect();
        // The figures' size that fits the page (8 pt, smaller for large amounts or many years).
        #[allow(clippy::cast_precision_loss)]
        let size = {
            let chars: usize = longest.iter().sum();
            let room = WIDTH - 2.0 * MARGIN - NAME_W - 8.0 * longest.len() as f32;
            (room / (chars.max(1) as f32 * FIGURE_ADVANCE)).clamp(4.5, 8.0)
        };
        let mut edges = Vec::with_capacity(longest.len());
        let mut edge = MARGIN + NAME_W;
        for n in &longest {
            #[allow(clippy::cast_precision_loss)]
            let width = *n as f32 * FIGURE_ADVANCE * size + 8.0;
            edge += width;
            edges.push(edge);
        }
        let right = |k: usize| edges.get(k).copied().unwrap_or(edge);
        pen.text(MARGIN, y + 8.0, 8.0, GREY, "Plan");
        for (k, header) in headers.iter().enumerate() {
            pen.figures(right(k), y + 8.0, size, GREY, header);
        }
        y += 12.0;
        pen.line(&[(MARGIN, y), (WIDTH - MARGIN, y)], RULE, 0.5);
        y += 3.0;
        for (i, plan) in q.plans.iter().enumerate() {
            let lines = pen.fonts.wrap(&plan.name, BODY, NAME_W - 16.0);
            pen.rect(MARGIN, y + 3.0, 7.0, 7.0, self.colour(i), 1.0);
            for (k, line) in lines.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                pen.text(MARGIN + 11.0, y + BODY + 1.0 + k as f32 * leading(BODY), BODY, INK, line);
            }
            for k in 0..headers.len() {
                let text = cell(plan, k);
                let ink = if text == "baseline" {
                    GREY
                } else if k > years && plan.saving < Decimal::ZERO {
                    BAD
                } else {
                    INK
                };
                pen.figures(right(k), y + BODY + 1.0, size, ink, &text);
            }
            #[allow(clippy::cast_precision_loss)]
            let rows = lines.len().max(1) as f32;
            y += rows * leading(BODY) + 3.0;
        }
        pen.line(&[(MARGIN, y), (WIDTH - MARGIN, y)], RULE, 0.5);
        let mut notes = format!(
            "You save: {}'s bill minus the plan's over the {} months (negative: the plan costs more). % of bill: of {}'s bill.",
            q.baseline.name,
            q.months.len(),
            q.baseline.name
        );
        if let Some(last) = q.years.last().filter(|y| y.months.len() < 12) {
            notes.push_str(&format!(" * Year {} has {} months.", last.number, last.months.len()));
        }
        pen.paragraph(MARGIN, y + 3.0, WIDTH - 2.0 * MARGIN, SMALL, GREY, &notes)
    }

    fn savings(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let q = self.q;
        let cur = q.currency.as_str();
        let mut y = pen.heading(
            top,
            &format!("What each plan saves you against {} over {} months", q.baseline.name, q.months.len()),
        );
        let biggest = self.others().map(|(_, p)| f(p.saving).abs()).fold(0.0_f32, f32::max).max(1.0);
        let any_less = self.others().any(|(_, p)| p.saving > Decimal::ZERO);
        let any_more = self.others().any(|(_, p)| p.saving < Decimal::ZERO);
        let (bar_x, bar_w) = (MARGIN + NAME_W, 150.0);
        // Savings to the right of zero, increases to the left.
        let zero = match (any_less, any_more) {
            (true, true) => bar_x + bar_w / 2.0,
            (false, true) => bar_x + bar_w,
            _ => bar_x,
        };
        let scale = if any_less && any_more { bar_w / 2.0 } else { bar_w } / biggest;
        let text_x = bar_x + bar_w + 10.0;
        let text_w = WIDTH - MARGIN - text_x;
        let support = !q.agent_cost.is_zero();
        let top_of_bars = y;
        for (i, plan) in self.others() {
            let name_lines = pen.fonts.wrap(&plan.name, BODY, NAME_W - 16.0);
            pen.rect(MARGIN, y + 3.0, 7.0, 7.0, self.colour(i), 1.0);
            for (k, line) in name_lines.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                pen.text(MARGIN + 11.0, y + BODY + 1.0 + k as f32 * leading(BODY), BODY, INK, line);
            }
            let len = f(plan.saving) * scale;
            let (x, w) = if len >= 0.0 { (zero, len.max(0.5)) } else { (zero + len, -len) };
            pen.rect(x, y + 2.0, w, 9.0, if plan.saving < Decimal::ZERO { BAD } else { GOOD }, 0.85);
            let (verb, ink) = if plan.saving < Decimal::ZERO {
                ("costs you", BAD)
            } else if plan.saving.is_zero() {
                ("costs the same:", INK)
            } else {
                ("saves you", GOOD)
            };
            let more = if plan.saving < Decimal::ZERO { " more" } else { "" };
            let mut lines = vec![format!("{verb} {cur} {}{more}", grouped(plan.saving.abs()))];
            let mut shares = Vec::new();
            if let Some(p) = plan.saving_pct.filter(|_| !plan.saving.is_zero()) {
                shares.push(format!("{} of your bill", percent(p)));
            }
            if let Some(p) = plan.support_saving_pct.filter(|_| support && !plan.saving.is_zero()) {
                shares.push(format!("{} of your total cost of support", percent(p)));
            }
            if !shares.is_empty() {
                lines.push(shares.join(" · "));
            }
            let mut ty = y;
            for (k, line) in lines.iter().enumerate() {
                for wrapped in pen.fonts.wrap(line, BODY, text_w) {
                    pen.text(text_x, ty + BODY + 1.0, BODY, if k == 0 { ink } else { GREY }, &wrapped);
                    ty += leading(BODY);
                }
            }
            #[allow(clippy::cast_precision_loss)]
            let name_h = name_lines.len() as f32 * leading(BODY);
            y += name_h.max(ty - y).max(leading(BODY)) + 4.0;
        }
        pen.line(&[(zero, top_of_bars), (zero, y - 2.0)], GREY, 0.6);
        if support {
            let (first, last) = q.seats_first_last();
            let team = if first == last {
                format!("{} seats", group_digits(&first.to_string()))
            } else {
                format!("{} to {} seats", group_digits(&first.to_string()), group_digits(&last.to_string()))
            };
            y = pen.paragraph(
                MARGIN,
                y + 2.0,
                WIDTH - 2.0 * MARGIN,
                SMALL,
                GREY,
                &format!(
                    "Total cost of support: your bills plus your team ({team}) at {cur} {} a seat a month — {cur} {} under {}. Your team is the same under every plan, so the saving in money is the same on both; only its share differs.",
                    grouped(q.agent_cost),
                    grouped(q.baseline.support_total),
                    q.baseline.name
                ),
            );
        }
        y
    }

    fn budget(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let q = self.q;
        let Some(budget) = q.budget else { return top };
        let mut y = pen.heading(top, &format!("Against your budget of {} {} a month", q.currency, grouped(budget)));
        y = pen.paragraph(
            MARGIN,
            y,
            WIDTH - 2.0 * MARGIN,
            SMALL,
            GREY,
            if q.trials > 0 {
                "Per contract year: the chance that a month's bill is over the budget, and how many months of the year are expected over it."
            } else {
                "Per contract year: the share of months whose expected bill is over the budget, and how many they are."
            },
        );
        for (i, plan) in q.plans.iter().enumerate() {
            let lines = pen.fonts.wrap(&plan.name, BODY, NAME_W - 16.0);
            pen.rect(MARGIN, y + 3.0, 7.0, 7.0, self.colour(i), 1.0);
            for (k, line) in lines.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                pen.text(MARGIN + 11.0, y + BODY + 1.0 + k as f32 * leading(BODY), BODY, INK, line);
            }
            for (k, over) in plan.over_budget.iter().flatten().enumerate() {
                let pct = (over.chance * Decimal::ONE_HUNDRED).round_dp(0);
                #[allow(clippy::cast_precision_loss)]
                let at = MARGIN + NAME_W + 115.0 * (k + 1) as f32;
                if at <= WIDTH - MARGIN + 1.0 {
                    pen.figures(
                        at,
                        y + BODY + 1.0,
                        7.0,
                        INK,
                        &format!("Y{}: {pct}% · {} mo", k + 1, over.months.round_dp(1)),
                    );
                }
            }
            #[allow(clippy::cast_precision_loss)]
            let rows = lines.len().max(1) as f32;
            y += rows * leading(BODY) + 3.0;
        }
        y
    }

    fn terms(&self, pen: &mut Pen<'_, '_>, top: f32, i: usize) -> f32 {
        let mut y = top;
        if i == 0 {
            y = pen.heading(y, "Prices and terms");
        }
        let Some(plan) = self.q.plans.get(i) else { return y };
        pen.rect(MARGIN, y + 2.5, 7.0, 7.0, self.colour(i), 1.0);
        for line in pen.fonts.wrap(&plan.name, 9.5, WIDTH - 2.0 * MARGIN - 11.0) {
            pen.bold(MARGIN + 11.0, y + 9.5, 9.5, INK, &line);
            y += leading(9.5);
        }
        for sentence in &plan.terms {
            y = pen.bullet(MARGIN + 11.0, y, WIDTH - 2.0 * MARGIN - 11.0, BODY, sentence);
        }
        y + 3.0
    }

    fn recommendations(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let q = self.q;
        if q.recommendations.is_empty() {
            return top;
        }
        let mut y = pen.heading(top, "Recommended commitment");
        for r in &q.recommendations {
            y = pen.bullet(MARGIN, y, WIDTH - 2.0 * MARGIN, BODY, &recommendation_text(r, &q.currency)) + 1.0;
        }
        let basis = match q.recommendations.first().map(|r| r.trials) {
            Some(0) | None => "From the expected usage above.".to_owned(),
            Some(n) => format!("From {} simulated futures of your usage.", group_digits(&n.to_string())),
        };
        pen.paragraph(
            MARGIN,
            y,
            WIDTH - 2.0 * MARGIN,
            SMALL,
            GREY,
            &format!(
                "The size with the lowest expected bill over the contract among those tried (a bundle at the same price per unit). {basis}"
            ),
        )
    }

    fn assumptions(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let mut y = pen.heading(top, "Assumptions");
        for a in &self.q.assumptions {
            y = pen.bullet(MARGIN, y, WIDTH - 2.0 * MARGIN, BODY, a);
        }
        y
    }

    fn footer(&self, pen: &mut Pen<'_, '_>, page: usize, pages: usize) {
        let by = self.head.vendor.as_ref().map(|v| format!(" by {v}")).unwrap_or_default();
        let text = format!(
            "Prepared {}{by} with pricelab. Estimates from the usage assumed here; actual bills follow actual usage.",
            self.head.prepared
        );
        let y = pen.paragraph(MARGIN, HEIGHT - 34.0, WIDTH - 2.0 * MARGIN - 50.0, 7.0, GREY, &text);
        let _ = y;
        if pages > 1 {
            let label = format!("{page} of {pages}");
            let width = pen.fonts.width(&label, 7.0);
            pen.text(WIDTH - MARGIN - width, HEIGHT - 34.0 + 7.0, 7.0, GREY, &label);
        }
    }
}

/// A recommendation in one sentence.
fn recommendation_text(r: &Recommendation, currency: &str) -> String {
    let per_term = per_term_words(r.term_months);
    let size = |c: &crate::engine::quote::recommend::Candidate| match r.unit {
        SizeUnit::Units(m) => crate::engine::quote::terms::units(c.size.trunc().try_into().unwrap_or(0), m),
        SizeUnit::Money => price_text(currency, c.size),
    };
    let (Some(best), Some(current)) = (r.best(), r.current()) else { return String::new() };
    let chances = |c: &crate::engine::quote::recommend::Candidate| {
        let pct = |x: Decimal| format!("{}%", (x * Decimal::ONE_HUNDRED).round_dp(0));
        let mut s = format!("it runs out before its term ends in {} of terms", pct(c.runs_out));
        if let Some(u) = c.mostly_unused {
            s.push_str(&format!(", and more than a quarter is left unused in {}", pct(u)));
        }
        s
    };
    if r.best == r.current {
        format!(
            "{} — {}: the offered {} {per_term}{} is the best of the sizes tried, with an expected bill of {} over the contract; {}.",
            r.plan,
            r.commitment,
            size(best),
            if r.unit == SizeUnit::Money {
                String::new()
            } else {
                format!(" for {}", price_text(currency, best.price))
            },
            price_text(currency, best.total),
            chances(best)
        )
    } else {
        format!(
            "{} — {}: {} {per_term}{} gives the lowest expected bill, {} over the contract ({} less than with the offered {}); {}.",
            r.plan,
            r.commitment,
            size(best),
            if r.unit == SizeUnit::Money {
                String::new()
            } else {
                format!(" for {}", price_text(currency, best.price))
            },
            price_text(currency, best.total),
            price_text(currency, current.total - best.total),
            size(current),
            chances(best)
        )
    }
}

/// Which sections go on which page, and the chart's height.
fn layout(sheet: &Sheet<'_>, fonts: &Fonts) -> (Vec<Vec<Section>>, f32) {
    let q = sheet.q;
    let mut sections = vec![Section::Header, Section::Findings, Section::Chart, Section::Table];
    if sheet.others().next().is_some() {
        sections.push(Section::Savings);
    }
    if q.budget.is_some() {
        sections.push(Section::Budget);
    }
    sections.extend((0..q.plans.len()).map(Section::Terms));
    if !q.recommendations.is_empty() {
        sections.push(Section::Recommendations);
    }
    sections.push(Section::Assumptions);
    let mut pen = Pen { surface: None, fonts };
    let mut heights: Vec<f32> = sections.iter().map(|s| sheet.draw(&mut pen, *s, 0.0, CHART_MIN) + GAP).collect();
    let room = BOTTOM - TOP;
    let total: f32 = heights.iter().sum();
    if total <= room {
        // One page: the chart takes what is left, up to its largest.
        let chart = (CHART_MIN + room - total).min(CHART_MAX);
        return (vec![sections], chart);
    }
    // More: the figures on the first page with the chart as large as fits, the words after.
    let words = sections.iter().position(|s| matches!(s, Section::Terms(_))).unwrap_or(sections.len());
    let figures: f32 = heights[..words].iter().sum();
    let chart = (CHART_MIN + room - figures).clamp(CHART_MIN, CHART_MAX);
    if let Some(i) = sections.iter().position(|s| *s == Section::Chart) {
        heights[i] += chart - CHART_MIN;
    }
    let mut pages: Vec<Vec<Section>> = vec![Vec::new()];
    let mut used = 0.0;
    for (i, (section, h)) in sections.iter().zip(&heights).enumerate() {
        let page_full = used + h > room + 0.5;
        let first_words = i == words && figures + (chart - CHART_MIN) <= room + 0.5;
        if let Some(current) = pages.last()
            && !current.is_empty()
            && (page_full || first_words)
        {
            pages.push(Vec::new());
            used = 0.0;
        }
        if let Some(current) = pages.last_mut() {
            current.push(*section);
        }
        used += h;
    }
    (pages, chart)
}

/// The proposal as PDF bytes.
///
/// # Errors
/// When the fonts cannot be read or the PDF cannot be made (a message for a person).
pub fn render(q: &Quote, head: &Letterhead, plan_colors: &[[u8; 3]]) -> Result<Vec<u8>, String> {
    let fonts = Fonts::new()?;
    let sheet = Sheet { q, head, colors: plan_colors.to_vec() };
    let mut document = Document::new();
    let title = format!("Proposal for {}", head.customer);
    let mut metadata =
        krilla::metadata::Metadata::new().title(title).creator("pricelab".into()).producer("pricelab".into());
    if let Some(vendor) = &head.vendor {
        metadata = metadata.authors(vec![vendor.clone()]);
    }
    document.set_metadata(metadata);
    let (pages, chart) = layout(&sheet, &fonts);
    let count = pages.len();
    for (n, sections) in pages.iter().enumerate() {
        let mut page = document.start_page_with(PageSettings::from_wh(WIDTH, HEIGHT).ok_or("no page size")?);
        let mut surface = page.surface();
        {
            let mut pen = Pen { surface: Some(&mut surface), fonts: &fonts };
            let mut y = TOP;
            for section in sections {
                y = sheet.draw(&mut pen, *section, y, chart) + GAP;
            }
            sheet.footer(&mut pen, n + 1, count);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("the PDF could not be made: {e:?}"))
}

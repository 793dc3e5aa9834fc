//! The customer's proposal as a PDF (docs/quote.md): A4, one page when it fits and two
//! well-filled ones when it does not (more only for very many plans). In order: who it is for
//! and from, the contract's months; what the figures say; each plan's monthly bill with its
//! P10–P90 band; the table of years, totals and savings; the saving of each plan against the
//! baseline as bars, in money and in % of the bill and of the total cost of support; the budget;
//! every plan's prices and terms in words (the baseline's too when it is not offered); what is
//! counted; a recommended commitment; the assumptions. Vector charts; the app's own fonts
//! embedded (subset), so the text copies out. Names wrap, never cut.
//!
//! Sections are measured first (drawn without a page), then laid out on pages, then drawn.

mod pen;
pub mod recommendation;
mod sections;

use super::Letterhead;
use super::words::Words;
use crate::engine::quote::Quote;
use krilla::Document;
use krilla::page::PageSettings;
use pen::{Fonts, Pen};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use sections::{Section, Sheet};

/// Hack's advance, in ems: every figure is as wide as the next.
const FIGURE_ADVANCE: f32 = 0.602;

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 40.0;
const TOP: f32 = 40.0;
/// Where the content of a page ends: the footer (two lines at most) is below.
const BOTTOM: f32 = HEIGHT - 46.0;
/// The monthly chart's height: at least this (less on a page made compact to fit)…
const CHART_MIN: f32 = 115.0;
const CHART_COMPACT: f32 = 95.0;
/// …and at most this, grown to fill a page (the first of two pages: more).
const CHART_MAX: f32 = 210.0;
const CHART_MAX_SPREAD: f32 = 270.0;
/// Space between sections (less on a page made compact to fit).
const GAP: f32 = 12.0;
const GAP_COMPACT: f32 = 7.0;
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

/// The first character of `text` the proposal's text font cannot draw (it has Latin, Greek and
/// Cyrillic letters, not Chinese, Arabic or emoji), if any: such a name would print as empty
/// boxes.
#[must_use]
pub fn missing_glyph(text: &str) -> Option<char> {
    let face = ttf_parser::Face::parse(crate::io::fonts::TEXT, 0).ok()?;
    text.chars().find(|c| !c.is_whitespace() && face.glyph_index(*c).is_none())
}

fn f(v: Decimal) -> f32 {
    v.to_f32().unwrap_or(0.0)
}

/// How the sections fall on pages.
#[derive(Debug, Clone, PartialEq)]
struct Layout {
    pages: Vec<Vec<Section>>,
    /// The monthly chart's height.
    chart: f32,
    /// Space between sections.
    gap: f32,
}

/// Which sections go on which page, the chart's height and the space between sections: one page
/// when everything fits (compacted a little if that is what it takes), else the split between
/// the figures and the words that fills two pages most evenly, else page after page.
fn layout(sheet: &Sheet<'_>, fonts: &Fonts) -> Layout {
    let q = sheet.q;
    let mut sections = vec![Section::Header, Section::Findings, Section::Chart, Section::Table];
    if sheet.long() {
        sections.push(Section::Years);
    }
    if sheet.rows.iter().any(|r| r.plan.name != q.baseline.name) {
        sections.push(Section::Savings);
    }
    if q.budget.is_some() {
        sections.push(Section::Budget);
    }
    sections.extend((0..sheet.rows.len()).map(Section::Terms));
    if !sheet.metrics.is_empty() {
        sections.push(Section::Definitions);
    }
    if !q.recommendations.is_empty() {
        sections.push(Section::Recommendations);
    }
    sections.push(Section::Assumptions);
    let mut pen = Pen { surface: None, fonts };
    // Each section's height with the smallest chart (the chart's own grows later).
    let bare: Vec<f32> = sections.iter().map(|s| sheet.draw(&mut pen, *s, 0.0, 0.0)).collect();
    let room = BOTTOM - TOP;
    let height = |range: std::ops::Range<usize>, gap: f32, chart: f32| -> f32 {
        let has_chart = sections[range.clone()].contains(&Section::Chart);
        bare[range].iter().map(|h| h + gap).sum::<f32>() + if has_chart { chart } else { 0.0 }
    };
    let all = 0..sections.len();
    for (gap, least) in [(GAP, CHART_MIN), (GAP_COMPACT, CHART_COMPACT)] {
        let without = height(all.clone(), gap, 0.0);
        if without + least <= room {
            // One page: the chart takes what is left, up to its largest.
            return Layout { pages: vec![sections], chart: (room - without).min(CHART_MAX), gap };
        }
    }
    // Two pages: page 1 ends after the table at the earliest; of the splits that fit, the one
    // whose pages are filled most alike (the chart growing into what page 1 has left).
    let table = sections.iter().position(|s| *s == Section::Table).map_or(0, |t| t + 1);
    for (gap, least) in [(GAP, CHART_MIN), (GAP_COMPACT, CHART_COMPACT)] {
        let best = (table..sections.len())
            .filter_map(|k| {
                let first = height(0..k, gap, 0.0);
                let second = height(k..sections.len(), gap, 0.0);
                (first + least <= room && second <= room).then(|| {
                    // On the first of two pages the chart may take more room.
                    let chart = (room - first).min(CHART_MAX_SPREAD);
                    (k, chart, ((first + chart) - second).abs())
                })
            })
            .min_by(|a, b| a.2.total_cmp(&b.2));
        if let Some((k, chart, _)) = best {
            let second = sections.split_off(k);
            return Layout { pages: vec![sections, second], chart, gap };
        }
    }
    // More: page after page with the smallest chart, which then grows into what its page has
    // left.
    let mut pages: Vec<Vec<Section>> = vec![Vec::new()];
    let mut used = vec![0.0_f32];
    for (i, section) in sections.iter().enumerate() {
        let h = bare[i] + GAP + if *section == Section::Chart { CHART_MIN } else { 0.0 };
        let last = used.len() - 1;
        if !pages[last].is_empty() && used[last] + h > room + 0.5 {
            pages.push(Vec::new());
            used.push(0.0);
        }
        let last = used.len() - 1;
        pages[last].push(*section);
        used[last] += h;
    }
    let left = pages.iter().zip(&used).find(|(p, _)| p.contains(&Section::Chart)).map_or(0.0, |(_, u)| room - u);
    let chart = (CHART_MIN + left.max(0.0)).min(CHART_MAX_SPREAD);
    Layout { pages, chart, gap: GAP }
}

/// Every text the proposal prints from the scenario or the command line, checked against the
/// font: a name it cannot print (Chinese, Arabic, emoji…) would print as empty boxes, so the
/// proposal is refused, saying which name and what to do.
fn unprintable(q: &Quote, words: &Words, head: &Letterhead) -> Result<(), String> {
    use unicode_normalization::UnicodeNormalization as _;
    let check = |what: String, text: &str| match missing_glyph(&text.nfc().collect::<String>()) {
        Some(c) => Err(format!(
            "the proposal's font cannot print '{c}' (U+{:04X}) in {what}: it has Latin, Greek and Cyrillic letters{}",
            u32::from(c),
            if what.starts_with("the customer's name") { "; give the customer's name with --customer" } else { "" }
        )),
        None => Ok(()),
    };
    check(format!("the customer's name \"{}\"", head.customer), &head.customer)?;
    if let Some(v) = &head.vendor {
        check(format!("the vendor's name \"{v}\""), v)?;
    }
    for plan in q.plans.iter().chain(std::iter::once(&q.baseline)) {
        check(format!("the plan \"{}\"", plan.name), &plan.name)?;
        for t in words.terms(plan) {
            check(format!("the terms of \"{}\" (\"{t}\")", plan.name), t)?;
        }
    }
    for r in &q.recommendations {
        check(format!("the commitment \"{}\"", r.commitment), &r.commitment)?;
    }
    Ok(())
}

/// The proposal as PDF bytes; `plan_colors` are the offered plans' colours, in the quote's order.
///
/// # Errors
/// A name the font cannot print (see [`missing_glyph`]), fonts that cannot be read, or a PDF
/// that cannot be made (a message for a person).
pub fn render(q: &Quote, head: &Letterhead, plan_colors: &[[u8; 3]]) -> Result<Vec<u8>, String> {
    let sheet = Sheet::new(q, head, plan_colors);
    unprintable(q, &sheet.words, head)?;
    let fonts = Fonts::new()?;
    let mut document = Document::new();
    let title = format!("Proposal for {}", head.customer);
    let mut metadata = krilla::metadata::Metadata::new().title(title);
    if let Some(vendor) = &head.vendor {
        metadata = metadata.authors(vec![vendor.clone()]).creator(vendor.clone());
    }
    document.set_metadata(metadata);
    let layout = layout(&sheet, &fonts);
    let count = layout.pages.len();
    for (n, sections) in layout.pages.iter().enumerate() {
        let mut page = document.start_page_with(PageSettings::from_wh(WIDTH, HEIGHT).ok_or("no page size")?);
        let mut surface = page.surface();
        {
            let mut pen = Pen { surface: Some(&mut surface), fonts: &fonts };
            let mut y = TOP;
            for section in sections {
                y = sheet.draw(&mut pen, *section, y, layout.chart) + layout.gap;
            }
            sheet.footer(&mut pen, n + 1, count);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("the PDF could not be made: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::monte_carlo::Silent;
    use crate::engine::quote::{Customer, Request, quote};

    fn fin_quote(plans: Vec<usize>, budget: Option<Decimal>, years: u32) -> Quote {
        let s = crate::model::examples::named("fin-outcome-pricing.ron").unwrap();
        let mut r = Request::new(Customer::Profile(0));
        r.plans = plans;
        r.budget = budget;
        r.months = Some(years * 12);
        quote(&s.scenario().unwrap(), &r, &Silent).unwrap()
    }

    /// Every page's sections fit it, with the gap and chart the layout chose.
    fn fits(q: &Quote) -> Layout {
        let fonts = Fonts::new().unwrap();
        let head = Letterhead::of(q, "2026-12-07");
        let sheet = Sheet::new(q, &head, &[]);
        let l = layout(&sheet, &fonts);
        let mut pen = Pen { surface: None, fonts: &fonts };
        for page in &l.pages {
            let mut y = TOP;
            for s in page {
                y = sheet.draw(&mut pen, *s, y, l.chart) + l.gap;
            }
            assert!(y - l.gap <= BOTTOM + 0.5, "{page:?} ends at {y}");
        }
        assert!((CHART_COMPACT..=CHART_MAX_SPREAD).contains(&l.chart), "{}", l.chart);
        l
    }

    #[test]
    fn a_short_quote_takes_one_page_and_a_long_one_two_with_every_section_once() {
        let short = fits(&fin_quote(vec![0, 2], None, 3));
        assert_eq!(short.pages.len(), 1);
        let long = fits(&fin_quote(vec![], Some(Decimal::from(150_000)), 3));
        assert_eq!(long.pages.len(), 2);
        let all: Vec<Section> = long.pages.concat();
        assert_eq!(all.iter().filter(|s| **s == Section::Chart).count(), 1);
        assert!(long.pages[0].contains(&Section::Table), "the figures first: {long:?}");
    }

    #[test]
    fn a_ten_year_contract_has_its_years_in_a_table_of_their_own() {
        let q = fin_quote(vec![], None, 10);
        let l = fits(&q);
        assert!(l.pages.concat().contains(&Section::Years));
    }

    #[test]
    fn the_baseline_not_offered_is_shown_for_comparison() {
        let q = fin_quote(vec![2, 3], None, 3);
        let head = Letterhead::of(&q, "2026-12-07");
        let sheet = Sheet::new(&q, &head, &[]);
        assert_eq!(sheet.rows.len(), 3);
        assert!(!sheet.rows[2].offered);
        assert_eq!(sheet.rows[2].plan.name, q.baseline.name);
        assert_eq!(fits(&q).pages.concat().iter().filter(|s| matches!(s, Section::Terms(_))).count(), 3);
    }

    #[test]
    fn names_the_font_cannot_print_are_found() {
        assert_eq!(missing_glyph("Acme Retail GmbH — Müller & Søn, Ελλάδα, Москва"), None);
        assert_eq!(missing_glyph("Acme 株式会社"), Some('株'));
        assert_eq!(missing_glyph("Acme 🚀"), Some('🚀'));
    }
}

//! The proposal's sections, each drawn from a top edge (or measured, without a page) and
//! returning where it ends.

use super::pen::{Pen, leading};
use super::{BAD, BODY, GOOD, GREY, HEIGHT, INK, MARGIN, NAME_W, RULE, SMALL, WIDTH, f};
use crate::engine::quote::recommend::SizeUnit;
use crate::engine::quote::{PlanQuote, Quote};
use crate::io::quote::Letterhead;
use crate::io::quote::words::{Words, contract_words, percent, year_over_budget};
use crate::model::Metric;
use crate::model::money::{grouped, grouped_count};
use rust_decimal::Decimal;

mod chart;

/// The most contract years shown as columns of the main table (more would shrink its figures
/// past reading); longer contracts get a table of their own, a row a year.
const YEAR_COLUMNS: usize = 3;

/// What the proposal is made of, in order. Sections are never split across pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Header,
    Findings,
    Chart,
    Table,
    /// A row per contract year, for a contract too long for a column a year.
    Years,
    Savings,
    Budget,
    /// The prices and terms of the plan of row `i` (the first with the heading).
    Terms(usize),
    Definitions,
    Recommendations,
    Assumptions,
}

/// One row of the proposal: an offered plan, or the baseline shown for comparison.
pub(super) struct Row<'q> {
    pub(super) plan: &'q PlanQuote,
    pub(super) colour: [u8; 3],
    /// Offered (false: the baseline, not offered, shown for comparison).
    pub(super) offered: bool,
}

/// Everything a section draws from.
pub(super) struct Sheet<'q> {
    pub(super) q: &'q Quote,
    /// The quote's sentences.
    pub(super) words: Words,
    pub(super) head: &'q Letterhead,
    pub(super) rows: Vec<Row<'q>>,
    /// The metrics the rows' plans charge for, in the order of the format.
    pub(super) metrics: Vec<Metric>,
}

/// A name with what it is: `"Seats (for comparison)"`.
fn row_name(row: &Row<'_>) -> String {
    if row.offered { row.plan.name.clone() } else { format!("{}, for comparison", row.plan.name) }
}

impl<'q> Sheet<'q> {
    /// The sheet of `q`, its offered plans drawn in `colors`, and the baseline added for
    /// comparison when it is not offered.
    pub(super) fn new(q: &'q Quote, head: &'q Letterhead, colors: &[[u8; 3]]) -> Self {
        let mut rows: Vec<Row<'q>> = q
            .plans
            .iter()
            .enumerate()
            .map(|(i, plan)| Row {
                plan,
                colour: colors.get(i).copied().unwrap_or(crate::io::palette::plan_color(i)),
                offered: true,
            })
            .collect();
        if !q.plans.iter().any(|p| p.name == q.baseline.name) {
            rows.push(Row { plan: &q.baseline, colour: GREY, offered: false });
        }
        let metrics = Metric::ALL.into_iter().filter(|m| rows.iter().any(|r| r.plan.metrics.contains(m))).collect();
        Self { q, words: Words::of(q), head, rows, metrics }
    }

    /// The rows compared with the baseline.
    fn others(&self) -> impl Iterator<Item = &Row<'q>> {
        self.rows.iter().filter(|r| r.plan.name != self.q.baseline.name)
    }

    /// Whether the contract has more years than the main table has columns for.
    pub(super) fn long(&self) -> bool {
        self.q.years.len() > YEAR_COLUMNS
    }

    /// Draws `section` from `top` (or measures it, without a surface); returns where it ends.
    pub(super) fn draw(&self, pen: &mut Pen<'_, '_>, section: Section, top: f32, chart: f32) -> f32 {
        match section {
            Section::Header => self.header(pen, top),
            Section::Findings => self.findings(pen, top),
            Section::Chart => self.chart(pen, top, chart),
            Section::Table => self.table(pen, top),
            Section::Years => self.years(pen, top),
            Section::Savings => self.savings(pen, top),
            Section::Budget => self.budget(pen, top),
            Section::Terms(i) => self.terms(pen, top, i),
            Section::Definitions => self.definitions(pen, top),
            Section::Recommendations => self.recommendations(pen, top),
            Section::Assumptions => self.assumptions(pen, top),
        }
    }

    /// A row's swatch and name, wrapped in the name column, from `top`; returns the lines' height.
    fn name_cell(&self, pen: &mut Pen<'_, '_>, top: f32, row: &Row<'_>) -> f32 {
        let lines = pen.fonts.wrap(&row_name(row), BODY, NAME_W - 16.0);
        pen.rect(MARGIN, top + 3.0, 7.0, 7.0, row.colour, 1.0);
        for (k, line) in lines.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            pen.text(
                MARGIN + 11.0,
                top + BODY + 1.0 + k as f32 * leading(BODY),
                BODY,
                if row.offered { INK } else { GREY },
                line,
            );
        }
        #[allow(clippy::cast_precision_loss)]
        let height = lines.len().max(1) as f32 * leading(BODY);
        height
    }

    fn header(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let q = self.q;
        let mut y = top;
        for line in pen.fonts.wrap(&format!("Proposal for {}", self.head.customer), 20.0, WIDTH - 2.0 * MARGIN) {
            pen.bold(MARGIN, y + 20.0, 20.0, INK, &line);
            y += 25.0;
        }
        let n = q.months.len();
        let length = if n.is_multiple_of(12) && n >= 12 {
            format!("{}-year contract", n / 12)
        } else {
            format!("{n}-month contract")
        };
        let span = match (q.months.first(), q.months.last()) {
            (Some(a), Some(b)) => format!("{length}, {a} to {b}"),
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
        for f in &self.words.findings {
            y = pen.bullet(MARGIN, y, WIDTH - 2.0 * MARGIN, 9.0, f) + 1.0;
        }
        y
    }

    /// Columns of figures right-aligned after the name column: the size that fits the page (at
    /// most `largest` points) and each column's right edge.
    fn columns(headers: &[String], cells: &[Vec<String>], largest: f32) -> (f32, Vec<f32>) {
        let longest: Vec<usize> = headers
            .iter()
            .enumerate()
            .map(|(k, h)| {
                cells
                    .iter()
                    .map(|row| row.get(k).map_or(0, |c| c.chars().count()))
                    .max()
                    .unwrap_or(0)
                    .max(h.chars().count())
            })
            .collect();
        #[allow(clippy::cast_precision_loss)]
        let size = {
            let chars: usize = longest.iter().sum();
            let room = WIDTH - 2.0 * MARGIN - NAME_W - 8.0 * longest.len() as f32;
            (room / (chars.max(1) as f32 * super::FIGURE_ADVANCE)).min(largest)
        };
        let mut edge = MARGIN + NAME_W;
        let edges = longest
            .iter()
            .map(|n| {
                #[allow(clippy::cast_precision_loss)]
                let width = *n as f32 * super::FIGURE_ADVANCE * size + 8.0;
                edge += width;
                edge
            })
            .collect();
        (size, edges)
    }

    fn table(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let q = self.q;
        let base = q.baseline.name.as_str();
        let mut y = pen.heading(top, &format!("What you pay and save ({})", q.currency));
        // Years as columns when there are two to five; one year is the total, more get a table of
        // their own.
        let year_columns = if (2..=YEAR_COLUMNS).contains(&q.years.len()) { q.years.len() } else { 0 };
        let mut headers: Vec<String> = q
            .years
            .iter()
            .take(year_columns)
            .map(|y| if y.months.len() < 12 { format!("Year {}*", y.number) } else { format!("Year {}", y.number) })
            .collect();
        headers.extend(["Total".into(), "You save".into(), "% of bill".into()]);
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                let p = row.plan;
                let mut cells: Vec<String> = p.yearly.iter().take(year_columns).map(|v| grouped(*v)).collect();
                cells.push(grouped(p.total));
                if p.name == base {
                    cells.extend(["baseline".into(), String::new()]);
                } else {
                    cells.push(grouped(p.saving));
                    cells.push(p.saving_pct.map(percent).unwrap_or_default());
                }
                cells
            })
            .collect();
        let (size, edges) = Self::columns(&headers, &cells, 8.0);
        pen.text(MARGIN, y + 8.0, 8.0, GREY, "Plan");
        for (header, right) in headers.iter().zip(&edges) {
            pen.figures(*right, y + 8.0, size, GREY, header);
        }
        y += 12.0;
        pen.line(&[(MARGIN, y), (WIDTH - MARGIN, y)], RULE, 0.5);
        y += 3.0;
        for (row, cells) in self.rows.iter().zip(&cells) {
            let height = self.name_cell(pen, y, row);
            for (k, (text, right)) in cells.iter().zip(&edges).enumerate() {
                let ink = if text == "baseline" || !row.offered {
                    GREY
                } else if k + 2 >= cells.len() && row.plan.saving < Decimal::ZERO {
                    BAD
                } else {
                    INK
                };
                pen.figures(*right, y + BODY + 1.0, size, ink, text);
            }
            y += height + 3.0;
        }
        pen.line(&[(MARGIN, y), (WIDTH - MARGIN, y)], RULE, 0.5);
        let mut notes = format!(
            "You save: the bill under {base} minus the bill under the plan, over {} (negative: the plan costs more). % of bill: of the bill under {base}.",
            contract_words(q.months.len())
        );
        if year_columns > 0
            && let Some(last) = q.years.last().filter(|y| y.months.len() < 12)
        {
            let n = last.months.len();
            notes.push_str(&format!(" * Year {} has {n} month{}.", last.number, if n == 1 { "" } else { "s" }));
        }
        pen.paragraph(MARGIN, y + 3.0, WIDTH - 2.0 * MARGIN, SMALL, GREY, &notes)
    }

    /// A row per contract year and a column per row of the sheet (`rows` of them), each cell
    /// `cell(row, year)`, under `heading` (none when empty): for a contract with more years than
    /// a table has columns for.
    fn by_year(
        &self,
        pen: &mut Pen<'_, '_>,
        top: f32,
        heading: &str,
        rows: &[&Row<'_>],
        cell: &dyn Fn(&Row<'_>, usize) -> String,
    ) -> f32 {
        let q = self.q;
        let mut y = if heading.is_empty() { top } else { pen.heading(top, heading) };
        let cells: Vec<Vec<String>> = (0..q.years.len()).map(|k| rows.iter().map(|r| cell(r, k)).collect()).collect();
        let widest = cells.iter().flatten().map(|c| c.chars().count()).max().unwrap_or(1).max(8);
        #[allow(clippy::cast_precision_loss)] // a few plans
        let column = (WIDTH - 2.0 * MARGIN - 110.0) / rows.len().max(1) as f32;
        #[allow(clippy::cast_precision_loss)]
        let size = 7.5_f32.min((column - 12.0) / (widest as f32 * super::FIGURE_ADVANCE));
        #[allow(clippy::cast_precision_loss)]
        let right = |i: usize| MARGIN + 110.0 + column * (i + 1) as f32;
        let mut header_h: f32 = 0.0;
        for (i, row) in rows.iter().enumerate() {
            let lines = pen.fonts.wrap(&row_name(row), SMALL, column - 6.0);
            for (k, line) in lines.iter().enumerate() {
                let w = pen.fonts.width(line, SMALL);
                #[allow(clippy::cast_precision_loss)]
                pen.text(right(i) - w, y + SMALL + k as f32 * leading(SMALL), SMALL, GREY, line);
            }
            #[allow(clippy::cast_precision_loss)]
            let h = lines.len() as f32 * leading(SMALL);
            header_h = header_h.max(h);
        }
        y += header_h + 2.0;
        pen.line(&[(MARGIN, y), (WIDTH - MARGIN, y)], RULE, 0.5);
        y += 2.0;
        for (year, cells) in q.years.iter().zip(&cells) {
            pen.text(MARGIN, y + 8.0, 7.5, INK, &format!("Year {} ({} to {})", year.number, year.first, year.last));
            for (i, (row, value)) in rows.iter().zip(cells).enumerate() {
                pen.figures(right(i), y + 8.0, size, if row.offered { INK } else { GREY }, value);
            }
            y += leading(8.0);
        }
        y
    }

    /// The bills year by year, for a contract of more years than the table has columns for.
    fn years(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let rows: Vec<&Row<'_>> = self.rows.iter().collect();
        let heading = format!("Year by year ({})", self.q.currency);
        self.by_year(pen, top, &heading, &rows, &|row, k| {
            row.plan.yearly.get(k).map(|v| grouped(*v)).unwrap_or_default()
        })
    }

    fn savings(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let q = self.q;
        let cur = q.currency.as_str();
        let base = q.baseline.name.as_str();
        let what = if self.others().count() == 1 { "How the plan compares" } else { "How the plans compare" };
        let mut y = pen.heading(top, &format!("{what} with {base} over {}", contract_words(q.months.len())));
        let biggest = self.others().map(|r| f(r.plan.saving).abs()).fold(0.0_f32, f32::max).max(1.0);
        let any_less = self.others().any(|r| r.plan.saving > Decimal::ZERO);
        let any_more = self.others().any(|r| r.plan.saving < Decimal::ZERO);
        let (bar_x, bar_w) = (MARGIN + NAME_W, 140.0);
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
        for row in self.others() {
            let plan = row.plan;
            let name_h = self.name_cell(pen, y, row);
            let len = f(plan.saving) * scale;
            let (x, w) = if len >= 0.0 { (zero, len.max(0.5)) } else { (zero + len, -len) };
            pen.rect(x, y + 2.0, w, 9.0, if plan.saving < Decimal::ZERO { BAD } else { GOOD }, 0.85);
            let (first, ink) = match plan.saving.cmp(&Decimal::ZERO) {
                std::cmp::Ordering::Less => (format!("costs you {cur} {} more", grouped(-plan.saving)), BAD),
                std::cmp::Ordering::Equal => ("costs the same".to_owned(), INK),
                std::cmp::Ordering::Greater => (format!("saves you {cur} {}", grouped(plan.saving)), GOOD),
            };
            let mut lines = vec![(first, ink)];
            if !plan.saving.is_zero() {
                if let Some(p) = plan.saving_pct {
                    lines.push((format!("{} of your bill under {base}", percent(p.abs())), GREY));
                }
                if let Some(p) = plan.support_saving_pct.filter(|_| support) {
                    lines.push((format!("{} of your total cost of support", percent(p.abs())), GREY));
                }
            }
            let mut ty = y;
            for (line, ink) in &lines {
                for wrapped in pen.fonts.wrap(line, BODY, text_w) {
                    pen.text(text_x, ty + BODY + 1.0, BODY, *ink, &wrapped);
                    ty += leading(BODY);
                }
            }
            y += name_h.max(ty - y).max(leading(BODY)) + 4.0;
        }
        pen.line(&[(zero, top_of_bars), (zero, y - 2.0)], GREY, 0.6);
        if support {
            let (low, high) = (q.seats.iter().min().copied().unwrap_or(0), q.seats.iter().max().copied().unwrap_or(0));
            let team = if low == high {
                format!("{} agents", grouped_count(low))
            } else {
                format!("between {} and {} agents", grouped_count(low), grouped_count(high))
            };
            y = pen.paragraph(
                MARGIN,
                y + 2.0,
                WIDTH - 2.0 * MARGIN,
                SMALL,
                GREY,
                &format!(
                    "Total cost of support: your bills plus your team ({team}) at {cur} {} a month per agent — {cur} {} under {base}. Your team is the same whichever plan you choose, so a plan saves the same amount on both; only the share differs.",
                    grouped(q.agent_cost),
                    grouped(q.baseline.support_total)
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
                "Each contract year: the chance that a month's bill is over your budget, and how many of the year's months are expected over it."
            } else {
                "Each contract year: the share of months whose expected bill is over your budget, and how many months that is."
            },
        );
        if self.long() {
            let rows: Vec<&Row<'_>> = self.rows.iter().filter(|r| r.offered).collect();
            let trials = q.trials;
            return self.by_year(pen, y, "", &rows, &|row, k| {
                row.plan
                    .over_budget
                    .as_ref()
                    .and_then(|o| o.get(k))
                    .map(|o| year_over_budget(o, trials))
                    .unwrap_or_default()
            });
        }
        let shown = q.years.len();
        #[allow(clippy::cast_precision_loss)]
        let column = (WIDTH - 2.0 * MARGIN - NAME_W) / shown.max(1) as f32;
        #[allow(clippy::cast_precision_loss)]
        let right = |k: usize| MARGIN + NAME_W + column * (k + 1) as f32;
        for (k, year) in q.years.iter().take(shown).enumerate() {
            let label = format!("Year {}", year.number);
            let w = pen.fonts.width(&label, 7.5);
            pen.text(right(k) - w, y + 8.0, 7.5, GREY, &label);
        }
        y += 11.0;
        let cell = |over: &crate::engine::quote::YearOver| year_over_budget(over, q.trials);
        // The figures' size that fits the widest cell in its column.
        let widest = self
            .rows
            .iter()
            .flat_map(|r| r.plan.over_budget.iter().flatten().map(|o| cell(o).chars().count()))
            .max()
            .unwrap_or(1);
        #[allow(clippy::cast_precision_loss)]
        let size = ((column - 8.0) / (widest as f32 * super::FIGURE_ADVANCE)).min(7.0);
        for row in self.rows.iter().filter(|r| r.offered) {
            let height = self.name_cell(pen, y, row);
            for (k, over) in row.plan.over_budget.iter().flatten().take(shown).enumerate() {
                pen.figures(right(k), y + BODY + 1.0, size, INK, &cell(over));
            }
            y += height + 3.0;
        }
        y
    }

    fn terms(&self, pen: &mut Pen<'_, '_>, top: f32, i: usize) -> f32 {
        let mut y = top;
        if i == 0 {
            y = pen.heading(y, "Prices and terms");
        }
        let Some(row) = self.rows.get(i) else { return y };
        pen.rect(MARGIN, y + 2.5, 7.0, 7.0, row.colour, 1.0);
        let name = if row.offered {
            row.plan.name.clone()
        } else {
            format!("{} — what the savings are measured against (not offered)", row.plan.name)
        };
        for line in pen.fonts.wrap(&name, 9.5, WIDTH - 2.0 * MARGIN - 11.0) {
            pen.bold(MARGIN + 11.0, y + 9.5, 9.5, if row.offered { INK } else { GREY }, &line);
            y += leading(9.5);
        }
        for sentence in self.words.terms(row.plan) {
            y = pen.bullet(MARGIN + 11.0, y, WIDTH - 2.0 * MARGIN - 11.0, BODY, sentence);
        }
        y + 3.0
    }

    fn definitions(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let y = pen.heading(top, "What is counted");
        let mut text: Vec<&str> = self
            .metrics
            .iter()
            .map(|m| match m {
                Metric::Seats => "A seat: one of your human agents, counted each month.",
                Metric::Conversations => {
                    "A conversation: any conversation with your customers, with the AI agent or with people."
                }
                Metric::AiConversations => {
                    "An AI-handled conversation: a conversation the AI agent takes part in, resolved or not."
                }
                Metric::Resolutions => {
                    "A resolution: a conversation the AI agent resolves — your customer confirms the answer solved their problem, or asks for no more help."
                }
            })
            .collect();
        text.push("Charges are billed monthly on the month's counts; prepaid amounts as stated above.");
        pen.paragraph(MARGIN, y, WIDTH - 2.0 * MARGIN, BODY, INK, &text.join(" "))
    }

    fn recommendations(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let q = self.q;
        if q.recommendations.is_empty() {
            return top;
        }
        let mut y = pen.heading(top, "Recommended commitment");
        for r in &q.recommendations {
            y = pen.bullet(MARGIN, y, WIDTH - 2.0 * MARGIN, BODY, &super::recommendation::sentence(r, &q.currency))
                + 1.0;
        }
        let bundle = q.recommendations.iter().any(|r| matches!(r.unit, SizeUnit::Units(_)));
        let basis = match q.recommendations.first().map(|r| r.trials) {
            Some(0) | None => "Worked out on the expected usage above.".to_owned(),
            Some(n) => format!(
                "Worked out on {} simulated futures of your usage: the bills are their average, which differs from the expected usage's bill in the table.",
                grouped_count(n)
            ),
        };
        let prorata = if bundle { " A bundle of another size keeps its price per unit." } else { "" };
        pen.paragraph(
            MARGIN,
            y,
            WIDTH - 2.0 * MARGIN,
            SMALL,
            GREY,
            &format!("The size with the lowest bill over the contract among those tried.{prorata} {basis}"),
        )
    }

    fn assumptions(&self, pen: &mut Pen<'_, '_>, top: f32) -> f32 {
        let mut y = pen.heading(top, "Assumptions");
        for a in &self.words.assumptions {
            y = pen.bullet(MARGIN, y, WIDTH - 2.0 * MARGIN, BODY, a);
        }
        y
    }

    /// The footer of page `page` of `pages`: when and by whom, and what the figures are.
    pub(super) fn footer(&self, pen: &mut Pen<'_, '_>, page: usize, pages: usize) {
        let by = self.head.vendor.as_ref().map(|v| format!(" by {}", v.trim_end_matches('.'))).unwrap_or_default();
        let recorded = if self.words.assumptions.iter().any(|a| a.contains("recorded usage")) {
            "Recorded months are as recorded; the others are estimates from the usage assumed here"
        } else {
            "Estimates from the usage assumed here"
        };
        let text = format!("Prepared {}{by}. {recorded}; actual bills follow actual usage.", self.head.prepared);
        pen.paragraph(MARGIN, HEIGHT - 38.0, WIDTH - 2.0 * MARGIN - 50.0, 7.0, GREY, &text);
        if pages > 1 {
            let label = format!("{page} of {pages}");
            let width = pen.fonts.width(&label, 7.0);
            pen.text(WIDTH - MARGIN - width, HEIGHT - 38.0 + 7.0, 7.0, GREY, &label);
        }
    }
}

//! The proposal's chart: every plan's monthly bill, its P10–P90 band when there are trials, and
//! a legend of whole names.

use super::super::pen::{Pen, leading};
use super::super::{BODY, GREY, INK, MARGIN, RULE, SMALL, WIDTH, f};
use super::{Sheet, row_name};
use crate::io::axis::{Steps, step};
use crate::model::money::{axis_amount, grouped_count};

impl Sheet<'_> {
    /// The chart from `top`, its plot `h` points high; returns where it ends.
    pub(super) fn chart(&self, pen: &mut Pen<'_, '_>, top: f32, h: f32) -> f32 {
        let q = self.q;
        let mut y = pen.heading(top, "Your monthly bill under each plan");
        let (x0, w) = (MARGIN + 40.0, WIDTH - 2.0 * MARGIN - 40.0);
        let chart_top = y + 4.0;
        let max = self
            .rows
            .iter()
            .flat_map(|r| {
                r.plan.monthly.iter().map(|v| f(*v)).chain(r.plan.band.iter().flatten().map(|(_, p90)| f(*p90)))
            })
            .fold(0.0_f32, f32::max);
        #[allow(clippy::cast_possible_truncation)] // a round step of an amount in f32
        let step = step(f64::from(max), Steps::Plain) as f32;
        let ymax = (max / step).ceil().max(1.0) * step;
        let n = q.months.len().max(2);
        #[allow(clippy::cast_precision_loss)]
        let px = |m: usize| x0 + w * m as f32 / (n - 1) as f32;
        let py = |v: f32| chart_top + h - h * (v / ymax).clamp(0.0, 1.0);
        let mut mark = 0.0;
        while mark <= ymax + step * 0.01 {
            pen.line(&[(x0, py(mark)), (x0 + w, py(mark))], RULE, 0.5);
            pen.figures(x0 - 4.0, py(mark) + 2.5, 6.5, GREY, &axis_amount(f64::from(mark), f64::from(step)));
            mark += step;
        }
        // About eight month labels at most, on whole quarters, half-years or years.
        let every = [1, 2, 3, 6, 12, 24, 60, 120].into_iter().find(|e| q.months.len().div_ceil(*e) <= 8).unwrap_or(120);
        for (m, month) in q.months.iter().enumerate() {
            if m % every == 0 {
                pen.text(px(m) - 11.0, chart_top + h + 10.0, 6.5, GREY, &month.to_string());
            }
        }
        for row in &self.rows {
            let c = row.colour;
            if let Some(band) = &row.plan.band.as_ref().filter(|_| row.offered) {
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
            let points: Vec<(f32, f32)> =
                row.plan.monthly.iter().enumerate().map(|(m, v)| (px(m), py(f(*v)))).collect();
            pen.line(&points, c, if row.offered { 1.5 } else { 0.9 });
        }
        y = chart_top + h + 16.0;
        // The legend: whole names, wrapped onto more lines as needed.
        let mut x = MARGIN;
        for row in &self.rows {
            let name = row_name(row);
            let width = 12.0 + pen.fonts.width(&name, BODY);
            if x > MARGIN && x + width > WIDTH - MARGIN {
                x = MARGIN;
                y += leading(BODY);
            }
            pen.rect(x, y + 1.5, 7.0, 7.0, row.colour, 1.0);
            let lines = pen.fonts.wrap(&name, BODY, WIDTH - MARGIN - x - 11.0);
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
                    grouped_count(q.trials)
                ),
            );
        }
        y
    }
}

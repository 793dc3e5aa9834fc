//! `pricelab sweep`: every plan's and transition's figures at evenly spaced values of one parameter.

use super::{failed, json, resolve};
use crate::cli::{Format, Output, emit, eprintln_safe, read};
use crate::engine::analyses::{self, SweepPoint};
use crate::engine::monte_carlo::Silent;
use crate::model::Scenario;
use crate::model::money::{cents, grouped};
use rust_decimal::Decimal;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// `pricelab sweep`.
pub fn sweep(file: &Path, vary: &str, (from, to): (Decimal, Decimal), steps: u32, out: &Output<'_>) -> ExitCode {
    let scenario = match read(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let param = match resolve(&scenario, vary) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let points = match analyses::sweep(&scenario, param, from, to, steps, &Silent) {
        Ok(points) => points,
        Err(e) => return failed(file, &scenario, e),
    };
    let name = param.name(&scenario);
    for p in &points {
        if let Err(problems) = &p.figures {
            for problem in problems {
                eprintln_safe(&format!("pricelab: at {name} = {}: {problem}", p.value.readable()));
            }
        }
    }
    emit(file, out.path, |w| match out.format {
        Format::Table => w.write_all(sweep_table(&scenario, &name, &points).as_bytes()),
        Format::Json => json(w, &SweepJson::new(&scenario, &name, &points)),
        Format::Csv => sweep_csv(w, &scenario, &points),
    })
}

#[derive(Serialize)]
struct SweepJson<'a> {
    parameter: &'a str,
    points: Vec<PointJson<'a>>,
}

#[derive(Serialize)]
struct PointJson<'a> {
    value: String,
    problems: Option<Vec<String>>,
    plans: Option<Vec<FiguresJson<'a>>>,
}

#[derive(Serialize)]
struct FiguresJson<'a> {
    name: &'a str,
    total: String,
    margin: String,
    support_cost: String,
}

impl<'a> SweepJson<'a> {
    fn new(scenario: &'a Scenario, name: &'a str, points: &[SweepPoint]) -> Self {
        let points = points
            .iter()
            .map(|p| match &p.figures {
                Ok(figures) => PointJson {
                    value: p.value.to_string(),
                    problems: None,
                    plans: Some(
                        analyses::line_names(scenario)
                            .into_iter()
                            .zip(figures)
                            .map(|(name, f)| FiguresJson {
                                name,
                                total: cents(f.total),
                                margin: cents(f.margin),
                                support_cost: cents(f.support_cost),
                            })
                            .collect(),
                    ),
                },
                Err(problems) => PointJson {
                    value: p.value.to_string(),
                    problems: Some(problems.iter().map(ToString::to_string).collect()),
                    plans: None,
                },
            })
            .collect();
        Self { parameter: name, points }
    }
}

fn sweep_csv(w: &mut dyn Write, scenario: &Scenario, points: &[SweepPoint]) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["value", "plan", "total", "margin", "support_cost"])?;
    for p in points {
        let value = p.value.to_string();
        for (i, name) in analyses::line_names(scenario).into_iter().enumerate() {
            let f = p.figures.as_ref().ok().and_then(|f| f.get(i));
            let money = |g: fn(&analyses::Figures) -> Decimal| f.map(|f| cents(g(f))).unwrap_or_default();
            csv.write_record([
                value.as_str(),
                name,
                &money(|f| f.total),
                &money(|f| f.margin),
                &money(|f| f.support_cost),
            ])?;
        }
    }
    csv.flush()
}

/// Every result line's total at each value (the plans', then the transitions'), then where one
/// line overtakes another.
fn sweep_table(scenario: &Scenario, name: &str, points: &[SweepPoint]) -> String {
    let mut header = vec!["Value".to_string()];
    header.extend(analyses::line_names(scenario).into_iter().map(String::from));
    let rows: Vec<Vec<String>> = points
        .iter()
        .map(|p| {
            let mut row = vec![p.value.readable().to_string()];
            match &p.figures {
                Ok(f) => row.extend(f.iter().map(|f| grouped(f.total))),
                Err(problems) => {
                    row.push(format!("invalid: {}", problems.first().map(ToString::to_string).unwrap_or_default()));
                }
            }
            row
        })
        .collect();
    let mut out = format!("{}\nTotal over the horizon as {name} varies\n\n", scenario.name);
    out.push_str(&crate::cli::table::align(&header, &rows));
    let crossings = crossings(scenario, points);
    if !crossings.is_empty() {
        out.push_str("\nWhere the lines cross:\n");
        for c in crossings {
            out.push_str(&format!("  {c}\n"));
        }
    }
    out
}

/// "B overtakes A between 0.74 and 0.99" (or "meets A at 2.5") for every crossing.
fn crossings(scenario: &Scenario, points: &[SweepPoint]) -> Vec<String> {
    let names = analyses::line_names(scenario);
    let name = |k: usize| names.get(k).copied().unwrap_or_default();
    analyses::crossings(points)
        .into_iter()
        .map(|c| {
            let (a, b) = (c.between.0.readable(), c.between.1.readable());
            if c.between.0 == c.between.1 {
                format!("{} meets {} at {a}", name(c.rising), name(c.reached))
            } else {
                format!("{} overtakes {} between {a} and {b}", name(c.rising), name(c.reached))
            }
        })
        .collect()
}

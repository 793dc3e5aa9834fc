//! `pricelab tornado`: each parameter swung in turn, ranked by how far it moves each plan.

use super::{failed, json, resolve};
use crate::cli::{Format, Output, emit, read};
use crate::engine::analyses::{self, Tornado, Value};
use crate::engine::monte_carlo::Silent;
use crate::model::money::{cents, grouped};
use crate::model::{Problem, Scenario};
use rust_decimal::Decimal;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// `pricelab tornado`.
pub fn tornado(file: &Path, swing: Decimal, vary: &[String], out: &Output<'_>) -> ExitCode {
    let scenario = match read(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let params = if vary.is_empty() {
        analyses::default_tornado_params(&scenario)
    } else {
        let mut params = Vec::new();
        for v in vary {
            match resolve(&scenario, v) {
                Ok(p) => params.push(p),
                Err(code) => return code,
            }
        }
        params
    };
    let t = match analyses::tornado(&scenario, &params, swing, &Silent) {
        Ok(t) => t,
        Err(e) => return failed(file, &scenario, e),
    };
    emit(file, out.path, |w| match out.format {
        Format::Table => w.write_all(tornado_table(&scenario, &t).as_bytes()),
        Format::Json => json(w, &TornadoJson::new(&scenario, &t)),
        Format::Csv => tornado_csv(w, &scenario, &t),
    })
}

#[derive(Serialize)]
struct TornadoJson<'a> {
    swing: String,
    plans: Vec<TornadoPlanJson<'a>>,
}

#[derive(Serialize)]
struct TornadoPlanJson<'a> {
    name: &'a str,
    base: String,
    rows: Vec<TornadoRowJson<'a>>,
}

#[derive(Serialize)]
struct TornadoRowJson<'a> {
    parameter: &'a str,
    low_value: String,
    high_value: String,
    low: Option<String>,
    high: Option<String>,
    problems: Option<Vec<String>>,
}

impl<'a> TornadoJson<'a> {
    fn new(scenario: &'a Scenario, t: &'a Tornado) -> Self {
        let plans = analyses::line_names(scenario)
            .into_iter()
            .enumerate()
            .map(|(p, name)| TornadoPlanJson {
                name,
                base: t.base.get(p).copied().map(cents).unwrap_or_default(),
                rows: t
                    .ranked(p)
                    .into_iter()
                    .map(|r| TornadoRowJson {
                        parameter: &r.name,
                        low_value: r.low_value.to_string(),
                        high_value: r.high_value.to_string(),
                        low: r.low.as_ref().and_then(|l| l.get(p)).copied().map(cents),
                        high: r.high.as_ref().and_then(|h| h.get(p)).copied().map(cents),
                        problems: (!r.problems.is_empty()).then(|| r.problems.iter().map(Problem::to_string).collect()),
                    })
                    .collect(),
            })
            .collect();
        Self { swing: Value::Decimal(t.swing).to_string(), plans }
    }
}

fn tornado_csv(w: &mut dyn Write, scenario: &Scenario, t: &Tornado) -> std::io::Result<()> {
    let json = TornadoJson::new(scenario, t);
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["plan", "base", "parameter", "low_value", "high_value", "low", "high"])?;
    for plan in &json.plans {
        for r in &plan.rows {
            csv.write_record([
                plan.name,
                &plan.base,
                r.parameter,
                &r.low_value,
                &r.high_value,
                r.low.as_deref().unwrap_or_default(),
                r.high.as_deref().unwrap_or_default(),
            ])?;
        }
    }
    csv.flush()
}

fn tornado_table(scenario: &Scenario, t: &Tornado) -> String {
    let swing = Value::Decimal(t.swing * Decimal::ONE_HUNDRED);
    let mut out = format!(
        "{}\nSensitivity: each parameter at −{swing}% and +{swing}% of its value, the rest unchanged\n",
        scenario.name
    );
    let header: Vec<String> =
        ["Parameter", "low → high value", "total at low", "total at high", "swing"].map(String::from).to_vec();
    for (p, name) in analyses::line_names(scenario).into_iter().enumerate() {
        out.push_str(&format!("\n{name} (base {})\n", t.base.get(p).copied().map(grouped).unwrap_or_default()));
        let rows: Vec<Vec<String>> = t
            .ranked(p)
            .into_iter()
            .map(|r| {
                let at = |v: &Option<Vec<Decimal>>| {
                    v.as_ref().and_then(|v| v.get(p)).copied().map_or_else(|| "invalid".to_string(), grouped)
                };
                vec![
                    r.name.clone(),
                    format!("{} → {}", r.low_value.readable(), r.high_value.readable()),
                    at(&r.low),
                    at(&r.high),
                    r.swing(p).map_or_else(|| r.problems.first().map(ToString::to_string).unwrap_or_default(), grouped),
                ]
            })
            .collect();
        out.push_str(&crate::cli::table::align(&header, &rows));
    }
    out
}

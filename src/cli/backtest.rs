//! `pricelab backtest`: every recorded customer's bill under every plan over the recorded
//! months (docs/import.md), as a table, JSON or CSV.

use super::{EXIT_INVALID, Format, Output, emit, eprintln_safe, read, report_named};
use crate::engine::Error;
use crate::engine::backtest::{self, Backtest, Mover};
use crate::model::Scenario;
use crate::model::money::{cents, grouped, signed, signed_percent};
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// `pricelab backtest`.
pub fn run(file: &Path, top: usize, output: &Output<'_>) -> ExitCode {
    let scenario = match read(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let b = match backtest::backtest(&scenario, top) {
        Ok(b) => b,
        Err(Error::NoHistory) => {
            eprintln_safe(&format!(
                "pricelab: {}: the scenario has no recorded usage to backtest; add `history: \"usage.csv\"` (a CSV of account,month,conversations,ai_conversations,resolutions,seats), or make one with `pricelab import`",
                file.display()
            ));
            return ExitCode::from(EXIT_INVALID);
        }
        Err(Error::Invalid(problems)) => {
            report_named(file, &scenario, &problems);
            return ExitCode::from(EXIT_INVALID);
        }
        Err(e) => {
            eprintln_safe(&format!("pricelab: {e}"));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    emit(file, output.path, |w| match output.format {
        Format::Table => w.write_all(table(&scenario, &b).as_bytes()),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, &BacktestJson::new(&b)).map_err(std::io::Error::other)?;
            w.write_all(b"\n")
        }
        Format::Csv => csv_out(w, &b),
    })
}

#[derive(Serialize)]
struct BacktestJson<'a> {
    months: Vec<String>,
    baseline: &'a str,
    accounts: Vec<AccountJson<'a>>,
    plans: Vec<PlanJson<'a>>,
}

#[derive(Serialize)]
struct AccountJson<'a> {
    name: &'a str,
    plans: Vec<TotalJson<'a>>,
}

#[derive(Serialize)]
struct TotalJson<'a> {
    name: &'a str,
    total: String,
}

#[derive(Serialize)]
struct PlanJson<'a> {
    name: &'a str,
    total: String,
    change: String,
    customers_up: usize,
    customers_down: usize,
    customers_same: usize,
    change_pct: Option<SpreadJson>,
    top_increases: Vec<MoverJson<'a>>,
    top_decreases: Vec<MoverJson<'a>>,
}

#[derive(Serialize)]
struct SpreadJson {
    p5: String,
    p50: String,
    p95: String,
}

#[derive(Serialize)]
struct MoverJson<'a> {
    name: &'a str,
    change: String,
    change_pct: Option<String>,
}

impl<'a> BacktestJson<'a> {
    fn new(b: &'a Backtest) -> Self {
        let movers = |list: &[Mover]| {
            list.iter()
                .map(|m| MoverJson {
                    name: b.customers.get(m.customer).map_or("", |c| c.name.as_str()),
                    change: cents(m.change),
                    change_pct: m.change_pct.map(cents),
                })
                .collect()
        };
        Self {
            months: b.months.iter().map(ToString::to_string).collect(),
            baseline: b.plans.first().map_or("", |p| p.name.as_str()),
            accounts: b
                .customers
                .iter()
                .map(|c| AccountJson {
                    name: &c.name,
                    plans: b
                        .plans
                        .iter()
                        .zip(&c.totals)
                        .map(|(p, t)| TotalJson { name: &p.name, total: cents(*t) })
                        .collect(),
                })
                .collect(),
            plans: b
                .plans
                .iter()
                .map(|p| PlanJson {
                    name: &p.name,
                    total: cents(p.total),
                    change: cents(p.change),
                    customers_up: p.up,
                    customers_down: p.down,
                    customers_same: p.same,
                    change_pct: p.change_pct.map(|s| SpreadJson {
                        p5: cents(s.p5),
                        p50: cents(s.p50),
                        p95: cents(s.p95),
                    }),
                    top_increases: movers(&p.top_increases),
                    top_decreases: movers(&p.top_decreases),
                })
                .collect(),
        }
    }
}

fn csv_out(w: &mut dyn Write, b: &Backtest) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["account", "plan", "total", "baseline_total", "change", "change_pct"])?;
    for c in &b.customers {
        let base = c.totals.first().copied().unwrap_or_default();
        for (p, (plan, total)) in b.plans.iter().zip(&c.totals).enumerate() {
            csv.write_record([
                c.name.as_str(),
                plan.name.as_str(),
                &cents(*total),
                &cents(base),
                &cents(c.change(p)),
                &c.change_pct(p).map(cents).unwrap_or_default(),
            ])?;
        }
    }
    csv.flush()
}

/// A change in % with its sign, as computed (`+12.5%`, `-60.40%`), or `n/a`.
fn pct(v: Option<rust_decimal::Decimal>) -> String {
    v.map_or_else(|| "n/a".to_owned(), |v| signed_percent(v, None))
}

fn table(scenario: &Scenario, b: &Backtest) -> String {
    let span = match (b.months.first(), b.months.last()) {
        (Some(first), Some(last)) => format!("{first} to {last}"),
        _ => String::new(),
    };
    let baseline = b.plans.first().map_or("", |p| p.name.as_str());
    let mut out = format!(
        "Backtest: {}\n{} recorded month{}, {span}; {} customer{}; amounts in {}; each plan against the baseline, {baseline}\n\n",
        scenario.name,
        b.months.len(),
        if b.months.len() == 1 { "" } else { "s" },
        b.customers.len(),
        if b.customers.len() == 1 { "" } else { "s" },
        scenario.currency,
    );
    let header: Vec<String> =
        ["Plan", "Total", "Change", "pay more", "pay less", "same", "P5 change", "median", "P95 change"]
            .map(String::from)
            .to_vec();
    let rows: Vec<Vec<String>> = b
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i == 0 {
                return vec![p.name.clone(), grouped(p.total), "baseline".into()];
            }
            let spread = |f: fn(&backtest::Spread) -> rust_decimal::Decimal| pct(p.change_pct.as_ref().map(f));
            vec![
                p.name.clone(),
                grouped(p.total),
                signed(p.change),
                p.up.to_string(),
                p.down.to_string(),
                p.same.to_string(),
                spread(|s| s.p5),
                spread(|s| s.p50),
                spread(|s| s.p95),
            ]
        })
        .collect();
    out.push_str(&super::table::align(&header, &rows));
    for (pi, p) in b.plans.iter().enumerate().skip(1) {
        for (title, list) in [("Largest increases", &p.top_increases), ("Largest decreases", &p.top_decreases)] {
            if list.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{title} under {}:\n", p.name));
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|m| {
                    let c = b.customers.get(m.customer);
                    vec![
                        c.map_or_else(String::new, |c| format!("  {}", c.name)),
                        c.and_then(|c| c.totals.first()).copied().map(grouped).unwrap_or_default(),
                        c.and_then(|c| c.totals.get(pi)).copied().map(grouped).unwrap_or_default(),
                        signed(m.change),
                        pct(m.change_pct),
                    ]
                })
                .collect();
            let header: Vec<String> =
                ["  Customer", baseline, p.name.as_str(), "change", "%"].map(String::from).to_vec();
            out.push_str(&super::table::align(&header, &rows));
        }
    }
    out.push_str("\nchange: the plan's bill over the recorded months minus the baseline's; % of the baseline's bill\n");
    out
}

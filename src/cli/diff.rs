//! `pricelab diff OLD NEW`: what changed between two versions of a scenario, field by field, and
//! what the change does to every plan's total and margin over the horizon.

use super::{EXIT_INVALID, Format, emit_from, escape_controls, report, table};
use crate::engine;
use crate::io::{self, LoadError};
use crate::model::diff::{self, Change};
use crate::model::money::{cents, grouped, percent_text, signed};
use crate::model::{Problem, Scenario};
use rust_decimal::Decimal;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// One version: the scenario, and every plan's horizon total and margin when it simulates (or
/// why it does not).
struct Version {
    scenario: Scenario,
    figures: Result<Vec<(String, Decimal, Decimal)>, usize>,
}

impl Version {
    /// Opens `path` (a file with broken rules still opens: its changes can be listed); `None`
    /// after reporting a file that cannot be read at all.
    fn open(path: &Path) -> Option<Self> {
        let opened = match io::open_scenario(path) {
            Ok(opened) => opened,
            Err(e) => {
                match &e {
                    LoadError::Read { .. } => super::eprintln_safe(&format!("pricelab: {e}")),
                    LoadError::Invalid { problems, .. } => report(path, problems),
                }
                return None;
            }
        };
        let scenario = opened.scenario;
        let figures = if opened.problems.is_empty() { Self::figures(&scenario) } else { Err(opened.problems.len()) };
        Some(Self { scenario, figures })
    }

    /// Every plan billed one at a time (as `simulate` writes them), its total and margin kept.
    fn figures(scenario: &Scenario) -> Result<Vec<(String, Decimal, Decimal)>, usize> {
        let workload = engine::workload(scenario).map_err(|problems: Vec<Problem>| problems.len())?;
        (0..scenario.plans.len())
            .map(|p| workload.plan(scenario, p).map(|o| (o.name, o.total, o.margin)).map_err(|_| 1))
            .collect()
    }

    /// The total and margin of the plan named `name`.
    fn plan(&self, name: &str) -> Option<(Decimal, Decimal)> {
        self.figures.as_ref().ok()?.iter().find(|(n, ..)| n == name).map(|(_, t, m)| (*t, *m))
    }
}

/// `pricelab diff`.
pub fn run(old: &Path, new: &Path, format: Format, output: Option<&Path>) -> ExitCode {
    let (Some(a), Some(b)) = (Version::open(old), Version::open(new)) else {
        return ExitCode::from(EXIT_INVALID);
    };
    let changes = diff::changes(&a.scenario, &b.scenario);
    let plans = plan_rows(&a, &b);
    emit_from(&[old, new], output, |w| match format {
        Format::Table => w.write_all(table_text(old, new, (&a, &b), &changes, &plans).as_bytes()),
        Format::Json => {
            let json = DiffJson::new((old, new), &changes, &plans);
            serde_json::to_writer_pretty(&mut *w, &json).map_err(std::io::Error::other)?;
            w.write_all(b"\n")
        }
        Format::Csv => csv_rows(w, &changes),
    })
}

/// One plan's figures in either version: the new version's plans in order, then those only the
/// old one has.
struct PlanRow {
    name: String,
    old: Option<(Decimal, Decimal)>,
    new: Option<(Decimal, Decimal)>,
}

fn plan_rows(a: &Version, b: &Version) -> Vec<PlanRow> {
    let (later, earlier) = (b.scenario.plans.iter(), a.scenario.plans.iter());
    diff::names_of_both(later.map(|p| p.name.as_str()), earlier.map(|p| p.name.as_str()))
        .into_iter()
        .map(|name| PlanRow { name: name.to_owned(), old: a.plan(name), new: b.plan(name) })
        .collect()
}

/// Why a version has no figures, for the table.
fn no_figures(path: &Path, v: &Version) -> Option<String> {
    let n = *v.figures.as_ref().err()?;
    let shown = super::escape_controls(&path.display().to_string()).into_owned();
    Some(format!(
        "{shown} has {n} problem{}: no figures for it (`pricelab check {shown}` lists them)",
        if n == 1 { "" } else { "s" },
    ))
}

fn table_text(old: &Path, new: &Path, (a, b): (&Version, &Version), changes: &[Change], plans: &[PlanRow]) -> String {
    let mut out = String::new();
    let shown = |p: &Path| super::escape_controls(&p.display().to_string()).into_owned();
    let _ = writeln!(out, "{} → {}", shown(old), shown(new));
    if changes.is_empty() {
        out.push_str("No differences.\n");
        return escape_lines(&out);
    }
    let _ = writeln!(out, "{} change{}:", changes.len(), if changes.len() == 1 { "" } else { "s" });
    for change in changes {
        let _ = writeln!(out, "  {change}");
    }
    out.push('\n');
    for (path, v) in [(old, a), (new, b)] {
        if let Some(line) = no_figures(path, v) {
            let _ = writeln!(out, "{line}");
        }
    }
    if a.scenario.currency != b.scenario.currency {
        let _ = writeln!(
            out,
            "The currency changed: amounts are in {} before and {} after.",
            a.scenario.currency, b.scenario.currency
        );
    }
    let header: Vec<String> =
        ["Plan", "total before", "total after", "change", "change %", "margin change"].map(String::from).to_vec();
    let money = |v: Option<Decimal>| v.map_or_else(|| "-".to_owned(), grouped);
    let rows: Vec<Vec<String>> = plans
        .iter()
        .map(|r| {
            let (total_a, total_b) = (r.old.map(|f| f.0), r.new.map(|f| f.0));
            let change = total_a.zip(total_b).map(|(x, y)| y - x);
            let ratio = total_a.zip(change).and_then(|(x, c)| c.checked_div(x));
            let margin = r.old.zip(r.new).map(|(x, y)| y.1 - x.1);
            vec![
                r.name.clone(),
                money(total_a),
                money(total_b),
                change.map_or_else(|| "-".to_owned(), signed),
                if change.is_some() { percent_text(ratio, true) } else { "-".to_owned() },
                margin.map_or_else(|| "-".to_owned(), signed),
            ]
        })
        .collect();
    if a.figures.is_ok() || b.figures.is_ok() {
        let _ = writeln!(out, "Over the horizon, in {}:", b.scenario.currency);
        out.push_str(&table::align(&header, &rows));
    }
    escape_lines(&out)
}

/// Every line of `text` with its control characters escaped (names and values come from files).
fn escape_lines(text: &str) -> String {
    text.lines().map(|l| format!("{}\n", escape_controls(l))).collect()
}

/// CSV: one row per change (`where,before,after`; an empty cell for a side that has none).
fn csv_rows(w: &mut dyn std::io::Write, changes: &[Change]) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["where", "before", "after"])?;
    for c in changes {
        csv.write_record([
            c.path.join(", "),
            c.before.clone().unwrap_or_default(),
            c.after.clone().unwrap_or_default(),
        ])?;
    }
    csv.flush()
}

#[derive(Serialize)]
struct DiffJson {
    old: String,
    new: String,
    changes: Vec<ChangeJson>,
    /// Per plan, `null` figures for a version that lacks the plan or does not simulate.
    plans: Vec<PlanJson>,
}

#[derive(Serialize)]
struct ChangeJson {
    path: Vec<String>,
    before: Option<String>,
    after: Option<String>,
}

#[derive(Serialize)]
struct PlanJson {
    name: String,
    total_before: Option<String>,
    total_after: Option<String>,
    margin_before: Option<String>,
    margin_after: Option<String>,
}

impl DiffJson {
    fn new((old, new): (&Path, &Path), changes: &[Change], plans: &[PlanRow]) -> Self {
        Self {
            old: old.display().to_string(),
            new: new.display().to_string(),
            changes: changes
                .iter()
                .map(|c| ChangeJson { path: c.path.clone(), before: c.before.clone(), after: c.after.clone() })
                .collect(),
            plans: plans
                .iter()
                .map(|r| PlanJson {
                    name: r.name.clone(),
                    total_before: r.old.map(|f| cents(f.0)),
                    total_after: r.new.map(|f| cents(f.0)),
                    margin_before: r.old.map(|f| cents(f.1)),
                    margin_after: r.new.map(|f| cents(f.1)),
                })
                .collect(),
        }
    }
}

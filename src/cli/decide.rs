//! `pricelab sweep`, `pricelab solve` and `pricelab tornado`: the decision analyses (docs/analyses.md)
//! on the command line, as a table, JSON or CSV.

use super::{EXIT_INVALID, EXIT_USAGE, Format, emit, eprintln_safe, read, report};
use crate::engine::analyses::{
    self, AnalysisError, Goal, Param, Path as ParamPath, Scope, SweepPoint, Target, Tornado, Value,
};
use crate::engine::monte_carlo::Silent;
use crate::model::money::{cents, grouped};
use crate::model::{Problem, Scenario};
use rust_decimal::Decimal;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// A number on the command line: plain (`0.99`, `-0.05`) or scientific (`1e6`).
///
/// # Errors
/// Text that is not a number.
pub fn parse_number(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    t.parse::<Decimal>().or_else(|_| Decimal::from_scientific(t)).map_err(|_| {
        let shown = crate::io::rows::shorten(t, 40);
        match t.parse::<f64>() {
            // A number, but beyond what exact decimals hold.
            Ok(x) if x.is_finite() && x.abs() >= 1.0 => {
                format!("`{shown}` is too large: numbers here are at most about 7.9 × 10^28")
            }
            Ok(x) if x.is_finite() && x != 0.0 => {
                format!("`{shown}` is too small to tell from 0: numbers here have at most 28 decimals")
            }
            _ => format!("`{shown}` is not a number (e.g. 0.99, 250000 or -0.05)"),
        }
    })
}

/// `--steps`: a whole number from 1 to the most steps a sweep takes.
///
/// # Errors
/// Anything else, said plainly (however large the number typed).
pub fn parse_steps(text: &str) -> Result<u32, String> {
    let max = crate::engine::analyses::MAX_STEPS;
    let shown = crate::io::rows::shorten(text.trim(), 40);
    let whole = !text.trim().is_empty() && text.trim().bytes().all(|b| b.is_ascii_digit());
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ if whole || text.trim().parse::<u32>().is_ok() => Err(format!("{shown} is not in 1..={max}")),
        _ => Err(format!("`{shown}` is not a whole number of steps (1 to {max})")),
    }
}

/// `--swing`: a number in (0, 1].
///
/// # Errors
/// A number out of range, or text that is not a number.
pub fn parse_swing(text: &str) -> Result<Decimal, String> {
    let s = parse_number(text)?;
    if s <= Decimal::ZERO || s > Decimal::ONE {
        return Err(format!("{text} is not in (0, 1]: the swing is a fraction, 0.2 for ±20%"));
    }
    Ok(s)
}

/// A misuse: the message, exit 2.
fn misuse(message: &str) -> ExitCode {
    eprintln_safe(&format!("pricelab: {message}"));
    ExitCode::from(EXIT_USAGE)
}

/// Resolves `--vary PATH` against the scenario (a misuse when it names nothing).
fn resolve(scenario: &Scenario, text: &str) -> Result<Param, ExitCode> {
    ParamPath::parse(text).and_then(|p| Param::resolve(scenario, &p)).map_err(|e| misuse(&format!("--vary {}", e.0)))
}

/// The analysis's failure as an exit status: the scenario's problems (exit 1), or an analysis
/// too large to run (a misuse, exit 2).
fn failed(path: &Path, e: AnalysisError) -> ExitCode {
    match e {
        AnalysisError::Invalid(problems) => {
            report(path, &problems);
            ExitCode::from(EXIT_INVALID)
        }
        AnalysisError::TooLarge(why) => misuse(&why),
        AnalysisError::Cancelled => ExitCode::from(EXIT_INVALID),
    }
}

/// Where and how an analysis writes.
pub struct Out<'a> {
    /// The format.
    pub format: Format,
    /// A file to write (atomically) instead of standard output.
    pub path: Option<&'a Path>,
}

/// `pricelab sweep`.
pub fn sweep(file: &Path, vary: &str, (from, to): (Decimal, Decimal), steps: u32, out: &Out<'_>) -> ExitCode {
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
        Err(e) => return failed(file, e),
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
                        scenario
                            .plans
                            .iter()
                            .zip(figures)
                            .map(|(plan, f)| FiguresJson {
                                name: &plan.name,
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

fn json(w: &mut dyn Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

fn sweep_csv(w: &mut dyn Write, scenario: &Scenario, points: &[SweepPoint]) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["value", "plan", "total", "margin", "support_cost"])?;
    for p in points {
        let value = p.value.to_string();
        for (i, plan) in scenario.plans.iter().enumerate() {
            let f = p.figures.as_ref().ok().and_then(|f| f.get(i));
            let money = |g: fn(&analyses::Figures) -> Decimal| f.map(|f| cents(g(f))).unwrap_or_default();
            csv.write_record([
                value.as_str(),
                plan.name.as_str(),
                &money(|f| f.total),
                &money(|f| f.margin),
                &money(|f| f.support_cost),
            ])?;
        }
    }
    csv.flush()
}

/// Every plan's total at each value, then where one plan overtakes another.
fn sweep_table(scenario: &Scenario, name: &str, points: &[SweepPoint]) -> String {
    let mut header = vec!["Value".to_string()];
    header.extend(scenario.plans.iter().map(|p| p.name.clone()));
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
    out.push_str(&super::table::align(&header, &rows));
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
    let name = |k: usize| scenario.plans.get(k).map_or("", |p| p.name.as_str());
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

/// What `pricelab solve` is asked.
pub struct SolveArgs<'a> {
    /// `--vary`
    pub vary: &'a str,
    /// `--plan`
    pub plan: &'a str,
    /// `--target`
    pub target: &'a str,
    /// `--account`
    pub account: Option<&'a str>,
    /// `--year`
    pub year: Option<u32>,
    /// `--range`
    pub range: Option<&'a str>,
}

/// `pricelab solve`.
pub fn solve(file: &Path, args: &SolveArgs<'_>, out: &Out<'_>) -> ExitCode {
    let scenario = match read(file) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let goal = match goal(&scenario, args) {
        Ok(goal) => goal,
        Err(message) => return misuse(&message),
    };
    let solution = match analyses::solve(&scenario, &goal, &Silent) {
        Ok(s) => s,
        Err(e) => return failed(file, e),
    };
    let name = goal.param.name(&scenario);
    let plan = scenario.plans.get(goal.plan).map_or("", |p| p.name.as_str());
    let json_value = SolveJson {
        parameter: &name,
        plan,
        target: cents(solution.target),
        value: solution.value.map(cents),
        figure_at_value: solution.figure_at_value.map(cents),
        figure_below: solution.figure_below.map(cents),
        unreachable: solution.unreachable.map(|(at, figure)| Unreachable { at: cents(at), figure: cents(figure) }),
    };
    emit(file, out.path, |w| match out.format {
        Format::Json => json(w, &json_value),
        _ => w.write_all(solve_table(&scenario, &goal, &name, &json_value).as_bytes()),
    })
}

#[derive(Serialize)]
struct SolveJson<'a> {
    parameter: &'a str,
    plan: &'a str,
    target: String,
    value: Option<String>,
    figure_at_value: Option<String>,
    figure_below: Option<String>,
    unreachable: Option<Unreachable>,
}

#[derive(Serialize)]
struct Unreachable {
    at: String,
    figure: String,
}

fn solve_table(scenario: &Scenario, goal: &Goal, name: &str, s: &SolveJson<'_>) -> String {
    let target = match goal.target {
        Target::Baseline => format!("the baseline \"{}\"", scenario.plans.first().map_or("", |p| p.name.as_str())),
        Target::Plan(q) => format!("\"{}\"", scenario.plans.get(q).map_or("", |p| p.name.as_str())),
        Target::Amount(_) => "the target".to_string(),
    };
    let whose = match goal.scope.account {
        Some(a) => format!("one account of \"{}\"", scenario.accounts.get(a).map_or("", |a| a.name.as_str())),
        None => "the portfolio".to_string(),
    };
    let months = &goal.scope.months;
    let span = if months.start == 0 && months.end == analyses::horizon(scenario) {
        "over the horizon".to_string()
    } else {
        format!("in contract year {}", months.start / 12 + 1)
    };
    let money = |t: &str| t.parse::<Decimal>().map(grouped).unwrap_or_else(|_| t.to_string());
    let mut out = format!(
        "{}\nGoal: \"{}\" earns at least {target} ({}) from {whose} {span}\n",
        scenario.name,
        s.plan,
        money(&s.target)
    );
    match (&s.value, &s.unreachable) {
        (Some(value), _) => {
            out.push_str(&format!("\n{name} = {value}\n"));
            if let Some(at) = &s.figure_at_value {
                out.push_str(&format!("  at {value}: {}\n", money(at)));
            }
            match &s.figure_below {
                Some(below) => {
                    let v: Decimal = value.parse().unwrap_or_default();
                    out.push_str(&format!(
                        "  at {}: {} (one cent below falls short)\n",
                        cents(v - Decimal::new(1, 2)),
                        money(below)
                    ));
                }
                None => out.push_str("  (the bottom of the range already reaches the target)\n"),
            }
        }
        (None, Some(u)) => {
            out.push_str(&format!(
                "\nUnreachable: even at {name} = {} the plan earns {}, short of {}\n",
                u.at,
                money(&u.figure),
                money(&s.target)
            ));
        }
        (None, None) => {}
    }
    out
}

/// The goal `solve` is asked for, or why it is a misuse.
fn goal(scenario: &Scenario, args: &SolveArgs<'_>) -> Result<Goal, String> {
    let plans: Vec<&str> = scenario.plans.iter().map(|p| p.name.as_str()).collect();
    let plan_list = || plans.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(", ");
    let find_plan = |name: &str, flag: &str| {
        plans
            .iter()
            .position(|p| *p == name)
            .ok_or_else(|| format!("{flag}: no plan is named \"{name}\" (the plans: {})", plan_list()))
    };
    let plan = find_plan(args.plan, "--plan")?;
    let param = ParamPath::parse(args.vary)
        .and_then(|p| Param::resolve(scenario, &p))
        .map_err(|e| format!("--vary {}", e.0))?;
    if let Some(why) = analyses::solve_misuse(scenario, param, plan) {
        return Err(format!("--vary {why}"));
    }
    let target = match args.target {
        "baseline" => Target::Baseline,
        t if t.starts_with("plan:") => Target::Plan(find_plan(&t["plan:".len()..], "--target plan:NAME")?),
        t => Target::Amount(
            parse_number(t)
                .map_err(|e| format!("--target: {e}; the target is `baseline`, `plan:NAME` or an amount"))?,
        ),
    };
    let account = args
        .account
        .map(|name| {
            scenario.accounts.iter().position(|a| a.name == name).ok_or_else(|| {
                let names: Vec<String> = scenario.accounts.iter().take(10).map(|a| format!("\"{}\"", a.name)).collect();
                format!("--account: no account profile is named \"{name}\" (the profiles: {})", names.join(", "))
            })
        })
        .transpose()?;
    let months = match args.year {
        Some(y) => analyses::year_months(scenario, y)?,
        None => 0..analyses::horizon(scenario),
    };
    let range = match args.range {
        None => (Decimal::ZERO, Decimal::from(1_000_000_000)),
        Some(text) => {
            let (a, b) = text.split_once("..").ok_or_else(|| {
                format!("--range {text}: write the range as A..B in the currency to the cent, e.g. 0.10..5.00")
            })?;
            // The largest price a scenario may hold: 15 digits before the point.
            let largest = Decimal::new(99_999_999_999_999_999, 2);
            let cent = |t: &str| -> Result<Decimal, String> {
                let d = parse_number(t).map_err(|e| format!("--range: {e}"))?;
                if d.is_sign_negative() && !d.is_zero() {
                    return Err(format!("--range: {} is below 0: a price cannot be negative", t.trim()));
                }
                if d > largest {
                    return Err(format!(
                        "--range: {} is above the largest price a scenario can hold, {}",
                        t.trim(),
                        crate::model::money::grouped(largest)
                    ));
                }
                match d.checked_mul(Decimal::ONE_HUNDRED) {
                    Some(c) if c.fract().is_zero() => Ok(d),
                    _ => Err(format!("--range: {} is not a whole number of cents", t.trim())),
                }
            };
            let (a, b) = (cent(a)?, cent(b)?);
            if a > b {
                return Err(format!("--range {text}: the bottom is above the top"));
            }
            (a, b)
        }
    };
    Ok(Goal { param, plan, target, scope: Scope { account, months }, range })
}

/// `pricelab tornado`.
pub fn tornado(file: &Path, swing: Decimal, vary: &[String], out: &Out<'_>) -> ExitCode {
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
        Err(e) => return failed(file, e),
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
        let plans = scenario
            .plans
            .iter()
            .enumerate()
            .map(|(p, plan)| TornadoPlanJson {
                name: &plan.name,
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
    for (p, plan) in scenario.plans.iter().enumerate() {
        out.push_str(&format!("\n{} (base {})\n", plan.name, t.base.get(p).copied().map(grouped).unwrap_or_default()));
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
        out.push_str(&super::table::align(&header, &rows));
    }
    out
}

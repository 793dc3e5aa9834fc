//! `pricelab solve`: the value of a parameter at which a plan meets a target.

use super::{failed, json, misuse, parse_number};
use crate::cli::{Format, Output, emit, read};
use crate::engine::analyses::{self, Goal, Measure, Param, Path as ParamPath, Scope, Target};
use crate::engine::monte_carlo::Silent;
use crate::model::Scenario;
use crate::model::money::{cents, grouped};
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

/// What `pricelab solve` is asked.
pub struct SolveArgs<'a> {
    /// `--vary`
    pub vary: &'a str,
    /// `--plan`
    pub plan: &'a str,
    /// `--target`
    pub target: &'a str,
    /// `--measure margin`
    pub margin: bool,
    /// `--account`
    pub account: Option<&'a str>,
    /// `--year`
    pub year: Option<u32>,
    /// `--range`
    pub range: Option<&'a str>,
}

/// `pricelab solve`.
pub fn solve(file: &Path, args: &SolveArgs<'_>, out: &Output<'_>) -> ExitCode {
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
        Err(e) => return failed(file, &scenario, e),
    };
    let name = goal.param.name(&scenario);
    let plan = analyses::line_names(&scenario).get(goal.plan).copied().unwrap_or_default();
    let json_value = SolveJson {
        parameter: &name,
        plan,
        measure: (goal.measure == Measure::Margin).then_some("margin"),
        target: cents(solution.target),
        value: solution.value.map(cents),
        figure_at_value: solution.figure_at_value.map(cents),
        figure_below: solution.figure_below.map(cents),
        unreachable: solution.unreachable.map(|(at, figure)| Unreachable { at: cents(at), figure: cents(figure) }),
    };
    emit(file, out.path, |w| match out.format {
        Format::Json => json(w, &json_value),
        _ => w.write_all(solve_table(&scenario, &goal, &name, &json_value, solution.target_below).as_bytes()),
    })
}

#[derive(Serialize)]
struct SolveJson<'a> {
    parameter: &'a str,
    plan: &'a str,
    /// `"margin"` when the margin is compared (absent for revenue, the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    measure: Option<&'static str>,
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

fn solve_table(
    scenario: &Scenario,
    goal: &Goal,
    name: &str,
    s: &SolveJson<'_>,
    target_below: Option<Decimal>,
) -> String {
    let target = match goal.target {
        Target::Baseline => format!("the baseline \"{}\"", scenario.plans.first().map_or("", |p| p.name.as_str())),
        Target::Plan(q) => format!("\"{}\"", scenario.plans.get(q).map_or("", |p| p.name.as_str())),
        Target::Amount(_) => "the target".to_string(),
        Target::MarginShare(share) => format!("{}% of its revenue", (share * Decimal::ONE_HUNDRED).normalize()),
    };
    let (earns, figure) = match goal.measure {
        Measure::Revenue => ("earns", "earns"),
        Measure::Margin => ("keeps a margin of", "its margin is"),
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
        "{}\nGoal: \"{}\" {earns} at least {target} ({}) from {whose} {span}\n",
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
                    // A target that moves with the price: the one this price fell short of.
                    let short_of = target_below
                        .filter(|t| cents(*t) != s.target)
                        .map_or_else(String::new, |t| format!(" of {}", grouped(t)));
                    out.push_str(&format!(
                        "  at {}: {} (one cent below falls short{short_of})\n",
                        cents(v - Decimal::new(1, 2)),
                        money(below)
                    ));
                }
                None => out.push_str("  (the bottom of the range already reaches the target)\n"),
            }
        }
        (None, Some(u)) => {
            out.push_str(&format!(
                "\nUnreachable: even at {name} = {} {figure} {}, short of {}\n",
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
    // A plan, or a transition (a result line after the plans).
    let plan = match scenario.transitions.iter().position(|t| t.name == args.plan) {
        Some(t) => plans.len() + t,
        None => find_plan(args.plan, "--plan").map_err(|e| {
            if scenario.transitions.is_empty() {
                e
            } else {
                let names: Vec<String> = scenario.transitions.iter().map(|t| format!("\"{}\"", t.name)).collect();
                format!("{e}, nor a transition (the transitions: {})", names.join(", "))
            }
        })?,
    };
    let param = ParamPath::parse(args.vary)
        .and_then(|p| Param::resolve(scenario, &p))
        .map_err(|e| format!("--vary {}", e.0))?;
    if let Some(why) = analyses::solve_misuse(scenario, param, plan) {
        return Err(format!("--vary {why}"));
    }
    let target = match args.target {
        "baseline" => Target::Baseline,
        t if t.starts_with("plan:") => Target::Plan(find_plan(&t["plan:".len()..], "--target plan:NAME")?),
        t if t.trim_end().ends_with('%') => {
            if !args.margin {
                return Err(format!(
                    "--target {t}: a share is a target of the margin; add --measure margin (or give an amount)"
                ));
            }
            let percent = parse_number(t.trim_end().trim_end_matches('%'))
                .map_err(|e| format!("--target: {e}; a margin share is written like 70%"))?;
            if percent.is_sign_negative() || percent >= Decimal::ONE_HUNDRED {
                return Err(format!("--target {t}: a margin share is from 0% up to (not including) 100%"));
            }
            Target::MarginShare(percent / Decimal::ONE_HUNDRED)
        }
        t => Target::Amount(parse_number(t).map_err(|e| {
            format!(
                "--target: {e}; the target is `baseline`, `plan:NAME` or an amount{}",
                if args.margin { ", or a share of the revenue such as 70%" } else { "" }
            )
        })?),
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
    if plan >= plans.len() && args.margin && account.is_some() {
        return Err("--measure margin --account: a transition's margin is compared for the portfolio only (its cost follows the accounts it keeps); leave out --account, or compare what one account pays".to_string());
    }
    let measure = if args.margin { Measure::Margin } else { Measure::Revenue };
    Ok(Goal { param, plan, target, measure, scope: Scope { account, months }, range })
}

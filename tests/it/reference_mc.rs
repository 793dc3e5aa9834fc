//! The Monte Carlo against an independent implementation (`tests/reference/monte_carlo.py`,
//! numpy, written from docs/monte-carlo.md): pricelab's figures from its own trials must lie within
//! a few standard errors of the reference's, and the same check must reject figures drawn by
//! deliberately wrong models — the negative controls that show it can fail.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How many standard errors a figure may be from the reference's: about 200 figures are checked,
/// and at 4.5 a correct engine fails one of them once in some 700 seeds.
const WITHIN: f64 = 4.5;

/// A figure: (plan, what), e.g. ("Per resolution", "total p90").
type Key = (String, String);

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/monte_carlo")
}

/// The reference's expectations for scenario `stem`.
fn expected(stem: &str) -> Value {
    let path = folder().join(format!("{stem}.expected.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn number(v: &Value) -> f64 {
    match v {
        Value::String(s) => s.parse().unwrap(),
        v => v.as_f64().unwrap(),
    }
}

/// pricelab's figures for the scenario file `path`, from `pricelab simulate --format json` with the
/// file's trials and seed, and the reference's budget.
fn pricelab_figures(path: &Path, reference: &Value) -> BTreeMap<Key, f64> {
    let budget = reference["budget"].as_str().unwrap();
    let mut args = vec!["simulate", path.to_str().unwrap(), "--format", "json", "--budget", budget];
    if let Some(account) = reference["budget_account"].as_str() {
        args.extend(["--budget-account", account]);
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pricelab")).args(&args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mc = &json["monte_carlo"];
    assert_eq!(mc["trials"], reference["trials"], "pricelab runs as many trials as the reference's runs have");
    let mut figures = BTreeMap::new();
    for (plan, budget) in mc["plans"].as_array().unwrap().iter().zip(mc["budget"]["plans"].as_array().unwrap()) {
        let name = plan["name"].as_str().unwrap().to_string();
        let mut put = |what: String, v: &Value| {
            figures.insert((name.clone(), what), number(v));
        };
        for k in ["mean", "p10", "p50", "p90"] {
            put(format!("total {k}"), &plan["total"][k]);
        }
        let months = plan["monthly"]["mean"].as_array().unwrap().len();
        for m in [0, months / 2, months - 1] {
            for k in ["mean", "p10", "p90"] {
                put(format!("month {m} {k}"), &plan["monthly"][k][m]);
            }
        }
        put("chance over budget".into(), &budget["chance_over"]);
        put("highest month p90".into(), &budget["highest_month_p90"]);
    }
    figures
}

/// A model's figures as the reference wrote them (a control).
fn control_figures(reference: &Value, model: &str) -> BTreeMap<Key, f64> {
    reference["controls"][model]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| ((f["plan"].as_str().unwrap().into(), f["figure"].as_str().unwrap().into()), number(&f["value"])))
        .collect()
}

/// The figures of `got` farther from the reference than [`WITHIN`] standard errors (the spread
/// of the figure between runs of as many trials, plus the reference's own error), each with how
/// far it is. Every figure of the reference must be in `got`.
fn disagreements(reference: &Value, got: &BTreeMap<Key, f64>) -> Vec<String> {
    let runs = reference["replicates"].as_f64().unwrap();
    let mut out = Vec::new();
    for stat in reference["stats"].as_array().unwrap() {
        let key: Key = (stat["plan"].as_str().unwrap().into(), stat["figure"].as_str().unwrap().into());
        let (want, sd) = (number(&stat["value"]), number(&stat["sd"]));
        let Some(&have) = got.get(&key) else { panic!("pricelab has no figure {key:?}") };
        // Amounts are given to the cent and chances to 4 decimals; the reference bills in
        // floating point.
        let rounding = if key.1.starts_with("chance") { 0.0001 } else { 0.01 + 1e-9 * want.abs() };
        let error = sd * (1.0 + 1.0 / runs).sqrt();
        if (have - want).abs() > WITHIN * error + rounding {
            let z = if error > 0.0 { format!("{:+.1} standard errors", (have - want) / error) } else { "exact".into() };
            out.push(format!("{} / {}: {have} where the reference has {want} ± {sd:.4} ({z})", key.0, key.1));
        }
    }
    out
}

const SCENARIOS: [&str; 3] = ["noisy-portfolio", "minimum-and-cap", "recorded"];

#[test]
fn monte_carlo_agrees_with_the_reference() {
    for stem in SCENARIOS {
        let reference = expected(stem);
        let got = pricelab_figures(&folder().join(format!("{stem}.ron")), &reference);
        let wrong = disagreements(&reference, &got);
        assert!(wrong.is_empty(), "{stem}: pricelab's Monte Carlo differs from the reference:\n{}", wrong.join("\n"));
    }
}

/// The controls: another sample of the right model passes the same check; samples of wrong models
/// fail it, on many figures.
#[test]
fn the_check_accepts_another_sample_and_rejects_wrong_models() {
    for stem in SCENARIOS {
        let reference = expected(stem);
        let same = disagreements(&reference, &control_figures(&reference, "same-model"));
        assert!(same.is_empty(), "{stem}: another sample of the right model fails:\n{}", same.join("\n"));
        for model in ["no-mean-correction", "monthly-shift"] {
            let wrong = disagreements(&reference, &control_figures(&reference, model));
            assert!(wrong.len() >= 3, "{stem}: the check does not reject the {model} model: {wrong:?}");
        }
    }
}

/// A control through pricelab itself: volume × exp(σ²/2) is what dropping the `−σ²/2` of the
/// volume noise would do (the multiplier's average becomes exp(σ²/2), 1.046 at σ = 0.3); pricelab
/// run on such a scenario fails the check.
#[test]
fn pricelab_with_the_volume_bias_fails_the_check() {
    let stem = "noisy-portfolio";
    let reference = expected(stem);
    let text = std::fs::read_to_string(folder().join(format!("{stem}.ron"))).unwrap();
    let mut scenario = pricelab::model::from_ron(&text).unwrap();
    let sigma = scenario.simulation.volume_noise;
    for account in &mut scenario.accounts {
        account.conversations *= (sigma * sigma / 2.0).exp();
    }
    let dir = tempfile::tempdir().unwrap();
    let biased = dir.path().join("biased.ron");
    std::fs::write(&biased, pricelab::model::to_ron(&scenario)).unwrap();
    let wrong = disagreements(&reference, &pricelab_figures(&biased, &reference));
    let means = wrong.iter().filter(|w| w.contains("total mean")).count();
    assert!(means >= 4, "the biased volume is not caught on the plans' mean totals: {wrong:#?}");
}

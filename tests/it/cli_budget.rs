//! `pricelab simulate` with Monte Carlo trials and a budget: runs too large for the budget of
//! the machine, and the chance that a month's bill goes over a customer's budget against closed
//! forms (docs/monte-carlo.md).

use super::cli::{fin, pricelab, shipped, stderr, succeeds, write_temp};

#[test]
fn monte_carlo_runs_over_the_budget_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fin()).unwrap().replacen(
        "name: \"Support team\",",
        "name: \"Support team\", count: 10000000,",
        1,
    );
    let path = write_temp(&dir, "big.ron", text.as_bytes());
    let o = pricelab(&["simulate", &path, "--trials", "100000"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("simulation.trials") && stderr(&o).contains("too large"), "{}", stderr(&o));
    assert_eq!(pricelab(&["simulate", &path, "--trials", "-3"]).status.code(), Some(2));
}

/// The `budget` object of `simulate --format json` with `args` after the file.
fn budget_json(file: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["simulate", file, "--format", "json"];
    all.extend_from_slice(args);
    let o = pricelab(&all);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    j["monte_carlo"]["budget"].clone()
}

#[test]
fn a_budget_gives_each_plans_chance_of_a_month_above_it() {
    // The per-conversation plan's median December is about 830,000: a budget there is crossed
    // in some trials and not others. (What the chance is worth: the tests below, on scenarios
    // whose chance has a closed form.)
    let budget = budget_json(&fin(), &["--trials", "300", "--seed", "5", "--budget", "830000"]);
    assert_eq!((budget["amount"].as_str(), budget["account"].as_null()), (Some("830000.00"), Some(())));
    let plans = budget["plans"].as_array().unwrap();
    let names: Vec<_> = plans.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "Seats only",
            "Per AI conversation + seats",
            "Per resolution + Advanced seats",
            "Per resolution + Expert seats"
        ]
    );
    for json in plans {
        assert!((0.0..=1.0).contains(&json["chance_over"].as_f64().unwrap()), "{json}");
        assert!(json["month_p90_over_p50"].as_f64().unwrap() >= 1.0);
        assert!(json["peak_over_average"].as_f64().unwrap() >= 1.0);
    }
    let per_conversation = plans[1]["chance_over"].as_f64().unwrap();
    assert!(per_conversation > 0.05 && per_conversation < 0.95, "{per_conversation}");
    // No budget is always crossed (every plan bills something); a huge one never.
    let all = |b: &serde_json::Value| {
        b["plans"].as_array().unwrap().iter().map(|p| p["chance_over"].as_f64()).collect::<Vec<_>>()
    };
    assert!(all(&budget_json(&fin(), &["--trials", "50", "--budget", "0"])).iter().all(|c| *c == Some(1.0)));
    assert!(all(&budget_json(&fin(), &["--trials", "50", "--budget", "1000000000"])).iter().all(|c| *c == Some(0.0)));
    // Without --budget the JSON is the spec's, nothing added.
    let j: serde_json::Value =
        serde_json::from_slice(&succeeds(&["simulate", &fin(), "--format", "json", "--trials", "20"])).unwrap();
    assert!(j["monte_carlo"].get("budget").is_none());
    // The table says the same, as percentages.
    let table =
        String::from_utf8(succeeds(&["simulate", &fin(), "--trials", "300", "--seed", "5", "--budget", "830000"]))
            .unwrap();
    assert!(
        table.contains("Bill predictability: a budget of 830,000.00 a month against the customer's monthly bill"),
        "{table}"
    );
    let row = table.lines().find(|l| l.starts_with("Per AI conversation") && l.contains('×')).unwrap();
    assert!(row.contains(&format!("{:.1}%", per_conversation * 100.0)), "{row} vs {per_conversation}");
}

/// The volume noise σ of [`one_customer`], and its expected conversations a month.
const SIGMA: f64 = 0.3;
const VOLUME: f64 = 1000.0;
/// Trials of the closed-form checks: a chance's binomial standard error is at most 0.0035.
const TRIALS: &str = "20000";

/// `count` customers of one profile over `months` months: 1,000 conversations expected every
/// month (flat, no growth), only the volume drawn (σ = 0.3, no resolution noise); plans "Per
/// conversation" (0.50 each) and "Fees only" (400.00 a month, whatever happens).
fn one_customer(dir: &tempfile::TempDir, count: u32, months: u32) -> String {
    let text = format!(
        r#"(format: 1, name: "One customer", start: "2025-01", months: {months},
        accounts: [(name: "Customer", count: {count}, conversations: 1000,
                    resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1))],
        plans: [(name: "Per conversation", charges: [Usage(name: "Conversation", metric: Conversations, price: PerUnit("0.50"))]),
                (name: "Fees only", charges: [Fee(name: "Platform", amount: "400.00")])],
        simulation: (trials: 0, seed: 1, volume_noise: {SIGMA}, resolution_noise: 0.0))"#
    );
    write_temp(dir, &format!("customers-{count}-{months}.ron"), text.as_bytes())
}

/// The standard normal distribution function, from erf by Abramowitz and Stegun 7.1.26
/// (absolute error below 1.5e-7).
fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly =
        t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 { 0.5 * (1.0 + erf) } else { 0.5 * (1.0 - erf) }
}

/// P(a month's conversations > n), n whole: the volume 1,000 × exp(σZ − σ²/2), rounded halves
/// away from zero (docs/monte-carlo.md), is above n exactly when it is at least n + 0.5 before
/// rounding, i.e. when Z ≥ (ln((n + 0.5) / 1,000) + σ²/2) / σ.
fn chance_above(n: f64) -> f64 {
    if n + 0.5 <= 0.0 {
        return 1.0;
    }
    1.0 - normal_cdf(((n + 0.5) / VOLUME).ln() / SIGMA + SIGMA / 2.0)
}

/// P(two accounts' conversations together > n): over the first account's deviate z (midpoint
/// rule on ±9), the chance that the second's are above n minus the first's.
fn chance_two_above(n: f64) -> f64 {
    let steps = 200_000_u32;
    let h = 18.0 / f64::from(steps);
    (0..steps)
        .map(|i| {
            let z = -9.0 + (f64::from(i) + 0.5) * h;
            let first = (VOLUME * (SIGMA * z - SIGMA * SIGMA / 2.0).exp()).round();
            (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * chance_above(n - first) * h
        })
        .sum()
}

/// Each plan's `chance_over` in the JSON of `file` with `args` (trials and seed set here).
fn chances(file: &str, args: &[&str]) -> Vec<f64> {
    let mut all = vec!["--trials", TRIALS, "--seed", "11"];
    all.extend_from_slice(args);
    let budget = budget_json(file, &all);
    budget["plans"].as_array().unwrap().iter().map(|p| p["chance_over"].as_f64().unwrap()).collect()
}

/// `got` (a share of trials, rounded to 4 decimals) is `want` within 4.5 binomial standard
/// errors.
fn assert_chance(what: &str, got: f64, want: f64) {
    let trials: f64 = TRIALS.parse().unwrap();
    let allowed = 4.5 * (want * (1.0 - want) / trials).sqrt() + 1e-4;
    assert!((got - want).abs() <= allowed, "{what}: chance over the budget {got}, expected {want:.4} ± {allowed:.4}");
}

#[test]
fn the_chance_over_a_budget_is_the_tail_of_the_drawn_volume() {
    let dir = tempfile::tempdir().unwrap();
    let one_month = one_customer(&dir, 1, 1);
    // Per conversation at 0.50, a bill above 550 is more than 1,100 conversations: 0.3195.
    let p = chance_above(1100.0);
    assert!((p - 0.3195).abs() < 1e-3, "{p}");
    let [per_conversation, fees] = chances(&one_month, &["--budget", "550"])[..] else { panic!() };
    assert_chance("per conversation, budget 550", per_conversation, p);
    assert_eq!(fees, 0.0, "400.00 a month is never above 550");
    // A bill equal to the budget is not over it; a cent less is crossed in every trial.
    let [per_conversation, fees] = chances(&one_month, &["--budget", "400"])[..] else { panic!() };
    assert_chance("per conversation, budget 400", per_conversation, chance_above(800.0));
    assert_eq!(fees, 0.0, "a bill of exactly 400.00 is not over a budget of 400");
    let [per_conversation, fees] = chances(&one_month, &["--budget", "399.99"])[..] else { panic!() };
    assert_chance("per conversation, budget 399.99", per_conversation, chance_above(799.0));
    assert_eq!(fees, 1.0, "400.00 is over 399.99 in every trial");
    // Over three months drawn independently, *some* month is over with 1 − (1 − p)³: 0.6848.
    let three_months = one_customer(&dir, 1, 3);
    let [any_month, fees] = chances(&three_months, &["--budget", "550"])[..] else { panic!() };
    assert_chance("per conversation, any of 3 months over 550", any_month, 1.0 - (1.0 - p).powi(3));
    assert_eq!(fees, 0.0);
}

#[test]
fn a_budget_for_one_account_is_that_accounts_chance_not_the_portfolios() {
    let dir = tempfile::tempdir().unwrap();
    let two = one_customer(&dir, 2, 1);
    // A budget of 750: one customer's bill is over it above 1,500 conversations (0.0665); the
    // two customers' bill above 1,500 together (0.8915). Fees: 400 for one, 800 for both.
    let (account, portfolio) = (chance_above(1500.0), chance_two_above(1500.0));
    assert!((account - 0.0665).abs() < 1e-3 && (portfolio - 0.8915).abs() < 1e-3, "{account} {portfolio}");
    let [per_conversation, fees] = chances(&two, &["--budget", "750", "--budget-account", "Customer"])[..] else {
        panic!()
    };
    assert_chance("one account, per conversation", per_conversation, account);
    assert_eq!(fees, 0.0, "one account's fees, 400.00, are not over 750");
    let [per_conversation, fees] = chances(&two, &["--budget", "750"])[..] else { panic!() };
    assert_chance("the portfolio, per conversation", per_conversation, portfolio);
    assert_eq!(fees, 1.0, "the portfolio's fees, 800.00, are over 750");
}

#[test]
fn a_budget_can_be_one_account_of_a_profile() {
    let portfolio = shipped().into_iter().find(|p| p.ends_with("saas-portfolio.ron")).unwrap();
    let portfolio = portfolio.to_str().unwrap();
    // (Few trials: 2,780 accounts each. The chances are 0 or 1 here; what they are worth when
    // they are not: a_budget_for_one_account_is_that_accounts_chance_not_the_portfolios.)
    let args = ["--trials", "10", "--budget", "12000", "--budget-account", "Mid-market"];
    let one = budget_json(portfolio, &args);
    assert_eq!(one["account"].as_str(), Some("Mid-market"));
    let chances = |b: &serde_json::Value| {
        b["plans"].as_array().unwrap().iter().map(|p| p["chance_over"].as_f64().unwrap()).collect::<Vec<_>>()
    };
    // One mid-market account's seat bill (60 seats falling to 10, × 85) stays under 12,000; with
    // AI conversations or resolutions billed (about 15,000 a month) it does not.
    assert_eq!(chances(&one), [0.0, 1.0, 1.0, 1.0, 1.0]);
    // The whole portfolio's bill is over 12,000 every month under every plan.
    let whole = budget_json(portfolio, &args[..4]);
    assert!(whole["account"].is_null());
    assert_eq!(chances(&whole), [1.0; 5]);
    let table = String::from_utf8(succeeds(&[
        "simulate",
        portfolio,
        "--trials",
        "10",
        "--budget",
        "12000",
        "--budget-account",
        "Mid-market",
    ]))
    .unwrap();
    assert!(table.contains("against one \"Mid-market\" account's monthly bill"), "{table}");
    assert!(table.contains("the whole portfolio's)"), "{table}");
}

#[test]
fn budget_misuse_exits_2_and_says_why() {
    let portfolio = shipped().into_iter().find(|p| p.ends_with("saas-portfolio.ron")).unwrap();
    let portfolio = portfolio.to_str().unwrap();
    for (args, says) in [
        (vec!["--trials", "0", "--budget", "100"], "needs Monte Carlo trials"),
        (vec!["--trials", "5", "--budget", "100", "--budget-account", "Nope"], "no account profile is named \"Nope\""),
        (vec!["--trials", "5", "--budget", "100", "--format", "csv"], "not in CSV"),
        (vec!["--trials", "5", "--budget=-100"], "negative"),
        (vec!["--trials", "5", "--budget", "12,000"], "not an amount of money"),
        (vec!["--trials", "5", "--budget", "79228162514264337593543950335"], "digits before the point"),
        (vec!["--trials", "5", "--budget-account", "SMB"], "--budget <AMOUNT>"),
    ] {
        let mut all = vec!["simulate", portfolio];
        all.extend_from_slice(&args);
        let o = pricelab(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}

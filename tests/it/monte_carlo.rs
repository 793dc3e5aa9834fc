//! Monte Carlo (docs/format.md): statistical checks with fixed seeds and honest tolerances, and
//! reproducibility whatever the number of threads.

use super::scenario;
use pricelab::engine::Error;
use pricelab::engine::monte_carlo::{self, MonteCarlo, Progress, Silent};
use pricelab::engine::simulate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

fn one_account(count: u64, conversations: u64, volume_noise: f64, resolution_noise: f64, plans: &str) -> String {
    format!(
        r#"(format: 1, name: "MC", start: "2025-01", months: 12,
            accounts: [(name: "A", count: {count}, conversations: {conversations},
                        ai_involvement: (start: 0.8, end: 0.8, months: 0),
                        resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10))],
            plans: [{plans}],
            simulation: (volume_noise: {volume_noise}, resolution_noise: {resolution_noise}))"#
    )
}

const PER_RESOLUTION: &str = r#"(name: "R", charges: [Usage(name: "R", metric: Resolutions, price: PerUnit("0.99"))])"#;

fn run(text: &str, trials: u64, seed: u64) -> MonteCarlo {
    monte_carlo::run(&scenario(text), trials, seed, &Silent).unwrap()
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap()
}

#[test]
fn the_same_seed_gives_the_same_numbers_on_one_thread_or_two() {
    let s = pricelab::model::examples::DEFAULT.scenario().unwrap();
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        // 521 trials: batches of two trials and a last batch of one.
        pool.install(|| monte_carlo::run(&s, 521, 42, &Silent).unwrap())
    };
    let one = on(1);
    assert_eq!(one, on(2));
    assert_eq!(one, on(2), "run after run");
    let other = monte_carlo::run(&s, 521, 43, &Silent).unwrap();
    assert_ne!(one.plans[0].bills, other.plans[0].bills, "another seed draws differently");
    // A portfolio too: several profiles and accounts, per-account billing, one account of each
    // profile billed on its own.
    let mut p = pricelab::model::examples::scenario_named("saas-portfolio.ron").unwrap();
    for a in &mut p.accounts {
        a.count = a.count.min(7);
    }
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| monte_carlo::run(&p, 67, 5, &Silent).unwrap())
    };
    let one = on(1);
    assert!(one.plans.iter().all(|plan| plan.account_worst.iter().all(|w| w.len() == 67)));
    assert_eq!(one, on(2));
}

#[test]
fn without_noise_the_mean_is_the_deterministic_total() {
    // docs/monte-carlo.md: without noise a month's conversations are the plain simulation's,
    // round(volume), and only step 3's binomial draws vary. Their expected resolutions are
    // conversations × AI involvement × resolution rate exactly, where the plain simulation has
    // round(round(conversations × involvement) × rate): at most ½·rate + ½ = 0.75 resolutions
    // apart a month, 12 × 0.75 × 0.99 = 8.91 over the year. The trials' mean must be within
    // 4.5 standard errors (their spread over √N) of the plain total, give or take that.
    let text = one_account(1, 100_000, 0.0, 0.0, PER_RESOLUTION);
    let deterministic = f(simulate(&scenario(&text)).unwrap().plans[0].total);
    let trials = 400;
    let mc = run(&text, trials, 1);
    let plan = &mc.plans[0];
    let totals: Vec<f64> = (0..plan.trials()).map(|t| f(plan.trial_sum(t, 0..plan.months).unwrap())).collect();
    let n = totals.len() as f64;
    assert_eq!(totals.len() as u64, trials);
    let mean = totals.iter().sum::<f64>() / n;
    assert!((mean - f(plan.total.mean)).abs() < 0.01, "{mean} vs {}", plan.total.mean);
    let sd = (totals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    // Resolutions ~ Binomial(Binomial(100000, 0.8), 0.5) a month: a variance of 24,000, so a
    // yearly bill's spread of about 0.99 × √(12 × 24000) = 531.
    assert!((400.0..700.0).contains(&sd), "the trials' spread {sd}");
    let standard_error = sd / n.sqrt();
    let rounding = 12.0 * 0.99 * (0.5 * 0.5 + 0.5);
    let bound = 4.5 * standard_error + rounding;
    assert!(
        (mean - deterministic).abs() <= bound,
        "mean {mean} vs {deterministic}: {} apart, more than {bound:.2} (standard error {standard_error:.2})",
        (mean - deterministic).abs()
    );
}

#[test]
fn percentiles_are_ordered_every_month_and_in_total() {
    let s = pricelab::model::examples::ALL[1].scenario().unwrap();
    let mc = monte_carlo::run(&s, 200, 9, &Silent).unwrap();
    for p in &mc.plans {
        for s in p.monthly.iter().chain([&p.total, &p.support_total, &p.margin]) {
            assert!(s.p10 <= s.p50 && s.p50 <= s.p90, "{}: {s:?}", p.name);
        }
        assert!(p.total.p10 < p.total.p90, "{}: volume noise spreads the total", p.name);
        assert_eq!(p.trials(), 200);
    }
}

#[test]
fn a_hundred_accounts_spread_ten_times_less_than_one() {
    // Independent instances: the relative spread of a sum of 100 shrinks as 1/√100 = 0.1.
    let spread = |count: u64| {
        let mc = run(&one_account(count, 2_000, 0.3, 0.1, PER_RESOLUTION), 400, 5);
        let t = mc.plans[0].total;
        f(t.p90 - t.p10) / f(t.mean)
    };
    let ratio = spread(100) / spread(1);
    assert!((0.06..0.16).contains(&ratio), "spread ratio {ratio}");
}

#[test]
fn a_bundles_breakage_rises_with_volume_noise() {
    // A yearly bundle of exactly the expected resolutions (12 × 400), overage at 1.00 a unit.
    // The bill is the bundle's price plus the overage; expected usage is the same at any noise
    // (the lognormal preserves the mean), so expired units = units − usage + overage: the mean
    // bill rises exactly as the breakage does.
    let plan = r#"(name: "Bucket", charges: [Usage(name: "Overage", metric: Resolutions, price: PerUnit("1"))],
                   commitments: [Bundle(name: "B", metric: Resolutions, units: 4800, price: "4000", term_months: 12)])"#;
    let mean = |noise: f64| f(run(&one_account(1, 1_000, noise, 0.0, plan), 400, 3).plans[0].total.mean);
    let (quiet, noisy) = (mean(0.05), mean(0.4));
    assert!(noisy > quiet + 50.0, "breakage did not rise: {quiet} -> {noisy}");
}

#[test]
fn runs_over_the_account_month_budget_are_refused() {
    let text = one_account(10_000_000, 1, 0.0, 0.0, PER_RESOLUTION);
    match monte_carlo::run(&scenario(&text), 100_000, 1, &Silent) {
        Err(Error::Invalid(problems)) => {
            assert_eq!(problems[0].path(), Some("simulation.trials"));
            assert!(problems[0].message.contains("account-months"), "{}", problems[0]);
        }
        other => panic!("not refused: {:?}", other.map(|m| m.trials)),
    }
}

#[test]
fn runs_keeping_too_many_results_are_refused() {
    // 2,000,001 trials × 1 plan × (12 months × 2 + 1 profile) = 50,000,025 amounts: just over
    // the limit, refused before anything runs, and the message says why.
    let text = one_account(1, 10, 0.0, 0.0, PER_RESOLUTION);
    match monte_carlo::run(&scenario(&text), 2_000_001, 1, &Silent) {
        Err(Error::Invalid(problems)) => {
            let p = problems.iter().find(|p| p.message.contains("amounts for the percentiles")).expect("the limit");
            assert_eq!(p.path(), Some("simulation.trials"));
            assert!(p.message.contains("2000001 trials × 1 plans × (12 months × 2 + 1 profiles)"), "{p}");
        }
        other => panic!("not refused: {:?}", other.map(|m| m.trials)),
    }
}

#[test]
fn a_cancelled_run_stops() {
    let cancel = AtomicBool::new(true);
    let s = pricelab::model::examples::DEFAULT.scenario().unwrap();
    assert_eq!(monte_carlo::run(&s, 1000, 1, &cancel).map(|mc| mc.trials), Err(Error::Cancelled));
}

/// Progress as the app's background job sees it: trials reported done, and a cancel flag that
/// another thread sets. The first report hands over to that thread and waits until it has
/// pressed Cancel, so that the run goes on from there cancelled whatever the timing.
struct Watched {
    cancel: AtomicBool,
    done: AtomicU64,
    first_report: Mutex<Option<mpsc::Sender<()>>>,
}

impl Progress for Watched {
    fn advance(&self, done: u64, _total: u64) {
        self.done.fetch_max(done, Ordering::SeqCst);
        if let Some(tell) = self.first_report.lock().unwrap().take() {
            tell.send(()).unwrap();
            let waited = Instant::now();
            while !self.cancel.load(Ordering::SeqCst) {
                assert!(waited.elapsed() < Duration::from_secs(20), "never cancelled");
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }
    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }
}

/// Cancelled from another thread once it has reported progress, a run stops with
/// `Cancelled` after a few batches of its 20,000 trials.
#[test]
fn a_run_cancelled_midway_from_another_thread_stops_early() {
    let s = pricelab::model::examples::DEFAULT.scenario().unwrap();
    let trials = 20_000;
    let (tell, told) = mpsc::channel();
    let watched =
        Watched { cancel: AtomicBool::new(false), done: AtomicU64::new(0), first_report: Mutex::new(Some(tell)) };
    let result = std::thread::scope(|scope| {
        let watched = &watched;
        scope.spawn(move || {
            told.recv().unwrap();
            watched.cancel.store(true, Ordering::SeqCst);
        });
        monte_carlo::run(&s, trials, 1, watched)
    });
    assert_eq!(result.map(|mc| mc.trials), Err(Error::Cancelled));
    let done = watched.done.load(Ordering::SeqCst);
    assert!(done > 0, "progress was reported before the cancel");
    // Batches of 128 trials: the one reported, and at most the one each thread had in hand.
    let most = 128 * (rayon::current_num_threads() as u64 + 1);
    assert!(done <= most.min(trials / 4), "{done} of {trials} trials done after the cancel");
}

/// A trial of many accounts asks whether it is cancelled as it goes, not only between trials:
/// cancelled at its third question, a single trial of 20,000 accounts stops within it.
#[test]
fn a_long_trial_stops_when_cancelled_within_it() {
    struct AskedTwice(AtomicU64);
    impl Progress for AskedTwice {
        fn advance(&self, _done: u64, _total: u64) {
            panic!("no trial may finish");
        }
        fn cancelled(&self) -> bool {
            self.0.fetch_add(1, Ordering::SeqCst) >= 2
        }
    }
    let asked = AskedTwice(AtomicU64::new(0));
    let text = one_account(20_000, 100, 0.2, 0.1, PER_RESOLUTION);
    assert_eq!(monte_carlo::run(&scenario(&text), 1, 1, &asked).map(|mc| mc.trials), Err(Error::Cancelled));
    assert_eq!(asked.0.load(Ordering::SeqCst), 3, "asked before the trial, then every 4,096 accounts");
}

#[test]
fn whole_number_fast_path_gives_exactly_the_decimal_results() {
    for e in pricelab::model::examples::ALL {
        let mut s = e.scenario().unwrap();
        // Keep the portfolio small enough for the decimal reference to be quick in debug builds.
        for a in &mut s.accounts {
            a.count = a.count.min(3);
        }
        s.simulation.volume_noise = 0.2;
        s.simulation.resolution_noise = 0.1;
        let fast = monte_carlo::run(&s, 25, 11, &Silent).unwrap();
        let exact = monte_carlo::run_exact(&s, 25, 11, &Silent).unwrap();
        assert_eq!(fast, exact, "{}", e.file);
    }
}

#[test]
fn display_figures_follow_the_trials() {
    let s = pricelab::model::examples::DEFAULT.scenario().unwrap();
    let mut mc = monte_carlo::run(&s, 200, 5, &Silent).unwrap();
    assert!(mc.plans.iter().all(|p| p.cumulative.is_empty() && p.peak_over_average.is_none()), "only on request");
    mc.add_display_figures();
    for plan in &mc.plans {
        assert_eq!(plan.cumulative.len(), 36);
        // The running total's last month is the horizon total, trial by trial: the same spread.
        assert_eq!(plan.cumulative[35], plan.total);
        assert_eq!(plan.cumulative[0], plan.monthly[0]);
        for w in plan.cumulative.windows(2) {
            assert!(w[0].p50 <= w[1].p50 && w[0].mean <= w[1].mean);
        }
        assert_eq!(plan.peak_over_average, plan.worst_month_over_average());
        assert!(plan.peak_over_average.unwrap() >= Decimal::ONE);
    }
}

#[test]
fn trial_sums_are_the_horizon_totals() {
    let s = pricelab::model::examples::DEFAULT.scenario().unwrap();
    let mc = monte_carlo::run(&s, 97, 2, &Silent).unwrap();
    for plan in &mc.plans {
        let mut sums: Vec<Decimal> = (0..plan.trials()).map(|t| plan.trial_sum(t, 0..plan.months).unwrap()).collect();
        assert_eq!(monte_carlo::Spread::of(&mut sums), plan.total, "{}", plan.name);
        assert_eq!(plan.trial_sum(97, 0..1), None, "no such trial");
        assert_eq!(plan.trial_sum(0, 0..plan.months + 1), None, "no such month");
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = 3..2;
        assert_eq!(plan.trial_sum(0, backwards), None, "months backwards");
        assert_eq!(plan.trial_sum(0, 2..2), Some(Decimal::ZERO), "no months");
    }
}

#[test]
fn support_cost_is_the_bill_plus_the_team() {
    // Ten fixed seats at 4,500 a month: every trial's support cost is its bill + 45,000 a month.
    let text =
        one_account(1, 5_000, 0.2, 0.05, PER_RESOLUTION).replace("Fixed(10))", "Fixed(10), agent_cost: \"4500\")");
    let mc = run(&text, 150, 4);
    let team = Decimal::from(45_000);
    let plan = &mc.plans[0];
    let monthly = mc.support_monthly(0).unwrap();
    assert_eq!(monthly.len(), 12);
    for (support, bill) in monthly.iter().zip(&plan.monthly) {
        assert_eq!(
            (support.mean, support.p10, support.p50, support.p90),
            (bill.mean + team, bill.p10 + team, bill.p50 + team, bill.p90 + team)
        );
    }
    assert_eq!(plan.support_total.p50, plan.total.p50 + team * Decimal::from(12));
    assert!(mc.support_monthly(1).is_none(), "only one plan");
}

#[test]
fn zero_or_one_trial_is_handled() {
    let s = pricelab::model::examples::DEFAULT.scenario().unwrap();
    // Zero trials: nothing drawn, nothing to panic over.
    let mc = monte_carlo::run(&s, 0, 1, &Silent).unwrap();
    for plan in &mc.plans {
        assert_eq!(plan.trials(), 0);
        assert_eq!(plan.trial_sum(0, 0..1), None);
        assert_eq!(plan.chance_over_budget(Decimal::ONE), Decimal::ZERO);
        assert_eq!(plan.worst_month_over_average(), None);
    }
    assert!(mc.support_monthly(0).is_some_and(|m| m.iter().all(|s| *s == monte_carlo::Spread::default())));
    // One trial: every percentile is that trial.
    let mc = monte_carlo::run(&s, 1, 1, &Silent).unwrap();
    for plan in &mc.plans {
        assert_eq!(plan.trials(), 1);
        assert_eq!(plan.total.p10, plan.total.p90);
        assert_eq!(plan.trial_sum(0, 0..plan.months), Some(plan.total.p50));
    }
}

#[test]
fn one_account_of_a_profile_is_billed_as_if_it_were_alone() {
    // The first instance of the first profile draws the same stream whoever else is in the
    // portfolio: its worst month under each plan is that of a portfolio of it alone.
    let mut s = pricelab::model::examples::scenario_named("saas-portfolio.ron").unwrap();
    for (a, count) in s.accounts.iter_mut().zip([3, 0, 2]) {
        a.count = count;
    }
    s.simulation.volume_noise = 0.2;
    let mut alone = s.clone();
    alone.accounts.truncate(1);
    alone.accounts[0].count = 1;
    let (mc, single) =
        (monte_carlo::run(&s, 120, 8, &Silent).unwrap(), monte_carlo::run(&alone, 120, 8, &Silent).unwrap());
    let budget = Decimal::from(500);
    for (plan, own) in mc.plans.iter().zip(&single.plans) {
        assert_eq!(plan.account_worst.len(), 3);
        assert_eq!(plan.account_worst[0], own.account_worst[0], "{}", plan.name);
        // For the lone account, the account is the portfolio.
        assert_eq!(own.chance_account_over_budget(0, budget), Some(own.chance_over_budget(budget)));
        assert!(
            plan.account_worst[1].is_empty() && plan.chance_account_over_budget(1, budget).is_none(),
            "no accounts"
        );
        assert_eq!(plan.account_worst[2].len(), 120);
        // One account's bill is a small part of the portfolio's, so it exceeds a budget less often.
        let chance = plan.chance_account_over_budget(0, budget).unwrap();
        assert!(chance <= plan.chance_over_budget(budget), "{}", plan.name);
    }
    // A budget between one account's and the portfolio's typical month tells them apart.
    let seats = &mc.plans[0];
    let typical = seats.monthly[0].p50 / Decimal::from(5);
    assert!(seats.chance_account_over_budget(0, typical).unwrap() < seats.chance_over_budget(typical));
}

#[test]
fn the_highest_month_p90_is_the_budget_nine_futures_in_ten_stay_within() {
    let s = pricelab::model::examples::DEFAULT.scenario().unwrap();
    let mc = monte_carlo::run(&s, 200, 5, &Silent).unwrap();
    for plan in &mc.plans {
        // Each trial's highest month, from its monthly bills.
        let mut highest: Vec<Decimal> = (0..plan.trials())
            .map(|t| (0..plan.months).map(|m| plan.trial_sum(t, m..m + 1).unwrap()).max().unwrap())
            .collect();
        let spread = plan.highest_month(None).unwrap();
        assert_eq!(spread, monte_carlo::Spread::of(&mut highest), "{}", plan.name);
        // As a budget, its P90 is exceeded in at most one trial in ten, and anything below it in more.
        assert!(plan.chance_over_budget(spread.p90) <= Decimal::new(1, 1), "{}", plan.name);
        let cent = Decimal::new(1, 2);
        assert!(plan.chance_over_budget(spread.p90 - cent) >= Decimal::new(1, 1), "{}", plan.name);
        // The one account of the one profile is the portfolio; a profile that is not there has none.
        assert_eq!(plan.highest_month(Some(0)), Some(spread));
        assert_eq!(plan.highest_month(Some(1)), None);
    }
}

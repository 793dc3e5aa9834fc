use super::recommend::{SizeUnit, Sizes};
use super::*;
use crate::engine::monte_carlo::Silent;
use crate::model::{Commitment, Seats, examples};

/// A shipped example, read (also for the quote's words: `io::quote::words`).
pub(crate) fn example(file: &str) -> Scenario {
    examples::scenario_named(file).unwrap()
}

/// The shipped portfolio over two years, deterministic.
pub(crate) fn portfolio() -> Scenario {
    let mut s = example("saas-portfolio.ron");
    s.months = 24;
    s.simulation.trials = 0;
    s
}

fn month(text: &str) -> YearMonth {
    text.parse().unwrap()
}

/// A quote of `customer` with everything else as the request's defaults.
fn of(s: &Scenario, customer: Customer) -> Quote {
    quote(s, &Request::new(customer), &Silent).unwrap()
}

#[test]
fn a_profiles_quote_from_the_scenarios_start_is_one_account_of_the_simulation() {
    let s = portfolio();
    let full = crate::engine::simulate(&s).unwrap();
    let q = of(&s, Customer::Profile(1));
    assert_eq!(q.customer, s.accounts[1].name);
    assert_eq!(q.plans.len(), s.plans.len());
    for (p, plan) in full.plans.iter().enumerate() {
        let one = &plan.accounts[1];
        assert_eq!(q.plans[p].monthly, one.billed, "{}", plan.name);
        assert_eq!(q.plans[p].total, one.total);
        assert_eq!(q.plans[p].yearly.iter().sum::<Decimal>(), one.total);
        // Support cost: the bills plus each month's seats × the agent cost.
        let seats: u64 = full.accounts[1].months.iter().map(|u| u.seats).sum();
        assert_eq!(q.plans[p].support_total, one.total + Decimal::from(seats) * s.accounts[1].agent_cost);
        // The saving is the baseline's bill minus this one's, the same on the total cost of
        // support (the seats do not depend on the plan).
        assert_eq!(q.plans[p].saving, full.plans[0].accounts[1].total - one.total);
        assert_eq!(q.plans[p].saving, q.baseline.support_total - q.plans[p].support_total);
    }
    assert_eq!(q.baseline, q.plans[0]);
    assert_eq!(q.plans[0].saving, Decimal::ZERO);
    assert!(q.plans[0].band.is_none() && q.plans[0].over_budget.is_none());
}

#[test]
fn savings_are_shares_of_the_bill_and_of_the_total_cost_of_support() {
    let s = example("seasonal-retailer.ron");
    let q = of(&s, Customer::Profile(0));
    for p in q.plans.iter().skip(1) {
        assert_eq!(p.saving_pct, Some(round2(p.saving * Decimal::ONE_HUNDRED / q.baseline.total)));
        assert_eq!(p.support_saving_pct, Some(round2(p.saving * Decimal::ONE_HUNDRED / q.baseline.support_total)));
        // With salaries counted the same saving is a smaller share.
        assert!(p.support_saving_pct.unwrap().abs() < p.saving_pct.unwrap().abs(), "{p:?}");
    }
}

#[test]
fn a_contract_starts_in_the_month_asked_for_and_lasts_as_long_as_asked() {
    let mut s = portfolio();
    s.accounts[0].seasonality = (1..=12).map(f64::from).collect();
    let mut request = Request::new(Customer::Profile(0));
    request.from = Some(month("2031-07"));
    request.months = Some(12);
    let q = quote(&s, &request, &Silent).unwrap();
    assert_eq!(q.months.len(), 12);
    assert_eq!((q.months[0], q.months[11]), (month("2031-07"), month("2032-06")));
    // The profile's assumptions describe the customer as the contract starts: month 0 is July,
    // with July's seasonality, and growth counts from there.
    let mut moved = s.clone();
    moved.start = month("2031-07");
    moved.months = 12;
    let full = crate::engine::simulate(&moved).unwrap();
    assert_eq!(q.plans[1].monthly, full.plans[1].accounts[0].billed);
    assert_eq!(q.years.len(), 1);
}

#[test]
fn a_budget_counts_the_months_over_it_year_by_year() {
    let s = portfolio();
    let mut r = Request::new(Customer::Profile(0));
    r.plans = vec![1];
    r.budget = Some(Decimal::ZERO);
    let q = quote(&s, &r, &Silent).unwrap();
    assert_eq!(q.plans.len(), 1);
    let over = q.plans[0].over_budget.as_ref().unwrap();
    assert_eq!(over.len(), 2);
    assert_eq!((over[0].chance, over[0].months), (Decimal::ONE, Decimal::from(12)));
    // With trials: a budget above every bill is never exceeded; the months are counted per trial.
    let mut s = s;
    s.simulation.trials = 50;
    s.simulation.volume_noise = 0.2;
    r.budget = None;
    let median = quote(&s, &r, &Silent).unwrap().plans[0].monthly[6];
    r.budget = Some(median);
    let q = quote(&s, &r, &Silent).unwrap();
    let over = q.plans[0].over_budget.as_ref().unwrap();
    assert!(over[0].chance > Decimal::ZERO && over[0].chance < Decimal::ONE, "{over:?}");
    assert_eq!(over[0].months, over[0].chance * Decimal::from(12));
    let band = q.plans[0].band.as_ref().unwrap();
    assert!(band.iter().all(|(p10, p90)| p10 <= p90));
    r.budget = Some(Decimal::from(1_000_000_000));
    let never = quote(&s, &r, &Silent).unwrap();
    assert_eq!(never.plans[0].over_budget.as_ref().unwrap()[1].chance, Decimal::ZERO);
}

#[test]
fn unknown_customers_and_plans_are_refused() {
    let s = portfolio();
    assert_eq!(
        quote(&s, &Request::new(Customer::Profile(9)), &Silent),
        Err(Error::Unknown("there is no profile 9".into()))
    );
    let mut r = Request::new(Customer::Profile(0));
    r.plans = vec![7];
    assert_eq!(quote(&s, &r, &Silent), Err(Error::Unknown("there is no plan 7".into())));
}

/// A scenario whose first profile's first `h` months are recorded (as the usage the scenario
/// itself projects).
fn recorded(h: u32) -> Scenario {
    let mut s = portfolio();
    s.accounts.truncate(1);
    s.accounts[0].count = 1;
    s.accounts[0].growth = 0.2;
    s.accounts[0].resolution_rate = crate::model::Ramp { start: 0.2, end: 0.7, months: 30 };
    // Re-sized every 5 months: some quotes start inside a term, some as one begins.
    s.accounts[0].seats = Seats::Staffed { start: 40, conversations_per_seat: 100.0, minimum: 2, term_months: 5 };
    s.months = 36;
    let usage = crate::engine::simulate(&s).unwrap().accounts.remove(0).months;
    let months = usage
        .iter()
        .take(h as usize)
        .map(|u| crate::model::RecordedMonth {
            conversations: u.conversations,
            ai_conversations: u.ai_conversations,
            resolutions: u.resolutions,
            seats: u.seats,
        })
        .collect();
    let recorded = Recorded {
        file: "usage.csv".into(),
        start: s.start,
        months: h,
        accounts: vec![RecordedAccount { name: s.accounts[0].name.clone(), line: 2, months }],
    };
    s.history = Some(History { file: "usage.csv".into(), recorded: Some(Arc::new(recorded)) });
    s
}

use crate::model::{History, Recorded, RecordedAccount};
use std::sync::Arc;

#[test]
fn a_recorded_customer_continues_its_history_from_the_month_asked_for() {
    let s = recorded(12);
    let full = crate::engine::simulate(&s).unwrap();
    for k in [0_u32, 6, 12, 20, 24] {
        let mut r = Request::new(Customer::Profile(0));
        r.from = Some(s.start.plus(k));
        r.months = Some(12);
        let q = quote(&s, &r, &Silent).unwrap();
        assert_eq!(q.months[0], s.start.plus(k));
        // The team it has then, recorded or projected (a term re-sized then, for its busiest month).
        assert_eq!(q.seats[0], full.accounts[0].months[k as usize].seats, "from month {k}");
        // Its usage is the scenario's from month k on (recorded, then projected): the per
        // resolution plan's bill follows the resolutions month by month.
        let scenario_usage = &full.accounts[0].months[k as usize..k as usize + 12];
        let per_resolution =
            |quote_usage: &[usage::MonthUsage]| quote_usage.iter().map(|u| u.resolutions).collect::<Vec<_>>();
        let (one, _) = customer::one_account(&s, &r).unwrap();
        let ours = crate::engine::simulate(&one).unwrap().accounts.remove(0).months;
        let theirs = per_resolution(scenario_usage);
        for (a, b) in per_resolution(&ours).iter().zip(&theirs) {
            assert!(a.abs_diff(*b) <= 1, "from month {k}: {a} against {b}");
        }
    }
    // Before its history began, it cannot be quoted.
    let mut r = Request::new(Customer::Profile(0));
    r.from = Some(month("2020-01"));
    assert!(matches!(quote(&s, &r, &Silent), Err(Error::Start(_))));
}

use crate::engine::usage;

fn bundle_scenario() -> Scenario {
    let mut s = portfolio();
    s.accounts.truncate(1);
    s.accounts[0].count = 1;
    s.accounts[0].growth = 0.0;
    s.accounts[0].seasonality = crate::model::flat_seasonality();
    s.months = 24;
    // The second plan: a bundle of resolutions a year at 0.80 each, 0.99 beyond it.
    s.plans.truncate(3);
    s.plans[2].commitments = vec![Commitment::Bundle {
        name: "Bucket".into(),
        metric: crate::model::Metric::Resolutions,
        units: 1000,
        price: Decimal::from(800),
        term_months: 12,
        billing: crate::model::Billing::Upfront,
        rollover: Decimal::ZERO,
    }];
    s
}

#[test]
fn the_recommended_bundle_is_the_size_with_the_lowest_bill() {
    let s = bundle_scenario();
    let mut r = Request::new(Customer::Profile(0));
    r.plans = vec![2];
    r.recommend = Some(Sizes::Steps);
    let q = quote(&s, &r, &Silent).unwrap();
    assert_eq!(q.recommendations.len(), 1);
    let rec = &q.recommendations[0];
    assert_eq!((rec.plan.as_str(), rec.commitment.as_str()), (s.plans[2].name.as_str(), "Bucket"));
    assert_eq!(rec.unit, SizeUnit::Units(crate::model::Metric::Resolutions));
    assert_eq!(rec.candidates[rec.current].size, Decimal::from(1000), "the offered size is among those tried");
    assert!(rec.candidates.len() >= 10);
    assert!(rec.candidates.windows(2).all(|w| w[0].size < w[1].size));
    // The best is the cheapest; each size's price per unit is the bundle's.
    let best = rec.best().unwrap();
    assert!(rec.candidates.iter().all(|c| c.total >= best.total));
    for c in &rec.candidates {
        assert_eq!(c.price, round2(Decimal::new(8, 1) * c.size));
    }
    // Deterministic: no bundle larger than the busiest year's resolutions pays; twice the need
    // leaves units unused every year.
    let (one, _) = customer::one_account(&s, &r).unwrap();
    let months = crate::engine::simulate(&one).unwrap().accounts.remove(0).months;
    let used = months.chunks(12).map(|year| year.iter().map(|u| u.resolutions).sum::<u64>()).max().unwrap();
    assert!(best.size <= Decimal::from(used), "{} against at most {used} used in a year", best.size);
    let biggest = rec.candidates.last().unwrap();
    assert_eq!(biggest.mostly_unused, Some(Decimal::ONE), "twice the need leaves more than a quarter unused");
    assert_eq!(biggest.runs_out, Decimal::ZERO);
    // The figures hold the bills: the offered size's expected total is the plan's total.
    assert_eq!(rec.current().unwrap().total, q.plans[0].total);
}

#[test]
fn listed_sizes_are_tried_and_ties_go_to_the_larger() {
    let mut s = bundle_scenario();
    // A commit at par that covers seats: any commit the customer surely uses costs the same.
    s.plans[2].commitments = vec![Commitment::Commit {
        name: "Commit".into(),
        amount: Decimal::from(100),
        term_months: 12,
        billing: crate::model::Billing::Upfront,
        covers: vec![crate::model::Metric::Seats, crate::model::Metric::Resolutions],
        rollover: Decimal::ZERO,
    }];
    let mut r = Request::new(Customer::Profile(0));
    r.plans = vec![2];
    r.recommend = Some(Sizes::Listed(vec![Decimal::from(50), Decimal::from(200), Decimal::from(1_000_000)]));
    let q = quote(&s, &r, &Silent).unwrap();
    let rec = &q.recommendations[0];
    let sizes: Vec<Decimal> = rec.candidates.iter().map(|c| c.size).collect();
    assert_eq!(sizes, [50, 100, 200, 1_000_000].map(Decimal::from));
    assert_eq!(rec.unit, SizeUnit::Money);
    // 50, 100 and 200 a year are all used up: the same bill; the largest of them is chosen.
    assert_eq!(rec.candidates[0].total, rec.candidates[2].total);
    assert_eq!(rec.best().unwrap().size, Decimal::from(200));
    assert_eq!(rec.tied, 0, "50, 100 and 200 cost the same");
    assert_eq!(rec.candidates[2].runs_out, Decimal::ONE);
    assert!(rec.candidates[3].total > rec.candidates[2].total, "a million a year is mostly wasted");
    // A plan without a bundle or a commit gets no recommendation.
    r.plans = vec![0, 1];
    assert!(quote(&s, &r, &Silent).unwrap().recommendations.is_empty());
}

#[test]
fn with_trials_the_recommendation_bills_every_trial() {
    let mut s = bundle_scenario();
    s.simulation.trials = 40;
    s.simulation.volume_noise = 0.3;
    let mut r = Request::new(Customer::Profile(0));
    r.plans = vec![2];
    r.recommend = Some(Sizes::Listed(vec![Decimal::from(900)]));
    let q = quote(&s, &r, &Silent).unwrap();
    let rec = &q.recommendations[0];
    assert_eq!(rec.trials, 40);
    // Chances strictly between 0 and 1 once usage varies around the size.
    let near = rec.candidates.iter().find(|c| c.size == Decimal::from(1000)).unwrap();
    assert!(near.runs_out > Decimal::ZERO || near.mostly_unused.unwrap_or_default() > Decimal::ZERO, "{near:?}");
    // The same request gives the same figures (every trial's stream is fixed by the seed).
    assert_eq!(quote(&s, &r, &Silent).unwrap().recommendations, q.recommendations);
}

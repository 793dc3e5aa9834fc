use super::recommend::{SizeUnit, Sizes};
use super::*;
use crate::engine::monte_carlo::Silent;
use crate::model::{Commitment, Seats, examples};

fn example(file: &str) -> Scenario {
    examples::scenario_named(file).unwrap()
}

fn portfolio() -> Scenario {
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
fn a_customer_typed_in_with_fixed_seats_is_billed_for_exactly_those_seats() {
    // The Fin example's profile is staffed at 150 seats at least; a customer typed in with 25
    // fixed seats pays for 25 seats every month, whatever the profile says.
    let s = example("fin-outcome-pricing.ron");
    let custom = Customer::Custom {
        from: 0,
        name: "Acme".into(),
        conversations: 20_000.0,
        seats: 25,
        team: Team::Fixed,
        agent_cost: Decimal::from(4000),
    };
    let q = of(&s, custom);
    assert!(q.seats.iter().all(|n| *n == 25), "{:?}", q.seats);
    let seats_only = &q.plans[0];
    let price = match &s.plans[0].charges[0] {
        crate::model::Charge::Usage { price: crate::model::Price::PerUnit(p), .. } => *p,
        other => panic!("{other:?}"),
    };
    assert_eq!(seats_only.total, Decimal::from(25 * 36) * price);
    assert!(q.assumptions.iter().any(|a| a == "The team keeps 25 seats throughout."), "{:?}", q.assumptions);
    assert_eq!(q.findings[0], "Your team stays at 25 seats throughout the contract.");
}

#[test]
fn a_customer_typed_in_with_a_staffed_team_has_its_own_minimum() {
    let s = example("fin-outcome-pricing.ron");
    let custom = Customer::Custom {
        from: 0,
        name: "Acme".into(),
        conversations: 20_000.0,
        seats: 60,
        team: Team::Staffed { conversations_per_seat: 250.0, minimum: 10, term_months: 3 },
        agent_cost: Decimal::from(4000),
    };
    let q = of(&s, custom);
    assert_eq!(q.seats[0], 60);
    let last = *q.seats.last().unwrap();
    assert!((10..60).contains(&last), "re-sized as the AI resolves more, to at least 10: {last}");
    assert!(q.findings[0].starts_with("Your team goes down from "), "{:?}", q.findings);
    assert!(q.findings[0].contains("seats on average in the first year to "), "{:?}", q.findings);
    assert!(q.assumptions.iter().any(|a| a.contains("at least 10 seats")), "{:?}", q.assumptions);
}

#[test]
fn the_sentence_about_seats_follows_the_seats() {
    let s = example("fin-outcome-pricing.ron");
    let custom = |seats: u64, team: Team, growth: f64| {
        let mut s = s.clone();
        s.accounts[0].growth = growth;
        let c = Customer::Custom {
            from: 0,
            name: "Acme".into(),
            conversations: 50_000.0,
            seats,
            team,
            agent_cost: Decimal::ZERO,
        };
        of(&s, c)
    };
    let staffed = Team::Staffed { conversations_per_seat: 100.0, minimum: 0, term_months: 6 };
    // Up: a team too small for its volume grows at the first renewal.
    let up = custom(5, staffed, 0.5);
    let (first, last) = up.seats_first_last();
    assert!(last > first);
    assert!(up.findings[0].starts_with("Your team grows from "), "{:?}", up.findings);
    assert!(up.findings[0].contains("as your volume grows"));
    let (low, high) = (up.seats.iter().min().unwrap(), up.seats.iter().max().unwrap());
    assert!(up.findings[0].ends_with(&format!("between {low} and {high} seats along the way.")), "{:?}", up.findings);
    // Down.
    let down = custom(5000, staffed, 0.0);
    assert!(down.findings[0].starts_with("Your team goes down from "), "{:?}", down.findings);
    assert!(down.findings[0].contains("as the AI agent resolves more of your conversations"), "{:?}", down.findings);
    // Flat.
    let flat = custom(40, Team::Fixed, 0.0);
    assert_eq!(flat.findings[0], "Your team stays at 40 seats throughout the contract.");
    // No sentence says the seats are where a saving comes from.
    for q in [&up, &down, &flat] {
        assert!(q.findings.iter().all(|f| !f.contains("saving comes from")), "{:?}", q.findings);
    }
}

#[test]
fn the_sentence_about_savings_follows_their_signs() {
    let s = portfolio();
    let base = of(&s, Customer::Profile(2));
    let cheaper: Vec<&PlanQuote> = base.plans.iter().skip(1).filter(|p| p.saving > Decimal::ZERO).collect();
    let dearer: Vec<&PlanQuote> = base.plans.iter().skip(1).filter(|p| p.saving < Decimal::ZERO).collect();
    let sentence = |q: &Quote| q.findings.get(1).cloned().unwrap_or_default();
    let only = |names: &[&str]| {
        let mut r = Request::new(Customer::Profile(2));
        r.plans =
            s.plans.iter().enumerate().filter(|(_, p)| names.contains(&p.name.as_str())).map(|(i, _)| i).collect();
        quote(&s, &r, &Silent).unwrap()
    };
    if let Some(c) = cheaper.first() {
        let q = only(&[c.name.as_str()]);
        assert!(sentence(&q).starts_with(&format!("{} costs you USD", c.name)), "{}", sentence(&q));
        assert!(sentence(&q).contains("less than Seats"));
    }
    if let Some(d) = dearer.first() {
        let q = only(&[d.name.as_str()]);
        assert!(sentence(&q).contains("more than Seats"), "{}", sentence(&q));
    }
    if let (Some(c), Some(d)) = (cheaper.first(), dearer.first()) {
        let q = only(&[c.name.as_str(), d.name.as_str()]);
        let text = sentence(&q);
        assert!(text.contains(&format!("{} costs you less than Seats", c.name)), "{text}");
        assert!(text.contains(&format!("{} costs more", d.name)), "{text}");
    }
    // Every offered plan dearer: the Fin example's support team.
    let fin = of(&example("fin-outcome-pricing.ron"), Customer::Profile(0));
    assert!(fin.plans.iter().skip(1).all(|p| p.saving < Decimal::ZERO));
    assert!(
        sentence(&fin).starts_with("Every other plan offered costs you more than Seats only over the 3 years"),
        "{}",
        sentence(&fin)
    );
    // Without the baseline offered: "every plan offered".
    let mut r = Request::new(Customer::Profile(0));
    r.plans = vec![1, 2];
    let without = quote(&example("fin-outcome-pricing.ron"), &r, &Silent).unwrap();
    assert!(
        sentence(&without).starts_with("Every plan offered costs you more than Seats only"),
        "{}",
        sentence(&without)
    );
    // A plan that costs the same is said to.
    let mut same = example("fin-outcome-pricing.ron");
    let copy = same.plans[0].clone();
    same.plans.push(crate::model::Plan { name: "Seats, again".into(), ..copy });
    let q = of(&same, Customer::Profile(0));
    assert!(sentence(&q).contains("Seats, again costs the same"), "{}", sentence(&q));
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
        Err(QuoteError::Unknown("there is no profile 9".into()))
    );
    let mut r = Request::new(Customer::Profile(0));
    r.plans = vec![7];
    assert_eq!(quote(&s, &r, &Silent), Err(QuoteError::Unknown("there is no plan 7".into())));
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
    assert!(matches!(quote(&s, &r, &Silent), Err(QuoteError::Start(_))));
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

#[test]
fn every_sentence_names_its_staffing_and_no_vendor_figure() {
    let s = example("fin-outcome-pricing.ron");
    let q = of(&s, Customer::Profile(0));
    let text = [q.findings.clone(), q.assumptions.clone()].concat().join(" ");
    for word in ["margin", "cost to serve", "vendor"] {
        assert!(!text.contains(word), "{word}: {text}");
    }
    assert!(q.assumptions.iter().any(|a| a.starts_with("The team starts at 1,000 seats")), "{:?}", q.assumptions);
    assert!(matches!(s.accounts[0].seats, Seats::Staffed { .. }));
}

#[test]
fn the_assumptions_read_as_sentences() {
    let q = of(&portfolio(), Customer::Profile(2));
    assert_eq!(
        q.assumptions[1],
        "The AI agent takes part in 50% of conversations at the start, rising to 90% over 18 months, and resolves 25% of those at the start, rising to 70% over 30 months."
    );
    let flat = of(&example("seasonal-retailer.ron"), Customer::Profile(0));
    assert_eq!(
        flat.assumptions[1],
        "The AI agent takes part in 90% of conversations and resolves 60% of those at the start, rising to 70% over 12 months."
    );
    assert!(flat.assumptions[2].ends_with("(300 per seat, at least 40 seats)."), "{}", flat.assumptions[2]);
}

#[test]
fn a_contract_shorter_than_a_commitments_term_says_so() {
    let s = example("seat-to-resolution-commit.ron");
    let mut r = Request::new(Customer::Profile(0));
    r.months = Some(18);
    let q = quote(&s, &r, &Silent).unwrap();
    assert!(
        q.assumptions.iter().any(|a| a
            == "Annual commit of Annual commit, upfront, 15% off runs in terms of 12 months; this contract of 18 months ends inside one, and its figures count only the contract's months."),
        "{:?}",
        q.assumptions
    );
    r.months = Some(24);
    let whole = quote(&s, &r, &Silent).unwrap();
    assert!(whole.assumptions.iter().all(|a| !a.contains("ends inside one")), "{:?}", whole.assumptions);
}

/// A chance is never rounded to a certainty, nor to nothing, that it is not.
#[test]
fn chances_in_words_keep_near_certainties_uncertain() {
    let words = |x: &str| super::chance(x.parse().unwrap());
    assert_eq!(
        ["0", "0.001", "0.0051", "0.5", "0.9949", "0.996", "0.9999", "1"].map(words),
        ["0%", "<1%", "<1%", "50%", ">99%", ">99%", ">99%", "100%"]
    );
    let year = |chance: &str, months: &str, trials| {
        super::year_over_budget(
            &super::YearOver { chance: chance.parse().unwrap(), months: months.parse().unwrap() },
            trials,
        )
    };
    assert_eq!(year("0.2258", "2.71", 1000), "23% · 2.7 months");
    assert_eq!(year("0.001", "0.012", 1000), "<1% · <0.1 months");
    assert_eq!(year("0.0833", "1", 0), "8% · 1 month");
}

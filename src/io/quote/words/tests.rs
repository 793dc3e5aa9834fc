//! The quote's sentences, on quotes the engine makes (they moved here from `engine::quote` with
//! the words).

use super::*;
use crate::engine::monte_carlo::{Progress, Silent};
use crate::engine::quote::tests::{example, portfolio};
use crate::engine::quote::{Customer, PlanQuote, Request, Team, YearOver};
use crate::model::{Scenario, Seats};
use rust_decimal::Decimal;

/// A quote with its words, read as the quote's own fields.
struct Worded {
    quote: Quote,
    findings: Vec<String>,
    assumptions: Vec<String>,
}

impl std::ops::Deref for Worded {
    type Target = Quote;
    fn deref(&self) -> &Quote {
        &self.quote
    }
}

/// The engine's quote, with its words.
fn quote(s: &Scenario, r: &Request, progress: &dyn Progress) -> Result<Worded, String> {
    let quote = crate::engine::quote::quote(s, r, progress).map_err(|e| e.to_string())?;
    Ok(Worded { findings: findings(&quote), assumptions: assumptions(&quote), quote })
}

/// A quote of `customer` with everything else as the request's defaults.
fn of(s: &Scenario, customer: Customer) -> Worded {
    quote(s, &Request::new(customer), &Silent).unwrap()
}

#[test]
fn the_words_of_a_quote_are_its_sentences_and_every_plans_terms() {
    let s = example("fin-outcome-pricing.ron");
    let mut r = Request::new(Customer::Profile(0));
    r.plans = vec![1, 2];
    let q = crate::engine::quote::quote(&s, &r, &Silent).unwrap();
    let words = Words::of(&q);
    assert_eq!(words.findings, findings(&q));
    assert_eq!(words.assumptions, assumptions(&q));
    for plan in q.plans.iter().chain([&q.baseline]) {
        assert_eq!(words.terms(plan), terms::plan_terms(&plan.plan, &q.currency), "{}", plan.name);
    }
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
    let sentence = |q: &Worded| q.findings.get(1).cloned().unwrap_or_default();
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
        super::year_over_budget(&YearOver { chance: chance.parse().unwrap(), months: months.parse().unwrap() }, trials)
    };
    assert_eq!(year("0.2258", "2.71", 1000), "23% · 2.7 months");
    assert_eq!(year("0.001", "0.012", 1000), "<1% · <0.1 months");
    assert_eq!(year("0.0833", "1", 0), "8% · 1 month");
}

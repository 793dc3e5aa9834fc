use super::*;
use crate::model::examples;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn usage(name: &str, metric: Metric, included: u64, price: Price) -> Charge {
    Charge::Usage { name: name.into(), metric, included, price }
}

fn fee(name: &str, amount: &str) -> Charge {
    Charge::Fee { name: name.into(), amount: d(amount) }
}

fn tier(up_to: Option<u64>, unit: &str, flat: &str) -> Tier {
    Tier { up_to, unit_price: d(unit), flat_fee: d(flat) }
}

fn plan(charges: Vec<Charge>, commitments: Vec<Commitment>, discount: &str) -> Plan {
    Plan { name: "P".into(), charges, commitments, discount: d(discount) }
}

/// The one sentence of a one-charge plan.
fn said(charge: Charge) -> String {
    let terms = plan_terms(&plan(vec![charge], vec![], "0"), "USD");
    assert_eq!(terms.len(), 1, "{terms:?}");
    terms[0].clone()
}

/// The commitment's sentence, in a plan with one per-resolution charge.
fn commitment_said(c: Commitment) -> String {
    let charge = usage("Resolution", Metric::Resolutions, 0, Price::PerUnit(d("0.99")));
    plan_terms(&plan(vec![charge], vec![c], "0"), "USD")[1].clone()
}

fn bundle(units: u64, term: u32, billing: Billing, rollover: &str) -> Commitment {
    Commitment::Bundle {
        name: "Resolution bucket".into(),
        metric: Metric::Resolutions,
        units,
        price: d("850000"),
        term_months: term,
        billing,
        rollover: d(rollover),
    }
}

fn commit(covers: Vec<Metric>, billing: Billing, rollover: &str) -> Commitment {
    Commitment::Commit {
        name: "Annual commit".into(),
        amount: d("800000"),
        term_months: 12,
        billing,
        covers,
        rollover: d(rollover),
    }
}

#[test]
fn price_text_keeps_two_decimals_and_every_significant_one() {
    assert_eq!(price_text("EUR", d("0.0125")), "EUR 0.0125");
    assert_eq!(price_text("USD", d("1500000")), "USD 1,500,000.00");
    assert_eq!(price_text("USD", d("0")), "USD 0.00");
    assert_eq!(price_text("USD", d("0.990")), "USD 0.99");
    assert_eq!(price_text("USD", d("1234567.8")), "USD 1,234,567.80");
    assert_eq!(price_text("USD", d("-5")), "USD -5.00");
    assert_eq!(price_text("USD", -Decimal::ZERO), "USD 0.00");
    assert_eq!(price_text("USD", Decimal::MAX), "USD 79,228,162,514,264,337,593,543,950,335.00");
}

#[test]
fn term_words_name_the_usual_terms() {
    assert_eq!(term_words(1), "month");
    assert_eq!(term_words(3), "quarter");
    assert_eq!(term_words(12), "year");
    assert_eq!(term_words(24), "2 years");
    assert_eq!(term_words(6), "6 months");
    assert_eq!(term_words(18), "18 months");
    assert_eq!(per_term_words(1), "a month");
    assert_eq!(per_term_words(12), "a year");
    assert_eq!(per_term_words(24), "every 2 years");
    assert_eq!(per_term_words(6), "every 6 months");
    assert_eq!(each_term_words(12), "each year");
    assert_eq!(each_term_words(24), "each 2-year term");
    assert_eq!(each_term_words(6), "each 6-month term");
}

#[test]
fn percentages_have_no_float_noise() {
    assert_eq!(percent(d("0.15")), "15%");
    assert_eq!(percent(d("0.125")), "12.5%");
    assert_eq!(percent(d("0.5")), "50%");
    assert_eq!(percent(d("0.333")), "33.3%");
}

#[test]
fn per_unit_seat_and_resolution() {
    assert_eq!(said(usage("Seat", Metric::Seats, 0, Price::PerUnit(d("85")))), "Seat: USD 85.00 per seat a month.");
    assert_eq!(
        said(usage("Resolution", Metric::Resolutions, 0, Price::PerUnit(d("0.99")))),
        "Resolution: USD 0.99 per resolution."
    );
    assert_eq!(
        said(usage("AI conversation", Metric::AiConversations, 0, Price::PerUnit(d("2")))),
        "AI conversation: USD 2.00 per AI-handled conversation."
    );
    assert_eq!(
        said(usage("Conversation", Metric::Conversations, 0, Price::PerUnit(d("0.0125")))),
        "Conversation: USD 0.0125 per conversation."
    );
}

#[test]
fn per_unit_with_included_units() {
    assert_eq!(
        said(usage("Resolution", Metric::Resolutions, 1000, Price::PerUnit(d("0.99")))),
        "Resolution: USD 0.99 per resolution after the first 1,000 resolutions each month."
    );
    assert_eq!(
        said(usage("Resolution", Metric::Resolutions, 1, Price::PerUnit(d("0.99")))),
        "Resolution: USD 0.99 per resolution after the first resolution each month."
    );
    assert_eq!(
        said(usage("Seat", Metric::Seats, 5, Price::PerUnit(d("85")))),
        "Seat: USD 85.00 per seat a month after the first 5 seats."
    );
    assert_eq!(
        said(usage("Seat", Metric::Seats, 1, Price::PerUnit(d("85")))),
        "Seat: USD 85.00 per seat a month after the first seat."
    );
}

#[test]
fn package() {
    assert_eq!(
        said(usage("Resolution pack", Metric::Resolutions, 0, Price::Package { size: 100, price: d("80") })),
        "Resolution pack: USD 80.00 per pack of 100 resolutions (a pack started is billed whole)."
    );
    assert_eq!(
        said(usage("AI sessions", Metric::AiConversations, 500, Price::Package { size: 100, price: d("49") })),
        "AI sessions: USD 49.00 per pack of 100 AI-handled conversations after the first 500 AI-handled \
         conversations each month (a pack started is billed whole)."
    );
    assert_eq!(
        said(usage("Seat pack", Metric::Seats, 0, Price::Package { size: 10, price: d("500") })),
        "Seat pack: USD 500.00 per pack of 10 seats a month (a pack started is billed whole)."
    );
    // A package of one (or none, billed as one) is a unit price.
    assert_eq!(
        said(usage("R", Metric::Resolutions, 0, Price::Package { size: 1, price: d("1") })),
        "R: USD 1.00 per resolution."
    );
    assert_eq!(
        said(usage("R", Metric::Resolutions, 0, Price::Package { size: 0, price: d("1") })),
        "R: USD 1.00 per resolution."
    );
}

fn three_tiers() -> Vec<Tier> {
    vec![tier(Some(1000), "0.99", "0"), tier(Some(10000), "0.89", "0"), tier(None, "0.79", "0")]
}

#[test]
fn graduated_tiers() {
    assert_eq!(
        said(usage("Resolution", Metric::Resolutions, 0, Price::Graduated(three_tiers()))),
        "Resolution: graduated — the first 1,000 resolutions each month at USD 0.99 each, the next 9,000 at \
         USD 0.89, every one beyond 10,000 at USD 0.79."
    );
}

#[test]
fn graduated_flat_fees() {
    let tiers = vec![tier(Some(1000), "0", "500"), tier(Some(10000), "0.89", "100"), tier(None, "0.79", "0")];
    assert_eq!(
        said(usage("Resolution", Metric::Resolutions, 0, Price::Graduated(tiers))),
        "Resolution: graduated — the first 1,000 resolutions each month for a flat USD 500.00, the next 9,000 \
         at USD 0.89 each plus USD 100.00 in a month where any is reached, every one beyond 10,000 at USD 0.79."
    );
}

#[test]
fn graduated_with_included_units_counts_them_first() {
    assert_eq!(
        said(usage("Resolution", Metric::Resolutions, 500, Price::Graduated(three_tiers()))),
        "Resolution: graduated — the first 500 resolutions each month free, the next 1,000 at USD 0.99 each, \
         the next 9,000 at USD 0.89, every one beyond 10,500 at USD 0.79."
    );
}

#[test]
fn graduated_odd_tiers() {
    // No tier: nothing is billed.
    assert_eq!(said(usage("R", Metric::Resolutions, 0, Price::Graduated(vec![]))), "R: no charge for resolutions.");
    // A tier not above the one before holds nothing; beyond a last bounded tier is free.
    let tiers = vec![tier(Some(1), "2", "0"), tier(Some(1), "9", "0"), tier(Some(2), "1", "0")];
    assert_eq!(
        said(usage("R", Metric::Resolutions, 0, Price::Graduated(tiers))),
        "R: graduated — the first resolution each month at USD 2.00 each, the next one at USD 1.00, every \
         one beyond 2 free."
    );
    // One unbounded tier.
    assert_eq!(
        said(usage("R", Metric::Resolutions, 0, Price::Graduated(vec![tier(None, "0.5", "0")]))),
        "R: graduated — every resolution of the month at USD 0.50 each."
    );
}

#[test]
fn volume_tiers() {
    assert_eq!(
        said(usage("Resolution", Metric::Resolutions, 0, Price::Volume(three_tiers()))),
        "Resolution: volume pricing — every resolution of the month at USD 0.99 when there are up to 1,000, \
         USD 0.89 up to 10,000, USD 0.79 above 10,000."
    );
}

#[test]
fn volume_flat_fees() {
    let tiers = vec![tier(Some(25), "139", "0"), tier(Some(100), "119", "250"), tier(None, "99", "1000")];
    assert_eq!(
        said(usage("Seats", Metric::Seats, 0, Price::Volume(tiers))),
        "Seats: volume pricing — every seat of the month at USD 139.00 when there are up to 25, USD 119.00 \
         plus a flat USD 250.00 up to 100, USD 99.00 plus a flat USD 1,000.00 above 100."
    );
    // A flat-only band, and a flat fee on the first band.
    let tiers = vec![tier(Some(1000), "0", "500"), tier(Some(10000), "0.89", "0"), tier(None, "0.79", "0")];
    assert_eq!(
        said(usage("Resolution", Metric::Resolutions, 0, Price::Volume(tiers))),
        "Resolution: volume pricing by the month's total — up to 1,000 resolutions, a flat USD 500.00; up to \
         10,000, every one at USD 0.89; above 10,000, every one at USD 0.79 (nothing in a month without any)."
    );
}

#[test]
fn volume_with_included_units() {
    assert_eq!(
        said(usage("Resolution", Metric::Resolutions, 500, Price::Volume(three_tiers()))),
        "Resolution: volume pricing after the first 500 resolutions each month, which are free — every \
         further one at USD 0.99 when there are up to 1,500 in all, USD 0.89 up to 10,500, USD 0.79 above \
         10,500."
    );
}

#[test]
fn volume_odd_tiers() {
    assert_eq!(said(usage("R", Metric::Resolutions, 0, Price::Volume(vec![]))), "R: no charge for resolutions.");
    // The last tier covers every quantity above the bounds before it, whatever its own bound.
    let tiers = vec![tier(Some(100), "1", "0"), tier(Some(50), "3", "0"), tier(Some(200), "0.5", "0")];
    assert_eq!(
        said(usage("R", Metric::Resolutions, 0, Price::Volume(tiers))),
        "R: volume pricing — every resolution of the month at USD 1.00 when there are up to 100, USD 0.50 \
         above 100."
    );
    assert_eq!(
        said(usage("R", Metric::Resolutions, 0, Price::Volume(vec![tier(None, "0.5", "10")]))),
        "R: volume pricing — every resolution of the month at USD 0.50 plus a flat USD 10.00 (nothing in a \
         month without any)."
    );
}

#[test]
fn fee_sentence() {
    assert_eq!(said(fee("Platform", "500")), "Platform: USD 500.00 a month.");
}

#[test]
fn bundle_upfront() {
    assert_eq!(
        commitment_said(bundle(1_000_000, 12, Billing::Upfront, "0")),
        "Resolution bucket: 1,000,000 resolutions a year prepaid for USD 850,000.00, paid at the start of \
         each year; unused ones expire at the end of each year."
    );
}

#[test]
fn bundle_monthly() {
    assert_eq!(
        commitment_said(bundle(1_000_000, 12, Billing::Monthly, "0")),
        "Resolution bucket: 1,000,000 resolutions a year prepaid for USD 850,000.00, paid in 12 monthly \
         instalments of USD 70,833.33 (the last USD 70,833.37); unused ones expire at the end of each year."
    );
    // An even split has no odd last instalment.
    let mut even = bundle(750_000, 12, Billing::Monthly, "0");
    if let Commitment::Bundle { price, .. } = &mut even {
        *price = d("600000");
    }
    assert_eq!(
        commitment_said(even),
        "Resolution bucket: 750,000 resolutions a year prepaid for USD 600,000.00, paid in 12 monthly \
         instalments of USD 50,000.00; unused ones expire at the end of each year."
    );
    // A one-month term is paid each month, whatever its billing.
    assert_eq!(
        commitment_said(bundle(1000, 1, Billing::Monthly, "0")),
        "Resolution bucket: 1,000 resolutions a month prepaid for USD 850,000.00, paid each month; unused \
         ones expire at the end of each month."
    );
}

#[test]
fn a_usage_charge_beside_a_bundle_bills_what_the_bundle_leaves() {
    let plan = Plan {
        name: "Bucket".into(),
        charges: vec![usage("Resolution overage", Metric::Resolutions, 0, Price::PerUnit(Decimal::new(99, 2)))],
        commitments: vec![bundle(1000, 12, Billing::Upfront, "0")],
        discount: Decimal::ZERO,
    };
    assert_eq!(
        plan_terms(&plan, "USD")[0],
        "Resolution overage: USD 0.99 per resolution (for what the Resolution bucket prepays no longer covers)."
    );
}

#[test]
fn bundle_rollover() {
    assert_eq!(
        commitment_said(bundle(1_000_000, 12, Billing::Upfront, "0.5")),
        "Resolution bucket: 1,000,000 resolutions a year prepaid for USD 850,000.00, paid at the start of \
         each year; at the end of each year, 50% of the unused ones, carried-over ones included, carry over \
         into the next year (rounded down) and the rest expire."
    );
    assert_eq!(
        commitment_said(bundle(1_000_000, 12, Billing::Upfront, "1")),
        "Resolution bucket: 1,000,000 resolutions a year prepaid for USD 850,000.00, paid at the start of \
         each year; unused ones carry over from year to year."
    );
    assert_eq!(
        commitment_said(bundle(1_000_000, 24, Billing::Upfront, "0.25")),
        "Resolution bucket: 1,000,000 resolutions every 2 years prepaid for USD 850,000.00, paid at the start \
         of each 2-year term; at the end of each 2-year term, 25% of the unused ones, carried-over ones \
         included, carry over into the next 2-year term (rounded down) and the rest expire."
    );
}

#[test]
fn bundle_of_one_unit() {
    assert_eq!(
        commitment_said(bundle(1, 3, Billing::Upfront, "0.5")),
        "Resolution bucket: 1 resolution a quarter prepaid for USD 850,000.00, paid at the start of each \
         quarter; if unused, it expires at the end of each quarter."
    );
    assert_eq!(
        commitment_said(bundle(1, 3, Billing::Upfront, "1")),
        "Resolution bucket: 1 resolution a quarter prepaid for USD 850,000.00, paid at the start of each \
         quarter; if unused, it carries over from quarter to quarter."
    );
}

#[test]
fn bundle_before_free_units() {
    let charge = usage("Resolution", Metric::Resolutions, 1000, Price::PerUnit(d("0.99")));
    let terms = plan_terms(&plan(vec![charge], vec![bundle(50_000, 12, Billing::Upfront, "0")], "0"), "USD");
    assert_eq!(
        terms[1],
        "Resolution bucket: 50,000 resolutions a year prepaid for USD 850,000.00, paid at the start of each \
         year, used each month before the free ones; unused ones expire at the end of each year."
    );
}

#[test]
fn commit_upfront_covering_two_metrics() {
    assert_eq!(
        commitment_said(commit(vec![Metric::Seats, Metric::Resolutions], Billing::Upfront, "0")),
        "Annual commit: USD 800,000.00 a year committed, paid at the start of each year, drawn down by the \
         seat and resolution charges; unused balance expires at the end of each year."
    );
    assert_eq!(
        commitment_said(commit(
            vec![Metric::Seats, Metric::Conversations, Metric::AiConversations, Metric::Seats],
            Billing::Upfront,
            "0"
        )),
        "Annual commit: USD 800,000.00 a year committed, paid at the start of each year, drawn down by the \
         seat, conversation and AI-handled conversation charges; unused balance expires at the end of each \
         year."
    );
}

#[test]
fn commit_monthly_and_rollover() {
    assert_eq!(
        commitment_said(commit(vec![Metric::Resolutions], Billing::Monthly, "0.5")),
        "Annual commit: USD 800,000.00 a year committed, paid in 12 monthly instalments of USD 66,666.67 (the \
         last USD 66,666.63), drawn down by the resolution charges; at the end of each year, 50% of the \
         unused balance, what was carried over included, carries over into the next year and the rest \
         expires."
    );
    assert_eq!(
        commitment_said(commit(vec![Metric::Resolutions], Billing::Upfront, "1")),
        "Annual commit: USD 800,000.00 a year committed, paid at the start of each year, drawn down by the \
         resolution charges; unused balance carries over from year to year."
    );
    assert_eq!(
        commitment_said(commit(vec![], Billing::Upfront, "0")),
        "Annual commit: USD 800,000.00 a year committed, paid at the start of each year, drawn down by no \
         charge; unused balance expires at the end of each year."
    );
}

#[test]
fn minimum() {
    let minimum = |term| Commitment::Minimum { name: "Minimum spend".into(), amount: d("10000"), term_months: term };
    assert_eq!(
        commitment_said(minimum(12)),
        "Minimum spend: at least USD 10,000.00 of charges a year; any shortfall is billed in the year's last \
         month."
    );
    assert_eq!(
        commitment_said(minimum(1)),
        "Minimum spend: at least USD 10,000.00 of charges a month; any shortfall is billed in the same month."
    );
    assert_eq!(
        commitment_said(minimum(6)),
        "Minimum spend: at least USD 10,000.00 of charges every 6 months; any shortfall is billed in the last \
         month of each 6-month term."
    );
    // With a discount, the charges it counts are the discounted ones.
    let terms = plan_terms(&plan(vec![fee("Platform", "500")], vec![minimum(3)], "0.1"), "USD");
    assert_eq!(
        terms,
        [
            "Platform: USD 500.00 a month.",
            "Minimum spend: at least USD 10,000.00 of charges a quarter, counted after the discount; any \
             shortfall is billed in the quarter's last month.",
            // A minimum is not paid for: no prepaid amount to set apart.
            "Discount: 10% off every charge above."
        ]
    );
}

#[test]
fn cap() {
    let cap = |covers| Commitment::Cap { name: "Monthly cap".into(), amount: d("5000"), covers };
    assert_eq!(
        commitment_said(cap(vec![Metric::Resolutions])),
        "Monthly cap: resolution charges are capped at USD 5,000.00 a month."
    );
    assert_eq!(
        commitment_said(cap(vec![Metric::Seats, Metric::AiConversations])),
        "Monthly cap: seat and AI-handled conversation charges together are capped at USD 5,000.00 a month."
    );
    assert_eq!(commitment_said(cap(vec![])), "Monthly cap: no charges are capped.");
}

#[test]
fn discount_with_and_without_commitments() {
    let seat = || usage("Seat", Metric::Seats, 0, Price::PerUnit(d("85")));
    assert_eq!(
        plan_terms(&plan(vec![seat()], vec![], "0.125"), "USD"),
        ["Seat: USD 85.00 per seat a month.", "Discount: 12.5% off every charge above."]
    );
    let with_commit = plan(vec![seat()], vec![commit(vec![Metric::Seats], Billing::Upfront, "0")], "0.15");
    let terms = plan_terms(&with_commit, "USD");
    assert_eq!(terms.len(), 3);
    assert_eq!(terms[2], "Discount: 15% off every charge above (prepaid amounts as stated).");
    // No discount, no sentence.
    assert_eq!(plan_terms(&plan(vec![seat()], vec![], "0"), "USD").len(), 1);
}

#[test]
fn the_words_agree_with_the_billing() {
    use crate::engine::billing::Biller;
    use crate::engine::billing::price::amount;
    use crate::engine::usage::MonthUsage;
    // "paid in 12 monthly instalments of USD 66,666.67 (the last USD 66,666.63)".
    let p = plan(vec![], vec![commit(vec![Metric::Resolutions], Billing::Monthly, "0")], "0");
    let mut biller = Biller::new(&p).unwrap();
    let paid: Vec<Decimal> = (0..12).map(|m| biller.month(m, &MonthUsage::default()).unwrap()[0]).collect();
    assert!(paid[..11].iter().all(|&x| x == d("66666.67")), "{paid:?}");
    assert_eq!(paid[11], d("66666.63"));
    // Graduated after 500 free: "the next 1,000 at USD 0.99 each, the next 9,000 at USD 0.89,
    // every one beyond 10,500 at USD 0.79": 11,000 cost 1,000 × 0.99 + 9,000 × 0.89 + 500 × 0.79.
    let graduated = Price::Graduated(three_tiers());
    assert_eq!(amount(&graduated, 11_000 - 500), Some(d("990") + d("8010") + d("395")));
    // Volume after 500 free: "USD 0.99 when there are up to 1,500 in all, USD 0.89 up to 10,500":
    // 1,500 in all bill 1,000 at 0.99, 1,501 bill 1,001 at 0.89.
    let volume = Price::Volume(three_tiers());
    assert_eq!(amount(&volume, 1500 - 500), Some(d("990")));
    assert_eq!(amount(&volume, 1501 - 500), Some(d("890.89")));
}

/// Every unit price and flat fee of a charge, and every amount of a commitment.
fn prices_of_charge(charge: &Charge) -> Vec<Decimal> {
    match charge {
        Charge::Fee { amount, .. } => vec![*amount],
        Charge::Usage { price, .. } => match price {
            Price::PerUnit(p) | Price::Package { price: p, .. } => vec![*p],
            Price::Graduated(tiers) | Price::Volume(tiers) => {
                tiers.iter().flat_map(|t| [t.unit_price, t.flat_fee]).filter(|p| !p.is_zero()).collect()
            }
        },
    }
}

#[test]
fn every_example_plan_states_every_price() {
    for example in examples::ALL {
        let scenario = example.scenario().unwrap();
        for plan in &scenario.plans {
            let terms = plan_terms(plan, &scenario.currency);
            let discounted = usize::from(plan.discount > Decimal::ZERO);
            assert_eq!(terms.len(), plan.charges.len() + plan.commitments.len() + discounted, "{}", plan.name);
            for (charge, sentence) in plan.charges.iter().zip(&terms) {
                assert!(sentence.starts_with(&format!("{}: ", charge.name())), "{sentence}");
                for p in prices_of_charge(charge) {
                    let p = price_text(&scenario.currency, p);
                    assert!(sentence.contains(&p), "{}: {sentence:?} lacks {p}", plan.name);
                }
            }
            for (c, sentence) in plan.commitments.iter().zip(&terms[plan.charges.len()..]) {
                assert!(sentence.starts_with(&format!("{}: ", c.name())), "{sentence}");
                let p = price_text(&scenario.currency, c.amount());
                assert!(sentence.contains(&p), "{}: {sentence:?} lacks {p}", plan.name);
            }
            if discounted == 1 {
                let last = terms.last().unwrap();
                assert!(last.starts_with("Discount: "), "{last}");
                assert!(last.contains(&percent(plan.discount)), "{last}");
            }
        }
    }
}

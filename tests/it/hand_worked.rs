//! One hand-worked example for every price kind and commitment kind, computed on paper in the
//! comments. The account is the same throughout unless a test says otherwise:
//!
//! 1000 conversations a month (flat), AI involvement 0.8, resolution rate 0.5, 10 fixed seats:
//! conversations 1000, AI conversations round(1000 × 0.8) = 800, resolutions round(800 × 0.5) = 400.

use super::{cents, run};

fn scenario(months: u32, count: u64, plans: &str) -> String {
    format!(
        r#"(format: 1, name: "Hand-worked", start: "2024-01", months: {months},
            accounts: [(name: "Team", count: {count}, conversations: 1000,
                        ai_involvement: (start: 0.8, end: 0.8, months: 0),
                        resolution_rate: (start: 0.5, end: 0.5, months: 0),
                        seats: Fixed(10), agent_cost: "4000")],
            plans: [{plans}],
            costs: (per_ai_conversation: "0.0125"))"#
    )
}

#[test]
fn usage_of_the_shared_account() {
    let o = run(&scenario(1, 1, r#"(name: "P", charges: [Fee(name: "F", amount: "1")])"#));
    let u = o.accounts[0].months[0];
    assert_eq!((u.conversations, u.ai_conversations, u.resolutions, u.seats), (1000, 800, 400, 10));
}

#[test]
fn per_unit_and_fee_with_a_discount() {
    // Seat: 10 × 85 = 850 → × 0.9 = 765.00
    // Resolution: 400 × 0.99 = 396 → × 0.9 = 356.40
    // Platform fee: 500 → × 0.9 = 450.00
    // Bill: 765.00 + 356.40 + 450.00 = 1571.40; two months: 3142.80.
    let o = run(&scenario(
        2,
        1,
        r#"(name: "P", discount: "0.10", charges: [
            Usage(name: "Seat", metric: Seats, price: PerUnit("85")),
            Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99")),
            Fee(name: "Platform", amount: "500")])"#,
    ));
    let bill = &o.plans[0].accounts[0];
    let lines: Vec<_> = bill.lines.iter().map(|l| (l.name.as_str(), cents(&l.billed))).collect();
    assert_eq!(
        lines,
        [
            ("Seat", vec!["765.00".to_string(), "765.00".into()]),
            ("Resolution", vec!["356.40".into(), "356.40".into()]),
            ("Platform", vec!["450.00".into(), "450.00".into()]),
        ]
    );
    assert_eq!(cents(&bill.billed), ["1571.40", "1571.40"]);
    assert_eq!(pricelab::model::money::cents(o.plans[0].total), "3142.80");
}

#[test]
fn lines_round_to_cents_with_halves_away_from_zero() {
    // 400 resolutions × 0.123125 = 49.25 exactly → × (1 - 0.5) = 24.625 → 24.63 (not 24.62).
    let o = run(&scenario(
        1,
        1,
        r#"(name: "P", discount: "0.5", charges: [Usage(name: "R", metric: Resolutions, price: PerUnit("0.123125"))])"#,
    ));
    assert_eq!(cents(&o.plans[0].accounts[0].lines[0].billed), ["24.63"]);
}

#[test]
fn package_with_included_units() {
    // 800 AI conversations, 150 included → 650 billable → ceil(650 / 100) = 7 packages × 49 = 343.00.
    let o = run(&scenario(
        1,
        1,
        r#"(name: "P", charges: [Usage(name: "Sessions", metric: AiConversations, included: 150,
            price: Package(size: 100, price: "49.00"))])"#,
    ));
    assert_eq!(cents(&o.plans[0].accounts[0].billed), ["343.00"]);
}

const TIERS: &str = r#"[(up_to: Some(100), unit_price: "1.00", flat_fee: "10"),
                        (up_to: Some(300), unit_price: "0.50"),
                        (up_to: None, unit_price: "0.25", flat_fee: "5")]"#;

#[test]
fn graduated_tiers() {
    // 400 resolutions: (0,100] 100 × 1.00 + flat 10 = 110; (100,300] 200 × 0.50 = 100;
    // (300,∞) 100 × 0.25 + flat 5 = 30. Total 240.00.
    let o = run(&scenario(
        1,
        1,
        &format!(r#"(name: "P", charges: [Usage(name: "R", metric: Resolutions, price: Graduated({TIERS}))])"#),
    ));
    assert_eq!(cents(&o.plans[0].accounts[0].billed), ["240.00"]);
}

#[test]
fn volume_tiers() {
    // 400 resolutions fall in the last tier: 400 × 0.25 + flat 5 = 105.00.
    // With 100 included, 300 are billed and fall in the second tier: 300 × 0.50 = 150.00.
    let o = run(&scenario(
        1,
        1,
        &format!(
            r#"(name: "P", charges: [Usage(name: "R", metric: Resolutions, price: Volume({TIERS})),
                                     Usage(name: "R2", metric: Resolutions, included: 100, price: Volume({TIERS}))])"#
        ),
    ));
    assert_eq!(cents(&o.plans[0].accounts[0].lines[0].billed), ["105.00"]);
    assert_eq!(cents(&o.plans[0].accounts[0].lines[1].billed), ["150.00"]);
}

#[test]
fn bundle_billed_monthly_with_expiry_and_overage() {
    // Bundle: 1000 resolutions per 3-month term for 700.00, billed monthly:
    // round2(700 / 3) = 233.33 in the term's first two months, 700 - 2 × 233.33 = 233.34 in its last.
    // 400 resolutions a month: month 0 covers 400 (600 left), month 1 covers 400 (200 left),
    // month 2 covers 200 and 200 reach the overage charge: 200 × 0.99 = 198.00.
    // Month 3 starts a new term (cut short by the horizon): 400 covered, payment 233.33.
    // Bills: 233.33, 233.33, 198.00 + 233.34 = 431.34, 233.33.
    let o = run(&scenario(
        4,
        1,
        r#"(name: "P", charges: [Usage(name: "Overage", metric: Resolutions, price: PerUnit("0.99"))],
            commitments: [Bundle(name: "Bucket", metric: Resolutions, units: 1000, price: "700.00",
                                 term_months: 3, billing: Monthly)])"#,
    ));
    let bill = &o.plans[0].accounts[0];
    assert_eq!(bill.lines[0].name, "Overage");
    assert_eq!(cents(&bill.lines[0].billed), ["0.00", "0.00", "198.00", "0.00"]);
    assert_eq!(bill.lines[1].name, "Bucket");
    assert_eq!(cents(&bill.lines[1].billed), ["233.33", "233.33", "233.34", "233.33"]);
    assert_eq!(cents(&bill.billed), ["233.33", "233.33", "431.34", "233.33"]);
}

#[test]
fn bundle_upfront_before_included_units() {
    // Bundle of 300 AI conversations a month (term 1) paid upfront, 50.00 each month.
    // 800 AI conversations: 300 covered, 500 left; 200 included → 300 × 0.10 = 30.00.
    // Bill 30.00 + 50.00 = 80.00.
    let o = run(&scenario(
        2,
        1,
        r#"(name: "P", charges: [Usage(name: "AI", metric: AiConversations, included: 200, price: PerUnit("0.10"))],
            commitments: [Bundle(name: "Pack", metric: AiConversations, units: 300, price: "50", term_months: 1)])"#,
    ));
    assert_eq!(cents(&o.plans[0].accounts[0].billed), ["80.00", "80.00"]);
}

#[test]
fn commit_draws_down_covered_lines_in_charge_order() {
    // Lines: Seat 10 × 85 = 850.00; Resolution 400 × 0.99 = 396.00; Platform 100.00 (not covered).
    // Commit 3000.00 per 3-month term, upfront, covering seats and resolutions.
    // Month 0: payment 3000; owed on covered lines 850 + 396 = 1246 → credit -1246 (1754 left).
    // Month 1: credit -1246 (508 left).
    // Month 2: the seat line takes the last 508; resolutions stay owed → credit -508 (0 left).
    // Month 3: new term: payment 3000, credit -1246.
    // Bills: 850 + 396 + 100 + 3000 - 1246 = 3100.00; 100.00; 1246 + 100 - 508 = 838.00; 3100.00.
    let o = run(&scenario(
        4,
        1,
        r#"(name: "P", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("85")),
                                 Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99")),
                                 Fee(name: "Platform", amount: "100")],
            commitments: [Commit(name: "Commit", amount: "3000.00", term_months: 3, covers: [Seats, Resolutions])])"#,
    ));
    let bill = &o.plans[0].accounts[0];
    let names: Vec<_> = bill.lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Seat", "Resolution", "Platform", "Commit", "Commit credit"]);
    assert_eq!(cents(&bill.lines[3].billed), ["3000.00", "0.00", "0.00", "3000.00"]);
    assert_eq!(cents(&bill.lines[4].billed), ["-1246.00", "-1246.00", "-508.00", "-1246.00"]);
    assert_eq!(cents(&bill.billed), ["3100.00", "100.00", "838.00", "3100.00"]);
}

#[test]
fn several_commits_apply_in_order_on_what_is_left_owed() {
    // Commit A: 500 a month covering resolutions; commit B: 1000 a month covering seats and resolutions.
    // A takes the 396.00 resolution line (104 expires). B finds resolutions paid, takes the seat's 850 (150 expires).
    // Lines: 850, 396, A 500, A credit -396, B 1000, B credit -850. Bill: 1500.00.
    let o = run(&scenario(
        1,
        1,
        r#"(name: "P", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("85")),
                                 Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))],
            commitments: [Commit(name: "A", amount: "500", term_months: 1, covers: [Resolutions]),
                          Commit(name: "B", amount: "1000", term_months: 1, covers: [Seats, Resolutions])])"#,
    ));
    let bill = &o.plans[0].accounts[0];
    let lines: Vec<_> = bill.lines.iter().map(|l| (l.name.as_str(), cents(&l.billed)[0].clone())).collect();
    assert_eq!(
        lines,
        [
            ("Seat", "850.00".into()),
            ("Resolution", "396.00".into()),
            ("A", "500.00".into()),
            ("A credit", "-396.00".into()),
            ("B", "1000.00".into()),
            ("B credit", "-850.00".into())
        ]
    );
    assert_eq!(cents(&bill.billed), ["1500.00"]);
}

#[test]
fn commit_billed_monthly_takes_the_remainder_in_the_last_month() {
    // 100.00 over a 3-month term: round2(33.333…) = 33.33, 33.33, and 100 - 66.66 = 33.34.
    // Nothing is covered (no charges on seats): credits are zero.
    let o = run(&scenario(
        3,
        1,
        r#"(name: "P", commitments: [Commit(name: "C", amount: "100", term_months: 3, billing: Monthly, covers: [Seats])])"#,
    ));
    let bill = &o.plans[0].accounts[0];
    assert_eq!(cents(&bill.lines[0].billed), ["33.33", "33.33", "33.34"]);
    assert_eq!(cents(&bill.lines[1].billed), ["0.00", "0.00", "0.00"]);
}

#[test]
fn portfolio_cost_margin_and_support_cost() {
    // 3 accounts. Bill per account: Seat 10 × 85 = 850.00 a month.
    // Portfolio: 3 × 850 = 2550.00 a month; 2 months: 5100.00.
    // Vendor cost: round2(3 × 800 × 0.0125) = 30.00 a month; margin 5100 - 60 = 5040.00.
    // Support cost: 3 × (850 + 10 seats × 4000) = 122550.00 a month.
    let o =
        run(&scenario(2, 3, r#"(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("85"))])"#));
    let p = &o.plans[0];
    assert_eq!(cents(&p.billed), ["2550.00", "2550.00"]);
    assert_eq!(cents(&o.cost), ["30.00", "30.00"]);
    assert_eq!(pricelab::model::money::cents(p.margin), "5040.00");
    assert_eq!(cents(&p.support_cost), ["122550.00", "122550.00"]);
}

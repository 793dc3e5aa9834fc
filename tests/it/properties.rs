//! Property tests: invariants of the billing rules over random (valid) scenarios.

use pricelab::engine::usage::MonthUsage;
use pricelab::engine::{billing::price, simulate};
use pricelab::model::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use rust_decimal::Decimal;

/// Money with 0 to 4 decimals, up to 1,000 (or 100,000 for larger amounts).
pub fn money(max_units: i64) -> impl Strategy<Value = Decimal> {
    (0..=max_units * 10_000, 0_u32..=4).prop_map(|(n, scale)| Decimal::new(n / 10_i64.pow(4 - scale), scale))
}

/// Whole cents, as commitments are priced in practice (a sub-cent commitment amount is billed
/// exactly as written, so its bill would not be in cents).
fn cents(max_units: i64) -> impl Strategy<Value = Decimal> {
    (0..=max_units * 100).prop_map(|n| Decimal::new(n, 2))
}

fn metric() -> impl Strategy<Value = Metric> {
    prop::sample::select(Metric::ALL.to_vec())
}

fn ramp() -> impl Strategy<Value = Ramp> {
    (0.0..=1.0_f64, 0.0..=1.0_f64, 0_u32..40).prop_map(|(start, end, months)| Ramp { start, end, months })
}

fn seats() -> impl Strategy<Value = Seats> {
    prop_oneof![
        (0_u64..2000).prop_map(Seats::Fixed),
        (0_u64..2000, 1.0..500.0_f64, 0_u64..100, 1_u32..13).prop_map(|(start, cps, minimum, term)| {
            Seats::Staffed { start, conversations_per_seat: cps, minimum, term_months: term }
        }),
    ]
}

/// A name with characters that need care in RON (quotes, backslashes, non-ASCII).
fn name() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 \"\\\\é€-]{1,10}"
}

fn account() -> impl Strategy<Value = Account> {
    (
        name(),
        0_u64..50,
        prop_oneof![0.0..300_000.0_f64, (0_u32..300_000).prop_map(f64::from)],
        prop::collection::vec(0.0..3.0_f64, 12),
        -0.5..1.0_f64,
        ramp(),
        ramp(),
        seats(),
        money(10_000),
        prop::option::of(0_u32..40),
    )
        .prop_map(|(name, count, conversations, seasonality, growth, ai, res, seats, agent_cost, renewal)| {
            Account {
                name,
                count,
                conversations,
                seasonality,
                growth,
                ai_involvement: ai,
                resolution_rate: res,
                seats,
                agent_cost,
                renewal,
            }
        })
}

/// A transition's fields but its plans, which [`scenario`] picks among its own: (from, to
/// offset, launch, at launch, renewal months, grandfather, churn curve).
type TransitionSeed = (usize, usize, u32, bool, u32, u32, Vec<ChurnPoint>);

/// A churn curve: increases strictly increasing above 0, shares never decreasing in [0, 1].
pub fn churn() -> impl Strategy<Value = Vec<ChurnPoint>> {
    prop::collection::vec((0.001..2.0_f64, 0.0..0.5_f64), 0..4).prop_map(|steps| {
        let (mut increase, mut share) = (0.0, 0.0_f64);
        steps
            .into_iter()
            .map(|(di, ds)| {
                increase += di;
                share = (share + ds).min(1.0);
                ChurnPoint { increase, share }
            })
            .collect()
    })
}

fn transition_seed() -> impl Strategy<Value = TransitionSeed> {
    (0_usize..4, 0_usize..4, 0_u32..40, any::<bool>(), 1_u32..15, 0_u32..20, churn())
}

/// Tiers with increasing bounds, the last unbounded.
pub fn tiers() -> impl Strategy<Value = Vec<Tier>> {
    (prop::collection::btree_set(1_u64..200_000, 0..4), prop::collection::vec((money(2), money(100)), 4)).prop_map(
        |(bounds, prices)| {
            let ups: Vec<Option<u64>> = bounds.into_iter().map(Some).chain([None]).collect();
            ups.into_iter()
                .zip(prices)
                .map(|(up_to, (unit_price, flat_fee))| Tier { up_to, unit_price, flat_fee })
                .collect()
        },
    )
}

pub fn price_strategy() -> impl Strategy<Value = Price> {
    prop_oneof![
        money(3).prop_map(Price::PerUnit),
        (1_u64..500, money(100)).prop_map(|(size, price)| Price::Package { size, price }),
        tiers().prop_map(Price::Graduated),
        tiers().prop_map(Price::Volume),
    ]
}

fn charge() -> impl Strategy<Value = Charge> {
    prop_oneof![
        4 => (metric(), prop_oneof![Just(0_u64), 0_u64..5000], price_strategy())
            .prop_map(|(metric, included, price)| Charge::Usage { name: String::new(), metric, included, price }),
        1 => money(2000).prop_map(|amount| Charge::Fee { name: String::new(), amount }),
    ]
}

fn billing() -> impl Strategy<Value = Billing> {
    prop_oneof![Just(Billing::Upfront), Just(Billing::Monthly)]
}

/// A roll-over share: none most often, all, half, or any share to the cent.
fn rollover() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        3 => Just(Decimal::ZERO),
        1 => Just(Decimal::ONE),
        1 => Just(Decimal::new(5, 1)),
        2 => (0_i64..=100).prop_map(|p| Decimal::new(p, 2)),
    ]
}

/// A bundle whose roll-over share is drawn from `rollover`.
fn bundle(rollover: impl Strategy<Value = Decimal>) -> impl Strategy<Value = Commitment> {
    (metric(), 0_u64..2_000_000, cents(100_000), 1_u32..14, billing(), rollover).prop_map(
        |(metric, units, price, term_months, billing, rollover)| Commitment::Bundle {
            name: String::new(),
            metric,
            units,
            price,
            term_months,
            billing,
            rollover,
        },
    )
}

/// A commit whose roll-over share is drawn from `rollover`.
fn commit(rollover: impl Strategy<Value = Decimal>) -> impl Strategy<Value = Commitment> {
    (cents(100_000), 1_u32..14, billing(), prop::sample::subsequence(Metric::ALL.to_vec(), 1..=4), rollover).prop_map(
        |(amount, term_months, billing, covers, rollover)| Commitment::Commit {
            name: String::new(),
            amount,
            term_months,
            billing,
            covers,
            rollover,
        },
    )
}

fn commitment() -> impl Strategy<Value = Commitment> {
    prop_oneof![
        bundle(rollover()),
        commit(rollover()),
        (cents(2_000_000), 1_u32..14).prop_map(|(amount, term_months)| Commitment::Minimum {
            name: String::new(),
            amount,
            term_months
        }),
        (cents(500_000), prop::sample::subsequence(Metric::ALL.to_vec(), 1..=4))
            .prop_map(|(amount, covers)| Commitment::Cap { name: String::new(), amount, covers }),
    ]
}

/// A plan of `charge()`s (none to four) and `commitments`, charges and commitments named by
/// their index; a plan that would have neither gets a fee.
fn plan_with(commitments: impl Strategy<Value = Vec<Commitment>>) -> impl Strategy<Value = Plan> {
    (
        name(),
        // (Plans of commitments alone, without charges, too.)
        prop::collection::vec(charge(), 0..5),
        commitments,
        prop_oneof![Just(Decimal::ZERO), (0_i64..100).prop_map(|n| Decimal::new(n, 2))],
    )
        .prop_map(|(name, mut charges, mut commitments, discount)| {
            if charges.is_empty() && commitments.is_empty() {
                charges.push(Charge::Fee { name: String::new(), amount: Decimal::new(1000, 2) });
            }
            for (i, c) in charges.iter_mut().enumerate() {
                match c {
                    Charge::Usage { name, .. } | Charge::Fee { name, .. } => *name = format!("Charge {i}"),
                }
            }
            for (i, c) in commitments.iter_mut().enumerate() {
                match c {
                    Commitment::Bundle { name, .. }
                    | Commitment::Commit { name, .. }
                    | Commitment::Minimum { name, .. }
                    | Commitment::Cap { name, .. } => {
                        *name = format!("Commitment {i}");
                    }
                }
            }
            Plan { name, charges, commitments, discount }
        })
}

/// Any plan: up to two commitments of every kind.
fn plan() -> impl Strategy<Value = Plan> {
    plan_with(prop::collection::vec(commitment(), 0..3))
}

/// A plan the whole-number biller takes (its module's description): prices of at most four
/// decimals with a discount of two, and as commitments only bundles and commits without
/// roll-over (the decimal biller bills the rest). Four plans in five have one to three of them,
/// so that the comparisons run on bundles and commits, not only on charges.
pub(crate) fn fast_plan() -> impl Strategy<Value = Plan> {
    let fast = prop_oneof![bundle(Just(Decimal::ZERO)), commit(Just(Decimal::ZERO))];
    plan_with(prop_oneof![1 => Just(Vec::new()), 4 => prop::collection::vec(fast, 1..=3)])
}

/// Whether `plan` has a whole-number form by the rules of src/engine/billing/fast/mod.rs's
/// description, written out here: no roll-over, minimum or cap; `1 − discount` with at most
/// [`MAX_PRICE_SCALE`] decimals; each fee with at most that many and each usage price with at
/// most that many together with those of `1 − discount`; commitments in whole cents.
///
/// [`MAX_PRICE_SCALE`]: pricelab::engine::billing::MAX_PRICE_SCALE
fn has_fast_form(plan: &Plan) -> bool {
    use pricelab::engine::billing::MAX_PRICE_SCALE as MAX;
    let keep = (Decimal::ONE - plan.discount).scale();
    let price_scale = |p: &Price| match p {
        Price::PerUnit(x) | Price::Package { price: x, .. } => x.scale(),
        Price::Graduated(t) | Price::Volume(t) => {
            t.iter().map(|t| t.unit_price.scale().max(t.flat_fee.scale())).max().unwrap_or(0)
        }
    };
    keep <= MAX
        && plan.charges.iter().all(|c| match c {
            Charge::Fee { amount, .. } => amount.scale() <= MAX,
            Charge::Usage { price, .. } => price_scale(price) + keep <= MAX,
        })
        && plan.commitments.iter().all(|c| {
            matches!(c, Commitment::Bundle { .. } | Commitment::Commit { .. })
                && c.rollover().is_zero()
                && c.amount().scale() <= 2
        })
}

/// A valid scenario: names made unique by their index.
pub fn scenario() -> impl Strategy<Value = Scenario> {
    (
        name(),
        ".{0,40}",
        (1990_u16..2100, 1_u8..=12),
        1_u32..40,
        prop::collection::vec(account(), 1..4),
        prop::collection::vec(plan(), 1..4),
        money(1),
        prop::collection::vec(transition_seed(), 0..3),
    )
        .prop_map(|(name, notes, (y, m), months, mut accounts, mut plans, per_ai, seeds)| {
            for (i, a) in accounts.iter_mut().enumerate() {
                a.name = format!("{} {i}", a.name);
            }
            for (i, p) in plans.iter_mut().enumerate() {
                p.name = format!("{} {i}", p.name);
            }
            let n = plans.len();
            let transitions = if n < 2 {
                Vec::new()
            } else {
                seeds
                    .into_iter()
                    .enumerate()
                    .map(|(i, (from, offset, launch, at_launch, renewal_months, grandfather, churn))| Transition {
                        name: format!("Move_{i}"),
                        from: plans[from % n].name.clone(),
                        to: plans[(from % n + 1 + offset % (n - 1)) % n].name.clone(),
                        launch: launch % months,
                        at: if at_launch { MoveAt::Launch } else { MoveAt::Renewal },
                        renewal_months,
                        grandfather,
                        churn,
                    })
                    .collect()
            };
            Scenario {
                format: FORMAT,
                name: format!("Scenario {name}"),
                notes,
                currency: "EUR".into(),
                start: YearMonth::new(y, m).unwrap(),
                months,
                accounts,
                plans,
                transitions,
                costs: Costs { per_ai_conversation: per_ai },
                simulation: SimulationSettings::default(),
                history: None,
            }
        })
}

pub(crate) fn config() -> ProptestConfig {
    ProptestConfig { cases: 128, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_scenarios_are_valid(s in scenario()) {
        prop_assert_eq!(validate(&s), vec![]);
    }

    #[test]
    fn lines_sum_to_the_bill_and_accounts_to_the_portfolio(s in scenario()) {
        let o = simulate(&s).unwrap();
        for p in &o.plans {
            let mut portfolio = vec![Decimal::ZERO; o.months.len()];
            for a in &p.accounts {
                for (m, slot) in portfolio.iter_mut().enumerate() {
                    let lines: Decimal = a.lines.iter().map(|l| l.billed[m]).sum();
                    prop_assert_eq!(lines, a.billed[m]);
                    prop_assert_eq!(a.billed[m].round_dp(2), a.billed[m], "bills are in cents");
                    *slot += Decimal::from(a.count) * a.billed[m];
                }
                prop_assert_eq!(a.billed.iter().sum::<Decimal>(), a.total);
            }
            prop_assert_eq!(&portfolio, &p.billed);
            prop_assert_eq!(p.billed.iter().sum::<Decimal>(), p.total);
            prop_assert_eq!(p.total - o.cost.iter().sum::<Decimal>(), p.margin);
        }
    }

    #[test]
    fn raising_a_unit_price_never_lowers_a_bill(
        s in scenario(), plan in 0_usize..3, charge in 0_usize..5, raise in money(5)
    ) {
        let mut s = s;
        let p = plan % s.plans.len();
        // A minimum's true-up is what its term's charge lines fell short of (docs/format.md): a
        // dearer line lowers it, and so can lower a month's bill (see the test
        // `a_dearer_line_lowers_a_minimums_true_up` below; instruments.rs holds the true-up to
        // its rule). Without a minimum, no month's bill falls. A plan of commitments alone gets
        // a charge to raise.
        s.plans[p].commitments.retain(|c| !matches!(c, Commitment::Minimum { .. }));
        // Two caps over shared lines: the first takes its credit from the lines in the order of
        // the charges, the second caps what is left on its own metrics (docs/semantics.md §3.4),
        // so a dearer line the second covers can lower the bill (a plan capping conversations
        // and AI conversations at 204,100 and AI conversations at 0 is billed 204,100 minus the
        // AI line). One cap at most here.
        let mut caps = 0;
        s.plans[p].commitments.retain(|c| !matches!(c, Commitment::Cap { .. }) || { caps += 1; caps == 1 });
        if s.plans[p].charges.is_empty() {
            s.plans[p].charges.push(Charge::Usage {
                name: "Added".into(), metric: Metric::Resolutions, included: 0, price: Price::PerUnit(Decimal::ONE),
            });
        }
        let o = simulate(&s).unwrap();
        let mut raised = s;
        let c = charge % raised.plans[p].charges.len();
        match &mut raised.plans[p].charges[c] {
            Charge::Usage { price: Price::PerUnit(unit), .. } => *unit += raise,
            Charge::Usage { price: Price::Package { price, .. }, .. } => *price += raise,
            Charge::Usage { price: Price::Graduated(t) | Price::Volume(t), .. } => {
                for tier in t { tier.unit_price += raise; }
            }
            Charge::Fee { amount, .. } => *amount += raise,
        }
        let r = simulate(&raised).unwrap();
        for (before, after) in o.plans[p].accounts.iter().zip(&r.plans[p].accounts) {
            for (b, a) in before.billed.iter().zip(&after.billed) {
                prop_assert!(a >= b, "{} -> {}", b, a);
            }
        }
    }

    #[test]
    fn bundles_never_cover_more_than_their_units_and_commits_never_credit_more_than_their_amount(
        s in scenario(), extra in prop_oneof![bundle(Just(Decimal::ZERO)), commit(Just(Decimal::ZERO))]
    ) {
        // Each bundle's coverage is seen through a 1.00 probe charge on its metric:
        // covered = quantity - probe line. A commit's credit line holds minus what it drew.
        let mut s = s;
        for p in &mut s.plans {
            p.discount = Decimal::ZERO;
            p.charges.retain(|c| matches!(c, Charge::Fee { .. }));
            p.charges.push(Charge::Usage {
                name: "Probe".into(), metric: Metric::Resolutions, included: 0, price: Price::PerUnit(Decimal::ONE),
            });
            // (Without roll-over: what a term holds is then its own units or amount. Minimums and
            // caps have their own properties.)
            p.commitments.retain(|c| c.pays());
            // Every plan is checked: one without a bundle or commit gets one.
            if p.commitments.is_empty() {
                let mut c = extra.clone();
                if let Commitment::Bundle { name, .. } | Commitment::Commit { name, .. } = &mut c {
                    *name = "Extra".into();
                }
                p.commitments.push(c);
            }
            for c in &mut p.commitments {
                match c {
                    Commitment::Bundle { metric, rollover, .. } => {
                        *metric = Metric::Resolutions;
                        *rollover = Decimal::ZERO;
                    }
                    Commitment::Commit { covers, rollover, .. } => {
                        *covers = vec![Metric::Resolutions];
                        *rollover = Decimal::ZERO;
                    }
                    Commitment::Minimum { .. } | Commitment::Cap { .. } => {}
                }
            }
            p.commitments.truncate(1);
        }
        let o = simulate(&s).unwrap();
        for (plan, po) in s.plans.iter().zip(&o.plans) {
            let c = &plan.commitments[0];
            let term = c.term_months() as usize;
            for (usage, bill) in o.accounts.iter().zip(&po.accounts) {
                let probe = plan.charges.len() - 1;
                for start in (0..o.months.len()).step_by(term) {
                    let months = start..(start + term).min(o.months.len());
                    match c {
                        Commitment::Bundle { units, .. } => {
                            let covered: u64 = months.clone().map(|m| {
                                let q = usage.months[m].resolutions;
                                q - u64::try_from(bill.lines[probe].billed[m].mantissa() / 10_i128.pow(bill.lines[probe].billed[m].scale())).unwrap()
                            }).sum();
                            prop_assert!(covered <= *units, "covered {} of {} units", covered, units);
                        }
                        Commitment::Commit { amount, .. } => {
                            let credit: Decimal = months.map(|m| bill.lines[probe + 2].billed[m]).sum();
                            prop_assert!(-credit <= *amount, "credited {} of {}", -credit, amount);
                            prop_assert!(credit <= Decimal::ZERO);
                        }
                        Commitment::Minimum { .. } | Commitment::Cap { .. } => {}
                    }
                }
            }
        }
    }

    #[test]
    fn graduated_with_falling_prices_and_no_fees_stays_under_the_first_tier_price(
        tiers in tiers(), q in 0_u64..1_000_000
    ) {
        let mut tiers = tiers;
        let mut prices: Vec<Decimal> = tiers.iter().map(|t| t.unit_price).collect();
        prices.sort_by(|a, b| b.cmp(a));
        for (t, p) in tiers.iter_mut().zip(prices) {
            t.unit_price = p;
            t.flat_fee = Decimal::ZERO;
        }
        let first = tiers[0].unit_price;
        let amount = price::amount(&Price::Graduated(tiers), q).unwrap();
        prop_assert!(amount <= Decimal::from(q) * first, "{} > {} × {}", amount, q, first);
    }

    #[test]
    fn volume_and_graduated_agree_with_a_single_tier(unit in money(3), q in 0_u64..10_000_000) {
        let tiers = vec![Tier { up_to: None, unit_price: unit, flat_fee: Decimal::ZERO }];
        let per_unit = price::amount(&Price::PerUnit(unit), q);
        prop_assert_eq!(price::amount(&Price::Graduated(tiers.clone()), q), per_unit);
        prop_assert_eq!(price::amount(&Price::Volume(tiers), q), per_unit);
    }
}

fn usage_month() -> impl Strategy<Value = MonthUsage> {
    (0_u64..5_000, 0_u64..10_000_000, 0_u64..=100, 0_u64..=100).prop_map(|(seats, conversations, ai, res)| {
        let ai_conversations = conversations * ai / 100;
        let resolutions = ai_conversations * res / 100;
        MonthUsage { seats, conversations, ai_conversations, resolutions }
    })
}

/// The whole-number biller of a plan it must take: failing, not skipping, when it declines one.
fn fast_biller(plan: &Plan) -> Result<pricelab::engine::billing::FastBiller, TestCaseError> {
    pricelab::engine::billing::FastBiller::new(plan)
        .ok_or_else(|| TestCaseError::fail(format!("no whole-number form for a plan that has one: {plan:?}")))
}

/// Each month's bill in cents, billed by `fast` over all of `months` at once (as the Monte
/// Carlo and the analyses bill).
fn fast_bills(fast: &mut pricelab::engine::billing::FastBiller, months: &[MonthUsage]) -> Vec<i64> {
    let mut sums = vec![0_i128; months.len()];
    fast.add_months(months, &mut sums).unwrap();
    sums.into_iter().map(|c| i64::try_from(c).unwrap()).collect()
}

/// Each month's bill in cents, billed by a copy of `fast` as the last month of the months up to
/// it: what a month costs knowing nothing of the months after it.
fn month_by_month(fast: &pricelab::engine::billing::FastBiller, months: &[MonthUsage]) -> Vec<i64> {
    (1..=months.len()).map(|n| *fast_bills(&mut fast.clone(), &months[..n]).last().unwrap()).collect()
}

/// Bills `months` with the decimal biller and the whole-number one: the same cents every month.
fn bills_agree(
    plan: &Plan,
    fast: &mut pricelab::engine::billing::FastBiller,
    months: &[MonthUsage],
) -> Result<(), TestCaseError> {
    use pricelab::engine::billing::{self, Biller};
    let mut exact = Biller::new(plan).unwrap();
    let fast = fast_bills(fast, months);
    for ((m, u), got) in (0_u32..).zip(months).zip(fast) {
        let want = billing::bill(exact.month(m, u).unwrap()).unwrap();
        prop_assert_eq!(Decimal::new(got, 2), want, "month {}", m);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn whole_number_billing_equals_decimal_billing(plan in fast_plan(), months in prop::collection::vec(usage_month(), 1..30)) {
        bills_agree(&plan, &mut fast_biller(&plan)?, &months)?;
    }

    /// Over every kind of plan: the whole-number biller declines exactly the plans its
    /// description leaves to the decimal one (three decimals of discount make some prices too
    /// fine), and bills the others as the decimal biller does.
    #[test]
    fn the_whole_number_biller_declines_exactly_what_it_leaves_to_decimals(
        plan in plan(),
        fine in prop::option::weighted(0.3, (0_i64..1000).prop_map(|n| Decimal::new(n, 3))),
        months in prop::collection::vec(usage_month(), 1..30),
    ) {
        let mut plan = plan;
        if let Some(discount) = fine {
            plan.discount = discount;
        }
        let fast = pricelab::engine::billing::FastBiller::new(&plan);
        prop_assert_eq!(fast.is_some(), has_fast_form(&plan), "{:?}", plan);
        if let Some(mut fast) = fast {
            bills_agree(&plan, &mut fast, &months)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn billing_all_months_at_once_equals_month_by_month(plan in fast_plan(), months in prop::collection::vec(usage_month(), 1..30)) {
        let by_month = fast_biller(&plan)?;
        let mut at_once = by_month.clone();
        let mut sums = vec![0_i128; months.len()];
        at_once.add_months(&months, &mut sums).unwrap();
        let by_month = month_by_month(&by_month, &months);
        for ((m, _), sum) in (0_u32..).zip(&months).zip(&sums) {
            prop_assert_eq!(*sum, i128::from(by_month[m as usize]), "month {}", m);
        }
    }

    #[test]
    fn linear_part_and_the_rest_add_up_to_the_bill(plan in fast_plan(), months in prop::collection::vec(usage_month(), 1..30)) {
        let mut whole = fast_biller(&plan)?;
        let mut rest = whole.clone();
        let linear = rest.take_linear();
        prop_assert!(plan.commitments.is_empty() || linear.is_zero(), "commitments keep every charge");
        let (rest, whole) = (fast_bills(&mut rest, &months), fast_bills(&mut whole, &months));
        for (m, u) in (0_u32..).zip(&months) {
            let totals = [u.seats, u.conversations, u.ai_conversations, u.resolutions].map(u128::from);
            // Three identical accounts billed on their summed usage, against three bills.
            let three = totals.map(|q| q * 3);
            let got = i128::from(rest[m as usize]) * 3 + linear.bill(&three, 3).unwrap();
            prop_assert_eq!(got, i128::from(whole[m as usize]) * 3, "month {}", m);
        }
    }
}

/// What the properties above run on, measured on 2,000 plans of each generator from a fixed
/// seed: every fast plan has its whole-number form, most have bundles or commits (so that the
/// comparisons exercise them), some have neither (the linear part); and among all plans, the
/// generator still draws some the whole-number biller declines.
#[test]
fn the_generators_cover_what_the_properties_are_about() {
    use proptest::strategy::ValueTree as _;
    use proptest::test_runner::TestRunner;
    let draw = |strategy: BoxedStrategy<Plan>| {
        let mut runner = TestRunner::deterministic();
        (0..2000).map(|_| strategy.new_tree(&mut runner).unwrap().current()).collect::<Vec<_>>()
    };
    let share =
        |plans: &[Plan], f: &dyn Fn(&Plan) -> bool| plans.iter().filter(|p| f(p)).count() as f64 / plans.len() as f64;
    let is_bundle = |c: &Commitment| matches!(c, Commitment::Bundle { .. });
    let is_commit = |c: &Commitment| matches!(c, Commitment::Commit { .. });
    let fast = draw(fast_plan().boxed());
    assert_eq!(share(&fast, &|p| pricelab::engine::billing::FastBiller::new(p).is_some()), 1.0);
    let bundles = share(&fast, &|p| p.commitments.iter().any(is_bundle));
    let commits = share(&fast, &|p| p.commitments.iter().any(is_commit));
    let committed = share(&fast, &|p| !p.commitments.is_empty());
    assert!(
        bundles > 0.45 && commits > 0.45 && committed > 0.75,
        "bundles {bundles}, commits {commits}, either {committed}"
    );
    assert!(committed < 0.9, "plans without commitments: {committed}");
    let any = draw(plan().boxed());
    let taken = share(&any, &|p| pricelab::engine::billing::FastBiller::new(p).is_some());
    assert!((0.2..0.8).contains(&taken), "whole-number form for {taken} of all plans");
}

// Failures proptest finds are saved as seeds in tests/proptest-regressions/, one file per test
// file, and every test of that file replays every seed through its own generators: a seed means
// its case only while the generators stay as they were. The seeds stored there predated the
// `history` field and roll-over, so they replayed other cases. The two that taught something
// about pricelab are kept below as plain tests of their shrunk values (a fault, fixed in
// 507b5ff, and a rule a property must allow), and the seed files are deleted. The others found
// faults of the generators or of a test (a scenario named " ", a bundle priced to a tenth of a
// cent, whose bill is not in cents; a price raised in a plan without charges), which the
// generators and the test now avoid. When a generator changes, turn new seeds into plain
// tests the same way.

/// From a stored seed (the fault fixed in 507b5ff): the whole-number biller billed nothing for a
/// plan of commitments alone.
#[test]
fn a_plan_of_commitments_alone_pays_for_them_on_the_whole_number_path() {
    let plan = Plan {
        name: "a".into(),
        charges: vec![],
        commitments: vec![Commitment::Bundle {
            name: "Commitment 0".into(),
            metric: Metric::Seats,
            units: 0,
            price: Decimal::new(1, 2),
            term_months: 1,
            billing: Billing::Upfront,
            rollover: Decimal::ZERO,
        }],
        discount: Decimal::ZERO,
    };
    let months = [MonthUsage::default(); 3];
    let mut fast = pricelab::engine::billing::FastBiller::new(&plan).unwrap();
    assert_eq!(fast_bills(&mut fast, &months[..1]).first().copied(), Some(1), "one cent");
    let mut sums = [0_i128; 3];
    pricelab::engine::billing::FastBiller::new(&plan).unwrap().add_months(&months, &mut sums).unwrap();
    assert_eq!(sums, [1, 1, 1]);
    bills_agree(&plan, &mut pricelab::engine::billing::FastBiller::new(&plan).unwrap(), &months).unwrap();
}

/// From a stored seed: why `raising_a_unit_price_never_lowers_a_bill` leaves minimums out. A
/// price raised from 0 to 0.10 bills February's 63,304 conversations, which meet a 0.01
/// minimum over the quarter: March's true-up, and so March's bill, falls from 0.01 to 0.
#[test]
fn a_dearer_line_lowers_a_minimums_true_up() {
    let text = |price: &str| {
        format!(
            r#"(format: 1, name: "Quarter", start: "1990-01", months: 3,
                accounts: [(name: "A", conversations: 30951.745185061987,
                            seasonality: [0.0, 2.0452522905810264, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                            ai_involvement: (start: 0.0, end: 0.45, months: 0),
                            resolution_rate: (start: 0.0, end: 0.0, months: 0), seats: Fixed(0))],
                plans: [(name: "P", charges: [Usage(name: "C", metric: Conversations, price: PerUnit("{price}"))],
                         commitments: [Minimum(name: "M", amount: "0.01", term_months: 3)])])"#
        )
    };
    let bills = |price: &str| super::run(&text(price)).plans[0].accounts[0].billed.clone();
    let (cheap, dear) = (bills("0"), bills("0.1"));
    assert_eq!(super::cents(&cheap), ["0.00", "0.00", "0.01"]);
    assert_eq!(super::cents(&dear), ["0.00", "6330.40", "0.00"]);
}

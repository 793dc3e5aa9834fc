//! `pricelab quote`: the customer's proposal as a PDF (its text read back with lopdf, no system
//! tool) and as JSON — every price stated, the customer and vendor named, the contract from the
//! month asked for, the same figures in both, nothing of the vendor's — and every misuse.

use pricelab::io::quote::words::terms::price_text;
use pricelab::model::money::grouped;
use pricelab::model::{Charge, Commitment, Plan, Price};
use rust_decimal::Decimal;
use std::process::{Command, Output};

fn pricelab(args: &[&str]) -> Output {
    pricelab_on(args, "1796601600") // 2026-12-07, as SOURCE_DATE_EPOCH
}

fn pricelab_on(args: &[&str], epoch: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).env("SOURCE_DATE_EPOCH", epoch).output().unwrap()
}

fn scenario(file: &str) -> String {
    format!("{}/scenarios/{file}", env!("CARGO_MANIFEST_DIR"))
}

const FIN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fin-outcome-pricing.ron");

/// The PDF's text, each text run on a line, with runs of white space made one space (a wrapped
/// sentence reads whole).
fn text_of(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("the quote is a PDF");
    let pages: Vec<u32> = doc.get_pages().into_keys().collect();
    let text = doc.extract_text(&pages).expect("the quote's text decodes");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pages(bytes: &[u8]) -> usize {
    lopdf::Document::load_mem(bytes).unwrap().get_pages().len()
}

/// Each page's text, as [`text_of`] gives the whole document's.
fn page_texts(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    doc.get_pages()
        .into_keys()
        .map(|page| doc.extract_text(&[page]).unwrap().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Writes the quote to a PDF in `dir` and returns its bytes.
fn pdf(dir: &tempfile::TempDir, args: &[&str]) -> Vec<u8> {
    let path = dir.path().join("quote.pdf");
    let mut all = vec!["quote"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--output", path.to_str().unwrap()]);
    let out = pricelab(&all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::read(&path).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["quote"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = pricelab(&all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every amount a plan states: unit and package prices, tiers' prices and flat fees, fees,
/// commitments' prices and amounts.
fn prices(plan: &Plan) -> Vec<Decimal> {
    let mut out = Vec::new();
    for charge in &plan.charges {
        match charge {
            Charge::Fee { amount, .. } => out.push(*amount),
            Charge::Usage { price, .. } => match price {
                Price::PerUnit(p) | Price::Package { price: p, .. } => out.push(*p),
                Price::Graduated(tiers) | Price::Volume(tiers) => {
                    out.extend(tiers.iter().flat_map(|t| [t.unit_price, t.flat_fee]).filter(|x| !x.is_zero()));
                }
            },
        }
    }
    out.extend(plan.commitments.iter().map(Commitment::amount));
    out
}

#[test]
fn the_proposal_names_the_customer_starts_when_asked_and_states_every_price() {
    let dir = tempfile::tempdir().unwrap();
    let args =
        [FIN, "--account", "Support team", "--customer", "Acme Retail", "--vendor", "Helpdesk AI", "--from", "2027-03"];
    let bytes = pdf(&dir, &[&args[..], &["--budget", "150000"]].concat());
    assert!(bytes.starts_with(b"%PDF-"));
    let text = text_of(&bytes);
    assert!(text.contains("Proposal for Acme Retail"), "{text}");
    assert!(text.contains("From Helpdesk AI · 3-year contract, 2027-03 to 2030-02"), "{text}");
    assert!(text.contains("prepared 2026-12-07"), "{text}");
    assert!(text.contains("Against your budget of USD 150,000.00 a month"), "{text}");
    // Every offered plan with every one of its prices.
    let s = pricelab::io::read_scenario(std::path::Path::new(FIN)).unwrap();
    for plan in &s.plans {
        assert!(text.contains(&plan.name), "{} missing:\n{text}", plan.name);
        for p in prices(plan) {
            assert!(text.contains(&price_text("USD", p)), "{}: {p} missing:\n{text}", plan.name);
        }
    }
    assert!(text.contains("Seat: USD 139.00 per seat a month."), "{text}");
    assert!(text.contains("Resolution: USD 0.99 per resolution."), "{text}");
    // Nothing of the vendor's: no margin, no cost to serve (USD 0.20 per AI conversation here).
    for word in ["margin", "Margin", "cost to serve"] {
        assert!(!text.contains(word), "{word} in the quote:\n{text}");
    }
    assert!(!text.contains(&price_text("USD", s.costs.per_ai_conversation)), "the cost to serve:\n{text}");
    // Fonts embedded: the PDF carries its own.
    assert!(bytes.windows(9).any(|w| w == b"/FontFile"), "no embedded font");
}

#[test]
fn every_shipped_scenarios_proposal_states_every_price_of_every_plan() {
    let dir = tempfile::tempdir().unwrap();
    for file in [
        "bill-smoothing.ron",
        "seasonal-retailer.ron",
        "tiered-pricing.ron",
        "seat-to-resolution-commit.ron",
        "saas-portfolio.ron",
    ] {
        let path = scenario(file);
        let s = pricelab::io::read_scenario(std::path::Path::new(&path)).unwrap();
        let account = &s.accounts[0].name;
        let bytes = pdf(&dir, &[&path, "--account", account]);
        let text = text_of(&bytes);
        for plan in &s.plans {
            assert!(text.contains(&plan.name), "{file}: {} missing", plan.name);
            for p in prices(plan) {
                assert!(text.contains(&price_text(&s.currency, p)), "{file}: {}: {p} missing:\n{text}", plan.name);
            }
            if !plan.discount.is_zero() {
                let pct = (plan.discount * Decimal::ONE_HUNDRED).normalize();
                assert!(text.contains(&format!("{pct}% off every charge")), "{file}: {}'s discount", plan.name);
            }
        }
        assert!(!text.contains('…'), "{file}: a name cut short:\n{text}");
        assert!((1..=2).contains(&pages(&bytes)), "{file}: {} pages", pages(&bytes));
    }
}

#[test]
fn the_json_holds_the_figures_the_pdf_shows() {
    let dir = tempfile::tempdir().unwrap();
    let args = [FIN, "--account", "Support team", "--from", "2027-01", "--budget", "150000"];
    let text = text_of(&pdf(&dir, &args));
    let doc = json(&args);
    assert_eq!(doc["customer"], "Support team");
    assert_eq!(doc["from"], "2027-01");
    assert_eq!(doc["months"].as_array().unwrap().len(), 36);
    let money = |v: &serde_json::Value| grouped(v.as_str().unwrap().parse::<Decimal>().unwrap());
    for plan in doc["plans"].as_array().unwrap() {
        let name = plan["name"].as_str().unwrap();
        assert!(text.contains(&money(&plan["total"])), "{name}'s total");
        for y in plan["yearly"].as_array().unwrap() {
            assert!(text.contains(&money(y)), "{name}'s year {y}");
        }
        if plan["baseline"] == false {
            assert!(text.contains(&money(&plan["saving"])), "{name}'s saving");
            let pct = plan["saving_pct_of_bill"].as_str().unwrap();
            assert!(text.contains(&format!("{pct}%")), "{name}'s saving in % of the bill: {pct}");
        }
        for t in plan["terms"].as_array().unwrap() {
            assert!(text.contains(t.as_str().unwrap()), "{name}'s term {t}");
        }
    }
    for f in doc["findings"].as_array().unwrap() {
        assert!(text.contains(f.as_str().unwrap()), "{f}:\n{text}");
    }
    // The saving is the baseline's bill minus the plan's, in money; in % of the bill and of the
    // total cost of support.
    let base: Decimal = doc["baseline"]["total"].as_str().unwrap().parse().unwrap();
    let support: Decimal = doc["baseline"]["support_cost"].as_str().unwrap().parse().unwrap();
    let plan = &doc["plans"][2];
    let total: Decimal = plan["total"].as_str().unwrap().parse().unwrap();
    let saving: Decimal = plan["saving"].as_str().unwrap().parse().unwrap();
    assert_eq!(saving, base - total);
    let pct =
        |of: Decimal| pricelab::model::money::cents(pricelab::model::money::round2(saving * Decimal::ONE_HUNDRED / of));
    assert_eq!(plan["saving_pct_of_bill"], pct(base).as_str());
    assert_eq!(plan["saving_pct_of_support_cost"], pct(support).as_str());
    // No figure of the vendor's in the JSON either.
    let raw = doc.to_string();
    assert!(!raw.contains("margin") && !raw.contains("\"cost\""), "{raw}");
}

#[test]
fn a_quote_starts_the_month_after_today_unless_told() {
    let doc = json(&[FIN, "--account", "Support team"]);
    assert_eq!((doc["prepared"].as_str(), doc["from"].as_str()), (Some("2026-12-07"), Some("2027-01")));
    let december = pricelab_on(&["quote", FIN, "--account", "Support team", "--format", "json"], "1798761599");
    let doc: serde_json::Value = serde_json::from_slice(&december.stdout).unwrap();
    assert_eq!(doc["from"], "2027-01", "the last second of 2026");
    let doc = json(&[FIN, "--account", "Support team", "--from", "2028-07", "--years", "2"]);
    let months = doc["months"].as_array().unwrap();
    assert_eq!((months.len(), months[0].as_str(), months[23].as_str()), (24, Some("2028-07"), Some("2030-06")));
}

#[test]
fn one_page_when_it_fits_two_when_it_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let short = pdf(&dir, &[FIN, "--account", "Support team", "--plans", "Seats only,Per resolution + Advanced seats"]);
    assert_eq!(pages(&short), 1);
    let long = pdf(&dir, &[FIN, "--account", "Support team", "--budget", "150000"]);
    assert_eq!(pages(&long), 2);
    assert!(text_of(&long).contains("2 of 2"));
}

#[test]
fn long_names_wrap_whole() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(FIN).unwrap().replace(
        "Per resolution + Advanced seats",
        "Per resolution with Advanced seats, the analytics suite and priority support included",
    );
    let path = dir.path().join("long.ron");
    std::fs::write(&path, text).unwrap();
    let name = "A customer whose legal name is long enough to need a second line on the page";
    let bytes = pdf(&dir, &[path.to_str().unwrap(), "--account", "Support team", "--customer", name]);
    let text = text_of(&bytes);
    assert!(text.contains(&format!("Proposal for {name}")), "{text}");
    assert!(text.contains("Per resolution with Advanced seats, the analytics suite and priority support included"));
    assert!(!text.contains('…'));
}

#[test]
fn a_commitment_is_recommended_when_asked() {
    let path = scenario("seat-to-resolution-commit.ron");
    let doc = json(&[&path, "--account", "Contact centre", "--recommend", "--from", "2025-01"]);
    let recs = doc["recommendations"].as_array().unwrap();
    assert_eq!(recs.len(), 2, "the two plans with a commit");
    for r in recs {
        assert_eq!(r["unit"], "money");
        let best: Decimal = r["recommended"]["expected_total"].as_str().unwrap().parse().unwrap();
        for c in r["candidates"].as_array().unwrap() {
            let total: Decimal = c["expected_total"].as_str().unwrap().parse().unwrap();
            assert!(total >= best, "{c}");
        }
    }
    let listed = json(&[&path, "--account", "Contact centre", "--recommend=500000,900000"]);
    let sizes: Vec<&str> = listed["recommendations"][0]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_str().unwrap())
        .collect();
    assert_eq!(sizes, ["500000.00", "800000.00", "900000.00"], "the sizes listed and the plan's own");
    let dir = tempfile::tempdir().unwrap();
    let text = text_of(&pdf(&dir, &[&path, "--account", "Contact centre", "--recommend"]));
    assert!(text.contains("Recommended commitment"), "{text}");
}

#[test]
fn misuse_of_quote_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let out_pdf = dir.path().join("q.pdf");
    let o = out_pdf.to_str().unwrap();
    let misuse = |args: &[&str], says: &str| {
        let mut all = vec!["quote"];
        all.extend_from_slice(args);
        let out = pricelab(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    };
    misuse(
        &[FIN, "--account", "Nobody", "--output", o],
        "no profile is named \"Nobody\" (the profiles: \"Support team\")",
    );
    misuse(&[FIN, "--account", "Support team", "--plans", "Gold", "--output", o], "no plan is named \"Gold\"");
    misuse(&[FIN, "--account", "Support team"], "--output QUOTE.pdf");
    misuse(&[FIN, "--account", "Support team", "--from", "2027-13", "--output", o], "--from");
    misuse(&[FIN, "--account", "Support team", "--years", "0", "--output", o], "--years");
    misuse(&[FIN, "--account", "Support team", "--years", "11", "--output", o], "--years: a contract of 1 to 10 years");
    misuse(&[FIN, "--account", "Support team", "--budget", "0", "--output", o], "--budget");
    misuse(&[FIN, "--account", "Support team", "--plans", "", "--output", o], "--plans");
    misuse(&[FIN, "--account", "Support team", "--from", "9999-06", "--output", o], "--from: a contract from 9999-06");
    misuse(&[FIN, "--account", "Support team", "--customer", "株式会社", "--output", o], "cannot print '株'");
    misuse(&[FIN, "--account", "Support team", "--recommend=lots", "--output", o], "--recommend");
    misuse(&[FIN, "--account", "Support team", "--recommend=0", "--output", o], "--recommend");
    misuse(&[FIN, "--account", "Support team", "--recommend=100.555", "--output", o], "more than two decimals");
    misuse(&[FIN, "--account", "Support team", "--budget", "0.001", "--output", o], "--budget");
    misuse(&[FIN, "--account", "Support team", "--customer", "Evil\nfake.ron:1:1: x", "--output", o], "--customer");
    misuse(&[FIN, "--account", "Support team", "--vendor", "  ", "--output", o], "--vendor");
    // A recorded customer is quoted no earlier than its history.
    let customers = scenario("backtest/customers.ron");
    misuse(
        &[&customers, "--account", "Vista Bank", "--from", "2023-06", "--output", o],
        "--from: \"Vista Bank\" has recorded usage from 2024-01",
    );
    let missing = dir.path().join("no/such/folder/q.pdf");
    let out = pricelab(&["quote", FIN, "--account", "Support team", "--output", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
    assert!(!out_pdf.exists());
}

#[test]
fn a_recorded_customer_is_quoted_from_after_its_history() {
    let customers = scenario("backtest/customers.ron");
    let doc = json(&[&customers, "--account", "Vista Bank", "--from", "2026-01", "--years", "1"]);
    assert_eq!(doc["from"], "2026-01");
    // Recorded 2024-01 to 2025-12: from 2026-01 the quote is all projection.
    assert!(doc["assumptions"].as_array().unwrap().iter().all(|a| !a.as_str().unwrap().contains("recorded usage")));
    let inside = json(&[&customers, "--account", "Vista Bank", "--from", "2025-07", "--years", "1"]);
    assert!(
        inside["assumptions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "The first 6 months are the customer's recorded usage."),
        "{}",
        inside["assumptions"]
    );
}

#[test]
fn a_name_the_font_cannot_print_is_refused_whoever_brings_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(FIN).unwrap().replace("Per resolution + Advanced seats", "按解决计费");
    let path = dir.path().join("cjk.ron");
    std::fs::write(&path, text).unwrap();
    let pdf = dir.path().join("q.pdf");
    let out =
        pricelab(&["quote", path.to_str().unwrap(), "--account", "Support team", "--output", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot print '按'") && err.contains("the plan"), "{err}");
    assert!(!pdf.exists());
    // Its figures as JSON are fine: no font there.
    let out = pricelab(&["quote", path.to_str().unwrap(), "--account", "Support team", "--format", "json"]);
    assert!(out.status.success());
    // A composed accent typed apart is one letter.
    let doc = json(&[FIN, "--account", "Support team", "--customer", "Zoe\u{308} Ltd"]);
    assert_eq!(doc["customer"], "Zoë Ltd");
}

#[test]
fn a_long_contract_lists_every_year_and_the_baseline_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let text = text_of(&pdf(&dir, &[FIN, "--account", "Support team", "--years", "10", "--budget", "300000"]));
    // Bills and budget year by year: each year's row twice.
    assert_eq!(text.matches("Year 10 (2036-01 to 2036-12)").count(), 2, "{text}");
    let doc = json(&[FIN, "--account", "Support team", "--plans", "Per resolution + Advanced seats"]);
    let base = &doc["baseline"];
    assert_eq!(base["name"], "Seats only");
    assert_eq!(base["yearly"].as_array().unwrap().len(), 3);
    assert_eq!(base["terms"][0], "Seat: USD 139.00 per seat a month.");
}

/// A customer small enough to work out by hand: 1,000 conversations a month, all taken by the AI,
/// half resolved; 10 seats at USD 4,000 a month each. Plans: USD 100 a seat; USD 0.99 a
/// resolution; a bucket of 5,000 resolutions a year for USD 4,800 upfront, then USD 1.50 each.
const TINY: &str = r#"(format: 1, name: "Tiny", start: "2027-01", months: 12,
    accounts: [(name: "Shop", conversations: 1000, ai_involvement: (start: 1.0, end: 1.0, months: 0),
        resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(10), agent_cost: "4000")],
    plans: [
        (name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("100"))]),
        (name: "Outcomes", charges: [Usage(name: "Resolution", metric: Resolutions, price: PerUnit("0.99"))]),
        (name: "Bucket", charges: [Usage(name: "Overage", metric: Resolutions, price: PerUnit("1.50"))],
         commitments: [Bundle(name: "Annual bucket", metric: Resolutions, units: 5000, price: "4800",
                              term_months: 12, billing: Upfront)]),
    ],
    simulation: (trials: 1000, seed: 3, volume_noise: 0.0, resolution_noise: 0.0))"#;

/// Every figure of a one-year quote worked out by hand, in the JSON and on the PDF's pages: the
/// bills, savings in money and in % of the bill and of the support cost, the budget year by
/// year, and the P10–P90 band (binomial resolutions: docs/monte-carlo.md).
#[test]
fn a_hand_worked_quote_states_its_figures_budget_chances_and_bands() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.ron");
    std::fs::write(&path, TINY).unwrap();
    let args = [path.to_str().unwrap(), "--account", "Shop", "--customer", "Corner Shop", "--from", "2027-01"];
    let args = [&args[..], &["--years", "1", "--budget", "700"]].concat();
    let doc = json(&args);
    let plan = |name: &str| doc["plans"].as_array().unwrap().iter().find(|p| p["name"] == name).unwrap().clone();
    // Seats: 10 × 100 × 12. Outcomes: 500 × 0.99 × 12. Bucket: 4,800, then the 1,000 resolutions
    // of November and December past the 5,000 at 1.50.
    for (name, total, saving, of_bill, of_support) in [
        ("Seats", "12000.00", "0.00", "0.00", "0.00"),
        ("Outcomes", "5940.00", "6060.00", "50.50", "1.23"),
        ("Bucket", "6300.00", "5700.00", "47.50", "1.16"),
    ] {
        let p = plan(name);
        assert_eq!(
            [&p["total"], &p["saving"], &p["saving_pct_of_bill"], &p["saving_pct_of_support_cost"]],
            [total, saving, of_bill, of_support],
            "{name}"
        );
    }
    // Support cost: the bill plus 10 seats × 4,000 × 12 = 480,000 (6,060 of 492,000 is 1.23%).
    assert_eq!(doc["baseline"]["support_cost"], "492000.00");
    assert_eq!(plan("Bucket")["monthly"][10], "750.00");
    // The budget of 700: Seats is over it every month, Outcomes never (its P90 month is ~515).
    // The bucket's upfront January is over it every time; November and December (about 500
    // resolutions past the bucket, USD 750) nearly always; the other months never.
    let over = |name: &str| plan(name)["over_budget"][0].clone();
    assert_eq!((over("Seats")["chance"].as_str(), over("Seats")["months"].as_str()), (Some("1"), Some("12.00")));
    assert_eq!((over("Outcomes")["chance"].as_str(), over("Outcomes")["months"].as_str()), (Some("0"), Some("0.00")));
    let bucket_months: f64 = over("Bucket")["months"].as_str().unwrap().parse().unwrap();
    let bucket_chance: f64 = over("Bucket")["chance"].as_str().unwrap().parse().unwrap();
    assert!((2.0..=3.0).contains(&bucket_months), "{bucket_months}");
    assert!((bucket_chance * 12.0 - bucket_months).abs() < 0.01, "the chance is the share of the year's months");
    // The band: resolutions ~ Binomial(1000, 0.5), so the bill's P10 and P90 are about
    // 495 ∓ 1.2816 × 0.99 × √250 = 474.9 and 515.1.
    let outcomes = plan("Outcomes");
    for m in 0..12 {
        let at = |k: &str| outcomes[k][m].as_str().unwrap().parse::<f64>().unwrap();
        assert!((470.0..=480.0).contains(&at("p10")) && (510.0..=520.0).contains(&at("p90")), "month {m}: {outcomes}");
    }
    assert_eq!(plan("Seats")["p10"][0], plan("Seats")["p90"][0], "a fixed team's bill does not vary");
    // The PDF states the same figures.
    let bytes = pdf(&dir, &args);
    let text = text_of(&bytes);
    for words in [
        "Proposal for Corner Shop",
        "1-year contract, 2027-01 to 2027-12",
        "Your team stays at 10 seats throughout the contract.",
        "12,000.00",
        "5,940.00",
        "6,300.00",
        "6,060.00",
        "50.50%",
        "47.50%",
        "1.23% of your total cost of support",
        "Against your budget of USD 700.00 a month",
        "Seats 100% · 12.0 months",
        "Outcomes 0% · 0.0 months",
        &format!(
            "Bucket {}",
            pricelab::io::quote::words::chance(over("Bucket")["chance"].as_str().unwrap().parse().unwrap())
        ),
        "Shaded: where the bill lands 8 times in 10 (P10–P90 of 1,000 simulated futures).",
        "Annual bucket: 5,000 resolutions a year prepaid for USD 4,800.00, paid at the start of each year; unused ones expire at the end of each year.",
        "Overage: USD 1.50 per resolution",
    ] {
        assert!(text.contains(words), "{words:?} is not in the proposal:\n{text}");
    }
}

/// A two-page proposal: page one has the summary, chart and table; page two the comparison, the
/// budget, every price, what is counted and the assumptions; each page is numbered.
#[test]
fn page_two_holds_the_comparison_budget_prices_and_assumptions() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = pdf(&dir, &[FIN, "--account", "Support team", "--from", "2027-01", "--budget", "150000"]);
    let pages = page_texts(&bytes);
    assert_eq!(pages.len(), 2);
    for (page, sections) in [
        (0, &["In short", "Your monthly bill under each plan", "What you pay and save (USD)", "1 of 2"][..]),
        (
            1,
            &[
                "How the plans compare with Seats only",
                "Against your budget of USD 150,000.00 a month",
                "Prices and terms",
                "What is counted",
                "Assumptions",
                "2 of 2",
            ][..],
        ),
    ] {
        for s in sections {
            assert!(pages[page].contains(s), "{s:?} is not on page {}:\n{}", page + 1, pages[page]);
        }
    }
    // The budget rows on page two are the JSON's chances, in words.
    let doc = json(&[FIN, "--account", "Support team", "--from", "2027-01", "--budget", "150000"]);
    for plan in doc["plans"].as_array().unwrap() {
        let cells: Vec<String> = plan["over_budget"]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| {
                let over = pricelab::engine::quote::YearOver {
                    chance: y["chance"].as_str().unwrap().parse().unwrap(),
                    months: y["months"].as_str().unwrap().parse().unwrap(),
                };
                pricelab::io::quote::words::year_over_budget(&over, 1000)
            })
            .collect();
        let row = format!("{} {}", plan["name"].as_str().unwrap(), cells.join(" "));
        assert!(pages[1].contains(&row), "{row:?} is not on page 2:\n{}", pages[1]);
    }
}

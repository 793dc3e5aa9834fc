//! `pricelab quote` (SPEC §9): the customer's PDF, its text checked against one account's
//! figures of the simulation, and every misuse.

use pricelab::model::money::grouped;
use std::process::{Command, Output};

fn pricelab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).output().unwrap()
}

const FIN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fin-outcome-pricing.ron");

/// The text of a PDF (`pdftotext`, Debian's poppler-utils; `.ci/run` installs it).
fn text_of(pdf: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (apt-get install poppler-utils) reads the quote's text");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_quote_pdf_holds_one_accounts_figures_and_nothing_of_the_vendors() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("quote.pdf");
    let out =
        pricelab(&["quote", FIN, "--account", "Support team", "--budget", "150000", "--output", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = text_of(&pdf);
    assert!(text.contains("Proposal for Support team"), "{text}");
    assert!(text.contains("amounts in USD"));
    assert!(text.contains("Against your budget of USD 150,000.00 a month"), "{text}");
    // Every plan, with its total: the one account's of the simulation.
    let json = pricelab(&["simulate", FIN, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    for plan in doc["plans"].as_array().unwrap() {
        let name = plan["name"].as_str().unwrap();
        let total: rust_decimal::Decimal = plan["accounts"][0]["total"].as_str().unwrap().parse().unwrap();
        assert!(text.contains(name), "{name} missing:\n{text}");
        assert!(text.contains(&grouped(total)), "{name}'s total {total} missing:\n{text}");
    }
    for word in ["margin", "Margin", "cost to serve", "vendor"] {
        assert!(!text.contains(word), "{word} in the quote:\n{text}");
    }
    // Fonts embedded: the PDF carries its own.
    assert!(bytes.windows(9).any(|w| w == b"/FontFile"), "no embedded font");
}

#[test]
fn only_the_plans_asked_for_are_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("two.pdf");
    let plans = "Seats only,Per resolution + Advanced seats";
    let out =
        pricelab(&["quote", FIN, "--account", "Support team", "--plans", plans, "--output", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = text_of(&pdf);
    assert!(text.contains("Per resolution + Advanced seats"));
    assert!(!text.contains("Per AI conversation + seats"), "{text}");
    assert!(!text.contains("budget"), "no budget asked for");
}

#[test]
fn misuse_of_quote_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("q.pdf");
    let out = pricelab(&["quote", FIN, "--account", "Nobody", "--output", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no profile is named \"Nobody\" (the profiles: \"Support team\")")
    );
    let out =
        pricelab(&["quote", FIN, "--account", "Support team", "--plans", "Gold", "--output", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no plan is named \"Gold\""));
    let out = pricelab(&["quote", FIN, "--account", "Support team"]);
    assert_eq!(out.status.code(), Some(2), "no --output");
    let missing = dir.path().join("no/such/folder/q.pdf");
    let out = pricelab(&["quote", FIN, "--account", "Support team", "--output", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
    assert!(!pdf.exists());
}

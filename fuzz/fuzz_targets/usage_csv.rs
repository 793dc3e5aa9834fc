//! Reading a usage file (a scenario's `history`, the monthly rows `pricelab import` reads) from
//! any bytes, and event timestamps from any text: nothing may panic; a file is refused with
//! located problems, or read into months that keep every rule of docs/import.md.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pricelab::io::history;
use pricelab::model::{self, Location};

/// Three profiles of one account each, two years from 2024-01.
const SCENARIO: &str = r#"(format: 1, name: "F", start: "2024-01", months: 24,
    accounts: [
        (name: "Acme", conversations: 100, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1)),
        (name: "Globex", conversations: 100, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1)),
        (name: "Initech", count: 2, conversations: 100, resolution_rate: (start: 0.5, end: 0.5, months: 0), seats: Fixed(1)),
    ],
    plans: [(name: "P", charges: [Fee(name: "F", amount: "1")])])"#;

fuzz_target!(|bytes: &[u8]| {
    let Ok(scenario) = model::from_ron(SCENARIO) else { return };
    match history::parse(bytes, "usage.csv", &scenario) {
        Ok(recorded) => {
            assert!(recorded.months >= 1, "a file read has months");
            for account in &recorded.accounts {
                assert_eq!(account.months.len(), recorded.months as usize, "every account has every month");
                for m in &account.months {
                    assert!(m.resolutions <= m.ai_conversations && m.ai_conversations <= m.conversations);
                }
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "a refusal lists its problems");
            for p in &problems {
                if let Location::Row { line, .. } = p.location {
                    assert!(line >= 1, "lines count from 1");
                }
                assert!(p.message.chars().count() < 2_000, "a message quotes values cut short");
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        for line in text.lines().take(64) {
            let _ = pricelab::io::import::event_month(line);
        }
    }
});

//! Amounts typed by a person (the app's fields, `--budget`) and their formatting: any text is
//! parsed without a panic, and an amount that parses formats and reads back to the cent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pricelab::model::money;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    if let Ok(amount) = money::parse_amount(text) {
        let cents = money::cents(amount);
        let back = money::parse(&cents).expect("cents() writes a plain decimal");
        assert_eq!(back, money::round2(amount));
        let _ = money::grouped(amount);
    }
    let _ = money::parse(text);
});

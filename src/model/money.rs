//! Money: exact decimals, read from strings or plain numbers, written as strings.
//!
//! The scenario format writes every amount of money as a string (`"0.99"`). A plain number is
//! accepted when reading if it has at most 15 significant digits, and it means exactly the
//! decimal that was written: `0.1` is one tenth, never the binary float nearest to it.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserializer, Serializer, de};
use std::fmt;
use std::str::FromStr;

/// The most significant digits a plain (unquoted) number may carry and still be taken as money.
pub const MAX_PLAIN_DIGITS: usize = 15;

/// The most digits an amount of money may have before the decimal point.
pub const MAX_INTEGER_DIGITS: u32 = 15;

/// Rounds to cents, halves away from zero: the only rounding the billing rules use.
///
/// # Example
/// ```
/// use pricelab::model::money::round2;
/// use rust_decimal::Decimal;
/// assert_eq!(round2(Decimal::new(1005, 3)), Decimal::new(101, 2)); // 1.005 -> 1.01
/// assert_eq!(round2(Decimal::new(-1005, 3)), Decimal::new(-101, 2));
/// ```
#[must_use]
pub fn round2(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats an amount with exactly two decimals (`"1234.50"`), never as a negative zero.
///
/// # Example
/// ```
/// use pricelab::model::money::cents;
/// use rust_decimal::Decimal;
/// assert_eq!(cents(Decimal::new(12345, 1)), "1234.50");
/// assert_eq!(cents(-Decimal::ZERO), "0.00");
/// ```
#[must_use]
pub fn cents(amount: Decimal) -> String {
    let mut rounded = round2(amount);
    if rounded.is_zero() {
        rounded = Decimal::ZERO;
    }
    rounded.rescale(2);
    rounded.to_string()
}

/// Formats an amount with two decimals and thousands separators (`"1,234,567.50"`).
///
/// # Example
/// ```
/// use pricelab::model::money::grouped;
/// use rust_decimal::Decimal;
/// assert_eq!(grouped(Decimal::new(-123456750, 2)), "-1,234,567.50");
/// assert_eq!(grouped(Decimal::new(99, 2)), "0.99");
/// ```
#[must_use]
pub fn grouped(amount: Decimal) -> String {
    let plain = cents(amount);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = String::with_capacity(plain.len() + int.len() / 3);
    out.push_str(sign);
    out.push_str(&group_digits(int));
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Puts a comma between every three digits, from the right: `"1234567"` → `"1,234,567"`.
///
/// # Example
/// ```
/// assert_eq!(pricelab::model::money::group_digits("1234567"), "1,234,567");
/// assert_eq!(pricelab::model::money::group_digits("999"), "999");
/// ```
#[must_use]
pub fn group_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Parses money written by a person: an optional sign, digits, an optional point and decimals.
///
/// # Errors
/// A message saying what is wrong when the text is not a plain decimal number.
///
/// # Example
/// ```
/// use pricelab::model::money::parse;
/// assert_eq!(parse(" 0.99 ").unwrap().to_string(), "0.99");
/// assert!(parse("1e5").is_err());
/// ```
pub fn parse(text: &str) -> Result<Decimal, String> {
    let text = text.trim();
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let well_formed = !body.is_empty()
        && !body.starts_with('.')
        && !body.ends_with('.')
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|&c| c == '.').count() <= 1;
    if !well_formed {
        return Err(format!(
            "`{text}` is not an amount of money (write digits with an optional decimal point, like \"0.99\")"
        ));
    }
    Decimal::from_str(text).map_err(|_| format!("`{text}` has too many digits to be an amount of money"))
}

/// [`parse`] for an amount someone types: also refused when negative or with more than
/// [`MAX_INTEGER_DIGITS`] digits before the point (as the format refuses it in a file).
///
/// # Errors
/// A message saying what is wrong.
///
/// # Example
/// ```
/// use pricelab::model::money::parse_amount;
/// assert_eq!(parse_amount("12000").unwrap().to_string(), "12000");
/// assert!(parse_amount("-1").is_err());
/// assert!(parse_amount("1234567890123456").is_err());
/// ```
pub fn parse_amount(text: &str) -> Result<Decimal, String> {
    let amount = parse(text)?;
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(format!("`{}` is negative: amounts of money are 0 or more", text.trim()));
    }
    if integer_digits(amount) > MAX_INTEGER_DIGITS {
        return Err(format!("`{}` has more than {MAX_INTEGER_DIGITS} digits before the point", text.trim()));
    }
    Ok(amount)
}

/// A ratio as a percentage with one decimal, halves away from zero (`"12.3%"`; `"+12.3%"` with
/// `sign` for a rise), or `"n/a"` when there is none: the terminal table's and the app's text.
///
/// # Example
/// ```
/// use pricelab::model::money::percent_text;
/// use rust_decimal::Decimal;
/// assert_eq!(percent_text(Some(Decimal::new(1235, 4)), true), "+12.4%");
/// assert_eq!(percent_text(Some(Decimal::ONE), false), "100.0%");
/// assert_eq!(percent_text(None, false), "n/a");
/// ```
#[must_use]
pub fn percent_text(ratio: Option<Decimal>, sign: bool) -> String {
    let Some(p) = ratio.and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)) else { return "n/a".into() };
    let p = p.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    let mut p = if p.is_zero() { Decimal::ZERO } else { p };
    p.rescale(1);
    if sign && p.is_sign_positive() && !p.is_zero() { format!("+{p}%") } else { format!("{p}%") }
}

/// A ratio as a multiple with two decimals (`"× 1.56"`), or `"n/a"` when there is none.
#[must_use]
pub fn times_text(ratio: Option<Decimal>) -> String {
    ratio.map_or_else(|| "n/a".to_owned(), |r| format!("× {:.2}", r.round_dp(2)))
}

/// Digits of `amount` before the decimal point (0 for amounts below 1).
#[must_use]
pub fn integer_digits(amount: Decimal) -> u32 {
    let int = amount.abs().trunc();
    if int.is_zero() { 0 } else { u32::try_from(int.to_string().len()).unwrap_or(u32::MAX) }
}

/// Converts a plain number read from a file into the decimal that was written.
fn from_plain_f64(value: f64) -> Result<Decimal, String> {
    if !value.is_finite() {
        return Err(format!("{value} is not an amount of money"));
    }
    // Rust prints the shortest decimal that reads back as the same f64. For a number written
    // with at most 15 significant digits, that is exactly the digits that were written.
    let shortest = format!("{value}");
    let significant = shortest
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .trim_start_matches('0')
        .trim_end_matches('0')
        .len();
    if significant > MAX_PLAIN_DIGITS {
        return Err(format!(
            "the number {shortest} has more than {MAX_PLAIN_DIGITS} significant digits: write the amount as a string, like \"{shortest}\""
        ));
    }
    parse(&shortest)
}

struct MoneyVisitor;

impl de::Visitor<'_> for MoneyVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount of money as a string, like \"0.99\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse(v).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        from_plain_f64(v).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0)
            .map_err(|_| E::custom(format!("{v} is too large to be an amount of money")))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        i128::try_from(v).map_err(|_| E::custom("amount too large")).and_then(|v| self.visit_i128(v))
    }
}

/// Serde `with` module for a money field: written as a string, read from a string or a number.
pub mod serde_money {
    use super::{Decimal, Deserializer, MoneyVisitor, Serializer};

    /// Writes the amount as a string, keeping the decimals it was written with.
    ///
    /// # Errors
    /// Whatever the serializer reports.
    pub fn serialize<S: Serializer>(amount: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&amount.to_string())
    }

    /// Reads an amount from a string or a plain number.
    ///
    /// # Errors
    /// A message naming what was found when it is not an amount of money.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_any(MoneyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn round2_takes_halves_away_from_zero() {
        assert_eq!(round2(dec("0.125")), dec("0.13"));
        assert_eq!(round2(dec("0.135")), dec("0.14"));
        assert_eq!(round2(dec("-0.125")), dec("-0.13"));
        assert_eq!(round2(dec("0.1249999")), dec("0.12"));
    }

    #[test]
    fn plain_numbers_mean_the_decimal_written() {
        assert_eq!(from_plain_f64(0.1).unwrap(), dec("0.1"));
        assert_eq!(from_plain_f64(0.99).unwrap(), dec("0.99"));
        assert_eq!(from_plain_f64(1_500_000.0).unwrap(), dec("1500000"));
        assert_eq!(from_plain_f64(123_456_789_012.345).unwrap(), dec("123456789012.345"));
        assert!(from_plain_f64(0.123_456_789_012_345_67).is_err());
        assert!(from_plain_f64(f64::NAN).is_err());
        assert!(from_plain_f64(f64::INFINITY).is_err());
    }

    #[test]
    fn parse_refuses_what_is_not_a_plain_decimal() {
        for bad in ["", "abc", "1e3", "1.2.3", ".5", "5.", "0x10", "1,000", "--1"] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(parse("-12.50").unwrap(), dec("-12.5"));
        assert_eq!(parse("+3").unwrap(), dec("3"));
    }

    #[test]
    fn cents_and_grouping() {
        assert_eq!(cents(dec("85")), "85.00");
        assert_eq!(cents(dec("0.005")), "0.01");
        assert_eq!(grouped(dec("1000")), "1,000.00");
        assert_eq!(grouped(dec("999.999")), "1,000.00");
        assert_eq!(grouped(dec("123456")), "123,456.00");
        assert_eq!(grouped(dec("-0.001")), "0.00");
    }

    #[test]
    fn integer_digits_counts_before_the_point() {
        assert_eq!(integer_digits(dec("0.99")), 0);
        assert_eq!(integer_digits(dec("999999999999999.99")), 15);
        assert_eq!(integer_digits(dec("-1000")), 4);
    }
}

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
    cents_into(amount, &mut [0; 40]).to_owned()
}

/// An amount for an axis whose marks are `step` apart: 1.5k, 2.0k, 3.4M — as many decimals as
/// the step needs, so that neighbouring marks never read alike (1,500 is not "2k").
///
/// # Example
/// ```
/// use pricelab::model::money::axis_amount;
/// assert_eq!(axis_amount(1_500.0, 500.0), "1.5k");
/// assert_eq!(axis_amount(2_000.0, 500.0), "2.0k");
/// assert_eq!(axis_amount(500.0, 500.0), "500");
/// assert_eq!(axis_amount(20_000.0, 10_000.0), "20k");
/// assert_eq!(axis_amount(1_250_000.0, 250_000.0), "1.25M");
/// assert_eq!(axis_amount(0.0, 100_000.0), "0");
/// assert_eq!(axis_amount(0.4, 0.2), "0.4");
/// assert_eq!(axis_amount(2.5e12, 0.1 * 5e12), "2500B");
/// ```
#[must_use]
pub fn axis_amount(value: f64, step: f64) -> String {
    if value.abs() < step.abs() * 1e-6 {
        return "0".to_owned();
    }
    let a = value.abs().max(step.abs() * 0.5);
    let (div, suffix) = if a >= 1e9 {
        (1e9, "B")
    } else if a >= 1e6 {
        (1e6, "M")
    } else if a >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let scaled_step = (step.abs() / div).max(1e-9);
    // The decimals that tell marks `step` apart (a step of 0.25 needs two, of 0.5 one, of 5 none).
    let mut decimals = 0_usize;
    let whole = |x: f64| (x - x.round()).abs() <= 1e-6 * x.abs().max(1.0);
    while decimals < 3 && !whole(scaled_step * 10_f64.powi(i32::try_from(decimals).unwrap_or(3))) {
        decimals += 1;
    }
    format!("{:.*}{suffix}", decimals, value / div)
}

/// Room for an amount in cents: a sign, 29 digits and a point.
pub type CentsBuf = [u8; 40];

/// [`cents`] written into `buf`, without allocating: the exports format millions of amounts.
///
/// # Example
/// ```
/// use pricelab::model::money::{CentsBuf, cents_into};
/// use rust_decimal::Decimal;
/// let mut buf: CentsBuf = [0; 40];
/// assert_eq!(cents_into(Decimal::new(-1005, 3), &mut buf), "-1.01");
/// assert_eq!(cents_into(Decimal::MAX, &mut buf), "79228162514264337593543950335.00");
/// ```
pub fn cents_into(amount: Decimal, buf: &mut CentsBuf) -> &str {
    // Bills are nearly always in cents already: rounding them again changes nothing.
    let rounded = if amount.scale() <= 2 { amount } else { round2(amount) };
    // At most two decimals now: the amount in cents is the mantissa scaled up to two.
    let scale_up: i128 = match rounded.scale() {
        0 => 100,
        1 => 10,
        _ => 1,
    };
    let in_cents = rounded.mantissa().saturating_mul(scale_up);
    let mut at = buf.len();
    let digit = |buf: &mut CentsBuf, at: &mut usize, d: u8, written: &mut usize| {
        // Backwards from the last digit: two decimals, then the point.
        if *written == 2 {
            *at -= 1;
            buf[*at] = b'.';
        }
        *at -= 1;
        buf[*at] = b'0' + d;
        *written += 1;
    };
    let mut written = 0;
    let magnitude = in_cents.unsigned_abs();
    match u64::try_from(magnitude) {
        // 64-bit division: most amounts fit, and it is several times quicker.
        Ok(mut rest) => {
            while rest > 0 || written < 3 {
                digit(buf, &mut at, u8::try_from(rest % 10).unwrap_or(0), &mut written);
                rest /= 10;
            }
        }
        Err(_) => {
            let mut rest = magnitude;
            while rest > 0 || written < 3 {
                digit(buf, &mut at, u8::try_from(rest % 10).unwrap_or(0), &mut written);
                rest /= 10;
            }
        }
    }
    if in_cents < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    std::str::from_utf8(&buf[at..]).unwrap_or("0.00")
}

/// [`grouped`] with a `+` before a positive amount: a change (`"+800.00"`, `"-56.00"`, `"0.00"`).
///
/// # Example
/// ```
/// use pricelab::model::money::signed;
/// use rust_decimal::Decimal;
/// assert_eq!(signed(Decimal::new(80000, 2)), "+800.00");
/// assert_eq!(signed(Decimal::new(-5600, 2)), "-56.00");
/// assert_eq!(signed(Decimal::ZERO), "0.00");
/// ```
#[must_use]
pub fn signed(amount: Decimal) -> String {
    if amount.is_sign_positive() && !amount.is_zero() { format!("+{}", grouped(amount)) } else { grouped(amount) }
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

/// A whole number with thousands separators: `1234567` → `"1,234,567"` (counts of seats,
/// conversations, trials, line-months).
///
/// # Example
/// ```
/// assert_eq!(pricelab::model::money::grouped_count(1_234_567_u64), "1,234,567");
/// assert_eq!(pricelab::model::money::grouped_count(25_u32), "25");
/// ```
#[must_use]
pub fn grouped_count(n: impl Into<u128>) -> String {
    group_digits(&n.into().to_string())
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
    let decimals = body.split_once('.').map_or(0, |(_, frac)| frac.len());
    if decimals > MAX_DECIMALS {
        return Err(format!(
            "`{}` has {decimals} decimals; amounts are computed exactly with at most {MAX_DECIMALS}",
            short(text)
        ));
    }
    Decimal::from_str(text).map_err(|_| format!("`{}` has too many digits to be an amount of money", short(text)))
}

/// The most decimals an amount may have: what exact decimal arithmetic holds.
pub const MAX_DECIMALS: usize = 28;

/// A long number cut to its first and last digits for a message.
fn short(text: &str) -> String {
    if text.chars().count() <= 40 {
        return text.to_owned();
    }
    let head: String = text.chars().take(20).collect();
    let tail: String = text.chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
    format!("{head}…{tail}")
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

/// A value already in % with its sign (`+` above zero): with `decimals`, exactly that many
/// (the app's Customers tab); without, as the value is written (the command line's backtest,
/// whose changes are rounded to two decimals).
///
/// # Example
/// ```
/// use pricelab::model::money::signed_percent;
/// use rust_decimal::Decimal;
/// assert_eq!(signed_percent(Decimal::new(125, 1), None), "+12.5%");
/// assert_eq!(signed_percent(Decimal::new(125, 1), Some(2)), "+12.50%");
/// assert_eq!(signed_percent(Decimal::new(-6040, 2), None), "-60.40%");
/// assert_eq!(signed_percent(Decimal::ZERO, Some(2)), "0.00%");
/// ```
#[must_use]
pub fn signed_percent(pct: Decimal, decimals: Option<usize>) -> String {
    let sign = if pct > Decimal::ZERO { "+" } else { "" };
    match decimals {
        Some(d) => format!("{sign}{pct:.d$}%"),
        None => format!("{sign}{pct}%"),
    }
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
        // A tiny negative number is not a zero that passes the sign check.
        assert!(from_plain_f64(-1e-300).is_err());
        assert!(from_plain_f64(1e-300).is_err());
    }

    #[test]
    fn parse_refuses_what_is_not_a_plain_decimal() {
        for bad in ["", "abc", "1e3", "1.2.3", ".5", "5.", "0x10", "1,000", "--1"] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(parse("-12.50").unwrap(), dec("-12.5"));
        // More decimals than exact arithmetic holds would be rounded away: refused.
        let tiny = format!("-0.{}1", "0".repeat(40));
        assert!(parse(&tiny).unwrap_err().contains("41 decimals"), "{:?}", parse(&tiny));
        assert_eq!(parse(&format!("0.{}1", "0".repeat(27))).unwrap(), dec("0.0000000000000000000000000001"));
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
        for (amount, text) in [("0", "0.00"), ("-0.004", "0.00"), ("0.5", "0.50"), ("7", "7.00"), ("-12.345", "-12.35")]
        {
            assert_eq!(cents(dec(amount)), text, "{amount}");
        }
        assert_eq!(cents(dec("-79228162514264337593543950335")), "-79228162514264337593543950335.00");
    }

    #[test]
    fn integer_digits_counts_before_the_point() {
        assert_eq!(integer_digits(dec("0.99")), 0);
        assert_eq!(integer_digits(dec("999999999999999.99")), 15);
        assert_eq!(integer_digits(dec("-1000")), 4);
    }
}

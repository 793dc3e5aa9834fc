//! A look at the raw text for what the parsed values no longer show: a plain number written as
//! money with more significant digits than a binary float keeps.
//!
//! RON hands a plain number like `0.10000000000000001` to the reader as the `f64` nearest to
//! it, which is also the `f64` of `0.1`: after parsing, the extra digits are gone, and the
//! amount would silently be one tenth. The format takes a plain number as money only if it has
//! at most 15 significant digits, so this scan finds every such literal in a money field and
//! reports it where it is written.

use super::money::MAX_PLAIN_DIGITS;
use super::parse::line_column;
use super::{Location, Problem};

/// The fields whose value is money, and `PerUnit(…)`, whose argument is.
const MONEY_FIELDS: [&str; 7] =
    ["agent_cost", "amount", "discount", "flat_fee", "per_ai_conversation", "price", "unit_price"];

/// One token of the text, as far as this scan needs: names, numbers and punctuation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Ident(&'a str),
    Punct(char),
}

/// Remembers `token` as the latest of the two tokens before the next one.
fn push<'a>(before: &mut [Option<Token<'a>>; 2], token: Token<'a>) {
    before[0] = before[1];
    before[1] = Some(token);
}

/// Every plain number in a money field with more than [`MAX_PLAIN_DIGITS`] significant digits,
/// each located at its line and column.
pub fn overlong_money_numbers(text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    // The two tokens before the current one.
    let mut before: [Option<Token<'_>>; 2] = [None, None];
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while bytes.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // Block comments nest in RON.
                let mut depth = 0_usize;
                while i < bytes.len() {
                    if bytes[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' | b'\'' => {
                // A string or a character literal ('x', '\n').
                i = after_quoted(bytes, i);
                push(&mut before, Token::Punct('"'));
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                // A raw string: r"…" or r#"…"#, with as many # at the end as at the start.
                let hashes = bytes[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if bytes.get(i + 1 + hashes) != Some(&b'"') {
                    // `r#name`, a raw identifier.
                    i += 1 + hashes;
                    continue;
                }
                i += 2 + hashes;
                let end: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                while i < bytes.len() && !bytes[i..].starts_with(&end) {
                    i += 1;
                }
                i += end.len();
                push(&mut before, Token::Punct('"'));
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while bytes.get(i).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_') {
                    i += 1;
                }
                push(&mut before, Token::Ident(&text[start..i]));
            }
            c if c.is_ascii_digit()
                || (matches!(c, b'+' | b'-' | b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    let exponent_sign = matches!(c, b'+' | b'-') && matches!(bytes.get(i - 1), Some(b'e' | b'E'));
                    if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || exponent_sign {
                        i += 1;
                    } else {
                        break;
                    }
                }
                let literal = &text[start..i];
                let in_money = match before {
                    [Some(Token::Ident(field)), Some(Token::Punct(':'))] => MONEY_FIELDS.contains(&field),
                    [Some(Token::Ident("PerUnit")), Some(Token::Punct('('))] => true,
                    _ => false,
                };
                if in_money && significant_digits(literal) > MAX_PLAIN_DIGITS {
                    // Found rarely: its place is worked out only then.
                    let (line, column) = line_column(bytes, start);
                    problems.push(Problem {
                        location: Location::Text { line, column },
                        message: format!(
                            "the amount {literal} has more than {MAX_PLAIN_DIGITS} significant digits, more than a plain number keeps exactly: write it as a string, like \"{}\"",
                            literal.trim_start_matches('+')
                        ),
                    });
                }
                push(&mut before, Token::Punct('0'));
            }
            _ => {
                // Any other character: punctuation, or part of a character this scan need not know.
                let c = text[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                push(&mut before, Token::Punct(c));
            }
        }
    }
    problems
}

/// Where the string or character literal opening at `open` ends (just past its closing quote,
/// escapes skipped), or the end of the text.
fn after_quoted(bytes: &[u8], open: usize) -> usize {
    let quote = bytes.get(open).copied().unwrap_or(b'"');
    let mut i = open + 1;
    while let Some(&c) = bytes.get(i) {
        i += 1;
        match c {
            b'\\' => i += 1,
            c if c == quote => break,
            _ => {}
        }
    }
    i
}

/// Significant digits of a decimal float literal (`0.100_000_000_000_000_01` → 17); 0 for a
/// whole number, which is read exactly, and for a hexadecimal or binary one.
fn significant_digits(literal: &str) -> usize {
    let body = literal.trim_start_matches(['+', '-']);
    if body.starts_with("0x") || body.starts_with("0b") || body.starts_with("0o") {
        return 0;
    }
    let mantissa = body.split(['e', 'E']).next().unwrap_or("");
    let is_float = mantissa.contains('.') || mantissa.len() < body.len();
    if !is_float {
        return 0;
    }
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(text: &str) -> Vec<(usize, usize)> {
        overlong_money_numbers(text)
            .into_iter()
            .map(|p| match p.location {
                Location::Text { line, column } => (line, column),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn finds_overlong_amounts_in_money_fields_only() {
        let text = "(agent_cost: 0.10000000000000001,\n conversations: 1000.0000000000000001,\n price: PerUnit( 0.99000000000000001 ),\n \"amount: 0.10000000000000001\", // amount: 0.10000000000000001\n amount: 0.1, unit_price: 1234567890123456789, flat_fee: -0.12345678901234567e2)";
        assert_eq!(located(text), [(1, 14), (3, 18), (5, 58)]);
    }

    #[test]
    fn counts_significant_digits() {
        assert_eq!(significant_digits("0.10000000000000001"), 17);
        assert_eq!(significant_digits("0.1"), 1);
        assert_eq!(significant_digits("123456789012.345"), 15);
        assert_eq!(significant_digits("1_000.000_000_000_000_1"), 17);
        assert_eq!(significant_digits("12345678901234567890"), 0, "whole numbers are exact");
        assert_eq!(significant_digits("1.234567890123456e5"), 16);
    }

    #[test]
    fn strings_comments_and_raw_strings_are_skipped() {
        let text = "(notes: r#\"price: 0.10000000000000001\"#, /* a /* nested */ price: 0.10000000000000001 */ c: 'x')";
        assert!(located(text).is_empty());
    }
}

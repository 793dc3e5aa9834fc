//! Values quoted in messages: cut to a readable length and escaped, so that a hostile or huge
//! value (a 50 MB name, a name with a line break) makes a short, one-line message.

/// How many characters of a value a message quotes.
pub const QUOTED: usize = 40;

/// `text` cut to at most `max` characters, with "…" when cut.
///
/// # Example
/// ```
/// assert_eq!(pricelab::model::shorten("abcdef", 3), "abc…");
/// assert_eq!(pricelab::model::shorten("abc", 3), "abc");
/// ```
#[must_use]
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().nth(max).is_none() {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max).collect();
    cut.push('…');
    cut
}

/// `text` as a message quotes it: in double quotes, at most [`QUOTED`] characters, control
/// characters and quotes escaped.
///
/// # Example
/// ```
/// assert_eq!(pricelab::model::quoted("Support team"), "\"Support team\"");
/// assert_eq!(pricelab::model::quoted("a\nb"), "\"a\\nb\"");
/// assert_eq!(pricelab::model::quoted(&"x".repeat(10_000)).chars().count(), 43);
/// ```
#[must_use]
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", shorten(text, QUOTED).escape_debug())
}

//! Parameter paths as written: field names joined by dots, selectors in brackets.

use std::fmt;

/// A selector in a path: a name, a 0-based index, or `*` (every profile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// A name in double quotes.
    Name(String),
    /// A 0-based index.
    Index(usize),
    /// Every item (accounts only).
    All,
}

/// One step of a path: a field name, or a selector in brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    Field(String),
    Select(Selector),
}

impl Step {
    /// The field's name (`None` for a selector).
    pub(super) fn field(&self) -> Option<&str> {
        match self {
            Self::Field(f) => Some(f),
            Self::Select(_) => None,
        }
    }
}

/// A parsed, not yet resolved, parameter path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    text: String,
    pub(super) steps: Vec<Step>,
}

/// Why a path does not name a parameter: what it reaches, and what it could be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError(pub String);

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PathError {}

pub(super) fn err<T>(message: impl Into<String>) -> Result<T, PathError> {
    Err(PathError(message.into()))
}

impl Path {
    /// Parses `text`: field names joined by dots, selectors in brackets (`"name"` with `\"` and
    /// `\\` escapes, an index, or `*`).
    ///
    /// # Errors
    /// Where the text stops being a path.
    ///
    /// # Example
    /// ```
    /// use pricelab::engine::analyses::Path;
    /// assert!(Path::parse(r#"plans["Per resolution"].charges[1].price"#).is_ok());
    /// assert!(Path::parse("plans[").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, PathError> {
        let mut steps = Vec::new();
        let mut chars = text.char_indices().peekable();
        let mut expect_field = true;
        while let Some(&(at, c)) = chars.peek() {
            match c {
                '[' => {
                    chars.next();
                    steps.push(Step::Select(selector(text, at, &mut chars)?));
                    expect_field = false;
                }
                '.' if !expect_field => {
                    chars.next();
                    expect_field = true;
                }
                c if c.is_ascii_alphabetic() || c == '_' => {
                    if !expect_field {
                        return err(format!("`{text}`: a `.` or `[` is missing before column {}", at + 1));
                    }
                    let mut name = String::new();
                    while let Some(&(_, c)) = chars.peek() {
                        if c.is_ascii_alphanumeric() || c == '_' {
                            name.push(c);
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    steps.push(Step::Field(name));
                    expect_field = false;
                }
                _ => return err(format!("`{text}`: unexpected `{c}` at column {}", at + 1)),
            }
        }
        if steps.is_empty() || expect_field {
            return err(format!("`{text}` is not a parameter path (e.g. `accounts[0].growth`)"));
        }
        Ok(Self { text: text.to_string(), steps })
    }

    /// The path as it was written.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }
}

fn selector(
    text: &str,
    at: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
) -> Result<Selector, PathError> {
    let unclosed = || PathError(format!("`{text}`: the `[` at column {} is not closed", at + 1));
    let selector = match chars.peek().map(|&(_, c)| c) {
        Some('"') => {
            chars.next();
            let mut name = String::new();
            loop {
                match chars.next().ok_or_else(unclosed)?.1 {
                    '"' => break,
                    '\\' => name.push(chars.next().ok_or_else(unclosed)?.1),
                    c => name.push(c),
                }
            }
            Selector::Name(name)
        }
        Some('*') => {
            chars.next();
            Selector::All
        }
        Some(c) if c.is_ascii_digit() => {
            let mut digits = String::new();
            while let Some(&(_, c)) = chars.peek().filter(|(_, c)| c.is_ascii_digit()) {
                digits.push(c);
                chars.next();
            }
            Selector::Index(
                digits.parse().map_err(|_| PathError(format!("`{text}`: the index {digits} is too large")))?,
            )
        }
        _ => {
            return err(format!(
                "`{text}`: at column {}, a selector is a name in double quotes, an index or `*`",
                at + 2
            ));
        }
    };
    match chars.next() {
        Some((_, ']')) => Ok(selector),
        _ => Err(unclosed()),
    }
}

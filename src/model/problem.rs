//! A problem with a scenario and where it is (a place in the text, a field, the file).

use std::fmt;

/// Where a problem is: a place in the text, a field of the scenario, or the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A line and column of the text, both counted from 1.
    Text {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// A field path such as `plans[2].charges[0].price`.
    Field(String),
    /// The file as a whole (its size, its encoding).
    File,
    /// A line of another file the scenario names (its usage CSV): `usage.csv:12`.
    Row {
        /// The file, as the scenario names it.
        file: String,
        /// The line, from 1.
        line: u64,
    },
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text { line, column } => write!(f, "{line}:{column}"),
            Self::Field(path) => f.write_str(path),
            Self::File => Ok(()),
            Self::Row { file, line } => write!(f, "{file}:{line}"),
        }
    }
}

/// One thing wrong with a scenario, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, for a person.
    pub message: String,
}

impl Problem {
    /// A problem with a field of the scenario.
    pub fn field(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { location: Location::Field(path.into()), message: message.into() }
    }

    /// The field path, when the problem is about a field.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match &self.location {
            Location::Field(path) => Some(path),
            _ => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Location::File => f.write_str(&self.message),
            _ => write!(f, "{}: {}", self.location, self.message),
        }
    }
}

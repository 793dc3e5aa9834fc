//! A problem with a scenario and where it is (a place in the text, a field, the file).

use super::Scenario;
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

impl Problem {
    /// The problem with its field path naming the profiles, plans, charges and commitments it
    /// goes through, as a person calls them and as an analysis path takes them
    /// (`plans["Per resolution"].charges["Resolution"].price` for `plans[2].charges[1].price`);
    /// see [`named_path`].
    #[must_use]
    pub fn named(mut self, scenario: &Scenario) -> Self {
        let Location::Field(path) = &self.location else { return self };
        let named = named_path(scenario, path);
        // A message about a whole profile or plan begins with its name, for when the path gave
        // only its index: once the path names it, the message need not say it again.
        let whole = selected(path, "accounts")
            .map(|(i, rest)| (scenario.accounts.get(i).map(|a| a.name.as_str()), rest))
            .or_else(|| {
                selected(path, "plans").map(|(i, rest)| (scenario.plans.get(i).map(|p| p.name.as_str()), rest))
            });
        if let Some((Some(name), "")) = whole
            && named != *path
            && let Some(rest) = self.message.strip_prefix(&format!("\"{name}\": "))
        {
            self.message = rest.to_owned();
        }
        self.location = Location::Field(named);
        self
    }
}

/// `path` with the indices of `accounts`, `plans`, `transitions`, and a plan's `charges` and `commitments`
/// written as the names of what they select. An index stays an index where a name would not
/// say which one is meant: a name that breaks the rules of names (empty, invisible, holding
/// control characters), shared with another in the same list or over
/// [`QUOTED`](super::QUOTED) characters, or an index past the end of its list.
///
/// # Example
/// ```
/// let s = pricelab::model::examples::scenario_named("fin-outcome-pricing.ron").unwrap();
/// assert_eq!(
///     pricelab::model::named_path(&s, "plans[2].charges[1].price"),
///     r#"plans["Per resolution + Advanced seats"].charges["Resolution"].price"#,
/// );
/// assert_eq!(pricelab::model::named_path(&s, "accounts[0].seasonality[3]"), r#"accounts["Support team"].seasonality[3]"#);
/// assert_eq!(pricelab::model::named_path(&s, "plans[9].discount"), "plans[9].discount");
/// ```
#[must_use]
pub fn named_path(scenario: &Scenario, path: &str) -> String {
    let account_names: Vec<&str> = scenario.accounts.iter().map(|a| a.name.as_str()).collect();
    let plan_names: Vec<&str> = scenario.plans.iter().map(|p| p.name.as_str()).collect();
    if let Some((i, rest)) = selected(path, "accounts") {
        return format!("accounts[{}]{rest}", selector(&account_names, i));
    }
    if let Some((i, rest)) = selected(path, "transitions") {
        let names: Vec<&str> = scenario.transitions.iter().map(|t| t.name.as_str()).collect();
        return format!("transitions[{}]{rest}", selector(&names, i));
    }
    let Some((p, rest)) = selected(path, "plans") else { return path.to_owned() };
    let head = format!("plans[{}]", selector(&plan_names, p));
    let Some(plan) = scenario.plans.get(p) else { return format!("{head}{rest}") };
    for (list, names) in [
        (".charges", plan.charges.iter().map(super::Charge::name).collect::<Vec<_>>()),
        (".commitments", plan.commitments.iter().map(super::Commitment::name).collect()),
    ] {
        if let Some((c, tail)) = selected(rest, list) {
            return format!("{head}{list}[{}]{tail}", selector(&names, c));
        }
    }
    format!("{head}{rest}")
}

/// The index selected at the start of `path` after `field` (`field[7]…` gives 7 and the rest).
fn selected<'a>(path: &'a str, field: &str) -> Option<(usize, &'a str)> {
    let inside = path.strip_prefix(field)?.strip_prefix('[')?;
    let (index, rest) = inside.split_once(']')?;
    if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((index.parse().ok()?, rest))
}

/// Item `i` of a list with these names, as a selector: its name in double quotes (`\"` and `\\`
/// escaped, as analysis paths read them) when that says which one it is, else the index.
fn selector(names: &[&str], i: usize) -> String {
    match names.get(i) {
        Some(name)
            if super::name_problem(name).is_none()
                && name.chars().count() <= super::QUOTED
                && names.iter().filter(|n| *n == name).count() == 1 =>
        {
            format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
        }
        _ => i.to_string(),
    }
}

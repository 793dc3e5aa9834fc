//! What differs between two versions of a scenario, field by field, in words a user reads: the
//! app's recovery offer says which edits it would bring back.
//!
//! Both versions are compared as the data their files hold (serde's view of them), so every
//! field is covered without a list to keep up to date. Accounts, plans, charges and commitments
//! are named by their `name`; numbers and prices are shown as written, shares (growth, a ramp's
//! ends, a discount) as the percentages the app edits.

use super::Scenario;
use serde_json::Value;
use std::fmt;

/// One difference: where, and the value before and after (`None`: absent on that side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where, outermost first: `["account \"Support team\"", "conversations"]`.
    pub path: Vec<String>,
    /// The value before, whole, as the file writes it (`Display` shortens it); `None` when the
    /// entry was added.
    pub before: Option<String>,
    /// The value after, whole; `None` when the entry was removed.
    pub after: Option<String>,
    /// A share the app edits as a percentage (growth, a ramp's ends, a discount, a roll-over, the
    /// noise): its text for people shows `10%` where the file has `0.10`.
    pub percent: bool,
}

impl fmt::Display for Change {
    /// `account "Support team", conversations: was 250000, now 130000`; `plan "Cap": added`.
    /// Values longer than [`SHOWN`] characters are cut, control characters escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "the scenario".to_owned() } else { self.path.join(", ") };
        match (&self.before, &self.after) {
            (Some(before), Some(after)) => {
                let text =
                    |v: &str| if self.percent { as_percent(v).unwrap_or_else(|| shorten(v)) } else { shorten(v) };
                write!(f, "{path}: was {}, now {}", text(before), text(after))
            }
            (None, Some(_)) => write!(f, "{path}: added"),
            (Some(_), None) => write!(f, "{path}: removed"),
            (None, None) => write!(f, "{path}"),
        }
    }
}

/// The longest value a change shows; longer ones (notes, whole lists) end in "...".
pub const SHOWN: usize = 48;

/// Every difference between `before` and `after`, in the order of the file's fields.
///
/// # Example
/// ```
/// let before = pricelab::model::examples::DEFAULT.scenario().unwrap();
/// let mut after = before.clone();
/// after.accounts[0].conversations = 130_000.0;
/// let changes = pricelab::model::diff::changes(&before, &after);
/// assert_eq!(changes.len(), 1);
/// assert_eq!(changes[0].to_string(), "account \"Support team\", conversations: was 250000, now 130000");
/// ```
#[must_use]
pub fn changes(before: &Scenario, after: &Scenario) -> Vec<Change> {
    let mut out = Vec::new();
    if let (Some(a), Some(b)) = (value(before, after), value(after, before)) {
        walk(&a, &b, &mut Vec::new(), &mut out);
    }
    out
}

/// `scenario` as data to compare with `other`: its accounts and plans equal to `other`'s at the
/// same place are left as `null` (a portfolio of thousands of profiles with one edit is compared
/// in a few milliseconds, not in the time it takes to turn every profile into data twice).
fn value(scenario: &Scenario, other: &Scenario) -> Option<Value> {
    let bare = Scenario {
        format: scenario.format,
        name: scenario.name.clone(),
        notes: scenario.notes.clone(),
        currency: scenario.currency.clone(),
        start: scenario.start,
        months: scenario.months,
        accounts: Vec::new(),
        plans: Vec::new(),
        transitions: Vec::new(),
        costs: scenario.costs.clone(),
        simulation: scenario.simulation.clone(),
        history: scenario.history.clone(),
    };
    // A scenario is plain data: serde_json cannot fail on it (no maps with non-string keys).
    let mut value = serde_json::to_value(&bare).ok()?;
    let map = value.as_object_mut()?;
    map.insert("accounts".into(), entries(&scenario.accounts, &other.accounts)?);
    map.insert("plans".into(), entries(&scenario.plans, &other.plans)?);
    map.insert("transitions".into(), entries(&scenario.transitions, &other.transitions)?);
    Some(value)
}

/// Each entry as data, `null` where it equals `other`'s at the same place.
fn entries<T: serde::Serialize + PartialEq>(list: &[T], other: &[T]) -> Option<Value> {
    list.iter()
        .enumerate()
        .map(|(i, e)| if other.get(i) == Some(e) { Some(Value::Null) } else { serde_json::to_value(e).ok() })
        .collect::<Option<Vec<_>>>()
        .map(Value::Array)
}

/// The names of two versions' entries (plans, say), each once: the later version's in its
/// order, then those only the earlier one has. What compares figures entry by entry pairs them
/// by these names.
///
/// # Example
/// ```
/// let both = pricelab::model::diff::names_of_both(["Seats", "Cap"], ["Seats", "Old", "Seats"]);
/// assert_eq!(both, ["Seats", "Cap", "Old"]);
/// ```
#[must_use]
pub fn names_of_both<'a>(
    later: impl IntoIterator<Item = &'a str>,
    earlier: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut names: Vec<&str> = Vec::new();
    for name in later.into_iter().chain(earlier) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn walk(a: &Value, b: &Value, path: &mut Vec<String>, out: &mut Vec<Change>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            // An enum's variant (`{"Staffed": {…}}`): the same variant on both sides is compared
            // field by field without naming it; another variant is a change of the whole value.
            if let (Some((vx, ix)), Some((vy, iy))) = (variant(x), variant(y)) {
                if vx == vy {
                    walk(ix, iy, path, out);
                } else {
                    push(path, Some(a), Some(b), out);
                }
                return;
            }
            for (key, va) in x {
                path.push(key.replace('_', " "));
                match y.get(key) {
                    Some(vb) => walk(va, vb, path, out),
                    None => push(path, Some(va), None, out),
                }
                path.pop();
            }
            for (key, vb) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                path.push(key.replace('_', " "));
                push(path, None, Some(vb), out);
                path.pop();
            }
        }
        // (`null`: an entry left out as equal on both sides, see `value`.)
        (Value::Array(x), Value::Array(y)) if x.iter().chain(y).all(|v| v.is_null() || name(v).is_some()) => {
            // Named entries (accounts, plans, charges, commitments): position by position, then
            // those added or removed at the end.
            let parent = path.pop();
            let what = singular(parent.as_deref().unwrap_or("")).to_owned();
            for i in 0..x.len().max(y.len()) {
                let (va, vb) = (x.get(i), y.get(i));
                let label = vb.or(va).and_then(name).unwrap_or_default();
                let mut label = format!("{what} \"{}\"", shorten(label));
                if let (Some(na), Some(nb)) = (va.and_then(name), vb.and_then(name))
                    && na != nb
                {
                    // Renamed: the renaming shows as its own change; say which one this was.
                    label = format!("{what} {} (\"{}\")", i + 1, shorten(nb));
                }
                path.push(label);
                match (va, vb) {
                    (Some(va), Some(vb)) => walk(va, vb, path, out),
                    (va, vb) => push(path, va, vb, out),
                }
                path.pop();
            }
            path.extend(parent);
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            // Other lists of the same length (seasonality, a price's tiers): entry by entry.
            let field = path.pop().unwrap_or_default();
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                path.push(entry_label(&field, i));
                walk(va, vb, path, out);
                path.pop();
            }
            path.push(field);
        }
        // An amount written another way (`"0.00"` and `"0"`, as `pricelab fmt` writes it) is
        // the same amount; a name is text, whatever it looks like.
        (Value::String(x), Value::String(y))
            if !path.last().is_some_and(|f| f == "name" || f == "notes") && same_amount(x, y) => {}
        _ => push(path, Some(a), Some(b), out),
    }
}

/// Whether `x` and `y` are the same amount of money written two ways.
fn same_amount(x: &str, y: &str) -> bool {
    matches!((x.parse::<rust_decimal::Decimal>(), y.parse::<rust_decimal::Decimal>()), (Ok(a), Ok(b)) if a == b)
}

/// Adds a change at `path`.
fn push(path: &[String], a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Change>) {
    out.push(Change { path: path.to_vec(), before: a.map(shown), after: b.map(shown), percent: is_share(path) });
}

/// Whether the field at `path` is a share the app edits as a percentage.
fn is_share(path: &[String]) -> bool {
    let (last, parent) = match path {
        [.., parent, last] => (last.as_str(), parent.as_str()),
        [last] => (last.as_str(), ""),
        [] => return false,
    };
    matches!(last, "growth" | "discount" | "rollover" | "volume noise" | "resolution noise")
        || (matches!(last, "start" | "end") && matches!(parent, "ai involvement" | "resolution rate"))
        || (matches!(last, "increase" | "share") && parent.starts_with("churn "))
}

/// A share written as a number (`0.10`) as a percentage with at most two decimals (`10%`);
/// `None` for text that is not a number.
fn as_percent(value: &str) -> Option<String> {
    let share: f64 = value.parse().ok()?;
    let text = format!("{:.2}", share * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    Some(format!("{}%", if text == "-0" { "0" } else { text }))
}

/// An enum variant as serde writes it: an object of one capitalised key.
fn variant(map: &serde_json::Map<String, Value>) -> Option<(&String, &Value)> {
    let mut entries = map.iter();
    let (key, value) = entries.next()?;
    (entries.next().is_none() && key.starts_with(|c: char| c.is_ascii_uppercase())).then_some((key, value))
}

/// The `name` of an entry of a list: accounts, plans, charges (inside their variant) and
/// commitments have one.
fn name(v: &Value) -> Option<&str> {
    match v {
        Value::Object(map) => match map.get("name") {
            Some(Value::String(s)) => Some(s),
            _ => variant(map).and_then(|(_, inner)| name(inner)),
        },
        _ => None,
    }
}

/// The word for one entry of the list `field`.
fn singular(field: &str) -> &str {
    match field {
        "accounts" => "account",
        "plans" => "plan",
        "charges" => "charge",
        "commitments" => "commitment",
        other => other.strip_suffix('s').unwrap_or(other),
    }
}

/// Entry `i` of the list `field`: months by name for seasonality, tiers for a price.
fn entry_label(field: &str, i: usize) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match MONTHS.get(i) {
        Some(month) if field == "seasonality" => format!("seasonality {month}"),
        _ if field == "price" => format!("price tier {}", i + 1),
        _ => format!("{field} {}", i + 1),
    }
}

/// A value as the file shows it: `130000`, `0.99`, `Staffed(start: 400, …)`, `(name: "Cap", …)`.
/// A text alone is shown bare; inside a larger value it is quoted (a name with a comma or a
/// parenthesis reads unambiguously), except amounts, which the file writes as texts of digits
/// and which read as the numbers they are.
fn shown(v: &Value) -> String {
    let mut text = String::new();
    match v {
        Value::String(s) => text.push_str(s),
        v => write_value(v, &mut text, false),
    }
    text
}

/// The fields whose texts are the names of a choice (`metric: Resolutions`, `billing: Upfront`,
/// `covers: [Seats]`, a transition's `at: Renewal`), which the file writes bare.
const CHOICES: [&str; 4] = ["metric", "billing", "covers", "at"];

/// Writes `v` as the file shows it; `choice`: its texts are the names of a choice ([`CHOICES`]).
fn write_value(v: &Value, out: &mut String, choice: bool) {
    use std::fmt::Write as _;
    match v {
        Value::Null => out.push_str("none"),
        Value::String(s) if choice || s.parse::<rust_decimal::Decimal>().is_ok() => out.push_str(s),
        Value::String(s) => {
            let _ = write!(out, "{s:?}");
        }
        Value::Object(map) => {
            if let Some((key, inner)) = variant(map) {
                out.push_str(key);
                if !matches!(inner, Value::Object(_) | Value::Array(_)) {
                    out.push('(');
                    write_value(inner, out, false);
                    out.push(')');
                    return;
                }
                write_value(inner, out, false);
                return;
            }
            out.push('(');
            for (i, (key, value)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{key}: ");
                write_value(value, out, CHOICES.contains(&key.as_str()));
            }
            out.push(')');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(item, out, choice);
            }
            out.push(']');
        }
        // A whole number held as a float is shown as the file writes it: `250000`, not
        // `250000.0`.
        Value::Number(n) => match n.as_f64() {
            Some(x) if n.is_f64() && x.fract() == 0.0 && x.abs() < 1e15 => {
                let _ = write!(out, "{x:.0}");
            }
            _ => {
                let _ = write!(out, "{n}");
            }
        },
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
    }
}

/// At most [`SHOWN`] characters, control characters as `\n`-style escapes; "(empty)" for an
/// empty text.
fn shorten(text: &str) -> String {
    if text.is_empty() {
        return "(empty)".to_owned();
    }
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            escaped.extend(c.escape_default());
        } else {
            escaped.push(c);
        }
    }
    if escaped.chars().count() > SHOWN {
        let cut: String = escaped.chars().take(SHOWN - 3).collect();
        format!("{}...", cut.trim_end())
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::examples;

    fn fin() -> Scenario {
        examples::DEFAULT.scenario().unwrap()
    }

    fn texts(a: &Scenario, b: &Scenario) -> Vec<String> {
        changes(a, b).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_same_scenario_has_no_changes() {
        assert!(changes(&fin(), &fin()).is_empty());
    }

    #[test]
    fn fields_are_named_by_their_entry_and_values_shown_as_written() {
        let before = fin();
        let mut after = before.clone();
        after.months = 24;
        after.accounts[0].seasonality[2] = 1.25;
        after.plans[1].discount = rust_decimal::Decimal::new(15, 2);
        assert_eq!(
            texts(&before, &after),
            [
                "months: was 36, now 24",
                "account \"Support team\", seasonality Mar: was 0.95, now 1.25",
                format!("plan \"{}\", discount: was 0%, now 15%", before.plans[1].name).as_str(),
            ]
        );
    }

    #[test]
    fn a_tier_of_a_price_is_named_by_its_place() {
        let before = examples::scenario_named("saas-portfolio.ron").unwrap();
        let mut after = before.clone();
        let crate::model::Charge::Usage { price: crate::model::Price::Volume(tiers), .. } =
            &mut after.plans[4].charges[1]
        else {
            panic!("the portfolio's last plan has volume tiers");
        };
        tiers[1].unit_price = rust_decimal::Decimal::new(85, 2);
        assert_eq!(
            texts(&before, &after),
            [
                "plan \"Per resolution, volume tiers\", charge \"Resolution\", price tier 2, unit price: was 0.89, now 0.85"
            ]
        );
    }

    #[test]
    fn among_many_equal_entries_the_one_changed_is_named() {
        let mut before = fin();
        let one = before.accounts[0].clone();
        before.accounts =
            (0..500).map(|i| crate::model::Account { name: format!("Team {i}"), ..one.clone() }).collect();
        let mut after = before.clone();
        after.accounts[321].growth = 0.2;
        after.accounts.push(crate::model::Account { name: "New".into(), ..one });
        assert_eq!(
            texts(&before, &after),
            ["account \"Team 321\", growth: was 10%, now 20%", "account \"New\": added"]
        );
    }

    #[test]
    fn shares_read_as_percentages_and_counts_do_not() {
        let before = fin();
        let mut after = before.clone();
        after.accounts[0].resolution_rate.end = 0.875;
        after.accounts[0].growth = 0.07;
        if let crate::model::Seats::Staffed { start, .. } = &mut after.accounts[0].seats {
            *start = 900;
        }
        after.simulation.volume_noise = 0.05;
        let list = texts(&before, &after);
        assert!(
            list.contains(&"account \"Support team\", resolution rate, end: was 85%, now 87.5%".to_owned()),
            "{list:?}"
        );
        assert!(list.contains(&"account \"Support team\", growth: was 10%, now 7%".to_owned()), "{list:?}");
        assert!(list.iter().any(|c| c.ends_with("start: was 1000, now 900")), "seats are a count: {list:?}");
        assert!(
            list.iter().any(|c| c.starts_with("simulation, volume noise: was ") && c.ends_with("now 5%")),
            "{list:?}"
        );
        // The change itself keeps the file's numbers.
        let growth =
            changes(&before, &after).into_iter().find(|c| c.path.last().is_some_and(|p| p == "growth")).unwrap();
        assert_eq!((growth.before.as_deref(), growth.after.as_deref()), (Some("0.1"), Some("0.07")));
    }

    /// An amount written another way is not a change (`fmt` writes `"0.00"` as `"0"`); a name
    /// that reads as a number still is.
    #[test]
    fn amounts_written_two_ways_are_the_same_and_names_are_text() {
        let before = fin();
        let mut after = before.clone();
        after.costs.per_ai_conversation = rust_decimal::Decimal::new(2000, 4); // 0.2000 for 0.20
        assert!(changes(&before, &after).is_empty());
        let mut before = fin();
        before.plans[0].name = "1.0".into();
        let mut after = before.clone();
        after.plans[0].name = "1".into();
        assert_eq!(changes(&before, &after).len(), 1);
    }

    /// An added entry is shown whole as the file writes it: names quoted (a comma or a
    /// parenthesis in one cannot be misread), amounts as numbers, metrics and billing bare.
    #[test]
    fn an_added_entry_reads_as_the_file_writes_it() {
        let before = fin();
        let mut after = before.clone();
        let extra = after.plans[0].clone();
        after.plans.push(crate::model::Plan { name: "Seats, (2)".into(), ..extra });
        let added = changes(&before, &after).pop().unwrap();
        assert_eq!(added.before, None);
        assert_eq!(
            added.after.as_deref(),
            Some(
                r#"(name: "Seats, (2)", charges: [Usage(name: "Seat", metric: Seats, included: 0, price: PerUnit(139.00))], commitments: [], discount: 0)"#
            )
        );
    }

    #[test]
    fn added_removed_and_renamed_entries() {
        let before = fin();
        let mut after = before.clone();
        let extra = after.plans[0].clone();
        after.plans.push(crate::model::Plan { name: "Copy".into(), ..extra });
        after.accounts[0].name = "Team".into();
        let list = texts(&before, &after);
        assert!(list.contains(&"plan \"Copy\": added".to_owned()), "{list:?}");
        assert!(list.contains(&"account 1 (\"Team\"), name: was Support team, now Team".to_owned()), "{list:?}");
        let back = texts(&after, &before);
        assert!(back.contains(&"plan \"Copy\": removed".to_owned()), "{back:?}");
    }

    #[test]
    fn another_variant_is_one_change_and_long_values_are_cut() {
        let before = fin();
        let mut after = before.clone();
        after.accounts[0].seats = crate::model::Seats::Fixed(40);
        after.notes = "It's\n\u{1b}[31m ".to_owned() + &"x".repeat(500);
        let list = texts(&before, &after);
        assert!(list.iter().any(|c| c.starts_with("account \"Support team\", seats: was Staffed(") && c.ends_with("now Fixed(40)")), "{list:?}");
        let notes = list.iter().find(|c| c.starts_with("notes:")).unwrap();
        assert!(notes.ends_with("...") && notes.chars().count() < 2 * SHOWN + 30, "{notes}");
        assert!(notes.contains("It's\\n\\u{1b}[31m") && !notes.contains('\u{1b}'), "{notes}");
        // The change itself holds the whole value, for JSON and CSV.
        let whole = changes(&before, &after).into_iter().find(|c| c.path == ["notes"]).unwrap();
        assert_eq!(whole.after.as_deref(), Some(after.notes.as_str()));
    }
}

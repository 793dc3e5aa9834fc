//! Writing a scenario as RON in one canonical, readable form.
//!
//! Saved files are versioned and reviewed as diffs, so the form is fixed and small:
//! - fields left at their default are left out (a count of 1, flat seasonality, no discount…);
//! - an account, a plan and the file have one field per line; a charge line, a commitment, a
//!   ramp and the cost and simulation settings each fit on one line; tiers have one line each;
//! - amounts of money are written as strings with the digits they were given (`"85.00"`);
//! - strings escape only what RON needs (`"`, `\` and control characters), so apostrophes and
//!   accented letters stay as they are;
//! - the comment lines at the top of the file read (its header) are kept; other comments are
//!   not (notes belong in `notes`).
//!
//! Reading the written text gives back an equal scenario, and writing a file that is already in
//! this form changes nothing (both checked by tests on every shipped scenario).

use super::{
    Account, Billing, Charge, Commitment, FORMAT, Metric, MoveAt, Plan, Price, Ramp, Scenario, Seats,
    SimulationSettings, Tier, Transition,
};
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// The header of a file that had none.
pub const DEFAULT_HEADER: &str = "// pricelab scenario (format 1)";

/// The comment lines at the top of `text` (before anything else but blank lines), without the
/// trailing newline; `None` when it starts with something else.
///
/// # Example
/// ```
/// let text = "// Retail, 2025\n// by the pricing team\n(format: 1)";
/// assert_eq!(pricelab::model::header_comment(text).as_deref(), Some("// Retail, 2025\n// by the pricing team"));
/// assert_eq!(pricelab::model::header_comment("(format: 1) // late"), None);
/// ```
#[must_use]
pub fn header_comment(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.trim_start().starts_with("//"))
        .map(str::trim_end)
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// How many comments of `text` writing it in canonical form drops: every `// …` and `/* … */`
/// outside strings, but those of the header (see [`header_comment`]), which is kept.
///
/// # Example
/// ```
/// let text = "// Header\n(format: 1, // why 1\n name: \"a // b\", /* old: 2 */ months: 3)";
/// assert_eq!(pricelab::model::dropped_comments(text), 2);
/// assert_eq!(pricelab::model::dropped_comments("// Header only\n(format: 1)"), 0);
/// ```
#[must_use]
pub fn dropped_comments(text: &str) -> usize {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = header_comment(text).map_or(0, |h| h.lines().count());
    let mut comments: usize = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                // A string: to its closing quote, escapes skipped.
                while let Some(s) = chars.next() {
                    match s {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                comments += 1;
                for s in chars.by_ref() {
                    if s == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                comments += 1;
                chars.next();
                let mut last = ' ';
                for s in chars.by_ref() {
                    if last == '*' && s == '/' {
                        break;
                    }
                    last = s;
                }
            }
            _ => {}
        }
    }
    comments.saturating_sub(header)
}

/// The scenario in canonical form under the default header (see the module's documentation).
///
/// # Example
/// ```
/// let text = r#"(format: 1, name: "Tiny", start: "2024-01", months: 2,
///     accounts: [(name: "A", conversations: 100, resolution_rate: (start: 0.5, end: 0.5, months: 0),
///                 seats: Fixed(3))],
///     plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit(85))])])"#;
/// let scenario = pricelab::model::from_ron(text).unwrap();
/// let written = pricelab::model::to_ron(&scenario);
/// assert!(written.contains(r#"Usage(name: "Seat", metric: Seats, price: PerUnit("85"))"#));
/// assert_eq!(pricelab::model::from_ron(&written).unwrap(), scenario);
/// assert_eq!(pricelab::model::to_ron(&pricelab::model::from_ron(&written).unwrap()), written);
/// ```
#[must_use]
pub fn to_ron(scenario: &Scenario) -> String {
    to_ron_with_header(scenario, DEFAULT_HEADER)
}

/// [`to_ron`] under `header` (comment lines, each starting with `//`; anything else in it is
/// made a comment so that the file still reads).
#[must_use]
pub fn to_ron_with_header(scenario: &Scenario, header: &str) -> String {
    let mut w = Writer { out: String::with_capacity(4096) };
    for line in header.lines() {
        let line = line.trim_end();
        if line.trim_start().starts_with("//") {
            w.out.push_str(line);
        } else {
            w.out.push_str("// ");
            w.out.push_str(line);
        }
        w.out.push('\n');
    }
    w.scenario(scenario);
    w.out
}

struct Writer {
    out: String,
}

/// `"…"` with RON's escapes where needed and nowhere else.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A share or a factor: always with a decimal point (`1.0`, `0.85`), as few digits as read back
/// the same number.
fn float(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_owned()
    } else if x.is_infinite() {
        if x > 0.0 { "inf".to_owned() } else { "-inf".to_owned() }
    } else {
        format!("{x:?}")
    }
}

/// A share, a multiplier or a rate: with two decimals when they are exact (`0.10`, `1.00`, as
/// people write percentages), else as [`float`].
fn share(x: f64) -> String {
    let two = format!("{x:.2}");
    if two.parse::<f64>().is_ok_and(|back| back.to_bits() == x.to_bits()) { two } else { float(x) }
}

/// A quantity kept as a float (conversations): whole numbers without a decimal point.
fn amount_float(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 { format!("{x:.0}") } else { float(x) }
}

fn money(d: Decimal) -> String {
    quoted(&d.to_string())
}

fn ramp(r: &Ramp) -> String {
    format!("(start: {}, end: {}, months: {})", share(r.start), share(r.end), r.months)
}

fn seats(s: &Seats) -> String {
    match s {
        Seats::Fixed(n) => format!("Fixed({n})"),
        Seats::Staffed { start, conversations_per_seat, minimum, term_months } => format!(
            "Staffed(start: {start}, conversations_per_seat: {}, minimum: {minimum}, term_months: {term_months})",
            float(*conversations_per_seat)
        ),
    }
}

fn metrics(ms: &[Metric]) -> String {
    let names: Vec<&str> = ms.iter().map(|m| m.name()).collect();
    format!("[{}]", names.join(", "))
}

fn tier(t: &Tier) -> String {
    let mut fields = vec![match t.up_to {
        Some(n) => format!("up_to: Some({n})"),
        None => "up_to: None".to_owned(),
    }];
    if !t.unit_price.is_zero() || t.flat_fee.is_zero() {
        fields.push(format!("unit_price: {}", money(t.unit_price)));
    }
    if !t.flat_fee.is_zero() {
        fields.push(format!("flat_fee: {}", money(t.flat_fee)));
    }
    format!("({})", fields.join(", "))
}

fn commitment(c: &Commitment) -> String {
    let billing = |b: Billing| match b {
        Billing::Upfront => String::new(),
        Billing::Monthly => ", billing: Monthly".to_owned(),
    };
    let rollover = |r: Decimal| if r.is_zero() { String::new() } else { format!(", rollover: {}", money(r)) };
    match c {
        Commitment::Bundle { name, metric, units, price, term_months, billing: b, rollover: r } => format!(
            "Bundle(name: {}, metric: {}, units: {units}, price: {}, term_months: {term_months}{}{})",
            quoted(name),
            metric.name(),
            money(*price),
            billing(*b),
            rollover(*r)
        ),
        Commitment::Commit { name, amount, term_months, billing: b, covers, rollover: r } => format!(
            "Commit(name: {}, amount: {}, term_months: {term_months}{}, covers: {}{})",
            quoted(name),
            money(*amount),
            billing(*b),
            metrics(covers),
            rollover(*r)
        ),
        Commitment::Minimum { name, amount, term_months } => {
            format!("Minimum(name: {}, amount: {}, term_months: {term_months})", quoted(name), money(*amount))
        }
        Commitment::Cap { name, amount, covers } => {
            format!("Cap(name: {}, amount: {}, covers: {})", quoted(name), money(*amount), metrics(covers))
        }
    }
}

impl Writer {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn scenario(&mut self, s: &Scenario) {
        self.line(0, "(");
        self.line(1, &format!("format: {},", if s.format == 0 { FORMAT } else { s.format }));
        self.line(1, &format!("name: {},", quoted(&s.name)));
        if !s.notes.is_empty() {
            self.line(1, &format!("notes: {},", quoted(&s.notes)));
        }
        if s.currency != "USD" {
            self.line(1, &format!("currency: {},", quoted(&s.currency)));
        }
        self.line(1, &format!("start: \"{}\",", s.start));
        self.line(1, &format!("months: {},", s.months));
        if let Some(history) = &s.history {
            self.line(1, &format!("history: {},", quoted(&history.file)));
        }
        self.line(1, "accounts: [");
        for a in &s.accounts {
            self.account(a);
        }
        self.line(1, "],");
        self.line(1, "plans: [");
        for p in &s.plans {
            self.plan(p);
        }
        self.line(1, "],");
        if !s.transitions.is_empty() {
            self.line(1, "transitions: [");
            for t in &s.transitions {
                self.transition(t);
            }
            self.line(1, "],");
        }
        if !s.costs.per_ai_conversation.is_zero() {
            self.line(1, &format!("costs: (per_ai_conversation: {}),", money(s.costs.per_ai_conversation)));
        }
        if let Some(sim) = simulation(&s.simulation) {
            self.line(1, &format!("simulation: {sim},"));
        }
        self.line(0, ")");
    }

    fn account(&mut self, a: &Account) {
        self.line(2, "(");
        self.line(3, &format!("name: {},", quoted(&a.name)));
        if a.count != 1 {
            self.line(3, &format!("count: {},", a.count));
        }
        self.line(3, &format!("conversations: {},", amount_float(a.conversations)));
        if a.seasonality != super::flat_seasonality() {
            let months: Vec<String> = a.seasonality.iter().map(|x| share(*x)).collect();
            self.line(3, &format!("seasonality: [{}],", months.join(", ")));
        }
        if a.growth != 0.0 {
            self.line(3, &format!("growth: {},", share(a.growth)));
        }
        if a.ai_involvement != super::full_ramp() {
            self.line(3, &format!("ai_involvement: {},", ramp(&a.ai_involvement)));
        }
        self.line(3, &format!("resolution_rate: {},", ramp(&a.resolution_rate)));
        self.line(3, &format!("seats: {},", seats(&a.seats)));
        if !a.agent_cost.is_zero() {
            self.line(3, &format!("agent_cost: {},", money(a.agent_cost)));
        }
        if let Some(k) = a.renewal {
            self.line(3, &format!("renewal: Some({k}),"));
        }
        self.line(2, "),");
    }

    fn plan(&mut self, p: &Plan) {
        self.line(2, "(");
        self.line(3, &format!("name: {},", quoted(&p.name)));
        if !p.charges.is_empty() {
            self.line(3, "charges: [");
            for c in &p.charges {
                self.charge(c);
            }
            self.line(3, "],");
        }
        if !p.commitments.is_empty() {
            self.line(3, "commitments: [");
            for c in &p.commitments {
                self.line(4, &format!("{},", commitment(c)));
            }
            self.line(3, "],");
        }
        if !p.discount.is_zero() {
            self.line(3, &format!("discount: {},", money(p.discount)));
        }
        self.line(2, "),");
    }

    /// A transition: one field per line, like a plan; the churn curve on one line, its points
    /// as `(increase: 0.10, share: 0.02)`.
    fn transition(&mut self, t: &Transition) {
        self.line(2, "(");
        self.line(3, &format!("name: {},", quoted(&t.name)));
        self.line(3, &format!("from: {},", quoted(&t.from)));
        self.line(3, &format!("to: {},", quoted(&t.to)));
        self.line(3, &format!("launch: {},", t.launch));
        if t.at != MoveAt::default() {
            self.line(3, &format!("at: {},", t.at.name()));
        }
        if t.renewal_months != super::transition::twelve() {
            self.line(3, &format!("renewal_months: {},", t.renewal_months));
        }
        if t.grandfather != 0 {
            self.line(3, &format!("grandfather: {},", t.grandfather));
        }
        if !t.churn.is_empty() {
            let points: Vec<String> = t
                .churn
                .iter()
                .map(|p| format!("(increase: {}, share: {})", share(p.increase), share(p.share)))
                .collect();
            self.line(3, &format!("churn: [{}],", points.join(", ")));
        }
        self.line(2, "),");
    }

    fn charge(&mut self, c: &Charge) {
        match c {
            Charge::Fee { name, amount } => {
                self.line(4, &format!("Fee(name: {}, amount: {}),", quoted(name), money(*amount)));
            }
            Charge::Usage { name, metric, included, price } => {
                let included = if *included == 0 { String::new() } else { format!(", included: {included}") };
                let head = format!("Usage(name: {}, metric: {}{included}, price: ", quoted(name), metric.name());
                match price {
                    Price::PerUnit(p) => self.line(4, &format!("{head}PerUnit({})),", money(*p))),
                    Price::Package { size, price } => {
                        self.line(4, &format!("{head}Package(size: {size}, price: {})),", money(*price)));
                    }
                    Price::Graduated(tiers) | Price::Volume(tiers) => {
                        let kind = if matches!(price, Price::Graduated(_)) { "Graduated" } else { "Volume" };
                        self.line(4, &format!("{head}{kind}(["));
                        for t in tiers {
                            self.line(5, &format!("{},", tier(t)));
                        }
                        self.line(4, "])),");
                    }
                }
            }
        }
    }
}

/// The settings that differ from the defaults, on one line; `None` when none do.
fn simulation(sim: &SimulationSettings) -> Option<String> {
    let default = SimulationSettings::default();
    let mut fields = Vec::new();
    if sim.trials != default.trials {
        fields.push(format!("trials: {}", sim.trials));
    }
    if sim.seed != default.seed {
        fields.push(format!("seed: {}", sim.seed));
    }
    if sim.volume_noise.to_bits() != default.volume_noise.to_bits() {
        fields.push(format!("volume_noise: {}", share(sim.volume_noise)));
    }
    if sim.resolution_noise.to_bits() != default.resolution_noise.to_bits() {
        fields.push(format!("resolution_noise: {}", share(sim.resolution_noise)));
    }
    (!fields.is_empty()).then(|| format!("({})", fields.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_only_what_ron_needs() {
        assert_eq!(quoted("O'Brien's café"), "\"O'Brien's café\"");
        assert_eq!(quoted("a\"b\\c\nd\u{1b}e"), "\"a\\\"b\\\\c\\nd\\u{1b}e\"");
        for s in ["O'Brien", "tab\there", "bell\u{7}", "zero\0", "\u{200b}", "line\r\nbreak", "\\u{41}"] {
            let text = quoted(s);
            let back: String = ron::from_str(&text).unwrap();
            assert_eq!(back, s, "{text}");
        }
    }

    #[test]
    fn floats_read_back_the_same() {
        for x in [0.0, 1.0, 0.85, 1.0 / 3.0, 1e-7, 12_345.678, -0.05, 1e300] {
            let back: f64 = ron::from_str(&float(x)).unwrap();
            assert_eq!(back.to_bits(), x.to_bits(), "{x}");
        }
        assert_eq!(float(1.0), "1.0");
        assert_eq!(share(1.0), "1.00");
        assert_eq!(share(0.1), "0.10");
        assert_eq!(share(0.125), "0.125");
        assert_eq!(share(-0.0), "-0.00");
        for x in [0.1, 0.125, 1.0 / 3.0, -0.0, 0.3 + 0.6] {
            let back: f64 = ron::from_str(&share(x)).unwrap();
            assert_eq!(back.to_bits(), x.to_bits(), "{x}");
        }
        assert_eq!(amount_float(600.0), "600");
        assert_eq!(amount_float(600.5), "600.5");
    }

    #[test]
    fn the_header_is_kept_and_anything_else_made_a_comment() {
        let scenario = crate::model::examples::DEFAULT.scenario().unwrap();
        let text = to_ron_with_header(&scenario, "// one\nnot a comment");
        assert!(text.starts_with("// one\n// not a comment\n(\n"), "{text}");
        assert_eq!(crate::model::from_ron(&text).unwrap(), scenario);
    }
}

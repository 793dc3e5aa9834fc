//! A plan's prices and terms in plain words, a sentence each: what a customer's proposal (the PDF
//! and the app) states of every plan it offers, generated from the plan so that the words say
//! exactly what the billing does (docs/format.md).
//!
//! Money is written as [`price_text`] writes it (`"USD 1,234,567.89"`, `"EUR 0.0125"`), counts
//! with thousands separators, shares as percentages without float noise (`"12.5%"`).

use crate::model::money::{group_digits, grouped_count as count, round2};
use crate::model::{Billing, Charge, Commitment, Metric, Plan, Price, Tier};
use rust_decimal::Decimal;

/// One plan's prices and terms, a sentence each, in the order: charges (in the plan's order),
/// commitments (in order), then the discount if any.
///
/// Each sentence starts with the line's name (`"Discount"` for the discount).
///
/// # Example
/// ```
/// use pricelab::io::quote::words::terms::plan_terms;
/// use pricelab::model::{Charge, Metric, Plan, Price};
/// use rust_decimal::Decimal;
/// let plan = Plan {
///     name: "Per resolution".into(),
///     charges: vec![
///         Charge::Usage { name: "Seat".into(), metric: Metric::Seats, included: 0, price: Price::PerUnit(Decimal::new(85, 0)) },
///         Charge::Fee { name: "Platform".into(), amount: Decimal::new(500, 0) },
///     ],
///     commitments: vec![],
///     discount: Decimal::new(15, 2),
/// };
/// assert_eq!(
///     plan_terms(&plan, "USD"),
///     ["Seat: USD 85.00 per seat a month.", "Platform: USD 500.00 a month.", "Discount: 15% off every charge above."]
/// );
/// ```
#[must_use]
pub fn plan_terms(plan: &Plan, currency: &str) -> Vec<String> {
    let mut terms = Vec::with_capacity(plan.charges.len() + plan.commitments.len() + 1);
    terms.extend(plan.charges.iter().map(|c| {
        let sentence = charge_sentence(c, currency);
        // A usage charge on a metric a bundle prepays bills only what the bundle leaves.
        let bundles: Vec<&str> = plan
            .commitments
            .iter()
            .filter_map(|b| match (b, c) {
                (Commitment::Bundle { name, metric, .. }, Charge::Usage { metric: m, .. }) if metric == m => {
                    Some(name.as_str())
                }
                _ => None,
            })
            .collect();
        match bundles.as_slice() {
            [] => sentence,
            names => format!(
                "{} (for what {} prepays no longer covers).",
                sentence.trim_end_matches('.'),
                names.iter().map(|n| format!("the {n}")).collect::<Vec<_>>().join(" or ")
            ),
        }
    }));
    terms.extend(plan.commitments.iter().map(|c| commitment_sentence(c, plan, currency)));
    if plan.discount > Decimal::ZERO {
        // Only what is paid for (bundles, commits) is an amount the discount leaves alone.
        let prepaid = if plan.commitments.iter().any(Commitment::pays) { " (prepaid amounts as stated)" } else { "" };
        terms.push(format!("Discount: {} off every charge above{prepaid}.", percent(plan.discount)));
    }
    terms
}

/// An amount of money as a price is written: currency code, thousands separators, at least two
/// decimals and every further significant one.
///
/// # Example
/// ```
/// use pricelab::io::quote::words::terms::price_text;
/// use rust_decimal::Decimal;
/// assert_eq!(price_text("USD", Decimal::new(99, 2)), "USD 0.99");
/// assert_eq!(price_text("USD", Decimal::new(1_500_000, 0)), "USD 1,500,000.00");
/// assert_eq!(price_text("EUR", Decimal::new(125, 4)), "EUR 0.0125");
/// ```
#[must_use]
pub fn price_text(currency: &str, amount: Decimal) -> String {
    let normal = amount.normalize();
    let sign = if normal.is_sign_negative() && !normal.is_zero() { "-" } else { "" };
    let digits = normal.abs().to_string();
    let (int, frac) = digits.split_once('.').unwrap_or((digits.as_str(), ""));
    let number = format!("{sign}{}.{frac:0<2}", group_digits(int));
    if currency.is_empty() { number } else { format!("{currency} {number}") }
}

/// A term length in words: 1 → `"month"`, 3 → `"quarter"`, 12 → `"year"`, 24 → `"2 years"`,
/// 6 → `"6 months"`, 18 → `"18 months"`.
///
/// # Example
/// ```
/// use pricelab::io::quote::words::terms::term_words;
/// assert_eq!(term_words(12), "year");
/// assert_eq!(term_words(36), "3 years");
/// assert_eq!(term_words(6), "6 months");
/// ```
#[must_use]
pub fn term_words(months: u32) -> String {
    match months {
        1 => "month".to_owned(),
        3 => "quarter".to_owned(),
        12 => "year".to_owned(),
        m if m > 12 && m.is_multiple_of(12) => format!("{} years", count(u64::from(m / 12))),
        m => format!("{} months", count(u64::from(m))),
    }
}

/// A term length as a rate, what is paid or counted per term: `"a month"`, `"a quarter"`,
/// `"a year"`, `"every 2 years"`, `"every 6 months"`.
///
/// # Example
/// ```
/// use pricelab::io::quote::words::terms::per_term_words;
/// assert_eq!(per_term_words(12), "a year");
/// assert_eq!(per_term_words(24), "every 2 years");
/// ```
#[must_use]
pub fn per_term_words(months: u32) -> String {
    match months {
        1 | 3 | 12 => format!("a {}", term_words(months)),
        m => format!("every {}", term_words(m)),
    }
}

/// A term as something that recurs: `"each month"`, `"each quarter"`, `"each year"`,
/// `"each 2-year term"`, `"each 6-month term"` (after "at the start of", "at the end of").
///
/// # Example
/// ```
/// use pricelab::io::quote::words::terms::each_term_words;
/// assert_eq!(each_term_words(3), "each quarter");
/// assert_eq!(each_term_words(18), "each 18-month term");
/// ```
#[must_use]
pub fn each_term_words(months: u32) -> String {
    format!("each {}", term_noun(months))
}

/// One term as a noun: `"year"`, `"2-year term"`, `"6-month term"`.
fn term_noun(months: u32) -> String {
    match months {
        1 | 3 | 12 => term_words(months),
        m if m > 12 && m.is_multiple_of(12) => format!("{}-year term", count(u64::from(m / 12))),
        m => format!("{}-month term", count(u64::from(m))),
    }
}

/// A share as a percentage: 0.15 → `"15%"`, 0.125 → `"12.5%"`.
fn percent(share: Decimal) -> String {
    let p = share.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(share).normalize();
    format!("{p}%")
}

/// A metric's unit in the singular: `"seat"`, `"AI-handled conversation"`.
fn singular(metric: Metric) -> &'static str {
    match metric {
        Metric::Seats => "seat",
        Metric::Conversations => "conversation",
        Metric::AiConversations => "AI-handled conversation",
        Metric::Resolutions => "resolution",
    }
}

/// A metric's unit in the plural: `"seats"`, `"AI-handled conversations"`.
fn plural(metric: Metric) -> &'static str {
    match metric {
        Metric::Seats => "seats",
        Metric::Conversations => "conversations",
        Metric::AiConversations => "AI-handled conversations",
        Metric::Resolutions => "resolutions",
    }
}

/// `n` units of the metric: `"1 seat"`, `"1,000 seats"`.
#[must_use]
pub fn units(n: u64, metric: Metric) -> String {
    let noun = if n == 1 { singular(metric) } else { plural(metric) };
    format!("{} {noun}", count(n))
}

/// `"the first 1,000 resolutions"`, `"the first resolution"`.
fn the_first(n: u64, metric: Metric) -> String {
    if n == 1 { format!("the first {}", singular(metric)) } else { format!("the first {}", units(n, metric)) }
}

/// The free units of a usage charge, after its price: `" after the first 5 seats"` (a seat
/// counts for the month), `" after the first 1,000 resolutions each month"`; empty without any.
fn after_free(included: u64, metric: Metric) -> String {
    match (included, metric) {
        (0, _) => String::new(),
        (n, Metric::Seats) => format!(" after {}", the_first(n, metric)),
        (n, _) => format!(" after {} each month", the_first(n, metric)),
    }
}

/// `" a month"` after a seat price (seats are priced per seat per month), nothing otherwise.
fn seat_month(metric: Metric) -> &'static str {
    if metric == Metric::Seats { " a month" } else { "" }
}

fn charge_sentence(charge: &Charge, currency: &str) -> String {
    match charge {
        Charge::Fee { name, amount } => format!("{name}: {} a month.", price_text(currency, *amount)),
        Charge::Usage { name, metric, included, price } => {
            let money = |amount: Decimal| price_text(currency, amount);
            let metric = *metric;
            let body = match price {
                Price::PerUnit(unit) => per_unit(&money(*unit), metric, *included),
                // A package of one unit (or of none, which bills as one) is a unit price.
                Price::Package { size, price } if *size <= 1 => per_unit(&money(*price), metric, *included),
                Price::Package { size, price } => format!(
                    "{} per pack of {}{}{} (a pack started is billed whole)",
                    money(*price),
                    units(*size, metric),
                    seat_month(metric),
                    after_free(*included, metric)
                ),
                Price::Graduated(tiers) => graduated(tiers, metric, *included, &money),
                Price::Volume(tiers) => volume(tiers, metric, *included, &money),
            };
            format!("{name}: {body}.")
        }
    }
}

/// `"USD 85.00 per seat a month after the first 5 seats"`, `"USD 0.99 per resolution"`.
fn per_unit(price: &str, metric: Metric, included: u64) -> String {
    format!("{price} per {}{}{}", singular(metric), seat_month(metric), after_free(included, metric))
}

/// A band of units billed alike: `(lower, upper]`, `upper` `None` for no bound.
#[derive(Debug, Clone, Copy)]
struct Band {
    lower: u64,
    upper: Option<u64>,
    unit: Decimal,
    flat: Decimal,
}

impl Band {
    fn of(lower: u64, upper: Option<u64>, tier: &Tier) -> Self {
        Self { lower, upper, unit: tier.unit_price, flat: tier.flat_fee }
    }

    /// The band moved up by `by` units (the free units come first).
    fn shifted(self, by: u64) -> Self {
        Self { lower: self.lower.saturating_add(by), upper: self.upper.map(|u| u.saturating_add(by)), ..self }
    }
}

/// The bands a graduated price bills, as the billing walks its tiers: a tier whose bound is not
/// above the one before holds no unit and is left out; beyond a last bounded tier, units are free.
fn graduated_bands(tiers: &[Tier]) -> Vec<Band> {
    let mut bands = Vec::with_capacity(tiers.len() + 1);
    let mut lower = 0_u64;
    for tier in tiers {
        match tier.up_to {
            None => {
                bands.push(Band::of(lower, None, tier));
                return bands;
            }
            Some(up_to) if up_to > lower => {
                bands.push(Band::of(lower, Some(up_to), tier));
                lower = up_to;
            }
            Some(_) => {}
        }
    }
    if !tiers.is_empty() {
        bands.push(Band { lower, upper: None, unit: Decimal::ZERO, flat: Decimal::ZERO });
    }
    bands
}

/// `"graduated — the first 1,000 resolutions each month at USD 0.99 each, the next 9,000 at
/// USD 0.89, every one beyond 10,000 at USD 0.79"`; the free units, if any, are the first band.
fn graduated(tiers: &[Tier], metric: Metric, included: u64, money: &dyn Fn(Decimal) -> String) -> String {
    let priced = graduated_bands(tiers);
    if priced.is_empty() {
        return format!("no charge for {}", plural(metric));
    }
    let mut bands = Vec::with_capacity(priced.len() + 1);
    if included > 0 {
        bands.push(Band { lower: 0, upper: Some(included), unit: Decimal::ZERO, flat: Decimal::ZERO });
    }
    bands.extend(priced.into_iter().map(|b| b.shifted(included)));
    let mut each_said = false;
    let parts: Vec<String> = bands
        .iter()
        .map(|b| {
            let which = match b.upper {
                Some(upper) if b.lower == 0 => format!("{} each month", the_first(upper, metric)),
                Some(upper) => match upper.saturating_sub(b.lower) {
                    1 => "the next one".to_owned(),
                    n => format!("the next {}", count(n)),
                },
                None if b.lower == 0 => format!("every {} of the month", singular(metric)),
                None => format!("every one beyond {}", count(b.lower)),
            };
            let price = if !b.unit.is_zero() {
                let each = if each_said { "" } else { " each" };
                each_said = true;
                let flat = if b.flat.is_zero() {
                    String::new()
                } else {
                    format!(" plus {} in a month where any is reached", money(b.flat))
                };
                format!("at {}{each}{flat}", money(b.unit))
            } else if !b.flat.is_zero() {
                format!("for a flat {}", money(b.flat))
            } else {
                "free".to_owned()
            };
            format!("{which} {price}")
        })
        .collect();
    format!("graduated — {}", parts.join(", "))
}

/// The bands a volume price picks from, as the billing picks: the first tier whose bound the
/// quantity does not pass, else the last; a tier whose bound is not above the one before is never
/// picked and is left out, and the last covers every quantity above the bounds before it.
fn volume_bands(tiers: &[Tier]) -> Vec<Band> {
    let mut bands = Vec::with_capacity(tiers.len());
    let mut lower = 0_u64;
    for (i, tier) in tiers.iter().enumerate() {
        match tier.up_to {
            Some(up_to) if i + 1 < tiers.len() => {
                if up_to > lower {
                    bands.push(Band::of(lower, Some(up_to), tier));
                    lower = up_to;
                }
            }
            _ => {
                bands.push(Band::of(lower, None, tier));
                break;
            }
        }
    }
    bands
}

/// `"volume pricing — every resolution of the month at USD 0.99 when there are up to 1,000,
/// USD 0.89 up to 10,000, USD 0.79 above 10,000"`. The bounds count every unit of the month,
/// the free ones too.
fn volume(tiers: &[Tier], metric: Metric, included: u64, money: &dyn Fn(Decimal) -> String) -> String {
    let bands: Vec<Band> = volume_bands(tiers).into_iter().map(|b| b.shifted(included)).collect();
    let Some(first) = bands.first() else { return format!("no charge for {}", plural(metric)) };
    // A month with no unit to bill bills nothing, not even a flat fee.
    let nothing = match (first.flat.is_zero(), included) {
        (true, _) => String::new(),
        (false, 0) => " (nothing in a month without any)".to_owned(),
        (false, n) => format!(" (nothing in a month with {} or fewer)", count(n)),
    };
    let (intro, one) = if included == 0 {
        (String::new(), "every one")
    } else {
        (format!(" after {} each month, which are free", the_first(included, metric)), "every further one")
    };
    let in_all = if included == 0 { "" } else { " in all" };
    let with_flat = |b: &Band, price: String| {
        if b.flat.is_zero() { price } else { format!("{price} plus a flat {}", money(b.flat)) }
    };
    if bands.iter().all(|b| !b.unit.is_zero()) {
        // Every band has a unit price: one list of prices, by how many there are.
        let whom = if included == 0 { format!("every {} of the month", singular(metric)) } else { one.to_owned() };
        let parts: Vec<String> = bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let price = with_flat(b, money(b.unit));
                match b.upper {
                    _ if bands.len() == 1 => price,
                    Some(upper) if i == 0 => format!("{price} when there are up to {}{in_all}", count(upper)),
                    Some(upper) => format!("{price} up to {}", count(upper)),
                    None => format!("{price} above {}", count(b.lower)),
                }
            })
            .collect();
        return format!("volume pricing{intro} — {whom} at {}{nothing}", parts.join(", "));
    }
    // Some band is a flat amount or free: each band said on its own.
    let parts: Vec<String> = bands
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let price = if !b.unit.is_zero() {
                with_flat(b, format!("{one} at {}", money(b.unit)))
            } else if !b.flat.is_zero() {
                format!("a flat {}", money(b.flat))
            } else {
                "nothing".to_owned()
            };
            match b.upper {
                _ if bands.len() == 1 => price,
                Some(upper) if i == 0 => format!("up to {}{in_all}, {price}", units(upper, metric)),
                Some(upper) => format!("up to {}, {price}", count(upper)),
                None => format!("above {}, {price}", count(b.lower)),
            }
        })
        .collect();
    let by = if included == 0 { " by the month's total" } else { "" };
    format!("volume pricing{by}{intro} — {}{nothing}", parts.join("; "))
}

/// The metrics of a commit or a cap as words before "charges": `"seat and resolution"`.
fn covered(covers: &[Metric]) -> Option<String> {
    let mut words: Vec<&str> = Vec::with_capacity(covers.len());
    for metric in covers {
        let word = singular(*metric);
        if !words.contains(&word) {
            words.push(word);
        }
    }
    match words.split_last() {
        None => None,
        Some((last, [])) => Some((*last).to_owned()),
        Some((last, rest)) => Some(format!("{} and {last}", rest.join(", "))),
    }
}

/// When a bundle's price or a commit's amount is paid: `"paid at the start of each year"`,
/// `"paid in 12 monthly instalments of USD 70,833.33 (the last USD 70,833.37)"`.
fn payment(amount: Decimal, term: u32, billing: Billing, currency: &str) -> String {
    if term == 1 {
        return "paid each month".to_owned();
    }
    match billing {
        Billing::Upfront => format!("paid at the start of {}", each_term_words(term)),
        Billing::Monthly => {
            // As the billing splits it: round2(amount / term), the last month the remainder.
            let share = round2(amount.checked_div(Decimal::from(term)).unwrap_or(amount));
            let last = share.checked_mul(Decimal::from(term - 1)).and_then(|others| amount.checked_sub(others));
            let last = match last {
                Some(last) if last != share => format!(" (the last {})", price_text(currency, last)),
                _ => String::new(),
            };
            format!("paid in {term} monthly instalments of {}{last}", price_text(currency, share))
        }
    }
}

/// What becomes of what is left at a term's end, `rollover` being the share carried over:
/// `"unused ones expire at the end of each year"`. `left` names what is left (`"unused ones"`,
/// `"unused balance"`, `"if unused, it"`), `plural_verbs` whether it takes `"expire"` or
/// `"expires"`.
fn leftover(rollover: Decimal, term: u32, left: &str, plural_verbs: bool) -> String {
    let (expire, carry) = if plural_verbs { ("expire", "carry") } else { ("expires", "carries") };
    let next = format!("the next {}", term_noun(term));
    if rollover <= Decimal::ZERO {
        format!("{left} {expire} at the end of {}", each_term_words(term))
    } else if rollover >= Decimal::ONE {
        let noun = term_noun(term);
        format!("{left} {carry} over from {noun} to {noun}")
    } else {
        let (included, rounded) = if plural_verbs {
            ("carried-over ones included", " (rounded down)")
        } else {
            ("what was carried over included", "")
        };
        format!(
            "at the end of {}, {} of the {left}, {included}, {carry} over into {next}{rounded} and the rest {expire}",
            each_term_words(term),
            percent(rollover)
        )
    }
}

fn commitment_sentence(commitment: &Commitment, plan: &Plan, currency: &str) -> String {
    let money = |amount: Decimal| price_text(currency, amount);
    match commitment {
        Commitment::Bundle { name, metric, units: n, price, term_months, billing, rollover } => {
            let term = (*term_months).max(1);
            // Bundles cover a month's units before the charges' free units apply.
            let free = plan
                .charges
                .iter()
                .any(|c| matches!(c, Charge::Usage { metric: m, included, .. } if m == metric && *included > 0));
            let first = if free { ", used each month before the free ones" } else { "" };
            let left = if *n == 1 {
                // One unit never rolls over unless all of it does (floor(rollover × 1) = 0).
                let rollover = if *rollover >= Decimal::ONE { Decimal::ONE } else { Decimal::ZERO };
                leftover(rollover, term, "if unused, it", false)
            } else {
                leftover(*rollover, term, "unused ones", true)
            };
            format!(
                "{name}: {} {} prepaid for {}, {}{first}; {left}.",
                units(*n, *metric),
                per_term_words(term),
                money(*price),
                payment(*price, term, *billing, currency)
            )
        }
        Commitment::Commit { name, amount, term_months, billing, covers, rollover } => {
            let term = (*term_months).max(1);
            let drawn = covered(covers).map_or_else(|| "no charge".to_owned(), |m| format!("the {m} charges"));
            format!(
                "{name}: {} {} committed, {}, drawn down by {drawn}; {}.",
                money(*amount),
                per_term_words(term),
                payment(*amount, term, *billing, currency),
                leftover(*rollover, term, "unused balance", false)
            )
        }
        Commitment::Minimum { name, amount, term_months } => {
            let term = (*term_months).max(1);
            let counted = if plan.discount > Decimal::ZERO { ", counted after the discount" } else { "" };
            let when = match term {
                1 => "in the same month".to_owned(),
                3 | 12 => format!("in the {}'s last month", term_words(term)),
                _ => format!("in the last month of {}", each_term_words(term)),
            };
            format!(
                "{name}: at least {} of charges {}{counted}; any shortfall is billed {when}.",
                money(*amount),
                per_term_words(term)
            )
        }
        Commitment::Cap { name, amount, covers } => match covered(covers) {
            None => format!("{name}: no charges are capped."),
            Some(m) => {
                let together = if m.contains(" and ") { " together" } else { "" };
                format!("{name}: {m} charges{together} are capped at {} a month.", money(*amount))
            }
        },
    }
}

#[cfg(test)]
mod tests;

//! Every rule of the scenario format, checked at once, each broken rule reported with its field path.

use super::money::{MAX_INTEGER_DIGITS, integer_digits};
use super::{Account, Charge, Commitment, FORMAT, Plan, Price, Problem, Ramp, Scenario, Seats, Tier, YearMonth};
use rust_decimal::Decimal;
use std::collections::HashSet;

mod transition;

/// The limits of the format.
#[derive(Debug, Clone, Copy)]
pub struct Limits;

impl Limits {
    /// Most simulated months.
    pub const MONTHS: u32 = 600;
    /// Most accounts one profile may stand for.
    pub const COUNT: u64 = 10_000_000;
    /// Most conversations in a base month.
    pub const CONVERSATIONS: f64 = 1e12;
    /// Most Monte Carlo trials.
    pub const TRIALS: u64 = 100_000;
    /// Most account-months (trials × account instances × months) in one Monte Carlo run.
    pub const ACCOUNT_MONTHS: u128 = 10_000_000_000;
    /// Most units of any monthly quantity, and most seats, bundle units, included units, tier
    /// bounds and package sizes: 2^53, beyond which `f64` no longer holds every integer and two
    /// implementations of the same rules could disagree.
    pub const QUANTITY: u64 = 1 << 53;
    /// Most work in one deterministic simulation, counted as account profiles × months × the
    /// plans' bill lines and price tiers. Every bill line of every month is kept (the JSON output
    /// has them all), so this also bounds memory: about 50 million amounts, 800 MB.
    pub const LINE_MONTHS: u128 = 50_000_000;
}

/// The work of a deterministic simulation, in the unit of [`Limits::LINE_MONTHS`].
#[must_use]
pub fn line_months(s: &Scenario) -> u128 {
    let per_month: usize = s.plans.iter().map(lines_of).sum();
    let as_u128 = |n: usize| u128::try_from(n).unwrap_or(u128::MAX);
    let plans = as_u128(s.accounts.len()).saturating_mul(u128::from(s.months)).saturating_mul(as_u128(per_month));
    plans.saturating_add(transition_line_months(s))
}

/// A plan's bill lines and price tiers in a month: the unit of [`line_months`].
fn lines_of(p: &super::Plan) -> usize {
    let tiers: usize = p
        .charges
        .iter()
        .map(|c| match c {
            Charge::Usage { price: Price::Graduated(t) | Price::Volume(t), .. } => t.len(),
            _ => 0,
        })
        .sum();
    p.charges.len() + 2 * p.commitments.len() + tiers
}

/// The lines of a plan of `name` and its tiers, per month; 0 when there is none.
fn plan_lines(s: &Scenario, name: &str) -> u128 {
    s.plans.iter().find(|p| p.name == name).map_or(0, |p| u128::try_from(lines_of(p)).unwrap_or(u128::MAX))
}

/// The work of the transitions (docs/semantics.md §8.6): per profile, `from` billed once and
/// `to` once from each month a cohort of it moves (one when every cohort moves together: at
/// launch, or a profile renewing together; else as many as it has cohorts).
fn transition_line_months(s: &Scenario) -> u128 {
    let months = u128::from(s.months);
    s.transitions
        .iter()
        .map(|t| {
            let (from, to) = (plan_lines(s, &t.from), plan_lines(s, &t.to));
            s.accounts
                .iter()
                .map(|a| {
                    let moves = if t.at == crate::model::MoveAt::Launch || a.renewal.is_some() {
                        1
                    } else {
                        u128::from(t.renewal_months.clamp(1, s.months.max(1))).min(u128::from(a.count.max(1)))
                    };
                    months.saturating_mul(from.saturating_add(to.saturating_mul(moves)))
                })
                .fold(0_u128, u128::saturating_add)
        })
        .fold(0_u128, u128::saturating_add)
}

/// Checks every rule of the format and returns every problem found (empty when valid).
///
/// # Example
/// ```
/// let text = r#"(format: 1, name: "", start: "2024-01", months: 0,
///     accounts: [(name: "A", conversations: -5, resolution_rate: (start: 0.5, end: 1.5, months: 0),
///                 seats: Fixed(3))],
///     plans: [(name: "Seats", charges: [Usage(name: "Seat", metric: Seats, price: PerUnit("-1"))])])"#;
/// let (scenario, _) = pricelab::model::from_bytes_to_fix(text.as_bytes(), |_| Vec::new()).unwrap();
/// let problems = pricelab::model::validate(&scenario);
/// let paths: Vec<_> = problems.iter().filter_map(|p| p.path()).collect();
/// assert_eq!(paths, ["name", "months", "accounts[0].conversations",
///                    "accounts[0].resolution_rate.end", "plans[0].charges[0].price"]);
/// // Read from a file, they name what they go through, as a person would.
/// let read = pricelab::model::from_ron(text).unwrap_err();
/// assert_eq!(read[4].path(), Some(r#"plans["Seats"].charges["Seat"].price"#));
/// ```
#[must_use]
pub fn validate(scenario: &Scenario) -> Vec<Problem> {
    let mut v = Validator::default();
    v.scenario(scenario);
    v.problems
}

/// The problems of account profile `index` alone, as [`validate`] reports them for a scenario
/// holding it at that index (the rules that involve other profiles, such as distinct names and
/// the size of the whole simulation, are not checked).
#[must_use]
pub fn validate_account(index: usize, account: &Account) -> Vec<Problem> {
    let mut v = Validator::default();
    v.account(At::Top("accounts").item(index), account);
    v.problems
}

/// Where a value sits in the scenario (`accounts[3].resolution_rate.end`): written out only when
/// a problem is reported there, so that checking a large valid scenario formats nothing.
#[derive(Clone, Copy)]
enum At<'a> {
    /// A field of the scenario itself.
    Top(&'static str),
    /// An item of the list at the parent.
    Item(&'a At<'a>, usize),
    /// A field of the parent.
    Field(&'a At<'a>, &'static str),
}

impl<'a> At<'a> {
    fn item(&'a self, index: usize) -> Self {
        At::Item(self, index)
    }

    fn field(&'a self, name: &'static str) -> Self {
        At::Field(self, name)
    }
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            At::Top(name) => f.write_str(name),
            At::Item(parent, index) => write!(f, "{parent}[{index}]"),
            At::Field(parent, name) => write!(f, "{parent}.{name}"),
        }
    }
}

/// A character that shows nothing: white space, a control character, or one of the format
/// characters that print as nothing (zero-width spaces and joiners, direction marks, the
/// byte-order mark, fillers).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
            | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E007F}')
}

/// A character that must never reach a terminal or a report raw, nor stand in a name: a control
/// character, a Unicode line or paragraph separator (U+2028, U+2029: some readers break lines
/// there, forging a located line), or an invisible format character that reorders or hides text
/// (direction marks and overrides, zero-width spaces, the byte-order mark, the soft hyphen). The
/// joiners U+200C and U+200D are not among them: some scripts spell words with them.
///
/// # Example
/// ```
/// use pricelab::model::hidden_or_breaking;
/// assert!(hidden_or_breaking('\n') && hidden_or_breaking('\u{2028}') && hidden_or_breaking('\u{202E}'));
/// assert!(hidden_or_breaking('\u{200B}') && hidden_or_breaking('\u{FEFF}') && hidden_or_breaking('\u{AD}'));
/// assert!(!hidden_or_breaking('é') && !hidden_or_breaking('\u{200D}') && !hidden_or_breaking(' '));
/// ```
#[must_use]
pub fn hidden_or_breaking(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// What is wrong with `name` as the name of a profile, plan, charge or commitment (docs/format.md:
/// anything you can see, without control characters, line separators or invisible format
/// characters), or `None` when it is a name. The one rule, also applied to the names read from
/// CSV files (`io::rows`).
#[must_use]
pub fn name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        Some("the name is empty".to_owned())
    } else if name.chars().all(invisible) {
        Some("the name has no visible character (only spaces or invisible characters)".to_owned())
    } else {
        name.chars().find(|c| hidden_or_breaking(*c)).map(|c| {
            format!(
                "a name may not hold control characters (line breaks, tabs, escapes), line separators or invisible format characters (here U+{:04X})",
                u32::from(c)
            )
        })
    }
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
}

impl Validator {
    fn fail(&mut self, at: At<'_>, message: impl Into<String>) {
        self.problems.push(Problem::field(at.to_string(), message));
    }

    fn name(&mut self, at: At<'_>, name: &str) {
        if let Some(why) = name_problem(name) {
            self.fail(at, why);
        }
    }

    /// A whole number of units a month: at most [`Limits::QUANTITY`].
    fn quantity(&mut self, at: At<'_>, value: u64) {
        if value > Limits::QUANTITY {
            self.fail(at, format!("{value} is too large; quantities are at most {} (2^53)", Limits::QUANTITY));
        }
    }

    /// Names of the items of `list` (each at `list[i].name`) must differ.
    fn unique<'n>(&mut self, list: At<'_>, what: &str, names: impl Iterator<Item = &'n str>) {
        let mut seen = HashSet::new();
        for (i, name) in names.enumerate() {
            if !seen.insert(name) {
                self.fail(
                    list.item(i).field("name"),
                    format!("another {what} is already named {}", super::quoted(name)),
                );
            }
        }
    }

    fn number(&mut self, at: At<'_>, value: f64, ok: impl Fn(f64) -> bool, expected: &str) {
        if !value.is_finite() {
            self.fail(at, format!("{value} is not a number; expected {expected}"));
        } else if !ok(value) {
            self.fail(at, format!("{value} is out of range; expected {expected}"));
        }
    }

    fn share(&mut self, at: At<'_>, value: f64) {
        self.number(at, value, |x| (0.0..=1.0).contains(&x), "a share between 0 and 1");
    }

    fn money(&mut self, at: At<'_>, amount: Decimal) {
        if amount.is_sign_negative() && !amount.is_zero() {
            self.fail(at, format!("{amount} is negative; amounts of money are 0 or more"));
        }
        if integer_digits(amount) > MAX_INTEGER_DIGITS {
            self.fail(at, format!("{amount} has more than {MAX_INTEGER_DIGITS} digits before the point"));
        }
    }

    fn term(&mut self, at: At<'_>, term_months: u32) {
        if term_months == 0 {
            self.fail(at, "a term lasts at least 1 month");
        }
    }

    fn scenario(&mut self, s: &Scenario) {
        if s.format != FORMAT {
            self.fail(
                At::Top("format"),
                format!("format {} is not supported; this version reads format {FORMAT}", s.format),
            );
        }
        self.name(At::Top("name"), &s.name);
        if !super::currency::is_known(&s.currency) {
            self.fail(
                At::Top("currency"),
                format!(
                    "{} is not an ISO-4217 currency code (three capital letters, like \"USD\", \"EUR\" or \"JPY\")",
                    super::quoted(&s.currency)
                ),
            );
        }
        if !(1..=Limits::MONTHS).contains(&s.months) {
            self.fail(
                At::Top("months"),
                format!("{} months is out of range; simulate 1 to {} months", s.months, Limits::MONTHS),
            );
        } else if s.start.plus(s.months - 1) > YearMonth::LAST {
            // Months are written YYYY-MM (docs/format.md): none may come after 9999-12.
            let most = YearMonth::LAST.months_since(s.start).map_or(0, |m| m + 1);
            self.fail(
                At::Top("months"),
                format!(
                    "{} months from {} would run past {}, the last month there is; from {} a scenario has at most {most} month{}",
                    s.months,
                    s.start,
                    YearMonth::LAST,
                    s.start,
                    if most == 1 { "" } else { "s" }
                ),
            );
        }
        let accounts = At::Top("accounts");
        if s.accounts.is_empty() {
            self.fail(accounts, "there must be at least one account");
        }
        for (i, a) in s.accounts.iter().enumerate() {
            self.account(accounts.item(i), a);
        }
        self.unique(accounts, "account", s.accounts.iter().map(|a| a.name.as_str()));
        let plans = At::Top("plans");
        if s.plans.is_empty() {
            self.fail(plans, "there must be at least one plan");
        }
        for (i, p) in s.plans.iter().enumerate() {
            self.plan(plans.item(i), p);
        }
        self.unique(plans, "plan", s.plans.iter().map(|p| p.name.as_str()));
        self.transitions(s);
        self.money(At::Top("costs").field("per_ai_conversation"), s.costs.per_ai_conversation);
        self.simulation(s);
        super::history::check(s, &mut self.problems);
        let work = line_months(s);
        if work > Limits::LINE_MONTHS {
            self.fail(
                accounts,
                format!(
                    "{} account profiles × {} months × the plans' and transitions' {} lines and tiers is too large a simulation ({work} line-months; the limit is {}): use fewer profiles (a profile's count stands for many identical accounts), plans, transitions or months",
                    s.accounts.len(),
                    s.months,
                    work / u128::from(s.months.max(1)) / u128::try_from(s.accounts.len().max(1)).unwrap_or(1),
                    Limits::LINE_MONTHS
                ),
            );
        }
    }

    fn simulation(&mut self, s: &Scenario) {
        let sim = &s.simulation;
        let at = At::Top("simulation");
        if sim.trials > Limits::TRIALS {
            self.fail(at.field("trials"), format!("{} trials is too many; at most {}", sim.trials, Limits::TRIALS));
        }
        self.share(at.field("volume_noise"), sim.volume_noise);
        self.share(at.field("resolution_noise"), sim.resolution_noise);
        let instances = s.instances();
        let account_months = u128::from(sim.trials) * instances * u128::from(s.months);
        if account_months > Limits::ACCOUNT_MONTHS {
            self.fail(
                at.field("trials"),
                format!(
                    "{} trials × {instances} accounts × {} months = {account_months} account-months is too large a Monte Carlo run; the limit is {}",
                    sim.trials,
                    s.months,
                    Limits::ACCOUNT_MONTHS
                ),
            );
        }
    }

    fn account(&mut self, at: At<'_>, a: &Account) {
        self.name(at.field("name"), &a.name);
        if a.count > Limits::COUNT {
            self.fail(
                at.field("count"),
                format!("{} accounts is too many for one profile; at most {}", a.count, Limits::COUNT),
            );
        }
        self.number(
            at.field("conversations"),
            a.conversations,
            |x| (0.0..=Limits::CONVERSATIONS).contains(&x),
            "0 to 1e12 conversations a month",
        );
        let seasonality = at.field("seasonality");
        if a.seasonality.len() == 12 {
            for (i, &m) in a.seasonality.iter().enumerate() {
                self.number(seasonality.item(i), m, |x| x >= 0.0, "a multiplier of 0 or more");
            }
        } else {
            self.fail(
                seasonality,
                format!("{} multipliers given; there must be 12, January to December", a.seasonality.len()),
            );
        }
        self.number(at.field("growth"), a.growth, |x| x > -1.0, "a yearly growth above -1 (0.10 is +10% a year)");
        self.ramp(at.field("ai_involvement"), &a.ai_involvement);
        self.ramp(at.field("resolution_rate"), &a.resolution_rate);
        if let Seats::Fixed(n) = a.seats {
            self.quantity(at.field("seats"), n);
        }
        if let Seats::Staffed { start, minimum, conversations_per_seat, term_months } = a.seats {
            let seats = at.field("seats");
            self.quantity(seats.field("start"), start);
            self.quantity(seats.field("minimum"), minimum);
            self.number(
                seats.field("conversations_per_seat"),
                conversations_per_seat,
                |x| x > 0.0,
                "more than 0 conversations per seat",
            );
            self.term(seats.field("term_months"), term_months);
        }
        self.money(at.field("agent_cost"), a.agent_cost);
    }

    fn ramp(&mut self, at: At<'_>, r: &Ramp) {
        self.share(at.field("start"), r.start);
        self.share(at.field("end"), r.end);
    }

    fn plan(&mut self, at: At<'_>, p: &Plan) {
        self.name(at.field("name"), &p.name);
        if p.charges.is_empty() && p.commitments.is_empty() {
            self.fail(at, "a plan needs at least one charge or commitment");
        }
        let charges = at.field("charges");
        for (i, c) in p.charges.iter().enumerate() {
            let at = charges.item(i);
            self.name(at.field("name"), c.name());
            match c {
                Charge::Usage { price, included, .. } => {
                    self.quantity(at.field("included"), *included);
                    self.price(at.field("price"), price);
                }
                Charge::Fee { amount, .. } => self.money(at.field("amount"), *amount),
            }
        }
        self.unique(charges, "charge of this plan", p.charges.iter().map(Charge::name));
        let commitments = at.field("commitments");
        for (i, c) in p.commitments.iter().enumerate() {
            let at = commitments.item(i);
            self.name(at.field("name"), c.name());
            self.term(at.field("term_months"), c.term_months());
            match c {
                Commitment::Bundle { price, units, .. } => {
                    self.quantity(at.field("units"), *units);
                    self.money(at.field("price"), *price);
                }
                Commitment::Commit { amount, covers, .. } => {
                    self.money(at.field("amount"), *amount);
                    if covers.is_empty() {
                        self.fail(at.field("covers"), "a commit must cover at least one metric");
                    }
                }
                Commitment::Minimum { amount, .. } => self.money(at.field("amount"), *amount),
                Commitment::Cap { amount, covers, .. } => {
                    self.money(at.field("amount"), *amount);
                    if covers.is_empty() {
                        self.fail(at.field("covers"), "a cap must cover at least one metric");
                    }
                }
            }
            let rollover = c.rollover();
            if rollover.is_sign_negative() && !rollover.is_zero() || rollover > Decimal::ONE {
                self.fail(
                    at.field("rollover"),
                    format!(
                        "{rollover} is out of range; a roll-over is a share from 0 to 1 of what is left at a term's end"
                    ),
                );
            }
        }
        if p.discount.is_sign_negative() && !p.discount.is_zero() || p.discount >= Decimal::ONE {
            self.fail(
                at.field("discount"),
                format!("{} is out of range; a discount is a fraction from 0 up to (not including) 1", p.discount),
            );
        }
    }

    fn price(&mut self, at: At<'_>, price: &Price) {
        match price {
            Price::PerUnit(p) => self.money(at, *p),
            Price::Package { size, price } => {
                if *size == 0 {
                    self.fail(at.field("size"), "a package holds at least 1 unit");
                }
                self.quantity(at.field("size"), *size);
                self.money(at.field("price"), *price);
            }
            Price::Graduated(tiers) | Price::Volume(tiers) => self.tiers(at, tiers),
        }
    }

    fn tiers(&mut self, at: At<'_>, tiers: &[Tier]) {
        if tiers.is_empty() {
            self.fail(at, "a tiered price needs at least one tier");
        }
        let mut previous: Option<u64> = None;
        for (i, t) in tiers.iter().enumerate() {
            let at = at.item(i);
            let last = i + 1 == tiers.len();
            match (t.up_to, last) {
                (None, false) => {
                    self.fail(at.field("up_to"), "only the last tier may be unbounded (up_to: None)");
                }
                (Some(n), true) => self
                    .fail(at.field("up_to"), format!("the last tier must be unbounded (up_to: None), not end at {n}")),
                _ => {}
            }
            if let (Some(prev), Some(n)) = (previous, t.up_to)
                && n <= prev
            {
                self.fail(at.field("up_to"), format!("{n} must be above the previous tier's {prev}"));
            }
            if let Some(n) = t.up_to {
                self.quantity(at.field("up_to"), n);
                previous = t.up_to;
            }
            self.money(at.field("unit_price"), t.unit_price);
            self.money(at.field("flat_fee"), t.flat_fee);
        }
    }
}

//! A plan: its charges, their prices, fees, prepaid commitments and discount.

use super::money;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A way of charging: charges on usage, fees, prepaid commitments and a discount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Unique among plans.
    pub name: String,
    /// Charge lines, billed every month.
    #[serde(default)]
    pub charges: Vec<Charge>,
    /// Prepaid bundles of units and spend commitments.
    #[serde(default)]
    pub commitments: Vec<Commitment>,
    /// Fraction in [0, 1) taken off every charge line.
    #[serde(default, with = "money::serde_money")]
    pub discount: Decimal,
}

/// What a usage charge or a commitment counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Metric {
    /// Human seats.
    Seats,
    /// All conversations.
    Conversations,
    /// Conversations the AI agent takes part in.
    AiConversations,
    /// Conversations the AI agent resolves.
    Resolutions,
}

impl Metric {
    /// Every metric, in the order of the format.
    pub const ALL: [Self; 4] = [Self::Seats, Self::Conversations, Self::AiConversations, Self::Resolutions];

    /// The metric's name as written in a scenario file.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Seats => "Seats",
            Self::Conversations => "Conversations",
            Self::AiConversations => "AiConversations",
            Self::Resolutions => "Resolutions",
        }
    }
}

/// One charge line of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Charge {
    /// A price on the monthly quantity of a metric.
    Usage {
        /// Line name, unique among the plan's charges.
        name: String,
        /// What is counted.
        metric: Metric,
        /// Units free each month.
        #[serde(default)]
        included: u64,
        /// How the quantity is priced.
        price: Price,
    },
    /// A fixed monthly amount.
    Fee {
        /// Line name, unique among the plan's charges.
        name: String,
        /// Monthly amount.
        #[serde(with = "money::serde_money")]
        amount: Decimal,
    },
}

impl Charge {
    /// The line's name.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Self::Usage { name, .. } | Self::Fee { name, .. } => name,
        }
    }

    /// The metric a usage charge counts; `None` for a fee.
    #[must_use]
    pub fn metric(&self) -> Option<Metric> {
        match self {
            Self::Usage { metric, .. } => Some(*metric),
            Self::Fee { .. } => None,
        }
    }
}

/// How a quantity is turned into an amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Price {
    /// `q × price`.
    PerUnit(#[serde(with = "money::serde_money")] Decimal),
    /// `ceil(q / size) × price`.
    Package {
        /// Units per package, at least 1.
        size: u64,
        /// Price of one package.
        #[serde(with = "money::serde_money")]
        price: Decimal,
    },
    /// Each tier bills the units inside it at its own unit price.
    Graduated(Vec<Tier>),
    /// All units at the unit price of the tier the quantity falls in.
    Volume(Vec<Tier>),
}

impl Price {
    /// The price as an invoice states it: `"0.99 each"`, `"49.00 per 100"`, `"graduated:
    /// 0.99 up to 2,000, 0.89 beyond"`.
    ///
    /// # Example
    /// ```
    /// use pricelab::model::{Price, Tier};
    /// use rust_decimal::Decimal;
    /// assert_eq!(Price::PerUnit(Decimal::new(99, 2)).describe(), "0.99 each");
    /// assert_eq!(Price::Package { size: 100, price: Decimal::new(4900, 2) }.describe(), "49.00 per 100");
    /// let tiers = vec![
    ///     Tier { up_to: Some(2000), unit_price: Decimal::new(99, 2), flat_fee: Decimal::ZERO },
    ///     Tier { up_to: None, unit_price: Decimal::new(89, 2), flat_fee: Decimal::new(50, 0) },
    /// ];
    /// assert_eq!(Price::Volume(tiers).describe(), "volume: 0.99 up to 2,000; 0.89 + 50 flat beyond");
    /// ```
    #[must_use]
    pub fn describe(&self) -> String {
        let tiers = |kind: &str, tiers: &[Tier]| {
            let parts: Vec<String> = tiers
                .iter()
                .map(|t| {
                    let flat = if t.flat_fee.is_zero() { String::new() } else { format!(" + {} flat", t.flat_fee) };
                    match t.up_to {
                        Some(n) => format!("{}{flat} up to {}", t.unit_price, money::group_digits(&n.to_string())),
                        None => format!("{}{flat} beyond", t.unit_price),
                    }
                })
                .collect();
            format!("{kind}: {}", parts.join("; "))
        };
        match self {
            Self::PerUnit(p) => format!("{p} each"),
            Self::Package { size, price } => format!("{price} per {}", money::group_digits(&size.to_string())),
            Self::Graduated(t) => tiers("graduated", t),
            Self::Volume(t) => tiers("volume", t),
        }
    }
}

/// One tier of a graduated or volume price, covering `(previous up_to, up_to]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Upper bound of the tier; `None` (only for the last tier) means no bound.
    pub up_to: Option<u64>,
    /// Price of each unit in the tier.
    #[serde(default, with = "money::serde_money")]
    pub unit_price: Decimal,
    /// Flat amount billed when the tier is reached.
    #[serde(default, with = "money::serde_money")]
    pub flat_fee: Decimal,
}

/// When a commitment's amount is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Billing {
    /// The whole amount in the term's first month.
    #[default]
    Upfront,
    /// An even share each month, the last month of the term taking the remainder.
    Monthly,
}

/// A prepaid commitment of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Commitment {
    /// Units of a metric prepaid per term; unused units expire at the term's end.
    Bundle {
        /// Name of the payment line.
        name: String,
        /// What the units count.
        metric: Metric,
        /// Units per term.
        units: u64,
        /// Price per term.
        #[serde(with = "money::serde_money")]
        price: Decimal,
        /// Term length in months, at least 1.
        term_months: u32,
        /// When the price is billed.
        #[serde(default)]
        billing: Billing,
        /// Share in [0, 1] of the units left at the end of a whole term carried into the next
        /// (`floor(rollover × units left)`), on top of its own units.
        #[serde(default, with = "money::serde_money")]
        rollover: Decimal,
    },
    /// Money prepaid per term, drawn down by the charge lines on the metrics it covers.
    Commit {
        /// Name of the payment line; the credit line is named `"<name> credit"`.
        name: String,
        /// Amount per term.
        #[serde(with = "money::serde_money")]
        amount: Decimal,
        /// Term length in months, at least 1.
        term_months: u32,
        /// When the amount is billed.
        #[serde(default)]
        billing: Billing,
        /// Metrics whose charge lines draw on it; at least one.
        covers: Vec<Metric>,
        /// Share in [0, 1] of the balance left at the end of a whole term carried into the next
        /// (`round2(rollover × balance left)`), on top of its own amount.
        #[serde(default, with = "money::serde_money")]
        rollover: Decimal,
    },
    /// A minimum spend per term: in the last month of each whole term, a true-up of what the
    /// term's charge lines came short of `amount`.
    Minimum {
        /// Name of the true-up line.
        name: String,
        /// The least the charge lines of a term add up to.
        #[serde(with = "money::serde_money")]
        amount: Decimal,
        /// Term length in months, at least 1.
        term_months: u32,
    },
    /// A ceiling on a month's bill for the covered metrics: what is still owed on their charge
    /// lines beyond `amount` is credited.
    Cap {
        /// Name of the credit line.
        name: String,
        /// The most the covered charge lines are billed in a month.
        #[serde(with = "money::serde_money")]
        amount: Decimal,
        /// Metrics whose charge lines it caps; at least one.
        covers: Vec<Metric>,
    },
}

impl Commitment {
    /// The commitment's name.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Self::Bundle { name, .. }
            | Self::Commit { name, .. }
            | Self::Minimum { name, .. }
            | Self::Cap { name, .. } => name,
        }
    }

    /// Months in one term (a cap's term is one month: it holds each month's bill).
    #[must_use]
    pub fn term_months(&self) -> u32 {
        match self {
            Self::Bundle { term_months, .. } | Self::Commit { term_months, .. } | Self::Minimum { term_months, .. } => {
                *term_months
            }
            Self::Cap { .. } => 1,
        }
    }

    /// What is paid per term: a bundle's price, a commit's amount; a minimum's or a cap's
    /// amount (which is not a payment: see [`Commitment::pays`]).
    #[must_use]
    pub fn amount(&self) -> Decimal {
        match self {
            Self::Bundle { price, .. } => *price,
            Self::Commit { amount, .. } | Self::Minimum { amount, .. } | Self::Cap { amount, .. } => *amount,
        }
    }

    /// Whether the commitment is paid for (a bundle or a commit), rather than a rule on the
    /// bill (a minimum or a cap).
    #[must_use]
    pub fn pays(&self) -> bool {
        matches!(self, Self::Bundle { .. } | Self::Commit { .. })
    }

    /// The billing schedule (a minimum's and a cap's lines follow their own rule: `Upfront`).
    #[must_use]
    pub fn billing(&self) -> Billing {
        match self {
            Self::Bundle { billing, .. } | Self::Commit { billing, .. } => *billing,
            Self::Minimum { .. } | Self::Cap { .. } => Billing::Upfront,
        }
    }

    /// The share of what is left at a term's end carried into the next (0 for a minimum or a
    /// cap).
    #[must_use]
    pub fn rollover(&self) -> Decimal {
        match self {
            Self::Bundle { rollover, .. } | Self::Commit { rollover, .. } => *rollover,
            Self::Minimum { .. } | Self::Cap { .. } => Decimal::ZERO,
        }
    }

    /// How many bill lines it adds: a commit two (payment and credit), the others one.
    #[must_use]
    pub fn line_count(&self) -> usize {
        if matches!(self, Self::Commit { .. }) { 2 } else { 1 }
    }
}

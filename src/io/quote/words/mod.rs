//! A quote in words (docs/quote.md): what its figures say, the customer's assumptions, and every
//! plan's prices and terms — the sentences the proposal (PDF and JSON) and the app's Quote tab
//! state. The engine's quote holds only figures; these are made from them.

mod sentences;
pub mod terms;
#[cfg(test)]
mod tests;

pub use sentences::{assumptions, chance, contract_words, findings, percent, team_sentence, year_over_budget};

use crate::engine::quote::{PlanQuote, Quote};

/// Everything a proposal says of a quote in sentences, made once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// What the figures say, each sentence checked against them (the team's seats, which plans
    /// cost less or more than the baseline).
    pub findings: Vec<String>,
    /// The customer's assumptions, in sentences a customer reads.
    pub assumptions: Vec<String>,
    /// Each plan's prices and terms, a sentence each (see [`terms::plan_terms`]): the plans
    /// offered, then the baseline, by name.
    terms: Vec<(String, Vec<String>)>,
}

impl Words {
    /// The words of `q`.
    #[must_use]
    pub fn of(q: &Quote) -> Self {
        let terms = q
            .plans
            .iter()
            .chain(std::iter::once(&q.baseline))
            .map(|p| (p.name.clone(), terms::plan_terms(&p.plan, &q.currency)))
            .collect();
        Self { findings: findings(q), assumptions: assumptions(q), terms }
    }

    /// The prices and terms of `plan` (one of the quote's plans, or its baseline).
    #[must_use]
    pub fn terms(&self, plan: &PlanQuote) -> &[String] {
        self.terms.iter().find(|(name, _)| *name == plan.name).map_or(&[], |(_, t)| t.as_slice())
    }
}

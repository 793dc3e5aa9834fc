//! The customer of a quote as a scenario of its own: one account whose month 0 is the
//! contract's first month (docs/quote.md, "Who is quoted").

use super::{Customer, MAX_MONTHS_AHEAD, Request, Team};
use crate::engine::Error;
use crate::engine::usage;
use crate::model::{History, Problem, Ramp, Recorded, RecordedAccount, Scenario, Seats};
use std::sync::Arc;

/// The scenario of the customer alone over the contract: one account (count 1) whose month 0
/// is the contract's first month, with the months of its recorded usage that fall in the
/// contract. Also the name of the profile it comes from.
pub(super) fn one_account(scenario: &Scenario, request: &Request) -> Result<(Scenario, String), Error> {
    let from = match request.customer {
        Customer::Profile(p) | Customer::Custom { from: p, .. } => p,
    };
    let profile = scenario.accounts.get(from).ok_or_else(|| Error::Unknown(format!("there is no profile {from}")))?;
    let start = request.from.unwrap_or(scenario.start);
    let months = request.months.unwrap_or(scenario.months);
    let mut account = profile.clone();
    account.count = 1;
    let mut history = None;
    match &request.customer {
        Customer::Profile(_) => {
            if let Some(h) = &scenario.history
                && let Some(recorded) = &h.recorded
                && let Some(r) = recorded.accounts.iter().find(|r| r.name == account.name)
            {
                // A recorded customer continues its history: the contract's month 0 is month
                // `k` of the scenario, whose parameters describe month 0 of the history.
                let k = start.months_since(scenario.start).ok_or_else(|| {
                    Error::Start(format!(
                        "\"{}\" has recorded usage from {}: its quote starts then or later, not in {start}",
                        account.name, scenario.start
                    ))
                })?;
                if k > MAX_MONTHS_AHEAD {
                    return Err(Error::Start(format!(
                        "{start} is more than {} years after \"{}\"'s recorded usage begins ({})",
                        MAX_MONTHS_AHEAD / 12,
                        account.name,
                        scenario.start
                    )));
                }
                if k > 0 {
                    // The seats in month k, with the whole term that holds it projected (a team
                    // re-sized in month k is sized for the busiest month of its term).
                    let term = match account.seats {
                        Seats::Staffed { term_months, .. } => term_months.max(1),
                        Seats::Fixed(_) => 1,
                    };
                    let through = (k / term + 1).saturating_mul(term);
                    let projected =
                        usage::deterministic_after(&account, scenario.start, through, &r.months).map_err(|e| {
                            Error::Invalid(vec![Problem::field(format!("accounts[{from}]"), e.to_string())])
                        })?;
                    let seats = projected.get(usize::try_from(k).unwrap_or(usize::MAX)).map_or(0, |u| u.seats);
                    account = reanchored(&account, k, seats);
                }
                let kept: Vec<_> = r
                    .months
                    .iter()
                    .skip(usize::try_from(k).unwrap_or(usize::MAX))
                    .take(usize::try_from(months).unwrap_or(usize::MAX))
                    .copied()
                    .collect();
                if !kept.is_empty() {
                    let alone = Recorded {
                        file: recorded.file.clone(),
                        start,
                        months: u32::try_from(kept.len()).unwrap_or(u32::MAX),
                        accounts: vec![RecordedAccount { name: r.name.clone(), line: r.line, months: kept }],
                    };
                    history = Some(History { file: h.file.clone(), recorded: Some(Arc::new(alone)) });
                }
            }
        }
        Customer::Custom { name, conversations, seats, team, agent_cost, .. } => {
            account.name.clone_from(name);
            account.conversations = *conversations;
            account.agent_cost = *agent_cost;
            account.seats = match *team {
                Team::Fixed => Seats::Fixed(*seats),
                Team::Staffed { conversations_per_seat, minimum, term_months } => {
                    Seats::Staffed { start: *seats, conversations_per_seat, minimum, term_months }
                }
            };
        }
    }
    let one = Scenario {
        format: scenario.format,
        name: scenario.name.clone(),
        notes: String::new(),
        currency: scenario.currency.clone(),
        start,
        months,
        accounts: vec![account],
        plans: scenario.plans.clone(),
        // A transition is not offered in a quote (docs/semantics.md §8.5).
        transitions: Vec::new(),
        costs: scenario.costs.clone(),
        simulation: scenario.simulation.clone(),
        history,
    };
    Ok((one, profile.name.clone()))
}

/// `account` seen from its month `k`: the same usage from there on, with month `k` as month 0
/// (conversations grown by `k` months, the ramps as far along as they are by then, a staffed
/// team starting with the `seats` it has then).
fn reanchored(account: &crate::model::Account, k: u32, seats: u64) -> crate::model::Account {
    let along = |r: &Ramp| Ramp { start: r.at(k), end: r.end, months: r.months.saturating_sub(k) };
    let mut a = account.clone();
    a.conversations = account.conversations * (1.0 + account.growth).powf(f64::from(k) / 12.0);
    a.ai_involvement = along(&account.ai_involvement);
    a.resolution_rate = along(&account.resolution_rate);
    if let Seats::Staffed { start, .. } = &mut a.seats {
        *start = seats;
    }
    a
}

//! The Quote tab: what one customer would pay and save under each plan, for a salesperson to
//! show them on a call and send as a PDF proposal — one account of a profile, or a customer
//! typed in on the spot, over a contract from a month the salesperson chooses. Nothing of the
//! vendor's (cost, margin, portfolio totals) is shown here (docs/quote.md).

mod controls;
mod show;

pub use show::PLOT_ID;

use crate::app::background::{Status, Work};
use crate::app::command::{Command, Commands};
use crate::app::document::Document;
use crate::app::editor::widgets::PROBLEM_COLOR;
use crate::app::jobs::{Job, Jobs};
use crate::engine::quote::recommend::{MAX_LISTED, Sizes};
use crate::engine::quote::{self, Customer, Quote, Request, Team};
use crate::io::quote::Letterhead;
use crate::io::quote::words::Words;
use crate::model::YearMonth;
use eframe::egui::{self, Ui};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// What a quote is keyed by: the document, its scenario's revision and the request.
pub type Key = (u64, u64, Request);

/// A quote with its words (both made in the background), or why there is none.
pub type Outcome = Result<Arc<(Quote, Words)>, String>;

/// The quote of `request` on `snapshot` (run by the app's [`Jobs`]).
pub(crate) fn work(snapshot: crate::app::document::Snapshot, request: Request) -> Work<Outcome> {
    Box::new(move |job| {
        quote::quote(&snapshot, &request, job)
            .map(|q| {
                let words = Words::of(&q);
                Arc::new((q, words))
            })
            .map_err(|e| e.to_string())
    })
}

/// The latest quote, if any.
#[must_use]
pub fn latest(jobs: &Jobs) -> Option<&Quote> {
    match jobs.quote.result() {
        Some((Ok(q), _)) => Some(&q.0),
        _ => None,
    }
}

/// The latest quote's words, if any.
#[must_use]
pub fn latest_words(jobs: &Jobs) -> Option<&Words> {
    match jobs.quote.result() {
        Some((Ok(q), _)) => Some(&q.1),
        _ => None,
    }
}

/// How many documents' proposal details are remembered between runs.
const REMEMBERED: usize = 50;

/// A proposal's details as the salesperson typed them, remembered per document (by its file).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Proposal {
    /// The customer's name on the proposal (empty: the customer's own name).
    pub customer: String,
    /// The vendor's name (empty: none).
    pub vendor: String,
    /// The contract's first month, `YYYY-MM` (empty: the month after today).
    pub from: String,
    /// The contract's length in years (0: the scenario's months).
    pub years: u32,
    /// The customer's monthly budget, as typed (empty: none).
    pub budget: String,
}

/// The typed-in customer's team, as chosen in the tab.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TeamInput {
    /// Re-sized at renewals (rather than the seats typed in, every month).
    pub staffed: bool,
    /// Human conversations a seat handles in a month.
    pub conversations_per_seat: f64,
    /// Fewest seats after a renewal.
    pub minimum: u64,
    /// Months between renewals.
    pub term_months: u32,
}

impl Default for TeamInput {
    fn default() -> Self {
        Self { staffed: false, conversations_per_seat: 250.0, minimum: 0, term_months: 12 }
    }
}

/// The Quote tab's state.
pub struct QuoteView {
    /// The profile quoted (or whose assumptions a typed-in customer takes).
    pub profile: usize,
    /// Quote a customer typed in rather than one account of the profile.
    pub custom: bool,
    /// The typed-in customer's name, conversations a month, seats today, team and agent cost.
    pub name: String,
    /// See `name`.
    pub conversations: f64,
    /// See `name`.
    pub seats: u64,
    /// See `name`.
    pub team: TeamInput,
    /// See `name` (as typed).
    pub agent_cost: String,
    /// Per plan, whether it is quoted.
    pub shown: Vec<bool>,
    /// The proposal's details (customer and vendor names, start, length, budget).
    pub proposal: Proposal,
    /// Recommend a size of each offered plan's bundle or commit.
    pub recommend: bool,
    /// The sizes to try, as typed (empty: round steps).
    pub sizes: String,
    /// Proposal details of documents seen, by file (what the app remembers between runs).
    remembered: BTreeMap<PathBuf, Proposal>,
    /// Whether `remembered` changed since the app last copied it into its settings.
    remembered_changed: bool,
    /// The document the details are of (its id and file).
    document: Option<(u64, Option<PathBuf>)>,
    /// The month after today (the default start) and today's date.
    today: (String, YearMonth),
    /// The scenario's months (the contract's length when none is chosen, up to ten years).
    scenario_months: u32,
    /// What the plot last fitted its lines to: the document, customer, plans and contract.
    plot_key: Option<PlotKey>,
}

/// What resets the plot's bounds when it changes.
type PlotKey = (u64, Customer, Vec<usize>, Option<YearMonth>, Option<u32>);

impl Default for QuoteView {
    fn default() -> Self {
        let crate::io::clock::Today { date, month } = crate::io::clock::today();
        let next = month.plus(1);
        Self {
            profile: 0,
            custom: false,
            name: "New customer".into(),
            conversations: 10_000.0,
            seats: 25,
            team: TeamInput::default(),
            agent_cost: "4000".into(),
            shown: Vec::new(),
            proposal: Proposal::default(),
            recommend: false,
            sizes: String::new(),
            remembered: BTreeMap::new(),
            remembered_changed: false,
            document: None,
            today: (date, next),
            plot_key: None,
            scenario_months: 12,
        }
    }
}

impl std::fmt::Debug for QuoteView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuoteView")
            .field("profile", &self.profile)
            .field("custom", &self.custom)
            .finish_non_exhaustive()
    }
}

/// An amount typed in (`1,234.50` and `$` accepted), or `None`.
fn amount(text: &str) -> Option<Decimal> {
    let clean: String = text.chars().filter(|c| !matches!(c, ',' | '$' | ' ' | '_')).collect();
    clean.parse::<Decimal>().ok().filter(|d| !d.is_sign_negative())
}

/// The sizes typed in: `Ok(None)` for round steps, or why they cannot be read.
fn typed_sizes(text: &str) -> Result<Sizes, String> {
    let items: Vec<&str> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if items.is_empty() {
        return Ok(Sizes::Steps);
    }
    if items.len() > MAX_LISTED {
        return Err(format!("at most {MAX_LISTED} sizes"));
    }
    items
        .iter()
        .map(|s| match amount(s) {
            Some(x) if x > Decimal::ZERO => Ok(x),
            _ => Err(format!("\"{s}\" is not a size above 0")),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Sizes::Listed)
}

impl QuoteView {
    /// The proposal details of every document seen, by file, when they changed since the last
    /// call (for the app's settings).
    pub fn remembered_if_changed(&mut self) -> Option<BTreeMap<PathBuf, Proposal>> {
        std::mem::take(&mut self.remembered_changed).then(|| self.remembered.clone())
    }

    /// Starts from the proposal details remembered from earlier runs.
    pub fn remember(&mut self, remembered: BTreeMap<PathBuf, Proposal>) {
        self.remembered = remembered;
        self.document = None;
    }

    /// The contract's first month: as typed, or the month after today.
    fn from(&self) -> Result<YearMonth, String> {
        let text = self.proposal.from.trim();
        if text.is_empty() { Ok(self.today.1) } else { text.parse::<YearMonth>().map_err(|e| e.to_string()) }
    }

    /// The request the tab's settings make, or what is wrong with them.
    fn request(&self) -> Result<Request, String> {
        let customer = if self.custom {
            Customer::Custom {
                from: self.profile,
                name: if self.name.trim().is_empty() { "New customer".into() } else { self.name.trim().to_owned() },
                conversations: self.conversations,
                seats: self.seats,
                team: if self.team.staffed {
                    Team::Staffed {
                        conversations_per_seat: self.team.conversations_per_seat,
                        minimum: self.team.minimum,
                        term_months: self.team.term_months,
                    }
                } else {
                    Team::Fixed
                },
                agent_cost: amount(&self.agent_cost).unwrap_or_default(),
            }
        } else {
            Customer::Profile(self.profile)
        };
        let recommend = if self.recommend { Some(typed_sizes(&self.sizes)?) } else { None };
        Ok(Request {
            customer,
            plans: self.shown.iter().enumerate().filter(|(_, s)| **s).map(|(p, _)| p).collect(),
            budget: amount(&self.proposal.budget),
            from: Some(self.from()?),
            // The years chosen, or the scenario's months up to ten years.
            months: Some(if self.proposal.years > 0 {
                self.proposal.years * 12
            } else {
                self.scenario_months.min(120)
            }),
            recommend,
        })
    }

    /// The quote the tab's settings ask for, when the scenario and the settings are valid.
    fn job(&self, doc: &Document) -> Option<Job> {
        if !(doc.is_current() || doc.is_simulating()) {
            return None;
        }
        let request = self.request().ok()?;
        Some(Job::Quote((doc.id(), doc.scenario_revision(), request)))
    }

    /// The quote of the tab's settings, to wait for (tests).
    pub fn wanted(&mut self, doc: &Document) -> Option<Job> {
        self.settle(doc);
        self.job(doc)
    }

    /// The letterhead of the quote shown: the names typed (or the customer's own), today.
    #[must_use]
    pub fn letterhead(&self, q: &Quote) -> Letterhead {
        let customer = self.proposal.customer.trim();
        let vendor = self.proposal.vendor.trim();
        Letterhead {
            customer: if customer.is_empty() { q.customer.clone() } else { customer.to_owned() },
            vendor: (!vendor.is_empty()).then(|| vendor.to_owned()),
            prepared: self.today.0.clone(),
        }
    }

    /// Why the names typed for the proposal cannot be printed, if they cannot.
    #[must_use]
    pub fn letterhead_problem(&self) -> Option<String> {
        [("Proposal for", &self.proposal.customer), ("from", &self.proposal.vendor)].into_iter().find_map(
            |(field, text)| {
                (!text.trim().is_empty())
                    .then(|| crate::io::quote::proposal_name(text).err().map(|why| format!("{field}: {why}")))
                    .flatten()
            },
        )
    }

    /// Keeps the settings within the scenario, and the proposal's details with their document.
    fn settle(&mut self, doc: &Document) {
        let s = doc.scenario();
        self.scenario_months = s.months;
        self.profile = self.profile.min(s.accounts.len().saturating_sub(1));
        if self.shown.len() != s.plans.len() {
            self.shown = vec![true; s.plans.len()];
        }
        if self.document.as_ref().map(|d| d.0) != Some(doc.id()) {
            // Another document: its own details (remembered by its file), or none yet.
            self.proposal = doc.path.as_ref().and_then(|p| self.remembered.get(p)).cloned().unwrap_or_default();
        }
        self.document = Some((doc.id(), doc.path.clone()));
        // The details are kept by the document's file (a document saved under a new name takes
        // them along).
        if let Some(path) = &doc.path
            && self.remembered.get(path) != Some(&self.proposal)
        {
            self.remembered.insert(path.clone(), self.proposal.clone());
            while self.remembered.len() > REMEMBERED {
                let Some(first) = self.remembered.keys().find(|k| *k != path).cloned() else { break };
                self.remembered.remove(&first);
            }
            self.remembered_changed = true;
        }
    }

    /// Shows the tab; `presenting`: the quote alone, without its settings (View ▸ Present).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        jobs: &Jobs,
        styles: &[crate::app::document::PlanStyle],
        presenting: bool,
        out: &mut Commands,
    ) {
        self.settle(doc);
        if !presenting {
            self.controls(ui, doc, jobs, out);
        }
        if let Some(job) = self.job(doc)
            && !jobs.wants(&job)
        {
            out.push(Command::Run(job));
        }
        let problems = !(doc.is_current() || doc.is_simulating());
        if problems {
            ui.colored_label(
                PROBLEM_COLOR,
                "The scenario has problems (see the editor): the quote is worked out again once they are fixed.",
            );
        } else if let Err(why) = self.request() {
            ui.colored_label(PROBLEM_COLOR, why);
        }
        let (q, current) = match jobs.quote.result() {
            Some((Ok(q), current)) => (Arc::clone(q), current),
            Some((Err(message), current)) => {
                if current {
                    ui.colored_label(PROBLEM_COLOR, message.clone());
                }
                return;
            }
            None => {
                if !problems {
                    ui.horizontal(|ui| {
                        ui.add(egui::Spinner::new());
                        ui.label("Working out the quote…");
                    });
                }
                return;
            }
        };
        if !presenting {
            let updating = !current || matches!(jobs.quote.status(), Status::Running(..));
            if problems {
                ui.weak("These are the figures of the scenario's last valid version.");
            } else if updating {
                ui.horizontal(|ui| {
                    ui.add(egui::Spinner::new());
                    ui.weak("Updating…");
                });
            }
            ui.separator();
        }
        let head = self.letterhead(&q.0);
        // The plot fits its lines again for another customer, file, set of plans or contract;
        // otherwise it stays where the user put it.
        let view =
            jobs.quote.result_key().map(|(id, _, r)| (*id, r.customer.clone(), r.plans.clone(), r.from, r.months));
        let reset = view != self.plot_key;
        self.plot_key = view;
        egui::ScrollArea::vertical()
            .id_salt("quote")
            .show(ui, |ui| show::show(ui, (&q.0, &q.1), &head, doc, styles, reset, presenting));
    }
}

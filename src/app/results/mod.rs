//! The central area: revenue over time, yearly totals, usage, the summary table and the invoice.

pub mod analyses;
pub mod customers;
mod distribution;
mod invoice;
pub mod quote;
mod revenue;
mod summary;
pub mod transition;
mod usage;
mod yearly;

pub use invoice::InvoiceView;
pub use revenue::RevenueView;
pub use summary::SummaryView;

use crate::app::command::{Command, Commands};
use crate::app::document::{Document, PlanStyle};
use crate::app::jobs::Jobs;
use crate::engine::monte_carlo::MonteCarlo;
use crate::model::money::grouped;
use eframe::egui::{self, Color32, Ui};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The ids of the results tabs' plots: fixed (not derived from where the plot sits), so that
/// tests can load a plot's memory (`egui_plot::PlotMemory::load`) and read what it drew.
pub mod plot_ids {
    /// The revenue plot (Revenue over time).
    pub const REVENUE: &str = "results revenue";
    /// The conversations, AI conversations and resolutions (Usage, upper plot).
    pub const USAGE_VOLUME: &str = "results usage volume";
    /// The seats (Usage, lower plot).
    pub const USAGE_SEATS: &str = "results usage seats";
    /// The histograms (Distribution).
    pub const DISTRIBUTION: &str = "results distribution";
}

/// A plot that stays where the view puts it: no dragging, zooming, scrolling or double-click
/// reset by the user (its bounds are the view's; a drag on it, if any, is the view's own).
pub fn fixed_plot(id: impl egui::AsIdSalt) -> egui_plot::Plot<'static> {
    egui_plot::Plot::new(id)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
}

/// Grid lines at round steps of 1, 2 or 5 × 10^k, the labelled ones as close as their labels
/// allow (about 90 px apart) and thinner lines at the next round step below. The plot's own
/// spacer steps by powers of ten only, so a range of 1.3M on a 560 px plot got one label (0.1M
/// steps were too close to label, 1M steps left one).
pub fn round_grid_spacer() -> impl Fn(egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    |input: egui_plot::GridInput| {
        // `base_step_size` is the value of the plot's smallest grid spacing, 8 px.
        let per_px = input.base_step_size / 8.0;
        let (lo, hi) = input.bounds;
        if !(per_px.is_finite() && per_px > 0.0 && lo.is_finite() && hi.is_finite() && hi > lo) {
            return Vec::new();
        }
        let round = |at_least: f64| {
            let power = 10_f64.powf(at_least.log10().floor());
            [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|s| *s >= at_least).unwrap_or(10.0 * power)
        };
        let labelled = round(per_px * 90.0);
        let thin = round(labelled / 5.0 * 0.999).min(labelled / 2.0);
        let mut marks = Vec::new();
        for step in [thin, labelled] {
            let first = (lo / step).ceil();
            let last = (hi / step).floor();
            if last - first > 2000.0 {
                continue;
            }
            let mut k = first;
            while k <= last {
                marks.push(egui_plot::GridMark { value: k * step, step_size: step });
                k += 1.0;
            }
        }
        // A labelled line replaces the thin one at the same value.
        marks.sort_by(|a, b| a.value.total_cmp(&b.value).then(b.step_size.total_cmp(&a.step_size)));
        marks.dedup_by(|later, earlier| (later.value - earlier.value).abs() < thin * 1e-6);
        marks
    }
}

/// The one place money becomes a plot coordinate.
#[must_use]
pub fn plot_value(amount: Decimal) -> f64 {
    amount.to_f64().unwrap_or(0.0)
}

/// An amount with its currency and thousands separators: `"USD 1,234.50"`.
#[must_use]
pub fn money_text(currency: &str, amount: Decimal) -> String {
    format!("{currency} {}", grouped(amount))
}

/// A plan's colour.
#[must_use]
pub fn color(style: &PlanStyle) -> Color32 {
    Color32::from_rgb(style.color[0], style.color[1], style.color[2])
}

/// Axis labels for money whose marks are `step` apart: 1.5k, 3.4M, 5.6B.
#[must_use]
pub fn axis_money(value: f64, step: f64) -> String {
    crate::model::money::axis_amount(value, step)
}

/// What every results view draws from: the results, their Monte Carlo spread when there is one,
/// how each plan is drawn, and the currency.
#[derive(Clone, Copy)]
pub struct Results<'a> {
    /// The deterministic results.
    pub outcome: &'a crate::engine::Outcome,
    /// The Monte Carlo results of the same scenario, if any (see `mc_refreshing`).
    pub mc: Option<&'a MonteCarlo>,
    /// `mc` is of the version before the last edit, kept on screen while the new run computes
    /// (same plans and months: the figures still line up).
    pub mc_refreshing: bool,
    /// One style per plan.
    pub styles: &'a [PlanStyle],
    /// The currency code.
    pub currency: &'a str,
    /// The scenario being edited (the outcome may be of its last valid version).
    pub scenario: &'a crate::model::Scenario,
    /// The document's [`id`](crate::app::document::Document::id).
    pub document: u64,
    /// The document's [`revision`](crate::app::document::Document::revision) and
    /// [`outcome_revision`](crate::app::document::Document::outcome_revision): what a view caches
    /// the figures it works out from these by.
    pub revision: (u64, u64),
}

/// Which view the central area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Tab {
    /// Revenue per plan over time.
    #[default]
    Revenue,
    /// Grouped bars per plan per year.
    Yearly,
    /// Conversations, AI conversations, resolutions and seats.
    Usage,
    /// The comparison table.
    Summary,
    /// Histograms of the Monte Carlo totals.
    Distribution,
    /// One account's bill lines per month.
    Invoice,
    /// Real customers' bills under every plan (a scenario with recorded usage).
    Customers,
    /// A transition's revenue against staying, and its accounts over time (a scenario with a
    /// transition).
    Transition,
    /// What one customer would pay and save: the view for a sales call.
    Quote,
    /// Sweeps, break-even and sensitivity.
    Analysis,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Self; 10] = [
        Self::Revenue,
        Self::Yearly,
        Self::Usage,
        Self::Summary,
        Self::Distribution,
        Self::Invoice,
        Self::Customers,
        Self::Transition,
        Self::Quote,
        Self::Analysis,
    ];

    /// The tab's title.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Revenue => "Revenue over time",
            Self::Yearly => "Yearly totals",
            Self::Usage => "Usage",
            Self::Summary => "Summary",
            Self::Distribution => "Distribution",
            Self::Invoice => "Invoice",
            Self::Customers => "Customers",
            Self::Transition => "Transition",
            Self::Quote => "Quote",
            Self::Analysis => "Analysis",
        }
    }
}

/// The central area and the state of its views.
#[derive(Debug, Default)]
pub struct ResultsPanel {
    /// The tab shown.
    pub tab: Tab,
    /// The revenue plot's settings.
    pub revenue: RevenueView,
    /// The summary table's settings.
    pub summary: SummaryView,
    /// The invoice's settings.
    pub invoice: InvoiceView,
    /// The distribution view's settings.
    pub distribution: distribution::DistributionView,
    /// The analyses.
    pub analysis: analyses::AnalysisView,
    /// The customers of a scenario with recorded usage.
    pub customers: customers::CustomersView,
    /// A customer's quote.
    pub quote: quote::QuoteView,
    /// The transition shown.
    pub transition: transition::TransitionView,
}

impl ResultsPanel {
    /// Shows the invoice of `account` under `plan` (from the Customers tab).
    pub fn show_invoice(&mut self, account: usize, plan: usize) {
        self.invoice.account = account;
        self.invoice.plan = plan;
        self.tab = Tab::Invoice;
    }
}

impl ResultsPanel {
    /// Shows the results of `doc`; `presenting`: the tab's results alone, without the tabs or
    /// the quote's settings.
    pub fn ui(&mut self, ui: &mut Ui, doc: &Document, jobs: &Jobs, presenting: bool, out: &mut Commands) {
        let mc = jobs.monte_carlo.latest();
        let recorded = customers::has_customers(doc);
        if self.tab == Tab::Customers && !recorded {
            self.tab = Tab::Summary;
        }
        let moving = !doc.state().scenario.transitions.is_empty();
        if self.tab == Tab::Transition && !moving {
            self.tab = Tab::Summary;
        }
        if !presenting {
            // (Wrapped: eight tabs do not fit a narrow window on one line.)
            ui.horizontal_wrapped(|ui| {
                for tab in Tab::ALL {
                    // (Customers only for a scenario with recorded usage, Transition only for
                    // one with a transition.)
                    if (tab != Tab::Customers || recorded)
                        && (tab != Tab::Transition || moving)
                        && ui.selectable_label(self.tab == tab, tab.label()).clicked()
                    {
                        out.push(Command::ShowTab(tab));
                    }
                }
            });
            ui.separator();
        }
        if self.tab == Tab::Analysis {
            // The analyses compute from the scenario, not from the results shown.
            self.analysis.ui(ui, doc, jobs, out);
            return;
        }
        if self.tab == Tab::Quote {
            // So does the quote (one account alone, with its own Monte Carlo run).
            self.quote.ui(ui, doc, jobs, &doc.state().styles, presenting, out);
            return;
        }
        let Some(outcome) = &doc.outcome else {
            if doc.is_simulating() {
                ui.horizontal(|ui| {
                    ui.add(egui::Spinner::new());
                    ui.label("Simulating the scenario…");
                });
            } else {
                ui.label("The scenario has problems (see the editor) and has never simulated.");
            }
            return;
        };
        if doc.is_simulating() {
            ui.horizontal(|ui| {
                ui.add(egui::Spinner::new());
                ui.weak("Checking and simulating the edited scenario: these are the results of the version before.");
            });
        } else if !doc.is_current() {
            ui.colored_label(
                Color32::from_rgb(200, 120, 0),
                "The scenario has problems: these are the results of its last valid version.",
            );
        }
        let state = doc.state();
        // Figures of the version before the last edit line up with these results only when
        // the plans and months are the same.
        let mc = mc.filter(|(mc, current)| *current || lines_up(mc, outcome));
        let results = Results {
            outcome,
            mc: mc.map(|(mc, _)| mc),
            mc_refreshing: mc.is_some_and(|(_, current)| !current),
            styles: &state.styles,
            currency: &state.scenario.currency,
            scenario: &state.scenario,
            document: doc.id(),
            revision: (doc.revision(), doc.outcome_revision()),
        };
        match self.tab {
            Tab::Revenue => self.revenue.ui(ui, results),
            Tab::Yearly => yearly::ui(ui, results),
            Tab::Usage => usage::ui(ui, outcome),
            Tab::Summary => self.summary.ui(ui, results),
            Tab::Distribution => self.distribution.ui(ui, results),
            Tab::Invoice => self.invoice.ui(ui, results),
            Tab::Customers => self.customers.ui(ui, doc, jobs, results, out),
            Tab::Transition => self.transition.ui(ui, results),
            Tab::Analysis | Tab::Quote => {}
        }
    }
}

/// Whether Monte Carlo results `mc` have the plans and months of `outcome`.
fn lines_up(mc: &MonteCarlo, outcome: &crate::engine::Outcome) -> bool {
    mc.plans.len() == outcome.plans.len()
        && mc.plans.iter().zip(&outcome.plans).all(|(m, p)| m.name == p.name && m.monthly.len() == outcome.months.len())
}

/// What is said of Monte Carlo figures kept from the version before the last edit.
pub const REFRESHING: &str = "of the version before your last edit: refreshing…";

/// A coloured square before a plan's name.
pub fn swatch(ui: &mut Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, color);
}

/// One entry of a legend laid out in a `horizontal_wrapped` row: a swatch and a name, moved to
/// the next line whole when it does not fit in what is left of this one (a name is never split).
pub fn legend_entry(ui: &mut Ui, color: Color32, name: &str) {
    let text = egui::WidgetText::from(name).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Body,
    );
    // The swatch, the spacing after it and after the name, and the name.
    let width = 10.0 + 2.0 * ui.spacing().item_spacing.x + text.size().x + 2.0;
    let left = ui.available_size_before_wrap().x;
    if left < width && left < ui.max_rect().width() {
        ui.end_row();
    }
    swatch(ui, color);
    ui.add(egui::Label::new(name).extend());
    ui.add_space(8.0);
}

/// A table's plan cell: the plan's colour (when it has a style), then its name.
pub fn plan_cell(ui: &mut Ui, style: Option<&PlanStyle>, name: &str) {
    ui.horizontal(|ui| {
        if let Some(style) = style {
            swatch(ui, color(style));
        }
        ui.label(name);
    });
}

/// A P10–P90 band around a plan's line, month by month: one convex quad per step (a plot
/// polygon must be convex), unnamed (the band is explained beside the plot, not in the legend).
pub fn band(plot_ui: &mut egui_plot::PlotUi<'_>, id: &str, low_high: &[(f64, f64)], c: Color32) {
    let fill = Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 45);
    for (m, pair) in low_high.windows(2).enumerate() {
        #[allow(clippy::cast_precision_loss)] // month indices
        let (x0, x1) = (m as f64, (m + 1) as f64);
        let quad = vec![[x0, pair[0].0], [x1, pair[1].0], [x1, pair[1].1], [x0, pair[0].1]];
        plot_ui.polygon(
            egui_plot::Polygon::new("", egui_plot::PlotPoints::from(quad))
                .fill_color(fill)
                .stroke(egui::Stroke::NONE)
                .allow_hover(false)
                .id((id, m)),
        );
    }
}

/// The index a plot coordinate stands on, when it is within a whole number's reach of one of
/// `len` items (`x` of 2.0000001 is item 2; 2.5 is none).
#[must_use]
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn index_at(x: f64, len: usize) -> Option<usize> {
    let i = x.round();
    // The range check makes the cast exact.
    ((x - i).abs() < 1e-6 && i >= 0.0 && i < len as f64).then_some(i as usize)
}

/// The index nearest to a plot coordinate, among `len` items.
#[must_use]
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn nearest_index(x: f64, len: usize) -> Option<usize> {
    let i = x.round();
    (i >= 0.0 && i < len as f64).then_some(i as usize)
}

/// Labels the whole-number marks of a plot's x axis with `labels`.
pub fn label_axis(labels: Vec<String>) -> impl Fn(egui_plot::GridMark, &std::ops::RangeInclusive<f64>) -> String {
    move |mark, _| index_at(mark.value, labels.len()).map(|i| labels[i].clone()).unwrap_or_default()
}

/// A table of plans whose first column (the plan) stays in place while the other columns
/// scroll sideways under a visible scroll bar when they do not fit: rows keep their names at any
/// window width. `first(ui, None)` draws the first column's header and `first(ui, Some(row))` its
/// cells; `rest` the same for the other cells of a row (each cell a widget of its own). Both
/// sides' rows are one height, so they line up.
pub fn frozen_table(
    ui: &mut Ui,
    id: &str,
    rows: &[usize],
    spacing: f32,
    mut first: impl FnMut(&mut Ui, Option<usize>),
    mut rest: impl FnMut(&mut Ui, Option<usize>),
) {
    let height = ui.spacing().interact_size.y;
    ui.horizontal_top(|ui| {
        egui::Grid::new((id, "first")).striped(true).min_row_height(height).spacing([spacing, 4.0]).show(ui, |ui| {
            first(ui, None);
            ui.end_row();
            for &r in rows {
                first(ui, Some(r));
                ui.end_row();
            }
        });
        // A solid bar, always drawn when the columns overflow (egui's floating one shows only
        // under the pointer, and the clipped columns would look like the whole table).
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        egui::ScrollArea::horizontal()
            .id_salt((id, "scroll"))
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::VisibleWhenNeeded)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new((id, "rest")).striped(true).min_row_height(height).spacing([spacing, 4.0]).show(
                    ui,
                    |ui| {
                        rest(ui, None);
                        ui.end_row();
                        for &r in rows {
                            rest(ui, Some(r));
                            ui.end_row();
                        }
                    },
                );
            });
    });
}

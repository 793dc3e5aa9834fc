//! Small editing widgets shared by the editor panels: labelled fields that refuse invalid
//! values, and the engine's problems shown beside the field they concern.

use crate::model::Problem;
use crate::model::money;
use eframe::egui::{self, Color32, DragValue, Ui};
use rust_decimal::Decimal;

/// The colour of problem messages.
pub const PROBLEM_COLOR: Color32 = Color32::from_rgb(220, 60, 50);

/// A problem's message in red, wrapped to the room left (it never widens the editor).
pub fn problem_label(ui: &mut Ui, text: impl Into<String>) -> egui::Response {
    ui.add(egui::Label::new(egui::RichText::new(text.into()).color(PROBLEM_COLOR)).wrap())
}

/// Shows the problems reported exactly at `path` (or inside it, when `inside` is set).
pub fn problems_ui(ui: &mut Ui, problems: &[Problem], path: &str, inside: bool) {
    for p in problems {
        let Some(at) = p.path() else { continue };
        let hit =
            at == path || (inside && (at.starts_with(&format!("{path}.")) || at.starts_with(&format!("{path}["))));
        if hit {
            problem_label(ui, format!("⚠ {}", p.message));
        }
    }
}

/// `"⚠ 1 problem"`, `"⚠ 3 problems"`: how many problems the scenario has.
#[must_use]
pub fn problem_count(n: usize) -> String {
    format!("⚠ {n} problem{}", if n == 1 { "" } else { "s" })
}

/// Whether any problem lies at or inside `path`.
#[must_use]
pub fn has_problem(problems: &[Problem], path: &str) -> bool {
    problems
        .iter()
        .filter_map(Problem::path)
        .any(|at| at == path || at.starts_with(&format!("{path}.")) || at.starts_with(&format!("{path}[")))
}

/// A label and a single-line text field.
pub fn text_row(ui: &mut Ui, label: &str, value: &mut String) -> egui::Response {
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, label);
        ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY)).labelled_by(l.id)
    })
    .inner
}

/// A label and a drag value for a whole number in `range`.
pub fn count_row(ui: &mut Ui, label: &str, value: &mut u64, range: std::ops::RangeInclusive<u64>) -> egui::Response {
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, label);
        checked_drag(ui, value, range, "", |d| d.speed(1.0)).labelled_by(l.id)
    })
    .inner
}

/// A label and a drag value for a number of months (`u32`) in `range`.
pub fn months_row(ui: &mut Ui, label: &str, value: &mut u32, range: std::ops::RangeInclusive<u32>) -> egui::Response {
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, label);
        checked_drag(ui, value, range, " mo", |d| d.speed(0.2)).labelled_by(l.id)
    })
    .inner
}

/// A label and a drag value for a real number in `range`.
pub fn number_row(
    ui: &mut Ui,
    label: &str,
    value: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    speed: f64,
) -> egui::Response {
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, label);
        checked_drag(ui, value, range, "", |d| d.speed(speed).max_decimals(4)).labelled_by(l.id)
    })
    .inner
}

/// How long a refused value's explanation stays beside its field, in seconds (it goes as soon as
/// a good value is typed).
const REFUSAL_SECONDS: f64 = 12.0;

/// A drag value for a number in `range`, with `suffix` shown after it (and accepted when
/// typed), configured by `configure` (speed, decimals). A value already outside the range (a
/// file opened with problems) is shown as it is, not changed behind the user's back. A typed
/// value outside the range, or text that is not a number, is not applied, and beside the field
/// a message says why (see [`refusal_note`]).
pub fn checked_drag<N: egui::emath::Numeric>(
    ui: &mut Ui,
    value: &mut N,
    range: std::ops::RangeInclusive<N>,
    suffix: &str,
    configure: impl FnOnce(DragValue<'_>) -> DragValue<'_>,
) -> egui::Response {
    let (low, high) = (range.start().to_f64(), range.end().to_f64());
    let refused: std::cell::Cell<Option<Option<String>>> = std::cell::Cell::new(None);
    let unit = suffix.trim();
    let parser = |text: &str| -> Option<f64> {
        let cleaned: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .map(|c| if c == '\u{2212}' { '-' } else { c })
            .collect();
        let number = if unit.is_empty() { cleaned.as_str() } else { cleaned.trim_end_matches(unit) };
        let shown = |x: f64| format!("{}{suffix}", fmt_number(x));
        let why = match number.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= low && x <= high => {
                refused.set(Some(None));
                return if N::INTEGRAL && x.fract() != 0.0 {
                    refused.set(Some(Some(format!("{} is not a whole number", text.trim()))));
                    None
                } else {
                    Some(x)
                };
            }
            Ok(x) if x.is_finite() && x < low => format!("{} is below the lowest allowed, {}", shown(x), shown(low)),
            Ok(x) if x.is_finite() => format!("{} is above the highest allowed, {}", shown(x), shown(high)),
            _ => format!("\"{}\" is not a number", text.trim()),
        };
        refused.set(Some(Some(why)));
        None
    };
    let mut drag = DragValue::new(value).range(range).clamp_existing_to_range(false).custom_parser(parser);
    if !suffix.is_empty() {
        drag = drag.suffix(suffix);
    }
    let response = ui.add(configure(drag));
    if let Some(outcome) = refused.take() {
        note_refusal(ui, response.id, outcome);
    }
    refusal_note(ui, response.id, response.has_focus());
    response
}

/// A number as a person types it: no trailing zeros, at most six decimals.
fn fmt_number(x: f64) -> String {
    let text = format!("{x:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_owned() } else { text.to_owned() }
}

/// Records why the value typed into the field `id` was refused (`Some`), or that it was taken
/// (`None`, which removes the note).
fn note_refusal(ui: &Ui, id: egui::Id, why: Option<String>) {
    let key = id.with("refused");
    let now = ui.input(|i| i.time);
    ui.data_mut(|d| match why {
        Some(why) => {
            d.insert_temp(key, (why, now));
        }
        None => d.remove::<(String, f64)>(key),
    });
}

/// Shows, beside the field `id` (when it is not being typed into), why its last typed value was
/// refused, for [`REFUSAL_SECONDS`].
fn refusal_note(ui: &mut Ui, id: egui::Id, typing: bool) {
    let key = id.with("refused");
    let Some((why, at)) = ui.data(|d| d.get_temp::<(String, f64)>(key)) else { return };
    let age = ui.input(|i| i.time) - at;
    if age > REFUSAL_SECONDS {
        ui.data_mut(|d| d.remove::<(String, f64)>(key));
        return;
    }
    if !typing {
        problem_label(ui, format!("{why}: not applied"));
        ui.ctx().request_repaint_after(std::time::Duration::from_secs_f64(REFUSAL_SECONDS - age + 0.05));
    }
}

/// A label and a drag value for a share in [0, 1], shown as a percentage.
pub fn share_row(ui: &mut Ui, label: &str, value: &mut f64) -> egui::Response {
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, label);
        share_edit(ui, value).labelled_by(l.id)
    })
    .inner
}

/// A share in [0, 1], edited as a percentage.
pub fn share_edit(ui: &mut Ui, value: &mut f64) -> egui::Response {
    let mut percent = *value * 100.0;
    let response = checked_drag(ui, &mut percent, 0.0..=100.0, "%", |d| d.speed(0.5).max_decimals(2));
    if response.changed() {
        *value = (percent / 100.0).clamp(0.0, 1.0);
    }
    response
}

/// A label and a money field.
pub fn money_row(ui: &mut Ui, label: &str, value: &mut Decimal) -> egui::Response {
    ui.horizontal(|ui| {
        let l = crate::app::glossary::label(ui, label);
        money_edit(ui, value, 90.0).labelled_by(l.id)
    })
    .inner
}

/// A money field: typed as text, kept only when it is a non-negative decimal with at most 15
/// digits before the point; anything else is shown in red and not applied. What is typed is
/// applied as it is typed (the plots follow); while the text is not an amount, the value is the
/// one from before the typing began (`12` then `12x` leaves the price it had, not 12), and
/// leaving the field with such text shows that value again.
pub fn money_edit(ui: &mut Ui, value: &mut Decimal, width: f32) -> egui::Response {
    let id = ui.next_auto_id();
    let before_id = id.with("before");
    let mut text: String = ui.data_mut(|d| d.get_temp::<String>(id)).unwrap_or_else(|| value.normalize().to_string());
    let stored_value = ui.data_mut(|d| d.get_temp::<Decimal>(id.with("value")));
    if stored_value != Some(*value) && !ui.memory(|m| m.has_focus(id)) {
        // The value changed elsewhere (undo, another widget): show it.
        text = value.normalize().to_string();
    }
    let parsed = money::parse_amount(&text);
    let mut edit = egui::TextEdit::singleline(&mut text).id(id).desired_width(width);
    if parsed.is_err() {
        edit = edit.text_color(PROBLEM_COLOR);
    }
    let mut response = ui.add(edit);
    if response.gained_focus() {
        let now = *value;
        ui.data_mut(|d| d.insert_temp(before_id, now));
    }
    let before = ui.data_mut(|d| d.get_temp::<Decimal>(before_id));
    if response.changed() {
        match money::parse_amount(&text) {
            Ok(v) if v != *value => *value = v,
            Ok(_) => {}
            // Not an amount: what was typed before it is not applied either.
            Err(_) => {
                if let Some(before) = before {
                    *value = before;
                }
            }
        }
    }
    match money::parse_amount(&text) {
        Err(why) if response.lost_focus() => {
            // Left with text that is not an amount: the field shows the value from before the
            // typing again, and says what was not applied.
            if let Some(before) = before {
                *value = before;
            }
            note_refusal(ui, id, Some(why));
            text = value.normalize().to_string();
        }
        Err(why) => {
            response = response.on_hover_text(&why);
            problem_label(ui, why);
        }
        Ok(_) if response.changed() => note_refusal(ui, id, None),
        Ok(_) => {}
    }
    refusal_note(ui, id, response.has_focus());
    ui.data_mut(|d| {
        d.insert_temp(id, text);
        d.insert_temp(id.with("value"), *value);
    });
    response
}

/// One small "…" button opening the actions on item `i` of a list (move up, move down,
/// duplicate, remove); returns what was chosen. One button rather than four leaves the row's
/// width to the item's name. Drawn in a right-to-left layout, it keeps clear of the panel's
/// scroll bar.
pub fn list_buttons(ui: &mut Ui, i: usize, len: usize, what: &str) -> Option<ListAction> {
    let mut action = None;
    ui.add_space(ui.spacing().scroll.bar_width + ui.spacing().scroll.bar_outer_margin);
    ui.menu_button("…", |ui| {
        let items = [
            (ListAction::Up, format!("⬆ Move this {what} up"), i > 0),
            (ListAction::Down, format!("⬇ Move this {what} down"), i + 1 < len),
            (ListAction::Duplicate, format!("🗐 Duplicate this {what}"), true),
            (ListAction::Remove, format!("🗑 Remove this {what}"), len > 1),
        ];
        for (a, label, enabled) in items {
            if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                action = Some(a);
                ui.close();
            }
        }
    })
    .response
    .on_hover_text(format!("Move, duplicate or remove this {what}"));
    action
}

/// A change to the order or membership of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAction {
    /// Swap with the previous item.
    Up,
    /// Swap with the next item.
    Down,
    /// Insert a copy after the item.
    Duplicate,
    /// Remove the item.
    Remove,
}

/// Applies a list action to `items` at `i`, renaming a duplicate with `rename`.
pub fn apply_list_action<T: Clone>(items: &mut Vec<T>, i: usize, action: ListAction, rename: impl FnOnce(&mut T)) {
    match action {
        ListAction::Up if i > 0 && i < items.len() => items.swap(i, i - 1),
        ListAction::Down if i + 1 < items.len() => items.swap(i, i + 1),
        ListAction::Duplicate if i < items.len() => {
            let mut copy = items[i].clone();
            rename(&mut copy);
            items.insert(i + 1, copy);
        }
        ListAction::Remove if i < items.len() => {
            items.remove(i);
        }
        _ => {}
    }
}

/// A name not yet in `taken`: `base`, else `base 2`, `base 3`…
#[must_use]
#[allow(clippy::needless_pass_by_value)] // the iterator is cloned for each candidate
pub fn unique_name<'a>(base: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    let base = base.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ').trim_end_matches(" copy");
    let base = if base.is_empty() { "Item" } else { base };
    (1..)
        .map(|n| if n == 1 { base.to_owned() } else { format!("{base} {n}") })
        .find(|candidate| !taken.clone().any(|t| t == candidate))
        .unwrap_or_else(|| base.to_owned())
}

/// Whether `name` contains `needle`, ignoring case (`needle` already in lower case): how the
/// *Find* fields match names.
#[must_use]
pub fn name_matches(name: &str, needle: &str) -> bool {
    needle.is_empty() || name.to_lowercase().contains(needle)
}

/// A drop-down lists at most this many choices; a longer list gets a field to narrow it.
pub const MAX_LISTED: usize = 50;

/// The choices of a drop-down (inside `ComboBox::show_ui`): each `(index, name)` through `show`.
/// A list longer than [`MAX_LISTED`] starts with a *Find* field and shows only the first
/// [`MAX_LISTED`] names containing its text (ignoring case), then how many more there are: a
/// profile among thousands is found by typing, and the open list stays quick to draw.
pub fn choices<'a>(
    ui: &mut Ui,
    id: egui::Id,
    items: impl Iterator<Item = (usize, &'a str)> + Clone,
    mut show: impl FnMut(&mut Ui, usize, &str),
) {
    let long = items.clone().nth(MAX_LISTED).is_some();
    let needle = if long {
        let mut text = ui.data_mut(|d| d.get_temp::<String>(id)).unwrap_or_default();
        let field =
            ui.add(egui::TextEdit::singleline(&mut text).hint_text("Find: part of a name").desired_width(200.0));
        // Ready to type into as the list opens (unless something else has the focus).
        if text.is_empty() && ui.memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        let needle = text.trim().to_lowercase();
        ui.data_mut(|d| d.insert_temp(id, text));
        needle
    } else {
        String::new()
    };
    let mut matching = items.filter(|(_, name)| name_matches(name, &needle));
    for (index, name) in matching.by_ref().take(MAX_LISTED) {
        show(ui, index, name);
    }
    let more = matching.count();
    if more > 0 {
        ui.weak(format!("… and {more} more: type to narrow the list"));
    }
}

/// Width the list button takes in a header row, with the scroll bar's room beside it.
const LIST_BUTTONS_WIDTH: f32 = 48.0;

/// A header label that leaves room for the list buttons, cut short with "…" when it is too long.
pub fn header_label(ui: &mut Ui, text: egui::RichText) {
    let width = (ui.available_width() - LIST_BUTTONS_WIDTH).max(30.0);
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(egui::vec2(width, height), egui::Layout::left_to_right(egui::Align::Center), |ui| {
        // (A name cut short shows whole under the pointer.)
        ui.add(egui::Label::new(text).truncate());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_count_up() {
        let taken = ["Seats", "Seats 2", "Other"];
        assert_eq!(unique_name("Seats", taken.iter().copied()), "Seats 3");
        assert_eq!(unique_name("Seats 2", taken.iter().copied()), "Seats 3");
        assert_eq!(unique_name("New", taken.iter().copied()), "New");
    }

    #[test]
    fn list_actions_keep_the_list_consistent() {
        let mut v = vec![1, 2, 3];
        apply_list_action(&mut v, 0, ListAction::Down, |_| {});
        assert_eq!(v, [2, 1, 3]);
        apply_list_action(&mut v, 2, ListAction::Duplicate, |x| *x *= 10);
        assert_eq!(v, [2, 1, 3, 30]);
        apply_list_action(&mut v, 0, ListAction::Remove, |_| {});
        assert_eq!(v, [1, 3, 30]);
        apply_list_action(&mut v, 0, ListAction::Up, |_| {});
        assert_eq!(v, [1, 3, 30]);
    }

    #[test]
    fn money_text_is_checked() {
        assert!(money::parse_amount("-1").is_err());
        assert!(money::parse_amount("1234567890123456").is_err());
        assert_eq!(money::parse_amount("0.99").unwrap(), Decimal::new(99, 2));
    }
}

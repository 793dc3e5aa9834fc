//! The user's guide, inside the app (Help ▸ User's guide): the README and the pages of `docs/`,
//! built into the program, so that someone with only the program has them too.

use eframe::egui::{self, RichText, Ui};

/// One chapter: its title in the list, and its text (Markdown, as in `docs/`).
pub struct Chapter {
    /// The title in the chapter list.
    pub title: &'static str,
    /// The page, as written in the repository.
    pub text: &'static str,
    /// The sections (`## ` headings) left out: building and testing the program is for the
    /// people who work on it, not for those who use it.
    pub skip: &'static [&'static str],
}

/// Every chapter, in reading order.
pub const CHAPTERS: &[Chapter] = &[
    Chapter {
        title: "Getting started",
        text: include_str!("../../README.md"),
        skip: &["Run it", "Test it", "For developers"],
    },
    Chapter { title: "Writing a scenario", text: include_str!("../../docs/format.md"), skip: &[] },
    Chapter { title: "The Monte Carlo", text: include_str!("../../docs/monte-carlo.md"), skip: &[] },
    Chapter { title: "Sweep, solve and tornado", text: include_str!("../../docs/analyses.md"), skip: &[] },
    Chapter { title: "Your customers' usage", text: include_str!("../../docs/import.md"), skip: &[] },
    Chapter { title: "Quotes and proposals", text: include_str!("../../docs/quote.md"), skip: &[] },
    Chapter { title: "Unsaved edits after a crash", text: include_str!("../../docs/recovery.md"), skip: &[] },
];

impl Chapter {
    /// The chapter's text without the sections it skips.
    #[must_use]
    pub fn shown(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut skipping = false;
        let mut code = false;
        for line in self.text.lines() {
            if line.starts_with("```") {
                code = !code;
            }
            if !code && let Some(title) = line.strip_prefix("## ") {
                skipping = self.skip.contains(&title.trim());
            }
            if !skipping {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }
}

/// The guide's window: the chapters on the left, the one chosen on the right; four fifths of
/// the app's window to begin with, and resizable.
pub fn window(ctx: &egui::Context, open: &mut bool, chapter: &mut usize) {
    let room = ctx.content_rect().size();
    let window = egui::Window::new("User's guide")
        .open(open)
        .resizable(true)
        .default_width((room.x * 0.8).clamp(600.0, 1400.0))
        .default_height((room.y * 0.8).clamp(400.0, 1000.0));
    window.pivot(egui::Align2::CENTER_CENTER).default_pos(ctx.content_rect().center()).show(ctx, |ui| {
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(190.0);
                for (i, c) in CHAPTERS.iter().enumerate() {
                    ui.selectable_value(chapter, i, c.title);
                }
            });
            ui.separator();
            egui::ScrollArea::both().id_salt(("guide", *chapter)).show(ui, |ui| {
                if let Some(c) = CHAPTERS.get(*chapter) {
                    let text = drawable(ui.ctx(), *chapter, c);
                    ui.vertical(|ui| page(ui, &text));
                }
            });
        });
    });
}

/// The chapter's text with every character the app's fonts cannot draw replaced by what it stands for
/// (`▸` by `>`, `⌈x⌉` by `ceil(x)`…), worked out once per chapter.
fn drawable(ctx: &egui::Context, chapter: usize, c: &Chapter) -> std::sync::Arc<String> {
    let id = egui::Id::unique(("guide text", chapter));
    if let Some(done) = ctx.data(|d| d.get_temp::<std::sync::Arc<String>>(id)) {
        return done;
    }
    let text = c.shown();
    let font = egui::FontId::proportional(14.0);
    let mut out = String::with_capacity(text.len());
    ctx.fonts_mut(|fonts| {
        for c in text.chars() {
            if c.is_ascii() || fonts.has_glyph(&font, c) {
                out.push(c);
            } else {
                out.push_str(fallback(c));
            }
        }
    });
    let out = std::sync::Arc::new(out);
    ctx.data_mut(|d| d.insert_temp(id, out.clone()));
    out
}

/// Plain text for a character a font lacks.
fn fallback(c: char) -> &'static str {
    match c {
        '▸' | '→' => ">",
        '⌈' => "ceil(",
        '⌉' => ")",
        '—' | '–' | '−' => "-",
        '…' => "...",
        '×' => "x",
        '·' => "-",
        '±' => "+/-",
        '½' => "1/2",
        '²' => "^2",
        '₀' => "0",
        'σ' => "sigma",
        'χ' => "chi",
        _ => "",
    }
}

/// A Markdown page as text: headings, paragraphs, lists, tables and code as they read.
fn page(ui: &mut Ui, text: &str) {
    let mut code = false;
    let mut paragraph = String::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let flush = |ui: &mut Ui, paragraph: &mut String| {
        if !paragraph.is_empty() {
            ui.add(egui::Label::new(inline(paragraph)).wrap());
            paragraph.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim_start();
        if !code && trimmed.starts_with('|') {
            flush(ui, &mut paragraph);
            // A row of cells; the `| --- |` line under the header draws nothing.
            if !trimmed.trim_start_matches(['|', ' ', '-', ':']).is_empty() {
                let cells = trimmed.trim().trim_matches('|').split('|').map(|c| inline(c.trim())).collect();
                table.push(cells);
            }
            continue;
        }
        if !table.is_empty() {
            grid(ui, &std::mem::take(&mut table));
        }
        if line.starts_with("```") {
            flush(ui, &mut paragraph);
            code = !code;
            continue;
        }
        if code {
            // Code and sample outputs keep their lines (their columns line up).
            ui.add(egui::Label::new(RichText::new(line).monospace()).extend());
            continue;
        }
        if let Some(title) = line.strip_prefix("# ") {
            flush(ui, &mut paragraph);
            ui.heading(inline(title));
        } else if let Some(title) = line.strip_prefix("## ").or_else(|| line.strip_prefix("### ")) {
            flush(ui, &mut paragraph);
            ui.add_space(6.0);
            ui.label(RichText::new(inline(title)).strong().size(16.0));
        } else if trimmed.is_empty() {
            flush(ui, &mut paragraph);
            ui.add_space(4.0);
        } else if trimmed.starts_with("![") {
            // Screenshots are in the repository's docs/images.
            flush(ui, &mut paragraph);
        } else if let Some(item) = trimmed.strip_prefix("- ").or_else(|| numbered(trimmed)) {
            flush(ui, &mut paragraph);
            paragraph.push_str("• ");
            paragraph.push_str(item);
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(trimmed);
        }
    }
    flush(ui, &mut paragraph);
    if !table.is_empty() {
        grid(ui, &table);
    }
}

/// A Markdown table as a grid, its first row the header; each column as wide as its share of
/// the longest cells, so that a short column is not wrapped to a letter a line.
fn grid(ui: &mut Ui, rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let spacing = 16.0;
    #[allow(clippy::cast_precision_loss)] // a few columns
    let room = (ui.available_width() - spacing * columns.saturating_sub(1) as f32).max(200.0);
    #[allow(clippy::cast_precision_loss)] // lengths of cells of text
    let longest: Vec<f32> = (0..columns)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(1).max(4) as f32)
        .collect();
    let total: f32 = longest.iter().sum::<f32>().max(1.0);
    let widths: Vec<f32> = longest.iter().map(|l| (room * l / total).clamp(60.0_f32.min(room), room)).collect();
    ui.add_space(2.0);
    egui::Grid::new(ui.next_auto_id()).striped(true).spacing([spacing, 4.0]).show(ui, |ui| {
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let text = if r == 0 { RichText::new(cell).strong() } else { RichText::new(cell) };
                let width = widths.get(c).copied().unwrap_or(room);
                ui.allocate_ui_with_layout(egui::vec2(width, 0.0), egui::Layout::top_down(egui::Align::Min), |ui| {
                    ui.set_width(width);
                    ui.add(egui::Label::new(text).wrap());
                });
            }
            ui.end_row();
        }
    });
    ui.add_space(4.0);
}

/// The item of a numbered list line (`1. …`).
fn numbered(line: &str) -> Option<&str> {
    let (number, rest) = line.split_once(". ")?;
    number.bytes().all(|b| b.is_ascii_digit()).then_some(rest).filter(|_| !number.is_empty())
}

/// Inline Markdown as plain text: emphasis marks dropped, links shown by their words.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        // `[words](target)`: the words.
        let link = rest[open..].find("](").and_then(|close| {
            let after = open + close + 2;
            rest[after..].find(')').map(|end| (open + close, after + end))
        });
        match link {
            Some((close, end)) if !rest[open + 1..close].contains('[') => {
                out.push_str(&rest[..open]);
                out.push_str(&rest[open + 1..close]);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    let out = out.replace("**", "").replace('`', "").replace("<br>", " ");
    // `*emphasis*`: a star with a space (or the line's end) on one side only is a mark.
    let chars: Vec<char> = out.chars().collect();
    let blank = |c: Option<&char>| c.is_none_or(|c| c.is_whitespace() || "([{,.;:!?)]}".contains(*c));
    chars
        .iter()
        .enumerate()
        .filter(|(i, c)| **c != '*' || blank(i.checked_sub(1).and_then(|j| chars.get(j))) == blank(chars.get(i + 1)))
        .map(|(_, c)| *c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_reads_as_text() {
        assert_eq!(inline("see [format.md](format.md) and **this** `code`"), "see format.md and this code");
        assert_eq!(inline("a [bracket] stays"), "a [bracket] stays");
        assert_eq!(
            inline("the *Summary* tab (*File ▸ Save*), 2*3 and a * b"),
            "the Summary tab (File ▸ Save), 2*3 and a * b"
        );
        assert_eq!(numbered("12. twelfth"), Some("twelfth"));
        assert_eq!(numbered("v. 2"), None);
    }

    #[test]
    fn the_guide_leaves_out_building_and_testing() {
        let readme = CHAPTERS[0].shown();
        assert!(readme.starts_with("# pricelab"));
        for gone in ["## Run it", "## Test it", "cargo test --locked", "## For developers"] {
            assert!(!readme.contains(gone), "{gone}");
        }
        for kept in ["## Three tours", "## The desktop app", "## Deciding a price"] {
            assert!(readme.contains(kept), "{kept}");
        }
        assert_eq!(CHAPTERS[1].shown().trim_end(), CHAPTERS[1].text.trim_end());
    }

    #[test]
    fn every_chapter_has_a_title_of_its_own() {
        for c in CHAPTERS {
            assert!(c.text.starts_with("# "), "{}", c.title);
        }
    }
}

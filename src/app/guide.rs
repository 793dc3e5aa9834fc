//! The user's guide, inside the app (Help ▸ User's guide): the README and the pages of `docs/`,
//! built into the program, so that someone with only the program has them too.

use eframe::egui::{self, RichText, Ui};

/// One chapter: its title in the list, and its text (Markdown, as in `docs/`).
pub struct Chapter {
    /// The title in the chapter list.
    pub title: &'static str,
    /// The page, as written in the repository.
    pub text: &'static str,
}

/// Every chapter, in reading order.
pub const CHAPTERS: &[Chapter] = &[
    Chapter { title: "Getting started", text: include_str!("../../README.md") },
    Chapter { title: "Writing a scenario", text: include_str!("../../docs/format.md") },
    Chapter { title: "The Monte Carlo", text: include_str!("../../docs/monte-carlo.md") },
    Chapter { title: "Sweep, solve and tornado", text: include_str!("../../docs/analyses.md") },
    Chapter { title: "Your customers' usage", text: include_str!("../../docs/import.md") },
    Chapter { title: "Quotes and proposals", text: include_str!("../../docs/quote.md") },
    Chapter { title: "Unsaved edits after a crash", text: include_str!("../../docs/recovery.md") },
];

/// The guide's window: the chapters on the left, the one chosen on the right.
pub fn window(ctx: &egui::Context, open: &mut bool, chapter: &mut usize) {
    let window = egui::Window::new("User's guide").open(open).default_width(760.0).default_height(560.0);
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
                    let text = drawable(ui.ctx(), *chapter, c.text);
                    ui.vertical(|ui| page(ui, &text));
                }
            });
        });
    });
}

/// `text` with every character the app's fonts cannot draw replaced by what it stands for
/// (`▸` by `>`, `⌈x⌉` by `ceil(x)`…), worked out once per chapter.
fn drawable(ctx: &egui::Context, chapter: usize, text: &str) -> std::sync::Arc<String> {
    let id = egui::Id::unique(("guide text", chapter));
    if let Some(done) = ctx.data(|d| d.get_temp::<std::sync::Arc<String>>(id)) {
        return done;
    }
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
    let flush = |ui: &mut Ui, paragraph: &mut String| {
        if !paragraph.is_empty() {
            ui.add(egui::Label::new(inline(paragraph)).wrap());
            paragraph.clear();
        }
    };
    for line in text.lines() {
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
        let trimmed = line.trim_start();
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
        } else if trimmed.starts_with('|') {
            flush(ui, &mut paragraph);
            if !trimmed.starts_with("| ---") {
                ui.add(egui::Label::new(RichText::new(inline(trimmed)).monospace()).wrap());
            }
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
    out.replace("**", "").replace('`', "").replace("<br>", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_reads_as_text() {
        assert_eq!(inline("see [format.md](format.md) and **this** `code`"), "see format.md and this code");
        assert_eq!(inline("a [bracket] stays"), "a [bracket] stays");
        assert_eq!(numbered("12. twelfth"), Some("twelfth"));
        assert_eq!(numbered("v. 2"), None);
    }

    #[test]
    fn every_chapter_has_a_title_of_its_own() {
        for c in CHAPTERS {
            assert!(c.text.starts_with("# "), "{}", c.title);
        }
    }
}

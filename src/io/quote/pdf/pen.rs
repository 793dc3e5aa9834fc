//! Drawing on a proposal's page: the fonts (and measuring text with them), and a pen that draws
//! text, figures, lines and shapes — or, without a page, only measures what it would take.

use super::{FIGURE_ADVANCE, GREY, HEADING, INK, MARGIN};
use crate::io::fonts::{FIGURES as FIGURE_FONT, TEXT as TEXT_FONT};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use unicode_normalization::UnicodeNormalization as _;

fn color(c: [u8; 3]) -> rgb::Color {
    rgb::Color::new(c[0], c[1], c[2])
}

/// The fonts, and the text font's advances for measuring.
pub(super) struct Fonts {
    pub(super) text: Font,
    pub(super) figures: Font,
    face: ttf_parser::Face<'static>,
}

impl Fonts {
    pub(super) fn new() -> Result<Self, String> {
        Ok(Self {
            text: Font::new(TEXT_FONT.into(), 0).ok_or("the text font cannot be read")?,
            figures: Font::new(FIGURE_FONT.into(), 0).ok_or("the figures' font cannot be read")?,
            face: ttf_parser::Face::parse(TEXT_FONT, 0).map_err(|e| format!("the text font cannot be read: {e}"))?,
        })
    }

    /// The width of `text` set in the text font at `size`.
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        let per_em = f32::from(self.face.units_per_em().max(1));
        let units: u32 = text
            .chars()
            .map(|c| self.face.glyph_index(c).and_then(|g| self.face.glyph_hor_advance(g)).map_or(500, u32::from))
            .sum();
        #[allow(clippy::cast_precision_loss)] // a line's advance in font units: small
        let width = units as f32 / per_em * size;
        width
    }

    /// `text` broken into lines at most `width` wide (a word longer than a line is broken too).
    pub(super) fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if self.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word too long for a line of its own is broken where it must be.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if self.width(&piece, size) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Draws on a page — or, without a surface, only measures (what a section would take).
pub(super) struct Pen<'s, 'a> {
    pub(super) surface: Option<&'s mut Surface<'a>>,
    pub(super) fonts: &'s Fonts,
}

/// The height of a line of text of `size`.
pub(super) fn leading(size: f32) -> f32 {
    size * 1.38
}

impl Pen<'_, '_> {
    fn fill(surface: &mut Surface<'_>, c: [u8; 3], opacity: f32) {
        surface.set_fill(Some(Fill {
            paint: color(c).into(),
            opacity: NormalizedF32::new(opacity).unwrap_or(NormalizedF32::ONE),
            rule: krilla::paint::FillRule::NonZero,
        }));
    }

    /// Text with its baseline at `y`; `bold` thickens it with an outline of its own colour.
    fn put(&mut self, x: f32, y: f32, size: f32, c: [u8; 3], text: &str, bold: bool) {
        let font = self.fonts.text.clone();
        if let Some(s) = self.surface.as_deref_mut() {
            // Composed, so that a letter typed as a base and an accent draws as one glyph.
            let text: String = text.nfc().collect();
            let text = text.as_str();
            Self::fill(s, c, 1.0);
            s.set_stroke(bold.then(|| Stroke { paint: color(c).into(), width: size * 0.035, ..Stroke::default() }));
            s.draw_text(Point::from_xy(x, y), font, size, text, false, TextDirection::Auto);
            s.set_stroke(None);
        }
    }

    pub(super) fn text(&mut self, x: f32, y: f32, size: f32, c: [u8; 3], text: &str) {
        self.put(x, y, size, c, text, false);
    }

    pub(super) fn bold(&mut self, x: f32, y: f32, size: f32, c: [u8; 3], text: &str) {
        self.put(x, y, size, c, text, true);
    }

    /// Figures right-aligned at `right`.
    pub(super) fn figures(&mut self, right: f32, y: f32, size: f32, c: [u8; 3], text: &str) {
        #[allow(clippy::cast_precision_loss)] // a few dozen characters
        let width = text.chars().count() as f32 * FIGURE_ADVANCE * size;
        let font = self.fonts.figures.clone();
        if let Some(s) = self.surface.as_deref_mut() {
            Self::fill(s, c, 1.0);
            s.set_stroke(None);
            s.draw_text(Point::from_xy(right - width, y), font, size, text, false, TextDirection::Auto);
        }
    }

    /// Wrapped text from `top` in a column `width` wide; returns where it ends.
    pub(super) fn paragraph(&mut self, x: f32, top: f32, width: f32, size: f32, c: [u8; 3], text: &str) -> f32 {
        let mut y = top;
        for line in self.fonts.wrap(text, size, width) {
            self.text(x, y + size, size, c, &line);
            y += leading(size);
        }
        y
    }

    /// A bulleted sentence from `top`; returns where it ends.
    pub(super) fn bullet(&mut self, x: f32, top: f32, width: f32, size: f32, text: &str) -> f32 {
        self.text(x, top + size, size, GREY, "•");
        self.paragraph(x + 9.0, top, width - 9.0, size, INK, text)
    }

    /// A section's heading from `top`; returns where it ends.
    pub(super) fn heading(&mut self, top: f32, text: &str) -> f32 {
        let mut y = top;
        for line in self.fonts.wrap(text, HEADING, super::WIDTH - 2.0 * MARGIN) {
            self.bold(MARGIN, y + HEADING, HEADING, INK, &line);
            y += leading(HEADING);
        }
        y + 2.0
    }

    pub(super) fn line(&mut self, points: &[(f32, f32)], c: [u8; 3], width: f32) {
        if let (Some(s), Some(path)) = (self.surface.as_deref_mut(), path(points, false)) {
            s.set_fill(None);
            s.set_stroke(Some(Stroke { paint: color(c).into(), width, ..Stroke::default() }));
            s.draw_path(&path);
            s.set_stroke(None);
        }
    }

    pub(super) fn polygon(&mut self, points: &[(f32, f32)], c: [u8; 3], opacity: f32) {
        if let (Some(s), Some(path)) = (self.surface.as_deref_mut(), path(points, true)) {
            s.set_stroke(None);
            Self::fill(s, c, opacity);
            s.draw_path(&path);
        }
    }

    pub(super) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: [u8; 3], opacity: f32) {
        self.polygon(&[(x, y), (x + w, y), (x + w, y + h), (x, y + h)], c, opacity);
    }
}

/// The path through `points` (closed, for a shape).
fn path(points: &[(f32, f32)], close: bool) -> Option<krilla::geom::Path> {
    let mut pb = PathBuilder::new();
    for (i, (x, y)) in points.iter().enumerate() {
        if i == 0 {
            pb.move_to(*x, *y);
        } else {
            pb.line_to(*x, *y);
        }
    }
    if close {
        pb.close();
    }
    pb.finish()
}

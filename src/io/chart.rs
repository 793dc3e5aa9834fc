//! A chart for a slide: title, legend, axes with units and the plans' lines, drawn as SVG and
//! written as SVG or as a PNG of the size asked for (rasterised by resvg, text in the bundled
//! fonts, so the picture is the same on every machine).

use super::axis::{Steps, step};
use super::fonts;
use crate::model::money::axis_amount;
use std::fmt::Write as _;
use std::path::Path;

/// Smallest and largest picture, in pixels on each side.
pub const SIZES: std::ops::RangeInclusive<u32> = 200..=8000;

/// One line of the chart.
#[derive(Debug, Clone)]
pub struct Series {
    /// The plan's name (the legend's entry).
    pub name: String,
    /// Its colour.
    pub color: [u8; 3],
    /// One value per x label.
    pub values: Vec<f64>,
    /// P10–P90 per x label, shaded around the line, when known.
    pub band: Option<Vec<(f64, f64)>>,
    /// Drawn dashed and faint (a comparison), and left out of the legend.
    pub dashed: bool,
}

/// What the chart shows.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The title, on top.
    pub title: String,
    /// A line under the title: what the values are.
    pub subtitle: String,
    /// The y-axis's unit (`"USD"`).
    pub unit: String,
    /// The x-axis's labels (months), one per value.
    pub labels: Vec<String>,
    /// The lines, drawn in order.
    pub series: Vec<Series>,
    /// A note under the chart (what shading and dashes mean), if any.
    pub note: String,
}

/// XML's escapes for text and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// The chart as an SVG document `width` × `height` pixels, on white.
#[must_use]
#[allow(clippy::cast_precision_loss, clippy::too_many_lines)] // sizes and indices as coordinates
pub fn svg(chart: &Chart, width: u32, height: u32) -> String {
    let (w, h) = (f64::from(width), f64::from(height));
    // Type scales with the picture; 1600 px wide is a slide's 16 px.
    let unit = (w.min(h * 16.0 / 9.0) / 100.0).max(2.0);
    let (title_size, text_size, small) = (unit * 2.4, unit * 1.35, unit * 1.1);
    let legend: Vec<&Series> = chart.series.iter().filter(|s| !s.dashed).collect();
    let top = unit * 2.0 + title_size + text_size * 1.8 + text_size * 2.2;
    let left = unit * 2.0 + small * 5.5;
    let right = w - unit * 3.0;
    let bottom = h - unit * 2.0 - small * 2.6 - if chart.note.is_empty() { 0.0 } else { small * 1.8 };
    let n = chart.labels.len().max(1);
    let max = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied().chain(s.band.iter().flatten().map(|b| b.1)))
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let step = step(max, Steps::WithQuarters);
    let y_top = ((max / step).ceil() * step).max(step);
    let x = |i: usize| if n == 1 { (left + right) / 2.0 } else { left + (right - left) * i as f64 / (n - 1) as f64 };
    let y = |v: f64| bottom - (bottom - top) * (v.max(0.0) / y_top).min(1.05);

    let mut s = String::with_capacity(16 * 1024);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Ubuntu">"#
    );
    let _ = write!(s, r#"<rect width="{width}" height="{height}" fill="white"/>"#);
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="{title_size:.1}" fill="#1a1a1a">{}</text>"##,
        unit * 2.0,
        unit * 2.0 + title_size,
        esc(&chart.title)
    );
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="{text_size:.1}" fill="#555555">{}</text>"##,
        unit * 2.0,
        unit * 2.0 + title_size + text_size * 1.6,
        esc(&chart.subtitle)
    );
    // The legend, one row above the plot area: a swatch and a name per plan.
    let mut lx = left;
    let ly = top - text_size * 1.2;
    for series in &legend {
        let _ = write!(
            s,
            r#"<rect x="{lx:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"/>"#,
            ly - text_size * 0.75,
            text_size * 0.8,
            text_size * 0.8,
            hex(series.color)
        );
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{ly:.1}" font-size="{text_size:.1}" fill="#1a1a1a">{}</text>"##,
            lx + text_size * 1.1,
            esc(&series.name)
        );
        lx += text_size * (1.1 + 0.55 * series.name.chars().count() as f64 + 1.4);
    }
    // Grid and y-axis labels, with the unit.
    let mut v = 0.0;
    while v <= y_top + step / 2.0 {
        let gy = y(v);
        let _ = write!(
            s,
            r##"<line x1="{left:.1}" y1="{gy:.1}" x2="{right:.1}" y2="{gy:.1}" stroke="#dddddd" stroke-width="{:.2}"/>"##,
            unit * 0.08
        );
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="{small:.1}" fill="#555555" text-anchor="end" font-family="Hack">{}</text>"##,
            left - small * 0.6,
            gy + small * 0.35,
            axis_amount(v, step)
        );
        v += step;
    }
    let _ = write!(
        s,
        r##"<text x="{:.1}" y="{:.1}" font-size="{small:.1}" fill="#555555" text-anchor="end">{}</text>"##,
        left - small * 0.6,
        ly,
        esc(&chart.unit)
    );
    // The x-axis: about eight month labels, evenly spaced.
    let _ = write!(
        s,
        r##"<line x1="{left:.1}" y1="{bottom:.1}" x2="{right:.1}" y2="{bottom:.1}" stroke="#888888" stroke-width="{:.2}"/>"##,
        unit * 0.12
    );
    let every = n.div_ceil(8).max(1);
    for (i, label) in chart.labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="{small:.1}" fill="#555555" text-anchor="middle">{}</text>"##,
            x(i),
            bottom + small * 1.5,
            esc(label)
        );
    }
    // Bands, then comparison lines, then the lines.
    for series in &chart.series {
        if let Some(band) = &series.band {
            let mut d = String::new();
            for (i, (_, hi)) in band.iter().enumerate() {
                let _ = write!(d, "{}{:.2},{:.2} ", if i == 0 { "M" } else { "L" }, x(i), y(*hi));
            }
            for (i, (lo, _)) in band.iter().enumerate().rev() {
                let _ = write!(d, "L{:.2},{:.2} ", x(i), y(*lo));
            }
            let _ = write!(s, r#"<path d="{d}Z" fill="{}" fill-opacity="0.18"/>"#, hex(series.color));
        }
    }
    for series in chart.series.iter().filter(|s| s.dashed).chain(chart.series.iter().filter(|s| !s.dashed)) {
        let mut d = String::new();
        for (i, v) in series.values.iter().enumerate().filter(|(_, v)| v.is_finite()) {
            let _ = write!(d, "{}{:.2},{:.2} ", if d.is_empty() { "M" } else { "L" }, x(i), y(*v));
        }
        let (width, extra) = if series.dashed {
            (unit * 0.15, format!(r#" stroke-dasharray="{:.1} {:.1}" stroke-opacity="0.6""#, unit * 0.8, unit * 0.6))
        } else {
            (unit * 0.3, String::new())
        };
        let _ = write!(
            s,
            r#"<path d="{d}" fill="none" stroke="{}" stroke-width="{width:.2}" stroke-linejoin="round"{extra}/>"#,
            hex(series.color)
        );
    }
    if !chart.note.is_empty() {
        let _ = write!(
            s,
            r##"<text x="{left:.1}" y="{:.1}" font-size="{small:.1}" fill="#777777">{}</text>"##,
            h - unit * 2.0,
            esc(&chart.note)
        );
    }
    s.push_str("</svg>");
    s
}

/// The chart as a PNG `width` × `height` pixels.
///
/// # Errors
/// When the size is outside [`SIZES`] or the picture cannot be drawn.
pub fn png(chart: &Chart, width: u32, height: u32) -> Result<Vec<u8>, String> {
    if !SIZES.contains(&width) || !SIZES.contains(&height) {
        return Err(format!(
            "{width} × {height} pixels: each side must be {} to {} pixels",
            SIZES.start(),
            SIZES.end()
        ));
    }
    let mut options = resvg::usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_font_data(fonts::TEXT.to_vec());
    fonts.load_font_data(fonts::FIGURES.to_vec());
    let tree = resvg::usvg::Tree::from_str(&svg(chart, width, height), &options).map_err(|e| e.to_string())?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).ok_or("the picture is too large")?;
    resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// Writes the chart to `path`: SVG when it ends in `.svg`, else PNG; atomically.
///
/// # Errors
/// As [`png`], or when the file cannot be written.
pub fn write(path: &Path, chart: &Chart, width: u32, height: u32) -> Result<(), String> {
    let is_svg = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let bytes = if is_svg { svg(chart, width, height).into_bytes() } else { png(chart, width, height)? };
    super::write_atomic(path, &bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Chart {
        Chart {
            title: "Fin & friends <test>".to_owned(),
            subtitle: "Monthly revenue per plan".to_owned(),
            unit: "USD".to_owned(),
            labels: (1..=12).map(|m| format!("2025-{m:02}")).collect(),
            series: vec![
                Series {
                    name: "Seats".to_owned(),
                    color: [0, 114, 178],
                    values: (0..12).map(|m| 1000.0 + f64::from(m) * 50.0).collect(),
                    band: Some((0..12).map(|m| (900.0 + f64::from(m), 1100.0 + f64::from(m))).collect()),
                    dashed: false,
                },
                Series {
                    name: "Seats (compared)".to_owned(),
                    color: [0, 114, 178],
                    values: vec![900.0; 12],
                    band: None,
                    dashed: true,
                },
            ],
            note: "shaded: P10–P90".to_owned(),
        }
    }

    #[test]
    fn the_svg_escapes_text_and_names_the_plans_once() {
        let text = svg(&chart(), 1600, 900);
        assert!(text.contains("Fin &amp; friends &lt;test&gt;"));
        assert_eq!(text.matches(">Seats<").count(), 1, "the legend lists the plan, not its comparison");
        assert!(text.contains("stroke-dasharray"));
        assert!(text.contains(">USD<"));
    }

    #[test]
    fn the_png_has_the_size_asked_for() {
        let bytes = png(&chart(), 640, 360).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, after the signature and the chunk's header.
        assert_eq!(u32::from_be_bytes(bytes[16..20].try_into().unwrap()), 640);
        assert_eq!(u32::from_be_bytes(bytes[20..24].try_into().unwrap()), 360);
        assert!(png(&chart(), 100, 100).is_err());
    }

    #[test]
    #[allow(clippy::float_cmp)] // round numbers, exact
    fn ticks_are_round() {
        assert_eq!(step(1000.0, Steps::WithQuarters), 200.0);
        assert_eq!(step(4_300_000.0, Steps::WithQuarters), 1_000_000.0);
        assert_eq!(step(1_030_000.0, Steps::WithQuarters), 250_000.0);
        assert_eq!(axis_amount(2_500_000.0, 500_000.0), "2.5M");
        assert_eq!(axis_amount(12_000.0, 2_000.0), "12k");
    }
}

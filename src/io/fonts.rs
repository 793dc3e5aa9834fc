//! The fonts pricelab draws its own pictures with, embedded once: the slide chart (`chart.rs`)
//! and the proposal's PDF (`quote/pdf/`) both use them, so a figure reads the same in both.

/// The text font: Ubuntu Light (Ubuntu Font Licence).
pub const TEXT: &[u8] = include_bytes!("../../assets/fonts/Ubuntu-Light.ttf");
/// The figures' font: Hack (MIT), every figure as wide as the next.
pub const FIGURES: &[u8] = include_bytes!("../../assets/fonts/Hack-Regular.ttf");

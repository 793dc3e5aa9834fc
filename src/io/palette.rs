//! The plans' colours, in one place: the app draws each plan in its colour, and the proposal
//! (PDF) and the command line's quote use the same ones.

/// The plans' colours in order: Okabe–Ito, then Tableau.
pub const PALETTE: [[u8; 3]; 10] = [
    [0, 114, 178],
    [230, 159, 0],
    [0, 158, 115],
    [204, 121, 167],
    [213, 94, 0],
    [86, 180, 233],
    [240, 228, 66],
    [148, 103, 189],
    [140, 86, 75],
    [127, 127, 127],
];

/// The colour of the plan at `index`: the palette's, from the start again after its last.
#[must_use]
pub const fn plan_color(index: usize) -> [u8; 3] {
    PALETTE[index % PALETTE.len()]
}

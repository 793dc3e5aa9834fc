//! pricelab: a pricing simulator for vendors of AI customer-service agents.
//!
//! It puts seat-based, per-conversation and per-resolution (outcome-based) pricing side by side
//! on the same workload. The crate is a library with a thin binary:
//!
//! - [`model`]: the scenario format (types, RON reading and writing, validation);
//! - [`engine`]: the simulation — usage, billing, portfolio totals, comparisons (pure);
//! - [`io`]: reading and atomically saving files, exporting results;
//! - [`cli`]: the command line;
//! - `app`: the desktop app (with the default `gui` feature).
#![deny(missing_docs)]

#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod engine;
pub mod io;
pub mod model;

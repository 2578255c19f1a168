//! attaché's domain: the model, the TOML store, planning and the exports.
//!
//! This crate knows nothing of terminals or command lines: it does not depend on
//! ratatui, crossterm or clap, so the compiler keeps that boundary. The `attache`
//! binary (the command line and the TUI) drives it.

pub mod calendar;
pub mod diag;
pub mod export;
pub mod ids;
pub mod import;
pub mod items;
pub mod model;
pub mod planning;
pub mod store;
pub mod text;
pub mod time;
pub mod validate;
pub mod workspace;

#[cfg(test)]
mod testdata;

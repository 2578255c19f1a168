//! attaché's front ends: the command line ([`cli`]) and the terminal application
//! ([`tui`]), both over the domain in the `attache-core` crate.
//!
//! The domain's modules are re-exported under their own names, so that `attache::model`
//! and `crate::model` mean the same thing everywhere.

pub use attache_core::{diag, export, items, model, planning, store, text, time, validate};

pub mod cli;
pub mod tui;

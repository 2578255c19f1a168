//! attaché: plan an NGO delegation's trip to a UN session and export each person's
//! itinerary, offline, from a folder of hand-editable TOML files.
//!
//! The library is the whole domain (model, loading, validation) and knows nothing of
//! terminals; the `attache` binary is a thin command line and TUI over it.

pub mod cli;
pub mod diag;
pub mod export;
pub mod model;
pub mod planning;
pub mod store;
pub mod text;
pub mod time;
pub mod tui;
pub mod validate;

//! attaché's front ends: the command line ([`cli`]) and the terminal application
//! ([`tui`]), both over the domain in the `attache-core` crate.
//!
//! The domain's modules are re-exported under their own names, so that `attache::model`
//! and `crate::model` mean the same thing everywhere.

pub use attache_core::{
    calendar, diag, export, ids, import, items, model, planning, store, text, time, validate,
    workspace,
};

pub mod cli;
pub mod tui;

static NOW: std::sync::OnceLock<chrono::DateTime<chrono::Utc>> = std::sync::OnceLock::new();

/// Fix the time that edits record as their moment of change (`--now`), so that a
/// script or a test writes the same files every time. Once per process.
pub fn fix_now(now: chrono::DateTime<chrono::Utc>) {
    let _ = NOW.set(now);
}

/// The clock edits are stamped with ([`workspace::Workspace::set_clock`]): `--now` if
/// it was given, else the system's. The domain never reads the clock; this is where
/// the front ends do.
pub fn clock() -> workspace::Clock {
    Box::new(|| NOW.get().copied().unwrap_or_else(chrono::Utc::now))
}

/// A number that differs between two edits made anywhere, for new ids
/// ([`planning::ops::new_meeting_id`]): the clock's nanoseconds and the process id. The
/// domain never reads the clock; the front ends read it here and pass the result in.
pub fn id_salt() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(std::process::id()) << 32)
}

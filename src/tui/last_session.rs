//! The session worked on when the application was last closed, per database, so that
//! it reopens there rather than on the next session of the calendar.
//!
//! One small file per database (`last-session`, holding the session's id), in the
//! user's data folder under `state/`, named like the database's recovery folder
//! ([`recovery::dir_for`]) so that two databases never share one. Best effort: a file
//! that cannot be read or written only means starting on the default session.

use std::fs;
use std::path::{Path, PathBuf};

use crate::ids::SessionId;
use crate::model::Database;
use crate::store::{DbSource, location, recovery};

/// The file remembering `source`'s last session, if this system has a data folder.
pub fn file_for(source: &DbSource) -> Option<PathBuf> {
    let base = location::user_data_dir()?.join("state");
    Some(recovery::dir_for(&base, source).join("last-session"))
}

/// The session remembered in `file`, if it is still in `db`.
pub fn read(file: &Path, db: &Database) -> Option<SessionId> {
    let text = fs::read_to_string(file).ok()?;
    let id = text.trim();
    db.sessions.get_key_value(id).map(|(k, _)| k.clone())
}

/// Remember `session` in `file` (its folder made if needed).
pub fn write(file: &Path, session: &SessionId) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        crate::store::write::create_private_dir(dir)?;
    }
    crate::store::write::atomic_write(file, format!("{session}\n").as_bytes(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_remembered_while_it_exists() {
        let db = crate::tui::testing::sample(crate::tui::testing::today()).db;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("state/db-1234/last-session");
        assert_eq!(read(&file, &db), None, "nothing remembered yet");
        write(&file, &"ccpcj-33".into()).unwrap();
        assert_eq!(read(&file, &db), Some("ccpcj-33".into()));
        write(&file, &"gone-99".into()).unwrap();
        assert_eq!(
            read(&file, &db),
            None,
            "a session no longer in the database"
        );
    }
}

//! Where the database is: `--db`, then `$ATTACHE_DB`, then the user's data folder if it
//! holds a database, else the copy embedded in the binary.

use std::path::{Path, PathBuf};

use super::source::{DbSource, REQUIRED_FILES};

/// The user's data folder for attache (e.g. `~/.local/share/attache` on Linux).
pub fn user_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "attache", "attache").map(|d| d.data_dir().to_path_buf())
}

/// The user's cache folder for attache (e.g. `~/.cache/attache` on Linux): what can
/// be made again from the database ([`super::cache`]).
pub fn user_cache_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "attache", "attache").map(|d| d.cache_dir().to_path_buf())
}

/// Whether a folder looks like a database (has its first required file).
pub fn holds_database(dir: &Path) -> bool {
    dir.join(REQUIRED_FILES[0]).is_file()
}

/// Decide where the database is. Pure, so each rule can be tested: the caller passes
/// what `--db`, the environment and the platform say.
pub fn resolve(flag: Option<&Path>, env: Option<&Path>, user_dir: Option<&Path>) -> DbSource {
    if let Some(dir) = flag.or(env.filter(|p| !p.as_os_str().is_empty())) {
        return DbSource::Dir(dir.to_path_buf());
    }
    match user_dir {
        Some(dir) if holds_database(dir) => DbSource::Dir(dir.to_path_buf()),
        _ => DbSource::Embedded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_env_beats_user_dir() {
        let (a, b) = (Path::new("/a"), Path::new("/b"));
        assert_eq!(resolve(Some(a), Some(b), None), DbSource::Dir(a.into()));
        assert_eq!(resolve(None, Some(b), None), DbSource::Dir(b.into()));
        assert_eq!(resolve(None, Some(Path::new("")), None), DbSource::Embedded);
    }

    #[test]
    fn empty_user_dir_falls_back_to_embedded() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(resolve(None, None, Some(dir.path())), DbSource::Embedded);
        std::fs::write(dir.path().join("venues.toml"), "").unwrap();
        assert_eq!(
            resolve(None, None, Some(dir.path())),
            DbSource::Dir(dir.path().into())
        );
    }
}

//! `attache init`: write the embedded default database out for editing.

use std::io;
use std::path::{Path, PathBuf};

use super::source::{REQUIRED_FILES, embedded_files};
use super::write::{create_private, create_private_dir};

/// Write the default database into `dir`, creating it (owner-only) if needed. Refuses
/// when `dir` already holds any database file, so that nobody's work is overwritten.
/// Returns how many files were written.
pub fn write_default(dir: &Path) -> io::Result<usize> {
    if let Some(existing) = REQUIRED_FILES
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.exists())
    {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} already exists: {} holds a database, and init never overwrites one",
                existing.display(),
                dir.display()
            ),
        ));
    }
    let files = embedded_files();
    let mut written = Vec::new();
    for f in &files {
        let path = dir.join(&f.path);
        if let Err(e) = write_new(&path, &f.bytes, &mut written) {
            // All or nothing: half a database would load with errors, and init would
            // then refuse to run again over it.
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            return Err(io::Error::new(
                e.kind(),
                format!("cannot write {}: {e}", path.display()),
            ));
        }
    }
    Ok(files.len())
}

/// Create `path` (never over an existing file) holding `bytes`, synced to disk; it is
/// added to `written` as soon as it exists, so that a failure can take it back.
fn write_new(path: &Path, bytes: &[u8], written: &mut Vec<PathBuf>) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        create_private_dir(parent)?;
    }
    let mut out = create_private(path)?;
    written.push(path.to_path_buf());
    io::Write::write_all(&mut out, bytes)?;
    out.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_init_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        // A file where the plans' folder must go: the top files are written first,
        // then creating a plan fails.
        std::fs::write(dir.join("plan"), "in the way").unwrap();
        let e = write_default(dir).unwrap_err();
        assert!(e.to_string().contains("cannot write"), "{e}");
        let left: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["plan"], "only what was there before");
        std::fs::remove_file(dir.join("plan")).unwrap();
        assert!(write_default(dir).unwrap() > 3, "init then runs again");
    }
}

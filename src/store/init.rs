//! `attache init`: write the embedded default database out for editing.

use std::io;
use std::path::Path;

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
    for f in &files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            create_private_dir(parent)?;
        }
        let mut out = create_private(&path).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot create {}: {e}", path.display()))
        })?;
        io::Write::write_all(&mut out, &f.bytes)?;
        out.sync_all()?;
    }
    Ok(files.len())
}

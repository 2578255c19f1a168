//! Writing a file so that a crash, a full disk or a closed lid never leaves it half
//! written: write a temporary file beside it, fsync, rename over, fsync the folder.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replace (or create) `path` with `bytes` atomically. When `backup` is set and the
/// file exists, its previous content is kept as `<file>.bak` first. A symlink is
/// written through: its target is replaced, the link stays. New files are readable by
/// their owner only, since the database holds personal data; an existing file keeps
/// its permissions.
pub fn atomic_write(path: &Path, bytes: &[u8], backup: bool) -> io::Result<()> {
    let path = resolve_symlink(path)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("not a file path"))?;
    let existing = fs::metadata(&path).ok();
    if backup && existing.is_some() {
        let bak = with_suffix(&path, ".bak");
        write_new_then_rename(dir, name, &bak, &fs::read(&path)?, existing.as_ref())?;
    }
    write_new_then_rename(dir, name, &path, bytes, existing.as_ref())
}

fn write_new_then_rename(
    dir: &Path,
    name: &std::ffi::OsStr,
    target: &Path,
    bytes: &[u8],
    like: Option<&fs::Metadata>,
) -> io::Result<()> {
    let tmp = temp_path(dir, name);
    let result = (|| {
        let mut f = create_private(&tmp)?;
        #[cfg(unix)]
        if let Some(meta) = like {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(fs::Permissions::from_mode(
                meta.permissions().mode() & 0o7777,
            ))?;
        }
        #[cfg(not(unix))]
        let _ = like;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, target)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// A temporary name in the same folder (so the rename stays on one file system),
/// unique per process and call.
fn temp_path(dir: &Path, name: &std::ffi::OsStr) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(
        ".{}.{}.{n}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ))
}

/// Create a new file readable and writable by its owner only.
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// Create a folder (and its parents) readable by its owner only.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(path)
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Follow symlinks to the file they point at, so that saving replaces the target and
/// keeps the link (users symlink a database file into a synced folder).
fn resolve_symlink(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..32 {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other(format!(
        "too many levels of symbolic links at {}",
        path.display()
    )))
}

pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_keeps_backup_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        atomic_write(&p, b"one", true).unwrap();
        assert!(!with_suffix(&p, ".bak").exists());
        atomic_write(&p, b"two", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read(with_suffix(&p, ".bak")).unwrap(), b"one");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_private_and_symlinks_are_written_through() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        atomic_write(&real, b"x", false).unwrap();
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink("real.toml", &link).unwrap();
        atomic_write(&link, b"y", false).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap(), b"y");
    }
}

//! Writing a file so that a crash, a full disk or a closed lid never leaves it half
//! written: write a temporary file beside it, fsync, rename over, fsync the folder.
//!
//! A process killed between creating the temporary file and renaming it leaves the
//! temporary file behind (`.<name>.<pid>.<n>.tmp`, owner-only, holding a copy of the new
//! content). The file it was meant to replace is untouched, so the leftover is harmless,
//! and the next write in that folder removes the leftovers of processes that are gone.

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
    if let Some(meta) = &existing
        && !meta.is_file()
    {
        // Renaming over a device, a pipe or a folder would replace it with a file.
        return Err(io::Error::other(format!(
            "{} is not a regular file: attache only writes over files",
            path.display()
        )));
    }
    remove_stale_temps(dir);
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
    let (tmp, mut f) = create_temp(dir, name)?;
    let result = (|| {
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

/// Create a new temporary file for `name` in `dir`. The name is unique per process and
/// call, but a process that died may have left one of the same name (its pid since
/// reused): then the next name is taken, and the file left alone.
fn create_temp(dir: &Path, name: &std::ffi::OsStr) -> io::Result<(PathBuf, File)> {
    let mut tries = 0;
    loop {
        let tmp = temp_path(dir, name);
        match create_private(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 100 => tries += 1,
            Err(e) => return Err(e),
        }
    }
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

/// The owner's pid in a temporary file's name `.<name>.<pid>.<n>.tmp`, or `None` when
/// the name is not one of ours.
fn temp_owner(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (rest, n) = rest.rsplit_once('.')?;
    let (name, pid) = rest.rsplit_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if name.is_empty() || !digits(n) || !digits(pid) {
        return None;
    }
    pid.parse().ok()
}

/// Remove from `dir` the temporary files of writes whose process is gone (killed, or
/// the machine lost power, between creating the file and renaming it). A file of a
/// live process (a save in progress) is left alone. Best effort: returns how many were
/// removed.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let me = std::process::id();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if pid != me
            && !process_alive(pid)
            && entry.file_type().is_ok_and(|t| t.is_file())
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Whether a process with this pid exists on this computer. When that cannot be told,
/// it is taken to exist, so that nothing in use is ever removed.
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        if pid <= 0 {
            return true;
        }
        // SAFETY: signal 0 sends nothing; kill only checks that the process exists
        // (and that we may signal it). The pid is positive, so it names one process,
        // never a process group.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
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

/// Whether this process may create files in `dir`.
pub fn writable(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
            return true;
        };
        // SAFETY: a valid NUL-terminated path; access only reads it.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        !std::fs::metadata(dir).is_ok_and(|m| m.permissions().readonly())
    }
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

    #[test]
    fn temp_names_are_recognised_exactly() {
        assert_eq!(temp_owner(".cnd-70.toml.1234.0.tmp"), Some(1234));
        assert_eq!(temp_owner(".a.b.c.toml.7.12.tmp"), Some(7));
        assert_eq!(temp_owner("cnd-70.toml.1234.0.tmp"), None);
        assert_eq!(temp_owner("..1234.0.tmp"), None);
        assert_eq!(temp_owner(".x.12a.0.tmp"), None);
        assert_eq!(temp_owner(".x.12.0.tmp.bak"), None);
        assert_eq!(temp_owner(".notes.tmp"), None);
    }

    #[cfg(unix)]
    #[test]
    fn leftovers_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // A child that has exited and been waited for: its pid names no process.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        child.wait().unwrap();
        let dead = dir.path().join(format!(".a.toml.{}.0.tmp", child.id()));
        // Ours, and with the name our next write would take: that write takes another.
        let live = dir
            .path()
            .join(format!(".a.toml.{}.0.tmp", std::process::id()));
        let other = dir.path().join(".notes.tmp");
        for p in [&dead, &live, &other] {
            fs::write(p, "x").unwrap();
        }
        atomic_write(&dir.path().join("a.toml"), b"new", true).unwrap();
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(other.exists());
    }

    #[test]
    fn a_temporary_name_already_taken_is_skipped_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::new("a.toml");
        // The names the next calls would take (other tests may take some first).
        let probe = temp_path(dir.path(), name);
        let n: u64 = probe
            .to_str()
            .unwrap()
            .rsplit('.')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let taken: Vec<PathBuf> = (n + 1..n + 6)
            .map(|k| {
                let p = dir
                    .path()
                    .join(format!(".a.toml.{}.{k}.tmp", std::process::id()));
                fs::write(&p, "someone else's").unwrap();
                p
            })
            .collect();
        let (tmp, _f) = create_temp(dir.path(), name).unwrap();
        assert!(!taken.contains(&tmp));
        for p in &taken {
            assert_eq!(fs::read(p).unwrap(), b"someone else's");
        }
    }

    #[cfg(unix)]
    #[test]
    fn never_replaces_what_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("sock");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let link = dir.path().join("plan.toml");
        std::os::unix::fs::symlink(&socket, &link).unwrap();
        let err = atomic_write(&link, b"x", true).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        assert!(!fs::metadata(&socket).unwrap().is_file());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
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

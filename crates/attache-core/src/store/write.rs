//! Writing a file so that a crash, a full disk or a closed lid never leaves it half
//! written: write a temporary file beside it, fsync, rename over, fsync the folder.
//!
//! The temporary file is `tempfile`'s (created new, owner-only, under a name no one
//! else holds; removed if the write fails; renamed over by `persist`). What stays
//! written by hand is the project's policy around it, each piece saying why below:
//! following symlinks, refusing what is not a file, the `.bak`, the folder's fsync and
//! the removal of the leftovers of killed processes.
//!
//! A process killed between creating the temporary file and renaming it leaves the
//! temporary file behind (`.<name>.<pid>.<random>.tmp`, owner-only, holding a copy of
//! the new content). The file it was meant to replace is untouched, so the leftover is
//! harmless, and the next write in that folder removes the leftovers of processes that
//! are gone.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Replace (or create) `path` with `bytes` atomically. When `backup` is set and the
/// file exists, its previous content is kept as `<file>.bak` first. A symlink is
/// written through: its target is replaced, the link stays. New files are readable by
/// their owner only, since the database holds personal data; an existing file keeps
/// its permissions.
pub fn atomic_write(path: &Path, bytes: &[u8], backup: bool) -> io::Result<()> {
    atomic_write_with(path, backup, |w| w.write_all(bytes))
}

/// [`atomic_write`] of content made as it is written (an export of the whole
/// organization): `fill` writes it, buffered, into the temporary file, which replaces
/// `path` only if `fill` succeeds. On an error `path` is untouched.
pub fn atomic_write_with<T, E: From<io::Error>>(
    path: &Path,
    backup: bool,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
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
        return Err(E::from(io::Error::other(format!(
            "{} is not a regular file: attache only writes over files",
            path.display()
        ))));
    }
    remove_stale_temps(dir);
    if backup && existing.is_some() {
        // By hand, as no crate keeps backups: written like the file itself (atomic), but
        // owner-only whatever the original's mode (a copy left beside a file its owner
        // opened to others need not be; SECURITY.md promises `.bak` is 0600), which is
        // why it is not `fs::copy` (that copies the mode, and is not atomic).
        let bak = with_suffix(&path, ".bak");
        let old = fs::read(&path)?;
        write_new_then_rename(dir, name, &bak, None, |w| w.write_all(&old))?;
    }
    write_new_then_rename(dir, name, &path, existing.as_ref(), fill)
}

/// What a guarded write found in the file it went to replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guarded {
    /// It held what was expected: it now holds the new bytes.
    Written,
    /// Someone changed it meanwhile: it keeps their content, and nothing was written.
    Changed,
}

/// [`atomic_write`] that replaces the file only if it still holds what `unchanged`
/// accepts (`None` expected: the file must not exist), checked at the last moment.
///
/// An editor may save the file while ours is being written (the `.bak`, two fsyncs).
/// On Linux the new file is swapped in with `renameat2(RENAME_EXCHANGE)` and what it
/// replaced is then looked at: if an outside edit slipped in, the swap is undone, so
/// theirs is back and nothing of theirs is lost (a reader may have seen ours for that
/// instant). Elsewhere, or on a file system without the exchange, the file is read
/// again just before the rename: the window left is that read to the rename.
pub fn atomic_write_guarded(
    path: &Path,
    bytes: &[u8],
    unchanged: impl Fn(Option<&[u8]>) -> bool,
) -> io::Result<Guarded> {
    let path = resolve_symlink(path)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("not a file path"))?;
    let current = || match fs::read(&path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    };
    let before = current()?;
    if !unchanged(before.as_deref()) {
        return Ok(Guarded::Changed);
    }
    let existing = fs::metadata(&path).ok();
    if let Some(meta) = &existing
        && !meta.is_file()
    {
        return Err(io::Error::other(format!(
            "{} is not a regular file: attache only writes over files",
            path.display()
        )));
    }
    remove_stale_temps(dir);
    if let Some(old) = &before {
        let bak = with_suffix(&path, ".bak");
        write_new_then_rename(dir, name, &bak, None, |w| w.write_all(old))?;
    }
    let mut tmp = create_temp(dir, name)?;
    #[cfg(unix)]
    if let Some(meta) = &existing {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(fs::Permissions::from_mode(
            meta.permissions().mode() & 0o7777,
        ))?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    #[cfg(target_os = "linux")]
    if before.is_some() {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        let swap = || renameat_with(CWD, tmp.path(), CWD, &path, RenameFlags::EXCHANGE);
        if swap().is_ok() {
            // `tmp` now holds what the file held a moment ago.
            let replaced = fs::read(tmp.path())?;
            if unchanged(Some(&replaced)) {
                drop(tmp); // removes what we replaced
                sync_dir(dir)?;
                return Ok(Guarded::Written);
            }
            swap().map_err(io::Error::from)?;
            sync_dir(dir)?;
            return Ok(Guarded::Changed);
        }
    }
    if before.is_none() {
        // A new file: never over one that appeared meanwhile.
        return match tmp.persist_noclobber(&path) {
            Ok(_) => sync_dir(dir).map(|()| Guarded::Written),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(Guarded::Changed),
            Err(e) => Err(e.error),
        };
    }
    if !unchanged(current()?.as_deref()) {
        return Ok(Guarded::Changed);
    }
    tmp.persist(&path)?;
    sync_dir(dir)?;
    Ok(Guarded::Written)
}

/// Write what `fill` writes to a new temporary file in `dir`, flush it to disk and rename it over
/// `target`, then flush the folder. The file is owner-only, or has the mode of `like`
/// (the file it replaces keeps its permissions). An error before the rename leaves
/// `target` untouched and removes the temporary file (`tempfile` does, on drop).
fn write_new_then_rename<T, E: From<io::Error>>(
    dir: &Path,
    name: &std::ffi::OsStr,
    target: &Path,
    like: Option<&fs::Metadata>,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    let mut tmp = create_temp(dir, name)?;
    #[cfg(unix)]
    if let Some(meta) = like {
        use std::os::unix::fs::PermissionsExt;
        // fchmod, not a mode at creation: the umask must not narrow the file's mode.
        tmp.as_file().set_permissions(fs::Permissions::from_mode(
            meta.permissions().mode() & 0o7777,
        ))?;
    }
    #[cfg(not(unix))]
    let _ = like;
    let mut buffered = io::BufWriter::with_capacity(256 * 1024, &mut tmp);
    let value = fill(&mut buffered)?;
    buffered.flush()?;
    drop(buffered);
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(io::Error::from)?;
    sync_dir(dir)?;
    Ok(value)
}

/// A new owner-only temporary file for `name` in `dir` (so the rename stays on one file
/// system): `.<name>.<pid>.<random>.tmp`. `tempfile` makes the name unique and never
/// opens a file that exists (a leftover of a process that died, its pid since reused,
/// is left alone); the pid in the name is what lets [`remove_stale_temps`] tell a
/// killed write's leftover from a save in progress, which `tempfile` cannot.
fn create_temp(dir: &Path, name: &std::ffi::OsStr) -> io::Result<NamedTempFile> {
    let prefix = format!(".{}.{}.", name.to_string_lossy(), std::process::id());
    tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            // tempfile's message names its own temporary file; the user named the
            // target, so the error speaks of the folder.
            let why = match e.kind() {
                io::ErrorKind::NotFound => format!("the folder {} does not exist", dir.display()),
                io::ErrorKind::PermissionDenied => {
                    format!("no permission to write in the folder {}", dir.display())
                }
                _ => e
                    .to_string()
                    .split(" at path ")
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            };
            io::Error::new(e.kind(), why)
        })
}

/// The owner's pid in a temporary file's name `.<name>.<pid>.<n>.tmp` (`n` letters and
/// digits: `tempfile`'s random part, or an earlier version's counter), or `None` when
/// the name is not one of ours.
fn temp_owner(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (rest, n) = rest.rsplit_once('.')?;
    let (name, pid) = rest.rsplit_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let alnum = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if name.is_empty() || !alnum(n) || !digits(pid) {
        return None;
    }
    pid.parse().ok()
}

/// Remove from `dir` the temporary files of writes whose process is gone (killed, or
/// the machine lost power, between creating the file and renaming it). A file of a
/// live process (a save in progress) is left alone. Best effort: returns how many were
/// removed. By hand: `tempfile` removes its file when dropped, which a killed process
/// never does.
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
        use rustix::process::{Pid, test_kill_process};
        // Positive, so that it names one process, never a process group.
        let Some(pid) = i32::try_from(pid)
            .ok()
            .filter(|p| *p > 0)
            .and_then(Pid::from_raw)
        else {
            return true;
        };
        // kill(pid, 0): sends nothing, only says whether the process exists (EPERM: it
        // does, and is someone else's).
        !matches!(test_kill_process(pid), Err(rustix::io::Errno::SRCH))
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

/// Flush the folder, so that the rename itself survives a power cut. By hand because
/// neither std nor `tempfile` does it (`persist` is a bare rename), and it is two lines.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Follow symlinks to the file they point at, so that saving replaces the target and
/// keeps the link (users symlink a database file into a synced folder); a rename over
/// the link, as `persist` does, would replace the link. By hand rather than
/// `fs::canonicalize`, which fails on a link whose target does not exist yet.
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

/// Whether this process may create files in `dir` (its permissions as the system
/// judges them for this process, which the mode bits alone do not tell: root, ACLs).
pub fn writable(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).is_ok()
    }
    #[cfg(not(unix))]
    {
        !std::fs::metadata(dir).is_ok_and(|m| m.permissions().readonly())
    }
}

#[cfg(test)]
mod tests {
    /// An editor saves the file after our last look and before ours is in place: the
    /// guarded write must leave theirs and write nothing.
    #[test]
    fn an_outside_save_during_ours_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.toml");
        fs::write(&path, "original").unwrap();
        let looks = std::cell::Cell::new(0);
        let unchanged = |now: Option<&[u8]>| {
            looks.set(looks.get() + 1);
            let ok = now == Some(b"original".as_slice());
            if looks.get() == 1 {
                // Between our look and our rename.
                fs::write(&path, "theirs").unwrap();
            }
            ok
        };
        let r = atomic_write_guarded(&path, b"ours", unchanged).unwrap();
        assert_eq!(r, Guarded::Changed);
        assert_eq!(fs::read_to_string(&path).unwrap(), "theirs");
        // With nothing in between, it writes.
        let r = atomic_write_guarded(&path, b"ours", |now| now == Some(b"theirs".as_slice()));
        assert_eq!(r.unwrap(), Guarded::Written);
        assert_eq!(fs::read_to_string(&path).unwrap(), "ours");
        assert_eq!(
            fs::read_to_string(with_suffix(&path, ".bak")).unwrap(),
            "theirs"
        );
        // A new file never replaces one that appeared meanwhile.
        let new = dir.path().join("new.toml");
        let r = atomic_write_guarded(&new, b"ours", |now| {
            let absent = now.is_none();
            let _ = fs::write(&new, "theirs");
            absent
        });
        assert_eq!(r.unwrap(), Guarded::Changed);
        assert_eq!(fs::read_to_string(&new).unwrap(), "theirs");
    }

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
        assert_eq!(temp_owner(".cnd-70.toml.1234.Xy3aZ0.tmp"), Some(1234));
        assert_eq!(temp_owner(".cnd-70.toml.1234.X-y.tmp"), None);
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

    #[cfg(unix)]
    #[test]
    fn a_process_is_alive_until_it_is_gone() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        child.wait().unwrap();
        assert!(!process_alive(child.id()));
        assert!(process_alive(std::process::id()));
        // Someone else's (EPERM unless we are root) is alive too.
        assert!(process_alive(1));
        // Not a pid of one process: taken to be alive, so nothing is removed.
        assert!(process_alive(0));
        assert!(process_alive(u32::MAX));
    }

    #[test]
    fn a_temporary_name_already_taken_is_skipped_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::new("a.toml");
        // Leftovers of ours, as a process that died with our pid would have left them.
        let taken: Vec<PathBuf> = ["0", "1", "AbC123"]
            .iter()
            .map(|k| {
                let p = dir
                    .path()
                    .join(format!(".a.toml.{}.{k}.tmp", std::process::id()));
                fs::write(&p, "someone else's").unwrap();
                p
            })
            .collect();
        let temps: Vec<NamedTempFile> = (0..20)
            .map(|_| create_temp(dir.path(), name).unwrap())
            .collect();
        for tmp in &temps {
            assert!(!taken.iter().any(|p| p == tmp.path()));
            let file_name = tmp.path().file_name().unwrap().to_str().unwrap();
            // Named so that the next write can tell whose it is.
            assert_eq!(
                temp_owner(file_name),
                Some(std::process::id()),
                "{file_name}"
            );
        }
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

    #[cfg(unix)]
    #[test]
    fn the_backup_is_private_and_the_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.toml");
        fs::write(&p, "one").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
        atomic_write(&p, b"two", true).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&p), 0o644);
        assert_eq!(mode(&with_suffix(&p, ".bak")), 0o600);
        assert_eq!(fs::read(with_suffix(&p, ".bak")).unwrap(), b"one");
    }
}

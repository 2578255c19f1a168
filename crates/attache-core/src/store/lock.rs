//! One writer at a time: an advisory lock on the database folder.
//!
//! Two attache processes editing one folder would each save over the other's work (the
//! save notices a file changed on disk and keeps both versions, but only after the
//! work is done). So a process that means to write takes the lock first, and a second
//! one is told who holds it: the command line stops, the terminal application opens
//! read-only.
//!
//! The lock is the operating system's (`flock` on Unix, `LockFileEx` on Windows,
//! through [`File::try_lock`]) on `.attache.lock` in the folder. The system releases
//! it when the process ends, however it ends, so a crashed or killed attache never
//! leaves the database locked. The file itself stays: removing it would race with a
//! process that has just opened it to lock it. While held it names the holder (pid and
//! host), only so that the message can say who; it is emptied on release.
//!
//! Advisory means it binds only programs that ask for it: a text editor still opens
//! the files, which is why saving also refuses files changed on disk
//! ([`super::save`]). A lock on a folder synced between computers (Dropbox, a network
//! share) only excludes processes on the same computer.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The lock file's name in the database folder. Starts with a dot, so that it is
/// hidden and never taken for a database file.
pub const LOCK_FILE: &str = ".attache.lock";

/// The lock on a database folder, held until dropped (or the process ends).
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

#[derive(Debug)]
pub enum LockError {
    /// Another process holds the lock. `holder` says who, for the message: `pid 1234`,
    /// or `pid 1234 on laptop-b` when the holder wrote another host's name.
    Locked { holder: String },
    /// The lock file could not be opened or locked (a read-only folder, say).
    Io { path: PathBuf, error: io::Error },
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Locked { holder } => write!(
                f,
                "the database is open in another attache ({holder}): close it or try again"
            ),
            LockError::Io { path, error } => write!(
                f,
                "cannot lock the database (to keep two programs from writing it at once): {}: {error}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for LockError {}

impl Lock {
    /// Take the lock on the database folder `dir`, without waiting: an error names the
    /// holder if another process has it. The lock file is created owner-only.
    pub fn acquire(dir: &Path) -> Result<Lock, LockError> {
        let path = dir.join(LOCK_FILE);
        let io_error = |error| LockError::Io {
            path: path.clone(),
            error,
        };
        // Neither truncate nor create_new: the file may be another holder's, and its
        // content is how we learn who that is.
        let mut opts = OpenOptions::new();
        opts.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(&path).map_err(io_error)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Locked {
                    holder: holder(&path),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_error(e)),
        }
        // Who holds it, for another process's message. Best effort: a full disk must
        // not stop a process that holds the lock.
        let _ = file
            .set_len(0)
            .and_then(|()| (&file).write_all(identity().as_bytes()));
        Ok(Lock { file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Empty it while still holding it, so that no stale pid is left behind; closing
        // the file (right after) releases the lock.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

/// `<pid> <host>\n`: what a holder writes into the lock file.
fn identity() -> String {
    format!("{} {}\n", std::process::id(), host_name())
}

/// This computer's name, or an empty string when it cannot be found cheaply.
fn host_name() -> String {
    let from_file = |p: &str| std::fs::read_to_string(p).ok();
    from_file("/proc/sys/kernel/hostname")
        .or_else(|| from_file("/etc/hostname"))
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| clean_host(&h))
        .unwrap_or_default()
}

/// A host name as the lock file may safely carry and a message may safely show: the
/// file is in a folder others may write (a synced folder), so it is data, not trusted.
fn clean_host(h: &str) -> String {
    h.trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .take(64)
        .collect()
}

/// Who holds the lock, as the holder wrote it: `pid 1234` (and the host if it is not
/// this one); `another process` if the file says nothing usable (the holder has not
/// written it yet, or the system does not let a locked file be read).
fn holder(path: &Path) -> String {
    let mut text = String::new();
    let _ = File::open(path).and_then(|f| f.take(256).read_to_string(&mut text));
    describe_holder(&text, &host_name())
}

fn describe_holder(text: &str, this_host: &str) -> String {
    let mut words = text.split_whitespace();
    let pid = words.next().and_then(|p| p.parse::<u32>().ok());
    let host = clean_host(words.next().unwrap_or(""));
    match pid {
        Some(pid) if host.is_empty() || host == this_host => format!("pid {pid}"),
        Some(pid) => format!("pid {pid} on {host}"),
        None => "another process".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_naming_the_holder_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let first = Lock::acquire(dir.path()).unwrap();
        // flock locks belong to the open file, so a second open in the same process
        // contends exactly as another process would.
        match Lock::acquire(dir.path()) {
            Err(LockError::Locked { holder }) => {
                assert_eq!(holder, format!("pid {}", std::process::id()));
            }
            other => panic!("expected Locked, got {other:?}"),
        }
        drop(first);
        let again = Lock::acquire(dir.path()).unwrap();
        assert!(again.path().ends_with(LOCK_FILE));
        drop(again);
        assert_eq!(std::fs::read(dir.path().join(LOCK_FILE)).unwrap(), b"");
    }

    #[cfg(unix)]
    #[test]
    fn the_lock_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let lock = Lock::acquire(dir.path()).unwrap();
        let mode = std::fs::metadata(lock.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_missing_folder_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = Lock::acquire(&dir.path().join("nope")).unwrap_err();
        assert!(matches!(err, LockError::Io { .. }), "{err:?}");
    }

    #[test]
    fn the_holder_is_read_defensively() {
        assert_eq!(describe_holder("42 here\n", "here"), "pid 42");
        assert_eq!(describe_holder("42\n", "here"), "pid 42");
        assert_eq!(
            describe_holder("42 laptop-b\n", "here"),
            "pid 42 on laptop-b"
        );
        assert_eq!(describe_holder("", "here"), "another process");
        assert_eq!(describe_holder("x\u{1b}[2J 1", "here"), "another process");
        assert_eq!(
            describe_holder("7 ev\u{1b}]52;c;il\u{7}\n", "here"),
            "pid 7 on ev52cil"
        );
    }
}

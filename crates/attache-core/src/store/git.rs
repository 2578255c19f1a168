//! Sharing a database folder through git: `attache git setup` and the merge driver's
//! file handling. Git is only ever run here on the user's own folder, never to reach
//! a network: pulling and pushing stay the user's commands.

use std::fs;
use std::io;
use std::path::Path;
use std::process::Command;

use super::merge;

/// The lines `attache git setup` makes sure `.gitattributes` has.
pub const ATTRIBUTES: &[&str] = &["*.toml merge=attache"];

/// The lines it makes sure `.gitignore` has: backups, our versions of files changed
/// on disk meanwhile, the lock.
pub const IGNORED: &[&str] = &["*.bak", "*.mine", ".attache.lock"];

/// Make `dir` a git repository if it is not one, route its TOML files through the
/// merge driver (`exe merge-driver ...`), and ignore attaché's own side files.
/// Returns what was done, a line each. Git does not clone a repository's config, so
/// each clone runs this once.
pub fn setup(dir: &Path, exe: &Path) -> io::Result<Vec<String>> {
    let mut done = Vec::new();
    let in_repo = git(dir, &["rev-parse", "--git-dir"]).is_ok();
    if !in_repo {
        git(dir, &["init", "-q"])?;
        done.push(format!("made {} a git repository", dir.display()));
    }
    for (file, lines) in [(".gitattributes", ATTRIBUTES), (".gitignore", IGNORED)] {
        if ensure_lines(&dir.join(file), lines)? {
            done.push(format!("wrote {file}"));
        }
    }
    let driver = format!("'{}' merge-driver %O %A %B %P", exe.display());
    git(
        dir,
        &[
            "config",
            "merge.attache.name",
            "attache: merge TOML database files item by item",
        ],
    )?;
    git(dir, &["config", "merge.attache.driver", &driver])?;
    done.push("registered the merge driver in the repository's config".into());
    // A plain `git pull` refuses divergent branches until told how to reconcile them;
    // merging is what the driver is for. A choice the user made is kept.
    let chosen = |key: &str| git(dir, &["config", "--get", key]).is_ok();
    if !chosen("pull.rebase") && !chosen("pull.ff") {
        git(dir, &["config", "pull.rebase", "false"])?;
        done.push("set git pull to merge (pull.rebase = false) in this repository".into());
    }
    Ok(done)
}

/// Append the lines a file lacks (creating it). Whether it changed.
fn ensure_lines(path: &Path, lines: &[&str]) -> io::Result<bool> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let missing: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !text.lines().any(|have| have.trim() == *l))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut out = text;
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    for l in missing {
        out.push_str(l);
        out.push('\n');
    }
    fs::write(path, out)?;
    Ok(true)
}

fn git(dir: &Path, args: &[&str]) -> io::Result<String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output()?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(io::Error::other(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

/// What the merge driver did.
#[derive(Debug, PartialEq, Eq)]
pub enum DriverResult {
    /// Merged item by item; `conflicts` items are marked.
    Merged { conflicts: usize },
    /// Not TOML on some side: merged by lines with `git merge-file`; whether clean.
    ByLines { clean: bool },
}

/// Git's merge driver: merge `ours` (%A, overwritten with the result) and `theirs`
/// (%B) from `base` (%O).
pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path) -> io::Result<DriverResult> {
    // A missing file is a failure to run, not a conflict (which git would then
    // report as the merge's result).
    for p in [base, ours, theirs] {
        fs::metadata(p)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", p.display())))?;
    }
    let read = |p: &Path| fs::read_to_string(p);
    if let (Ok(b), Ok(o), Ok(t)) = (read(base), read(ours), read(theirs))
        && let Some(m) = merge::merge(&b, &o, &t)
    {
        fs::write(ours, m.text)?;
        return Ok(DriverResult::Merged {
            conflicts: m.conflicts,
        });
    }
    let status = Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(ours)
        .arg(base)
        .arg(theirs)
        .status()?;
    Ok(DriverResult::ByLines {
        clean: status.success(),
    })
}

//! The recovery copy of unsaved plans, so that a crash, a killed terminal or a
//! "quit without saving" by mistake loses nothing.
//!
//! Shortly after every change, each plan with unsaved changes is written, whole, to
//! the database's recovery folder (on Linux `~/.local/share/attache/recovery/<db>/`,
//! one folder per database, see [`dir_for`]) as `<session>.toml`: exactly the plan
//! file a save would write, with a comment on top saying which database it belongs to
//! and when it was written. A plan that was removed is recorded as
//! `<session>.removed`. Saving clears the folder.
//!
//! Only the process holding the database's lock writes there, so copies found at
//! start-up were left by an earlier run that did not save: they are moved aside
//! ([`set_aside`]) and the application offers to restore them as unsaved changes
//! ([`read_copy`]). By hand: copy the file over `plan/<session>.toml`.
//!
//! Unsaved sessions of the calendar go the same way, as `@sessions.calendar` and its
//! base, replayed onto `sessions.toml` ([`read_calendar`]).
//!
//! Unsaved sections and people go the same way, as `@sections.entries` (the
//! `sections.toml` a save would write; no session's copy can have that name) beside
//! its base, and are replayed onto `sections.toml` as it is now ([`read_entries`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::model::{Database, Plan};
use crate::planning::change::{Change, Entry, Item, ItemKind};
use crate::planning::{Editor, Transaction};
use crate::store::write::{atomic_write, create_private_dir};
use crate::store::{DbSource, Loaded, RawFile};

/// The folder holding every database's recovery folder, in the user's data folder.
pub fn default_dir() -> Option<PathBuf> {
    crate::store::location::user_data_dir().map(|d| d.join("recovery"))
}

/// The recovery folder of one database under `base`: named after the database
/// folder's last component, made unique by a hash of its full path, so that two
/// attache processes on two databases never touch each other's copies.
///
/// The built-in database's copies go where the copies of the data folder it is saved
/// to will go, so that copies made before its first save are still offered after it.
pub fn dir_for(base: &Path, source: &DbSource) -> PathBuf {
    let dir = match source {
        DbSource::Dir(dir) => dir.clone(),
        DbSource::Embedded => match crate::store::location::user_data_dir() {
            Some(dir) => dir,
            None => return base.join("built-in"),
        },
    };
    let dir = &dir;
    let full = fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
    let name: String = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(32)
        .collect();
    // FNV-1a: stable across Rust versions, unlike the standard hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in full.as_os_str().as_encoded_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    base.join(format!("{name}-{:08x}", h as u32))
}

/// Write every unsaved plan to `dir`, removing older copies of plans that are no
/// longer unsaved. Returns the files written.
pub fn write(dir: &Path, loaded: &Loaded, editor: &Editor) -> io::Result<Vec<PathBuf>> {
    let unsaved = editor.unsaved_sessions();
    if unsaved.is_empty() && !editor.entries_unsaved() && !editor.calendar_unsaved() {
        clear(dir);
        return Ok(Vec::new());
    }
    if !dir.exists() {
        create_private_dir(dir)?;
    }
    let mut written = Vec::new();
    // One line each, whatever the folder's name holds (a newline would end the comment).
    let header = format!(
        "# attaché recovery copy of an unsaved plan, written {}.\n\
         # Database: {}\n\
         # To recover it, copy this file over plan/<session>.toml in that database folder.\n",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
        crate::text::printable(&loaded.source.describe())
    );
    for session in &unsaved {
        let safe = file_stem(session);
        match editor.db().plans.get(session) {
            Some(plan) => {
                let old = editor.saved().plans.get(session).map(|p| &**p);
                let original = old.and_then(|o| {
                    loaded
                        .sources
                        .files
                        .iter()
                        .find(|f| f.path == o.path)
                        .map(|f| f.text.as_str())
                });
                let text = crate::store::save::render_plan(original, old, plan)
                    .map_err(io::Error::other)?;
                let path = dir.join(format!("{safe}.toml"));
                atomic_write(&path, format!("{header}{text}").as_bytes(), false)?;
                let _ = fs::remove_file(dir.join(format!("{safe}.removed")));
                written.push(path);
                written.extend(write_base(dir, &safe, original)?);
            }
            None => {
                let path = dir.join(format!("{safe}.removed"));
                atomic_write(
                    &path,
                    format!("{header}# The plan for {session} was removed (not saved).\n")
                        .as_bytes(),
                    false,
                )?;
                written.push(path);
                let old = editor.saved().plans.get(session);
                let original = old.and_then(|o| file_text(loaded, &o.path));
                written.extend(write_base(dir, &safe, original)?);
            }
        }
    }
    type Render = fn(Option<&str>, &Database, &Database) -> Result<String, String>;
    let whole_files: [(bool, &str, Render, &str, &str); 2] = [
        (
            editor.entries_unsaved(),
            SECTIONS_FILE,
            crate::store::save::render_sections,
            ENTRIES,
            ENTRIES_BASE,
        ),
        (
            editor.calendar_unsaved(),
            SESSIONS_FILE,
            crate::store::save::render_sessions,
            CALENDAR,
            CALENDAR_BASE,
        ),
    ];
    // sections.toml and sessions.toml: the unsaved text, and the file it was made from.
    for (unsaved, file, render, copy, base) in whole_files {
        if !unsaved {
            continue;
        }
        let original = file_text(loaded, Path::new(file));
        let text = render(original, editor.saved(), editor.db()).map_err(io::Error::other)?;
        let path = dir.join(copy);
        atomic_write(&path, format!("{header}{text}").as_bytes(), false)?;
        written.push(path);
        let base = dir.join(base);
        atomic_write(&base, original.unwrap_or_default().as_bytes(), false)?;
        written.push(base);
    }
    // Drop copies of plans saved or undone since.
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if !written.contains(&p) && is_recovery_file(&p) {
                let _ = fs::remove_file(p);
            }
        }
    }
    Ok(written)
}

/// Beside each copy, the plan file as it was read when the edits began (`.base`): what
/// a restore compares both the copy and the file as it is now with, so that it replays
/// the unsaved edits onto the file instead of writing back a stale whole plan.
fn write_base(dir: &Path, safe: &str, original: Option<&str>) -> io::Result<Option<PathBuf>> {
    let path = dir.join(format!("{safe}.{BASE}"));
    match original {
        Some(text) => {
            atomic_write(&path, text.as_bytes(), false)?;
            Ok(Some(path))
        }
        None => {
            let _ = fs::remove_file(&path);
            Ok(None)
        }
    }
}

const BASE: &str = "base";

/// The copy of `sections.toml` with unsaved sections and people, and its base. A
/// session's copy is never named so: its stem has no `@` ([`file_stem`]).
const ENTRIES: &str = "@sections.entries";
const ENTRIES_BASE: &str = "@sections.entries-base";
/// The same for unsaved sessions of the calendar (`sessions.toml`).
const CALENDAR: &str = "@sessions.calendar";
const CALENDAR_BASE: &str = "@sessions.calendar-base";
const SESSIONS_FILE: &str = "sessions.toml";

use crate::store::save::SECTIONS_FILE;

fn file_text<'a>(loaded: &'a Loaded, rel: &Path) -> Option<&'a str> {
    loaded
        .sources
        .files
        .iter()
        .find(|f| f.path == rel)
        .map(|f| f.text.as_str())
}

/// A session id as a file name, one to one: letters, digits and `-` as they are,
/// every other byte as `_` and two hex digits (`demo.1` is `demo_2e1`, `demo_1` is
/// `demo_5f1`), so that two sessions never share a copy.
pub fn file_stem(session: &str) -> String {
    let mut out = String::new();
    for b in session.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02x}"));
        }
    }
    out
}

/// The session id a file name stands for (the inverse of [`file_stem`]).
pub fn session_of(stem: &str) -> Option<String> {
    let mut bytes = Vec::new();
    let mut it = stem.bytes();
    while let Some(b) = it.next() {
        if b == b'_' {
            let hex = [it.next()?, it.next()?];
            bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
        } else {
            bytes.push(b);
        }
    }
    String::from_utf8(bytes).ok()
}

fn is_recovery_file(p: &Path) -> bool {
    p.extension().is_some_and(|e| {
        e == "toml"
            || e == "removed"
            || e == BASE
            || e == "entries"
            || e == "entries-base"
            || e == "calendar"
            || e == "calendar-base"
    })
}

fn is_copy(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "toml" || e == "removed")
}

/// Remove the recovery copies (after a save), and the folder once empty.
pub fn clear(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if is_recovery_file(&p) {
                let _ = fs::remove_file(p);
            }
        }
    }
    let _ = fs::remove_dir(dir);
}

/// Whether `dir` holds recovery copies.
pub fn has_copies(dir: &Path) -> bool {
    has_entries(dir)
        || has_calendar(dir)
        || fs::read_dir(dir)
            .map(|mut it| it.any(|e| e.is_ok_and(|e| is_copy(&e.path()))))
            .unwrap_or(false)
}

/// Whether `dir` holds a copy of unsaved sections and people.
pub fn has_entries(dir: &Path) -> bool {
    dir.join(ENTRIES).is_file()
}

/// Whether `dir` holds a copy of unsaved sessions of the calendar.
pub fn has_calendar(dir: &Path) -> bool {
    dir.join(CALENDAR).is_file()
}

/// The calendar of the copy in `dir`, replayed onto `sessions.toml` as it is now, like
/// the people's ([`read_entries`]); `None` when there is no copy.
pub fn read_calendar(
    dir: &Path,
    loaded: &Loaded,
    today: NaiveDate,
) -> Result<Option<Loaded>, String> {
    replay(
        dir,
        loaded,
        today,
        (CALENDAR, CALENDAR_BASE),
        SESSIONS_FILE,
        "the calendar",
    )
}

/// The sessions of `new`'s calendar made those of `db`, added to `tx` (see
/// [`replace_entries`]).
pub fn replace_calendar(tx: &mut Transaction, db: &Database, new: &Database) {
    let mut sim = db.clone();
    sync(tx, &mut sim, |d| &d.sessions, &new.sessions, Entry::Session);
}

/// The sections and people of the copy in `dir`, replayed onto `sections.toml` as it
/// is now like a plan's ([`read_copy`]): the files as they would load with them (the
/// plans' copies are then read against those), or `None` when there is no copy.
pub fn read_entries(
    dir: &Path,
    loaded: &Loaded,
    today: NaiveDate,
) -> Result<Option<Loaded>, String> {
    let copy = (ENTRIES, ENTRIES_BASE);
    replay(
        dir,
        loaded,
        today,
        copy,
        SECTIONS_FILE,
        "the people and sections",
    )
}

/// The copy `copy.0` in `dir` (with its base `copy.1`) of the shared file `file`,
/// merged onto that file as it is now, item by item: the files as they would load
/// with it; `None` when there is no copy. A change on both sides, a copy that is not
/// TOML or one that would not load is refused, naming `what`.
fn replay(
    dir: &Path,
    loaded: &Loaded,
    today: NaiveDate,
    copy: (&str, &str),
    file: &str,
    what: &str,
) -> Result<Option<Loaded>, String> {
    let Ok(mine) = fs::read_to_string(dir.join(copy.0)) else {
        return Ok(None);
    };
    let base = fs::read_to_string(dir.join(copy.1)).unwrap_or_default();
    let now = file_text(loaded, Path::new(file)).unwrap_or_default();
    let merged = match crate::store::merge::merge(&base, now, &mine) {
        Some(m) if m.conflicts == 0 => m.text,
        Some(_) => {
            return Err(format!(
                "{what} were changed both in {file} and in the unsaved copy"
            ));
        }
        None => return Err(format!("the copy of {what} is not TOML")),
    };
    let merged = RawFile {
        path: PathBuf::from(file),
        bytes: merged.into_bytes(),
    };
    let back = loaded.with_files(vec![merged], today);
    if let Some(d) = back.diagnostics.errors().next() {
        return Err(format!("the copy of {what} does not load: {}", d.message));
    }
    Ok(Some(back))
}

/// The changes that turn the sections and people of `db` into those of `new`, added
/// to `tx`: the ones gone removed (last first), the changed ones edited in place, the
/// new ones added in `new`'s order. Each change is tried on a copy as it is made, so
/// that every position holds when the transaction is applied.
pub fn replace_entries(tx: &mut Transaction, db: &Database, new: &Database) {
    let mut sim = db.clone();
    sync(tx, &mut sim, |d| &d.sections, &new.sections, Entry::Section);
    sync(tx, &mut sim, |d| &d.people, &new.people, Entry::Person);
}

fn sync<K, T>(
    tx: &mut Transaction,
    sim: &mut Database,
    list: fn(&Database) -> &indexmap::IndexMap<K, T>,
    new: &indexmap::IndexMap<K, T>,
    wrap: fn(T) -> Entry,
) where
    K: std::hash::Hash + Eq,
    T: Clone + PartialEq,
{
    let mut push = |c: Change, sim: &mut Database| {
        if c.apply(sim).is_ok() {
            tx.changes.push(c);
        }
    };
    let gone: Vec<usize> = list(sim)
        .keys()
        .enumerate()
        .filter(|(_, k)| !new.contains_key(*k))
        .map(|(i, _)| i)
        .rev()
        .collect();
    for index in gone {
        let old = list(sim)[index].clone();
        let c = Change::Entry {
            index,
            before: Some(wrap(old)),
            after: None,
        };
        push(c, sim);
    }
    for (k, v) in new {
        let c = match list(sim).get_full(k) {
            Some((_, _, old)) if old == v => continue,
            Some((index, _, old)) => Change::Entry {
                index,
                before: Some(wrap(old.clone())),
                after: Some(wrap(v.clone())),
            },
            None => Change::Entry {
                index: list(sim).len(),
                before: None,
                after: Some(wrap(v.clone())),
            },
        };
        push(c, sim);
    }
}

/// One recovery copy: the plan of `session` as it was, unsaved, in an earlier run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub session: String,
    pub path: PathBuf,
    /// The plan was removed (`<session>.removed`).
    pub removed: bool,
}

/// The copies in `dir`, by session.
pub fn copies(dir: &Path) -> Vec<Copy> {
    let mut out: Vec<Copy> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_copy(p))
        .filter_map(|path| {
            let session = session_of(path.file_stem()?.to_str()?)?;
            let removed = path.extension().is_some_and(|e| e == "removed");
            Some(Copy {
                session,
                path,
                removed,
            })
        })
        .collect();
    out.sort_by(|a, b| a.session.cmp(&b.session));
    out
}

/// When the copies in `dir` were written, as their header says.
pub fn written_at(dir: &Path) -> Option<String> {
    let path = match copies(dir).into_iter().next() {
        Some(copy) => copy.path,
        None => [ENTRIES, CALENDAR]
            .into_iter()
            .map(|f| dir.join(f))
            .find(|p| p.is_file())?,
    };
    let text = fs::read_to_string(path).ok()?;
    let line = text.lines().next()?;
    let at = line.rsplit_once(", written ")?.1.trim_end_matches('.');
    Some(crate::text::printable(at).into_owned())
}

/// Move the folder `dir` aside (to `<dir>-<date>-<time>` beside it), so that this run
/// does not overwrite the copies in it; returns where.
pub fn set_aside(dir: &Path) -> io::Result<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "recovery".into());
    let mut aside = dir.with_file_name(format!("{name}-{stamp}"));
    let mut n = 1;
    while aside.exists() {
        n += 1;
        aside = dir.with_file_name(format!("{name}-{stamp}-{n}"));
    }
    fs::rename(dir, &aside)?;
    Ok(aside)
}

/// The plan a copy holds, replayed onto the plan file as it is now (`None`: the plan
/// was removed). The copy's edits are the difference between it and the file as it was
/// when they began (its `.base`); the file may have changed since (a colleague's
/// meeting, pulled from git), so the two are merged item by item like a git merge
/// ([`crate::store::merge`]), and nothing newer is reverted. An error says why it
/// cannot be used: both sides changed the same item, or the result does not load.
pub fn read_copy(copy: &Copy, loaded: &Loaded, today: NaiveDate) -> Result<Option<Plan>, String> {
    let name = crate::text::printable(&copy.session).into_owned();
    let base = copy.path.with_extension(BASE);
    let base = fs::read_to_string(&base).unwrap_or_default();
    let rel = loaded
        .db
        .plans
        .get(&copy.session)
        .map_or_else(|| Plan::file_of(&copy.session), |p| p.path.clone());
    let now = file_text(loaded, &rel).unwrap_or_default();
    if copy.removed {
        return if now == base {
            Ok(None)
        } else {
            Err(format!(
                "the plan for {name} was removed in the unsaved copy but changed in the files since"
            ))
        };
    }
    let mine =
        fs::read_to_string(&copy.path).map_err(|e| format!("{}: {e}", copy.path.display()))?;
    let merged = match crate::store::merge::merge(&base, now, &mine) {
        Some(m) if m.conflicts == 0 => m.text,
        Some(m) => {
            return Err(format!(
                "the plan for {name} was changed both in the files and in the unsaved copy ({} item{} both ways)",
                m.conflicts,
                if m.conflicts == 1 { "" } else { "s" }
            ));
        }
        None => return Err(format!("the copy of {name} is not TOML")),
    };
    let merged = RawFile {
        path: rel,
        bytes: merged.into_bytes(),
    };
    let back = loaded.with_files(vec![merged], today);
    if let Some(d) = back.diagnostics.errors().next() {
        return Err(format!("the copy of {name} does not load: {}", d.message));
    }
    back.db
        .plans
        .get(&copy.session)
        .map(|p| Some((**p).clone()))
        .ok_or_else(|| format!("{} holds no plan for {name}", copy.path.display()))
}

/// The changes that turn the plan of `session` in `db` into `new` (`None`: no plan),
/// added to `tx`: each list that differs is emptied and refilled, so that the
/// result is exactly `new` and one undo takes it back. (A plan's notes are not an
/// item: they stay as they are.)
pub fn replace_plan(tx: &mut Transaction, db: &Database, session: &str, new: Option<&Plan>) {
    let empty = Plan::new(session);
    let old = db.plans.get(session).map(|p| &**p);
    if old.is_none() {
        if new.is_none() {
            return;
        }
        tx.changes.push(Change::CreatePlan(session.into()));
    }
    let old = old.unwrap_or(&empty);
    let target = new.unwrap_or(&empty);
    fn list<T: Clone + PartialEq>(
        tx: &mut Transaction,
        session: &str,
        kind: ItemKind,
        old: &[T],
        new: &[T],
        item: fn(T) -> Item,
    ) {
        if old == new {
            return;
        }
        for (i, x) in old.iter().enumerate().rev() {
            tx.changes.push(Change::Item {
                session: session.into(),
                kind,
                index: i,
                before: Some(item(x.clone())),
                after: None,
            });
        }
        for (i, x) in new.iter().enumerate() {
            tx.changes.push(Change::Item {
                session: session.into(),
                kind,
                index: i,
                before: None,
                after: Some(item(x.clone())),
            });
        }
    }
    list(
        tx,
        session,
        ItemKind::Delegate,
        &old.delegates,
        &target.delegates,
        Item::Delegate,
    );
    list(
        tx,
        session,
        ItemKind::Meeting,
        &old.meetings,
        &target.meetings,
        Item::Meeting,
    );
    list(
        tx,
        session,
        ItemKind::Travel,
        &old.travel,
        &target.travel,
        Item::Travel,
    );
    list(
        tx,
        session,
        ItemKind::Stay,
        &old.stays,
        &target.stays,
        Item::Stay,
    );
    if new.is_none() {
        tx.changes.push(Change::RemovePlan(session.into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::MeetingId;
    use crate::planning::ops;
    use crate::store::{self, DbSource};

    #[test]
    fn copies_of_two_sessions_never_share_a_file() {
        let ids = ["demo.1", "demo_1", "demo-1", "demo1", "dé mo"];
        let stems: std::collections::HashSet<String> = ids.iter().map(|s| file_stem(s)).collect();
        assert_eq!(stems.len(), ids.len(), "{stems:?}");
        for id in ids {
            assert_eq!(session_of(&file_stem(id)).as_deref(), Some(id));
            assert!(
                file_stem(id)
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
            );
        }
    }

    /// A folder with the default database, loaded.
    fn folder(today: NaiveDate) -> (tempfile::TempDir, std::path::PathBuf, Loaded) {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("a\nfolder");
        crate::store::init::write_default(&db).unwrap();
        let loaded = store::load(&DbSource::Dir(db.clone()), today);
        (tmp, db, loaded)
    }

    #[test]
    fn a_newline_in_the_folder_name_stays_in_one_comment_line() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (tmp, _db, loaded) = folder(today);
        let mut editor = Editor::new(loaded.db.clone());
        editor
            .apply(ops::move_meeting(editor.db(), &MeetingId::from("cnd70-csu"), 30).unwrap())
            .unwrap();
        let rec = tmp.path().join("recovery");
        let files = write(&rec, &loaded, &editor).unwrap();
        let text = fs::read_to_string(&files[0]).unwrap();
        let header: Vec<&str> = text.lines().take(3).collect();
        assert!(header.iter().all(|l| l.starts_with("# ")), "{header:?}");
        let plan = read_copy(&copies(&rec)[0], &loaded, today)
            .unwrap()
            .unwrap();
        assert_eq!(&plan, &*editor.db().plans["cnd-70"]);
    }

    /// A colleague's meeting added to the file after the crash survives a restore: the
    /// unsaved edits are replayed onto the file, not a stale whole plan written back.
    #[test]
    fn restoring_replays_the_unsaved_edits_onto_the_file_as_it_is_now() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (tmp, db, loaded) = folder(today);
        let mut editor = Editor::new(loaded.db.clone());
        editor
            .apply(ops::move_meeting(editor.db(), &MeetingId::from("cnd70-csu"), 30).unwrap())
            .unwrap();
        let rec = tmp.path().join("recovery");
        write(&rec, &loaded, &editor).unwrap();
        // Meanwhile (after the crash), a colleague adds a meeting to the file.
        let path = db.join("plan/cnd-70.toml");
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("\n[[meeting]]\nid = \"colleague\"\ntitle = \"Theirs\"\nstart = 2027-03-10T09:00:00\nend = 2027-03-10T10:00:00\n");
        fs::write(&path, &text).unwrap();
        let now = store::load(&DbSource::Dir(db.clone()), today);
        assert!(!now.diagnostics.has_errors());
        let plan = read_copy(&copies(&rec)[0], &now, today).unwrap().unwrap();
        assert!(plan.meeting("colleague").is_some(), "their meeting is kept");
        let moved = plan.meeting("cnd70-csu").unwrap();
        assert_eq!(
            moved.start.format("%H:%M").to_string(),
            "14:00",
            "our edit is replayed"
        );

        // The same meeting changed both ways: refused, nothing replayed.
        let both = text.replace("2027-03-09T13:30:00", "2027-03-09T16:00:00");
        fs::write(&path, both).unwrap();
        let now = store::load(&DbSource::Dir(db), today);
        let err = read_copy(&copies(&rec)[0], &now, today).unwrap_err();
        assert!(err.contains("changed both"), "{err}");
    }

    #[test]
    fn writes_loadable_plans_and_clears() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let loaded = crate::testdata::sample(today);
        let mut editor = Editor::new(loaded.db.clone());
        let dir = tempfile::tempdir().unwrap();
        let rec = dir.path().join("recovery");
        assert!(write(&rec, &loaded, &editor).unwrap().is_empty());
        let tx = ops::move_meeting(editor.db(), &MeetingId::from("cnd70-csu"), 30).unwrap();
        editor.apply(tx).unwrap();
        let files = write(&rec, &loaded, &editor).unwrap();
        // The copy, and the plan as read when the edits began, to replay them onto.
        assert_eq!(
            files,
            vec![rec.join("cnd-70.toml"), rec.join("cnd-70.base")]
        );
        let text = fs::read_to_string(&files[0]).unwrap();
        assert!(text.starts_with("# attaché recovery copy"));
        assert!(text.contains("2027-03-09T14:00:00"), "{text}");
        // The copy is a plan file the loader reads back as the edited plan.
        let mut raw = crate::testdata::sample_files();
        for f in &mut raw {
            if f.path == Path::new("plan/cnd-70.toml") {
                f.bytes = text.clone().into_bytes();
            }
        }
        let back = store::load_files(DbSource::Embedded, raw, today);
        assert_eq!(back.db.plans["cnd-70"], editor.db().plans["cnd-70"]);
        editor.undo();
        assert!(write(&rec, &loaded, &editor).unwrap().is_empty());
        assert!(!has_copies(&rec));
    }
}

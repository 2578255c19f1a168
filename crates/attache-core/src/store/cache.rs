//! A cache of parsed plan files, so that a command does not parse again the plans it
//! parsed last time: reading TOML is most of the time of `attache check` on a large
//! database (60% at 50,000 meetings).
//!
//! It can never disagree with the files, because it holds nothing the files did not
//! say, and holds it only for the text it was read from:
//! - An entry is the loader's own result for one plan file ([`parse_one`]'s), kept only
//!   when reading the file gave no diagnostic at all: a file with a problem of its own
//!   is parsed every time, so its messages come the one way. Validation and the checks
//!   run on every load, on the plan as read, cached or not.
//! - It is used only for the same text: the entry records the BLAKE3 hash of the text
//!   it was read from, and the same build of attaché (its version, and the size and
//!   time of its executable: a new build may read files differently). It also records
//!   the hash of the rest of the entry, so that an entry damaged on disk in a way that
//!   still decodes is not believed.
//! - Anything else (a missing, unreadable, truncated or foreign entry) is a miss: the
//!   file is parsed, and the entry written anew. Writing is best effort; a cache that
//!   cannot be written changes nothing but the time.
//!
//! The cache is off unless the program turns it on ([`enable`]); the `attache` binary
//! keeps it in the user's cache folder (`~/.cache/attache/plans` on Linux), out of
//! the database folder and so out of git. One entry per plan file of each database, so
//! it grows with the databases opened, not with their edits; an entry not written for
//! [`KEPT_DAYS`] days goes (a database since deleted, or a plan unchanged that long,
//! which is then parsed once more).
//!
//! [`parse_one`]: super::parse_one

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::Part;
use crate::diag::FileId;
use crate::model::Plan;

/// The folder of the cache, when the program turned it on.
static FOLDER: OnceLock<PathBuf> = OnceLock::new();

/// How long an entry not written again is kept.
pub const KEPT_DAYS: u64 = 30;

/// Keep parsed plans in `folder` from now on (once per process; a second call is
/// ignored).
pub fn enable(folder: PathBuf) {
    let _ = FOLDER.set(folder);
}

/// The cache of one database folder's plans, if the cache is on.
pub fn for_database(db: &Path) -> Option<Plans> {
    Plans::new(FOLDER.get()?, db)
}

/// The entries of one database's plans.
pub struct Plans {
    folder: PathBuf,
    /// The database folder, absolute: it names the entries.
    db: PathBuf,
    build: String,
}

/// What an entry says before its plan: whether it is for this text and this build,
/// and the hash of what follows, so that an entry damaged on disk (a flipped bit that
/// still decodes) is a miss, never a plan the file does not hold.
#[derive(Serialize, Deserialize, PartialEq)]
struct Header {
    build: String,
    text: [u8; 32],
    body: [u8; 32],
}

/// What a plan file gave the loader.
#[derive(Deserialize)]
struct Body {
    plan: Plan,
    /// (session, person) of each `[[delegate]]` (see [`crate::validate::Written`]).
    delegates: Vec<(String, String)>,
}

/// A [`Body`] to write, borrowed from the part it keeps.
#[derive(Serialize)]
struct BodyOf<'a> {
    plan: &'a Plan,
    delegates: Vec<&'a (String, String)>,
}

impl Plans {
    /// The cache in `folder` for the database in `db`; `None` when this build cannot
    /// tell itself from another (no executable to look at).
    pub fn new(folder: &Path, db: &Path) -> Option<Plans> {
        Some(Plans {
            folder: folder.to_path_buf(),
            db: std::path::absolute(db).ok()?,
            build: build()?.to_string(),
        })
    }

    /// The entry's file for one plan file (`plan/cnd-70.toml`) of this database.
    fn entry(&self, path: &Path) -> PathBuf {
        let mut key = blake3::Hasher::new();
        key.update(self.db.as_os_str().as_encoded_bytes());
        key.update(b"\0");
        key.update(path.as_os_str().as_encoded_bytes());
        let hex = key.finalize().to_hex();
        self.folder.join(&hex.as_str()[..32])
    }

    fn header(&self, text: &str, body: &[u8]) -> Header {
        Header {
            build: self.build.clone(),
            text: hash(text.as_bytes()),
            body: hash(body),
        }
    }

    /// The part the file at `path`, now `text`, gave when it was last parsed, as
    /// read from `file` in this load; `None` if the cache does not hold this text.
    pub(super) fn get(&self, path: &Path, text: &str, file: FileId) -> Option<Part> {
        let bytes = read_entry(&self.entry(path))?;
        let (header, rest) = postcard::take_from_bytes::<Header>(&bytes).ok()?;
        if header != self.header(text, rest) {
            return None;
        }
        let Body {
            mut plan,
            delegates,
        } = postcard::from_bytes(rest).ok()?;
        if plan.path != path {
            return None;
        }
        plan.set_file(file);
        let mut part = Part {
            path: path.to_path_buf(),
            parsed: true,
            ..Part::default()
        };
        part.written.delegates.extend(delegates);
        part.db.plans.insert(plan.session.clone(), Arc::new(plan));
        Some(part)
    }

    /// Keep what parsing `text` gave, if it is a plan read without a diagnostic.
    pub(super) fn put(&self, path: &Path, text: &str, part: &Part) {
        let Some(plan) = clean_plan(part) else {
            return;
        };
        let body = BodyOf {
            plan,
            delegates: part.written.delegates.iter().collect(),
        };
        let Ok(body) = postcard::to_stdvec(&body) else {
            return;
        };
        let Ok(mut bytes) = postcard::to_stdvec(&self.header(text, &body)) else {
            return;
        };
        bytes.extend_from_slice(&body);
        // Best effort: a cache that cannot be written only costs the next parse. It
        // holds what the plans hold (travel, hotels, bookings): the owner's alone.
        let _ = private_folder(&self.folder).and_then(|()| write_entry(&self.entry(path), &bytes));
        static PRUNED: std::sync::Once = std::sync::Once::new();
        PRUNED.call_once(|| prune(&self.folder, KEPT_DAYS));
    }
}

/// Remove the entries not written for `days` days: once a process, when it writes
/// one (a load that found everything in the cache looks no further).
fn prune(folder: &Path, days: u64) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let limit = std::time::Duration::from_secs(days * 24 * 60 * 60);
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > limit);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The plan of a part that is one plan file read without a diagnostic: all a cache
/// entry may hold.
fn clean_plan(part: &Part) -> Option<&Plan> {
    let db = &part.db;
    let only_a_plan = db.venues.is_empty()
        && db.sessions.is_empty()
        && db.sections.is_empty()
        && db.people.is_empty()
        && db.bodies.is_empty()
        && db.organization.is_none()
        && db.plans.len() == 1;
    if !part.parsed || !part.diags.items.is_empty() || !only_a_plan {
        return None;
    }
    db.plans.values().next().map(|p| &**p)
}

fn hash(bytes: &[u8]) -> [u8; 32] {
    *blake3::hash(bytes).as_bytes()
}

/// An entry's bytes, if it is a regular file (a pipe or a device in its place would
/// hang or flood the read) of a sane size.
fn read_entry(entry: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(entry).ok()?;
    if !meta.is_file() || meta.len() > super::source::MAX_FILE_BYTES * 4 {
        return None;
    }
    std::fs::read(entry).ok()
}

/// The cache's folder, made if missing, and readable by its owner only even if it was
/// made otherwise (by an older attaché, or by hand).
fn private_folder(folder: &Path) -> std::io::Result<()> {
    super::write::create_private_dir(folder)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(folder)?.permissions().mode() & 0o777;
        if mode != 0o700 {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Replace an entry whole: written beside it (readable by its owner only, as
/// `tempfile` makes it) and renamed over it, so that a reader never sees half of one
/// (and two writers leave one or the other).
fn write_entry(entry: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = entry.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(entry).map_err(|e| e.error)?;
    Ok(())
}

/// This build of attaché: its version and the size and modification time of its
/// executable, which every new build changes. `None` if the executable cannot be
/// looked at: then there is no cache.
fn build() -> Option<&'static str> {
    static BUILD: OnceLock<Option<String>> = OnceLock::new();
    BUILD
        .get_or_init(|| {
            let exe = std::env::current_exe().ok()?;
            let meta = std::fs::metadata(exe).ok()?;
            let modified = meta
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            Some(format!(
                "attache {} {} {}",
                env!("CARGO_PKG_VERSION"),
                meta.len(),
                modified.as_nanos()
            ))
        })
        .as_deref()
}

/// A meeting's time in the cache as seconds since 1970 and nanoseconds, not chrono's
/// text: a large database has two for each of its tens of thousands of meetings, and
/// reading them back as text was a fifth of reading the cache.
pub(crate) mod times {
    use chrono::{DateTime, NaiveDateTime};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
        let t = t.and_utc();
        (t.timestamp(), t.timestamp_subsec_nanos()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
        let (seconds, nanos) = <(i64, u32)>::deserialize(d)?;
        DateTime::from_timestamp(seconds, nanos)
            .map(|t| t.naive_utc())
            .ok_or_else(|| serde::de::Error::custom("a time out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DbSource, Loaded, RawFile, parse_files_with, source};

    /// A plan with what the shipped ones lack: times with seconds and fractions, a
    /// journey in a named zone and one at an offset, accreditation dates, revisions,
    /// a programme item that moved, text in other scripts, a key the reader ignores.
    const RARE: &str = r#"format = 1
session = "cnd-70"
notes = """Two lines,
the second with a "quote" and Ünïcödé ✈"""

[[delegate]]
person = "esempio"
role = "head"
arrive = 2027-03-07T14:05:30
depart = 2027-03-12
letter_listed = 2026-11-20
indico_account = true
visa = "granted"
visa_on = 2027-01-10
changed = 2026-11-30T07:41:00Z
sequence = 3

[[meeting]]
id = "rare-1"
title = "Встреча 会议"
kind = "bilateral"
start = 2027-03-09T13:00:15.25
end = 2027-03-09T14:00:00
attendees = ["esempio"]
programme = "uid-1@example.org"
moved_from = 2027-03-09T12:00:00
url = "https://example.org/a?b=c"
changed = 2026-11-30T08:00:00+01:00
sequence = 2

[[travel]]
person = "esempio"
mode = "train"
from = "Zagreb"
to = "Wien Hbf"
depart = 2027-03-07T08:35:00
depart_tz = "Europe/Zagreb"
arrive = 2027-03-07T15:20:00+05:45

[[stay]]
person = "esempio"
name = "Hotel"
check_in = 2027-03-07
check_out = 2027-03-12
"#;

    /// The shipped database with the rare plan in place of one of its own.
    fn files() -> Vec<RawFile> {
        let mut files = source::embedded_files();
        for f in files.iter_mut().filter(|f| f.path.ends_with("cnd-70.toml")) {
            f.bytes = RARE.as_bytes().to_vec();
        }
        files
    }

    /// Everything a load gives, origins included (they compare equal whatever they
    /// hold, so their debug form is compared).
    fn everything(l: &Loaded) -> String {
        let mut delegates: Vec<_> = l.written.delegates.iter().collect();
        delegates.sort();
        format!("{:#?}\n{:#?}\n{delegates:?}", l.db, l.diagnostics)
    }

    fn load(files: Vec<RawFile>, cache: Option<&Plans>) -> Loaded {
        parse_files_with(DbSource::Dir("db".into()), files, cache)
    }

    fn cache_in(dir: &Path) -> Plans {
        Plans::new(&dir.join("cache"), &dir.join("db")).expect("a build to tell apart")
    }

    #[test]
    fn a_plan_read_from_the_cache_is_the_plan_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        let parsed = everything(&load(files(), None));
        let first = load(files(), Some(&cache));
        assert_eq!(everything(&first), parsed, "a miss parses");
        let plans = source::embedded_files()
            .iter()
            .filter(|f| f.path.starts_with("plan"))
            .count();
        let entries = std::fs::read_dir(dir.path().join("cache")).unwrap().count();
        assert_eq!(entries, plans, "one entry per plan file");
        // Now every plan comes from the cache.
        let hits = load(files(), Some(&cache));
        assert_eq!(everything(&hits), parsed);
        for f in files().iter().filter(|f| f.path.starts_with("plan")) {
            let text = std::str::from_utf8(&f.bytes).unwrap();
            assert!(
                cache.get(&f.path, text, FileId(0)).is_some(),
                "{:?}",
                f.path
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_cache_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        load(files(), Some(&cache_in(dir.path())));
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let folder = dir.path().join("cache");
        assert_eq!(mode(&folder), 0o700);
        for e in std::fs::read_dir(&folder).unwrap() {
            assert_eq!(mode(&e.unwrap().path()), 0o600);
        }
    }

    #[test]
    fn entries_not_written_for_a_while_go() {
        let dir = tempfile::tempdir().unwrap();
        load(files(), Some(&cache_in(dir.path())));
        let folder = dir.path().join("cache");
        let entries = || std::fs::read_dir(&folder).unwrap().count();
        let all = entries();
        let old = std::fs::read_dir(&folder)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let long_ago = std::time::SystemTime::now()
            - std::time::Duration::from_secs((KEPT_DAYS + 1) * 24 * 60 * 60);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        prune(&folder, KEPT_DAYS);
        assert_eq!(entries(), all - 1);
        assert!(!old.exists());
    }

    /// A pipe where an entry should be is not read (it would wait for a writer
    /// forever), and a folder made readable by others is made the owner's again.
    #[cfg(unix)]
    #[test]
    fn a_pipe_in_the_cache_is_a_miss_and_a_loose_folder_is_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        let folder = dir.path().join("cache");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        let plan = Path::new("plan/cnd-70.toml");
        let fifo = cache.entry(plan);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        assert!(cache.get(plan, RARE, FileId(0)).is_none());
        load(files(), Some(&cache));
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        // The pipe was replaced by an entry.
        assert!(cache.get(plan, RARE, FileId(0)).is_some());
    }

    #[test]
    fn a_changed_file_is_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        load(files(), Some(&cache));
        let mut changed = files();
        for f in changed
            .iter_mut()
            .filter(|f| f.path.ends_with("cnd-70.toml"))
        {
            f.bytes = RARE.replace("Hotel", "Pension").into_bytes();
        }
        let l = load(changed.clone(), Some(&cache));
        let plan = &l.db.plans["cnd-70"];
        assert_eq!(plan.stays[0].name, "Pension");
        assert_eq!(everything(&l), everything(&load(changed, None)));
    }

    #[test]
    fn a_file_with_any_message_is_never_cached() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        let mut files = files();
        for f in files.iter_mut().filter(|f| f.path.ends_with("cnd-70.toml")) {
            f.bytes = format!("{RARE}\nunknown_key = 1\n").into_bytes();
        }
        let l = load(files.clone(), Some(&cache));
        assert!(!l.diagnostics.items.is_empty());
        let f = files
            .iter()
            .find(|f| f.path.ends_with("cnd-70.toml"))
            .unwrap();
        let text = std::str::from_utf8(&f.bytes).unwrap();
        assert!(cache.get(&f.path, text, FileId(0)).is_none());
        assert_eq!(
            everything(&load(files.clone(), Some(&cache))),
            everything(&l)
        );
    }

    #[test]
    fn a_damaged_or_foreign_entry_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache_in(dir.path());
        let parsed = everything(&load(files(), None));
        load(files(), Some(&cache));
        let entries: Vec<PathBuf> = std::fs::read_dir(dir.path().join("cache"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        for (n, e) in entries.iter().enumerate() {
            let mut bytes = std::fs::read(e).unwrap();
            match n % 3 {
                0 => bytes.truncate(bytes.len() / 2),
                1 => bytes
                    .iter_mut()
                    .skip(60)
                    .step_by(7)
                    .for_each(|b| *b ^= 0x5a),
                _ => bytes.clear(),
            }
            std::fs::write(e, bytes).unwrap();
        }
        assert_eq!(everything(&load(files(), Some(&cache))), parsed);
        // A change that still decodes (a title's letter) is a miss too.
        load(files(), Some(&cache));
        let mut changed = 0;
        for e in &entries {
            let mut bytes = std::fs::read(e).unwrap();
            if let Some(at) = bytes.windows(5).position(|w| w == b"Hotel") {
                bytes[at + 3] = b'x';
                std::fs::write(e, bytes).unwrap();
                changed += 1;
            }
        }
        assert_eq!(changed, 1, "the rare plan's hotel");
        assert_eq!(everything(&load(files(), Some(&cache))), parsed);
        // Another build never reads this one's entries.
        let other = Plans {
            build: "attache 0.0.0 another build".into(),
            ..cache_in(dir.path())
        };
        assert_eq!(everything(&load(files(), Some(&other))), parsed);
        let files = files();
        let plan = files.iter().find(|f| f.path.starts_with("plan")).unwrap();
        let text = std::str::from_utf8(&plan.bytes).unwrap();
        assert!(other.get(&plan.path, text, FileId(0)).is_some());
        assert!(cache.get(&plan.path, text, FileId(0)).is_none());
    }

    /// TOML's basic string of any text.
    fn quoted(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                c => out.push(c),
            }
        }
        out + "\""
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Whatever meetings a plan holds, the cache gives back what parsing gave, and
        /// so does a miss: the cache is invisible but for the time.
        #[test]
        fn any_plan_comes_back_from_the_cache_as_parsed(
            meetings in proptest::collection::vec(
                ("\\PC{0,30}", 0u32..10_000, 1u32..600, 0u32..60, proptest::option::of("[a-z ]{0,12}")),
                0..12,
            )
        ) {
            let mut text = String::from("format = 1\nsession = \"cnd-70\"\n\n[[delegate]]\nperson = \"esempio\"\nrole = \"head\"\n");
            let start = chrono::NaiveDate::from_ymd_opt(2027, 3, 8)
                .unwrap()
                .and_hms_opt(8, 0, 0)
                .unwrap();
            for (n, (title, from, long, seconds, room)) in meetings.iter().enumerate() {
                let at = start + chrono::Duration::minutes(i64::from(*from)) + chrono::Duration::seconds(i64::from(*seconds));
                let end = at + chrono::Duration::minutes(i64::from(*long));
                text.push_str(&format!(
                    "\n[[meeting]]\nid = \"m{n}\"\ntitle = {}\nkind = \"bilateral\"\nstart = {}\nend = {}\nattendees = [\"esempio\"]\n",
                    quoted(title),
                    at.format("%Y-%m-%dT%H:%M:%S"),
                    end.format("%Y-%m-%dT%H:%M:%S"),
                ));
                if let Some(room) = room {
                    text.push_str(&format!("room = {}\n", quoted(room)));
                }
            }
            let mut files = source::embedded_files();
            for f in files.iter_mut().filter(|f| f.path.ends_with("cnd-70.toml")) {
                f.bytes = text.clone().into_bytes();
            }
            let dir = tempfile::tempdir().unwrap();
            let cache = cache_in(dir.path());
            let plain = load(files.clone(), None);
            let parsed = everything(&plain);
            proptest::prop_assert_eq!(&everything(&load(files.clone(), Some(&cache))), &parsed);
            // A plan read without a message is now in the cache.
            let clean = !plain.diagnostics.items.iter().any(|d| d.span.as_ref().is_some_and(|s| plain.sources.path(s.file).ends_with("cnd-70.toml")));
            let held = cache.get(Path::new("plan/cnd-70.toml"), &text, FileId(0)).is_some();
            proptest::prop_assert_eq!(held, clean);
            proptest::prop_assert_eq!(&everything(&load(files, Some(&cache))), &parsed);
        }
    }
}

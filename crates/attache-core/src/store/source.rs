//! Where a database's files come from (a folder, or the copy embedded in the binary)
//! and reading them safely: size limits, UTF-8, folders where files should be.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diag::Diagnostic;

/// The default database, shipped in `data/` and embedded at build time so that the app
/// runs with nothing set up.
pub static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../data");

/// The files every database has, at its top level.
pub const REQUIRED_FILES: [&str; 3] = ["venues.toml", "sessions.toml", "sections.toml"];
/// The calendar, the one database file besides the plans that edits write.
pub const SESSIONS_FILE: &str = REQUIRED_FILES[1];
/// The required files a list of the sessions reads: the calendar and its venues, not
/// the people.
pub const CALENDAR_FILES: [&str; 2] = [REQUIRED_FILES[0], REQUIRED_FILES[1]];

/// Files a database may have: read when they are there. Databases made before them
/// load as they did.
pub const OPTIONAL_FILES: [&str; 2] = ["organization.toml", "bodies.toml"];

/// The folder of plan files, one per planned session.
pub const PLAN_DIR: &str = "plan";

/// The largest file read. Far above any real database file (a plan with 5,000 meetings
/// is about 1.5 MB), low enough that a wrong path to a huge file fails fast.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The largest database read whole: attaché holds it in memory at about ten times its
/// size on disk, so 64 MB of files (some 250,000 meetings) stays under a gigabyte.
/// Past it, loading is refused at once with this limit, rather than exhausting the
/// machine's memory minutes later.
pub const MAX_DATABASE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbSource {
    Dir(PathBuf),
    Embedded,
}

impl DbSource {
    pub fn describe(&self) -> String {
        match self {
            DbSource::Dir(p) => p.display().to_string(),
            DbSource::Embedded => "the default database built into attache".to_string(),
        }
    }

    /// The folder, for a database in one.
    pub fn path(&self) -> Option<PathBuf> {
        match self {
            DbSource::Dir(p) => Some(p.clone()),
            DbSource::Embedded => None,
        }
    }
}

/// One file's bytes, with its path relative to the database folder.
#[derive(Debug, Clone)]
pub struct RawFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Every file of the database, and a problem for each that could not be read.
pub fn read_files(source: &DbSource) -> (Vec<RawFile>, Vec<Diagnostic>) {
    match source {
        DbSource::Embedded => (embedded_files(), Vec::new()),
        DbSource::Dir(dir) => read_dir(dir, &REQUIRED_FILES, true),
    }
}

/// Only the top-level files (venues, sessions, sections), not the plans: enough for
/// the calendar, small whatever the number of plans.
pub fn read_top_files(source: &DbSource) -> (Vec<RawFile>, Vec<Diagnostic>) {
    match source {
        DbSource::Embedded => {
            let mut files = embedded_files();
            files.retain(|f| !f.path.starts_with(PLAN_DIR));
            (files, Vec::new())
        }
        DbSource::Dir(dir) => read_dir(dir, &REQUIRED_FILES, false),
    }
}

/// Only the calendar: venues and sessions, with the organization and the bodies (the
/// rules of sessions) when they are there; neither the people nor the plans. What
/// `attache sessions` needs, whatever the size of the rest.
pub fn read_calendar_files(source: &DbSource) -> (Vec<RawFile>, Vec<Diagnostic>) {
    match source {
        DbSource::Embedded => {
            let mut files = embedded_files();
            files.retain(|f| {
                let name = f.path.as_os_str();
                CALENDAR_FILES
                    .iter()
                    .chain(&OPTIONAL_FILES)
                    .any(|n| name == *n)
            });
            (files, Vec::new())
        }
        DbSource::Dir(dir) => read_dir(dir, &CALENDAR_FILES, false),
    }
}

/// The top-level files and the plan files named after `sessions` (`plan/<id>.toml`):
/// what an export of those sessions reads, whatever the number of other plans.
pub fn read_session_files(source: &DbSource, sessions: &[&str]) -> (Vec<RawFile>, Vec<Diagnostic>) {
    let wanted = |path: &Path| {
        sessions
            .iter()
            .any(|s| path == crate::model::Plan::file_of(s))
    };
    match source {
        DbSource::Embedded => {
            let mut files = embedded_files();
            files.retain(|f| !f.path.starts_with(PLAN_DIR) || wanted(&f.path));
            (files, Vec::new())
        }
        DbSource::Dir(dir) => {
            let (mut files, mut problems) = read_dir(dir, &REQUIRED_FILES, false);
            for s in sessions {
                let rel = crate::model::Plan::file_of(s);
                if dir.join(&rel).exists() || is_link(&dir.join(&rel)) {
                    match read_one(dir, &rel) {
                        Ok(f) => files.push(f),
                        Err(d) => problems.push(d),
                    }
                }
            }
            (files, problems)
        }
    }
}

/// The sessions whose plan file, `plan/<id>.toml`, is there: from the folder's listing
/// and a look at each name (a regular file, or a link to one), without reading a plan.
/// A list of the calendar shows it at the cost of the calendar alone, however large
/// the plans. A plan in a file named otherwise (validation warns about it) is not
/// among them, and a file here may still fail to load: reading tells, not this.
pub fn plan_files(source: &DbSource) -> Result<BTreeSet<String>, Diagnostic> {
    let names: Vec<PathBuf> = match source {
        DbSource::Embedded => embedded_files()
            .into_iter()
            .filter_map(|f| Some(f.path.strip_prefix(PLAN_DIR).ok()?.to_path_buf()))
            .collect(),
        DbSource::Dir(dir) => {
            let plan_dir = dir.join(PLAN_DIR);
            if !plan_dir.exists() {
                return Ok(BTreeSet::new());
            }
            if !plan_dir.is_dir() {
                return Err(plan_dir_is_a_file());
            }
            plan_paths(&plan_dir)
                .map_err(cannot_list_plans)?
                .into_iter()
                .filter(|name| fs::metadata(plan_dir.join(name)).is_ok_and(|m| m.is_file()))
                .collect()
        }
    };
    Ok(names
        .iter()
        .filter_map(|name| name.file_stem()?.to_str())
        .map(str::to_string)
        .collect())
}

/// The embedded database's files, plans in name order.
pub fn embedded_files() -> Vec<RawFile> {
    let mut files: Vec<RawFile> = REQUIRED_FILES
        .iter()
        .chain(&OPTIONAL_FILES)
        .filter_map(|name| EMBEDDED.get_file(name))
        .map(|f| RawFile {
            path: f.path().to_path_buf(),
            bytes: f.contents().to_vec(),
        })
        .collect();
    if let Some(plans) = EMBEDDED.get_dir(PLAN_DIR) {
        let mut plan_files: Vec<_> = plans
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
            .map(|f| RawFile {
                path: f.path().to_path_buf(),
                bytes: f.contents().to_vec(),
            })
            .collect();
        plan_files.sort_by(|a, b| a.path.cmp(&b.path));
        files.extend(plan_files);
    }
    files
}

/// The `required` top-level files of the folder, the optional ones that are there, and
/// the plans if asked.
fn read_dir(dir: &Path, required: &[&str], with_plans: bool) -> (Vec<RawFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        let what = if dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        problems.push(
            Diagnostic::error(format!("the database folder {} {what}", dir.display()))
                .help(format!("create one with: attache init {}", dir.display())),
        );
        return (files, problems);
    }
    for name in required {
        match read_one(dir, Path::new(name)) {
            Ok(f) => files.push(f),
            Err(d) => problems.push(d),
        }
    }
    for name in OPTIONAL_FILES {
        let path = dir.join(name);
        if path.exists() || is_link(&path) {
            match read_one(dir, Path::new(name)) {
                Ok(f) => files.push(f),
                Err(d) => problems.push(d),
            }
        }
    }
    let plan_dir = dir.join(PLAN_DIR);
    if !with_plans {
        return (files, problems);
    }
    if plan_dir.exists() && !plan_dir.is_dir() {
        problems.push(plan_dir_is_a_file());
    } else if plan_dir.exists() {
        match plan_paths(&plan_dir) {
            Ok(paths) => {
                let top: u64 = files.iter().map(|f| f.bytes.len() as u64).sum();
                if let Some(d) = over_the_limit(dir, top + plans_size(&plan_dir, &paths)) {
                    problems.push(d);
                    return (files, problems);
                }
                for path in paths {
                    match read_one(dir, &Path::new(PLAN_DIR).join(path)) {
                        Ok(f) => files.push(f),
                        Err(d) => problems.push(d),
                    }
                }
            }
            Err(e) => problems.push(cannot_list_plans(e)),
        }
    }
    (files, problems)
}

/// A file where the folder of plans should be.
fn plan_dir_is_a_file() -> Diagnostic {
    Diagnostic::error(format!(
        "cannot read {PLAN_DIR}/: it is a file, not a folder"
    ))
    .help(format!(
        "{PLAN_DIR}/ holds one plan file per session: move the file named {PLAN_DIR} away"
    ))
}

/// The folder of plans could not be listed (its permissions, most often).
fn cannot_list_plans(e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot read the folder {PLAN_DIR}/: {e}"))
}

/// Whether the database in `source` is too large to load ([`MAX_DATABASE_BYTES`]),
/// from the sizes of its files alone: nothing is read. What a front end asks before it
/// starts, so that it can refuse at once (the terminal application, before it takes
/// the screen) rather than after the calendar is drawn. The built-in database is small.
pub fn too_large_to_load(source: &DbSource) -> Option<Diagnostic> {
    let DbSource::Dir(dir) = source else {
        return None;
    };
    let top: u64 = REQUIRED_FILES
        .iter()
        .chain(&OPTIONAL_FILES)
        .filter_map(|name| fs::metadata(dir.join(name)).ok())
        .map(|m| m.len())
        .sum();
    let plan_dir = dir.join(PLAN_DIR);
    let plans = plan_paths(&plan_dir).map_or(0, |paths| plans_size(&plan_dir, &paths));
    over_the_limit(dir, top + plans)
}

/// The bytes of the plan files `paths` in `plan_dir`, from their metadata.
fn plans_size(plan_dir: &Path, paths: &[PathBuf]) -> u64 {
    paths
        .iter()
        .filter_map(|p| fs::metadata(plan_dir.join(p)).ok())
        .map(|m| m.len())
        .sum()
}

/// The one rule of the limit: `total` bytes of files in `dir` over
/// [`MAX_DATABASE_BYTES`] is a database refused whole.
fn over_the_limit(dir: &Path, total: u64) -> Option<Diagnostic> {
    (total > MAX_DATABASE_BYTES).then(|| too_large(dir, total))
}

/// A database over [`MAX_DATABASE_BYTES`]: refused whole, with the limit and a way out.
fn too_large(dir: &Path, total: u64) -> Diagnostic {
    Diagnostic::error(format!(
        "the database in {} is {} MB of files, over the limit of {} MB (some 250,000 meetings)",
        dir.display(),
        total.div_ceil(1024 * 1024),
        MAX_DATABASE_BYTES / (1024 * 1024)
    ))
    .help("attaché holds the database in memory, about ten times its size on disk: move the plans of past sessions to another folder (an archive to open with --db), or check the path")
}

/// The `.toml` names in the plan folder, sorted so loading is deterministic.
fn plan_paths(plan_dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut names: Vec<PathBuf> = fs::read_dir(plan_dir)?
        .filter_map(Result::ok)
        .map(|e| PathBuf::from(e.file_name()))
        .filter(|n| n.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    Ok(names)
}

fn read_one(dir: &Path, rel: &Path) -> Result<RawFile, Diagnostic> {
    let path = dir.join(rel);
    let cannot = |why: String| Diagnostic::error(format!("cannot read {}: {why}", rel.display()));
    let meta = fs::metadata(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound if is_link(&path) => cannot(format!(
            "it is a link to {}, which does not exist",
            fs::read_link(&path).unwrap_or_default().display()
        ))
        .help(format!(
            "point the link {} at the file, or put the file in its place",
            rel.display()
        )),
        std::io::ErrorKind::NotFound => Diagnostic::error(format!(
            "the database in {} has no {}",
            dir.display(),
            rel.display()
        ))
        .help(format!(
            "every database has {}; `attache init` writes a complete one to start from",
            REQUIRED_FILES.join(", ")
        )),
        _ => cannot(e.to_string()),
    })?;
    if meta.is_dir() {
        return Err(cannot("it is a folder, not a file".into()).help(format!(
            "move the folder away and put the {} file there",
            rel.display()
        )));
    }
    if !meta.is_file() {
        // A pipe or a device would block the read, or never end.
        return Err(
            cannot("it is not a regular file (a pipe or a device?)".into())
                .help(format!("put a regular {} file there", rel.display())),
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(cannot(format!(
            "it is {} MB, over the limit of {} MB",
            meta.len().div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ))
        .help("a database file this large is almost surely not one: check the path"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    open_regular(&path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| cannot(e.to_string()))?;
    Ok(RawFile {
        path: rel.to_path_buf(),
        bytes,
    })
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Open a file to read, refusing what is not a regular file once opened (it may have
/// been replaced by a pipe since it was looked at). Opened without blocking, so that
/// a pipe or a device never hangs a load; reads from a regular file do not block.
fn open_regular(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(
            "it is not a regular file (a pipe or a device?)",
        ));
    }
    Ok(file)
}

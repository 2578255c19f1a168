//! What every command shares to run and print: where the database is and what day it
//! is ([`Context`]), the JSON envelope (`schema`, `version`), times in ISO 8601 with
//! offset and zone, and colours for labels.

use std::io::{IsTerminal, Write};

use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use clap::ValueEnum;
use serde::Serialize;

use super::error::{Error, Outcome};
use crate::model::{Moment, Zone};
use crate::store::{self, DbSource, Loaded};
use crate::text::printable;

/// The version of every JSON schema of the command line (`docs/json.md`): raised when
/// a key changes meaning or goes; new keys may appear without it.
pub const JSON_VERSION: u32 = 1;

/// The schemas whose version has moved past [`JSON_VERSION`], each on its own: a key
/// that changed meaning in one schema breaks its readers alone, not every script.
/// `attache-sessions` 2: `delegates` is null unless `--delegations` reads the plans.
const RAISED: [(&str, u32); 1] = [("sessions", 2)];

/// The version of the schema `attache-<schema>` (see [`RAISED`]).
pub fn schema_version(schema: &str) -> u32 {
    RAISED
        .iter()
        .find(|(name, _)| *name == schema)
        .map_or(JSON_VERSION, |(_, v)| *v)
}

/// When to colour the labels of messages (`error:`, `warning:`, `= help:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Color {
    /// When writing to a terminal and NO_COLOR is not set
    #[default]
    Auto,
    /// Always, even into a pipe or a file
    Always,
    /// Never
    Never,
}

impl Color {
    /// Whether to colour what goes to a stream that is a terminal or not.
    fn on(self, terminal: bool) -> bool {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => terminal && !no_color,
        }
    }
}

/// Output format of the reading commands and the edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// For people to read
    #[default]
    Text,
    /// For scripts: one JSON document with `schema` and `version` (see docs/json.md)
    Json,
}

/// Everything a command needs besides its own arguments.
#[derive(Debug, Clone)]
pub struct Context {
    pub source: DbSource,
    pub today: NaiveDate,
    /// `-q`: no "wrote ..." notes.
    pub quiet: bool,
    pub color: Color,
    /// The first error writing to stdout (a full disk, a closed file), for the command
    /// to end with it rather than exit 0 with its output lost ([`Context::written`]).
    pub failed: std::sync::OnceLock<String>,
}

impl Context {
    /// Load the database, or refuse one that has errors: a command cannot use it.
    pub fn load(&self) -> Result<Loaded, Error> {
        self.require_folder()?;
        let loaded = store::load(&self.source, self.today);
        self.refuse_broken(&loaded)?;
        Ok(loaded)
    }

    /// The calendar and the plans of `sessions` only, for a command about those
    /// sessions: a broken plan of another session is neither read nor able to block
    /// it. Everything when no session is named, or when a plan is not where its
    /// session's name says or has errors (then the full read finds it, or says why).
    pub fn load_sessions(&self, sessions: &[&str]) -> Result<Loaded, Error> {
        if sessions.is_empty() {
            return self.load();
        }
        self.require_folder()?;
        let loaded = store::load_sessions(&self.source, self.today, sessions);
        let complete = sessions.iter().all(|s| loaded.db.plans.contains_key(*s));
        if !complete || loaded.diagnostics.has_errors() {
            return self.load();
        }
        Ok(loaded)
    }

    /// A database folder that is not there is said in one line, not as a problem of
    /// its files.
    pub fn require_folder(&self) -> Result<(), Error> {
        let DbSource::Dir(dir) = &self.source else {
            return Ok(());
        };
        if dir.is_dir() {
            return Ok(());
        }
        let shown = printable(&dir.display().to_string()).into_owned();
        let what = if dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        Err(
            Error::new(format!("the database folder {shown} {what}")).help(format!(
                "write a database there with: attache init {shown}, or give another with --db DIR"
            )),
        )
    }

    /// A database whose files have errors cannot be used: its problems, and what to do.
    pub fn refuse_broken(&self, loaded: &Loaded) -> Result<(), Error> {
        if !loaded.diagnostics.has_errors() {
            return Ok(());
        }
        let db = printable(&self.source.describe()).into_owned();
        Err(Error::new(format!(
            "the database in {db} has errors: fix them first (see above)"
        ))
        .help("attache check lists every problem with its file, line and column")
        .detail(errors_only(loaded)))
    }

    /// Print to stdout as is: a result (a list, an export, JSON) is never coloured,
    /// so that no content is changed.
    pub fn out(&self, text: &str) {
        let done = std::io::stdout().lock().write_all(text.as_bytes());
        self.check_written(done);
    }

    /// Remember a failed write to stdout. A closed pipe (`attache sessions | head`) is
    /// not an error: the reader had what it wanted.
    fn check_written(&self, done: std::io::Result<()>) {
        if let Err(e) = done
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            let _ = self.failed.set(e.to_string());
        }
    }

    /// The command's outcome, unless its output could not be written: then that is
    /// the error (exit 2), since what it printed is lost.
    pub fn written(&self, outcome: Outcome) -> Outcome {
        match (self.failed.get(), outcome) {
            (Some(e), Ok(_)) => Err(Error::new(format!("cannot write the output: {e}"))
                .help("check that the disk is not full and the file can be written")),
            (_, outcome) => outcome,
        }
    }

    /// Print a report of problems (check, clashes, an edit) to stdout, its labels
    /// coloured if asked.
    pub fn report(&self, text: &str) {
        self.out(&paint(text, self.color.on(std::io::stdout().is_terminal())));
    }

    /// Print to stderr, labels coloured if asked.
    pub fn err(&self, text: &str) {
        let text = paint(text, self.color.on(std::io::stderr().is_terminal()));
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }

    /// A note of a file written: on stderr, silenced by `-q`.
    pub fn wrote(&self, what: &str) {
        if !self.quiet {
            self.err(&format!("wrote {}\n", printable(what)));
        }
    }

    /// A JSON document on stdout, in the envelope ([`envelope`]), never coloured.
    pub fn json(&self, schema: &str, body: impl Serialize) {
        self.out(&(envelope(schema, body) + "\n"));
    }

    /// [`Context::json`] of a body with one long list, written an item at a time
    /// ([`envelope_streamed`]): `check` of a dense database has tens of thousands of
    /// diagnostics, and the whole document as a value was 20x the database.
    pub fn json_streamed(
        &self,
        schema: &str,
        body: serde_json::Map<String, serde_json::Value>,
        list: &str,
        items: impl Iterator<Item = serde_json::Value>,
    ) {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let done =
            envelope_streamed(&mut out, schema, body, list, items).and_then(|()| out.flush());
        self.check_written(done);
    }
}

/// The bytes of [`envelope`] of `body` with `list` (an array of `items`) among its
/// keys, written as they are made: one item in memory at a time.
pub fn envelope_streamed(
    out: &mut impl Write,
    schema: &str,
    body: serde_json::Map<String, serde_json::Value>,
    list: &str,
    items: impl Iterator<Item = serde_json::Value>,
) -> std::io::Result<()> {
    use serde_json::Value;
    // A value's pretty text as it stands at `indent` spaces: its lines after the first
    // indented, as the whole document's printer would.
    let at =
        |v: &Value, indent: &str| crate::text::json_text(v).replace('\n', &format!("\n{indent}"));
    let head = serde_json::json!({
        "schema": format!("attache-{schema}"),
        "version": schema_version(schema),
    });
    write!(
        out,
        "{{\n  \"schema\": {},\n  \"version\": {}",
        head["schema"], head["version"]
    )?;
    // The body's keys in serde_json's order (sorted), the list among them.
    let mut keys: Vec<&str> = body.keys().map(String::as_str).chain([list]).collect();
    keys.sort_unstable();
    let mut items = items.peekable();
    for key in keys {
        write!(out, ",\n  {}: ", Value::from(key))?;
        if key != list {
            write!(out, "{}", at(&body[key], "  "))?;
            continue;
        }
        if items.peek().is_none() {
            write!(out, "[]")?;
            continue;
        }
        write!(out, "[")?;
        let mut first = true;
        for item in items.by_ref() {
            let sep = if first { "" } else { "," };
            first = false;
            write!(out, "{sep}\n    {}", at(&item, "    "))?;
        }
        write!(out, "\n  ]")?;
    }
    writeln!(out, "\n}}")
}

/// The errors of a database that does not load, each rendered, then their count: not
/// its warnings, which a refusal does not look for (the plans' checks never ran), so
/// that it never says "0 warnings" of a database that has some.
fn errors_only(loaded: &Loaded) -> String {
    let mut text = String::new();
    for e in loaded.diagnostics.errors() {
        e.render_into(&loaded.sources, &mut text);
        text.push('\n');
    }
    let n = loaded.diagnostics.errors().count();
    text + &crate::diag::plural(n, "error") + "\n"
}

/// Every JSON output: `{"schema": "attache-<name>", "version": 1, ...body}` (the
/// version is the schema's own, [`schema_version`]), with the
/// characters a terminal would act on escaped ([`crate::text::json_text`]).
pub fn envelope(schema: &str, body: impl Serialize) -> String {
    #[derive(Serialize)]
    struct Envelope<'a, T> {
        schema: String,
        version: u32,
        #[serde(flatten)]
        body: &'a T,
    }
    crate::text::json_text(&Envelope {
        schema: format!("attache-{schema}"),
        version: schema_version(schema),
        body: &body,
    })
}

/// A time as the JSON outputs give it: ISO 8601 with its offset, and the zone it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Time {
    /// `2027-03-09T13:00:00+01:00`
    pub at: String,
    /// `Europe/Vienna`, or the offset when only that is known.
    pub zone: String,
}

/// A local time at a place in zone `tz`. A local time that does not exist there (which
/// the rules keep out of a valid database) keeps no offset rather than a wrong one.
pub fn local_time(local: NaiveDateTime, tz: Tz) -> Time {
    let at = match crate::time::resolve_local(tz, local) {
        Ok(t) => t.to_rfc3339(),
        Err(_) => local.format("%Y-%m-%dT%H:%M:%S").to_string(),
    };
    Time {
        at,
        zone: tz.name().to_string(),
    }
}

/// One end of a journey, in the zone it was written in.
pub fn moment_time(m: &Moment) -> Time {
    let at = match m.zone {
        Zone::Named(tz) => m.utc().with_timezone(&tz).to_rfc3339(),
        Zone::Offset(off) => m.utc().with_timezone(&off).to_rfc3339(),
    };
    Time {
        at,
        zone: m.zone_label(),
    }
}

/// Colour the labels at the start of lines: `error:` red, `warning:` yellow,
/// `= help:` cyan. Text without labels, or with colours off, is returned as is.
pub fn paint(text: &str, on: bool) -> String {
    if !on {
        return text.to_string();
    }
    const LABELS: [(&str, &str); 4] = [
        ("error:", "\x1b[1;31m"),
        ("warning:", "\x1b[1;33m"),
        ("resolved:", "\x1b[1;32m"),
        ("= help:", "\x1b[1;36m"),
    ];
    text.split_inclusive('\n')
        .map(|line| {
            let body = line.trim_start();
            let indent = &line[..line.len() - body.len()];
            LABELS
                .iter()
                .find(|(label, _)| body.starts_with(label))
                .map_or(line.to_string(), |(label, color)| {
                    format!("{indent}{color}{label}\x1b[0m{}", &body[label.len()..])
                })
        })
        .collect()
}

#[cfg(test)]
mod streamed_tests {
    use super::*;

    /// The streamed document is byte for byte the whole one, whatever the list holds
    /// and wherever its key sorts.
    #[test]
    fn a_streamed_document_is_the_whole_one() {
        let item = |n: u32| {
            serde_json::json!({
                "message": format!("item {n} with \u{1b} and \"quotes\"\nand a line"),
                "place": {"file": "plan/x.toml", "line": n},
                "people": ["a", "b"],
                "empty": [],
            })
        };
        for n in [0, 1, 3] {
            for list in ["aaa", "diagnostics", "zzz"] {
                let items: Vec<_> = (0..n).map(item).collect();
                let mut body = serde_json::Map::new();
                body.insert("errors".into(), 2.into());
                body.insert("nested".into(), serde_json::json!({"k": [1, {"x": "y"}]}));
                let mut whole = body.clone();
                whole.insert(list.into(), items.clone().into());
                let mut streamed = Vec::new();
                envelope_streamed(&mut streamed, "check", body, list, items.into_iter()).unwrap();
                assert_eq!(
                    String::from_utf8(streamed).unwrap(),
                    envelope("check", whole) + "\n",
                    "{n} items in {list}"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_painted_only_when_asked() {
        let text = "error: x\n  = help: y\nplain\n";
        assert_eq!(paint(text, false), text);
        assert_eq!(
            paint(text, true),
            "\x1b[1;31merror:\x1b[0m x\n  \x1b[1;36m= help:\x1b[0m y\nplain\n"
        );
    }

    #[test]
    fn times_carry_offset_and_zone() {
        let t = local_time(
            "2027-03-09T13:00:00".parse().unwrap(),
            chrono_tz::Europe::Vienna,
        );
        assert_eq!(t.at, "2027-03-09T13:00:00+01:00");
        assert_eq!(t.zone, "Europe/Vienna");
        let summer = local_time(
            "2027-06-09T13:00:00".parse().unwrap(),
            chrono_tz::Europe::Vienna,
        );
        assert_eq!(summer.at, "2027-06-09T13:00:00+02:00");
    }

    #[test]
    fn the_envelope_comes_first_with_the_body_after() {
        let s = envelope("x", serde_json::json!({"a": 1}));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["schema"], "attache-x");
        assert_eq!(v["version"], JSON_VERSION);
        assert_eq!(v["a"], 1);
        let raised: serde_json::Value =
            serde_json::from_str(&envelope("sessions", serde_json::json!({}))).unwrap();
        assert_eq!(raised["version"], 2, "a schema with its own version");
        let at = |k: &str| s.find(&format!("\"{k}\"")).unwrap();
        assert!(
            at("schema") < at("version") && at("version") < at("a"),
            "{s}"
        );
    }
}

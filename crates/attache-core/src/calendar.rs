//! The calendar (`sessions.toml`) as edits change it: a session written as its file
//! holds it, the rules a session answers to against the rest of the database, and the
//! operations that add a session, change one and confirm its dates.
//!
//! The rules are the loader's own: an operation writes the session as a
//! `[[session]]` table, reads it back with the loader's reader
//! ([`crate::store::parse::sessions`]) and checks it with [`rules_in`], which
//! validation runs on every session too. So an edit is refused exactly when the file
//! it would write would not load.

use toml::de::DeTable;

use crate::diag::{Diagnostic, Diagnostics, FileId, did_you_mean};
use crate::items::{Record, Values, date, opt_text, text};
use crate::model::{Database, Origin, Session, SessionId, SessionKind, SessionStatus};
use crate::planning::change::{Change, Entry, Transaction};
use crate::planning::ops::{OpError, OpResult, session_exists};
use crate::store::fields::Fields;
use crate::text::printable;
use crate::validate::Written;

/// A session of `sessions.toml` is a record like a section or a person: read by the
/// loader, written key by key by a save, changed by [`Change::Entry`].
impl Record for Session {
    const TABLE: &'static str = "session";
    const NAME_KEY: &'static str = "id";

    fn read(f: &mut Fields<'_>) -> Option<Self> {
        let id: Option<SessionId> = f.id("id");
        let body = f.req_str("body");
        let title = f.req_str("title");
        let kind = f.word("kind", SessionKind::NAMES, SessionKind::parse, None);
        let venue = f.reference("venue");
        let start = f.date("start");
        let end = f.date("end");
        let registration_deadline = f.opt_date("registration_deadline");
        let max_delegates = f.opt_u32("max_delegates");
        let letter_due_days = f.opt_u32("letter_due_days");
        let registration = crate::store::parse::registration(f);
        let registration_url = f.opt_str("registration_url");
        let themes = f.str_list("themes");
        let status = f.word(
            "status",
            SessionStatus::NAMES,
            SessionStatus::parse,
            Some(SessionStatus::Confirmed),
        );
        let source = f.opt_str("source");
        let notes = f.opt_str("notes");
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            let d = Diagnostic::error(format!("{} ends ({e}) before it starts ({s})", f.what()))
                .help("swap start and end, or correct the date");
            f.error_at("end", d);
        }
        crate::store::parse::no_zero_limit(f, max_delegates, "max_delegates");
        if let (Some(due), Some(s)) = (registration_deadline, start)
            && due > s
        {
            let d = Diagnostic::warning(format!(
                "the registration deadline of {} ({due}) is after its opening ({s})",
                f.what()
            ))
            .help("a deadline falls before the session opens: correct the date, or leave registration_deadline out");
            f.warn_at("registration_deadline", d);
        }
        Some(Session {
            id: id?,
            body: body?,
            title: title?,
            kind: kind?,
            venue: venue?,
            start: start?,
            end: end?,
            registration_deadline,
            max_delegates,
            letter_due_days,
            registration,
            registration_url,
            themes,
            status: status?,
            source,
            notes,
            origin: Origin::default(),
        })
    }

    fn write(&self) -> Values {
        write(self)
    }

    fn same(&self, other: &Self) -> bool {
        self.id == other.id
    }

    fn name_value(&self) -> &str {
        &self.id
    }

    fn origin(&self) -> &Origin {
        &self.origin
    }

    fn origin_mut(&mut self) -> &mut Origin {
        &mut self.origin
    }

    /// Its rules on itself (dates in order, a limit that lets someone come) are read
    /// with its keys, at their places: see [`Record::read`].
    fn rules(&self, _: &mut Diagnostics) {}
}

/// A session's keys and values, in the order a new `[[session]]` table is written.
/// A confirmed session writes no `status` (confirmed is the default), so confirming
/// one removes its `status = "tentative"` line.
pub fn write(s: &Session) -> Values {
    let list = |items: &[String]| {
        (!items.is_empty()).then(|| toml_edit::Value::Array(items.iter().collect()))
    };
    vec![
        ("id", text(&s.id)),
        ("body", text(&s.body)),
        ("title", text(&s.title)),
        ("kind", text(s.kind.as_str())),
        ("venue", text(&s.venue)),
        ("start", date(s.start)),
        ("end", date(s.end)),
        (
            "registration_deadline",
            s.registration_deadline.and_then(date),
        ),
        (
            "max_delegates",
            s.max_delegates
                .map(|m| toml_edit::Value::from(i64::from(m))),
        ),
        (
            "letter_due_days",
            s.letter_due_days
                .map(|d| toml_edit::Value::from(i64::from(d))),
        ),
        ("registration", s.registration.map(|r| r.as_str().into())),
        ("registration_url", opt_text(&s.registration_url)),
        ("themes", list(&s.themes)),
        (
            "status",
            (s.status == SessionStatus::Tentative).then(|| "tentative".into()),
        ),
        ("source", opt_text(&s.source)),
        ("notes", opt_text(&s.notes)),
    ]
}

/// The rules of a session against the rest of the database: its venue exists, and
/// its body is in `bodies.toml` (when there is one). Validation runs them on every
/// loaded session, and an edit on the session it makes.
pub fn rules_in(db: &Database, s: &Session, written: Option<&Written>, out: &mut Diagnostics) {
    let excused = |kind, id: &str| written.is_some_and(|w| w.excuses(kind, id));
    if !db.venues.contains_key(&s.venue) && !excused("venue", &s.venue) {
        out.push(
            crate::validate::unknown(
                "venue",
                &s.venue,
                &format!("session \"{}\"", s.id),
                db.venues.keys(),
            )
            .at(s.origin.field("venue")),
        );
    }
    // Without bodies.toml (a database older than it) the letters say where the
    // addressee goes; with it, every session's body should be there.
    if !db.bodies.is_empty() && !db.bodies.contains_key(&s.body) && !excused("body", &s.body) {
        out.push(
            Diagnostic::warning(format!(
                "session \"{}\" is of body \"{}\", which bodies.toml does not have",
                printable(&s.id),
                printable(&s.body)
            ))
            .at(s.origin.field("body"))
            .help(
                did_you_mean(&s.body, db.bodies.keys().map(String::as_str)).unwrap_or_else(|| {
                    "add a [[body]] with its name and the addressee of its nomination letters to bodies.toml".into()
                }),
            ),
        );
    }
}

/// Write `s` as a `[[session]]` table and read it back with the loader's reader: the
/// session as loading the file would give it, or the loader's errors (without a
/// place: they point at this scratch text).
fn reread(s: &Session, out: &mut Diagnostics) -> Option<Session> {
    let mut table = toml_edit::Table::new();
    for (key, value) in write(s) {
        if let Some(value) = value {
            table.insert(key, toml_edit::Item::Value(value));
        }
    }
    let mut list = toml_edit::ArrayOfTables::new();
    list.push(table);
    let mut doc = toml_edit::DocumentMut::new();
    doc.insert("session", toml_edit::Item::ArrayOfTables(list));
    let text = doc.to_string();
    let mut scratch = Database::default();
    let mut diags = Diagnostics::default();
    match DeTable::parse(&text) {
        Ok(doc) => crate::store::parse::sessions(
            doc.get_ref(),
            FileId(usize::MAX),
            &mut scratch,
            &mut diags,
        ),
        Err(e) => diags.push(Diagnostic::error(format!(
            "session \"{}\" cannot be written as TOML: {}",
            printable(&s.id),
            e.message()
        ))),
    }
    out.extend(diags.items.into_iter().map(|d| d.at(None)));
    scratch.sessions.into_values().next()
}

/// Refuse a session the loader would refuse, with its words: read back as its file
/// would hold it, checked against the database, and the plan of the session (if any)
/// still valid with the session's new dates.
fn check(db: &Database, s: &Session) -> Result<(), OpError> {
    let mut diags = Diagnostics::default();
    reread(s, &mut diags);
    rules_in(db, s, None, &mut diags);
    if let Some(plan) = db.plans.get(&s.id) {
        let mut edited = db.clone();
        edited.sessions.insert(s.id.clone(), s.clone());
        crate::validate::validate_plan(&edited, plan, &mut diags);
    }
    match diags.errors().next() {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// Add a session to the calendar, after the last one of its body (at the end when
/// its body has none yet), so that the file keeps its sections by body.
pub fn add_session(db: &Database, session: Session) -> OpResult {
    if db.sessions.contains_key(&session.id) {
        return Err(OpError::new(format!(
            "there is already a session \"{}\"",
            printable(&session.id)
        ))
        .help(Some(
            "choose another id, or change that one with: attache session edit".into(),
        )));
    }
    check(db, &session)?;
    let index = db
        .sessions
        .values()
        .rposition(|s| s.body == session.body)
        .map_or(db.sessions.len(), |i| i + 1);
    let mut tx = Transaction::new(format!(
        "added session {} ({} to {})",
        session.id, session.start, session.end
    ));
    tx.changes.push(Change::Entry {
        index,
        before: None,
        after: Some(Entry::Session(session)),
    });
    Ok(tx)
}

/// Change a session of the calendar with `edit` (its id stays).
pub fn edit_session(
    db: &Database,
    id: &str,
    description: impl FnOnce(&Session) -> String,
    edit: impl FnOnce(&mut Session),
) -> OpResult {
    session_exists(db, id)?;
    let (index, _, old) = db
        .sessions
        .get_full(id)
        .ok_or_else(|| OpError::new(format!("unknown session \"{id}\"")))?;
    let mut new = old.clone();
    edit(&mut new);
    new.id = old.id.clone();
    check(db, &new)?;
    let mut tx = Transaction::new(description(&new));
    if new != *old {
        tx.changes.push(Change::Entry {
            index,
            before: Some(Entry::Session(old.clone())),
            after: Some(Entry::Session(new)),
        });
    }
    Ok(tx)
}

/// Mark a session's dates as confirmed, recording where they were confirmed
/// (`source`, kept as it was when not given).
pub fn confirm_session(db: &Database, id: &str, source: Option<String>) -> OpResult {
    edit_session(
        db,
        id,
        |s| format!("confirmed {} ({} to {})", s.id, s.start, s.end),
        |s| {
            s.status = SessionStatus::Confirmed;
            if let Some(source) = source {
                s.source = Some(source);
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::Editor;
    use crate::planning::analysis::Analysis;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn kinds(a: &Analysis) -> Vec<String> {
        let mut k: Vec<String> = a
            .findings()
            .map(|f| format!("{:?} {:?}", f.kind, f.sessions))
            .collect();
        k.sort();
        k
    }

    /// Confirming, moving and adding sessions, then undoing it all: the analysis kept
    /// up to date edit by edit is a full analysis's, and undo gives the calendar back.
    #[test]
    fn calendar_edits_update_the_analysis_and_undo() {
        let db = crate::testdata::sample(today()).db;
        let mut editor = Editor::new(db.clone());
        let mut analysis = Analysis::new(editor.db(), today());
        let mut added = db.sessions["cnd-70"].clone();
        added.id = "cnd-70-extra".into();
        type Edit = Box<dyn Fn(&Database) -> OpResult>;
        let edits: Vec<Edit> = vec![
            Box::new(|db| confirm_session(db, "ccpcj-35", Some("UNODC".into()))),
            Box::new(|db| {
                edit_session(
                    db,
                    "cnd-71",
                    |s| s.id.to_string(),
                    |s| {
                        s.start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
                        s.end = NaiveDate::from_ymd_opt(2027, 1, 8).unwrap();
                    },
                )
            }),
            Box::new(move |db| add_session(db, added.clone())),
        ];
        for edit in &edits {
            let tx = edit(editor.db()).unwrap();
            let tx = editor.apply(tx).unwrap().clone();
            analysis.update(editor.db(), tx.sessions());
            assert_eq!(
                kinds(&analysis),
                kinds(&Analysis::new(editor.db(), today()))
            );
        }
        assert!(editor.calendar_unsaved() && editor.is_dirty());
        let s = &editor.db().sessions;
        assert_eq!(s["ccpcj-35"].status, SessionStatus::Confirmed);
        // Added after the last CND session, not at the end of the file.
        let at = |id: &str| s.get_index_of(id).unwrap();
        assert_eq!(at("cnd-70-extra"), at("cnd-71") + 1);
        while editor.undo().is_some() {}
        assert_eq!(editor.db().sessions, db.sessions);
        assert!(!editor.is_dirty());
    }

    #[test]
    fn a_session_the_loader_would_refuse_is_refused_with_its_words() {
        let db = crate::testdata::sample(today()).db;
        let e = edit_session(
            &db,
            "cnd-70",
            |_| String::new(),
            |s| s.max_delegates = Some(0),
        )
        .unwrap_err();
        assert!(e.message.contains("accepts no delegates"), "{e:?}");
        let mut s = db.sessions["cnd-70"].clone();
        assert!(
            add_session(&db, s.clone())
                .unwrap_err()
                .message
                .contains("already")
        );
        s.id = "new-one".into();
        s.venue = "nowhere".into();
        let e = add_session(&db, s).unwrap_err();
        assert!(e.message.contains("unknown venue"), "{e:?}");
    }
}

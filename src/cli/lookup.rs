//! Ids as a user types them, looked up before a command runs: an unknown one is an
//! error (exit 2) with the nearest known id, never an empty answer.
//!
//! Sessions are suggested from the upcoming ones first: `cnd77` is far likelier a typo
//! of next March's session than of one in 2019.

use chrono::NaiveDate;

use super::error::Error;
use crate::diag::did_you_mean;
use crate::model::{Database, Person, Section, Session};

/// The session `id`, or an error naming the nearest one.
pub fn session<'a>(db: &'a Database, id: &str, today: NaiveDate) -> Result<&'a Session, Error> {
    if let Some(s) = db.sessions.get(id) {
        return Ok(s);
    }
    let upcoming = db
        .sessions_by_date(today)
        .into_iter()
        .filter(|s| s.is_upcoming(today))
        .map(|s| s.id.as_str());
    let help = did_you_mean(id, upcoming)
        .or_else(|| did_you_mean(id, db.sessions.keys().map(|k| k.as_str())))
        .unwrap_or_else(|| "list them with: attache sessions --upcoming".into());
    Err(Error::new(format!("unknown session \"{id}\"")).help(help))
}

/// The person `id`, or an error naming the nearest one.
pub fn person<'a>(db: &'a Database, id: &str) -> Result<&'a Person, Error> {
    db.people.get(id).ok_or_else(|| {
        let help = did_you_mean(id, db.people.keys().map(|k| k.as_str()))
            .unwrap_or_else(|| "list them with: attache people".into());
        Error::new(format!("unknown person \"{id}\"")).help(help)
    })
}

/// The section `id`, or an error naming the nearest one.
pub fn section<'a>(db: &'a Database, id: &str) -> Result<&'a Section, Error> {
    db.sections.get(id).ok_or_else(|| {
        let known: Vec<&str> = db.sections.keys().map(|k| k.as_str()).collect();
        let help = did_you_mean(id, known.iter().copied())
            .unwrap_or_else(|| format!("known sections: {}", known.join(", ")));
        Error::new(format!("unknown section \"{id}\"")).help(help)
    })
}

/// A UN body as `--body` takes it (any case), or an error naming the known ones: a
/// typo must not read as "no sessions".
pub fn body(db: &Database, body: &str) -> Result<(), Error> {
    let mut known: Vec<&str> = db.sessions.values().map(|s| s.body.as_str()).collect();
    known.sort_unstable();
    known.dedup();
    if known.iter().any(|b| b.eq_ignore_ascii_case(body)) {
        return Ok(());
    }
    let help = did_you_mean(body, known.iter().copied())
        .unwrap_or_else(|| format!("known bodies: {}", known.join(", ")));
    Err(Error::new(format!("no session of a body \"{body}\"")).help(help))
}

/// Each of `ids` that is a session, or the first error.
pub fn sessions(db: &Database, ids: &[String], today: NaiveDate) -> Result<(), Error> {
    ids.iter()
        .try_for_each(|id| session(db, id, today).map(drop))
}

/// Each of `ids` that is a person, or the first error.
pub fn people(db: &Database, ids: &[String]) -> Result<(), Error> {
    ids.iter().try_for_each(|id| person(db, id).map(drop))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, DbSource};

    fn sample() -> Database {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sample");
        store::load(&DbSource::Dir(dir), NaiveDate::MIN).db
    }

    #[test]
    fn an_unknown_session_suggests_an_upcoming_one_first() {
        let db = sample();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let e = session(&db, "cnd77", today).unwrap_err();
        assert_eq!(e.message, "unknown session \"cnd77\"");
        let help = e.help.unwrap();
        let suggested = help.split('"').nth(1).unwrap();
        assert!(db.sessions[suggested].is_upcoming(today), "{help}");
        let e = session(&db, "zzzzzzzz", today).unwrap_err();
        assert_eq!(
            e.help.as_deref(),
            Some("list them with: attache sessions --upcoming")
        );
        assert!(session(&db, "cnd-70", today).is_ok());
    }

    #[test]
    fn unknown_people_and_sections_are_errors_with_a_way_out() {
        let db = sample();
        assert!(person(&db, "nobody-at-all").unwrap_err().help.is_some());
        let e = section(&db, "nowhere-at-all").unwrap_err();
        assert!(e.help.unwrap().starts_with("known sections: "));
    }
}

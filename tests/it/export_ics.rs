//! The iCalendar export read back by an independent parser (the `ical` crate): every
//! event's times against the plan, across a daylight-saving change, and the rules of
//! RFC 5545 that clients are strict about (CRLF, folding, whole days, unique UIDs).

use std::collections::{BTreeMap, HashSet};
use std::io::BufReader;

use attache::export::{self, Format, Options, Selection};
use attache::model::{Database, DayOrTime};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use ical::parser::ical::component::IcalEvent;

use crate::export_support::{dst_db, today};
use crate::fixture;

fn ics(db: &Database, sessions: &[&str], people: &[&str], options: &Options) -> String {
    let selection = Selection {
        sessions: sessions.iter().map(|s| s.to_string()).collect(),
        people: people.iter().map(|s| s.to_string()).collect(),
        section: None,
    };
    export::export(db, Format::Ics, &selection, options)
        .unwrap()
        .text
}

fn parse(text: &str) -> Vec<IcalEvent> {
    let mut calendars = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let cal = calendars
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    assert!(calendars.next().is_none(), "exactly one calendar");
    for p in ["VERSION", "PRODID"] {
        assert!(cal.properties.iter().any(|q| q.name == p), "no {p}");
    }
    cal.events
}

fn prop<'a>(e: &'a IcalEvent, name: &str) -> Option<&'a ical::property::Property> {
    e.properties.iter().find(|p| p.name == name)
}

fn value<'a>(e: &'a IcalEvent, name: &str) -> &'a str {
    prop(e, name)
        .and_then(|p| p.value.as_deref())
        .unwrap_or_else(|| panic!("no {name} in {e:?}"))
}

fn is_date(e: &IcalEvent, name: &str) -> bool {
    prop(e, name)
        .and_then(|p| p.params.as_ref())
        .is_some_and(|ps| {
            ps.iter()
                .any(|(k, v)| k == "VALUE" && v == &["DATE".to_string()])
        })
}

fn utc(s: &str) -> DateTime<Utc> {
    assert!(s.ends_with('Z'), "{s} is not UTC");
    Utc.from_utc_datetime(&NaiveDateTime::parse_from_str(s, "%Y%m%dT%H%M%SZ").unwrap())
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y%m%d").unwrap()
}

/// What each event should be, computed from the plan independently of the exporter:
/// meeting times resolved in the venue's zone with chrono-tz, travel from the moments.
#[derive(Debug, PartialEq)]
enum Expected {
    Timed(DateTime<Utc>, DateTime<Utc>),
    Day(NaiveDate),
}

fn expected(db: &Database, session: &str, people: &[&str]) -> BTreeMap<String, Expected> {
    let s = &db.sessions[session];
    let plan = &db.plans[session];
    let tz = db.venues[&s.venue].timezone;
    let wanted = |p: &str| people.is_empty() || people.contains(&p);
    let mut out = BTreeMap::new();
    for m in &plan.meetings {
        if m.attendees.iter().any(|a| wanted(a)) {
            let at = |t: NaiveDateTime| {
                tz.from_local_datetime(&t)
                    .single()
                    .unwrap()
                    .with_timezone(&Utc)
            };
            out.insert(
                format!("{}@attache", m.id),
                Expected::Timed(at(m.start), at(m.end)),
            );
        }
    }
    for d in plan.delegates.iter().filter(|d| wanted(&d.person)) {
        let p = &d.person;
        for t in plan.travel.iter().filter(|t| t.person == p) {
            out.insert(
                format!("{session}/travel/{}@attache", t.id),
                Expected::Timed(t.depart.utc(), t.arrive.utc()),
            );
        }
        for st in plan.stays.iter().filter(|st| st.person == p) {
            out.insert(
                format!("{session}/stay/{}/check-in@attache", st.id),
                Expected::Day(st.check_in),
            );
            out.insert(
                format!("{session}/stay/{}/check-out@attache", st.id),
                Expected::Day(st.check_out),
            );
        }
        if let Some(a) = d.arrive {
            out.insert(format!("{session}/arrival/{p}@attache"), end_of_stay(a, tz));
        }
        if let Some(x) = d.depart {
            out.insert(
                format!("{session}/departure/{p}@attache"),
                end_of_stay(x, tz),
            );
        }
        if let Some(r) = s.registration_deadline {
            out.insert(
                format!("{session}/registration/{p}@attache"),
                Expected::Day(r),
            );
        }
    }
    // The letter's due day is its body's rule (none without one).
    if let Some(due) = db.rules(s).letter_due {
        out.insert(format!("{session}/nomination@attache"), Expected::Day(due));
    }
    // A session day is there when one of the people is: from their arrival to their
    // departure as the lead entered them, else the whole session.
    let there = |day: NaiveDate| {
        plan.delegates
            .iter()
            .filter(|d| wanted(&d.person))
            .any(|d| {
                d.arrive.is_none_or(|a| a.date() <= day) && d.depart.is_none_or(|x| day <= x.date())
            })
    };
    for (n, day) in s.start.iter_days().take_while(|d| *d <= s.end).enumerate() {
        if there(day) {
            out.insert(
                format!("{session}/day/{}@attache", n + 1),
                Expected::Day(day),
            );
        }
    }
    out
}

/// An arrival or departure as the lead entered it: a day, or a moment at the venue.
fn end_of_stay(when: DayOrTime, tz: chrono_tz::Tz) -> Expected {
    match when {
        DayOrTime::Day(d) => Expected::Day(d),
        DayOrTime::Time(t) => {
            let at = tz
                .from_local_datetime(&t)
                .single()
                .unwrap()
                .with_timezone(&Utc);
            Expected::Timed(at, at)
        }
    }
}

fn actual(events: &[IcalEvent]) -> BTreeMap<String, Expected> {
    let mut out = BTreeMap::new();
    for e in events {
        let uid = value(e, "UID").to_string();
        let got = if is_date(e, "DTSTART") {
            assert!(is_date(e, "DTEND"), "{uid}: DTEND must be a DATE too");
            let start = date(value(e, "DTSTART"));
            assert_eq!(
                date(value(e, "DTEND")),
                start.succ_opt().unwrap(),
                "{uid}: exclusive DTEND"
            );
            Expected::Day(start)
        } else {
            // A moment has no DTEND: it ends when it starts (RFC 5545, 3.6.1).
            let start = utc(value(e, "DTSTART"));
            let end = prop(e, "DTEND")
                .and_then(|p| p.value.as_deref())
                .map_or(start, utc);
            assert!(
                end > start || prop(e, "DTEND").is_none(),
                "{uid}: DTEND after DTSTART"
            );
            Expected::Timed(start, end)
        };
        utc(value(e, "DTSTAMP"));
        assert!(
            out.insert(uid.clone(), got).is_none(),
            "duplicate UID {uid}"
        );
    }
    out
}

#[test]
fn shipped_plan_every_event_matches_the_plan() {
    let loaded = fixture::load_sample(today());
    for people in [&[][..], &["esempio"][..], &["primjeric", "voorbeeld"][..]] {
        let text = ics(&loaded.db, &["cnd-70"], people, &Options::default());
        let events = parse(&text);
        assert_eq!(
            actual(&events),
            expected(&loaded.db, "cnd-70", people),
            "{people:?}"
        );
        // Nothing in the sample was changed by attaché: no LAST-MODIFIED, and every
        // DTSTAMP the same moment, not in the future.
        assert!(
            events
                .iter()
                .all(|e| value(e, "DTSTAMP") == "19700101T000000Z")
        );
        assert!(events.iter().all(|e| prop(e, "LAST-MODIFIED").is_none()));
    }
}

#[test]
fn times_across_the_vienna_dst_change() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = dst_db(dir.path());
    let text = ics(&loaded.db, &["dst-test"], &[], &Options::default());
    let events = parse(&text);
    let got = actual(&events);
    assert_eq!(got, expected(&loaded.db, "dst-test", &[]));

    // And against hand-computed instants, not only chrono-tz's.
    let t = |s: &str| utc(s);
    assert_eq!(
        got["before@attache"],
        Expected::Timed(t("20270326T090000Z"), t("20270326T100000Z"))
    );
    assert_eq!(
        got["after@attache"],
        Expected::Timed(t("20270329T080000Z"), t("20270329T093000Z"))
    );
    assert_eq!(
        got["across@attache"],
        Expected::Timed(t("20270327T210000Z"), t("20270328T020000Z"))
    );
    // New York 18:00 EDT (UTC-4) to Vienna 08:05 CET (UTC+1).
    assert_eq!(
        got["dst-test/travel/york-flight-2027-03-25-1800@attache"],
        Expected::Timed(t("20270325T220000Z"), t("20270326T070500Z"))
    );
    assert_eq!(
        got["dst-test/travel/york-flight-2027-03-30-1000@attache"],
        Expected::Timed(t("20270330T080000Z"), t("20270330T173000Z"))
    );

    let by_uid = |uid: &str| events.iter().find(|e| value(e, "UID") == uid).unwrap();
    assert_eq!(value(by_uid("after@attache"), "STATUS"), "CANCELLED");
    assert_eq!(value(by_uid("across@attache"), "STATUS"), "TENTATIVE");
    assert_eq!(value(by_uid("before@attache"), "STATUS"), "CONFIRMED");
    // The local time at the venue is named with its abbreviation on each side of the change.
    assert!(value(by_uid("before@attache"), "DESCRIPTION").contains("10:00–11:00 CET"));
    assert!(value(by_uid("after@attache"), "DESCRIPTION").contains("10:00–11:30 CEST"));
    assert!(
        value(by_uid("across@attache"), "DESCRIPTION").contains("22:00 CET–Sun 28 Mar 04:00 CEST")
    );
}

#[test]
fn home_time_follows_both_zones_dst() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = dst_db(dir.path());
    let options = Options {
        home_time: true,
        redact: false,
        ..Options::default()
    };
    let text = ics(&loaded.db, &["dst-test"], &["york"], &options);
    let events = parse(&text);
    let desc = |uid: &str| {
        events
            .iter()
            .find(|e| value(e, "UID") == uid)
            .map(|e| value(e, "DESCRIPTION").replace("\\n", "\n"))
            .unwrap()
    };
    // Vienna CET (UTC+1) vs New York EDT (UTC-4): 5 hours; after Vienna's change, 6.
    assert!(
        desc("before@attache").contains("Home: 05:00–06:00 EDT (America/New_York)"),
        "{}",
        desc("before@attache")
    );
    assert!(desc("after@attache").contains("Home: 04:00–05:30 EDT (America/New_York)"));
}

#[test]
fn rfc5545_lines_crlf_and_folding() {
    let loaded = fixture::load_sample(today());
    let text = ics(&loaded.db, &[], &[], &Options::default());
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let body = &text[..text.len() - 2];
    for line in body.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break in {line:?}"
        );
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "control character in {line:?}"
        );
    }
    let events = parse(&text);
    let uids: HashSet<&str> = events.iter().map(|e| value(e, "UID")).collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    // DTSTAMP comes from the data (the session's opening day), never the clock.
    assert!(
        events
            .iter()
            .all(|e| value(e, "DTSTAMP").ends_with("T000000Z"))
    );
}

#[test]
fn uids_are_stable_across_exports_and_selections() {
    let loaded = fixture::load_sample(today());
    let uids = |people: &[&str]| -> BTreeMap<String, String> {
        parse(&ics(&loaded.db, &["cnd-70"], people, &Options::default()))
            .iter()
            .map(|e| (value(e, "UID").to_string(), value(e, "DTSTART").to_string()))
            .collect()
    };
    let all = uids(&[]);
    let one = uids(&["esempio"]);
    for (uid, start) in &one {
        assert_eq!(all.get(uid), Some(start), "{uid} differs between exports");
    }
    assert_eq!(uids(&["esempio"]), one);
}

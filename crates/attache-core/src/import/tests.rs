//! Reading programmes shaped like Indico's, Google's and Outlook's iCalendar files
//! and a spreadsheet's CSV (the files are in `tests/data/programme/`), and each kind
//! of bad file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::*;
use crate::model::Session;

fn cnd70() -> Session {
    let db = crate::testdata::sample(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()).db;
    db.sessions["cnd-70"].clone()
}

fn file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/programme")
        .join(name)
}

fn read_file(name: &str) -> Imported {
    let path = file(name);
    let bytes = std::fs::read(&path).unwrap();
    read(&path, &bytes, &cnd70(), chrono_tz::Europe::Vienna)
}

fn read_text(name: &str, text: &str) -> Imported {
    read(
        Path::new(name),
        text.as_bytes(),
        &cnd70(),
        chrono_tz::Europe::Vienna,
    )
}

fn at(s: &str) -> NaiveDateTime {
    crate::time::parse_local(s).unwrap()
}

fn only_error(i: &Imported) -> String {
    assert!(i.entries.is_empty(), "{:?}", i.entries);
    let errors: Vec<_> = i.diagnostics.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors[0].render(&i.sources)
}

#[test]
fn indico_utc_times_become_the_venues_and_the_whole_event_block_becomes_days() {
    let i = read_file("cnd-70-indico.ics");
    assert!(
        !i.diagnostics.has_errors(),
        "{}",
        i.diagnostics.render(&i.sources)
    );
    assert_eq!(i.format, "iCalendar");
    // 12:00Z in March is 13:00 in Vienna.
    let side = i
        .entries
        .iter()
        .find(|e| e.title.contains("Harm reduction"))
        .unwrap();
    assert_eq!(
        (side.start, side.end),
        (at("2027-03-09 13:00"), at("2027-03-09 14:00"))
    );
    assert_eq!(side.uid, "indico-contribution-1040001-11@indico.un.org");
    assert_eq!(side.room.as_deref(), Some("M3"));
    assert_eq!(side.kind, Some(MeetingKind::SideEvent));
    assert_eq!(
        side.organizer.as_deref(),
        Some("Alliance of NGOs on Crime Prevention")
    );
    assert_eq!(
        side.url.as_deref(),
        Some("https://indico.un.org/event/1040001/contributions/11/")
    );
    // HTML stripped, entities decoded, a folded line joined, the script's code gone.
    assert_eq!(
        side.description.as_deref(),
        Some("Organised by Alliance of NGOs.\nInterpretation: English & Spanish")
    );
    // The five-day block: one item per day, 10:00–18:00, each with its own UID.
    let days: Vec<_> = i
        .entries
        .iter()
        .filter(|e| e.title.starts_with("70th"))
        .collect();
    assert_eq!(days.len(), 5);
    assert_eq!(
        (days[0].start, days[0].end),
        (at("2027-03-08 10:00"), at("2027-03-08 18:00"))
    );
    assert_eq!(days[4].uid, "indico-event-1040001@indico.un.org#2027-03-12");
    assert_eq!(days[0].room.as_deref(), Some("Plenary Hall, M-Building"));
    assert!(
        i.notes.iter().any(|n| n.contains("spans 5 days")),
        "{:?}",
        i.notes
    );
    // The briefing on 5 March is before the session: left out, and said so.
    assert!(!i.entries.iter().any(|e| e.title.contains("Pre-session")));
    assert!(
        i.notes
            .iter()
            .any(|n| n.contains("left out 1 item") && n.contains("Pre-session"))
    );
}

#[test]
fn a_google_export_with_its_vtimezone_and_an_all_day_item() {
    let i = read_file("cnd-70-google.ics");
    assert!(
        !i.diagnostics.has_errors(),
        "{}",
        i.diagnostics.render(&i.sources)
    );
    let dialogue = &i.entries[0];
    assert_eq!(
        (dialogue.start, dialogue.end),
        (at("2027-03-09 13:00"), at("2027-03-09 14:00"))
    );
    assert_eq!(
        dialogue.room.as_deref(),
        Some("Vienna International Centre, Room M3")
    );
    assert_eq!(dialogue.status, MeetingStatus::Confirmed);
    let day = &i.entries[1];
    assert_eq!(day.title, "NGO day");
    assert_eq!(
        (day.start, day.end),
        (at("2027-03-11 10:00"), at("2027-03-11 18:00"))
    );
}

#[test]
fn an_outlook_export_with_a_windows_zone_name() {
    let i = read_file("cnd-70-outlook.ics");
    assert!(
        !i.diagnostics.has_errors(),
        "{}",
        i.diagnostics.render(&i.sources)
    );
    let e = &i.entries[0];
    assert_eq!(e.title, "Morning briefing");
    assert_eq!(
        (e.start, e.end),
        (at("2027-03-08 09:00"), at("2027-03-08 09:30"))
    );
}

#[test]
fn a_csv_with_quoted_commas_offsets_and_ids() {
    let i = read_file("cnd-70.csv");
    assert!(
        !i.diagnostics.has_errors(),
        "{}",
        i.diagnostics.render(&i.sources)
    );
    assert_eq!(i.format, "CSV");
    assert_eq!(i.entries.len(), 3);
    assert_eq!(i.entries[1].title, "Side event: Drugs, prisons and health");
    assert_eq!(
        i.entries[1].organizer.as_deref(),
        Some("UNODC, Civil Society Unit")
    );
    assert_eq!(i.entries[1].uid, "se-12");
    // 09:00 in New York (UTC-5) is 15:00 in Vienna.
    assert_eq!(i.entries[2].start, at("2027-03-11 15:00"));
}

#[test]
fn a_csv_by_semicolons_and_without_ids_is_matched_by_title_and_start() {
    let i = read_text(
        "p.csv",
        "title;start;end\nOpening;2027-03-08 10:00;2027-03-08 11:00\n",
    );
    assert!(!i.diagnostics.has_errors());
    assert_eq!(i.entries[0].uid, "opening@2027-03-08T10:00");
    assert!(i.notes.iter().any(|n| n.contains("no UID")));
}

#[test]
fn a_file_that_is_neither() {
    let e = only_error(&read_text(
        "notes.txt",
        "Dear all,\nthe programme is attached.\n",
    ));
    assert!(
        e.contains("neither an iCalendar file nor a CSV file"),
        "{e}"
    );
    assert!(e.contains("notes.txt:1:1"), "{e}");
    assert!(e.contains("help: download the programme as .ics"), "{e}");
}

#[test]
fn an_event_without_a_start_names_its_line() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Lost\nUID:a\nEND:VEVENT\nEND:VCALENDAR\n";
    let e = only_error(&read_text("p.ics", text));
    assert!(e.contains("an event has no start (DTSTART)"), "{e}");
    assert!(e.contains("p.ics:2:1"), "{e}");
}

#[test]
fn a_time_zone_that_does_not_exist() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:X\nUID:a\nDTSTART;TZID=Europe/Viena:20270309T130000\nDTEND;TZID=Europe/Vienna:20270309T140000\nEND:VEVENT\nEND:VCALENDAR\n";
    let e = only_error(&read_text("p.ics", text));
    assert!(
        e.contains("the time zone \"Europe/Viena\" of DTSTART does not exist"),
        "{e}"
    );
    assert!(e.contains("p.ics:5:1"), "{e}");
    assert!(e.contains("Europe/Vienna"), "did you mean: {e}");
}

#[test]
fn broken_icalendar_is_reported_at_its_line() {
    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY X\nEND:VCALENDAR\n";
    let e = only_error(&read_text("p.ics", text));
    assert!(e.contains("not valid iCalendar"), "{e}");
}

#[test]
fn a_csv_without_its_columns_and_rows_with_bad_times() {
    let e = only_error(&read_text("p.csv", "name,when\nOpening,2027-03-08\n"));
    assert!(e.contains("the CSV has no start, no end column"), "{e}");
    assert!(e.contains("p.csv:1:1"), "{e}");
    let i = read_text(
        "p.csv",
        "title,start,end\nA,30/03/2027 10:00,2027-03-08 11:00\nB,2027-02-30 10:00,2027-03-08 11:00\nC,2027-03-08 12:00,2027-03-08 11:00\n",
    );
    let all = i.diagnostics.render(&i.sources);
    assert_eq!(i.diagnostics.errors().count(), 3, "{all}");
    assert!(
        all.contains("p.csv:2:1") && all.contains("YYYY-MM-DD"),
        "{all}"
    );
    assert!(all.contains("p.csv:3:1"), "{all}");
    assert!(
        all.contains("p.csv:4:1") && all.contains("ends (2027-03-08 11:00) before it starts"),
        "{all}"
    );
    assert!(i.entries.is_empty());
}

#[test]
fn too_big_and_not_utf8() {
    let big = vec![b'a'; MAX_BYTES as usize + 1];
    let i = read(
        Path::new("huge.ics"),
        &big,
        &cnd70(),
        chrono_tz::Europe::Vienna,
    );
    let e = i.diagnostics.render(&i.sources);
    assert!(
        e.contains("huge.ics is 16.0 MB: a programme file is at most 16 MB"),
        "{e}"
    );
    let i = read(
        Path::new("p.csv"),
        b"title,start,end\n\xff\n",
        &cnd70(),
        chrono_tz::Europe::Vienna,
    );
    let e = i.diagnostics.render(&i.sources);
    assert!(
        e.contains("is not UTF-8 text") && e.contains("p.csv:2:1"),
        "{e}"
    );
}

#[test]
fn two_items_with_one_uid() {
    let text = "title,start,end,id\nA,2027-03-08 10:00,2027-03-08 11:00,x\nB,2027-03-09 10:00,2027-03-09 11:00,x\n";
    let e = only_error(&read_text("p.csv", text));
    assert!(e.contains("two items have the UID \"x\""), "{e}");
    assert!(e.contains("p.csv:3:1"), "{e}");
}

#[test]
fn html_is_read_as_text() {
    assert_eq!(html_text("a<br>b &amp; c&#233;&#x4E2D;"), "a\nb & cé中");
    assert_eq!(html_text("x <style>p{}</style>y"), "x y");
    assert_eq!(html_text("unclosed <b"), "unclosed <b");
    assert_eq!(html_text("&bogus; &"), "&bogus; &");
}

#[test]
fn windows_and_path_zone_names() {
    assert_eq!(
        ics::zone_of("\"W. Europe Standard Time\""),
        Some(chrono_tz::Europe::Berlin)
    );
    assert_eq!(
        ics::zone_of("/example.org/Europe/Vienna"),
        Some(chrono_tz::Europe::Vienna)
    );
    assert_eq!(ics::zone_of("Mars/Olympus"), None);
}

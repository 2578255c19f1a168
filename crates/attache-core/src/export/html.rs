//! One self-contained HTML page: no scripts, no network, no external assets (a
//! Content-Security-Policy forbids them), inline CSS with a print layout.
//!
//! For each person: who they are, a day-by-hour picture of their meetings (08:00 to
//! 20:00 at the venue, overlapping meetings side by side), then every item by day.
//! All data is escaped (`& < > " '`), control characters are shown as visible
//! escapes, and right-to-left text is laid out on its own (`unicode-bidi: plaintext`).

use std::fmt::Write;
use std::io;

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use super::Sink;
use super::describe::{Described, describe, presence_line, role_label};
use super::itinerary::{
    Item, Itinerary, Options, Outline, PersonItinerary, SessionInfo, What, When,
};
use super::text::{clean, hm, long_date, long_date_range, one_line, short_date};
use crate::model::{MeetingStatus, SessionStatus};

/// The hours the picture shows, at the venue.
const FIRST_HOUR: u32 = 8;
const LAST_HOUR: u32 = 20;

const CSS: &str = r#"
:root { color-scheme: light dark;
  --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --accent: #1d4f91; --paper: #ffffff; --page: #f4f6f8;
  --day: #fbfcfd; --session-day: #f3f7fd; --flag-ink: #7a4d0b;
  --confirmed: #dbe8fb; --confirmed-edge: #1d4f91; --proposed: #fff4d6; --proposed-edge: #b7791f;
  --cancelled: #eceff3; --cancelled-edge: #8a94a3; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e4e7eb; --muted: #9aa5b1; --line: #3a424c; --accent: #8ab4f8; --paper: #1b1f24; --page: #111418;
    --day: #20252b; --session-day: #1d2736; --flag-ink: #f6d58e;
    --confirmed: #1f3557; --confirmed-edge: #8ab4f8; --proposed: #4a3a14; --proposed-edge: #e0b054;
    --cancelled: #2a3038; --cancelled-edge: #6b7684; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.7em; margin: 0 0 16px; }
h2 { font-size: 1.3em; margin: 0 0 8px; color: var(--accent); }
h3 { font-size: 1.05em; margin: 20px 0 6px; padding-bottom: 3px; border-bottom: 1px solid var(--line); }
h3.session-head { font-size: 1.15em; color: var(--accent); border-bottom-width: 2px; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 18px 22px; margin: 0 0 20px; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 16px; margin: 0; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; }
ul.about { list-style: none; padding: 0; margin: 0 0 8px; color: var(--muted); }
.t, dd, .title, .ev { unicode-bidi: plaintext; }
/* Long booking references, addresses and place names wrap rather than widen the page. */
h1, h2, h3, dd, li, .title, .time { overflow-wrap: anywhere; min-width: 0; }
.week { display: grid; gap: 0 4px; margin: 8px 0 4px; }
.dayhead { text-align: center; font-size: .85em; font-weight: 600; padding: 2px 0 4px; overflow: hidden; }
.axis, .daycol { position: relative; height: 576px; }
.daycol { border: 1px solid var(--line); border-radius: 4px; background-color: var(--day);
  background-image: linear-gradient(to bottom, var(--line) 1px, transparent 1px);
  background-size: 100% calc(100% / 12); }
.daycol.session { background-color: var(--session-day); }
.axis span { position: absolute; right: 4px; transform: translateY(-50%); font-size: .72em; color: var(--muted); }
.ev { position: absolute; overflow: hidden; padding: 2px 4px; font-size: .72em; line-height: 1.25;
  border-radius: 3px; border-left: 3px solid var(--confirmed-edge); background: var(--confirmed); }
.ev b { display: block; }
.ev.proposed { background: var(--proposed); border-left: 3px dashed var(--proposed-edge); }
.ev.cancelled { background: var(--cancelled); border-left-color: var(--cancelled-edge); color: var(--muted); text-decoration: line-through; }
.ev.edge { opacity: .8; }
.legend { font-size: .8em; color: var(--muted); margin: 14px 0 8px; }
.legend span { display: inline-block; padding: 0 6px; margin-right: 8px; border-radius: 3px; }
.legend .confirmed { background: var(--confirmed); } .legend .proposed { background: var(--proposed); }
.legend .cancelled { background: var(--cancelled); text-decoration: line-through; }
ol.items { list-style: none; margin: 0; padding: 0; }
ol.items li { display: grid; grid-template-columns: 11em minmax(0, 1fr); gap: 12px; padding: 6px 0; border-bottom: 1px dotted var(--line); }
ol.items li:last-child { border-bottom: none; }
.time { font-variant-numeric: tabular-nums; font-weight: 600; }
.home { display: block; font-weight: 400; font-size: .85em; color: var(--muted); }
.title { font-weight: 600; }
.flag { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 9px; font-size: .8em; font-weight: 600;
  background: var(--proposed); color: var(--flag-ink); }
.flag.cancelled { background: var(--cancelled); color: var(--muted); }
li.cancelled .title { text-decoration: line-through; color: var(--muted); }
li.all-day .time { color: var(--muted); font-weight: 400; }
.item dl { display: grid; grid-template-columns: 9.5em minmax(0, 1fr); gap: 0 10px; margin: 2px 0 0; font-size: .92em; }
.item dt { color: var(--muted); }
.item dd { margin: 0; }
footer { color: var(--muted); font-size: .8em; text-align: center; }
/* A phone (360-390 px): one column, the time above what happens. */
@media screen and (max-width: 640px) {
  main { padding: 10px; }
  section { padding: 12px; border-radius: 6px; }
  h1 { font-size: 1.4em; }
  dl.facts { grid-template-columns: minmax(0, 1fr); gap: 0; }
  dl.facts dd { margin-bottom: 6px; }
  ol.items li { grid-template-columns: minmax(0, 1fr); gap: 2px; }
  .item dl { grid-template-columns: minmax(0, 1fr); }
  .item dd { margin-bottom: 3px; }
  /* The hour grid keeps each day wide enough to read (8em) and is swiped sideways:
     five days squeezed into 390 px left a few letters of each meeting. */
  .hours { overflow-x: auto; -webkit-overflow-scrolling: touch; }
  .week { gap: 0 2px; min-width: calc(3.2em + var(--days, 1) * 8em); }
  .axis span { font-size: .62em; right: 1px; }
  .ev { font-size: .62em; padding: 1px 2px; }
}
@media print {
  @page { size: A4; margin: 16mm 12mm 14mm; }
  @page { @bottom-left { content: "Made with attaché. Times are at the venue unless another zone is named."; font-size: 7pt; color: #5f6b7a; }
    @bottom-right { content: counter(page) " / " counter(pages); font-size: 7pt; color: #5f6b7a; } }
  :root { --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --accent: #1d4f91; --paper: #ffffff;
    --day: #fbfcfd; --session-day: #f3f7fd; --flag-ink: #7a4d0b;
    --confirmed: #dbe8fb; --confirmed-edge: #1d4f91; --proposed: #fff4d6; --proposed-edge: #b7791f;
    --cancelled: #eceff3; --cancelled-edge: #8a94a3; }
  body { background: none; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 14pt; margin-bottom: 6pt; }
  section { border: none; padding: 0; margin: 0 0 12pt; }
  section.person + section.person { break-before: page; }
  .week, ol.items li, h3, dl.facts { break-inside: avoid; }
  h3 { break-after: avoid; }
  .axis, .daycol { height: 300px; }
  footer { display: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// Write the page: the sessions, then each person. Returns how many items it wrote.
pub(crate) fn write(outline: &Outline, options: &Options, sink: &mut Sink) -> io::Result<usize> {
    let itinerary = &outline.head;
    let title = match itinerary.people.as_slice() {
        [one] => format!("Itinerary: {}", one_line(&one.name)),
        _ => "Delegation itinerary".to_string(),
    };
    let sessions = itinerary
        .sessions
        .iter()
        .map(|s| one_line(&s.title))
        .collect::<Vec<_>>()
        .join("; ");
    let out = &mut sink.buf;
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"generator\" content=\"attaché\">\n");
    let _ = writeln!(out, "<title>{} — {}</title>", esc(&title), esc(&sessions));
    let _ = writeln!(
        out,
        "<style>{CSS}{}</style>\n</head>\n<body>\n<main>",
        page_heads(itinerary)
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
    for s in &itinerary.sessions {
        session(out, s, itinerary.people.len() > 1);
    }
    let mut items = 0;
    for n in 0..itinerary.people.len() {
        sink.flush()?;
        let p = outline.person(n);
        person(&mut sink.buf, itinerary, n, &p, options);
        items += p.items.len();
    }
    let out = &mut sink.buf;
    out.push_str("<footer>Made with attaché from the delegation's plan. Times are at the venue unless another zone is named.</footer>\n");
    out.push_str("</main>\n</body>\n</html>\n");
    Ok(items)
}

fn session(out: &mut String, s: &SessionInfo, several: bool) {
    out.push_str("<section class=\"session\">\n");
    let _ = writeln!(
        out,
        "<h2 class=\"t\">{}</h2>\n<dl class=\"facts\">",
        esc(&s.title)
    );
    let tentative = if s.status == SessionStatus::Tentative {
        " <span class=\"flag\">tentative: check the official calendar</span>"
    } else {
        ""
    };
    fact(
        out,
        "Dates",
        &format!("{}{tentative}", esc(&long_date_range(s.start, s.end))),
    );
    fact(out, "Venue", &esc(&s.venue.full()));
    if let Some(access) = &s.venue.access {
        fact(out, "Getting in", &esc_lines(access));
    }
    fact(
        out,
        "Times",
        &format!(
            "at the venue, {}, unless another zone is named",
            esc(s.timezone.name())
        ),
    );
    if let Some(d) = s.registration_deadline {
        fact(out, "Register by", &esc(&long_date(d)));
    }
    if let Some(r) = s.registration {
        fact(
            out,
            "Registration",
            &esc(&super::text::registration(r, s.registration_url.as_deref())),
        );
    }
    if let Some(due) = s.nomination_due {
        fact(out, "Nomination letter due", &esc(&long_date(due)));
    }
    if several {
        let days: Vec<String> = s
            .present
            .iter()
            .map(|(day, names)| {
                let names = if names.is_empty() {
                    "nobody".to_string()
                } else {
                    names.join(", ")
                };
                format!("{}: {}", esc(&short_date(*day)), esc(&names))
            })
            .collect();
        fact(out, "Who is there", &days.join("<br>\n"));
    }
    out.push_str("</dl>\n</section>\n");
}

fn fact(out: &mut String, label: &str, html: &str) {
    let _ = writeln!(out, "<dt>{label}</dt><dd>{html}</dd>");
}

fn person(out: &mut String, it: &Itinerary, n: usize, p: &PersonItinerary, options: &Options) {
    let _ = writeln!(
        out,
        "<section class=\"person p{n}\" id=\"person-{}\">",
        esc(&p.id)
    );
    let name = match &p.honorific {
        Some(h) => format!("{} {}", h, p.name),
        None => p.name.clone(),
    };
    let _ = writeln!(
        out,
        "<h2 class=\"t\">{}</h2>\n<ul class=\"about\">",
        esc(&name)
    );
    for d in &p.delegations {
        let title = it
            .sessions
            .iter()
            .find(|s| s.id == d.session)
            .map_or(d.session.as_str(), |s| s.title.as_str());
        let registered = if d.registered {
            ""
        } else {
            " <span class=\"flag\">not registered yet</span>"
        };
        let _ = writeln!(
            out,
            "<li class=\"t\">{}, {}{registered}</li>",
            role_label(d.role),
            esc(title)
        );
        let _ = writeln!(out, "<li class=\"t\">{}</li>", esc(&presence_line(d)));
    }
    if let Some(position) = &p.position {
        let _ = writeln!(out, "<li class=\"t\">{}</li>", esc(position));
    }
    let home = match p.section.timezone {
        Some(tz) if options.home_time => format!(
            " (home time {}: shown beside the times where it differs)",
            esc(tz.name())
        ),
        Some(tz) => format!(" (home time {})", esc(tz.name())),
        None => String::new(),
    };
    let _ = writeln!(out, "<li class=\"t\">{}{home}</li>", esc(&p.section.name));
    let contact: Vec<String> = [&p.email, &p.phone]
        .into_iter()
        .flatten()
        .map(|c| esc(c))
        .collect();
    if !contact.is_empty() {
        let _ = writeln!(out, "<li class=\"t\">{}</li>", contact.join(" · "));
    }
    for d in &p.delegations {
        if let Some(notes) = &d.notes {
            let which = if p.delegations.len() > 1 {
                format!(" ({})", esc(&d.session))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<li class=\"t\">Note{which}: {}</li>",
                esc_lines(notes)
            );
        }
    }
    out.push_str("</ul>\n");
    // One part per session, each with its own picture: March and November are never
    // put in one hour grid.
    for d in &p.delegations {
        let Some(session) = it.sessions.iter().find(|s| s.id == d.session) else {
            continue;
        };
        let items: Vec<&Item> = p.items.iter().filter(|i| i.session == d.session).collect();
        if p.delegations.len() > 1 {
            let _ = writeln!(
                out,
                "<h3 class=\"session-head t\">{}</h3>",
                esc(&session.title)
            );
        }
        week(out, &items);
        days(out, session, &items);
    }
    out.push_str("</section>\n");
}

/// A session's items of one person, under a heading per day.
fn days(out: &mut String, session: &SessionInfo, items: &[&Item]) {
    for (i, item) in items.iter().enumerate() {
        if i == 0 || items[i - 1].day != item.day {
            if i > 0 {
                out.push_str("</ol>\n");
            }
            let _ = writeln!(
                out,
                "<h3>{}</h3>\n<ol class=\"items\">",
                esc(&long_date(item.day))
            );
        }
        let mut class = vec![item.what.kind()];
        if item.is_all_day() {
            class.push("all-day");
        }
        let d = describe(item, session);
        if let Some(flag) = d.flag {
            class.push(if flag == "cancelled" {
                "cancelled"
            } else {
                "flagged"
            });
        }
        entry(out, &class.join(" "), &d);
    }
    if !items.is_empty() {
        out.push_str("</ol>\n");
    }
}

fn entry(out: &mut String, class: &str, d: &Described) {
    let _ = write!(
        out,
        "<li class=\"{class}\"><div class=\"time\">{}",
        esc(&d.time)
    );
    if let Some(home) = &d.home {
        let _ = write!(out, "<span class=\"home\">{}</span>", esc(home));
    }
    let _ = write!(
        out,
        "</div><div class=\"item\"><div class=\"title\">{}",
        esc(&d.title)
    );
    if let Some(flag) = d.flag {
        let class = if flag == "cancelled" {
            "flag cancelled"
        } else {
            "flag"
        };
        let _ = write!(out, " <span class=\"{class}\">{}</span>", esc(flag));
    }
    out.push_str("</div>");
    if !d.details.is_empty() {
        out.push_str("<dl>");
        for (label, value) in &d.details {
            let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", esc(label), esc_lines(value));
        }
        out.push_str("</dl>");
    }
    out.push_str("</div></li>\n");
}

/// The print rules that head each printed page with whose itinerary it is and of
/// which session: a named page per person (the title and the first session's block
/// share the first person's, so that page 1 is not the session block alone).
fn page_heads(it: &Itinerary) -> String {
    let mut css = String::from("\n@media print {\n");
    for (n, p) in it.people.iter().enumerate() {
        let sessions: Vec<&str> = p
            .delegations
            .iter()
            .filter_map(|d| it.sessions.iter().find(|s| s.id == d.session))
            .map(|s| s.title.as_str())
            .collect();
        let _ = writeln!(
            css,
            "  @page person-{n} {{ @top-left {{ content: {}; font-size: 8pt; color: #5f6b7a; }} @top-right {{ content: {}; font-size: 8pt; color: #5f6b7a; }} }}",
            css_string(&format!("Itinerary: {}", one_line(&p.name))),
            css_string(&one_line(&sessions.join("; ")))
        );
        let first = if n == 0 { "h1, section.session, " } else { "" };
        let _ = writeln!(css, "  {first}section.p{n} {{ page: person-{n}; }}");
    }
    css.push_str("}\n");
    css
}

/// Text as a CSS string: anything but letters, digits, spaces and plain punctuation is
/// written as an escape, so that no data can end the string or the style element.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if c.is_alphanumeric() && !crate::text::needs_escape(c)
            || matches!(c, ' ' | ',' | '.' | ':' | ';' | '-' | '(' | ')')
        {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:x} ", u32::from(c));
        }
    }
    out.push('"');
    out
}

/// A meeting placed in the picture.
struct Block<'a> {
    start: u32,
    end: u32,
    clipped: bool,
    status: MeetingStatus,
    label: String,
    tooltip: String,
    title: &'a str,
}

/// The day-by-hour picture of one person's meetings: a column per session day or day
/// with a meeting, 08:00 to 20:00 at the venue.
fn week(out: &mut String, items: &[&Item]) {
    let mut days: Vec<NaiveDate> = Vec::new();
    for item in items {
        if matches!(item.what, What::Meeting(_) | What::SessionDay { .. })
            && !days.contains(&item.day)
        {
            days.push(item.day);
        }
    }
    days.sort();
    if days.is_empty() {
        return;
    }
    let session_days: Vec<NaiveDate> = items
        .iter()
        .filter(|i| matches!(i.what, What::SessionDay { .. }))
        .map(|i| i.day)
        .collect();
    out.push_str("<h3>Meetings by the hour</h3>\n<div class=\"hours\">");
    // --days sets the grid's least width on a phone (see the CSS): each day wide
    // enough to read, the grid swiped sideways rather than squeezed.
    let _ = writeln!(
        out,
        "<div class=\"week\" style=\"--days: {n}; grid-template-columns: 3.2em repeat({n}, minmax(0, 1fr))\">",
        n = days.len()
    );
    out.push_str("<div></div>");
    for d in &days {
        let _ = write!(out, "<div class=\"dayhead\">{}</div>", esc(&short_date(*d)));
    }
    out.push_str("\n<div class=\"axis\">");
    for h in FIRST_HOUR..=LAST_HOUR {
        let _ = write!(
            out,
            "<span style=\"top:{}\">{h:02}:00</span>",
            pct((h - FIRST_HOUR) * 60)
        );
    }
    out.push_str("</div>\n");
    for d in &days {
        let class = if session_days.contains(d) {
            "daycol session"
        } else {
            "daycol"
        };
        let _ = write!(out, "<div class=\"{class}\">");
        let mut blocks: Vec<Block> = items
            .iter()
            .filter(|i| i.day == *d)
            .filter_map(|i| match (&i.what, &i.when) {
                (What::Meeting(m), When::Span { start, end }) => {
                    let (s, e, clipped) = clip(start.local.time, end.local.time, *d);
                    let mut tooltip = format!(
                        "{}–{} {}",
                        hm(start.local.time),
                        hm(end.local.time),
                        m.title
                    );
                    if let Some(room) = &m.room {
                        tooltip.push_str(&format!(", {room}"));
                    }
                    tooltip.push_str(&format!(" ({})", m.status));
                    Some(Block {
                        start: s,
                        end: e,
                        clipped,
                        status: m.status,
                        label: hm(start.local.time),
                        tooltip,
                        title: &m.title,
                    })
                }
                _ => None,
            })
            .collect();
        blocks.sort_by_key(|b| (b.start, b.end));
        for (b, (lane, lanes)) in blocks.iter().zip(lanes(&blocks)) {
            let width = 100.0 / lanes as f64;
            let _ = write!(
                out,
                "<div class=\"ev {}{}\" style=\"top:{};height:{};left:{width_left:.3}%;width:{width:.3}%\" title=\"{}\"><b>{}</b>{}</div>",
                b.status,
                if b.clipped { " edge" } else { "" },
                pct(b.start),
                pct(b.end.saturating_sub(b.start).max(20)),
                esc(&b.tooltip),
                esc(&b.label),
                esc(b.title),
                width_left = width * lane as f64,
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</div></div>\n");
    out.push_str(
        "<p class=\"legend\"><span class=\"confirmed\">confirmed</span><span class=\"proposed\">proposed</span><span class=\"cancelled\">cancelled</span>side by side: at the same time</p>\n",
    );
}

/// Minutes from the picture's top, clipped to it, and whether it was clipped. A
/// meeting wholly before or after the hours shown sits at the top or bottom edge.
fn clip(start: NaiveDateTime, end: NaiveDateTime, day: NaiveDate) -> (u32, u32, bool) {
    let span = (LAST_HOUR - FIRST_HOUR) * 60;
    let minutes = |t: NaiveDateTime| -> i64 {
        let days = (t.date() - day).num_days();
        days * 24 * 60 + i64::from(t.hour() * 60 + t.minute()) - i64::from(FIRST_HOUR * 60)
    };
    let (s, e) = (minutes(start), minutes(end).max(minutes(start)));
    let clamp = |m: i64| u32::try_from(m.clamp(0, i64::from(span))).unwrap_or(0);
    let clipped = s < 0 || e > i64::from(span);
    let (mut cs, ce) = (clamp(s), clamp(e));
    if cs + 20 > span {
        cs = span - 20;
    }
    (cs, ce.max(cs), clipped)
}

/// For each block (sorted by start), its lane and how many lanes its group of
/// overlapping blocks uses.
fn lanes(blocks: &[Block]) -> Vec<(usize, usize)> {
    let mut out = vec![(0, 1); blocks.len()];
    let mut group_start = 0;
    let mut group_end = 0;
    let mut lane_ends: Vec<u32> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let end = b.end.max(b.start + 20);
        if i > 0 && b.start >= group_end {
            let n = lane_ends.len().max(1);
            for o in &mut out[group_start..i] {
                o.1 = n;
            }
            group_start = i;
            lane_ends.clear();
        }
        let lane = match lane_ends.iter().position(|e| *e <= b.start) {
            Some(l) => {
                lane_ends[l] = end;
                l
            }
            None => {
                lane_ends.push(end);
                lane_ends.len() - 1
            }
        };
        out[i].0 = lane;
        group_end = if i == group_start {
            end
        } else {
            group_end.max(end)
        };
    }
    let n = lane_ends.len().max(1);
    for o in &mut out[group_start..] {
        o.1 = n;
    }
    out
}

fn pct(minutes: u32) -> String {
    format!(
        "{:.3}%",
        f64::from(minutes) * 100.0 / f64::from((LAST_HOUR - FIRST_HOUR) * 60)
    )
}

/// Escape text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let s = clean(s);
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// [`esc`], with line breaks as `<br>`.
fn esc_lines(s: &str) -> String {
    esc(s).replace('\n', "<br>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>\u{1b}"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;\\u{1b}"
        );
    }

    #[test]
    fn overlapping_blocks_share_the_width() {
        let b = |start, end| Block {
            start,
            end,
            clipped: false,
            status: MeetingStatus::Confirmed,
            label: String::new(),
            tooltip: String::new(),
            title: "",
        };
        let blocks = [b(0, 60), b(30, 90), b(120, 180), b(300, 360)];
        assert_eq!(lanes(&blocks), vec![(0, 2), (1, 2), (0, 1), (0, 1)]);
    }
}

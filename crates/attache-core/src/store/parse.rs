//! Turning each file's text into model items: one function per kind of file. The items
//! of a plan are read by their own definitions, in [`crate::items`].

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::items::{PlanItem, Record};
use crate::model::{
    Body, Database, EcosocStatus, FORMAT_VERSION, Organization, Person, Plan, Registration,
    Section, Session, Stay, Travel, Venue, VenueId, Window,
};
use crate::store::fields::Fields;

/// Nesting deeper than any real database file; deeper input is refused before the
/// TOML parser sees it, so that no file can exhaust the stack.
const MAX_NESTING: usize = 64;

/// Parse a file's text as TOML, after the checks the parser does not make: merge
/// conflict markers (which it would report as a baffling syntax error) and absurd nesting.
pub fn parse_document<'s>(
    sources: &'s Sources,
    file: FileId,
    diags: &mut Diagnostics,
) -> Option<Spanned<DeTable<'s>>> {
    let text = &sources.get(file)?.text;
    let mut markers = conflict_markers(text).peekable();
    if markers.peek().is_some() {
        for (offset, len) in markers {
            diags.push(
                Diagnostic::error("unresolved merge conflict marker")
                    .at(Some(Span::new(file, offset..offset + len)))
                    .help("a git merge left both versions here: keep the one you want and delete the marker lines (<<<<<<<, =======, >>>>>>>)"),
            );
        }
        return None;
    }
    if let Some(offset) = too_deep(text) {
        diags.push(
            Diagnostic::error(format!(
                "lists or tables nested more than {MAX_NESTING} deep"
            ))
            .at(Some(Span::new(file, offset..offset + 1)))
            .help(
                "attache's files never nest this deep: this file is probably not a database file",
            ),
        );
        return None;
    }
    // The recovering parser reports every syntax error of the file, not just the first.
    let (doc, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(doc);
    }
    for e in errors {
        let range = e.span().unwrap_or(0..0);
        let message = e.message().trim().trim_end_matches('.');
        let token = text.get(range.clone()).unwrap_or("");
        let control = !token.is_empty() && token.chars().all(crate::text::needs_escape);
        let d = match bad_datetime(message, token) {
            Some(message) => Diagnostic::error(message).help(
                "write a date as YYYY-MM-DD and a time as HH:MM:SS (e.g. 2027-03-08T13:00:00), with a day that exists in that month",
            ),
            None if control => Diagnostic::error(format!(
                "invalid TOML: an invisible control character ({})",
                crate::text::printable(token)
            ))
            .help("delete it: it is invisible in most editors (often pasted from a terminal or a PDF), and TOML text cannot hold it"),
            None => Diagnostic::error(format!("invalid TOML: {message}")).help(
                "check the syntax near here: quotes around text, commas between list items, one key per line",
            ),
        };
        diags.push(d.at(Some(Span::new(file, range))));
    }
    None
}

/// The parser's complaint about a date or time (`invalid date, expected day between 01
/// and 28`) said about the value itself: `2027-02-30 is not a valid date: expected ...`.
fn bad_datetime(message: &str, token: &str) -> Option<String> {
    let rest = message.strip_prefix("invalid ")?;
    let (what, expected) = match rest.split_once(", expected ") {
        Some((what, expected)) => (what, Some(expected)),
        None => (rest, None),
    };
    let what = match what {
        "date" | "time" | "date-time" => what,
        "datetime" => "date-time",
        _ => return None,
    };
    if token.is_empty() || token.len() > 40 || token.contains(['\n', '"', '\'']) {
        return None;
    }
    let token = crate::text::printable(token);
    Some(match expected {
        Some(expected) => format!("{token} is not a valid {what}: expected {expected}"),
        None => format!("{token} is not a valid {what}"),
    })
}

/// Lines that git writes around a conflict: `<<<<<<< `, `=======`, `>>>>>>> `, `|||||||`.
fn conflict_markers(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    // Only a line that starts with a marker's first character is looked at: the line
    // starts come from a newline search, without splitting the file into lines.
    let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
        .filter(|&start| matches!(text.as_bytes().get(start), Some(b'<' | b'>' | b'|' | b'=')))
        .filter_map(move |start| {
            let line = &text[start..];
            let bare = line[..line.find('\n').unwrap_or(line.len())].trim_end_matches('\r');
            let is_marker = ["<<<<<<<", ">>>>>>>", "|||||||"]
                .iter()
                .any(|m| bare.starts_with(m))
                || bare == "=======";
            is_marker.then_some((start, bare.len().max(1)))
        })
}

/// The offset where bracket nesting first passes the limit, ignoring brackets in
/// strings and comments (approximately: good enough to refuse hostile input).
fn too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut in_str, mut in_comment) = (0usize, None::<u8>, false);
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match (in_str, in_comment, b) {
            (_, true, b'\n') => in_comment = false,
            (_, true, _) => {}
            (Some(q), _, c) if c == q && (q == b'\'' || i == 0 || bytes[i - 1] != b'\\') => {
                in_str = None
            }
            (Some(_), _, _) => {}
            (None, _, b'#') => in_comment = true,
            (None, _, b'"' | b'\'') => in_str = Some(b),
            (None, _, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            (None, _, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Check the top-level keys of a file: `format`, the keys it may hold, nothing else.
fn top_level(doc: &DeTable<'_>, file: FileId, allowed: &[&str], diags: &mut Diagnostics) {
    for (k, item) in doc.iter() {
        let key: &str = k.get_ref();
        if key == "format" {
            check_format(item, file, diags);
        } else if !allowed.contains(&key) {
            let span = Some(Span::new(file, k.span()));
            let help =
                crate::diag::did_you_mean(key, allowed.iter().copied()).unwrap_or_else(|| {
                    format!(
                        "this file holds: {}",
                        allowed
                            .iter()
                            .map(|a| format!("[[{a}]]"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
            diags.push(
                Diagnostic::error(format!(
                    "unknown key \"{}\" at the top of the file",
                    crate::text::printable(key)
                ))
                .at(span)
                .help(help),
            );
        }
    }
}

fn check_format(item: &Spanned<DeValue>, file: FileId, diags: &mut Diagnostics) {
    let span = Some(Span::new(file, item.span()));
    let number = crate::store::fields::integer(item.get_ref());
    let d = match number {
        Some(FORMAT_VERSION) => return,
        Some(n) if n > FORMAT_VERSION => Diagnostic::error(format!(
            "this file is in format {n}, newer than this attache reads (format {FORMAT_VERSION})"
        ))
        .help("a newer attache wrote it: update attache to read it"),
        _ => Diagnostic::error(format!(
            "\"format\" must be {FORMAT_VERSION}, not {}",
            match number {
                Some(n) => n.to_string(),
                None => crate::store::fields::describe(item.get_ref()).to_string(),
            }
        ))
        .help(format!(
            "write format = {FORMAT_VERSION} (a number, without quotes), or leave the line out"
        )),
    };
    diags.push(d.at(span));
}

/// The tables of a `[[name]]` array, or a report if `name` is something else.
fn tables<'a>(
    doc: &'a DeTable<'a>,
    name: &str,
    file: FileId,
    diags: &mut Diagnostics,
) -> Vec<(&'a DeTable<'a>, Range<usize>)> {
    let Some(item) = doc.get(name) else {
        return Vec::new();
    };
    let tables: Option<Vec<_>> = item.get_ref().as_array().and_then(|a| {
        a.iter()
            .map(|t| t.get_ref().as_table().map(|table| (table, t.span())))
            .collect()
    });
    match tables {
        Some(tables) => tables,
        None => {
            diags.push(
                Diagnostic::error(format!("\"{name}\" must be a list of [[{name}]] tables"))
                    .at(Some(Span::new(file, item.span())))
                    .help(format!("write each one under its own [[{name}]] header")),
            );
            Vec::new()
        }
    }
}

/// Insert an item under its id, reporting a duplicate (the first one wins).
fn insert_unique<K: std::hash::Hash + Eq + std::fmt::Display, T>(
    map: &mut indexmap::IndexMap<K, T>,
    id: K,
    item: T,
    kind: &str,
    span: Option<Span>,
    diags: &mut Diagnostics,
) {
    if map.contains_key(&id) {
        diags.push(
            Diagnostic::error(format!("duplicate {kind} id \"{id}\""))
                .at(span)
                .help(format!("each {kind} needs its own id: rename this one")),
        );
    } else {
        map.insert(id, item);
    }
}

pub fn venues(doc: &DeTable<'_>, file: FileId, db: &mut Database, diags: &mut Diagnostics) {
    top_level(doc, file, &["venue"], diags);
    for (table, span) in tables(doc, "venue", file, diags) {
        let mut f = Fields::new(table, span, file, "venue", diags);
        f.name_by("id");
        let id: Option<VenueId> = f.id("id");
        let name = f.req_str("name");
        let city = f.req_str("city");
        let city_names = f.str_list("city_names");
        let country = crate::items::section::country(&mut f);
        let timezone = f.tz("timezone", true);
        let address = f.req_str("address");
        let rooms = f.str_list("rooms");
        let access = f.opt_str("access");
        let notes = f.opt_str("notes");
        let (origin, ok) = f.finish();
        if let (
            true,
            Some(id),
            Some(name),
            Some(city),
            Some(country),
            Some(timezone),
            Some(address),
        ) = (ok, id, name, city, country, timezone, address)
        {
            let span = origin.field("id");
            let v = Venue {
                id: id.clone(),
                name,
                city,
                city_names,
                country,
                timezone,
                address,
                rooms,
                access,
                notes,
                origin,
            };
            insert_unique(&mut db.venues, id, v, "venue", span, diags);
        }
    }
}

pub fn sessions(doc: &DeTable<'_>, file: FileId, db: &mut Database, diags: &mut Diagnostics) {
    top_level(doc, file, &[Session::TABLE], diags);
    for (table, span) in tables(doc, Session::TABLE, file, diags) {
        if let Some(s) = crate::items::read::<Session>(table, span, file, diags) {
            let at = s.origin.field("id");
            insert_unique(&mut db.sessions, s.id.clone(), s, "session", at, diags);
        }
    }
}

pub fn sections(doc: &DeTable<'_>, file: FileId, db: &mut Database, diags: &mut Diagnostics) {
    top_level(doc, file, &[Section::TABLE, Person::TABLE], diags);
    for (table, span) in tables(doc, Section::TABLE, file, diags) {
        if let Some(s) = crate::items::read::<Section>(table, span, file, diags) {
            let at = s.origin.field("id");
            insert_unique(&mut db.sections, s.id.clone(), s, "section", at, diags);
        }
    }
    for (table, span) in tables(doc, Person::TABLE, file, diags) {
        if let Some(p) = crate::items::read::<Person>(table, span, file, diags) {
            let at = p.origin.field("id");
            insert_unique(&mut db.people, p.id.clone(), p, "person", at, diags);
        }
    }
}

/// `organization.toml`: one `[organization]` table.
pub fn organization(doc: &DeTable<'_>, file: FileId, db: &mut Database, diags: &mut Diagnostics) {
    top_level(doc, file, &["organization"], diags);
    let Some(item) = doc.get("organization") else {
        diags.push(
            Diagnostic::error("organization.toml has no [organization] table")
                .at(Some(Span::new(file, 0..0)))
                .help("start it with [organization] and name = \"...\" below"),
        );
        return;
    };
    let Some(table) = item.get_ref().as_table() else {
        diags.push(
            Diagnostic::error("\"organization\" must be a table")
                .at(Some(Span::new(file, item.span())))
                .help("write it as [organization], with its keys on the lines below"),
        );
        return;
    };
    let mut f = Fields::new(table, item.span(), file, "organization", diags);
    let name = f.req_str("name");
    let ecosoc_status = f.word(
        "ecosoc_status",
        EcosocStatus::NAMES,
        EcosocStatus::parse,
        None,
    );
    let ecosoc_since = f.opt_u32("ecosoc_since");
    let address = f.str_list("address");
    let email = f.opt_str("email");
    let phone = f.opt_str("phone");
    let website = f.opt_str("website");
    let signatory = f.opt_str("signatory");
    let signatory_title = f.opt_str("signatory_title");
    let place = f.opt_str("place");
    let (origin, ok) = f.finish();
    if let (true, Some(name)) = (ok, name) {
        db.organization = Some(Organization {
            name,
            ecosoc_status,
            ecosoc_since,
            address,
            email,
            phone,
            website,
            signatory,
            signatory_title,
            place,
            origin,
        });
    }
}

/// `bodies.toml`: one `[[body]]` per UN body that sessions name, with its rules, and
/// one `[[window]]` per recurring window of a body.
pub fn bodies(doc: &DeTable<'_>, file: FileId, db: &mut Database, diags: &mut Diagnostics) {
    top_level(doc, file, &["body", "window"], diags);
    for (table, span) in tables(doc, "body", file, diags) {
        let mut f = Fields::new(table, span, file, "body", diags);
        f.name_by("id");
        let id = f.req_str("id");
        let name = f.req_str("name");
        let delegate_limit = f.opt_u32("delegate_limit");
        let letter_due_days = f.opt_u32("letter_due_days");
        let registration = registration(&mut f);
        let registration_url = f.opt_str("registration_url");
        let addressee = f.str_list("addressee");
        let salutation = f.opt_str("salutation");
        let source = f.opt_str("source");
        let notes = f.opt_str("notes");
        no_zero_limit(&mut f, delegate_limit, "delegate_limit");
        if delegate_limit.is_none() && letter_due_days.is_none() && registration.is_none() {
            let d = Diagnostic::warning(format!(
                "{} has no rules: no delegate_limit, letter_due_days or registration",
                f.what()
            ))
            .help("add what its information note says, e.g. delegate_limit = 10, letter_due_days = 7, registration = \"indico\": without them no limit or due date is checked for its sessions");
            f.warn_at("id", d);
        }
        let (origin, ok) = f.finish();
        if let (true, Some(id), Some(name)) = (ok, id, name) {
            let span = origin.field("id");
            let b = Body {
                id: id.clone(),
                name,
                delegate_limit,
                letter_due_days,
                registration,
                registration_url,
                windows: Vec::new(),
                addressee,
                salutation,
                source,
                notes,
                origin,
            };
            insert_unique(&mut db.bodies, id, b, "body", span, diags);
        }
    }
    for (table, span) in tables(doc, "window", file, diags) {
        window(table, span, file, db, diags);
    }
}

/// The `registration` key of a body or a session: how its delegates register.
pub(crate) fn registration(f: &mut Fields<'_>) -> Option<Registration> {
    f.opt_word("registration", Registration::NAMES, Registration::parse)
}

/// The rule that a limit, where one is written, lets someone come.
pub(crate) fn no_zero_limit(f: &mut Fields<'_>, limit: Option<u32>, key: &str) {
    if limit == Some(0) {
        let d = Diagnostic::error(format!("{} accepts no delegates ({key} = 0)", f.what())).help(
            format!("write the number of people it accepts from one NGO, or leave {key} out"),
        );
        f.error_at(key, d);
    }
}

/// One `[[window]]`: a body's recurring window, as days before each session opens.
fn window(
    table: &DeTable<'_>,
    span: Range<usize>,
    file: FileId,
    db: &mut Database,
    diags: &mut Diagnostics,
) {
    let mut f = Fields::new(table, span, file, "window", diags);
    f.name_by("name");
    let body: Option<String> = f.reference("body");
    let name = f.req_str("name");
    let opens = f.req_u32("opens_days_before");
    let closes = f.req_u32("closes_days_before");
    let source = f.opt_str("source");
    if let (Some(o), Some(c)) = (opens, closes)
        && c > o
    {
        let d = Diagnostic::error(format!(
            "{} closes ({c} days before the opening) before it opens ({o} days before)",
            f.what()
        ))
        .help("opens_days_before is the larger number: the window opens first, further from the session");
        f.error_at("closes_days_before", d);
    }
    if let Some(b) = &body
        && !db.bodies.contains_key(b)
    {
        let d = crate::validate::unknown("body", b, &f.what(), db.bodies.keys())
            .help("add its [[body]] above, or correct the id");
        f.error_at("body", d);
    }
    let (origin, ok) = f.finish();
    if let (true, Some(body), Some(name), Some(opens), Some(closes)) =
        (ok, body, name, opens, closes)
        && let Some(b) = db.bodies.get_mut(&body)
    {
        b.windows.push(Window {
            name,
            opens_days_before: opens,
            closes_days_before: closes,
            source,
            origin,
        });
    }
}

pub fn plan(
    doc: &DeTable<'_>,
    file: FileId,
    path: &std::path::Path,
    db: &mut Database,
    diags: &mut Diagnostics,
) {
    let [delegate, meeting, travel, stay] = crate::items::TABLES;
    top_level(
        doc,
        file,
        &["session", "notes", delegate, meeting, travel, stay],
        diags,
    );
    let root = doc;
    let at_file_start = Some(Span::new(file, 0..0));
    let session = match root.get("session") {
        Some(item) => match item.get_ref().as_str() {
            Some(s) => s.to_string(),
            None => {
                diags.push(
                    Diagnostic::error(format!(
                        "\"session\" must be a session id in quotes, not {}",
                        crate::store::fields::describe(item.get_ref())
                    ))
                    .at(Some(Span::new(file, item.span())))
                    .help("write e.g. session = \"cnd-70\""),
                );
                return;
            }
        },
        None => {
            let example = path
                .file_stem()
                .and_then(|s| s.to_str())
                .filter(|s| crate::text::is_slug(s))
                .unwrap_or("cnd-70");
            diags.push(
                Diagnostic::error(format!(
                    "the plan file {} does not say which session it plans",
                    path.display()
                ))
                .at(at_file_start)
                .help(format!(
                    "add a line at the top, before any [[...]] table: session = \"{example}\""
                )),
            );
            return;
        }
    };
    let notes = root
        .get("notes")
        .and_then(|n| n.get_ref().as_str())
        .map(str::to_string);
    let session_range = root.get("session").map(Spanned::span);
    let mut origin = crate::model::Origin::new(file, 0..0, 1);
    if let Some(r) = session_range.clone() {
        origin.record("session", None, r);
    }
    let mut plan = Plan {
        path: path.to_path_buf(),
        notes,
        origin,
        ..Plan::new(&session)
    };
    plan.delegates = items(doc, file, diags);
    plan.meetings = items(doc, file, diags);
    plan.travel = items(doc, file, diags);
    plan.stays = items(doc, file, diags);
    crate::items::fill_ids(&mut plan.travel, |t| &mut t.id, Travel::id_from_content);
    crate::items::fill_ids(&mut plan.stays, |s| &mut s.id, Stay::id_from_content);
    db.plans.insert(session.into(), std::sync::Arc::new(plan));
}

/// The items of one kind in a plan file: each read, checked by its own rules, and left
/// out when it has an error (reported).
fn items<T: PlanItem>(doc: &DeTable<'_>, file: FileId, diags: &mut Diagnostics) -> Vec<T> {
    tables(doc, T::TABLE, file, diags)
        .into_iter()
        .filter_map(|(t, span)| crate::items::read(t, span, file, diags))
        .collect()
}

//! Markdown (CommonMark, read fine by GitHub and most editors): the sessions, then
//! each person with a heading per day and a list item per item.
//!
//! Every piece of data is escaped, so that a title like `*urgent* <b>|x|</b>` shows as
//! typed instead of turning into emphasis, HTML or a table: ASCII punctuation that
//! Markdown gives a meaning to is backslash-escaped, line starts that would open a
//! block (`#`, `-`, `1.`, `>`) are neutralised, and control characters are shown as
//! visible escapes.

use std::fmt::Write;
use std::io;

use super::Sink;
use super::describe::{Described, describe, presence_line, role_label};
use super::itinerary::{Itinerary, Options, Outline, PersonItinerary, SessionInfo};
use super::text::{capitalise, clean, long_date, long_date_range, short_date};
use crate::model::SessionStatus;

/// Write the sessions, then each person. Returns how many items it wrote.
pub(crate) fn write(outline: &Outline, options: &Options, sink: &mut Sink) -> io::Result<usize> {
    let it = &outline.head;
    let title = match it.people.as_slice() {
        [one] => format!("Itinerary: {}", md(&one.name)),
        _ => "Delegation itinerary".to_string(),
    };
    let _ = writeln!(sink.buf, "# {title}\n");
    for s in &it.sessions {
        session(&mut sink.buf, s, it.people.len() > 1);
    }
    let mut items = 0;
    for n in 0..it.people.len() {
        // The part before is passed on; this one is kept to trim its end.
        sink.flush()?;
        let p = outline.person(n);
        person(&mut sink.buf, it, &p, options);
        items += p.items.len();
    }
    // One newline at the end, whatever the last block was.
    let trimmed = sink.buf.trim_end().len();
    sink.buf.truncate(trimmed);
    sink.buf.push('\n');
    Ok(items)
}

fn session(out: &mut String, s: &SessionInfo, several: bool) {
    let _ = writeln!(out, "## {}\n", md(&s.title));
    let tentative = if s.status == SessionStatus::Tentative {
        " (tentative: check the official calendar)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "- **Dates:** {}{tentative}",
        long_date_range(s.start, s.end)
    );
    let _ = writeln!(out, "- **Venue:** {}", md(&s.venue.full()));
    if let Some(access) = &s.venue.access {
        let _ = writeln!(out, "- **Getting in:** {}", md_lines(access, "  "));
    }
    let _ = writeln!(
        out,
        "- **Times:** at the venue, {}, unless another zone is named",
        md(s.timezone.name())
    );
    if let Some(d) = s.registration_deadline {
        let _ = writeln!(out, "- **Register by:** {}", long_date(d));
    }
    if let Some(r) = s.registration {
        let how = super::text::registration(r, s.registration_url.as_deref());
        let _ = writeln!(out, "- **Registration:** {}", md(&how));
    }
    if let Some(due) = s.nomination_due {
        let _ = writeln!(out, "- **Nomination letter due:** {}", long_date(due));
    }
    if several {
        let _ = writeln!(out, "- **Who is there:**");
        for (day, names) in &s.present {
            let names = if names.is_empty() {
                "nobody".to_string()
            } else {
                md(&names.join(", "))
            };
            let _ = writeln!(out, "  - {}: {names}", short_date(*day));
        }
    }
    let _ = writeln!(out);
}

fn person(out: &mut String, it: &Itinerary, p: &PersonItinerary, options: &Options) {
    let _ = writeln!(out, "## {}\n", md(&p.name));
    let mut about: Vec<String> = Vec::new();
    for d in &p.delegations {
        let title = it
            .sessions
            .iter()
            .find(|s| s.id == d.session)
            .map_or(d.session.as_str(), |s| s.title.as_str());
        let registered = if d.registered {
            ""
        } else {
            " (not registered yet)"
        };
        about.push(format!("{}, {}{registered}", role_label(d.role), md(title)));
        about.push(md(&presence_line(d)));
    }
    if let Some(position) = &p.position {
        about.push(md(position));
    }
    let home = match p.section.timezone {
        Some(tz) if options.home_time => format!(
            " (home time {}: shown beside the times where it differs)",
            md(tz.name())
        ),
        Some(tz) => format!(" (home time {})", md(tz.name())),
        None => String::new(),
    };
    about.push(format!("{}{home}", md(&p.section.name)));
    for contact in [&p.email, &p.phone].into_iter().flatten() {
        about.push(md(contact));
    }
    for line in about {
        let _ = writeln!(out, "- {line}");
    }
    for d in &p.delegations {
        if let Some(notes) = &d.notes {
            let which = if p.delegations.len() > 1 {
                format!(" ({})", md(&d.session))
            } else {
                String::new()
            };
            let _ = writeln!(out, "- Note{which}: {}", md_lines(notes, "  "));
        }
    }
    let _ = writeln!(out);

    for (i, item) in p.items.iter().enumerate() {
        if i == 0 || p.items[i - 1].day != item.day {
            let _ = writeln!(out, "### {}\n", long_date(item.day));
        }
        if let Some(session) = it.sessions.iter().find(|s| s.id == item.session) {
            entry(out, &describe(item, session));
        }
        // A blank line after the day's last item.
        if p.items.get(i + 1).is_none_or(|next| next.day != item.day) {
            let _ = writeln!(out);
        }
    }
}

fn entry(out: &mut String, d: &Described) {
    let title = md(&d.title);
    let title = match d.flag {
        Some("cancelled") => format!("~~{title}~~ (cancelled)"),
        Some(flag) => format!("{title} ({flag})"),
        None => title,
    };
    let _ = writeln!(out, "- **{}** {title}", md(&d.time));
    if let Some(home) = &d.home {
        let _ = writeln!(out, "  - {}", md(&capitalise(home)));
    }
    for (label, value) in &d.details {
        let _ = writeln!(out, "  - {label}: {}", md_lines(value, "    "));
    }
}

/// Escape text for inline Markdown; line breaks become " / ".
pub fn md(s: &str) -> String {
    escape_line(&super::text::one_line(s), false)
}

/// Escape text that may have several lines: each later line becomes a hard line break
/// followed by `indent`, so that it stays inside its list item.
pub fn md_lines(s: &str, indent: &str) -> String {
    clean(s)
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| escape_line(l.trim_start(), i > 0))
        .collect::<Vec<_>>()
        .join(&format!("\\\n{indent}"))
}

/// Backslash-escape every ASCII punctuation character Markdown may read as syntax;
/// at the start of a line, also what would open a block.
fn escape_line(s: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    if line_start {
        // "1." or "1)" would start an ordered list; "-", "+", "=" a list or a heading
        // underline. Escaping the punctuation after the digits is enough.
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && matches!(s[digits..].chars().next(), Some('.' | ')')) {
            out.push_str(&s[..digits]);
            out.push('\\');
            out.push_str(&escape_line(&s[digits..], false));
            return out;
        }
        if matches!(s.chars().next(), Some('-' | '+' | '=')) {
            out.push('\\');
        }
    }
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '|'
                | '~'
                | '&'
                | '#'
                | '!'
                | '{'
                | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_syntax() {
        assert_eq!(
            md("*a* _b_ `c` [d](e) <s> |x| # ~~y~~ &amp;"),
            "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\<s\\> \\|x\\| \\# \\~\\~y\\~\\~ \\&amp;"
        );
        assert_eq!(md("two\nlines"), "two / lines");
        assert_eq!(
            md_lines("a\n- b\n1. c\n# d", "  "),
            "a\\\n  \\- b\\\n  1\\. c\\\n  \\# d"
        );
    }
}

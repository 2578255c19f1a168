//! The nomination letter as a page to print and sign: A4, the organization's
//! letterhead, the date, the addressee, the session and its dates, each delegate as
//! FAMILY NAME, First name (as in the passport) with their email, and the signature
//! block. One letter per session, each on its own page. Self-contained like the
//! itinerary page (no scripts, no network).
//!
//! What must be fixed before sending (a passed due date, too many people, a missing
//! email or name) is shown above the letter on screen, and never printed.

use std::fmt::Write;

use super::Sink;
use super::describe::role_label;
use super::html::esc;
use super::itinerary::{Itinerary, Options};
use super::letter::{Letter, closing, letter, letterhead_contacts, opening, signature};

const CSS: &str = r#"
* { box-sizing: border-box; }
body { margin: 0; background: #eef0f3; color: #111;
  font: 11pt/1.45 "Noto Serif", Georgia, "Times New Roman", serif; }
.page { width: 210mm; min-height: 297mm; margin: 12px auto; padding: 22mm 22mm 20mm; background: #fff;
  box-shadow: 0 1px 4px rgba(0,0,0,.2); }
.letterhead { border-bottom: 1.5pt solid #1d4f91; padding-bottom: 4mm; margin-bottom: 10mm; }
.letterhead .org { font-size: 16pt; font-weight: 700; color: #1d4f91; }
.letterhead .status, .letterhead .contact { font-size: 9.5pt; color: #444; }
.dated { text-align: right; margin-bottom: 8mm; }
.addressee { margin-bottom: 8mm; white-space: normal; }
.subject { font-weight: 700; margin: 0 0 5mm; }
table.delegates { width: 100%; border-collapse: collapse; margin: 4mm 0 6mm; font-size: 10.5pt; }
table.delegates th, table.delegates td { text-align: left; padding: 1.5mm 2mm; border-bottom: .5pt solid #999;
  vertical-align: top; overflow-wrap: anywhere; }
table.delegates th { font-weight: 700; border-bottom: 1pt solid #333; }
.signature { margin-top: 8mm; break-inside: avoid; }
.signature .space { height: 20mm; }
.t { unicode-bidi: plaintext; }
.warnings { width: 210mm; max-width: 100%; margin: 12px auto 0; padding: 10px 16px; background: #fff4d6;
  border: 1px solid #b7791f; border-radius: 6px; font: 14px/1.4 system-ui, sans-serif; }
.warnings ul { margin: 4px 0 0; padding-left: 20px; }
@media screen and (max-width: 820px) {
  .page { width: auto; min-height: 0; margin: 0; padding: 16px; }
}
@media print {
  @page { size: A4; margin: 0; }
  body { background: none; }
  .warnings { display: none; }
  .page { margin: 0; box-shadow: none; break-after: page; }
  .page:last-of-type { break-after: auto; }
}
"#;

/// Write the letters (small: one page a session, made whole).
pub(crate) fn write(itinerary: &Itinerary, options: &Options, sink: &mut Sink) {
    sink.buf.push_str(&render(itinerary, options));
}

/// The letters as text: one per session, from the people's delegations alone (no
/// items), so any [`Itinerary`] will do, an [`super::Outline`]'s head included.
pub fn render(itinerary: &Itinerary, options: &Options) -> String {
    let letters: Vec<Letter> = itinerary
        .sessions
        .iter()
        .map(|s| letter(itinerary, s, options))
        .collect();
    let title = letters
        .iter()
        .map(|l| format!("Nomination letter: {}", l.title))
        .collect::<Vec<_>>()
        .join("; ");
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"generator\" content=\"attaché\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(&title));
    let _ = writeln!(out, "<style>{CSS}</style>\n</head>\n<body>");
    for l in &letters {
        page(&mut out, l);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn page(out: &mut String, l: &Letter) {
    if !l.warnings.is_empty() {
        let _ = write!(
            out,
            "<aside class=\"warnings\"><b>Before sending the letter for {} (not printed):</b><ul>",
            esc(&l.title)
        );
        for w in &l.warnings {
            let _ = write!(out, "<li>{}</li>", esc(w));
        }
        out.push_str("</ul></aside>\n");
    }
    let _ = writeln!(
        out,
        "<article class=\"page\" id=\"letter-{}\">",
        esc(&l.session.id)
    );
    if let Some(o) = l.organization {
        let _ = write!(
            out,
            "<header class=\"letterhead\"><div class=\"org t\">{}</div>",
            esc(&o.name)
        );
        if let Some(status) = o.status_line() {
            let _ = write!(out, "<div class=\"status\">{}</div>", esc(&status));
        }
        for line in letterhead_contacts(o) {
            let _ = write!(out, "<div class=\"contact t\">{}</div>", esc(&line));
        }
        out.push_str("</header>\n");
    }
    if let Some(dated) = &l.dated {
        let _ = writeln!(out, "<p class=\"dated\">{}</p>", esc(dated));
    }
    if !l.addressee.is_empty() {
        let lines: Vec<String> = l.addressee.iter().map(|a| esc(a)).collect();
        let _ = writeln!(out, "<p class=\"addressee t\">{}</p>", lines.join("<br>\n"));
    }
    let _ = writeln!(
        out,
        "<p class=\"subject t\">Subject: Nomination of representatives to the {}</p>",
        esc(&l.title)
    );
    let _ = writeln!(out, "<p>{}</p>", esc(&l.salutation));
    let _ = writeln!(out, "<p class=\"t\">{}:</p>", esc(&opening(l)));
    out.push_str("<table class=\"delegates\">\n<thead><tr><th>#</th><th>FAMILY NAME, First name (as in the passport)</th><th>Role</th><th>Email</th></tr></thead>\n<tbody>\n");
    for (n, d) in l.delegates.iter().enumerate() {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"t\">{}</td><td>{}</td><td class=\"t\">{}</td></tr>",
            n + 1,
            esc(&d.name),
            role_label(d.role),
            esc(&d.email)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(out, "<p>{}</p>", esc(closing()));
    let (name, title) = signature(l.organization);
    let _ = write!(
        out,
        "<div class=\"signature\"><p>Yours faithfully,</p><div class=\"space\"></div><div class=\"t\">{}</div><div class=\"t\">{}</div>",
        esc(&name),
        esc(&title)
    );
    if let Some(o) = l.organization {
        let _ = write!(out, "<div class=\"t\">{}</div>", esc(&o.name));
    }
    out.push_str("</div>\n</article>\n");
}

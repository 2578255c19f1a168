//! Diagnostics: every problem found in a database, with where it is and how to fix it.
//!
//! Loading never stops at the first problem: each stage pushes into one [`Diagnostics`]
//! list, and the whole list is shown at once, rendered in the style of rustc so that
//! people who know compilers feel at home and those who don't still see the line.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

/// A byte range in one source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Self { file, range }
    }
}

/// One file of the database as it was read: its path relative to the database folder
/// (so messages read `plan/cnd-70.toml`, not an absolute path) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// Byte offset of each line's start, so that a position becomes a line by binary
    /// search: a database with 100,000 warnings must not rescan its files for each.
    /// Built on first use, on the thread that needs it: a file without problems never
    /// does, and building it for every file was serial work in each load.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        Self {
            path,
            text,
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = starts.get(line).map_or(self.text.len(), |&e| e);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// All files read for one database, so that spans can be turned into lines and columns.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile::new(path, text));
        FileId(self.files.len() - 1)
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0)
    }

    pub fn path(&self, id: FileId) -> &Path {
        self.get(id).map_or(Path::new("?"), |f| &f.path)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        self.get(id).map_or((1, 1), |f| f.line_col(offset))
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`; an offset past
/// the end or inside a UTF-8 sequence is clamped rather than trusted.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A stable name for each kind of warning that a plan's content raises: what the
/// workspace compares to tell which findings an edit made or resolved (never the
/// message text), and what JSON output names. Kebab-case names are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A person in two meetings at once.
    PersonClash,
    /// A person travelling during a meeting (or on two journeys at once).
    TravelClash,
    /// A room booked twice at once.
    RoomClash,
    /// A meeting attendee who has not arrived yet or has already left.
    NotThere,
    /// A night between arrival and departure without a hotel.
    NightWithoutStay,
    /// Registration deadline near with delegates not registered.
    RegistrationDue,
    /// The nomination letter is due soon or overdue.
    NominationDue,
    /// A meeting attendee who is not in the delegation.
    AttendeeNotDelegate,
    /// A journey or hotel stay of someone not in the delegation.
    LogisticsNotDelegate,
    /// A meeting's room that the venue does not list.
    UnknownRoom,
    /// A meeting outside its session's days.
    OutsideSession,
    /// More delegates than the session allows.
    OverLimit,
    /// A planned session whose dates are not confirmed.
    Tentative,
    /// An accreditation step (or the visa application) whose due day passed.
    StepOverdue,
    /// A session that is over and still marked tentative.
    PastTentative,
    /// A tentative session that opens within [`crate::planning::checks::TENTATIVE_NOTICE_DAYS`].
    TentativeSoon,
    /// A delegate's journeys, none of which reaches the venue's city.
    JourneyMissesVenue,
    /// A hotel stay outside the days the delegate is there.
    StayOutsidePresence,
    /// A programme item someone attends that a re-import moved.
    ProgrammeMoved,
    /// A programme item someone attends that was cancelled or dropped.
    ProgrammeCancelled,
}

impl Code {
    /// Every code, for documentation and its test (`docs/json.md` lists each).
    pub const ALL: [Code; 20] = [
        Code::PersonClash,
        Code::TravelClash,
        Code::RoomClash,
        Code::NotThere,
        Code::NightWithoutStay,
        Code::RegistrationDue,
        Code::NominationDue,
        Code::AttendeeNotDelegate,
        Code::LogisticsNotDelegate,
        Code::UnknownRoom,
        Code::OutsideSession,
        Code::OverLimit,
        Code::Tentative,
        Code::PastTentative,
        Code::TentativeSoon,
        Code::StepOverdue,
        Code::ProgrammeMoved,
        Code::ProgrammeCancelled,
        Code::JourneyMissesVenue,
        Code::StayOutsidePresence,
    ];

    /// Clashes are double bookings; the rest are readiness reminders.
    pub fn is_clash(self) -> bool {
        matches!(
            self,
            Code::PersonClash | Code::TravelClash | Code::RoomClash
        )
    }

    /// The stable kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Code::PersonClash => "person-clash",
            Code::TravelClash => "travel-clash",
            Code::RoomClash => "room-clash",
            Code::NotThere => "not-there",
            Code::NightWithoutStay => "night-without-stay",
            Code::RegistrationDue => "registration-due",
            Code::NominationDue => "nomination-due",
            Code::AttendeeNotDelegate => "attendee-not-delegate",
            Code::LogisticsNotDelegate => "logistics-not-delegate",
            Code::UnknownRoom => "unknown-room",
            Code::OutsideSession => "outside-session",
            Code::OverLimit => "over-limit",
            Code::Tentative => "tentative",
            Code::PastTentative => "past-tentative",
            Code::StepOverdue => "step-overdue",
            Code::TentativeSoon => "tentative-soon",
            Code::JourneyMissesVenue => "journey-misses-venue",
            Code::StayOutsidePresence => "stay-outside-presence",
            Code::ProgrammeMoved => "programme-moved",
            Code::ProgrammeCancelled => "programme-cancelled",
        }
    }
}

/// What kind of warning a plan's content raised, and whom and what it is about, by
/// id: the key that tells one finding from another, and what the TUI highlights and
/// jumps to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct About {
    pub code: Code,
    pub people: Vec<crate::ids::PersonId>,
    pub meetings: Vec<crate::ids::MeetingId>,
}

/// A place in a database file, the same in every JSON output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// Relative to the database folder: `plan/cnd-70.toml`.
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// One problem: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    pub help: Option<String>,
    /// The kind of a plan's warning and its subject (none for errors and for what
    /// only a reload can change: syntax, references, ids). Boxed: most diagnostics
    /// have none, and a diagnostic travels in many `Result`s.
    pub about: Option<Box<About>>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            span: None,
            help: None,
            about: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    pub fn at(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Name the kind of warning and whom and what it is about.
    pub fn code(mut self, code: Code, people: &[&str], meetings: &[&str]) -> Self {
        self.about = Some(Box::new(About {
            code,
            people: people.iter().map(|&p| p.into()).collect(),
            meetings: meetings.iter().map(|&m| m.into()).collect(),
        }));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, when the problem has a place.
    pub fn location(&self, sources: &Sources) -> Option<String> {
        let span = self.span.as_ref()?;
        let (line, col) = sources.line_col(span.file, span.range.start);
        Some(format!(
            "{}:{line}:{col}",
            sources.path(span.file).display()
        ))
    }

    /// Where the problem is, as every JSON output gives a place: `file`, `line`,
    /// `column` (1-based, in characters).
    pub fn place(&self, sources: &Sources) -> Option<Place> {
        let span = self.span.as_ref()?;
        let (line, column) = sources.line_col(span.file, span.range.start);
        Some(Place {
            file: sources.path(span.file).display().to_string(),
            line,
            column,
        })
    }

    /// The one JSON shape of a diagnostic, in `check`, `clashes` and the edits'
    /// output: severity, stable code (a plan warning's, else null), message, place,
    /// help, and whom and what it is about.
    pub fn to_json(&self, sources: &Sources) -> serde_json::Value {
        let about = self.about.as_deref();
        serde_json::json!({
            "severity": self.severity,
            "code": about.map(|a| a.code),
            "message": self.message,
            "place": self.place(sources),
            "help": self.help,
            "people": about.map_or(&[][..], |a| &a.people),
            "meetings": about.map_or(&[][..], |a| &a.meetings),
        })
    }

    /// Render in the style of rustc: the message, the place, the line with the
    /// offending part underlined, and the help.
    ///
    /// The message and help are escaped here, whatever their makers did: they quote ids
    /// and names from the files, and one unescaped quote must not reach a terminal.
    pub fn render(&self, sources: &Sources) -> String {
        let mut out = String::new();
        self.render_into(sources, &mut out);
        out
    }

    /// [`Diagnostic::render`] appended to `out`: a report of thousands is written into
    /// one buffer, without a string for each piece.
    pub fn render_into(&self, sources: &Sources, out: &mut String) {
        use crate::text::printable_lines;
        use std::fmt::Write;
        // Writing into a String cannot fail.
        let _ = writeln!(
            out,
            "{}: {}",
            self.severity.as_str(),
            printable_lines(&self.message)
        );
        // The help lines up under the gutter of the line number (1 wide when the file
        // is not known).
        let mut gutter = usize::from(self.span.is_some());
        if let Some(span) = &self.span
            && let Some(file) = sources.get(span.file)
        {
            let (line, col) = file.line_col(span.range.start);
            let number = line.to_string();
            gutter = number.len();
            let text = file.line_text(line);
            let width = underline_width(&file.text, &span.range, text, col);
            let path = file.path.display().to_string();
            let path = crate::text::printable(&path);
            let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
            pad(out, gutter);
            let _ = writeln!(out, "--> {path}:{line}:{col}");
            pad(out, gutter);
            let _ = write!(out, " |\n{number} | ");
            let (caret_at, carets) = excerpt_into(text, col - 1, width, out);
            out.push('\n');
            pad(out, gutter);
            out.push_str(" | ");
            pad(out, caret_at);
            out.extend(std::iter::repeat_n('^', carets));
            out.push('\n');
        }
        if let Some(help) = &self.help {
            out.extend(std::iter::repeat_n(' ', gutter));
            let _ = writeln!(out, " = help: {}", printable_lines(help));
        }
    }
}

/// The diagnostics rendered ([`Diagnostic::render`]), each followed by a blank line, as
/// parts of `per` diagnostics: a report of tens of thousands is printed as it is made,
/// never whole. A part is rendered on all cores, in pieces put back in order.
pub fn render_in_parts<'a>(
    items: &'a [Diagnostic],
    sources: &'a Sources,
    per: usize,
) -> impl Iterator<Item = String> + 'a {
    use rayon::prelude::*;
    /// Diagnostics a core renders at a time: enough to keep it busy.
    const PIECE: usize = 64;
    items.chunks(per.max(1)).map(move |part| {
        let pieces: Vec<String> = part
            .par_chunks(PIECE)
            .map(|piece| {
                let mut out = String::new();
                for d in piece {
                    d.render_into(sources, &mut out);
                    out.push('\n');
                }
                out
            })
            .collect();
        pieces.concat()
    })
}

/// How many carets to draw under a span: the span's characters on its first line, at
/// least one.
fn underline_width(text: &str, range: &Range<usize>, line: &str, col: usize) -> usize {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    let spanned = text.get(start..end).unwrap_or("");
    let first_line = spanned.split('\n').next().unwrap_or("");
    let remaining = line.chars().count().saturating_sub(col - 1);
    first_line.chars().count().min(remaining).max(1)
}

/// The most characters of a source line that a message shows: a longer line (a huge
/// value, a file that is not text) is cut to a window around the problem.
const MAX_SHOWN: usize = 100;

/// A line as a message shows it, and where and how wide the underline goes: control and
/// bidi characters escaped, tabs as four spaces (so the carets stay under what they
/// mark), and a long line cut to [`MAX_SHOWN`] characters around the span, with `...`.
/// `start` and `width` count characters of `line`.
/// The line is appended to `out`; the result is where the underline starts and how
/// wide it is, in characters of what was appended.
fn excerpt_into(line: &str, start: usize, width: usize, out: &mut String) -> (usize, usize) {
    let len = line.chars().count();
    let start = start.min(len);
    let (first, last) = if len > MAX_SHOWN {
        let first = start.saturating_sub(MAX_SHOWN / 3);
        (first, (first + MAX_SHOWN).min(len))
    } else {
        (0, len)
    };
    let mut caret_at = 0;
    if first > 0 {
        out.push_str("...");
        caret_at = 3;
    }
    let mut carets = 0;
    for (i, c) in line.chars().enumerate().take(last).skip(first) {
        // How many characters `c` is shown as.
        let n = match c {
            '\t' => {
                out.push_str("    ");
                4
            }
            c if crate::text::needs_escape(c) => {
                let escaped = c.escape_unicode();
                let n = escaped.len();
                out.extend(escaped);
                n
            }
            c => {
                out.push(c);
                1
            }
        };
        if i < start {
            caret_at += n;
        } else if i < start + width {
            carets += n;
        }
    }
    if last < len {
        out.push_str("...");
    }
    (caret_at, carets.max(1))
}

/// The list every stage of loading and checking pushes into.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Errors first, then by file and position, so output is stable and reads top-down.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key =
                |d: &Diagnostic| (d.severity, d.span.as_ref().map(|s| (s.file, s.range.start)));
            key(a).cmp(&key(b))
        });
    }

    /// Every diagnostic rendered, then a one-line summary.
    pub fn render(&self, sources: &Sources) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&d.render(sources));
            out.push('\n');
        }
        let (e, w) = (self.count(Severity::Error), self.count(Severity::Warning));
        out.push_str(&format!(
            "{}, {}\n",
            plural(e, "error"),
            plural(w, "warning")
        ));
        out
    }

    /// A machine-readable form for `--format json`: the counts and every diagnostic
    /// ([`Diagnostic::to_json`]).
    pub fn to_json(&self, sources: &Sources) -> serde_json::Value {
        let items: Vec<_> = self.items.iter().map(|d| d.to_json(sources)).collect();
        serde_json::json!({
            "errors": self.count(Severity::Error),
            "warnings": self.count(Severity::Warning),
            "diagnostics": items,
        })
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<T: IntoIterator<Item = Diagnostic>>(&mut self, iter: T) {
        self.items.extend(iter);
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The closest known name to a misspelt one, for "did you mean" hints. Only close
/// matches count: a suggestion that is not obviously the intended word misleads.
pub fn did_you_mean<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(wrong, known)
        .best
        .map(|k| format!("did you mean \"{k}\"?"))
}

/// Ids are short: a name far longer than any could be (a 10 MB value) matches
/// nothing, and comparing it would cost its length times each candidate's.
const LONGEST_NAME: usize = 256;

/// The most work one "did you mean" does, in characters compared: each candidate's
/// characters read, and the cells of the edit distances computed (one name's length
/// times the other's). A hint must not cost more than the mistake it explains: past
/// this (about 50 ms when every candidate needs its table) the search stops, with the
/// best match found so far. Below it, the answer is the same as an exhaustive search;
/// a typo among 200,000 meeting ids, at the database's size limit, stays below it.
pub const SUGGESTION_BUDGET: usize = 10_000_000;

/// What [`closest`] found, and the work it took (in the units of [`SUGGESTION_BUDGET`]),
/// counted rather than timed so that a test can hold it to the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closest<'a> {
    /// The first of the nearest candidates, if one is near enough.
    pub best: Option<&'a str>,
    /// Characters read and cells of edit distances computed.
    pub work: usize,
}

/// The known name nearest to `wrong` (case aside) within a third of its length, as
/// [`did_you_mean`] suggests it: the first of the nearest. Each candidate passes two
/// cheap tests before the edit distance, the difference in length and the letters the
/// two have in common, against the distance that could still matter (within its
/// third, and nearer than the best so far): both only rule out what the distance
/// would, and once a near match is found most ids cost their length, not a table.
/// The search stops at the budget.
pub fn closest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Closest<'a> {
    let mut found = Closest {
        best: None,
        work: 0,
    };
    let wrong_len = wrong.chars().take(LONGEST_NAME + 1).count();
    if wrong_len > LONGEST_NAME {
        return found;
    }
    let wrong_lower = wrong.to_lowercase();
    let wrong_bag = Bag::of(&wrong_lower);
    let mut nearest = usize::MAX;
    for k in known {
        if found.work >= SUGGESTION_BUDGET || nearest == 0 {
            break;
        }
        let k_len = k.chars().take(LONGEST_NAME + 1).count();
        found.work += 1 + k_len;
        // The largest distance that could still be the answer.
        let within = ((k_len.max(3) / 3).max(1)).min(nearest - 1);
        // The distance is at least the difference in length: skip at once.
        if k_len > LONGEST_NAME || k_len.abs_diff(wrong_len) > within {
            continue;
        }
        let k_lower = k.to_lowercase();
        found.work += k_len;
        let d = if within == 0 {
            // Only the same name in another case can be nearer.
            if k_lower != wrong_lower {
                continue;
            }
            0
        } else {
            if wrong_bag.distance(&Bag::of(&k_lower)) > within {
                continue;
            }
            found.work += wrong_len * k_len;
            strsim::damerau_levenshtein(&wrong_lower, &k_lower)
        };
        if d <= within {
            nearest = d;
            found.best = Some(k);
        }
    }
    found
}

/// How many of each character a name has, folded into 128 bins (each ASCII character
/// its own): enough to tell most unrelated names apart, in a fixed size.
struct Bag([i16; 128]);

impl Bag {
    fn of(name: &str) -> Bag {
        let mut bag = [0i16; 128];
        for c in name.chars() {
            let bin = &mut bag[c as usize % 128];
            *bin = bin.saturating_add(1);
        }
        Bag(bag)
    }

    /// A lower bound of the edit distance between the two names: an edit adds,
    /// removes or replaces one character (changing the counts by two at most) or swaps
    /// two (changing none), and folding characters into bins only lowers the count.
    fn distance(&self, other: &Bag) -> usize {
        let apart: usize = self
            .0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| a.abs_diff(*b) as usize)
            .sum();
        apart.div_ceil(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_near_ids_and_gives_up_at_once_on_huge_ones() {
        let known = ["cnd-70", "ccpcj-36", "cop-untoc-13"];
        assert_eq!(
            did_you_mean("cnd-7O", known).as_deref(),
            Some("did you mean \"cnd-70\"?")
        );
        assert_eq!(
            did_you_mean("cnd77", known).as_deref(),
            Some("did you mean \"cnd-70\"?")
        );
        assert_eq!(did_you_mean("plenary", known), None);
        assert_eq!(
            did_you_mean("CND-70", known).as_deref(),
            Some("did you mean \"cnd-70\"?")
        );
        // A 10 MB name is compared with nothing (a quadratic comparison would take minutes).
        let huge = "x".repeat(10_000_000);
        assert_eq!(
            closest(&huge, known),
            Closest {
                best: None,
                work: 0
            }
        );
        let huge_known = [huge.as_str(), "cnd-70"];
        let c = closest("cnd-7", huge_known);
        assert_eq!(c.best, Some("cnd-70"));
        assert!(
            c.work < 1_000,
            "{c:?}: a huge candidate is not read through"
        );
    }

    /// The edit distance, for every candidate: what "did you mean" answered before its
    /// cheap tests and its budget, to hold that they change no answer.
    fn exhaustive<'a>(wrong: &str, known: &[&'a str]) -> Option<&'a str> {
        let wrong_len = wrong.chars().count();
        known
            .iter()
            .filter_map(|k| {
                let allowed = (k.chars().count().max(3) / 3).max(1);
                let d = strsim::damerau_levenshtein(&wrong.to_lowercase(), &k.to_lowercase());
                (d <= allowed && k.chars().count().abs_diff(wrong_len) <= allowed)
                    .then_some((d, *k))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, k)| k)
    }

    /// Every id of the shipped database, misspelt in each way (a letter dropped,
    /// doubled, replaced, two swapped, the case changed), gets the suggestion an
    /// exhaustive search gives: the cheap tests skip only what could not match.
    #[test]
    fn the_cheap_tests_change_no_suggestion() {
        let db = crate::testdata::sample(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).db;
        let mut ids: Vec<&str> = db.people.keys().map(|k| k.as_str()).collect();
        ids.extend(db.sessions.keys().map(|k| k.as_str()));
        ids.extend(db.meetings().map(|(_, m)| m.id.as_str()));
        ids.extend(["Ünïcödé-ß", "ÉTÉ", "été-2027", "東京-1"]);
        let mut tried = 0;
        for id in &ids {
            let chars: Vec<char> = id.chars().collect();
            let n = chars.len();
            let mut wrongs = vec![id.to_uppercase()];
            for i in 0..n {
                let mut dropped = chars.clone();
                dropped.remove(i);
                let mut doubled = chars.clone();
                doubled.insert(i, chars[i]);
                let mut replaced = chars.clone();
                replaced[i] = 'x';
                wrongs.extend([dropped, doubled, replaced].map(|c| c.into_iter().collect()));
                if i + 1 < n {
                    let mut swapped = chars.clone();
                    swapped.swap(i, i + 1);
                    wrongs.push(swapped.into_iter().collect());
                }
            }
            for wrong in &wrongs {
                assert_eq!(
                    closest(wrong, ids.iter().copied()).best,
                    exhaustive(wrong, &ids),
                    "{wrong}"
                );
                tried += 1;
            }
        }
        assert!(tried > 1_000, "{tried}");
    }

    /// The work of one "did you mean" grows with the candidates up to the budget, then
    /// stops: ten times the candidates cost ten times the work while under it, and
    /// the budget, not a hundred times more, past it. Counted, not timed.
    #[test]
    fn did_you_mean_stops_at_its_budget() {
        // Every candidate needs the edit distance: the same letters, two pairs swapped,
        // as near as the first (so none is skipped as farther than the best so far).
        let wrong = "abcdefghijklmnopq";
        let candidates = |n: usize| -> Vec<String> {
            (0..n)
                .map(|i| {
                    let mut c: Vec<char> = wrong.chars().collect();
                    let first = i % 7;
                    let second = 8 + i / 7 % 8;
                    c.swap(first, first + 1);
                    c.swap(second, second + 1);
                    c.into_iter().collect()
                })
                .collect()
        };
        let work = |n: usize| {
            let list = candidates(n);
            closest(wrong, list.iter().map(String::as_str)).work
        };
        let (small, large) = (work(2_000), work(20_000));
        let ratio = large as f64 / small as f64;
        assert!(
            (8.0..12.0).contains(&ratio),
            "{small} -> {large}: {ratio:.1}x"
        );
        let (capped, beyond) = (work(100_000), work(1_000_000));
        let per_candidate = 17 * 2 + 17 * 17 + 1;
        assert!(
            capped >= SUGGESTION_BUDGET,
            "{capped}: the budget is reached"
        );
        assert!(
            beyond <= SUGGESTION_BUDGET + per_candidate,
            "{beyond}: past the budget"
        );
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a = 1\nb = \"ë\" x\n";
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 9));
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 10_000), (3, 1));
    }

    #[test]
    fn render_points_at_the_span() {
        let mut sources = Sources::default();
        let id = sources.add("plan/x.toml".into(), "a = 1\nperson = \"tomory\"\n".into());
        let start = 15;
        let d = Diagnostic::error("unknown person \"tomory\"")
            .at(Some(Span::new(id, start..start + 8)))
            .help("did you mean \"tomori\"?");
        let text = d.render(&sources);
        assert_eq!(
            text,
            "error: unknown person \"tomory\"\n \
             --> plan/x.toml:2:10\n  \
             |\n\
             2 | person = \"tomory\"\n  \
             |          ^^^^^^^^\n  \
             = help: did you mean \"tomori\"?\n"
        );
    }

    /// `ALL` is every code, and JSON writes each by its stable name.
    #[test]
    fn every_code_is_listed_and_serialised_by_its_name() {
        for code in Code::ALL {
            // a new variant breaks this match until it is added to ALL as well
            match code {
                Code::PersonClash
                | Code::TravelClash
                | Code::RoomClash
                | Code::NotThere
                | Code::NightWithoutStay
                | Code::RegistrationDue
                | Code::NominationDue
                | Code::AttendeeNotDelegate
                | Code::LogisticsNotDelegate
                | Code::UnknownRoom
                | Code::OutsideSession
                | Code::OverLimit
                | Code::Tentative
                | Code::PastTentative
                | Code::TentativeSoon
                | Code::StepOverdue
                | Code::ProgrammeMoved
                | Code::ProgrammeCancelled
                | Code::JourneyMissesVenue
                | Code::StayOutsidePresence => {}
            }
            assert_eq!(serde_json::to_value(code).unwrap(), code.name());
        }
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn json_gives_one_place_and_the_code() {
        let mut sources = Sources::default();
        let id = sources.add("plan/x.toml".into(), "a = 1\nroom = \"M9\"\n".into());
        let d = Diagnostic::warning("room M9 is not at the venue")
            .at(Some(Span::new(id, 13..17)))
            .code(Code::UnknownRoom, &[], &["m1"]);
        let v = d.to_json(&sources);
        assert_eq!(v["code"], "unknown-room");
        assert_eq!(
            v["place"],
            serde_json::json!({"file": "plan/x.toml", "line": 2, "column": 8})
        );
        assert_eq!(v["meetings"], serde_json::json!(["m1"]));
        let bare = Diagnostic::error("no venues.toml").to_json(&sources);
        assert_eq!(
            (&bare["place"], &bare["code"]),
            (&serde_json::Value::Null, &serde_json::Value::Null)
        );
    }

    fn excerpt(line: &str, start: usize, width: usize) -> (String, usize, usize) {
        let mut shown = String::new();
        let (caret_at, carets) = excerpt_into(line, start, width, &mut shown);
        (shown, caret_at, carets)
    }

    #[test]
    fn carets_stay_under_escaped_and_long_lines() {
        // an escaped control character and a tab widen what is shown before the span
        assert_eq!(
            excerpt("a\u{1b}\tb = x", 5, 1),
            ("a\\u{1b}    b = x".to_string(), 13, 1)
        );
        // a huge line is cut to a window around the span, with the carets inside it
        let line = format!("k = \"{}\"", "x".repeat(10_000));
        let (shown, at, width) = excerpt(&line, 5_000, 5_000);
        assert!(shown.starts_with("...") && shown.ends_with("..."));
        assert_eq!(shown.chars().count(), MAX_SHOWN + 6);
        assert!(at + width <= shown.chars().count());
    }

    #[test]
    fn suggestions_only_for_close_names() {
        let known = ["tomori", "nikolic", "pekic"];
        assert_eq!(
            did_you_mean("tomory", known).as_deref(),
            Some("did you mean \"tomori\"?")
        );
        assert_eq!(did_you_mean("zzzzzz", known), None);
    }
}

//! The export dialog (`E`): who (a delegate, a section, the whole delegation of the
//! chosen session), which format, the options of `attache export` and the file to
//! write, with a preview of the text. It exports the plan as edited (unsaved changes
//! included) with the same code as `attache export` ([`export::export`]) and writes
//! the file atomically: the file is replaced whole or left as it was.

use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::export::{self, Format, Options, Rendered, Selection};
use crate::model::Database;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::TextField;
use crate::tui::queue::Msg;
use crate::tui::widgets;

/// The formats in the order the dialog offers them.
pub const FORMATS: [Format; 7] = Format::ALL;

/// The folder the default file name is in (`~` is the home folder).
pub const EXPORT_DIR: &str = "~/attache-exports";

/// Whose itinerary to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Delegation,
    Section(String),
    Person(String),
}

/// The fields of the dialog, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EField {
    Scope,
    Format,
    HomeTime,
    Redact,
    Path,
}

pub const EFIELDS: [EField; 5] = [
    EField::Scope,
    EField::Format,
    EField::HomeTime,
    EField::Redact,
    EField::Path,
];

#[derive(Debug)]
pub struct Export {
    pub session: Option<String>,
    /// The choices for "who": the delegation, its sections, its delegates.
    pub scopes: Vec<Scope>,
    pub scope: usize,
    /// Index into [`FORMATS`].
    pub format: usize,
    pub home_time: bool,
    pub redact: bool,
    pub path: TextField,
    /// The path was typed: choosing another scope or format no longer renames it.
    pub path_edited: bool,
    pub focus: usize,
    /// The export as the dialog stands, or why there is none.
    pub preview: Result<Rendered, String>,
    pub top: usize,
    /// The last attempt's outcome: an error, or the question before replacing a file.
    pub error: Option<String>,
    /// The user was told this file exists; submitting again replaces it.
    pub confirm_replace: Option<PathBuf>,
    /// The plan has unsaved changes (the export includes them).
    pub unsaved: bool,
    /// The day the letters are dated, and their due date checked against.
    pub today: Option<chrono::NaiveDate>,
}

impl Export {
    /// The dialog for `session`, on `person` when given (the selected delegate).
    pub fn new(db: &Database, session: Option<&str>, person: Option<&str>, unsaved: bool) -> Self {
        let mut scopes = vec![Scope::Delegation];
        if let Some(plan) = session.and_then(|s| db.plans.get(s)) {
            let mut sections: Vec<&str> = Vec::new();
            for d in &plan.delegates {
                if let Some(p) = db.people.get(&d.person)
                    && !sections.contains(&p.section.as_str())
                {
                    sections.push(&p.section);
                }
            }
            // In the order of the sections file, as the Delegation screen groups them.
            sections.sort_by_key(|s| db.sections.get_index_of(*s).unwrap_or(usize::MAX));
            scopes.extend(sections.iter().map(|s| Scope::Section(s.to_string())));
            scopes.extend(
                plan.delegates
                    .iter()
                    .map(|d| Scope::Person(d.person.clone())),
            );
        }
        let scope = person
            .and_then(|p| {
                scopes
                    .iter()
                    .position(|s| *s == Scope::Person(p.to_string()))
            })
            .unwrap_or(0);
        let mut e = Export {
            session: session.map(str::to_string),
            scopes,
            scope,
            format: 0,
            home_time: false,
            redact: false,
            path: TextField::default(),
            path_edited: false,
            focus: 0,
            preview: Err(String::new()),
            top: 0,
            error: None,
            confirm_replace: None,
            unsaved,
            today: None,
        };
        e.path = TextField::new(&e.default_path());
        e.render(db);
        e
    }

    pub fn field(&self) -> EField {
        EFIELDS[self.focus.min(EFIELDS.len() - 1)]
    }

    pub fn format(&self) -> Format {
        FORMATS[self.format % FORMATS.len()]
    }

    fn scope_slug(&self) -> &str {
        match self.scopes.get(self.scope) {
            Some(Scope::Person(p)) | Some(Scope::Section(p)) => p,
            _ => "delegation",
        }
    }

    /// `~/attache-exports/<session>-<who>.<ext>` (in the current folder when there is
    /// no home folder).
    pub fn default_path(&self) -> String {
        let session = self.session.as_deref().unwrap_or("export");
        let name = format!(
            "{}-{}.{}",
            crate::text::slugify(session),
            crate::text::slugify(self.scope_slug()),
            self.format().extension()
        );
        if home_dir().is_some() {
            format!("{EXPORT_DIR}/{name}")
        } else {
            name
        }
    }

    pub fn selection(&self) -> Selection {
        let mut sel = Selection {
            sessions: self.session.iter().cloned().collect(),
            ..Selection::default()
        };
        match self.scopes.get(self.scope) {
            Some(Scope::Person(p)) => sel.people = vec![p.clone()],
            Some(Scope::Section(s)) => sel.section = Some(s.clone()),
            _ => {}
        }
        sel
    }

    pub fn options(&self) -> Options {
        Options {
            home_time: self.home_time,
            redact: self.redact,
            today: self.today,
            ..Options::default()
        }
    }

    /// Describe a scope for the dialog.
    pub fn scope_label(&self, db: &Database, i: usize) -> String {
        let plan = self.session.as_deref().and_then(|s| db.plans.get(s));
        let people = |n: usize| match n {
            1 => "1 person".to_string(),
            n => format!("{n} people"),
        };
        match self.scopes.get(i) {
            None | Some(Scope::Delegation) => format!(
                "the whole delegation ({})",
                people(plan.map_or(0, |p| p.delegates.len()))
            ),
            Some(Scope::Section(s)) => {
                let n = plan.map_or(0, |p| {
                    p.delegates
                        .iter()
                        .filter(|d| db.people.get(&d.person).is_some_and(|x| &x.section == s))
                        .count()
                });
                let name = db.sections.get(s).map_or(s.as_str(), |x| x.name.as_str());
                format!("section {name} ({})", people(n))
            }
            Some(Scope::Person(p)) => match db.people.get(p) {
                Some(x) => format!("{} ({p})", x.name),
                None => p.clone(),
            },
        }
    }

    /// Render the export as the dialog stands (for the preview, and to write).
    fn render(&mut self, db: &Database) {
        self.preview = match &self.session {
            None => Err("choose a session first (1: Sessions)".into()),
            Some(_) => export::export(db, self.format(), &self.selection(), &self.options())
                .map_err(|e| match e.help {
                    Some(h) => format!("{}: {h}", e.message),
                    None => e.message,
                }),
        };
    }

    /// After a choice changed: new preview, and a new default file name unless the
    /// user typed one.
    fn changed(&mut self, db: &Database) {
        self.top = 0;
        self.error = None;
        self.confirm_replace = None;
        if !self.path_edited {
            self.path = TextField::new(&self.default_path());
        }
        self.render(db);
    }

    fn cycle(&mut self, d: i64, db: &Database) {
        let step = |i: usize, n: usize| ((i as i64 + d).rem_euclid(n.max(1) as i64)) as usize;
        match self.field() {
            EField::Scope => self.scope = step(self.scope, self.scopes.len()),
            EField::Format => self.format = step(self.format, FORMATS.len()),
            EField::HomeTime => self.home_time = !self.home_time,
            EField::Redact => self.redact = !self.redact,
            EField::Path => return,
        }
        self.changed(db);
    }

    fn focus_changed(&mut self) {
        if self.field() == EField::Path {
            self.path.select_all();
        } else {
            self.path.replace = false;
        }
    }

    /// A form action: next or previous field, tick.
    pub fn act(&mut self, action: Action, db: &Database) {
        if let Some(focus) = super::step_focus(self.focus, EFIELDS.len(), action) {
            self.focus = focus;
            self.focus_changed();
            return;
        }
        if action != Action::Toggle {
            return;
        }
        match self.field() {
            EField::Path => {
                self.input(Key::char(' '), db);
            }
            _ => self.cycle(1, db),
        }
    }

    /// A key no binding claimed: ←/→ on a choice, typing in the path, page keys to
    /// scroll the preview.
    pub fn input(&mut self, key: Key, db: &Database) -> bool {
        match key.code {
            KeyCode::PageDown => {
                self.top += 10;
                return true;
            }
            KeyCode::PageUp => {
                self.top = self.top.saturating_sub(10);
                return true;
            }
            _ => {}
        }
        match (self.field(), key.code) {
            (EField::Path, _) => {
                let changed = self.path.input(key);
                if changed {
                    self.path_edited = true;
                    self.error = None;
                    self.confirm_replace = None;
                }
                changed
            }
            (_, KeyCode::Left) => {
                self.cycle(-1, db);
                true
            }
            (_, KeyCode::Right) => {
                self.cycle(1, db);
                true
            }
            _ => false,
        }
    }

    pub fn paste(&mut self, s: &str) {
        if self.field() == EField::Path {
            self.path.paste(s);
            self.path_edited = true;
            self.error = None;
            self.confirm_replace = None;
        }
    }

    /// The file to write: the path as typed, `~` standing for the home folder.
    pub fn target(&self) -> Result<PathBuf, String> {
        let text = self.path.text.trim();
        if text.is_empty() {
            return Err("type the name of the file to write".into());
        }
        Ok(expand_home(text, home_dir().as_deref()))
    }

    /// Write the export. `Some(message)` when written; otherwise the dialog says why
    /// (`error`), or asks before replacing an existing file.
    pub fn write(&mut self, db: &Database, db_has_errors: bool) -> Option<String> {
        self.error = None;
        if db_has_errors {
            self.error = Some(
                "the database has errors: fix them (see Problems) and reload before exporting"
                    .into(),
            );
            return None;
        }
        self.render(db);
        let rendered = match &self.preview {
            Ok(r) => r.clone(),
            Err(e) => {
                self.error = Some(e.clone());
                return None;
            }
        };
        let path = match self.target() {
            Ok(p) => p,
            Err(e) => {
                self.error = Some(e);
                return None;
            }
        };
        if path.is_dir() {
            self.error = Some(format!("{} is a folder: add a file name", path.display()));
            return None;
        }
        if path.exists() && self.confirm_replace.as_ref() != Some(&path) {
            self.confirm_replace = Some(path.clone());
            self.error = Some(format!(
                "{} exists: enter again replaces it (or change the name)",
                path.display()
            ));
            return None;
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && !parent.exists()
            && let Err(e) = crate::store::write::create_private_dir(parent)
        {
            self.error = Some(format!(
                "cannot create the folder {}: {e}",
                parent.display()
            ));
            return None;
        }
        match crate::store::write::atomic_write(&path, rendered.text.as_bytes(), false) {
            Ok(()) => Some(format!(
                "wrote {} to {}",
                rendered.summary(),
                path.display()
            )),
            Err(e) => {
                self.confirm_replace = None;
                self.error = Some(format!(
                    "cannot write {}: {e} (nothing was written)",
                    path.display()
                ));
                None
            }
        }
    }
}

impl Component for Export {
    fn context(&self) -> Context {
        Context::Form
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Cancel => out.push(Msg::Close),
            Action::Submit => {
                if let Some(written) = self.write(ctx.db, ctx.db_has_errors) {
                    out.push(Msg::Close);
                    out.push(Msg::Info(written));
                }
            }
            a => self.act(a, ctx.db),
        }
    }

    fn input(&mut self, key: Key, ctx: &Ctx, _out: &mut Vec<Msg>) {
        Export::input(self, key, ctx.db);
    }

    fn paste(&mut self, text: &str, _ctx: &Ctx, _out: &mut Vec<Msg>) {
        Export::paste(self, text);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let db = ctx.db;
        let rect = widgets::centered(area, 100, area.height.saturating_sub(2));
        let title = match &self.session {
            Some(s) => format!("Export from {}", crate::text::printable(s)),
            None => "Export".to_string(),
        };
        let inner = super::frame(buf, rect, &title, t);
        if inner.is_empty() {
            return;
        }
        let w = inner.width as usize;
        let label_w = 11;
        let mut lines: Vec<Line> = Vec::new();
        for (i, f) in EFIELDS.iter().enumerate() {
            let focused = i == self.focus;
            let ls = if focused { t.key } else { t.dim };
            let marker = if focused { "▸" } else { " " };
            let label = match f {
                EField::Scope => "For",
                EField::Format => "Format",
                EField::HomeTime => "Home time",
                EField::Redact => "Redact",
                EField::Path => "Save to",
            };
            let mut spans = vec![Span::styled(
                format!("{marker}{label:<w$}", w = label_w - 1),
                ls,
            )];
            let picker = |text: String| {
                if focused {
                    format!("‹ {text} ›")
                } else {
                    format!("  {text}  ")
                }
            };
            let tick = |on: bool, what: &str| format!("[{}] {what}", if on { "x" } else { " " });
            match f {
                EField::Scope => {
                    spans.push(Span::raw(picker(widgets::fit(
                        &self.scope_label(db, self.scope),
                        w.saturating_sub(label_w + 4),
                    ))));
                    if focused && self.scopes.len() > 1 {
                        spans.push(Span::styled(
                            format!("  {} of {}", self.scope + 1, self.scopes.len()),
                            t.dim,
                        ));
                    }
                }
                EField::Format => {
                    spans.push(Span::raw(picker(self.format().as_str().to_string())));
                    spans.push(Span::styled(
                        format!("  {}", describe(self.format())),
                        t.dim,
                    ));
                }
                EField::HomeTime => spans.push(Span::raw(tick(
                    self.home_time,
                    "also show each time in the person's home time zone",
                ))),
                EField::Redact => spans.push(Span::raw(tick(
                    self.redact,
                    "leave out email addresses, phone numbers and booking references",
                ))),
                EField::Path => {
                    spans.extend(self.path.spans(focused, w.saturating_sub(label_w), t))
                }
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::raw(""));
        let status = match (&self.error, &self.preview) {
            (Some(e), _) if self.confirm_replace.is_some() => {
                Line::from(Span::styled(format!("! {e}"), t.warning))
            }
            (Some(e), _) => Line::from(Span::styled(format!("✗ {e}"), t.error)),
            (None, Err(e)) => Line::from(Span::styled(format!("✗ {e}"), t.error)),
            (None, Ok(r)) => {
                let mut s = format!("✓ ready: {}", r.summary());
                if self.unsaved {
                    s.push_str(", with your unsaved changes");
                }
                Line::from(Span::styled(s, t.ok))
            }
        };
        lines.extend(
            super::super::screens::reflow(&status, w)
                .into_iter()
                .take(3),
        );
        let km = &ctx.config.keymap;
        let k = |a: Action| km.hint(Context::Form, a).unwrap_or_default();
        let hints = Line::from(vec![
            Span::styled(k(Action::Submit), t.key),
            Span::raw(" export  "),
            Span::styled(k(Action::Cancel), t.key),
            Span::raw(" close  "),
            Span::styled(k(Action::NextField), t.key),
            Span::raw(" next field  "),
            Span::styled("←/→", t.key),
            Span::raw(" choose  "),
            Span::styled(k(Action::Toggle), t.key),
            Span::raw(" tick  "),
            Span::styled("pgdn", t.key),
            Span::raw(" scroll"),
        ]);
        lines.extend(super::super::screens::reflow(&hints, w));
        let head = lines.len().min(inner.height as usize);
        for (y, line) in lines.iter().take(head).enumerate() {
            buf.set_line(inner.x, inner.y + y as u16, line, inner.width);
        }
        // The preview below.
        let body = Rect::new(
            inner.x,
            inner.y + head as u16,
            inner.width,
            inner.height.saturating_sub(head as u16),
        );
        if body.height < 2 {
            return;
        }
        let rule = format!("── preview {}", "─".repeat(w.saturating_sub(11)));
        buf.set_line(
            body.x,
            body.y,
            &Line::from(Span::styled(widgets::fit(&rule, w), t.dim)),
            body.width,
        );
        let text: &str = match &self.preview {
            Ok(r) => &r.text,
            Err(_) => "",
        };
        let h = (body.height - 1) as usize;
        let total = text.lines().count();
        let top = self.top.min(total.saturating_sub(h));
        for (y, l) in text.lines().skip(top).take(h).enumerate() {
            buf.set_line(
                body.x,
                body.y + 1 + y as u16,
                &Line::raw(widgets::fit(l, w)),
                body.width,
            );
        }
    }
}

/// What each format is for, in a few words.
pub fn describe(f: Format) -> &'static str {
    match f {
        Format::Ics => "calendar file (Outlook, Google, Apple Calendar)",
        Format::Markdown => "text to read or paste into a document",
        Format::Html => "one page to open in a browser and print",
        Format::Csv => "one row per item, for spreadsheets",
        Format::Json => "for other programs",
        Format::Letter => "the nomination letter's text",
        Format::LetterHtml => "the nomination letter on letterhead, to print and sign",
    }
}

/// The user's home folder.
pub fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf())
}

/// `~` or `~/...` made absolute with `home`; any other path as it is.
pub fn expand_home(text: &str, home: Option<&Path>) -> PathBuf {
    match (text.strip_prefix('~'), home) {
        (Some(""), Some(h)) => h.to_path_buf(),
        (Some(rest), Some(h)) if rest.starts_with('/') || rest.starts_with('\\') => {
            h.join(&rest[1..])
        }
        _ => PathBuf::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Database {
        super::super::shipped_db()
    }

    #[test]
    fn scopes_and_default_names() {
        let db = db();
        let mut e = Export::new(&db, Some("cnd-70"), Some("beispiel"), false);
        assert_eq!(e.scopes[e.scope], Scope::Person("beispiel".into()));
        assert!(
            e.path.text.ends_with("cnd-70-beispiel.ics"),
            "{}",
            e.path.text
        );
        assert_eq!(e.selection().people, vec!["beispiel".to_string()]);
        let r = e.preview.as_ref().unwrap();
        assert_eq!((r.sessions, r.people), (1, 1));
        assert!(r.text.starts_with("BEGIN:VCALENDAR"));
        // The format follows in the name; a typed name stays.
        e.focus = 1;
        e.input(Key::plain(KeyCode::Right), &db);
        assert_eq!(e.format(), Format::Markdown);
        assert!(e.path.text.ends_with("cnd-70-beispiel.md"));
        e.focus = 4;
        e.path = TextField::new("x.md");
        e.input(Key::char('d'), &db);
        e.focus = 0;
        e.input(Key::plain(KeyCode::Left), &db);
        assert_eq!(e.path.text, "x.mdd");
        // Scope 0 is the delegation; sections come next.
        e.scope = 0;
        e.changed(&db);
        assert!(e.selection().people.is_empty() && e.selection().section.is_none());
        assert!(matches!(e.scopes[1], Scope::Section(_)));
        assert!(e.scope_label(&db, 0).starts_with("the whole delegation ("));
    }

    #[test]
    fn home_is_expanded() {
        let h = Path::new("/home/x");
        assert_eq!(expand_home("~/a/b.ics", Some(h)), h.join("a/b.ics"));
        assert_eq!(expand_home("~", Some(h)), h.to_path_buf());
        assert_eq!(expand_home("~bob/a", Some(h)), PathBuf::from("~bob/a"));
        assert_eq!(expand_home("~/a", None), PathBuf::from("~/a"));
        assert_eq!(expand_home("/tmp/a", Some(h)), PathBuf::from("/tmp/a"));
    }

    #[test]
    fn writes_asks_before_replacing_and_reports_errors() {
        let db = db();
        let dir = tempfile::tempdir().unwrap();
        let mut e = Export::new(&db, Some("cnd-70"), Some("esempio"), false);
        let target = dir.path().join("sub/esempio.ics");
        e.path = TextField::new(target.to_str().unwrap());
        let msg = e.write(&db, false).expect("written");
        assert!(msg.starts_with("wrote ics (1 session, 1 person, "), "{msg}");
        assert!(msg.ends_with(&format!("to {}", target.display())), "{msg}");
        let text = std::fs::read_to_string(&target).unwrap();
        assert_eq!(text, e.preview.as_ref().unwrap().text);
        // Existing: asks first, then replaces.
        e.redact = true;
        assert!(e.write(&db, false).is_none());
        assert!(
            e.error
                .as_ref()
                .unwrap()
                .contains("enter again replaces it")
        );
        assert!(e.write(&db, false).is_some());
        // A folder, an unwritable place, a broken database.
        e.path = TextField::new(dir.path().to_str().unwrap());
        assert!(e.write(&db, false).is_none());
        assert!(e.error.as_ref().unwrap().contains("is a folder"));
        std::fs::write(dir.path().join("file"), "x").unwrap();
        e.path = TextField::new(dir.path().join("file/inside.ics").to_str().unwrap());
        assert!(e.write(&db, false).is_none());
        assert!(
            e.error.as_ref().unwrap().starts_with("cannot"),
            "{:?}",
            e.error
        );
        assert!(e.write(&db, true).is_none());
        assert!(e.error.as_ref().unwrap().contains("has errors"));
    }
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::tui::testing::*;

    #[test]
    fn export_dialog_writes_the_selected_delegate() {
        let mut a = app();
        let dir = tempfile::tempdir().unwrap();
        a.update(Action::ShowDelegation);
        a.select_delegate("beispiel");
        key(&mut a, KeyCode::Char('E'));
        let Some(Popup::Export(e)) = &a.popup else {
            panic!("no export dialog")
        };
        assert_eq!(e.selection().people, vec!["beispiel".to_string()]);
        assert_eq!(e.format(), crate::export::Format::Ics);
        // To the path field (the fifth), typed over the default name.
        for _ in 0..4 {
            key(&mut a, KeyCode::Tab);
        }
        let target = dir.path().join("out/beispiel.ics");
        for c in target.to_str().unwrap().chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none(), "{:?}", a.popup);
        let m = a.message.clone().unwrap();
        assert_eq!(m.kind, MessageKind::Info);
        assert!(
            m.text.starts_with("wrote ics (1 session, 1 person"),
            "{}",
            m.text
        );
        assert!(
            m.text.ends_with(&target.display().to_string()),
            "{}",
            m.text
        );
        // The same bytes as `attache export --session cnd-70 --person beispiel --format ics`.
        let want = crate::export::export(
            a.db(),
            crate::export::Format::Ics,
            &crate::export::Selection {
                sessions: vec!["cnd-70".into()],
                people: vec!["beispiel".into()],
                section: None,
            },
            &crate::export::Options::default(),
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), want.text);
        // Unwritable: the dialog stays open with the error, nothing is written.
        key(&mut a, KeyCode::Char('E'));
        for _ in 0..4 {
            key(&mut a, KeyCode::Tab);
        }
        let bad = target.join("x.ics"); // under a file
        a.on_paste(bad.to_str().unwrap());
        key(&mut a, KeyCode::Enter);
        let Some(Popup::Export(e)) = &a.popup else {
            panic!("the dialog closed on an error")
        };
        assert!(
            e.error.as_ref().unwrap().starts_with("cannot"),
            "{:?}",
            e.error
        );
        assert!(!bad.exists());
        key(&mut a, KeyCode::Esc);
        assert!(a.popup.is_none());
    }
}

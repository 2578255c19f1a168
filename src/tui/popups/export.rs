//! The export dialog (`E`): who (a delegate, a section, the whole delegation of the
//! chosen session), which format, the options of `attache export` and the file to
//! write, with a preview of the text. It exports the plan as edited (unsaved changes
//! included) with the same code as `attache export` ([`export::export`]) and writes
//! the file atomically: the file is replaced whole or left as it was.

use crate::ids::{PersonId, SectionId};
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
use crate::tui::popups::form::{Field, FieldKey, Form, Input, Look};
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
    Section(SectionId),
    Person(PersonId),
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

impl FieldKey for EField {
    fn label(self) -> &'static str {
        match self {
            EField::Scope => "For",
            EField::Format => "Format",
            EField::HomeTime => "Home time",
            EField::Redact => "Redact",
            EField::Path => "Save to",
        }
    }

    /// What the chosen format is for; where the chosen person is in the list.
    fn note(self, input: &Input) -> Option<String> {
        match (self, input) {
            (EField::Format, Input::Choice { index, .. }) => {
                Some(format!("  {}", describe(FORMATS[index % FORMATS.len()])))
            }
            (EField::Scope, Input::Choice { options, index }) if options.len() > 1 => {
                Some(format!("  {} of {}", index + 1, options.len()))
            }
            _ => None,
        }
    }
}

/// The dialog's look: labels as wide as "Home time", problems on their line.
const LOOK: Look = Look {
    max_width: 100,
    label_width: 11,
    inline_errors: true,
    ready: "",
    cancel: "close",
    choose: Some("choose"),
    tick: true,
};

#[derive(Debug)]
pub struct Export {
    pub session: Option<String>,
    /// The choices for "who": the delegation, its sections, its delegates (the form's
    /// Scope field shows them by name, in this order).
    pub scopes: Vec<Scope>,
    /// Who, which format, the options and the file, on the shared form engine.
    pub form: Form<EField>,
    /// The path was typed: choosing another scope or format no longer renames it.
    pub path_edited: bool,
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
    /// What the preview says when the session's plan file is there but could not be
    /// read ([`Export::plan_unread`]).
    unread: Option<String>,
}

impl Export {
    /// The dialog for `session`, on `person` when given (the selected delegate).
    pub fn new(db: &Database, session: Option<&str>, person: Option<&str>, unsaved: bool) -> Self {
        let scopes = scopes(db, session);
        let scope = person
            .and_then(|p| {
                scopes
                    .iter()
                    .position(|s| matches!(s, Scope::Person(x) if x == p))
            })
            .unwrap_or(0);
        let plan = session.and_then(|s| db.plans.get(s)).map(|p| &**p);
        let labels = scopes.iter().map(|s| scope_label(db, plan, s)).collect();
        let formats = FORMATS.iter().map(|f| f.as_str().to_string()).collect();
        let fields = vec![
            Field::choice(EField::Scope, labels, scope),
            Field::choice(EField::Format, formats, 0),
            Field::flag(
                EField::HomeTime,
                false,
                "[x] also show each time in the person's home time zone",
                "[ ] also show each time in the person's home time zone",
            ),
            Field::flag(
                EField::Redact,
                false,
                "[x] leave out email addresses, phone numbers and booking references",
                "[ ] leave out email addresses, phone numbers and booking references",
            ),
            Field::text(EField::Path, ""),
        ];
        let mut e = Export {
            session: session.map(str::to_string),
            scopes,
            form: Form::new(fields, EField::Scope),
            path_edited: false,
            preview: Err(String::new()),
            top: 0,
            error: None,
            confirm_replace: None,
            unsaved,
            today: None,
            unread: None,
        };
        e.form.set(EField::Path, &e.default_path());
        e.render(db);
        e
    }

    pub fn field(&self) -> EField {
        self.form.field()
    }

    pub fn format(&self) -> Format {
        FORMATS[self.form.choice(EField::Format) % FORMATS.len()]
    }

    fn scope(&self) -> Option<&Scope> {
        self.scopes.get(self.form.choice(EField::Scope))
    }

    fn scope_slug(&self) -> &str {
        match self.scope() {
            Some(Scope::Person(p)) => p,
            Some(Scope::Section(s)) => s,
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
        match self.scope() {
            Some(Scope::Person(p)) => sel.people = vec![p.to_string()],
            Some(Scope::Section(s)) => sel.section = Some(s.to_string()),
            _ => {}
        }
        sel
    }

    pub fn options(&self) -> Options {
        Options {
            home_time: self.form.flag(EField::HomeTime),
            redact: self.form.flag(EField::Redact),
            today: self.today,
            ..Options::default()
        }
    }

    /// The session's plan is in `path` but could not be read: the preview says so,
    /// never "has no plan", which would be false.
    pub fn plan_unread(mut self, path: &std::path::Path, db: &Database) -> Self {
        self.unread = Some(format!(
            "{} could not be read: fix its errors (see Problems), then R reloads and you can export",
            crate::text::printable(&path.display().to_string())
        ));
        self.render(db);
        self
    }

    /// Render the export as the dialog stands (for the preview, and to write).
    fn render(&mut self, db: &Database) {
        self.preview = match (&self.session, &self.unread) {
            (_, Some(unread)) => Err(unread.clone()),
            (None, None) => Err("choose a session first (1: Sessions)".into()),
            (Some(_), None) => {
                export::export(db, self.format(), &self.selection(), &self.options()).map_err(|e| {
                    match e.help {
                        Some(h) => format!("{}: {h}", e.message),
                        None => e.message,
                    }
                })
            }
        };
    }

    /// What the choices are now, to tell whether a key changed one.
    fn choices(&self) -> (Selection, Format, Options) {
        (self.selection(), self.format(), self.options())
    }

    /// After a key: a changed choice brings a new preview and, unless the user typed
    /// a name, a new default file name; a typed name is kept from then on.
    fn after_key(&mut self, db: &Database, before: (Selection, Format, Options), typed: bool) {
        if typed && self.field() == EField::Path {
            self.path_edited = true;
            self.error = None;
            self.confirm_replace = None;
        }
        if self.choices() == before {
            return;
        }
        self.top = 0;
        self.error = None;
        self.confirm_replace = None;
        if !self.path_edited {
            let path = self.default_path();
            self.form.set(EField::Path, &path);
        }
        self.render(db);
    }

    /// A form action: next or previous field, tick.
    pub fn act(&mut self, action: Action, db: &Database) {
        let before = self.choices();
        let text = self.form.raw(EField::Path).to_string();
        self.form.act(action);
        let typed = self.form.raw(EField::Path) != text;
        self.after_key(db, before, typed);
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
        let before = self.choices();
        let changed = self.form.input(key);
        self.after_key(db, before, changed);
        changed
    }

    pub fn paste(&mut self, s: &str) {
        if self.field() == EField::Path {
            self.form.paste(s);
            self.path_edited = true;
            self.error = None;
            self.confirm_replace = None;
        }
    }

    /// The file to write: the path as typed, `~` standing for the home folder.
    pub fn target(&self) -> Result<PathBuf, String> {
        let text = self.form.text(EField::Path);
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
            // Where, in full: a relative path is the folder attaché was started in.
            Ok(()) => Some(format!(
                "wrote {} to {}",
                rendered.summary(),
                std::path::absolute(&path).unwrap_or(path).display()
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
        let mut lines = self.form.field_lines(t, w, &LOOK);
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

/// Who can be exported from `session`: the delegation, its sections (in the order
/// of the sections file, as the Delegation screen groups them), its delegates.
fn scopes(db: &Database, session: Option<&str>) -> Vec<Scope> {
    let mut scopes = vec![Scope::Delegation];
    let Some(plan) = session.and_then(|s| db.plans.get(s)) else {
        return scopes;
    };
    let mut sections: Vec<&SectionId> = Vec::new();
    for d in &plan.delegates {
        if let Some(p) = db.people.get(&d.person)
            && !sections.contains(&&p.section)
        {
            sections.push(&p.section);
        }
    }
    sections.sort_by_key(|s| db.sections.get_index_of(*s).unwrap_or(usize::MAX));
    scopes.extend(sections.into_iter().map(|s| Scope::Section(s.clone())));
    scopes.extend(
        plan.delegates
            .iter()
            .map(|d| Scope::Person(d.person.clone())),
    );
    scopes
}

/// A scope as the dialog names it: "the whole delegation (4 people)", "section
/// Italy (2 people)", "Mario Esempio (esempio)".
pub fn scope_label(db: &Database, plan: Option<&crate::model::Plan>, scope: &Scope) -> String {
    let people = |n: usize| match n {
        1 => "1 person".to_string(),
        n => format!("{n} people"),
    };
    match scope {
        // Without a plan (none, or one that could not be read) there is no count to give.
        Scope::Delegation => match plan {
            Some(p) => format!("the whole delegation ({})", people(p.delegates.len())),
            None => "the whole delegation".to_string(),
        },
        Scope::Section(s) => {
            let n = plan.map_or(0, |p| {
                p.delegates
                    .iter()
                    .filter(|d| db.people.get(&d.person).is_some_and(|x| x.section == s))
                    .count()
            });
            let name = db.sections.get(s).map_or(s.as_str(), |x| x.name.as_str());
            format!("section {name} ({})", people(n))
        }
        Scope::Person(p) => match db.people.get(p) {
            Some(x) => format!("{} ({p})", x.name),
            None => p.to_string(),
        },
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
        super::super::sample_db()
    }

    #[test]
    fn scopes_and_default_names() {
        let db = db();
        let mut e = Export::new(&db, Some("cnd-70"), Some("beispiel"), false);
        assert_eq!(e.scope(), Some(&Scope::Person("beispiel".into())));
        let path = |e: &Export| e.form.raw(EField::Path).to_string();
        assert!(path(&e).ends_with("cnd-70-beispiel.ics"), "{}", path(&e));
        assert_eq!(e.selection().people, vec!["beispiel".to_string()]);
        let r = e.preview.as_ref().unwrap();
        assert_eq!((r.written.sessions, r.written.people), (1, 1));
        assert!(r.text.starts_with("BEGIN:VCALENDAR"));
        // The format follows in the name, and the preview with it; a typed name stays.
        e.form.focus_on(EField::Format);
        e.input(Key::plain(KeyCode::Right), &db);
        assert_eq!(e.format(), Format::Markdown);
        assert!(path(&e).ends_with("cnd-70-beispiel.md"));
        assert!(
            !e.preview
                .as_ref()
                .unwrap()
                .text
                .starts_with("BEGIN:VCALENDAR")
        );
        e.form.focus_on(EField::Path);
        e.form.set(EField::Path, "x.md");
        e.input(Key::char('d'), &db);
        e.form.focus_on(EField::Scope);
        e.input(Key::plain(KeyCode::Left), &db);
        assert_eq!(path(&e), "x.mdd");
        // Scope 0 is the delegation; sections come next.
        e.form.set_choice(EField::Scope, 0);
        assert!(e.selection().people.is_empty() && e.selection().section.is_none());
        assert!(matches!(e.scopes[1], Scope::Section(_)));
        let plan = db.plans.get("cnd-70").map(|p| &**p);
        assert!(scope_label(&db, plan, &e.scopes[0]).starts_with("the whole delegation ("));
        // Space on an option ticks it, and the export follows.
        e.form.focus_on(EField::Redact);
        e.act(Action::Toggle, &db);
        assert!(e.options().redact);
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
        e.form.set(EField::Path, target.to_str().unwrap());
        let msg = e.write(&db, false).expect("written");
        assert!(msg.starts_with("wrote ics (1 session, 1 person, "), "{msg}");
        assert!(msg.ends_with(&format!("to {}", target.display())), "{msg}");
        let text = std::fs::read_to_string(&target).unwrap();
        assert_eq!(text, e.preview.as_ref().unwrap().text);
        // Existing: asks first, then replaces.
        e.form.set_flag(EField::Redact, true);
        assert!(e.write(&db, false).is_none());
        assert!(
            e.error
                .as_ref()
                .unwrap()
                .contains("enter again replaces it")
        );
        assert!(e.write(&db, false).is_some());
        // A folder, an unwritable place, a broken database.
        e.form.set(EField::Path, dir.path().to_str().unwrap());
        assert!(e.write(&db, false).is_none());
        assert!(e.error.as_ref().unwrap().contains("is a folder"));
        std::fs::write(dir.path().join("file"), "x").unwrap();
        let inside = dir.path().join("file/inside.ics");
        e.form.set(EField::Path, inside.to_str().unwrap());
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

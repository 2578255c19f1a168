//! The application state and [`App::update`], which applies one [`Action`].
//!
//! Keys become actions through the keymap ([`App::on_key`]); mouse events become the
//! same actions or a row selection ([`App::on_mouse`]). Every change to the database
//! goes through [`crate::planning::ops`] and the [`Editor`], so it can be undone, and
//! every refusal is the domain's own message. Drawing ([`crate::tui::view`]) reads the
//! state and never changes it (except the scroll positions, kept in `Cell`s).

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::time::SystemTime;

use chrono::NaiveDate;
use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::diag::Diagnostic;
use crate::model::{Database, MeetingStatus, Role};
use crate::planning::checks::{self, Finding, Readiness};
use crate::planning::{DelegateChange, Editor, OpError, Transaction, ops};
use crate::store::Loaded;

use super::action::{Action, Screen};
use super::config::Config;
use super::derived::{self, AgendaRow, GroupRow, Problem, ProblemIndex, SessionRow, Target};
use super::keymap::{Context, Key};
use super::popups::assign::{Assign, DelegateForm};
use super::popups::confirm_quit::Confirm;
use super::popups::export::Export;
use super::popups::help::Help;
use super::popups::item_form::ItemForm;
use super::popups::logistics::{self, Logistics, Row};
use super::popups::meeting_form::MeetingForm;
use super::popups::search::{Hit, Search};
use super::popups::{Invalid, Popup, TextField};
use super::theme::Theme;
use super::view;

/// How far a meeting moves or grows per key press.
pub const STEP_MINUTES: i64 = 15;

/// A list's selection and its first visible row.
#[derive(Debug, Default)]
pub struct Cursor {
    pub selected: usize,
    /// Set while drawing (see [`crate::tui::widgets::scroll_top`]).
    pub top: Cell<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
}

/// The line shown in the status bar until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub kind: MessageKind,
}

/// What the screens show, recomputed after each change (see [`derived`]).
#[derive(Debug, Default)]
pub struct Derived {
    pub sessions: Vec<SessionRow>,
    pub bodies: Vec<String>,
    pub delegation: Vec<GroupRow>,
    pub agenda: Vec<AgendaRow>,
    pub people: Vec<GroupRow>,
    pub problems: Vec<Problem>,
    pub index: ProblemIndex,
    /// The planning checks' findings, grouped by session.
    pub findings: Vec<Finding>,
    pub findings_by_session: HashMap<String, Range<usize>>,
    /// The chosen session's delegates at a glance.
    pub readiness: Vec<Readiness>,
}

pub struct App {
    pub loaded: Loaded,
    pub editor: Editor,
    pub today: NaiveDate,
    /// The database has errors, another attache is editing it, or its folder cannot
    /// be written: everything can be looked at, nothing changed.
    pub read_only: bool,
    /// Why it is read-only, in full (shown when an editing key is refused).
    pub read_only_reason: String,
    /// Why, in a few words, for the status bar.
    pub read_only_note: String,
    /// Read-only for a reason outside the files (the lock, the folder's permissions):
    /// a reload does not end it.
    pub(super) external_read_only: bool,
    /// The lock of the folder the built-in database was first saved to, held from
    /// then on (the lock of a folder opened at start is held by the caller of
    /// [`crate::tui::open`]).
    pub(super) lock: Option<crate::store::lock::Lock>,
    /// Files of the database changed on disk since they were read (polled).
    pub disk_changed: Vec<PathBuf>,
    /// The changes on disk the user was told about, so that they are told once.
    pub(super) disk_seen: Vec<(PathBuf, Option<SystemTime>, u64)>,
    pub config: Config,
    pub theme: Theme,
    pub screen: Screen,
    /// The session the Delegation and Agenda screens show: the one selected on the
    /// Sessions screen.
    pub session: Option<String>,
    pub body_filter: Option<String>,
    pub people_filter: TextField,
    /// Typing goes to the People filter.
    pub people_filtering: bool,
    pub sessions: Cursor,
    pub delegation: Cursor,
    pub agenda: Cursor,
    pub timeline_top: Cell<usize>,
    pub people: Cursor,
    pub problems: Cursor,
    pub popup: Option<Popup>,
    pub message: Option<Message>,
    pub should_quit: bool,
    /// The terminal's size, for mouse hits and page sizes.
    pub size: Rect,
    /// Counts changes, so the recovery file is written only when something changed.
    pub generation: u64,
    /// Where unsaved plans are copied after each change (none: not at all).
    pub recovery_dir: Option<PathBuf>,
    pub view: Derived,
    pub(super) parse_diags: Vec<Diagnostic>,
}

impl App {
    pub fn new(
        loaded: Loaded,
        today: NaiveDate,
        config: Config,
        recovery_dir: Option<PathBuf>,
    ) -> Self {
        let read_only = loaded.diagnostics.has_errors();
        let parse_diags = derived::parse_diagnostics(&loaded, today);
        let theme = Theme::new(config.theme, config.no_color);
        let editor = Editor::new(loaded.db.clone());
        let message = if read_only {
            Some(Message {
                text: "fix them in the files (see Problems), then reload (R)".into(),
                kind: MessageKind::Error,
            })
        } else {
            config.messages.first().map(|m| Message {
                text: format!("config: {m}"),
                kind: MessageKind::Error,
            })
        };
        let mut app = App {
            loaded,
            editor,
            today,
            read_only,
            read_only_reason:
                "the database has errors: fix them in the files (see Problems), then reload (R)"
                    .into(),
            read_only_note: "the database has errors".into(),
            external_read_only: false,
            lock: None,
            disk_changed: Vec::new(),
            disk_seen: Vec::new(),
            config,
            theme,
            screen: if read_only {
                Screen::Problems
            } else {
                Screen::Sessions
            },
            session: None,
            body_filter: None,
            people_filter: TextField::default(),
            people_filtering: false,
            sessions: Cursor::default(),
            delegation: Cursor::default(),
            agenda: Cursor::default(),
            timeline_top: Cell::new(0),
            people: Cursor::default(),
            problems: Cursor::default(),
            popup: None,
            message,
            should_quit: false,
            size: Rect::new(0, 0, 80, 24),
            generation: 0,
            recovery_dir,
            view: Derived::default(),
            parse_diags,
        };
        app.refresh();
        app.select_default_session();
        app
    }

    /// Open read-only: `note` in a few words for the status bar, `why` in full
    /// (another attache holds the database's lock, the folder cannot be written).
    /// Such a process never writes recovery copies: the folder is the other one's.
    pub fn make_read_only(&mut self, note: impl Into<String>, why: impl Into<String>) {
        let why = why.into();
        self.read_only = true;
        self.external_read_only = true;
        self.recovery_dir = None;
        self.error(format!("read-only: {why}"));
        self.read_only_reason = why;
        self.read_only_note = note.into();
    }

    pub(super) fn refuse_read_only(&mut self) {
        self.error(format!("read-only: {}", self.read_only_reason));
    }

    pub fn db(&self) -> &Database {
        self.editor.db()
    }

    pub fn is_dirty(&self) -> bool {
        self.editor.is_dirty()
    }

    /// The keymap context in effect.
    pub fn context(&self) -> Context {
        match &self.popup {
            Some(p) => p.context(),
            None if self.people_filtering => Context::Picker,
            None => Context::Screen(self.screen),
        }
    }

    pub(super) fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            kind: MessageKind::Info,
        });
    }

    pub(super) fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            kind: MessageKind::Error,
        });
    }

    // ----- events --------------------------------------------------------------------

    /// A key press: an action from the keymap, or typed text for the open input.
    pub fn on_key(&mut self, event: KeyEvent) {
        if event.kind == KeyEventKind::Release {
            return;
        }
        let key = Key::from_event(&event);
        match self.config.keymap.lookup(self.context(), key) {
            Some(action) => self.update(action),
            None => self.input(key),
        }
    }

    /// Pasted text goes to the open text input.
    pub fn on_paste(&mut self, text: &str) {
        let db = self.editor.db();
        match &mut self.popup {
            Some(Popup::Search(s)) => {
                s.query.paste(text);
                s.refresh(db);
            }
            Some(Popup::Assign(a)) => {
                a.query.paste(text);
                a.refilter(db);
            }
            Some(Popup::Meeting(f)) => {
                f.paste(text);
                f.revalidate(db);
            }
            Some(Popup::Delegate(f)) => {
                f.paste(text);
                f.revalidate(db);
            }
            Some(Popup::Item(f)) => {
                f.paste(text);
                f.revalidate(db);
            }
            Some(Popup::Export(e)) => e.paste(text),
            None if self.people_filtering => {
                self.people_filter.paste(text);
                self.refresh();
            }
            _ => {}
        }
    }

    pub fn on_resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
    }

    pub fn on_mouse(&mut self, m: MouseEvent) {
        match m.kind {
            MouseEventKind::ScrollDown => {
                for _ in 0..3 {
                    self.update(Action::Down);
                }
            }
            MouseEventKind::ScrollUp => {
                for _ in 0..3 {
                    self.update(Action::Up);
                }
            }
            MouseEventKind::Down(MouseButton::Left) => self.click(m.column, m.row),
            _ => {}
        }
    }

    fn click(&mut self, x: u16, y: u16) {
        if self.popup.is_some() {
            return;
        }
        if let Some(screen) = view::tab_at(self, x, y) {
            self.show(screen);
            return;
        }
        let Some(area) = view::list_area(self) else {
            return;
        };
        if !area.contains((x, y).into()) {
            return;
        }
        let cursor = self.cursor(self.screen);
        let row = cursor.top.get() + (y - area.y) as usize;
        if row >= self.rows_len(self.screen) || !self.selectable(self.screen, row) {
            return;
        }
        if self.cursor(self.screen).selected == row {
            self.update(Action::Open);
        } else {
            self.cursor_mut(self.screen).selected = row;
            self.after_move();
        }
    }

    /// Text typed into the open input (keys no binding claimed).
    fn input(&mut self, key: Key) {
        let db = self.editor.db();
        match &mut self.popup {
            Some(Popup::Search(s)) => {
                let changed = s.query.input(key);
                if changed {
                    s.refresh(db);
                }
            }
            Some(Popup::Assign(a)) => {
                let changed = a.query.input(key);
                if changed {
                    a.refilter(db);
                }
            }
            Some(Popup::Meeting(f)) => {
                let changed = f.input(key);
                if changed {
                    f.revalidate(db);
                }
            }
            Some(Popup::Delegate(f)) => {
                let changed = f.input(key);
                if changed {
                    f.revalidate(db);
                }
            }
            Some(Popup::Item(f)) => {
                let changed = f.input(key);
                if changed {
                    f.revalidate(db);
                }
            }
            Some(Popup::Export(e)) => {
                e.input(key, db);
            }
            Some(_) => {}
            None if self.people_filtering => {
                let changed = self.people_filter.input(key);
                if changed {
                    self.people.selected = 0;
                    self.refresh();
                    self.skip_headers(1);
                }
            }
            None => {}
        }
    }

    // ----- update --------------------------------------------------------------------

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
        self.message = None;
        if self.popup.is_some() {
            self.update_popup(action);
            return;
        }
        if self.people_filtering {
            match action {
                Action::Submit => self.people_filtering = false,
                Action::Cancel => {
                    self.people_filtering = false;
                    self.people_filter = TextField::default();
                    self.refresh();
                }
                Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                    self.move_selection(action)
                }
                _ => {}
            }
            return;
        }
        if action.edits() && self.read_only {
            self.refuse_read_only();
            return;
        }
        let needs_delegate = matches!(
            action,
            Action::Unassign
                | Action::CycleRole
                | Action::EditDelegate
                | Action::ToggleRegistered
                | Action::TravelAndHotels
        );
        if needs_delegate && self.selected_delegate().is_none() {
            self.info("no delegate selected (a adds a person)");
            return;
        }
        let needs_meeting = matches!(
            action,
            Action::EditMeeting
                | Action::MoveEarlier
                | Action::MoveLater
                | Action::Lengthen
                | Action::Shorten
                | Action::CancelMeeting
                | Action::DeleteMeeting
        );
        if needs_meeting && self.selected_meeting().is_none() {
            self.info("no meeting selected (n adds one)");
            return;
        }
        match action {
            Action::Quit => {
                if self.is_dirty() {
                    self.popup = Some(Popup::Confirm(Confirm::Quit {
                        sessions: self.editor.unsaved_sessions(),
                    }));
                } else {
                    self.should_quit = true;
                }
            }
            Action::Help => self.popup = Some(Popup::Help(Help::default())),
            Action::Search => self.popup = Some(Popup::Search(Search::default())),
            Action::Export => self.open_export(),
            Action::Undo => match self.editor.undo() {
                Some(d) => {
                    self.info(format!("undone: {d}"));
                    self.changed();
                }
                None => self.info("nothing to undo"),
            },
            Action::Redo => match self.editor.redo() {
                Some(d) => {
                    self.info(format!("redone: {d}"));
                    self.changed();
                }
                None => self.info("nothing to redo"),
            },
            Action::Save => self.save(),
            Action::Reload => self.reload(),
            Action::ShowSessions => self.show(Screen::Sessions),
            Action::ShowDelegation => self.show(Screen::Delegation),
            Action::ShowAgenda => self.show(Screen::Agenda),
            Action::ShowPeople => self.show(Screen::People),
            Action::ShowProblems => self.show(Screen::Problems),
            Action::NextScreen => self.show(self.screen.next()),
            Action::PrevScreen => self.show(self.screen.prev()),
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom => self.move_selection(action),
            Action::Open => self.open(),
            Action::Back => self.back(),
            Action::FilterBody => self.cycle_body(),
            Action::Filter => {
                self.people_filtering = true;
            }
            Action::Assign => {
                if let Some(s) = self.session.clone() {
                    self.popup = Some(Popup::Assign(Assign::new(self.editor.db(), &s)));
                }
            }
            Action::Unassign => {
                if let (Some(s), Some(p)) = (self.session.clone(), self.selected_delegate()) {
                    let r = ops::unassign(self.editor.db(), &s, &p);
                    self.apply(r);
                }
            }
            Action::CycleRole => self.cycle_role(),
            Action::EditDelegate => self.edit_delegate(),
            Action::TravelAndHotels => {
                if let (Some(s), Some(p)) = (self.session.clone(), self.selected_delegate()) {
                    self.popup = Some(self.logistics(&s, &p, None));
                }
            }
            Action::ToggleRegistered => {
                if let (Some(s), Some(p)) = (self.session.clone(), self.selected_delegate()) {
                    let now = self
                        .editor
                        .db()
                        .plans
                        .get(&s)
                        .and_then(|plan| plan.delegate(&p))
                        .is_some_and(|d| d.registered);
                    let change = DelegateChange {
                        registered: Some(!now),
                        ..Default::default()
                    };
                    let r = ops::assign(self.editor.db(), &s, &p, change);
                    self.apply(r);
                }
            }
            Action::NewMeeting => self.new_meeting(),
            Action::EditMeeting => self.edit_meeting(),
            Action::MoveEarlier => {
                self.meeting_op(|db, id| ops::move_meeting(db, id, -STEP_MINUTES))
            }
            Action::MoveLater => self.meeting_op(|db, id| ops::move_meeting(db, id, STEP_MINUTES)),
            Action::Lengthen => self.meeting_op(|db, id| ops::resize_meeting(db, id, STEP_MINUTES)),
            Action::Shorten => self.meeting_op(|db, id| ops::resize_meeting(db, id, -STEP_MINUTES)),
            Action::CancelMeeting => self.meeting_op(|db, id| {
                let cancelled =
                    ops::find_meeting(db, id).is_some_and(|(p, i)| p.meetings[i].is_cancelled());
                let status = if cancelled {
                    MeetingStatus::Proposed
                } else {
                    MeetingStatus::Cancelled
                };
                ops::set_meeting_status(db, id, status)
            }),
            Action::DeleteMeeting => {
                if let Some(id) = self.selected_meeting() {
                    self.popup = Some(Popup::Confirm(Confirm::DeleteMeeting { id }));
                }
            }
            Action::Submit
            | Action::Cancel
            | Action::NextField
            | Action::PrevField
            | Action::Toggle
            | Action::Yes
            | Action::No
            | Action::SaveAndQuit
            | Action::KeepMine
            | Action::RemoveItem => {}
        }
    }

    /// The export dialog, on the selected delegate when there is one.
    fn open_export(&mut self) {
        let person = match self.screen {
            Screen::Delegation => self.selected_delegate(),
            Screen::People => self.selected_person(),
            _ => None,
        };
        self.popup = Some(Popup::Export(Export::new(
            self.editor.db(),
            self.session.as_deref(),
            person.as_deref(),
            self.is_dirty(),
        )));
    }

    fn update_popup(&mut self, action: Action) {
        let Some(popup) = self.popup.take() else {
            return;
        };
        self.popup = match popup {
            Popup::Help(mut h) => match action {
                Action::Cancel => None,
                a => {
                    let len = super::popups::help::lines(self).len();
                    h.scroll(a, len, super::popups::help::page(self.size.height));
                    Some(Popup::Help(h))
                }
            },
            Popup::Export(mut e) => match action {
                Action::Cancel => None,
                Action::Submit => {
                    match e.write(self.editor.db(), self.loaded.diagnostics.has_errors()) {
                        Some(written) => {
                            self.info(written);
                            None
                        }
                        None => Some(Popup::Export(e)),
                    }
                }
                a => {
                    e.act(a, self.editor.db());
                    Some(Popup::Export(e))
                }
            },
            Popup::Confirm(c) => self.confirm(c, action),
            Popup::Search(mut s) => match action {
                Action::Cancel => None,
                Action::Submit => match s.hits.get(s.selected).cloned() {
                    Some(hit) => {
                        self.jump_to_hit(hit);
                        None
                    }
                    None => Some(Popup::Search(s)),
                },
                a => {
                    s.move_selection(a);
                    Some(Popup::Search(s))
                }
            },
            Popup::Assign(mut a) => match action {
                Action::Cancel => None,
                Action::Submit => match a.transaction(self.editor.db()) {
                    Some(Ok(tx)) => {
                        let person = a.candidates.get(a.selected).cloned();
                        if self.apply_tx(tx) {
                            if let Some(p) = person {
                                self.select_delegate(&p);
                            }
                            None
                        } else {
                            Some(Popup::Assign(a))
                        }
                    }
                    Some(Err(e)) => {
                        a.error = Some(e);
                        Some(Popup::Assign(a))
                    }
                    None => Some(Popup::Assign(a)),
                },
                act => {
                    a.act(act);
                    Some(Popup::Assign(a))
                }
            },
            Popup::Delegate(mut f) => match action {
                Action::Cancel => None,
                Action::Submit => {
                    f.revalidate(self.editor.db());
                    match f.transaction(self.editor.db()) {
                        Ok(None) => None,
                        Ok(Some(tx)) => {
                            if self.apply_tx(tx) {
                                None
                            } else {
                                Some(Popup::Delegate(f))
                            }
                        }
                        Err(Invalid) => Some(Popup::Delegate(f)),
                    }
                }
                act => {
                    f.act(act);
                    f.revalidate(self.editor.db());
                    Some(Popup::Delegate(f))
                }
            },
            Popup::Logistics(mut l) => match action {
                Action::Cancel => None,
                Action::Open => l.open(self.editor.db()).map(|f| Popup::Item(Box::new(f))),
                Action::RemoveItem => match l.describe(self.editor.db()) {
                    Some((kind, index, what)) => Some(Popup::Confirm(Confirm::RemoveItem {
                        session: l.session,
                        person: l.person,
                        kind,
                        index,
                        what,
                    })),
                    None => {
                        self.info("choose a journey or a hotel stay to remove");
                        Some(Popup::Logistics(l))
                    }
                },
                a => {
                    l.move_selection(a);
                    Some(Popup::Logistics(l))
                }
            },
            Popup::Item(f) => self.update_item_form(f, action),
            Popup::Meeting(mut f) => match action {
                Action::Cancel => None,
                Action::Submit => {
                    f.revalidate(self.editor.db());
                    match f.transaction(self.editor.db()) {
                        Ok(None) => None,
                        Ok(Some((tx, id))) => {
                            if self.apply_tx(tx) {
                                self.select_meeting(&id);
                                None
                            } else {
                                Some(Popup::Meeting(f))
                            }
                        }
                        Err(Invalid) => Some(Popup::Meeting(f)),
                    }
                }
                act => {
                    f.act(act);
                    f.revalidate(self.editor.db());
                    Some(Popup::Meeting(f))
                }
            },
        };
    }

    fn confirm(&mut self, c: Confirm, action: Action) -> Option<Popup> {
        match (&c, action) {
            (Confirm::Quit { .. }, Action::Yes) => {
                self.should_quit = true;
                None
            }
            (Confirm::Quit { .. }, Action::SaveAndQuit) => {
                self.save();
                if !self.is_dirty() {
                    self.should_quit = true;
                }
                None
            }
            (Confirm::DeleteMeeting { id }, Action::Yes) => {
                let r = ops::remove_meeting(self.editor.db(), id);
                self.apply(r);
                None
            }
            (
                Confirm::RemoveItem {
                    session,
                    person,
                    kind,
                    index,
                    ..
                },
                answer,
            ) if matches!(answer, Action::Yes | Action::No | Action::Cancel) => {
                // Back on the item kept, or on adding one of the kind removed.
                let mut row = Row::Item(*kind, *index);
                if answer == Action::Yes {
                    let r = ops::remove_item(self.editor.db(), session, *kind, *index);
                    if self.apply(r) {
                        row = Row::Add(*kind);
                    }
                }
                Some(self.logistics(session, person, Some(row)))
            }
            (Confirm::DiskChanged { .. }, Action::Yes) => {
                self.reload_now();
                None
            }
            (Confirm::DiskChanged { files, dirty: true }, Action::KeepMine) => {
                self.info(if files.is_empty() {
                    "kept your changes (unsaved)".to_string()
                } else {
                    format!(
                        "kept your version: ctrl-s writes it beside theirs as {}{}",
                        files[0].display(),
                        crate::store::save::CONFLICT_SUFFIX
                    )
                });
                None
            }
            (Confirm::DiskChanged { files, .. }, Action::No | Action::Cancel) => {
                if !files.is_empty() {
                    self.info("not reloaded: R reloads when you are ready");
                }
                None
            }
            (Confirm::Recover { dir, .. }, Action::Yes) => {
                let dir = dir.clone();
                self.restore(&dir);
                None
            }
            (Confirm::Recover { dir, .. }, Action::No | Action::Cancel) => {
                self.info(format!(
                    "set aside: the copies of the earlier run stay in {}",
                    dir.display()
                ));
                None
            }
            (Confirm::Notice { .. }, Action::Yes | Action::Submit) => None,
            (_, Action::No | Action::Cancel) => None,
            _ => Some(Popup::Confirm(c)),
        }
    }

    /// Apply an operation's result: the transaction, or its refusal in the status bar.
    fn apply(&mut self, result: Result<Transaction, OpError>) -> bool {
        match result {
            Ok(tx) => self.apply_tx(tx),
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    pub(super) fn apply_tx(&mut self, tx: Transaction) -> bool {
        let before = self.clashes();
        match self.editor.apply(tx) {
            Ok(tx) => {
                let d = tx.description.clone();
                self.changed();
                let after = self.clashes();
                let known = |list: &[(String, String)], key: &str| list.iter().any(|c| c.0 == key);
                let new: Vec<&String> = after
                    .iter()
                    .filter(|c| !known(&before, &c.0))
                    .map(|c| &c.1)
                    .collect();
                let gone = before.iter().filter(|c| !known(&after, &c.0)).count();
                // Say what the change did to the clashes: the ‼ marks are easy to miss.
                // The news first: the description can be long.
                let text = match (new.first(), gone) {
                    (Some(first), _) if new.len() == 1 => format!("‼ new clash ({first}) · {d}"),
                    (Some(first), _) => {
                        format!("‼ {} new clashes ({first}, ...) · {d}", new.len())
                    }
                    (None, 0) => d,
                    (None, 1) => format!("{d} · a clash is resolved"),
                    (None, n) => format!("{d} · {n} clashes are resolved"),
                };
                self.info(text);
                true
            }
            Err(e) => {
                self.error(format!("not applied: {e}"));
                false
            }
        }
    }

    /// The clashes found now: what each is about (kind, people, meetings: the same
    /// clash after a move), and who or what it concerns, to name it.
    fn clashes(&self) -> Vec<(String, String)> {
        self.view
            .findings
            .iter()
            .filter(|f| f.kind.is_clash())
            .map(|f| {
                let who = if f.people.is_empty() {
                    f.meetings.join(" and ")
                } else {
                    f.people.join(", ")
                };
                (
                    format!("{:?} {:?} {:?}", f.kind, f.people, f.meetings),
                    crate::text::printable(&who).into_owned(),
                )
            })
            .collect()
    }

    /// After the database changed: recompute the views, count the change for the
    /// recovery file.
    pub(super) fn changed(&mut self) {
        self.generation += 1;
        self.refresh();
    }

    /// Recompute what the screens show, keeping each list on the same item.
    pub fn refresh(&mut self) {
        let keep_session = self.session.clone();
        let keep_delegate = self.selected_delegate();
        let keep_meeting = self.selected_meeting();
        let keep_person = self.selected_person();
        let keep_problem = self
            .view
            .problems
            .get(self.problems.selected)
            .map(|p| p.diagnostic.clone());
        let db = self.editor.db();
        let v = &mut self.view;
        (v.findings, v.findings_by_session) =
            derived::group_findings(checks::check(db, self.today));
        v.problems = derived::problems(
            db,
            &self.loaded.sources,
            &self.loaded.written,
            &self.parse_diags,
            &v.findings,
            self.today,
        );
        v.index = ProblemIndex::new(&v.problems);
        v.bodies = derived::bodies(db);
        v.sessions = derived::session_rows(db, self.today, self.body_filter.as_deref());
        v.people = derived::people_rows(db, &self.people_filter.text);
        self.refresh_session_views();
        if let Some(s) = keep_session {
            self.select_session(&s);
        }
        if let Some(p) = keep_delegate {
            self.select_delegate(&p);
        }
        if let Some(m) = keep_meeting {
            self.select_meeting(&m);
        }
        if let Some(p) = keep_person
            && let Some(i) = self
                .view
                .people
                .iter()
                .position(|r| *r == GroupRow::Person(p.clone()))
        {
            self.people.selected = i;
        }
        if let Some(d) = keep_problem
            && let Some(i) = self.view.problems.iter().position(|p| p.diagnostic == d)
        {
            self.problems.selected = i;
        }
        for s in Screen::ALL {
            let len = self.rows_len(s);
            let c = self.cursor_mut(s);
            c.selected = c.selected.min(len.saturating_sub(1));
        }
        for s in Screen::ALL {
            if !self.selectable(s, self.cursor(s).selected) {
                let saved = self.screen;
                self.screen = s;
                self.skip_headers(1);
                self.screen = saved;
            }
        }
    }

    fn refresh_session_views(&mut self) {
        let db = self.editor.db();
        let v = &mut self.view;
        v.delegation = derived::delegation_rows(db, self.session.as_deref());
        v.agenda = derived::agenda_rows(db, self.session.as_deref());
        v.readiness = match self.session.as_deref().and_then(|s| db.plans.get(s)) {
            Some(plan) => {
                let range = v
                    .findings_by_session
                    .get(&plan.session)
                    .cloned()
                    .unwrap_or(0..0);
                checks::readiness(plan, &v.findings[range])
            }
            None => Vec::new(),
        };
    }

    // ----- selection -----------------------------------------------------------------

    pub fn cursor(&self, s: Screen) -> &Cursor {
        match s {
            Screen::Sessions => &self.sessions,
            Screen::Delegation => &self.delegation,
            Screen::Agenda => &self.agenda,
            Screen::People => &self.people,
            Screen::Problems => &self.problems,
        }
    }

    fn cursor_mut(&mut self, s: Screen) -> &mut Cursor {
        match s {
            Screen::Sessions => &mut self.sessions,
            Screen::Delegation => &mut self.delegation,
            Screen::Agenda => &mut self.agenda,
            Screen::People => &mut self.people,
            Screen::Problems => &mut self.problems,
        }
    }

    pub fn rows_len(&self, s: Screen) -> usize {
        match s {
            Screen::Sessions => self.view.sessions.len(),
            Screen::Delegation => self.view.delegation.len(),
            Screen::Agenda => self.view.agenda.len(),
            Screen::People => self.view.people.len(),
            Screen::Problems => self.view.problems.len(),
        }
    }

    /// Headings (past sessions, sections, days) cannot be selected.
    pub fn selectable(&self, s: Screen, i: usize) -> bool {
        match s {
            Screen::Sessions => matches!(self.view.sessions.get(i), Some(SessionRow::Session(_))),
            Screen::Delegation => matches!(self.view.delegation.get(i), Some(GroupRow::Person(_))),
            Screen::Agenda => matches!(self.view.agenda.get(i), Some(AgendaRow::Meeting(_))),
            Screen::People => matches!(self.view.people.get(i), Some(GroupRow::Person(_))),
            Screen::Problems => i < self.view.problems.len(),
        }
    }

    /// Move off a heading in direction `dir` (or the other way at an end).
    fn skip_headers(&mut self, dir: i64) {
        let s = self.screen;
        let len = self.rows_len(s);
        if len == 0 {
            return;
        }
        let start = self.cursor(s).selected.min(len - 1);
        for d in [dir, -dir] {
            let mut i = start as i64;
            while i >= 0 && (i as usize) < len {
                if self.selectable(s, i as usize) {
                    self.cursor_mut(s).selected = i as usize;
                    return;
                }
                i += d;
            }
        }
    }

    fn page(&self) -> usize {
        (self.size.height as usize).saturating_sub(8).max(1)
    }

    fn move_selection(&mut self, action: Action) {
        let s = self.screen;
        let len = self.rows_len(s);
        if len == 0 {
            return;
        }
        let cur = self.cursor(s).selected as i64;
        let page = self.page() as i64;
        let (target, dir) = match action {
            Action::Up => (cur - 1, -1),
            Action::Down => (cur + 1, 1),
            Action::PageUp => (cur - page, -1),
            Action::PageDown => (cur + page, 1),
            Action::Top => (0, 1),
            Action::Bottom => (len as i64 - 1, -1),
            _ => return,
        };
        let mut t = target.clamp(0, len as i64 - 1);
        // Step over headings in the direction of travel.
        while t >= 0 && (t as usize) < len && !self.selectable(s, t as usize) {
            t += dir;
        }
        if t < 0 || t as usize >= len {
            return;
        }
        self.cursor_mut(s).selected = t as usize;
        self.after_move();
    }

    /// A new selection on the Sessions screen chooses the session the other screens show.
    fn after_move(&mut self) {
        if self.screen == Screen::Sessions
            && let Some(SessionRow::Session(id)) = self.view.sessions.get(self.sessions.selected)
            && self.session.as_ref() != Some(id)
        {
            self.session = Some(id.clone());
            self.delegation = Cursor::default();
            self.agenda = Cursor::default();
            self.timeline_top.set(0);
            self.refresh_session_views();
            let saved = self.screen;
            for s in [Screen::Delegation, Screen::Agenda] {
                self.screen = s;
                self.skip_headers(1);
            }
            self.screen = saved;
        }
    }

    /// Start on the next upcoming session that has a plan, else the next upcoming one.
    fn select_default_session(&mut self) {
        let db = self.editor.db();
        let upcoming: Vec<&str> = db
            .sessions_by_date(self.today)
            .into_iter()
            .filter(|s| s.is_upcoming(self.today))
            .map(|s| s.id.as_str())
            .collect();
        let pick = upcoming
            .iter()
            .find(|id| db.plans.contains_key(**id))
            .or(upcoming.first())
            .map(|s| s.to_string())
            .or_else(|| db.sessions.keys().next().cloned());
        if let Some(id) = pick {
            self.choose_session(&id);
        }
    }

    fn select_session(&mut self, id: &str) {
        if let Some(i) = self
            .view
            .sessions
            .iter()
            .position(|r| matches!(r, SessionRow::Session(s) if s == id))
        {
            self.sessions.selected = i;
        }
    }

    /// Make `id` the chosen session (and select it on the Sessions screen).
    pub fn choose_session(&mut self, id: &str) {
        if !self
            .view
            .sessions
            .iter()
            .any(|r| matches!(r, SessionRow::Session(s) if s == id))
        {
            // Filtered out: drop the filter so the choice is visible.
            self.body_filter = None;
            self.view.sessions = derived::session_rows(self.editor.db(), self.today, None);
        }
        self.select_session(id);
        let saved = self.screen;
        self.screen = Screen::Sessions;
        self.after_move();
        self.screen = saved;
    }

    pub fn select_delegate(&mut self, person: &str) {
        if let Some(i) = self
            .view
            .delegation
            .iter()
            .position(|r| matches!(r, GroupRow::Person(p) if p == person))
        {
            self.delegation.selected = i;
        }
    }

    pub fn select_meeting(&mut self, id: &str) {
        if let Some(i) = self
            .view
            .agenda
            .iter()
            .position(|r| matches!(r, AgendaRow::Meeting(m) if m == id))
        {
            self.agenda.selected = i;
        }
    }

    pub fn selected_session(&self) -> Option<&crate::model::Session> {
        match self.view.sessions.get(self.sessions.selected) {
            Some(SessionRow::Session(id)) => self.editor.db().sessions.get(id),
            _ => None,
        }
    }

    pub fn selected_delegate(&self) -> Option<String> {
        match self.view.delegation.get(self.delegation.selected) {
            Some(GroupRow::Person(p)) => Some(p.clone()),
            _ => None,
        }
    }

    pub fn selected_meeting(&self) -> Option<String> {
        match self.view.agenda.get(self.agenda.selected) {
            Some(AgendaRow::Meeting(m)) => Some(m.clone()),
            _ => None,
        }
    }

    pub fn selected_person(&self) -> Option<String> {
        match self.view.people.get(self.people.selected) {
            Some(GroupRow::Person(p)) => Some(p.clone()),
            _ => None,
        }
    }

    fn show(&mut self, screen: Screen) {
        self.screen = screen;
        self.people_filtering = false;
        if matches!(screen, Screen::Delegation | Screen::Agenda) && self.session.is_none() {
            self.info("choose a session first (1: Sessions)");
        }
    }

    // ----- screen commands -----------------------------------------------------------

    fn open(&mut self) {
        match self.screen {
            Screen::Sessions => {
                if self.selected_session().is_some() {
                    self.show(Screen::Delegation);
                }
            }
            Screen::Delegation => self.edit_delegate(),
            Screen::Agenda => self.edit_meeting(),
            Screen::People => {
                let Some(p) = self.selected_person() else {
                    return;
                };
                let in_session = self
                    .session
                    .as_ref()
                    .and_then(|s| self.editor.db().plans.get(s))
                    .is_some_and(|plan| plan.delegate(&p).is_some());
                if in_session {
                    self.show(Screen::Delegation);
                    self.select_delegate(&p);
                } else {
                    let s = self.session.clone().unwrap_or_default();
                    self.info(format!(
                        "{p} is not in the delegation to {s} (2: Delegation, then a to add)"
                    ));
                }
            }
            Screen::Problems => {
                let Some(p) = self.view.problems.get(self.problems.selected) else {
                    return;
                };
                let target = p.target.clone();
                self.jump(&target);
            }
        }
    }

    /// Show the item a problem or a search hit is about.
    pub fn jump(&mut self, target: &Target) {
        if let Some(s) = target.session()
            && self.editor.db().sessions.contains_key(s)
        {
            self.choose_session(s);
        }
        match target {
            Target::None => self.info("this problem has no item to show: fix it in the file"),
            Target::Session(_) => self.show(Screen::Sessions),
            Target::Plan(_) => self.show(Screen::Delegation),
            Target::Delegate { person, .. } => {
                self.show(Screen::Delegation);
                self.select_delegate(person);
            }
            Target::Meeting { id, .. } => {
                self.show(Screen::Agenda);
                self.select_meeting(id);
            }
            Target::Person(p) => {
                self.show(Screen::People);
                if !self.people_filter.text.is_empty() {
                    self.people_filter = TextField::default();
                    self.refresh();
                }
                if let Some(i) = self
                    .view
                    .people
                    .iter()
                    .position(|r| *r == GroupRow::Person(p.clone()))
                {
                    self.people.selected = i;
                }
            }
        }
    }

    fn jump_to_hit(&mut self, hit: Hit) {
        let target = match hit {
            Hit::Session(s) => Target::Session(s),
            Hit::Person(p) => Target::Person(p),
            Hit::Meeting { session, id } => Target::Meeting { session, id },
        };
        self.jump(&target);
    }

    fn back(&mut self) {
        match self.screen {
            Screen::Sessions if self.body_filter.is_some() => {
                self.body_filter = None;
                self.refresh();
                self.info("showing every body");
            }
            Screen::People if !self.people_filter.text.is_empty() => {
                self.people_filter = TextField::default();
                self.refresh();
            }
            _ => {}
        }
    }

    fn cycle_body(&mut self) {
        let bodies = &self.view.bodies;
        let next = match &self.body_filter {
            None => bodies.first().cloned(),
            Some(b) => bodies
                .iter()
                .position(|x| x.eq_ignore_ascii_case(b))
                .and_then(|i| bodies.get(i + 1))
                .cloned(),
        };
        self.body_filter = next;
        self.sessions.selected = 0;
        self.sessions.top.set(0);
        self.refresh();
        let saved = self.screen;
        self.screen = Screen::Sessions;
        self.skip_headers(1);
        self.after_move();
        self.screen = saved;
        match &self.body_filter {
            Some(b) => {
                let b = crate::text::printable(b).into_owned();
                self.info(format!("showing {b} only (f: next body, esc: all)"));
            }
            None => self.info("showing every body"),
        }
    }

    fn cycle_role(&mut self) {
        let (Some(s), Some(p)) = (self.session.clone(), self.selected_delegate()) else {
            return;
        };
        let db = self.editor.db();
        let Some(current) = db
            .plans
            .get(&s)
            .and_then(|plan| plan.delegate(&p))
            .map(|d| d.role)
        else {
            return;
        };
        let start = Role::ALL.iter().position(|r| *r == current).unwrap_or(0);
        let mut first_error = None;
        // Try the next roles in turn: the domain refuses some (a second head).
        for k in 1..Role::ALL.len() {
            let role = Role::ALL[(start + k) % Role::ALL.len()];
            let change = DelegateChange {
                role: Some(role),
                ..Default::default()
            };
            match ops::assign(db, &s, &p, change) {
                Ok(tx) => {
                    self.apply_tx(tx);
                    return;
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if let Some(e) = first_error {
            self.error(e.to_string());
        }
    }

    /// An action in a journey or hotel stay form: whatever ends it (accepted, nothing
    /// changed, cancelled) goes back to the travel and hotels list, on the item.
    fn update_item_form(&mut self, mut f: Box<ItemForm>, action: Action) -> Option<Popup> {
        let row = match f.editing {
            Some(i) => Row::Item(f.kind, i),
            None => Row::Add(f.kind),
        };
        let (session, person) = (f.session.clone(), f.person.clone());
        let back = |app: &Self, row| Some(app.logistics(&session, &person, Some(row)));
        match action {
            Action::Cancel => back(self, row),
            Action::Submit => match f.transaction(self.editor.db()) {
                Ok(None) => back(self, row),
                Ok(Some(tx)) => {
                    let row = logistics::landing(self.editor.db(), &session, row);
                    if self.apply_tx(tx) {
                        back(self, row)
                    } else {
                        Some(Popup::Item(f))
                    }
                }
                Err(Invalid) => Some(Popup::Item(f)),
            },
            act => {
                f.act(act);
                f.revalidate(self.editor.db());
                Some(Popup::Item(f))
            }
        }
    }

    /// The travel and hotels list of `person` in `session`, on `row` if given.
    fn logistics(&self, session: &str, person: &str, row: Option<Row>) -> Popup {
        let mut l = Logistics::new(self.editor.db(), session, person);
        if let Some(row) = row {
            l.select(row);
        }
        Popup::Logistics(l)
    }

    fn edit_delegate(&mut self) {
        if self.read_only {
            self.refuse_read_only();
            return;
        }
        let (Some(s), Some(p)) = (self.session.clone(), self.selected_delegate()) else {
            return;
        };
        if let Some(f) = DelegateForm::new(self.editor.db(), &s, &p) {
            self.popup = Some(Popup::Delegate(f));
        }
    }

    fn new_meeting(&mut self) {
        let Some(s) = self.session.clone() else {
            self.info("choose a session first (1: Sessions)");
            return;
        };
        let db = self.editor.db();
        let day = self
            .selected_meeting()
            .and_then(|id| ops::find_meeting(db, &id).map(|(p, i)| p.meetings[i].start.date()))
            .or_else(|| db.sessions.get(&s).map(|x| x.start))
            .unwrap_or(self.today);
        let mut f = MeetingForm::new(db, &s, day);
        f.revalidate(db);
        self.popup = Some(Popup::Meeting(Box::new(f)));
    }

    fn edit_meeting(&mut self) {
        if self.read_only {
            self.refuse_read_only();
            return;
        }
        let Some(id) = self.selected_meeting() else {
            return;
        };
        let db = self.editor.db();
        if let Some((plan, i)) = ops::find_meeting(db, &id) {
            let mut f = MeetingForm::edit(db, &plan.session, &plan.meetings[i]);
            f.revalidate(db);
            self.popup = Some(Popup::Meeting(Box::new(f)));
        }
    }

    fn meeting_op(&mut self, op: impl FnOnce(&Database, &str) -> Result<Transaction, OpError>) {
        let Some(id) = self.selected_meeting() else {
            self.info("no meeting selected");
            return;
        };
        let r = op(self.editor.db(), &id);
        self.apply(r);
    }

    /// (errors, warnings) about a session (for the Sessions detail pane).
    pub fn session_problems(&self, session: &str) -> (usize, usize) {
        self.view
            .index
            .by_session
            .get(session)
            .copied()
            .unwrap_or_default()
    }

    /// The problems about a delegate of a session.
    pub fn delegate_problems(&self, session: &str, person: &str) -> Vec<&Problem> {
        self.view
            .index
            .by_delegate
            .get(&(session.to_string(), person.to_string()))
            .map(|ix| {
                ix.iter()
                    .filter_map(|i| self.view.problems.get(*i))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The problems about a meeting.
    pub fn meeting_problems(&self, id: &str) -> Vec<&Problem> {
        self.view
            .index
            .by_meeting
            .get(id)
            .map(|ix| {
                ix.iter()
                    .filter_map(|i| self.view.problems.get(*i))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, DbSource};
    use crossterm::event::{KeyCode, KeyModifiers, MouseEvent};
    use std::path::Path;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn app() -> App {
        let loaded = store::load(&DbSource::Embedded, today());
        App::new(loaded, today(), Config::default(), None)
    }

    fn key(app: &mut App, code: KeyCode) {
        app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    fn ctrl(app: &mut App, c: char) {
        app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    fn meeting(app: &App, id: &str) -> crate::model::Meeting {
        ops::find_meeting(app.db(), id)
            .map(|(p, i)| p.meetings[i].clone())
            .unwrap()
    }

    fn at(h: u32, m: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 3, 9)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    #[test]
    fn starts_on_the_next_planned_session() {
        let a = app();
        assert_eq!(a.session.as_deref(), Some("cnd-70"));
        assert_eq!(a.selected_session().unwrap().id, "cnd-70");
        assert_eq!(a.screen, Screen::Sessions);
        assert!(!a.read_only);
        assert_eq!(a.selected_delegate().as_deref(), Some("esempio"));
        assert_eq!(a.selected_meeting().as_deref(), Some("cnd70-briefing"));
    }

    #[test]
    fn move_resize_undo_redo() {
        let mut a = app();
        key(&mut a, KeyCode::Char('3'));
        assert_eq!(a.screen, Screen::Agenda);
        a.select_meeting("cnd70-csu");
        key(&mut a, KeyCode::Char('L'));
        key(&mut a, KeyCode::Char('>'));
        let m = meeting(&a, "cnd70-csu");
        assert_eq!((m.start, m.end), (at(14, 0), at(15, 0)));
        assert!(a.is_dirty());
        assert_eq!(
            a.selected_meeting().as_deref(),
            Some("cnd70-csu"),
            "selection follows the meeting"
        );
        key(&mut a, KeyCode::Char('+'));
        assert_eq!(meeting(&a, "cnd70-csu").end, at(15, 15));
        key(&mut a, KeyCode::Char('-'));
        key(&mut a, KeyCode::Char('-'));
        assert_eq!(meeting(&a, "cnd70-csu").end, at(14, 45));
        key(&mut a, KeyCode::Char('H'));
        key(&mut a, KeyCode::Char('<'));
        assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 30));
        // Undo all seven changes, step by step.
        for _ in 0..7 {
            key(&mut a, KeyCode::Char('u'));
        }
        let m = meeting(&a, "cnd70-csu");
        assert_eq!((m.start, m.end), (at(13, 30), at(14, 30)));
        assert!(!a.is_dirty());
        key(&mut a, KeyCode::Char('u'));
        assert_eq!(a.message.as_ref().unwrap().text, "nothing to undo");
        ctrl(&mut a, 'r');
        assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 45));
        assert!(
            a.message
                .as_ref()
                .unwrap()
                .text
                .starts_with("redone: moved")
        );
        assert!(a.is_dirty());
        assert!(a.generation > 0);
    }

    #[test]
    fn the_status_bar_says_when_a_change_makes_or_resolves_a_clash() {
        let mut a = app();
        a.update(Action::ShowAgenda);
        a.select_meeting("cnd70-csu"); // 13:30, clashing with cnd70-vngoc until 14:00
        a.update(Action::MoveLater);
        assert!(
            !a.message.as_ref().unwrap().text.contains("clash"),
            "still clashing"
        );
        a.update(Action::MoveLater);
        let text = a.message.clone().unwrap().text;
        assert!(text.starts_with("moved (+15 min)"), "{text}");
        assert!(text.ends_with("· a clash is resolved"), "{text}");
        a.update(Action::MoveEarlier);
        let text = a.message.clone().unwrap().text;
        assert!(
            text.starts_with("‼ new clash (esempio) · moved (-15 min)"),
            "{text}"
        );
    }

    #[test]
    fn refused_operation_shows_the_domain_message() {
        let mut a = app();
        a.update(Action::ShowAgenda);
        a.select_meeting("cnd70-passes"); // 45 minutes
        for _ in 0..3 {
            a.update(Action::Shorten);
        }
        let m = a.message.clone().unwrap();
        assert_eq!(m.kind, MessageKind::Error);
        assert!(m.text.contains("before it starts"), "{}", m.text);
    }

    #[test]
    fn quit_asks_only_with_unsaved_changes() {
        let mut a = app();
        key(&mut a, KeyCode::Char('q'));
        assert!(a.should_quit);

        let mut a = app();
        a.update(Action::ShowAgenda);
        a.update(Action::CancelMeeting);
        key(&mut a, KeyCode::Char('q'));
        assert!(!a.should_quit);
        assert!(matches!(
            a.popup,
            Some(Popup::Confirm(Confirm::Quit { .. }))
        ));
        key(&mut a, KeyCode::Char('n'));
        assert!(a.popup.is_none() && !a.should_quit);
        key(&mut a, KeyCode::Char('q'));
        key(&mut a, KeyCode::Esc);
        assert!(a.popup.is_none() && !a.should_quit);
        key(&mut a, KeyCode::Char('q'));
        key(&mut a, KeyCode::Char('y'));
        assert!(a.should_quit);
    }

    #[test]
    fn save_is_refused_with_its_message_when_it_fails() {
        // The embedded database saves to the user's data folder; point it nowhere
        // writable by using a folder database that is a file.
        let dir = tempfile::tempdir().unwrap();
        crate::store::init::write_default(dir.path()).unwrap();
        let loaded = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
        let mut a = App::new(loaded, today(), Config::default(), None);
        a.update(Action::ShowAgenda);
        a.update(Action::MoveLater);
        ctrl(&mut a, 's');
        assert!(!a.is_dirty(), "{:?}", a.message);
        assert!(a.message.as_ref().unwrap().text.starts_with("saved 1 file"));
        let back = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
        assert_eq!(back.db.plans["cnd-70"], a.db().plans["cnd-70"]);
    }

    #[test]
    fn delete_asks_first_and_undoes() {
        let mut a = app();
        a.update(Action::ShowAgenda);
        a.select_meeting("cnd70-lab-visit");
        key(&mut a, KeyCode::Char('d'));
        assert!(matches!(
            a.popup,
            Some(Popup::Confirm(Confirm::DeleteMeeting { .. }))
        ));
        key(&mut a, KeyCode::Char('n'));
        assert!(ops::find_meeting(a.db(), "cnd70-lab-visit").is_some());
        key(&mut a, KeyCode::Char('d'));
        key(&mut a, KeyCode::Char('y'));
        assert!(ops::find_meeting(a.db(), "cnd70-lab-visit").is_none());
        key(&mut a, KeyCode::Char('u'));
        assert!(ops::find_meeting(a.db(), "cnd70-lab-visit").is_some());
    }

    #[test]
    fn assign_cycle_role_unassign() {
        let mut a = app();
        key(&mut a, KeyCode::Char('2'));
        key(&mut a, KeyCode::Char('a'));
        for c in "zivotic".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none(), "{:?}", a.message);
        let plan = &a.db().plans["cnd-70"];
        assert_eq!(plan.delegate("zivotic").unwrap().role, Role::Delegate);
        assert_eq!(a.selected_delegate().as_deref(), Some("zivotic"));
        // delegate -> adviser -> observer -> (head refused: esempio is head) deputy
        key(&mut a, KeyCode::Char('r'));
        key(&mut a, KeyCode::Char('r'));
        key(&mut a, KeyCode::Char('r'));
        assert_eq!(
            a.db().plans["cnd-70"].delegate("zivotic").unwrap().role,
            Role::Deputy
        );
        key(&mut a, KeyCode::Char(' '));
        assert!(
            a.db().plans["cnd-70"]
                .delegate("zivotic")
                .unwrap()
                .registered
        );
        key(&mut a, KeyCode::Char('x'));
        assert!(a.db().plans["cnd-70"].delegate("zivotic").is_none());
    }

    #[test]
    fn delegate_form_sets_dates() {
        let mut a = app();
        a.update(Action::ShowDelegation);
        a.select_delegate("beispiel");
        key(&mut a, KeyCode::Char('e'));
        assert!(matches!(a.popup, Some(Popup::Delegate(_))));
        for c in "2027-03-08".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none());
        let d = a.db().plans["cnd-70"].delegate("beispiel").unwrap().clone();
        assert_eq!(
            d.arrive,
            Some(crate::model::DayOrTime::Day(
                NaiveDate::from_ymd_opt(2027, 3, 8).unwrap()
            ))
        );
    }

    #[test]
    fn a_whole_trip_is_booked_from_the_travel_list() {
        let mut a = app();
        a.update(Action::ShowDelegation);
        a.select_delegate("beispiel");
        let mine = |a: &App| {
            let plan = &a.db().plans["cnd-70"];
            let n = |p: &String| p == "beispiel";
            let travel: Vec<(String, String)> = plan
                .travel
                .iter()
                .filter(|t| n(&t.person))
                .map(|t| (t.from.clone(), t.to.clone()))
                .collect();
            (travel, plan.stays.iter().filter(|s| n(&s.person)).count())
        };
        assert_eq!(mine(&a), (vec![], 0));
        key(&mut a, KeyCode::Char('t'));
        let rows = |a: &App| match &a.popup {
            Some(Popup::Logistics(l)) => (l.rows.len(), l.selected),
            other => panic!("not the list: {other:?}"),
        };
        assert_eq!(rows(&a), (2, 0));
        // There: only where from is left to type.
        key(&mut a, KeyCode::Enter);
        for c in "Graz".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert_eq!(rows(&a), (3, 0), "back on the list, on the new journey");
        // Back: the form knows the way.
        key(&mut a, KeyCode::Down);
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Enter);
        // And a hotel.
        key(&mut a, KeyCode::End);
        key(&mut a, KeyCode::Enter);
        for c in "Hotel Post".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        let trip = vec![
            ("Graz".to_string(), "Vienna".to_string()),
            ("Vienna".to_string(), "Graz".to_string()),
        ];
        assert_eq!(mine(&a), (trip.clone(), 1));
        assert_eq!(rows(&a), (5, 3), "on the hotel stay");
        // Removing asks first; the list comes back either way.
        key(&mut a, KeyCode::Char('d'));
        assert!(matches!(
            a.popup,
            Some(Popup::Confirm(Confirm::RemoveItem { .. }))
        ));
        key(&mut a, KeyCode::Char('n'));
        assert_eq!(mine(&a).1, 1);
        key(&mut a, KeyCode::Char('d'));
        key(&mut a, KeyCode::Char('y'));
        assert_eq!(mine(&a), (trip.clone(), 0));
        assert_eq!(rows(&a), (4, 3), "on adding a hotel stay");
        key(&mut a, KeyCode::Esc);
        assert!(a.popup.is_none());
        key(&mut a, KeyCode::Char('u'));
        assert_eq!(mine(&a), (trip, 1), "undo brings the hotel back");
    }

    #[test]
    fn a_journey_form_refuses_and_returns_to_the_list_on_escape() {
        let mut a = app();
        a.update(Action::ShowDelegation);
        a.select_delegate("beispiel");
        key(&mut a, KeyCode::Char('t'));
        key(&mut a, KeyCode::Enter);
        // No origin: Enter keeps the form open with the operation's refusal.
        key(&mut a, KeyCode::Enter);
        match &a.popup {
            Some(Popup::Item(f)) => assert!(f.error.is_some()),
            other => panic!("the form closed: {other:?}"),
        }
        key(&mut a, KeyCode::Esc);
        assert!(matches!(a.popup, Some(Popup::Logistics(_))));
        assert!(!a.is_dirty());
    }

    #[test]
    fn problems_jump_to_their_item() {
        let mut a = app();
        a.update(Action::ShowProblems);
        let i = a
            .view
            .problems
            .iter()
            .position(|p| p.clash)
            .expect("the sample plan has a clash");
        a.problems.selected = i;
        key(&mut a, KeyCode::Enter);
        assert_eq!(a.screen, Screen::Agenda);
        assert_eq!(a.selected_meeting().as_deref(), Some("cnd70-vngoc"));
    }

    #[test]
    fn search_jumps() {
        let mut a = app();
        key(&mut a, KeyCode::Char('/'));
        for c in "shembulli".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert_eq!(a.screen, Screen::People);
        assert_eq!(a.selected_person().as_deref(), Some("shembulli"));
        key(&mut a, KeyCode::Char('/'));
        for c in "ccpcj33 lab".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert_eq!(a.screen, Screen::Agenda);
        assert_eq!(a.session.as_deref(), Some("ccpcj-33"));
        assert_eq!(a.selected_meeting().as_deref(), Some("ccpcj33-lab-visit"));
    }

    #[test]
    fn body_filter_and_people_filter() {
        let mut a = app();
        key(&mut a, KeyCode::Char('f'));
        let b = a.body_filter.clone().unwrap();
        assert!(a.view.sessions.iter().all(|r| match r {
            SessionRow::Session(id) => a.db().sessions[id].body == b,
            SessionRow::PastHeading => true,
        }));
        key(&mut a, KeyCode::Esc);
        assert!(a.body_filter.is_none());
        key(&mut a, KeyCode::Char('4'));
        key(&mut a, KeyCode::Char('f'));
        for c in "primj".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        assert_eq!(a.selected_person().as_deref(), Some("primjeric"));
        key(&mut a, KeyCode::Enter);
        assert!(!a.people_filtering);
        key(&mut a, KeyCode::Char('q'));
        assert!(a.should_quit, "q quits again once the filter is closed");
    }

    #[test]
    fn navigation_skips_headings() {
        let mut a = app();
        a.update(Action::ShowDelegation);
        let before = a.delegation.selected;
        a.update(Action::Down);
        assert!(a.selectable(Screen::Delegation, a.delegation.selected));
        assert!(
            a.delegation.selected > before + 1,
            "stepped over a section heading"
        );
        a.update(Action::Bottom);
        a.update(Action::Top);
        assert_eq!(a.selected_delegate().as_deref(), Some("esempio"));
        // Moving on the Sessions screen chooses the session.
        a.update(Action::ShowSessions);
        a.update(Action::Top);
        assert_ne!(a.session.as_deref(), Some("cnd-70"));
    }

    #[test]
    fn mouse_click_on_tabs_and_rows() {
        let mut a = app();
        a.on_resize(100, 30);
        let click = |a: &mut App, x, y| {
            a.on_mouse(MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column: x,
                row: y,
                modifiers: KeyModifiers::NONE,
            })
        };
        click(&mut a, 20, 0);
        assert_eq!(a.screen, Screen::Delegation);
        click(&mut a, 30, 0);
        assert_eq!(a.screen, Screen::Agenda);
        let area = view::list_area(&a).unwrap();
        // The 4th row of the list: Monday's meeting.
        click(&mut a, area.x + 5, area.y + 3);
        assert_eq!(a.selected_meeting().as_deref(), Some("cnd70-passes"));
        click(&mut a, area.x + 5, area.y + 3);
        assert!(
            matches!(a.popup, Some(Popup::Meeting(_))),
            "a second click opens"
        );
        a.update(Action::Cancel);
        a.on_mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 0,
            row: 5,
            modifiers: KeyModifiers::NONE,
        });
        assert_ne!(a.selected_meeting().as_deref(), Some("cnd70-passes"));
    }

    #[test]
    fn a_broken_database_opens_read_only_on_problems() {
        let mut files = crate::store::source::embedded_files();
        for f in &mut files {
            if f.path == std::path::Path::new("plan/cnd-70.toml") {
                f.bytes = b"format = 1\nsession = \"cnd-70\"\n[[delegate]]\nperson = \"nobody\"\n"
                    .to_vec();
            }
        }
        let loaded = store::load_files(DbSource::Embedded, files, today());
        assert!(loaded.diagnostics.has_errors());
        let mut a = App::new(loaded, today(), Config::default(), None);
        assert!(a.read_only);
        assert_eq!(a.screen, Screen::Problems);
        assert!(a.view.problems[0].diagnostic.is_error());
        a.update(Action::ShowAgenda);
        a.update(Action::NewMeeting);
        assert!(a.popup.is_none());
        assert!(
            a.message
                .as_ref()
                .unwrap()
                .text
                .starts_with("read-only: the database has errors")
        );
        a.update(Action::Quit);
        assert!(a.should_quit);
    }

    #[test]
    fn reload_after_fixing_the_files() {
        let dir = tempfile::tempdir().unwrap();
        crate::store::init::write_default(dir.path()).unwrap();
        let plan = dir.path().join("plan/cnd-70.toml");
        let good = std::fs::read_to_string(&plan).unwrap();
        std::fs::write(
            &plan,
            good.replace("person = \"mustermann\"", "person = \"musterman\""),
        )
        .unwrap();
        let source = DbSource::Dir(dir.path().to_path_buf());
        let mut a = App::new(
            store::load(&source, today()),
            today(),
            Config::default(),
            None,
        );
        assert!(a.read_only);
        a.update(Action::Reload);
        assert!(a.read_only, "still broken");
        std::fs::write(&plan, &good).unwrap();
        key(&mut a, KeyCode::Char('R'));
        assert!(!a.read_only, "{:?}", a.message);
        assert!(a.view.index.errors == 0);
        a.update(Action::ShowAgenda);
        a.update(Action::MoveLater);
        assert!(a.is_dirty());
        a.update(Action::Reload);
        assert!(a.is_dirty(), "a reload never drops unsaved changes");
    }

    #[test]
    fn config_problems_show_in_the_status_bar() {
        let loaded = store::load(&DbSource::Embedded, today());
        let config = crate::tui::config::parse("theme = 3");
        let a = App::new(loaded, today(), config, None);
        assert!(a.message.as_ref().unwrap().text.starts_with("config:"));
    }

    fn folder_app() -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().unwrap();
        crate::store::init::write_default(dir.path()).unwrap();
        let loaded = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
        let a = App::new(loaded, today(), Config::default(), None);
        (dir, a)
    }

    fn edit_on_disk(dir: &Path, rel: &str, from: &str, to: &str) {
        let path = dir.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

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

    #[test]
    fn files_changed_on_disk_are_offered_for_reload() {
        let (dir, mut a) = folder_app();
        a.poll_disk();
        assert!(a.popup.is_none() && a.disk_changed.is_empty());
        // Clean: reload takes their version.
        edit_on_disk(
            dir.path(),
            "plan/cnd-70.toml",
            "start = 2027-03-09T13:30:00",
            "start = 2027-03-09T13:45:00",
        );
        a.poll_disk();
        assert!(matches!(
            &a.popup,
            Some(Popup::Confirm(Confirm::DiskChanged { files, dirty: false }))
                if files == &[PathBuf::from("plan/cnd-70.toml")]
        ));
        key(&mut a, KeyCode::Char('y'));
        assert!(a.popup.is_none());
        assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 45));
        assert!(a.disk_changed.is_empty());
        a.poll_disk();
        assert!(a.popup.is_none(), "nothing new");
        // "Not now": told once, noted in the status bar until reloaded.
        edit_on_disk(
            dir.path(),
            "plan/cnd-70.toml",
            "start = 2027-03-09T13:45:00",
            "start = 2027-03-09T14:00:00",
        );
        a.poll_disk();
        key(&mut a, KeyCode::Esc);
        a.poll_disk();
        assert!(a.popup.is_none(), "asked once for the same change");
        assert_eq!(a.disk_changed.len(), 1);
        // Dirty: keep mine, then saving refuses their file and keeps the edits.
        a.update(Action::ShowAgenda);
        a.select_meeting("cnd70-lab-visit");
        a.update(Action::MoveLater);
        assert!(a.is_dirty());
        edit_on_disk(
            dir.path(),
            "plan/cnd-70.toml",
            "start = 2027-03-09T14:00:00",
            "start = 2027-03-09T14:15:00",
        );
        a.poll_disk();
        assert!(matches!(
            &a.popup,
            Some(Popup::Confirm(Confirm::DiskChanged { dirty: true, .. }))
        ));
        key(&mut a, KeyCode::Char('k'));
        assert!(a.popup.is_none());
        assert!(a.message.as_ref().unwrap().text.contains(".mine"));
        let theirs = std::fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap();
        ctrl(&mut a, 's');
        assert!(a.is_dirty(), "the edits stay in memory");
        assert_eq!(a.message.as_ref().unwrap().kind, MessageKind::Error);
        let Some(Popup::Confirm(Confirm::Notice { title, text })) = &a.popup else {
            panic!("no message: {:?}", a.popup)
        };
        assert!(title.contains("changed on disk"), "{title}");
        assert!(text.contains("cnd-70.toml.mine"), "{text}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("plan/cnd-70.toml")).unwrap(),
            theirs,
            "their file untouched"
        );
        let mine = std::fs::read_to_string(dir.path().join("plan/cnd-70.toml.mine")).unwrap();
        assert!(
            mine.contains("13:45:00") && !mine.contains("14:15:00"),
            "ours is our edit of what we read, not of theirs"
        );
        key(&mut a, KeyCode::Enter);
        assert!(a.popup.is_none());
        a.poll_disk();
        assert!(a.popup.is_none(), "the conflict message said it already");
        // R with unsaved changes asks; y reloads and drops them.
        key(&mut a, KeyCode::Char('R'));
        assert!(matches!(
            &a.popup,
            Some(Popup::Confirm(Confirm::DiskChanged { dirty: true, .. }))
        ));
        key(&mut a, KeyCode::Char('n'));
        assert!(a.is_dirty());
        key(&mut a, KeyCode::Char('R'));
        key(&mut a, KeyCode::Char('y'));
        assert!(!a.is_dirty());
        assert_eq!(meeting(&a, "cnd70-csu").start, at(14, 15));
    }

    #[test]
    fn a_partly_refused_save_keeps_only_the_refused_edits() {
        let (dir, mut a) = folder_app();
        a.update(Action::ShowAgenda);
        a.select_meeting("cnd70-csu");
        a.update(Action::MoveLater);
        a.choose_session("ccpcj-33");
        let m = a.db().plans["ccpcj-33"].meetings[0].id.clone();
        a.select_meeting(&m);
        a.update(Action::MoveLater);
        assert_eq!(a.editor.unsaved_sessions().len(), 2);
        edit_on_disk(
            dir.path(),
            "plan/cnd-70.toml",
            "start = 2027-03-09T13:30:00",
            "start = 2027-03-09T13:45:00",
        );
        a.update(Action::Save);
        assert!(matches!(
            a.popup,
            Some(Popup::Confirm(Confirm::Notice { .. }))
        ));
        a.update(Action::Submit);
        assert_eq!(a.editor.unsaved_sessions(), vec!["cnd-70".to_string()]);
        assert_eq!(meeting(&a, "cnd70-csu").start, at(13, 45), "ours kept");
        // Saving again refuses only the changed file: ccpcj-33 was saved.
        std::fs::remove_file(dir.path().join("plan/cnd-70.toml.mine")).unwrap();
        a.update(Action::Save);
        let Some(Popup::Confirm(Confirm::Notice { text, .. })) = &a.popup else {
            panic!("{:?}", a.popup)
        };
        assert!(
            text.contains("cnd-70.toml") && !text.contains("ccpcj-33"),
            "{text}"
        );
        let back = store::load(&DbSource::Dir(dir.path().to_path_buf()), today());
        assert_eq!(back.db.plans["ccpcj-33"], a.db().plans["ccpcj-33"]);
    }

    #[test]
    fn recovery_copies_are_offered_and_restored() {
        let (dir, first) = folder_app();
        let source = DbSource::Dir(dir.path().to_path_buf());
        let base = dir.path().join("recovery-base");
        let rec = crate::tui::recovery::dir_for(&base, &source);
        // An earlier run moved a meeting and assigned a person to a new plan, then died.
        let mut editor = Editor::new(first.db().clone());
        editor
            .apply(ops::move_meeting(editor.db(), "cnd70-csu", 30).unwrap())
            .unwrap();
        let tx = ops::assign(editor.db(), "ccpcj-36", "tomori", DelegateChange::default());
        editor.apply(tx.unwrap()).unwrap();
        crate::tui::recovery::write(&rec, &first.loaded, &editor).unwrap();
        let recovered = editor.db().clone();

        let loaded = store::load(&source, today());
        let mut a = App::new(loaded, today(), Config::default(), Some(rec.clone()));
        a.offer_recovery();
        let (aside, sessions) = match &a.popup {
            Some(Popup::Confirm(Confirm::Recover { dir, sessions, .. })) => {
                (dir.clone(), sessions.clone())
            }
            other => panic!("not offered: {other:?}"),
        };
        assert_eq!(sessions, vec!["ccpcj-36".to_string(), "cnd-70".to_string()]);
        assert!(!crate::tui::recovery::has_copies(&rec), "moved aside");
        assert!(crate::tui::recovery::has_copies(&aside));
        key(&mut a, KeyCode::Char('y'));
        assert!(a.popup.is_none());
        assert!(a.is_dirty());
        assert_eq!(a.db().plans["cnd-70"], recovered.plans["cnd-70"]);
        assert_eq!(a.db().plans["ccpcj-36"], recovered.plans["ccpcj-36"]);
        assert!(
            a.message
                .as_ref()
                .unwrap()
                .text
                .starts_with("restored the unsaved plans"),
            "{:?}",
            a.message
        );
        // Copied again for this run; the old copies are gone.
        assert!(crate::tui::recovery::has_copies(&rec));
        assert!(!aside.exists());
        // One undo takes the restore back; ctrl-s writes it.
        key(&mut a, KeyCode::Char('u'));
        assert!(!a.is_dirty());
        ctrl(&mut a, 'r');
        ctrl(&mut a, 's');
        assert!(!a.is_dirty(), "{:?}", a.message);
        let back = store::load(&source, today());
        assert_eq!(back.db.plans["cnd-70"], recovered.plans["cnd-70"]);
        assert_eq!(back.db.plans["ccpcj-36"], recovered.plans["ccpcj-36"]);

        // Set aside: nothing applied, the copies stay where the message says.
        crate::tui::recovery::write(&rec, &first.loaded, &editor).unwrap();
        let mut b = App::new(
            store::load(&source, today()),
            today(),
            Config::default(),
            Some(rec.clone()),
        );
        b.offer_recovery();
        key(&mut b, KeyCode::Esc);
        assert!(!b.is_dirty());
        let text = b.message.clone().unwrap().text;
        assert!(text.starts_with("set aside"), "{text}");
        assert!(crate::tui::recovery::copies(&base).is_empty());
        let aside = std::fs::read_dir(&base)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| text.contains(&p.display().to_string()))
            .expect("the message names the folder");
        assert_eq!(crate::tui::recovery::copies(&aside).len(), 2);
    }

    #[test]
    fn a_second_instance_opens_read_only() {
        let (dir, _) = folder_app();
        let source = DbSource::Dir(dir.path().to_path_buf());
        let base = dir.path().join("recovery-base");
        let (mut first, lock) =
            crate::tui::open(&source, today(), Config::default(), Some(base.clone()));
        assert!(lock.is_some() && !first.read_only);
        first.update(Action::ShowAgenda);
        first.update(Action::MoveLater);
        let rec = first.recovery_dir.clone().unwrap();
        crate::tui::recovery::write(&rec, &first.loaded, &first.editor).unwrap();

        let (mut second, lock2) =
            crate::tui::open(&source, today(), Config::default(), Some(base.clone()));
        assert!(lock2.is_none());
        assert!(second.read_only);
        assert_eq!(second.read_only_note, "open in another attache");
        assert!(
            second.recovery_dir.is_none(),
            "the first one's copies are left alone"
        );
        assert!(crate::tui::recovery::has_copies(&rec));
        let m = second.message.clone().unwrap();
        assert!(
            m.text
                .starts_with("read-only: the database is open in another attache (pid "),
            "{}",
            m.text
        );
        // Editing keys say why and do nothing; looking and exporting work.
        second.update(Action::ShowDelegation);
        key(&mut second, KeyCode::Char('a'));
        assert!(second.popup.is_none());
        assert!(
            second
                .message
                .as_ref()
                .unwrap()
                .text
                .starts_with("read-only: the database is open")
        );
        key(&mut second, KeyCode::Enter);
        assert!(
            second.popup.is_none(),
            "enter does not open the delegate form"
        );
        second.update(Action::ShowAgenda);
        for c in ['n', 'L', 'd', 'c', 'u'] {
            key(&mut second, KeyCode::Char(c));
            assert!(second.popup.is_none() && !second.is_dirty(), "{c}");
            assert!(
                second
                    .message
                    .as_ref()
                    .unwrap()
                    .text
                    .starts_with("read-only: "),
                "{c}"
            );
        }
        ctrl(&mut second, 's');
        assert!(
            second
                .message
                .as_ref()
                .unwrap()
                .text
                .starts_with("read-only: ")
        );
        key(&mut second, KeyCode::Char('E'));
        assert!(matches!(second.popup, Some(Popup::Export(_))));
        key(&mut second, KeyCode::Esc);
        // A reload keeps it read-only.
        second.update(Action::Reload);
        assert!(second.read_only);
        // Once the first one quits, the next start may edit.
        drop(lock);
        drop(second);
        drop(lock2);
        let (third, lock3) = crate::tui::open(&source, today(), Config::default(), Some(base));
        assert!(!third.read_only && lock3.is_some());
        assert!(matches!(
            third.popup,
            Some(Popup::Confirm(Confirm::Recover { .. }))
        ));
    }

    #[test]
    fn a_folder_that_cannot_be_locked_opens_read_only() {
        let (dir, _) = folder_app();
        // A folder where the lock file should be: locking fails like in a read-only folder.
        std::fs::create_dir(dir.path().join(crate::store::lock::LOCK_FILE)).unwrap();
        let source = DbSource::Dir(dir.path().to_path_buf());
        let (mut a, lock) = crate::tui::open(&source, today(), Config::default(), None);
        assert!(lock.is_none() && a.read_only);
        assert!(a.message.as_ref().unwrap().text.starts_with("read-only: "));
        a.update(Action::ShowAgenda);
        a.update(Action::MoveLater);
        assert!(!a.is_dirty());
    }
}

//! The shell: the current screen, the open popup, the status line and the database
//! being edited, and the loop from a key to a component to the messages it sends.
//!
//! Keys become actions through the keymap ([`App::on_key`]); the open popup, else the
//! current screen, handles them ([`super::component::Component`]); what they ask for
//! beyond their own state comes back as [`Msg`]s, carried out here
//! ([`App::process`]). Every change to the database goes through
//! [`crate::planning::ops`] and the [`Editor`], so it can be undone, and every refusal
//! is the domain's own message. Saving, reloading and the files on disk are in
//! [`super::files`].

use crate::ids::SessionId;
use crate::ids::{MeetingId, PersonId};
use std::path::PathBuf;

use chrono::NaiveDate;
use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::model::Database;
use crate::store::Loaded;
use crate::workspace::{Outcome, Workspace};

use super::action::{Action, Screen};
use super::component::{Component, Ctx};
use super::config::Config;
use super::derived::{self, Checks, Target};
use super::keymap::{Context, Key};
use super::popups::Popup;
use super::popups::export::Export;
use super::popups::help::Help;
use super::popups::search::Search;
use super::queue::Msg;
use super::screens::{Screens, View};
use super::theme::Theme;
use super::view;

pub use super::screens::Cursor;
pub use super::screens::agenda::STEP_MINUTES;

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

pub struct App {
    /// The database being edited, with its files, findings, lock and read-only state.
    pub ws: Workspace,
    /// Files of the database changed on disk since they were read (polled).
    pub disk_changed: Vec<PathBuf>,
    /// The changes on disk the user was told about, so that they are told once.
    pub(super) disk_seen: Vec<(PathBuf, Option<std::time::SystemTime>, u64)>,
    pub config: Config,
    pub theme: Theme,
    pub screen: Screen,
    /// The session the Delegation and Agenda screens show: the one selected on the
    /// Sessions screen.
    pub session: Option<SessionId>,
    /// The working session before a jump (search, a problem) changed it: Backspace
    /// goes back to it, and the header says so meanwhile.
    pub previous_session: Option<SessionId>,
    pub screens: Screens,
    pub popup: Option<Popup>,
    pub message: Option<Message>,
    pub should_quit: bool,
    /// The user quit without saving: the unsaved changes are dropped, recovery
    /// copies included.
    pub discard_unsaved: bool,
    /// The terminal's size, for mouse hits and page sizes.
    pub size: Rect,
    /// The whole screen is to be drawn again, not only what changed (`Ctrl-L`).
    pub repaint: bool,
    /// Where unsaved plans are copied after each change (none: not at all).
    pub recovery_dir: Option<PathBuf>,
    /// The first look of a staged start: the calendar is read, the plans not yet
    /// (`tui::open_staged`). No screen may then say a session has no plan.
    pub plans_pending: bool,
    /// What the checks found, recomputed when the database changes.
    pub checks: Checks,
    /// The problems only a reading of the files changes (syntax, references, ids),
    /// with their items: computed once per reading, not per edit.
    pub(super) static_problems: Vec<derived::Problem>,
    /// Makes new meetings' ids differ from other writers' (see
    /// [`crate::planning::ops::new_meeting_id`]): the clock's, set by [`crate::tui::run`];
    /// fixed in tests.
    pub id_salt: u64,
    /// The files being read again on another thread (after a save, or `R`), for a
    /// database larger than [`App::background_above`] bytes: edits wait meanwhile.
    pub(super) background: Option<super::files::Background>,
    /// From how many bytes of files reading them again goes to another thread, so
    /// that a save or a reload of a big database never blocks a keystroke.
    pub background_above: usize,
}

/// The components' view of the application (a macro, so that it borrows the fields
/// it reads and leaves `screens` and `popup` free to be changed meanwhile).
macro_rules! ctx {
    ($app:expr) => {
        Ctx {
            db: $app.ws.db(),
            analysis: $app.ws.analysis(),
            checks: &$app.checks,
            sources: &$app.ws.loaded().sources,
            config: &$app.config,
            theme: &$app.theme,
            today: $app.ws.today(),
            session: $app.session.as_ref(),
            screen: $app.screen,
            read_only: $app.ws.read_only().is_some(),
            db_has_errors: $app.ws.loaded().diagnostics.has_errors(),
            people_generation: $app.ws.people_generation(),
            size: $app.size,
            recovery_dir: $app.recovery_dir.as_deref(),
            plans_pending: $app.plans_pending,
        }
    };
}

impl App {
    /// The application over files already read, without a lock (see
    /// [`App::over`] for a workspace that holds one).
    pub fn new(
        loaded: Loaded,
        today: NaiveDate,
        config: Config,
        recovery_dir: Option<PathBuf>,
    ) -> Self {
        App::over(Workspace::from_loaded(loaded, today), config, recovery_dir)
    }

    /// The application over an open workspace.
    pub fn over(ws: Workspace, config: Config, recovery_dir: Option<PathBuf>) -> Self {
        let has_errors = ws.loaded().diagnostics.has_errors();
        let theme = Theme::new(config.theme, config.no_color);
        let message = if has_errors {
            Some(Message {
                text: "fix them in the files (see Problems), then reload (R)".into(),
                kind: MessageKind::Error,
            })
        } else {
            config.messages.first().map(|m| Message {
                text: match config.messages.len() {
                    1 => format!("config: {m} (also in Problems)"),
                    n => format!("config: {m} (and {} more: see Problems)", n - 1),
                },
                kind: MessageKind::Error,
            })
        };
        let mut app = App {
            static_problems: derived::static_problems(&ws, &config.messages),
            ws,
            disk_changed: Vec::new(),
            disk_seen: Vec::new(),
            config,
            theme,
            screen: if has_errors {
                Screen::Problems
            } else {
                Screen::Sessions
            },
            session: None,
            previous_session: None,
            screens: Screens::default(),
            popup: None,
            message,
            should_quit: false,
            discard_unsaved: false,
            size: Rect::new(0, 0, 80, 24),
            repaint: false,
            recovery_dir,
            plans_pending: false,
            checks: Checks::default(),
            id_salt: 0,
            background: None,
            background_above: super::files::BACKGROUND_ABOVE,
        };
        if let Some(r) = app.ws.read_only().filter(|r| r.external) {
            let why = r.why.clone();
            app.recovery_dir = None;
            app.error(format!("read-only: {why}"));
        }
        app.refresh();
        app.select_default_session();
        app
    }

    /// What the components read.
    pub fn ctx(&self) -> Ctx<'_> {
        ctx!(self)
    }

    pub(super) fn refuse_read_only(&mut self) {
        let why = self
            .ws
            .read_only()
            .map(|r| r.why.clone())
            .unwrap_or_default();
        self.error(format!("read-only: {why}"));
    }

    pub fn db(&self) -> &Database {
        self.ws.db()
    }

    pub fn today(&self) -> NaiveDate {
        self.ws.today()
    }

    pub fn is_dirty(&self) -> bool {
        self.ws.is_dirty()
    }

    pub fn read_only(&self) -> bool {
        self.ws.read_only().is_some()
    }

    /// The keymap context in effect: the open popup's, else the screen's.
    pub fn context(&self) -> Context {
        match &self.popup {
            Some(p) => p.context(),
            None => self.screens.get(self.screen).context(),
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
        if self.config.keymap.lookup(Context::Global, key) == Some(Action::Redraw) {
            // Heard everywhere, popups and too small windows included.
            self.repaint = true;
            return;
        }
        if view::too_small(self.size) {
            return self.on_key_too_small(key);
        }
        match self.config.keymap.lookup(self.context(), key) {
            Some(action) => self.update(action),
            None => self.input(key),
        }
    }

    /// While the window is too small to show anything but the note asking for a larger
    /// one, a key could act on what cannot be seen (a deletion confirmed blind): only
    /// quitting is heard, with the keys that quit everywhere; it still asks first when
    /// there are unsaved changes, and the question shows once the window is larger.
    fn on_key_too_small(&mut self, key: Key) {
        if self.config.keymap.lookup(Context::Global, key) == Some(Action::Quit) {
            self.process(vec![Msg::Quit]);
        }
    }

    /// Text typed into the open input (keys no binding claimed).
    fn input(&mut self, key: Key) {
        self.focused(|c, ctx, out| c.input(key, ctx, out));
    }

    /// Pasted text goes to the open text input.
    pub fn on_paste(&mut self, text: &str) {
        if view::too_small(self.size) {
            return;
        }
        self.focused(|c, ctx, out| c.paste(text, ctx, out));
    }

    /// Hand something to the component that has the keys (the open popup, else the
    /// screen), then carry out what it asks for.
    fn focused(&mut self, f: impl FnOnce(&mut dyn Component, &Ctx, &mut Vec<Msg>)) {
        let mut out = Vec::new();
        match self.popup.take() {
            Some(mut popup) => {
                f(popup.component_mut(), &ctx!(self), &mut out);
                self.popup = Some(popup);
            }
            None => {
                let ctx = ctx!(self);
                f(self.screens.get_mut(self.screen), &ctx, &mut out);
            }
        }
        self.process(out);
    }

    pub fn on_resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
    }

    pub fn on_mouse(&mut self, m: MouseEvent) {
        if view::too_small(self.size) {
            return;
        }
        let (action, times) = match m.kind {
            MouseEventKind::ScrollDown => (Action::Down, 3),
            MouseEventKind::ScrollUp => (Action::Up, 3),
            MouseEventKind::Down(MouseButton::Left) => return self.click(m.column, m.row),
            _ => return,
        };
        for _ in 0..times {
            self.update(action);
        }
    }

    fn click(&mut self, x: u16, y: u16) {
        if self.popup.is_some() || view::too_small(self.size) {
            return;
        }
        if let Some(screen) = view::tab_at(self, x, y) {
            return self.show(screen);
        }
        let body = view::areas(self.size).body;
        let mut out = Vec::new();
        let ctx = ctx!(self);
        let again = self
            .screens
            .get_mut(self.screen)
            .click(x, y, body, &ctx, &mut out);
        self.process(out);
        if again {
            self.update(Action::Open);
        }
    }

    // ----- update --------------------------------------------------------------------

    /// Apply one action: the open popup's, else the shell's own (quit, help, undo,
    /// tabs...), else the current screen's.
    pub fn update(&mut self, action: Action) {
        self.message = None;
        if !matches!(self.context(), Context::Screen(_)) {
            // A popup, or a screen's text input (a filter being typed), has the keys.
            self.focused(|c, ctx, out| c.handle(action, ctx, out));
        } else if action.edits() && self.read_only() {
            self.refuse_read_only();
        } else if self.background.is_some()
            && (action.edits() || matches!(action, Action::Save | Action::Reload))
        {
            self.info("a moment: the files are being read");
        } else {
            let mut out = Vec::new();
            self.global(action, &mut out);
            self.process(out);
        }
    }

    fn global(&mut self, action: Action, out: &mut Vec<Msg>) {
        match action {
            Action::Quit => out.push(Msg::Quit),
            Action::Help => out.push(Msg::Open(Popup::Help(Help::default()))),
            Action::Search => out.push(Msg::Open(Popup::Search(Search::default()))),
            Action::Export => self.open_export(),
            Action::Undo | Action::Redo => {
                let (done, word) = match action == Action::Undo {
                    true => (self.ws.undo(), "undo"),
                    false => (self.ws.redo(), "redo"),
                };
                match done {
                    Some(outcome) => self.changed_by(outcome),
                    None => self.info(format!("nothing to {word}")),
                }
            }
            Action::Save => out.push(Msg::Save),
            Action::Reload => out.push(Msg::Reload),
            Action::Redraw => self.repaint = true,
            Action::PreviousSession => self.previous_session(),
            Action::NextScreen => self.show(self.screen.next()),
            Action::PrevScreen => self.show(self.screen.prev()),
            a => match Screen::shown_by(a) {
                Some(s) => self.show(s),
                None => {
                    let ctx = ctx!(self);
                    self.screens.get_mut(self.screen).handle(a, &ctx, out);
                }
            },
        }
    }

    /// The export dialog, on the selected delegate when there is one.
    fn open_export(&mut self) {
        let person = match self.screen {
            Screen::Delegation => self.selected_delegate(),
            Screen::People => self.selected_person(),
            _ => None,
        };
        let mut export = Export::new(
            self.ws.db(),
            self.session.as_deref(),
            person.as_deref(),
            self.is_dirty(),
        );
        export.today = Some(self.ws.today());
        let loaded = self.ws.loaded();
        if let Some(session) = self.session.as_deref()
            && let Some(path) = crate::store::unread_plan(self.ws.db(), &loaded.sources, session)
        {
            export = export.plan_unread(path, self.ws.db());
        }
        self.popup = Some(Popup::Export(export));
    }

    /// Counts the database's changes since it was opened (edits, undos, readings), so
    /// that the recovery copy is written only when something changed.
    pub fn generation(&self) -> u64 {
        self.ws.generation()
    }

    /// After an edit, an undo or a redo: recompute the views, and say what it did,
    /// with the clashes it made or resolved first (the ‼ marks are easy to miss).
    pub(super) fn changed_by(&mut self, outcome: Outcome) {
        self.refresh();
        self.info(derived::change_summary(&outcome));
    }

    /// The database changed: take the workspace's findings and let each screen
    /// rebuild its rows, keeping each list on the same item.
    pub fn refresh(&mut self) {
        self.screens.problems.remember(&ctx!(self));
        // The old list goes before the new one is made: on a dense database each is
        // tens of thousands of problems, and two at once was the TUI's peak memory.
        self.checks = Checks::default();
        self.checks = Checks::new(&self.ws, &self.static_problems);
        let ctx = ctx!(self);
        for s in Screen::ALL {
            self.screens.get_mut(s).refresh(&ctx);
        }
    }

    // ----- the session, the screen, the selection ------------------------------------

    /// Start on the next upcoming session that has a plan, else the next upcoming one.
    fn select_default_session(&mut self) {
        if let Some(id) = super::screens::sessions::default_session(self.db(), self.today()) {
            self.choose_session(&id);
        }
    }

    /// Make `id` the chosen session (and select it on the Sessions screen, dropping
    /// the body filter if it hides it).
    pub fn choose_session(&mut self, id: &str) {
        let ctx = ctx!(self);
        self.screens.sessions.reveal(id, &ctx);
        if self.screens.sessions.selected() == Some(id) && self.session.as_deref() != Some(id) {
            self.session = Some(id.into());
            let ctx = ctx!(self);
            self.screens.delegation.refresh(&ctx);
            self.screens.agenda.refresh(&ctx);
        }
    }

    pub(super) fn show(&mut self, screen: Screen) {
        self.screen = screen;
        self.screens.people.filtering = false;
        if matches!(screen, Screen::Delegation | Screen::Agenda) && self.session.is_none() {
            self.info("choose a session first (1: Sessions)");
        }
    }

    /// Show the item a problem or a search hit is about. An item of another session
    /// makes that session the working one, and says so: the next `a` adds people to
    /// its delegation, not to the one worked on before (Backspace goes back).
    pub fn jump(&mut self, target: &Target) {
        let was = self.session.clone();
        if let Some(s) = target.session()
            && self.ws.db().sessions.contains_key(s)
        {
            self.choose_session(s);
        }
        if let (Some(was), Some(now)) = (was, self.session.clone())
            && was != now
        {
            self.previous_session = Some(was.clone());
            self.jump_to(target);
            self.info(format!(
                "the working session is now {now}, {}: Backspace goes back to {was}",
                self.when_is(&now)
            ));
            return;
        }
        self.jump_to(target);
    }

    /// "upcoming" or "past", for a session.
    fn when_is(&self, session: &str) -> &'static str {
        match self.ws.db().sessions.get(session) {
            Some(s) if s.is_upcoming(self.today()) => "upcoming",
            Some(_) => "past",
            None => "unknown",
        }
    }

    /// Back to the session worked on before a jump changed it.
    fn previous_session(&mut self) {
        match self.previous_session.take() {
            Some(prev) => {
                self.choose_session(&prev);
                self.info(format!("back to {prev}"));
            }
            None => self.info("no earlier session to go back to"),
        }
    }

    fn jump_to(&mut self, target: &Target) {
        match target {
            Target::None => self.info("this problem has no item to show: fix it in the file"),
            Target::Session(_) => self.show(Screen::Sessions),
            Target::Plan(_) => self.show(Screen::Delegation),
            Target::Delegate { person, .. } => {
                self.show(Screen::Delegation);
                self.screens.delegation.select(person);
            }
            Target::Meeting { id, .. } => {
                self.show(Screen::Agenda);
                self.screens.agenda.select(id);
            }
            Target::Person(p) => {
                self.show(Screen::People);
                let ctx = ctx!(self);
                self.screens.people.clear_filter(&ctx);
                self.screens.people.select(p);
            }
        }
    }

    pub fn selected_session(&self) -> Option<&crate::model::Session> {
        self.screens.sessions.selected_session(self.ws.db())
    }

    pub fn selected_delegate(&self) -> Option<PersonId> {
        self.screens.delegation.selected().cloned()
    }

    pub fn selected_meeting(&self) -> Option<MeetingId> {
        self.screens.agenda.selected().cloned()
    }

    pub fn selected_person(&self) -> Option<PersonId> {
        self.screens.people.selected().cloned()
    }

    pub fn select_delegate(&mut self, person: &str) {
        self.screens.delegation.select(person);
    }

    pub fn select_meeting(&mut self, id: &str) {
        self.screens.agenda.select(id);
    }
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;

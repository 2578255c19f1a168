//! The messages components send the shell: every effect beyond a component's own
//! state. The shell ([`super::app::App::process`]) carries them out in order, after
//! the component that sent them has returned; what each does is here.

use crate::ids::{MeetingId, PersonId, SessionId};
use std::path::PathBuf;

use super::action::Screen;
use super::app::App;
use super::derived::Target;
use super::popups::Popup;
use super::popups::confirm_quit::Confirm;
use super::popups::logistics::{Logistics, Row};
use crate::planning::{OpError, Transaction};

#[derive(Debug)]
pub enum Msg {
    /// A line in the status bar.
    Info(String),
    Error(String),
    /// Say why nothing can be changed.
    RefuseReadOnly,
    /// Apply an operation (or show its refusal); then `then` if it was applied, else
    /// `otherwise`.
    Apply {
        op: Result<Transaction, OpError>,
        then: Vec<Msg>,
        otherwise: Vec<Msg>,
    },
    /// Open a popup (in place of the open one, if any).
    Open(Popup),
    /// Close the open popup.
    Close,
    /// The travel and hotels list of a delegate, on `row` if given.
    Logistics {
        session: SessionId,
        person: PersonId,
        row: Option<Row>,
    },
    Show(Screen),
    /// Make this the session the Delegation and Agenda screens show.
    ChooseSession(SessionId),
    SelectDelegate(PersonId),
    /// The picker of people to add to this session's delegation, again (after one
    /// was added), on the delegation as it now is.
    AssignMore(SessionId),
    /// Select this person on People.
    SelectPerson(PersonId),
    SelectMeeting(MeetingId),
    /// Show the item a problem or a search hit is about.
    Jump(Target),
    Save,
    /// Ask before reloading when there are unsaved changes.
    Reload,
    ReloadNow,
    /// Apply the recovery copies in this folder.
    Restore(PathBuf),
    /// Quit, asking first when there are unsaved changes.
    Quit,
    /// Quit, dropping the unsaved changes (the user said so).
    QuitNow,
    SaveAndQuit,
}

impl Msg {
    /// Apply an operation, with nothing to do after.
    pub fn apply(op: Result<Transaction, OpError>) -> Msg {
        Msg::Apply {
            op,
            then: Vec::new(),
            otherwise: Vec::new(),
        }
    }

    /// Apply an operation; then `then` if it was applied.
    pub fn apply_then(op: Result<Transaction, OpError>, then: Vec<Msg>) -> Msg {
        Msg::Apply {
            op,
            then,
            otherwise: Vec::new(),
        }
    }
}

impl App {
    /// Carry out the components' messages, in order.
    pub fn process(&mut self, msgs: Vec<Msg>) {
        for msg in msgs {
            self.run(msg);
        }
    }

    fn run(&mut self, msg: Msg) {
        match msg {
            Msg::Info(text) => self.info(text),
            Msg::Error(text) => self.error(text),
            Msg::RefuseReadOnly => self.refuse_read_only(),
            Msg::Apply {
                op,
                then,
                otherwise,
            } => {
                let applied = self.apply(op);
                self.process(if applied { then } else { otherwise });
            }
            Msg::Open(p) => self.popup = Some(p),
            Msg::Close => self.popup = None,
            Msg::Logistics {
                session,
                person,
                row,
            } => {
                let mut l = Logistics::new(self.ws.db(), &session, &person);
                if let Some(row) = row {
                    l.select(row);
                }
                self.popup = Some(Popup::Logistics(l));
            }
            Msg::Show(s) => self.show(s),
            Msg::ChooseSession(id) => {
                // Chosen by the user: no way back to offer.
                self.previous_session = None;
                self.choose_session(&id);
            }
            Msg::SelectDelegate(p) => self.screens.delegation.select(&p),
            Msg::AssignMore(s) => {
                let picker = super::popups::assign::Assign::new(self.db(), &s);
                self.popup = Some(Popup::Assign(picker));
            }
            Msg::SelectPerson(p) => self.screens.people.select(&p),
            Msg::SelectMeeting(id) => self.screens.agenda.select(&id),
            Msg::Jump(target) => self.jump(&target),
            Msg::Save => self.save(),
            Msg::Reload => self.reload(),
            Msg::ReloadNow => self.reload_now(),
            Msg::Restore(dir) => self.restore(&dir),
            Msg::Quit if self.is_dirty() => {
                self.popup = Some(Popup::Confirm(Confirm::Quit {
                    sessions: self.ws.unsaved_sessions(),
                    people: self.ws.entries_unsaved(),
                }));
            }
            Msg::Quit => self.should_quit = true,
            Msg::QuitNow => {
                // "Quit without saving": the unsaved changes are dropped, and no
                // recovery copy offers them again at the next start.
                self.discard_unsaved = true;
                self.should_quit = true;
            }
            Msg::SaveAndQuit => {
                self.save();
                if !self.is_dirty() {
                    self.should_quit = true;
                }
            }
        }
    }

    /// Apply an operation's result: the transaction, or its refusal in the status bar.
    pub(super) fn apply(&mut self, result: Result<Transaction, OpError>) -> bool {
        match result {
            Ok(tx) => self.apply_tx(tx),
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }

    pub(super) fn apply_tx(&mut self, tx: Transaction) -> bool {
        if self.background.is_some() {
            // Reading the files back would drop an edit made now.
            self.info("a moment: the files are being read");
            return false;
        }
        match self.ws.apply_tx(tx) {
            Ok(outcome) => {
                self.changed_by(outcome);
                true
            }
            Err(e) => {
                self.error(e.to_string());
                false
            }
        }
    }
}

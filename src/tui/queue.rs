//! The messages components send the shell: every effect beyond a component's own
//! state. The shell ([`super::app::App::process`]) carries them out in order, after
//! the component that sent them has returned.

use std::path::PathBuf;

use super::action::Screen;
use super::derived::Target;
use super::popups::Popup;
use super::popups::logistics::Row;
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
        session: String,
        person: String,
        row: Option<Row>,
    },
    Show(Screen),
    /// Make this the session the Delegation and Agenda screens show.
    ChooseSession(String),
    SelectDelegate(String),
    SelectMeeting(String),
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

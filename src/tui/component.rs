//! What every screen and popup is: a [`Component`] that owns its state, turns the
//! actions it is given into changes of that state or into messages for the shell
//! ([`super::queue::Msg`]), and draws itself from its state and a [`Ctx`].
//!
//! The shape is gitui's components and helix's compositor: a component never reaches
//! into another one or into the application; what it wants done elsewhere (apply an
//! operation, open a popup, jump to an item, say something in the status bar) it asks
//! for with a message, which the shell ([`super::app::App`]) carries out.

use crate::ids::SessionId;
use std::path::Path;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::action::{Action, Screen};
use super::config::Config;
use super::derived::Checks;
use super::keymap::{Context, Key};
use super::queue::Msg;
use super::theme::Theme;
use crate::diag::Sources;
use crate::model::Database;

/// What a component may read: the database as edited, what the checks found, and the
/// application's settings. Built by the shell for each key and each frame.
pub struct Ctx<'a> {
    pub db: &'a Database,
    /// The workspace's findings, by session.
    pub analysis: &'a crate::planning::analysis::Analysis,
    pub checks: &'a Checks,
    /// The files as read, for showing a problem's line.
    pub sources: &'a Sources,
    pub config: &'a Config,
    pub theme: &'a Theme,
    pub today: NaiveDate,
    /// The session the Delegation and Agenda screens show.
    pub session: Option<&'a SessionId>,
    /// The screen shown (the help lists its keys first).
    pub screen: Screen,
    pub read_only: bool,
    /// The files as loaded have errors (an export says so).
    pub db_has_errors: bool,
    /// The same as long as the people and sections are (see
    /// `Workspace::people_generation`): lists of people rebuild only when it moves.
    pub people_generation: u64,
    /// The terminal's size, for page sizes.
    pub size: Rect,
    pub recovery_dir: Option<&'a Path>,
    /// The plans are still being read (a staged start): none is known to be missing.
    pub plans_pending: bool,
}

impl Ctx<'_> {
    /// The first key bound to `action` in `context` (or globally), for hints.
    pub fn key(&self, context: Context, action: Action) -> String {
        self.config.keymap.hint(context, action).unwrap_or_default()
    }

    /// How far a page key moves in a screen's list.
    pub fn page(&self) -> usize {
        (self.size.height as usize).saturating_sub(8).max(1)
    }
}

/// A screen or a popup.
pub trait Component {
    /// The keymap context its keys are looked up in.
    fn context(&self) -> Context;

    /// An action the keymap gave for a key (or the mouse).
    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>);

    /// A key no binding claimed: typed text, for a component with a text input.
    fn input(&mut self, _key: Key, _ctx: &Ctx, _out: &mut Vec<Msg>) {}

    /// Pasted text, for a component with a text input.
    fn paste(&mut self, _text: &str, _ctx: &Ctx, _out: &mut Vec<Msg>) {}

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer);

    /// The actions the status bar hints at while it has the keys, with short labels.
    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[]
    }
}

//! The editing session: the database being edited, and unlimited undo and redo.

use std::collections::BTreeSet;

use crate::model::{Database, SessionId};
use crate::planning::change::Transaction;

/// Holds the database a user edits and the history of their actions. Every edit goes
/// through [`Editor::apply`], so every edit can be undone.
#[derive(Debug, Clone)]
pub struct Editor {
    db: Database,
    /// The database as last loaded or saved, to tell what is unsaved.
    saved: Database,
    undo: Vec<Transaction>,
    redo: Vec<Transaction>,
    /// Sessions touched by any edit since the last save: only their plans can differ
    /// from the saved ones, so only they are compared (the status bar asks every frame).
    touched: BTreeSet<SessionId>,
    /// Whether any edit since the last save changed a section or a person.
    entries_touched: bool,
}

impl Editor {
    pub fn new(db: Database) -> Self {
        Self {
            saved: db.clone(),
            db,
            undo: Vec::new(),
            redo: Vec::new(),
            touched: BTreeSet::new(),
            entries_touched: false,
        }
    }

    pub fn db(&self) -> &Database {
        &self.db
    }

    /// The database as it was when last loaded or saved.
    pub fn saved(&self) -> &Database {
        &self.saved
    }

    /// Apply a transaction made by [`crate::planning::ops`] and remember it for undo.
    pub fn apply(&mut self, tx: Transaction) -> Result<&Transaction, String> {
        tx.apply(&mut self.db)?;
        self.touch(&tx);
        self.redo.clear();
        self.undo.push(tx);
        Ok(self.undo.last().expect("just pushed"))
    }

    /// Undo the last action; returns what was undone.
    pub fn undo(&mut self) -> Option<&Transaction> {
        let tx = self.undo.pop()?;
        match tx.inverse().apply(&mut self.db) {
            Ok(()) => {
                self.touch(&tx);
                self.redo.push(tx);
                self.redo.last()
            }
            Err(_) => {
                self.undo.push(tx);
                None
            }
        }
    }

    /// Redo the last undone action; returns what was redone.
    pub fn redo(&mut self) -> Option<&Transaction> {
        let tx = self.redo.pop()?;
        match tx.apply(&mut self.db) {
            Ok(()) => {
                self.touch(&tx);
                self.undo.push(tx);
                self.undo.last()
            }
            Err(_) => {
                self.redo.push(tx);
                None
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn touch(&mut self, tx: &Transaction) {
        self.touched.extend(tx.sessions().map(SessionId::from));
        self.entries_touched |= tx.touches_entries();
    }

    /// Whether the sections or people differ from the saved ones (`sections.toml`
    /// needs writing).
    pub fn entries_unsaved(&self) -> bool {
        self.entries_touched
            && (self.db.sections != self.saved.sections || self.db.people != self.saved.people)
    }

    /// Sessions whose plan differs from the saved one (compared by value, so an edit
    /// undone counts as no change).
    pub fn unsaved_sessions(&self) -> Vec<SessionId> {
        self.touched
            .iter()
            .filter(|id| self.db.plans.get(*id) != self.saved.plans.get(*id))
            .cloned()
            .collect()
    }

    /// Whether the calendar (`sessions.toml`) differs from the saved one.
    pub fn calendar_unsaved(&self) -> bool {
        self.db.sessions != self.saved.sessions
    }

    pub fn is_dirty(&self) -> bool {
        self.entries_unsaved() || !self.unsaved_sessions().is_empty() || self.calendar_unsaved()
    }

    /// After a save: the database read back from disk becomes the new baseline.
    pub fn mark_saved(&mut self, reloaded: Database) {
        self.db = reloaded.clone();
        self.saved = reloaded;
        self.touched.clear();
        self.entries_touched = false;
    }
}

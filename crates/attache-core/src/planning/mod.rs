//! The planning engine: operations on a plan, undo and redo, and the checks that tell
//! a lead at once what clashes or is missing. No terminal and no I/O here.

pub mod analysis;
pub mod change;
pub mod checks;
pub mod editor;
pub mod grouped;
pub mod ops;
pub mod programme;
pub mod readiness;

pub use change::{Change, Item, ItemKind, Transaction};
pub use editor::Editor;
pub use ops::{DelegateChange, OpError};

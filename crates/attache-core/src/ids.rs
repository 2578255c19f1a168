//! Typed ids: a session's id and a person's id are different types, so passing one
//! where the other is expected does not compile.
//!
//! In files and output an id is the plain string the user wrote: each type derefs to
//! `str`, prints as itself, serialises as a string, and borrows as `str` so that maps
//! keyed by ids are still found with a `&str` (`db.people.get("esempio")`). What the
//! types add is only the compiler's help at the boundaries that matter: the fields of
//! the model, the maps of the database and the operations' parameters.
//!
//! The operations take typed ids, in the right order:
//!
//! ```
//! use attache_core::{ids::{PersonId, SessionId}, model::Database, planning::ops};
//! let db = Database::default();
//! let (session, person) = (SessionId::from("cnd-70"), PersonId::from("esempio"));
//! assert!(ops::unassign(&db, &session, &person).is_err()); // no such session here
//! ```
//!
//! and the same call with the two swapped does not compile:
//!
//! ```compile_fail
//! use attache_core::{ids::{PersonId, SessionId}, model::Database, planning::ops};
//! let db = Database::default();
//! let (session, person) = (SessionId::from("cnd-70"), PersonId::from("esempio"));
//! let _ = ops::unassign(&db, &person, &session);
//! ```

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// Defines one id type over a `String`.
macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        /// So that a map keyed by ids is also found with a `&String`.
        impl Borrow<String> for $name {
            fn borrow(&self) -> &String {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // pad, not write_str: `{:<20}` of an id aligns like a string's.
                f.pad(&self.0)
            }
        }

        /// Like a string's: an id in a debug dump reads as the quoted text.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_string())
            }
        }

        impl From<&String> for $name {
            fn from(id: &String) -> Self {
                Self(id.clone())
            }
        }

        impl From<&$name> for $name {
            fn from(id: &$name) -> Self {
                id.clone()
            }
        }

        impl PartialEq<&$name> for $name {
            fn eq(&self, other: &&$name) -> bool {
                self == *other
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(id: &str) -> Result<Self, Self::Err> {
                Ok(Self(id.to_string()))
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(Self)
            }
        }
    };
}

id_type!(
    /// A venue's id, e.g. `vic` (`venues.toml`).
    VenueId
);
id_type!(
    /// A session's id, e.g. `cnd-70` (`sessions.toml`); also names its plan file.
    SessionId
);
id_type!(
    /// A national section's id, e.g. `it` (`sections.toml`).
    SectionId
);
id_type!(
    /// A person's id, e.g. `esempio` (`sections.toml`).
    PersonId
);
id_type!(
    /// A meeting's id, unique across the database, e.g. `cnd-70-bilateral-k3f9`.
    MeetingId
);

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    #[test]
    fn ids_read_and_print_as_their_text() {
        let id = PersonId::from("esempio");
        assert_eq!(id.to_string(), "esempio");
        assert_eq!(format!("[{id:<9}]"), "[esempio  ]", "aligned like a string");
        assert_eq!(format!("{id:?}"), "\"esempio\"");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"esempio\"");
        let back: PersonId = serde_json::from_str("\"esempio\"").unwrap();
        assert_eq!(back, id);
        assert_eq!(id, "esempio");
        assert_eq!("esempio", id);
    }

    #[test]
    fn maps_keyed_by_ids_are_found_by_str() {
        let mut people = IndexMap::new();
        people.insert(PersonId::from("esempio"), 1);
        assert_eq!(people.get("esempio"), Some(&1));
        assert_eq!(people.get("other"), None);
    }
}

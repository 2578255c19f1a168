//! Every command of the terminal application, in one place.
//!
//! A key press becomes an [`Action`] through the keymap, and [`crate::tui::app::App::update`]
//! applies it. Each action has a stable name (used in the configuration file to rebind
//! it) and a description (shown by the help screen, which is generated from the keymap
//! in effect), so adding a command here is all it takes to document it.

/// The screens, shown as tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Screen {
    Sessions,
    Delegation,
    Agenda,
    People,
    Problems,
}

impl Screen {
    pub const ALL: [Screen; 5] = [
        Screen::Sessions,
        Screen::Delegation,
        Screen::Agenda,
        Screen::People,
        Screen::Problems,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Sessions => "Sessions",
            Screen::Delegation => "Delegation",
            Screen::Agenda => "Agenda",
            Screen::People => "People",
            Screen::Problems => "Problems",
        }
    }

    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> Screen {
        Screen::ALL[(self.index() + 1) % Screen::ALL.len()]
    }

    /// The action that shows this screen (bound to its number).
    pub fn show_action(self) -> Action {
        match self {
            Screen::Sessions => Action::ShowSessions,
            Screen::Delegation => Action::ShowDelegation,
            Screen::Agenda => Action::ShowAgenda,
            Screen::People => Action::ShowPeople,
            Screen::Problems => Action::ShowProblems,
        }
    }

    /// The screen an action shows, if it shows one.
    pub fn shown_by(action: Action) -> Option<Screen> {
        Screen::ALL.into_iter().find(|s| s.show_action() == action)
    }

    pub fn prev(self) -> Screen {
        Screen::ALL[(self.index() + Screen::ALL.len() - 1) % Screen::ALL.len()]
    }
}

macro_rules! actions {
    ($($variant:ident = $name:literal, $desc:literal;)+) => {
        /// A command. Names are kebab-case and stable: the config file rebinds keys by name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $($variant),+ }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];

            /// The name used in the configuration file (`[keys] save = "ctrl-s"`).
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),+ }
            }

            /// What the action does, for the help screen.
            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => $desc),+ }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)+ _ => None }
            }
        }
    };
}

actions! {
    Quit = "quit", "Quit (asks first when there are unsaved changes)";
    Help = "help", "Show the keys in effect";
    Search = "search", "Find a session, person or meeting by name";
    Undo = "undo", "Undo the last change";
    Redo = "redo", "Redo the last undone change";
    Save = "save", "Save the changed plans to the database folder";
    Reload = "reload", "Read the files again (after fixing them in an editor)";
    Export = "export", "Export itineraries and the nomination letter";
    ShowSessions = "show-sessions", "Go to Sessions";
    ShowDelegation = "show-delegation", "Go to Delegation (of the chosen session)";
    ShowAgenda = "show-agenda", "Go to Agenda (of the chosen session)";
    ShowPeople = "show-people", "Go to People";
    ShowProblems = "show-problems", "Go to Problems";
    NextScreen = "next-screen", "Next tab";
    PrevScreen = "prev-screen", "Previous tab";
    Up = "up", "Move up";
    Down = "down", "Move down";
    PageUp = "page-up", "Move up a page";
    PageDown = "page-down", "Move down a page";
    Top = "top", "Go to the first item";
    Bottom = "bottom", "Go to the last item";
    Open = "open", "Open the selected item";
    Back = "back", "Clear the filter";
    FilterBody = "filter-body", "Show one UN body at a time (cycles)";
    ConfirmSession = "confirm-session", "Confirm the session's dates, saying where";
    AddSession = "add-session", "Add a session to the calendar";
    EditSession = "edit-session", "Change the session's dates, status or source";
    Filter = "filter", "Type to filter the list";
    Assign = "assign", "Add a person to the delegation";
    Unassign = "unassign", "Remove the selected person from the delegation, with their journeys, stays and meeting seats (asks first)";
    CycleRole = "cycle-role", "Change the selected delegate's role";
    EditDelegate = "edit-delegate", "Set arrival, departure and registration";
    ToggleRegistered = "toggle-registered", "Mark the delegate registered or not";
    Accreditation = "accreditation", "Tick the delegate's accreditation steps and visa";
    TravelAndHotels = "travel-and-hotels", "Book the delegate's journeys and hotel stays";
    Schedule = "schedule", "The delegate's own schedule, day by day, with their home time";
    RemoveItem = "remove-item", "Remove the selected journey or hotel stay (asks first)";
    AddPerson = "add-person", "Add a person to a section";
    EditPerson = "edit-person", "Edit the selected person: names, section, email, phone...";
    RemovePerson = "remove-person", "Remove the selected person (asks first, naming their plans)";
    AddSection = "add-section", "Add a section";
    EditSection = "edit-section", "Edit the selected person's section";
    NewMeeting = "new-meeting", "Add a meeting";
    EditMeeting = "edit-meeting", "Edit the selected meeting";
    MoveEarlier = "move-earlier", "Move the meeting 15 minutes earlier";
    MoveLater = "move-later", "Move the meeting 15 minutes later";
    Lengthen = "lengthen", "Make the meeting 15 minutes longer";
    Shorten = "shorten", "Make the meeting 15 minutes shorter";
    CancelMeeting = "cancel-meeting", "Cancel the meeting (or restore a cancelled one)";
    DeleteMeeting = "delete-meeting", "Delete the meeting (asks first)";
    Submit = "submit", "Accept";
    Cancel = "cancel", "Close without changes";
    NextField = "next-field", "Next field";
    PrevField = "prev-field", "Previous field";
    Toggle = "toggle", "Tick or untick (attendees, registered)";
    Yes = "yes", "Yes";
    No = "no", "No";
    SaveAndQuit = "save-and-quit", "Save, then quit";
    KeepMine = "keep-mine", "Keep your version when the files changed on disk";
    Redraw = "redraw", "Draw the whole screen again";
    PreviousSession = "previous-session", "Back to the session a search or a problem switched from";
}

impl Action {
    /// Whether the action changes the database (refused when it is read-only).
    pub fn edits(self) -> bool {
        matches!(
            self,
            Action::Assign
                | Action::Unassign
                | Action::CycleRole
                | Action::EditDelegate
                | Action::ToggleRegistered
                | Action::TravelAndHotels
                | Action::RemoveItem
                | Action::AddPerson
                | Action::EditPerson
                | Action::RemovePerson
                | Action::AddSection
                | Action::EditSection
                | Action::NewMeeting
                | Action::EditMeeting
                | Action::MoveEarlier
                | Action::MoveLater
                | Action::Lengthen
                | Action::Shorten
                | Action::CancelMeeting
                | Action::DeleteMeeting
                | Action::Undo
                | Action::Redo
                | Action::Save
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a.name()), "duplicate name {}", a.name());
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(!a.description().is_empty());
        }
    }

    #[test]
    fn screens_cycle() {
        assert_eq!(Screen::Problems.next(), Screen::Sessions);
        assert_eq!(Screen::Sessions.prev(), Screen::Problems);
    }
}

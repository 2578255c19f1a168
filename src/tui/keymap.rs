//! Keys to actions, per context (global, each screen, each kind of popup).
//!
//! The defaults live here; the configuration file may rebind any action by name. The
//! help screen and the status bar hints read the keymap in effect, so they always tell
//! the truth about the keys.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Screen};

/// Where a binding applies. A screen's bindings are tried before the global ones; an
/// open popup takes only its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Screen(Screen),
    /// Forms with fields (meeting, delegate).
    Form,
    /// A list with a query line (search, assign).
    Picker,
    /// A list to act on (a delegate's travel and hotels).
    List,
    Confirm,
    /// Scrolling text (help).
    Pager,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Screen(s) => s.title(),
            Context::Form => "In a form (meeting, delegate, export)",
            Context::Picker => "In search and pickers",
            Context::List => "In the travel and hotels list",
            Context::Confirm => "When asked to confirm",
            Context::Pager => "In help",
        }
    }

    /// Every context, in the order the help lists them.
    pub fn all() -> Vec<Context> {
        let mut v = vec![Context::Global];
        v.extend(Screen::ALL.iter().map(|s| Context::Screen(*s)));
        v.extend([
            Context::Form,
            Context::Picker,
            Context::List,
            Context::Confirm,
            Context::Pager,
        ]);
        v
    }
}

/// A key with its modifiers, normalised: a typed character carries its case, so Shift
/// is dropped for characters (`G`, not `shift-g`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Self { code, mods }
    }

    pub fn plain(code: KeyCode) -> Self {
        Self::new(code, KeyModifiers::NONE)
    }

    pub fn char(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    pub fn ctrl(c: char) -> Self {
        Self::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    pub fn from_event(e: &KeyEvent) -> Self {
        Self::new(e.code, e.modifiers)
    }

    /// Parse `ctrl-s`, `?`, `G`, `shift-tab`, `enter`, `pgdn`, `f1`, `space`...
    pub fn parse(s: &str) -> Option<Key> {
        let s = s.trim();
        if s.chars().count() == 1 {
            return s.chars().next().map(Key::char);
        }
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") || lower.starts_with("ctrl+") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") || lower.starts_with("alt+") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") || lower.starts_with("shift+") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            mods |= m;
            rest = &rest[len..];
        }
        if rest.chars().count() == 1 {
            let c = rest.chars().next()?;
            let c = if mods.contains(KeyModifiers::SHIFT) {
                c.to_ascii_uppercase()
            } else {
                c
            };
            return Some(Key::new(KeyCode::Char(c), mods));
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pgdown" | "pagedown" => KeyCode::PageDown,
            f if f.starts_with('f') => {
                KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
            }
            _ => return None,
        };
        Some(Key::new(code, mods))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("del"),
            KeyCode::Insert => f.write_str("ins"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub key: Key,
    pub action: Action,
}

#[derive(Debug, Clone)]
pub struct KeyMap {
    pub bindings: Vec<Binding>,
}

impl Default for KeyMap {
    fn default() -> Self {
        Self::defaults()
    }
}

impl KeyMap {
    pub fn defaults() -> Self {
        use Action as A;
        use Context as C;
        use KeyCode as K;
        let mut b = Vec::new();
        let mut bind = |context: Context, keys: &[Key], action: Action| {
            for key in keys {
                b.push(Binding {
                    context,
                    key: *key,
                    action,
                });
            }
        };
        let ch = Key::char;
        let p = Key::plain;
        // Global.
        bind(C::Global, &[ch('q'), Key::ctrl('c')], A::Quit);
        bind(C::Global, &[ch('?'), p(K::F(1))], A::Help);
        bind(C::Global, &[ch('/')], A::Search);
        bind(C::Global, &[ch('u')], A::Undo);
        bind(C::Global, &[Key::ctrl('r')], A::Redo);
        bind(C::Global, &[Key::ctrl('s')], A::Save);
        bind(C::Global, &[ch('R')], A::Reload);
        bind(C::Global, &[Key::ctrl('l')], A::Redraw);
        bind(C::Global, &[p(K::Backspace)], A::PreviousSession);
        bind(C::Global, &[ch('E')], A::Export);
        for (i, s) in Screen::ALL.iter().enumerate() {
            let digit = char::from_digit(i as u32 + 1, 10).unwrap_or('0');
            bind(C::Global, &[ch(digit)], s.show_action());
        }
        bind(C::Global, &[p(K::Tab)], A::NextScreen);
        bind(C::Global, &[p(K::BackTab)], A::PrevScreen);
        bind(C::Global, &[p(K::Up), ch('k')], A::Up);
        bind(C::Global, &[p(K::Down), ch('j')], A::Down);
        bind(C::Global, &[p(K::PageUp), Key::ctrl('b')], A::PageUp);
        bind(C::Global, &[p(K::PageDown), Key::ctrl('f')], A::PageDown);
        bind(C::Global, &[p(K::Home), ch('g')], A::Top);
        bind(C::Global, &[p(K::End), ch('G')], A::Bottom);
        bind(C::Global, &[p(K::Enter), p(K::Right), ch('l')], A::Open);
        bind(C::Global, &[p(K::Esc), p(K::Left), ch('h')], A::Back);
        // Screens: each screen's own keys (see `crate::tui::screens`).
        for s in Screen::ALL {
            for (key, action) in crate::tui::screens::keys(s) {
                bind(C::Screen(s), &[key], action);
            }
        }
        // Popups.
        bind(C::Form, &[p(K::Enter), Key::ctrl('s')], A::Submit);
        bind(C::Form, &[p(K::Esc)], A::Cancel);
        bind(C::Form, &[p(K::Tab), p(K::Down)], A::NextField);
        bind(C::Form, &[p(K::BackTab), p(K::Up)], A::PrevField);
        bind(C::Form, &[ch(' ')], A::Toggle);
        bind(C::Picker, &[p(K::Enter)], A::Submit);
        bind(C::Picker, &[p(K::Esc)], A::Cancel);
        bind(C::Picker, &[p(K::Up)], A::Up);
        bind(C::Picker, &[p(K::Down)], A::Down);
        bind(C::Picker, &[p(K::PageUp)], A::PageUp);
        bind(C::Picker, &[p(K::PageDown)], A::PageDown);
        bind(C::Picker, &[p(K::Tab)], A::NextField);
        bind(C::Picker, &[p(K::BackTab)], A::PrevField);
        bind(C::List, &[p(K::Enter), ch('e')], A::Open);
        bind(C::List, &[ch('d'), p(K::Delete)], A::RemoveItem);
        bind(C::List, &[p(K::Esc), ch('q')], A::Cancel);
        bind(C::List, &[p(K::Up), ch('k')], A::Up);
        bind(C::List, &[p(K::Down), ch('j')], A::Down);
        bind(C::List, &[p(K::Home), ch('g')], A::Top);
        bind(C::List, &[p(K::End), ch('G')], A::Bottom);
        bind(C::Confirm, &[ch('y')], A::Yes);
        bind(C::Confirm, &[ch('n'), p(K::Esc)], A::No);
        bind(C::Confirm, &[ch('s')], A::SaveAndQuit);
        bind(C::Confirm, &[ch('k')], A::KeepMine);
        bind(C::Confirm, &[p(K::Enter)], A::Submit);
        bind(
            C::Pager,
            &[p(K::Esc), ch('q'), ch('?'), p(K::Enter)],
            A::Cancel,
        );
        bind(C::Pager, &[p(K::Up), ch('k')], A::Up);
        bind(C::Pager, &[p(K::Down), ch('j')], A::Down);
        bind(C::Pager, &[p(K::PageUp), ch('b')], A::PageUp);
        bind(C::Pager, &[p(K::PageDown), ch(' ')], A::PageDown);
        bind(C::Pager, &[p(K::Home), ch('g')], A::Top);
        bind(C::Pager, &[p(K::End), ch('G')], A::Bottom);
        KeyMap { bindings: b }
    }

    /// The action a key means in `context`; a screen falls back to the global keys.
    pub fn lookup(&self, context: Context, key: Key) -> Option<Action> {
        let find = |c: Context| {
            self.bindings
                .iter()
                .find(|b| b.context == c && b.key == key)
                .map(|b| b.action)
        };
        match context {
            Context::Screen(_) => find(context).or_else(|| find(Context::Global)),
            _ => find(context),
        }
    }

    /// The keys bound to `action` in `context`, in order.
    pub fn keys_for(&self, context: Context, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| b.context == context && b.action == action)
            .map(|b| b.key)
            .collect()
    }

    /// The first key for an action, as shown in hints (`?`), looking in `context` and
    /// then globally.
    pub fn hint(&self, context: Context, action: Action) -> Option<String> {
        let local = self.keys_for(context, action);
        let keys = if local.is_empty() {
            self.keys_for(Context::Global, action)
        } else {
            local
        };
        keys.first().map(Key::to_string)
    }

    /// Rebind `action` to `keys`, in every context it has a default binding in (or
    /// globally if it has none). A key taken by another action in the same context is
    /// taken from it; the returned messages say so.
    pub fn rebind(&mut self, action: Action, keys: &[Key]) -> Vec<String> {
        let mut contexts: Vec<Context> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.action == action) {
            if !contexts.contains(&b.context) {
                contexts.push(b.context);
            }
        }
        if contexts.is_empty() {
            contexts.push(Context::Global);
        }
        let mut notes = Vec::new();
        self.bindings.retain(|b| b.action != action);
        for ctx in contexts {
            for key in keys {
                if let Some(other) = self
                    .bindings
                    .iter()
                    .find(|b| b.context == ctx && b.key == *key)
                {
                    notes.push(format!(
                        "key {key} moved from {} to {} ({})",
                        other.action.name(),
                        action.name(),
                        ctx.title()
                    ));
                }
                self.bindings
                    .retain(|b| !(b.context == ctx && b.key == *key));
                self.bindings.push(Binding {
                    context: ctx,
                    key: *key,
                    action,
                });
            }
        }
        notes
    }

    /// The bindings of one context grouped by action, in order of first appearance:
    /// what the help screen lists.
    pub fn describe(&self, context: Context) -> Vec<(Action, Vec<Key>)> {
        let mut out: Vec<(Action, Vec<Key>)> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.context == context) {
            match out.iter_mut().find(|(a, _)| *a == b.action) {
                Some((_, keys)) => keys.push(b.key),
                None => out.push((b.action, vec![b.key])),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_keys() {
        assert_eq!(Key::parse("ctrl-s"), Some(Key::ctrl('s')));
        assert_eq!(Key::parse("Ctrl+S"), Some(Key::ctrl('s')));
        assert_eq!(Key::parse("?"), Some(Key::char('?')));
        assert_eq!(Key::parse("G"), Some(Key::char('G')));
        assert_eq!(Key::parse("shift-g"), Some(Key::char('G')));
        assert_eq!(Key::parse("shift-tab"), Some(Key::plain(KeyCode::BackTab)));
        assert_eq!(Key::parse("f1"), Some(Key::plain(KeyCode::F(1))));
        assert_eq!(Key::parse("space"), Some(Key::char(' ')));
        assert_eq!(Key::parse("hyper-x"), None);
        assert_eq!(Key::parse("f99"), None);
        assert_eq!(Key::ctrl('s').to_string(), "ctrl-s");
        for k in [
            "ctrl-s",
            "?",
            "G",
            "enter",
            "shift-tab",
            "pgdn",
            "f5",
            "space",
        ] {
            let key = Key::parse(k).unwrap();
            assert_eq!(Key::parse(&key.to_string()), Some(key), "{k}");
        }
    }

    #[test]
    fn events_are_normalised() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&shifted), Key::char('G'));
        let ctrl = KeyEvent::new(
            KeyCode::Char('R'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(Key::from_event(&ctrl), Key::ctrl('r'));
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&backtab), Key::plain(KeyCode::BackTab));
    }

    #[test]
    fn screen_keys_before_global_ones() {
        let km = KeyMap::defaults();
        let agenda = Context::Screen(Screen::Agenda);
        assert_eq!(km.lookup(agenda, Key::char('n')), Some(Action::NewMeeting));
        assert_eq!(km.lookup(agenda, Key::char('H')), Some(Action::MoveEarlier));
        assert_eq!(km.lookup(agenda, Key::char('<')), Some(Action::MoveEarlier));
        assert_eq!(km.lookup(agenda, Key::char('>')), Some(Action::MoveLater));
        assert_eq!(km.lookup(agenda, Key::char('+')), Some(Action::Lengthen));
        assert_eq!(km.lookup(agenda, Key::char('j')), Some(Action::Down));
        assert_eq!(km.lookup(agenda, Key::ctrl('s')), Some(Action::Save));
        assert_eq!(km.lookup(agenda, Key::ctrl('r')), Some(Action::Redo));
        let deleg = Context::Screen(Screen::Delegation);
        assert_eq!(km.lookup(deleg, Key::char('a')), Some(Action::Assign));
        assert_eq!(km.lookup(deleg, Key::char('n')), None);
        assert_eq!(
            km.lookup(Context::Screen(Screen::Sessions), Key::char('3')),
            Some(Action::ShowAgenda)
        );
        // A popup takes only its own keys.
        assert_eq!(km.lookup(Context::Picker, Key::char('q')), None);
        assert_eq!(
            km.lookup(Context::Confirm, Key::char('y')),
            Some(Action::Yes)
        );
    }

    #[test]
    fn rebinding_moves_keys() {
        let mut km = KeyMap::defaults();
        let notes = km.rebind(Action::Save, &[Key::char('w')]);
        assert!(notes.is_empty());
        let g = Context::Screen(Screen::Sessions);
        assert_eq!(km.lookup(g, Key::char('w')), Some(Action::Save));
        assert_eq!(km.lookup(g, Key::ctrl('s')), None);
        let notes = km.rebind(Action::Help, &[Key::char('u')]);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(km.lookup(g, Key::char('u')), Some(Action::Help));
        assert_eq!(km.hint(g, Action::Help).as_deref(), Some("u"));
    }

    #[test]
    fn every_action_reachable_by_default() {
        let km = KeyMap::defaults();
        for a in Action::ALL {
            assert!(
                km.bindings.iter().any(|b| b.action == *a),
                "{} has no key",
                a.name()
            );
        }
    }
}

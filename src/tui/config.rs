//! The user's configuration: `config.toml` in the config folder (on Linux
//! `~/.config/attache/config.toml`). Everything is optional, and a missing or broken
//! file never stops the application: what can be read is used, the rest falls back to
//! the defaults, and the problems are shown in the status bar.
//!
//! ```toml
//! theme = "dark"                  # or "light"; NO_COLOR in the environment turns colours off
//! home_timezone = "Europe/Rome"   # also show meeting times in this zone
//!
//! [keys]                          # action name = key, or a list of keys
//! save = "ctrl-w"
//! quit = ["q", "ctrl-q"]
//! ```
//!
//! The action names are those the help screen (`?`) shows in brackets.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde::Deserialize;

use super::action::Action;
use super::keymap::{Key, KeyMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeKind {
    #[default]
    Dark,
    Light,
}

/// The configuration in effect.
#[derive(Debug, Clone)]
pub struct Config {
    pub theme: ThemeKind,
    /// No colours at all (`NO_COLOR` is set).
    pub no_color: bool,
    pub home_tz: Option<Tz>,
    pub keymap: KeyMap,
    /// Where it was read from, if anywhere.
    pub path: Option<PathBuf>,
    /// What was wrong with the file, for the status bar.
    pub messages: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            theme: ThemeKind::Dark,
            no_color: false,
            home_tz: None,
            keymap: KeyMap::defaults(),
            path: None,
            messages: Vec::new(),
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    theme: Option<String>,
    home_timezone: Option<String>,
    #[serde(default)]
    keys: toml::Table,
}

/// The configuration file's usual place.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "attache", "attache")
        .map(|d| d.config_dir().join("config.toml"))
}

/// Read the configuration at `path` (none: defaults), honouring `NO_COLOR`.
pub fn load(path: Option<&Path>) -> Config {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let mut config = match path {
        Some(p) => match std::fs::read_to_string(p) {
            Ok(text) => {
                let mut c = parse(&text);
                c.messages = c
                    .messages
                    .into_iter()
                    .map(|m| format!("{}: {m}", p.display()))
                    .collect();
                c.path = Some(p.to_path_buf());
                c
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(e) => Config {
                messages: vec![format!(
                    "cannot read {}: {e} (using the defaults)",
                    p.display()
                )],
                ..Config::default()
            },
        },
        None => Config::default(),
    };
    config.no_color |= no_color;
    config
}

/// Parse the text of a configuration file; problems become messages, never errors.
pub fn parse(text: &str) -> Config {
    let mut config = Config::default();
    let raw: RawConfig = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let msg = e.message().trim().to_string();
            config
                .messages
                .push(format!("not read ({msg}); using the defaults"));
            return config;
        }
    };
    match raw.theme.as_deref() {
        None | Some("dark") => {}
        Some("light") => config.theme = ThemeKind::Light,
        Some(other) => config.messages.push(format!(
            "theme \"{}\" is unknown: use \"dark\" or \"light\"",
            crate::text::printable(other)
        )),
    }
    if let Some(name) = raw.home_timezone {
        match crate::time::parse_tz(&name) {
            Some(tz) => config.home_tz = Some(tz),
            None => {
                let hint = crate::diag::did_you_mean(&name, crate::time::tz_names())
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                config.messages.push(format!(
                    "home_timezone \"{}\" is not a time zone{hint}",
                    crate::text::printable(&name)
                ));
            }
        }
    }
    for (name, value) in &raw.keys {
        let Some(action) = Action::from_name(name) else {
            let hint = crate::diag::did_you_mean(name, Action::ALL.iter().map(|a| a.name()))
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            config.messages.push(format!(
                "[keys] {}: no such action{hint}",
                crate::text::printable(name)
            ));
            continue;
        };
        let texts: Vec<&str> = match value {
            toml::Value::String(s) => vec![s.as_str()],
            toml::Value::Array(a) => a.iter().filter_map(|v| v.as_str()).collect(),
            _ => Vec::new(),
        };
        let keys: Option<Vec<Key>> = texts.iter().map(|t| Key::parse(t)).collect();
        match keys {
            Some(keys) if !keys.is_empty() => {
                config.messages.extend(config.keymap.rebind(action, &keys));
            }
            _ => {
                let shown = match value {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                config.messages.push(format!(
                    "[keys] {name}: \"{}\" is not a key (write e.g. \"ctrl-s\", \"?\" or [\"j\", \"down\"])",
                    crate::text::printable(&shown)
                ))
            }
        }
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::Screen;
    use crate::tui::keymap::Context;

    #[test]
    fn full_config() {
        let c = parse(
            "theme = \"light\"\nhome_timezone = \"Europe/Rome\"\n[keys]\nsave = \"ctrl-w\"\nquit = [\"q\", \"ctrl-q\"]\n",
        );
        assert!(c.messages.is_empty(), "{:?}", c.messages);
        assert_eq!(c.theme, ThemeKind::Light);
        assert_eq!(c.home_tz, Some(chrono_tz::Europe::Rome));
        let ctx = Context::Screen(Screen::Sessions);
        assert_eq!(c.keymap.lookup(ctx, Key::ctrl('w')), Some(Action::Save));
        assert_eq!(c.keymap.lookup(ctx, Key::ctrl('q')), Some(Action::Quit));
        assert_eq!(c.keymap.lookup(ctx, Key::ctrl('s')), None);
    }

    /// Every problem is said, not only the first; a key that is not one is one.
    #[test]
    fn every_problem_is_said() {
        let c = parse(
            "theme = \"blue\"\nhome_timezone = \"Mars\"\n[keys]\nquit = \"zz\"\nsavee = \"s\"\n",
        );
        assert_eq!(c.messages.len(), 4, "{:?}", c.messages);
        assert!(
            c.messages
                .iter()
                .any(|m| m.contains("quit") && m.contains("\"zz\" is not a key")),
            "{:?}",
            c.messages
        );
        let ctx = Context::Screen(Screen::Sessions);
        assert_eq!(
            c.keymap.lookup(ctx, Key::char('q')),
            Some(Action::Quit),
            "the default stays"
        );
    }

    #[test]
    fn broken_config_falls_back() {
        let c = parse("theme = [");
        assert_eq!(c.messages.len(), 1);
        assert!(c.messages[0].contains("using the defaults"));
        assert_eq!(c.theme, ThemeKind::Dark);

        let c = parse(
            "theme = \"pink\"\nhome_timezone = \"Europe/Rom\"\n[keys]\nsav = \"x\"\nhelp = \"hyper-x\"\n",
        );
        assert_eq!(c.messages.len(), 4, "{:?}", c.messages);
        let all = c.messages.join("\n");
        assert!(all.contains("did you mean \"Europe/Rome\""), "{all}");
        assert!(all.contains("did you mean \"save\""), "{all}");
        assert!(all.contains("\"hyper-x\" is not a key"), "{all}");
        let ctx = Context::Screen(Screen::Sessions);
        assert_eq!(c.keymap.lookup(ctx, Key::char('?')), Some(Action::Help));
    }

    #[test]
    fn missing_file_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        let c = load(Some(&dir.path().join("nope.toml")));
        assert!(c.messages.is_empty());
        let c = load(Some(dir.path()));
        assert_eq!(c.messages.len(), 1, "a folder is not a file");
    }
}

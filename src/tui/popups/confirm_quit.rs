//! Asking before something that cannot be taken back (quitting with unsaved changes,
//! deleting a meeting, reloading over unsaved changes), offering to restore the
//! unsaved plans of an earlier run, and messages too long for the status bar (a
//! save refused because files changed on disk).

use crate::ids::PersonId;
use crate::ids::{MeetingId, SessionId};
use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::planning::ops;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::keymap::Context;
use crate::tui::popups::logistics::Row;
use crate::tui::queue::Msg;
use crate::tui::widgets;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Quit with these sessions' plans unsaved, and the people and sections if
    /// `people`.
    Quit {
        sessions: Vec<SessionId>,
        people: bool,
    },
    DeleteMeeting {
        id: MeetingId,
    },
    /// Take a delegate out of a delegation, with what goes with them (`with`, in
    /// words: their journeys, stays and meeting seats).
    RemoveDelegate {
        session: SessionId,
        person: PersonId,
        role: String,
        with: Option<String>,
    },
    /// Remove a person from the database, and from the plans they are in (`plans`:
    /// one line each, what they have there).
    RemovePerson {
        person: PersonId,
        plans: Vec<String>,
    },
    /// Remove a delegate's journey or hotel stay `id` (`index` in the plan's list of
    /// its kind when asked), described in `what`; the travel and hotels list comes
    /// back after.
    RemoveItem {
        session: SessionId,
        person: PersonId,
        kind: crate::planning::ItemKind,
        index: usize,
        id: String,
        what: String,
    },
    /// Files of the database changed on disk (`files`, relative to its folder; empty
    /// when the user asked to reload), with or without unsaved changes here.
    DiskChanged {
        files: Vec<PathBuf>,
        dirty: bool,
    },
    /// Unsaved plans of an earlier run, set aside in `dir`.
    Recover {
        dir: PathBuf,
        sessions: Vec<String>,
        /// Unsaved people and sections are kept too.
        people: bool,
        /// And unsaved sessions of the calendar.
        calendar: bool,
        written: Option<String>,
    },
    /// A message to read, closed by any answer.
    Notice {
        title: String,
        text: String,
    },
}

/// At most this many file names are listed; the rest are counted.
const MAX_FILES: usize = 6;

fn file_list(files: &[PathBuf]) -> String {
    let mut out: Vec<String> = files
        .iter()
        .take(MAX_FILES)
        .map(|f| format!("  {}", f.display()))
        .collect();
    if files.len() > MAX_FILES {
        out.push(format!("  and {} more", files.len() - MAX_FILES));
    }
    out.join("\n")
}

/// What an earlier run left unsaved: "the plans for a, b and the people and sections".
fn unsaved_words(sessions: &[String], people: bool, calendar: bool) -> String {
    let plans = (!sessions.is_empty())
        .then(|| format!("the plans for {}", widgets::fit(&sessions.join(", "), 200)));
    let people = people.then(|| "the people and sections".to_string());
    let calendar = calendar.then(|| "sessions of the calendar".to_string());
    plans
        .into_iter()
        .chain(people)
        .chain(calendar)
        .collect::<Vec<_>>()
        .join(" and ")
}

/// What is unsaved, in words: the plans of some sessions, the people and sections.
fn unsaved(sessions: &[SessionId], people: bool) -> String {
    let plans = (!sessions.is_empty()).then(|| {
        format!(
            "the plans for {}",
            widgets::fit(
                &crate::text::printable(
                    &sessions
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                200
            )
        )
    });
    let people = people.then(|| "the people and sections".to_string());
    let what: Vec<String> = plans.into_iter().chain(people).collect();
    format!("Unsaved changes in {}.", what.join(" and "))
}

impl Component for Confirm {
    fn context(&self) -> Context {
        Context::Confirm
    }

    fn handle(&mut self, action: Action, ctx: &Ctx, out: &mut Vec<Msg>) {
        match (&*self, action) {
            (Confirm::Quit { .. }, Action::Yes) => out.extend([Msg::Close, Msg::QuitNow]),
            (Confirm::Quit { .. }, Action::SaveAndQuit) => {
                out.extend([Msg::Close, Msg::SaveAndQuit])
            }
            (Confirm::DeleteMeeting { id }, Action::Yes) => {
                out.push(Msg::Close);
                out.push(Msg::apply(ops::remove_meeting(
                    ctx.db,
                    &MeetingId::from(id),
                )));
            }
            (
                Confirm::RemoveDelegate {
                    session, person, ..
                },
                Action::Yes,
            ) => {
                out.push(Msg::Close);
                out.push(Msg::apply(ops::unassign(ctx.db, session, person)));
            }
            (Confirm::RemovePerson { person, .. }, Action::Yes) => {
                out.push(Msg::Close);
                out.push(Msg::apply(ops::remove_person(ctx.db, person)));
            }
            (
                Confirm::RemoveItem {
                    session,
                    person,
                    kind,
                    index,
                    id,
                    ..
                },
                answer,
            ) if matches!(answer, Action::Yes | Action::No | Action::Cancel) => {
                // Back on the item kept, or on adding one of the kind removed.
                let back = |row| Msg::Logistics {
                    session: session.clone(),
                    person: person.clone(),
                    row: Some(row),
                };
                let kept = back(Row::Item(*kind, *index));
                out.push(if answer == Action::Yes {
                    Msg::Apply {
                        op: ops::remove_by_id(ctx.db, session, *kind, id),
                        then: vec![back(Row::Add(*kind))],
                        otherwise: vec![kept],
                    }
                } else {
                    kept
                });
            }
            (Confirm::DiskChanged { .. }, Action::Yes) => out.extend([Msg::Close, Msg::ReloadNow]),
            (Confirm::DiskChanged { files, dirty: true }, Action::KeepMine) => {
                out.push(Msg::Close);
                out.push(Msg::Info(if files.is_empty() {
                    "kept your changes (unsaved)".to_string()
                } else {
                    format!(
                        "kept your version: ctrl-s writes it beside theirs as {}{}",
                        files[0].display(),
                        crate::store::save::CONFLICT_SUFFIX
                    )
                }));
            }
            (Confirm::DiskChanged { files, .. }, Action::No | Action::Cancel) => {
                out.push(Msg::Close);
                if !files.is_empty() {
                    out.push(Msg::Info(
                        "not reloaded: R reloads when you are ready".into(),
                    ));
                }
            }
            (Confirm::Recover { dir, .. }, Action::Yes) => {
                out.extend([Msg::Close, Msg::Restore(dir.clone())])
            }
            (Confirm::Recover { dir, .. }, Action::No | Action::Cancel) => {
                out.push(Msg::Close);
                out.push(Msg::Info(format!(
                    "set aside: the copies of the earlier run stay in {}",
                    dir.display()
                )));
            }
            (Confirm::Notice { .. }, Action::Yes | Action::Submit) => out.push(Msg::Close),
            (_, Action::No | Action::Cancel) => out.push(Msg::Close),
            _ => {}
        }
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let km = &ctx.config.keymap;
        let key = |a: Action| km.hint(Context::Confirm, a).unwrap_or_default();
        let (title, text, choices): (&str, String, Vec<(String, String)>) = match self {
            Confirm::Quit { sessions, people } => (
                "Unsaved changes",
                unsaved(sessions, *people),
                vec![
                    (key(Action::SaveAndQuit), "save and quit".into()),
                    (key(Action::Yes), "quit without saving".into()),
                    (key(Action::No), "stay".into()),
                ],
            ),
            Confirm::DeleteMeeting { id } => (
                "Delete meeting",
                format!(
                    "Delete the meeting {}? (u undoes it until you quit)",
                    crate::text::printable(id)
                ),
                vec![
                    (key(Action::Yes), "delete".into()),
                    (key(Action::No), "keep it".into()),
                ],
            ),
            Confirm::RemoveDelegate {
                session,
                person,
                role,
                with,
            } => (
                "Remove delegate",
                format!(
                    "Remove {} ({role}) from the delegation to {}{}? (u undoes it until you quit)",
                    crate::text::printable(ctx.db.person_name(person)),
                    crate::text::printable(session),
                    with.as_deref()
                        .map(|w| format!(", with {}", crate::text::printable(w)))
                        .unwrap_or_default()
                ),
                vec![
                    (key(Action::Yes), "remove".into()),
                    (key(Action::No), "keep them".into()),
                ],
            ),
            Confirm::RemovePerson { person, plans } => (
                "Remove person",
                if plans.is_empty() {
                    format!(
                        "Remove {} from the database? (u undoes it until you quit)",
                        crate::text::printable(ctx.db.person_name(person))
                    )
                } else {
                    format!(
                        "Remove {} from the database? They are in these plans, and will be taken out of them:\n{}\n(u undoes it all until you quit)",
                        crate::text::printable(ctx.db.person_name(person)),
                        plans
                            .iter()
                            .map(|p| format!("  {}", crate::text::printable(p)))
                            .collect::<Vec<_>>()
                            .join("\n")
                    )
                },
                vec![
                    (key(Action::Yes), "remove".into()),
                    (key(Action::No), "keep them".into()),
                ],
            ),
            Confirm::RemoveItem { kind, what, .. } => (
                match kind {
                    crate::planning::ItemKind::Stay => "Remove hotel stay",
                    _ => "Remove journey",
                },
                format!(
                    "Remove {}? (u undoes it until you quit)",
                    crate::text::printable(what)
                ),
                vec![
                    (key(Action::Yes), "remove".into()),
                    (key(Action::No), "keep it".into()),
                ],
            ),
            Confirm::DiskChanged { files, dirty } => {
                let mut text = if files.is_empty() {
                    "Read the database's files again?".to_string()
                } else {
                    format!(
                        "{} of the database changed on disk since attaché read {}, in another program or another attaché:\n{}",
                        if files.len() == 1 { "A file" } else { "Files" },
                        if files.len() == 1 { "it" } else { "them" },
                        file_list(files)
                    )
                };
                if *dirty {
                    text.push_str(
                        "\nYou have unsaved changes. Saving never writes over a changed file: it writes your version beside it, as <file>.mine, to merge by hand.",
                    );
                    (
                        if files.is_empty() {
                            "Reload"
                        } else {
                            "Changed on disk"
                        },
                        text,
                        vec![
                            (key(Action::Yes), "reload and lose my changes".into()),
                            (key(Action::KeepMine), "keep mine".into()),
                            (key(Action::No), "cancel".into()),
                        ],
                    )
                } else {
                    (
                        if files.is_empty() {
                            "Reload"
                        } else {
                            "Changed on disk"
                        },
                        text,
                        vec![
                            (key(Action::Yes), "reload".into()),
                            (key(Action::No), "not now".into()),
                        ],
                    )
                }
            }
            Confirm::Recover {
                dir,
                sessions,
                people,
                calendar,
                written,
            } => (
                "Unsaved plans from an earlier run",
                format!(
                    "An earlier run of attaché ended without saving {}{}. They were kept in\n  {}\nRestore them as unsaved changes (ctrl-s then saves them, u undoes), or set them aside (they stay in that folder)?",
                    unsaved_words(sessions, *people, *calendar),
                    written
                        .as_deref()
                        .map(|w| format!(" (copied {w})"))
                        .unwrap_or_default(),
                    dir.display()
                ),
                vec![
                    (key(Action::Yes), "restore".into()),
                    (key(Action::No), "set aside".into()),
                ],
            ),
            Confirm::Notice { title, text } => (
                title.as_str(),
                text.clone(),
                vec![(key(Action::Submit), "ok".into())],
            ),
        };
        let w = area.width.saturating_sub(4).min(84);
        let inner_w = w.saturating_sub(2) as usize;
        let body: Vec<Line> = widgets::wrap(&text, inner_w)
            .into_iter()
            .map(Line::raw)
            .collect();
        let mut spans = Vec::new();
        for (k, what) in choices {
            spans.push(Span::styled(k, t.key));
            spans.push(Span::raw(format!(" {what}   ")));
        }
        let mut tail = vec![Line::raw("")];
        tail.extend(crate::tui::screens::reflow(&Line::from(spans), inner_w));
        let h = ((body.len() + tail.len()) as u16 + 2).min(area.height);
        let rect = widgets::centered(area, w, h);
        let inner = super::frame(buf, rect, title, t);
        // The answers stay visible when the text does not fit.
        let n = inner.height as usize;
        let keep = n.saturating_sub(tail.len());
        let shown: Vec<&Line> = body.iter().take(keep).chain(tail.iter()).take(n).collect();
        for (y, line) in shown.into_iter().enumerate() {
            buf.set_line(inner.x, inner.y + y as u16, line, inner.width);
        }
    }
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::tui::testing::*;

    #[test]
    fn quit_asks_only_with_unsaved_changes() {
        let mut a = app();
        key(&mut a, KeyCode::Char('q'));
        assert!(a.should_quit);

        let mut a = app();
        a.update(Action::ShowAgenda);
        a.update(Action::CancelMeeting);
        key(&mut a, KeyCode::Char('q'));
        assert!(!a.should_quit);
        assert!(matches!(
            a.popup,
            Some(Popup::Confirm(Confirm::Quit { .. }))
        ));
        key(&mut a, KeyCode::Char('n'));
        assert!(a.popup.is_none() && !a.should_quit);
        key(&mut a, KeyCode::Char('q'));
        key(&mut a, KeyCode::Esc);
        assert!(a.popup.is_none() && !a.should_quit);
        key(&mut a, KeyCode::Char('q'));
        key(&mut a, KeyCode::Char('y'));
        assert!(a.should_quit);
    }
}

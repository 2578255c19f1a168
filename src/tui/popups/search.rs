//! `/`: fuzzy search over sessions, people and meetings; Enter shows the item.

use crate::ids::{MeetingId, PersonId, SessionId};
use std::cell::Cell;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use chrono::NaiveDate;

use crate::model::Database;
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx};
use crate::tui::derived::{Fuzzy, Target};
use crate::tui::keymap::{Context, Key};
use crate::tui::popups::TextField;
use crate::tui::queue::Msg;
use crate::tui::widgets;
use rayon::prelude::*;
use std::fmt::Write as _;

/// The most results kept (the best ones).
pub const MAX_HITS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hit {
    Session(SessionId),
    Person(PersonId),
    Meeting { session: SessionId, id: MeetingId },
}

#[derive(Debug, Default)]
pub struct Search {
    pub query: TextField,
    pub hits: Vec<Hit>,
    pub selected: usize,
    pub top: Cell<usize>,
}

impl Search {
    /// Match the query against every session, person and meeting. What belongs to the
    /// working session comes first (the session, its meetings, its delegates), then
    /// what is upcoming (and people), then the past; within each, the best matches
    /// first, and the nearer sessions before the farther.
    pub fn refresh(&mut self, db: &Database, working: Option<&str>, today: NaiveDate) {
        self.selected = 0;
        self.top.set(0);
        self.hits.clear();
        if self.query.text.trim().is_empty() {
            return;
        }
        let query = self.query.text.as_str();
        let mut f = Fuzzy::new(query);
        let rank = Rank { db, working, today };
        // Scored by reference: a query can match every one of 50,000 meetings, and
        // only the best MAX_HITS become hits (ids cloned, sorted).
        // (tier, score, kind, order found in: the tie-break a stable sort kept, match)
        let mut scored: Vec<(Tier, u32, usize, usize, Found)> = Vec::new();
        let mut hay = String::new();
        for s in db.sessions.values() {
            hay.clear();
            let _ = write!(hay, "{} {} {}", s.id, s.body, s.title);
            if let Some(sc) = f.score(&hay) {
                scored.push((
                    rank.session(&s.id),
                    sc,
                    0,
                    scored.len(),
                    Found::Session(&s.id),
                ));
            }
        }
        for p in db.people.values() {
            hay.clear();
            let _ = write!(hay, "{} {}", p.name, p.id);
            if let Some(sc) = f.score(&hay) {
                scored.push((
                    rank.person(&p.id),
                    sc,
                    1,
                    scored.len(),
                    Found::Person(&p.id),
                ));
            }
        }
        // The meetings, the many, on all cores: a matcher and a buffer per thread,
        // the matches collected in the plans' order.
        let meetings: Vec<(&str, &crate::model::Meeting)> = db.meetings().collect();
        let matched: Vec<(usize, u32)> = meetings
            .par_iter()
            .enumerate()
            .map_init(
                || (Fuzzy::new(query), String::new()),
                |(f, hay), (n, (_, m))| {
                    hay.clear();
                    let with = m.with.as_deref().unwrap_or("");
                    let _ = write!(hay, "{} {} {with}", m.title, m.id);
                    f.score(hay).map(|sc| (n, sc))
                },
            )
            .flatten()
            .collect();
        for (n, sc) in matched {
            let (session, m) = meetings[n];
            let found = Found::Meeting(session, &m.id);
            scored.push((rank.session(session), sc, 2, scored.len(), found));
        }
        type Scored<'a> = (Tier, u32, usize, usize, Found<'a>);
        let order = |a: &Scored, b: &Scored| {
            (a.0, std::cmp::Reverse(a.1), a.2, a.3).cmp(&(b.0, std::cmp::Reverse(b.1), b.2, b.3))
        };
        if scored.len() > MAX_HITS {
            scored.select_nth_unstable_by(MAX_HITS, order);
            scored.truncate(MAX_HITS);
        }
        scored.sort_unstable_by(order);
        self.hits = scored.into_iter().map(|(.., found)| found.hit()).collect();
    }

    pub fn move_selection(&mut self, action: Action) {
        let n = self.hits.len();
        if n == 0 {
            return;
        }
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(n - 1),
            Action::PageUp => self.selected.saturating_sub(10),
            Action::PageDown => (self.selected + 10).min(n - 1),
            _ => self.selected,
        };
    }
}

/// A match before it becomes a [`Hit`]: borrowed, so that ranking many costs no copies.
#[derive(Clone, Copy)]
enum Found<'a> {
    Session(&'a SessionId),
    Person(&'a PersonId),
    Meeting(&'a str, &'a MeetingId),
}

impl Found<'_> {
    fn hit(self) -> Hit {
        match self {
            Found::Session(s) => Hit::Session(s.clone()),
            Found::Person(p) => Hit::Person(p.clone()),
            Found::Meeting(session, id) => Hit::Meeting {
                session: session.into(),
                id: id.clone(),
            },
        }
    }
}

/// Where a hit stands before its score: the working session's first, then upcoming
/// ones (nearest first), then past ones (latest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Working,
    /// Days from today to the session's start (people not in the working delegation: 0).
    Upcoming(i64),
    /// Days from the session's start back to today.
    Past(i64),
}

struct Rank<'a> {
    db: &'a Database,
    working: Option<&'a str>,
    today: NaiveDate,
}

impl Rank<'_> {
    fn session(&self, id: &str) -> Tier {
        if self.working == Some(id) {
            return Tier::Working;
        }
        match self.db.sessions.get(id) {
            Some(s) if s.is_upcoming(self.today) => {
                Tier::Upcoming((s.start - self.today).num_days().max(0))
            }
            Some(s) => Tier::Past((self.today - s.start).num_days()),
            None => Tier::Past(i64::MAX),
        }
    }

    fn person(&self, id: &str) -> Tier {
        let delegate = self
            .working
            .and_then(|w| self.db.plans.get(w))
            .is_some_and(|p| p.delegate(id).is_some());
        if delegate {
            Tier::Working
        } else {
            Tier::Upcoming(0)
        }
    }
}

impl Component for Search {
    fn context(&self) -> Context {
        Context::Picker
    }

    fn hints(&self) -> &'static [(Action, &'static str)] {
        &[(Action::Submit, "show"), (Action::Cancel, "close")]
    }

    fn handle(&mut self, action: Action, _ctx: &Ctx, out: &mut Vec<Msg>) {
        match action {
            Action::Cancel => out.push(Msg::Close),
            Action::Submit => {
                if let Some(hit) = self.hits.get(self.selected).cloned() {
                    out.push(Msg::Close);
                    out.push(Msg::Jump(match hit {
                        Hit::Session(s) => Target::Session(s),
                        Hit::Person(p) => Target::Person(p),
                        Hit::Meeting { session, id } => Target::Meeting { session, id },
                    }));
                }
            }
            a => self.move_selection(a),
        }
    }

    fn input(&mut self, key: Key, ctx: &Ctx, _out: &mut Vec<Msg>) {
        if self.query.input(key) {
            self.refresh(ctx.db, ctx.session.map(|s| s.as_str()), ctx.today);
        }
    }

    fn paste(&mut self, text: &str, ctx: &Ctx, _out: &mut Vec<Msg>) {
        self.query.paste(text);
        self.refresh(ctx.db, ctx.session.map(|s| s.as_str()), ctx.today);
    }

    fn draw(&self, ctx: &Ctx, area: Rect, buf: &mut Buffer) {
        let t = ctx.theme;
        let db = ctx.db;
        let rect = widgets::centered(area, 90, area.height.saturating_sub(4).min(24));
        let inner = super::frame(buf, rect, "Search (enter: show, esc: close)", t);
        if inner.is_empty() {
            return;
        }
        let w = inner.width as usize;
        let mut spans = vec![Span::styled("/ ", t.key)];
        spans.extend(self.query.spans(true, w.saturating_sub(2), t));
        buf.set_line(inner.x, inner.y, &Line::from(spans), inner.width);
        let list = Rect::new(
            inner.x,
            inner.y + 2.min(inner.height),
            inner.width,
            inner.height.saturating_sub(2),
        );
        if self.hits.is_empty() {
            let text = if self.query.text.trim().is_empty() {
                "type a name, an id or a title: sessions, people and meetings"
            } else {
                "nothing matches"
            };
            if list.height > 0 {
                buf.set_line(
                    list.x,
                    list.y,
                    &Line::from(Span::styled(text, t.dim)),
                    list.width,
                );
            }
            return;
        }
        widgets::list(
            buf,
            list,
            self.hits.len(),
            Some(self.selected),
            &self.top,
            t.selected,
            |i, w| {
                let (kind, name, extra) = match &self.hits[i] {
                    Hit::Session(id) => {
                        let s = db.sessions.get(id);
                        (
                            "session",
                            s.map_or(id.to_string(), |s| s.title.clone()),
                            s.map_or(String::new(), |s| format!("{} · {}", s.id, s.start)),
                        )
                    }
                    Hit::Person(id) => {
                        let p = db.people.get(id);
                        let section = p
                            .and_then(|p| db.sections.get(&p.section))
                            .map_or(String::new(), |s| s.name.clone());
                        (
                            "person",
                            p.map_or(id.to_string(), |p| p.name.clone()),
                            section,
                        )
                    }
                    Hit::Meeting { session, id } => {
                        let m = db.plans.get(session).and_then(|p| p.meeting(id));
                        (
                            "meeting",
                            m.map_or(id.to_string(), |m| m.title.clone()),
                            m.map_or(session.to_string(), |m| {
                                format!("{session} · {}", m.start.format("%a %d %b %H:%M"))
                            }),
                        )
                    }
                };
                let extra_w = (w / 3).min(32);
                let name_w = w.saturating_sub(9 + extra_w + 1);
                Line::from(vec![
                    Span::styled(widgets::cell(kind, 9), t.dim),
                    Span::raw(widgets::cell(&name, name_w)),
                    Span::raw(" "),
                    Span::styled(widgets::cell(&extra, extra_w), t.dim),
                ])
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_people_meetings_sessions() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let loaded = crate::tui::testing::sample(today);
        let mut s = Search {
            query: TextField::new("esempio"),
            ..Search::default()
        };
        s.refresh(&loaded.db, Some("cnd-70"), today);
        assert_eq!(s.hits[0], Hit::Person("esempio".into()));
        s.query = TextField::new("lab visit");
        s.refresh(&loaded.db, Some("cnd-70"), today);
        assert!(matches!(s.hits[0], Hit::Meeting { .. }), "{:?}", s.hits);
        s.query = TextField::new("cnd-70");
        s.refresh(&loaded.db, Some("cnd-70"), today);
        assert_eq!(s.hits[0], Hit::Session("cnd-70".into()));
    }

    /// "session" matches sessions and meetings of several sessions: the working session's come
    /// first, then the upcoming ones, then the past ones, latest first.
    #[test]
    fn the_working_session_first_then_upcoming_then_past() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let db = crate::tui::testing::sample(today).db;
        let mut s = Search {
            query: TextField::new("session"),
            ..Search::default()
        };
        s.refresh(&db, Some("ccpcj-36"), today);
        let tiers: Vec<Tier> = s
            .hits
            .iter()
            .filter_map(|h| match h {
                Hit::Session(id) | Hit::Meeting { session: id, .. } => Some(
                    Rank {
                        db: &db,
                        working: Some("ccpcj-36"),
                        today,
                    }
                    .session(id),
                ),
                Hit::Person(_) => None,
            })
            .collect();
        assert!(tiers.len() > 3, "{:?}", s.hits);
        assert_eq!(tiers[0], Tier::Working, "{:?}", s.hits);
        assert!(tiers.windows(2).all(|w| w[0] <= w[1]), "{tiers:?}");
        assert!(tiers.iter().any(|t| matches!(t, Tier::Past(_))));
    }
}

/// Driven through the application, as the user drives it.
#[cfg(test)]
mod through_the_app {
    use crate::tui::testing::*;

    #[test]
    fn search_jumps() {
        let mut a = app();
        key(&mut a, KeyCode::Char('/'));
        for c in "shembulli".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert_eq!(a.screen, Screen::People);
        assert_eq!(a.selected_person().as_deref(), Some("shembulli"));
        key(&mut a, KeyCode::Char('/'));
        for c in "ccpcj33 lab".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        assert_eq!(a.screen, Screen::Agenda);
        assert_eq!(a.session.as_deref(), Some("ccpcj-33"));
        assert_eq!(a.selected_meeting().as_deref(), Some("ccpcj33-lab-visit"));
        // The switch is said, with the way back.
        let said = a
            .message
            .as_ref()
            .map(|m| m.text.clone())
            .unwrap_or_default();
        assert!(
            said.contains("working session is now ccpcj-33, past"),
            "{said}"
        );
        assert!(said.contains("Backspace goes back to cnd-70"), "{said}");
        key(&mut a, KeyCode::Backspace);
        assert_eq!(a.session.as_deref(), Some("cnd-70"));
        assert!(a.previous_session.is_none());
    }
}

//! Benchmarks at organization scale: the same work at 5,000 and 50,000 meetings, so
//! that the growth rate shows. Run with `cargo bench`; results and method are in
//! `bench/README.md`.

#[path = "../bench/gen.rs"]
mod generator;

use attache::ids::MeetingId;
use std::path::{Path, PathBuf};

use attache::export::{self, Format};
use attache::planning::{Editor, checks, ops};
use attache::store::{self, DbSource, save};
use attache::tui::action::{Action, Screen};
use attache::tui::app::App;
use attache::tui::config::Config;
use attache::tui::popups::search::Search;
use attache::tui::view;
use chrono::NaiveDate;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The allocator the `attache` binary uses, so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZES: [usize; 2] = [5_000, 50_000];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

/// A generated database in a temporary folder, kept for the whole run.
fn database(meetings: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    generator::write(dir.path(), generator::Shape::with_meetings(meetings)).expect("generate");
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn load(path: &Path) -> store::Loaded {
    store::load(&DbSource::Dir(path.to_path_buf()), today())
}

fn bench_load_and_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("database");
    group.sample_size(10);
    for n in SIZES {
        let (_keep, path) = database(n);
        group.bench_with_input(BenchmarkId::new("load_and_validate", n), &path, |b, p| {
            b.iter(|| load(p))
        });
        let loaded = load(&path);
        group.bench_with_input(BenchmarkId::new("checks", n), &loaded.db, |b, db| {
            b.iter(|| checks::check(db, today()))
        });
    }
    group.finish();
}

/// Saving one edit: only the touched plan file is written.
fn bench_save(c: &mut Criterion) {
    let mut group = c.benchmark_group("save_one_edit");
    group.sample_size(20);
    for n in SIZES {
        let (_keep, path) = database(n);
        let loaded = load(&path);
        let plan_path = path.join("plan/s0.toml");
        let original = std::fs::read(&plan_path).expect("plan file");
        let mut editor = Editor::new(loaded.db.clone());
        let tx = ops::move_meeting(editor.db(), &MeetingId::from("m0-0"), 15).expect("move");
        editor.apply(tx).expect("apply");
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter_batched(
                || std::fs::write(&plan_path, &original).expect("restore"),
                |()| save::save(&loaded, &editor).expect("save"),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

/// Every export format, for every session and delegate (the full export).
fn bench_export(c: &mut Criterion) {
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    for n in SIZES {
        let (_keep, path) = database(n);
        let loaded = load(&path);
        let options = export::Options::default();
        let selection = export::Selection::default();
        for format in Format::ALL {
            group.bench_with_input(BenchmarkId::new(format.as_str(), n), &loaded.db, |b, db| {
                // Into a sink, as `attache export` streams it: the text is never whole.
                b.iter(|| {
                    export::write(db, format, &selection, &options, &mut std::io::sink())
                        .expect("export")
                })
            });
        }
    }
    group.finish();
}

/// One frame of each screen on a 200x60 terminal, one keystroke (move down) with its
/// frame, a keystroke in the People filter, and the application's start (checks
/// included) before its first frame.
fn bench_tui(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui");
    group.sample_size(20);
    let area = Rect::new(0, 0, 200, 60);
    for n in SIZES {
        let (_keep, path) = database(n);
        let loaded = load(&path);
        // A day before the generated sessions, so every screen has upcoming ones.
        let day = NaiveDate::from_ymd_opt(2019, 1, 1).expect("valid date");
        // What the terminal shows first: the calendar, read before the plans.
        group.bench_with_input(BenchmarkId::new("first_frame", n), &path, |b, p| {
            b.iter(|| {
                let source = DbSource::Dir(p.to_path_buf());
                let mut app = App::new(store::load_top(&source, day), day, Config::default(), None);
                app.on_resize(area.width, area.height);
                let mut buf = Buffer::empty(area);
                view::render(&app, area, &mut buf);
                buf
            })
        });
        group.bench_with_input(BenchmarkId::new("open", n), &loaded, |b, l| {
            b.iter(|| App::new(l.clone(), day, Config::default(), None))
        });
        let mut app = App::new(loaded.clone(), day, Config::default(), None);
        app.on_resize(area.width, area.height);
        for screen in Screen::ALL {
            app.screen = screen;
            group.bench_function(
                BenchmarkId::new(format!("frame_{screen:?}").to_lowercase(), n),
                |b| {
                    b.iter(|| {
                        let mut buf = Buffer::empty(area);
                        view::render(&app, area, &mut buf);
                        buf
                    })
                },
            );
        }
        app.screen = Screen::Agenda;
        group.bench_function(BenchmarkId::new("keystroke_to_frame", n), |b| {
            b.iter(|| {
                app.update(Action::Down);
                let mut buf = Buffer::empty(area);
                view::render(&app, area, &mut buf);
                buf
            })
        });
        // An edit key and its frame: the edit, the findings of the sessions it touched,
        // the rows of every screen, the frame. Moved later then back, so the database
        // stays the same size; each iteration is one key.
        let edited = two_keys(
            &mut group,
            &mut app,
            ("edit_key_to_frame", n),
            (Action::MoveLater, Action::MoveEarlier),
            area,
        );
        // (Unless a filter skipped it.)
        assert!(!edited || app.ws.can_undo(), "the edit bench edited");
        let resize = (Action::Lengthen, Action::Shorten);
        two_keys(
            &mut group,
            &mut app,
            ("resize_key_to_frame", n),
            resize,
            area,
        );
        let undo = (Action::Undo, Action::Redo);
        two_keys(&mut group, &mut app, ("undo_key_to_frame", n), undo, area);
        // Typing in the People filter rebuilds the People rows, nothing else.
        app.screen = Screen::People;
        app.update(Action::Filter);
        group.bench_function(BenchmarkId::new("people_filter_keystroke", n), |b| {
            b.iter(|| {
                app.on_key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE));
                app.on_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
            })
        });
        let mut search = Search::default();
        search.query.text = "meeting 42".to_string();
        group.bench_with_input(BenchmarkId::new("fuzzy_search", n), &loaded.db, |b, db| {
            b.iter(|| search.refresh(db, db.sessions.keys().next().map(|s| s.as_str()), today()))
        });
    }
    group.finish();
}

/// A frame of the application as it stands.
fn frame(app: &App, area: Rect) -> Buffer {
    let mut buf = Buffer::empty(area);
    view::render(app, area, &mut buf);
    buf
}

/// Two keys that undo each other (later and earlier, undo and redo), one an
/// iteration, each to its frame, so that the database stays the same size. Whether
/// it ran (a filter may skip it).
fn two_keys(
    group: &mut criterion::BenchmarkGroup<criterion::measurement::WallTime>,
    app: &mut App,
    (name, n): (&str, usize),
    (first, second): (Action, Action),
    area: Rect,
) -> bool {
    let (mut ran, mut one) = (false, true);
    group.bench_function(BenchmarkId::new(name, n), |b| {
        ran = true;
        b.iter(|| {
            app.update(if one { first } else { second });
            one = !one;
            frame(app, area)
        })
    });
    ran
}

/// The terminal on a dense plan (half the meetings booked over another: 30,256
/// findings at 50,000 meetings), where every edit changes findings by the hundred:
/// opening, an edit key and undo, each to its frame, and a frame of Problems.
fn bench_tui_dense(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui_dense");
    group.sample_size(10);
    let area = Rect::new(0, 0, 200, 60);
    let n = 50_000;
    let dir = tempfile::tempdir().expect("temp dir");
    let shape = generator::Shape {
        clash_density: 0.5,
        ..generator::Shape::with_meetings(n)
    };
    generator::write(dir.path(), shape).expect("generate");
    let loaded = load(dir.path());
    let day = NaiveDate::from_ymd_opt(2019, 1, 1).expect("valid date");
    group.bench_with_input(BenchmarkId::new("open", n), &loaded, |b, l| {
        b.iter(|| App::new(l.clone(), day, Config::default(), None))
    });
    let mut app = App::new(loaded, day, Config::default(), None);
    app.on_resize(area.width, area.height);
    app.screen = Screen::Agenda;
    let edit = (Action::MoveLater, Action::MoveEarlier);
    let edited = two_keys(&mut group, &mut app, ("edit_key_to_frame", n), edit, area);
    assert!(!edited || app.ws.can_undo(), "the edit bench edited");
    let undo = (Action::Undo, Action::Redo);
    two_keys(&mut group, &mut app, ("undo_key_to_frame", n), undo, area);
    app.screen = Screen::Problems;
    group.bench_function(BenchmarkId::new("frame_problems", n), |b| {
        b.iter(|| frame(&app, area))
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_load_and_check,
    bench_save,
    bench_export,
    bench_tui,
    bench_tui_dense
);
criterion_main!(benches);

//! Benchmarks at organization scale: the same work at 5,000 and 50,000 meetings, so
//! that the growth rate shows. Run with `cargo bench`; results and method are in
//! `bench/README.md`.

#[path = "../bench/gen.rs"]
mod generator;

use std::path::{Path, PathBuf};

use attache::planning::{Editor, checks, ops};
use attache::store::{self, DbSource, save};
use chrono::NaiveDate;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};

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
        group.bench_with_input(BenchmarkId::new("load_and_validate", n), &path, |b, p| b.iter(|| load(p)));
        let loaded = load(&path);
        group.bench_with_input(BenchmarkId::new("checks", n), &loaded.db, |b, db| b.iter(|| checks::check(db, today())));
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
        let tx = ops::move_meeting(editor.db(), "m0-0", 15).expect("move");
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

criterion_group!(benches, bench_load_and_check, bench_save);
criterion_main!(benches);

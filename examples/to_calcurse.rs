//! Write a database's meetings as a calcurse appointments file, for the side-by-side
//! comparison in `bench/compare.sh`.
//!
//! cargo run --release --example to_calcurse -- DB_DIR > apts
//!
//! One line per meeting, `MM/DD/YYYY @ HH:MM -> MM/DD/YYYY @ HH:MM |title`, in the
//! venue's local time (calcurse has no zones), sorted by start as calcurse saves them.

use std::io::Write;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: to_calcurse DB_DIR > apts");
        std::process::exit(2);
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
    let loaded = attache::store::load(&attache::store::DbSource::Dir(dir.into()), today);
    if loaded.diagnostics.has_errors() {
        eprint!("{}", loaded.diagnostics.render(&loaded.sources));
        std::process::exit(1);
    }
    let mut meetings: Vec<_> = loaded.db.meetings().map(|(_, m)| m).collect();
    meetings.sort_by_key(|m| (m.start, m.end));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for m in meetings {
        let title = m.title.replace(['\n', '|'], " ");
        let _ = writeln!(
            out,
            "{} -> {} |{title}",
            m.start.format("%m/%d/%Y @ %H:%M"),
            m.end.format("%m/%d/%Y @ %H:%M")
        );
    }
}

//! Generate a large database for benchmarks and scale tests.
//!
//! cargo run --release --example gen_db -- OUT_DIR [MEETINGS] [SEED]
//!
//! Defaults: 50,000 meetings over 100 sessions, 5,000 people in 50 sections, seed 1.
//! The same arguments always give the same files.

#[path = "../bench/gen.rs"]
mod generator;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: gen_db OUT_DIR [MEETINGS] [SEED]");
        std::process::exit(2);
    };
    let meetings = args.next().and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let shape = generator::Shape {
        seed,
        ..generator::Shape::with_meetings(meetings)
    };
    if let Err(e) = generator::write(std::path::Path::new(&out), shape) {
        eprintln!("error: cannot write {out}: {e}");
        std::process::exit(1);
    }
    println!("wrote {shape:?} to {out}");
}

//! Generate a large database for benchmarks and scale tests.
//!
//! cargo run --release --example gen_db -- OUT_DIR [MEETINGS] [SEED] [OPTIONS]
//!
//! Defaults: 50,000 meetings over 100 sessions, 5,000 people in 50 sections, seed 1.
//! Options for the shapes that stress a planner:
//!
//! - `--clashes F`: the share of meetings booked over their owner's previous one (0
//!   to 1; `--clashes 0.5` gives the dense database of the benches, tens of thousands
//!   of warnings at 50,000 meetings);
//! - `--attendees N`: people at each meeting;
//! - `--sessions N`: plans to spread the meetings over (fewer: bigger plans);
//! - `--people N`: people to draw the delegations from (fewer: more meetings each).
//!
//! The same arguments always give the same files.

#[path = "../bench/gen.rs"]
mod generator;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (options, positional) = split(&args);
    let Some(out) = positional.first() else {
        eprintln!(
            "usage: gen_db OUT_DIR [MEETINGS] [SEED] [--clashes F] [--attendees N] [--sessions N] [--people N]"
        );
        std::process::exit(2);
    };
    let number = |i: usize| positional.get(i).and_then(|a| a.parse().ok());
    let mut shape = generator::Shape {
        seed: number(2).unwrap_or(1),
        ..generator::Shape::with_meetings(number(1).unwrap_or(50_000) as usize)
    };
    for (name, value) in options {
        let bad = || -> ! {
            eprintln!("error: {name} {value}: not a number");
            std::process::exit(2)
        };
        match name {
            "--clashes" => shape.clash_density = value.parse().unwrap_or_else(|_| bad()),
            "--attendees" => shape.attendees = value.parse().unwrap_or_else(|_| bad()),
            "--sessions" => shape.sessions = value.parse().unwrap_or_else(|_| bad()),
            "--people" => shape.people = value.parse().unwrap_or_else(|_| bad()),
            _ => {
                eprintln!("error: unknown option {name}");
                std::process::exit(2);
            }
        }
    }
    if let Err(e) = generator::write(std::path::Path::new(out), shape) {
        eprintln!("error: cannot write {out}: {e}");
        std::process::exit(1);
    }
    println!("wrote {shape:?} to {out}");
}

/// The `--name value` pairs, and the rest in order.
fn split(args: &[String]) -> (Vec<(&str, &str)>, Vec<&str>) {
    let (mut options, mut positional) = (Vec::new(), Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a.starts_with("--") {
            options.push((a.as_str(), it.next().map_or("", String::as_str)));
        } else {
            positional.push(a.as_str());
        }
    }
    (options, positional)
}

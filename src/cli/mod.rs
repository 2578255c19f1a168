//! The command line: parse arguments with clap and run one command on the library.
//!
//! Each command is a small function that loads the database, calls the domain, and
//! prints; exit codes follow the convention scripts expect: 0 fine, 1 problems found,
//! 2 usage errors (clap's own).

mod agenda;
mod edit;
mod export;
mod git;
mod logistics;
mod programme;
mod readiness;
mod session;
mod sessions;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::store::{self, DbSource, Loaded, location};
use crate::text::printable;

#[derive(Debug, Parser)]
#[command(
    name = "attache",
    version,
    about = "Plan an NGO delegation's trip to a UN session and export each person's itinerary.",
    long_about = "Plan an NGO delegation's trip to a UN session and export each person's itinerary.\n\n\
        attache works offline on a folder of hand-editable TOML files (the database). Without a \
        command it opens the terminal application. Without --db it uses $ATTACHE_DB, then your \
        data folder if it holds a database, else the default database built into attache.",
    after_help = "Examples:\n  attache check\n  attache sessions --upcoming --body CND\n  attache init ~/delegations"
)]
pub struct Cli {
    /// The database folder [default: $ATTACHE_DB, then your data folder, then the built-in one]
    #[arg(long, global = true, value_name = "DIR")]
    pub db: Option<PathBuf>,

    /// Act as if today were DATE (YYYY-MM-DD): decides what is upcoming and which deadlines passed
    #[arg(long, global = true, value_name = "DATE")]
    pub today: Option<NaiveDate>,

    /// Record edits as made at this moment (2026-11-30T07:41:00Z) instead of the clock's
    #[arg(long, global = true, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<chrono::DateTime<chrono::Utc>>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the database: every error and warning, with file, line and column
    ///
    /// Exits 0 when there are no errors (warnings are fine), 1 when there are errors.
    Check {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List UN sessions, upcoming first
    Sessions {
        /// Only sessions that have not ended yet
        #[arg(long)]
        upcoming: bool,
        /// Only sessions ending on or after DATE
        #[arg(long, value_name = "DATE")]
        from: Option<NaiveDate>,
        /// Only sessions of this body (CND, CCPCJ, COP-UNTOC, ...), any case
        #[arg(long)]
        body: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Mark a delegate's accreditation step done or not (or their visa's state)
    Accredit(readiness::AccreditArgs),
    /// Each delegate's accreditation, step by step, with what to do next and by when
    Readiness(readiness::ReadinessArgs),
    /// Add a session to the calendar, change its dates, or confirm them
    #[command(subcommand)]
    Session(session::SessionCommand),
    /// Put a person in a session's delegation, or change their role, dates or registration
    Assign(edit::AssignArgs),
    /// Take a person out of a session's delegation (and out of its meetings)
    Unassign(edit::UnassignArgs),
    /// Add, edit, cancel or delete side meetings
    #[command(subcommand)]
    Meeting(edit::MeetingCommand),
    /// Add or remove journeys (flights, trains...) of delegates
    #[command(subcommand)]
    Travel(logistics::TravelCommand),
    /// Add or remove hotel stays of delegates
    #[command(subcommand)]
    Stay(logistics::StayCommand),
    /// Show double bookings: people in two places at once, rooms booked twice
    ///
    /// Exits 1 when there are clashes, 0 when there are none.
    Clashes {
        /// Only clashes in this session's plan
        #[arg(long, value_name = "ID")]
        session: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Export itineraries (ics, md, html, csv, json) or the nomination letter
    Export(export::ExportArgs),
    /// Import a session's official programme from a downloaded file (.ics or .csv);
    /// a re-import says what was added, moved, renamed, cancelled or removed.
    Import(programme::ImportArgs),
    /// List a session's official programme, with who attends what.
    Programme(programme::ProgrammeArgs),
    /// Put a person on a programme item (or take them off, or acknowledge a move).
    Attend(programme::AttendArgs),
    /// One day's meetings and journeys, in time order
    Agenda {
        /// The day [default: today]
        #[arg(long, value_name = "DATE")]
        day: Option<NaiveDate>,
        /// Only this person's
        #[arg(long, value_name = "ID")]
        person: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the default database to DIR for editing [default: --db, $ATTACHE_DB, your data folder]
    ///
    /// Refuses to touch a folder that already holds a database.
    Init {
        /// The folder to write [default: --db, then $ATTACHE_DB, then your data folder]
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Also set the folder up for sharing through git (see `attache git setup`)
        #[arg(long)]
        git: bool,
    },
    /// Share the database through git: `attache git setup`
    #[command(subcommand)]
    Git(git::GitCommand),
    /// Git's merge driver for database files (registered by `attache git setup`)
    ///
    /// Merges two versions of a file item by item, keyed by id: items added on both
    /// sides are both kept, a change on one side is taken, and a field changed
    /// differently on both sides is marked with conflict markers around that item only.
    /// Exits 0 when merged cleanly, 1 when conflicts are left to resolve.
    MergeDriver {
        /// The common ancestor's version (git's %O)
        base: PathBuf,
        /// Our version, overwritten with the result (git's %A)
        ours: PathBuf,
        /// Their version (git's %B)
        theirs: PathBuf,
        /// The file's path in the repository, for messages (git's %P)
        path: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `--now`: a date-time with its offset (RFC 3339), or a day (its midnight, UTC).
fn parse_now(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let s = s.trim();
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&chrono::Utc))
        .or_else(|_| {
            s.parse::<NaiveDate>()
                .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
        })
        .map_err(|_| format!("\"{s}\" is not a moment: write it like 2026-11-30T07:41:00Z"))
}

/// Run the command line; `now` is the current date, passed in so tests control it.
pub fn run(cli: Cli, now: NaiveDate) -> ExitCode {
    let today = cli.today.unwrap_or(now);
    if let Some(now) = cli.now {
        crate::fix_now(now);
    }
    let source = database_source(cli.db.as_deref());
    match cli.command {
        None => crate::tui::run(&source, today),
        Some(Command::Check { format }) => check(&source, today, format),
        Some(Command::Sessions {
            upcoming,
            from,
            body,
            format,
        }) => {
            let filter = sessions::Filter {
                from: if upcoming {
                    Some(from.unwrap_or(today).max(today))
                } else {
                    from
                },
                body,
            };
            with_valid_db(&source, today, |loaded| {
                sessions::print(loaded, today, &filter, format)
            })
        }
        Some(Command::Init { dir, git }) => {
            let dir = dir.or_else(|| source.path());
            let code = init(dir.clone());
            match (git, dir.or_else(location::user_data_dir)) {
                (true, Some(dir)) if code == ExitCode::SUCCESS => git::setup_in(&dir),
                _ => code,
            }
        }
        Some(Command::Git(cmd)) => git::run(cmd, source.path().as_deref()),
        Some(Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        }) => git::merge_driver(&base, &ours, &theirs, path.as_deref()),
        Some(Command::Agenda {
            day,
            person,
            format,
        }) => with_valid_db(&source, today, |loaded| {
            agenda::print(loaded, day.unwrap_or(today), person.as_deref(), format)
        }),
        Some(Command::Export(args)) => export::run(args, &source, today),
        Some(Command::Import(args)) => programme::import(args, &source, today),
        Some(Command::Programme(args)) => programme::list(args, &source, today),
        Some(Command::Attend(args)) => programme::attend(args, &source, today),
        Some(Command::Session(cmd)) => session::run(cmd, &source, today),
        Some(Command::Accredit(args)) => readiness::accredit(args, &source, today),
        Some(Command::Readiness(args)) => readiness::readiness(args, &source, today),
        Some(Command::Assign(args)) => edit::assign(args, &source, today),
        Some(Command::Unassign(args)) => edit::unassign(args, &source, today),
        Some(Command::Meeting(cmd)) => edit::meeting(cmd, &source, today),
        Some(Command::Travel(cmd)) => logistics::travel(cmd, &source, today),
        Some(Command::Stay(cmd)) => logistics::stay(cmd, &source, today),
        Some(Command::Clashes { session, format }) => {
            edit::clashes(session, format, &source, today)
        }
    }
}

/// Where the database is, from `--db`, `$ATTACHE_DB` and the user's data folder.
pub fn database_source(flag: Option<&std::path::Path>) -> DbSource {
    let env = std::env::var_os("ATTACHE_DB").map(PathBuf::from);
    location::resolve(flag, env.as_deref(), location::user_data_dir().as_deref())
}

/// Load the database and run `f` on it, or print its errors and fail.
pub(crate) fn with_valid_db(
    source: &DbSource,
    today: NaiveDate,
    f: impl FnOnce(&Loaded) -> ExitCode,
) -> ExitCode {
    let loaded = store::load(source, today);
    refuse_broken(&loaded, source).unwrap_or_else(|| f(&loaded))
}

/// A database whose files have errors cannot be used: print them, and say so.
pub(crate) fn refuse_broken(loaded: &Loaded, source: &DbSource) -> Option<ExitCode> {
    if !loaded.diagnostics.has_errors() {
        return None;
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", loaded.diagnostics.render(&loaded.sources));
    let _ = writeln!(
        err,
        "the database in {} has errors: fix them first (see above)",
        printable(&source.describe())
    );
    Some(ExitCode::from(1))
}

fn check(source: &DbSource, today: NaiveDate, format: Format) -> ExitCode {
    // The checks run beside validation; their findings count only for a valid database.
    let (mut loaded, findings) = store::load_with(source, today, |db| {
        crate::planning::checks::check(db, today)
    });
    if !loaded.diagnostics.has_errors() {
        loaded
            .diagnostics
            .extend(findings.into_iter().map(|f| f.diagnostic));
        loaded.diagnostics.sort();
    }
    let d = &loaded.diagnostics;
    let out = match format {
        Format::Json => crate::text::json_text(&d.to_json(&loaded.sources)) + "\n",
        Format::Text if d.items.is_empty() => {
            format!("{}: no problems found\n", printable(&source.describe()))
        }
        // Rendering escapes what it quotes from the files (Diagnostic::render).
        Format::Text => d.render(&loaded.sources),
    };
    print_out(&out);
    if d.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn init(dir: Option<PathBuf>) -> ExitCode {
    let Some(dir) = dir.or_else(location::user_data_dir) else {
        eprintln!(
            "error: no data folder is known on this system\n  = help: give a folder: attache init DIR"
        );
        return ExitCode::from(2);
    };
    match store::init::write_default(&dir) {
        Ok(n) => {
            let dir = dir.display().to_string();
            println!(
                "wrote the default database ({n} files) to {}",
                printable(&dir)
            );
            println!(
                "edit the files there, then run: attache --db {} check",
                printable(&dir)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}", printable(&e.to_string()));
            ExitCode::from(1)
        }
    }
}

/// Print to stdout, ignoring a closed pipe (`attache sessions | head`).
pub fn print_out(s: &str) {
    let _ = std::io::stdout().lock().write_all(s.as_bytes());
}

//! The command line: parse arguments with clap and run one command on the library.
//!
//! One module per command family; every command returns an [`error::Outcome`], so the
//! exit codes are the same everywhere ([`error::EXIT_CODES`]): 0 ran and found nothing
//! to report, 1 ran and found problems, 2 could not run. The help of each command
//! ends with examples and those codes ([`help`]).

mod agenda;
mod check;
mod edit;
pub mod error;
mod export;
mod git;
pub mod help;
mod listing;
mod logistics;
mod lookup;
pub mod output;
mod people;
mod programme;
mod readiness;
mod session;
mod sessions;
mod shell;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::store::{DbSource, location};
use error::{Error, Outcome, Status};
pub use output::{Color, Context, Format};
pub use shell::{completion_script as shell_completions, man_page};

#[derive(Debug, Parser)]
#[command(
    name = "attache",
    version,
    // A later --db or --today wins over an earlier one (an alias, then the command).
    args_override_self = true,
    about = "Plan an NGO delegation's trip to a UN session and export each person's itinerary.",
    long_about = "Plan an NGO delegation's trip to a UN session and export each person's itinerary.\n\n\
        attache works offline on a folder of hand-editable TOML files (the database). Without a \
        command it opens the terminal application. Without --db it uses $ATTACHE_DB, then your \
        data folder if it holds a database, else the default database built into attache."
)]
pub struct Cli {
    /// The database folder [default: $ATTACHE_DB, then your data folder, then the built-in one]
    #[arg(long, global = true, value_name = "DIR")]
    pub db: Option<PathBuf>,

    /// Act as if today were DATE (YYYY-MM-DD): decides what is upcoming and which deadlines passed
    #[arg(long, global = true, value_name = "DATE", value_parser = help::date)]
    pub today: Option<NaiveDate>,

    /// Colour the labels of messages: auto (a terminal, and NO_COLOR not set), always, never
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t,
        hide_possible_values = true
    )]
    pub color: Color,

    /// No "wrote ..." notes (errors, warnings and results still print)
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Record edits as made at this moment (2026-11-30T07:41:00Z) instead of the clock's
    #[arg(long, global = true, value_name = "TIME", value_parser = parse_now)]
    pub now: Option<chrono::DateTime<chrono::Utc>>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--format text|json`, on every command that prints a result.
#[derive(Debug, Clone, Copy, Args)]
pub struct FormatArg {
    /// text for people; json for scripts (with schema and version, see docs/json.md)
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        default_value_t,
        hide_possible_values = true
    )]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the database: every error and warning, with file, line and column
    Check {
        /// List every finding on its own; by default, findings of one kind about one
        /// person or room in a session are counted in one warning
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    /// List UN sessions, upcoming first
    Sessions(sessions::SessionsArgs),
    /// Mark a delegate's accreditation step done or not (or their visa's state)
    Accredit(readiness::AccreditArgs),
    /// Each delegate's accreditation, step by step, with what to do next and by when
    Readiness(readiness::ReadinessArgs),
    /// Add a session to the calendar, change its dates, or confirm them
    #[command(subcommand)]
    Session(session::SessionCommand),
    /// List people with their ids, sections and the delegations they are in
    People(listing::PeopleArgs),
    /// A session's delegation: each delegate's role, dates, registration, journeys and stays
    Delegation(listing::DelegationArgs),
    /// Put a person in a session's delegation, or change their role, dates or registration
    Assign(edit::AssignArgs),
    /// Take a person out of a session's delegation, with their meeting seats, journeys and stays
    Unassign(edit::UnassignArgs),
    /// Add, edit or remove a person of a section
    #[command(subcommand)]
    Person(people::PersonCommand),
    /// Add or edit a section
    #[command(subcommand)]
    Section(people::SectionCommand),
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
    Clashes(edit::ClashesArgs),
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
    Agenda(agenda::AgendaArgs),
    /// Write the default database to a folder, to edit by hand
    ///
    /// Writes to DIR, else --db, $ATTACHE_DB, your data folder. Refuses to touch a
    /// folder that already holds a database.
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
    /// Print a shell's completion script for attache
    Completions(shell::CompletionsArgs),
    /// Print attache's manual page (roff), every command and option in one page
    Man,
}

/// The parser with each command's examples, exit codes and the environment in its
/// help: what `attache` parses with, and what completions and the man page describe.
pub fn command() -> clap::Command {
    help::decorate(Cli::command())
}

/// Parse the process's arguments (exits 2 with clap's message on a usage mistake,
/// coloured as `--color` says: clap speaks before the flag is parsed).
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let matches = command().color(clap_color(&args)).get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// `--color` as written among `args` (the last one wins), for clap's own messages.
fn clap_color(args: &[std::ffi::OsString]) -> clap::ColorChoice {
    let words: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let value = words.iter().enumerate().rev().find_map(|(i, w)| {
        w.strip_prefix("--color=").or_else(|| {
            (*w == "--color")
                .then(|| words.get(i + 1).copied())
                .flatten()
        })
    });
    match value {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    }
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
    if let Some(now) = cli.now {
        crate::fix_now(now);
    }
    let cx = Context {
        source: database_source(cli.db.as_deref()),
        today: cli.today.unwrap_or(now),
        quiet: cli.quiet,
        color: cli.color,
        failed: Default::default(),
    };
    let Some(command) = cli.command else {
        let colors = match cx.color {
            Color::Auto => None,
            Color::Always => Some(true),
            Color::Never => Some(false),
        };
        return crate::tui::run(&cx.source, cx.today, colors);
    };
    let outcome = cx.written(dispatch(command, &cx));
    if let Err(e) = &outcome {
        cx.err(&e.render());
    }
    error::code(&outcome)
}

fn dispatch(command: Command, cx: &Context) -> Outcome {
    match command {
        Command::Check { all, format } => check::run(cx, format.format, all),
        Command::Sessions(args) => sessions::run(args, cx),
        Command::People(args) => listing::people(args, cx),
        Command::Delegation(args) => listing::delegation(args, cx),
        Command::Init { dir, git } => init(dir, git, cx),
        Command::Git(cmd) => git::run(cmd, cx),
        Command::MergeDriver {
            base,
            ours,
            theirs,
            path,
        } => git::merge_driver(&base, &ours, &theirs, path.as_deref()),
        Command::Agenda(args) => agenda::run(args, cx),
        Command::Export(args) => export::run(args, cx),
        Command::Import(args) => programme::import(args, cx),
        Command::Programme(args) => programme::list(args, cx),
        Command::Attend(args) => programme::attend(args, cx),
        Command::Session(cmd) => session::run(cmd, cx),
        Command::Accredit(args) => readiness::accredit(args, cx),
        Command::Readiness(args) => readiness::readiness(args, cx),
        Command::Assign(args) => edit::assign(args, cx),
        Command::Unassign(args) => edit::unassign(args, cx),
        Command::Meeting(cmd) => edit::meeting(cmd, cx),
        Command::Person(cmd) => people::person(cmd, cx),
        Command::Section(cmd) => people::section(cmd, cx),
        Command::Travel(cmd) => logistics::travel(cmd, cx),
        Command::Stay(cmd) => logistics::stay(cmd, cx),
        Command::Clashes(args) => edit::clashes(args, cx),
        Command::Completions(args) => shell::completions(args, cx),
        Command::Man => shell::man(cx),
    }
}

/// Where the database is, from `--db`, `$ATTACHE_DB` and the user's data folder.
pub fn database_source(flag: Option<&std::path::Path>) -> DbSource {
    let env = std::env::var_os("ATTACHE_DB").map(PathBuf::from);
    location::resolve(flag, env.as_deref(), location::user_data_dir().as_deref())
}

/// `attache init [DIR] [--git]`: DIR, else the folder `--db` or `$ATTACHE_DB` names,
/// else the user's data folder.
fn init(dir: Option<PathBuf>, git: bool, cx: &Context) -> Outcome {
    let dir = dir
        .or_else(|| cx.source.path())
        .or_else(location::user_data_dir)
        .ok_or_else(|| {
            Error::new("no data folder is known on this system")
                .help("give a folder: attache init DIR")
        })?;
    let shown = crate::text::printable(&dir.display().to_string()).into_owned();
    let n = crate::store::init::write_default(&dir).map_err(|e| {
        Error::new(e.to_string()).help(format!(
            "keep that database and use it (attache --db {shown} check), or give another folder"
        ))
    })?;
    if !cx.quiet {
        cx.out(&format!(
            "wrote the default database ({n} files) to {shown}\nedit the files there, then run: attache --db {shown} check\n"
        ));
    }
    if git {
        return git::setup_in(&dir, cx);
    }
    Ok(Status::Clean)
}

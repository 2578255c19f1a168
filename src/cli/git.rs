//! `attache git setup` and `attache merge-driver`: sharing a database through git.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use crate::store::git::{self, DriverResult};
use crate::text::printable;

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Make the database folder a git repository that merges plans item by item
    ///
    /// Makes it a repository if it is not one, writes .gitattributes (every *.toml file
    /// through attache's merge driver) and .gitignore (.bak, .mine and the lock), and
    /// registers the merge driver in the repository's config. Git does not clone that
    /// config: run this once in each clone. Nothing here goes over the network.
    Setup,
}

pub fn run(cmd: GitCommand, dir: Option<&Path>) -> ExitCode {
    match cmd {
        GitCommand::Setup => setup(dir),
    }
}

fn setup(dir: Option<&Path>) -> ExitCode {
    let Some(dir) = dir else {
        eprintln!(
            "error: git setup needs a database folder\n  = help: give it with --db DIR (or $ATTACHE_DB), or write one first: attache init --git DIR"
        );
        return ExitCode::from(2);
    };
    setup_in(dir)
}

/// Set up git in `dir`, printing what was done.
pub fn setup_in(dir: &Path) -> ExitCode {
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("attache"));
    match git::setup(dir, &exe) {
        Ok(done) => {
            for line in done {
                println!("{}", printable(&line));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "error: {}\n  = help: is git installed? (attache only runs it on this folder)",
                printable(&e.to_string())
            );
            ExitCode::from(2)
        }
    }
}

/// Git's merge driver (`%O %A %B %P`): exit 0 merged cleanly, 1 conflicts left.
pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path, path: Option<&Path>) -> ExitCode {
    let name = path.unwrap_or(ours).display().to_string();
    match git::merge_driver(base, ours, theirs) {
        Ok(DriverResult::Merged { conflicts: 0 }) => ExitCode::SUCCESS,
        Ok(DriverResult::Merged { conflicts }) => {
            eprintln!(
                "attache: {} item{} of {} changed on both sides: marked for you to choose (attache check shows where)",
                conflicts,
                if conflicts == 1 { "" } else { "s" },
                printable(&name)
            );
            ExitCode::from(1)
        }
        Ok(DriverResult::ByLines { clean }) => {
            if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!(
                "attache: could not merge {}: {}",
                printable(&name),
                printable(&e.to_string())
            );
            ExitCode::from(2)
        }
    }
}

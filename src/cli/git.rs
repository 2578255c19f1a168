//! `attache git setup` and `attache merge-driver`: sharing a database through git.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::error::{Error, Outcome, Status};
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

pub fn run(cmd: GitCommand, cx: &super::output::Context) -> Outcome {
    match cmd {
        GitCommand::Setup => setup(cx.source.path().as_deref(), cx),
    }
}

fn setup(dir: Option<&Path>, cx: &super::output::Context) -> Outcome {
    let dir = dir.ok_or_else(|| {
        Error::new("git setup needs a database folder").help(
            "give it with --db DIR (or $ATTACHE_DB), or write one first: attache init --git DIR",
        )
    })?;
    setup_in(dir, cx)
}

/// Set up git in `dir`, printing what was done.
pub fn setup_in(dir: &Path, cx: &super::output::Context) -> Outcome {
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("attache"));
    let done = git::setup(dir, &exe).map_err(|e| {
        Error::new(e.to_string()).help("is git installed? (attache only runs it on this folder)")
    })?;
    for line in done {
        cx.out(&format!("{}\n", printable(&line)));
    }
    Ok(Status::Clean)
}

/// Git's merge driver (`%O %A %B %P`): exit 0 merged cleanly, 1 conflicts left.
pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path, path: Option<&Path>) -> Outcome {
    let name = path.unwrap_or(ours).display().to_string();
    match git::merge_driver(base, ours, theirs) {
        Ok(DriverResult::Merged { conflicts: 0 }) => Ok(Status::Clean),
        Ok(DriverResult::Merged { conflicts }) => {
            eprintln!(
                "attache: {} item{} of {} changed on both sides: marked for you to choose (attache check shows where)",
                conflicts,
                if conflicts == 1 { "" } else { "s" },
                printable(&name)
            );
            Ok(Status::Found)
        }
        Ok(DriverResult::ByLines { clean: true }) => Ok(Status::Clean),
        Ok(DriverResult::ByLines { clean: false }) => Ok(Status::Found),
        Err(e) => Err(Error::new(format!("could not merge {name}: {e}"))),
    }
}

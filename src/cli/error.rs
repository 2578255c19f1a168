//! One error type and one table of exit codes for every command, so that a script
//! can tell "found problems" from "could not run" whatever it ran.

use std::process::ExitCode;

use crate::planning::OpError;
use crate::text::{printable, printable_lines};

/// What a command that ran has to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing to report: exit 0.
    Clean,
    /// Problems found (errors in `check`, clashes in `clashes`, conflicts left by
    /// `merge-driver`, an edit refused by `--strict`): exit 1.
    Found,
}

/// Why a command could not run: exit 2. Said as what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub help: Option<String>,
    /// Printed before the message, already escaped: the rendered problems of a
    /// database that does not load.
    pub detail: Option<String>,
}

/// What every command returns.
pub type Outcome = Result<Status, Error>;

/// The exit codes, the same for every command: the table `--help` and the README show.
pub const EXIT_CODES: [(u8, &str); 3] = [
    (0, "ran, and found nothing to report"),
    (
        1,
        "ran, and found problems: errors (check), clashes (clashes), conflicts left (merge-driver), an edit refused by --strict",
    ),
    (
        2,
        "could not run: a usage mistake, an unknown id, a database that does not load, an edit its rules refuse, a file it may not write",
    ),
];

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            help: None,
            detail: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn detail(mut self, detail: String) -> Self {
        self.detail = Some(detail);
        self
    }

    /// The message as printed on stderr: the detail, `error: ...`, `  = help: ...`.
    pub fn render(&self) -> String {
        let mut out = self.detail.clone().unwrap_or_default();
        out.push_str(&format!("error: {}\n", printable_lines(&self.message)));
        if let Some(h) = &self.help {
            out.push_str(&format!("  = help: {}\n", printable(h)));
        }
        out
    }
}

impl From<OpError> for Error {
    fn from(e: OpError) -> Self {
        Error::new(e.message).help_opt(e.help)
    }
}

/// The exit code of a command's outcome.
pub fn code(outcome: &Outcome) -> ExitCode {
    match outcome {
        Ok(Status::Clean) => ExitCode::SUCCESS,
        Ok(Status::Found) => ExitCode::from(1),
        Err(_) => ExitCode::from(2),
    }
}

/// The exit codes as `--help` lists them, with what each means for one command.
pub fn exit_codes_help(meanings: [&str; 3]) -> String {
    let mut s = String::from("Exit codes:\n");
    for ((code, _), meaning) in EXIT_CODES.iter().zip(meanings) {
        s.push_str(&format!("  {code}  {meaning}\n"));
    }
    s
}

//! `attache completions SHELL` and `attache man`: both generated from the parser
//! itself ([`super::command`]), so they cannot describe an option that is not there.

use clap::{Args, ValueEnum};
use clap_complete::Shell;

use super::error::{Error, Outcome, Status};
use super::output::Context;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in: bash, zsh, fish, elvish or powershell
    #[arg(value_enum, value_name = "SHELL")]
    shell: ShellArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ShellArg {
    /// Bash: save as ~/.local/share/bash-completion/completions/attache
    Bash,
    /// Zsh: save as _attache in a folder of your $fpath
    Zsh,
    /// Fish: save as ~/.config/fish/completions/attache.fish
    Fish,
    /// Elvish: source it from your rc.elv
    Elvish,
    /// PowerShell: dot-source it from your $PROFILE
    Powershell,
}

impl From<ShellArg> for Shell {
    fn from(s: ShellArg) -> Shell {
        match s {
            ShellArg::Bash => Shell::Bash,
            ShellArg::Zsh => Shell::Zsh,
            ShellArg::Fish => Shell::Fish,
            ShellArg::Elvish => Shell::Elvish,
            ShellArg::Powershell => Shell::PowerShell,
        }
    }
}

pub fn completions(args: CompletionsArgs, cx: &Context) -> Outcome {
    cx.out(&completion_script(args.shell.into()));
    Ok(Status::Clean)
}

/// The completion script of `shell` for attache's parser.
pub fn completion_script(shell: Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut super::command(), "attache", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

pub fn man(cx: &Context) -> Outcome {
    let page = man_page().map_err(|e| Error::new(format!("cannot render the man page: {e}")))?;
    cx.out(&page);
    Ok(Status::Clean)
}

/// One manual page: attache's own, then a section for each command with its synopsis,
/// options, examples and exit codes.
pub fn man_page() -> std::io::Result<String> {
    let mut cmd = super::command();
    cmd.build();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    for sub in leaves(&cmd) {
        out.extend(command_section(sub)?.into_bytes());
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Every command that runs (not a group like `meeting`), depth first.
fn leaves(cmd: &clap::Command) -> Vec<&clap::Command> {
    cmd.get_subcommands()
        .filter(|c| c.get_name() != "help")
        .flat_map(|c| {
            if c.has_subcommands() {
                leaves(c)
            } else {
                vec![c]
            }
        })
        .collect()
}

/// A command's part of the page: its sections as subsections under its full name.
fn command_section(sub: &clap::Command) -> std::io::Result<String> {
    let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_string();
    let man = clap_mangen::Man::new(sub.clone());
    let mut part = Vec::new();
    man.render_synopsis_section(&mut part)?;
    man.render_description_section(&mut part)?;
    man.render_options_section(&mut part)?;
    man.render_extra_section(&mut part)?;
    let part = String::from_utf8_lossy(&part).replace("\n.SH ", "\n.SS ");
    let part = part
        .strip_prefix(".SH ")
        .map_or(part.clone(), |p| format!(".SS {p}"));
    Ok(format!(".SH \"{}\"\n{part}", name.to_uppercase()))
}

//! Help that answers, kept true by the parser itself: every option and argument has a
//! description, every command an example that parses and its exit codes, and the
//! completions and the man page name every command and option there is.

use attache::cli::{command, help};
use clap_complete::Shell;

/// Every command, with its full name (`meeting add`), depth first.
fn commands() -> Vec<(String, clap::Command)> {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands() {
            let path = format!("{prefix}{}", sub.get_name());
            out.push((path.clone(), sub.clone()));
            walk(sub, &format!("{path} "), out);
        }
    }
    let mut cmd = command();
    cmd.build();
    let mut out = vec![(String::new(), cmd.clone())];
    walk(&cmd, "", &mut out);
    // clap's own `help` commands are not attache's
    out.retain(|(path, _)| !path.split(' ').any(|w| w == "help"));
    out
}

fn is_builtin(arg: &clap::Arg) -> bool {
    matches!(arg.get_id().as_str(), "help" | "version")
}

#[test]
fn every_option_and_argument_is_described() {
    let mut missing = Vec::new();
    for (path, cmd) in commands() {
        if cmd.get_about().is_none()
            && !path.is_empty()
            && path != "help"
            && !path.starts_with("help ")
        {
            missing.push(format!("the command `{path}`"));
        }
        for arg in cmd.get_arguments().filter(|a| !is_builtin(a)) {
            if arg
                .get_help()
                .is_none_or(|h| h.to_string().trim().is_empty())
            {
                missing.push(format!("`{path}` {}", arg.get_id()));
            }
        }
    }
    assert!(missing.is_empty(), "without a description: {missing:#?}");
}

/// Each command that runs has examples, which parse, and its exit codes.
#[test]
fn every_command_has_examples_that_parse_and_its_exit_codes() {
    for (path, cmd) in commands() {
        if path.is_empty() || cmd.has_subcommands() {
            continue;
        }
        let (examples, _) = help::about(&path).unwrap_or_else(|| panic!("no examples for {path}"));
        assert!(!examples.is_empty(), "{path}");
        for example in examples {
            let words = shell_words(example);
            assert_eq!(words[0], "attache", "{example}");
            if let Err(e) = command().try_get_matches_from(&words) {
                panic!("the example `{example}` of {path} does not parse: {e}");
            }
        }
        let rendered = cmd.clone().render_long_help().to_string();
        assert!(
            rendered.contains("Exit codes:\n  0  "),
            "{path}:\n{rendered}"
        );
        assert!(
            rendered.contains("Examples:\n  attache "),
            "{path}:\n{rendered}"
        );
    }
    let top = command().render_long_help().to_string();
    for (name, _) in help::ENVIRONMENT {
        assert!(top.contains(name), "the top help lists {name}");
    }
}

/// Required options show in the usage line: `meeting add` needs a start and a length.
#[test]
fn required_options_show_in_usage() {
    let mut cmd = command();
    let usage = cmd
        .find_subcommand_mut("meeting")
        .and_then(|m| m.find_subcommand_mut("add"))
        .unwrap()
        .render_usage()
        .to_string();
    for part in [
        "--session <ID>",
        "--title <TEXT>",
        "--start <WHEN>",
        "<--end <WHEN>|--minutes <MIN>>",
    ] {
        assert!(usage.contains(part), "{usage}");
    }
}

/// Split an example as a shell would (double quotes only; no variables).
fn shell_words(line: &str) -> Vec<String> {
    let line = line
        .split(" > ")
        .next()
        .unwrap()
        .split(" && ")
        .next()
        .unwrap();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Every long option and every command, as the parser has them.
fn parser_names() -> (Vec<String>, Vec<String>) {
    let mut flags = Vec::new();
    let mut names = Vec::new();
    for (path, cmd) in commands() {
        if !path.is_empty() {
            names.push(cmd.get_name().to_string());
        }
        for arg in cmd.get_arguments().filter(|a| !is_builtin(a)) {
            if let Some(long) = arg.get_long() {
                flags.push(format!("--{long}"));
            }
        }
    }
    flags.sort();
    flags.dedup();
    names.sort();
    names.dedup();
    (flags, names)
}

#[test]
fn completions_name_every_command_and_option() {
    let (flags, names) = parser_names();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Elvish,
        Shell::PowerShell,
    ] {
        let script = attache::cli::shell_completions(shell);
        for word in flags.iter().chain(&names) {
            let bare = word.trim_start_matches('-');
            assert!(script.contains(bare), "{shell}: {word} missing");
        }
    }
    // and what the command prints is that script
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["completions", "fish"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        attache::cli::shell_completions(Shell::Fish)
    );
}

#[test]
fn the_man_page_names_every_command_and_option() {
    let (flags, _) = parser_names();
    let page = attache::cli::man_page().unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH attache 1"),
        "{}",
        &page[..200]
    );
    for word in &flags {
        // roff escapes each - as \-
        assert!(
            page.contains(&word.replace('-', "\\-")),
            "{word} missing from the man page"
        );
    }
    for (path, cmd) in commands() {
        if path.is_empty() || cmd.has_subcommands() {
            continue;
        }
        let heading = format!(".SH \"ATTACHE {}\"", path.to_uppercase());
        assert!(page.contains(&heading), "{heading} missing");
    }
    assert!(page.contains("Exit codes"));
}

//! Help that answers: each command's examples and exit codes, the environment in one
//! place, and value parsers whose errors show the expected form (clap names the flag).

use chrono::{NaiveDate, NaiveDateTime};

use super::error::exit_codes_help;

/// The environment variables attache reads, listed once: in `--help` and the README.
pub const ENVIRONMENT: [(&str, &str); 5] = [
    ("ATTACHE_DB", "the database folder when --db is not given"),
    (
        "NO_COLOR",
        "set and not empty: no colours (unless --color always)",
    ),
    (
        "XDG_DATA_HOME",
        "holds your data folder, attache/ [~/.local/share]",
    ),
    (
        "XDG_CONFIG_HOME",
        "holds the configuration, attache/config.toml [~/.config]",
    ),
    ("HOME", "your home folder, where the two above default"),
];

/// A command's examples and what each exit code means for it, by its path
/// (`meeting add`). Every command has an entry: a test holds it, and that each
/// example parses.
pub fn about(path: &str) -> Option<(&'static [&'static str], [&'static str; 3])> {
    const RAN: &str = "ran";
    const CANNOT: &str =
        "could not run: a usage mistake, an unknown id, a database that does not load";
    const EDIT_OK: &str = "done (new warnings are printed with their fix; still done)";
    const EDIT_STRICT: &str =
        "refused by --strict: the edit would make a warning (nothing written)";
    const EDIT_CANNOT: &str = "could not run: usage, an unknown id, an edit the rules refuse, a broken or locked database";
    Some(match path {
        "check" => (
            &[
                "attache check",
                "attache check --all",
                "attache --db ~/delegation check --format json",
            ],
            [
                "no errors (warnings are fine)",
                "errors in the files",
                CANNOT,
            ],
        ),
        "sessions" => (
            &[
                "attache sessions --upcoming",
                "attache sessions --body CND --format json",
                "attache sessions --upcoming --delegations",
            ],
            [RAN, "-", CANNOT],
        ),
        "people" => (
            &[
                "attache people",
                "attache people --section italy --session cnd-70 --format json",
            ],
            [RAN, "-", CANNOT],
        ),
        "delegation" => (
            &[
                "attache delegation --session cnd-70",
                "attache delegation --session cnd-70 --format json",
            ],
            [RAN, "-", CANNOT],
        ),
        "assign" => (
            &[
                "attache assign --session cnd-70 --person esempio --role head --arrive 2027-03-07 --depart 2027-03-12",
                "attache assign --session cnd-70 --person esempio --registered true --dry-run",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "person add" => (
            &[
                "attache person add --section austria --family Beispiel --given \"Karl Maria\" --email karl@example.org",
                "attache person add --section italy --family \"Rossi Bianchi\" --given Anna --known-as Anna --title Dr. --tz Europe/Rome --dry-run",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "person edit" => (
            &[
                "attache person edit esempio --email marco@example.org",
                "attache person edit esempio --phone \"+43 1 555 0199\" --dry-run",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "person rm" => (
            &["attache person rm beispiel --from-plans --dry-run"],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "section add" => (
            &["attache section add --name \"IPO Hungary\" --country HU --tz Europe/Budapest"],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "section edit" => (
            &["attache section edit austria --name \"IPO Austria (Vienna)\" --dry-run"],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "accredit" => (
            &[
                "attache accredit --session cnd-70 --person esempio --step indico-account --on 2027-01-20",
                "attache accredit --session cnd-70 --person esempio --step visa --state applied --on 2027-02-01 --dry-run",
                "attache accredit --session cnd-70 --person esempio --step approved --undone",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "readiness" => (
            &[
                "attache readiness",
                "attache readiness --session cnd-70 --format json",
            ],
            [RAN, "-", CANNOT],
        ),
        "session add" => (
            &[
                "attache session add ccpcj-35-thematic --body CCPCJ --title \"CCPCJ thematic discussions\" --kind thematic --start 2026-12-09 --end 2026-12-11 --source \"inferred: yearly in December\"",
                "attache session add cnd-71 --body CND --title \"71st session of the CND\" --start 2028-03-13 --end 2028-03-17 --confirmed --dry-run",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "session edit" => (
            &[
                "attache session edit cnd-70 --start 2027-03-09",
                "attache session edit cnd-70 --end 2027-03-13 --tentative --dry-run",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "session confirm" => (
            &[
                "attache session confirm cnd-70 --source https://www.unodc.org/unodc/en/commissions/CND/session/70_Session_2027/",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "unassign" => (
            &["attache unassign --session cnd-70 --person esempio --dry-run"],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "meeting add" => (
            &[
                "attache meeting add --session cnd-70 --title \"Coffee with UNODC\" --start \"2027-03-09 09:00\" --minutes 30 --attendee esempio",
                "attache meeting add --session cnd-70 --title Briefing --start 2027-03-10T13:00 --end 2027-03-10T14:00 --room M7 --format json",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "meeting edit" => (
            &[
                "attache meeting edit cnd70-vngoc --move 30",
                "attache meeting edit cnd70-vngoc --move -15 --room M2 --strict",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "meeting cancel" => (
            &["attache meeting cancel cnd70-vngoc"],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "meeting rm" => (
            &["attache meeting rm cnd70-vngoc --dry-run"],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "travel add" => (
            &[
                "attache travel add --session cnd-70 --person esempio --mode flight --from \"Rome FCO\" --to \"Vienna VIE\" --depart 2027-03-07T14:05+01:00 --arrive 2027-03-07T15:35 --arrive-tz Europe/Vienna",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "travel rm" => (
            &["attache travel rm --session cnd-70 esempio-flight-2027-03-07-1230 --dry-run"],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "travel list" => (
            &[
                "attache travel list --session cnd-70",
                "attache travel list --session cnd-70 --person esempio --format json",
            ],
            [RAN, "-", CANNOT],
        ),
        "stay add" => (
            &[
                "attache stay add --session cnd-70 --person esempio --name \"Hotel Example\" --check-in 2027-03-07 --check-out 2027-03-12",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "stay rm" => (
            &["attache stay rm --session cnd-70 esempio-stay-2027-03-07 --dry-run"],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "stay list" => (
            &["attache stay list --session cnd-70 --format json"],
            [RAN, "-", CANNOT],
        ),
        "clashes" => (
            &[
                "attache clashes --session cnd-70",
                "attache clashes --format json",
            ],
            ["no clashes", "clashes found", CANNOT],
        ),
        "export" => (
            &[
                "attache export --session cnd-70 --person esempio --format ics -o esempio.ics",
                "attache export --session cnd-70 --format html -o delegation.html",
                "attache export --session cnd-70 --format letter",
                "attache export --session cnd-70 --format letter-html -o letter.html",
            ],
            [
                RAN,
                "-",
                "could not run: an unknown id, a database that does not load, a file it may not write",
            ],
        ),
        "import" => (
            &[
                "attache import cnd-70.ics --session cnd-70 --dry-run",
                "attache import side-events.csv --session cnd-70",
            ],
            [
                "imported (or, with --dry-run, shown); what changed is listed",
                EDIT_STRICT,
                "could not run: a file that is not a valid programme (nothing written), an unknown session, a broken or locked database",
            ],
        ),
        "programme" => (
            &[
                "attache programme --session cnd-70",
                "attache programme --session cnd-70 --day 2027-03-09 --format json",
            ],
            [RAN, "-", CANNOT],
        ),
        "attend" => (
            &[
                "attache attend --session cnd-70 --item cnd-70-side-event-harm-reduction-in-prisons-xbpf --person esempio",
                "attache attend --session cnd-70 --item cnd-70-side-event-harm-reduction-in-prisons-xbpf --ack",
            ],
            [EDIT_OK, EDIT_STRICT, EDIT_CANNOT],
        ),
        "agenda" => (
            &[
                "attache agenda --day 2027-03-09",
                "attache agenda --day 2027-03-09 --person esempio --format json",
            ],
            [RAN, "-", CANNOT],
        ),
        "init" => (
            &[
                "attache init ~/delegation",
                "attache --db ~/delegation init --git",
            ],
            [
                "written",
                "-",
                "could not run: the folder holds a database already, or may not be written",
            ],
        ),
        "git" | "git setup" => (
            &["attache --db ~/delegation git setup"],
            [
                "set up",
                "-",
                "could not run: no database folder, or git cannot run",
            ],
        ),
        "merge-driver" => (
            &["attache merge-driver base.toml ours.toml theirs.toml plan/cnd-70.toml"],
            [
                "merged cleanly",
                "conflicts marked for you to resolve",
                "could not run: a file it cannot read or write",
            ],
        ),
        "completions" => (
            &[
                "attache completions bash > ~/.local/share/bash-completion/completions/attache",
                "attache completions zsh > ~/.zfunc/_attache",
            ],
            [RAN, "-", "could not run: a usage mistake"],
        ),
        "man" => (
            &["attache man > attache.1 && man ./attache.1"],
            [RAN, "-", "could not run: a usage mistake"],
        ),
        "meeting" | "travel" | "stay" => return None,
        _ => return None,
    })
}

/// The parser with examples and exit codes after each command's help, and the exit
/// codes and environment after the top-level help.
pub fn decorate(cmd: clap::Command) -> clap::Command {
    let top = format!(
        "Examples:\n  attache check\n  attache sessions --upcoming --body CND\n  attache delegation --session cnd-70\n  attache init ~/delegation\n\n{}\n{}",
        exit_codes_help([
            "ran, and found nothing to report",
            "ran, and found problems (errors, clashes, a --strict refusal)",
            "could not run (usage, unknown id, broken database, unwritable file)",
        ]),
        environment_help()
    );
    decorate_under(cmd.after_help(top), "")
}

fn decorate_under(mut cmd: clap::Command, prefix: &str) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let path = format!("{prefix}{name}");
        cmd = cmd.mut_subcommand(&name, |sub| {
            let sub = match about(&path) {
                Some((examples, codes)) => sub.after_help(after_help(examples, codes)),
                None => sub,
            };
            decorate_under(sub, &format!("{path} "))
        });
    }
    cmd
}

fn after_help(examples: &[&str], codes: [&str; 3]) -> String {
    let mut s = String::from("Examples:\n");
    for e in examples {
        s.push_str(&format!("  {e}\n"));
    }
    s.push('\n');
    s.push_str(&exit_codes_help(codes));
    s
}

fn environment_help() -> String {
    let mut s = String::from("Environment:\n");
    for (name, what) in ENVIRONMENT {
        s.push_str(&format!("  {name:<16} {what}\n"));
    }
    s
}

/// A day as `--today`, `--day`, `--from`, `--check-in` take it; a day the calendar
/// lacks is named ("February 2027 has 28 days"). The core's reader, as the forms'.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    crate::time::read_day(s)
}

/// A local date-time at the venue: `2027-03-09T13:00`, `2027-03-09 13:00`, the time as
/// people type it (`930`, `9.30`, `9h30`). The core's reader, as the forms'.
pub fn local_time(s: &str) -> Result<NaiveDateTime, String> {
    crate::time::read_local(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_say_the_form_they_expect() {
        assert!(date("2026-11-30").is_ok());
        assert!(date("30/11/2026").unwrap_err().contains("YYYY-MM-DD"));
        assert!(local_time("2027-03-09 13:00").is_ok());
        assert!(local_time("9am").unwrap_err().contains("2027-03-09T13:00"));
    }
}

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = attache::cli::Cli::parse();
    attache::cli::run(cli, chrono::Local::now().date_naive())
}

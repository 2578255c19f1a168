use std::process::ExitCode;

/// mimalloc instead of the system allocator: loading a large database is mostly
/// small allocations (strings and spans), and the system allocator was a quarter of
/// the time of `attache check` at 50,000 meetings (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = attache::cli::parse();
    if std::env::var_os("ATTACHE_CACHE").is_none_or(|v| v != "off")
        && let Some(folder) = attache::store::location::user_cache_dir()
    {
        attache::store::cache::enable(folder.join("plans"));
    }
    attache::cli::run(cli, chrono::Local::now().date_naive())
}

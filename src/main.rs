use std::process::ExitCode;

/// mimalloc instead of the system allocator: loading a large database is mostly
/// small allocations (strings and spans), and the system allocator was a quarter of
/// the time of `attache check` at 50,000 meetings (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = attache::cli::parse();
    if cache_wanted(std::env::var_os("ATTACHE_CACHE").as_deref())
        && let Some(folder) = attache::store::location::user_cache_dir()
    {
        attache::store::cache::enable(folder.join("plans"));
    }
    attache::cli::run(cli, chrono::Local::now().date_naive())
}

/// Whether `ATTACHE_CACHE` leaves the cache of parsed plans on: unless it says off
/// in one of the usual ways (`off`, `0`, `false`, `no`, any case).
fn cache_wanted(value: Option<&std::ffi::OsStr>) -> bool {
    let off = ["off", "0", "false", "no"];
    value
        .and_then(|v| v.to_str())
        .is_none_or(|v| !off.iter().any(|o| v.trim().eq_ignore_ascii_case(o)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn attache_cache_turns_off_in_the_usual_ways() {
        for off in ["off", "OFF", "0", "false", "No"] {
            assert!(!super::cache_wanted(Some(off.as_ref())), "{off}");
        }
        for on in [None, Some(""), Some("on"), Some("1")] {
            assert!(super::cache_wanted(on.map(AsRef::as_ref)), "{on:?}");
        }
    }
}

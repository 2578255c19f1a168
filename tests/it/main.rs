//! The integration tests, as one test binary: each module was a test binary of its own,
//! and each linked the whole of attaché and its dependencies again. One binary links
//! once. Run one module with `cargo test --test it planning::`, one test by its name.

// Shared by the modules below.
mod export_support;
mod fixture;
#[path = "../../bench/gen.rs"]
#[allow(dead_code)]
mod generator;
mod property_cases;

mod accreditation;
mod bodies;
mod broken_db;
mod calendar;
mod cli;
mod cli_codes;
mod cli_help;
mod cli_json;
mod cli_logistics;
mod cli_script;
mod export;
mod export_cli;
mod export_hostile;
mod export_ics;
mod git_sharing;
mod html_browser;
mod itinerary;
mod nothing_lost;
mod people;
mod planning;
mod programme;
mod proptest_inputs;
mod real_clients;
mod reliability;
mod scale;
mod tui;
mod tui_e2e;
mod tui_input;
mod tui_people;
mod tui_scale;
mod tui_vt100;

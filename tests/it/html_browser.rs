//! The HTML exports in a real browser: headless Chromium lays each page out at a
//! phone's width (360 and 390 px) and prints it, and the test measures what a
//! delegate would see: no horizontal scrolling, A4 pages.
//!
//! The page itself runs no script (its Content-Security-Policy forbids them), so it is
//! measured from outside: a probe page holds it in a frame of the phone's width and
//! reads its layout, which `--allow-file-access-from-files` permits for local files.
//!
//! Chromium comes from Debian's `chromium` package, which `.ci/run` installs. Without
//! it the test is skipped with a message, except in CI (`CI=true`), where it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use attache::export::{self, Format, Options, Selection};

use crate::itinerary::{new_york_db, today};

/// The browser, or `None` (skip) when it is absent on a developer's machine.
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .flat_map(|dir| ["chromium", "chromium-browser"].map(|n| dir.join(n)))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("Chromium is needed for the HTML layout test in CI (.ci/run installs it)");
        }
        eprintln!(
            "skipped: no chromium on PATH (apt-get install chromium) to lay out the HTML at 390 px"
        );
    }
    found
}

/// Chromium run headless, as on a closed network, with a profile of its own.
fn browser(bin: &Path, profile: &Path) -> Command {
    let mut c = Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// How wide the page at `page` lays out in a frame `width` px wide: (the width of its
/// content, the width it is shown in), and what sticks out.
fn layout(bin: &Path, dir: &Path, page: &str, width: u32) -> (u32, u32, String) {
    let probe = dir.join(format!("probe-{width}.html"));
    std::fs::write(
        &probe,
        format!(
            r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="{page}" style="width:{width}px;height:800px;border:0"></iframe>
<script>
const f = document.getElementById('f');
f.onload = () => {{
  const d = f.contentDocument.documentElement;
  const out = [...f.contentDocument.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > d.clientWidth + 0.5)
    .slice(0, 5).map(e => e.tagName + '.' + e.className).join(' ');
  document.body.setAttribute('data-layout', d.scrollWidth + ' ' + d.clientWidth + ' ' + out);
}};
</script></body></html>"#
        ),
    )
    .unwrap();
    let out = browser(bin, &dir.join("profile"))
        .args([
            "--allow-file-access-from-files",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", probe.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let found = dom
        .split("data-layout=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("the probe did not measure {page}: {dom}"));
    let mut parts = found.splitn(3, ' ');
    let mut number = || parts.next().and_then(|n| n.parse().ok()).unwrap();
    let (scroll, client) = (number(), number());
    (scroll, client, parts.next().unwrap_or_default().to_string())
}

fn export_to(dir: &Path, name: &str, format: Format, people: &[&str]) -> String {
    let loaded = new_york_db(&dir.join(format!("db-{name}")));
    let selection = Selection {
        sessions: vec!["ccpcj-36".into()],
        people: people.iter().map(|p| p.to_string()).collect(),
        section: None,
    };
    let options = Options {
        today: Some(today()),
        ..Options::default()
    };
    let rendered = export::export(&loaded.db, format, &selection, &options).unwrap();
    std::fs::write(dir.join(name), rendered.text).unwrap();
    name.to_string()
}

#[test]
fn html_fits_a_phone_and_prints_on_a4() {
    let Some(bin) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let pages = [
        export_to(dir, "york.html", Format::Html, &["york"]),
        export_to(dir, "delegation.html", Format::Html, &[]),
        export_to(dir, "letter.html", Format::LetterHtml, &[]),
    ];
    for page in &pages {
        for width in [360, 390] {
            let (scroll, client, out) = layout(&bin, dir, page, width);
            assert!(
                client <= width && scroll <= client,
                "{page} at {width} px is {scroll} px wide, shown in {client} px: {out}"
            );
        }
        let pdf = dir.join(format!("{page}.pdf"));
        let status = browser(&bin, &dir.join("profile"))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", dir.join(page).display()))
            .output()
            .unwrap();
        assert!(status.status.success(), "{page} did not print");
        let bytes = std::fs::read(&pdf).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let boxes: Vec<&str> = text
            .split("/MediaBox [")
            .skip(1)
            .filter_map(|b| b.split(']').next())
            .collect();
        assert!(!boxes.is_empty(), "{page}: no pages in the PDF");
        for b in boxes {
            // A4 is 595 x 842 points (US Letter would be 612 x 792).
            let size: Vec<f64> = b
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            assert!(
                (size[2] - 595.0).abs() < 1.0 && (size[3] - 842.0).abs() < 1.0,
                "{page} prints on {b}, not A4"
            );
        }
    }
}

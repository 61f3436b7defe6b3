//! The drafts of breachdesk-report read back with lopdf (and checked by qpdf): every required
//! field present with the case's own values, pages numbered, long content flowing over pages
//! without loss, and the output deterministic. One test binary for the crate.

mod every_kind;
mod fixture;
mod imy_notification;
mod other_drafts;
mod qpdf;

use chrono_tz::Europe::Stockholm;
use fixture::Fixture;

/// The footer title of the IMY notification draft (before the case reference).
pub const IMY_TITLE: &str = "Anmälan av personuppgiftsincident – utkast";

/// The text of every page, in page order.
pub fn pages_text(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF lopdf can read");
    doc.get_pages().keys().map(|n| doc.extract_text(&[*n]).expect("extractable text")).collect()
}

/// The text of the whole document.
pub fn text(pdf: &[u8]) -> String {
    pages_text(pdf).join("\n")
}

/// Without white space: wrapping turns spaces into line breaks and may split long words.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The squashed text of every page without its running header and footer (whose footer starts
/// with `title`), which a text that flows over a page break is interrupted by.
pub fn squashed_body(pdf: &[u8], f: &Fixture, title: &str) -> String {
    let pages = pages_text(pdf);
    let count = pages.len();
    let reference = f.case.reference.as_str();
    let generated = domain::notation::field_when(domain::names::Language::Sv, f.generated_at, Stockholm);
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let running = [
                "UTKAST".to_owned(),
                format!("{reference} · version {}", f.case.version),
                format!("Skapad {generated} (Europe/Stockholm)"),
                format!("{title} {reference}"),
                format!("Sida {} av {count}", i + 1),
            ];
            running.iter().fold(squash(page), |page, r| page.replacen(&squash(r), "", 1))
        })
        .collect()
}

/// Asserts that every needle is in the haystack (white space ignored).
pub fn assert_contains_all(haystack: &str, needles: &[&str]) {
    let hay = squash(haystack);
    for needle in needles {
        assert!(hay.contains(&squash(needle)), "missing {needle:?} in:\n{haystack}");
    }
}

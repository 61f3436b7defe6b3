//! What every kind of draft promises: the same bytes for the same case and clock, an English
//! variant, the running frame on every page, and long content that flows over pages whole.

use breachdesk_report::{
    Lang, breach_register, data_subject_communication, imy_notification, imy_supplement, police_report,
};

use crate::fixture::Fixture;
use crate::{assert_contains_all, pages_text, squash, squashed_body, text};

/// The kinds of draft made from one case.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Imy,
    Supplement,
    Police,
    DataSubjects,
    Register,
}

pub const KINDS: [Kind; 5] = [Kind::Imy, Kind::Supplement, Kind::Police, Kind::DataSubjects, Kind::Register];

impl Kind {
    pub fn render(self, f: &Fixture, lang: Lang) -> Vec<u8> {
        let ctx = f.ctx(lang);
        match self {
            Kind::Imy => imy_notification(&ctx),
            Kind::Supplement => imy_supplement(&ctx),
            Kind::Police => police_report(&ctx),
            Kind::DataSubjects => data_subject_communication(&ctx),
            Kind::Register => breach_register(&[f.register_entry()], &f.organisation, f.generated_at, lang),
        }
        .map_err(|e| format!("{self:?}: {e}"))
        .expect("renders")
    }

    /// The footer title before the case reference (Swedish).
    pub fn footer(self) -> &'static str {
        match self {
            Kind::Imy => "Anmälan av personuppgiftsincident – utkast",
            Kind::Supplement => "Komplettering av anmälan av personuppgiftsincident – utkast",
            Kind::Police => "Polisanmälan – utkast",
            Kind::DataSubjects => "Information om en personuppgiftsincident – utkast",
            Kind::Register => "Register över personuppgiftsincidenter – Bjuvs kommun",
        }
    }

    /// The English title.
    pub fn english_title(self) -> &'static str {
        match self {
            Kind::Imy => "Personal data breach notification – draft",
            Kind::Supplement => "Supplementary information to a data breach notification – draft",
            Kind::Police => "Police report – draft",
            Kind::DataSubjects => "Information about a personal data breach",
            Kind::Register => "Register of personal data breaches",
        }
    }

    /// Table headers that repeat on each page a table spans (removed before looking for text
    /// that flows over pages).
    fn repeated_headers(self) -> &'static [&'static str] {
        match self {
            Kind::Supplement => &["Uppgift Tidigare anmält Nu", "Nr Tid Typ Händelse"],
            Kind::Imy | Kind::Police => &["Nr Tid Typ Händelse"],
            Kind::DataSubjects | Kind::Register => &[],
        }
    }

    fn body(self, pdf: &[u8], f: &Fixture) -> String {
        let pages: Vec<String> = squashed_body(pdf, f, self.footer()).split('\u{c}').map(str::to_owned).collect();
        let mut body = pages.concat();
        for header in self.repeated_headers() {
            body = body.replace(&squash(header), "");
        }
        body
    }
}

/// Whether `needle`'s characters appear in `hay` in order (for text in a table cell that other
/// cells interleave with on a page break).
fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
}

#[test]
fn every_kind_gives_the_same_bytes_for_the_same_case_and_clock() {
    let f = Fixture::bjuv_decided();
    for kind in KINDS {
        let first = kind.render(&f, Lang::Sv);
        let _other = kind.render(&Fixture::bjuv_decided(), Lang::En);
        assert!(first == kind.render(&f, Lang::Sv), "{kind:?}: two renderings differ");
        assert!(first.starts_with(b"%PDF-"), "{kind:?}");
    }
}

#[test]
fn every_page_of_every_kind_carries_the_draft_mark_reference_time_and_page_x_of_y() {
    let mut f = Fixture::bjuv_decided();
    f.add_notes(80);
    for kind in KINDS {
        let pages = pages_text(&kind.render(&f, Lang::Sv));
        let count = pages.len();
        for (i, page) in pages.iter().enumerate() {
            let reference = if matches!(kind, Kind::Register) { "Bjuvs kommun · 1 ärenden" } else { "PUI-2024-0003" };
            assert_contains_all(
                page,
                &[
                    "UTKAST",
                    reference,
                    "Skapad 19 januari 2024 kl. 10.00 (Europe/Stockholm)",
                    &format!("Sida {} av {count}", i + 1),
                ],
            );
        }
    }
}

#[test]
fn every_kind_has_an_english_variant() {
    let f = Fixture::bjuv_decided();
    for kind in KINDS {
        let text = text(&kind.render(&f, Lang::En));
        assert_contains_all(&text, &[kind.english_title(), "DRAFT", "Page 1 of", "Generated 2024-01-19 10:00"]);
        for swedish in ["UTKAST", "Sida 1 av", "Skapad"] {
            assert!(!squash(&text).contains(swedish), "{kind:?} has {swedish}");
        }
    }
}

#[test]
fn swedish_letters_extract_as_themselves_in_every_kind() {
    let f = Fixture::bjuv_decided();
    for kind in KINDS {
        let text = text(&kind.render(&f, Lang::Sv));
        assert!(text.contains("Åsa Öberg") || matches!(kind, Kind::Register | Kind::Supplement), "{kind:?}");
        assert!(text.contains("Bjuvs kommun"), "{kind:?}");
        assert!(text.contains('å') && text.contains('ä') && text.contains('ö'), "{kind:?}");
        assert!(!text.contains('\u{fffd}'), "{kind:?}");
    }
}

#[test]
fn two_hundred_timeline_entries_add_pages_and_none_is_lost() {
    let short = Fixture::bjuv_decided();
    let mut f = Fixture::bjuv_decided();
    f.add_notes(200);
    for kind in [Kind::Imy, Kind::Supplement, Kind::Police] {
        let before = pages_text(&kind.render(&short, Lang::Sv)).len();
        let pdf = kind.render(&f, Lang::Sv);
        let after = pages_text(&pdf).len();
        assert!(after >= before + 5, "{kind:?}: {after} pages vs {before}");
        let body = kind.body(&pdf, &f);
        for entry in f.timeline.iter().filter(|e| e.text.starts_with("Händelse ")) {
            assert!(body.contains(&squash(&entry.text)), "{kind:?}: entry {} missing", entry.seq);
        }
    }
}

#[test]
fn a_5000_character_description_comes_back_whole_in_every_kind() {
    let mut f = Fixture::bjuv_decided();
    let description = Fixture::long_description(5000);
    f.case.description = description.clone();
    for kind in KINDS {
        let pdf = kind.render(&f, Lang::Sv);
        if matches!(kind, Kind::Register) {
            // In a narrow column that continues over pages beside other cells.
            assert!(is_subsequence(&squash(&description), &squash(&text(&pdf))), "{kind:?}");
            assert!(pages_text(&pdf).len() > 1);
            continue;
        }
        assert!(kind.body(&pdf, &f).contains(&squash(&description)), "{kind:?}: the description was cut or altered");
    }
}

#[test]
fn a_300_character_controller_name_is_wrapped_not_cut() {
    let mut f = Fixture::bjuv_decided();
    let name: String = "Socialnämnden och överförmyndarnämnden i samverkan för Bjuv, Åstorp och Klippan "
        .repeat(5)
        .chars()
        .take(300)
        .collect();
    f.controllers[0].name = name.trim_end().to_owned();
    for kind in [Kind::Imy, Kind::Supplement, Kind::Police, Kind::DataSubjects] {
        let pdf = kind.render(&f, Lang::Sv);
        assert!(kind.body(&pdf, &f).contains(&squash(&name)), "{kind:?}");
    }
    let register = Kind::Register.render(&f, Lang::Sv);
    assert!(is_subsequence(&squash(&name), &squash(&text(&register))));
}

//! The IMY notification draft, read back with lopdf: every required field present, the pages
//! numbered, long content flowing over pages without loss, and the output deterministic.

use breachdesk_report::{Lang, imy_notification};
use chrono::TimeDelta;
use chrono_tz::Europe::Stockholm;
use domain::EntryKind;

use crate::fixture::{self, Fixture, TIMELINE, local};
use crate::{IMY_TITLE, assert_contains_all, pages_text, squash, squashed_body, text};

fn render(f: &Fixture, lang: Lang) -> Vec<u8> {
    imy_notification(&f.ctx(lang)).expect("renders")
}

#[test]
fn the_swedish_draft_holds_title_controller_org_number_and_the_72_hour_due_time() {
    let f = Fixture::bjuv();
    let text = text(&render(&f, Lang::Sv));
    assert_contains_all(
        &text,
        &[
            "Anmälan av personuppgiftsincident – utkast",
            "Kommunstyrelsen i Bjuvs kommun",
            "212000-1041",
            "Box 501, 267 25 Bjuv",
            "PUI-2024-0003",
            "Åsa Öberg",
            "dataskyddsombud@bjuv.se",
            "14 januari 2024 kl. 16.00 (Europe/Stockholm)",
            "11 januari 2024 kl. 07.30 (Europe/Stockholm)",
            "Larm från driftövervakningen om krypterade filer",
            "Konfidentialitet (obehörigt röjande eller åtkomst)",
            "Tillgänglighet (förlust av åtkomst eller förstörelse)",
            "Personnummer",
            "Hälsa (art. 9)",
            "Anställda",
            "Invånare",
            "Risk för identitetsstöld",
            "Stänga ned all åtkomst till berörda system",
            "Införa tvåfaktorsinloggning för fjärråtkomst",
            "Beslut saknas",
            "Övriga upplysningar och sekretess (OSL)",
            "allmän handling",
            "Bilaga: Tidslinje",
        ],
    );
}

#[test]
fn swedish_letters_extract_as_themselves_not_as_look_alikes() {
    let f = Fixture::bjuv();
    let text = text(&render(&f, Lang::Sv));
    for word in ["Åtgärder", "Övriga", "återinstallerades", "Åsa Öberg", "Tillgänglighet"] {
        assert!(text.contains(word), "{word} in:\n{text}");
    }
    assert!(!text.contains('\u{fffd}'));
}

#[test]
fn every_timeline_entry_is_in_the_annex_with_its_local_time() {
    let f = Fixture::bjuv();
    let text = text(&render(&f, Lang::Sv));
    for (day, h, mi, _, entry) in TIMELINE {
        // A table cell: the ISO date and a Swedish time of day (a full stop, not a colon).
        assert_contains_all(&text, &[entry, &format!("2024-01-{day:02} {h:02}.{mi:02}")]);
    }
    assert_contains_all(
        &text,
        &["Upptäckt", "Begränsning", "Bevissäkring", "Tider i Europe/Stockholm", "Tid", "Händelse"],
    );
}

#[test]
fn a_complete_case_is_still_preliminary_while_the_article_34_decision_is_missing() {
    let f = Fixture::bjuv();
    let text = text(&render(&f, Lang::Sv));
    assert_contains_all(
        &text,
        &["Uppgifter som saknas", "Beslut om information till de registrerade", "Preliminär anmälan"],
    );
    assert!(!squash(&text).contains(&squash("Personuppgiftsansvarig är inte vald")));
    assert!(!squash(&text).contains(&squash("Skäl till försening")));
}

#[test]
fn missing_required_fields_are_listed_on_the_first_page() {
    let mut f = Fixture::bjuv();
    f.chosen = None;
    f.case.personal_data_categories.clear();
    f.case.data_subject_categories.clear();
    f.case.data_subjects_count = None;
    f.case.records_count = None;
    f.case.likely_consequences = None;
    f.case.detection_method = None;
    f.actions.clear();
    let pages = pages_text(&render(&f, Lang::Sv));
    assert_contains_all(
        &pages[0],
        &[
            "Uppgifter som saknas",
            "Personuppgiftsansvarig är inte vald",
            "Kategorier av personuppgifter",
            "Kategorier av registrerade",
            "Ungefärligt antal registrerade",
            "Ungefärligt antal personuppgiftsposter",
            "Sannolika konsekvenser för de registrerade",
            "Hur incidenten upptäcktes",
            "Vidtagna eller planerade åtgärder",
        ],
    );
    assert_contains_all(&pages.join("\n"), &["Preliminär anmälan", "Ej vald"]);
}

#[test]
fn a_missed_deadline_asks_for_the_reasons_for_delay() {
    let mut f = Fixture::bjuv();
    f.generated_at = local(2024, 1, 16, 10, 0);
    f.clocks = domain::deadline::imy_clocks(&f.case, None, Stockholm, f.generated_at);
    let text = text(&render(&f, Lang::Sv));
    assert_contains_all(
        &text,
        &["Skäl till försening (art. 33.1)", "Fristen har löpt ut", "Skälen till förseningen ska anges"],
    );
}

#[test]
fn every_page_carries_the_draft_mark_reference_generation_time_and_page_x_of_y() {
    let mut f = Fixture::bjuv();
    for i in 0..60 {
        f.log(
            local(2024, 1, 12, 7, 0) + TimeDelta::minutes(i),
            EntryKind::Note,
            &format!("Anteckning nummer {i} om utredningen."),
        );
    }
    let pages = pages_text(&render(&f, Lang::Sv));
    let count = pages.len();
    assert!(count >= 3, "{count} pages");
    for (i, page) in pages.iter().enumerate() {
        assert_contains_all(
            page,
            &[
                "UTKAST",
                "PUI-2024-0003",
                "version 1",
                "Skapad 12 januari 2024 kl. 09.00 (Europe/Stockholm)",
                &format!("Sida {} av {count}", i + 1),
            ],
        );
    }
}

#[test]
fn two_hundred_timeline_entries_flow_over_more_pages_and_every_one_is_found() {
    let short = Fixture::bjuv();
    let short_pages = pages_text(&render(&short, Lang::Sv)).len();
    let mut f = Fixture::bjuv();
    for i in 0..200 {
        let text =
            format!("Händelse {i:03}: genomgång av brandväggsloggar för server {} visade åtkomstförsök.", i % 17);
        f.log(local(2024, 1, 12, 9, 0) - TimeDelta::minutes(200 - i), EntryKind::Note, &text);
    }
    let pdf = render(&f, Lang::Sv);
    let pages = pages_text(&pdf);
    assert!(pages.len() >= short_pages + 5, "{} pages vs {short_pages}", pages.len());
    let all = squashed_body(&pdf, &f, IMY_TITLE);
    for entry in &f.timeline {
        assert!(all.contains(&squash(&entry.text)), "entry {} missing", entry.seq);
    }
}

#[test]
fn a_5000_character_description_with_unbroken_runs_comes_back_whole() {
    let mut f = Fixture::bjuv();
    let mut description = String::new();
    let mut i = 0;
    while description.chars().count() < 5000 {
        description.push_str(&format!("Stycke {i} om intrånget i förvaltningens system. "));
        description.push_str(&"ÅÄÖåäöxyz0123456789".repeat(12));
        description.push(' ');
        i += 1;
    }
    let description: String = description.chars().take(5000).collect();
    f.case.description = description.clone();
    let body = squashed_body(&render(&f, Lang::Sv), &f, IMY_TITLE);
    assert!(body.contains(&squash(&description)), "the description was cut or altered");
}

#[test]
fn a_300_character_controller_name_is_wrapped_not_cut() {
    let mut f = Fixture::bjuv();
    let name: String = "Socialnämnden och överförmyndarnämnden i samverkan för Bjuv, Åstorp och Klippan "
        .repeat(5)
        .chars()
        .take(300)
        .collect();
    f.controllers[0].name = name.clone();
    let body = squashed_body(&render(&f, Lang::Sv), &f, IMY_TITLE);
    assert!(body.contains(&squash(&name)));
}

#[test]
fn the_english_draft_has_english_labels() {
    let f = Fixture::bjuv();
    let text = text(&render(&f, Lang::En));
    assert_contains_all(
        &text,
        &[
            "Personal data breach notification – draft",
            "DRAFT",
            "Missing information",
            "Controller",
            "Corporate identity number",
            "Notify by",
            "2024-01-14 16:00 (Europe/Stockholm)",
            "No decision recorded",
            "Other information and confidentiality (OSL)",
            "Annex: Timeline",
            "Page 1 of",
            "Kommunstyrelsen i Bjuvs kommun",
            "Confidentiality (unauthorised disclosure or access)",
            "Availability (loss of access or destruction)",
            "Ransomware (extortion)",
            "Personal identity numbers (personnummer)",
            "Health (Art. 9)",
            "Employees",
            "Residents",
        ],
    );
    for swedish in [
        "Uppgifter som saknas",
        "Personuppgiftsansvarig",
        "Sida 1 av",
        "Konfidentialitet (obehörigt",
        "Utpressningsattack",
        "Hälsa (art. 9)",
    ] {
        assert!(!squash(&text).contains(&squash(swedish)), "{swedish}");
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let f = Fixture::bjuv();
    let first = render(&f, Lang::Sv);
    let _other = render(&Fixture::bjuv(), Lang::En);
    let second = render(&f, Lang::Sv);
    assert!(first == second, "two renderings differ");
    assert!(first.starts_with(b"%PDF-"));
}

#[test]
fn the_creation_date_is_the_generation_time() {
    let f = Fixture::bjuv();
    let doc = lopdf::Document::load_mem(&render(&f, Lang::Sv)).expect("loads");
    let info =
        doc.trailer.get(b"Info").and_then(|i| i.as_reference()).and_then(|r| doc.get_dictionary(r)).expect("info");
    let created = info.get(b"CreationDate").and_then(|d| d.as_str()).expect("creation date");
    // 09:00 in Stockholm in January is 08:00 UTC.
    assert_eq!(created, b"D:20240112080000+00'00'");
}

#[test]
fn languages_parse_from_their_codes() {
    assert_eq!(Lang::parse("sv"), Some(Lang::Sv));
    assert_eq!(Lang::parse(" EN "), Some(Lang::En));
    assert_eq!(Lang::parse("de"), None);
}

#[test]
fn every_article_33_3_item_and_imy_question_carries_the_cases_own_values() {
    let f = Fixture::bjuv_decided();
    let text = text(&render(&f, Lang::Sv));
    assert_contains_all(
        &text,
        &[
            // IMY 1–3 and the own reference, IMY's case number once known.
            "Namn",
            "Kommunstyrelsen i Bjuvs kommun",
            "Organisationsnummer",
            "212000-1041",
            "Postadress",
            "Box 501, 267 25 Bjuv",
            "Ert referensnummer",
            "PUI-2024-0003",
            "IMY:s diarienummer",
            fixture::IMY_NUMBER,
            // Art. 33(3)(b): the DPO.
            "Dataskyddsombud",
            "Åsa Öberg",
            "dataskyddsombud@bjuv.se",
            "042-458 50 00",
            // Art. 33(3)(a): nature, categories and approximate numbers.
            "När inträffade incidenten?",
            "10 januari 2024 kl. 23.15 (Europe/Stockholm)",
            "När upphörde incidenten?",
            "11 januari 2024 kl. 08.10 (Europe/Stockholm)",
            "Hur upptäcktes incidenten?",
            "Larm från driftövervakningen om krypterade filer",
            "När fick ni kännedom om incidenten?",
            "11 januari 2024 kl. 16.00 (Europe/Stockholm)",
            "Bjuvs kommun utsattes för en IT-attack.",
            "Utpressningsattack (ransomware)",
            "Vilka grupper tillhör de registrerade?",
            "Anställda",
            "Vilken sorts personuppgifter har incidenten drabbat?",
            "Hälsa (art. 9)",
            "Ungefärligt antal registrerade",
            "1\u{a0}000–16\u{a0}000",
            "Ungefärligt antal personuppgiftsposter",
            "50\u{a0}000–250\u{a0}000",
            // Art. 33(3)(c): likely consequences.
            "Vad kan bli konsekvenserna av incidenten?",
            "Uppgifterna har publicerats på en läcksajt.",
            // IMY 29: the self-assessed severity.
            "Uppskatta hur allvarlig incidenten är",
            "Hög risk",
            "3,50 (hög)",
            "Åsa Öberg (dataskyddsombud)",
            "Den adress ni önskar bli kontaktade på",
            "Bjuvs kommun, 267 80 Bjuv",
            "Orsak till incidenten",
            "Antagonistiskt angrepp",
            "Personnummer och uppgifter om hälsa kan ha förts ut",
            // Art. 33(3)(d): measures.
            "Hur har ni agerat efter incidenten?",
            "Stänga ned all åtkomst till berörda system",
            "Införa tvåfaktorsinloggning för fjärråtkomst",
            // IMY 31–35: informing the data subjects, here not, under Art. 34(3)(c).
            "Har ni informerat de registrerade?",
            "Varför kommer ni inte att informera de registrerade?",
            "Art. 34.3 c",
            "kommunen informerar i stället på bjuv.se",
            "Berörs registrerade i flera EU/EES-länder?",
            "Övriga upplysningar och sekretess (OSL)",
            "18 kap. 8 § OSL",
            "Bilaga: Tidslinje",
        ],
    );
}

#[test]
fn a_draft_with_nothing_missing_is_a_complete_notification() {
    let f = Fixture::bjuv_decided();
    let pages = pages_text(&render(&f, Lang::Sv));
    assert_contains_all(&pages[0], &["Uppgifter som saknas", "Inga uppgifter saknas.", "Fullständig anmälan"]);
    assert!(!squash(&pages.join("\n")).contains(&squash("Preliminär anmälan")));
}

#[test]
fn a_late_imy_filing_prints_its_reasons_for_delay() {
    let mut f = Fixture::bjuv_decided();
    let reasons = "Angreppets omfattning var okänd och kommunens IT-miljö var nedstängd i fyra dygn.";
    for filing in &mut f.filings {
        if filing.recipient == domain::filing::Recipient::Imy {
            filing.submitted_at = local(2024, 1, 16, 10, 0);
            filing.delay_reasons = Some(reasons.into());
        }
    }
    f.recompute_clocks();
    let text = text(&render(&f, Lang::Sv));
    assert_contains_all(&text, &["Skäl till försening", "Skäl till förseningen", reasons, "Anmäld för sent"]);
}

#[test]
fn data_subjects_informed_shows_when_and_how() {
    let mut f = Fixture::bjuv_decided();
    f.decisions.retain(|d| d.kind != domain::decision::DecisionKind::InformDataSubjects);
    let yes = domain::decision::NewDecision {
        kind: Some(domain::decision::DecisionKind::InformDataSubjects),
        outcome: Some(domain::decision::Outcome::Yes),
        reasons: Some("Hög risk; de anställda kan nås via e-post.".into()),
        exemption: None,
    }
    .decide(f.case.id, f.assessment.as_ref(), &f.decisions, "dpo", local(2024, 1, 13, 9, 0))
    .expect("valid");
    f.decisions.push(yes);
    let sent = domain::filing::NewFiling {
        recipient: Some(domain::filing::Recipient::DataSubjects),
        phase: Some(domain::filing::Phase::Complete),
        submitted_at: Some(local(2024, 1, 14, 11, 30)),
        channel: Some("E-post till samtliga anställda".into()),
        ..Default::default()
    }
    .record(f.case.id, None, "{}".into(), "dpo", local(2024, 1, 14, 11, 30))
    .expect("valid");
    f.filings.push(sent);
    let text = text(&render(&f, Lang::Sv));
    assert_contains_all(
        &text,
        &[
            "När informerade ni de registrerade?",
            "14 januari 2024 kl. 11.30 (Europe/Stockholm)",
            "E-post till samtliga anställda",
            "de anställda kan nås via e-post",
        ],
    );
}

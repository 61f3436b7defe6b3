//! The IMY notification draft, read back with lopdf: every required field present, the pages
//! numbered, long content flowing over pages without loss, and the output deterministic.

use breachdesk_report::{DraftContext, Lang, imy_notification};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;
use domain::case::{CountRange, DataSubjectCategory, PersonalDataCategory};
use domain::{
    Action, ActionCategory, ActionPatch, ActionStatus, BreachType, Case, CaseId, CaseReference, Category, Clock,
    Controller, ControllerId, EntryKind, NewAction, NewCase, NewController, NewTimelineEntry, Organisation,
    OrganisationId, TimelineEntry,
};

fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Stockholm.with_ymd_and_hms(y, mo, d, h, mi, 0).earliest().expect("exists").with_timezone(&Utc)
}

/// A Bjuv-like ransomware case of January 2024, as the tool would hold it.
struct Fixture {
    organisation: Organisation,
    controller: Option<Controller>,
    case: Case,
    timeline: Vec<TimelineEntry>,
    actions: Vec<Action>,
    clocks: Vec<Clock>,
    generated_at: DateTime<Utc>,
}

const TIMELINE: [(u32, u32, u32, EntryKind, &str); 6] = [
    (11, 7, 30, EntryKind::Detection, "Driftövervakningen larmade om krypterade filer på filservern."),
    (11, 8, 10, EntryKind::Containment, "All extern åtkomst stängdes ned och berörda servrar isolerades."),
    (
        11,
        16,
        0,
        EntryKind::Decision,
        "Kommundirektören beslutade om stabsläge; incidenten bedöms som personuppgiftsincident.",
    ),
    (11, 17, 45, EntryKind::Evidence, "Loggar och utpressningsmeddelande säkrades för polisanmälan."),
    (12, 8, 0, EntryKind::Recovery, "Samtliga lösenord byttes och drabbade arbetsdatorer återinstallerades."),
    (12, 8, 30, EntryKind::Communication, "Information till anställda om nätfiske och bedrägeriförsök."),
];

impl Fixture {
    fn bjuv() -> Self {
        let organisation = Organisation {
            id: OrganisationId::new(),
            name: "Bjuvs kommun".into(),
            dpo_name: "Åsa Öberg".into(),
            dpo_email: "dataskyddsombud@bjuv.se".into(),
            dpo_phone: "042-458 50 00".into(),
            time_zone: Stockholm,
        };
        let controller = NewController {
            name: Some("Kommunstyrelsen i Bjuvs kommun".into()),
            organisation_number: Some("212000-1041".into()),
            postal_address: Some("Box 501, 267 25 Bjuv".into()),
        }
        .validate(ControllerId::new())
        .expect("valid controller");
        let detected = local(2024, 1, 11, 7, 30);
        let aware = local(2024, 1, 11, 16, 0);
        let case = NewCase {
            title: Some("IT-attack mot kommunens servrar (ransomware)".into()),
            description: Some(
                "Bjuvs kommun utsattes för en IT-attack. Angriparen tog sig in i kommunens \
                 dataservrar och krypterade filer. En hackergrupp hotar att läcka information, \
                 bland annat personalakter och avtal. Vi kan inte utesluta att personuppgifter \
                 såsom personnummer har kommit åt."
                    .into(),
            ),
            category: Some(Category::Ransomware),
            breach_types: Some(vec![BreachType::Confidentiality, BreachType::Availability]),
            detected_at: Some(detected),
            aware_at: Some(aware),
            occurred_from: Some(local(2024, 1, 10, 23, 15)),
            occurred_to: Some(local(2024, 1, 11, 8, 10)),
            detection_method: Some("Larm från driftövervakningen om krypterade filer".into()),
            controller_ids: vec![controller.id],
            affected_systems: vec!["Filserver för förvaltningarna".into(), "Personalsystem".into()],
            personal_data_categories: vec![
                PersonalDataCategory::Identity,
                PersonalDataCategory::Personnummer,
                PersonalDataCategory::Health,
            ],
            data_subject_categories: vec![DataSubjectCategory::Employees, DataSubjectCategory::Residents],
            data_subjects_count: Some(CountRange { min: 1000, max: 16_000 }),
            records_count: Some(CountRange { min: 10_000, max: 200_000 }),
            likely_consequences: Some(
                "Risk för identitetsstöld, bedrägerier och utpressning av anställda och invånare.".into(),
            ),
            ..NewCase::default()
        }
        .open(CaseId::new(), CaseReference::new(2024, 3), aware)
        .expect("valid case");
        let generated_at = local(2024, 1, 12, 9, 0);
        let mut fixture = Fixture {
            organisation,
            controller: Some(controller),
            clocks: domain::deadline::imy_clocks(&case, None, Stockholm, generated_at),
            case,
            timeline: Vec::new(),
            actions: Vec::new(),
            generated_at,
        };
        for (day, h, mi, kind, text) in TIMELINE {
            fixture.log(local(2024, 1, day, h, mi), kind, text);
        }
        let t = local(2024, 1, 11, 9, 0);
        let shut = NewAction {
            title: Some("Stänga ned all åtkomst till berörda system".into()),
            category: Some(ActionCategory::Contain),
            ..NewAction::default()
        }
        .create(fixture.case.id, t)
        .and_then(|a| a.patched(ActionPatch { status: Some(ActionStatus::Done), ..ActionPatch::default() }, t))
        .expect("valid action");
        let harden = NewAction {
            title: Some("Införa tvåfaktorsinloggning för fjärråtkomst".into()),
            category: Some(ActionCategory::Prevent),
            status: Some(ActionStatus::Planned),
            due_at: Some(local(2024, 2, 15, 12, 0)),
            ..NewAction::default()
        }
        .create(fixture.case.id, t)
        .expect("valid action");
        fixture.actions = vec![shut, harden];
        fixture
    }

    /// Appends a timeline entry.
    fn log(&mut self, at: DateTime<Utc>, kind: EntryKind, text: &str) {
        let entry =
            NewTimelineEntry { occurred_at: Some(at), kind: Some(kind), text: Some(text.into()), corrects: None }
                .append(self.case.id, self.timeline.last(), "dpo@bjuv.se", self.generated_at)
                .expect("valid entry");
        self.timeline.push(entry);
    }

    fn ctx(&self, lang: Lang) -> DraftContext<'_> {
        DraftContext {
            organisation: &self.organisation,
            controller: self.controller.as_ref(),
            case: &self.case,
            timeline: &self.timeline,
            actions: &self.actions,
            clocks: &self.clocks,
            generated_at: self.generated_at,
            lang,
        }
    }

    fn render(&self, lang: Lang) -> Vec<u8> {
        imy_notification(&self.ctx(lang)).expect("renders")
    }
}

/// The text of every page, in page order.
fn pages_text(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF lopdf can read");
    doc.get_pages().keys().map(|n| doc.extract_text(&[*n]).expect("extractable text")).collect()
}

fn text(pdf: &[u8]) -> String {
    pages_text(pdf).join("\n")
}

/// Without white space: wrapping turns spaces into line breaks and may split long words.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The squashed text of every page without its running header and footer, which a text that
/// flows over a page break is interrupted by.
fn squashed_body(pdf: &[u8], f: &Fixture) -> String {
    let pages = pages_text(pdf);
    let count = pages.len();
    let reference = f.case.reference.as_str();
    let generated = f.generated_at.with_timezone(&Stockholm).format("%Y-%m-%d %H:%M");
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let running = [
                "UTKAST".to_owned(),
                format!("{reference} · version {}", f.case.version),
                format!("Skapad {generated} (Europe/Stockholm)"),
                format!("Anmälan av personuppgiftsincident – utkast {reference}"),
                format!("Sida {} av {count}", i + 1),
            ];
            running.iter().fold(squash(page), |page, r| page.replacen(&squash(r), "", 1))
        })
        .collect()
}

fn assert_contains_all(haystack: &str, needles: &[&str]) {
    let hay = squash(haystack);
    for needle in needles {
        assert!(hay.contains(&squash(needle)), "missing {needle:?} in:\n{haystack}");
    }
}

#[test]
fn the_swedish_draft_holds_title_controller_org_number_and_the_72_hour_due_time() {
    let f = Fixture::bjuv();
    let text = text(&f.render(Lang::Sv));
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
            "2024-01-14 16:00 (Europe/Stockholm)",
            "2024-01-11 07:30 (Europe/Stockholm)",
            "Larm från driftövervakningen om krypterade filer",
            "Konfidentialitet",
            "Tillgänglighet",
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
    let text = text(&f.render(Lang::Sv));
    for word in ["Åtgärder", "Övriga", "återinstallerades", "Åsa Öberg", "Tillgänglighet"] {
        assert!(text.contains(word), "{word} in:\n{text}");
    }
    assert!(!text.contains('\u{fffd}'));
}

#[test]
fn every_timeline_entry_is_in_the_annex_with_its_local_time() {
    let f = Fixture::bjuv();
    let text = text(&f.render(Lang::Sv));
    for (day, h, mi, _, entry) in TIMELINE {
        assert_contains_all(&text, &[entry, &format!("2024-01-{day:02} {h:02}:{mi:02}")]);
    }
    assert_contains_all(
        &text,
        &["Upptäckt", "Begränsning", "Bevissäkring", "Tider i Europe/Stockholm", "Tid", "Händelse"],
    );
}

#[test]
fn a_complete_case_is_still_preliminary_while_the_article_34_decision_is_missing() {
    let f = Fixture::bjuv();
    let text = text(&f.render(Lang::Sv));
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
    f.controller = None;
    f.case.personal_data_categories.clear();
    f.case.data_subject_categories.clear();
    f.case.data_subjects_count = None;
    f.case.records_count = None;
    f.case.likely_consequences = None;
    f.case.detection_method = None;
    f.actions.clear();
    let pages = pages_text(&f.render(Lang::Sv));
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
    let text = text(&f.render(Lang::Sv));
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
    let pages = pages_text(&f.render(Lang::Sv));
    let count = pages.len();
    assert!(count >= 3, "{count} pages");
    for (i, page) in pages.iter().enumerate() {
        assert_contains_all(
            page,
            &[
                "UTKAST",
                "PUI-2024-0003",
                "version 1",
                "Skapad 2024-01-12 09:00 (Europe/Stockholm)",
                &format!("Sida {} av {count}", i + 1),
            ],
        );
    }
}

#[test]
fn two_hundred_timeline_entries_flow_over_more_pages_and_every_one_is_found() {
    let short = Fixture::bjuv();
    let short_pages = pages_text(&short.render(Lang::Sv)).len();
    let mut f = Fixture::bjuv();
    for i in 0..200 {
        let text =
            format!("Händelse {i:03}: genomgång av brandväggsloggar för server {} visade åtkomstförsök.", i % 17);
        f.log(local(2024, 1, 12, 9, 0) - TimeDelta::minutes(200 - i), EntryKind::Note, &text);
    }
    let pdf = f.render(Lang::Sv);
    let pages = pages_text(&pdf);
    assert!(pages.len() >= short_pages + 5, "{} pages vs {short_pages}", pages.len());
    let all = squashed_body(&pdf, &f);
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
    let body = squashed_body(&f.render(Lang::Sv), &f);
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
    if let Some(c) = f.controller.as_mut() {
        c.name = name.clone();
    }
    let body = squashed_body(&f.render(Lang::Sv), &f);
    assert!(body.contains(&squash(&name)));
}

#[test]
fn the_english_draft_has_english_labels() {
    let f = Fixture::bjuv();
    let text = text(&f.render(Lang::En));
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
        ],
    );
    for swedish in ["Uppgifter som saknas", "Personuppgiftsansvarig", "Sida 1 av"] {
        assert!(!squash(&text).contains(&squash(swedish)), "{swedish}");
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let f = Fixture::bjuv();
    let first = f.render(Lang::Sv);
    let _other = Fixture::bjuv().render(Lang::En);
    let second = f.render(Lang::Sv);
    assert!(first == second, "two renderings differ");
    assert!(first.starts_with(b"%PDF-"));
}

#[test]
fn the_creation_date_is_the_generation_time() {
    let f = Fixture::bjuv();
    let doc = lopdf::Document::load_mem(&f.render(Lang::Sv)).expect("loads");
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

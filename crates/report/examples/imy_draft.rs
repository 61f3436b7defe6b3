//! Renders a sample IMY notification draft to a file and times repeated renderings:
//! `cargo run --release -p breachdesk-report --example imy_draft -- out.pdf [entries] [runs] [sv|en] [stress]`.
//! `stress` gives the controller a 300-character name and the case a 5,000-character description
//! with long runs without spaces.

use std::time::Instant;

use breachdesk_report::{DraftContext, Lang, imy_notification};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;
use domain::case::{CountRange, DataSubjectCategory, PersonalDataCategory};
use domain::{
    ActionCategory, ActionStatus, BreachType, CaseId, CaseReference, Category, ControllerId, EntryKind, NewAction,
    NewCase, NewController, NewTimelineEntry, Organisation, OrganisationId, TimelineEntry,
};

fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Stockholm.with_ymd_and_hms(y, mo, d, h, mi, 0).earliest().map_or(DateTime::UNIX_EPOCH, |t| t.with_timezone(&Utc))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let out = args.get(1).map_or("imy-draft.pdf", String::as_str);
    let entries: i64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(12);
    let runs: u32 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(50);
    let lang = args.get(4).and_then(|a| Lang::parse(a)).unwrap_or(Lang::Sv);
    let stress = args.get(5).is_some_and(|a| a == "stress");

    let organisation = Organisation {
        id: OrganisationId::new(),
        name: "Bjuvs kommun".into(),
        dpo_name: "Åsa Öberg".into(),
        dpo_email: "dataskyddsombud@bjuv.se".into(),
        dpo_phone: "042-458 50 00".into(),
        contact_address: "Bjuvs kommun, 267 80 Bjuv".into(),
        contact_name: String::new(),
        contact_email: String::new(),
        contact_phone: String::new(),
        time_zone: Stockholm,
    };
    let controller = NewController {
        name: Some("Kommunstyrelsen i Bjuvs kommun".into()),
        organisation_number: Some("212000-1041".into()),
        postal_address: Some("Box 501, 267 25 Bjuv".into()),
    }
    .validate(ControllerId::new())?;
    let mut controller = controller;
    if stress {
        controller.name = "Socialnämnden och överförmyndarnämnden i samverkan för Bjuv, Åstorp och Klippan "
            .repeat(5)
            .chars()
            .take(300)
            .collect();
    }
    let aware = local(2024, 1, 11, 16, 0);
    let case = NewCase {
        title: Some("IT-attack mot kommunens servrar (ransomware)".into()),
        description: Some(
            "Bjuvs kommun utsattes för en IT-attack. Angriparen tog sig in i kommunens dataservrar \
             och krypterade filer. En hackergrupp hotar att läcka information, bland annat \
             personalakter och avtal. Vi kan inte utesluta att personuppgifter såsom personnummer \
             har kommit åt."
                .into(),
        ),
        category: Some(Category::Ransomware),
        breach_types: Some(vec![BreachType::Confidentiality, BreachType::Availability]),
        detected_at: Some(local(2024, 1, 11, 7, 30)),
        aware_at: Some(aware),
        occurred_from: Some(local(2024, 1, 10, 23, 15)),
        detection_method: Some("Larm från driftövervakningen om krypterade filer".into()),
        controller_ids: vec![controller.id],
        affected_systems: vec!["Filserver för förvaltningarna".into(), "Personalsystem".into()],
        personal_data_categories: vec![PersonalDataCategory::Identity, PersonalDataCategory::Personnummer],
        data_subject_categories: vec![DataSubjectCategory::Employees],
        data_subjects_count: Some(CountRange { min: 300, max: 1200 }),
        likely_consequences: Some("Risk för identitetsstöld, bedrägerier och utpressning.".into()),
        ..NewCase::default()
    }
    .open(CaseId::new(), CaseReference::new(2024, 3), aware)?;
    let mut case = case;
    if stress {
        let mut description = String::new();
        let mut i = 0;
        while description.chars().count() < 5000 {
            description.push_str(&format!("Stycke {i} om intrånget i förvaltningens system. "));
            description.push_str(&"ÅÄÖåäöxyz0123456789".repeat(12));
            description.push(' ');
            i += 1;
        }
        case.description = description.chars().take(5000).collect();
    }
    let generated_at = local(2024, 1, 12, 9, 0);
    let mut timeline: Vec<TimelineEntry> = Vec::new();
    for i in 0..entries {
        let entry = NewTimelineEntry {
            occurred_at: Some(local(2024, 1, 11, 7, 30) + TimeDelta::minutes(i * 7)),
            kind: Some(if i == 0 { EntryKind::Detection } else { EntryKind::Note }),
            text: Some(format!("Händelse {i}: genomgång av loggar och åtgärder på berörda servrar.")),
            corrects: None,
        }
        .append(case.id, timeline.last(), timeline.len() as i64 + 1, "dpo@bjuv.se", generated_at)?;
        timeline.push(entry);
    }
    let actions = vec![
        NewAction {
            title: Some("Stänga ned all åtkomst till berörda system".into()),
            category: Some(ActionCategory::Contain),
            status: Some(ActionStatus::Done),
            ..NewAction::default()
        }
        .create(case.id, aware)?,
        NewAction {
            title: Some("Införa tvåfaktorsinloggning för fjärråtkomst".into()),
            category: Some(ActionCategory::Prevent),
            due_at: Some(local(2024, 2, 15, 12, 0)),
            ..NewAction::default()
        }
        .create(case.id, aware)?,
    ];
    let clocks = domain::deadline::imy_clocks(&case, None, Stockholm, generated_at);
    let ctx = DraftContext {
        organisation: &organisation,
        controller: Some(&controller),
        controllers: std::slice::from_ref(&controller),
        assessment: None,
        decisions: &[],
        filings: &[],
        police: None,
        case: &case,
        timeline: &timeline,
        actions: &actions,
        clocks: &clocks,
        evidence: &[],
        generated_at,
        lang,
        people: &[],
    };

    let first = Instant::now();
    let pdf = imy_notification(&ctx)?;
    let first = first.elapsed();
    std::fs::write(out, &pdf)?;
    let start = Instant::now();
    for _ in 0..runs {
        imy_notification(&ctx)?;
    }
    let per = start.elapsed() / runs.max(1);
    println!(
        "{out}: {} bytes; first call {first:?} (fonts parsed); then {per:?} per draft over {runs} runs",
        pdf.len()
    );
    Ok(())
}

//! A Bjuv-like ransomware case of January 2024 as breachdesk would hold it, at two moments:
//! the morning after awareness (nothing decided) and a week later (assessed, decided, notified
//! to IMY and the police, with facts learnt since the IMY notification). Shared by the tests and
//! the examples (`#[path]`), hence dead code is allowed.
#![allow(dead_code)]

use breachdesk_report::{DraftContext, Lang, RegisterEntry};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;
use domain::assessment::{Assessment, Conclusion, NewAssessment};
use domain::case::{CountRange, DataSubjectCategory, PersonalDataCategory};
use domain::decision::{Decision, DecisionKind, Exemption, NewDecision, Outcome};
use domain::filing::{Filing, NewFiling, Phase, Recipient};
use domain::rules::{CaseFile, default_rules};
use domain::{
    Action, ActionCategory, ActionPatch, ActionStatus, BreachType, Case, CaseId, CaseReference, Category, Clock,
    Controller, ControllerId, EntryKind, NewAction, NewCase, NewController, NewTimelineEntry, Organisation,
    OrganisationId, TimelineEntry,
};

/// An instant given in Stockholm local time.
pub fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Stockholm.with_ymd_and_hms(y, mo, d, h, mi, 0).earliest().expect("exists").with_timezone(&Utc)
}

/// The case and everything recorded on it.
pub struct Fixture {
    pub organisation: Organisation,
    pub controllers: Vec<Controller>,
    /// Which of `controllers` the IMY draft is for (`None`: not chosen).
    pub chosen: Option<usize>,
    pub case: Case,
    pub timeline: Vec<TimelineEntry>,
    pub actions: Vec<Action>,
    pub assessment: Option<Assessment>,
    pub decisions: Vec<Decision>,
    pub filings: Vec<Filing>,
    pub police: Option<domain::police::PoliceDetails>,
    pub clocks: Vec<Clock>,
    pub evidence: Vec<domain::evidence::EvidenceItem>,
    pub generated_at: DateTime<Utc>,
    /// The people behind the record's ids.
    pub people: Vec<domain::Person>,
}

pub const TIMELINE: [(u32, u32, u32, EntryKind, &str); 6] = [
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

/// What the week after the IMY notification added to the timeline.
pub const LATER: [(u32, u32, u32, EntryKind, &str); 3] = [
    (15, 10, 0, EntryKind::Note, "Hackergruppen publicerade en lista över filer på sin läcksajt."),
    (16, 14, 0, EntryKind::Evidence, "Kopia av läcksajtens fillista sparades med kontrollsumma i ärendets bevismapp."),
    (17, 9, 30, EntryKind::Communication, "Kommunen publicerade frågor och svar på bjuv.se om IT-attacken."),
];

pub const IMY_NUMBER: &str = "IMY-2024-0412";

impl Fixture {
    /// The morning after awareness: nothing assessed, decided or filed.
    pub fn bjuv() -> Self {
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
        let controller = |name: &str| {
            NewController {
                name: Some(name.into()),
                organisation_number: Some("212000-1041".into()),
                postal_address: Some("Box 501, 267 25 Bjuv".into()),
            }
            .validate(ControllerId::new())
            .expect("valid controller")
        };
        let controllers = vec![
            controller("Kommunstyrelsen i Bjuvs kommun"),
            controller("Barn- och utbildningsnämnden i Bjuvs kommun"),
        ];
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
            cause: Some(domain::case::Cause::Attack),
            controller_ids: controllers.iter().map(|c| c.id).collect(),
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
        let mut f = Fixture {
            organisation,
            controllers,
            chosen: Some(0),
            case,
            timeline: Vec::new(),
            actions: Vec::new(),
            assessment: None,
            decisions: Vec::new(),
            filings: Vec::new(),
            clocks: Vec::new(),
            people: vec![domain::Person {
                id: "asa.oberg@bjuv.se".into(),
                name: "Åsa Öberg".into(),
                role: domain::Role::Dpo,
            }],
            evidence: Vec::new(),
            generated_at,
            police: None,
        };
        for (day, h, mi, kind, text) in TIMELINE {
            f.log(local(2024, 1, day, h, mi), kind, text);
        }
        let t = local(2024, 1, 11, 9, 0);
        let shut = NewAction {
            title: Some("Stänga ned all åtkomst till berörda system".into()),
            category: Some(ActionCategory::Contain),
            ..NewAction::default()
        }
        .create(f.case.id, t)
        .and_then(|a| a.patched(ActionPatch { status: Some(ActionStatus::Done), ..ActionPatch::default() }, t))
        .expect("valid action");
        let harden = NewAction {
            title: Some("Införa tvåfaktorsinloggning för fjärråtkomst".into()),
            category: Some(ActionCategory::Prevent),
            status: Some(ActionStatus::Planned),
            due_at: Some(local(2024, 2, 15, 12, 0)),
            ..NewAction::default()
        }
        .create(f.case.id, t)
        .expect("valid action");
        f.actions = vec![shut, harden];
        f.recompute_clocks();
        f
    }

    /// A week later: assessed, decided, notified to IMY (preliminary, in time) and the police,
    /// and facts learnt since the IMY notification (the supplement's content).
    pub fn bjuv_decided() -> Self {
        let mut f = Self::bjuv();
        let assessed = local(2024, 1, 12, 14, 0);
        let assessment = NewAssessment {
            dpc: Some(3),
            ei: Some(0.75),
            cb_confidentiality: Some(0.5),
            cb_integrity: Some(0.0),
            cb_availability: Some(0.25),
            malicious: Some(true),
            conclusion: Some(Conclusion::HighRisk),
            justification: Some(
                "Personnummer och uppgifter om hälsa kan ha förts ut; angriparen hotar att publicera dem. \
                 Många anställda och invånare berörs och risken för bedrägerier är påtaglig."
                    .into(),
            ),
            below_band_reason: None,
        }
        .assess(f.case.id, "asa.oberg@bjuv.se", assessed)
        .expect("valid assessment");
        let decide = |kind, outcome, exemption, reasons: &str, prev: &[Decision]| {
            NewDecision { kind: Some(kind), outcome: Some(outcome), reasons: Some(reasons.into()), exemption }
                .decide(f.case.id, Some(&assessment), prev, "asa.oberg@bjuv.se", assessed + TimeDelta::minutes(30))
                .expect("valid decision")
        };
        let mut decisions =
            vec![decide(DecisionKind::NotifyImy, Outcome::Yes, None, "Hög risk för de registrerade.", &[])];
        decisions.push(decide(
            DecisionKind::ReportPolice,
            Outcome::Yes,
            None,
            "Dataintrång och utpressning; polisen behöver loggarna tidigt.",
            &decisions,
        ));
        decisions.push(decide(
            DecisionKind::InformDataSubjects,
            Outcome::No,
            Some(Exemption::DisproportionateEffort),
            "Det går inte att avgöra vilka enskilda som berörs; kommunen informerar i stället på bjuv.se med \
             frågor och svar.",
            &decisions,
        ));
        f.assessment = Some(assessment);
        f.decisions = decisions;

        // The IMY notification: preliminary, for the first controller, with the case as it was.
        let submitted = local(2024, 1, 13, 10, 0);
        let imy = NewFiling {
            recipient: Some(Recipient::Imy),
            phase: Some(Phase::Preliminary),
            controller_id: Some(f.controllers[0].id),
            submitted_at: Some(submitted),
            reference: Some(IMY_NUMBER.into()),
            channel: Some("IMY:s e-tjänst".into()),
            ..NewFiling::default()
        }
        .record(
            f.case.id,
            Some((domain::ClockKind::ImyNotification, Some(local(2024, 1, 14, 16, 0)))),
            serde_json::to_string(&f.case).expect("a case serialises"),
            "jurist@bjuv.se",
            submitted,
        )
        .expect("valid filing");
        let police = NewFiling {
            recipient: Some(Recipient::Police),
            phase: Some(Phase::Complete),
            submitted_at: Some(local(2024, 1, 12, 16, 0)),
            reference: Some("K-12345-24".into()),
            ..NewFiling::default()
        }
        .record(f.case.id, None, "{}".into(), "jurist@bjuv.se", submitted)
        .expect("valid filing");
        f.filings = vec![police, imy];

        // Learnt since: the leak, a larger count, the end of the attack known better.
        for (day, h, mi, kind, text) in LATER {
            f.log(local(2024, 1, day, h, mi), kind, text);
        }
        f.case.records_count = Some(CountRange { min: 50_000, max: 250_000 });
        f.case.likely_consequences = Some(
            "Uppgifterna har publicerats på en läcksajt. Risk för identitetsstöld, bedrägerier och utpressning \
             av anställda och invånare."
                .into(),
        );
        f.case.contained_at = Some(local(2024, 1, 11, 8, 10));
        f.case.version += 3;
        f.generated_at = local(2024, 1, 19, 10, 0);
        f.recompute_clocks();
        f
    }

    /// Appends a timeline entry, recorded five minutes after it happened.
    pub fn log(&mut self, at: DateTime<Utc>, kind: EntryKind, text: &str) {
        let entry =
            NewTimelineEntry { occurred_at: Some(at), kind: Some(kind), text: Some(text.into()), corrects: None }
                .append(
                    self.case.id,
                    self.timeline.last(),
                    self.timeline.len() as i64 + 1,
                    "dpo@bjuv.se",
                    at + TimeDelta::minutes(5),
                )
                .expect("valid entry");
        self.timeline.push(entry);
    }

    /// The clocks at `generated_at`.
    pub fn recompute_clocks(&mut self) {
        let file = CaseFile {
            case: &self.case,
            assessment: self.assessment.as_ref(),
            decisions: &self.decisions,
            filings: &self.filings,
        };
        self.clocks = file.clocks(&default_rules(), Stockholm, self.generated_at);
    }

    pub fn controller(&self) -> Option<&Controller> {
        self.chosen.and_then(|i| self.controllers.get(i))
    }

    pub fn ctx(&self, lang: Lang) -> DraftContext<'_> {
        DraftContext {
            organisation: &self.organisation,
            controller: self.controller(),
            controllers: &self.controllers,
            assessment: self.assessment.as_ref(),
            decisions: &self.decisions,
            filings: &self.filings,
            police: self.police.as_ref(),
            case: &self.case,
            timeline: &self.timeline,
            actions: &self.actions,
            clocks: &self.clocks,
            evidence: &self.evidence,
            generated_at: self.generated_at,
            lang,
            people: &self.people,
        }
    }

    pub fn register_entry(&self) -> RegisterEntry<'_> {
        RegisterEntry {
            case: &self.case,
            assessment: self.assessment.as_ref(),
            decisions: &self.decisions,
            filings: &self.filings,
            actions: &self.actions,
            controllers: &self.controllers,
            people: &self.people,
        }
    }

    /// A description of `len` characters with long runs without spaces and å, ä, ö.
    pub fn long_description(len: usize) -> String {
        let mut description = String::new();
        let mut i = 0;
        while description.chars().count() < len {
            description.push_str(&format!("Stycke {i} om intrånget i förvaltningens system. "));
            description.push_str(&"ÅÄÖåäöxyz0123456789".repeat(12));
            description.push(' ');
            i += 1;
        }
        description.chars().take(len).collect()
    }

    /// Adds `n` notes to the timeline, in the hours before `generated_at`.
    pub fn add_notes(&mut self, n: i64) {
        for i in 0..n {
            let text =
                format!("Händelse {i:03}: genomgång av brandväggsloggar för server {} visade åtkomstförsök.", i % 17);
            self.log(self.generated_at - TimeDelta::minutes(10 + n - i), EntryKind::Evidence, &text);
        }
    }
}

//! The demo data: the two real incidents behind breachdesk's design, written as a data
//! protection officer would have logged them.
//!
//! - Bjuvs kommun, January 2024: an IT attack on the municipality's data servers, followed by a
//!   hacker group's threat to publish information it says it took (extortion).
//! - Norrtälje kommun, June 2020: a phishing e-mail that looked like it came from another
//!   municipality, after which unauthorised persons logged in to employees' mailboxes.
//!
//! The facts follow the municipalities' public notices (`shared/seeds/`). The exact instants,
//! counts and the people's roles are invented for the demo, and so are the DPO office and its
//! contact details (`example.se`, and a telephone number from the range PTS keeps for fiction).
//! The module is pure: no I/O and no clock; `breachdesk demo` loads it into the database.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;
use domain::assessment::{Conclusion, NewAssessment};
use domain::case::{CountRange, DataSubjectCategory, PersonalDataCategory};
use domain::decision::{DecisionKind, Exemption, NewDecision, Outcome};
use domain::filing::{NewFiling, Phase, Recipient};
use domain::police::PoliceDetails;
use domain::{
    ActionCategory, ActionStatus, BreachType, CaseStatus, Category, EntryKind, NewAction, NewCase, NewController,
    NewTimelineEntry,
};

/// One demo case with everything that happened in it.
#[derive(Debug, Clone)]
pub struct DemoCase {
    /// The case's facts. `controller_ids` is left empty: the loader fills it from
    /// [`DemoCase::controllers`] once the controllers exist.
    pub case: NewCase,
    /// Indexes into [`DemoData::controllers`] of the controllers the case affects.
    pub controllers: Vec<usize>,
    /// The timeline, in chronological order; every `occurred_at` is set.
    pub timeline: Vec<NewTimelineEntry>,
    /// The actions and, for those that are done, when they were done.
    pub actions: Vec<(NewAction, Option<DateTime<Utc>>)>,
    /// The statuses to walk through after the case is opened (it opens in `triage`).
    pub status_path: Vec<CaseStatus>,
    /// The risk assessment and when it was made.
    pub assessment: Option<(NewAssessment, DateTime<Utc>)>,
    /// The decisions and when each was taken.
    pub decisions: Vec<(NewDecision, DateTime<Utc>)>,
    /// The filings, each with the index of its controller in [`DemoData::controllers`].
    pub filings: Vec<(NewFiling, Option<usize>)>,
    /// The details for the police report and when they were written down.
    pub police: Option<(PoliceDetails, DateTime<Utc>)>,
}

/// Everything `breachdesk demo` loads.
#[derive(Debug, Clone)]
pub struct DemoData {
    /// The organisation (tenant): a DPO office shared by the two municipalities.
    pub organisation_name: String,
    /// The DPO's name (fictitious).
    pub dpo_name: String,
    /// The DPO's e-mail address (fictitious).
    pub dpo_email: String,
    /// The DPO's telephone number (fictitious).
    pub dpo_phone: String,
    /// The controllers (personuppgiftsansvariga) the cases refer to by index.
    pub controllers: Vec<NewController>,
    /// The cases.
    pub cases: Vec<DemoCase>,
}

/// Index of "Kommunstyrelsen i Bjuvs kommun" in [`DemoData::controllers`].
const BJUV_KS: usize = 0;
/// Index of "Barn- och utbildningsnämnden i Bjuvs kommun".
const BJUV_BUN: usize = 1;
/// Index of "Kommunstyrelsen i Norrtälje kommun".
const NORRTALJE_KS: usize = 2;

/// The demo organisation, controllers and cases.
pub fn demo_data() -> DemoData {
    DemoData {
        organisation_name: "Gemensam dataskyddsfunktion (demo)".to_owned(),
        dpo_name: "Eva Lindqvist".to_owned(),
        dpo_email: "dataskyddsombud@example.se".to_owned(),
        dpo_phone: "08-465 004 10".to_owned(),
        controllers: vec![
            controller("Kommunstyrelsen i Bjuvs kommun", "212000-1041", "Bjuvs kommun, 267 80 Bjuv"),
            controller("Barn- och utbildningsnämnden i Bjuvs kommun", "212000-1041", "Bjuvs kommun, 267 80 Bjuv"),
            controller("Kommunstyrelsen i Norrtälje kommun", "212000-0217", "Norrtälje kommun, 761 80 Norrtälje"),
        ],
        cases: vec![bjuv(), norrtalje()],
    }
}

fn controller(name: &str, organisation_number: &str, postal_address: &str) -> NewController {
    NewController {
        name: Some(name.to_owned()),
        organisation_number: Some(organisation_number.to_owned()),
        postal_address: Some(postal_address.to_owned()),
    }
}

/// A wall-clock time in Stockholm as a UTC instant. The demo's times are all in January,
/// February and June, away from the switches to and from summer time, so each exists once.
fn sthlm(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Stockholm
        .with_ymd_and_hms(year, month, day, hour, minute, 0)
        .single()
        .expect("the demo's local times exist exactly once in Europe/Stockholm")
        .with_timezone(&Utc)
}

fn entry(occurred_at: DateTime<Utc>, kind: EntryKind, text: &str) -> NewTimelineEntry {
    NewTimelineEntry { occurred_at: Some(occurred_at), kind: Some(kind), text: Some(text.to_owned()), corrects: None }
}

fn done(
    title: &str,
    category: ActionCategory,
    owner: &str,
    due_at: Option<DateTime<Utc>>,
    done_at: DateTime<Utc>,
) -> (NewAction, Option<DateTime<Utc>>) {
    (
        NewAction {
            title: Some(title.to_owned()),
            category: Some(category),
            owner: Some(owner.to_owned()),
            status: Some(ActionStatus::Done),
            due_at,
        },
        Some(done_at),
    )
}

fn open(
    title: &str,
    category: ActionCategory,
    owner: &str,
    status: ActionStatus,
    due_at: Option<DateTime<Utc>>,
) -> (NewAction, Option<DateTime<Utc>>) {
    (
        NewAction {
            title: Some(title.to_owned()),
            category: Some(category),
            owner: Some(owner.to_owned()),
            status: Some(status),
            due_at,
        },
        None,
    )
}

fn assessment(dpc: u8, ei: f64, cb: [f64; 3], malicious: bool, conclusion: Conclusion, why: &str) -> NewAssessment {
    NewAssessment {
        dpc: Some(dpc),
        ei: Some(ei),
        cb_confidentiality: Some(cb[0]),
        cb_integrity: Some(cb[1]),
        cb_availability: Some(cb[2]),
        malicious: Some(malicious),
        conclusion: Some(conclusion),
        justification: Some(why.to_owned()),
        below_band_reason: None,
    }
}

fn decision(kind: DecisionKind, outcome: Outcome, exemption: Option<Exemption>, reasons: &str) -> NewDecision {
    NewDecision { kind: Some(kind), outcome: Some(outcome), reasons: Some(reasons.to_owned()), exemption }
}

fn filing(recipient: Recipient, phase: Phase, at: DateTime<Utc>, reference: Option<&str>, channel: &str) -> NewFiling {
    NewFiling {
        recipient: Some(recipient),
        phase: Some(phase),
        controller_id: None,
        submitted_at: Some(at),
        reference: reference.map(str::to_owned),
        channel: Some(channel.to_owned()),
        delay_reasons: None,
        pdf_sha256: None,
    }
}

/// A case happening now, so that the demo has clocks running: a misdirected e-mail with
/// pupils' data, discovered yesterday at a school of Bjuvs kommun. Its instants are relative to
/// `now`; nothing in it comes from the seeds.
pub fn live_case(now: DateTime<Utc>) -> DemoCase {
    let detected = now - chrono::TimeDelta::hours(20);
    let aware = now - chrono::TimeDelta::hours(19);
    DemoCase {
        case: NewCase {
            title: Some("Felskickat e-postmeddelande med elevuppgifter".to_owned()),
            description: Some(
                "En lärare skickade en klasslista med elevers personnummer och särskilda stödbehov till fel vårdnadshavare (autokomplettering i e-postprogrammet).".to_owned(),
            ),
            category: Some(Category::Misdirected),
            breach_types: Some(vec![BreachType::Confidentiality]),
            detected_at: Some(detected),
            aware_at: Some(aware),
            detection_method: Some("Mottagaren hörde av sig till skolan.".to_owned()),
            personal_data_categories: vec![PersonalDataCategory::Personnummer, PersonalDataCategory::Health],
            data_subject_categories: vec![DataSubjectCategory::Pupils],
            data_subjects_count: Some(CountRange { min: 24, max: 24 }),
            ..NewCase::default()
        },
        controllers: vec![BJUV_BUN],
        timeline: vec![
            entry(detected, EntryKind::Detection, "Vårdnadshavare ringde skolan: har fått en klasslista som inte gäller hennes barn."),
            entry(aware, EntryKind::Decision, "Rektor och dataskyddsombud bekräftar att listan innehåller personnummer och uppgifter om stödbehov."),
            entry(aware + chrono::TimeDelta::hours(1), EntryKind::Containment, "Mottagaren har bekräftat skriftligen att meddelandet är raderat."),
        ],
        actions: vec![
            done("Be mottagaren radera meddelandet och bekräfta skriftligen", ActionCategory::Contain, "Rektor", None, aware + chrono::TimeDelta::hours(1)),
            open("Stäng av autokomplettering av adresser i skolans e-post", ActionCategory::Prevent, "IT-avdelningen", ActionStatus::Planned, Some(now + chrono::TimeDelta::days(7))),
        ],
        status_path: vec![CaseStatus::Investigating],
        assessment: None,
        decisions: Vec::new(),
        filings: Vec::new(),
        police: None,
    }
}

/// Bjuvs kommun: IT attack on the data servers, January 2024, and the leak threat after it.
fn bjuv() -> DemoCase {
    let first_activity = sthlm(2024, 1, 28, 23, 10);
    let detected = sthlm(2024, 1, 29, 5, 40);
    let isolated = sthlm(2024, 1, 29, 6, 25);
    let access_shut = sthlm(2024, 1, 29, 8, 15);
    let aware = sthlm(2024, 1, 29, 10, 30);
    let evidence = sthlm(2024, 1, 29, 13, 0);
    let police = sthlm(2024, 1, 30, 11, 0);
    let passwords = sthlm(2024, 1, 30, 18, 0);
    let imy = sthlm(2024, 1, 31, 15, 10);
    let web_notice = sthlm(2024, 2, 1, 9, 0);
    let reinstalled = sthlm(2024, 2, 2, 17, 0);
    let leak_threat = sthlm(2024, 2, 26, 14, 0);
    let staff_mode = sthlm(2024, 2, 27, 8, 0);
    let supplements = sthlm(2024, 2, 27, 16, 0);
    let qa = sthlm(2024, 2, 28, 10, 0);
    let imy_due = aware + chrono::TimeDelta::hours(72);

    let case = NewCase {
        title: Some("IT-attack mot kommunens dataservrar med hot om läckage".to_owned()),
        description: Some(
            "Bjuvs kommun har utsatts för en IT-attack mot kommunens dataservrar. Tidigt på \
             morgonen den 29 januari 2024 larmade kommunens säkerhetsövervakning om ovanlig \
             aktivitet och misstänkt skadlig kod på flera servrar. IT-avdelningen stängde \
             omedelbart ned all åtkomst till berörda system, bytte samtliga lösenord och \
             återinstallerade de drabbade arbetsdatorerna. Externa experter anlitades för att \
             begränsa, åtgärda och utreda incidenten, och angreppet kunde avbrytas snabbt.\n\n\
             Angriparen har haft åtkomst till kommunens dataservrar och kan ha hämtat information \
             därifrån. Den 26 februari 2024 hotade en hackergrupp med att offentligt publicera \
             information som gruppen säger sig ha kommit över vid angreppet. Vilken information \
             det gäller är ännu inte utrett. Det kan vara information som redan är offentlig, men \
             det går inte att utesluta att det även finns uppgifter som inte ska vara offentliga, \
             till exempel personuppgifter såsom personnummer.\n\n\
             Incidenten har anmälts till Integritetsskyddsmyndigheten (IMY) och till polisen. Av \
             säkerhetsskäl redovisas inte vilka system kommunen använder för olika processer eller \
             vilka system angriparen har tagit sig in i."
                .to_owned(),
        ),
        category: Some(Category::Ransomware),
        breach_types: Some(vec![BreachType::Confidentiality, BreachType::Availability]),
        detected_at: Some(detected),
        aware_at: Some(aware),
        aware_justification: None,
        occurred_from: Some(first_activity),
        occurred_to: Some(access_shut),
        detection_method: Some(
            "Larm från kommunens säkerhetsövervakning om ovanlig aktivitet och misstänkt skadlig \
             kod på dataservrar; IT-jouren verifierade larmet."
                .to_owned(),
        ),
        controller_ids: Vec::new(),
        affected_systems: vec![
            "Kommunens dataservrar (filservrar och verksamhetssystem; vilka redovisas inte av \
             säkerhetsskäl)"
                .to_owned(),
            "Drabbade arbetsdatorer i kommunens nät".to_owned(),
            "Användarkonton och lösenord i kommunens katalogtjänst".to_owned(),
        ],
        personal_data_categories: vec![
            PersonalDataCategory::Identity,
            PersonalDataCategory::Personnummer,
            PersonalDataCategory::Contact,
            PersonalDataCategory::SecrecyOsl,
        ],
        data_subject_categories: vec![
            DataSubjectCategory::Residents,
            DataSubjectCategory::Employees,
            DataSubjectCategory::Pupils,
        ],
        data_subjects_count: Some(CountRange { min: 1_000, max: 25_000 }),
        records_count: Some(CountRange { min: 10_000, max: 500_000 }),
        likely_consequences: Some(
            "Om angriparen har fått tag på uppgifter om enskilda kan de användas för att utge sig \
             för att vara den personen och försöka begå bedrägerier (identitetsintrång). Om \
             uppgifterna är känsliga för den enskilde kan angriparen försöka sig på utpressning. \
             Publiceras uppgifterna sprids de okontrollerat och kan inte återkallas. Under \
             angreppet och återställningen var berörda system inte tillgängliga för kommunens \
             verksamheter."
                .to_owned(),
        ),
        cross_border: false,
        processor_involved: false,
    };

    let timeline = vec![
        entry(
            first_activity,
            EntryKind::Note,
            "Fastställt i efterhand av den tekniska utredningen: första kända obehöriga \
             aktiviteten i kommunens nät enligt loggarna.",
        ),
        entry(
            detected,
            EntryKind::Detection,
            "Kommunens säkerhetsövervakning larmar om ovanlig aktivitet och misstänkt skadlig kod \
             på flera dataservrar. IT-jouren verifierar larmet.",
        ),
        entry(
            isolated,
            EntryKind::Containment,
            "IT-jouren kopplar bort berörda servrar från nätet och stänger fjärråtkomsten. \
             IT-chefen informerar kommundirektören och dataskyddsombudet. Extern \
             incidenthanteringsexpertis anlitas.",
        ),
        entry(
            access_shut,
            EntryKind::Containment,
            "All åtkomst till berörda system är nedstängd. Medarbetarna informeras om att \
             systemen är otillgängliga tills vidare. Ingen ny aktivitet från angriparen ses \
             efter detta.",
        ),
        entry(
            aware,
            EntryKind::Decision,
            "Dataskyddsombudet och IT-chefen bedömer att angriparen har haft åtkomst till \
             dataservrar med personuppgifter och att det är en personuppgiftsincident: \
             konfidentialiteten kan inte garanteras och tillgängligheten är påverkad. Beslut: \
             anmälan till IMY inom 72 timmar för kommunstyrelsen och barn- och \
             utbildningsnämnden, samt polisanmälan.",
        ),
        entry(
            evidence,
            EntryKind::Evidence,
            "Loggar och diskavbilder från berörda servrar säkras av de externa experterna innan \
             något återställs. Kopiorna förvaras åtskilda från kommunens nät.",
        ),
        entry(
            police,
            EntryKind::Notification,
            "Polisanmälan om dataintrång (BrB 4 kap. 9 c §) görs. Säkrade loggar finns \
             tillgängliga för polisen.",
        ),
        entry(
            passwords,
            EntryKind::Containment,
            "Samtliga lösenord är bytta, för alla användarkonton och tjänstekonton.",
        ),
        entry(
            imy,
            EntryKind::Notification,
            "Preliminär anmälan om personuppgiftsincident skickad till IMY för kommunstyrelsen \
             och för barn- och utbildningsnämnden. Anmälan kompletteras när utredningen visar \
             vilken information angriparen kan ha kommit åt.",
        ),
        entry(
            web_notice,
            EntryKind::Communication,
            "Information om IT-attacken publiceras på kommunens webbplats: vad som har hänt, \
             vilka åtgärder som vidtagits och att incidenten anmälts till IMY och polisen.",
        ),
        entry(
            reinstalled,
            EntryKind::Recovery,
            "De drabbade arbetsdatorerna är återinstallerade. Berörda servrar är återställda och \
             åter i drift efter kontroll av de externa experterna.",
        ),
        entry(
            leak_threat,
            EntryKind::Communication,
            "En hackergrupp hotar på sin webbplats att offentligt publicera information, enligt \
             gruppen omkring 200 GB, som den säger sig ha kommit över vid angreppet. Uppgifterna \
             har inte kunnat bekräftas. Vilken information det kan gälla utreds.",
        ),
        entry(
            staff_mode,
            EntryKind::Decision,
            "Kommunen går upp i stabsläge. Beslut: kommunen har ingen kontakt med angriparen och \
             betalar ingen lösensumma. Utredningen av vilka system angriparen varit inne i och \
             försökt hämta information från prioriteras.",
        ),
        entry(
            supplements,
            EntryKind::Notification,
            "Kompletteringar om läckagehotet skickade till IMY (för båda nämnderna) och till \
             polisen.",
        ),
        entry(
            qa,
            EntryKind::Communication,
            "Webbplatsens information uppdateras med hotet om publicering och med frågor och \
             svar, samt råd om hur enskilda kan skydda sig (Skatteverket om identitetsintrång, \
             Polisen om bedrägerier, MSB om informationssäkerhet). Frågor och svar uppdateras \
             löpande.",
        ),
    ];

    let actions = vec![
        done("Stäng ned all åtkomst till berörda system", ActionCategory::Contain, "IT-chef", None, access_shut),
        done("Byt samtliga lösenord", ActionCategory::Contain, "IT-avdelningen", None, passwords),
        done("Återinstallera drabbade arbetsdatorer", ActionCategory::Recover, "IT-avdelningen", None, reinstalled),
        done(
            "Anmäl personuppgiftsincidenten till IMY",
            ActionCategory::Notify,
            "Dataskyddsombudet",
            Some(imy_due),
            imy,
        ),
        done(
            "Polisanmälan om dataintrång",
            ActionCategory::Notify,
            "Säkerhetssamordnare",
            Some(sthlm(2024, 1, 30, 12, 0)),
            police,
        ),
        done(
            "Informera allmänheten på webbplatsen, med frågor och svar",
            ActionCategory::Notify,
            "Kommunikationsavdelningen",
            None,
            qa,
        ),
        done(
            "Komplettera anmälan till IMY och polisanmälan med hotet om publicering",
            ActionCategory::Notify,
            "Dataskyddsombudet",
            None,
            supplements,
        ),
        open(
            "Utred vilken information angriparen kan ha hämtat och bedöm om enskilda ska \
             informeras",
            ActionCategory::Notify,
            "Dataskyddsombudet",
            ActionStatus::InProgress,
            Some(sthlm(2024, 3, 15, 16, 0)),
        ),
        open(
            "Identifiera och inför ytterligare säkerhetsåtgärder mot liknande dataintrång",
            ActionCategory::Prevent,
            "IT-chef",
            ActionStatus::InProgress,
            Some(sthlm(2024, 6, 28, 16, 0)),
        ),
    ];

    DemoCase {
        case,
        controllers: vec![BJUV_KS, BJUV_BUN],
        timeline,
        actions,
        status_path: vec![CaseStatus::Investigating, CaseStatus::Contained],
        assessment: Some((
            assessment(
                3,
                1.0,
                [0.5, 0.0, 0.25],
                true,
                Conclusion::HighRisk,
                "Angriparen har haft åtkomst till servrar med personnummer och uppgifter under sekretess, och hotar att publicera det som tagits. Identifiering är direkt möjlig och avsikten illasinnad.",
            ),
            sthlm(2024, 1, 29, 16, 0),
        )),
        decisions: vec![
            (
                decision(
                    DecisionKind::NotifyImy,
                    Outcome::Yes,
                    None,
                    "Hög risk för de registrerades rättigheter och friheter; anmälan görs per nämnd.",
                ),
                sthlm(2024, 1, 29, 16, 30),
            ),
            (
                decision(
                    DecisionKind::ReportPolice,
                    Outcome::Yes,
                    None,
                    "Dataintrång (BrB 4:9 c) och utpressning (BrB 9:4); loggar och diskavbilder är säkrade.",
                ),
                sthlm(2024, 1, 29, 16, 35),
            ),
            (
                decision(
                    DecisionKind::InformDataSubjects,
                    Outcome::No,
                    Some(Exemption::DisproportionateEffort),
                    "Det går ännu inte att avgöra vilka personer som berörs; enskild underrättelse skulle kräva oproportionerlig ansträngning. Allmänheten informeras i stället på kommunens webbplats med råd och länkar.",
                ),
                sthlm(2024, 1, 30, 9, 0),
            ),
        ],
        filings: vec![
            (
                filing(
                    Recipient::Police,
                    Phase::Complete,
                    sthlm(2024, 1, 30, 11, 0),
                    Some("K-48213-24"),
                    "Polisens e-tjänst för företag och organisationer",
                ),
                None,
            ),
            (
                filing(
                    Recipient::Imy,
                    Phase::Preliminary,
                    sthlm(2024, 1, 31, 14, 0),
                    Some("IMY-2024-0881"),
                    "IMY:s e-tjänst",
                ),
                Some(BJUV_KS),
            ),
            (
                filing(
                    Recipient::Imy,
                    Phase::Preliminary,
                    sthlm(2024, 1, 31, 14, 10),
                    Some("IMY-2024-0882"),
                    "IMY:s e-tjänst",
                ),
                Some(BJUV_BUN),
            ),
            (filing(Recipient::Public, Phase::Complete, sthlm(2024, 1, 31, 16, 0), None, "bjuv.se"), None),
            (
                filing(
                    Recipient::Imy,
                    Phase::Supplement,
                    sthlm(2024, 2, 27, 15, 0),
                    Some("IMY-2024-0881"),
                    "IMY:s e-tjänst",
                ),
                Some(BJUV_KS),
            ),
            (
                filing(
                    Recipient::Imy,
                    Phase::Supplement,
                    sthlm(2024, 2, 27, 15, 10),
                    Some("IMY-2024-0882"),
                    "IMY:s e-tjänst",
                ),
                Some(BJUV_BUN),
            ),
        ],
        police: Some((
            PoliceDetails {
                signatory: Some("Kommundirektören (behörig företrädare); IT-jouren nås dygnet runt via kommunens växel.".to_owned()),
                technical_details: Some("Kommunens filservrar och verksamhetssystem i eget datacenter; värdnamn, IP-adresser och operativsystem lämnas i bilaga till polisen och redovisas inte i ärendet av säkerhetsskäl.".to_owned()),
                attacker_traces: Some("Inloggningar med ett komprometterat servicekonto under natten mot den 29 januari; utgående trafik till okänd extern adress; hackergruppens utpressningsmeddelande den 26 februari. Loggutdrag med IP-adresser och kontrollsummor i bilaga.".to_owned()),
                evidence_custody: Some("Diskavbilder av berörda servrar och loggexporter på krypterad disk i IT-avdelningens kassaskåp; ansvarig: IT-chefen; SHA-256 för varje fil i bevisförteckningen.".to_owned()),
                damage: Some("Driftstopp i berörda system under flera dygn; kostnader för externa experter och återställning ännu inte sammanställda.".to_owned()),
                ransom_demand: Some("Hot om publicering av uppgifter som gruppen säger sig ha tagit; inget belopp framfört till kommunen. Kommunen betalar inte.".to_owned()),
                suspects: Some("Okänd hackergrupp; inga kända enskilda gärningspersoner.".to_owned()),
            },
            sthlm(2024, 1, 30, 10, 0),
        )),
    }
}

/// Norrtälje kommun: phishing and unauthorised mailbox logins, June 2020.
fn norrtalje() -> DemoCase {
    let mail_arrived = sthlm(2020, 6, 8, 13, 40);
    let detected = sthlm(2020, 6, 9, 8, 50);
    let mail_removed = sthlm(2020, 6, 9, 10, 15);
    let staff_warned = sthlm(2020, 6, 9, 10, 45);
    let investigation = sthlm(2020, 6, 9, 13, 30);
    let computers_cleaned = sthlm(2020, 6, 9, 16, 30);
    let aware = sthlm(2020, 6, 11, 14, 0);
    let password_reset = sthlm(2020, 6, 11, 16, 0);
    let evidence = sthlm(2020, 6, 12, 10, 0);
    let notified = sthlm(2020, 6, 12, 15, 20);
    let forwarded = sthlm(2020, 6, 16, 11, 0);
    let inform_decision = sthlm(2020, 6, 17, 13, 0);
    let published = sthlm(2020, 6, 23, 9, 0);
    let supplement = sthlm(2020, 6, 24, 14, 0);
    let notify_due = aware + chrono::TimeDelta::hours(72);

    let case = NewCase {
        title: Some("Nätfiskeattack med obehöriga inloggningar i e-postkonton".to_owned()),
        description: Some(
            "Medarbetare i Norrtälje kommun tog emot e-post som såg ut att komma från en annan \
             kommun. Den 9 juni 2020 slog medarbetare larm om det misstänkta mejlet. \
             IT-avdelningen och dataskyddsombudet började genast undersöka saken och kunde \
             konstatera att flera medarbetare hade klickat på en länk i mejlet. Det ledde till \
             att obehöriga lyckades logga in i kommunens e-postkonton. Analysen av inloggningarna \
             visade att inloggningar gjorts av obehöriga användare.\n\n\
             Datorer rensades, misstänkta mejl togs bort från medarbetarnas inkorgar och alla \
             medarbetare fick byta lösenord. Åtgärderna gav önskad effekt och felet ser ut att \
             vara avhjälpt. Ett fåtal av mejlen har spridits vidare till privatpersoner.\n\n\
             Eftersom obehöriga har kunnat logga in i e-postkontona kan invånares personuppgifter \
             i dessa ha exponerats, till exempel personnummer och känsliga personuppgifter som \
             invånare skickat med e-post till kommunen under våren 2020. Inget tyder på att \
             syftet med attacken var att komma åt enskildas personuppgifter, och inget tyder på \
             att attacken riktade sig specifikt mot Norrtälje kommun."
                .to_owned(),
        ),
        category: Some(Category::Phishing),
        breach_types: Some(vec![BreachType::Confidentiality]),
        detected_at: Some(detected),
        aware_at: Some(aware),
        aware_justification: Some(
            "Den 9 juni visste kommunen att ett nätfiskemejl hade tagits emot och att några \
             medarbetare hade klickat på länken, men inte om någon obehörig hade kommit åt \
             e-postkonton. IT-avdelningen analyserade inloggningsloggarna för samtliga berörda \
             konton utan dröjsmål. Först när analysen var klar den 11 juni kunde det konstateras \
             att obehöriga hade loggat in i e-postkonton som innehåller personuppgifter, och \
             därmed att en personuppgiftsincident hade inträffat."
                .to_owned(),
        ),
        occurred_from: Some(mail_arrived),
        occurred_to: Some(password_reset),
        detection_method: Some(
            "Medarbetare anmälde misstänkt e-post till IT-avdelningen; IT-avdelningens analys av \
             inloggningsloggarna visade obehöriga inloggningar i e-postkonton."
                .to_owned(),
        ),
        controller_ids: Vec::new(),
        affected_systems: vec![
            "Kommunens e-postsystem (medarbetares e-postkonton)".to_owned(),
            "Arbetsdatorer hos medarbetare som klickat på länken".to_owned(),
        ],
        personal_data_categories: vec![
            PersonalDataCategory::Identity,
            PersonalDataCategory::Personnummer,
            PersonalDataCategory::Contact,
            PersonalDataCategory::CommunicationLogs,
            PersonalDataCategory::Credentials,
            PersonalDataCategory::SecrecyOsl,
            PersonalDataCategory::Health,
        ],
        data_subject_categories: vec![DataSubjectCategory::Residents, DataSubjectCategory::Employees],
        data_subjects_count: Some(CountRange { min: 50, max: 2_000 }),
        records_count: Some(CountRange { min: 500, max: 20_000 }),
        likely_consequences: Some(
            "Personnummer och känsliga personuppgifter i e-post kan ha exponerats för obehöriga. \
             Det kan leda till identitetsintrång, bedrägeriförsök eller att känsliga uppgifter om \
             enskilda sprids. Medarbetarnas inloggningsuppgifter har kommit i orätta händer, och \
             kapade konton har använts för att skicka nätfiskemejl vidare, också till \
             privatpersoner."
                .to_owned(),
        ),
        cross_border: false,
        processor_involved: false,
    };

    let timeline = vec![
        entry(
            mail_arrived,
            EntryKind::Note,
            "Fastställt i efterhand: ett nätfiskemejl som ser ut att komma från en annan kommun \
             når medarbetares inkorgar. Mejlet innehåller en länk.",
        ),
        entry(
            detected,
            EntryKind::Detection,
            "Flera medarbetare slår larm till IT-avdelningens servicedesk om misstänkt e-post som \
             ser ut att komma från en annan kommun.",
        ),
        entry(
            mail_removed,
            EntryKind::Containment,
            "De misstänkta mejlen tas bort från medarbetarnas inkorgar. Avsändaren och länken \
             spärras i e-postfiltret.",
        ),
        entry(
            staff_warned,
            EntryKind::Communication,
            "Varning till alla medarbetare på intranätet: klicka inte på länken, radera mejlet \
             och kontakta servicedesk om du redan har klickat.",
        ),
        entry(
            investigation,
            EntryKind::Note,
            "IT-avdelningen och dataskyddsombudet utreder. Flera medarbetare har klickat på \
             länken. Analys av inloggningsloggarna för deras e-postkonton påbörjas.",
        ),
        entry(
            computers_cleaned,
            EntryKind::Eradication,
            "Datorerna hos de medarbetare som klickat på länken är rensade och deras lösenord \
             bytta.",
        ),
        entry(
            aware,
            EntryKind::Decision,
            "Analysen av inloggningarna visar att obehöriga har loggat in i flera medarbetares \
             e-postkonton. Dataskyddsombudet bedömer att det är en personuppgiftsincident, \
             eftersom invånares personuppgifter i kontona kan ha exponerats. Beslut: anmälan till \
             Datainspektionen inom 72 timmar och lösenordsbyte för alla medarbetare.",
        ),
        entry(
            password_reset,
            EntryKind::Containment,
            "Alla medarbetare uppmanas byta lösenord och tvingande lösenordsbyte införs för \
             samtliga konton. Pågående inloggningar avslutas. Inga fler obehöriga inloggningar \
             ses efter detta.",
        ),
        entry(
            evidence,
            EntryKind::Evidence,
            "Inloggningsloggar för berörda konton och ett exemplar av nätfiskemejlet med \
             fullständiga e-posthuvuden säkras.",
        ),
        entry(
            notified,
            EntryKind::Notification,
            "Anmälan om personuppgiftsincident skickad till Datainspektionen (i dag IMY) för \
             kommunstyrelsen.",
        ),
        entry(
            forwarded,
            EntryKind::Note,
            "Genomgången visar att ett fåtal nätfiskemejl har skickats vidare från kommunens \
             konton till privatpersoner.",
        ),
        entry(
            inform_decision,
            EntryKind::Decision,
            "Beslut: de som kan ha drabbats går inte att identifiera utan oproportionerliga \
             insatser. Kommunen informerar därför brett, via webbplatsen och lokala medier, och \
             tar fram en e-tjänst där invånare kan begära besked om deras personuppgifter har \
             exponerats.",
        ),
        entry(
            published,
            EntryKind::Communication,
            "Information publicerad på kommunens webbplats och skickad till lokala medier. \
             E-tjänsten öppnas. Invånare som fått ett liknande mejl uppmanas att inte klicka på \
             länken, radera mejlet och byta lösenord till sitt e-postkonto.",
        ),
        entry(
            supplement,
            EntryKind::Notification,
            "Komplettering skickad till Datainspektionen om informationen till allmänheten och \
             e-tjänsten.",
        ),
    ];

    let actions = vec![
        done(
            "Ta bort misstänkta mejl från medarbetarnas inkorgar",
            ActionCategory::Contain,
            "IT-avdelningen",
            None,
            mail_removed,
        ),
        done(
            "Rensa datorerna hos medarbetare som klickat på länken",
            ActionCategory::Contain,
            "IT-avdelningen",
            None,
            computers_cleaned,
        ),
        done(
            "Uppmana alla att byta lösenord (tvingande lösenordsbyte)",
            ActionCategory::Contain,
            "IT-avdelningen",
            None,
            password_reset,
        ),
        done(
            "Anmäl personuppgiftsincidenten till Datainspektionen (i dag IMY)",
            ActionCategory::Notify,
            "Dataskyddsombudet",
            Some(notify_due),
            notified,
        ),
        done(
            "Informera allmänheten via webbplatsen och lokala medier",
            ActionCategory::Notify,
            "Kommunikationsavdelningen",
            None,
            published,
        ),
        done(
            "Ta fram en e-tjänst där invånare kan fråga om deras personuppgifter exponerats",
            ActionCategory::Notify,
            "Dataskyddsombudet",
            None,
            published,
        ),
        open(
            "Påminn alla medarbetare om hur nätfiske känns igen och rapporteras",
            ActionCategory::Prevent,
            "IT-avdelningen",
            ActionStatus::Planned,
            Some(sthlm(2020, 8, 31, 16, 0)),
        ),
    ];

    DemoCase {
        case,
        controllers: vec![NORRTALJE_KS],
        timeline,
        actions,
        status_path: vec![CaseStatus::Investigating, CaseStatus::Contained, CaseStatus::Closed],
        assessment: Some((
            assessment(
                3,
                0.75,
                [0.5, 0.0, 0.0],
                true,
                Conclusion::HighRisk,
                "Obehöriga har kunnat läsa e-post där invånare skickat personnummer och känsliga uppgifter; angreppet var avsiktligt.",
            ),
            sthlm(2020, 6, 11, 14, 30),
        )),
        decisions: vec![
            (
                decision(
                    DecisionKind::NotifyImy,
                    Outcome::Yes,
                    None,
                    "Risk för de registrerade: obehöriga inloggningar i e-postkonton med invånares uppgifter.",
                ),
                sthlm(2020, 6, 11, 15, 0),
            ),
            (
                decision(
                    DecisionKind::InformDataSubjects,
                    Outcome::No,
                    Some(Exemption::DisproportionateEffort),
                    "Vilka invånare som berörs går inte att fastställa utan att läsa igenom alla brevlådor; bred information via webbplats och lokalmedia, och en e-tjänst där var och en kan fråga om sina uppgifter.",
                ),
                sthlm(2020, 6, 18, 10, 0),
            ),
        ],
        filings: vec![
            (
                filing(
                    Recipient::Imy,
                    Phase::Complete,
                    sthlm(2020, 6, 12, 10, 0),
                    Some("DI-2020-5678"),
                    "Datainspektionens e-tjänst",
                ),
                Some(NORRTALJE_KS),
            ),
            (
                filing(
                    Recipient::Public,
                    Phase::Complete,
                    sthlm(2020, 6, 23, 9, 0),
                    None,
                    "norrtalje.se och lokalmedia",
                ),
                None,
            ),
        ],
        police: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;
    use domain::{CaseId, CaseReference, ControllerId, TimelineEntry};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("valid instant")
    }

    #[test]
    fn every_controller_validates_with_the_right_number() {
        let data = demo_data();
        let numbers: Vec<String> = data
            .controllers
            .into_iter()
            .map(|c| c.validate(ControllerId::new()).expect("valid controller").organisation_number.to_string())
            .collect();
        assert_eq!(numbers, ["212000-1041", "212000-1041", "212000-0217"]);
    }

    #[test]
    fn the_organisation_uses_fictitious_contact_details() {
        let data = demo_data();
        assert!(data.dpo_email.ends_with("@example.se"));
        assert!(!data.dpo_name.trim().is_empty());
        assert!(!data.dpo_phone.trim().is_empty());
        assert!(!data.organisation_name.trim().is_empty());
    }

    #[test]
    fn both_cases_open_and_their_timelines_and_actions_validate() {
        let data = demo_data();
        let controller_ids: Vec<ControllerId> = data.controllers.iter().map(|_| ControllerId::new()).collect();
        assert_eq!(data.cases.len(), 2);
        for (n, demo) in data.cases.into_iter().enumerate() {
            let mut new_case = demo.case.clone();
            assert!(!demo.controllers.is_empty());
            new_case.controller_ids =
                demo.controllers.iter().map(|&i| *controller_ids.get(i).expect("controller index in range")).collect();
            let number = u32::try_from(n + 1).expect("small");
            let case =
                new_case.open(CaseId::new(), CaseReference::new(2026, number), now()).expect("the demo case opens");
            assert_eq!(case.controller_ids.len(), demo.controllers.len());
            assert!(case.aware_at >= case.detected_at);
            if case.aware_at - case.detected_at > TimeDelta::hours(24) {
                assert!(case.aware_justification.is_some());
            }

            // Timeline: 8-15 entries, all dated, chronological, none long before detection.
            assert!((8..=15).contains(&demo.timeline.len()), "{}", demo.timeline.len());
            let earliest = case.detected_at - TimeDelta::days(7);
            let mut previous: Option<TimelineEntry> = None;
            for new_entry in demo.timeline {
                let at = new_entry.occurred_at.expect("occurred_at is set");
                assert!(at >= earliest, "{at} before {earliest}");
                if let Some(p) = &previous {
                    assert!(at >= p.occurred_at, "{at} before {}", p.occurred_at);
                }
                let global_seq = previous.as_ref().map_or(1, |p| p.seq + 1);
                let stored = new_entry
                    .append(case.id, previous.as_ref(), global_seq, "demo", now())
                    .expect("the entry validates");
                previous = Some(stored);
            }
            assert!(case.occurred_from.is_some_and(|from| from >= earliest));

            // Actions: valid, done ones carry when, never before detection.
            for (new_action, done_at) in demo.actions {
                let action = new_action.create(case.id, now()).expect("the action validates");
                assert_eq!(action.status == ActionStatus::Done, done_at.is_some(), "{}", action.title);
                if let Some(t) = done_at {
                    assert!(t >= case.detected_at && t <= now(), "{}", action.title);
                }
            }

            // The status path is walkable from triage and ends contained or closed.
            let mut status = case.status;
            for to in &demo.status_path {
                assert!(status.can_become(*to), "{status} -> {to}");
                status = *to;
            }
            assert!(matches!(status, CaseStatus::Contained | CaseStatus::Closed), "{status}");
        }
    }

    #[test]
    fn bjuv_awareness_is_hours_after_detection_and_norrtalje_needs_a_justification() {
        let data = demo_data();
        let bjuv = &data.cases[0].case;
        let norrtalje = &data.cases[1].case;
        let gap = |c: &NewCase| c.aware_at.expect("aware_at") - c.detected_at.expect("detected_at");
        assert!(gap(bjuv) > TimeDelta::hours(1) && gap(bjuv) <= TimeDelta::hours(24));
        assert!(bjuv.aware_justification.is_none());
        assert_eq!(bjuv.category, Some(Category::Ransomware));
        assert!(gap(norrtalje) > TimeDelta::hours(24));
        assert!(norrtalje.aware_justification.is_some());
        assert_eq!(norrtalje.category, Some(Category::Phishing));
        assert_eq!(data.cases[0].controllers, [BJUV_KS, BJUV_BUN]);
        assert_eq!(data.cases[1].controllers, [NORRTALJE_KS]);
    }

    #[test]
    fn the_regulator_was_notified_within_72_hours_of_awareness() {
        for demo in demo_data().cases {
            let aware = demo.case.aware_at.expect("aware_at");
            let first_notification = demo
                .timeline
                .iter()
                .filter(|e| e.kind == Some(EntryKind::Notification))
                .filter(|e| e.text.as_deref().is_some_and(|t| t.contains("IMY") || t.contains("Datainspektionen")))
                .filter_map(|e| e.occurred_at)
                .filter(|t| *t >= aware)
                .min()
                .expect("a notification");
            assert!(first_notification - aware <= TimeDelta::hours(72));
        }
    }

    #[test]
    fn local_times_are_converted_from_stockholm() {
        // Winter: UTC+1; summer: UTC+2.
        assert_eq!(sthlm(2024, 1, 29, 5, 40), Utc.with_ymd_and_hms(2024, 1, 29, 4, 40, 0).single().expect("valid"));
        assert_eq!(sthlm(2020, 6, 9, 8, 50), Utc.with_ymd_and_hms(2020, 6, 9, 6, 50, 0).single().expect("valid"));
    }
}

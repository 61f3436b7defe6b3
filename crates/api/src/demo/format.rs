//! The demo's data files (`crates/api/demo/*.json`, described in its `README.md`): their
//! format, and their conversion into the domain's inputs, which [`super::load`] hands to the use
//! cases. Pure: the files are embedded in the binary, and nothing here reads a clock.
//!
//! Instants in the files are wall-clock times in Stockholm, as the seeds state them; values of
//! enumerations are the domain's stable text codes. A typo in either is an error naming the
//! file and the field.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Stockholm;
use domain::assessment::{Conclusion, NewAssessment};
use domain::case::{Cause, CountRange, DataSubjectCategory, PersonalDataCategory};
use domain::decision::{DecisionKind, Exemption, NewDecision, Outcome};
use domain::filing::{NewFiling, Phase, Recipient};
use domain::organisation::OrganisationSettings;
use domain::police::PoliceDetails;
use domain::{
    ActionCategory, ActionStatus, BreachType, CaseStatus, Category, EntryKind, NewAction, NewCase, NewController,
    NewTimelineEntry,
};
use serde::{Deserialize, Deserializer};

/// The organisation file's name and text.
pub const ORGANISATION_FILE: (&str, &str) = ("organisation.json", include_str!("../../demo/organisation.json"));

/// The seed files' names and texts, one per real incident, in the order they are loaded.
pub const SEED_FILES: [(&str, &str); 2] = [
    ("bjuv.json", include_str!("../../demo/bjuv.json")),
    ("norrtalje.json", include_str!("../../demo/norrtalje.json")),
];

/// The local time format of the files: `2024-01-29 05:40`.
const LOCAL_TIME_FORMAT: &str = "%Y-%m-%d %H:%M";

/// A data file that does not parse or refers to something that is not there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("demo file {file}, field {field}: {message}")]
pub struct DemoFileError {
    /// The file's name, e.g. `bjuv.json`.
    pub file: String,
    /// The path of the field, e.g. `timeline[3].kind`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// One demo case with everything that happened in it, as the domain's inputs.
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
    /// The evidence files kept, each with when it was kept.
    pub evidence: Vec<DemoEvidence>,
    /// The public notice and its published revisions, if the case had one.
    pub notice: Option<DemoNotice>,
    /// The residents' inquiries received through the notice.
    pub inquiries: Vec<DemoInquiry>,
}

/// A demo case's public notice: each revision is the draft saved and published at its instant.
#[derive(Debug, Clone)]
pub struct DemoNotice {
    /// The draft of each revision with when it was published, in order.
    pub revisions: Vec<(domain::notice::NoticeInput, DateTime<Utc>)>,
}

/// A resident's inquiry received through a demo notice, and its answer if one was sent.
#[derive(Debug, Clone)]
pub struct DemoInquiry {
    /// When it was received.
    pub at: DateTime<Utc>,
    /// What the form held.
    pub new: domain::inquiry::NewInquiry,
    /// The answer: when, its text and its channel.
    pub answer: Option<(DateTime<Utc>, String, String)>,
}

/// An evidence file of a demo case: its bytes (written for the demo, under
/// `crates/api/demo/evidence/`), what is said about it and when it was kept.
#[derive(Debug, Clone)]
pub struct DemoEvidence {
    /// When it was kept.
    pub at: DateTime<Utc>,
    /// The bytes.
    pub bytes: &'static [u8],
    /// Description, where the original is kept, the file name and media type as uploaded.
    pub new: domain::evidence::NewEvidence,
}

/// The demo's evidence files, embedded in the binary (every one written for the demo and
/// marked fictitious).
pub const EVIDENCE_FILES: [(&str, &[u8]); 3] = [
    ("bjuv-losensedel.txt", include_bytes!("../../demo/evidence/bjuv-losensedel.txt")),
    ("bjuv-brandvaggslogg.txt", include_bytes!("../../demo/evidence/bjuv-brandvaggslogg.txt")),
    ("norrtalje-natfiskemejl.eml", include_bytes!("../../demo/evidence/norrtalje-natfiskemejl.eml")),
];

/// Everything the data files hold, as the domain's inputs.
#[derive(Debug, Clone)]
pub struct DemoData {
    /// The organisation (tenant): a DPO office shared by the two municipalities (all contact
    /// details fictitious), validated when loaded like any settings.
    pub organisation: OrganisationSettings,
    /// The controllers (personuppgiftsansvariga) of every file, in file order.
    pub controllers: Vec<NewController>,
    /// The key of each of [`DemoData::controllers`], at the same index.
    pub controller_keys: Vec<String>,
    /// The seed cases, in the order of [`SEED_FILES`].
    pub cases: Vec<DemoCase>,
}

impl DemoData {
    /// The index in [`DemoData::controllers`] of the controller with this key.
    pub fn controller_index(&self, key: &str) -> Option<usize> {
        self.controller_keys.iter().position(|k| k == key)
    }
}

/// The embedded data files, converted.
///
/// # Errors
/// Fails when a file does not parse (a bug, caught by the tests); the error names the file
/// and the field.
pub fn demo_data() -> Result<DemoData, DemoFileError> {
    parse(ORGANISATION_FILE, &SEED_FILES)
}

/// Converts an organisation file and seed files, each given as `(name, text)`.
///
/// # Errors
/// Fails when a file is not valid JSON of its format, an enumeration value or a local time is
/// invalid, a controller key is repeated or a case refers to a key no file defines.
pub fn parse(organisation: (&str, &str), seeds: &[(&str, &str)]) -> Result<DemoData, DemoFileError> {
    let organisation: OrganisationSettings = from_json(organisation)?;
    let files = seeds.iter().map(|&file| Ok((file.0, from_json::<SeedFile>(file)?))).collect::<Result<Vec<_>, _>>()?;

    let mut controllers = Vec::new();
    let mut controller_keys: Vec<String> = Vec::new();
    for (name, file) in &files {
        for (i, spec) in file.controllers.iter().enumerate() {
            if controller_keys.contains(&spec.key) {
                return Err(error(name, format!("controllers[{i}].key"), format!("{:?} is defined twice", spec.key)));
            }
            controller_keys.push(spec.key.clone());
            controllers.push(NewController {
                name: Some(spec.name.clone()),
                organisation_number: Some(spec.organisation_number.clone()),
                postal_address: Some(spec.postal_address.clone()),
            });
        }
    }
    let index = |name: &str, field: String, key: &str| {
        controller_keys
            .iter()
            .position(|k| k == key)
            .ok_or_else(|| error(name, field, format!("no file defines a controller with key {key:?}")))
    };
    let mut cases = Vec::new();
    for (name, file) in files {
        let case_controllers = file
            .case
            .controllers
            .iter()
            .enumerate()
            .map(|(i, key)| index(name, format!("case.controllers[{i}]"), key))
            .collect::<Result<Vec<_>, _>>()?;
        let filings = file
            .filings
            .into_iter()
            .enumerate()
            .map(|(i, spec)| {
                let controller = spec
                    .controller
                    .as_deref()
                    .map(|key| index(name, format!("filings[{i}].controller"), key))
                    .transpose()?;
                Ok((spec.into_new(), controller))
            })
            .collect::<Result<Vec<_>, DemoFileError>>()?;
        cases.push(DemoCase {
            case: file.case.into_new(),
            controllers: case_controllers,
            timeline: file.timeline.into_iter().map(EntrySpec::into_new).collect(),
            actions: file.actions.into_iter().map(|a| (a.new_action(), a.done_at.map(|t| t.0))).collect(),
            status_path: file.status_path,
            assessment: file.assessment.map(|a| (a.new_assessment(), a.at.0)),
            decisions: file.decisions.into_iter().map(|d| (d.new_decision(), d.at.0)).collect(),
            filings,
            police: file.police.map(PoliceSpec::into_new),
            evidence: file
                .evidence
                .into_iter()
                .enumerate()
                .map(|(i, spec)| {
                    let bytes = EVIDENCE_FILES
                        .iter()
                        .find(|(name, _)| *name == spec.file)
                        .map(|(_, b)| *b)
                        .ok_or_else(|| {
                            error(name, format!("evidence[{i}].file"), format!("no demo evidence file {:?}", spec.file))
                        })?;
                    let new = domain::evidence::NewEvidence {
                        description: Some(spec.description),
                        kept_at: spec.kept_at,
                        filename: Some(spec.filename),
                        media_type: Some(spec.media_type),
                        ..domain::evidence::NewEvidence::default()
                    };
                    Ok(DemoEvidence { at: spec.at.0, bytes, new })
                })
                .collect::<Result<Vec<_>, DemoFileError>>()?,
            notice: file.notice.map(NoticeSpec::into_demo),
            inquiries: file.inquiries.into_iter().map(InquirySpec::into_demo).collect(),
        });
    }
    Ok(DemoData { organisation, controllers, controller_keys, cases })
}

fn error(file: &str, field: String, message: String) -> DemoFileError {
    DemoFileError { file: file.to_owned(), field, message }
}

/// Parses one file, naming the field that fails.
fn from_json<T: for<'de> Deserialize<'de>>((file, text): (&str, &str)) -> Result<T, DemoFileError> {
    let mut json = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut json).map_err(|e| error(file, e.path().to_string(), e.inner().to_string()))
}

/// A wall-clock time in Stockholm as a UTC instant.
///
/// # Errors
/// Fails when the text is not `YYYY-MM-DD HH:MM`, or the time does not exist or exists twice
/// in Stockholm (the switches to and from summer time): a demo time must be unambiguous.
pub fn stockholm(text: &str) -> Result<DateTime<Utc>, String> {
    let local = NaiveDateTime::parse_from_str(text, LOCAL_TIME_FORMAT)
        .map_err(|e| format!("{text:?} is not a local time written YYYY-MM-DD HH:MM ({e})"))?;
    match Stockholm.from_local_datetime(&local) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(..) => {
            Err(format!("{text} occurs twice in Europe/Stockholm (summer time ends); pick another minute"))
        }
        LocalResult::None => {
            Err(format!("{text} does not exist in Europe/Stockholm (summer time begins); pick another minute"))
        }
    }
}

/// An instant written as a Stockholm wall-clock time, `2024-01-29 05:40`.
#[derive(Debug, Clone, Copy)]
struct LocalTime(DateTime<Utc>);

impl<'de> Deserialize<'de> for LocalTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        stockholm(&text).map(LocalTime).map_err(serde::de::Error::custom)
    }
}

/// A seed file: one real incident, with the controllers it affects.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    controllers: Vec<ControllerSpec>,
    case: CaseSpec,
    timeline: Vec<EntrySpec>,
    #[serde(default)]
    actions: Vec<ActionSpec>,
    assessment: Option<AssessmentSpec>,
    #[serde(default)]
    decisions: Vec<DecisionSpec>,
    #[serde(default)]
    filings: Vec<FilingSpec>,
    police: Option<PoliceSpec>,
    #[serde(default)]
    evidence: Vec<EvidenceSpec>,
    notice: Option<NoticeSpec>,
    #[serde(default)]
    inquiries: Vec<InquirySpec>,
    #[serde(default)]
    status_path: Vec<CaseStatus>,
}

/// A notice: what stays the same in every revision, and per revision its instant, the
/// questions and answers it added and, where it changed, the summary.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeSpec {
    slug: String,
    title: String,
    summary: String,
    body: String,
    #[serde(default)]
    links: Vec<LinkSpec>,
    contact: String,
    #[serde(default)]
    show_reference: bool,
    #[serde(default)]
    inquiries: Option<ServiceSpec>,
    revisions: Vec<RevisionSpec>,
}

// The domain's own types accept unknown fields (the API's compatibility); the files' do not.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkSpec {
    label: String,
    url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QaSpec {
    question: String,
    answer: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceSpec {
    open: bool,
    privacy_text: String,
    #[serde(default)]
    ask_personnummer: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionSpec {
    at: LocalTime,
    summary: Option<String>,
    #[serde(default)]
    add_qa: Vec<QaSpec>,
}

impl NoticeSpec {
    /// Each revision's whole draft: the questions accumulate, the latest summary holds.
    fn into_demo(self) -> DemoNotice {
        let mut qa: Vec<(Option<String>, Option<String>)> = Vec::new();
        let mut summary = self.summary;
        let mut revisions = Vec::new();
        for revision in self.revisions {
            qa.extend(revision.add_qa.into_iter().map(|q| (Some(q.question), Some(q.answer))));
            if let Some(s) = revision.summary {
                summary = s;
            }
            let input = domain::notice::NoticeInput {
                slug: Some(self.slug.clone()),
                title: Some(self.title.clone()),
                summary: Some(summary.clone()),
                body: Some(self.body.clone()),
                links: self.links.iter().map(|l| (Some(l.label.clone()), Some(l.url.clone()))).collect(),
                contact: Some(self.contact.clone()),
                qa: qa.clone(),
                show_reference: self.show_reference,
                inquiries: self
                    .inquiries
                    .clone()
                    .map(|i| domain::notice::InquiryService {
                        open: i.open,
                        privacy_text: i.privacy_text,
                        ask_personnummer: i.ask_personnummer,
                    })
                    .unwrap_or_default(),
            };
            revisions.push((input, revision.at.0));
        }
        DemoNotice { revisions }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct InquirySpec {
    at: LocalTime,
    name: String,
    contact: String,
    sent_what: String,
    sent_when: String,
    #[serde(default)]
    message: String,
    answer: Option<AnswerSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerSpec {
    at: LocalTime,
    text: String,
    channel: String,
}

impl InquirySpec {
    fn into_demo(self) -> DemoInquiry {
        DemoInquiry {
            at: self.at.0,
            new: domain::inquiry::NewInquiry {
                name: Some(self.name),
                contact: Some(self.contact),
                sent_what: Some(self.sent_what),
                sent_when: Some(self.sent_when),
                message: Some(self.message),
                personnummer: None,
            },
            answer: self.answer.map(|a| (a.at.0, a.text, a.channel)),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceSpec {
    at: LocalTime,
    file: String,
    filename: String,
    media_type: String,
    description: String,
    kept_at: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ControllerSpec {
    key: String,
    name: String,
    organisation_number: String,
    postal_address: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseSpec {
    title: String,
    description: String,
    category: Category,
    breach_types: Vec<BreachType>,
    detected_at: LocalTime,
    aware_at: LocalTime,
    aware_justification: Option<String>,
    occurred_from: Option<LocalTime>,
    occurred_to: Option<LocalTime>,
    detection_method: Option<String>,
    controllers: Vec<String>,
    #[serde(default)]
    affected_systems: Vec<String>,
    #[serde(default)]
    personal_data_categories: Vec<PersonalDataCategory>,
    #[serde(default)]
    data_subject_categories: Vec<DataSubjectCategory>,
    data_subjects_count: Option<CountRange>,
    records_count: Option<CountRange>,
    likely_consequences: Option<String>,
    #[serde(default)]
    cross_border: bool,
    #[serde(default)]
    processor_involved: bool,
    cause: Option<Cause>,
    #[serde(default)]
    member_states: Vec<String>,
    #[serde(default)]
    acting_as_processor: bool,
    processor_aware_at: Option<LocalTime>,
    processor_notified_controller_at: Option<LocalTime>,
    police_delay_requested_at: Option<LocalTime>,
    police_delay_until: Option<LocalTime>,
}

impl CaseSpec {
    fn into_new(self) -> NewCase {
        NewCase {
            title: Some(self.title),
            description: Some(self.description),
            category: Some(self.category),
            breach_types: Some(self.breach_types),
            detected_at: Some(self.detected_at.0),
            aware_at: Some(self.aware_at.0),
            aware_justification: self.aware_justification,
            occurred_from: self.occurred_from.map(|t| t.0),
            occurred_to: self.occurred_to.map(|t| t.0),
            detection_method: self.detection_method,
            controller_ids: Vec::new(),
            affected_systems: self.affected_systems,
            personal_data_categories: self.personal_data_categories,
            data_subject_categories: self.data_subject_categories,
            data_subjects_count: self.data_subjects_count,
            records_count: self.records_count,
            likely_consequences: self.likely_consequences,
            cross_border: self.cross_border,
            processor_involved: self.processor_involved,
            cause: self.cause,
            member_states: self.member_states,
            acting_as_processor: self.acting_as_processor,
            processor_aware_at: self.processor_aware_at.map(|t| t.0),
            processor_notified_controller_at: self.processor_notified_controller_at.map(|t| t.0),
            police_delay_requested_at: self.police_delay_requested_at.map(|t| t.0),
            police_delay_until: self.police_delay_until.map(|t| t.0),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntrySpec {
    at: LocalTime,
    kind: EntryKind,
    text: String,
}

impl EntrySpec {
    fn into_new(self) -> NewTimelineEntry {
        NewTimelineEntry { occurred_at: Some(self.at.0), kind: Some(self.kind), text: Some(self.text), corrects: None }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionSpec {
    title: String,
    category: ActionCategory,
    owner: String,
    status: ActionStatus,
    due_at: Option<LocalTime>,
    done_at: Option<LocalTime>,
}

impl ActionSpec {
    fn new_action(&self) -> NewAction {
        NewAction {
            title: Some(self.title.clone()),
            category: Some(self.category),
            owner: Some(self.owner.clone()),
            status: Some(self.status),
            due_at: self.due_at.map(|t| t.0),
            ..NewAction::default()
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssessmentSpec {
    at: LocalTime,
    dpc: u8,
    ei: f64,
    cb_confidentiality: f64,
    cb_integrity: f64,
    cb_availability: f64,
    malicious: bool,
    conclusion: Conclusion,
    justification: String,
    below_band_reason: Option<String>,
}

impl AssessmentSpec {
    fn new_assessment(&self) -> NewAssessment {
        NewAssessment {
            dpc: Some(self.dpc),
            ei: Some(self.ei),
            cb_confidentiality: Some(self.cb_confidentiality),
            cb_integrity: Some(self.cb_integrity),
            cb_availability: Some(self.cb_availability),
            malicious: Some(self.malicious),
            conclusion: Some(self.conclusion),
            justification: Some(self.justification.clone()),
            below_band_reason: self.below_band_reason.clone(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionSpec {
    at: LocalTime,
    kind: DecisionKind,
    outcome: Outcome,
    exemption: Option<Exemption>,
    reasons: String,
}

impl DecisionSpec {
    fn new_decision(&self) -> NewDecision {
        NewDecision {
            kind: Some(self.kind),
            outcome: Some(self.outcome),
            reasons: Some(self.reasons.clone()),
            exemption: self.exemption,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilingSpec {
    recipient: Recipient,
    phase: Phase,
    submitted_at: LocalTime,
    reference: Option<String>,
    channel: String,
    controller: Option<String>,
    delay_reasons: Option<String>,
}

impl FilingSpec {
    fn into_new(self) -> NewFiling {
        NewFiling {
            recipient: Some(self.recipient),
            phase: Some(self.phase),
            controller_id: None,
            submitted_at: Some(self.submitted_at.0),
            reference: self.reference,
            channel: Some(self.channel),
            delay_reasons: self.delay_reasons,
            pdf_sha256: None,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PoliceSpec {
    written_at: LocalTime,
    signatory: Option<String>,
    technical_details: Option<String>,
    attacker_traces: Option<String>,
    evidence_custody: Option<String>,
    damage: Option<String>,
    ransom_demand: Option<String>,
    suspects: Option<String>,
    #[serde(default)]
    money_moved: bool,
}

impl PoliceSpec {
    fn into_new(self) -> (PoliceDetails, DateTime<Utc>) {
        let details = PoliceDetails {
            signatory: self.signatory,
            technical_details: self.technical_details,
            attacker_traces: self.attacker_traces,
            evidence_custody: self.evidence_custody,
            damage: self.damage,
            ransom_demand: self.ransom_demand,
            suspects: self.suspects,
            money_moved: self.money_moved,
        };
        (details, self.written_at.0)
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

    fn data() -> DemoData {
        demo_data().expect("the demo files parse")
    }

    #[test]
    fn every_controller_validates_with_the_right_number() {
        let numbers: Vec<String> = data()
            .controllers
            .into_iter()
            .map(|c| c.validate(ControllerId::new()).expect("valid controller").organisation_number.to_string())
            .collect();
        assert_eq!(numbers, ["212000-1041", "212000-1041", "212000-0217"]);
    }

    #[test]
    fn the_organisation_uses_fictitious_contact_details() {
        let organisation = data().organisation.settle(domain::OrganisationId::new()).expect("valid settings");
        assert!(organisation.dpo_email.ends_with("@example.se"));
        assert!(!organisation.dpo_name.trim().is_empty());
        assert!(!organisation.dpo_phone.trim().is_empty());
        assert!(!organisation.name.trim().is_empty());
    }

    #[test]
    fn both_cases_open_and_their_timelines_and_actions_validate() {
        let data = data();
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
        let data = data();
        let bjuv = &data.cases[0].case;
        let norrtalje = &data.cases[1].case;
        let gap = |c: &NewCase| c.aware_at.expect("aware_at") - c.detected_at.expect("detected_at");
        assert!(gap(bjuv) > TimeDelta::hours(1) && gap(bjuv) <= TimeDelta::hours(24));
        assert!(bjuv.aware_justification.is_none());
        assert_eq!(bjuv.category, Some(Category::Ransomware));
        assert!(gap(norrtalje) > TimeDelta::hours(24));
        assert!(norrtalje.aware_justification.is_some());
        assert_eq!(norrtalje.category, Some(Category::Phishing));
        assert_eq!(data.controller_keys, ["bjuv-ks", "bjuv-bun", "norrtalje-ks"]);
        assert_eq!(data.cases[0].controllers, [0, 1]);
        assert_eq!(data.cases[1].controllers, [2]);
    }

    #[test]
    fn the_regulator_was_notified_within_72_hours_of_awareness() {
        for demo in data().cases {
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
        assert_eq!(
            stockholm("2024-01-29 05:40"),
            Ok(Utc.with_ymd_and_hms(2024, 1, 29, 4, 40, 0).single().expect("valid"))
        );
        assert_eq!(
            stockholm("2020-06-09 08:50"),
            Ok(Utc.with_ymd_and_hms(2020, 6, 9, 6, 50, 0).single().expect("valid"))
        );
        let bjuv = &data().cases[0].case;
        assert_eq!(bjuv.detected_at, Some(Utc.with_ymd_and_hms(2024, 1, 29, 4, 40, 0).single().expect("valid")));
    }

    #[test]
    fn local_times_around_the_summer_time_switches_are_refused() {
        // 2024-03-31 02:30 never happened in Stockholm; 2024-10-27 02:30 happened twice.
        for text in ["2024-03-31 02:30", "2024-10-27 02:30", "2024-01-29T05:40", "2024-01-29 5.40", "29/1 2024 05:40"] {
            assert!(stockholm(text).is_err(), "{text}");
        }
        assert!(stockholm("2024-03-31 03:00").is_ok());
    }

    /// The Bjuv file with `from` replaced by `to` (which must occur in it).
    fn bjuv_with(from: &str, to: &str) -> String {
        let (_, text) = SEED_FILES[0];
        assert!(text.contains(from), "{from}");
        text.replacen(from, to, 1)
    }

    fn parse_bjuv(text: &str) -> DemoFileError {
        parse(ORGANISATION_FILE, &[("bjuv.json", text), SEED_FILES[1]]).expect_err("the file is broken")
    }

    #[test]
    fn a_typo_in_a_file_names_the_file_and_the_field() {
        let cases = [
            (bjuv_with(r#""kind": "note""#, r#""kind": "notes""#), "timeline[0].kind"),
            (bjuv_with(r#""category": "ransomware""#, r#""category": "ransom""#), "case.category"),
            (bjuv_with(r#""outcome": "yes""#, r#""outcome": "ja""#), "decisions[0].outcome"),
            (bjuv_with(r#""exemption": "34_3_c""#, r#""exemption": "34_3_d""#), "decisions[2].exemption"),
            (
                bjuv_with(r#""detected_at": "2024-01-29 05:40""#, r#""detected_at": "2024-01-29 5:40 CET""#),
                "case.detected_at",
            ),
            (
                bjuv_with(r#""detected_at": "2024-01-29 05:40""#, r#""detected_at": "2024-03-31 02:40""#),
                "case.detected_at",
            ),
            (bjuv_with(r#""text": "#, r#""txet": "#), "timeline[0].txet"),
            (bjuv_with(r#""add_qa": "#, r#""add_qas": "#), "notice.revisions[0].add_qas"),
            (bjuv_with(r#""question": "#, r#""fråga": "#), "notice.revisions[0].add_qa[0].fråga"),
            (bjuv_with(r#""at": "2024-01-31 16:10""#, r#""at": "2024-01-31 16.10""#), "notice.revisions[0].at"),
            (bjuv_with(r#""controller": "bjuv-ks""#, r#""controller": "bjuv-kss""#), "filings[1].controller"),
            (
                bjuv_with(
                    r#""bjuv-bun"
    ]"#,
                    r#""bjuv-buh"
    ]"#,
                ),
                "case.controllers[1]",
            ),
        ];
        for (text, field) in cases {
            let error = parse_bjuv(&text);
            assert_eq!((error.file.as_str(), error.field.as_str()), ("bjuv.json", field), "{error}");
            assert!(error.to_string().contains("bjuv.json") && error.to_string().contains(field), "{error}");
        }
    }

    #[test]
    fn a_controller_key_defined_twice_is_refused() {
        let (_, norrtalje) = SEED_FILES[1];
        let twice = norrtalje.replacen(r#""key": "norrtalje-ks""#, r#""key": "bjuv-ks""#, 1);
        let error = parse(ORGANISATION_FILE, &[SEED_FILES[0], ("norrtalje.json", &twice)]).expect_err("a repeated key");
        assert_eq!((error.file.as_str(), error.field.as_str()), ("norrtalje.json", "controllers[0].key"));
    }
}

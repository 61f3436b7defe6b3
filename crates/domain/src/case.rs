//! Cases (personuppgiftsincidenter): their facts, their instants and the status machine.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{CaseId, ControllerId};
use crate::text::TextRule;
use crate::time::normalise;
use crate::validation::{ValidationErrors, checked_text, required, required_text};

/// Longest title accepted.
pub const TITLE_MAX_CHARS: usize = 300;
/// Longest free text accepted (description, justifications).
pub const TEXT_MAX_CHARS: usize = 20_000;
/// The longest name of one affected system.
pub const AFFECTED_SYSTEM_MAX_CHARS: usize = 300;
/// The largest approximate count (of data subjects or records): 2^53 − 1, the largest integer
/// every JSON reader keeps exactly (a JavaScript client would round a larger one).
pub const COUNT_MAX: u64 = 9_007_199_254_740_991;
/// WP250: the investigation before awareness must be short; beyond this, say why.
pub const AWARENESS_JUSTIFICATION_AFTER: TimeDelta = TimeDelta::hours(24);
const NO_BREACH_TYPE: &str = "name at least one of confidentiality, integrity, availability";
/// Tolerance for clocks of other machines when an instant is said to be "now".
const FUTURE_TOLERANCE: TimeDelta = TimeDelta::minutes(5);

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable text form used in the API and the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stable text form.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// What kind of incident it is.
    Category {
        /// Ransomware or extortion.
        Ransomware = "ransomware",
        /// Intrusion into systems.
        Intrusion = "intrusion",
        /// Phishing or credential theft.
        Phishing = "phishing",
        /// Misdirected e-mail or mail.
        Misdirected = "misdirected",
        /// Lost or stolen device.
        LostDevice = "lost_device",
        /// Unauthorised access by staff.
        UnauthorisedAccess = "unauthorised_access",
        /// Accidental publication.
        AccidentalPublication = "accidental_publication",
        /// Anything else.
        Other = "other",
    }
);

text_enum!(
    /// Which security property was lost (any combination).
    BreachType {
        /// Confidentiality: disclosure or access by someone not entitled.
        Confidentiality = "confidentiality",
        /// Integrity: alteration.
        Integrity = "integrity",
        /// Availability: loss of access or destruction.
        Availability = "availability",
    }
);

text_enum!(
    /// What caused the incident (IMY's form asks for the cause; the option list of IMY's own
    /// selector is UNCONFIRMED, so these follow IMY's statistics: antagonistic attack, human
    /// error, technical fault).
    Cause {
        /// An antagonistic act: an attack, fraud or theft.
        Attack = "antagonistic_attack",
        /// A human mistake (a misdirected letter, a wrong setting).
        HumanError = "human_error",
        /// A technical fault in software or hardware.
        TechnicalFault = "technical_fault",
        /// Something else (say what in the description).
        Other = "other",
    }
);

text_enum!(
    /// Where a case stands.
    CaseStatus {
        /// Just opened; is it a breach at all?
        Triage = "triage",
        /// Confirmed or likely; being investigated.
        Investigating = "investigating",
        /// The breach is stopped.
        Contained = "contained",
        /// Done.
        Closed = "closed",
        /// Turned out not to be a personal-data breach (the reason is recorded).
        NotABreach = "not_a_breach",
    }
);

text_enum!(
    /// Categories of personal data (Swedish municipal taxonomy, with GDPR Art. 9 and 10).
    PersonalDataCategory {
        /// Name and other identity data.
        Identity = "identity",
        /// Personnummer.
        Personnummer = "personnummer",
        /// Contact details.
        Contact = "contact",
        /// Financial data.
        Financial = "financial",
        /// Official documents (ID cards, passports).
        OfficialDocuments = "official_documents",
        /// Location data.
        Location = "location",
        /// Communication and log data.
        CommunicationLogs = "communication_logs",
        /// User names and passwords.
        Credentials = "credentials",
        /// Data under secrecy (OSL).
        SecrecyOsl = "secrecy_osl",
        /// Protected identity (skyddad identitet).
        ProtectedIdentity = "protected_identity",
        /// Health (Art. 9).
        Health = "health",
        /// Ethnic origin (Art. 9).
        EthnicOrigin = "ethnic_origin",
        /// Political opinions (Art. 9).
        PoliticalOpinions = "political_opinions",
        /// Religious beliefs (Art. 9).
        Religion = "religion",
        /// Trade union membership (Art. 9).
        UnionMembership = "union_membership",
        /// Sex life or orientation (Art. 9).
        SexLife = "sex_life",
        /// Genetic data (Art. 9).
        Genetic = "genetic",
        /// Biometric data (Art. 9).
        Biometric = "biometric",
        /// Criminal offences (Art. 10).
        CriminalOffences = "criminal_offences",
    }
);

text_enum!(
    /// Categories of data subjects.
    DataSubjectCategory {
        /// Residents.
        Residents = "residents",
        /// Employees.
        Employees = "employees",
        /// Pupils and children.
        Pupils = "pupils",
        /// Patients and care recipients.
        Patients = "patients",
        /// Social-services clients.
        SocialServicesClients = "social_services_clients",
        /// Elected officials.
        ElectedOfficials = "elected_officials",
        /// Others.
        Other = "other",
    }
);

impl CaseStatus {
    /// Whether the status machine allows going from `self` to `to`.
    pub fn can_become(self, to: CaseStatus) -> bool {
        use CaseStatus::*;
        matches!(
            (self, to),
            (Triage, Investigating)
                | (Triage, NotABreach)
                | (Investigating, Contained)
                | (Investigating, NotABreach)
                | (Contained, Closed)
                // New findings reopen the investigation.
                | (Contained, Investigating)
                | (Closed, Investigating)
                | (NotABreach, Investigating)
        )
    }

    /// Whether the case is still being worked on.
    pub fn is_open(self) -> bool {
        !matches!(self, CaseStatus::Closed | CaseStatus::NotABreach)
    }
}

/// A status change the machine does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a case cannot go from {from} to {to}")]
pub struct TransitionError {
    /// The current status.
    pub from: CaseStatus,
    /// The status asked for.
    pub to: CaseStatus,
}

/// A human case reference, `PUI-2024-0007`: the year and a number within it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseReference(String);

impl CaseReference {
    /// The reference for the `number`th case of `year`.
    pub fn new(year: i32, number: u32) -> Self {
        Self(format!("PUI-{year}-{number:04}"))
    }

    /// Parses `PUI-YYYY-NNNN`.
    pub fn parse(text: &str) -> Option<Self> {
        let rest = text.strip_prefix("PUI-")?;
        let (year, number) = rest.split_once('-')?;
        let ok = year.len() == 4 && number.len() >= 4 && year.chars().chain(number.chars()).all(|c| c.is_ascii_digit());
        ok.then(|| Self(text.to_owned()))
    }

    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CaseReference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An approximate count (of data subjects or records): a range, or unknown when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRange {
    /// At least this many.
    pub min: u64,
    /// At most this many.
    pub max: u64,
}

/// A personal-data breach case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Its id.
    pub id: CaseId,
    /// Its human reference.
    pub reference: CaseReference,
    /// A short title.
    pub title: String,
    /// What happened.
    pub description: String,
    /// The kind of incident.
    pub category: Category,
    /// Which security properties were lost, sorted, without repeats, never empty.
    pub breach_types: Vec<BreachType>,
    /// Where the case stands.
    pub status: CaseStatus,
    /// Why it is not a breach (set with status `not_a_breach`).
    pub not_a_breach_reason: Option<String>,
    /// When the breach began, if known.
    pub occurred_from: Option<DateTime<Utc>>,
    /// When it ended, if known (IMY: "När upphörde incidenten?").
    pub occurred_to: Option<DateTime<Utc>>,
    /// When it was discovered ("upptäckt").
    pub detected_at: DateTime<Utc>,
    /// How it was discovered.
    pub detection_method: Option<String>,
    /// When the controller became aware (starts the 72-hour clock, Art. 33(1)).
    pub aware_at: DateTime<Utc>,
    /// Why awareness came more than 24 h after detection (WP250: the investigation is short).
    pub aware_justification: Option<String>,
    /// When the breach was contained.
    pub contained_at: Option<DateTime<Utc>>,
    /// When the case was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// The controllers affected.
    pub controller_ids: Vec<ControllerId>,
    /// Systems affected.
    pub affected_systems: Vec<String>,
    /// Categories of personal data concerned.
    pub personal_data_categories: Vec<PersonalDataCategory>,
    /// Categories of data subjects concerned.
    pub data_subject_categories: Vec<DataSubjectCategory>,
    /// Approximate number of data subjects (None: unknown).
    pub data_subjects_count: Option<CountRange>,
    /// Approximate number of records (None: unknown).
    pub records_count: Option<CountRange>,
    /// The likely consequences for the data subjects.
    pub likely_consequences: Option<String>,
    /// Whether data subjects in other member states are affected.
    pub cross_border: bool,
    /// Whether a processor (personuppgiftsbiträde) is involved.
    pub processor_involved: bool,
    /// What caused it (IMY's form asks), if known.
    #[serde(default)]
    pub cause: Option<Cause>,
    /// The other member states whose residents are concerned, when cross-border.
    #[serde(default)]
    pub member_states: Vec<String>,
    /// GDPR Art. 33(2): the organisation handles the data as a processor for another
    /// controller, so its duty is to tell that controller without undue delay (not IMY).
    #[serde(default)]
    pub acting_as_processor: bool,
    /// Art. 33(2): when the processor (this organisation, or the supplier) became aware.
    #[serde(default)]
    pub processor_aware_at: Option<DateTime<Utc>>,
    /// Art. 33(2): when the processor told the controller.
    #[serde(default)]
    pub processor_notified_controller_at: Option<DateTime<Utc>>,
    /// Recitals 86 and 88: when the police asked to hold back informing the data subjects.
    #[serde(default)]
    pub police_delay_requested_at: Option<DateTime<Utc>>,
    /// Until when the police asked to hold it back (None with a request: until further notice).
    #[serde(default)]
    pub police_delay_until: Option<DateTime<Utc>>,
    /// When the case was opened in breachdesk.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// Incremented by every update; the ETag of optimistic concurrency.
    pub version: i64,
}

/// A case as submitted, before validation.
#[derive(Debug, Clone, Default)]
pub struct NewCase {
    /// `title`
    pub title: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// `category`
    pub category: Option<Category>,
    /// `breach_types`
    pub breach_types: Option<Vec<BreachType>>,
    /// `detected_at`
    pub detected_at: Option<DateTime<Utc>>,
    /// `aware_at`
    pub aware_at: Option<DateTime<Utc>>,
    /// `aware_justification`
    pub aware_justification: Option<String>,
    /// `occurred_from`
    pub occurred_from: Option<DateTime<Utc>>,
    /// `occurred_to`
    pub occurred_to: Option<DateTime<Utc>>,
    /// `detection_method`
    pub detection_method: Option<String>,
    /// `controller_ids`
    pub controller_ids: Vec<ControllerId>,
    /// `affected_systems`
    pub affected_systems: Vec<String>,
    /// `personal_data_categories`
    pub personal_data_categories: Vec<PersonalDataCategory>,
    /// `data_subject_categories`
    pub data_subject_categories: Vec<DataSubjectCategory>,
    /// `data_subjects_count`
    pub data_subjects_count: Option<CountRange>,
    /// `records_count`
    pub records_count: Option<CountRange>,
    /// `likely_consequences`
    pub likely_consequences: Option<String>,
    /// `cross_border`
    pub cross_border: bool,
    /// `processor_involved`
    pub processor_involved: bool,
    /// `cause`
    pub cause: Option<Cause>,
    /// `member_states`
    pub member_states: Vec<String>,
    /// `acting_as_processor`
    pub acting_as_processor: bool,
    /// `processor_aware_at`
    pub processor_aware_at: Option<DateTime<Utc>>,
    /// `processor_notified_controller_at`
    pub processor_notified_controller_at: Option<DateTime<Utc>>,
    /// `police_delay_requested_at`
    pub police_delay_requested_at: Option<DateTime<Utc>>,
    /// `police_delay_until`
    pub police_delay_until: Option<DateTime<Utc>>,
}

impl NewCase {
    /// Validates every field and opens the case in status `triage`.
    ///
    /// # Errors
    /// Names every missing or invalid field, including instants in the wrong order and a
    /// missing awareness justification.
    pub fn open(self, id: CaseId, reference: CaseReference, now: DateTime<Utc>) -> Result<Case, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let title = required_text(&mut errors, "title", self.title, TextRule::line(TITLE_MAX_CHARS));
        let description = required_text(&mut errors, "description", self.description, TEXT_MAX_CHARS);
        let category = required(&mut errors, "category", self.category);
        let breach_types = required(&mut errors, "breach_types", self.breach_types).filter(|types| {
            if types.is_empty() {
                errors.add("breach_types", NO_BREACH_TYPE);
            }
            !types.is_empty()
        });
        let detected_at = required(&mut errors, "detected_at", self.detected_at);
        let aware_at = required(&mut errors, "aware_at", self.aware_at);
        let (Some(title), Some(description), Some(category), Some(breach_types), Some(detected_at), Some(aware_at)) =
            (title, description, category, breach_types, detected_at, aware_at)
        else {
            return Err(errors);
        };
        let now = normalise(now);
        let mut case = Case {
            id,
            reference,
            title,
            description,
            category,
            breach_types,
            status: CaseStatus::Triage,
            not_a_breach_reason: None,
            occurred_from: self.occurred_from,
            occurred_to: self.occurred_to,
            detected_at,
            detection_method: self.detection_method,
            aware_at,
            aware_justification: self.aware_justification,
            contained_at: None,
            closed_at: None,
            controller_ids: self.controller_ids,
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
            processor_aware_at: self.processor_aware_at,
            processor_notified_controller_at: self.processor_notified_controller_at,
            police_delay_requested_at: self.police_delay_requested_at,
            police_delay_until: self.police_delay_until,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        case.tidy_and_check(&mut errors, now);
        errors.into_result(case)
    }
}

/// A partial update of a case. `None` leaves a field as it is; for clearable fields,
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct CasePatch {
    /// `title`
    pub title: Option<String>,
    /// `description`
    pub description: Option<String>,
    /// `category`
    pub category: Option<Category>,
    /// `breach_types`
    pub breach_types: Option<Vec<BreachType>>,
    /// `status`
    pub status: Option<CaseStatus>,
    /// `not_a_breach_reason`
    pub not_a_breach_reason: Option<Option<String>>,
    /// `detected_at`
    pub detected_at: Option<DateTime<Utc>>,
    /// `aware_at`
    pub aware_at: Option<DateTime<Utc>>,
    /// `aware_justification`
    pub aware_justification: Option<Option<String>>,
    /// `occurred_from`
    pub occurred_from: Option<Option<DateTime<Utc>>>,
    /// `occurred_to`
    pub occurred_to: Option<Option<DateTime<Utc>>>,
    /// `detection_method`
    pub detection_method: Option<Option<String>>,
    /// `contained_at`
    pub contained_at: Option<Option<DateTime<Utc>>>,
    /// `controller_ids`
    pub controller_ids: Option<Vec<ControllerId>>,
    /// `affected_systems`
    pub affected_systems: Option<Vec<String>>,
    /// `personal_data_categories`
    pub personal_data_categories: Option<Vec<PersonalDataCategory>>,
    /// `data_subject_categories`
    pub data_subject_categories: Option<Vec<DataSubjectCategory>>,
    /// `data_subjects_count`
    pub data_subjects_count: Option<Option<CountRange>>,
    /// `records_count`
    pub records_count: Option<Option<CountRange>>,
    /// `likely_consequences`
    pub likely_consequences: Option<Option<String>>,
    /// `cross_border`
    pub cross_border: Option<bool>,
    /// `processor_involved`
    pub processor_involved: Option<bool>,
    /// `cause`
    pub cause: Option<Option<Cause>>,
    /// `member_states`
    pub member_states: Option<Vec<String>>,
    /// `acting_as_processor`
    pub acting_as_processor: Option<bool>,
    /// `processor_aware_at`
    pub processor_aware_at: Option<Option<DateTime<Utc>>>,
    /// `processor_notified_controller_at`
    pub processor_notified_controller_at: Option<Option<DateTime<Utc>>>,
    /// `police_delay_requested_at`
    pub police_delay_requested_at: Option<Option<DateTime<Utc>>>,
    /// `police_delay_until`
    pub police_delay_until: Option<Option<DateTime<Utc>>>,
}

impl StatusChange {
    /// The Swedish timeline text for the change.
    pub fn timeline_text(&self) -> String {
        use crate::names::Named;
        format!("Status ändrad: {} → {}.", self.from.sv(), self.to.sv())
    }
}

/// What an accepted update changed that the timeline must record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// The status before.
    pub from: CaseStatus,
    /// The status after.
    pub to: CaseStatus,
}

impl Case {
    /// Applies a partial update, returning the updated case (version incremented) and the status
    /// change it made, if any. `self` is left untouched on error.
    ///
    /// # Errors
    /// Names every invalid field; an illegal status transition is reported on `status`.
    pub fn patched(
        &self,
        patch: CasePatch,
        now: DateTime<Utc>,
    ) -> Result<(Case, Option<StatusChange>), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let now = normalise(now);
        let mut case = self.clone();
        macro_rules! set {
            ($($field:ident),+) => { $(if let Some(v) = patch.$field { case.$field = v; })+ };
        }
        let (sets_contained, sets_reason) = (patch.contained_at.is_some(), patch.not_a_breach_reason.is_some());
        set!(
            title,
            description,
            category,
            breach_types,
            not_a_breach_reason,
            detected_at,
            aware_at,
            aware_justification,
            occurred_from,
            occurred_to,
            detection_method,
            contained_at,
            controller_ids,
            affected_systems,
            personal_data_categories,
            data_subject_categories,
            data_subjects_count,
            records_count,
            likely_consequences,
            cross_border,
            processor_involved,
            cause,
            member_states,
            acting_as_processor,
            processor_aware_at,
            processor_notified_controller_at,
            police_delay_requested_at,
            police_delay_until
        );
        let mut change = None;
        if let Some(to) = patch.status.filter(|to| *to != self.status) {
            if self.status.can_become(to) {
                change = Some(StatusChange { from: self.status, to });
                case.status = to;
                match to {
                    CaseStatus::Contained => {
                        case.contained_at.get_or_insert(now);
                    }
                    CaseStatus::Closed => case.closed_at = Some(now),
                    CaseStatus::Investigating => {
                        // Reopened: the earlier containment and "not a breach" no longer hold.
                        case.closed_at = None;
                        if !sets_contained {
                            case.contained_at = None;
                        }
                        if !sets_reason {
                            case.not_a_breach_reason = None;
                        }
                    }
                    _ => {}
                }
            } else {
                errors.add("status", TransitionError { from: self.status, to }.to_string());
            }
        }
        case.tidy_and_check(&mut errors, now);
        case.updated_at = now;
        case.version = self.version + 1;
        errors.into_result((case, change))
    }

    /// Normalises instants and lists and checks the rules that span several fields.
    fn tidy_and_check(&mut self, errors: &mut ValidationErrors, now: DateTime<Utc>) {
        self.title = checked_text(errors, "title", std::mem::take(&mut self.title), TextRule::line(TITLE_MAX_CHARS))
            .unwrap_or_default();
        self.description = checked_text(errors, "description", std::mem::take(&mut self.description), TEXT_MAX_CHARS)
            .unwrap_or_default();
        for (field, value) in [
            ("aware_justification", &mut self.aware_justification),
            ("not_a_breach_reason", &mut self.not_a_breach_reason),
            ("detection_method", &mut self.detection_method),
            ("likely_consequences", &mut self.likely_consequences),
        ] {
            *value = value.take().and_then(|v| checked_text(errors, field, v, TEXT_MAX_CHARS));
        }
        self.detected_at = normalise(self.detected_at);
        self.aware_at = normalise(self.aware_at);
        for t in [
            &mut self.occurred_from,
            &mut self.occurred_to,
            &mut self.contained_at,
            &mut self.closed_at,
            &mut self.processor_aware_at,
            &mut self.processor_notified_controller_at,
            &mut self.police_delay_requested_at,
            &mut self.police_delay_until,
        ] {
            *t = t.map(normalise);
        }
        for state in &mut self.member_states {
            *state = state.trim().to_owned();
        }
        self.member_states.retain(|s| !s.is_empty());
        if self.member_states.iter().any(|s| s.chars().count() > 100) {
            errors.add("member_states", "each member state must be at most 100 characters");
        }
        if let (Some(aware), Some(told)) = (self.processor_aware_at, self.processor_notified_controller_at)
            && told < aware
        {
            errors.add("processor_notified_controller_at", "must not be before processor_aware_at");
        }
        if let (Some(asked), Some(until)) = (self.police_delay_requested_at, self.police_delay_until)
            && until < asked
        {
            errors.add("police_delay_until", "must not be before police_delay_requested_at");
        }
        if self.police_delay_until.is_some() && self.police_delay_requested_at.is_none() {
            errors.add("police_delay_requested_at", "is required when police_delay_until is given");
        }
        self.breach_types.sort();
        self.breach_types.dedup();
        self.personal_data_categories.sort();
        self.personal_data_categories.dedup();
        self.data_subject_categories.sort();
        self.data_subject_categories.dedup();
        // Repeats removed, first mention kept: the order is the order the user gave.
        let mut seen = std::collections::HashSet::new();
        self.controller_ids.retain(|id| seen.insert(*id));
        // A blank line is no system; each kept one is a one-line name, named by its place.
        self.affected_systems = std::mem::take(&mut self.affected_systems)
            .into_iter()
            .enumerate()
            .filter(|(_, s)| !crate::text::is_blank(s))
            .filter_map(|(i, s)| {
                checked_text(errors, &format!("affected_systems[{i}]"), s, TextRule::line(AFFECTED_SYSTEM_MAX_CHARS))
            })
            .collect();

        if self.breach_types.is_empty() {
            errors.add("breach_types", NO_BREACH_TYPE);
        }
        if self.aware_at < self.detected_at {
            errors.add("aware_at", "must not be before detected_at");
        }
        if self.aware_at > now + FUTURE_TOLERANCE {
            errors.add("aware_at", "must not be in the future");
        }
        if self.detected_at > now + FUTURE_TOLERANCE {
            errors.add("detected_at", "must not be in the future");
        }
        if self.aware_at - self.detected_at > AWARENESS_JUSTIFICATION_AFTER && self.aware_justification.is_none() {
            errors.add(
                "aware_justification",
                "is required when aware_at is more than 24 hours after detected_at (WP250: the investigation before awareness must be short)",
            );
        }
        if let (Some(from), Some(to)) = (self.occurred_from, self.occurred_to)
            && to < from
        {
            errors.add("occurred_to", "must not be before occurred_from");
        }
        if let Some(from) = self.occurred_from
            && from > self.detected_at
        {
            errors.add("occurred_from", "must not be after detected_at");
        }
        if let Some(contained) = self.contained_at
            && self.occurred_from.is_some_and(|from| contained < from)
        {
            errors.add("contained_at", "must not be before occurred_from");
        }
        for (field, range) in [("data_subjects_count", self.data_subjects_count), ("records_count", self.records_count)]
        {
            if range.is_some_and(|r| r.max > COUNT_MAX) {
                errors.add(&format!("{field}.max"), format!("must be at most {COUNT_MAX}"));
            } else if range.is_some_and(|r| r.min > r.max) {
                errors.add(field, "min must not be greater than max");
            }
        }
        if self.status == CaseStatus::NotABreach && self.not_a_breach_reason.is_none() {
            errors.add("not_a_breach_reason", "is required when the status is not_a_breach");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 15, h, 0, 0).single().expect("valid instant")
    }

    fn new_case() -> NewCase {
        NewCase {
            title: Some("IT-attack".into()),
            description: Some("Servrar angripna".into()),
            category: Some(Category::Ransomware),
            breach_types: Some(vec![BreachType::Confidentiality, BreachType::Availability]),
            detected_at: Some(at(8)),
            aware_at: Some(at(10)),
            ..NewCase::default()
        }
    }

    fn open(n: NewCase) -> Result<Case, ValidationErrors> {
        n.open(CaseId::new(), CaseReference::new(2024, 1), at(20))
    }

    fn fields(e: &ValidationErrors) -> Vec<&str> {
        e.0.iter().map(|f| f.field.as_str()).collect()
    }

    #[test]
    fn a_complete_case_opens_in_triage() {
        let case = open(new_case()).expect("valid");
        assert_eq!(case.status, CaseStatus::Triage);
        assert_eq!(case.version, 1);
    }

    #[test]
    fn every_missing_required_field_is_named() {
        let err = open(NewCase::default()).expect_err("empty");
        assert_eq!(fields(&err), ["title", "description", "category", "breach_types", "detected_at", "aware_at"]);
    }

    #[test]
    fn awareness_before_detection_is_refused() {
        let err = open(NewCase { aware_at: Some(at(7)), ..new_case() }).expect_err("aware before detected");
        assert_eq!(fields(&err), ["aware_at"]);
    }

    #[test]
    fn late_awareness_needs_a_justification() {
        let late = Utc.with_ymd_and_hms(2024, 1, 13, 7, 0, 0).single().expect("valid");
        let err = open(NewCase { detected_at: Some(late), ..new_case() }).expect_err("no justification");
        assert_eq!(fields(&err), ["aware_justification"]);
        let ok = open(NewCase { detected_at: Some(late), aware_justification: Some("Forensik".into()), ..new_case() });
        assert!(ok.is_ok());
    }

    #[test]
    fn empty_breach_types_and_blank_title_are_refused() {
        let err =
            open(NewCase { title: Some("  ".into()), breach_types: Some(vec![]), ..new_case() }).expect_err("bad");
        assert_eq!(fields(&err), ["title", "breach_types"]);
    }

    #[test]
    fn the_status_machine_allows_only_legal_transitions() {
        use CaseStatus::*;
        let legal = [
            (Triage, Investigating),
            (Triage, NotABreach),
            (Investigating, Contained),
            (Investigating, NotABreach),
            (Contained, Closed),
            (Contained, Investigating),
            (Closed, Investigating),
            (NotABreach, Investigating),
        ];
        for from in CaseStatus::ALL {
            for to in CaseStatus::ALL {
                assert_eq!(from.can_become(*to), legal.contains(&(*from, *to)), "{from} -> {to}");
            }
        }
    }

    #[test]
    fn an_illegal_transition_is_named_on_status_and_changes_nothing() {
        let case = open(new_case()).expect("valid");
        let err = case
            .patched(
                CasePatch { status: Some(CaseStatus::Closed), title: Some("Ny".into()), ..CasePatch::default() },
                at(21),
            )
            .expect_err("triage -> closed");
        assert_eq!(fields(&err), ["status"]);
        assert_eq!(case.title, "IT-attack");
    }

    #[test]
    fn containing_a_case_records_when_and_bumps_the_version() {
        let case = open(new_case()).expect("valid");
        let (case, change) = case
            .patched(CasePatch { status: Some(CaseStatus::Investigating), ..Default::default() }, at(21))
            .expect("ok");
        assert_eq!(change, Some(StatusChange { from: CaseStatus::Triage, to: CaseStatus::Investigating }));
        let (case, _) =
            case.patched(CasePatch { status: Some(CaseStatus::Contained), ..Default::default() }, at(22)).expect("ok");
        assert_eq!(case.contained_at, Some(at(22)));
        assert_eq!(case.version, 3);
    }

    #[test]
    fn reopening_clears_the_earlier_containment_and_repeated_controllers_keep_their_order() {
        let (a, b) = (ControllerId::new(), ControllerId::new());
        let case = open(NewCase { controller_ids: vec![a, b, a], ..new_case() }).expect("valid");
        assert_eq!(case.controller_ids, [a, b]);
        let step = |c: &Case, s: CaseStatus, t: u32| {
            c.patched(CasePatch { status: Some(s), ..Default::default() }, at(t)).expect("legal").0
        };
        let contained = step(&step(&case, CaseStatus::Investigating, 21), CaseStatus::Contained, 22);
        assert_eq!(contained.contained_at, Some(at(22)));
        let reopened = step(&contained, CaseStatus::Investigating, 23);
        assert_eq!(reopened.contained_at, None);
        let again = step(&reopened, CaseStatus::Contained, 23);
        assert_eq!(again.contained_at, Some(at(23)));
    }

    #[test]
    fn not_a_breach_needs_a_reason() {
        let case = open(new_case()).expect("valid");
        let err = case.patched(CasePatch { status: Some(CaseStatus::NotABreach), ..Default::default() }, at(21));
        assert_eq!(fields(&err.expect_err("no reason")), ["not_a_breach_reason"]);
    }

    #[test]
    fn references_round_trip() {
        let r = CaseReference::new(2024, 7);
        assert_eq!(r.as_str(), "PUI-2024-0007");
        assert_eq!(CaseReference::parse("PUI-2024-0007"), Some(r));
        assert_eq!(CaseReference::parse("PUI-24-7"), None);
    }
}

//! The case's record: every change to a case as an event with its structured data.
//!
//! One event per thing a person does to a case. The same function, [`CaseState::apply`], turns
//! events into state when a change is written (the store writes what it returns) and when
//! `breachdesk verify` replays a case's events to check the state tables. The words breachdesk
//! shows for an event are rendered from its data when read ([`CaseEvent::describe`]), in the
//! reader's language; nothing is stored already translated.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::action::Action;
use crate::assessment::Assessment;
use crate::case::{BreachType, Case, CaseStatus, Category, DataSubjectCategory, PersonalDataCategory};
use crate::decision::Decision;
use crate::evidence::{EvidenceDownload, EvidenceItem, Retraction};
use crate::export::DraftExport;
use crate::filing::Filing;
use crate::names::{Language, Named};
use crate::police::StoredPoliceDetails;
use crate::timeline::EntryKind;

/// One field of a case or an action, before and after a change (as their JSON values).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's name, as in the API.
    pub field: String,
    /// Its value before.
    pub old: Value,
    /// Its value after.
    pub new: Value,
}

/// A change to a case, as its record keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CaseEvent {
    /// The case was opened, with every fact as first entered.
    Opened {
        /// The case as opened (boxed: it is by far the largest event).
        case: Box<Case>,
    },
    /// Facts or the status changed.
    Changed {
        /// Each field that changed, old and new.
        changes: Vec<FieldChange>,
        /// Why (required when awareness or detection moves after a filing).
        reason: Option<String>,
        /// The case's version after the change.
        version: i64,
    },
    /// An action was added.
    ActionAdded {
        /// The action as added.
        action: Action,
    },
    /// An action changed.
    ActionChanged {
        /// The action after the change.
        action: Action,
        /// Each field that changed.
        changes: Vec<FieldChange>,
    },
    /// A risk assessment was recorded (the latest is current).
    Assessed {
        /// The assessment.
        assessment: Assessment,
    },
    /// A decision (or a revision of one) was taken.
    Decided {
        /// The decision.
        decision: Decision,
    },
    /// Something was filed with an authority, the data subjects or the public.
    Filed {
        /// The filing.
        filing: Filing,
    },
    /// The police-report facts were saved.
    PoliceDetailsSaved {
        /// The facts as saved.
        details: StoredPoliceDetails,
    },
    /// A draft was downloaded.
    DraftExported {
        /// The export.
        export: DraftExport,
    },
    /// An item of evidence was added, with the SHA-256 and size of its bytes.
    EvidenceAdded {
        /// The item as added.
        item: EvidenceItem,
    },
    /// An item of evidence was withdrawn (no longer relied on; its bytes are kept).
    EvidenceWithdrawn {
        /// The item.
        evidence_id: crate::EvidenceId,
        /// Who, when, why.
        withdrawal: Retraction,
    },
    /// An item of evidence was downloaded: the chain of custody.
    EvidenceDownloaded {
        /// Who, when, which item.
        download: EvidenceDownload,
    },
    /// An item's bytes were purged under the organisation's retention rule (the item and its
    /// events stay).
    EvidencePurged {
        /// The item.
        evidence_id: crate::EvidenceId,
        /// Who, when, under which decision.
        purge: Retraction,
    },
}

/// Why a list of events cannot be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// The first event is not the opening, or the case is opened twice.
    #[error("the case's events do not begin with its opening")]
    NotOpened,
    /// A change names a field the case does not have, or an old value that is not the one held.
    #[error("the change of {field} does not follow from the events before it")]
    Inconsistent {
        /// The field.
        field: String,
    },
    /// An event names an action the events never added.
    #[error("action {0} is changed before it is added")]
    UnknownAction(String),
    /// An event names an item of evidence the events never added, or adds one twice.
    #[error("evidence item {0} is not added exactly once before it is used")]
    UnknownEvidence(String),
}

/// The name of the event that records a downloaded draft.
pub const DRAFT_EXPORTED: &str = "draft_exported";
/// The name of the event that records a downloaded item of evidence.
pub const EVIDENCE_DOWNLOADED: &str = "evidence_downloaded";

/// Fields that are the change's own bookkeeping, not facts: kept by the event itself.
const BOOKKEEPING: &[&str] = &["version", "updated_at"];

/// The fields whose change moves the legal clocks (GDPR Art. 33(1) counts from awareness).
pub const CLOCK_FIELDS: &[&str] = &["aware_at", "detected_at"];

/// The reason given for a change of facts, as kept: blank means none; otherwise a multi-line
/// text like the case's own.
///
/// # Errors
/// Names `reason` when it holds a character no text may hold or is too long.
pub fn given_reason(reason: Option<String>) -> Result<Option<String>, crate::ValidationErrors> {
    let Some(reason) = reason.filter(|r| !crate::text::is_blank(r)) else { return Ok(None) };
    let mut errors = crate::ValidationErrors::default();
    let reason = crate::validation::checked_text(&mut errors, "reason", reason, crate::case::TEXT_MAX_CHARS);
    errors.into_result(reason)
}

/// Checks the reason for a change of facts. Once anything has been filed, the filing was made on
/// the instants as they stood: moving awareness or detection (the start of the GDPR Art. 33(1)
/// clock) then needs a reason, which the event keeps.
///
/// # Errors
/// Names `reason` when it is required and missing.
pub fn check_reason(
    changes: &[FieldChange],
    anything_filed: bool,
    reason: Option<&str>,
) -> Result<(), crate::ValidationErrors> {
    if moves_clocks(changes) && anything_filed && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(crate::ValidationErrors::single(
            "reason",
            "is required: aware_at or detected_at changes after something was filed (say why; the record keeps it)",
        ));
    }
    Ok(())
}

/// Whether the changes move awareness or detection (the start of the legal clocks).
fn moves_clocks(changes: &[FieldChange]) -> bool {
    changes.iter().any(|c| CLOCK_FIELDS.contains(&c.field.as_str()))
}

fn object(value: &impl Serialize) -> serde_json::Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

/// Every field that differs between two values of the same type, old and new.
pub fn changes<T: Serialize>(before: &T, after: &T) -> Vec<FieldChange> {
    let (old, new) = (object(before), object(after));
    new.into_iter()
        .filter(|(field, _)| !BOOKKEEPING.contains(&field.as_str()))
        .filter_map(|(field, new)| {
            let old = old.get(&field).cloned().unwrap_or(Value::Null);
            (old != new).then_some(FieldChange { field, old, new })
        })
        .collect()
}

/// Applies field changes to a value of type `T` (the old values must be the ones it holds).
fn with_changes<T: Serialize + serde::de::DeserializeOwned>(
    value: &T,
    changes: &[FieldChange],
    bookkeeping: &[(&str, Value)],
) -> Result<T, ReplayError> {
    let mut map = object(value);
    for change in changes {
        let held = map.get(&change.field).cloned().unwrap_or(Value::Null);
        if held != change.old || BOOKKEEPING.contains(&change.field.as_str()) {
            return Err(ReplayError::Inconsistent { field: change.field.clone() });
        }
        map.insert(change.field.clone(), change.new.clone());
    }
    for (field, v) in bookkeeping {
        map.insert((*field).to_owned(), v.clone());
    }
    serde_json::from_value(Value::Object(map))
        .map_err(|_| ReplayError::Inconsistent { field: changes.first().map(|c| c.field.clone()).unwrap_or_default() })
}

impl CaseEvent {
    /// The event's name as stored (`opened`, `changed`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            CaseEvent::Opened { .. } => "opened",
            CaseEvent::Changed { .. } => "changed",
            CaseEvent::ActionAdded { .. } => "action_added",
            CaseEvent::ActionChanged { .. } => "action_changed",
            CaseEvent::Assessed { .. } => "assessed",
            CaseEvent::Decided { .. } => "decided",
            CaseEvent::Filed { .. } => "filed",
            CaseEvent::PoliceDetailsSaved { .. } => "police_details_saved",
            CaseEvent::DraftExported { .. } => DRAFT_EXPORTED,
            CaseEvent::EvidenceAdded { .. } => "evidence_added",
            CaseEvent::EvidenceWithdrawn { .. } => "evidence_withdrawn",
            CaseEvent::EvidenceDownloaded { .. } => EVIDENCE_DOWNLOADED,
            CaseEvent::EvidencePurged { .. } => "evidence_purged",
        }
    }

    /// The kind the visible timeline shows it under.
    pub fn entry_kind(&self) -> EntryKind {
        match self {
            CaseEvent::Opened { .. } | CaseEvent::Changed { .. } => EntryKind::StatusChange,
            CaseEvent::Assessed { .. } | CaseEvent::Decided { .. } => EntryKind::Decision,
            CaseEvent::Filed { .. } => EntryKind::Notification,
            CaseEvent::EvidenceAdded { .. } => EntryKind::Evidence,
            CaseEvent::EvidenceWithdrawn { .. }
            | CaseEvent::EvidenceDownloaded { .. }
            | CaseEvent::EvidencePurged { .. }
            | CaseEvent::ActionAdded { .. }
            | CaseEvent::ActionChanged { .. }
            | CaseEvent::PoliceDetailsSaved { .. }
            | CaseEvent::DraftExported { .. } => EntryKind::Note,
        }
    }

    /// When what it records happened: a filing when it was submitted, anything else when it
    /// was recorded.
    pub fn occurred_at(&self, recorded_at: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            CaseEvent::Filed { filing } => filing.submitted_at,
            _ => recorded_at,
        }
    }

    /// The words for the event in `lang`, instants in `tz`.
    pub fn describe(&self, lang: Language, tz: Tz) -> String {
        let t = |sv: String, en: String| if lang == Language::En { en } else { sv };
        match self {
            CaseEvent::Opened { case } => t(
                format!("Ärendet {} öppnat (status: {}).", case.reference, case.status.name(lang)),
                format!("Case {} opened (status: {}).", case.reference, case.status.name(lang)),
            ),
            CaseEvent::Changed { changes, reason, .. } => {
                let mut parts: Vec<String> = changes.iter().map(|c| describe_change(c, lang, tz)).collect();
                if let Some(reason) = reason {
                    parts.push(t(format!("Skäl: {reason}"), format!("Reason: {reason}")));
                }
                parts.join(" ")
            }
            CaseEvent::ActionAdded { action } => t(
                format!("Åtgärd tillagd: {} ({}).", action.title, action.status.name(lang).to_lowercase()),
                format!("Action added: {} ({}).", action.title, action.status.name(lang).to_lowercase()),
            ),
            CaseEvent::ActionChanged { action, changes } => {
                let status = changes.iter().find(|c| c.field == "status");
                match status.map(|c| {
                    (enum_name::<crate::ActionStatus>(&c.old, lang), enum_name::<crate::ActionStatus>(&c.new, lang))
                }) {
                    Some((from, to)) => t(
                        format!("Åtgärd {}: {} → {}.", action.title, from.to_lowercase(), to.to_lowercase()),
                        format!("Action {}: {} → {}.", action.title, from.to_lowercase(), to.to_lowercase()),
                    ),
                    None => {
                        t(format!("Åtgärd ändrad: {}.", action.title), format!("Action changed: {}.", action.title))
                    }
                }
            }
            CaseEvent::Assessed { assessment: a } => {
                let score =
                    if lang == Language::En { a.score.to_string() } else { a.score.to_string().replace('.', ",") };
                t(
                    format!(
                        "Riskbedömning (ENISA): allvarlighet {score}, nivå {}; slutsats: {}. Motivering: {}",
                        a.band.name(lang).to_lowercase(),
                        a.conclusion.name(lang).to_lowercase(),
                        a.justification
                    ),
                    format!(
                        "Risk assessment (ENISA): severity {score}, level {}; conclusion: {}. Justification: {}",
                        a.band.name(lang).to_lowercase(),
                        a.conclusion.name(lang).to_lowercase(),
                        a.justification
                    ),
                )
            }
            CaseEvent::Decided { decision: d } => {
                let exemption = d.exemption.map(|e| e.name(lang));
                t(
                    format!(
                        "Beslut: {} {} (version {}){}. Skäl: {}",
                        d.kind.name(lang),
                        d.outcome.name(lang),
                        d.revision,
                        exemption.map(|e| format!(" (undantag: {e})")).unwrap_or_default(),
                        d.reasons
                    ),
                    format!(
                        "Decision: {} {} (revision {}){}. Reasons: {}",
                        d.kind.name(lang),
                        d.outcome.name(lang),
                        d.revision,
                        exemption.map(|e| format!(" (exemption: {e})")).unwrap_or_default(),
                        d.reasons
                    ),
                )
            }
            CaseEvent::Filed { filing: f } => {
                let phase = f.phase.name(lang).to_lowercase();
                t(
                    format!(
                        "Inlämnat till {} ({phase}){}.",
                        f.recipient.name(lang),
                        f.reference.as_ref().map(|r| format!(", referens {r}")).unwrap_or_default()
                    ),
                    format!(
                        "Filed with {} ({phase}){}.",
                        f.recipient.name(lang),
                        f.reference.as_ref().map(|r| format!(", reference {r}")).unwrap_or_default()
                    ),
                )
            }
            CaseEvent::PoliceDetailsSaved { .. } => {
                t("Uppgifter för polisanmälan sparade.".to_owned(), "Police report details saved.".to_owned())
            }
            CaseEvent::DraftExported { export: e } => {
                let short: String = e.sha256.chars().take(12).collect();
                t(
                    format!("Utkast exporterat: {} ({}), SHA-256 {short}…", draft_name(&e.draft, lang), e.lang),
                    format!("Draft exported: {} ({}), SHA-256 {short}…", draft_name(&e.draft, lang), e.lang),
                )
            }
            CaseEvent::EvidenceAdded { item } => {
                let short: String = item.sha256.chars().take(12).collect();
                t(
                    format!(
                        "Bevis sparat: {} ({}, {} byte), SHA-256 {short}…",
                        item.description, item.filename, item.size
                    ),
                    format!(
                        "Evidence kept: {} ({}, {} bytes), SHA-256 {short}…",
                        item.description, item.filename, item.size
                    ),
                )
            }
            CaseEvent::EvidenceWithdrawn { withdrawal, .. } => t(
                format!("Bevis återkallat. Skäl: {}", withdrawal.reason),
                format!("Evidence withdrawn. Reason: {}", withdrawal.reason),
            ),
            CaseEvent::EvidenceDownloaded { .. } => {
                t("Bevis hämtat (förvaringskedjan).".to_owned(), "Evidence downloaded (chain of custody).".to_owned())
            }
            CaseEvent::EvidencePurged { purge, .. } => t(
                format!("Bevisets filinnehåll gallrat. Beslut: {}", purge.reason),
                format!("Evidence bytes purged. Decision: {}", purge.reason),
            ),
        }
    }
}

fn draft_name(draft: &str, lang: Language) -> &'static str {
    let (sv, en) = match draft {
        "imy" => ("anmälan till IMY", "IMY notification"),
        "imy_supplement" => ("komplettering till IMY", "IMY supplement"),
        "police" => ("polisanmälan", "police report"),
        "data_subjects" => ("information till de registrerade", "data-subject communication"),
        _ => ("utkast", "draft"),
    };
    if lang == Language::En { en } else { sv }
}

/// The name of a case field for people.
pub fn field_name(field: &str, lang: Language) -> &'static str {
    let (sv, en) = match field {
        "title" => ("Rubrik", "Title"),
        "description" => ("Beskrivning", "Description"),
        "category" => ("Kategori", "Category"),
        "breach_types" => ("Typ av incident", "Breach types"),
        "status" => ("Status", "Status"),
        "not_a_breach_reason" => ("Skäl till att det inte är en incident", "Why it is not a breach"),
        "occurred_from" => ("Inträffade från", "Occurred from"),
        "occurred_to" => ("Inträffade till", "Occurred to"),
        "detected_at" => ("Upptäckt", "Detected"),
        "detection_method" => ("Hur den upptäcktes", "How it was detected"),
        "aware_at" => ("Kännedom", "Aware"),
        "aware_justification" => ("Motivering till sen kännedom", "Why awareness came late"),
        "contained_at" => ("Begränsad", "Contained"),
        "closed_at" => ("Avslutad", "Closed"),
        "controller_ids" => ("Personuppgiftsansvariga", "Controllers"),
        "affected_systems" => ("Berörda system", "Affected systems"),
        "personal_data_categories" => ("Kategorier av personuppgifter", "Categories of personal data"),
        "data_subject_categories" => ("Kategorier av registrerade", "Categories of data subjects"),
        "data_subjects_count" => ("Antal registrerade", "Number of data subjects"),
        "records_count" => ("Antal poster", "Number of records"),
        "likely_consequences" => ("Sannolika konsekvenser", "Likely consequences"),
        "cross_border" => ("Gränsöverskridande", "Cross-border"),
        "processor_involved" => ("Personuppgiftsbiträde inblandat", "Processor involved"),
        "cause" => ("Orsak", "Cause"),
        "member_states" => ("Berörda medlemsstater", "Member states concerned"),
        "acting_as_processor" => ("Vi är personuppgiftsbiträde", "We are the processor"),
        "processor_aware_at" => ("Biträdet fick kännedom", "Processor became aware"),
        "processor_notified_controller_at" => ("Biträdet underrättade den ansvarige", "Processor told the controller"),
        "police_delay_requested_at" => ("Polisen bad om anstånd med informationen", "Police asked to delay informing"),
        "police_delay_until" => ("Anstånd enligt polisen till", "Police delay until"),
        _ => ("Uppgift", "Field"),
    };
    if lang == Language::En { en } else { sv }
}

fn enum_name<E: Named + serde::de::DeserializeOwned>(value: &Value, lang: Language) -> String {
    serde_json::from_value::<E>(value.clone()).map(|e| e.name(lang).to_owned()).unwrap_or_else(|_| "–".to_owned())
}

fn enum_list<E: Named + serde::de::DeserializeOwned>(value: &Value, lang: Language) -> String {
    let names: Vec<String> = serde_json::from_value::<Vec<E>>(value.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.name(lang).to_owned())
        .collect();
    if names.is_empty() { "–".to_owned() } else { names.join(", ") }
}

/// A value of a change for people: instants in `tz`, enumerations by name, short texts as they
/// are; `None` when the value is too long to repeat (a changed description is only named).
fn shown_value(field: &str, value: &Value, lang: Language, tz: Tz) -> Option<String> {
    const SHORT: usize = 120;
    Some(match (field, value) {
        (_, Value::Null) => "–".to_owned(),
        ("status", v) => enum_name::<CaseStatus>(v, lang),
        ("category", v) => enum_name::<Category>(v, lang),
        ("cause", v) => enum_name::<crate::case::Cause>(v, lang),
        ("breach_types", v) => enum_list::<BreachType>(v, lang),
        ("personal_data_categories", v) => enum_list::<PersonalDataCategory>(v, lang),
        ("data_subject_categories", v) => enum_list::<DataSubjectCategory>(v, lang),
        ("controller_ids", Value::Array(ids)) => ids.len().to_string(),
        (_, Value::Bool(b)) => b.name(lang).to_owned(),
        (_, Value::Object(range)) => match (range.get("min"), range.get("max")) {
            (Some(min), Some(max)) => format!("{min}–{max}"),
            _ => return None,
        },
        (_, Value::Array(items)) => {
            let texts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            let joined = texts.join(", ");
            if joined.chars().count() > SHORT {
                return None;
            }
            joined
        }
        (_, Value::String(s)) => match s.parse::<DateTime<Utc>>() {
            Ok(t) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
            Err(_) if s.chars().count() <= SHORT => s.clone(),
            Err(_) => return None,
        },
        (_, v) => v.to_string(),
    })
}

fn describe_change(change: &FieldChange, lang: Language, tz: Tz) -> String {
    if change.field == "status" {
        let (from, to) = (enum_name::<CaseStatus>(&change.old, lang), enum_name::<CaseStatus>(&change.new, lang));
        return if lang == Language::En {
            format!("Status changed: {from} → {to}.")
        } else {
            format!("Status ändrad: {from} → {to}.")
        };
    }
    let name = field_name(&change.field, lang);
    match (shown_value(&change.field, &change.old, lang, tz), shown_value(&change.field, &change.new, lang, tz)) {
        (Some(old), Some(new)) => format!("{name}: {old} → {new}."),
        _ if lang == Language::En => format!("{name} changed."),
        _ => format!("{name} ändrad."),
    }
}

/// A case's state as its events make it: what the state tables must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseState {
    /// The case.
    pub case: Option<Case>,
    /// Its actions, in the order they were added.
    pub actions: Vec<Action>,
    /// Every assessment, oldest first.
    pub assessments: Vec<Assessment>,
    /// Every decision, all revisions, oldest first.
    pub decisions: Vec<Decision>,
    /// Every filing, in the order recorded.
    pub filings: Vec<Filing>,
    /// The police-report facts as last saved.
    pub police: Option<StoredPoliceDetails>,
    /// Every draft downloaded.
    pub exports: Vec<DraftExport>,
    /// Every item of evidence, in the order added.
    pub evidence: Vec<EvidenceItem>,
    /// Every download of an item of evidence (the chain of custody).
    pub evidence_downloads: Vec<EvidenceDownload>,
}

/// Where the state tables and a case's events disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateDifference {
    /// The table (`cases`, `actions`, `assessments`, `decisions`, `filings`, `police_details`,
    /// `draft_exports`).
    pub table: &'static str,
    /// The row (its id, or the instant for rows without their own id).
    pub row: String,
    /// What is wrong.
    pub problem: &'static str,
}

impl std::fmt::Display for StateDifference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} row {} {}", self.table, self.row, self.problem)
    }
}

impl CaseState {
    /// The state after `event`, recorded at `at`.
    ///
    /// # Errors
    /// When the event does not follow from the state (a change before the opening, an old
    /// value that is not the one held, an action changed before it was added).
    pub fn apply(&mut self, event: &CaseEvent, at: DateTime<Utc>) -> Result<(), ReplayError> {
        match event {
            CaseEvent::Opened { case } => {
                if self.case.is_some() {
                    return Err(ReplayError::NotOpened);
                }
                self.case = Some(case.as_ref().clone());
            }
            CaseEvent::Changed { changes, version, .. } => {
                let case = self.case.as_ref().ok_or(ReplayError::NotOpened)?;
                let at = serde_json::to_value(at).unwrap_or(Value::Null);
                self.case =
                    Some(with_changes(case, changes, &[("version", Value::from(*version)), ("updated_at", at)])?);
            }
            CaseEvent::ActionAdded { action } => self.actions.push(action.clone()),
            CaseEvent::ActionChanged { action, .. } => {
                let held = self
                    .actions
                    .iter_mut()
                    .find(|a| a.id == action.id)
                    .ok_or_else(|| ReplayError::UnknownAction(action.id.0.to_string()))?;
                *held = action.clone();
            }
            CaseEvent::Assessed { assessment } => self.assessments.push(assessment.clone()),
            CaseEvent::Decided { decision } => self.decisions.push(decision.clone()),
            CaseEvent::Filed { filing } => self.filings.push(filing.clone()),
            CaseEvent::PoliceDetailsSaved { details } => self.police = Some(details.clone()),
            CaseEvent::DraftExported { export } => self.exports.push(export.clone()),
            CaseEvent::EvidenceAdded { item } => {
                if self.evidence.iter().any(|e| e.id == item.id) {
                    return Err(ReplayError::UnknownEvidence(item.id.to_string()));
                }
                self.evidence.push(item.clone());
            }
            CaseEvent::EvidenceWithdrawn { evidence_id, withdrawal } => {
                self.evidence_item(*evidence_id)?.withdrawn = Some(withdrawal.clone());
            }
            CaseEvent::EvidencePurged { evidence_id, purge } => {
                self.evidence_item(*evidence_id)?.purged = Some(purge.clone());
            }
            CaseEvent::EvidenceDownloaded { download } => {
                self.evidence_item(download.evidence_id)?;
                self.evidence_downloads.push(download.clone());
            }
        }
        Ok(())
    }

    fn evidence_item(&mut self, id: crate::EvidenceId) -> Result<&mut EvidenceItem, ReplayError> {
        self.evidence.iter_mut().find(|e| e.id == id).ok_or_else(|| ReplayError::UnknownEvidence(id.to_string()))
    }

    /// The state that a case's events make, in order.
    ///
    /// # Errors
    /// When an event does not follow from those before it.
    pub fn replay<'a>(events: impl IntoIterator<Item = (&'a CaseEvent, DateTime<Utc>)>) -> Result<Self, ReplayError> {
        let mut state = CaseState::default();
        for (event, at) in events {
            state.apply(event, at)?;
        }
        if state.case.is_none() {
            return Err(ReplayError::NotOpened);
        }
        Ok(state)
    }

    /// The first place where `stored` (read from the state tables) differs from `self` (the
    /// replayed events), if any.
    pub fn first_difference(&self, stored: &CaseState) -> Option<StateDifference> {
        let diff = |table, row: String, problem| Some(StateDifference { table, row, problem });
        match (&self.case, &stored.case) {
            (Some(a), Some(b)) if a != b => return diff("cases", b.reference.to_string(), "does not match its events"),
            (Some(a), None) => return diff("cases", a.reference.to_string(), "is missing"),
            _ => {}
        }
        let instant = |t: &DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let id = |a: &Action| a.id.0.to_string();
        compare_rows("actions", keyed(&self.actions, id), keyed(&stored.actions, id))
            .or_else(|| {
                let at = |a: &Assessment| instant(&a.assessed_at);
                compare_rows("assessments", keyed(&self.assessments, at), keyed(&stored.assessments, at))
            })
            .or_else(|| {
                let id = |d: &Decision| d.id.to_string();
                compare_rows("decisions", keyed(&self.decisions, id), keyed(&stored.decisions, id))
            })
            .or_else(|| {
                let id = |f: &Filing| f.id.to_string();
                compare_rows("filings", keyed(&self.filings, id), keyed(&stored.filings, id))
            })
            .or_else(|| {
                let case = |p: &StoredPoliceDetails| p.case_id.0.to_string();
                compare_rows(
                    "police_details",
                    keyed(self.police.as_slice(), case),
                    keyed(stored.police.as_slice(), case),
                )
            })
            .or_else(|| {
                let key = |e: &DraftExport| format!("{} {}", instant(&e.exported_at), e.sha256);
                compare_rows("draft_exports", keyed(&self.exports, key), keyed(&stored.exports, key))
            })
            .or_else(|| {
                let id = |e: &EvidenceItem| e.id.to_string();
                compare_rows("evidence_items", keyed(&self.evidence, id), keyed(&stored.evidence, id))
            })
            .or_else(|| {
                let id = |d: &EvidenceDownload| d.id.to_string();
                compare_rows(
                    "evidence_downloads",
                    keyed(&self.evidence_downloads, id),
                    keyed(&stored.evidence_downloads, id),
                )
            })
    }
}

/// Rows by their key, as JSON values.
fn keyed<T: Serialize>(items: &[T], key: impl Fn(&T) -> String) -> BTreeMap<String, Value> {
    items.iter().map(|i| (key(i), serde_json::to_value(i).unwrap_or(Value::Null))).collect()
}

/// Compares the replayed rows with the held ones: the first row missing, different or extra.
fn compare_rows(
    table: &'static str,
    replayed: BTreeMap<String, Value>,
    held: BTreeMap<String, Value>,
) -> Option<StateDifference> {
    let diff = |row: &str, problem| Some(StateDifference { table, row: row.to_owned(), problem });
    for (key, value) in &replayed {
        match held.get(key) {
            None => return diff(key, "is missing"),
            Some(v) if v != value => return diff(key, "does not match its event"),
            Some(_) => {}
        }
    }
    held.keys().find(|k| !replayed.contains_key(*k)).and_then(|k| diff(k, "has no event"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{CasePatch, CaseReference, NewCase};
    use crate::ids::CaseId;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 15, h, 0, 0).single().expect("valid instant")
    }

    fn opened() -> Case {
        NewCase {
            title: Some("IT-attack".into()),
            description: Some("Servrar angripna".into()),
            category: Some(Category::Ransomware),
            breach_types: Some(vec![BreachType::Availability]),
            detected_at: Some(at(8)),
            aware_at: Some(at(10)),
            ..NewCase::default()
        }
        .open(CaseId::new(), CaseReference::new(2024, 1), at(11))
        .expect("valid")
    }

    #[test]
    fn a_change_replays_to_the_patched_case() {
        let case = opened();
        let (patched, _) = case
            .patched(
                CasePatch { aware_at: Some(at(9)), status: Some(CaseStatus::Investigating), ..Default::default() },
                at(12),
            )
            .expect("valid");
        let moved = changes(&case, &patched);
        assert!(check_reason(&moved, true, None).is_err(), "awareness moved");
        let changed = CaseEvent::Changed { changes: moved, reason: None, version: patched.version };
        let state = CaseState::replay([(&CaseEvent::Opened { case: Box::new(case) }, at(11)), (&changed, at(12))])
            .expect("replays");
        assert_eq!(state.case, Some(patched));
    }

    #[test]
    fn the_stored_event_name_is_the_events_own_tag() {
        let case = opened();
        let events = [
            CaseEvent::Opened { case: Box::new(case.clone()) },
            CaseEvent::Changed { changes: Vec::new(), reason: None, version: 2 },
        ];
        for event in events {
            let json = serde_json::to_value(&event).expect("serialises");
            assert_eq!(json["event"], event.name());
        }
    }

    #[test]
    fn a_change_whose_old_value_is_not_held_does_not_replay() {
        let case = opened();
        let forged = CaseEvent::Changed {
            changes: vec![FieldChange { field: "title".into(), old: "Annat".into(), new: "Ny".into() }],
            reason: None,
            version: 2,
        };
        let result = CaseState::replay([(&CaseEvent::Opened { case: Box::new(case) }, at(11)), (&forged, at(12))]);
        assert_eq!(result, Err(ReplayError::Inconsistent { field: "title".into() }));
    }

    #[test]
    fn a_changed_row_is_named() {
        let case = opened();
        let replayed = CaseState { case: Some(case.clone()), ..Default::default() };
        let mut moved = case.clone();
        moved.aware_at = at(9);
        let stored = CaseState { case: Some(moved), ..Default::default() };
        let difference = replayed.first_difference(&stored).expect("differs");
        assert_eq!((difference.table, difference.row.as_str()), ("cases", "PUI-2024-0001"));
        assert_eq!(replayed.first_difference(&replayed.clone()), None);
    }

    #[test]
    fn a_change_reads_in_the_readers_language() {
        let case = opened();
        let (patched, _) = case
            .patched(
                CasePatch { status: Some(CaseStatus::Investigating), aware_at: Some(at(9)), ..Default::default() },
                at(12),
            )
            .expect("valid");
        let event =
            CaseEvent::Changed { changes: changes(&case, &patched), reason: Some("Fel i loggen".into()), version: 2 };
        let sv = event.describe(Language::Sv, Tz::Europe__Stockholm);
        let en = event.describe(Language::En, Tz::Europe__Stockholm);
        assert!(sv.contains("Kännedom: 2024-01-15 11:00 CET → 2024-01-15 10:00 CET."), "{sv}");
        assert!(sv.contains("Status ändrad: Inledande bedömning → Under utredning."), "{sv}");
        assert!(sv.contains("Skäl: Fel i loggen"), "{sv}");
        assert!(en.contains("Aware: 2024-01-15 11:00 CET → 2024-01-15 10:00 CET."), "{en}");
        assert!(en.contains("Status changed: Triage → Investigating."), "{en}");
        assert!(!en.contains("ändrad") && !en.contains("Skäl"), "{en}");
    }
}

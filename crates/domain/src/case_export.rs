//! One case with everything attached, as a JSON document another installation can import
//! (`breachdesk export` / `import`; the schema is docs/export-schema.json).
//!
//! The case's chain (`entries`: every event and every entry people wrote, hashes included) is
//! the source of truth; `state` is what its events replay to, included for readers and checked
//! on import. Sections added later (evidence files, notice revisions) are optional members of
//! `case`, each with its own version, so a document without them stays valid.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::action::Action;
use crate::assessment::Assessment;
use crate::case::Case;
use crate::controller::Controller;
use crate::decision::Decision;
use crate::evidence::{EvidenceDownload, EvidenceItem};
use crate::export::DraftExport;
use crate::filing::Filing;
use crate::ids::CaseId;
use crate::police::StoredPoliceDetails;
use crate::record::{CaseEvent, CaseState};
use crate::timeline::{TimelineEntry, verify_chain};

/// The document's `format`.
pub const EXPORT_FORMAT: &str = "breachdesk-case-export";
/// The schema version this breachdesk writes and the newest it reads.
pub const EXPORT_SCHEMA_VERSION: u32 = 1;

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseExport {
    /// Always [`EXPORT_FORMAT`].
    pub format: String,
    /// [`EXPORT_SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// Where and when this document was written.
    pub exported: ExportOrigin,
    /// How the case came to the exporting installation, oldest first (empty: it was opened
    /// there).
    #[serde(default)]
    pub imports: Vec<ImportRecord>,
    /// The case.
    pub case: ExportedCase,
}

/// Where and when a document was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportOrigin {
    /// When.
    pub at: DateTime<Utc>,
    /// The installation's id.
    pub installation: String,
    /// The breachdesk version.
    pub breachdesk_version: String,
}

/// An earlier import of the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRecord {
    /// When it was imported.
    pub imported_at: DateTime<Utc>,
    /// Who imported it (a user id of the importing installation).
    pub imported_by: String,
    /// `export` (a document like this one) or `register` (a row of a breach register).
    pub source: String,
    /// The installation the document came from (for `export`).
    pub source_installation: Option<String>,
    /// The case's reference there, or the register's file and line.
    pub source_reference: String,
    /// The newest entry of the chain as imported.
    pub head_seq: i64,
    /// Its hash.
    pub head_hash: String,
    /// SHA-256 of the imported document or register file.
    pub document_sha256: String,
}

/// The case itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedCase {
    /// Its id (kept on import: the chain's hashes include it).
    pub id: CaseId,
    /// Its reference (kept on import).
    pub reference: String,
    /// The controllers it names.
    pub controllers: Vec<Controller>,
    /// Its whole chain, in order.
    pub entries: Vec<TimelineEntry>,
    /// What the events replay to.
    pub state: ExportedState,
    /// Evidence files (a later section; absent until breachdesk keeps them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<VersionedSection>,
    /// Public-notice revisions (a later section; absent until breachdesk keeps them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_revisions: Option<VersionedSection>,
}

/// An optional section added after version 1: its own version and its items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionedSection {
    /// The section's version.
    pub version: u32,
    /// Its items.
    pub items: Vec<serde_json::Value>,
}

/// The state a case's events replay to (the state tables of the exporting installation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedState {
    /// The case.
    pub case: Case,
    /// Its actions.
    pub actions: Vec<Action>,
    /// Every assessment, oldest first.
    pub assessments: Vec<Assessment>,
    /// Every decision, all revisions.
    pub decisions: Vec<Decision>,
    /// Every filing.
    pub filings: Vec<Filing>,
    /// The police-report facts.
    pub police: Option<StoredPoliceDetails>,
    /// Every draft downloaded.
    pub draft_exports: Vec<DraftExport>,
    /// Every item of evidence (what is known of it: the bytes travel in the `evidence` section).
    #[serde(default)]
    pub evidence: Vec<EvidenceItem>,
    /// Every download of an item (the chain of custody).
    #[serde(default)]
    pub evidence_downloads: Vec<EvidenceDownload>,
}

/// Why a document cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// Not a case export, or a newer schema.
    #[error("not a breachdesk case export of schema version 1..={EXPORT_SCHEMA_VERSION}: {0}")]
    Format(String),
    /// The chain does not verify.
    #[error(
        "timeline entry {seq} ({id}) does not match its hash chain: the document was changed after it was exported"
    )]
    Chain {
        /// The entry's number.
        seq: i64,
        /// Its id.
        id: String,
    },
    /// The events do not replay, or not to the state the document shows.
    #[error("{0}")]
    State(String),
}

/// What a chain's events replay to.
///
/// # Errors
/// When an entry holds data that is not an event, or the events do not replay.
pub fn replay(entries: &[TimelineEntry]) -> Result<CaseState, ExportError> {
    let mut events = Vec::new();
    for entry in entries {
        match entry.case_event() {
            Ok(Some(event)) => events.push((event, entry.recorded_at)),
            Ok(None) => {}
            Err(_) => {
                return Err(ExportError::State(format!(
                    "timeline entry {} ({}) holds data that is not an event",
                    entry.seq, entry.id.0
                )));
            }
        }
    }
    CaseState::replay(events.iter().map(|(e, at): &(CaseEvent, DateTime<Utc>)| (e, *at)))
        .map_err(|e| ExportError::State(format!("the case's events cannot be replayed: {e}")))
}

impl ExportedState {
    /// The exported form of a replayed state.
    ///
    /// # Errors
    /// When the state has no case (no opening event).
    pub fn from_state(state: CaseState) -> Result<Self, ExportError> {
        Ok(ExportedState {
            case: state.case.ok_or_else(|| ExportError::State("the case has no opening event".to_owned()))?,
            actions: state.actions,
            assessments: state.assessments,
            decisions: state.decisions,
            filings: state.filings,
            police: state.police,
            draft_exports: state.exports,
            evidence: state.evidence,
            evidence_downloads: state.evidence_downloads,
        })
    }

    /// Back to the state the store writes.
    pub fn into_state(self) -> CaseState {
        CaseState {
            case: Some(self.case),
            actions: self.actions,
            assessments: self.assessments,
            decisions: self.decisions,
            filings: self.filings,
            police: self.police,
            exports: self.draft_exports,
            evidence: self.evidence,
            evidence_downloads: self.evidence_downloads,
        }
    }
}

impl CaseExport {
    /// Checks a document before it is imported: its format, that every entry belongs to the
    /// case, that the chain recomputes, and that the events replay to exactly the state shown.
    /// Returns the state to write.
    ///
    /// # Errors
    /// Names the first entry that does not match its chain, or what else is wrong.
    pub fn check(&self) -> Result<CaseState, ExportError> {
        if self.format != EXPORT_FORMAT || self.schema_version == 0 || self.schema_version > EXPORT_SCHEMA_VERSION {
            return Err(ExportError::Format(format!("format {} version {}", self.format, self.schema_version)));
        }
        let case = &self.case;
        if let Some(stranger) = case.entries.iter().find(|e| e.case_id != case.id) {
            return Err(ExportError::State(format!(
                "timeline entry {} ({}) belongs to another case",
                stranger.seq, stranger.id.0
            )));
        }
        verify_chain(&case.entries).map_err(|b| ExportError::Chain { seq: b.seq, id: b.id.0.to_string() })?;
        let replayed = replay(&case.entries)?;
        let shown = case.state.clone().into_state();
        if let Some(difference) = replayed.first_difference(&shown) {
            return Err(ExportError::State(format!("the document's state differs from its events: {difference}")));
        }
        if shown.case.as_ref().map(|c| c.reference.to_string()) != Some(case.reference.clone())
            || shown.case.as_ref().map(|c| c.id) != Some(case.id)
        {
            return Err(ExportError::State("the case's id or reference differs from its events".to_owned()));
        }
        for id in &case.state.case.controller_ids {
            if !case.controllers.iter().any(|c| c.id == *id) {
                return Err(ExportError::State(format!("controller {} is named but not included", id.0)));
            }
        }
        Ok(replayed)
    }
}

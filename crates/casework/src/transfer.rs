//! Moving a case between installations: export one case with its whole chain, and import such
//! a document, checked first (chain, replay, state) and kept exactly as written.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use domain::case_export::VersionedSection;
use domain::case_export::{
    CaseExport, EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, ExportError, ExportOrigin, ExportedCase, ExportedState,
    ImportRecord, replay,
};
use domain::evidence::EvidenceItem;
use domain::record::CaseState;
use domain::{EvidenceId, Permission, allows};
use futures::StreamExt;
use sha2::{Digest, Sha256};
use store::{NewImport, StoreError, UploadError};

use crate::{Casework, CaseworkError};

/// Why an export or an import failed.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// The document is not importable (format, chain, state); nothing was written.
    #[error(transparent)]
    Document(#[from] ExportError),
    /// The use case was refused or the store failed.
    #[error(transparent)]
    Casework(#[from] CaseworkError),
}

impl From<StoreError> for TransferError {
    fn from(err: StoreError) -> Self {
        TransferError::Casework(err.into())
    }
}

impl Casework<'_> {
    /// The export document of the case `reference`: its chain, what its events replay to, its
    /// controllers, and how it came here if it was imported.
    ///
    /// # Errors
    /// `Forbidden` for a role that may not read cases; `NotFound` for an unknown reference;
    /// `Document` when the stored chain does not replay (run `breachdesk verify`).
    pub async fn export_case(&self, reference: &str, breachdesk_version: &str) -> Result<CaseExport, TransferError> {
        if !allows(self.actor.role, Permission::ReadCases) {
            return Err(CaseworkError::Forbidden.into());
        }
        let id = self.store.case_id_by_reference(reference).await?;
        let entries = self.store.timeline(id).await?;
        let replayed = replay(&entries)?;
        // Refused here rather than written as a document that import would refuse.
        if replayed.notice.is_some() || !replayed.inquiries.is_empty() || replayed.from_report.is_some() {
            return Err(ExportError::State(format!(
                "{reference} has a public notice, inquiries or a staff report behind it, which the export \
                 does not carry yet (docs/operations.md)"
            ))
            .into());
        }
        let state = ExportedState::from_state(replayed)?;
        let controllers = self.store.controllers_by_id(&state.case.controller_ids).await?;
        let evidence = self.evidence_section(&state.evidence).await?;
        Ok(CaseExport {
            format: EXPORT_FORMAT.to_owned(),
            schema_version: EXPORT_SCHEMA_VERSION,
            exported: ExportOrigin {
                at: self.now,
                installation: self.store.installation_id().await?,
                breachdesk_version: breachdesk_version.to_owned(),
            },
            imports: self.store.case_import(id).await?.into_iter().collect(),
            case: ExportedCase {
                id,
                reference: state.case.reference.to_string(),
                controllers,
                entries,
                state,
                evidence,
                notice_revisions: None,
            },
        })
    }

    /// Imports a case export: checks it (format, every entry's hash chain, the events replaying
    /// to the state shown), then writes it as it is, marked imported by the actor, now, from the
    /// exporting installation. `document_sha256` is the SHA-256 of the file read.
    ///
    /// # Errors
    /// `Document` naming the first entry that does not match its chain, or what else is wrong;
    /// `Forbidden` for a role that may not open cases; a store `Conflict` when the case (its id
    /// or reference) exists here already.
    pub async fn import_case(
        &self,
        document: &CaseExport,
        document_sha256: &str,
    ) -> Result<ImportRecord, TransferError> {
        if !allows(self.actor.role, Permission::OpenCase) {
            return Err(CaseworkError::Forbidden.into());
        }
        let state = document.check()?;
        let bytes = evidence_bytes(document, &state)?;
        let mut written = Vec::new();
        for (id, content) in bytes {
            if let Err(e) = self.write_evidence_bytes(id, &content).await {
                self.discard_all(&written).await;
                return Err(e.into());
            }
            written.push(id);
        }
        let import = NewImport {
            imported_by: self.actor.id.clone(),
            source: "export",
            source_installation: Some(document.exported.installation.clone()),
            source_reference: document.case.reference.clone(),
            document_sha256: document_sha256.to_owned(),
        };
        match self.store.import_case(&document.case.entries, &state, &document.case.controllers, import, self.now).await
        {
            Ok(record) => Ok(record),
            Err(e) => {
                self.discard_all(&written).await;
                Err(e.into())
            }
        }
    }

    /// The export's `evidence` section: the bytes of every item not purged, base64, with the
    /// SHA-256 the case's record holds (checked again on import). Each file is read whole: an
    /// export is a command run by an operator, not a request.
    async fn evidence_section(&self, items: &[EvidenceItem]) -> Result<Option<VersionedSection>, TransferError> {
        let mut kept = Vec::new();
        for item in items.iter().filter(|i| i.purged.is_none()) {
            let mut content = Vec::new();
            let mut stream = std::pin::pin!(self.store.evidence_content(item.id));
            while let Some(piece) = stream.next().await {
                content.extend_from_slice(&piece?);
            }
            kept.push(serde_json::json!({
                "id": item.id,
                "sha256": hex::encode(Sha256::digest(&content)),
                "content_base64": BASE64.encode(&content),
            }));
        }
        Ok((!items.is_empty()).then_some(VersionedSection { version: EVIDENCE_SECTION_VERSION, items: kept }))
    }

    /// Stores an imported item's bytes under its own id (before its row, as an upload does).
    async fn write_evidence_bytes(&self, id: EvidenceId, content: &[u8]) -> Result<(), StoreError> {
        let mut upload = self.store.evidence_upload_as(id, content.len() as u64, self.now).await?;
        upload.write(content).await.map_err(|e| match e {
            UploadError::Store(e) => e,
            UploadError::TooLarge { limit } => StoreError::Conflict(format!("evidence {id} is over {limit} bytes")),
        })?;
        upload.finish().await?;
        Ok(())
    }

    /// Removes the bytes written for an import that was then refused.
    async fn discard_all(&self, ids: &[EvidenceId]) {
        for id in ids {
            if let Err(e) = self.store.discard_evidence_bytes(*id).await {
                tracing::warn!(evidence_id = %id, error = %e, "the bytes of a refused import stay until the sweep");
            }
        }
    }
}

/// The version of the export's `evidence` section this breachdesk writes and reads.
pub const EVIDENCE_SECTION_VERSION: u32 = 1;

/// The bytes of every item not purged, from the document's `evidence` section, each checked
/// against the SHA-256 and size its event holds; refused (nothing written) when one is missing,
/// malformed or different.
fn evidence_bytes(document: &CaseExport, state: &CaseState) -> Result<Vec<(EvidenceId, Vec<u8>)>, ExportError> {
    let wanted: Vec<&EvidenceItem> = state.evidence.iter().filter(|i| i.purged.is_none()).collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let section = document.case.evidence.as_ref().ok_or_else(|| {
        ExportError::State("the case has evidence, but the document has no evidence section".to_owned())
    })?;
    if section.version == 0 || section.version > EVIDENCE_SECTION_VERSION {
        return Err(ExportError::Format(format!("evidence section version {}", section.version)));
    }
    wanted
        .into_iter()
        .map(|item| {
            let id = item.id.0.to_string();
            let missing =
                || ExportError::State(format!("evidence item {id} ({}) has no bytes in the document", item.filename));
            let entry = section.items.iter().find(|e| e["id"].as_str() == Some(id.as_str())).ok_or_else(missing)?;
            let content = entry["content_base64"].as_str().and_then(|b| BASE64.decode(b).ok()).ok_or_else(missing)?;
            if hex::encode(Sha256::digest(&content)) != item.sha256 || content.len() as u64 != item.size {
                return Err(ExportError::State(format!(
                    "evidence item {id} ({}): the bytes do not match the SHA-256 on the case's record",
                    item.filename
                )));
            }
            Ok((item.id, content))
        })
        .collect()
}

impl Casework<'_> {
    /// Opens a closed case from a row of an existing breach register (`breachdesk
    /// import-register`), marked imported by the actor, now, from `file` line `entry.line`.
    ///
    /// # Errors
    /// `Forbidden` for a role that may not open cases; `Invalid` when the row's facts do not make
    /// a case.
    pub async fn import_register_row(
        &self,
        entry: &domain::register_import::RegisterEntry,
        file: &str,
        file_sha256: &str,
    ) -> Result<domain::Case, CaseworkError> {
        if !allows(self.actor.role, Permission::OpenCase) {
            return Err(CaseworkError::Forbidden);
        }
        let tz = crate::organisation(self.store).await?.time_zone;
        let year = chrono::Datelike::year(&entry.date.with_timezone(&tz));
        let import = NewImport {
            imported_by: self.actor.id.clone(),
            source: "register",
            source_installation: None,
            source_reference: format!("{file}:{}", entry.line),
            document_sha256: file_sha256.to_owned(),
        };
        let now = self.now;
        Ok(self
            .store
            .create_register_case(year, |reference| entry.into_case(domain::CaseId::new(), reference, now), import, now)
            .await?)
    }
}

//! Moving a case between installations: export one case with its whole chain, and import such
//! a document, checked first (chain, replay, state) and kept exactly as written.

use domain::case_export::{
    CaseExport, EXPORT_FORMAT, EXPORT_SCHEMA_VERSION, ExportError, ExportOrigin, ExportedCase, ExportedState,
    ImportRecord, replay,
};
use domain::{Permission, allows};
use store::{NewImport, StoreError};

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
        let state = ExportedState::from_state(replay(&entries)?)?;
        let controllers = self.store.controllers_by_id(&state.case.controller_ids).await?;
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
                evidence: None,
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
        let import = NewImport {
            imported_by: self.actor.id.clone(),
            source: "export",
            source_installation: Some(document.exported.installation.clone()),
            source_reference: document.case.reference.clone(),
            document_sha256: document_sha256.to_owned(),
        };
        Ok(self.store.import_case(&document.case.entries, &state, &document.case.controllers, import, self.now).await?)
    }
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

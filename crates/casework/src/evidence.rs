//! Evidence on a case: add an item whose bytes the store has taken in, withdraw it, hand it
//! out (each download is on the case's record: the chain of custody) and purge its bytes
//! under the retention rule.

use domain::evidence::{EvidenceDownload, EvidenceItem, EvidenceRefusal, NewEvidence, StoredBytes};
use domain::record::CaseEvent;
use domain::{AuditAction, EvidenceId, NewAuditEvent};
use store::{Precondition, StoreError};

use crate::{Casework, CaseworkError};

impl From<EvidenceRefusal> for CaseworkError {
    fn from(refusal: EvidenceRefusal) -> Self {
        match refusal {
            EvidenceRefusal::Invalid(errors) => CaseworkError::Invalid(errors),
            EvidenceRefusal::AlreadyWithdrawn => CaseworkError::Store(StoreError::Conflict(refusal.to_string())),
            EvidenceRefusal::Purged => CaseworkError::Store(StoreError::Gone("evidence")),
        }
    }
}

impl Casework<'_> {
    /// Adds an item of evidence whose bytes the store took in (`stored`, from
    /// `Store::evidence_upload`): the event carries their SHA-256 and size. When the item is
    /// refused, its bytes are deleted.
    ///
    /// # Errors
    /// `Invalid` naming the bad fields (a description is required; links must name an entry or
    /// a filing of this case; an empty file), `NotFound` for an unknown case.
    pub async fn add_evidence(
        &self,
        case_id: domain::CaseId,
        new: NewEvidence,
        stored: StoredBytes,
    ) -> Result<EvidenceItem, CaseworkError> {
        let added = self.record_evidence(case_id, new, &stored).await;
        if added.is_err() {
            self.store.discard_evidence_bytes(stored.id).await?;
        }
        added
    }

    async fn record_evidence(
        &self,
        case_id: domain::CaseId,
        new: NewEvidence,
        stored: &StoredBytes,
    ) -> Result<EvidenceItem, CaseworkError> {
        self.store.case(case_id).await?;
        let entries: Vec<_> = self.store.timeline(case_id).await?.into_iter().map(|e| e.id).collect();
        let filings: Vec<_> = self.store.filings(case_id).await?.into_iter().map(|f| f.id).collect();
        let item = new.add(case_id, stored, &entries, &filings, &self.actor.id, self.now)?;
        let event = CaseEvent::EvidenceAdded { item: item.clone() };
        self.store.record(case_id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        tracing::info!(case_id = %case_id, evidence_id = %item.id, size = item.size, "evidence added");
        Ok(item)
    }

    /// Withdraws an item (no longer relied on; its bytes are kept).
    ///
    /// # Errors
    /// `Invalid` naming `reason`, `NotFound`, `Conflict` when it is withdrawn already.
    pub async fn withdraw_evidence(
        &self,
        id: EvidenceId,
        reason: Option<String>,
    ) -> Result<EvidenceItem, CaseworkError> {
        let mut item = self.store.evidence_item(id).await?;
        let withdrawal = item.withdrawal(reason, &self.actor.id, self.now)?;
        let event = CaseEvent::EvidenceWithdrawn { evidence_id: id, withdrawal: withdrawal.clone() };
        self.store.record(item.case_id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        tracing::info!(case_id = %item.case_id, evidence_id = %id, "evidence withdrawn");
        item.withdrawn = Some(withdrawal);
        Ok(item)
    }

    /// Hands an item out: the download is recorded on the case's record (the chain of
    /// custody) and in the audit log before a byte is sent. Returns the item, whose bytes the
    /// caller then streams from the store.
    ///
    /// # Errors
    /// `NotFound`, `Gone` when its bytes were purged.
    pub async fn download_evidence(&self, id: EvidenceId) -> Result<(EvidenceItem, EvidenceDownload), CaseworkError> {
        let item = self.store.evidence_item(id).await?;
        let download = item.download(&self.actor.id, self.now)?;
        let audit = NewAuditEvent::new(self.actor.id.clone(), AuditAction::EvidenceDownloaded)
            .with("case_id", item.case_id)
            .with("evidence_id", id)
            .with("sha256", &item.sha256);
        let event = CaseEvent::EvidenceDownloaded { download: download.clone() };
        self.store.record(item.case_id, Precondition::None, &event, &self.actor.id, self.now, Some(audit)).await?;
        tracing::info!(case_id = %item.case_id, evidence_id = %id, "evidence downloaded");
        Ok((item, download))
    }

    /// Purges an item's bytes under the organisation's retention rule (`reason`: the
    /// decision). The item and its events stay; the purge is on the case's record and in the
    /// audit log, and `verify` then reports the item as purged, not as changed.
    ///
    /// # Errors
    /// `Invalid` naming `reason`, `NotFound`, `Gone` when purged already.
    pub async fn purge_evidence(&self, id: EvidenceId, reason: Option<String>) -> Result<EvidenceItem, CaseworkError> {
        let mut item = self.store.evidence_item(id).await?;
        let purge = item.purge(reason, &self.actor.id, self.now)?;
        let audit = NewAuditEvent::new(self.actor.id.clone(), AuditAction::EvidencePurged)
            .with("case_id", item.case_id)
            .with("evidence_id", id)
            .with("sha256", &item.sha256);
        let event = CaseEvent::EvidencePurged { evidence_id: id, purge: purge.clone() };
        self.store.record(item.case_id, Precondition::None, &event, &self.actor.id, self.now, Some(audit)).await?;
        // The database's chunks went in the purge's transaction; a file of the directory store
        // goes once the purge is committed (a crash between the two leaves a file no item reads).
        self.store.remove_evidence_file(id).await?;
        tracing::info!(case_id = %item.case_id, evidence_id = %id, "evidence bytes purged");
        item.purged = Some(purge);
        Ok(item)
    }
}

//! Opening a case and changing its facts or status.

use chrono::Datelike;
use domain::closing::check_exit;
use domain::record::{CaseEvent, changes, check_reason};
use domain::{Case, CaseId, CasePatch, NewCase};
use store::Precondition;

use crate::loaded::{LoadedCase, organisation};
use crate::{Casework, CaseworkError};

impl Casework<'_> {
    /// Opens a case with the next reference of the organisation's local year (a case opened at
    /// 00:30 on 1 January, Stockholm time, is the new year's). Its opening is the first event
    /// of its record.
    ///
    /// # Errors
    /// `Invalid` naming every bad field (unknown controllers included); nothing is stored.
    pub async fn open_case(&self, new: NewCase) -> Result<Case, CaseworkError> {
        let year = self.now.with_timezone(&organisation(self.store).await?.time_zone).year();
        let case = self.store.create_case(new, &self.actor.id, self.now, year).await?;
        tracing::info!(case_id = %case.id, "case opened");
        Ok(case)
    }

    /// Changes a case read at `version` (optimistic concurrency). The event keeps each
    /// field's old and new value, and `reason` when one is given.
    ///
    /// # Errors
    /// `Stale` when the case changed since `version` (or `version` is absent), `Invalid` for
    /// bad fields, an illegal transition, a missing reason for moving awareness or detection
    /// after a filing, or a closing the law does not allow yet; `Forbidden` when the role may
    /// not decide that the case is not a breach.
    pub async fn change_case(
        &self,
        id: CaseId,
        version: Option<i64>,
        patch: CasePatch,
        reason: Option<String>,
    ) -> Result<Case, CaseworkError> {
        let mut loaded = LoadedCase::load(self.store, id).await?;
        let current = loaded.case.clone();
        if version != Some(current.version) {
            return Err(store::StoreError::Stale { current: current.version }.into());
        }
        let (updated, status_change) = current.patched(patch, self.now)?;
        let changes = changes(&current, &updated);
        let reason = domain::record::given_reason(reason)?;
        check_reason(&changes, !loaded.filings.is_empty(), reason.as_deref())?;
        if let Some(change) = status_change {
            // Checked against the case as it would be stored (its controllers may change too).
            loaded.case = updated.clone();
            check_exit(&loaded.file(), change.to, self.actor.role)?;
        }
        if changes.is_empty() {
            return Ok(current);
        }
        let event = CaseEvent::Changed { changes, reason, version: updated.version };
        self.store
            .record(id, Precondition::CaseVersion(current.version), &event, &self.actor.id, self.now, None)
            .await?;
        tracing::info!(case_id = %id, version = updated.version, "case changed");
        Ok(updated)
    }
}

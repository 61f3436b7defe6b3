//! The timeline entries people write, and the actions (åtgärder) of a case.

use domain::record::{CaseEvent, changes};
use domain::{
    Action, ActionId, ActionPatch, CaseId, EntryKind, NewAction, NewTimelineEntry, TimelineEntry, UserId,
    ValidationErrors,
};
use store::Precondition;

use crate::{Casework, CaseworkError};

impl Casework<'_> {
    /// Logs an entry a person wrote. A correction must name an entry of the same case, and
    /// `status_change` entries are breachdesk's own, so nobody can write one that looks like it.
    ///
    /// # Errors
    /// `Invalid` naming the bad fields, `NotFound` for an unknown case.
    pub async fn log_entry(&self, case_id: CaseId, entry: NewTimelineEntry) -> Result<TimelineEntry, CaseworkError> {
        if entry.kind == Some(EntryKind::StatusChange) {
            return Err(ValidationErrors::single(
                "kind",
                "status_change entries are written by breachdesk when the status changes; use note",
            )
            .into());
        }
        if let Some(corrected) = entry.corrects {
            let timeline = self.store.timeline(case_id).await?;
            if !timeline.iter().any(|e| e.id == corrected) {
                return Err(ValidationErrors::single("corrects", "names no entry of this case").into());
            }
        }
        let entry = self.store.append_timeline(case_id, entry, &self.actor.id, self.now).await?;
        tracing::info!(case_id = %case_id, seq = entry.seq, "timeline entry appended");
        Ok(entry)
    }

    /// Adds an action.
    ///
    /// # Errors
    /// `Invalid` naming the bad fields, `NotFound` for an unknown case.
    pub async fn add_action(&self, case_id: CaseId, new: NewAction) -> Result<Action, CaseworkError> {
        self.check_owner(new.owner_user_id).await?;
        let action = new.create(case_id, self.now)?;
        let event = CaseEvent::ActionAdded { action: action.clone() };
        self.store.record(case_id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        Ok(action)
    }

    /// An action's owner must be one of the users, and one who can still sign in: a task given
    /// to a deactivated account would be nobody's.
    async fn check_owner(&self, owner: Option<UserId>) -> Result<(), CaseworkError> {
        let Some(owner) = owner else { return Ok(()) };
        match self.store.user(owner).await {
            Ok(user) if user.active => Ok(()),
            Ok(_) => Err(ValidationErrors::single("owner_user_id", "is deactivated").into()),
            Err(store::StoreError::NotFound(_)) => {
                Err(ValidationErrors::single("owner_user_id", "names no user").into())
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Changes an action; refused when someone else changed it since it was read here.
    ///
    /// # Errors
    /// `Invalid` naming the bad fields, `NotFound`, `Conflict` for a concurrent change.
    pub async fn change_action(
        &self,
        case_id: CaseId,
        id: ActionId,
        patch: ActionPatch,
    ) -> Result<Action, CaseworkError> {
        self.check_owner(patch.owner_user_id.flatten()).await?;
        let before = self.store.action(case_id, id).await?;
        let after = before.patched(patch, self.now)?;
        let event = CaseEvent::ActionChanged { changes: changes(&before, &after), action: after.clone() };
        let precondition = Precondition::ActionUnchangedSince(before.updated_at);
        self.store.record(case_id, precondition, &event, &self.actor.id, self.now, None).await?;
        Ok(after)
    }
}

//! The organisation's settings: its name, the DPO, the contact person and the address IMY
//! writes to (IMY's form, question 9), and the time zone.

use domain::organisation::OrganisationSettings;
use domain::{AuditAction, NewAuditEvent, Organisation, OrganisationId};

use crate::{Casework, CaseworkError};

impl Casework<'_> {
    /// Validates and saves the organisation's settings (an installation's first save gives
    /// the organisation its id).
    ///
    /// # Errors
    /// `Invalid` naming every bad field; fails when the database cannot be written.
    pub async fn save_organisation(&self, settings: OrganisationSettings) -> Result<Organisation, CaseworkError> {
        let current = crate::organisation(self.store).await?;
        let id = if current.id.0.is_nil() { OrganisationId::new() } else { current.id };
        let org = settings.settle(id)?;
        // Who changed which settings: the settings name people, so the trace holds the names
        // of the fields only (the audit log's rule: ids, never personal data).
        let audit = NewAuditEvent::new(self.actor.id.clone(), AuditAction::OrganisationChanged)
            .with("fields", current.changed_settings(&org).join(","));
        self.store.save_organisation(&org, Some(audit), self.now).await?;
        tracing::info!("organisation settings saved");
        Ok(org)
    }
}

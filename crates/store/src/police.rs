//! The police-report facts of a case: one row per case, replaced on save; each save noted on
//! the timeline.

use chrono::{DateTime, Utc};
use domain::police::{PoliceDetails, StoredPoliceDetails};
use domain::{CaseId, EntryKind, NewTimelineEntry};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, TransactionTrait};

use crate::connect::Store;
use crate::entity::police_details;
use crate::error::StoreError;
use crate::timeline::{append_in, lock_case};

impl Store {
    /// Saves the police-report facts of a case (replacing what was there) and notes it on the
    /// timeline, in one transaction.
    ///
    /// # Errors
    /// `NotFound` for an unknown case.
    pub async fn save_police_details(
        &self,
        stored: &StoredPoliceDetails,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let txn = self.db.begin().await?;
        lock_case(&txn, stored.case_id).await?;
        let d = &stored.details;
        let model = police_details::ActiveModel {
            case_id: Set(stored.case_id.0),
            signatory: Set(d.signatory.clone()),
            technical_details: Set(d.technical_details.clone()),
            attacker_traces: Set(d.attacker_traces.clone()),
            evidence_custody: Set(d.evidence_custody.clone()),
            damage: Set(d.damage.clone()),
            ransom_demand: Set(d.ransom_demand.clone()),
            suspects: Set(d.suspects.clone()),
            updated_by: Set(stored.updated_by.clone()),
            updated_at: Set(stored.updated_at),
        };
        police_details::Entity::insert(model)
            .on_conflict(
                OnConflict::column(police_details::Column::CaseId)
                    .update_columns([
                        police_details::Column::Signatory,
                        police_details::Column::TechnicalDetails,
                        police_details::Column::AttackerTraces,
                        police_details::Column::EvidenceCustody,
                        police_details::Column::Damage,
                        police_details::Column::RansomDemand,
                        police_details::Column::Suspects,
                        police_details::Column::UpdatedBy,
                        police_details::Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        let entry = NewTimelineEntry {
            occurred_at: Some(now),
            kind: Some(EntryKind::Note),
            text: Some("Uppgifter för polisanmälan sparade.".to_owned()),
            corrects: None,
        };
        append_in(&txn, stored.case_id, entry, &stored.updated_by, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The police-report facts of a case, if any were saved.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn police_details(&self, case_id: CaseId) -> Result<Option<StoredPoliceDetails>, StoreError> {
        Ok(police_details::Entity::find_by_id(case_id.0).one(&self.db).await?.map(|m| StoredPoliceDetails {
            case_id: CaseId(m.case_id),
            details: PoliceDetails {
                signatory: m.signatory,
                technical_details: m.technical_details,
                attacker_traces: m.attacker_traces,
                evidence_custody: m.evidence_custody,
                damage: m.damage,
                ransom_demand: m.ransom_demand,
                suspects: m.suspects,
            },
            updated_by: m.updated_by,
            updated_at: m.updated_at,
        }))
    }
}

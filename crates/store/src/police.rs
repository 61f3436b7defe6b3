//! The police-report facts of a case: one row per case, replaced on save; each save noted on
//! the timeline.

use domain::CaseId;
use domain::police::{PoliceDetails, StoredPoliceDetails};
use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;

use crate::connect::Store;
use crate::entity::police_details;
use crate::error::StoreError;

pub(crate) fn to_active(stored: &StoredPoliceDetails) -> police_details::ActiveModel {
    let d = &stored.details;
    police_details::ActiveModel {
        case_id: Set(stored.case_id.0),
        signatory: Set(d.signatory.clone()),
        technical_details: Set(d.technical_details.clone()),
        attacker_traces: Set(d.attacker_traces.clone()),
        evidence_custody: Set(d.evidence_custody.clone()),
        damage: Set(d.damage.clone()),
        ransom_demand: Set(d.ransom_demand.clone()),
        suspects: Set(d.suspects.clone()),
        money_moved: Set(d.money_moved),
        updated_by: Set(stored.updated_by.clone()),
        updated_at: Set(stored.updated_at),
    }
}

impl Store {
    /// The police-report facts of a case, if any were saved.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn police_details(&self, case_id: CaseId) -> Result<Option<StoredPoliceDetails>, StoreError> {
        Ok(police_details::Entity::find_by_id(case_id.0).one(&self.read).await?.map(|m| StoredPoliceDetails {
            case_id: CaseId(m.case_id),
            details: PoliceDetails {
                signatory: m.signatory,
                technical_details: m.technical_details,
                attacker_traces: m.attacker_traces,
                evidence_custody: m.evidence_custody,
                damage: m.damage,
                ransom_demand: m.ransom_demand,
                suspects: m.suspects,
                money_moved: m.money_moved,
            },
            updated_by: m.updated_by,
            updated_at: m.updated_at,
        }))
    }
}

//! Assessments: every one kept, the latest is current; each is logged on the timeline.

use domain::CaseId;
use domain::assessment::{Assessment, Conclusion, SeverityBand};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::connect::Store;
use crate::convert::parse_enum;
use crate::entity::assessment;
use crate::error::StoreError;

pub(crate) fn from_model(m: assessment::Model) -> Result<Assessment, StoreError> {
    Ok(Assessment {
        case_id: m.case_id.into(),
        dpc: u8::try_from(m.dpc).map_err(|_| StoreError::Corrupt(format!("dpc {}", m.dpc)))?,
        ei: m.ei,
        cb_confidentiality: m.cb_confidentiality,
        cb_integrity: m.cb_integrity,
        cb_availability: m.cb_availability,
        malicious: m.malicious,
        conclusion: parse_enum("conclusion", &m.conclusion, Conclusion::parse)?,
        justification: m.justification,
        below_band_reason: m.below_band_reason,
        score: m.score,
        band: parse_enum("band", &m.band, SeverityBand::parse)?,
        assessed_by: m.assessed_by,
        assessed_at: m.assessed_at,
    })
}

pub(crate) fn to_active(a: &Assessment) -> assessment::ActiveModel {
    assessment::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        case_id: Set(a.case_id.0),
        dpc: Set(i32::from(a.dpc)),
        ei: Set(a.ei),
        cb_confidentiality: Set(a.cb_confidentiality),
        cb_integrity: Set(a.cb_integrity),
        cb_availability: Set(a.cb_availability),
        malicious: Set(a.malicious),
        conclusion: Set(a.conclusion.as_str().to_owned()),
        justification: Set(a.justification.clone()),
        below_band_reason: Set(a.below_band_reason.clone()),
        score: Set(a.score),
        band: Set(a.band.as_str().to_owned()),
        assessed_by: Set(a.assessed_by.clone()),
        assessed_at: Set(a.assessed_at),
    }
}

impl Store {
    /// The current assessment of every assessed case (one query).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn current_assessments(&self) -> Result<Vec<Assessment>, StoreError> {
        let mut current: std::collections::HashMap<CaseId, Assessment> = std::collections::HashMap::new();
        // Oldest first, so the last one seen for a case is its current one.
        for model in assessment::Entity::find()
            .order_by_asc(assessment::Column::AssessedAt)
            .order_by_asc(assessment::Column::Id)
            .all(&self.read)
            .await?
        {
            let a = from_model(model)?;
            current.insert(a.case_id, a);
        }
        let mut current: Vec<Assessment> = current.into_values().collect();
        current.sort_by_key(|a| (a.assessed_at, a.case_id.0));
        Ok(current)
    }

    /// The current assessment of a case.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn assessment(&self, case_id: CaseId) -> Result<Option<Assessment>, StoreError> {
        assessment::Entity::find()
            .filter(assessment::Column::CaseId.eq(case_id.0))
            .order_by_desc(assessment::Column::AssessedAt)
            .order_by_desc(assessment::Column::Id)
            .one(&self.read)
            .await?
            .map(from_model)
            .transpose()
    }
}

//! Assessments: every one kept, the latest is current; each is logged on the timeline.

use chrono::{DateTime, Utc};
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

/// When each case first concluded a high risk, from its assessments oldest first.
fn first_high_risks(models: &[assessment::Model]) -> Vec<(CaseId, DateTime<Utc>)> {
    let mut first: Vec<(CaseId, DateTime<Utc>)> = Vec::new();
    for m in models.iter().filter(|m| m.conclusion == Conclusion::HighRisk.as_str()) {
        if !first.iter().any(|(id, _)| id.0 == m.case_id) {
            first.push((CaseId(m.case_id), m.assessed_at));
        }
    }
    first
}

impl Store {
    /// GDPR Art. 34: when each case's assessments first concluded a high risk (one query, the
    /// high-risk conclusions only; `cases` restricts it to those cases).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn first_high_risk_conclusions(
        &self,
        cases: Option<&[uuid::Uuid]>,
    ) -> Result<Vec<(CaseId, DateTime<Utc>)>, StoreError> {
        let mut query =
            assessment::Entity::find().filter(assessment::Column::Conclusion.eq(Conclusion::HighRisk.as_str()));
        if let Some(ids) = cases {
            query = query.filter(assessment::Column::CaseId.is_in(ids.iter().copied()));
        }
        let models = query
            .order_by_asc(assessment::Column::AssessedAt)
            .order_by_asc(assessment::Column::Id)
            .all(&self.db)
            .await?;
        Ok(first_high_risks(&models))
    }

    /// The current assessment of every assessed case (one query).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn current_assessments(&self) -> Result<Vec<Assessment>, StoreError> {
        let mut current: Vec<Assessment> = Vec::new();
        // Oldest first, so the last one seen for a case is its current one.
        for model in assessment::Entity::find()
            .order_by_asc(assessment::Column::AssessedAt)
            .order_by_asc(assessment::Column::Id)
            .all(&self.db)
            .await?
        {
            let a = from_model(model)?;
            current.retain(|c| c.case_id != a.case_id);
            current.push(a);
        }
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
            .one(&self.db)
            .await?
            .map(from_model)
            .transpose()
    }
}

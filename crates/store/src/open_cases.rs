//! The open cases with what their clocks read (for `/metrics`): one query per table, each
//! restricted to the open cases, so the work grows with the open cases, not with every case
//! ever recorded.

use chrono::{DateTime, Utc};
use domain::assessment::Assessment;
use domain::decision::Decision;
use domain::filing::Filing;
use domain::inquiry::Inquiry;
use domain::{Case, CaseId, CaseStatus, ControllerId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::connect::Store;
use crate::convert::case_from_model;
use crate::entity::{assessment, case, case_controller, decision, filing, inquiry, timeline_entry};
use crate::error::StoreError;

/// The open cases and their legal record.
#[derive(Debug, Clone, Default)]
pub struct OpenCaseFiles {
    /// Every case that is neither closed nor "not a breach".
    pub cases: Vec<Case>,
    /// Their current assessments.
    pub assessments: Vec<Assessment>,
    /// When each first concluded a high risk (GDPR Art. 34).
    pub high_risk_first_at: Vec<(domain::CaseId, DateTime<Utc>)>,
    /// Their decisions, all revisions, oldest first.
    pub decisions: Vec<Decision>,
    /// Their filings.
    pub filings: Vec<Filing>,
    /// Their residents' inquiries (each has its Art. 12(3) clock), oldest first.
    pub inquiries: Vec<(CaseId, Inquiry)>,
}

impl Store {
    /// The open cases with their assessments, decisions, filings and inquiries.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn open_case_files(&self) -> Result<OpenCaseFiles, StoreError> {
        let closed = [CaseStatus::Closed.as_str(), CaseStatus::NotABreach.as_str()];
        let models = case::Entity::find().filter(case::Column::Status.is_not_in(closed)).all(&self.db).await?;
        let ids: Vec<uuid::Uuid> = models.iter().map(|m| m.id).collect();
        if ids.is_empty() {
            return Ok(OpenCaseFiles::default());
        }
        let links = case_controller::Entity::find()
            .filter(case_controller::Column::CaseId.is_in(ids.clone()))
            .order_by_asc(case_controller::Column::Position)
            .all(&self.db)
            .await?;
        let cases = models
            .into_iter()
            .map(|m| {
                let controllers =
                    links.iter().filter(|l| l.case_id == m.id).map(|l| ControllerId(l.controller_id)).collect();
                case_from_model(m, controllers)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut assessments: Vec<Assessment> = Vec::new();
        for model in assessment::Entity::find()
            .filter(assessment::Column::CaseId.is_in(ids.clone()))
            .order_by_asc(assessment::Column::AssessedAt)
            .all(&self.db)
            .await?
        {
            // Oldest first: the last one kept for a case is its current one.
            let a = crate::assessments::from_model(model)?;
            assessments.retain(|c| c.case_id != a.case_id);
            assessments.push(a);
        }
        let high_risk_first_at = self.first_high_risk_conclusions(Some(&ids)).await?;
        let decisions = decision::Entity::find()
            .filter(decision::Column::CaseId.is_in(ids.clone()))
            .order_by_asc(decision::Column::DecidedAt)
            .order_by_asc(decision::Column::Revision)
            .all(&self.db)
            .await?
            .into_iter()
            .map(crate::decisions::from_model)
            .collect::<Result<Vec<_>, _>>()?;
        let filings = filing::Entity::find()
            .filter(filing::Column::CaseId.is_in(ids.clone()))
            .order_by_asc(filing::Column::SubmittedAt)
            .order_by_asc(filing::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(crate::filings::from_model)
            .collect::<Result<Vec<_>, _>>()?;
        let inquiries = inquiry::Entity::find()
            .filter(inquiry::Column::CaseId.is_in(ids))
            .order_by_asc(inquiry::Column::ReceivedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| Ok((CaseId(m.case_id), crate::public::inquiry_from_model(m)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(OpenCaseFiles { cases, assessments, high_risk_first_at, decisions, filings, inquiries })
    }

    /// When the newest event of the record was recorded (none before the first case).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn last_event_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(timeline_entry::Entity::find()
            .select_only()
            .column(timeline_entry::Column::RecordedAt)
            .filter(timeline_entry::Column::GlobalSeq.is_not_null())
            .filter(timeline_entry::Column::ImportedFrom.is_null())
            .order_by_desc(timeline_entry::Column::GlobalSeq)
            .limit(1)
            .into_tuple::<DateTime<Utc>>()
            .one(&self.db)
            .await?)
    }
}

//! Filings: what was sent to whom, logged on the timeline.

use domain::filing::{Filing, Phase, Recipient};
use domain::{CaseId, ControllerId};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::connect::Store;
use crate::convert::parse_enum;
use crate::entity::filing;
use crate::error::StoreError;

pub(crate) fn from_model(m: filing::Model) -> Result<Filing, StoreError> {
    Ok(Filing {
        id: m.id,
        case_id: m.case_id.into(),
        controller_id: m.controller_id.map(ControllerId),
        recipient: parse_enum("recipient", &m.recipient, Recipient::parse)?,
        phase: parse_enum("phase", &m.phase, Phase::parse)?,
        due_at: m.due_at,
        submitted_at: m.submitted_at,
        reference: m.reference,
        channel: m.channel,
        delay_reasons: m.delay_reasons,
        content_snapshot: m.content_snapshot,
        pdf_sha256: m.pdf_sha256,
        recorded_by: m.recorded_by,
        recorded_at: m.recorded_at,
    })
}

pub(crate) fn to_active(f: &Filing) -> filing::ActiveModel {
    filing::ActiveModel {
        id: Set(f.id),
        case_id: Set(f.case_id.0),
        controller_id: Set(f.controller_id.map(|c| c.0)),
        recipient: Set(f.recipient.as_str().to_owned()),
        phase: Set(f.phase.as_str().to_owned()),
        due_at: Set(f.due_at),
        submitted_at: Set(f.submitted_at),
        reference: Set(f.reference.clone()),
        channel: Set(f.channel.clone()),
        delay_reasons: Set(f.delay_reasons.clone()),
        content_snapshot: Set(f.content_snapshot.clone()),
        pdf_sha256: Set(f.pdf_sha256.clone()),
        recorded_by: Set(f.recorded_by.clone()),
        recorded_at: Set(f.recorded_at),
    }
}

impl Store {
    /// Every filing of a case, in submission order.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn filings(&self, case_id: CaseId) -> Result<Vec<Filing>, StoreError> {
        filing::Entity::find()
            .filter(filing::Column::CaseId.eq(case_id.0))
            .order_by_asc(filing::Column::SubmittedAt)
            .order_by_asc(filing::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(from_model)
            .collect()
    }

    /// Every filing of every case (for the dashboard's metrics and the register).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn all_filings(&self) -> Result<Vec<Filing>, StoreError> {
        filing::Entity::find()
            .order_by_asc(filing::Column::SubmittedAt)
            .all(&self.read)
            .await?
            .into_iter()
            .map(from_model)
            .collect()
    }
}

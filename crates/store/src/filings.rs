//! Filings: what was sent to whom, logged on the timeline.

use chrono::{DateTime, Utc};
use domain::filing::{Filing, Phase, Recipient};
use domain::names::Named;
use domain::{CaseId, ControllerId, EntryKind, NewTimelineEntry};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

use crate::connect::Store;
use crate::convert::parse_enum;
use crate::entity::filing;
use crate::error::StoreError;
use crate::timeline::{append_in, lock_case};

fn from_model(m: filing::Model) -> Result<Filing, StoreError> {
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

impl Store {
    /// Stores a filing and logs it on the timeline (as a notification that happened when it
    /// was submitted).
    ///
    /// # Errors
    /// `NotFound` for an unknown case.
    pub async fn insert_filing(&self, f: &Filing, now: DateTime<Utc>) -> Result<(), StoreError> {
        let txn = self.db.begin().await?;
        lock_case(&txn, f.case_id).await?;
        filing::Entity::insert(filing::ActiveModel {
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
        })
        .exec_without_returning(&txn)
        .await?;
        let reference = f.reference.as_ref().map(|r| format!(", referens {r}")).unwrap_or_default();
        let text = format!("Inlämnat till {} ({}){}.", f.recipient.sv(), f.phase.sv().to_lowercase(), reference);
        let entry = NewTimelineEntry {
            occurred_at: Some(f.submitted_at),
            kind: Some(EntryKind::Notification),
            text: Some(text),
            corrects: None,
        };
        append_in(&txn, f.case_id, entry, &f.recorded_by, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Every filing of a case, in submission order.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn filings(&self, case_id: CaseId) -> Result<Vec<Filing>, StoreError> {
        filing::Entity::find()
            .filter(filing::Column::CaseId.eq(case_id.0))
            .order_by_asc(filing::Column::SubmittedAt)
            .order_by_asc(filing::Column::Id)
            .all(&self.db)
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
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_model)
            .collect()
    }
}

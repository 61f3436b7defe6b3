//! The hash-chained timeline: the entries people write and the events breachdesk records, in
//! one chain per case. Appends lock the case row (PostgreSQL) so two writers cannot take the
//! same place in the chain; the unique (case_id, seq) index is the last guard.

use chrono::{DateTime, Utc};
use domain::{CaseId, NewTimelineEntry, TimelineEntry};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

use crate::connect::Store;
use crate::convert::entry_from_model;
use crate::entity::{case, timeline_entry};
use crate::error::StoreError;
use crate::record::{append_person_entry_in, lock_case};

impl Store {
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
            .one(&self.read)
            .await?)
    }

    /// Appends a validated entry to a case's timeline; durable when this returns.
    ///
    /// # Errors
    /// `NotFound` for an unknown case, `Invalid` naming bad fields.
    pub async fn append_timeline(
        &self,
        case_id: CaseId,
        entry: NewTimelineEntry,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<TimelineEntry, StoreError> {
        let txn = self.db.begin().await?;
        lock_case(&txn, case_id).await?;
        let entry = append_person_entry_in(&txn, case_id, entry, actor, now).await?;
        self.commit(txn).await?;
        Ok(entry)
    }

    /// A case's timeline in chain order.
    ///
    /// # Errors
    /// Fails when the database cannot be read or a row is not valid.
    pub async fn timeline(&self, case_id: CaseId) -> Result<Vec<TimelineEntry>, StoreError> {
        timeline_entry::Entity::find()
            .filter(timeline_entry::Column::CaseId.eq(case_id.0))
            .order_by_asc(timeline_entry::Column::Seq)
            .all(&self.read)
            .await?
            .into_iter()
            .map(entry_from_model)
            .collect()
    }

    /// Up to `limit` entries of a case's timeline in chain order, after the entry at place
    /// `after_seq` (a cursor: the places of a chain never change).
    ///
    /// # Errors
    /// Fails when the database cannot be read or a row is not valid.
    pub async fn timeline_page(
        &self,
        case_id: CaseId,
        after_seq: Option<i64>,
        limit: u64,
    ) -> Result<Vec<TimelineEntry>, StoreError> {
        timeline_entry::Entity::find()
            .filter(timeline_entry::Column::CaseId.eq(case_id.0))
            .filter(timeline_entry::Column::Seq.gt(after_seq.unwrap_or(0)))
            .order_by_asc(timeline_entry::Column::Seq)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(entry_from_model)
            .collect()
    }

    /// Recomputes every case's chain; the first entry that does not match, per broken case.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn verify_timelines(&self) -> Result<Vec<(CaseId, domain::timeline::ChainBreak)>, StoreError> {
        let mut broken = Vec::new();
        for id in case::Entity::find().all(&self.read).await?.into_iter().map(|c| CaseId(c.id)) {
            if let Err(b) = domain::timeline::verify_chain(&self.timeline(id).await?) {
                broken.push((id, b));
            }
        }
        Ok(broken)
    }
}

//! The hash-chained timeline. Appends lock the case row (PostgreSQL) so two writers cannot
//! take the same place in the chain; the unique (case_id, seq) index is the last guard.

use chrono::{DateTime, Utc};
use domain::{CaseId, NewTimelineEntry, TimelineEntry};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use crate::connect::Store;
use crate::convert::{entry_from_model, entry_to_active};
use crate::entity::{case, timeline_entry};
use crate::error::StoreError;

/// Locks a case row for the rest of the transaction (a no-op on SQLite, where writers are
/// serialised anyway) and returns it.
pub(crate) async fn lock_case(db: &impl ConnectionTrait, id: CaseId) -> Result<case::Model, StoreError> {
    let mut query = case::Entity::find_by_id(id.0);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        query = query.lock_exclusive();
    }
    query.one(db).await?.ok_or(StoreError::NotFound("case"))
}

/// Appends an entry after the case's last one, inside the caller's transaction.
pub(crate) async fn append_in(
    db: &impl ConnectionTrait,
    case_id: CaseId,
    entry: NewTimelineEntry,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<TimelineEntry, StoreError> {
    let last = timeline_entry::Entity::find()
        .filter(timeline_entry::Column::CaseId.eq(case_id.0))
        .order_by_desc(timeline_entry::Column::Seq)
        .one(db)
        .await?
        .map(entry_from_model)
        .transpose()?;
    let entry = entry.append(case_id, last.as_ref(), actor, now)?;
    timeline_entry::Entity::insert(entry_to_active(&entry)).exec(db).await?;
    Ok(entry)
}

impl Store {
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
        let entry = append_in(&txn, case_id, entry, actor, now).await?;
        txn.commit().await?;
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
            .all(&self.db)
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
        for id in case::Entity::find().all(&self.db).await?.into_iter().map(|c| CaseId(c.id)) {
            if let Err(b) = domain::timeline::verify_chain(&self.timeline(id).await?) {
                broken.push((id, b));
            }
        }
        Ok(broken)
    }
}

//! The case record as stored: every change to a case is a row of the case's hash chain
//! (`timeline_entries`) written in the same transaction as the state it changes, and every row
//! takes the next place in one global sequence whose head (`chain_heads`) moves in that
//! transaction too. The state tables are written from what [`CaseState::apply`] makes of the
//! event, the same function `verify` replays them with.

use std::io::Write;

use chrono::{DateTime, Utc};
use domain::record::{CaseEvent, CaseState};
use domain::{CaseId, NewTimelineEntry, TimelineEntry};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};

use crate::connect::Store;
use crate::convert::{action_to_active, case_from_model, case_to_active, entry_from_model, entry_to_active};
use crate::entity::{
    action, assessment, case, case_controller, chain_head, decision, draft_export, evidence_download, evidence_item,
    filing, police_details, timeline_entry,
};
use crate::error::StoreError;

/// The chain of every case event, in one sequence.
pub(crate) const EVENTS_CHAIN: &str = "events";
/// The audit log's chain.
pub(crate) const AUDIT_CHAIN: &str = "audit";

/// What the name of a case's own chain head starts with; its case id follows.
pub(crate) const CASE_HEAD_PREFIX: &str = "case:";

/// The name of a case's own chain head.
pub(crate) fn case_head(case_id: CaseId) -> String {
    format!("{CASE_HEAD_PREFIX}{}", case_id.0)
}

/// What must still hold when a change is written, or it is refused as stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    /// Nothing beyond the case existing.
    None,
    /// The case is still at this version (optimistic concurrency, `If-Match`).
    CaseVersion(i64),
    /// The action the event changes was last changed at this instant.
    ActionUnchangedSince(DateTime<Utc>),
}

/// Locks a case row for the rest of the transaction (a no-op on SQLite, where writers are
/// serialised anyway) and returns it.
pub(crate) async fn lock_case(db: &impl ConnectionTrait, id: CaseId) -> Result<case::Model, StoreError> {
    let mut query = case::Entity::find_by_id(id.0);
    if db.get_database_backend() == DatabaseBackend::Postgres {
        query = query.lock_exclusive();
    }
    query.one(db).await?.ok_or(StoreError::NotFound("case"))
}

/// Reads a chain's head, locked for the rest of the transaction on PostgreSQL: every append
/// takes the next place, so two writers never take the same one.
pub(crate) async fn lock_head(db: &impl ConnectionTrait, chain: &str) -> Result<chain_head::Model, StoreError> {
    let mut query = chain_head::Entity::find_by_id(chain.to_owned());
    if db.get_database_backend() == DatabaseBackend::Postgres {
        query = query.lock_exclusive();
    }
    query.one(db).await?.ok_or_else(|| StoreError::Corrupt(format!("the {chain} chain has no head row")))
}

/// Moves a chain's head.
pub(crate) async fn set_head(db: &impl ConnectionTrait, chain: &str, seq: i64, hash: &str) -> Result<(), StoreError> {
    chain_head::Entity::update_many()
        .col_expr(chain_head::Column::Seq, Expr::value(seq))
        .col_expr(chain_head::Column::Hash, Expr::value(hash.to_owned()))
        .filter(chain_head::Column::Chain.eq(chain))
        .exec(db)
        .await?;
    Ok(())
}

/// Appends the entry `make` builds after the case's last one, at the next global place, and
/// moves the global head, inside the caller's transaction.
async fn append_entry_in(
    db: &impl ConnectionTrait,
    case_id: CaseId,
    make: impl FnOnce(Option<&TimelineEntry>, i64) -> Result<TimelineEntry, StoreError>,
) -> Result<TimelineEntry, StoreError> {
    let last = timeline_entry::Entity::find()
        .filter(timeline_entry::Column::CaseId.eq(case_id.0))
        .order_by_desc(timeline_entry::Column::Seq)
        .one(db)
        .await?
        .map(entry_from_model)
        .transpose()?;
    let head = lock_head(db, EVENTS_CHAIN).await?;
    let entry = make(last.as_ref(), head.seq + 1)?;
    timeline_entry::Entity::insert(entry_to_active(&entry)).exec_without_returning(db).await?;
    set_head(db, EVENTS_CHAIN, head.seq + 1, &entry.global_head_after(&head.hash)).await?;
    // The case's own head names the case when its newest entries are cut off.
    chain_head::Entity::insert(chain_head::ActiveModel {
        chain: Set(case_head(case_id)),
        seq: Set(entry.seq),
        hash: Set(entry.hash.clone()),
    })
    .on_conflict(
        OnConflict::column(chain_head::Column::Chain)
            .update_columns([chain_head::Column::Seq, chain_head::Column::Hash])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(entry)
}

/// Appends an entry a person wrote, inside the caller's transaction.
pub(crate) async fn append_person_entry_in(
    db: &impl ConnectionTrait,
    case_id: CaseId,
    entry: NewTimelineEntry,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<TimelineEntry, StoreError> {
    append_entry_in(db, case_id, |previous, global_seq| Ok(entry.append(case_id, previous, global_seq, actor, now)?))
        .await
}

/// Appends the entry that records `event`, inside the caller's transaction.
pub(crate) async fn append_event_in(
    db: &impl ConnectionTrait,
    case_id: CaseId,
    event: &CaseEvent,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<TimelineEntry, StoreError> {
    append_entry_in(db, case_id, |previous, global_seq| {
        Ok(TimelineEntry::recording(event, case_id, previous, global_seq, actor, now))
    })
    .await
}

pub(crate) async fn controller_ids_of(
    db: &impl ConnectionTrait,
    case_id: uuid::Uuid,
) -> Result<Vec<domain::ControllerId>, StoreError> {
    Ok(case_controller::Entity::find()
        .filter(case_controller::Column::CaseId.eq(case_id))
        .order_by_asc(case_controller::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|l| domain::ControllerId(l.controller_id))
        .collect())
}

pub(crate) async fn write_controller_links(db: &impl ConnectionTrait, case: &domain::Case) -> Result<(), StoreError> {
    crate::controllers::check_controllers_exist(db, &case.controller_ids).await?;
    case_controller::Entity::delete_many().filter(case_controller::Column::CaseId.eq(case.id.0)).exec(db).await?;
    let links = case.controller_ids.iter().enumerate().map(|(i, id)| case_controller::ActiveModel {
        case_id: Set(case.id.0),
        controller_id: Set(id.0),
        position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
    });
    if !case.controller_ids.is_empty() {
        case_controller::Entity::insert_many(links).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Writes the state an event makes (everything but the opening, which needs a reference).
async fn write_state_in(
    db: &DatabaseTransaction,
    stored: case::Model,
    event: &CaseEvent,
    precondition: Precondition,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    match event {
        CaseEvent::Opened { .. } => return Err(StoreError::Conflict("the case is already open".to_owned())),
        CaseEvent::Changed { .. } => {
            let version = stored.version;
            let controllers = controller_ids_of(db, stored.id).await?;
            let mut state = CaseState { case: Some(case_from_model(stored, controllers)?), ..CaseState::default() };
            state.apply(event, domain::time::normalise(now)).map_err(|e| StoreError::Conflict(e.to_string()))?;
            let updated = state.case.ok_or(StoreError::NotFound("case"))?;
            let result = case::Entity::update_many()
                .set(case_to_active(&updated))
                .filter(case::Column::Id.eq(updated.id.0))
                .filter(case::Column::Version.eq(version))
                .exec(db)
                .await?;
            if result.rows_affected != 1 {
                return Err(StoreError::Stale { current: version });
            }
            write_controller_links(db, &updated).await?;
        }
        CaseEvent::ActionAdded { action: a } => {
            action::Entity::insert(action_to_active(a)).exec_without_returning(db).await?;
        }
        CaseEvent::ActionChanged { action: a, .. } => {
            // A stale read is refused, not written over: the action must still be as read.
            let held = action::Entity::find_by_id(a.id.0)
                .filter(action::Column::CaseId.eq(a.case_id.0))
                .one(db)
                .await?
                .ok_or(StoreError::NotFound("action"))?;
            if let Precondition::ActionUnchangedSince(at) = precondition
                && held.updated_at != at
            {
                return Err(StoreError::Conflict("the action was changed by someone else; reload it".to_owned()));
            }
            let mut model = action_to_active(a);
            model.created_at = sea_orm::ActiveValue::NotSet;
            action::Entity::update(model).exec(db).await?;
        }
        CaseEvent::Assessed { assessment: a } => {
            assessment::Entity::insert(crate::assessments::to_active(a)).exec_without_returning(db).await?;
        }
        CaseEvent::Decided { decision: d } => {
            decision::Entity::insert(crate::decisions::to_active(d)).exec_without_returning(db).await?;
        }
        CaseEvent::Filed { filing: f } => {
            filing::Entity::insert(crate::filings::to_active(f)).exec_without_returning(db).await?;
        }
        CaseEvent::PoliceDetailsSaved { details } => {
            police_details::Entity::insert(crate::police::to_active(details))
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
                .exec_without_returning(db)
                .await?;
        }
        CaseEvent::DraftExported { export } => {
            draft_export::Entity::insert(crate::exports::to_active(export)).exec_without_returning(db).await?;
        }
        CaseEvent::EvidenceAdded { item } => {
            evidence_item::Entity::insert(crate::evidence::to_active(item)).exec_without_returning(db).await?;
        }
        CaseEvent::EvidenceWithdrawn { evidence_id, withdrawal } => {
            crate::evidence::retract_in(db, *evidence_id, Some(withdrawal), None).await?;
        }
        CaseEvent::EvidencePurged { evidence_id, purge } => {
            crate::evidence::retract_in(db, *evidence_id, None, Some(purge)).await?;
        }
        CaseEvent::EvidenceDownloaded { download } => {
            evidence_download::Entity::insert(crate::evidence::download_to_active(download))
                .exec_without_returning(db)
                .await?;
        }
    }
    Ok(())
}

impl Store {
    /// Records a change to a case: the state it makes and the event on the case's chain, in one
    /// transaction, with `audit` in the audit log when given. Durable when this returns.
    ///
    /// # Errors
    /// `NotFound` for an unknown case, `Stale` when the precondition no longer holds (nothing
    /// is written), `Conflict` for a unique or foreign-key violation, `Invalid` for unknown
    /// controllers.
    pub async fn record(
        &self,
        case_id: CaseId,
        precondition: Precondition,
        event: &CaseEvent,
        actor: &str,
        now: DateTime<Utc>,
        audit: Option<domain::NewAuditEvent>,
    ) -> Result<TimelineEntry, StoreError> {
        let txn = self.db.begin().await?;
        let stored = lock_case(&txn, case_id).await?;
        if let Precondition::CaseVersion(expected) = precondition
            && stored.version != expected
        {
            return Err(StoreError::Stale { current: stored.version });
        }
        write_state_in(&txn, stored, event, precondition, now).await?;
        let entry = append_event_in(&txn, case_id, event, actor, now).await?;
        if domain::figures::moves_figures(event) {
            crate::figures::refresh_in(&txn, case_id, now).await?;
        }
        if let Some(audit) = audit {
            crate::audit::append_audit_in(&txn, audit, now).await?;
        }
        self.commit(txn).await?;
        Ok(entry)
    }

    /// Commits a transaction and, when a witness file is configured, appends the chains' heads
    /// to it: a copy outside the database of how far each chain had come.
    ///
    /// # Errors
    /// Fails when the heads cannot be read or the commit fails (nothing is then stored); a
    /// witness that cannot be written is logged, not fatal
    /// (the change is durable, and `verify` reports a witness that lags behind the database).
    pub(crate) async fn commit(&self, txn: DatabaseTransaction) -> Result<(), StoreError> {
        let Some(path) = self.witness.clone() else {
            txn.commit().await?;
            return Ok(());
        };
        // Read inside the transaction: exactly the heads this commit makes, and a failure here
        // aborts the change instead of failing after it is durable.
        let heads = chain_head::Entity::find()
            .filter(chain_head::Column::Chain.is_in([EVENTS_CHAIN, AUDIT_CHAIN]))
            .order_by_asc(chain_head::Column::Chain)
            .all(&txn)
            .await?;
        txn.commit().await?;
        let lines: String = heads.iter().map(|h| format!("{} {} {}\n", h.chain, h.seq, h.hash)).collect();
        // fsync blocks: off the async workers.
        let written = tokio::task::spawn_blocking(move || {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path.as_ref())
                .and_then(|mut f| f.write_all(lines.as_bytes()).and_then(|()| f.sync_data()))
        })
        .await;
        match written {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(error = %e.kind(), "the witness file could not be written"),
            Err(_) => tracing::error!("the witness file could not be written: the writer stopped"),
        }
        Ok(())
    }
}

//! The hash-chained audit log. One chain for the installation: appends take a transaction-wide
//! advisory lock on PostgreSQL so that several `breachdesk serve` processes cannot take the
//! same place in the chain; the unique `seq` index is the last guard.

use chrono::{DateTime, Utc};
use domain::audit::{AuditChainBreak, verify_audit_chain};
use domain::{AuditAction, AuditEvent, AuditEventId, NewAuditEvent};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    TransactionTrait,
};

use crate::connect::Store;
use crate::convert::parse_enum;
use crate::entity::audit_event;
use crate::error::StoreError;

/// An arbitrary constant naming the audit chain's advisory lock.
const AUDIT_CHAIN_LOCK: i64 = 0x6272_6561_6368;

fn event_from_model(m: audit_event::Model) -> Result<AuditEvent, StoreError> {
    let details: Vec<(String, String)> =
        serde_json::from_str(&m.details).map_err(|_| StoreError::Corrupt(format!("audit event {} details", m.seq)))?;
    Ok(AuditEvent {
        id: AuditEventId(m.id),
        seq: m.seq,
        at: m.at,
        actor: m.actor,
        action: parse_enum("audit action", &m.action, AuditAction::parse)?,
        details,
        prev_hash: m.prev_hash,
        hash: m.hash,
    })
}

/// Takes the audit chain's lock for the rest of the caller's transaction (PostgreSQL; SQLite
/// has one connection, so its writers are serialised anyway). Re-entrant: appends in the same
/// transaction take it again.
pub(crate) async fn lock_audit_chain(db: &impl ConnectionTrait) -> Result<(), StoreError> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [AUDIT_CHAIN_LOCK.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Appends an event inside the caller's transaction.
pub(crate) async fn append_audit_in(
    db: &impl ConnectionTrait,
    event: NewAuditEvent,
    now: DateTime<Utc>,
) -> Result<AuditEvent, StoreError> {
    lock_audit_chain(db).await?;
    let last = audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Seq)
        .one(db)
        .await?
        .map(event_from_model)
        .transpose()?;
    let event = event.append(last.as_ref(), now);
    let details = serde_json::to_string(&event.details).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    audit_event::Entity::insert(audit_event::ActiveModel {
        id: Set(event.id.0),
        seq: Set(event.seq),
        at: Set(event.at),
        actor: Set(event.actor.clone()),
        action: Set(event.action.as_str().to_owned()),
        details: Set(details),
        prev_hash: Set(event.prev_hash.clone()),
        hash: Set(event.hash.clone()),
    })
    .exec(db)
    .await?;
    // The head outside the chained rows: deleting the newest events cannot go unnoticed.
    crate::record::set_head(db, crate::record::AUDIT_CHAIN, event.seq, &event.hash).await?;
    Ok(event)
}

impl Store {
    /// Records an audit event; durable when this returns.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn record_audit(&self, event: NewAuditEvent, now: DateTime<Utc>) -> Result<AuditEvent, StoreError> {
        let txn = self.db.begin().await?;
        let event = append_audit_in(&txn, event, now).await?;
        self.commit(txn).await?;
        Ok(event)
    }

    /// The most recent audit events, newest first.
    ///
    /// # Errors
    /// Fails when the database cannot be read or a row is not valid.
    pub async fn audit_events(&self, limit: u64) -> Result<Vec<AuditEvent>, StoreError> {
        self.audit_events_before(None, limit).await
    }

    /// Up to `limit` audit events newest first, older than the event at place `before_seq`
    /// (a cursor: places in the chain never change).
    ///
    /// # Errors
    /// Fails when the database cannot be read or a row is not valid.
    pub async fn audit_events_before(
        &self,
        before_seq: Option<i64>,
        limit: u64,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        audit_event::Entity::find()
            .filter(audit_event::Column::Seq.lt(before_seq.unwrap_or(i64::MAX)))
            .order_by_desc(audit_event::Column::Seq)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(event_from_model)
            .collect()
    }

    /// Recomputes the whole audit chain.
    ///
    /// # Errors
    /// `Ok(Err(break))` names the first event that does not match; the outer error is a
    /// database failure.
    pub async fn verify_audit_log(&self) -> Result<Result<(), AuditChainBreak>, StoreError> {
        Ok(verify_audit_chain(&self.audit_chain().await?))
    }

    /// The whole audit chain, oldest first.
    pub(crate) async fn audit_chain(&self) -> Result<Vec<AuditEvent>, StoreError> {
        audit_event::Entity::find()
            .order_by_asc(audit_event::Column::Seq)
            .all(&self.read)
            .await?
            .into_iter()
            .map(event_from_model)
            .collect()
    }
}

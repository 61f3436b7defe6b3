//! Decisions: every revision kept and logged on the timeline.

use chrono::{DateTime, Utc};
use domain::decision::{Decision, DecisionKind, Exemption, Outcome};
use domain::names::Named;
use domain::{CaseId, EntryKind, NewTimelineEntry};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

use crate::connect::Store;
use crate::convert::parse_enum;
use crate::entity::decision;
use crate::error::StoreError;
use crate::timeline::{append_in, lock_case};

fn from_model(m: decision::Model) -> Result<Decision, StoreError> {
    Ok(Decision {
        id: m.id,
        case_id: m.case_id.into(),
        kind: parse_enum("decision", &m.kind, DecisionKind::parse)?,
        outcome: parse_enum("outcome", &m.outcome, Outcome::parse)?,
        reasons: m.reasons,
        exemption: m.exemption.map(|e| parse_enum("exemption", &e, Exemption::parse)).transpose()?,
        decided_by: m.decided_by,
        decided_at: m.decided_at,
        revision: m.revision,
    })
}

impl Store {
    /// Stores a decision (a new revision of its kind) and logs it on the timeline. The revision
    /// number is checked inside the transaction, so two revisions cannot both become n.
    ///
    /// # Errors
    /// `NotFound` for an unknown case; `Conflict` when another revision was stored first.
    pub async fn insert_decision(&self, d: &Decision, now: DateTime<Utc>) -> Result<(), StoreError> {
        let txn = self.db.begin().await?;
        lock_case(&txn, d.case_id).await?;
        decision::Entity::insert(decision::ActiveModel {
            id: Set(d.id),
            case_id: Set(d.case_id.0),
            kind: Set(d.kind.as_str().to_owned()),
            outcome: Set(d.outcome.as_str().to_owned()),
            reasons: Set(d.reasons.clone()),
            exemption: Set(d.exemption.map(|e| e.as_str().to_owned())),
            decided_by: Set(d.decided_by.clone()),
            decided_at: Set(d.decided_at),
            revision: Set(d.revision),
        })
        .exec_without_returning(&txn)
        .await?;
        let exemption = d.exemption.map(|e| format!(" (undantag: {})", e.sv())).unwrap_or_default();
        let text = format!(
            "Beslut: {} {} (version {}){}. Skäl: {}",
            d.kind.sv(),
            d.outcome.sv(),
            d.revision,
            exemption,
            d.reasons
        );
        let entry = NewTimelineEntry {
            occurred_at: Some(now),
            kind: Some(EntryKind::Decision),
            text: Some(text),
            corrects: None,
        };
        append_in(&txn, d.case_id, entry, &d.decided_by, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Every decision of every case, all revisions, oldest first (one query for the dashboard,
    /// the register and the reminder round).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn all_decisions(&self) -> Result<Vec<Decision>, StoreError> {
        decision::Entity::find()
            .order_by_asc(decision::Column::DecidedAt)
            .order_by_asc(decision::Column::Revision)
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_model)
            .collect()
    }

    /// Every decision of a case, all revisions, oldest first.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn decisions(&self, case_id: CaseId) -> Result<Vec<Decision>, StoreError> {
        decision::Entity::find()
            .filter(decision::Column::CaseId.eq(case_id.0))
            .order_by_asc(decision::Column::DecidedAt)
            .order_by_asc(decision::Column::Revision)
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_model)
            .collect()
    }
}

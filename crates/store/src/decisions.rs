//! Decisions: every revision kept and logged on the timeline.

use domain::CaseId;
use domain::decision::{Decision, DecisionKind, Exemption, Outcome};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::connect::Store;
use crate::convert::parse_enum;
use crate::entity::decision;
use crate::error::StoreError;

pub(crate) fn from_model(m: decision::Model) -> Result<Decision, StoreError> {
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

pub(crate) fn to_active(d: &Decision) -> decision::ActiveModel {
    decision::ActiveModel {
        id: Set(d.id),
        case_id: Set(d.case_id.0),
        kind: Set(d.kind.as_str().to_owned()),
        outcome: Set(d.outcome.as_str().to_owned()),
        reasons: Set(d.reasons.clone()),
        exemption: Set(d.exemption.map(|e| e.as_str().to_owned())),
        decided_by: Set(d.decided_by.clone()),
        decided_at: Set(d.decided_at),
        revision: Set(d.revision),
    }
}

impl Store {
    /// Every decision of every case, all revisions, oldest first (one query for the dashboard,
    /// the register and the reminder round).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn all_decisions(&self) -> Result<Vec<Decision>, StoreError> {
        decision::Entity::find()
            .order_by_asc(decision::Column::DecidedAt)
            .order_by_asc(decision::Column::Revision)
            .all(&self.read)
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
            .all(&self.read)
            .await?
            .into_iter()
            .map(from_model)
            .collect()
    }
}

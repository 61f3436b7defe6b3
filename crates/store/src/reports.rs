//! Staff incident reports: the DPO's queue, a case opened from one (the link is written by the
//! case's `opened_from_report` event), a dismissal in the audit log.

use chrono::{DateTime, Utc};
use domain::staff_report::{ReportStatus, StaffReport};
use domain::{AuditAction, CaseId, NewAuditEvent, StaffReportId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

use crate::connect::Store;
use crate::convert::parse_enum;
use crate::entity::staff_report;
use crate::error::StoreError;

fn from_model(m: staff_report::Model) -> Result<StaffReport, StoreError> {
    Ok(StaffReport {
        id: StaffReportId(m.id),
        reference: m.reference,
        reported_at: m.reported_at,
        reported_by: m.reported_by,
        what_happened: m.what_happened,
        noticed_at: m.noticed_at,
        unit: m.unit,
        contact: m.contact,
        status: parse_enum("report status", &m.status, ReportStatus::parse)?,
        case_id: m.case_id.map(CaseId),
        dismissed_reason: m.dismissed_reason,
        handled_by: m.handled_by,
        handled_at: m.handled_at,
    })
}

/// Links a waiting report to the case opened from it, inside the caller's transaction.
pub(crate) async fn link_report_in(
    db: &impl ConnectionTrait,
    report_id: StaffReportId,
    case_id: CaseId,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let linked = staff_report::Entity::update_many()
        .col_expr(staff_report::Column::Status, Expr::value(ReportStatus::CaseOpened.as_str()))
        .col_expr(staff_report::Column::CaseId, Expr::value(case_id.0))
        .col_expr(staff_report::Column::HandledBy, Expr::value(actor.to_owned()))
        .col_expr(staff_report::Column::HandledAt, Expr::value(now))
        .filter(staff_report::Column::Id.eq(report_id.0))
        .filter(staff_report::Column::Status.eq(ReportStatus::Waiting.as_str()))
        .exec(db)
        .await?;
    if linked.rows_affected == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict("the report was already handled".to_owned()))
    }
}

/// The report a case was opened from, if any.
pub(crate) async fn report_of_case(
    db: &impl ConnectionTrait,
    case_id: CaseId,
) -> Result<Option<StaffReportId>, StoreError> {
    Ok(staff_report::Entity::find()
        .filter(staff_report::Column::CaseId.eq(case_id.0))
        .one(db)
        .await?
        .map(|m| StaffReportId(m.id)))
}

impl Store {
    /// Stores a new report.
    ///
    /// # Errors
    /// `Conflict` when its reference is taken; fails when the database cannot be written.
    pub async fn create_report(&self, r: &StaffReport) -> Result<(), StoreError> {
        staff_report::Entity::insert(staff_report::ActiveModel {
            id: Set(r.id.0),
            reference: Set(r.reference.clone()),
            reported_at: Set(r.reported_at),
            reported_by: Set(r.reported_by.clone()),
            what_happened: Set(r.what_happened.clone()),
            noticed_at: Set(r.noticed_at),
            unit: Set(r.unit.clone()),
            contact: Set(r.contact.clone()),
            status: Set(r.status.as_str().to_owned()),
            case_id: Set(None),
            dismissed_reason: Set(None),
            handled_by: Set(None),
            handled_at: Set(None),
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    /// Every report, newest first.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn reports(&self) -> Result<Vec<StaffReport>, StoreError> {
        staff_report::Entity::find()
            .order_by_desc(staff_report::Column::ReportedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_model)
            .collect()
    }

    /// The reports still waiting that were sent before `before`, the oldest first (the
    /// dashboard's "waiting too long": read by the database, not by loading every report).
    ///
    /// # Errors
    /// Fails when the database fails or a row does not read back.
    pub async fn reports_waiting_since(&self, before: DateTime<Utc>) -> Result<Vec<StaffReport>, StoreError> {
        staff_report::Entity::find()
            .filter(staff_report::Column::Status.eq(ReportStatus::Waiting.as_str()))
            .filter(staff_report::Column::ReportedAt.lt(before))
            .order_by_asc(staff_report::Column::ReportedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_model)
            .collect()
    }

    /// One report.
    ///
    /// # Errors
    /// `NotFound` for an unknown report.
    pub async fn report(&self, id: StaffReportId) -> Result<StaffReport, StoreError> {
        from_model(staff_report::Entity::find_by_id(id.0).one(&self.db).await?.ok_or(StoreError::NotFound("report"))?)
    }

    /// Dismisses a waiting report with a reason, in the audit log.
    ///
    /// # Errors
    /// `NotFound`, or `Conflict` when it was already handled.
    pub async fn dismiss_report(
        &self,
        id: StaffReportId,
        reason: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.report(id).await?;
        let txn = self.db.begin().await?;
        let dismissed = staff_report::Entity::update_many()
            .col_expr(staff_report::Column::Status, Expr::value(ReportStatus::Dismissed.as_str()))
            .col_expr(staff_report::Column::DismissedReason, Expr::value(reason.to_owned()))
            .col_expr(staff_report::Column::HandledBy, Expr::value(actor.to_owned()))
            .col_expr(staff_report::Column::HandledAt, Expr::value(now))
            .filter(staff_report::Column::Id.eq(id.0))
            .filter(staff_report::Column::Status.eq(ReportStatus::Waiting.as_str()))
            .exec(&txn)
            .await?;
        if dismissed.rows_affected != 1 {
            return Err(StoreError::Conflict("the report was already handled".to_owned()));
        }
        crate::audit::append_audit_in(
            &txn,
            NewAuditEvent::new(actor, AuditAction::ReportDismissed).with("report_id", id),
            now,
        )
        .await?;
        self.commit(txn).await
    }
}

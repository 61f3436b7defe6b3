//! Reminder deliveries: a reminder is claimed (a unique row) before its mail is sent, marked
//! sent after, and released when sending fails so that the next round tries again.

use chrono::{DateTime, Utc};
use domain::{CaseId, ClockKind, UserId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::connect::Store;
use crate::entity::reminder_delivery;
use crate::error::StoreError;

/// One reminder to one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderKey {
    /// The case.
    pub case_id: CaseId,
    /// The clock.
    pub clock: ClockKind,
    /// The lead time in minutes (0: overdue).
    pub lead_minutes: i64,
    /// The person reminded.
    pub recipient: UserId,
}

impl Store {
    /// Claims a reminder; `false` when it was sent, or claimed within the last ten minutes (by
    /// this or another process). A claim older than that and never marked sent belongs to a
    /// process that stopped mid-way, and is taken over: no reminder is lost to a crash.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn claim_reminder(&self, key: ReminderKey, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let abandoned_before = domain::time::normalise(now - chrono::TimeDelta::minutes(10));
        let inserted = reminder_delivery::Entity::insert(reminder_delivery::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            case_id: Set(key.case_id.0),
            clock: Set(key.clock.as_str().to_owned()),
            lead_minutes: Set(key.lead_minutes),
            recipient_id: Set(key.recipient.0),
            claimed_at: Set(domain::time::normalise(now)),
            sent_at: Set(None),
        })
        .on_conflict(
            OnConflict::columns([
                reminder_delivery::Column::CaseId,
                reminder_delivery::Column::Clock,
                reminder_delivery::Column::LeadMinutes,
                reminder_delivery::Column::RecipientId,
            ])
            .update_column(reminder_delivery::Column::ClaimedAt)
            .action_and_where(
                Expr::col((reminder_delivery::Entity, reminder_delivery::Column::SentAt)).is_null().and(
                    Expr::col((reminder_delivery::Entity, reminder_delivery::Column::ClaimedAt)).lt(abandoned_before),
                ),
            )
            .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        Ok(inserted == 1)
    }

    fn key_filter(key: ReminderKey) -> sea_orm::Condition {
        sea_orm::Condition::all()
            .add(reminder_delivery::Column::CaseId.eq(key.case_id.0))
            .add(reminder_delivery::Column::Clock.eq(key.clock.as_str()))
            .add(reminder_delivery::Column::LeadMinutes.eq(key.lead_minutes))
            .add(reminder_delivery::Column::RecipientId.eq(key.recipient.0))
    }

    /// Marks a claimed reminder as sent.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn reminder_sent(&self, key: ReminderKey, now: DateTime<Utc>) -> Result<(), StoreError> {
        reminder_delivery::Entity::update_many()
            .col_expr(reminder_delivery::Column::SentAt, Expr::value(domain::time::normalise(now)))
            .filter(Self::key_filter(key))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Releases a claim whose mail could not be sent, so that it is tried again.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn release_reminder(&self, key: ReminderKey) -> Result<(), StoreError> {
        reminder_delivery::Entity::delete_many().filter(Self::key_filter(key)).exec(&self.db).await?;
        Ok(())
    }
}

//! Reminder deliveries: one row per case, clock, lead time and recipient, claimed before the
//! mail is sent, so several `serve` processes never send the same reminder twice.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ReminderDeliveries {
    Table,
    Id,
    CaseId,
    Clock,
    LeadMinutes,
    RecipientId,
    ClaimedAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReminderDeliveries::Table)
                    .col(pk_uuid(ReminderDeliveries::Id))
                    .col(uuid(ReminderDeliveries::CaseId))
                    .col(string_len(ReminderDeliveries::Clock, 64))
                    .col(big_integer(ReminderDeliveries::LeadMinutes))
                    .col(uuid(ReminderDeliveries::RecipientId))
                    .col(timestamp_with_time_zone(ReminderDeliveries::ClaimedAt))
                    .col(timestamp_with_time_zone_null(ReminderDeliveries::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ReminderDeliveries::Table, ReminderDeliveries::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("reminder_deliveries_once")
                    .table(ReminderDeliveries::Table)
                    .col(ReminderDeliveries::CaseId)
                    .col(ReminderDeliveries::Clock)
                    .col(ReminderDeliveries::LeadMinutes)
                    .col(ReminderDeliveries::RecipientId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ReminderDeliveries::Table).to_owned()).await
    }
}

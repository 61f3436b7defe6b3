//! One-time form keys: every form a page draws carries a fresh random key, and a post whose
//! key was already used does nothing (a double click, a reload, the back button). Operational
//! state, not part of any case's record: old keys are dropped after two days.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FormKeys {
    Table,
    Key,
    UsedAt,
    Location,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FormKeys::Table)
                    .col(string_len(FormKeys::Key, 64).primary_key())
                    .col(timestamp_with_time_zone(FormKeys::UsedAt))
                    .col(string_len_null(FormKeys::Location, 2048))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("form_keys_used_at").table(FormKeys::Table).col(FormKeys::UsedAt).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(FormKeys::Table).to_owned()).await
    }
}

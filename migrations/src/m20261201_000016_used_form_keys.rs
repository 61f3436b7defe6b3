//! One-time form keys of the staff pages: every form a page draws carries a fresh random key
//! (not stored), and a post whose key is already in this table does nothing (a double click, a reload, the back button). Operational
//! state, not part of any case's record: old keys are dropped after two days.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UsedFormKeys {
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
                    .table(UsedFormKeys::Table)
                    .col(string_len(UsedFormKeys::Key, 64).primary_key())
                    .col(timestamp_with_time_zone(UsedFormKeys::UsedAt))
                    .col(string_len_null(UsedFormKeys::Location, 2048))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("used_form_keys_used_at")
                    .table(UsedFormKeys::Table)
                    .col(UsedFormKeys::UsedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(UsedFormKeys::Table).to_owned()).await
    }
}

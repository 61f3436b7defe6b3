//! The organisation's link to security advice for the data subjects' letter: MSB became the
//! Myndigheten för civilt försvar (MCF) on 1 January 2026, and where its advice lives there is
//! UNCONFIRMED, so the address is a setting (empty: MCF's home page).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    SecurityAdviceUrl,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Organisations::Table)
                    .add_column(text(Organisations::SecurityAdviceUrl).default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter().table(Organisations::Table).drop_column(Organisations::SecurityAdviceUrl).to_owned(),
            )
            .await
    }
}

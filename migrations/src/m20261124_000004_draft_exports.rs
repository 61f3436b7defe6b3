//! The export record: every draft downloaded, with who, when, for which controller, in which
//! language and the SHA-256 of the exact bytes. A filing recorded without a hash takes the hash
//! of the latest matching export, so what was sent can be proven later.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DraftExports {
    Table,
    Id,
    CaseId,
    Draft,
    ControllerId,
    Lang,
    Sha256,
    ExportedBy,
    ExportedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DraftExports::Table)
                    .col(pk_uuid(DraftExports::Id))
                    .col(uuid(DraftExports::CaseId))
                    .col(string_len(DraftExports::Draft, 32))
                    .col(uuid_null(DraftExports::ControllerId))
                    .col(string_len(DraftExports::Lang, 8))
                    .col(string_len(DraftExports::Sha256, 64))
                    .col(text(DraftExports::ExportedBy))
                    .col(timestamp_with_time_zone(DraftExports::ExportedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DraftExports::Table, DraftExports::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("draft_exports_case_draft")
                    .table(DraftExports::Table)
                    .col(DraftExports::CaseId)
                    .col(DraftExports::Draft)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DraftExports::Table).to_owned()).await
    }
}

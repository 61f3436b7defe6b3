//! Cases imported from another installation (`breachdesk import`) and from a breach register
//! (`breachdesk import-register`).
//!
//! An imported case keeps its chain exactly as the other installation wrote it, hashes and
//! global places included, so its entries are marked `imported_from` (that installation's id)
//! and stand outside this installation's global sequence: the unique index on `global_seq`
//! covers only this installation's own entries. `case_imports` records each import (who, when,
//! from where, the imported head), and the audit chain anchors it (docs/integrity.md).
//! `installation` holds this installation's id, named in its exports.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseImports {
    Table,
    CaseId,
    ImportedAt,
    ImportedBy,
    Source,
    SourceInstallation,
    SourceReference,
    HeadSeq,
    HeadHash,
    DocumentSha256,
}

#[derive(DeriveIden)]
enum Installation {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE timeline_entries ADD COLUMN imported_from TEXT NULL").await?;
        db.execute_unprepared("DROP INDEX timeline_entries_global_seq").await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX timeline_entries_global_seq ON timeline_entries (global_seq) WHERE imported_from IS NULL",
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(Installation::Table)
                    .col(ColumnDef::new(Installation::Id).string().not_null().primary_key())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseImports::Table)
                    .col(ColumnDef::new(CaseImports::CaseId).uuid().not_null().primary_key())
                    .col(ColumnDef::new(CaseImports::ImportedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(CaseImports::ImportedBy).string().not_null())
                    .col(ColumnDef::new(CaseImports::Source).string().not_null())
                    .col(ColumnDef::new(CaseImports::SourceInstallation).string().null())
                    .col(ColumnDef::new(CaseImports::SourceReference).string().not_null())
                    .col(ColumnDef::new(CaseImports::HeadSeq).big_integer().not_null())
                    .col(ColumnDef::new(CaseImports::HeadHash).string().not_null())
                    .col(ColumnDef::new(CaseImports::DocumentSha256).string().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseImports::Table, CaseImports::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CaseImports::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Installation::Table).to_owned()).await?;
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX timeline_entries_global_seq").await?;
        db.execute_unprepared("CREATE UNIQUE INDEX timeline_entries_global_seq ON timeline_entries (global_seq)")
            .await?;
        db.execute_unprepared("ALTER TABLE timeline_entries DROP COLUMN imported_from").await?;
        Ok(())
    }
}

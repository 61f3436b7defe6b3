//! Evidence files on a case: the items as their events make them (`evidence_items`), the
//! bytes in chunks (`evidence_chunks`, so that a large file is never whole in memory and the
//! bytes are in every backup of the database), and every download (`evidence_downloads`, the
//! chain of custody). Chunks are written before their item exists (while the upload streams
//! in), so they carry no foreign key; an item's event carries the SHA-256 that `verify`
//! checks them against.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum EvidenceItems {
    Table,
    Id,
    CaseId,
    Description,
    KeptAt,
    Filename,
    MediaType,
    Size,
    Sha256,
    TimelineEntryId,
    FilingId,
    AddedBy,
    AddedAt,
    WithdrawnReason,
    WithdrawnBy,
    WithdrawnAt,
    PurgedReason,
    PurgedBy,
    PurgedAt,
}

#[derive(DeriveIden)]
enum EvidenceChunks {
    Table,
    EvidenceId,
    Seq,
    Bytes,
    WrittenAt,
}

#[derive(DeriveIden)]
enum EvidenceDownloads {
    Table,
    Id,
    EvidenceId,
    CaseId,
    DownloadedBy,
    DownloadedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EvidenceItems::Table)
                    .col(pk_uuid(EvidenceItems::Id))
                    .col(uuid(EvidenceItems::CaseId))
                    .col(text(EvidenceItems::Description))
                    .col(text_null(EvidenceItems::KeptAt))
                    .col(text(EvidenceItems::Filename))
                    .col(string_len(EvidenceItems::MediaType, 255))
                    .col(big_integer(EvidenceItems::Size))
                    .col(string_len(EvidenceItems::Sha256, 64))
                    .col(uuid_null(EvidenceItems::TimelineEntryId))
                    .col(uuid_null(EvidenceItems::FilingId))
                    .col(text(EvidenceItems::AddedBy))
                    .col(timestamp_with_time_zone(EvidenceItems::AddedAt))
                    .col(text_null(EvidenceItems::WithdrawnReason))
                    .col(text_null(EvidenceItems::WithdrawnBy))
                    .col(timestamp_with_time_zone_null(EvidenceItems::WithdrawnAt))
                    .col(text_null(EvidenceItems::PurgedReason))
                    .col(text_null(EvidenceItems::PurgedBy))
                    .col(timestamp_with_time_zone_null(EvidenceItems::PurgedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EvidenceItems::Table, EvidenceItems::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("evidence_items_case")
                    .table(EvidenceItems::Table)
                    .col(EvidenceItems::CaseId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EvidenceChunks::Table)
                    .col(uuid(EvidenceChunks::EvidenceId))
                    .col(integer(EvidenceChunks::Seq))
                    .col(blob(EvidenceChunks::Bytes))
                    .col(timestamp_with_time_zone(EvidenceChunks::WrittenAt))
                    .primary_key(Index::create().col(EvidenceChunks::EvidenceId).col(EvidenceChunks::Seq))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EvidenceDownloads::Table)
                    .col(pk_uuid(EvidenceDownloads::Id))
                    .col(uuid(EvidenceDownloads::EvidenceId))
                    .col(uuid(EvidenceDownloads::CaseId))
                    .col(text(EvidenceDownloads::DownloadedBy))
                    .col(timestamp_with_time_zone(EvidenceDownloads::DownloadedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(EvidenceDownloads::Table, EvidenceDownloads::EvidenceId)
                            .to(EvidenceItems::Table, EvidenceItems::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("evidence_downloads_item")
                    .table(EvidenceDownloads::Table)
                    .col(EvidenceDownloads::EvidenceId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(EvidenceDownloads::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(EvidenceChunks::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(EvidenceItems::Table).to_owned()).await
    }
}

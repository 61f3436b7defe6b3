//! The public and the staff (issue 13): a case's public notice and its revisions, residents'
//! inquiries (the record's part, and apart from it the person's own data, which is purged after
//! the retention period), staff incident reports, and the hits per client of the public forms
//! (their rate limit, in the database so that it holds across processes). Their one-time form
//! keys are the staff pages' own (`used_form_keys`, migration 000016).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Notices {
    Table,
    CaseId,
    Draft,
    DraftSavedAt,
    Published,
    PublicSlug,
}

#[derive(DeriveIden)]
enum NoticeRevisions {
    Table,
    Id,
    CaseId,
    Number,
    PublishedAt,
    PublishedBy,
    Content,
}

#[derive(DeriveIden)]
enum Inquiries {
    Table,
    Id,
    CaseId,
    Reference,
    ReceivedAt,
    Status,
    ExtendedAt,
    ExtensionReason,
    SettledAt,
    AnswerChannel,
    AnswerSha256,
}

#[derive(DeriveIden)]
enum InquiryPersonal {
    Table,
    InquiryId,
    Name,
    Contact,
    SentWhat,
    SentWhen,
    Message,
    Personnummer,
    Answer,
}

#[derive(DeriveIden)]
enum StaffReports {
    Table,
    Id,
    Reference,
    ReportedAt,
    ReportedBy,
    WhatHappened,
    NoticedAt,
    Unit,
    Contact,
    Status,
    CaseId,
    DismissedReason,
    HandledBy,
    HandledAt,
}

#[derive(DeriveIden)]
enum PublicFormHits {
    Table,
    Id,
    ClientKey,
    At,
}

fn to_case<T: IntoIden + 'static>(table: T, column: impl IntoIden + 'static) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Cases::Table, Cases::Id)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notices::Table)
                    .col(pk_uuid(Notices::CaseId))
                    .col(text(Notices::Draft))
                    .col(timestamp_with_time_zone(Notices::DraftSavedAt))
                    .col(boolean(Notices::Published))
                    .col(string_len_null(Notices::PublicSlug, 80).unique_key())
                    .foreign_key(&mut to_case(Notices::Table, Notices::CaseId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NoticeRevisions::Table)
                    .col(pk_uuid(NoticeRevisions::Id))
                    .col(uuid(NoticeRevisions::CaseId))
                    .col(integer(NoticeRevisions::Number))
                    .col(timestamp_with_time_zone(NoticeRevisions::PublishedAt))
                    .col(string_len(NoticeRevisions::PublishedBy, 64))
                    .col(text(NoticeRevisions::Content))
                    .foreign_key(&mut to_case(NoticeRevisions::Table, NoticeRevisions::CaseId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("notice_revisions_number")
                    .table(NoticeRevisions::Table)
                    .col(NoticeRevisions::CaseId)
                    .col(NoticeRevisions::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Inquiries::Table)
                    .col(pk_uuid(Inquiries::Id))
                    .col(uuid(Inquiries::CaseId))
                    .col(string_len(Inquiries::Reference, 32).unique_key())
                    .col(timestamp_with_time_zone(Inquiries::ReceivedAt))
                    .col(string_len(Inquiries::Status, 32))
                    .col(timestamp_with_time_zone_null(Inquiries::ExtendedAt))
                    .col(text_null(Inquiries::ExtensionReason))
                    .col(timestamp_with_time_zone_null(Inquiries::SettledAt))
                    .col(string_len_null(Inquiries::AnswerChannel, 200))
                    .col(string_len_null(Inquiries::AnswerSha256, 64))
                    .foreign_key(&mut to_case(Inquiries::Table, Inquiries::CaseId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(InquiryPersonal::Table)
                    .col(pk_uuid(InquiryPersonal::InquiryId))
                    .col(text(InquiryPersonal::Name))
                    .col(text(InquiryPersonal::Contact))
                    .col(text(InquiryPersonal::SentWhat))
                    .col(text(InquiryPersonal::SentWhen))
                    .col(text(InquiryPersonal::Message))
                    .col(string_len_null(InquiryPersonal::Personnummer, 16))
                    .col(text_null(InquiryPersonal::Answer))
                    .foreign_key(
                        ForeignKey::create()
                            .from(InquiryPersonal::Table, InquiryPersonal::InquiryId)
                            .to(Inquiries::Table, Inquiries::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StaffReports::Table)
                    .col(pk_uuid(StaffReports::Id))
                    .col(string_len(StaffReports::Reference, 32).unique_key())
                    .col(timestamp_with_time_zone(StaffReports::ReportedAt))
                    .col(string_len(StaffReports::ReportedBy, 64))
                    .col(text(StaffReports::WhatHappened))
                    .col(timestamp_with_time_zone(StaffReports::NoticedAt))
                    .col(text(StaffReports::Unit))
                    .col(text(StaffReports::Contact))
                    .col(string_len(StaffReports::Status, 32))
                    .col(uuid_null(StaffReports::CaseId))
                    .col(text_null(StaffReports::DismissedReason))
                    .col(string_len_null(StaffReports::HandledBy, 64))
                    .col(timestamp_with_time_zone_null(StaffReports::HandledAt))
                    .foreign_key(&mut to_case(StaffReports::Table, StaffReports::CaseId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PublicFormHits::Table)
                    .col(pk_uuid(PublicFormHits::Id))
                    .col(string_len(PublicFormHits::ClientKey, 80))
                    .col(timestamp_with_time_zone(PublicFormHits::At))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("public_form_hits_by_client")
                    .table(PublicFormHits::Table)
                    .col(PublicFormHits::ClientKey)
                    .col(PublicFormHits::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PublicFormHits::Table.into_iden(),
            StaffReports::Table.into_iden(),
            InquiryPersonal::Table.into_iden(),
            Inquiries::Table.into_iden(),
            NoticeRevisions::Table.into_iden(),
            Notices::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

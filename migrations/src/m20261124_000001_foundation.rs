//! The foundation: organisation, controllers, cases, timeline and actions.
//!
//! Instants are TIMESTAMPTZ (text on SQLite, always written from Rust in one format so that text
//! order is time order); lists of enum values are JSON text, parsed back through the domain.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Name,
    DpoName,
    DpoEmail,
    DpoPhone,
    TimeZone,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Controllers {
    Table,
    Id,
    Name,
    OrganisationNumber,
    PostalAddress,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    Reference,
    Title,
    Description,
    Category,
    BreachTypes,
    Status,
    NotABreachReason,
    OccurredFrom,
    OccurredTo,
    DetectedAt,
    DetectionMethod,
    AwareAt,
    AwareJustification,
    ContainedAt,
    ClosedAt,
    AffectedSystems,
    PersonalDataCategories,
    DataSubjectCategories,
    DataSubjectsMin,
    DataSubjectsMax,
    RecordsMin,
    RecordsMax,
    LikelyConsequences,
    CrossBorder,
    ProcessorInvolved,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum CaseControllers {
    Table,
    CaseId,
    ControllerId,
    Position,
}

#[derive(DeriveIden)]
enum CaseReferenceCounters {
    Table,
    Year,
    LastNumber,
}

#[derive(DeriveIden)]
enum TimelineEntries {
    Table,
    Id,
    CaseId,
    Seq,
    OccurredAt,
    RecordedAt,
    Actor,
    Kind,
    Text,
    Corrects,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum Actions {
    Table,
    Id,
    CaseId,
    Title,
    Category,
    Owner,
    Status,
    DueAt,
    DoneAt,
    CreatedAt,
    UpdatedAt,
}

fn case_fk(table: impl IntoIden + 'static, column: impl IntoIden + 'static) -> ForeignKeyCreateStatement {
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
                    .table(Organisations::Table)
                    .col(pk_uuid(Organisations::Id))
                    .col(text(Organisations::Name))
                    .col(text(Organisations::DpoName))
                    .col(text(Organisations::DpoEmail))
                    .col(text(Organisations::DpoPhone))
                    .col(text(Organisations::TimeZone))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Controllers::Table)
                    .col(pk_uuid(Controllers::Id))
                    .col(text(Controllers::Name))
                    .col(string_len(Controllers::OrganisationNumber, 11))
                    .col(text(Controllers::PostalAddress))
                    .col(timestamp_with_time_zone(Controllers::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Cases::Table)
                    .col(pk_uuid(Cases::Id))
                    .col(string_len_uniq(Cases::Reference, 32))
                    .col(text(Cases::Title))
                    .col(text(Cases::Description))
                    .col(string_len(Cases::Category, 32))
                    .col(text(Cases::BreachTypes))
                    .col(string_len(Cases::Status, 32))
                    .col(text_null(Cases::NotABreachReason))
                    .col(timestamp_with_time_zone_null(Cases::OccurredFrom))
                    .col(timestamp_with_time_zone_null(Cases::OccurredTo))
                    .col(timestamp_with_time_zone(Cases::DetectedAt))
                    .col(text_null(Cases::DetectionMethod))
                    .col(timestamp_with_time_zone(Cases::AwareAt))
                    .col(text_null(Cases::AwareJustification))
                    .col(timestamp_with_time_zone_null(Cases::ContainedAt))
                    .col(timestamp_with_time_zone_null(Cases::ClosedAt))
                    .col(text(Cases::AffectedSystems))
                    .col(text(Cases::PersonalDataCategories))
                    .col(text(Cases::DataSubjectCategories))
                    .col(big_integer_null(Cases::DataSubjectsMin))
                    .col(big_integer_null(Cases::DataSubjectsMax))
                    .col(big_integer_null(Cases::RecordsMin))
                    .col(big_integer_null(Cases::RecordsMax))
                    .col(text_null(Cases::LikelyConsequences))
                    .col(boolean(Cases::CrossBorder))
                    .col(boolean(Cases::ProcessorInvolved))
                    .col(timestamp_with_time_zone(Cases::CreatedAt))
                    .col(timestamp_with_time_zone(Cases::UpdatedAt))
                    .col(big_integer(Cases::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseControllers::Table)
                    .col(uuid(CaseControllers::CaseId))
                    .col(uuid(CaseControllers::ControllerId))
                    .col(integer(CaseControllers::Position))
                    .primary_key(Index::create().col(CaseControllers::CaseId).col(CaseControllers::ControllerId))
                    .foreign_key(&mut case_fk(CaseControllers::Table, CaseControllers::CaseId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CaseControllers::Table, CaseControllers::ControllerId)
                            .to(Controllers::Table, Controllers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseReferenceCounters::Table)
                    .col(integer(CaseReferenceCounters::Year).primary_key())
                    .col(integer(CaseReferenceCounters::LastNumber))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TimelineEntries::Table)
                    .col(pk_uuid(TimelineEntries::Id))
                    .col(uuid(TimelineEntries::CaseId))
                    .col(big_integer(TimelineEntries::Seq))
                    .col(timestamp_with_time_zone(TimelineEntries::OccurredAt))
                    .col(timestamp_with_time_zone(TimelineEntries::RecordedAt))
                    .col(text(TimelineEntries::Actor))
                    .col(string_len(TimelineEntries::Kind, 32))
                    .col(text(TimelineEntries::Text))
                    .col(uuid_null(TimelineEntries::Corrects))
                    .col(string_len(TimelineEntries::PrevHash, 64))
                    .col(string_len(TimelineEntries::Hash, 64))
                    .foreign_key(&mut case_fk(TimelineEntries::Table, TimelineEntries::CaseId))
                    .to_owned(),
            )
            .await?;
        // Two concurrent appends to one case cannot both take the same place in the chain.
        manager
            .create_index(
                Index::create()
                    .name("timeline_entries_case_seq")
                    .table(TimelineEntries::Table)
                    .col(TimelineEntries::CaseId)
                    .col(TimelineEntries::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Actions::Table)
                    .col(pk_uuid(Actions::Id))
                    .col(uuid(Actions::CaseId))
                    .col(text(Actions::Title))
                    .col(string_len(Actions::Category, 32))
                    .col(text_null(Actions::Owner))
                    .col(string_len(Actions::Status, 32))
                    .col(timestamp_with_time_zone_null(Actions::DueAt))
                    .col(timestamp_with_time_zone_null(Actions::DoneAt))
                    .col(timestamp_with_time_zone(Actions::CreatedAt))
                    .col(timestamp_with_time_zone(Actions::UpdatedAt))
                    .foreign_key(&mut case_fk(Actions::Table, Actions::CaseId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("actions_case").table(Actions::Table).col(Actions::CaseId).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Actions::Table.into_iden(),
            TimelineEntries::Table.into_iden(),
            CaseReferenceCounters::Table.into_iden(),
            CaseControllers::Table.into_iden(),
            Cases::Table.into_iden(),
            Controllers::Table.into_iden(),
            Organisations::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

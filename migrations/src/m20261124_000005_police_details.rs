//! The police-report facts of a case (one row per case, replaced on every save).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PoliceDetails {
    Table,
    CaseId,
    Signatory,
    TechnicalDetails,
    AttackerTraces,
    EvidenceCustody,
    Damage,
    RansomDemand,
    Suspects,
    UpdatedBy,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PoliceDetails::Table)
                    .col(uuid(PoliceDetails::CaseId).primary_key())
                    .col(text_null(PoliceDetails::Signatory))
                    .col(text_null(PoliceDetails::TechnicalDetails))
                    .col(text_null(PoliceDetails::AttackerTraces))
                    .col(text_null(PoliceDetails::EvidenceCustody))
                    .col(text_null(PoliceDetails::Damage))
                    .col(text_null(PoliceDetails::RansomDemand))
                    .col(text_null(PoliceDetails::Suspects))
                    .col(text(PoliceDetails::UpdatedBy))
                    .col(timestamp_with_time_zone(PoliceDetails::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PoliceDetails::Table, PoliceDetails::CaseId)
                            .to(Cases::Table, Cases::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(PoliceDetails::Table).to_owned()).await
    }
}

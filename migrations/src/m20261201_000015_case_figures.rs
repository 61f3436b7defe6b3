//! Reads that cost what they show. The dashboard and the reminder round look at open cases
//! only (indexed by status), the register pages by (created_at, id), and the dashboard's
//! figures come from tables the store keeps up to date in the transaction of each event:
//!
//! - `case_figures`: one row per case (open?, category, month of awareness, minutes to the IMY
//!   notification and whether it met the clock, the next due instant of an open case);
//! - `pending_clocks`: the due instant of each pending clock of an open case;
//! - `figure_totals`: cases, IMY notifications and those within 72 hours per month and category;
//! - `imy_delays`: how many notifications took each number of minutes (for the median).
//!
//! All four are derived from the case record (`domain::figures`); the store rebuilds them when
//! they are missing and `verify` compares them with a replay.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    Status,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CaseFigures {
    Table,
    CaseId,
    Open,
    Category,
    AwareMonth,
    ImyMinutes,
    #[sea_orm(iden = "imy_within_72h")]
    ImyWithin72h,
    NextDueAt,
}

#[derive(DeriveIden)]
enum PendingClocks {
    Table,
    CaseId,
    Clock,
    DueAt,
}

#[derive(DeriveIden)]
enum FigureTotals {
    Table,
    Month,
    Category,
    Cases,
    ImyNotified,
    #[sea_orm(iden = "imy_within_72h")]
    ImyWithin72h,
}

#[derive(DeriveIden)]
enum ImyDelays {
    Table,
    Minutes,
    Cases,
}

/// Derived rows go with their case.
fn case_fk(table: impl IntoIden + 'static, column: impl IntoIden + 'static) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(Cases::Table, Cases::Id).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(Index::create().name("cases_status").table(Cases::Table).col(Cases::Status).to_owned())
            .await?;
        // The register pages newest first, and its cursor.
        manager
            .create_index(
                Index::create()
                    .name("cases_created_id")
                    .table(Cases::Table)
                    .col(Cases::CreatedAt)
                    .col(Cases::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CaseFigures::Table)
                    .col(uuid(CaseFigures::CaseId).primary_key())
                    .col(boolean(CaseFigures::Open))
                    .col(string_len(CaseFigures::Category, 64))
                    .col(string_len(CaseFigures::AwareMonth, 7))
                    .col(big_integer_null(CaseFigures::ImyMinutes))
                    .col(boolean_null(CaseFigures::ImyWithin72h))
                    .col(timestamp_with_time_zone_null(CaseFigures::NextDueAt))
                    .foreign_key(&mut case_fk(CaseFigures::Table, CaseFigures::CaseId))
                    .to_owned(),
            )
            .await?;
        // The most urgent open cases, without looking at the closed ones.
        manager
            .create_index(
                Index::create()
                    .name("case_figures_open_next_due")
                    .table(CaseFigures::Table)
                    .col(CaseFigures::Open)
                    .col(CaseFigures::NextDueAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PendingClocks::Table)
                    .col(uuid(PendingClocks::CaseId))
                    .col(string_len(PendingClocks::Clock, 64))
                    .col(timestamp_with_time_zone(PendingClocks::DueAt))
                    .primary_key(Index::create().col(PendingClocks::CaseId).col(PendingClocks::Clock))
                    .foreign_key(&mut case_fk(PendingClocks::Table, PendingClocks::CaseId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("pending_clocks_due")
                    .table(PendingClocks::Table)
                    .col(PendingClocks::DueAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FigureTotals::Table)
                    .col(string_len(FigureTotals::Month, 7))
                    .col(string_len(FigureTotals::Category, 64))
                    .col(big_integer(FigureTotals::Cases))
                    .col(big_integer(FigureTotals::ImyNotified))
                    .col(big_integer(FigureTotals::ImyWithin72h))
                    .primary_key(Index::create().col(FigureTotals::Month).col(FigureTotals::Category))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImyDelays::Table)
                    .col(big_integer(ImyDelays::Minutes).primary_key())
                    .col(big_integer(ImyDelays::Cases))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ImyDelays::Table.into_iden(),
            FigureTotals::Table.into_iden(),
            PendingClocks::Table.into_iden(),
            CaseFigures::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.drop_index(Index::drop().name("cases_created_id").table(Cases::Table).to_owned()).await?;
        manager.drop_index(Index::drop().name("cases_status").table(Cases::Table).to_owned()).await
    }
}

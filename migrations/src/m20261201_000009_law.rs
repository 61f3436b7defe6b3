//! The law as a DPO reads it (issue 10): the facts a case needs beyond the first model (the
//! cause, the member states of a cross-border breach, the processor's instants of Art. 33(2),
//! a police request to delay informing the data subjects), the money-moved fact of the police
//! report, the organisation's contact address and contact person (IMY's form), and the rule of
//! the processor's internal target (a copy of `domain::rules::default_rules`, kept equal by
//! `the_migrated_deadline_rules_equal_the_domain_rules`).

use chrono::{DateTime, Utc};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    Cause,
    MemberStates,
    ActingAsProcessor,
    ProcessorAwareAt,
    ProcessorNotifiedControllerAt,
    PoliceDelayRequestedAt,
    PoliceDelayUntil,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    ContactAddress,
    ContactName,
    ContactEmail,
    ContactPhone,
}

#[derive(DeriveIden)]
enum PoliceDetails {
    Table,
    MoneyMoved,
}

#[derive(DeriveIden)]
enum DeadlineRules {
    Table,
    Id,
    Regime,
    Clock,
    Trigger,
    LengthUnit,
    LengthValue,
    InForceFrom,
    Source,
}

/// The id of the processor's rule: `clock@date` of the UTC instant GDPR applied from.
const PROCESSOR_RULE: &str = "processor_notification@2018-05-24";

/// One added column per statement: SQLite alters one column at a time.
async fn add(manager: &SchemaManager<'_>, table: impl IntoIden, column: &mut ColumnDef) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).add_column(column).to_owned()).await
}

async fn drop(manager: &SchemaManager<'_>, table: impl IntoIden, column: impl IntoIden) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).drop_column(column).to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add(manager, Cases::Table, &mut string_len_null(Cases::Cause, 32)).await?;
        add(manager, Cases::Table, text(Cases::MemberStates).default("[]")).await?;
        add(manager, Cases::Table, boolean(Cases::ActingAsProcessor).default(false)).await?;
        for column in [
            Cases::ProcessorAwareAt,
            Cases::ProcessorNotifiedControllerAt,
            Cases::PoliceDelayRequestedAt,
            Cases::PoliceDelayUntil,
        ] {
            add(manager, Cases::Table, &mut timestamp_with_time_zone_null(column)).await?;
        }
        for column in [
            Organisations::ContactAddress,
            Organisations::ContactName,
            Organisations::ContactEmail,
            Organisations::ContactPhone,
        ] {
            add(manager, Organisations::Table, text(column).default("")).await?;
        }
        add(manager, PoliceDetails::Table, boolean(PoliceDetails::MoneyMoved).default(false)).await?;

        let gdpr: DateTime<Utc> = DateTime::parse_from_rfc3339("2018-05-25T00:00:00+02:00")
            .map_err(|e| DbErr::Migration(e.to_string()))?
            .with_timezone(&Utc);
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(DeadlineRules::Table)
                    .columns([
                        DeadlineRules::Id,
                        DeadlineRules::Regime,
                        DeadlineRules::Clock,
                        DeadlineRules::Trigger,
                        DeadlineRules::LengthUnit,
                        DeadlineRules::LengthValue,
                        DeadlineRules::InForceFrom,
                        DeadlineRules::Source,
                    ])
                    .values([
                        PROCESSOR_RULE.into(),
                        "internal".into(),
                        "processor_notification".into(),
                        "processor_aware".into(),
                        "hours".into(),
                        24.into(),
                        gdpr.into(),
                        "GDPR art. 33.2 (utan onödigt dröjsmål; internt mål)".into(),
                    ])
                    .map_err(|e| DbErr::Migration(e.to_string()))?
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(DeadlineRules::Table)
                    .and_where(Expr::col(DeadlineRules::Id).eq(PROCESSOR_RULE))
                    .to_owned(),
            )
            .await?;
        drop(manager, PoliceDetails::Table, PoliceDetails::MoneyMoved).await?;
        for column in [
            Organisations::ContactAddress,
            Organisations::ContactName,
            Organisations::ContactEmail,
            Organisations::ContactPhone,
        ] {
            drop(manager, Organisations::Table, column).await?;
        }
        for column in [
            Cases::Cause,
            Cases::MemberStates,
            Cases::ActingAsProcessor,
            Cases::ProcessorAwareAt,
            Cases::ProcessorNotifiedControllerAt,
            Cases::PoliceDelayRequestedAt,
            Cases::PoliceDelayUntil,
        ] {
            drop(manager, Cases::Table, column).await?;
        }
        Ok(())
    }
}

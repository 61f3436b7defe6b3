//! The legal core: assessments, decisions, filings, and the deadline rules as versioned data
//! (seeded here with the rules in force).

use chrono::{DateTime, Utc};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Controllers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    CaseId,
    Dpc,
    Ei,
    CbConfidentiality,
    CbIntegrity,
    CbAvailability,
    Malicious,
    Conclusion,
    Justification,
    BelowBandReason,
    Score,
    Band,
    AssessedBy,
    AssessedAt,
}

#[derive(DeriveIden)]
enum Decisions {
    Table,
    Id,
    CaseId,
    Kind,
    Outcome,
    Reasons,
    Exemption,
    DecidedBy,
    DecidedAt,
    Revision,
}

#[derive(DeriveIden)]
enum Filings {
    Table,
    Id,
    CaseId,
    ControllerId,
    Recipient,
    Phase,
    DueAt,
    SubmittedAt,
    Reference,
    Channel,
    DelayReasons,
    ContentSnapshot,
    PdfSha256,
    RecordedBy,
    RecordedAt,
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

fn case_fk(table: impl IntoIden + 'static, column: impl IntoIden + 'static) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Cases::Table, Cases::Id)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

fn instant(rfc3339: &str) -> Result<DateTime<Utc>, DbErr> {
    DateTime::parse_from_rfc3339(rfc3339).map(|t| t.with_timezone(&Utc)).map_err(|e| DbErr::Migration(e.to_string()))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Assessments::Table)
                    .col(pk_uuid(Assessments::Id))
                    .col(uuid(Assessments::CaseId))
                    .col(integer(Assessments::Dpc))
                    .col(double(Assessments::Ei))
                    .col(double(Assessments::CbConfidentiality))
                    .col(double(Assessments::CbIntegrity))
                    .col(double(Assessments::CbAvailability))
                    .col(boolean(Assessments::Malicious))
                    .col(string_len(Assessments::Conclusion, 32))
                    .col(text(Assessments::Justification))
                    .col(text_null(Assessments::BelowBandReason))
                    .col(double(Assessments::Score))
                    .col(string_len(Assessments::Band, 32))
                    .col(text(Assessments::AssessedBy))
                    .col(timestamp_with_time_zone(Assessments::AssessedAt))
                    .foreign_key(&mut case_fk(Assessments::Table, Assessments::CaseId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("assessments_case").table(Assessments::Table).col(Assessments::CaseId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Decisions::Table)
                    .col(pk_uuid(Decisions::Id))
                    .col(uuid(Decisions::CaseId))
                    .col(string_len(Decisions::Kind, 32))
                    .col(string_len(Decisions::Outcome, 8))
                    .col(text(Decisions::Reasons))
                    .col(string_len_null(Decisions::Exemption, 16))
                    .col(text(Decisions::DecidedBy))
                    .col(timestamp_with_time_zone(Decisions::DecidedAt))
                    .col(integer(Decisions::Revision))
                    .foreign_key(&mut case_fk(Decisions::Table, Decisions::CaseId))
                    .to_owned(),
            )
            .await?;
        // Two people revising the same decision at once cannot both become revision n.
        manager
            .create_index(
                Index::create()
                    .name("decisions_case_kind_revision")
                    .table(Decisions::Table)
                    .col(Decisions::CaseId)
                    .col(Decisions::Kind)
                    .col(Decisions::Revision)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Filings::Table)
                    .col(pk_uuid(Filings::Id))
                    .col(uuid(Filings::CaseId))
                    .col(uuid_null(Filings::ControllerId))
                    .col(string_len(Filings::Recipient, 32))
                    .col(string_len(Filings::Phase, 32))
                    .col(timestamp_with_time_zone_null(Filings::DueAt))
                    .col(timestamp_with_time_zone(Filings::SubmittedAt))
                    .col(text_null(Filings::Reference))
                    .col(text_null(Filings::Channel))
                    .col(text_null(Filings::DelayReasons))
                    .col(text(Filings::ContentSnapshot))
                    .col(string_len_null(Filings::PdfSha256, 64))
                    .col(text(Filings::RecordedBy))
                    .col(timestamp_with_time_zone(Filings::RecordedAt))
                    .foreign_key(&mut case_fk(Filings::Table, Filings::CaseId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Filings::Table, Filings::ControllerId)
                            .to(Controllers::Table, Controllers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("filings_case").table(Filings::Table).col(Filings::CaseId).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DeadlineRules::Table)
                    .col(string_len(DeadlineRules::Id, 100).primary_key())
                    .col(string_len(DeadlineRules::Regime, 64))
                    .col(string_len(DeadlineRules::Clock, 64))
                    .col(string_len(DeadlineRules::Trigger, 64))
                    .col(string_len(DeadlineRules::LengthUnit, 16))
                    .col(integer(DeadlineRules::LengthValue))
                    .col(timestamp_with_time_zone(DeadlineRules::InForceFrom))
                    .col(text(DeadlineRules::Source))
                    .to_owned(),
            )
            .await?;
        // The rules in force when this migration was written. A change of law is a new row
        // with a later in_force_from (added by a later migration or `POST /api/v1/deadline-rules`).
        let gdpr = instant("2018-05-25T00:00:00+02:00")?;
        // Cybersäkerhetslagen (2025:1506) in force 15 January 2026.
        let csl = instant("2026-01-15T00:00:00+01:00")?;
        let rows = [
            ("gdpr", "imy_notification", "aware_at", "hours", 72, gdpr, "GDPR art. 33.1"),
            (
                "gdpr",
                "imy_notification_from_detection",
                "detected_at",
                "hours",
                72,
                gdpr,
                "IMY: inom 72 timmar från upptäckt",
            ),
            (
                "gdpr",
                "imy_supplement",
                "preliminary_imy_filing",
                "hours",
                672,
                gdpr,
                "GDPR art. 33.4; IMY: komplettering inom 4 veckor",
            ),
            (
                "internal",
                "data_subjects",
                "decision_inform_data_subjects",
                "hours",
                72,
                gdpr,
                "GDPR art. 34.1: utan onödigt dröjsmål (internt mål, ändringsbart)",
            ),
            (
                "internal",
                "police_report",
                "decision_report_police",
                "hours",
                24,
                gdpr,
                "Internt mål: spår försvinner (ändringsbart)",
            ),
            (
                "cybersakerhetslagen",
                "csirt_early_warning",
                "significant_incident",
                "hours",
                24,
                csl,
                "Cybersäkerhetslagen (2025:1506); NIS2 art. 23.4 a",
            ),
            (
                "cybersakerhetslagen",
                "csirt_notification",
                "significant_incident",
                "hours",
                72,
                csl,
                "Cybersäkerhetslagen (2025:1506); NIS2 art. 23.4 b",
            ),
            (
                "cybersakerhetslagen",
                "csirt_final_report",
                "csirt_notification_filed",
                "months",
                1,
                csl,
                "Cybersäkerhetslagen (2025:1506); NIS2 art. 23.4 d",
            ),
        ];
        for (regime, clock, trigger, unit, value, from, source) in rows {
            let id = format!("{clock}@{}", from.format("%Y-%m-%d"));
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
                            id.into(),
                            regime.into(),
                            clock.into(),
                            trigger.into(),
                            unit.into(),
                            value.into(),
                            from.into(),
                            source.into(),
                        ])
                        .map_err(|e| DbErr::Migration(e.to_string()))?
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DeadlineRules::Table.into_iden(),
            Filings::Table.into_iden(),
            Decisions::Table.into_iden(),
            Assessments::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

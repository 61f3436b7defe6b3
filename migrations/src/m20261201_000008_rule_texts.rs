//! The sources of the two internal targets seeded by `m20261124_000003_legal_core` take the
//! wording of the domain's rules (`domain::rules::default_rules`), which define them.
//!
//! The seed said "(ändringsbart)", but no rule row is ever changed: a new target is a new
//! version in force from a later instant. Only the text changes; clock, trigger, length and
//! in-force instant stay as they were, so no case's deadlines move.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DeadlineRules {
    Table,
    Id,
    Source,
}

/// (row id, wording seeded by 000003, the domain's wording). The ids are `clock@date` of the
/// UTC instant GDPR applied from (2018-05-25 00:00 CEST).
const TEXTS: [(&str, &str, &str); 2] = [
    (
        "data_subjects@2018-05-24",
        "GDPR art. 34.1: utan onödigt dröjsmål (internt mål, ändringsbart)",
        "GDPR art. 34.1 (utan onödigt dröjsmål; internt mål)",
    ),
    ("police_report@2018-05-24", "Internt mål: spår försvinner (ändringsbart)", "Internt mål: spår försvinner"),
];

/// Replaces `from` by `to` in the row `id`, only where it still reads `from`.
async fn reword(manager: &SchemaManager<'_>, id: &str, from: &str, to: &str) -> Result<(), DbErr> {
    manager
        .exec_stmt(
            Query::update()
                .table(DeadlineRules::Table)
                .value(DeadlineRules::Source, to)
                .and_where(Expr::col(DeadlineRules::Id).eq(id))
                .and_where(Expr::col(DeadlineRules::Source).eq(from))
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (id, seeded, domain) in TEXTS {
            reword(manager, id, seeded, domain).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (id, seeded, domain) in TEXTS {
            reword(manager, id, domain, seeded).await?;
        }
        Ok(())
    }
}

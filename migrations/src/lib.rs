//! The schema history of breachdesk. Each migration is applied once, in order; an applied
//! migration is never edited, a change is a new migration.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_foundation;
mod m20261124_000002_accounts;
mod m20261124_000003_legal_core;
mod m20261124_000004_draft_exports;
mod m20261124_000005_police_details;
mod m20261124_000006_reminder_deliveries;
mod m20261201_000007_event_record;
mod m20261201_000008_rule_texts;
mod m20261201_000009_law;
mod m20261201_000010_account_lifecycle;
mod m20261201_000012_evidence;
mod m20261201_000014_imported_cases;
mod m20261201_000015_case_figures;
mod m20261201_000016_used_form_keys;

pub use m20261201_000007_event_record::append_only_triggers;

/// Runs breachdesk's migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_foundation::Migration),
            Box::new(m20261124_000002_accounts::Migration),
            Box::new(m20261124_000003_legal_core::Migration),
            Box::new(m20261124_000004_draft_exports::Migration),
            Box::new(m20261124_000005_police_details::Migration),
            Box::new(m20261124_000006_reminder_deliveries::Migration),
            Box::new(m20261201_000007_event_record::Migration),
            Box::new(m20261201_000008_rule_texts::Migration),
            Box::new(m20261201_000009_law::Migration),
            Box::new(m20261201_000010_account_lifecycle::Migration),
            Box::new(m20261201_000012_evidence::Migration),
            Box::new(m20261201_000014_imported_cases::Migration),
            Box::new(m20261201_000015_case_figures::Migration),
            Box::new(m20261201_000016_used_form_keys::Migration),
        ]
    }
}

//! The event record: every change to a case is a row of `timeline_entries` (the case's hash
//! chain) with the event's name and data; all of them also stand in one global sequence whose
//! head, with the audit chain's, is kept in `chain_heads` on every commit. The database itself
//! refuses UPDATE and DELETE on the two chained tables (triggers), so a change behind
//! breachdesk's back needs the triggers dropped first, which `breachdesk verify` reports.
//!
//! Entries written before this migration keep `global_seq` NULL and their hashes as they were.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The hash the first record of every chain points back to.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The tables that only ever grow.
const APPEND_ONLY: &[&str] = &["timeline_entries", "audit_events"];

async fn run(manager: &SchemaManager<'_>, statements: &[String]) -> Result<(), DbErr> {
    let db = manager.get_connection();
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

fn triggers(backend: DatabaseBackend) -> Vec<String> {
    match backend {
        DatabaseBackend::Postgres => {
            let mut out = vec![
                "CREATE OR REPLACE FUNCTION breachdesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN RAISE EXCEPTION '% is append-only: breachdesk never changes or deletes its rows', TG_TABLE_NAME; END $$"
                    .to_owned(),
            ];
            for table in APPEND_ONLY {
                out.push(format!(
                    "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
                     FOR EACH ROW EXECUTE FUNCTION breachdesk_append_only()"
                ));
                out.push(format!(
                    "CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} \
                     FOR EACH STATEMENT EXECUTE FUNCTION breachdesk_append_only()"
                ));
            }
            out
        }
        _ => APPEND_ONLY
            .iter()
            .flat_map(|table| {
                ["UPDATE", "DELETE"].map(|op| {
                    format!(
                        "CREATE TRIGGER {table}_no_{} BEFORE {op} ON {table} BEGIN \
                         SELECT RAISE(ABORT, '{table} is append-only: breachdesk never changes or deletes its rows'); END",
                        op.to_lowercase()
                    )
                })
            })
            .collect(),
    }
}

fn drop_triggers(backend: DatabaseBackend) -> Vec<String> {
    match backend {
        DatabaseBackend::Postgres => {
            let mut out: Vec<String> = APPEND_ONLY
                .iter()
                .flat_map(|t| {
                    [
                        format!("DROP TRIGGER IF EXISTS {t}_append_only ON {t}"),
                        format!("DROP TRIGGER IF EXISTS {t}_no_truncate ON {t}"),
                    ]
                })
                .collect();
            out.push("DROP FUNCTION IF EXISTS breachdesk_append_only()".to_owned());
            out
        }
        _ => APPEND_ONLY
            .iter()
            .flat_map(|t| {
                [format!("DROP TRIGGER IF EXISTS {t}_no_update"), format!("DROP TRIGGER IF EXISTS {t}_no_delete")]
            })
            .collect(),
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let mut statements = vec![
            "ALTER TABLE timeline_entries ADD COLUMN event TEXT NOT NULL DEFAULT 'entry'".to_owned(),
            "ALTER TABLE timeline_entries ADD COLUMN data TEXT NULL".to_owned(),
            "ALTER TABLE timeline_entries ADD COLUMN global_seq BIGINT NULL".to_owned(),
            "CREATE UNIQUE INDEX timeline_entries_global_seq ON timeline_entries (global_seq)".to_owned(),
            "CREATE TABLE chain_heads (chain TEXT NOT NULL PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)"
                .to_owned(),
            format!("INSERT INTO chain_heads (chain, seq, hash) VALUES ('events', 0, '{GENESIS}')"),
            // The audit chain's head is its newest event; an empty chain points at the genesis.
            format!(
                "INSERT INTO chain_heads (chain, seq, hash) SELECT 'audit', COALESCE(MAX(seq), 0), \
                 COALESCE((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '{GENESIS}') FROM audit_events"
            ),
        ];
        statements.extend(triggers(backend));
        run(manager, &statements).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut statements = drop_triggers(manager.get_database_backend());
        statements.extend([
            "DROP TABLE chain_heads".to_owned(),
            "DROP INDEX timeline_entries_global_seq".to_owned(),
            "ALTER TABLE timeline_entries DROP COLUMN global_seq".to_owned(),
            "ALTER TABLE timeline_entries DROP COLUMN data".to_owned(),
            "ALTER TABLE timeline_entries DROP COLUMN event".to_owned(),
        ]);
        run(manager, &statements).await
    }
}

/// The names of the triggers this migration creates on `backend`, for `verify` to look for.
pub fn append_only_triggers(backend: DatabaseBackend) -> Vec<String> {
    match backend {
        DatabaseBackend::Postgres => {
            APPEND_ONLY.iter().flat_map(|t| [format!("{t}_append_only"), format!("{t}_no_truncate")]).collect()
        }
        _ => APPEND_ONLY.iter().flat_map(|t| [format!("{t}_no_update"), format!("{t}_no_delete")]).collect(),
    }
}

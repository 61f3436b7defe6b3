//! `breachdesk backup` and `restore`: a consistent online snapshot of the whole database with a
//! manifest that says what it holds (breachdesk version, migration level, the rows of every
//! table, every chain head, the file's SHA-256), and a restore into an empty database that
//! refuses a file that does not match its manifest or whose record does not verify.
//!
//! SQLite: `VACUUM INTO` copies the database inside one read transaction while `serve` goes on
//! writing (WAL). PostgreSQL: `pg_dump --format=custom` under a snapshot exported from a
//! repeatable-read transaction, in which the manifest's counts and heads are read too, so that
//! both describe exactly the same instant.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sea_orm::{AccessMode, ConnectionTrait, Database, DatabaseBackend, IsolationLevel, Statement, TransactionTrait};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::connect::{DatabaseUrl, Store};
use crate::error::StoreError;

/// What the manifest's `format` says.
pub const MANIFEST_FORMAT: &str = "breachdesk-backup";
/// The manifest's version; a restore refuses one it does not know.
pub const MANIFEST_VERSION: u32 = 1;

/// The manifest written beside a backup file (`FILE.manifest.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: String,
    /// [`MANIFEST_VERSION`].
    pub format_version: u32,
    /// The breachdesk that took it.
    pub breachdesk_version: String,
    /// When the snapshot was taken.
    pub created_at: DateTime<Utc>,
    /// `sqlite` (the file is a SQLite database) or `postgres` (a `pg_dump --format=custom` file).
    pub backend: String,
    /// The backup file's name (without its directory).
    pub file: String,
    /// Its size in bytes.
    pub size_bytes: u64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// The schema's migration level in the snapshot.
    pub migrations: MigrationLevel,
    /// Rows of every table in the snapshot.
    pub counts: BTreeMap<String, i64>,
    /// Every chain head in the snapshot (`events`, `audit`, `case:<id>`).
    pub heads: BTreeMap<String, Head>,
    /// Whether `verify` passed on the snapshot itself (SQLite; `None` for PostgreSQL, whose dump
    /// is verified when it is restored).
    pub verified: Option<bool>,
}

/// How far the schema's history had come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationLevel {
    /// How many migrations were applied.
    pub applied: i64,
    /// The newest one's name.
    pub latest: String,
}

/// A chain's head: the newest place and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The place.
    pub seq: i64,
    /// The hash there.
    pub hash: String,
}

/// Why a backup or a restore failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The file, its manifest or the target database is not what a restore needs; nothing was
    /// restored.
    #[error("refused: {0}")]
    Refused(String),
    /// An external program (pg_dump, pg_restore) is missing or failed.
    #[error("{0}")]
    Tool(String),
    /// A file could not be read or written.
    #[error("{0}: {1}")]
    Io(String, #[source] std::io::Error),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for BackupError {
    fn from(err: sea_orm::DbErr) -> Self {
        BackupError::Store(err.into())
    }
}

/// The manifest's path for a backup file: `FILE.manifest.json`.
pub fn manifest_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".manifest.json");
    PathBuf::from(name)
}

fn sha256_of(file: &Path) -> Result<(String, u64), BackupError> {
    let mut reader =
        std::fs::File::open(file).map_err(|e| BackupError::Io(format!("cannot read {}", file.display()), e))?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut reader, &mut hasher)
        .map_err(|e| BackupError::Io(format!("cannot read {}", file.display()), e))?;
    Ok((hex::encode(hasher.finalize()), size))
}

/// Every table of the schema (breachdesk's and the migration history), by name.
async fn tables(db: &impl ConnectionTrait) -> Result<Vec<String>, BackupError> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    };
    let rows = db.query_all_raw(Statement::from_string(backend, sql)).await?;
    Ok(rows.iter().filter_map(|r| r.try_get::<String>("", "name").ok()).collect())
}

/// What the manifest says about a database: migration level, rows per table, chain heads.
async fn describe(
    db: &impl ConnectionTrait,
) -> Result<(MigrationLevel, BTreeMap<String, i64>, BTreeMap<String, Head>), BackupError> {
    let backend = db.get_database_backend();
    let mut counts = BTreeMap::new();
    for table in tables(db).await? {
        // The name comes from the schema itself, quoted as an identifier.
        let sql = format!("SELECT COUNT(*) AS n FROM \"{}\"", table.replace('"', "\"\""));
        let row = db.query_one_raw(Statement::from_string(backend, sql)).await?;
        counts.insert(table, row.and_then(|r| r.try_get::<i64>("", "n").ok()).unwrap_or_default());
    }
    let rows = db
        .query_all_raw(Statement::from_string(backend, "SELECT chain, seq, hash FROM chain_heads ORDER BY chain"))
        .await?;
    let heads = rows
        .iter()
        .filter_map(|r| {
            Some((
                r.try_get::<String>("", "chain").ok()?,
                Head { seq: r.try_get("", "seq").ok()?, hash: r.try_get("", "hash").ok()? },
            ))
        })
        .collect();
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n, MAX(version) AS latest FROM seaql_migrations",
        ))
        .await?;
    let migrations = MigrationLevel {
        applied: row.as_ref().and_then(|r| r.try_get::<i64>("", "n").ok()).unwrap_or_default(),
        latest: row.and_then(|r| r.try_get::<Option<String>>("", "latest").ok().flatten()).unwrap_or_default(),
    };
    Ok((migrations, counts, heads))
}

/// Runs an external program off the async workers; its standard error on failure.
async fn run_tool(program: &'static str, args: Vec<std::ffi::OsString>, hint: &'static str) -> Result<(), BackupError> {
    let output = tokio::task::spawn_blocking(move || std::process::Command::new(program).args(args).output())
        .await
        .map_err(|_| BackupError::Tool(format!("{program} could not be started")))?;
    match output {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(BackupError::Tool(format!("{program} is not installed: {hint}")))
        }
        Err(e) => Err(BackupError::Io(format!("cannot run {program}"), e)),
        Ok(out) if !out.status.success() => Err(BackupError::Tool(format!(
            "{program} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))),
        Ok(_) => Ok(()),
    }
}

const PG_TOOLS_HINT: &str = "install PostgreSQL's client programs (Debian: apt-get install postgresql-client, the same major version as the server) or see docs/operations.md for the command to run by hand";

impl Store {
    /// Takes a consistent snapshot of the whole database into `file` (which must not exist) while
    /// others go on writing, and writes its manifest beside it (`FILE.manifest.json`).
    ///
    /// # Errors
    /// Refuses an existing file; fails when the database cannot be read, the file written, or
    /// (PostgreSQL) `pg_dump` is missing or fails.
    pub async fn backup(
        &self,
        url: &DatabaseUrl,
        file: &Path,
        version: &str,
        now: DateTime<Utc>,
    ) -> Result<Manifest, BackupError> {
        if file.exists() {
            return Err(BackupError::Refused(format!("{} exists already; name a new file", file.display())));
        }
        let (backend, described, verified) = match url {
            DatabaseUrl::Sqlite(_) => {
                // VACUUM INTO reads the database in one transaction: a consistent copy even while
                // serve commits (WAL lets the reader and the writer go on side by side).
                let target = file.to_string_lossy().into_owned();
                self.db
                    .execute_raw(Statement::from_sql_and_values(
                        DatabaseBackend::Sqlite,
                        "VACUUM INTO ?",
                        [target.into()],
                    ))
                    .await?;
                let snapshot = open_sqlite_read_only(file).await?;
                let described = describe(&snapshot.db).await?;
                let report = snapshot.verify(None).await?;
                snapshot.db.close().await.ok();
                ("sqlite", described, Some(report.findings.is_empty()))
            }
            DatabaseUrl::Postgres(raw) => {
                // The counts and heads are read in the transaction whose snapshot pg_dump dumps.
                let txn =
                    self.db.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await?;
                let row = txn
                    .query_one_raw(Statement::from_string(
                        DatabaseBackend::Postgres,
                        "SELECT pg_export_snapshot() AS id",
                    ))
                    .await?;
                let snapshot: String = row
                    .and_then(|r| r.try_get("", "id").ok())
                    .ok_or_else(|| BackupError::Tool("PostgreSQL did not export a snapshot".to_owned()))?;
                let described = describe(&txn).await?;
                run_tool(
                    "pg_dump",
                    vec![
                        "--format=custom".into(),
                        format!("--snapshot={snapshot}").into(),
                        "--file".into(),
                        file.as_os_str().to_owned(),
                        "--dbname".into(),
                        raw.into(),
                    ],
                    PG_TOOLS_HINT,
                )
                .await?;
                txn.commit().await?;
                ("postgres", described, None)
            }
        };
        let (migrations, counts, heads) = described;
        let (sha256, size_bytes) = sha256_of(file)?;
        let manifest = Manifest {
            format: MANIFEST_FORMAT.to_owned(),
            format_version: MANIFEST_VERSION,
            breachdesk_version: version.to_owned(),
            created_at: domain::time::normalise(now),
            backend: backend.to_owned(),
            file: file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            size_bytes,
            sha256,
            migrations,
            counts,
            heads,
            verified,
        };
        let text = serde_json::to_string_pretty(&manifest).map_err(|e| BackupError::Tool(e.to_string()))?;
        let path = manifest_path(file);
        std::fs::write(&path, text + "\n")
            .map_err(|e| BackupError::Io(format!("cannot write {}", path.display()), e))?;
        Ok(manifest)
    }
}

async fn open_sqlite_read_only(file: &Path) -> Result<Store, BackupError> {
    let db = Database::connect(format!("sqlite://{}?mode=ro", file.display())).await?;
    Ok(Store { read: db.clone(), db, witness: None, last_used: std::sync::Arc::default(), evidence_dir: None })
}

/// Reads a manifest.
///
/// # Errors
/// Refuses a missing or unreadable manifest, another format or a newer format version.
pub fn read_manifest(path: &Path) -> Result<Manifest, BackupError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        BackupError::Refused(format!(
            "the manifest {} cannot be read ({e}); a backup is restored with its manifest",
            path.display()
        ))
    })?;
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
        BackupError::Refused(format!("the manifest {} is not a breachdesk manifest: {e}", path.display()))
    })?;
    if manifest.format != MANIFEST_FORMAT || manifest.format_version > MANIFEST_VERSION {
        return Err(BackupError::Refused(format!(
            "the manifest is {} version {}; this breachdesk reads {MANIFEST_FORMAT} up to version {MANIFEST_VERSION}",
            manifest.format, manifest.format_version
        )));
    }
    Ok(manifest)
}

/// What a restore brought back.
#[derive(Debug, Clone)]
pub struct Restored {
    /// The rows of every table, as the manifest promised.
    pub counts: BTreeMap<String, i64>,
    /// The verify report over the restored database (no findings).
    pub report: crate::VerifyReport,
}

/// The first way a restored database differs from its manifest.
fn compare(
    manifest: &Manifest,
    found: &(MigrationLevel, BTreeMap<String, i64>, BTreeMap<String, Head>),
) -> Option<String> {
    let (migrations, counts, heads) = found;
    if *migrations != manifest.migrations {
        return Some(format!(
            "the file holds {} migrations (latest {}), the manifest says {} ({})",
            migrations.applied, migrations.latest, manifest.migrations.applied, manifest.migrations.latest
        ));
    }
    for (table, n) in &manifest.counts {
        let held = counts.get(table).copied().unwrap_or_default();
        if held != *n {
            return Some(format!("table {table} holds {held} rows, the manifest says {n}"));
        }
    }
    if let Some(extra) = counts.keys().find(|t| !manifest.counts.contains_key(*t)) {
        return Some(format!("the file holds a table {extra} that the manifest does not list"));
    }
    for (chain, head) in &manifest.heads {
        match heads.get(chain) {
            Some(h) if h == head => {}
            Some(h) => {
                return Some(format!(
                    "the {chain} chain's head is at {} ({}), the manifest says {} ({})",
                    h.seq, h.hash, head.seq, head.hash
                ));
            }
            None => return Some(format!("the {chain} chain's head is missing")),
        }
    }
    None
}

/// Restores `file` (described by the manifest beside it) into the empty database at `url`, then
/// brings it to this breachdesk's migration level and verifies it; on any refusal the target is
/// left empty.
///
/// # Errors
/// `Refused` for a file whose SHA-256, counts or heads differ from its manifest, a record that
/// does not verify (every finding named), a backup of another database kind or of a newer
/// breachdesk, or a target that is not empty; `Tool` when `pg_restore` is missing or fails.
pub async fn restore(url: &DatabaseUrl, file: &Path) -> Result<Restored, BackupError> {
    let known_migrations = <migration::Migrator as migration::MigratorTrait>::migrations().len();
    let manifest = read_manifest(&manifest_path(file))?;
    let (sha256, _) = sha256_of(file)?;
    if sha256 != manifest.sha256 {
        return Err(BackupError::Refused(format!(
            "{} has SHA-256 {sha256}, its manifest says {}: the file was changed or is not the one the manifest describes",
            file.display(),
            manifest.sha256
        )));
    }
    if usize::try_from(manifest.migrations.applied).unwrap_or(usize::MAX) > known_migrations {
        return Err(BackupError::Refused(format!(
            "the backup was taken at migration level {} ({}); this breachdesk knows {known_migrations}: restore it with a breachdesk at least as new as {}",
            manifest.migrations.applied, manifest.migrations.latest, manifest.breachdesk_version
        )));
    }
    match url {
        DatabaseUrl::Sqlite(_) => {
            if manifest.backend != "sqlite" {
                return Err(BackupError::Refused(format!(
                    "the backup is of a {} database; restore it into one (BREACHDESK_DATABASE_URL=postgres://...)",
                    manifest.backend
                )));
            }
            restore_sqlite(url, file, &manifest).await
        }
        DatabaseUrl::Postgres(raw) => {
            if manifest.backend != "postgres" {
                return Err(BackupError::Refused(format!(
                    "the backup is of a {} database; restore it into one (BREACHDESK_DATABASE_URL=sqlite://...)",
                    manifest.backend
                )));
            }
            restore_postgres(url, raw, file, &manifest).await
        }
    }
}

/// Checks a restored database against its manifest, migrates it and verifies it.
async fn check_restored(store: &Store, manifest: &Manifest) -> Result<Restored, BackupError> {
    let found = describe(&store.db).await?;
    if let Some(problem) = compare(manifest, &found) {
        return Err(BackupError::Refused(problem));
    }
    store.migrate().await?;
    let report = store.verify(None).await?;
    if !report.findings.is_empty() {
        let findings: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
        return Err(BackupError::Refused(format!("the backup's record does not verify:\n{}", findings.join("\n"))));
    }
    Ok(Restored { counts: found.1, report })
}

async fn restore_sqlite(url: &DatabaseUrl, file: &Path, manifest: &Manifest) -> Result<Restored, BackupError> {
    let target = url
        .sqlite_file()
        .ok_or_else(|| BackupError::Refused("restore needs a SQLite file, not an in-memory database".to_owned()))?;
    if std::fs::metadata(&target).is_ok_and(|m| m.len() > 0) {
        return Err(BackupError::Refused(format!(
            "{} exists and is not empty: restore needs an empty database (move the old file away first)",
            target.display()
        )));
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| BackupError::Io(format!("cannot create {}", parent.display()), e))?;
    }
    // Restored beside the target and moved into place only once it has verified.
    let mut staging = target.as_os_str().to_owned();
    staging.push(".restoring");
    let staging = PathBuf::from(staging);
    let remove_staging = || {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = staging.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    };
    remove_staging();
    std::fs::copy(file, &staging).map_err(|e| BackupError::Io(format!("cannot write {}", staging.display()), e))?;
    let store = Store::connect(&DatabaseUrl::Sqlite(format!("sqlite://{}", staging.display()))).await?;
    let checked = check_restored(&store, manifest).await;
    store.db.close().await.ok();
    match checked {
        Ok(restored) => {
            std::fs::rename(&staging, &target).map_err(|e| {
                BackupError::Io(format!("cannot move the restored database to {}", target.display()), e)
            })?;
            remove_staging();
            Ok(restored)
        }
        Err(e) => {
            remove_staging();
            Err(e)
        }
    }
}

async fn restore_postgres(
    url: &DatabaseUrl,
    raw: &str,
    file: &Path,
    manifest: &Manifest,
) -> Result<Restored, BackupError> {
    let store = Store::connect(url).await?;
    let existing = tables(&store.db).await?;
    if !existing.is_empty() {
        return Err(BackupError::Refused(format!(
            "the database already has {} tables ({}...): restore needs an empty database (CREATE DATABASE a new one)",
            existing.len(),
            existing[0]
        )));
    }
    let restored = run_tool(
        "pg_restore",
        vec![
            "--single-transaction".into(),
            "--exit-on-error".into(),
            "--no-owner".into(),
            "--no-privileges".into(),
            "--dbname".into(),
            raw.into(),
            file.as_os_str().to_owned(),
        ],
        PG_TOOLS_HINT,
    )
    .await;
    let checked = match restored {
        Ok(()) => check_restored(&store, manifest).await,
        Err(e) => Err(e),
    };
    if checked.is_err() {
        // The target was empty before: leave it so (the triggers refuse deleting rows, not
        // dropping the schema).
        store.db.execute_unprepared("DROP SCHEMA public CASCADE; CREATE SCHEMA public").await.ok();
    }
    store.db.close().await.ok();
    checked
}

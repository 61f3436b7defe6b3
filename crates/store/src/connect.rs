//! Connecting to the database named by `BREACHDESK_DATABASE_URL`, and running migrations.

use std::str::FromStr;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

use crate::error::StoreError;

/// A database URL that breachdesk accepts: SQLite or PostgreSQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://PATH` (a file, created with its directory if missing) or `sqlite::memory:`.
    Sqlite(String),
    /// `postgres://...` or `postgresql://...`.
    Postgres(String),
}

impl DatabaseUrl {
    /// Parses and checks the scheme.
    ///
    /// # Errors
    /// Refuses any scheme other than `sqlite:` and `postgres(ql)://`, saying what is accepted;
    /// never falls back to creating an empty SQLite file.
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite(url.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url.to_owned()))
        } else {
            let scheme = url.split(':').next().unwrap_or_default();
            Err(StoreError::UnsupportedUrl(format!("scheme '{scheme}'")))
        }
    }

    /// The URL with any password replaced by `***`, safe to print.
    pub fn masked(&self) -> String {
        let url = match self {
            Self::Sqlite(u) | Self::Postgres(u) => u,
        };
        let Some((scheme, rest)) = url.split_once("://") else { return url.clone() };
        let Some((userinfo, host)) = rest.split_once('@') else { return url.clone() };
        match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.clone(),
        }
    }

    /// The file a SQLite URL points at, if it is a file.
    pub(crate) fn sqlite_file(&self) -> Option<std::path::PathBuf> {
        let Self::Sqlite(url) = self else { return None };
        let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or_default();
        (!path.is_empty() && !path.starts_with(":memory:")).then(|| path.into())
    }
}

/// How many connections a store opens beside its one SQLite writer (`BREACHDESK_DATABASE_CONNECTIONS`).
pub const DEFAULT_CONNECTIONS: u32 = 16;

/// The handle every repository method hangs off. Cheap to clone (connection pools).
#[derive(Debug, Clone)]
pub struct Store {
    /// Every write and every transaction. On SQLite one connection: SQLite has one writer at
    /// a time, and a second connection trying to write would get SQLITE_BUSY, not a queue.
    pub(crate) db: DatabaseConnection,
    /// Reads outside a transaction. On a SQLite file a pool of read-only connections (WAL lets
    /// readers run beside the writer and each read sees the last commit); on PostgreSQL and an
    /// in-memory SQLite the same pool as `db`.
    pub(crate) read: DatabaseConnection,
    /// A file outside the database that every commit appends the chains' heads to.
    pub(crate) witness: Option<std::sync::Arc<std::path::PathBuf>>,
    /// "Last used" writes in flight (`last_used.rs`).
    pub(crate) last_used: std::sync::Arc<crate::last_used::LastUsed>,
    /// The directory store for evidence files, when configured (else the bytes go in the database).
    pub(crate) evidence_dir: Option<std::sync::Arc<std::path::PathBuf>>,
}

impl Store {
    /// Connects with [`DEFAULT_CONNECTIONS`]; see [`Store::connect_with`].
    ///
    /// # Errors
    /// Fails on an unsupported scheme, an unreachable server or an unwritable file.
    pub async fn connect(url: &DatabaseUrl) -> Result<Self, StoreError> {
        Self::connect_with(url, DEFAULT_CONNECTIONS).await
    }

    /// Connects to the database with `connections` in the pool: on PostgreSQL the pool every
    /// query shares, on a SQLite file the readers beside the one writer. For a SQLite file:
    /// creates it and its directory if missing, turns on WAL, foreign keys and
    /// `synchronous=FULL` so that a commit is on disk before the API answers.
    ///
    /// # Errors
    /// Fails on an unsupported scheme, an unreachable server or an unwritable file.
    pub async fn connect_with(url: &DatabaseUrl, connections: u32) -> Result<Self, StoreError> {
        let connections = connections.max(1);
        let (db, read) = match url {
            DatabaseUrl::Sqlite(raw) => {
                let file = url.sqlite_file();
                if let Some(parent) = file.as_ref().and_then(|f| f.parent().map(ToOwned::to_owned))
                    && !parent.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(&parent).map_err(|e| {
                        StoreError::Corrupt(format!("cannot create the directory {}: {e}", parent.display()))
                    })?;
                }
                // Validate before handing it on: a typo must not silently become another file.
                SqliteConnectOptions::from_str(raw)
                    .map_err(|e| StoreError::UnsupportedUrl(format!("invalid SQLite URL: {e}")))?;
                let mut options = ConnectOptions::new(raw.clone());
                options.sqlx_logging(false).max_connections(1).map_sqlx_sqlite_opts(|o| {
                    o.create_if_missing(true)
                        .journal_mode(SqliteJournalMode::Wal)
                        .synchronous(SqliteSynchronous::Full)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                });
                let db = Database::connect(options).await?;
                let read = if file.is_some() {
                    // Opened after the writer, which created the file and put it in WAL mode
                    // (a property of the file that every later connection follows).
                    let mut options = ConnectOptions::new(raw.clone());
                    options
                        .sqlx_logging(false)
                        .max_connections(connections)
                        .acquire_timeout(Duration::from_secs(10))
                        .map_sqlx_sqlite_opts(|o| o.read_only(true).busy_timeout(Duration::from_secs(10)));
                    Database::connect(options).await?
                } else {
                    // Each connection to `:memory:` is a database of its own.
                    db.clone()
                };
                (db, read)
            }
            DatabaseUrl::Postgres(raw) => {
                let mut options = ConnectOptions::new(raw.clone());
                options.sqlx_logging(false).max_connections(connections).acquire_timeout(Duration::from_secs(10));
                let db = Database::connect(options).await?;
                (db.clone(), db)
            }
        };
        Ok(Self { db, read, witness: None, last_used: std::sync::Arc::default(), evidence_dir: None })
    }

    /// Appends the chains' heads to `path` on every commit from now on (BREACHDESK_WITNESS_FILE).
    #[must_use]
    pub fn with_witness(mut self, path: std::path::PathBuf) -> Self {
        self.witness = Some(std::sync::Arc::new(path));
        self
    }

    /// Calls `observe` with every statement the store runs from now on, on every connection
    /// (tests that count what a request reads; tools that profile).
    #[must_use]
    pub fn with_statement_observer(
        mut self,
        observe: impl Fn(&sea_orm::metric::Info<'_>) + Send + Sync + 'static,
    ) -> Self {
        let observe = std::sync::Arc::new(observe);
        let for_writer = std::sync::Arc::clone(&observe);
        self.db.set_metric_callback(move |info| for_writer(info));
        self.read.set_metric_callback(move |info| observe(info));
        self
    }

    /// The witness file, if one is configured.
    pub fn witness(&self) -> Option<&std::path::Path> {
        self.witness.as_deref().map(std::path::PathBuf::as_path)
    }

    /// Applies every pending migration.
    ///
    /// # Errors
    /// Fails when a migration fails; nothing of that migration is kept on PostgreSQL.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        Migrator::up(&self.db, None).await?;
        Ok(())
    }

    /// Rolls back every migration (tests and disaster drills only).
    ///
    /// # Errors
    /// Fails when a down migration fails.
    pub async fn migrate_down_all(&self) -> Result<(), StoreError> {
        Migrator::down(&self.db, None).await?;
        Ok(())
    }

    /// How many migrations are applied.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn applied_migrations(&self) -> Result<usize, StoreError> {
        Ok(Migrator::get_applied_migrations(&self.db).await?.len())
    }

    /// The connection itself, for tools and tests that must reach past the repositories
    /// (tamper tests of the hash chains). Application code uses the repositories.
    pub fn raw_connection(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Checks that the database answers (for `/healthz`).
    ///
    /// # Errors
    /// Fails when it does not.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.read.ping().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_schemes_are_refused_with_what_is_accepted() {
        let err = DatabaseUrl::parse("mysql://root@localhost/db").expect_err("mysql");
        let text = err.to_string();
        assert!(text.contains("'mysql'") && text.contains("sqlite://") && text.contains("postgres://"), "{text}");
        assert!(DatabaseUrl::parse("./data/x.db").is_err());
    }

    #[test]
    fn passwords_are_masked() {
        let url = DatabaseUrl::parse("postgres://app:hemligt@db.example.se/breachdesk").expect("valid");
        assert_eq!(url.masked(), "postgres://app:***@db.example.se/breachdesk");
    }
}

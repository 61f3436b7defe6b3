//! What can go wrong in the store, precisely enough for the API to pick a status code.

use domain::ValidationErrors;
use sea_orm::{DbErr, SqlErr};

/// A store failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL has a scheme breachdesk does not speak.
    #[error(
        "unsupported database URL scheme in BREACHDESK_DATABASE_URL ({0}); use sqlite://PATH (for example sqlite://./data/breachdesk.db) or postgres://USER@HOST/DB"
    )]
    UnsupportedUrl(String),
    /// The thing asked for does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The update was based on a version that is no longer current.
    #[error("the case was changed by someone else (current version {current})")]
    Stale {
        /// The version now stored.
        current: i64,
    },
    /// The request refers to something that does not exist or breaks a rule.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// The thing asked for existed and is gone for good (evidence purged under the retention
    /// rule).
    #[error("{0} is gone")]
    Gone(&'static str),
    /// A uniqueness rule was broken.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A stored row could not be read back into the domain.
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// The evidence directory store failed (a file could not be written, read or removed).
    #[error("evidence files: {0}")]
    Io(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[source] DbErr),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => StoreError::Conflict(detail),
            Some(SqlErr::ForeignKeyConstraintViolation(detail)) => StoreError::Conflict(detail),
            _ => StoreError::Database(err),
        }
    }
}

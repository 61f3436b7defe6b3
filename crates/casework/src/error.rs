//! Why a use case refused or failed, precisely enough for every edge to answer in its terms.

use domain::ValidationErrors;
use store::StoreError;

/// A refused or failed use case.
#[derive(Debug, thiserror::Error)]
pub enum CaseworkError {
    /// The actor's role may not do this.
    #[error("forbidden")]
    Forbidden,
    /// Missing or invalid fields, or a change the law does not allow; each named.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// The store refused or failed (not found, stale, conflict, database).
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for CaseworkError {
    /// Fields the store refuses (a case that does not validate, unknown controllers) are
    /// `Invalid` like every other refused field, so the edges look in one place for them.
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Invalid(errors) => CaseworkError::Invalid(errors),
            other => CaseworkError::Store(other),
        }
    }
}

impl From<domain::closing::ExitRefusal> for CaseworkError {
    fn from(refusal: domain::closing::ExitRefusal) -> Self {
        match refusal {
            domain::closing::ExitRefusal::Forbidden => CaseworkError::Forbidden,
            domain::closing::ExitRefusal::Blocked(errors) => CaseworkError::Invalid(errors),
        }
    }
}

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
    Store(#[from] StoreError),
}

impl From<domain::closing::ExitRefusal> for CaseworkError {
    fn from(refusal: domain::closing::ExitRefusal) -> Self {
        match refusal {
            domain::closing::ExitRefusal::Forbidden => CaseworkError::Forbidden,
            domain::closing::ExitRefusal::Blocked(errors) => CaseworkError::Invalid(errors),
        }
    }
}

//! The law guards the exits of a case: no closing while an assessment, a decision or a filing
//! the law requires is missing, and "not a breach" is itself a decision (it needs the Decide
//! permission) that nothing recorded may contradict.

use crate::access::{Permission, Role, allows};
use crate::case::CaseStatus;
use crate::rules::CaseFile;
use crate::validation::ValidationErrors;

/// Why a status change that leaves the open states is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExitRefusal {
    /// The role may not decide that a case is not a breach.
    #[error("only a role that decides may mark a case as not a breach")]
    Forbidden,
    /// What is still missing or contradicts the exit, named on `status`.
    #[error(transparent)]
    Blocked(#[from] ValidationErrors),
}

/// Checks a change of status to `to` for a case as it would be stored (`file`), by `role`.
///
/// # Errors
/// `Forbidden` when `role` may not decide, `Blocked` naming everything that keeps the case open.
pub fn check_exit(file: &CaseFile<'_>, to: CaseStatus, role: Role) -> Result<(), ExitRefusal> {
    let (blockers, what) = match to {
        CaseStatus::Closed => (file.closing_blockers(), "closed"),
        CaseStatus::NotABreach => {
            if !allows(role, Permission::Decide) {
                return Err(ExitRefusal::Forbidden);
            }
            (file.not_a_breach_blockers(), "marked as not a breach")
        }
        _ => return Ok(()),
    };
    if blockers.is_empty() {
        return Ok(());
    }
    Err(ValidationErrors::single("status", format!("the case cannot be {what}: {}", blockers.join("; "))).into())
}

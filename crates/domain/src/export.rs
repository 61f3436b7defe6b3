//! The export record: which draft of which case was downloaded, by whom, and the SHA-256 of
//! the exact bytes (what legal downloaded is, unless they say otherwise, what was sent).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{CaseId, ControllerId};

/// One downloaded draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftExport {
    /// The case.
    pub case_id: CaseId,
    /// Which draft: `imy`, `imy_supplement`, `police`, `data_subjects`.
    pub draft: String,
    /// For which controller, if per controller.
    pub controller_id: Option<ControllerId>,
    /// `sv` or `en`.
    pub lang: String,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Who downloaded it (a user id).
    pub exported_by: String,
    /// When.
    pub exported_at: DateTime<Utc>,
}

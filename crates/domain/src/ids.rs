//! Typed identifiers, so a case id can never be passed where a controller id is expected.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered (UUID v7) identifier.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }
    };
}

typed_id!(
    /// Identifies an [`crate::Organisation`], the deployment's tenant.
    OrganisationId
);
typed_id!(
    /// Identifies a [`crate::Controller`] (personuppgiftsansvarig).
    ControllerId
);
typed_id!(
    /// Identifies a [`crate::Case`].
    CaseId
);
typed_id!(
    /// Identifies a [`crate::TimelineEntry`].
    TimelineEntryId
);
typed_id!(
    /// Identifies an [`crate::Action`].
    ActionId
);
typed_id!(
    /// Identifies a [`crate::User`].
    UserId
);
typed_id!(
    /// Identifies an API token (its public half; the secret is never stored).
    ApiTokenId
);
typed_id!(
    /// Identifies a login session (its public half; the secret is never stored).
    SessionId
);
typed_id!(
    /// Identifies an [`crate::AuditEvent`].
    AuditEventId
);
typed_id!(
    /// Identifies an [`crate::evidence::EvidenceItem`]; its stored bytes are keyed by it too.
    EvidenceId
);

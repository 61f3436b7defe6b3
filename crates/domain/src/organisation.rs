//! The organisation: the deployment's tenant, a municipality's DPO office.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::ids::OrganisationId;

/// The time zone of an organisation not yet set up: breachdesk is made first for Sweden.
pub const DEFAULT_TIME_ZONE: Tz = Tz::Europe__Stockholm;

/// The deployment's tenant. DPO contact details live here (GDPR Art. 33(3)(b)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// Its id.
    pub id: OrganisationId,
    /// Its name.
    pub name: String,
    /// The data protection officer's name.
    pub dpo_name: String,
    /// The DPO's e-mail address.
    pub dpo_email: String,
    /// The DPO's telephone number.
    pub dpo_phone: String,
    /// The time zone instants are shown in (default Europe/Stockholm).
    pub time_zone: Tz,
}

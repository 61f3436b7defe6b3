//! The organisation: the deployment's tenant, a municipality's DPO office.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::ids::OrganisationId;
use crate::text::{TextRule, is_blank};
use crate::validation::{ValidationErrors, checked_text};

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

impl Organisation {
    /// The organisation with its texts checked and trimmed: a name (one line) is required; the
    /// DPO's name and telephone number are one line each, and their e-mail address is an
    /// address; each of those three may be left empty.
    ///
    /// # Errors
    /// Names every field that is refused.
    pub fn checked(self) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = checked_text(&mut errors, "name", self.name, TextRule::line(300)).unwrap_or_default();
        let mut optional = |field: &str, value: String, max_chars: usize| {
            if is_blank(&value) {
                String::new()
            } else {
                checked_text(&mut errors, field, value, TextRule::line(max_chars)).unwrap_or_default()
            }
        };
        let dpo_name = optional("dpo_name", self.dpo_name, 200);
        let dpo_phone = optional("dpo_phone", self.dpo_phone, 50);
        let dpo_email = optional("dpo_email", self.dpo_email, crate::access::EMAIL_MAX_CHARS);
        if !dpo_email.is_empty() && crate::Email::parse(&dpo_email).is_err() {
            errors.add("dpo_email", "is not an e-mail address");
        }
        errors.into_result(Self { name, dpo_name, dpo_email, dpo_phone, ..self })
    }
}

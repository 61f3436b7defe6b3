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
    /// IMY's form, question 9: "Den adress ni önskar bli kontaktad på" (the address IMY's
    /// letters about the notification go to); empty: not given.
    #[serde(default)]
    pub contact_address: String,
    /// The contact person for a notification, distinct from the DPO (Art. 33(3)(b): "or other
    /// contact point"); empty: the DPO is the contact.
    #[serde(default)]
    pub contact_name: String,
    /// The contact person's e-mail address.
    #[serde(default)]
    pub contact_email: String,
    /// The contact person's telephone number.
    #[serde(default)]
    pub contact_phone: String,
    /// The time zone instants are shown in (default Europe/Stockholm).
    pub time_zone: Tz,
}

/// The organisation's settings as submitted (the admin page, `PUT /api/v1/organisation`, the
/// demo's organisation file).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationSettings {
    /// `name`
    pub name: Option<String>,
    /// `dpo_name`
    pub dpo_name: Option<String>,
    /// `dpo_email`
    pub dpo_email: Option<String>,
    /// `dpo_phone`
    pub dpo_phone: Option<String>,
    /// `contact_address`
    pub contact_address: Option<String>,
    /// `contact_name`
    pub contact_name: Option<String>,
    /// `contact_email`
    pub contact_email: Option<String>,
    /// `contact_phone`
    pub contact_phone: Option<String>,
    /// `time_zone` (an IANA name)
    pub time_zone: Option<String>,
}

/// The longest setting accepted (a postal address of several lines fits).
const SETTING_MAX_CHARS: usize = 1_000;

impl OrganisationSettings {
    /// Validates the settings into the organisation with id `id`.
    ///
    /// # Errors
    /// Names every invalid field: a missing name, a time zone that is not an IANA name, an
    /// e-mail address that is not one, a text that is too long.
    pub fn settle(self, id: OrganisationId) -> Result<Organisation, crate::ValidationErrors> {
        use crate::validation::{checked_text, required_text};
        let mut errors = crate::ValidationErrors::default();
        let name = required_text(&mut errors, "name", self.name, 300);
        let time_zone = match self.time_zone.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => Some(Tz::Europe__Stockholm),
            Some(text) => text.parse::<Tz>().ok().or_else(|| {
                errors.add("time_zone", "must be an IANA time zone such as Europe/Stockholm");
                None
            }),
        };
        let mut text = |field: &str, value: Option<String>| {
            value
                .filter(|v| !v.trim().is_empty())
                .and_then(|v| checked_text(&mut errors, field, v, SETTING_MAX_CHARS))
                .unwrap_or_default()
        };
        let dpo_name = text("dpo_name", self.dpo_name);
        let dpo_email = text("dpo_email", self.dpo_email);
        let dpo_phone = text("dpo_phone", self.dpo_phone);
        let contact_address = text("contact_address", self.contact_address);
        let contact_name = text("contact_name", self.contact_name);
        let contact_email = text("contact_email", self.contact_email);
        let contact_phone = text("contact_phone", self.contact_phone);
        for (field, email) in [("dpo_email", &dpo_email), ("contact_email", &contact_email)] {
            if !email.is_empty() && crate::Email::parse(email).is_err() {
                errors.add(field, "is not an e-mail address");
            }
        }
        let (Some(name), Some(time_zone)) = (name, time_zone) else { return Err(errors) };
        errors.into_result(Organisation {
            id,
            name,
            dpo_name,
            dpo_email,
            dpo_phone,
            contact_address,
            contact_name,
            contact_email,
            contact_phone,
            time_zone,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_name_every_bad_field_and_keep_the_contact_apart_from_the_dpo() {
        let err = OrganisationSettings {
            time_zone: Some("Mars/Olympus".into()),
            contact_email: Some("inte en adress".into()),
            ..Default::default()
        }
        .settle(OrganisationId::new())
        .expect_err("bad");
        let fields: Vec<&str> = err.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "time_zone", "contact_email"]);
        let org = OrganisationSettings {
            name: Some("Bjuvs kommun".into()),
            dpo_name: Some("Dataskyddsombudet".into()),
            contact_name: Some(" Kommunjuristen ".into()),
            contact_address: Some("Box 501, 267 25 Bjuv".into()),
            ..Default::default()
        }
        .settle(OrganisationId::new())
        .expect("valid");
        assert_eq!((org.contact_name.as_str(), org.time_zone), ("Kommunjuristen", Tz::Europe__Stockholm));
    }
}

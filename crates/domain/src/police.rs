//! What the police ask for that the rest of the case does not hold: who signs and can be
//! reached, the technical details and the attacker's traces, where the evidence is kept, the
//! damage, the ransom demand and any suspects. Free text, as a lawyer writes it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::CaseId;
use crate::time::normalise;
use crate::validation::{ValidationErrors, checked_text};

/// The longest text of one field.
pub const POLICE_FIELD_MAX_CHARS: usize = 20_000;

/// The police-report facts of a case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliceDetails {
    /// The authorised signatory and a contact reachable around the clock.
    pub signatory: Option<String>,
    /// Attacked machines and services: host names, IP addresses, operating systems, ports.
    pub technical_details: Option<String>,
    /// The attacker's traces: IP addresses, domains, accounts, files and hashes, ransom note.
    pub attacker_traces: Option<String>,
    /// Where the evidence is kept, who is responsible for it, and its hashes.
    pub evidence_custody: Option<String>,
    /// The extent of the damage, costs so far, any claim for damages.
    pub damage: Option<String>,
    /// The ransom demand: amount, currency, address, deadline, whether anything was paid.
    pub ransom_demand: Option<String>,
    /// Suspects, if any are known.
    pub suspects: Option<String>,
    /// Whether money moved (a payment diverted, a ransom paid): only then is fraud (bedrägeri,
    /// BrB 9 kap. 1 §) among the offences considered.
    #[serde(default)]
    pub money_moved: bool,
}

/// The police-report facts as stored, with who last changed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPoliceDetails {
    /// The case.
    pub case_id: CaseId,
    /// The facts.
    pub details: PoliceDetails,
    /// Who last changed them.
    pub updated_by: String,
    /// When.
    pub updated_at: DateTime<Utc>,
}

impl PoliceDetails {
    /// Trims every field (a blank one becomes absent) and checks the lengths.
    ///
    /// # Errors
    /// Names every field longer than [`POLICE_FIELD_MAX_CHARS`].
    pub fn checked(
        self,
        case_id: CaseId,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredPoliceDetails, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let mut field = |name: &str, value: Option<String>| {
            value
                .filter(|v| !crate::text::is_blank(v))
                .and_then(|v| checked_text(&mut errors, name, v, POLICE_FIELD_MAX_CHARS))
        };
        let details = PoliceDetails {
            signatory: field("signatory", self.signatory),
            technical_details: field("technical_details", self.technical_details),
            attacker_traces: field("attacker_traces", self.attacker_traces),
            evidence_custody: field("evidence_custody", self.evidence_custody),
            damage: field("damage", self.damage),
            ransom_demand: field("ransom_demand", self.ransom_demand),
            suspects: field("suspects", self.suspects),
            money_moved: self.money_moved,
        };
        errors.into_result(StoredPoliceDetails {
            case_id,
            details,
            updated_by: by.to_owned(),
            updated_at: normalise(now),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_fields_become_absent_and_long_ones_are_named() {
        let stored =
            PoliceDetails { damage: Some("  ".into()), suspects: Some(" Okända ".into()), ..Default::default() }
                .checked(CaseId::new(), "dpo", Utc::now())
                .expect("valid");
        assert_eq!(stored.details.damage, None);
        assert_eq!(stored.details.suspects.as_deref(), Some("Okända"));
        let err = PoliceDetails { ransom_demand: Some("x".repeat(POLICE_FIELD_MAX_CHARS + 1)), ..Default::default() }
            .checked(CaseId::new(), "dpo", Utc::now())
            .expect_err("too long");
        assert_eq!(err.0[0].field, "ransom_demand");
    }
}

//! Controllers (personuppgiftsansvariga): the committees and companies a case can affect, each
//! with a Swedish organisation number.

use serde::{Deserialize, Serialize};

use crate::ids::ControllerId;
use crate::text::TextRule;
use crate::validation::{ValidationErrors, required, required_text};

/// A Swedish organisation number, `NNNNNN-NNNN`, with a valid Luhn check digit.
///
/// The committees of one municipality share the municipality's number, so it is not unique.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrganisationNumber(String);

/// Why a text is not an organisation number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrganisationNumberError {
    /// Not ten digits in the form NNNNNN-NNNN.
    #[error("must be ten digits written NNNNNN-NNNN")]
    Format,
    /// The third digit is below 2, which is how personnummer are told apart.
    #[error("the third digit must be 2 or more (a personnummer is not an organisation number)")]
    LooksLikePersonnummer,
    /// The last digit does not match the Luhn check digit of the first nine.
    #[error("the check digit is wrong (expected {expected})")]
    CheckDigit {
        /// The check digit the first nine digits call for.
        expected: u32,
    },
}

impl OrganisationNumber {
    /// Parses `NNNNNN-NNNN` (or ten digits without the hyphen).
    ///
    /// # Errors
    /// Fails when the text is not ten digits, the third digit is below 2, or the Luhn check
    /// digit does not match.
    pub fn parse(text: &str) -> Result<Self, OrganisationNumberError> {
        let text = text.trim();
        let digits: Vec<u32> = match text.len() {
            11 if text.as_bytes()[6] == b'-' => {
                text.chars().filter(|c| *c != '-').map(|c| c.to_digit(10)).collect::<Option<_>>()
            }
            10 => text.chars().map(|c| c.to_digit(10)).collect::<Option<_>>(),
            _ => None,
        }
        .ok_or(OrganisationNumberError::Format)?;
        if digits.len() != 10 {
            return Err(OrganisationNumberError::Format);
        }
        if digits[2] < 2 {
            return Err(OrganisationNumberError::LooksLikePersonnummer);
        }
        let expected = luhn_check_digit(&digits[..9]);
        if digits[9] != expected {
            return Err(OrganisationNumberError::CheckDigit { expected });
        }
        let plain: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
        Ok(Self(format!("{}-{}", &plain[..6], &plain[6..])))
    }

    /// The number as `NNNNNN-NNNN`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Luhn (mod 10) check digit of nine digits, weights 2,1,2,1,...
pub(crate) fn luhn_check_digit(digits: &[u32]) -> u32 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let p = if i % 2 == 0 { d * 2 } else { *d };
            if p > 9 { p - 9 } else { p }
        })
        .sum();
    (10 - sum % 10) % 10
}

impl TryFrom<String> for OrganisationNumber {
    type Error = OrganisationNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<OrganisationNumber> for String {
    fn from(value: OrganisationNumber) -> Self {
        value.0
    }
}

impl std::fmt::Display for OrganisationNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A controller: a municipal committee (nämnd) or company responsible for the personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Controller {
    /// Its id.
    pub id: ControllerId,
    /// Its name, e.g. "Kommunstyrelsen i Bjuvs kommun".
    pub name: String,
    /// Its organisation number.
    pub organisation_number: OrganisationNumber,
    /// Postal address (not the visiting address; IMY asks for the postal one).
    pub postal_address: String,
}

/// A controller as submitted, before it is validated.
#[derive(Debug, Clone, Default)]
pub struct NewController {
    /// `name`
    pub name: Option<String>,
    /// `organisation_number`
    pub organisation_number: Option<String>,
    /// `postal_address`
    pub postal_address: Option<String>,
}

impl NewController {
    /// Validates every field and builds the controller.
    ///
    /// # Errors
    /// Names every missing or invalid field.
    pub fn validate(self, id: ControllerId) -> Result<Controller, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = required_text(&mut errors, "name", self.name, TextRule::line(300));
        let organisation_number =
            required(&mut errors, "organisation_number", self.organisation_number).and_then(|n| {
                match OrganisationNumber::parse(&n) {
                    Ok(n) => Some(n),
                    Err(e) => {
                        errors.add("organisation_number", e.to_string());
                        None
                    }
                }
            });
        let postal_address = required_text(&mut errors, "postal_address", self.postal_address, 500);
        match (name, organisation_number, postal_address) {
            (Some(name), Some(organisation_number), Some(postal_address)) if errors.is_empty() => {
                Ok(Controller { id, name, organisation_number, postal_address })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_municipal_numbers_are_accepted() {
        for n in ["212000-1041", "212000-0217", "2120001124", "212000-0282"] {
            assert!(OrganisationNumber::parse(n).is_ok(), "{n}");
        }
        assert_eq!(OrganisationNumber::parse("2120001041").map(|n| n.to_string()).as_deref(), Ok("212000-1041"));
    }

    #[test]
    fn malformed_numbers_are_refused_with_the_reason() {
        let cases = [
            ("212000-1042", OrganisationNumberError::CheckDigit { expected: 1 }),
            ("21200-01041", OrganisationNumberError::Format),
            ("212000-104", OrganisationNumberError::Format),
            ("21200a-1041", OrganisationNumberError::Format),
            ("", OrganisationNumberError::Format),
            ("811218-9876", OrganisationNumberError::LooksLikePersonnummer),
        ];
        for (text, want) in cases {
            assert_eq!(OrganisationNumber::parse(text), Err(want), "{text}");
        }
    }

    proptest! {
        #[test]
        fn exactly_one_check_digit_is_valid(prefix in "[0-9]{2}[2-9][0-9]{6}") {
            let valid = (0..10).filter(|d| OrganisationNumber::parse(&format!("{}-{}{d}", &prefix[..6], &prefix[6..])).is_ok()).count();
            prop_assert_eq!(valid, 1);
        }
    }
}

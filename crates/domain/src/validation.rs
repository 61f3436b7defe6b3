//! Validation errors that name every bad field, so the API can answer with all of them at once.

use serde::Serialize;

use crate::text::TextRule;

/// One invalid field: its name as the API spells it, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field as named in the request body (`aware_at`, `controller.organisation_number`).
    pub field: String,
    /// A sentence a person can act on.
    pub message: String,
}

/// Every invalid field of one request. Never empty when returned as an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("invalid fields: {}", self.fields())]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    /// An error for a single field.
    pub fn single(field: &str, message: impl Into<String>) -> Self {
        Self(vec![FieldError { field: field.to_owned(), message: message.into() }])
    }

    /// Records one more invalid field.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError { field: field.to_owned(), message: message.into() });
    }

    /// Whether no field was invalid.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded, otherwise the collected errors.
    ///
    /// # Errors
    /// Returns `self` when at least one field was recorded as invalid.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }

    fn fields(&self) -> String {
        self.0.iter().map(|e| e.field.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// Takes the value of a required field, recording an error when it is missing.
pub fn required<T>(errors: &mut ValidationErrors, field: &str, value: Option<T>) -> Option<T> {
    if value.is_none() {
        errors.add(field, "is required");
    }
    value
}

/// A required text, checked and trimmed by [`crate::text::clean`] under `rule` (a bare length
/// is a multi-line text of at most that many characters).
pub fn required_text(
    errors: &mut ValidationErrors,
    field: &str,
    value: Option<String>,
    rule: impl Into<TextRule>,
) -> Option<String> {
    let value = required(errors, field, value)?;
    checked_text(errors, field, value, rule)
}

/// A text that is given: checked and trimmed by [`crate::text::clean`] under `rule`; when it
/// is refused, the error names `field` and `None` is returned.
pub fn checked_text(
    errors: &mut ValidationErrors,
    field: &str,
    value: String,
    rule: impl Into<TextRule>,
) -> Option<String> {
    match crate::text::clean(&value, rule.into()) {
        Ok(text) => Some(text),
        Err(err) => {
            errors.add(field, err.to_string());
            None
        }
    }
}

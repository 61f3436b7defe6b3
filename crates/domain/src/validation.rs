//! Validation errors that name every bad field, so the API can answer with all of them at once.

use serde::Serialize;

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

/// A required text that must hold more than white space, at most `max_chars` characters.
pub fn required_text(
    errors: &mut ValidationErrors,
    field: &str,
    value: Option<String>,
    max_chars: usize,
) -> Option<String> {
    let value = required(errors, field, value)?;
    checked_text(errors, field, value, max_chars)
}

/// An optional text: when given, it must not be blank and not longer than `max_chars`.
pub fn checked_text(errors: &mut ValidationErrors, field: &str, value: String, max_chars: usize) -> Option<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        errors.add(field, "must not be empty");
        return None;
    }
    if trimmed.chars().count() > max_chars {
        errors.add(field, format!("must be at most {max_chars} characters"));
        return None;
    }
    Some(trimmed.to_owned())
}

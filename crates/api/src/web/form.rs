//! Form state for re-rendering a page: the values as submitted and the errors beside their
//! fields, so that nothing typed is lost when something must be corrected.

use std::collections::HashMap;

use domain::{FieldError, ValidationErrors};
use report::Lang;

use super::i18n::texts;
use super::messages::{label, translate};

/// One form's submitted values and errors.
#[derive(Debug, Clone, Default)]
pub struct Form {
    values: HashMap<String, Vec<String>>,
    /// The errors, each naming a field of this form, in the page's language (shown beside
    /// the field).
    pub errors: Vec<FieldError>,
    /// The same errors as the summary at the top of the form says them: "Label: reason".
    pub summary: Vec<FieldError>,
}

impl Form {
    /// A form pre-filled with `values`.
    pub fn with(values: &[(&str, String)]) -> Self {
        let mut form = Form::default();
        for (name, value) in values {
            form.values.entry((*name).to_owned()).or_default().push(value.clone());
        }
        form
    }

    /// A form as submitted (URL-encoded pairs; repeated names are kept in order).
    pub fn submitted(pairs: &[(String, String)]) -> Self {
        let mut form = Form::default();
        for (name, value) in pairs {
            form.values.entry(name.clone()).or_default().push(value.clone());
        }
        form
    }

    /// The form with these errors in `lang`; field names are mapped through `rename` (API
    /// name → form name) and named by their labels in the summary.
    pub fn failed(mut self, errors: ValidationErrors, rename: &[(&str, &str)], lang: Lang) -> Self {
        let t = texts(lang);
        for e in errors.0 {
            let field =
                rename.iter().find(|(api, _)| *api == e.field).map_or(e.field.clone(), |(_, f)| (*f).to_owned());
            let message = translate(&e.message, lang, t);
            let named = match label(t, &field) {
                Some(l) => format!("{l}: {message}"),
                None => message.clone(),
            };
            self.summary.push(FieldError { field: field.clone(), message: named });
            self.errors.push(FieldError { field, message });
        }
        self
    }

    /// The first value of a field, or "".
    pub fn val(&self, name: &str) -> &str {
        self.values.get(name).and_then(|v| v.first()).map_or("", String::as_str)
    }

    /// Every value of a field.
    pub fn all(&self, name: &str) -> &[String] {
        self.values.get(name).map_or(&[], Vec::as_slice)
    }

    /// A trimmed, non-empty value.
    pub fn text(&self, name: &str) -> Option<String> {
        let v = self.val(name).trim();
        (!v.is_empty()).then(|| v.to_owned())
    }

    /// Whether a checkbox group holds `value`.
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.all(name).iter().any(|v| v == value)
    }

    /// The error of a field.
    pub fn err(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == name).map(|e| e.message.as_str())
    }

    /// Whether the form failed (and its section should be shown open).
    pub fn open(&self) -> bool {
        !self.errors.is_empty()
    }
}

impl Form {
    /// The form with one more value for `name` (checkbox groups).
    pub fn also(mut self, name: &str, value: &str) -> Self {
        self.values.entry(name.to_owned()).or_default().push(value.to_owned());
        self
    }
}

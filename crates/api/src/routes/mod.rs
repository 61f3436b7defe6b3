//! The JSON API under `/api/v1`: one module per resource, each exposing `router()`.

pub mod actions;
pub mod assessment;
pub mod audit;
pub mod cases;
pub mod clocks;
pub mod controllers;
pub mod cursor;
pub mod dashboard;
pub mod decisions;
pub mod drafts;
pub mod evidence;
pub mod filings;
pub mod health;
pub mod me;
pub mod organisation;
pub mod police;
pub mod register;
pub mod rules;
pub mod session;
pub mod timeline;
pub mod tokens;
pub mod users;

use serde::{Deserialize, Deserializer};

/// The language a request asks for with `?lang=` (Swedish when absent).
///
/// # Errors
/// Names `lang` when it is neither `sv` nor `en`.
pub(crate) fn requested_lang(lang: Option<&str>) -> Result<domain::names::Language, domain::ValidationErrors> {
    lang.map_or(Ok(domain::names::Language::Sv), |text| {
        domain::names::Language::parse(text).ok_or_else(|| domain::ValidationErrors::single("lang", "must be sv or en"))
    })
}

/// Deserialises a field that may be absent (leave as is), `null` (clear) or a value (set).
pub(crate) fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

//! The JSON API under `/api/v1`: one module per resource, each exposing `router()`.

pub mod actions;
pub mod assessment;
pub mod audit;
pub mod cases;
pub mod clocks;
pub mod controllers;
pub mod dashboard;
pub mod decisions;
pub mod drafts;
pub mod filings;
pub mod health;
pub mod police;
pub mod register;
pub mod rules;
pub mod session;
pub mod timeline;
pub mod tokens;
pub mod users;

use serde::{Deserialize, Deserializer};

/// Deserialises a field that may be absent (leave as is), `null` (clear) or a value (set).
pub(crate) fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

//! Request extractors whose rejections are problem+json naming the field at fault.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use domain::time::is_leap_second;
use domain::{FieldError, ValidationErrors};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON body parsed into `T`. A wrong type, unknown field or unknown enum value is refused
/// with the path of the field concerned.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| match rejection {
            BytesRejection::FailedToBufferBody(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                AppError::PayloadTooLarge
            }
            other => AppError::BadRequest { detail: other.body_text(), errors: Vec::new() },
        })?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Parses JSON, naming the field of the first error, and refuses leap seconds anywhere in it.
///
/// # Errors
/// `BadRequest` for syntax errors (field `body`) and type errors (the field's path);
/// `Validation` naming every field whose value is an instant at second 60.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let parsed = deserialize(bytes)?;
    refuse_leap_seconds(bytes)?;
    Ok(parsed)
}

fn deserialize<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let message = inner.to_string();
        let message = message.split(" at line ").next().unwrap_or_default().to_owned();
        let field = if inner.is_syntax() || inner.is_eof() {
            "body".to_owned()
        } else if path == "." || path.is_empty() {
            // A missing or unknown field is reported at its parent; its name is in the message.
            backticked(&message).unwrap_or_else(|| "body".to_owned())
        } else if message.starts_with("missing field") {
            format!("{path}.{}", backticked(&message).unwrap_or_default())
        } else {
            path
        };
        AppError::BadRequest { detail: format!("{field}: {message}"), errors: vec![FieldError { field, message }] }
    })
}

/// What a client is told about a leap second.
pub const LEAP_SECOND_MESSAGE: &str =
    "is a leap second (second 60), which cannot be stored the same way in every database; give second 59";

/// Refuses a body in which any string, at any depth, is an instant at second 60.
///
/// chrono accepts `23:59:60` and keeps it as nanoseconds >= 1e9; PostgreSQL has no second 60
/// and would store an instant one second away from the one hashed into the timeline. Checked
/// over the whole body rather than per field so that no route can forget it; a free-text
/// field that is nothing but such an instant is refused too, which costs nobody anything.
fn refuse_leap_seconds(bytes: &[u8]) -> Result<(), AppError> {
    // The body already deserialised into the route's type, so it is JSON (trailing data is
    // ignored there and here alike).
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let Ok(value) = <serde_json::Value as serde::Deserialize>::deserialize(&mut de) else {
        return Ok(());
    };
    let mut errors = ValidationErrors::default();
    find_leap_seconds(&value, "", &mut errors);
    if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
}

/// Records every leap-second string under `value`, named by its path as
/// `serde_path_to_error` names fields (`filings[0].submitted_at`).
fn find_leap_seconds(value: &serde_json::Value, path: &str, errors: &mut ValidationErrors) {
    use serde_json::Value;
    let field = |path: &str| if path.is_empty() { "body".to_owned() } else { path.to_owned() };
    match value {
        Value::String(text) if is_leap_second_instant(text) => errors.add(&field(path), LEAP_SECOND_MESSAGE),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                find_leap_seconds(item, &format!("{path}[{i}]"), errors);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                let path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                if is_leap_second_instant(key) {
                    errors.add(&path, LEAP_SECOND_MESSAGE);
                }
                find_leap_seconds(member, &path, errors);
            }
        }
        _ => {}
    }
}

/// Whether `text` is an instant (with or without an offset) at second 60, read the way chrono's
/// serde support reads instants.
fn is_leap_second_instant(text: &str) -> bool {
    let text = text.trim();
    text.parse::<DateTime<FixedOffset>>().is_ok_and(|t| is_leap_second(&t))
        || text.parse::<NaiveDateTime>().is_ok_and(|t| is_leap_second(&t))
}

fn backticked(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

/// The version named by an `If-Match` header, required for updates.
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub Option<i64>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else {
            return Err(AppError::PreconditionRequired);
        };
        let text = value.to_str().unwrap_or_default().trim();
        let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        // Anything that is not one of our ETags matches no version: 412, not a guess.
        Ok(IfMatch(text.parse().ok()))
    }
}

/// The ETag of a case version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        title: String,
        count: Option<u32>,
        nested: Option<Nested>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Nested {
        min: u32,
    }

    fn field_of(json: &str) -> String {
        match parse_json::<Body>(json.as_bytes()) {
            Err(AppError::BadRequest { errors, .. }) => errors[0].field.clone(),
            other => format!("unexpected: {other:?}"),
        }
    }

    #[test]
    fn each_kind_of_json_error_names_its_field() {
        assert_eq!(field_of(r#"{"count": 1}"#), "title");
        assert_eq!(field_of(r#"{"title": 5}"#), "title");
        assert_eq!(field_of(r#"{"title": "x", "count": "many"}"#), "count");
        assert_eq!(field_of(r#"{"title": "x", "colour": 1}"#), "colour");
        assert_eq!(field_of(r#"{"title": "x", "nested": {"min": -1}}"#), "nested.min");
        assert_eq!(field_of(r#"{"title": "x", "nested": {"max": 1}}"#), "nested.max");
        assert_eq!(field_of(r#"{"title": "#), "body");
    }

    fn leap_fields(json: &str) -> Vec<String> {
        match parse_json::<serde_json::Value>(json.as_bytes()) {
            Err(AppError::Validation(errors)) => errors.0.into_iter().map(|e| e.field).collect(),
            other => vec![format!("unexpected: {other:?}")],
        }
    }

    #[test]
    fn a_leap_second_anywhere_in_a_body_is_refused_naming_its_path() {
        // (body, fields named)
        let table: [(&str, &[&str]); 7] = [
            (r#"{"occurred_at": "2016-12-31T23:59:60Z"}"#, &["occurred_at"]),
            (r#"{"occurred_at": "2016-12-31T23:59:60.5+00:00"}"#, &["occurred_at"]),
            (r#"{"at": "2017-01-01T00:59:60+01:00"}"#, &["at"]),
            (r#"{"at": "2016-12-31 23:59:60Z"}"#, &["at"]),
            (r#"{"at": "2016-12-31T23:59:60"}"#, &["at"]),
            (r#"{"at": "2016-12-31T23:59\u003a60Z"}"#, &["at"]),
            (
                r#"{"filings": [{"submitted_at": "2024-01-15T12:00:00Z"}, {"submitted_at": "2016-12-31T23:59:60Z"}],
                    "case": {"aware_at": "2016-12-31T23:59:60Z"}}"#,
                &["case.aware_at", "filings[1].submitted_at"],
            ),
        ];
        for (body, fields) in table {
            let mut got = leap_fields(body);
            got.sort();
            assert_eq!(got, fields, "{body}");
        }
        assert_eq!(leap_fields(r#"["2016-12-31T23:59:60Z"]"#), ["[0]"]);
        assert_eq!(leap_fields(r#""2016-12-31T23:59:60Z""#), ["body"]);
    }

    #[test]
    fn instants_that_are_not_leap_seconds_pass() {
        let body = r#"{"a": "2016-12-31T23:59:59.999999Z", "b": "2017-01-01T00:00:00Z", "c": "23:59:60",
            "d": "kl. 23:59:60", "e": 60, "f": null, "g": ["2016-12-31T23:59:59Z"]}"#;
        assert!(parse_json::<serde_json::Value>(body.as_bytes()).is_ok());
    }
}

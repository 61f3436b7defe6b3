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
/// The body is read once into a JSON value, strictly: nothing may follow the value, no
/// object may repeat a key (two readers could each believe a different one), and a number
/// written with a fraction of zero (`1.0`) is the integer it equals, as JSON Schema counts
/// integers. The value is then read into `T`.
///
/// # Errors
/// `BadRequest` for syntax errors and trailing data (field `body`), a repeated key and type
/// errors (the field's path); `Validation` naming every field whose value is an instant at
/// second 60.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let value = strict_value(bytes)?;
    refuse_leap_seconds(&value)?;
    serde_path_to_error::deserialize(value).map_err(field_error)
}

/// The body as one JSON value, read by [`StrictValue`], with nothing after it.
fn strict_value(bytes: &[u8]) -> Result<serde_json::Value, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let StrictValue(value) = serde_path_to_error::deserialize(&mut de).map_err(field_error)?;
    de.end().map_err(|err| {
        let message = format!("{}; the body must end after its JSON value", without_position(&err.to_string()));
        AppError::BadRequest {
            detail: format!("body: {message}"),
            errors: vec![FieldError { field: "body".to_owned(), message }],
        }
    })?;
    Ok(value)
}

fn without_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or_default()
}

/// The error of reading a body, naming the field concerned.
fn field_error(err: serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let path = err.path().to_string();
    let inner = err.into_inner();
    let message = without_position(&inner.to_string()).to_owned();
    let field = if inner.is_syntax() || inner.is_eof() {
        "body".to_owned()
    } else if path == "." || path.is_empty() {
        // A missing, unknown or repeated field is reported at its parent; its name is in the message.
        backticked(&message).unwrap_or_else(|| "body".to_owned())
    } else if message.starts_with("missing field") || message.starts_with("duplicate field") {
        format!("{path}.{}", backticked(&message).unwrap_or_default())
    } else {
        path
    };
    AppError::BadRequest { detail: format!("{field}: {message}"), errors: vec![FieldError { field, message }] }
}

/// A JSON value read strictly: a repeated key in an object is an error, and a number with a
/// fraction of zero that fits an integer becomes that integer.
struct StrictValue(serde_json::Value);

impl<'de> serde::Deserialize<'de> for StrictValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

/// 2^64 as a float: integral floats below it (and at or above -2^63) are exact integers.
const TWO_TO_64: f64 = 18_446_744_073_709_551_616.0;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        // JSON Schema: "1.0" is an integer. The casts are exact: v is integral and in range.
        if v.fract() == 0.0 && (0.0..TWO_TO_64).contains(&v) {
            return Ok((v as u64).into());
        }
        if v.fract() == 0.0 && (-TWO_TO_64 / 2.0..0.0).contains(&v) {
            return Ok((v as i64).into());
        }
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(serde_json::Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.contains_key(&key) {
                return Err(serde::de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            let StrictValue(value) = map.next_value()?;
            members.insert(key, value);
        }
        Ok(serde_json::Value::Object(members))
    }
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
fn refuse_leap_seconds(value: &serde_json::Value) -> Result<(), AppError> {
    let mut errors = ValidationErrors::default();
    find_leap_seconds(value, "", &mut errors);
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

/// Path parameters parsed into `T`, like axum's `Path`, but refused as problem+json naming the
/// parameter (`id: ...`) when a segment cannot be read (a malformed UUID).
#[derive(Debug, Clone, Copy)]
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::path::ErrorKind;
        use axum::extract::rejection::PathRejection;
        let rejection = match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => return Ok(Path(value)),
            Err(rejection) => rejection,
        };
        let PathRejection::FailedToDeserializePathParams(failure) = rejection else {
            return Err(AppError::Internal(format!("path parameters: {}", rejection.body_text())));
        };
        let names: Vec<String> = match axum::extract::RawPathParams::from_request_parts(parts, state).await {
            Ok(params) => params.iter().map(|(name, _)| name.to_owned()).collect(),
            Err(_) => Vec::new(),
        };
        let kind = failure.into_kind();
        let field = match &kind {
            ErrorKind::ParseErrorAtKey { key, .. }
            | ErrorKind::InvalidUtf8InPathParam { key }
            | ErrorKind::DeserializeError { key, .. } => key.clone(),
            ErrorKind::ParseErrorAtIndex { index, .. } => names.get(*index).cloned().unwrap_or_default(),
            // A single parameter (the usual `{id}`) is named by the route.
            _ if names.len() == 1 => names[0].clone(),
            _ => names.join(", "),
        };
        let message = match &kind {
            ErrorKind::ParseErrorAtKey { value, expected_type, .. }
            | ErrorKind::ParseErrorAtIndex { value, expected_type, .. }
            | ErrorKind::ParseError { value, expected_type } => {
                format!("{value:?} cannot be read as {}", short_type_name(expected_type))
            }
            ErrorKind::DeserializeError { value, message, .. } => format!("{value:?} cannot be read: {message}"),
            other => other.to_string(),
        };
        Err(AppError::BadRequest { detail: format!("{field}: {message}"), errors: vec![FieldError { field, message }] })
    }
}

/// `uuid::Uuid` -> `Uuid`.
fn short_type_name(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}

/// Query parameters parsed into `T`, like axum's `Query`, but refused as problem+json naming
/// the parameter (`page: invalid digit found in string`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de).map(Query).map_err(|err| {
            let path = err.path().to_string();
            let message = err.into_inner().to_string();
            let field = if path == "." || path.is_empty() {
                backticked(&message).unwrap_or_else(|| "query".to_owned())
            } else {
                path
            };
            AppError::BadRequest { detail: format!("{field}: {message}"), errors: vec![FieldError { field, message }] }
        })
    }
}

/// A page of a list: `page` from 0 and `per_page` items, each bounded (a page beyond the
/// bound is refused, never wrapped or clamped).
#[derive(Debug, Clone, Copy, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// The page, from 0 (at most 1000000).
    #[param(minimum = 0, maximum = 1_000_000)]
    pub page: Option<u64>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

impl Paging {
    /// The greatest page number.
    pub const MAX_PAGE: u64 = 1_000_000;
    /// The greatest page size.
    pub const MAX_PER_PAGE: u64 = 200;
    /// The page size when none is asked for.
    pub const DEFAULT_PER_PAGE: u64 = 50;

    /// The page and its size, within their bounds.
    ///
    /// # Errors
    /// Names `page` or `per_page` when it is out of bounds.
    pub fn checked(self) -> Result<(u64, u64), AppError> {
        let mut errors = ValidationErrors::default();
        let page = self.page.unwrap_or(0);
        let per_page = self.per_page.unwrap_or(Self::DEFAULT_PER_PAGE);
        if page > Self::MAX_PAGE {
            errors.add("page", format!("must be at most {}", Self::MAX_PAGE));
        }
        if !(1..=Self::MAX_PER_PAGE).contains(&per_page) {
            errors.add("per_page", format!("must be between 1 and {}", Self::MAX_PER_PAGE));
        }
        errors.into_result((page, per_page)).map_err(AppError::Validation)
    }
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

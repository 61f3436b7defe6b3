//! Request extractors whose rejections are problem+json naming the field at fault.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use domain::FieldError;
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

/// Parses JSON, naming the field of the first error.
///
/// # Errors
/// `BadRequest` for syntax errors (field `body`) and type errors (the field's path).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
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
}

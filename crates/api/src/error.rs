//! `AppError`: every way a request can fail, each variant documenting its status code, and the
//! only place errors become responses (RFC 9457 problem+json) and are logged.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::{FieldError, ValidationErrors};
use serde::Serialize;
use store::StoreError;
use utoipa::ToSchema;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A request failure.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 422: fields are missing or invalid; every one is named.
    #[error("validation failed")]
    Validation(ValidationErrors),
    /// 400: the body is not JSON, or a field has the wrong type (named).
    #[error("malformed request: {detail}")]
    BadRequest {
        /// What is wrong.
        detail: String,
        /// The fields concerned.
        errors: Vec<FieldError>,
    },
    /// 401: no session or token, or one that does not work (expired, revoked, unknown).
    #[error("not authenticated")]
    Unauthenticated,
    /// 401: the e-mail address and password do not match an active account.
    #[error("wrong credentials")]
    WrongCredentials,
    /// 403: the caller's role lacks the permission the route needs.
    #[error("forbidden")]
    Forbidden,
    /// 403: an unsafe request with a session cookie but without its CSRF token.
    #[error("CSRF token missing or wrong")]
    CsrfTokenMissing,
    /// 429: too many failed logins; locked until the instant given.
    #[error("locked until {until}")]
    LoginLocked {
        /// When logins are accepted again.
        until: chrono::DateTime<chrono::Utc>,
        /// Whether the account (true) or the client address (false) is locked.
        account: bool,
        /// Seconds until then (the `Retry-After` header).
        retry_after: i64,
    },
    /// 503: every password-hashing turn stayed taken for the whole wait (a flood of logins);
    /// `Retry-After` says when to try again.
    #[error("password checks busy")]
    PasswordChecksBusy {
        /// Seconds to wait before trying again.
        retry_after: u64,
    },
    /// 403: the account's password is a one-time password; it must be changed first
    /// (`PUT /api/v1/me/password`).
    #[error("password change required")]
    PasswordChangeRequired,
    /// 403: this installation signs in with single sign-on only; local passwords are off.
    #[error("local passwords are off")]
    LocalPasswordsOff,
    /// 404: no such resource.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 409: the change conflicts with what is stored.
    #[error("conflict: {0}")]
    Conflict(String),
    /// 412: `If-Match` names a version that is no longer current.
    #[error("stale version")]
    Stale {
        /// The current version.
        current: i64,
    },
    /// 428: an update without `If-Match`.
    #[error("If-Match required")]
    PreconditionRequired,
    /// 405: the route exists, but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 413: the body is larger than accepted.
    #[error("body too large")]
    PayloadTooLarge,
    /// 413: an uploaded file is larger than `BREACHDESK_EVIDENCE_MAX_MB` (field `file`).
    #[error("file too large")]
    FileTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// 410: the thing existed and is gone for good (evidence purged under the retention rule).
    #[error("{0} gone")]
    Gone(&'static str),
    /// 415: the body is not `application/json`.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 500: anything else. The body is generic; the cause is logged with the request id.
    #[error("internal error: {0}")]
    Internal(String),
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the problem type.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence.
    pub detail: String,
    /// The invalid fields, for validation problems (absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub errors: Vec<ProblemField>,
}

/// One invalid field of a problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    /// The field, as named in the request.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound(what) => AppError::NotFound(what),
            StoreError::Stale { current } => AppError::Stale { current },
            StoreError::Invalid(errors) => AppError::Validation(errors),
            StoreError::Conflict(detail) => AppError::Conflict(detail),
            StoreError::Gone(what) => AppError::Gone(what),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<casework::CaseworkError> for AppError {
    fn from(err: casework::CaseworkError) -> Self {
        match err {
            casework::CaseworkError::Forbidden => AppError::Forbidden,
            casework::CaseworkError::Invalid(errors) => AppError::Validation(errors),
            casework::CaseworkError::Store(e) => e.into(),
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(errors: ValidationErrors) -> Self {
        AppError::Validation(errors)
    }
}

impl AppError {
    fn parts(&self) -> (StatusCode, &'static str, &'static str, String) {
        match self {
            AppError::Validation(e) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "/problems/validation",
                "Invalid fields",
                format!("invalid fields: {}", e.0.iter().map(|f| f.field.as_str()).collect::<Vec<_>>().join(", ")),
            ),
            AppError::BadRequest { detail, .. } => {
                (StatusCode::BAD_REQUEST, "/problems/malformed-request", "Malformed request", detail.clone())
            }
            AppError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "/problems/unauthenticated",
                "Authentication required",
                "log in (POST /api/v1/session) or send an API token as Authorization: Bearer <token>".into(),
            ),
            AppError::WrongCredentials => (
                StatusCode::UNAUTHORIZED,
                "/problems/wrong-credentials",
                "Wrong e-mail address or password",
                "the e-mail address and password do not match an active account".into(),
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "/problems/forbidden",
                "Forbidden",
                "your role does not allow this; ask the DPO or an administrator".into(),
            ),
            AppError::CsrfTokenMissing => (
                StatusCode::FORBIDDEN,
                "/problems/csrf-token",
                "CSRF token missing",
                "requests that change something with a session cookie must carry the session's CSRF token in the x-csrf-token header (or the csrf_token form field)".into(),
            ),
            AppError::LoginLocked { until, account, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "/problems/login-locked",
                "Too many failed logins",
                format!(
                    "too many failed logins {}; try again after {} UTC",
                    if *account { "for this account" } else { "from this address" },
                    until.format("%Y-%m-%d %H:%M:%S")
                ),
            ),
            AppError::PasswordChecksBusy { .. } => (
                StatusCode::SERVICE_UNAVAILABLE,
                "/problems/password-checks-busy",
                "Too many logins at once",
                "every password check is in use; try again after the number of seconds in Retry-After".into(),
            ),
            AppError::PasswordChangeRequired => (
                StatusCode::FORBIDDEN,
                "/problems/password-change-required",
                "Password change required",
                "the password is a one-time password: change it with PUT /api/v1/me/password (or at /account/password) first".into(),
            ),
            AppError::LocalPasswordsOff => (
                StatusCode::FORBIDDEN,
                "/problems/local-passwords-off",
                "Local passwords are off",
                "this installation signs in with single sign-on only (/login/oidc)".into(),
            ),
            AppError::NotFound(what) => {
                (StatusCode::NOT_FOUND, "about:blank", "Not Found", format!("{what} not found"))
            }
            AppError::Conflict(_) => (
                StatusCode::CONFLICT,
                "/problems/conflict",
                "Conflict",
                "the change conflicts with stored data; reload and try again".into(),
            ),
            AppError::Stale { current } => (
                StatusCode::PRECONDITION_FAILED,
                "/problems/stale-version",
                "Stale version",
                format!(
                    "the case was changed by someone else; reload it (current ETag \"{current}\") and apply your change again"
                ),
            ),
            AppError::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "/problems/if-match-required",
                "If-Match required",
                "send the ETag of the case you read in an If-Match header".into(),
            ),
            AppError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "/problems/method-not-allowed",
                "Method not allowed",
                "this resource does not answer that method; the Allow header lists those it answers".into(),
            ),
            AppError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "/problems/payload-too-large",
                "Payload too large",
                format!("the request body must be at most {} bytes", crate::app::BODY_LIMIT_BYTES),
            ),
            AppError::FileTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "/problems/payload-too-large",
                "File too large",
                format!(
                    "the file must be at most {} MB (BREACHDESK_EVIDENCE_MAX_MB); nothing was stored",
                    limit / (1024 * 1024)
                ),
            ),
            AppError::Gone(what) => (
                StatusCode::GONE,
                "/problems/gone",
                "Gone",
                format!("{what} was purged under the retention rule; its record stays"),
            ),
            AppError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "/problems/unsupported-media-type",
                "Unsupported media type",
                "send the body as application/json (Content-Type header)".into(),
            ),
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "about:blank",
                "Internal Server Error",
                "an internal error occurred; the request id in the x-request-id header identifies it in the log".into(),
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, problem_type, title, detail) = self.parts();
        if status.is_server_error() {
            // The cause may name stored values; it goes to the log, never to the client.
            tracing::error!(error = %self, "request failed");
        }
        let retry_after = match &self {
            AppError::LoginLocked { retry_after, .. } => Some((*retry_after).max(1)),
            AppError::PasswordChecksBusy { retry_after } => {
                Some(i64::try_from(*retry_after).unwrap_or(i64::MAX).max(1))
            }
            _ => None,
        };
        let errors = match self {
            AppError::Validation(e) => e.0,
            AppError::FileTooLarge { limit } => {
                vec![FieldError { field: "file".into(), message: format!("must be at most {limit} bytes") }]
            }
            AppError::BadRequest { errors, .. } => errors,
            _ => Vec::new(),
        };
        let body = Problem {
            problem_type: problem_type.to_owned(),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            errors: errors.into_iter().map(|e| ProblemField { field: e.field, message: e.message }).collect(),
        };
        let mut response = (status, Json(body)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(seconds) = retry_after
            && let Ok(v) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

/// Turns an error answer that is not problem+json (the router's own 404 and 405, a rejection a
/// framework extractor made in plain text) into one with the same status, so that every
/// refusal on every route reads the same way. Pages that answer an error as HTML keep it.
pub async fn problems_only(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !(status.is_client_error() || status.is_server_error()) || !plain {
        return response;
    }
    let (parts, body) = response.into_parts();
    // The framework's messages are short; a longer body is not one of them.
    let text = axum::body::to_bytes(body, 4096).await.map(|b| String::from_utf8_lossy(&b).trim().to_owned());
    let title = status.canonical_reason().unwrap_or("Error");
    let detail = match text {
        Ok(text) if !text.is_empty() && !status.is_server_error() => text,
        _ => title.to_owned(),
    };
    let problem = Problem {
        problem_type: "about:blank".to_owned(),
        title: title.to_owned(),
        status: status.as_u16(),
        detail,
        errors: Vec::new(),
    };
    let mut answer = (status, Json(problem)).into_response();
    answer.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().append(name.clone(), value.clone());
        }
    }
    answer
}

//! `/api/v1/session`: log in (a new session cookie), see who is logged in, log out. Logins are
//! throttled per account and per client address from the attempts stored in the database, so
//! every `serve` process enforces the same lock.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use domain::access::{ACCOUNT_LOCKOUT, ADDRESS_LOCKOUT, SESSION_ABSOLUTE_LIFETIME};
use domain::audit::ANONYMOUS_ACTOR;
use domain::{AuditAction, Email, NewAuditEvent, Role, SessionId, User};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::SessionRecord;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::auth::{self, Credential, CurrentUser, SESSION_COOKIE, secret};
use crate::error::{AppError, Problem};
use crate::extract::JsonBody;
use crate::state::AppState;

/// Body of `POST /api/v1/session`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    /// The account's e-mail address.
    pub email: String,
    /// Its password.
    pub password: String,
}

/// Schema of a role: one of the domain's roles.
pub(crate) fn role_schema() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>()))
        .build()
}

/// A user as the API shows them.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserView {
    /// Its id (what the timeline and the audit log record).
    pub id: Uuid,
    /// The login name.
    pub email: String,
    /// The name shown to colleagues.
    pub display_name: String,
    /// The role.
    #[schema(schema_with = role_schema)]
    pub role: Role,
    /// Whether the account can log in.
    pub active: bool,
    /// Whether the password is a one-time password that must be changed before anything else.
    pub must_change_password: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        UserView {
            id: u.id.0,
            email: u.email.as_str().to_owned(),
            display_name: u.display_name,
            role: u.role,
            active: u.active,
            must_change_password: u.must_change_password,
            created_at: u.created_at,
        }
    }
}

/// The logged-in user, and the CSRF token to send with every change made with the cookie.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SessionView {
    /// Who is logged in.
    pub user: UserView,
    /// Send as `x-csrf-token` (or the `csrf_token` form field) on every POST, PUT, PATCH and
    /// DELETE made with the session cookie. Null when authenticated with an API token.
    pub csrf_token: Option<String>,
}

/// The client's address as the server saw it ("unknown" without one, e.g. in tests).
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        let forwarded = parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        Ok(ClientAddress(
            state.auth.client_address(peer, forwarded).map_or_else(|| "unknown".to_owned(), |ip| ip.to_string()),
        ))
    }
}

/// The throttling key of an e-mail address as typed: its SHA-256, so that unknown addresses are
/// throttled exactly like known ones and the attempts table holds no address.
pub(crate) fn account_key(email: &str) -> String {
    hex::encode(Sha256::digest(format!("breachdesk login\0{}", email.trim().to_lowercase()).as_bytes()))
}

/// A lock in force on this account or address: the refusal to answer, and what it is kept
/// under in the database (`account:<key>` or `address:<address>`).
pub(crate) struct Lock {
    pub(crate) refusal: AppError,
    pub(crate) subject: String,
    pub(crate) until: DateTime<Utc>,
}

/// The lock in force on this account or address, if any.
pub(crate) async fn lock_in_force(
    state: &AppState,
    key: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<Option<Lock>, AppError> {
    let account = state.store.login_failures_for_account(key, now - ACCOUNT_LOCKOUT.lookback()).await?;
    if let Some(until) = ACCOUNT_LOCKOUT.locked_until(&account, now) {
        let refusal = AppError::LoginLocked { until, account: true, retry_after: (until - now).num_seconds() };
        return Ok(Some(Lock { refusal, subject: format!("account:{key}"), until }));
    }
    let from_address = state.store.login_failures_from_address(address, now - ADDRESS_LOCKOUT.lookback()).await?;
    if let Some(until) = ADDRESS_LOCKOUT.locked_until(&from_address, now) {
        let refusal = AppError::LoginLocked { until, account: false, retry_after: (until - now).num_seconds() };
        return Ok(Some(Lock { refusal, subject: format!("address:{address}"), until }));
    }
    Ok(None)
}

/// Refuses a login during a lock: counted in the lock's row, not logged one by one (a flood
/// of refused logins must not grow the audit log; the count goes into the lock's end event).
pub(crate) async fn refused_while_locked(
    state: &AppState,
    lock: Lock,
    now: DateTime<Utc>,
) -> Result<AppError, AppError> {
    if !state.store.count_locked_refusal(&lock.subject, now).await? {
        // A lock from before the locks were stored, or one whose row another process just
        // closed: note it and count this refusal in it.
        state.store.note_login_lock(&lock.subject, None, lock.until, now).await?;
        state.store.count_locked_refusal(&lock.subject, now).await?;
    }
    tracing::warn!("login refused: locked");
    Ok(lock.refusal)
}

/// Logs in: checks the password (argon2id) and starts a new session, replacing any session the
/// browser came with.
#[utoipa::path(post, path = "/session", tag = "session", request_body = LoginBody,
    responses(
        (status = 200, description = "Logged in; the session cookie is set. With `must_change_password` the session can only change the password (PUT /api/v1/me/password)", body = SessionView),
        (status = 401, description = "Wrong e-mail address or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Local passwords are off: sign in with single sign-on (/login/oidc)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins: the account or address is locked until the time named", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many password checks at once; try again after Retry-After seconds", body = Problem, content_type = "application/problem+json"),
    ))]
async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    JsonBody(body): JsonBody<LoginBody>,
) -> Result<Response, AppError> {
    let (user, csrf_token, cookie) = log_in(&state, &address, &headers, &body.email, body.password).await?;
    let mut response = Json(SessionView { user: user.into(), csrf_token: Some(csrf_token) }).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// Checks a login and starts a session: the user, the session's CSRF token and the
/// `Set-Cookie` value. Shared by the JSON API and the web UI's login form.
///
/// # Errors
/// `WrongCredentials`, `LoginLocked` (with when it ends), `PasswordChecksBusy` (every hashing
/// turn taken), `LocalPasswordsOff`, or a store failure.
pub(crate) async fn log_in(
    state: &AppState,
    address: &str,
    headers: &HeaderMap,
    email: &str,
    password: String,
) -> Result<(User, String, HeaderValue), AppError> {
    if !state.auth.local_passwords {
        return Err(AppError::LocalPasswordsOff);
    }
    let now = state.now();
    // Locks that have run out are closed here (their end event, with the count), by whichever
    // process sees the next login first.
    state.store.end_login_locks(now).await?;
    let key = account_key(email);
    if let Some(lock) = lock_in_force(state, &key, address, now).await? {
        return Err(refused_while_locked(state, lock, now).await?);
    }
    let found = match Email::parse(email) {
        Ok(email) => state.store.user_for_login(&email).await?,
        Err(_) => None,
    };
    let known_id = found.as_ref().map(|(user, _)| user.id);
    let (user, stored) = match found {
        Some((user, hash)) if user.active => (Some(user), Some(hash)),
        _ => (None, None),
    };
    // At most a few hashes at once (19 MiB each); beyond them, a short wait, then 503.
    let turn = state.auth.passwords.turn().await?;
    // The lock may have started while this request waited for its turn: checked again, so
    // that requests already in flight do not all hash.
    let now = state.now();
    if let Some(lock) = lock_in_force(state, &key, address, now).await? {
        drop(turn);
        return Err(refused_while_locked(state, lock, now).await?);
    }
    // The same argon2 work whether or not the account exists (no enumeration by timing).
    let matches = turn.verify(password, stored).await?;
    let Some(user) = user.filter(|_| matches) else {
        state.store.record_login_attempt(&key, address, false, now).await?;
        // A failure on an existing account is audited; one on an address that has no account
        // is only counted for throttling (anyone can send those, as many as they like).
        if let Some(id) = known_id {
            let event = NewAuditEvent::new(ANONYMOUS_ACTOR, AuditAction::LoginFailed)
                .with("address", address)
                .with("user_id", id);
            state.store.record_audit(event, now).await?;
        }
        tracing::info!("login failed");
        if let Some(lock) = lock_in_force(state, &key, address, now).await? {
            let user_id = known_id.filter(|_| lock.subject.starts_with("account:"));
            state.store.note_login_lock(&lock.subject, user_id, lock.until, now).await?;
            return Err(lock.refusal);
        }
        return Err(AppError::WrongCredentials);
    };
    state.store.record_login_attempt(&key, address, true, now).await?;
    state.store.prune_login_attempts(now - chrono::TimeDelta::days(1)).await?;
    let (csrf_token, cookie) = start_session(state, &user, headers, "password").await?;
    Ok((user, csrf_token, cookie))
}

/// Starts a session for `user`, who has just proved who they are (`method`: "password" or
/// "oidc"): the session's CSRF token and the `Set-Cookie` value.
///
/// # Errors
/// Fails when the database cannot be written.
pub(crate) async fn start_session(
    state: &AppState,
    user: &User,
    headers: &HeaderMap,
    method: &str,
) -> Result<(String, HeaderValue), AppError> {
    let now = state.now();
    // OWASP: session fixation. Whatever session the browser brought is dropped; the new one
    // has a fresh id and secret.
    let replaces = auth::cookie(headers, SESSION_COOKIE).and_then(secret::parse_session).map(|(id, _)| SessionId(id));
    let id = SessionId::new();
    let (issued, csrf_token) = secret::issue_session(id.0).map_err(|e| AppError::Internal(e.to_string()))?;
    let now_stored = domain::time::normalise(now);
    let record = SessionRecord {
        id,
        user_id: user.id,
        secret_hash: issued.secret_hash,
        created_at: now_stored,
        last_seen_at: now_stored,
    };
    state.store.start_session(&record, replaces, now - SESSION_ABSOLUTE_LIFETIME, method, now).await?;
    tracing::info!(user_id = %user.id, session_id = %id, method, "logged in");
    let cookie = HeaderValue::from_str(&auth::session_cookie(&state.auth, &issued.bearer))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((csrf_token, cookie))
}

/// Who is logged in (with the session's CSRF token).
#[utoipa::path(get, path = "/session", tag = "session",
    responses(
        (status = 200, description = "The current user", body = SessionView),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
async fn current_session(current: CurrentUser) -> Json<SessionView> {
    let csrf_token = match &current.credential {
        Credential::Session { csrf_token, .. } => Some(csrf_token.clone()),
        Credential::Token { .. } => None,
    };
    Json(SessionView { user: current.user.into(), csrf_token })
}

/// Logs out: the session ends at once, for every process.
#[utoipa::path(delete, path = "/session", tag = "session",
    responses(
        (status = 204, description = "Logged out; the cookie is cleared"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Authenticated with an API token: revoke it with DELETE /api/v1/tokens/{id}", body = Problem, content_type = "application/problem+json"),
    ))]
async fn logout(State(state): State<AppState>, current: CurrentUser) -> Result<Response, AppError> {
    let cookie = log_out(&state, &current).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// Ends the caller's session at once, for every process; the `Set-Cookie` value that clears
/// the cookie. Shared by the JSON API and the web UI.
///
/// # Errors
/// 422 when the caller authenticated with an API token (revoke it instead).
pub(crate) async fn log_out(state: &AppState, current: &CurrentUser) -> Result<HeaderValue, AppError> {
    let Credential::Session { id, .. } = current.credential else {
        return Err(domain::ValidationErrors::single(
            "authorization",
            "an API token is not a session; revoke it with DELETE /api/v1/tokens/{id}",
        )
        .into());
    };
    state.store.end_session(id, current.user.id, state.now()).await?;
    tracing::info!(user_id = %current.user.id, session_id = %id, "logged out");
    HeaderValue::from_str(&auth::clear_session_cookie(&state.auth)).map_err(|e| AppError::Internal(e.to_string()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login, current_session, logout))
}

/// How often `serve` closes the login locks that have run out, so that a lock's end event
/// (with its count) is written even when nobody tries to log in afterwards.
const LOCK_SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Closes ended login locks every minute, for as long as the server runs. Several processes
/// may sweep: each lock is closed once.
pub fn spawn_lock_sweep(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(LOCK_SWEEP_EVERY);
        loop {
            every.tick().await;
            if let Err(err) = state.store.end_login_locks(state.now()).await {
                tracing::warn!(error = %err, "closing ended login locks failed");
            }
        }
    });
}

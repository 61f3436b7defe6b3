//! The perimeter: who is calling (a session cookie or a bearer token), whether their role may
//! use the route they matched, and the CSRF token on unsafe cookie requests.
//!
//! Sessions are hand-rolled rather than tower-sessions: tower-sessions stores the cookie value
//! itself as the row id, so a database leak would hand out live sessions, and its sea-orm
//! stores do not build with sea-orm 2 (DEPENDENCIES.md §3). Here the database keeps only
//! SHA-256 of the cookie's secret half, in the same database every `serve` process uses.

pub mod oidc;
pub mod password;
pub mod permissions;
pub mod secret;

use axum::body::Body;
use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use domain::access::{SESSION_ABSOLUTE_LIFETIME, SESSION_TOUCH_AFTER, session_expired};
use domain::{ApiTokenId, SessionId, User};

use crate::error::{AppError, PROBLEM_JSON, Problem};
use crate::state::AppState;
use password::{PasswordCost, Passwords};
use permissions::{Access, access_for};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "breachdesk_session";
/// The header carrying the CSRF token on unsafe cookie requests.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field carrying the CSRF token (HTML forms without JavaScript).
pub const CSRF_FORM_FIELD: &str = "csrf_token";

/// How the perimeter behaves in this deployment.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Mark the session cookie `Secure` (served over https).
    pub secure_cookies: bool,
    /// Send `Strict-Transport-Security` (served over https).
    pub hsts: bool,
    /// The public origin (`https://breachdesk.example.se`) that browsers send as `Origin`
    /// when a proxy rewrites `Host`.
    pub public_origin: Option<String>,
    /// Password hashing.
    pub passwords: Passwords,
    /// Reverse proxies whose `X-Forwarded-For` is believed (empty: none, the peer address is
    /// the client's).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Whether users may log in with a breachdesk password (off: single sign-on only).
    pub local_passwords: bool,
    /// Single sign-on with an OpenID Connect provider, when configured.
    pub oidc: Option<std::sync::Arc<oidc::Oidc>>,
    /// The largest evidence file accepted, in bytes (`BREACHDESK_EVIDENCE_MAX_MB`), enforced
    /// while the upload streams in.
    pub evidence_max_bytes: u64,
}

/// The default largest evidence file, in MiB.
pub const EVIDENCE_MAX_MB_DEFAULT: u64 = 50;

impl AuthSettings {
    /// Settings for a deployment reached at `public_url` (none: plain http on a trusted
    /// network, e.g. localhost); production argon2 cost.
    ///
    /// # Errors
    /// Fails when `public_url` is not an http(s) origin.
    pub fn for_public_url(public_url: Option<&str>, cost: PasswordCost) -> Result<Self, AppError> {
        let origin = match public_url {
            None => None,
            Some(url) => {
                let url = url.trim_end_matches('/');
                if !(url.starts_with("https://") || url.starts_with("http://")) || url.splitn(4, '/').nth(3).is_some() {
                    return Err(AppError::Internal(format!(
                        "BREACHDESK_PUBLIC_URL must be an origin such as https://breachdesk.example.se, not {url:?}"
                    )));
                }
                Some(url.to_ascii_lowercase())
            }
        };
        let https = origin.as_deref().is_some_and(|o| o.starts_with("https://"));
        Ok(Self {
            secure_cookies: https,
            hsts: https,
            public_origin: origin,
            passwords: Passwords::new(cost)?,
            trusted_proxies: Vec::new(),
            local_passwords: true,
            oidc: None,
            evidence_max_bytes: EVIDENCE_MAX_MB_DEFAULT * 1024 * 1024,
        })
    }

    /// The same settings, hashing passwords `turns` at a time instead of as many as the
    /// machine affords.
    ///
    /// # Errors
    /// Fails when `turns` is zero.
    pub fn with_hash_turns(mut self, turns: password::HashTurns) -> Result<Self, AppError> {
        self.passwords = Passwords::with_turns(self.passwords.cost(), turns)?;
        Ok(self)
    }

    /// The same settings with this password hasher.
    pub fn with_passwords(mut self, passwords: Passwords) -> Self {
        self.passwords = passwords;
        self
    }

    /// The same settings with local passwords on or off (off: single sign-on only).
    pub fn with_local_passwords(mut self, on: bool) -> Self {
        self.local_passwords = on;
        self
    }

    /// The same settings with single sign-on through `oidc`.
    pub fn with_oidc(mut self, oidc: oidc::Oidc) -> Self {
        self.oidc = Some(std::sync::Arc::new(oidc));
        self
    }

    /// The same settings, accepting evidence files of up to `mb` MiB.
    pub fn with_evidence_max_mb(mut self, mb: u64) -> Self {
        self.evidence_max_bytes = mb.saturating_mul(1024 * 1024);
        self
    }

    /// The same settings, believing `X-Forwarded-For` from these proxies.
    pub fn with_trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> Self {
        self.trusted_proxies = proxies;
        self
    }

    /// The client's address: the peer's, or behind trusted proxies the right-most address in
    /// `X-Forwarded-For` that is not itself a trusted proxy (the left-most entries are written
    /// by the client and could be anything).
    pub fn client_address(
        &self,
        peer: Option<std::net::IpAddr>,
        forwarded_for: Option<&str>,
    ) -> Option<std::net::IpAddr> {
        let peer = peer?;
        if !self.trusted_proxies.contains(&peer) {
            return Some(peer);
        }
        let hops: Vec<std::net::IpAddr> =
            forwarded_for.unwrap_or_default().split(',').filter_map(|h| h.trim().parse().ok()).collect();
        Some(hops.into_iter().rev().find(|ip| !self.trusted_proxies.contains(ip)).unwrap_or(peer))
    }
}

/// How a request proved who it is.
#[derive(Debug, Clone)]
pub enum Credential {
    /// A session cookie; the CSRF token belongs to it.
    Session {
        /// The session.
        id: SessionId,
        /// The session's CSRF token (to render into forms).
        csrf_token: String,
    },
    /// An API token.
    Token {
        /// The token.
        id: ApiTokenId,
    },
}

/// The authenticated caller, put on the request by the access check.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Who.
    pub user: User,
    /// With what.
    pub credential: Credential,
}

impl CurrentUser {
    /// What the timeline and the audit log record as the actor: the user's id (stable, and
    /// no personal data in what is logged).
    pub fn actor(&self) -> String {
        self.user.id.to_string()
    }

    /// The user as the use cases see them: the id the record keeps and the role.
    pub fn as_actor(&self) -> casework::Actor {
        casework::Actor { id: self.actor(), role: self.user.role }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<CurrentUser>().cloned().ok_or(AppError::Unauthenticated)
    }
}

/// Marks a response as having passed the access check (see [`require_access_check`]).
#[derive(Debug, Clone, Copy)]
struct AccessChecked;

/// The cookie value a request carries for `name`.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` value for a new session. HttpOnly: script cannot read it (XSS);
/// SameSite=Strict: browsers do not send it on cross-site requests (CSRF).
pub fn session_cookie(settings: &AuthSettings, value: &str) -> String {
    let secure = if settings.secure_cookies { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        SESSION_ABSOLUTE_LIFETIME.num_seconds()
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(settings: &AuthSettings) -> String {
    let secure = if settings.secure_cookies { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Why a request is not let through.
enum Refusal {
    /// No credential, or one that does not work.
    Unauthenticated { clear_cookie: bool },
    /// An unsafe cookie request without the session's CSRF token.
    Csrf,
    /// The role lacks the permission.
    Forbidden,
    /// The password is a one-time password, and this route is not one of those that change it.
    PasswordChange,
}

/// Finds the caller from the bearer token or the session cookie. `Ok(None)`: no credential.
async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Result<Option<CurrentUser>, Refusal>, AppError> {
    let now = state.now();
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        // A request that sends a token is judged by the token alone, never by a cookie too.
        // RFC 9110 §11.1: the scheme name is case-insensitive (`bearer`, `BEARER`).
        let bearer = value
            .to_str()
            .ok()
            .and_then(|v| v.trim_start().split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        let Some((id, secret)) = bearer.and_then(secret::parse_api_token) else {
            return Ok(Err(Refusal::Unauthenticated { clear_cookie: false }));
        };
        let Some(record) = state.store.token(ApiTokenId(id)).await? else {
            return Ok(Err(Refusal::Unauthenticated { clear_cookie: false }));
        };
        if !secret::secret_matches(secret, &record.secret_hash) || !record.token.is_valid_at(now) {
            return Ok(Err(Refusal::Unauthenticated { clear_cookie: false }));
        }
        let user = state.store.user(record.token.user_id).await?;
        if !user.active {
            return Ok(Err(Refusal::Unauthenticated { clear_cookie: false }));
        }
        if record.last_used_at.is_none_or(|t| now - t >= SESSION_TOUCH_AFTER) {
            state.store.touch_token(record.token.id, now).await?;
        }
        return Ok(Ok(Some(CurrentUser { user, credential: Credential::Token { id: record.token.id } })));
    }
    let Some(value) = cookie(headers, SESSION_COOKIE) else { return Ok(Ok(None)) };
    let Some((id, secret)) = secret::parse_session(value) else {
        return Ok(Err(Refusal::Unauthenticated { clear_cookie: true }));
    };
    let Some(session) = state.store.session(SessionId(id)).await? else {
        return Ok(Err(Refusal::Unauthenticated { clear_cookie: true }));
    };
    if !secret::secret_matches(secret, &session.secret_hash) {
        return Ok(Err(Refusal::Unauthenticated { clear_cookie: true }));
    }
    if session_expired(session.created_at, session.last_seen_at, now) {
        state.store.delete_session(session.id).await?;
        return Ok(Err(Refusal::Unauthenticated { clear_cookie: true }));
    }
    let user = state.store.user(session.user_id).await?;
    if !user.active {
        return Ok(Err(Refusal::Unauthenticated { clear_cookie: true }));
    }
    if now - session.last_seen_at >= SESSION_TOUCH_AFTER {
        state.store.touch_session(session.id, now).await?;
    }
    let csrf_token = secret::csrf_token_for(secret);
    Ok(Ok(Some(CurrentUser { user, credential: Credential::Session { id: session.id, csrf_token } })))
}

/// Whether an unsafe cookie request carries its session's CSRF token, in the header or (for
/// HTML forms) in the url-encoded body or as the first part of a multipart body; the body is
/// handed back for the handler.
async fn csrf_token_offered(request: Request) -> Result<(Request, Option<String>), AppError> {
    if let Some(v) = request.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        let v = v.to_owned();
        return Ok((request, Some(v)));
    }
    if let Some(boundary) = multipart_boundary(request.headers()) {
        return Ok(csrf_token_in_first_part(request, &boundary).await);
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((request, None));
    }
    let (parts, body) = request.into_parts();
    let bytes =
        axum::body::to_bytes(body, crate::app::BODY_LIMIT_BYTES).await.map_err(|_| AppError::PayloadTooLarge)?;
    let token = form_field(&bytes, CSRF_FORM_FIELD);
    Ok((Request::from_parts(parts, Body::from(bytes)), token))
}

/// The boundary of a `multipart/form-data` body.
fn multipart_boundary(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let (essence, params) = value.split_once(';')?;
    if !essence.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.eq_ignore_ascii_case("boundary").then(|| v.trim_matches('"').to_owned())
    })
}

/// The most of a multipart body read to find the token in its first part.
const MULTIPART_CSRF_PREFIX_BYTES: usize = 8 * 1024;

/// Reads a multipart body only as far as its first part, which must be the CSRF token field
/// (the page's upload form puts it first; browsers send fields in order), and hands the
/// request back with the same body: what was read, then the rest still streaming. A file is
/// never buffered here.
async fn csrf_token_in_first_part(request: Request, boundary: &str) -> (Request, Option<String>) {
    use futures::StreamExt;
    let (parts, body) = request.into_parts();
    let mut stream = body.into_data_stream();
    let mut prefix: Vec<u8> = Vec::new();
    let mut failed: Option<axum::Error> = None;
    let token = loop {
        if let Some(token) = first_part_token(&prefix, boundary) {
            break token;
        }
        if prefix.len() >= MULTIPART_CSRF_PREFIX_BYTES {
            break None;
        }
        match stream.next().await {
            Some(Ok(bytes)) => prefix.extend_from_slice(&bytes),
            Some(Err(e)) => {
                failed = Some(e);
                break None;
            }
            None => break first_part_token(&prefix, boundary).flatten(),
        }
    };
    let head = futures::stream::once(async move {
        match failed {
            Some(e) => Err(e),
            None => Ok(axum::body::Bytes::from(prefix)),
        }
    });
    (Request::from_parts(parts, Body::from_stream(head.chain(stream))), token)
}

/// `Some(token)` when `prefix` holds a complete first part that is the CSRF field,
/// `Some(None)` when the first part is complete and is something else, `None` when more bytes
/// are needed.
fn first_part_token(prefix: &[u8], boundary: &str) -> Option<Option<String>> {
    let text = String::from_utf8_lossy(prefix);
    let start = format!("--{boundary}\r\n");
    if text.len() < start.len() {
        return None;
    }
    let Some(rest) = text.strip_prefix(start.as_str()) else { return Some(None) };
    let (head, body) = rest.split_once("\r\n\r\n")?;
    let named = head.lines().any(|l| {
        l.to_ascii_lowercase().starts_with("content-disposition:") && l.contains(&format!("name=\"{CSRF_FORM_FIELD}\""))
    });
    if !named {
        return Some(None);
    }
    let (value, _) = body.split_once(&format!("\r\n--{boundary}"))?;
    Some(Some(value.trim().to_owned()))
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    // The token is hex, so it needs no percent-decoding.
    std::str::from_utf8(body)
        .ok()?
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The access check, run on every routed request: looks the matched route up in
/// [`permissions::ROUTES`], authenticates, checks the CSRF token and the permission.
pub async fn check_access(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(path) = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()) else {
        // Not a route (404 or 405 from the router): nothing to protect.
        return next.run(request).await;
    };
    let method = request.method().clone();
    let Some(access) = access_for(method.as_str(), &path) else {
        let allowed = permissions::methods_for(&path);
        if !allowed.is_empty() {
            // The route exists with other methods (TRACE, OPTIONS, a typo): RFC 9110 §15.5.6.
            let mut response = AppError::MethodNotAllowed.into_response();
            if let Ok(v) = HeaderValue::from_str(&allowed.join(", ")) {
                response.headers_mut().insert(header::ALLOW, v);
            }
            response.extensions_mut().insert(AccessChecked);
            return response;
        }
        tracing::error!(%method, route = %path, "route has no declared access in auth::permissions::ROUTES");
        return AppError::Internal(format!("{method} {path} has no declared access")).into_response();
    };
    let mut request = request;
    // Who is signed in, whatever the verdict: an error page shows them their menu without
    // looking them up again (web::errors).
    let mut signed_in_user = None;
    let outcome = match access {
        Access::Public => Ok(None),
        Access::Authenticated | Access::Requires(_) => match authenticate(&state, request.headers()).await {
            Err(err) => return err.into_response(),
            Ok(Err(refusal)) => Err(refusal),
            Ok(Ok(None)) => Err(Refusal::Unauthenticated { clear_cookie: false }),
            Ok(Ok(Some(current))) => {
                signed_in_user = Some(current.clone());
                let mut refusal = None;
                if let Credential::Session { .. } = &current.credential
                    && !is_safe(&method)
                {
                    let offered;
                    (request, offered) = match csrf_token_offered(request).await {
                        Ok(pair) => pair,
                        Err(err) => return err.into_response(),
                    };
                    let secret = cookie(request.headers(), SESSION_COOKIE)
                        .and_then(secret::parse_session)
                        .map(|(_, s)| s.to_owned())
                        .unwrap_or_default();
                    let matches = offered.is_some_and(|t| secret::csrf_matches(&secret, &t));
                    if !matches {
                        refusal = Some(Refusal::Csrf);
                    }
                }
                if refusal.is_none()
                    && current.user.must_change_password
                    && !permissions::allowed_while_password_must_change(method.as_str(), &path)
                {
                    refusal = Some(Refusal::PasswordChange);
                }
                if refusal.is_none()
                    && let Access::Requires(permission) = access
                    && !domain::allows(current.user.role, permission)
                {
                    refusal = Some(Refusal::Forbidden);
                }
                match refusal {
                    Some(r) => Err(r),
                    None => Ok(Some(current)),
                }
            }
        },
    };
    let mut response = match outcome {
        Ok(current) => {
            if let Some(current) = current {
                request.extensions_mut().insert(current);
            }
            next.run(request).await
        }
        Err(Refusal::Unauthenticated { clear_cookie }) if crate::web::pages::login::is_interrupted_post(&request) => {
            // A session ended while someone typed: what they typed is kept through the login.
            let mut page = crate::web::pages::login::interrupted(&state, request).await;
            if clear_cookie && let Ok(v) = HeaderValue::from_str(&clear_session_cookie(&state.auth)) {
                page.headers_mut().append(header::SET_COOKIE, v);
            }
            page
        }
        Err(refusal) => refuse(&state, &request, refusal),
    };
    response.extensions_mut().insert(AccessChecked);
    if let Some(user) = signed_in_user {
        response.extensions_mut().insert(user);
    }
    response
}

fn refuse(state: &AppState, request: &Request, refusal: Refusal) -> Response {
    // A browser navigating (a page, or a draft link in a page) asks for HTML first;
    // API clients ask for JSON or anything.
    let wants_html = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("text/html"));
    match refusal {
        Refusal::Unauthenticated { clear_cookie } => {
            let mut response = if wants_html {
                let next = request.uri().path_and_query().map_or("/", |p| p.as_str());
                let location = format!("/login?next={}", percent_encode(next));
                let mut r = StatusCode::SEE_OTHER.into_response();
                if let Ok(v) = HeaderValue::from_str(&location) {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                r
            } else {
                let mut r = AppError::Unauthenticated.into_response();
                r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                r
            };
            if clear_cookie && let Ok(v) = HeaderValue::from_str(&clear_session_cookie(&state.auth)) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            response
        }
        Refusal::Csrf => AppError::CsrfTokenMissing.into_response(),
        Refusal::Forbidden => AppError::Forbidden.into_response(),
        Refusal::PasswordChange if wants_html => {
            let mut r = StatusCode::SEE_OTHER.into_response();
            r.headers_mut().insert(header::LOCATION, HeaderValue::from_static(crate::web::CHANGE_PASSWORD_PAGE));
            r
        }
        Refusal::PasswordChange => AppError::PasswordChangeRequired.into_response(),
    }
}

/// Percent-encodes everything but unreserved characters and `/` (for `?next=`).
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The user signed in by the request's session or token, if any (for the pages of addresses
/// no route holds, which the access check never saw).
pub(crate) async fn signed_in(state: &AppState, headers: &HeaderMap) -> Option<CurrentUser> {
    authenticate(state, headers).await.ok().and_then(Result::ok).flatten()
}

/// The outermost guard: a routed response that did not pass [`check_access`] (a route merged
/// after the access layer was added) is replaced by a 500, so no route can slip past the check.
pub async fn require_access_check(request: Request, next: Next) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let response = next.run(request).await;
    let routed = !matches!(response.status(), StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED);
    if routed && response.extensions().get::<AccessChecked>().is_none() {
        tracing::error!(%method, path = %path, "response did not pass the access check");
        return AppError::Internal(format!("{method} {path} is not behind the access check")).into_response();
    }
    response
}

/// The problem document for a CSRF refusal by the Origin check (tower-http's `CsrfLayer`).
pub fn cross_origin_refusal(_error: tower_http::csrf::ProtectionError) -> Response {
    let body = Problem {
        problem_type: "/problems/cross-origin".into(),
        title: "Cross-origin request refused".into(),
        status: 403,
        detail: "state-changing requests must come from breachdesk's own pages (Origin / Sec-Fetch-Site)".into(),
        errors: Vec::new(),
    };
    let mut response = (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    // This refusal is the access check's verdict too.
    response.extensions_mut().insert(AccessChecked);
    response
}

/// The instant a session started at `created_at` ends at the latest.
pub fn session_ends_at(created_at: DateTime<Utc>) -> DateTime<Utc> {
    created_at + SESSION_ABSOLUTE_LIFETIME
}

#[cfg(test)]
mod client_address_tests {
    use super::*;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies_and_read_from_the_right() {
        let settings = AuthSettings::for_public_url(None, password::PasswordCost::TESTS)
            .expect("valid")
            .with_trusted_proxies(vec![ip("10.0.0.1"), ip("10.0.0.2")]);
        let table = [
            // (peer, X-Forwarded-For, client)
            ("198.51.100.7", Some("203.0.113.9"), "198.51.100.7"),
            ("10.0.0.1", Some("203.0.113.9"), "203.0.113.9"),
            ("10.0.0.1", Some("6.6.6.6, 203.0.113.9, 10.0.0.2"), "203.0.113.9"),
            ("10.0.0.1", None, "10.0.0.1"),
            ("10.0.0.1", Some("nonsense"), "10.0.0.1"),
        ];
        for (peer, forwarded, want) in table {
            assert_eq!(settings.client_address(Some(ip(peer)), forwarded), Some(ip(want)), "{peer} {forwarded:?}");
        }
        assert_eq!(settings.client_address(None, Some("203.0.113.9")), None);
    }
}

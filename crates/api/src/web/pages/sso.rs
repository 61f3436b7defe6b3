//! `/login/oidc` and its callback: single sign-on. The start stores the login's state, nonce
//! and PKCE verifier and sends the browser to the provider; the callback takes them back (once,
//! in any process), lets the provider prove who signed in, and starts a session for the
//! breachdesk account with that e-mail address, when one exists and is active. A login never
//! creates an account; the role is the account's.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::audit::ANONYMOUS_ACTOR;
use domain::{AuditAction, Email, NewAuditEvent};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use store::PendingOidcLogin;

use super::login::LoginPage;
use crate::auth::oidc::LOGIN_LIFETIME;
use crate::error::AppError;
use crate::routes::session::start_session;
use crate::state::AppState;
use crate::web::{CHANGE_PASSWORD_PAGE, safe_next};

/// The key a login's `state` is stored under: its hash, so the table holds nothing that could
/// be replayed.
fn state_key(state: &str) -> String {
    hex::encode(Sha256::digest(format!("breachdesk oidc state\0{state}").as_bytes()))
}

#[derive(Debug, Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// Sends the browser to the provider.
pub async fn start(State(state): State<AppState>, Query(q): Query<StartQuery>) -> Result<Response, AppError> {
    let oidc = state.auth.oidc.clone().ok_or(AppError::NotFound("single sign-on"))?;
    let started = oidc.start().await.map_err(|e| AppError::Internal(e.to_string()))?;
    let now = state.now();
    let pending = PendingOidcLogin {
        nonce: started.nonce,
        pkce_verifier: started.pkce_verifier,
        next: safe_next(q.next.as_deref()),
    };
    state.store.save_oidc_login(&state_key(&started.state), &pending, now - LOGIN_LIFETIME, now).await?;
    Ok(Redirect::to(&started.url).into_response())
}

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    iss: Option<String>,
}

/// The provider's redirect back: a session for the matching active account, or the login page
/// saying why not.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Result<Response, AppError> {
    let oidc = state.auth.oidc.clone().ok_or(AppError::NotFound("single sign-on"))?;
    let failed = |status: StatusCode, no_account: bool| {
        let mut page = LoginPage::new(&state, &headers, "/".into(), None);
        let t = page.chrome.t;
        page.message = Some(if no_account { t.sso_no_account } else { t.sso_failed }.to_owned());
        (status, page).into_response()
    };
    let now = state.now();
    let pending = match &q.state {
        Some(s) => state.store.take_oidc_login(&state_key(s), now - LOGIN_LIFETIME).await?,
        None => None,
    };
    let (Some(pending), Some(code), None) = (pending, q.code, q.error.as_deref()) else {
        tracing::warn!(provider_error = q.error.as_deref().unwrap_or(""), "single sign-on: no valid login to finish");
        return Ok(failed(StatusCode::BAD_REQUEST, false));
    };
    // RFC 9207: an authorization response naming another issuer is a mix-up attack.
    if q.iss.as_deref().is_some_and(|iss| iss.trim_end_matches('/') != oidc.issuer().trim_end_matches('/')) {
        tracing::warn!("single sign-on: the response names another issuer");
        return Ok(failed(StatusCode::BAD_REQUEST, false));
    }
    let identity = match oidc.finish(code, &pending.nonce, &pending.pkce_verifier).await {
        Ok(identity) => identity,
        Err(err) => {
            tracing::warn!(error = %err, "single sign-on failed");
            return Ok(failed(StatusCode::BAD_GATEWAY, false));
        }
    };
    let found = match Email::parse(&identity.email) {
        Ok(email) => state.store.user_for_login(&email).await?.map(|(user, _)| user),
        Err(_) => None,
    };
    let Some(user) = found.clone().filter(|u| u.active) else {
        let mut event = NewAuditEvent::new(ANONYMOUS_ACTOR, AuditAction::LoginFailed).with("method", "oidc");
        if let Some(user) = &found {
            event = event.with("user_id", user.id);
        }
        state.store.record_audit(event, now).await?;
        tracing::info!(known = found.is_some(), "single sign-on refused: no active account");
        return Ok(failed(StatusCode::FORBIDDEN, true));
    };
    let (_, cookie) = start_session(&state, &user, &headers, "oidc").await?;
    let target = if user.must_change_password { CHANGE_PASSWORD_PAGE } else { pending.next.as_str() };
    let mut response = Redirect::to(target).into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

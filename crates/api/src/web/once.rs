//! A repeated post does nothing twice. Every form a page draws carries a fresh one-time key
//! (`form_key`); the first post with it claims it, and a repeat (a double click, a reload, the
//! back button and send again) is answered with the page instead of being carried out again.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::app::BODY_LIMIT_BYTES;
use crate::error::AppError;
use crate::state::AppState;

/// The field that carries the key.
pub const FORM_KEY: &str = "form_key";

/// A fresh key for one form (128 random bits, hex).
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    // Without randomness the form still works; it is only not protected against repeats.
    if getrandom::fill(&mut bytes).is_err() {
        return String::new();
    }
    hex::encode(bytes)
}

pub(crate) fn is_key(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Claims the key of a form post; a post whose key was used before goes to the page instead.
pub async fn once(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    // Only signed-in users' posts claim keys: a stranger cannot fill the table (the public
    // forms keep their own keys, issued when drawn: see store::public_forms).
    let signed_in = request.extensions().get::<crate::auth::CurrentUser>().is_some();
    if request.method() != Method::POST || !is_form || !signed_in {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT_BYTES).await else {
        return AppError::PayloadTooLarge.into_response();
    };
    let key = form_urlencoded::parse(&bytes).find(|(name, _)| name == FORM_KEY).map(|(_, v)| v.into_owned());
    let Some(key) = key.filter(|k| is_key(k)) else {
        return next.run(Request::from_parts(parts, Body::from(bytes))).await;
    };
    match state.store.claim_form_key(&key, state.now()).await {
        Ok(None) => {}
        // The same form sent again: lead where the first post led (or, while it still runs,
        // to the page that holds the form).
        Ok(Some(location)) => {
            let target = if location.is_empty() { parts.uri.path().to_owned() } else { location };
            return Redirect::to(&target).into_response();
        }
        Err(err) => return AppError::from(err).into_response(),
    }
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok());
    if response.status().is_redirection()
        && let Some(location) = location.filter(|l| l.starts_with('/') && !l.starts_with("//"))
        && let Err(err) = state.store.settle_form_key(&key, location).await
    {
        // The post itself is done; a repeat will only land on the form's page.
        tracing::warn!(error = %err, "could not remember where a form post led");
    }
    response
}

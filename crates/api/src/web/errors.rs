//! Errors as pages: a browser asking for a page gets the problem as HTML in the page's
//! language, not a JSON document; the API keeps problem+json.

use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::chrome::Chrome;
use crate::auth::CurrentUser;
use crate::error::PROBLEM_JSON;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    heading: String,
    detail: String,
}

/// Turns a problem+json answer to a page request into an HTML page with the same status, in
/// the reader's language and with the menu of the signed-in user, so that a refusal or a
/// wrong address is never a dead end.
pub async fn html_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let wants_page = !request.uri().path().starts_with("/api/")
        && request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
    let headers = request.headers().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let is_problem =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    if !wants_page || !is_problem {
        return response;
    }
    let (parts, body) = response.into_parts();
    let problem: serde_json::Value = match to_bytes(body, 64 * 1024).await {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
        Err(_) => serde_json::Value::Null,
    };
    // The access check hands on who it found; only an address no route holds was never checked.
    let user = match parts.extensions.get::<CurrentUser>() {
        Some(user) => Some(user.clone()),
        None => crate::auth::signed_in(&state, &headers).await,
    };
    let chrome = Chrome::new(&headers, user.as_ref(), &path, "error");
    let t = chrome.t;
    let (heading, detail) = match parts.status.as_u16() {
        403 => (t.forbidden_heading.to_owned(), t.forbidden_detail.to_owned()),
        404 => (t.not_found_heading.to_owned(), t.not_found_detail.to_owned()),
        _ => (
            problem["title"].as_str().unwrap_or("Error").to_owned(),
            problem["detail"].as_str().unwrap_or_default().to_owned(),
        ),
    };
    let html = ErrorPage { chrome, heading, detail }.render().unwrap_or_default();
    let mut page = (parts.status, Body::from(html)).into_response();
    page.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    for name in [header::RETRY_AFTER, header::SET_COOKIE] {
        if let Some(v) = parts.headers.get(&name) {
            page.headers_mut().insert(name, v.clone());
        }
    }
    page
}

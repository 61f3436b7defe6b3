//! Errors as pages: a browser asking for a page gets the problem as HTML in the page's
//! language, not a JSON document; the API keeps problem+json.

use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::chrome::Chrome;
use crate::error::PROBLEM_JSON;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    heading: String,
    detail: String,
}

/// Turns a problem+json answer to a page request into an HTML page with the same status.
pub async fn html_errors(request: Request, next: Next) -> Response {
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
    let chrome = Chrome::new(&headers, None, &path, "error");
    let sv = chrome.lang == report::Lang::Sv;
    let heading = match parts.status.as_u16() {
        403 if sv => "Din roll får inte göra detta".to_owned(),
        404 if sv => "Hittades inte".to_owned(),
        _ => problem["title"].as_str().unwrap_or("Error").to_owned(),
    };
    let detail = problem["detail"].as_str().unwrap_or_default().to_owned();
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

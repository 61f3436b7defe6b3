//! The web UI: server-rendered HTML (askama templates in web/templates, auto-escaped and checked
//! at compile time), static assets embedded from web/static, Swedish first and English second.
//! Works without JavaScript; the only script ticks the countdowns.

pub mod chrome;
pub mod errors;
pub mod form;
pub mod i18n;
pub mod messages;
pub mod once;
pub(crate) mod pages;

use crate::extract::{Path, Query};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get, post};
use rust_embed::RustEmbed;
use serde::Deserialize;

use crate::state::AppState;

/// The page where a user changes their own password (and must, after a reset).
pub const CHANGE_PASSWORD_PAGE: &str = "/account/password";

/// The files of web/static, embedded in release builds.
#[derive(RustEmbed)]
#[folder = "../../web/static/"]
struct StaticFiles;

async fn static_file(Path(path): Path<String>) -> Response {
    match StaticFiles::get(&path) {
        Some(file) => {
            let mime = file.metadata.mimetype().to_owned();
            let mut response = file.data.into_owned().into_response();
            if let Ok(v) = HeaderValue::from_str(&mime) {
                response.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
            response
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Debug, Deserialize)]
struct Next {
    next: Option<String>,
}

/// A local path to go back to: only paths on this site (no open redirect).
pub(crate) fn safe_next(next: Option<&str>) -> String {
    match next {
        // Browsers drop tabs and newlines while parsing a URL, so "/\t/evil" would become
        // "//evil": no control characters at all.
        Some(n)
            if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.chars().any(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// Switches the language and remembers it in a cookie for a year.
async fn switch_lang(Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let lang = report::Lang::parse(&code).unwrap_or(report::Lang::Sv);
    let mut response = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", i18n::LANG_COOKIE, lang.as_str());
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// A page's path parameters; an address whose parameters are not what the page takes (a case
/// id that is no UUID) is a page that does not exist: 404, shown as a page.
pub struct PagePath<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for PagePath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        // The API's parameters name the bad one (400); a page's address that does not fit is
        // simply no page.
        match crate::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(crate::extract::Path(value)) => Ok(PagePath(value)),
            Err(_) => Err(not_found().await),
        }
    }
}

/// The HTML routes.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/static/{*path}", get(static_file))
        .route("/lang/{code}", get(switch_lang))
        .route("/login", get(pages::login::form).post(pages::login::submit))
        .route("/logout", post(pages::login::logout))
        .route("/login/oidc", get(pages::sso::start))
        .route("/login/oidc/callback", get(pages::sso::callback))
        .route("/account/password", get(pages::account::form).post(pages::account::submit))
        .route("/", get(pages::dashboard::page))
        .route("/cases", get(pages::cases::page))
        .route("/cases/new", get(pages::new_case::form).post(pages::new_case::submit))
        .route("/cases/{id}", get(pages::case::page))
        .route("/cases/{id}/facts", case_section("h-facts").post(pages::case::facts))
        .route("/cases/{id}/status", case_section("h-facts").post(pages::case::status))
        .route("/cases/{id}/timeline", case_section("h-timeline").post(pages::case::timeline))
        .route("/cases/{id}/actions", case_section("h-actions").post(pages::case::add_action))
        .route("/cases/{id}/actions/{action_id}", case_section("h-actions").post(pages::case::update_action))
        .route("/cases/{id}/assessment", case_section("h-assessment").post(pages::case::assessment))
        .route("/cases/{id}/decisions", case_section("h-decisions").post(pages::case::decision))
        .route("/cases/{id}/filings", case_section("h-filings").post(pages::case::filing))
        .route("/cases/{id}/police-details", case_section("h-filings").post(pages::case::police_details))
        .route(
            "/cases/{id}/evidence",
            case_section("h-evidence").post(pages::evidence::upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/cases/{id}/evidence/{evidence_id}/withdraw",
            case_section("h-evidence").post(pages::evidence::withdraw),
        )
        .route("/register", get(pages::register::page))
        .route("/admin", get(pages::admin::page))
        .route("/admin/organisation", admin_section("h-org").post(pages::admin::organisation))
        .route("/admin/users", admin_section("h-users").post(pages::admin::add_user))
        .route("/admin/controllers", admin_section("h-controllers").post(pages::admin::add_controller))
        // Inside the access check (app.rs): only signed-in users' posts claim keys.
        .route_layer(axum::middleware::from_fn_with_state(state, once::once))
}

/// The address a form posts to, opened with GET (a bookmark, a reload, the way back from the
/// login after a session ended): the page that holds the form, at the form.
fn case_section(anchor: &'static str) -> MethodRouter<AppState> {
    get(move |Path(params): Path<Vec<(String, String)>>| async move {
        let id = params.iter().find(|(name, _)| name == "id").and_then(|(_, v)| uuid::Uuid::parse_str(v).ok());
        match id {
            Some(id) => Redirect::to(&format!("/cases/{id}#{anchor}")).into_response(),
            None => crate::error::AppError::NotFound("case").into_response(),
        }
    })
}

/// As [`case_section`], for the forms of the administration page.
fn admin_section(anchor: &'static str) -> MethodRouter<AppState> {
    get(move || async move { Redirect::to(&format!("/admin#{anchor}")) })
}

/// Any address that is no page: 404, as a page in the reader's language for a browser.
pub async fn not_found() -> Response {
    crate::error::AppError::NotFound("page").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login_or_language_switch() {
        assert_eq!(safe_next(Some("/cases/1")), "/cases/1");
        for evil in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "/\t/evil.example",
            "/\n/evil.example",
        ] {
            assert_eq!(safe_next(Some(evil)), "/", "{evil}");
        }
        assert_eq!(safe_next(None), "/");
    }
}

//! `/login` and `/logout` for the browser. The checks (argon2id, throttling, session rotation,
//! audit) are the JSON API's; this only speaks HTML forms.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::routes::session::{ClientAddress, log_in, log_out};
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::safe_next;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub next: String,
    pub email: String,
    pub message: Option<String>,
    /// What a user had typed into a form when their session ended, kept through the login.
    pub kept: Kept,
}

/// A form post interrupted by the end of a session: where it was going and what it held
/// (without the dead session's CSRF token).
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// The form's address (a local path).
    pub action: String,
    /// The fields as typed, in order.
    pub fields: Vec<(String, String)>,
}

impl Kept {
    /// Whether anything is kept.
    pub fn is_empty(&self) -> bool {
        self.action.is_empty()
    }

    /// The fields worth showing the user (the ones that hold text).
    pub fn shown(&self) -> Vec<&(String, String)> {
        self.fields
            .iter()
            .filter(|(name, v)| !v.trim().is_empty() && name != crate::web::once::FORM_KEY && name != "version")
            .collect()
    }
}

/// The prefix of the login form's fields that carry a kept form's fields.
const KEPT_PREFIX: &str = "kept.";
/// The login form's field that carries the kept form's address.
const KEPT_ACTION: &str = "kept_action";

/// The page after a login that interrupted a form: the kept fields, sent on with one press and
/// the new session's CSRF token (never sent on by itself: the user sees what goes).
#[derive(Template, WebTemplate)]
#[template(path = "resume.html")]
pub struct ResumePage {
    pub chrome: Chrome,
    pub kept: Kept,
    /// The new session's CSRF token.
    pub csrf: String,
}

/// Whether `request` is a page's form post (URL-encoded, from a browser) that a login must
/// not throw away.
pub fn is_interrupted_post(request: &axum::extract::Request) -> bool {
    let form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let page = !request.uri().path().starts_with("/api/") && request.uri().path() != "/login";
    request.method() == axum::http::Method::POST && form && page
}

/// The login page for a form post whose session had ended, holding what was typed.
pub async fn interrupted(request: axum::extract::Request) -> Response {
    use axum::extract::FromRequest;
    let headers = request.headers().clone();
    let path = request.uri().path().to_owned();
    let fields: Vec<(String, String)> = Form::<Vec<(String, String)>>::from_request(request, &())
        .await
        .map(|Form(pairs)| pairs)
        .unwrap_or_default()
        .into_iter()
        .filter(|(name, _)| name != "csrf_token")
        .collect();
    let action = safe_next(Some(&path));
    let chrome = Chrome::new(&headers, None, "/login", "login");
    let message = Some(chrome.t.session_ended_kept.to_owned());
    let page = LoginPage { next: action.clone(), email: String::new(), message, kept: Kept { action, fields }, chrome };
    (axum::http::StatusCode::UNAUTHORIZED, page).into_response()
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The login form.
pub async fn form(headers: HeaderMap, Query(q): Query<NextQuery>) -> LoginPage {
    LoginPage {
        chrome: Chrome::new(&headers, None, "/login", "login"),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
        message: None,
        kept: Kept::default(),
    }
}

/// The login form's fields, and the kept fields of an interrupted form, if any.
#[derive(Debug, Default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
    kept: Kept,
}

impl LoginForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = LoginForm::default();
        for (name, value) in pairs {
            match name.as_str() {
                "email" => form.email = value,
                "password" => form.password = value,
                "next" => form.next = Some(value),
                KEPT_ACTION => form.kept.action = safe_next(Some(&value)),
                _ => {
                    if let Some(field) = name.strip_prefix(KEPT_PREFIX) {
                        form.kept.fields.push((field.to_owned(), value));
                    }
                }
            }
        }
        form
    }
}

/// Logs in and goes on to where the user was headed; on failure, the form again with the
/// reason (wrong credentials, or locked until when).
pub async fn submit(
    State(state): State<AppState>,
    address: ClientAddress,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let body = LoginForm::from_pairs(pairs);
    let next = safe_next(body.next.as_deref());
    match log_in(&state, &address.0, &headers, &body.email, body.password).await {
        Ok((_, csrf, cookie)) => {
            let mut response = if body.kept.is_empty() {
                Redirect::to(&next).into_response()
            } else {
                let chrome = Chrome::new(&headers, None, &next, "login");
                ResumePage { chrome, kept: body.kept, csrf }.into_response()
            };
            response.headers_mut().insert(header::SET_COOKIE, cookie);
            Ok(response)
        }
        Err(err @ (AppError::WrongCredentials | AppError::LoginLocked { .. })) => {
            let chrome = Chrome::new(&headers, None, "/login", "login");
            let message = match (&err, chrome.lang) {
                (AppError::WrongCredentials, report::Lang::Sv) => "Fel e-postadress eller lösenord.".to_owned(),
                (AppError::WrongCredentials, report::Lang::En) => "Wrong e-mail address or password.".to_owned(),
                (AppError::LoginLocked { until, .. }, lang) => {
                    let tz = state.organisation().await?.time_zone;
                    let at = until.with_timezone(&tz).format("%H:%M");
                    if lang == report::Lang::Sv {
                        format!("För många misslyckade inloggningar. Försök igen efter kl. {at}.")
                    } else {
                        format!("Too many failed logins. Try again after {at}.")
                    }
                }
                _ => String::new(),
            };
            let status = if matches!(err, AppError::WrongCredentials) {
                axum::http::StatusCode::UNAUTHORIZED
            } else {
                axum::http::StatusCode::TOO_MANY_REQUESTS
            };
            let page = LoginPage { chrome, next, email: body.email, message: Some(message), kept: body.kept };
            Ok((status, page).into_response())
        }
        Err(other) => Err(other),
    }
}

/// Logs out and shows the login page.
pub async fn logout(State(state): State<AppState>, user: CurrentUser) -> Result<Response, AppError> {
    let cookie: HeaderValue = log_out(&state, &user).await?;
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

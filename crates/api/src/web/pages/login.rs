//! `/login` and `/logout` for the browser. The checks (argon2id, throttling, session rotation,
//! audit) are the JSON API's; this only speaks HTML forms. With single sign-on configured the
//! page offers it first; with local passwords off it offers nothing else.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::routes::session::{ClientAddress, log_in, log_out};
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::{CHANGE_PASSWORD_PAGE, safe_next};

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub next: String,
    pub email: String,
    pub message: Option<String>,
    /// Offer single sign-on.
    pub sso: bool,
    /// Offer the password form.
    pub local_passwords: bool,
}

impl LoginPage {
    /// The login page for `state`'s settings, going on to `next`, with `message` shown.
    pub fn new(state: &AppState, headers: &HeaderMap, next: String, message: Option<String>) -> Self {
        LoginPage {
            chrome: Chrome::new(headers, None, "/login", "login"),
            next,
            email: String::new(),
            message,
            sso: state.auth.oidc.is_some(),
            local_passwords: state.auth.local_passwords,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The login form.
pub async fn form(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<NextQuery>) -> LoginPage {
    LoginPage::new(&state, &headers, safe_next(q.next.as_deref()), None)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// "Too many failed logins, try again after HH:MM" in the page's language and the
/// organisation's time zone.
///
/// # Errors
/// Fails when the organisation cannot be read.
pub(crate) async fn locked_message(state: &AppState, err: &AppError, lang: report::Lang) -> Result<String, AppError> {
    let AppError::LoginLocked { until, .. } = err else { return Ok(String::new()) };
    let tz = state.organisation().await?.time_zone;
    let at = until.with_timezone(&tz).format("%H:%M");
    Ok(if lang == report::Lang::Sv {
        format!("För många misslyckade inloggningar. Försök igen efter kl. {at}.")
    } else {
        format!("Too many failed logins. Try again after {at}.")
    })
}

/// Logs in and goes on to where the user was headed (or to the change-password page after a
/// one-time password); on failure, the form again with the reason (wrong credentials, locked
/// until when, too many logins at once).
pub async fn submit(
    State(state): State<AppState>,
    address: ClientAddress,
    headers: HeaderMap,
    Form(body): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(body.next.as_deref());
    let err = match log_in(&state, &address.0, &headers, &body.email, body.password).await {
        Ok((user, _, cookie)) => {
            let target = if user.must_change_password { CHANGE_PASSWORD_PAGE } else { next.as_str() };
            let mut response = Redirect::to(target).into_response();
            response.headers_mut().insert(header::SET_COOKIE, cookie);
            return Ok(response);
        }
        Err(err) => err,
    };
    let mut page = LoginPage::new(&state, &headers, next, None);
    let t = page.chrome.t;
    let (status, message) = match &err {
        AppError::WrongCredentials => (
            StatusCode::UNAUTHORIZED,
            if page.chrome.lang == report::Lang::Sv {
                "Fel e-postadress eller lösenord.".to_owned()
            } else {
                "Wrong e-mail address or password.".to_owned()
            },
        ),
        AppError::LoginLocked { .. } => {
            (StatusCode::TOO_MANY_REQUESTS, locked_message(&state, &err, page.chrome.lang).await?)
        }
        AppError::PasswordChecksBusy { retry_after } => {
            let mut response = (StatusCode::SERVICE_UNAVAILABLE, {
                page.message = Some(t.busy_retry.to_owned());
                page.email = body.email;
                page
            })
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return Ok(response);
        }
        AppError::LocalPasswordsOff => (StatusCode::FORBIDDEN, t.local_passwords_off.to_owned()),
        _ => return Err(err),
    };
    page.email = body.email;
    page.message = Some(message);
    Ok((status, page).into_response())
}

/// Logs out and shows the login page.
pub async fn logout(State(state): State<AppState>, user: CurrentUser) -> Result<Response, AppError> {
    let cookie: HeaderValue = log_out(&state, &user).await?;
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

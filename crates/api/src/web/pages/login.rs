//! `/login` and `/logout` for the browser. The checks (argon2id, throttling, session rotation,
//! audit) are the JSON API's; this only speaks HTML forms.

use crate::extract::Query;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
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
    }
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

/// Logs in and goes on to where the user was headed; on failure, the form again with the
/// reason (wrong credentials, or locked until when).
pub async fn submit(
    State(state): State<AppState>,
    address: ClientAddress,
    headers: HeaderMap,
    Form(body): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(body.next.as_deref());
    match log_in(&state, &address.0, &headers, &body.email, body.password).await {
        Ok((_, _, cookie)) => {
            let mut response = Redirect::to(&next).into_response();
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
            let page = LoginPage { chrome, next, email: body.email, message: Some(message) };
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

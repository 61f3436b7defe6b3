//! `/account/password`: the signed-in user changes their own password, and must after an
//! administrator set a one-time password (every other page leads here until then). The check
//! and the change are the JSON API's (`routes::me`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as Posted;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::ValidationErrors;
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::routes::me::change_own_password;
use crate::routes::session::ClientAddress;
use crate::state::AppState;
use crate::web::CHANGE_PASSWORD_PAGE;
use crate::web::chrome::Chrome;
use crate::web::form::Form;

#[derive(Template, WebTemplate)]
#[template(path = "account_password.html")]
pub struct PasswordPage {
    pub chrome: Chrome,
    pub form: Form,
    pub fields: Vec<(&'static str, &'static str, &'static str)>,
    pub required: bool,
    pub changed: bool,
    pub message: Option<String>,
}

impl PasswordPage {
    fn new(headers: &HeaderMap, user: &CurrentUser) -> Self {
        let chrome = Chrome::new(headers, Some(user), CHANGE_PASSWORD_PAGE, "password");
        let t = chrome.t;
        PasswordPage {
            fields: vec![
                ("current_password", t.current_password, "current-password"),
                ("new_password", t.new_password, "new-password"),
                ("repeat_password", t.repeat_password, "new-password"),
            ],
            chrome,
            form: Form::default(),
            required: user.user.must_change_password,
            changed: false,
            message: None,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Changed {
    changed: Option<String>,
}

/// The change-password form.
pub async fn form(headers: HeaderMap, user: CurrentUser, Query(q): Query<Changed>) -> PasswordPage {
    PasswordPage { changed: q.changed.is_some(), ..PasswordPage::new(&headers, &user) }
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    repeat_password: String,
}

/// Changes the password; back to the form with the errors beside their fields, or on to the
/// dashboard after a one-time password, or to the form saying it is done.
pub async fn submit(
    State(state): State<AppState>,
    address: ClientAddress,
    headers: HeaderMap,
    user: CurrentUser,
    Posted(body): Posted<PasswordForm>,
) -> Result<Response, AppError> {
    let mut page = PasswordPage::new(&headers, &user);
    if body.repeat_password != body.new_password {
        let errors = ValidationErrors::single("repeat_password", page.chrome.t.passwords_differ);
        page.form = Form::default().failed(errors, &[], page.chrome.lang);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let outcome =
        change_own_password(&state, &address.0, &user, Some(body.current_password), Some(body.new_password)).await;
    let t = page.chrome.t;
    let status = match outcome {
        Ok(_) if user.user.must_change_password => return Ok(Redirect::to("/").into_response()),
        Ok(_) => return Ok(Redirect::to(&format!("{CHANGE_PASSWORD_PAGE}?changed=1")).into_response()),
        Err(AppError::Validation(errors)) => {
            page.form = Form::default().failed(errors, &[], page.chrome.lang);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(AppError::PasswordChecksBusy { .. }) => {
            page.message = Some(t.busy_retry.to_owned());
            StatusCode::SERVICE_UNAVAILABLE
        }
        Err(AppError::LocalPasswordsOff) => {
            page.message = Some(t.local_passwords_off.to_owned());
            StatusCode::FORBIDDEN
        }
        Err(err @ AppError::LoginLocked { .. }) => {
            page.message = Some(super::login::locked_message(&state, &err, page.chrome.lang).await?);
            StatusCode::TOO_MANY_REQUESTS
        }
        Err(other) => return Err(other),
    };
    Ok((status, page).into_response())
}

//! `/api/v1/me/password`: the caller changes their own password. The current password is
//! required and checked as a login is (throttled, in a hashing turn); the caller's other
//! sessions end, so a session someone else had opened with the old password stops at once.

use axum::Json;
use axum::extract::State;
use domain::access::check_new_password;
use domain::audit::ANONYMOUS_ACTOR;
use domain::{AuditAction, NewAuditEvent, User, ValidationErrors};
use serde::Deserialize;
use store::PasswordChange;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::session::{ClientAddress, UserView, account_key, lock_in_force, refused_while_locked};
use crate::auth::{Credential, CurrentUser};
use crate::error::{AppError, Problem};
use crate::extract::JsonBody;
use crate::state::AppState;

/// Body of `PUT /api/v1/me/password`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    /// The password in use now (the one-time password after a reset).
    #[schema(required = true)]
    pub current_password: Option<String>,
    /// The new password, 12 to 256 characters.
    #[schema(required = true)]
    pub new_password: Option<String>,
}

/// Changes the caller's password; their other sessions end.
#[utoipa::path(put, path = "/me/password", tag = "session", request_body = ChangePassword,
    responses(
        (status = 200, description = "Changed; the caller's other sessions have ended", body = UserView),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Local passwords are off (single sign-on only)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The current password is wrong, or the new one is too short or too long", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords: the account or address is locked until the time named", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many password checks at once; try again after Retry-After seconds", body = Problem, content_type = "application/problem+json"),
    ))]
async fn change_password(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    current: CurrentUser,
    JsonBody(body): JsonBody<ChangePassword>,
) -> Result<Json<UserView>, AppError> {
    let user = change_own_password(&state, &address, &current, body.current_password, body.new_password).await?;
    Ok(Json(user.into()))
}

/// Checks the current password (throttled like a login) and stores the new one, ending the
/// caller's other sessions. Shared by the API and the change-password page.
///
/// # Errors
/// 422 naming `current_password` or `new_password`; 429 while locked; 503 when every hashing
/// turn is taken; 403 when local passwords are off.
pub(crate) async fn change_own_password(
    state: &AppState,
    address: &str,
    current: &CurrentUser,
    current_password: Option<String>,
    new_password: Option<String>,
) -> Result<User, AppError> {
    if !state.auth.local_passwords {
        return Err(AppError::LocalPasswordsOff);
    }
    let mut errors = ValidationErrors::default();
    let current_password = domain::validation::required(&mut errors, "current_password", current_password);
    let new_password = domain::validation::required(&mut errors, "new_password", new_password);
    if let Some(Err(e)) = new_password.as_deref().map(check_new_password) {
        errors.0.extend(e.0.into_iter().map(|f| domain::FieldError { field: "new_password".into(), ..f }));
    }
    if new_password.is_some() && new_password == current_password {
        errors.add("new_password", "must differ from the current password");
    }
    let (Some(current_password), Some(new_password), true) = (current_password, new_password, errors.is_empty()) else {
        return Err(errors.into());
    };
    let user = &current.user;
    let key = account_key(user.email.as_str());
    let now = state.now();
    if let Some(lock) = lock_in_force(state, &key, address, now).await? {
        return Err(refused_while_locked(state, lock, now).await?);
    }
    let stored = state.store.user_for_login(&user.email).await?.map(|(_, hash)| hash);
    let matches = state.auth.passwords.turn().await?.verify(current_password, stored).await?;
    if !matches {
        state.store.record_login_attempt(&key, address, false, now).await?;
        let event = NewAuditEvent::new(ANONYMOUS_ACTOR, AuditAction::LoginFailed)
            .with("address", address)
            .with("user_id", user.id)
            .with("purpose", "password_change");
        state.store.record_audit(event, now).await?;
        if let Some(lock) = lock_in_force(state, &key, address, now).await? {
            state.store.note_login_lock(&lock.subject, Some(user.id), lock.until, now).await?;
            return Err(lock.refusal);
        }
        return Err(ValidationErrors::single("current_password", "is not the current password").into());
    }
    let hash = state.auth.passwords.hash(new_password).await?;
    let keep = match current.credential {
        Credential::Session { id, .. } => Some(id),
        Credential::Token { .. } => None,
    };
    let changed =
        state.store.set_password(user.id, hash, PasswordChange::Own { keep }, &current.actor(), state.now()).await?;
    tracing::info!(user_id = %user.id, "password changed");
    Ok(changed)
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(change_password))
}

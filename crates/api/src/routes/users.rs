//! `/api/v1/users`: accounts, roles, deactivation and one-time passwords (admin only). Each
//! change goes to the audit log; a role change, a deactivation and a reset end the user's
//! sessions.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::access::{DISPLAY_NAME_MAX_CHARS, check_new_password, leaves_an_admin};
use domain::{Email, Role, User, UserId, ValidationErrors};
use serde::{Deserialize, Serialize};
use store::{NewUser, PasswordChange, Store};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::session::{UserView, role_schema};
use crate::auth::CurrentUser;
use crate::auth::password::Passwords;
use crate::error::{AppError, Problem};
use crate::extract::{JsonBody, Path};
use crate::state::AppState;

/// Body of `POST /api/v1/users`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// The login name.
    #[schema(required = true, nullable = false)]
    pub email: Option<String>,
    /// The name shown to colleagues (default: the e-mail address's local part).
    pub display_name: Option<String>,
    /// The role.
    #[schema(required = true, schema_with = role_schema)]
    pub role: Option<Role>,
    /// The initial password, at least 12 characters.
    #[schema(required = true, nullable = false)]
    pub password: Option<String>,
}

/// Body of `PATCH /api/v1/users/{id}`: at least one of the fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// The new role.
    #[schema(schema_with = role_schema)]
    pub role: Option<Role>,
    /// `false` deactivates the user (their sessions end, their tokens are refused at once);
    /// `true` makes them active again.
    pub active: Option<bool>,
}

/// The answer to `POST /api/v1/users/{id}/password-reset`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PasswordResetView {
    /// The user, who must change the password at the next login.
    pub user: UserView,
    /// The one-time password: shown only now; hand it over by another channel.
    pub one_time_password: String,
}

/// Validates a new user's fields and hashes the password.
///
/// # Errors
/// 422 naming every invalid field.
pub async fn new_user(
    passwords: &Passwords,
    email: Option<String>,
    display_name: Option<String>,
    role: Option<Role>,
    password: Option<String>,
) -> Result<NewUser, AppError> {
    let mut errors = ValidationErrors::default();
    let email = match email.as_deref().map(Email::parse) {
        Some(Ok(e)) => Some(e),
        Some(Err(e)) => {
            errors.0.extend(e.0);
            None
        }
        None => {
            errors.add("email", "is required");
            None
        }
    };
    let role = domain::validation::required(&mut errors, "role", role);
    let password = domain::validation::required(&mut errors, "password", password);
    if let Some(Err(e)) = password.as_deref().map(check_new_password) {
        errors.0.extend(e.0);
    }
    let display_name = match display_name {
        Some(name) => domain::validation::checked_text(
            &mut errors,
            "display_name",
            name,
            domain::text::TextRule::line(DISPLAY_NAME_MAX_CHARS),
        ),
        None => email.as_ref().map(|e| e.as_str().split('@').next().unwrap_or_default().to_owned()),
    };
    let (Some(email), Some(role), Some(password), Some(display_name), true) =
        (email, role, password, display_name, errors.is_empty())
    else {
        return Err(errors.into());
    };
    let password_hash = passwords.hash(password).await?;
    Ok(NewUser { email, display_name, role, password_hash })
}

/// Creates a user.
#[utoipa::path(post, path = "/users", tag = "users", request_body = CreateUser,
    responses(
        (status = 201, description = "The user", body = UserView),
        (status = 409, description = "The e-mail address already has an account", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_user(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(body): JsonBody<CreateUser>,
) -> Result<(StatusCode, Json<UserView>), AppError> {
    let new = new_user(&state.auth.passwords, body.email, body.display_name, body.role, body.password).await?;
    let user = state.store.create_user(new, &current.actor(), state.now()).await?;
    tracing::info!(user_id = %user.id, role = %user.role, "user created");
    Ok((StatusCode::CREATED, Json(user.into())))
}

/// Every user.
#[utoipa::path(get, path = "/users", tag = "users", responses((status = 200, description = "Every user", body = Vec<UserView>)))]
async fn list_users(State(state): State<AppState>) -> Result<Json<Vec<UserView>>, AppError> {
    Ok(Json(state.store.users().await?.into_iter().map(UserView::from).collect()))
}

/// Changes a user's role or deactivates or reactivates them (each recorded in the audit log;
/// a role change or a deactivation ends the user's sessions, and a deactivated user's tokens
/// are refused at once).
#[utoipa::path(patch, path = "/users/{id}", tag = "users", request_body = UpdateUser,
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The user as changed", body = UserView),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Neither role nor active given, or the last active admin would lose the role or be deactivated", body = Problem, content_type = "application/problem+json"),
    ))]
async fn update_user(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<UpdateUser>,
) -> Result<Json<UserView>, AppError> {
    if body.role.is_none() && body.active.is_none() {
        return Err(ValidationErrors::single("role", "give a role or active (true or false)").into());
    }
    let user = change_user(&state.store, UserId(id), body.role, body.active, &current.actor(), state.now()).await?;
    Ok(Json(user.into()))
}

/// Changes a user's role and whether they are active, refusing to leave the installation
/// without an active admin. Shared by the API and the CLI.
///
/// # Errors
/// 404 for an unknown user; 422 naming `role` or `active` when no active admin would remain.
pub async fn change_user(
    store: &Store,
    id: UserId,
    role: Option<Role>,
    active: Option<bool>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<User, AppError> {
    let before = store.user(id).await?;
    let (new_role, new_active) = (role.unwrap_or(before.role), active.unwrap_or(before.active));
    if !leaves_an_admin(&store.users().await?, id, new_role, new_active) {
        let field = if new_active { "role" } else { "active" };
        return Err(ValidationErrors::single(
            field,
            "the last active admin can neither lose the role nor be deactivated",
        )
        .into());
    }
    let mut user = before.clone();
    if new_role != before.role {
        user = store.change_role(id, new_role, actor, now).await?;
        tracing::info!(user_id = %user.id, from = %before.role, to = %user.role, "role changed");
    }
    if new_active != before.active {
        user = store.set_active(id, new_active, actor, now).await?;
        tracing::info!(user_id = %user.id, active = user.active, "user activation changed");
    }
    Ok(user)
}

/// Sets a one-time password for a user: their sessions end, and at the next login they can
/// do nothing but change it.
#[utoipa::path(post, path = "/users/{id}/password-reset", tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The one-time password, shown only now", body = PasswordResetView),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Too many password checks at once; try again after Retry-After seconds", body = Problem, content_type = "application/problem+json"),
    ))]
async fn reset_user_password(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<PasswordResetView>, AppError> {
    let (user, one_time_password) =
        reset_password(&state.store, &state.auth.passwords, UserId(id), &current.actor(), state.now()).await?;
    Ok(Json(PasswordResetView { user: user.into(), one_time_password }))
}

/// Gives a user a generated one-time password (returned, never stored in clear). Shared by
/// the API and the CLI.
///
/// # Errors
/// 404 for an unknown user; 503 when every hashing turn is taken.
pub async fn reset_password(
    store: &Store,
    passwords: &Passwords,
    id: UserId,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(User, String), AppError> {
    store.user(id).await?;
    let password = crate::accounts_cli::generated_password().map_err(|e| AppError::Internal(e.to_string()))?;
    let hash = passwords.hash(password.clone()).await?;
    let user = store.set_password(id, hash, PasswordChange::OneTime, actor, now).await?;
    tracing::info!(user_id = %user.id, "one-time password set");
    Ok((user, password))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_user, list_users))
        .routes(routes!(update_user))
        .routes(routes!(reset_user_password))
}

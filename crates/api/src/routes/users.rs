//! `/api/v1/users`: accounts and roles (admin only). Role changes go to the audit log and end
//! the user's sessions.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::access::{DISPLAY_NAME_MAX_CHARS, check_new_password};
use domain::{Email, Role, User, UserId, ValidationErrors};
use serde::Deserialize;
use store::NewUser;
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

/// Body of `PATCH /api/v1/users/{id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// The new role.
    #[schema(required = true, schema_with = role_schema)]
    pub role: Option<Role>,
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

/// Changes a user's role (recorded in the audit log; the user's sessions end).
#[utoipa::path(patch, path = "/users/{id}", tag = "users", request_body = UpdateUser,
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The user with the new role", body = UserView),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No role given, or the last admin would lose the role", body = Problem, content_type = "application/problem+json"),
    ))]
async fn update_user(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<UpdateUser>,
) -> Result<Json<UserView>, AppError> {
    let Some(role) = body.role else { return Err(ValidationErrors::single("role", "is required").into()) };
    let before = state.store.user(UserId(id)).await?;
    if before.role == Role::Admin && role != Role::Admin {
        let admins = state.store.users().await?.iter().filter(|u: &&User| u.role == Role::Admin && u.active).count();
        if admins <= 1 {
            return Err(ValidationErrors::single("role", "the last admin cannot lose the admin role").into());
        }
    }
    let user = state.store.change_role(UserId(id), role, &current.actor(), state.now()).await?;
    tracing::info!(user_id = %user.id, from = %before.role, to = %user.role, "role changed");
    Ok(Json(user.into()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_user, list_users)).routes(routes!(update_user))
}

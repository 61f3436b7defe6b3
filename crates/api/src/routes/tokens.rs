//! `/api/v1/tokens`: the caller's API tokens. The token itself is shown once, at creation;
//! only a hash of its secret is stored. Revocation takes effect at once, in every process.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, TimeDelta, Utc};
use domain::access::{API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS};
use domain::{ApiToken, ApiTokenId, Permission, User, ValidationErrors};
use serde::{Deserialize, Serialize};
use store::Store;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::auth::{CurrentUser, secret};
use crate::error::{AppError, Problem};
use crate::extract::{JsonBody, Path};
use crate::state::AppState;

/// Body of `POST /api/v1/tokens`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    /// What the token is for ("SIEM", "ärendesystem").
    pub label: Option<String>,
    /// Days until it expires (1 to 366, default 90).
    pub days: Option<i64>,
}

/// A token as listed (never its secret).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenView {
    /// Its id.
    pub id: Uuid,
    /// What it is for.
    pub label: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiToken> for TokenView {
    fn from(t: ApiToken) -> Self {
        TokenView {
            id: t.id.0,
            label: t.label,
            created_at: t.created_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// A new token: the only time its value is shown.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewTokenView {
    /// The token as stored.
    #[serde(flatten)]
    pub info: TokenView,
    /// Send as `Authorization: Bearer <token>`. Shown once; breachdesk keeps only a hash.
    pub token: String,
}

/// Makes a token for `user`; returns it with its one-time value.
///
/// # Errors
/// 422 for a lifetime outside 1 to 366 days or a blank label.
pub async fn issue_token(
    store: &Store,
    user: &User,
    label: Option<String>,
    days: Option<i64>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(ApiToken, String), AppError> {
    let days = days.unwrap_or(API_TOKEN_DEFAULT_DAYS);
    let mut errors = ValidationErrors::default();
    if !(1..=API_TOKEN_MAX_DAYS).contains(&days) {
        errors.add("days", format!("must be between 1 and {API_TOKEN_MAX_DAYS}"));
    }
    let label = match label {
        None => "API".to_owned(),
        Some(l) => domain::validation::checked_text(&mut errors, "label", l, domain::text::TextRule::line(200))
            .unwrap_or_default(),
    };
    let now = domain::time::normalise(now);
    let token = ApiToken {
        id: ApiTokenId::new(),
        user_id: user.id,
        label,
        created_at: now,
        expires_at: now + TimeDelta::days(days),
        revoked_at: None,
    };
    let token = errors.into_result(token)?;
    let issued = secret::issue_api_token(token.id.0).map_err(|e| AppError::Internal(e.to_string()))?;
    store.create_token(&token, &issued.secret_hash, actor, now).await?;
    tracing::info!(token_id = %token.id, user_id = %user.id, "api token created");
    Ok((token, issued.bearer))
}

/// Creates an API token acting as the caller.
#[utoipa::path(post, path = "/tokens", tag = "session", request_body = CreateToken,
    responses(
        (status = 201, description = "The token; its value is shown only now", body = NewTokenView),
        (status = 422, description = "Invalid lifetime or label, or called with an API token (tokens are created from a login session or the CLI)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_token(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(body): JsonBody<CreateToken>,
) -> Result<(StatusCode, Json<NewTokenView>), AppError> {
    // A leaked token must not mint longer-lived ones that outlive its revocation.
    if matches!(current.credential, crate::auth::Credential::Token { .. }) {
        return Err(domain::ValidationErrors::single(
            "authorization",
            "an API token cannot create tokens; log in, or use `breachdesk token create`",
        )
        .into());
    }
    let (token, bearer) =
        issue_token(&state.store, &current.user, body.label, body.days, &current.actor(), state.now()).await?;
    Ok((StatusCode::CREATED, Json(NewTokenView { info: token.into(), token: bearer })))
}

/// The caller's tokens, newest first.
#[utoipa::path(get, path = "/tokens", tag = "session",
    responses((status = 200, description = "The caller's tokens (never their values)", body = Vec<TokenView>)))]
async fn list_tokens(State(state): State<AppState>, current: CurrentUser) -> Result<Json<Vec<TokenView>>, AppError> {
    Ok(Json(state.store.tokens_of(current.user.id).await?.into_iter().map(|r| r.token.into()).collect()))
}

/// Revokes a token: the caller's own, or anyone's for a user manager.
#[utoipa::path(delete, path = "/tokens/{id}", tag = "session", params(("id" = Uuid, Path, description = "Token id")),
    responses(
        (status = 200, description = "The revoked token", body = TokenView),
        (status = 404, description = "No such token of yours", body = Problem, content_type = "application/problem+json"),
    ))]
async fn revoke_token(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Json<TokenView>, AppError> {
    let record = state.store.token(ApiTokenId(id)).await?.ok_or(AppError::NotFound("token"))?;
    // Someone else's token is "not found", not "forbidden": its existence is not disclosed.
    if record.token.user_id != current.user.id && !domain::allows(current.user.role, Permission::ManageUsers) {
        return Err(AppError::NotFound("token"));
    }
    let token = state.store.revoke_token(record.token.id, &current.actor(), state.now()).await?;
    tracing::info!(token_id = %token.id, "api token revoked");
    Ok(Json(token.into()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_token, list_tokens)).routes(routes!(revoke_token))
}

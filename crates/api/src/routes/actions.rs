//! `/api/v1/cases/{id}/actions`: the actions (tasks) of a case: owner, due instant, status.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::{Action, ActionCategory, ActionId, ActionPatch, ActionStatus, CaseId, NewAction, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::double_option;
use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::extract::{JsonBody, Path};
use crate::schema;
use crate::state::AppState;

/// Body of `POST /api/v1/cases/{id}/actions`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAction {
    /// What is to be done.
    #[schema(required = true, nullable = false)]
    pub title: Option<String>,
    /// What it is for.
    #[schema(required = true, schema_with = schema::action_category)]
    pub category: Option<ActionCategory>,
    /// Who is responsible, when it is nobody with an account (a name or role).
    pub owner: Option<String>,
    /// The user responsible (an active user's id).
    pub owner_user_id: Option<Uuid>,
    /// Where it stands (default planned).
    #[schema(schema_with = schema::action_status)]
    pub status: Option<ActionStatus>,
    /// When it should be done.
    pub due_at: Option<DateTime<Utc>>,
}

/// Body of `PATCH /api/v1/cases/{id}/actions/{action_id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAction {
    /// What is to be done.
    pub title: Option<String>,
    /// What it is for.
    #[schema(schema_with = schema::action_category)]
    pub category: Option<ActionCategory>,
    /// Who is responsible, when it is nobody with an account (null clears).
    #[serde(default, deserialize_with = "double_option")]
    pub owner: Option<Option<String>>,
    /// The user responsible (an active user's id; null clears).
    #[serde(default, deserialize_with = "double_option")]
    pub owner_user_id: Option<Option<Uuid>>,
    /// Where it stands.
    #[schema(schema_with = schema::action_status)]
    pub status: Option<ActionStatus>,
    /// When it should be done (null clears).
    #[serde(default, deserialize_with = "double_option")]
    pub due_at: Option<Option<DateTime<Utc>>>,
}

/// An action as the API returns it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActionView {
    /// Its id.
    pub id: Uuid,
    /// What is to be done.
    pub title: String,
    /// What it is for.
    #[schema(schema_with = schema::action_category)]
    pub category: ActionCategory,
    /// Who is responsible, when it is nobody with an account.
    pub owner: Option<String>,
    /// The user responsible.
    pub owner_user_id: Option<Uuid>,
    /// Where it stands.
    #[schema(schema_with = schema::action_status)]
    pub status: ActionStatus,
    /// When it should be done.
    pub due_at: Option<DateTime<Utc>>,
    /// When it was done.
    pub done_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<Action> for ActionView {
    fn from(a: Action) -> Self {
        ActionView {
            id: a.id.0,
            title: a.title,
            category: a.category,
            owner: a.owner,
            owner_user_id: a.owner_user_id.map(|u| u.0),
            status: a.status,
            due_at: a.due_at,
            done_at: a.done_at,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// Adds an action to a case (logged on the timeline).
#[utoipa::path(post, path = "/cases/{id}/actions", tag = "actions", request_body = CreateAction,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 201, description = "The action", body = ActionView),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_action(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<CreateAction>,
) -> Result<(StatusCode, Json<ActionView>), AppError> {
    let new = NewAction {
        title: body.title,
        category: body.category,
        owner: body.owner,
        owner_user_id: body.owner_user_id.map(UserId),
        status: body.status,
        due_at: body.due_at,
    };
    let action = state.casework(&current.as_actor()).add_action(CaseId(id), new).await?;
    Ok((StatusCode::CREATED, Json(action.into())))
}

/// A case's actions.
#[utoipa::path(get, path = "/cases/{id}/actions", tag = "actions",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The actions, oldest first", body = Vec<ActionView>),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_actions(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<Vec<ActionView>>, AppError> {
    state.store.case(CaseId(id)).await?;
    Ok(Json(state.store.actions(CaseId(id)).await?.into_iter().map(ActionView::from).collect()))
}

/// Updates an action (logged on the timeline).
#[utoipa::path(patch, path = "/cases/{id}/actions/{action_id}", tag = "actions", request_body = UpdateAction,
    params(("id" = Uuid, Path, description = "Case id"), ("action_id" = Uuid, Path, description = "Action id")),
    responses(
        (status = 200, description = "The updated action", body = ActionView),
        (status = 404, description = "No such action on this case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
async fn update_action(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, action_id)): Path<(Uuid, Uuid)>,
    JsonBody(body): JsonBody<UpdateAction>,
) -> Result<Json<ActionView>, AppError> {
    let patch = ActionPatch {
        title: body.title,
        category: body.category,
        owner: body.owner,
        owner_user_id: body.owner_user_id.map(|u| u.map(UserId)),
        status: body.status,
        due_at: body.due_at,
    };
    let after = state.casework(&current.as_actor()).change_action(CaseId(id), ActionId(action_id), patch).await?;
    Ok(Json(after.into()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_action, list_actions)).routes(routes!(update_action))
}

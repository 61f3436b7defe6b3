//! `/api/v1/controllers`: the committees and companies cases can affect.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::{Controller, ControllerId, NewController};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::error::{AppError, Problem};
use crate::extract::JsonBody;
use crate::state::AppState;

/// Body of `POST /api/v1/controllers`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateController {
    /// Name, e.g. "Kommunstyrelsen i Bjuvs kommun".
    #[schema(required = true, nullable = false)]
    pub name: Option<String>,
    /// Organisation number `NNNNNN-NNNN` with a valid check digit.
    #[schema(required = true, nullable = false, example = "212000-1041")]
    pub organisation_number: Option<String>,
    /// Postal address (not the visiting address).
    #[schema(required = true, nullable = false)]
    pub postal_address: Option<String>,
}

/// A controller as the API returns it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ControllerView {
    /// Its id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Organisation number.
    pub organisation_number: String,
    /// Postal address.
    pub postal_address: String,
}

impl From<Controller> for ControllerView {
    fn from(c: Controller) -> Self {
        ControllerView {
            id: c.id.0,
            name: c.name,
            organisation_number: c.organisation_number.to_string(),
            postal_address: c.postal_address,
        }
    }
}

/// Adds a controller.
#[utoipa::path(post, path = "/controllers", tag = "controllers", request_body = CreateController,
    responses(
        (status = 201, description = "The controller", body = ControllerView),
        (status = 422, description = "Missing or invalid fields (a wrong check digit names organisation_number)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_controller(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<CreateController>,
) -> Result<(StatusCode, Json<ControllerView>), AppError> {
    let controller = NewController {
        name: body.name,
        organisation_number: body.organisation_number,
        postal_address: body.postal_address,
    }
    .validate(ControllerId::new())?;
    state.store.insert_controller(&controller, state.now()).await?;
    Ok((StatusCode::CREATED, Json(controller.into())))
}

/// Lists controllers by name.
#[utoipa::path(get, path = "/controllers", tag = "controllers",
    responses((status = 200, description = "Every controller", body = Vec<ControllerView>)))]
async fn list_controllers(State(state): State<AppState>) -> Result<Json<Vec<ControllerView>>, AppError> {
    Ok(Json(state.store.controllers().await?.into_iter().map(ControllerView::from).collect()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_controller, list_controllers))
}

//! `/api/v1/cases/{id}/decisions`: notify IMY, inform the data subjects, report to the police,
//! NIS2 significance. A revision is a new decision; all stay on the record and the timeline.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::CaseId;
use domain::decision::{Decision, DecisionKind, Exemption, NewDecision, Outcome};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::extract::{JsonBody, Path};
use crate::schema;
use crate::state::AppState;

/// Body of `POST /api/v1/cases/{id}/decisions`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decide {
    /// What is decided.
    #[schema(required = true, schema_with = schema::decision_kind)]
    pub decision: Option<DecisionKind>,
    /// Yes or no.
    #[schema(required = true, schema_with = schema::outcome)]
    pub outcome: Option<Outcome>,
    /// The reasons; for not notifying IMY, why the breach is unlikely to result in a risk.
    #[schema(required = true, nullable = false)]
    pub reasons: Option<String>,
    /// The Art. 34(3) exemption, for not informing the data subjects despite a high risk
    /// (absent or null: none).
    #[schema(schema_with = schema::exemption_or_null)]
    pub exemption: Option<Exemption>,
}

/// A decision as the API returns it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DecisionView {
    /// Its id.
    pub id: Uuid,
    /// What is decided.
    #[schema(schema_with = schema::decision_kind)]
    pub decision: DecisionKind,
    /// Yes or no.
    #[schema(schema_with = schema::outcome)]
    pub outcome: Outcome,
    /// The reasons.
    pub reasons: String,
    /// The Art. 34(3) exemption (null: none).
    #[schema(schema_with = schema::exemption_or_null)]
    pub exemption: Option<Exemption>,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// 1 for the first decision of its kind, then 2, 3, ...
    pub revision: i32,
    /// Whether this revision is the one in force.
    pub in_force: bool,
}

fn view(d: Decision, all: &[Decision]) -> DecisionView {
    let in_force = domain::decision::in_force(all, d.kind).is_some_and(|f| f.id == d.id);
    DecisionView {
        id: d.id,
        decision: d.kind,
        outcome: d.outcome,
        reasons: d.reasons,
        exemption: d.exemption,
        decided_by: d.decided_by,
        decided_at: d.decided_at,
        revision: d.revision,
        in_force,
    }
}

/// Takes (or revises) a decision.
#[utoipa::path(post, path = "/cases/{id}/decisions", tag = "decisions", request_body = Decide,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 201, description = "The decision, now in force", body = DecisionView),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another revision of this decision was stored at the same time", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing fields, or a decision the law or the assessment does not allow", body = Problem, content_type = "application/problem+json"),
    ))]
async fn decide(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<Decide>,
) -> Result<(StatusCode, Json<DecisionView>), AppError> {
    let case_id = CaseId(id);
    let input =
        NewDecision { kind: body.decision, outcome: body.outcome, reasons: body.reasons, exemption: body.exemption };
    let decision = state.casework(&current.as_actor()).decide(case_id, input).await?;
    let previous = state.store.decisions(case_id).await?;
    Ok((StatusCode::CREATED, Json(view(decision, &previous))))
}

/// Every decision of a case, all revisions, oldest first.
#[utoipa::path(get, path = "/cases/{id}/decisions", tag = "decisions",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The decisions", body = Vec<DecisionView>),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_decisions(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<DecisionView>>, AppError> {
    state.store.case(CaseId(id)).await?;
    let all = state.store.decisions(CaseId(id)).await?;
    Ok(Json(all.iter().cloned().map(|d| view(d, &all)).collect()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(decide, list_decisions))
}

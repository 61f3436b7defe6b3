//! `/api/v1/cases/{id}/filings`: record what was submitted to IMY, the police, the data
//! subjects, the public or the CSIRT, with the frozen content and the PDF's SHA-256.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::filing::{Filing, NewFiling, Phase, Recipient};
use domain::{CaseId, ControllerId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::extract::{JsonBody, Path};
use crate::schema;
use crate::state::AppState;

/// Body of `POST /api/v1/cases/{id}/filings`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordFiling {
    /// Who it went to.
    #[schema(required = true, schema_with = schema::recipient)]
    pub recipient: Option<Recipient>,
    /// Which step.
    #[schema(required = true, schema_with = schema::phase)]
    pub phase: Option<Phase>,
    /// The controller it was filed for (IMY notifications are per controller; required when
    /// the case has several).
    pub controller_id: Option<Uuid>,
    /// When it was submitted.
    #[schema(required = true, nullable = false)]
    pub submitted_at: Option<DateTime<Utc>>,
    /// The recipient's reference (IMY diarienummer, police K-number).
    pub reference: Option<String>,
    /// How it was sent.
    pub channel: Option<String>,
    /// Why it is late; required for an IMY notification after its 72 hours (Art. 33(1)).
    pub delay_reasons: Option<String>,
    /// SHA-256 of the PDF that was sent (the `x-content-sha256` header of the draft download).
    pub pdf_sha256: Option<String>,
}

/// A filing as the API returns it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FilingView {
    /// Its id.
    pub id: Uuid,
    /// Who it went to.
    #[schema(schema_with = schema::recipient)]
    pub recipient: Recipient,
    /// Which step.
    #[schema(schema_with = schema::phase)]
    pub phase: Phase,
    /// The controller it was filed for.
    pub controller_id: Option<Uuid>,
    /// When it was due (as computed when it was recorded).
    pub due_at: Option<DateTime<Utc>>,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// Whether it was submitted after its due time.
    pub late: bool,
    /// The recipient's reference.
    pub reference: Option<String>,
    /// How it was sent.
    pub channel: Option<String>,
    /// Why it was late.
    pub delay_reasons: Option<String>,
    /// SHA-256 of the PDF that was sent.
    pub pdf_sha256: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

impl From<Filing> for FilingView {
    fn from(f: Filing) -> Self {
        FilingView {
            id: f.id,
            recipient: f.recipient,
            phase: f.phase,
            controller_id: f.controller_id.map(|c| c.0),
            late: f.due_at.is_some_and(|due| f.submitted_at > due),
            due_at: f.due_at,
            submitted_at: f.submitted_at,
            reference: f.reference,
            channel: f.channel,
            delay_reasons: f.delay_reasons,
            pdf_sha256: f.pdf_sha256,
            recorded_by: f.recorded_by,
            recorded_at: f.recorded_at,
        }
    }
}

/// Records a submission.
#[utoipa::path(post, path = "/cases/{id}/filings", tag = "filings", request_body = RecordFiling,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 201, description = "The recorded filing", body = FilingView),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or invalid fields; a late IMY notification without delay_reasons", body = Problem, content_type = "application/problem+json"),
    ))]
async fn record_filing(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<RecordFiling>,
) -> Result<(StatusCode, Json<FilingView>), AppError> {
    let filing = state
        .casework(&current.as_actor())
        .file(
            CaseId(id),
            NewFiling {
                recipient: body.recipient,
                phase: body.phase,
                controller_id: body.controller_id.map(ControllerId),
                submitted_at: body.submitted_at,
                reference: body.reference,
                channel: body.channel,
                delay_reasons: body.delay_reasons,
                pdf_sha256: body.pdf_sha256,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(filing.into())))
}

/// Every filing of a case, in submission order.
#[utoipa::path(get, path = "/cases/{id}/filings", tag = "filings",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The filings", body = Vec<FilingView>),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_filings(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<Vec<FilingView>>, AppError> {
    state.store.case(CaseId(id)).await?;
    Ok(Json(state.store.filings(CaseId(id)).await?.into_iter().map(FilingView::from).collect()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(record_filing, list_filings))
}

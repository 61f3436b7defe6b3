//! `/api/v1/cases/{id}/assessment`: the ENISA severity score and the DPO's conclusion.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use domain::CaseId;
use domain::assessment::{Assessment, Conclusion, NewAssessment, SeverityBand};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::extract::{JsonBody, Path};
use crate::schema;
use crate::state::AppState;

/// Body of `PUT /api/v1/cases/{id}/assessment`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessCase {
    /// Data processing context, 1 to 4 (ENISA 2013).
    #[schema(required = true, nullable = false, minimum = 1, maximum = 4)]
    pub dpc: Option<u8>,
    /// Ease of identification: 0.25, 0.5, 0.75 or 1.
    #[schema(required = true, nullable = false)]
    pub ei: Option<f64>,
    /// Circumstances, loss of confidentiality: 0, 0.25 or 0.5.
    pub cb_confidentiality: Option<f64>,
    /// Circumstances, loss of integrity: 0, 0.25 or 0.5.
    pub cb_integrity: Option<f64>,
    /// Circumstances, loss of availability: 0, 0.25 or 0.5.
    pub cb_availability: Option<f64>,
    /// Malicious intent (+0.5).
    pub malicious: Option<bool>,
    /// The DPO's conclusion.
    #[schema(required = true, schema_with = schema::conclusion)]
    pub conclusion: Option<Conclusion>,
    /// Why; never empty.
    #[schema(required = true, nullable = false)]
    pub justification: Option<String>,
    /// Why the score overstates the risk; required when the conclusion is below the band.
    pub below_band_reason: Option<String>,
}

/// An assessment as the API returns it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AssessmentView {
    /// Data processing context.
    pub dpc: u8,
    /// Ease of identification.
    pub ei: f64,
    /// Circumstances: confidentiality.
    pub cb_confidentiality: f64,
    /// Circumstances: integrity.
    pub cb_integrity: f64,
    /// Circumstances: availability.
    pub cb_availability: f64,
    /// Malicious intent.
    pub malicious: bool,
    /// SE = DPC x EI + CB.
    pub score: f64,
    /// The band of the score.
    #[schema(schema_with = schema::severity_band)]
    pub band: SeverityBand,
    /// The DPO's conclusion.
    #[schema(schema_with = schema::conclusion)]
    pub conclusion: Conclusion,
    /// Why.
    pub justification: String,
    /// Why the score overstates the risk.
    pub below_band_reason: Option<String>,
    /// Who assessed.
    pub assessed_by: String,
    /// When.
    pub assessed_at: DateTime<Utc>,
}

impl From<Assessment> for AssessmentView {
    fn from(a: Assessment) -> Self {
        AssessmentView {
            dpc: a.dpc,
            ei: a.ei,
            cb_confidentiality: a.cb_confidentiality,
            cb_integrity: a.cb_integrity,
            cb_availability: a.cb_availability,
            malicious: a.malicious,
            score: a.score,
            band: a.band,
            conclusion: a.conclusion,
            justification: a.justification,
            below_band_reason: a.below_band_reason,
            assessed_by: a.assessed_by,
            assessed_at: a.assessed_at,
        }
    }
}

/// Records the case's assessment (the previous one is kept; this becomes current).
#[utoipa::path(put, path = "/cases/{id}/assessment", tag = "assessment", request_body = AssessCase,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The stored assessment with its score and band", body = AssessmentView),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid inputs, or a conclusion below the band without below_band_reason", body = Problem, content_type = "application/problem+json"),
    ))]
async fn put_assessment(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<AssessCase>,
) -> Result<Json<AssessmentView>, AppError> {
    let case_id = CaseId(id);
    let input = NewAssessment {
        dpc: body.dpc,
        ei: body.ei,
        cb_confidentiality: body.cb_confidentiality,
        cb_integrity: body.cb_integrity,
        cb_availability: body.cb_availability,
        malicious: body.malicious,
        conclusion: body.conclusion,
        justification: body.justification,
        below_band_reason: body.below_band_reason,
    };
    let assessment = state.casework(&current.as_actor()).assess(case_id, input).await?;
    Ok(Json(assessment.into()))
}

/// The case's current assessment.
#[utoipa::path(get, path = "/cases/{id}/assessment", tag = "assessment",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The current assessment", body = AssessmentView),
        (status = 404, description = "No such case, or not assessed yet", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_assessment(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<AssessmentView>, AppError> {
    state.store.case(CaseId(id)).await?;
    let assessment = state.store.assessment(CaseId(id)).await?.ok_or(AppError::NotFound("assessment"))?;
    Ok(Json(assessment.into()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(put_assessment, get_assessment))
}

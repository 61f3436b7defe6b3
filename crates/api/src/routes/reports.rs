//! `/api/v1/reports`: the DPO's queue of staff incident reports; a case opened from one, or a
//! dismissal with a reason. Reports are sent from the `/report` page.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::staff_report::StaffReport;
use domain::{BreachType, Category, ControllerId, NewCase, StaffReportId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::extract::{JsonBody, Path};
use crate::routes::cases::CaseView;
use crate::schema;
use crate::state::AppState;

/// A staff report as the DPO's queue shows it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportView {
    /// Its id.
    pub id: Uuid,
    /// The reference the reporter was given.
    pub reference: String,
    /// When it was sent.
    pub reported_at: DateTime<Utc>,
    /// What happened.
    pub what_happened: String,
    /// When the reporter noticed it.
    pub noticed_at: DateTime<Utc>,
    /// Which unit.
    pub unit: String,
    /// How to reach the reporter.
    pub contact: String,
    /// `waiting`, `case_opened` or `dismissed`.
    #[schema(value_type = String)]
    pub status: String,
    /// Whether it has waited untouched longer than it should.
    pub waiting_too_long: bool,
    /// The case opened from it.
    pub case_id: Option<Uuid>,
    /// Why it was dismissed.
    pub dismissed_reason: Option<String>,
}

impl ReportView {
    pub(crate) fn new(r: StaffReport, wait: chrono::TimeDelta, now: DateTime<Utc>) -> Self {
        ReportView {
            waiting_too_long: r.waiting_too_long(wait, now),
            id: r.id.0,
            reference: r.reference,
            reported_at: r.reported_at,
            what_happened: r.what_happened,
            noticed_at: r.noticed_at,
            unit: r.unit,
            contact: r.contact,
            status: r.status.as_str().to_owned(),
            case_id: r.case_id.map(|c| c.0),
            dismissed_reason: r.dismissed_reason,
        }
    }
}

/// Every staff report, newest first.
#[utoipa::path(get, path = "/reports", tag = "reports",
    responses(
        (status = 200, description = "The reports", body = Vec<ReportView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not read staff reports", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_reports(State(state): State<AppState>) -> Result<Json<Vec<ReportView>>, AppError> {
    let now = state.now();
    let wait = state.public.report_wait;
    Ok(Json(state.store.reports().await?.into_iter().map(|r| ReportView::new(r, wait, now)).collect()))
}

/// Body of `POST /api/v1/reports/{id}/open-case`: the case's facts the DPO sets; detected_at is
/// the report's, the description the reporter's unless given.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenCaseBody {
    /// A short title.
    #[schema(required = true)]
    pub title: Option<String>,
    /// What happened (default: the report's text).
    pub description: Option<String>,
    /// The kind of incident.
    #[schema(required = true, schema_with = schema::category)]
    pub category: Option<Category>,
    /// Which security properties were lost.
    #[schema(required = true, schema_with = schema::breach_types)]
    pub breach_types: Option<Vec<BreachType>>,
    /// When the organisation became aware (starts the 72 hours).
    #[schema(required = true)]
    pub aware_at: Option<DateTime<Utc>>,
    /// Why awareness came more than 24 hours after the report's noticed time.
    pub aware_justification: Option<String>,
    /// The controllers concerned.
    #[serde(default)]
    pub controller_ids: Vec<Uuid>,
}

/// Opens a case from a waiting report.
#[utoipa::path(post, path = "/reports/{id}/open-case", tag = "reports", request_body = OpenCaseBody,
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 201, description = "The case opened", body = CaseView),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not handle reports, or a cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The report was handled already", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or invalid fields, each named", body = Problem, content_type = "application/problem+json"),
    ))]
async fn open_case(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<OpenCaseBody>,
) -> Result<(StatusCode, Json<CaseView>), AppError> {
    let new = NewCase {
        title: body.title,
        description: body.description,
        category: body.category,
        breach_types: body.breach_types,
        aware_justification: body.aware_justification,
        controller_ids: body.controller_ids.into_iter().map(ControllerId).collect(),
        ..NewCase::default()
    };
    let case = state.casework(&current.as_actor()).open_case_from_report(StaffReportId(id), new, body.aware_at).await?;
    Ok((StatusCode::CREATED, Json(case.into())))
}

/// Body of `POST /api/v1/reports/{id}/dismiss`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DismissBody {
    /// Why it is not a case.
    #[schema(required = true)]
    pub reason: Option<String>,
}

/// Dismisses a waiting report with a reason (in the audit log).
#[utoipa::path(post, path = "/reports/{id}/dismiss", tag = "reports", request_body = DismissBody,
    params(("id" = Uuid, Path, description = "Report id")),
    responses(
        (status = 204, description = "Dismissed"),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not handle reports, or a cross-site request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The report was handled already", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The reason is missing", body = Problem, content_type = "application/problem+json"),
    ))]
async fn dismiss(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<DismissBody>,
) -> Result<StatusCode, AppError> {
    state.casework(&current.as_actor()).dismiss_report(StaffReportId(id), body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_reports)).routes(routes!(open_case)).routes(routes!(dismiss))
}

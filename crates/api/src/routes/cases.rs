//! `/api/v1/cases`: open, list, read and update cases.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use domain::case::{Cause, CountRange, DataSubjectCategory, PersonalDataCategory};
use domain::{BreachType, Case, CaseId, CasePatch, CaseStatus, Category, ControllerId, NewCase};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::double_option;
use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::extract::{IfMatch, JsonBody, Paging, Path, Query, etag};
use crate::schema;
use crate::state::AppState;

/// An approximate count: `min..max`. Absent or null means unknown.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// At least.
    #[schema(maximum = 9_007_199_254_740_991_u64)]
    pub min: u64,
    /// At most: at most 2^53 − 1 (`domain::case::COUNT_MAX`), the largest integer every JSON
    /// reader keeps exactly.
    #[schema(maximum = 9_007_199_254_740_991_u64)]
    pub max: u64,
}

/// Body of `POST /api/v1/cases`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCase {
    /// A short title.
    #[schema(required = true, nullable = false)]
    pub title: Option<String>,
    /// What happened.
    #[schema(required = true, nullable = false)]
    pub description: Option<String>,
    /// The kind of incident.
    #[schema(required = true, schema_with = schema::category)]
    pub category: Option<Category>,
    /// Which security properties were lost (at least one).
    #[schema(required = true, schema_with = schema::breach_types)]
    pub breach_types: Option<Vec<BreachType>>,
    /// When the breach was discovered.
    #[schema(required = true, nullable = false)]
    pub detected_at: Option<DateTime<Utc>>,
    /// When the controller became aware (starts the 72-hour clock).
    #[schema(required = true, nullable = false)]
    pub aware_at: Option<DateTime<Utc>>,
    /// Required when aware_at is more than 24 hours after detected_at.
    pub aware_justification: Option<String>,
    /// When the breach began, if known.
    pub occurred_from: Option<DateTime<Utc>>,
    /// When it ended, if known.
    pub occurred_to: Option<DateTime<Utc>>,
    /// How it was discovered.
    pub detection_method: Option<String>,
    /// The controllers affected.
    #[serde(default)]
    pub controller_ids: Vec<Uuid>,
    /// Systems affected.
    #[serde(default)]
    pub affected_systems: Vec<String>,
    /// Categories of personal data.
    #[serde(default)]
    #[schema(schema_with = schema::personal_data_categories)]
    pub personal_data_categories: Vec<PersonalDataCategory>,
    /// Categories of data subjects.
    #[serde(default)]
    #[schema(schema_with = schema::data_subject_categories)]
    pub data_subject_categories: Vec<DataSubjectCategory>,
    /// Approximate number of data subjects.
    pub data_subjects_count: Option<Count>,
    /// Approximate number of records.
    pub records_count: Option<Count>,
    /// Likely consequences for the data subjects.
    pub likely_consequences: Option<String>,
    /// Data subjects in other member states affected.
    #[serde(default)]
    pub cross_border: bool,
    /// A processor is involved.
    #[serde(default)]
    pub processor_involved: bool,
    /// What caused it.
    #[schema(schema_with = schema::cause)]
    pub cause: Option<Cause>,
    /// The other member states concerned, when cross-border.
    #[serde(default)]
    pub member_states: Vec<String>,
    /// GDPR Art. 33(2): the organisation is the processor of another controller here.
    #[serde(default)]
    pub acting_as_processor: bool,
    /// Art. 33(2): when the processor became aware.
    pub processor_aware_at: Option<DateTime<Utc>>,
    /// Art. 33(2): when the processor told the controller.
    pub processor_notified_controller_at: Option<DateTime<Utc>>,
    /// Recitals 86 and 88: when the police asked to delay informing the data subjects.
    pub police_delay_requested_at: Option<DateTime<Utc>>,
    /// Until when the police asked to delay it (absent: until further notice).
    pub police_delay_until: Option<DateTime<Utc>>,
}

fn range(c: Count) -> CountRange {
    CountRange { min: c.min, max: c.max }
}

impl From<CreateCase> for NewCase {
    fn from(b: CreateCase) -> Self {
        NewCase {
            title: b.title,
            description: b.description,
            category: b.category,
            breach_types: b.breach_types,
            detected_at: b.detected_at,
            aware_at: b.aware_at,
            aware_justification: b.aware_justification,
            occurred_from: b.occurred_from,
            occurred_to: b.occurred_to,
            detection_method: b.detection_method,
            controller_ids: b.controller_ids.into_iter().map(ControllerId).collect(),
            affected_systems: b.affected_systems,
            personal_data_categories: b.personal_data_categories,
            data_subject_categories: b.data_subject_categories,
            data_subjects_count: b.data_subjects_count.map(range),
            records_count: b.records_count.map(range),
            likely_consequences: b.likely_consequences,
            cross_border: b.cross_border,
            processor_involved: b.processor_involved,
            cause: b.cause,
            member_states: b.member_states,
            acting_as_processor: b.acting_as_processor,
            processor_aware_at: b.processor_aware_at,
            processor_notified_controller_at: b.processor_notified_controller_at,
            police_delay_requested_at: b.police_delay_requested_at,
            police_delay_until: b.police_delay_until,
        }
    }
}

/// Body of `PATCH /api/v1/cases/{id}`: only the fields to change; `null` clears a clearable one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCase {
    /// A short title.
    pub title: Option<String>,
    /// What happened.
    pub description: Option<String>,
    /// The kind of incident.
    #[schema(schema_with = schema::category)]
    pub category: Option<Category>,
    /// Which security properties were lost.
    #[schema(schema_with = schema::breach_types)]
    pub breach_types: Option<Vec<BreachType>>,
    /// The new status (only legal transitions are accepted).
    #[schema(schema_with = schema::case_status)]
    pub status: Option<CaseStatus>,
    /// Why it is not a breach (required with status not_a_breach).
    #[serde(default, deserialize_with = "double_option")]
    pub not_a_breach_reason: Option<Option<String>>,
    /// When the breach was discovered.
    pub detected_at: Option<DateTime<Utc>>,
    /// When the controller became aware.
    pub aware_at: Option<DateTime<Utc>>,
    /// Why awareness came more than 24 hours after detection.
    #[serde(default, deserialize_with = "double_option")]
    pub aware_justification: Option<Option<String>>,
    /// When the breach began.
    #[serde(default, deserialize_with = "double_option")]
    pub occurred_from: Option<Option<DateTime<Utc>>>,
    /// When it ended.
    #[serde(default, deserialize_with = "double_option")]
    pub occurred_to: Option<Option<DateTime<Utc>>>,
    /// How it was discovered.
    #[serde(default, deserialize_with = "double_option")]
    pub detection_method: Option<Option<String>>,
    /// When it was contained.
    #[serde(default, deserialize_with = "double_option")]
    pub contained_at: Option<Option<DateTime<Utc>>>,
    /// The controllers affected.
    pub controller_ids: Option<Vec<Uuid>>,
    /// Systems affected.
    pub affected_systems: Option<Vec<String>>,
    /// Categories of personal data.
    #[schema(schema_with = schema::personal_data_categories)]
    pub personal_data_categories: Option<Vec<PersonalDataCategory>>,
    /// Categories of data subjects.
    #[schema(schema_with = schema::data_subject_categories)]
    pub data_subject_categories: Option<Vec<DataSubjectCategory>>,
    /// Approximate number of data subjects.
    #[serde(default, deserialize_with = "double_option")]
    pub data_subjects_count: Option<Option<Count>>,
    /// Approximate number of records.
    #[serde(default, deserialize_with = "double_option")]
    pub records_count: Option<Option<Count>>,
    /// Likely consequences.
    #[serde(default, deserialize_with = "double_option")]
    pub likely_consequences: Option<Option<String>>,
    /// Cross-border.
    pub cross_border: Option<bool>,
    /// Processor involved.
    pub processor_involved: Option<bool>,
    /// What caused it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(schema_with = schema::cause)]
    pub cause: Option<Option<Cause>>,
    /// The other member states concerned.
    pub member_states: Option<Vec<String>>,
    /// GDPR Art. 33(2): the organisation is the processor here.
    pub acting_as_processor: Option<bool>,
    /// Art. 33(2): when the processor became aware.
    #[serde(default, deserialize_with = "double_option")]
    pub processor_aware_at: Option<Option<DateTime<Utc>>>,
    /// Art. 33(2): when the processor told the controller.
    #[serde(default, deserialize_with = "double_option")]
    pub processor_notified_controller_at: Option<Option<DateTime<Utc>>>,
    /// Recitals 86 and 88: when the police asked to delay informing the data subjects.
    #[serde(default, deserialize_with = "double_option")]
    pub police_delay_requested_at: Option<Option<DateTime<Utc>>>,
    /// Until when.
    #[serde(default, deserialize_with = "double_option")]
    pub police_delay_until: Option<Option<DateTime<Utc>>>,
    /// Why the change is made; required when aware_at or detected_at moves after something
    /// was filed. The case's record keeps it with the old and new values.
    pub reason: Option<String>,
}

impl From<UpdateCase> for CasePatch {
    fn from(b: UpdateCase) -> Self {
        CasePatch {
            title: b.title,
            description: b.description,
            category: b.category,
            breach_types: b.breach_types,
            status: b.status,
            not_a_breach_reason: b.not_a_breach_reason,
            detected_at: b.detected_at,
            aware_at: b.aware_at,
            aware_justification: b.aware_justification,
            occurred_from: b.occurred_from,
            occurred_to: b.occurred_to,
            detection_method: b.detection_method,
            contained_at: b.contained_at,
            controller_ids: b.controller_ids.map(|ids| ids.into_iter().map(ControllerId).collect()),
            affected_systems: b.affected_systems,
            personal_data_categories: b.personal_data_categories,
            data_subject_categories: b.data_subject_categories,
            data_subjects_count: b.data_subjects_count.map(|c| c.map(range)),
            records_count: b.records_count.map(|c| c.map(range)),
            likely_consequences: b.likely_consequences,
            cross_border: b.cross_border,
            processor_involved: b.processor_involved,
            cause: b.cause,
            member_states: b.member_states,
            acting_as_processor: b.acting_as_processor,
            processor_aware_at: b.processor_aware_at,
            processor_notified_controller_at: b.processor_notified_controller_at,
            police_delay_requested_at: b.police_delay_requested_at,
            police_delay_until: b.police_delay_until,
        }
    }
}

/// A case as the API returns it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CaseView {
    /// Its id.
    pub id: Uuid,
    /// Its human reference, `PUI-YYYY-NNNN`.
    pub reference: String,
    /// Title.
    pub title: String,
    /// What happened.
    pub description: String,
    /// The kind of incident.
    #[schema(schema_with = schema::category)]
    pub category: Category,
    /// Which security properties were lost.
    #[schema(schema_with = schema::breach_types)]
    pub breach_types: Vec<BreachType>,
    /// Where the case stands.
    #[schema(schema_with = schema::case_status)]
    pub status: CaseStatus,
    /// Why it is not a breach.
    pub not_a_breach_reason: Option<String>,
    /// When the breach began.
    pub occurred_from: Option<DateTime<Utc>>,
    /// When it ended.
    pub occurred_to: Option<DateTime<Utc>>,
    /// When it was discovered.
    pub detected_at: DateTime<Utc>,
    /// How it was discovered.
    pub detection_method: Option<String>,
    /// When the controller became aware.
    pub aware_at: DateTime<Utc>,
    /// Why awareness came late.
    pub aware_justification: Option<String>,
    /// When it was contained.
    pub contained_at: Option<DateTime<Utc>>,
    /// When the case was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// The controllers affected.
    pub controller_ids: Vec<Uuid>,
    /// Systems affected.
    pub affected_systems: Vec<String>,
    /// Categories of personal data.
    #[schema(schema_with = schema::personal_data_categories)]
    pub personal_data_categories: Vec<PersonalDataCategory>,
    /// Categories of data subjects.
    #[schema(schema_with = schema::data_subject_categories)]
    pub data_subject_categories: Vec<DataSubjectCategory>,
    /// Approximate number of data subjects (null: unknown).
    pub data_subjects_count: Option<Count>,
    /// Approximate number of records (null: unknown).
    pub records_count: Option<Count>,
    /// Likely consequences.
    pub likely_consequences: Option<String>,
    /// Cross-border.
    pub cross_border: bool,
    /// Processor involved.
    pub processor_involved: bool,
    /// What caused it.
    #[schema(value_type = Option<String>, nullable)]
    pub cause: Option<Cause>,
    /// The other member states concerned.
    pub member_states: Vec<String>,
    /// GDPR Art. 33(2): the organisation is the processor here.
    pub acting_as_processor: bool,
    /// Art. 33(2): when the processor became aware.
    pub processor_aware_at: Option<DateTime<Utc>>,
    /// Art. 33(2): when the processor told the controller.
    pub processor_notified_controller_at: Option<DateTime<Utc>>,
    /// Recitals 86 and 88: when the police asked to delay informing the data subjects.
    pub police_delay_requested_at: Option<DateTime<Utc>>,
    /// Until when.
    pub police_delay_until: Option<DateTime<Utc>>,
    /// When it was opened in breachdesk.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
    /// Its version; the ETag is this number in quotes.
    pub version: i64,
}

fn count(r: CountRange) -> Count {
    Count { min: r.min, max: r.max }
}

impl From<Case> for CaseView {
    fn from(c: Case) -> Self {
        CaseView {
            id: c.id.0,
            reference: c.reference.as_str().to_owned(),
            title: c.title,
            description: c.description,
            category: c.category,
            breach_types: c.breach_types,
            status: c.status,
            not_a_breach_reason: c.not_a_breach_reason,
            occurred_from: c.occurred_from,
            occurred_to: c.occurred_to,
            detected_at: c.detected_at,
            detection_method: c.detection_method,
            aware_at: c.aware_at,
            aware_justification: c.aware_justification,
            contained_at: c.contained_at,
            closed_at: c.closed_at,
            controller_ids: c.controller_ids.into_iter().map(|id| id.0).collect(),
            affected_systems: c.affected_systems,
            personal_data_categories: c.personal_data_categories,
            data_subject_categories: c.data_subject_categories,
            data_subjects_count: c.data_subjects_count.map(count),
            records_count: c.records_count.map(count),
            likely_consequences: c.likely_consequences,
            cross_border: c.cross_border,
            processor_involved: c.processor_involved,
            cause: c.cause,
            member_states: c.member_states,
            acting_as_processor: c.acting_as_processor,
            processor_aware_at: c.processor_aware_at,
            processor_notified_controller_at: c.processor_notified_controller_at,
            police_delay_requested_at: c.police_delay_requested_at,
            police_delay_until: c.police_delay_until,
            created_at: c.created_at,
            updated_at: c.updated_at,
            version: c.version,
        }
    }
}

/// A page of cases.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CaseList {
    /// The cases on this page, newest first.
    pub items: Vec<CaseView>,
    /// How many cases there are in all.
    pub total: u64,
    /// This page, from 0.
    pub page: u64,
    /// Cases per page.
    pub per_page: u64,
}

fn with_etag(status: StatusCode, case: Case) -> Response {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&etag(case.version)) {
        headers.insert(header::ETAG, value);
    }
    (status, headers, Json(CaseView::from(case))).into_response()
}

/// Opens a case.
#[utoipa::path(post, path = "/cases", tag = "cases", request_body = CreateCase,
    responses(
        (status = 201, description = "The case, with its ETag", body = CaseView),
        (status = 400, description = "Malformed body or a field of the wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or invalid fields, each named", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_case(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(body): JsonBody<CreateCase>,
) -> Result<Response, AppError> {
    let actor = current.as_actor();
    let case = state.casework(&actor).open_case(body.into()).await?;
    Ok(with_etag(StatusCode::CREATED, case))
}

/// Lists cases, newest first.
#[utoipa::path(get, path = "/cases", tag = "cases", params(Paging),
    responses((status = 200, description = "A page of cases", body = CaseList)))]
async fn list_cases(State(state): State<AppState>, Query(paging): Query<Paging>) -> Result<Json<CaseList>, AppError> {
    let (page, per_page) = paging.checked()?;
    let result = state.store.cases(page, per_page).await?;
    Ok(Json(CaseList {
        items: result.items.into_iter().map(CaseView::from).collect(),
        total: result.total,
        page,
        per_page,
    }))
}

/// Reads one case, with its ETag.
#[utoipa::path(get, path = "/cases/{id}", tag = "cases", params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The case", body = CaseView, headers(("ETag" = String, description = "The case's version"))),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_case(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Response, AppError> {
    Ok(with_etag(StatusCode::OK, state.store.case(CaseId(id)).await?))
}

/// Updates a case. `If-Match` with the ETag read is required.
#[utoipa::path(patch, path = "/cases/{id}", tag = "cases", request_body = UpdateCase,
    params(("id" = Uuid, Path, description = "Case id"), ("If-Match" = String, Header, description = "The ETag of the case as read")),
    responses(
        (status = 200, description = "The updated case, with its new ETag", body = CaseView),
        (status = 412, description = "The case changed since it was read; nothing was changed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields or an illegal status transition", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = Problem, content_type = "application/problem+json"),
    ))]
async fn update_case(
    State(state): State<AppState>,
    caller: CurrentUser,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    JsonBody(body): JsonBody<UpdateCase>,
) -> Result<Response, AppError> {
    let actor = caller.as_actor();
    let reason = body.reason.clone();
    let updated = state.casework(&actor).change_case(CaseId(id), version, body.into(), reason).await?;
    Ok(with_etag(StatusCode::OK, updated))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_case, list_cases)).routes(routes!(get_case, update_case))
}

//! `/api/v1/cases/{id}/drafts/...`: notification drafts as PDF.

use crate::extract::{Path, Query};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::{CaseId, ControllerId, ValidationErrors};
use report::DraftContext;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::clocks::LoadedCase;
use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::state::AppState;
use casework::ExportedDraft;

/// Options of a draft.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DraftQuery {
    /// The controller the IMY notification is for (default: the case's first).
    pub controller_id: Option<Uuid>,
    /// `sv` (default) or `en`.
    pub lang: Option<String>,
}

/// Which case draft to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Imy,
    ImySupplement,
    Police,
    DataSubjects,
}

impl Kind {
    /// The name in the audit log and the file name.
    fn name(self) -> &'static str {
        match self {
            Kind::Imy => "imy",
            Kind::ImySupplement => "imy_supplement",
            Kind::Police => "police",
            Kind::DataSubjects => "data_subjects",
        }
    }
}

/// Renders one draft of a case, records the export in the audit log and returns the PDF.
async fn render(
    state: AppState,
    current: CurrentUser,
    id: Uuid,
    query: DraftQuery,
    kind: Kind,
) -> Result<Response, AppError> {
    let lang = super::requested_lang(query.lang.as_deref())?;
    let loaded = LoadedCase::load(&state.store, CaseId(id)).await?;
    let case_controllers = state.store.controllers_by_id(&loaded.case.controller_ids).await?;
    let controller_id = match query.controller_id.map(ControllerId) {
        Some(wanted) if !loaded.case.controller_ids.contains(&wanted) => {
            return Err(ValidationErrors::single("controller_id", "is not a controller of this case").into());
        }
        Some(wanted) => Some(wanted),
        None => loaded.case.controller_ids.first().copied(),
    };
    // What breachdesk wrote is rendered in the draft's language; downloads of drafts are
    // about the record, not the incident, and stay out of a draft's course of events.
    let timeline: Vec<_> = state
        .store
        .timeline(loaded.case.id)
        .await?
        .iter()
        .filter(|e| !e.is_about_the_record())
        .map(|e| e.shown(lang, loaded.org.time_zone))
        .collect();
    let police = state.store.police_details(loaded.case.id).await?;
    let actions = state.store.actions(loaded.case.id).await?;
    let people = casework::people(&state.store).await?;
    let evidence = state.store.evidence_items(loaded.case.id).await?;
    let now = state.now();
    let clocks = loaded.clocks(now);
    let reference = loaded.case.reference.clone();
    // Rendering is CPU-bound: keep it off the async workers.
    let pdf = tokio::task::spawn_blocking(move || {
        let controller = controller_id.and_then(|cid| case_controllers.iter().find(|c| c.id == cid));
        let ctx = DraftContext {
            organisation: &loaded.org,
            controller,
            controllers: &case_controllers,
            assessment: loaded.assessment.as_ref(),
            decisions: &loaded.decisions,
            filings: &loaded.filings,
            police: police.as_ref().map(|p| &p.details),
            case: &loaded.case,
            timeline: &timeline,
            actions: &actions,
            clocks: &clocks,
            evidence: &evidence,
            generated_at: now,
            lang,
            people: &people,
        };
        match kind {
            Kind::Imy => report::imy_notification(&ctx),
            Kind::ImySupplement => report::imy_supplement(&ctx),
            Kind::Police => report::police_report(&ctx),
            Kind::DataSubjects => report::data_subject_communication(&ctx),
        }
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| match e {
        report::ReportError::NoEarlierFiling => ValidationErrors::single(
            "controller_id",
            "no IMY notification is recorded for this controller: a supplement needs one to compare with",
        )
        .into(),
        other => AppError::Internal(other.to_string()),
    })?;
    let sha256 = hex::encode(Sha256::digest(&pdf));
    let draft =
        ExportedDraft { case_id: CaseId(id), draft: kind.name(), controller_id, lang: lang.as_str(), sha256: &sha256 };
    state.casework(&current.as_actor()).export_draft(draft).await?;
    Ok(pdf_response(pdf, &format!("{reference}-{}.pdf", kind.name()), &sha256))
}

/// The IMY notification draft of a case, for one controller (GDPR Art. 33(3), in the order of
/// IMY's form; missing fields listed on the first page).
#[utoipa::path(get, path = "/cases/{id}/drafts/imy.pdf", tag = "drafts",
    params(("id" = Uuid, Path, description = "Case id"), DraftQuery),
    responses(
        (status = 200, description = "The draft", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "controller_id is not a controller of the case, or lang is unknown", body = Problem, content_type = "application/problem+json"),
    ))]
async fn imy_draft(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    Query(query): Query<DraftQuery>,
) -> Result<Response, AppError> {
    render(state, current, id, query, Kind::Imy).await
}

/// The supplement to the IMY notification: only what changed since the last IMY filing for the
/// controller (Art. 33(4)).
#[utoipa::path(get, path = "/cases/{id}/drafts/imy-supplement.pdf", tag = "drafts",
    params(("id" = Uuid, Path, description = "Case id"), DraftQuery),
    responses(
        (status = 200, description = "The draft", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No IMY filing recorded to compare with, or an invalid controller_id or lang", body = Problem, content_type = "application/problem+json"),
    ))]
async fn imy_supplement_draft(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    Query(query): Query<DraftQuery>,
) -> Result<Response, AppError> {
    render(state, current, id, query, Kind::ImySupplement).await
}

/// The police report draft (polisanmälan).
#[utoipa::path(get, path = "/cases/{id}/drafts/police.pdf", tag = "drafts",
    params(("id" = Uuid, Path, description = "Case id"), DraftQuery),
    responses(
        (status = 200, description = "The draft", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn police_draft(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    Query(query): Query<DraftQuery>,
) -> Result<Response, AppError> {
    render(state, current, id, query, Kind::Police).await
}

/// The communication to the data subjects (GDPR Art. 34(2)), in plain language.
#[utoipa::path(get, path = "/cases/{id}/drafts/data-subjects.pdf", tag = "drafts",
    params(("id" = Uuid, Path, description = "Case id"), DraftQuery),
    responses(
        (status = 200, description = "The draft", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn data_subjects_draft(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    Query(query): Query<DraftQuery>,
) -> Result<Response, AppError> {
    render(state, current, id, query, Kind::DataSubjects).await
}

pub(crate) fn pdf_response(pdf: Vec<u8>, filename: &str, sha256: &str) -> Response {
    let mut response = pdf.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(sha256) {
        headers.insert("x-content-sha256", v);
    }
    response
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(imy_draft))
        .routes(routes!(imy_supplement_draft))
        .routes(routes!(police_draft))
        .routes(routes!(data_subjects_draft))
}

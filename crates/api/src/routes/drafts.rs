//! `/api/v1/cases/{id}/drafts/...`: notification drafts as PDF.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::{AuditAction, CaseId, ControllerId, NewAuditEvent, ValidationErrors};
use report::{DraftContext, Lang};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::clocks::LoadedCase;
use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::state::AppState;

/// Options of a draft.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DraftQuery {
    /// The controller the IMY notification is for (default: the case's first).
    pub controller_id: Option<Uuid>,
    /// `sv` (default) or `en`.
    pub lang: Option<String>,
}

fn parse_lang(lang: Option<&str>) -> Result<Lang, AppError> {
    match lang {
        None => Ok(Lang::Sv),
        Some(text) => Lang::parse(text).ok_or_else(|| ValidationErrors::single("lang", "must be sv or en").into()),
    }
}

/// The IMY notification draft of a case, for one controller.
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
    let lang = parse_lang(query.lang.as_deref())?;
    let case = state.store.case(CaseId(id)).await?;
    let controller_id = match query.controller_id.map(ControllerId) {
        Some(wanted) if !case.controller_ids.contains(&wanted) => {
            return Err(ValidationErrors::single("controller_id", "is not a controller of this case").into());
        }
        Some(wanted) => Some(wanted),
        None => case.controller_ids.first().copied(),
    };
    let controller = match controller_id {
        Some(cid) => state.store.controllers_by_id(&[cid]).await?.into_iter().next(),
        None => None,
    };
    let loaded = LoadedCase::load(&state, case.id).await?;
    let org = loaded.org.clone();
    let timeline = state.store.timeline(case.id).await?;
    let actions = state.store.actions(case.id).await?;
    let now = state.now();
    let clocks = loaded.clocks(now);
    let reference = case.reference.clone();
    // Rendering is CPU-bound: keep it off the async workers.
    let pdf = tokio::task::spawn_blocking(move || {
        report::imy_notification(&DraftContext {
            organisation: &org,
            controller: controller.as_ref(),
            case: &case,
            timeline: &timeline,
            actions: &actions,
            clocks: &clocks,
            generated_at: now,
            lang,
        })
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let sha256 = hex::encode(Sha256::digest(&pdf));
    let draft = ExportedDraft { case_id: CaseId(id), draft: "imy", controller_id, lang: query.lang.as_deref() };
    record_export(&state, &current, draft, &sha256).await?;
    Ok(pdf_response(pdf, &format!("{reference}-imy.pdf"), &sha256))
}

/// Which draft was exported.
pub(crate) struct ExportedDraft<'a> {
    /// Of which case.
    pub case_id: CaseId,
    /// Which draft: `imy`, `police`, `data_subjects`.
    pub draft: &'static str,
    /// For which controller, if per controller.
    pub controller_id: Option<ControllerId>,
    /// In which language, if asked for.
    pub lang: Option<&'a str>,
}

/// Records a draft export in the audit log: who, which case, which draft, its SHA-256
/// (DESIGN.md: every access to a draft export is audited).
pub(crate) async fn record_export(
    state: &AppState,
    current: &CurrentUser,
    draft: ExportedDraft<'_>,
    sha256: &str,
) -> Result<(), AppError> {
    let mut event = NewAuditEvent::new(current.actor(), AuditAction::DraftExported)
        .with("case_id", draft.case_id)
        .with("draft", draft.draft)
        .with("lang", draft.lang.unwrap_or("sv"))
        .with("sha256", sha256);
    if let Some(controller) = draft.controller_id {
        event = event.with("controller_id", controller);
    }
    state.store.record_audit(event, state.now()).await?;
    tracing::info!(case_id = %draft.case_id, draft = draft.draft, user_id = %current.user.id, %sha256, "draft exported");
    Ok(())
}

fn pdf_response(pdf: Vec<u8>, filename: &str, sha256: &str) -> Response {
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
    OpenApiRouter::new().routes(routes!(imy_draft))
}

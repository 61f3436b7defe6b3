//! `/api/v1/audit`: the audit log, newest first (DPO and admin).

use crate::extract::Query;
use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use domain::AuditEvent;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::error::{AppError, Problem};
use crate::state::AppState;

/// One audit event as the API returns it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEventView {
    /// Its id.
    pub id: Uuid,
    /// Its place in the chain, from 1.
    pub seq: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who: a user id, `cli` or `anonymous`.
    pub actor: String,
    /// What: login, login_failed, login_locked, logout, user_created, role_changed,
    /// token_created, token_revoked, draft_exported.
    pub action: String,
    /// Ids, roles and hashes, in recorded order.
    pub details: Vec<(String, String)>,
    /// The previous event's hash.
    pub prev_hash: String,
    /// SHA-256(prev_hash || canonical bytes of this event), hex.
    pub hash: String,
}

impl From<AuditEvent> for AuditEventView {
    fn from(e: AuditEvent) -> Self {
        AuditEventView {
            id: e.id.0,
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            action: e.action.as_str().to_owned(),
            details: e.details,
            prev_hash: e.prev_hash,
            hash: e.hash,
        }
    }
}

/// A page of the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// At most this many, 1 to 1000 (default 200); beyond that refused.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u64>,
    /// Where the page starts: the `cursor` in the previous page's `Link` header (absent: the
    /// newest event).
    pub cursor: Option<String>,
}

const AUDIT_PAGE: super::cursor::Bounds = super::cursor::Bounds { default: 200, max: 1000 };

/// The audit log, newest first, a page at a time.
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditQuery),
    responses(
        (status = 200, description = "Events, newest first; when older ones follow, the `Link` header names the next page",
            body = Vec<AuditEventView>,
            headers(("link" = String, description = "`<URL>; rel=\"next\"` when the page is full"))),
        (status = 422, description = "A limit beyond the bounds or a cursor this list did not hand out", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_audit(
    State(state): State<AppState>,
    Query(query): Query<AuditQuery>,
    uri: OriginalUri,
) -> Result<Response, AppError> {
    let (limit, before) = AUDIT_PAGE.checked::<i64>(query.limit, query.cursor.as_deref())?;
    let events = state.store.audit_events_before(before, limit).await?;
    let next = events.last().map(|e| e.seq.to_string());
    let full = events.len() as u64 == limit;
    let views: Vec<AuditEventView> = events.into_iter().map(AuditEventView::from).collect();
    Ok(super::cursor::paged(Json(views), &uri, full, next))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit))
}

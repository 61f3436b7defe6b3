//! `/api/v1/audit`: the audit log, newest first (DPO and admin).

use crate::extract::Query;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use domain::AuditEvent;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::error::AppError;
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

/// How many events to return.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// At most this many, 1 to 1000 (default 200); beyond that refused.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u64>,
}

/// The most recent audit events.
#[utoipa::path(get, path = "/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, description = "Events, newest first", body = Vec<AuditEventView>)))]
async fn list_audit(
    State(state): State<AppState>,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEventView>>, AppError> {
    let limit = query.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(domain::ValidationErrors::single("limit", "must be between 1 and 1000").into());
    }
    Ok(Json(state.store.audit_events(limit).await?.into_iter().map(AuditEventView::from).collect()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit))
}

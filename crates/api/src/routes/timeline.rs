//! `/api/v1/cases/{id}/timeline`: append to and read the hash-chained timeline.

use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use domain::{CaseId, EntryKind, NewTimelineEntry, TimelineEntry, TimelineEntryId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::extract::{JsonBody, Path, Query};
use crate::schema;
use crate::state::AppState;

/// Body of `POST /api/v1/cases/{id}/timeline`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppendEntry {
    /// When it happened (default now; may be earlier than it is logged).
    pub occurred_at: Option<DateTime<Utc>>,
    /// What the entry records.
    #[schema(required = true, schema_with = schema::entry_kind)]
    pub kind: Option<EntryKind>,
    /// The entry.
    #[schema(required = true, nullable = false)]
    pub text: Option<String>,
    /// The id of the entry this one corrects.
    pub corrects: Option<Uuid>,
}

/// A timeline entry as the API returns it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EntryView {
    /// Its id.
    pub id: Uuid,
    /// Its position in the chain, from 1.
    pub seq: i64,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// When it was logged.
    pub recorded_at: DateTime<Utc>,
    /// Who logged it.
    pub actor: String,
    /// What it records.
    #[schema(schema_with = schema::entry_kind)]
    pub kind: EntryKind,
    /// The entry: a person's text as written; for an event breachdesk recorded, its words
    /// rendered from `data` in the language asked for.
    pub text: String,
    /// `entry` for what a person wrote; otherwise the event's name (`opened`, `changed`,
    /// `action_added`, `action_changed`, `assessed`, `decided`, `filed`,
    /// `police_details_saved`, `draft_exported`).
    pub event: String,
    /// The event's structured data (for `changed`: each field's old and new value, and the
    /// reason); null for a person's entry.
    #[schema(value_type = Option<Object>)]
    pub data: Option<serde_json::Value>,
    /// The entry it corrects.
    pub corrects: Option<Uuid>,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// SHA-256(prev_hash || canonical bytes of this entry), hex.
    pub hash: String,
}

impl From<TimelineEntry> for EntryView {
    fn from(e: TimelineEntry) -> Self {
        EntryView {
            event: e.event.clone(),
            data: e.data.as_deref().and_then(|d| serde_json::from_str(d).ok()),
            id: e.id.0,
            seq: e.seq,
            occurred_at: e.occurred_at,
            recorded_at: e.recorded_at,
            actor: e.actor,
            kind: e.kind,
            text: e.text,
            corrects: e.corrects.map(|c| c.0),
            prev_hash: e.prev_hash,
            hash: e.hash,
        }
    }
}

/// Appends an entry to a case's timeline.
#[utoipa::path(post, path = "/cases/{id}/timeline", tag = "timeline", request_body = AppendEntry,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 201, description = "The entry, with its place in the chain and its hash", body = EntryView),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
async fn append_entry(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<AppendEntry>,
) -> Result<(StatusCode, Json<EntryView>), AppError> {
    let case_id = CaseId(id);
    let entry = NewTimelineEntry {
        occurred_at: body.occurred_at,
        kind: body.kind,
        text: body.text,
        corrects: body.corrects.map(TimelineEntryId),
    };
    let entry = state.casework(&current.as_actor()).log_entry(case_id, entry).await?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

/// A page of a case's timeline.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    /// `sv` (default) or `en`.
    pub lang: Option<String>,
    /// Entries per page, 1 to 1000 (default 200); beyond that refused.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u64>,
    /// Where the page starts: the `cursor` in the previous page's `Link` header (absent: the
    /// first entry).
    pub cursor: Option<String>,
}

const TIMELINE_PAGE: super::cursor::Bounds = super::cursor::Bounds { default: 200, max: 1000 };

/// A case's timeline in chain order, a page at a time.
#[utoipa::path(get, path = "/cases/{id}/timeline", tag = "timeline",
    params(("id" = Uuid, Path, description = "Case id"), TimelineQuery),
    responses(
        (status = 200, description = "A page of entries in chain order; when more follow, the `Link` header names the next page",
            body = Vec<EntryView>,
            headers(("link" = String, description = "`<URL>; rel=\"next\"` when the page is full"))),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A limit beyond the bounds or a cursor this list did not hand out", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_entries(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
    Query(query): Query<TimelineQuery>,
    uri: OriginalUri,
) -> Result<Response, AppError> {
    let case_id = CaseId(id);
    let lang = super::requested_lang(query.lang.as_deref())?;
    let (limit, after) = TIMELINE_PAGE.checked::<i64>(query.limit, query.cursor.as_deref())?;
    state.store.case(case_id).await?;
    let tz = state.organisation().await?.time_zone;
    let entries = state.store.timeline_page(case_id, after, limit).await?;
    let next = entries.last().map(|e| e.seq.to_string());
    let full = entries.len() as u64 == limit;
    let views: Vec<EntryView> = entries.iter().map(|e| EntryView::from(e.shown(lang, tz))).collect();
    Ok(super::cursor::paged(Json(views), &uri, full, next))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(append_entry, list_entries))
}

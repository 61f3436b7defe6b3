//! `/api/v1/cases/{id}/clocks`: every legal clock of a case, computed now.

use crate::extract::Path;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use domain::{CaseId, Clock, ClockKind, ClockState, Organisation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::error::{AppError, Problem};
use crate::schema;
use crate::state::AppState;

/// One clock as the API returns it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ClockView {
    /// Which clock.
    #[schema(schema_with = schema::clock_kind)]
    pub clock: ClockKind,
    /// When it started (null: not started).
    pub starts_at: Option<DateTime<Utc>>,
    /// When it falls due (null: not started).
    pub due_at: Option<DateTime<Utc>>,
    /// The due instant in the organisation's time zone, e.g. `2024-01-14 16:00 CET`.
    pub due_at_local: Option<String>,
    /// Where it stands.
    #[schema(schema_with = schema::clock_state)]
    pub state: ClockState,
    /// When it was met, if it was.
    pub met_at: Option<DateTime<Utc>>,
    /// Seconds until due (negative when overdue); null once met.
    pub seconds_left: Option<i64>,
    /// The reasons recorded on the filing that met it late (null: not late, or none given).
    pub late_reasons: Option<String>,
    /// Recitals 86 and 88 (data-subject clock only): the police asked to delay informing the
    /// data subjects.
    pub police_hold: Option<PoliceHoldView>,
}

/// A police request to delay informing the data subjects.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PoliceHoldView {
    /// When the police asked.
    pub requested_at: DateTime<Utc>,
    /// Until when (null: until further notice).
    pub until: Option<DateTime<Utc>>,
}

impl ClockView {
    /// The view of a clock, with its due time in the organisation's zone.
    pub(crate) fn new(clock: Clock, org: &Organisation) -> Self {
        ClockView {
            clock: clock.clock,
            starts_at: clock.starts_at,
            due_at_local: clock.due_at.map(|d| d.with_timezone(&org.time_zone).format("%Y-%m-%d %H:%M %Z").to_string()),
            due_at: clock.due_at,
            state: clock.state,
            met_at: clock.met_at,
            seconds_left: clock.seconds_left,
            late_reasons: clock.late_reasons,
            police_hold: clock.police_hold.map(|h| PoliceHoldView { requested_at: h.requested_at, until: h.until }),
        }
    }
}

pub(crate) use casework::LoadedCase;

/// The clocks of a case.
#[utoipa::path(get, path = "/cases/{id}/clocks", tag = "clocks",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "Every clock with its state now", body = Vec<ClockView>),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_clocks(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<Vec<ClockView>>, AppError> {
    let loaded = LoadedCase::load(&state.store, CaseId(id)).await?;
    let clocks = loaded.clocks(state.now());
    Ok(Json(clocks.into_iter().map(|c| ClockView::new(c, &loaded.org)).collect()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_clocks))
}

//! `/api/v1/cases/{id}/clocks`: every legal clock of a case, computed now.

use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use domain::assessment::Assessment;
use domain::decision::Decision;
use domain::filing::Filing;
use domain::rules::{CaseFile, DeadlineRule};
use domain::{Case, CaseId, Clock, ClockKind, ClockState, Organisation};
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
        }
    }
}

/// A case with everything the law looks at, loaded for one request.
pub(crate) struct LoadedCase {
    /// The organisation (time zone, DPO).
    pub org: Organisation,
    /// The case.
    pub case: Case,
    /// Its current assessment.
    pub assessment: Option<Assessment>,
    /// Every decision, all revisions.
    pub decisions: Vec<Decision>,
    /// Every filing.
    pub filings: Vec<Filing>,
    /// Every deadline rule, every version.
    pub rules: Vec<DeadlineRule>,
}

impl LoadedCase {
    /// Loads a case and its legal record.
    pub(crate) async fn load(state: &AppState, id: CaseId) -> Result<Self, AppError> {
        let case = state.store.case(id).await?;
        Ok(LoadedCase {
            org: state.organisation().await?,
            assessment: state.store.assessment(id).await?,
            decisions: state.store.decisions(id).await?,
            filings: state.store.filings(id).await?,
            rules: state.store.deadline_rules().await?,
            case,
        })
    }

    /// Every case with its legal record, newest first.
    pub(crate) async fn load_all(state: &AppState) -> Result<Vec<Self>, AppError> {
        let org = state.organisation().await?;
        let rules = state.store.deadline_rules().await?;
        // One query per table, then grouped by case: the dashboard and the reminder round
        // read everything, so this must not grow a query per case.
        let assessments = state.store.current_assessments().await?;
        let decisions = state.store.all_decisions().await?;
        let filings = state.store.all_filings().await?;
        Ok(state
            .store
            .all_cases()
            .await?
            .into_iter()
            .map(|case| LoadedCase {
                org: org.clone(),
                assessment: assessments.iter().find(|a| a.case_id == case.id).cloned(),
                decisions: decisions.iter().filter(|d| d.case_id == case.id).cloned().collect(),
                filings: filings.iter().filter(|f| f.case_id == case.id).cloned().collect(),
                rules: rules.clone(),
                case,
            })
            .collect())
    }

    /// The case file the domain rules read.
    pub(crate) fn file(&self) -> CaseFile<'_> {
        CaseFile {
            case: &self.case,
            assessment: self.assessment.as_ref(),
            decisions: &self.decisions,
            filings: &self.filings,
        }
    }

    /// Every clock at `now`.
    pub(crate) fn clocks(&self, now: DateTime<Utc>) -> Vec<Clock> {
        self.file().clocks(&self.rules, self.org.time_zone, now)
    }
}

/// The clocks of a case.
#[utoipa::path(get, path = "/cases/{id}/clocks", tag = "clocks",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "Every clock with its state now", body = Vec<ClockView>),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_clocks(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<Vec<ClockView>>, AppError> {
    let loaded = LoadedCase::load(&state, CaseId(id)).await?;
    let clocks = loaded.clocks(state.now());
    Ok(Json(clocks.into_iter().map(|c| ClockView::new(c, &loaded.org)).collect()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_clocks))
}

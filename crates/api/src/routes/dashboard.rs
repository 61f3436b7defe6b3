//! `/api/v1/dashboard`: management's question, "which clock runs out next, and are we
//! covered?" — the most urgent open cases with their next clock (overdue first), what falls due
//! in the next seven days, per controller, and how the organisation has kept its deadlines.
//! It reads what it shows: the open cases through the index of their next due instant, the
//! figures from the totals the store keeps as events land (`store::figures`); the clocks of
//! the cases shown are evaluated by the domain.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, TimeDelta, Utc};
use domain::{CaseId, CaseStatus, Clock, ClockState, ControllerId};
use serde::{Deserialize, Serialize};
use store::DashboardFigures;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::clocks::{ClockView, LoadedCase};
use crate::error::AppError;
use crate::schema;
use crate::state::AppState;

/// How far ahead "due soon" looks.
const DUE_SOON: TimeDelta = TimeDelta::days(7);

/// One open case and its next clock.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OpenCase {
    /// The case id.
    pub id: Uuid,
    /// Its reference.
    pub reference: String,
    /// Its title.
    pub title: String,
    /// Its status.
    #[schema(schema_with = schema::case_status)]
    pub status: CaseStatus,
    /// The controllers' names.
    pub controllers: Vec<String>,
    /// The pending clock that falls due first (overdue ones count as first).
    pub next_clock: Option<ClockView>,
    /// Whether any clock is overdue.
    pub overdue: bool,
}

/// A clock falling due soon.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DueSoon {
    /// The case id.
    pub case_id: Uuid,
    /// Its reference.
    pub reference: String,
    /// The clock.
    pub clock: ClockView,
}

/// The open cases of one controller.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ControllerSummary {
    /// The controller.
    pub controller_id: Uuid,
    /// Its name.
    pub name: String,
    /// Its open cases.
    pub open_cases: usize,
    /// Its overdue clocks.
    pub overdue_clocks: usize,
    /// The next due instant among its pending clocks.
    pub next_due_at: Option<DateTime<Utc>>,
}

/// Cases of one category opened (became aware) in one month.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CategoryMonth {
    /// `YYYY-MM` in the organisation's time zone.
    pub month: String,
    /// The category.
    #[schema(schema_with = schema::category)]
    pub category: domain::Category,
    /// How many cases.
    pub cases: usize,
}

/// How the deadlines were kept.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Metrics {
    /// Cases notified to IMY (every controller).
    pub imy_notified_cases: usize,
    /// Median hours from awareness to the IMY notification.
    pub median_hours_aware_to_imy: Option<f64>,
    /// Share (0 to 1) of IMY notifications within 72 hours of awareness.
    pub share_imy_within_72_hours: Option<f64>,
    /// Cases per category per month.
    pub cases_per_category_per_month: Vec<CategoryMonth>,
}

/// The dashboard.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Dashboard {
    /// When it was computed.
    pub generated_at: DateTime<Utc>,
    /// The organisation's time zone.
    pub time_zone: String,
    /// How many cases are open.
    pub open_cases_total: u64,
    /// The most urgent open cases (at most 25), overdue first, then by the due time of
    /// their next clock.
    pub open_cases: Vec<OpenCase>,
    /// Clocks falling due in the next seven days, soonest first (at most 25).
    pub due_within_7_days: Vec<DueSoon>,
    /// Open cases per controller.
    pub per_controller: Vec<ControllerSummary>,
    /// Deadline metrics over every case.
    pub metrics: Metrics,
}

/// How many open cases the dashboard lists, the most urgent first (`open_cases_total` counts
/// them all): what it costs follows what it shows, not how many cases the database holds.
pub const OPEN_CASES_SHOWN: u64 = 25;
/// How many clocks "due within 7 days" lists, soonest first.
pub const DUE_SOON_SHOWN: u64 = 25;

fn pending(clocks: &[Clock]) -> impl Iterator<Item = &Clock> {
    clocks.iter().filter(|c| c.is_pending())
}

fn next_clock(clocks: &[Clock]) -> Option<&Clock> {
    pending(clocks).min_by_key(|c| (c.state != ClockState::Missed, c.due_at))
}

fn metrics(figures: &DashboardFigures) -> Metrics {
    let notified: u64 = figures.totals.iter().map(|t| t.imy_notified).sum();
    let within: u64 = figures.totals.iter().map(|t| t.imy_within_72_hours).sum();
    Metrics {
        imy_notified_cases: usize::try_from(notified).unwrap_or(usize::MAX),
        median_hours_aware_to_imy: domain::figures::median_hours(&figures.imy_delays),
        share_imy_within_72_hours: (notified > 0).then(|| within as f64 / notified as f64),
        cases_per_category_per_month: figures
            .totals
            .iter()
            .map(|t| CategoryMonth {
                month: t.month.clone(),
                category: t.category,
                cases: usize::try_from(t.cases).unwrap_or(usize::MAX),
            })
            .collect(),
    }
}

/// The dashboard at `now`: the most urgent open cases and the clocks due this week, evaluated
/// by the domain from their case files, beside the counts and figures the database keeps.
///
/// # Errors
/// Fails when the database cannot be read.
pub(crate) async fn load(state: &AppState, now: DateTime<Utc>) -> Result<Dashboard, AppError> {
    let store = &state.store;
    let urgent = store.most_urgent_open_cases(OPEN_CASES_SHOWN).await?;
    let due = store.clocks_due_between(now, now + DUE_SOON, DUE_SOON_SHOWN).await?;
    let mut ids: Vec<CaseId> = urgent.iter().copied().chain(due.iter().map(|(id, _, _)| *id)).collect();
    ids.sort_by_key(|id| id.0);
    ids.dedup();
    let loaded: HashMap<CaseId, LoadedCase> =
        LoadedCase::load_many(store, &ids).await?.into_iter().map(|l| (l.case.id, l)).collect();
    let org = state.organisation().await?;
    let controllers = store.controllers().await?;
    let name_of = |id: &ControllerId| controllers.iter().find(|c| c.id == *id).map(|c| c.name.clone());
    let figures = store.dashboard_figures().await?;

    let mut open_cases: Vec<OpenCase> = urgent
        .iter()
        .filter_map(|id| loaded.get(id))
        .map(|l| {
            let clocks = l.clocks(now);
            let next = next_clock(&clocks);
            OpenCase {
                id: l.case.id.0,
                reference: l.case.reference.to_string(),
                title: l.case.title.clone(),
                status: l.case.status,
                controllers: l.case.controller_ids.iter().filter_map(name_of).collect(),
                next_clock: next.map(|c| ClockView::new(c.clone(), &org)),
                overdue: pending(&clocks).any(|c| c.state == ClockState::Missed),
            }
        })
        .collect();
    open_cases.sort_by_key(|c| (!c.overdue, c.next_clock.is_none(), c.next_clock.as_ref().and_then(|n| n.due_at)));
    let due_within_7_days = due
        .iter()
        .filter_map(|(id, kind, _)| {
            let l = loaded.get(id)?;
            let clock = l.clocks(now).into_iter().find(|c| c.clock == *kind && c.is_pending())?;
            Some(DueSoon { case_id: id.0, reference: l.case.reference.to_string(), clock: ClockView::new(clock, &org) })
        })
        .collect();
    let per_controller = store
        .open_cases_per_controller(now)
        .await?
        .into_iter()
        .map(|load| ControllerSummary {
            controller_id: load.controller_id.0,
            name: name_of(&load.controller_id).unwrap_or_default(),
            open_cases: usize::try_from(load.open_cases).unwrap_or(usize::MAX),
            overdue_clocks: usize::try_from(load.overdue_clocks).unwrap_or(usize::MAX),
            next_due_at: load.next_due_at,
        })
        .collect();
    Ok(Dashboard {
        generated_at: now,
        time_zone: org.time_zone.name().to_owned(),
        open_cases_total: figures.open_cases,
        open_cases,
        due_within_7_days,
        per_controller,
        metrics: metrics(&figures),
    })
}

/// The dashboard: the most urgent open cases and their next clocks, what falls due this week,
/// open cases per controller, metrics.
#[utoipa::path(get, path = "/dashboard", tag = "dashboard",
    responses((status = 200, description = "The dashboard", body = Dashboard)))]
async fn dashboard(State(state): State<AppState>) -> Result<Json<Dashboard>, AppError> {
    Ok(Json(load(&state, state.now()).await?))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(dashboard))
}

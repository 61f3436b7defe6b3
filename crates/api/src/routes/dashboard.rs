//! `/api/v1/dashboard`: management's question, "which clock runs out next, and are we
//! covered?" — every open case with its next clock (overdue first), what falls due in the next
//! seven days, per controller, and how the organisation has kept its deadlines.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, TimeDelta, Utc};
use domain::{CaseStatus, Clock, ClockKind, ClockState, Controller};
use serde::{Deserialize, Serialize};
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
    /// Every open case, overdue first, then by the due time of its next clock.
    pub open_cases: Vec<OpenCase>,
    /// Clocks falling due in the next seven days, soonest first.
    pub due_within_7_days: Vec<DueSoon>,
    /// Open cases per controller.
    pub per_controller: Vec<ControllerSummary>,
    /// Deadline metrics over every case.
    pub metrics: Metrics,
}

fn pending(clocks: &[Clock]) -> impl Iterator<Item = &Clock> {
    clocks.iter().filter(|c| c.is_pending())
}

fn next_clock(clocks: &[Clock]) -> Option<&Clock> {
    pending(clocks).min_by_key(|c| (c.state != ClockState::Missed, c.due_at))
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}

fn metrics(all: &[LoadedCase], now: DateTime<Utc>) -> Metrics {
    let mut hours = Vec::new();
    let mut within = 0usize;
    let mut per_month: BTreeMap<(String, domain::Category), usize> = BTreeMap::new();
    for loaded in all {
        let tz = loaded.org.time_zone;
        let month = loaded.case.aware_at.with_timezone(&tz).format("%Y-%m").to_string();
        *per_month.entry((month, loaded.case.category)).or_default() += 1;
        if let Some(notified) = loaded.file().imy_notified_at() {
            hours.push((notified - loaded.case.aware_at).num_seconds() as f64 / 3600.0);
            let met =
                loaded.clocks(now).iter().any(|c| c.clock == ClockKind::ImyNotification && c.state == ClockState::Met);
            within += usize::from(met);
        }
    }
    let notified = hours.len();
    Metrics {
        imy_notified_cases: notified,
        median_hours_aware_to_imy: median(hours).map(|h| (h * 10.0).round() / 10.0),
        share_imy_within_72_hours: (notified > 0).then(|| within as f64 / notified as f64),
        cases_per_category_per_month: per_month
            .into_iter()
            .map(|((month, category), cases)| CategoryMonth { month, category, cases })
            .collect(),
    }
}

/// Builds the dashboard from every case at `now`.
pub(crate) fn build(all: &[LoadedCase], controllers: &[Controller], now: DateTime<Utc>) -> Dashboard {
    let time_zone = all.first().map_or_else(|| "Europe/Stockholm".to_owned(), |l| l.org.time_zone.name().to_owned());
    let name_of = |id: &domain::ControllerId| controllers.iter().find(|c| c.id == *id).map(|c| c.name.clone());
    let mut open_cases = Vec::new();
    let mut due_soon = Vec::new();
    let mut per_controller: BTreeMap<Uuid, ControllerSummary> = BTreeMap::new();
    for loaded in all.iter().filter(|l| l.case.status.is_open()) {
        let clocks = loaded.clocks(now);
        let overdue = pending(&clocks).filter(|c| c.state == ClockState::Missed).count();
        let next = next_clock(&clocks);
        for clock in pending(&clocks).filter(|c| c.due_at.is_some_and(|d| d >= now && d <= now + DUE_SOON)) {
            due_soon.push(DueSoon {
                case_id: loaded.case.id.0,
                reference: loaded.case.reference.to_string(),
                clock: ClockView::new(clock.clone(), &loaded.org),
            });
        }
        for id in &loaded.case.controller_ids {
            let summary = per_controller.entry(id.0).or_insert_with(|| ControllerSummary {
                controller_id: id.0,
                name: name_of(id).unwrap_or_default(),
                open_cases: 0,
                overdue_clocks: 0,
                next_due_at: None,
            });
            summary.open_cases += 1;
            summary.overdue_clocks += overdue;
            let due = next.and_then(|c| c.due_at);
            summary.next_due_at = match (summary.next_due_at, due) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        open_cases.push(OpenCase {
            id: loaded.case.id.0,
            reference: loaded.case.reference.to_string(),
            title: loaded.case.title.clone(),
            status: loaded.case.status,
            controllers: loaded.case.controller_ids.iter().filter_map(name_of).collect(),
            next_clock: next.map(|c| ClockView::new(c.clone(), &loaded.org)),
            overdue: overdue > 0,
        });
    }
    open_cases.sort_by_key(|c| (!c.overdue, c.next_clock.is_none(), c.next_clock.as_ref().and_then(|n| n.due_at)));
    due_soon.sort_by_key(|d| d.clock.due_at);
    Dashboard {
        generated_at: now,
        time_zone,
        open_cases,
        due_within_7_days: due_soon,
        per_controller: per_controller.into_values().collect(),
        metrics: metrics(all, now),
    }
}

/// The dashboard: open cases and their next clocks, what falls due this week, metrics.
#[utoipa::path(get, path = "/dashboard", tag = "dashboard",
    responses((status = 200, description = "The dashboard", body = Dashboard)))]
async fn dashboard(State(state): State<AppState>) -> Result<Json<Dashboard>, AppError> {
    let all = LoadedCase::load_all(&state.store).await?;
    let controllers = state.store.controllers().await?;
    Ok(Json(build(&all, &controllers, state.now())))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(dashboard))
}

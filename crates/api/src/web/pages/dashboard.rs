//! `/`: management's dashboard — every open case with its next clock, overdue first.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::routes::clocks::ClockView;
use crate::state::AppState;
use crate::web::chrome::{Chrome, local, time_left};
use crate::web::i18n::Texts;
use domain::names::Named;

/// A clock as a row shows it.
pub struct ClockCell {
    pub name: &'static str,
    pub state: &'static str,
    pub state_code: &'static str,
    pub due_local: String,
    pub due_rfc3339: String,
    pub left: String,
}

impl ClockCell {
    pub(crate) fn new(c: &ClockView, chrome: &Chrome, tz: chrono_tz::Tz, now: DateTime<Utc>) -> Self {
        let due = c.due_at.unwrap_or(now);
        ClockCell {
            name: c.clock.name(chrome.lang),
            state: c.state.name(chrome.lang),
            state_code: c.state.as_str(),
            due_local: local(due, tz),
            due_rfc3339: due.to_rfc3339(),
            left: time_left(due, now, chrome.t),
        }
    }
}

pub struct CaseRow {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub status: &'static str,
    pub controllers: String,
    pub next: Option<ClockCell>,
}

pub struct SoonRow {
    pub case_id: String,
    pub reference: String,
    pub clock: ClockCell,
}

pub struct ControllerRow {
    pub name: String,
    pub open_cases: usize,
    pub overdue_clocks: usize,
}

pub struct MetricsView {
    pub notified: usize,
    pub median: String,
    pub share: String,
    pub per_month: Vec<(String, &'static str, usize)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    pub chrome: Chrome,
    pub time_zone: String,
    pub open_cases: Vec<CaseRow>,
    pub due_soon: Vec<SoonRow>,
    pub per_controller: Vec<ControllerRow>,
    pub metrics: MetricsView,
}

fn percent(share: Option<f64>, t: &Texts) -> String {
    share
        .map_or_else(|| "–".to_owned(), |s| format!("{:.0} %", s * 100.0))
        .replace('.', if t.lang == "sv" { "," } else { "." })
}

/// The dashboard page.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
) -> Result<DashboardPage, AppError> {
    let chrome = Chrome::new(&headers, Some(&user), "/", "dashboard");
    let now = state.now();
    let d = crate::routes::dashboard::load(&state, now).await?;
    let tz = state.organisation().await?.time_zone;
    let lang = chrome.lang;
    Ok(DashboardPage {
        time_zone: d.time_zone.clone(),
        open_cases: d
            .open_cases
            .iter()
            .map(|c| CaseRow {
                id: c.id.to_string(),
                reference: c.reference.clone(),
                title: c.title.clone(),
                status: c.status.name(lang),
                controllers: c.controllers.join(", "),
                next: c.next_clock.as_ref().map(|n| ClockCell::new(n, &chrome, tz, now)),
            })
            .collect(),
        due_soon: d
            .due_within_7_days
            .iter()
            .map(|s| SoonRow {
                case_id: s.case_id.to_string(),
                reference: s.reference.clone(),
                clock: ClockCell::new(&s.clock, &chrome, tz, now),
            })
            .collect(),
        per_controller: d
            .per_controller
            .iter()
            .map(|p| ControllerRow { name: p.name.clone(), open_cases: p.open_cases, overdue_clocks: p.overdue_clocks })
            .collect(),
        metrics: MetricsView {
            notified: d.metrics.imy_notified_cases,
            median: d
                .metrics
                .median_hours_aware_to_imy
                .map_or_else(|| "–".to_owned(), |h| format!("{h} {}", chrome.t.hours)),
            share: percent(d.metrics.share_imy_within_72_hours, chrome.t),
            per_month: d
                .metrics
                .cases_per_category_per_month
                .iter()
                .map(|m| (m.month.clone(), m.category.name(lang), m.cases))
                .collect(),
        },
        chrome,
    })
}

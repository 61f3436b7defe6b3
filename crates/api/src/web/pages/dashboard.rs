//! `/`: management's dashboard — every open case with its next clock, overdue first, and the
//! actions of open cases that are past their due instant.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::routes::clocks::{ClockView, LoadedCase};
use crate::routes::dashboard::build;
use crate::state::AppState;
use crate::web::chrome::{Chrome, local, time_left};
use crate::web::pages::tasks::TaskRow;
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
            due_local: local(due, tz, chrome.lang),
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
    /// The current assessment's conclusion with its ENISA score ("Hög risk (3,25)"); "" when
    /// not assessed.
    pub risk: String,
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
    /// Open cases' actions past their due instant, the longest overdue first.
    pub tasks: Vec<TaskRow>,
    /// Staff reports waiting untouched longer than they should (for those who handle them),
    /// the oldest first.
    pub waiting_reports: Vec<WaitingReport>,
}

/// A staff report that has waited too long, as the dashboard lists it.
pub struct WaitingReport {
    pub reference: String,
    pub what: String,
    pub reported: String,
}

fn percent(share: Option<f64>, lang: domain::names::Language) -> String {
    share.map_or_else(|| "–".to_owned(), |s| format!("{} %", domain::notation::decimal(lang, s * 100.0, 0)))
}

/// The dashboard page.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
) -> Result<DashboardPage, AppError> {
    let chrome = Chrome::new(&headers, Some(&user), "/", "dashboard");
    let all = LoadedCase::load_all(&state.store).await?;
    let controllers = state.store.controllers().await?;
    let now = state.now();
    let d = build(&all, &controllers, now);
    let tz = state.organisation().await?.time_zone;
    let lang = chrome.lang;
    let people = casework::people(&state.store).await?;
    let mut actions = state.store.actions_by_case().await?;
    let mut overdue: Vec<_> = all
        .iter()
        .filter(|c| c.case.status.is_open())
        .flat_map(|c| {
            let reference = c.case.reference.to_string();
            actions.remove(&c.case.id).unwrap_or_default().into_iter().map(move |a| (reference.clone(), a))
        })
        .filter(|(_, a)| a.is_overdue(now))
        .collect();
    overdue.sort_by_key(|(_, a)| a.due_at);
    let tasks = overdue.iter().map(|(reference, a)| TaskRow::new(a, reference, &people, &chrome, tz, now)).collect();
    // The 72 hours to IMY may already be running from the report: those who handle the queue
    // see what has waited longer than the organisation allows.
    let mut waiting_reports = Vec::new();
    if domain::allows(user.user.role, domain::Permission::HandleReports) {
        waiting_reports = state
            .store
            .reports_waiting_since(now - state.public.report_wait)
            .await?
            .into_iter()
            .map(|r| WaitingReport {
                reference: r.reference,
                what: r.what_happened.chars().take(80).collect(),
                reported: crate::web::chrome::local(r.reported_at, tz, lang),
            })
            .collect();
    }
    Ok(DashboardPage {
        tasks,
        waiting_reports,
        time_zone: d.time_zone.clone(),
        open_cases: d
            .open_cases
            .iter()
            .map(|c| CaseRow {
                id: c.id.to_string(),
                reference: c.reference.clone(),
                title: c.title.clone(),
                status: c.status.name(lang),
                risk: all
                    .iter()
                    .find(|l| l.case.id.0 == c.id)
                    .and_then(|l| l.assessment.as_ref())
                    .map(|a| {
                        format!("{} ({})", a.conclusion.name(lang), domain::notation::short_decimal(lang, a.score))
                    })
                    .unwrap_or_default(),
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
            median: d.metrics.median_hours_aware_to_imy.map_or_else(
                || "–".to_owned(),
                |h| format!("{} {}", domain::notation::short_decimal(lang, h), chrome.t.hours),
            ),
            share: percent(d.metrics.share_imy_within_72_hours, lang),
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

//! `/register`: the breach register a page at a time, with its CSV and PDF downloads.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use domain::decision::in_force;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::routes::clocks::LoadedCase;
use crate::state::AppState;
use crate::web::chrome::{Chrome, local};
use domain::names::Named;

pub struct Row {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub status: &'static str,
    pub aware: String,
    pub conclusion: String,
    pub decisions: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "register.html")]
pub struct RegisterPage {
    pub chrome: Chrome,
    pub rows: Vec<Row>,
    /// The cursor of the next page, when there is one.
    pub next: Option<String>,
}

/// Cases per page.
const PAGE: u64 = 200;

/// `?cursor=`: where the page starts.
#[derive(Debug, serde::Deserialize)]
pub struct PageQuery {
    pub cursor: Option<uuid::Uuid>,
}

/// The register page.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    Query(query): Query<PageQuery>,
) -> Result<RegisterPage, AppError> {
    let chrome = Chrome::new(&headers, Some(&user), "/register", "register");
    let lang = chrome.lang;
    let all = LoadedCase::load_page(&state.store, query.cursor.map(domain::CaseId), PAGE).await?;
    let next = (all.len() as u64 == PAGE).then(|| all.last().map(|l| l.case.id.0.to_string())).flatten();
    let rows = all
        .iter()
        .map(|l| Row {
            id: l.case.id.to_string(),
            reference: l.case.reference.to_string(),
            title: l.case.title.clone(),
            status: l.case.status.name(lang),
            aware: local(l.case.aware_at, l.org.time_zone),
            conclusion: l.assessment.as_ref().map(|a| a.conclusion.name(lang).to_owned()).unwrap_or_default(),
            decisions: domain::decision::DecisionKind::ALL
                .iter()
                .filter_map(|k| {
                    in_force(&l.decisions, *k).map(|d| format!("{} {}", k.name(lang), d.outcome.name(lang)))
                })
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect();
    Ok(RegisterPage { chrome, rows, next })
}

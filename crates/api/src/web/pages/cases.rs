//! `/cases`: every case, closed ones included, found by words and narrowed by status,
//! controller, category and year; a page at a time.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use chrono::TimeZone;
use domain::names::Named;
use domain::{CaseStatus, Category, ControllerId};
use serde::Deserialize;
use store::CaseQuery;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::chrome::{Chrome, local};

/// Cases on one page of the list.
const PER_PAGE: u64 = 50;

/// The search form as the address carries it. Every part may be empty; a value that is not
/// one of the choices is ignored, as a bookmark from an older version may hold one.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    controller: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    page: String,
}

pub struct Row {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub status: &'static str,
    pub category: &'static str,
    pub controllers: String,
    pub aware: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases.html")]
pub struct CasesPage {
    pub chrome: Chrome,
    pub q: String,
    pub status: String,
    pub controller: String,
    pub category: String,
    pub year: String,
    pub status_options: Vec<(String, String)>,
    pub controller_options: Vec<(String, String)>,
    pub category_options: Vec<(String, String)>,
    pub rows: Vec<Row>,
    pub total: u64,
    /// 1-based, as people count pages.
    pub page: u64,
    pub pages: u64,
}

/// The list page.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    Query(params): Query<Params>,
) -> Result<CasesPage, AppError> {
    let chrome = Chrome::new(&headers, Some(&user), "/cases", "cases");
    let lang = chrome.lang;
    let org = casework::organisation(&state.store).await?;
    let controllers = state.store.controllers().await?;
    let year = params.year.trim().parse::<i32>().ok().filter(|y| (1970..=9999).contains(y));
    let year_start = |y: i32| org.time_zone.with_ymd_and_hms(y, 1, 1, 0, 0, 0).earliest().map(|t| t.to_utc());
    let query = CaseQuery {
        text: Some(params.q.trim().to_owned()).filter(|q| !q.is_empty()),
        status: CaseStatus::parse(&params.status),
        controller: uuid::Uuid::parse_str(&params.controller).ok().map(ControllerId),
        category: Category::parse(&params.category),
        aware_from: year.and_then(year_start),
        aware_before: year.and_then(|y| year_start(y + 1)),
    };
    let page = params.page.trim().parse::<u64>().ok().filter(|p| (1..=1_000_000).contains(p)).unwrap_or(1);
    let found = state.store.search_cases(&query, page - 1, PER_PAGE).await?;
    let name_of = |id: &ControllerId| controllers.iter().find(|c| c.id == *id).map(|c| c.name.clone());
    let rows = found
        .items
        .iter()
        .map(|c| Row {
            id: c.id.to_string(),
            reference: c.reference.to_string(),
            title: c.title.clone(),
            status: c.status.name(lang),
            category: c.category.name(lang),
            controllers: c.controller_ids.iter().filter_map(name_of).collect::<Vec<_>>().join(", "),
            aware: local(c.aware_at, org.time_zone, lang),
        })
        .collect();
    let any = (String::new(), chrome.t.any_choice.to_owned());
    Ok(CasesPage {
        q: params.q.trim().to_owned(),
        status: query.status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        controller: query.controller.map(|c| c.0.to_string()).unwrap_or_default(),
        category: query.category.map(|c| c.as_str().to_owned()).unwrap_or_default(),
        year: year.map(|y| y.to_string()).unwrap_or_default(),
        status_options: std::iter::once(any.clone())
            .chain(CaseStatus::ALL.iter().map(|s| (s.as_str().to_owned(), s.name(lang).to_owned())))
            .collect(),
        controller_options: std::iter::once(any.clone())
            .chain(controllers.iter().map(|c| (c.id.0.to_string(), c.name.clone())))
            .collect(),
        category_options: std::iter::once(any)
            .chain(Category::ALL.iter().map(|c| (c.as_str().to_owned(), c.name(lang).to_owned())))
            .collect(),
        rows,
        total: found.total,
        page,
        pages: found.total.div_ceil(PER_PAGE).max(1),
        chrome,
    })
}

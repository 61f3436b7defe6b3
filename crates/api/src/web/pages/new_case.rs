//! `/cases/new`: a new case in under a minute — title, what happened, category (a required
//! choice, none preselected), detected, aware (default now), controllers — then straight to
//! the case page, which warns while no controller is chosen.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as UrlForm;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{BreachType, Category, ControllerId, NewCase, ValidationErrors};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::chrome::{Chrome, input_value, lang_of, parse_input};
use crate::web::form::Form;
use domain::names::Named;

#[derive(Template, WebTemplate)]
#[template(path = "new_case.html")]
pub struct NewCasePage {
    pub chrome: Chrome,
    pub form: Form,
    pub time_zone: String,
    pub categories: Vec<(String, String)>,
    pub breach_types: Vec<(String, String)>,
    pub controllers: Vec<(String, String)>,
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    user: &CurrentUser,
    form: Form,
) -> Result<NewCasePage, AppError> {
    let chrome = Chrome::new(headers, Some(user), "/cases/new", "new");
    let lang = chrome.lang;
    let tz = state.organisation().await?.time_zone;
    Ok(NewCasePage {
        form,
        time_zone: tz.name().to_owned(),
        // No category is preselected: the first one would be chosen by whoever did not look.
        categories: std::iter::once((String::new(), chrome.t.choose_one.to_owned()))
            .chain(Category::ALL.iter().map(|c| (c.as_str().to_owned(), c.name(lang).to_owned())))
            .collect(),
        breach_types: BreachType::ALL.iter().map(|b| (b.as_str().to_owned(), b.name(lang).to_owned())).collect(),
        controllers: state.store.controllers().await?.into_iter().map(|c| (c.id.to_string(), c.name)).collect(),
        chrome,
    })
}

/// The empty form; detected and aware default to now.
pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
) -> Result<NewCasePage, AppError> {
    let tz = state.organisation().await?.time_zone;
    let now = input_value(Some(state.now()), tz);
    let form =
        Form::with(&[("detected_at", now.clone()), ("aware_at", now), ("breach_types", "confidentiality".into())]);
    render(&state, &headers, &user, form).await
}

/// Opens the case, or shows the form again with the errors beside their fields.
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let tz = state.organisation().await?.time_zone;
    let mut errors = ValidationErrors::default();
    let mut instant = |name: &str| {
        let value = form.val(name);
        if value.trim().is_empty() {
            return None;
        }
        parse_input(value, tz).map_err(|e| errors.add(name, e.to_string())).ok()
    };
    let detected_at = instant("detected_at");
    let aware_at = instant("aware_at");
    let breach_types: Vec<BreachType> = form.all("breach_types").iter().filter_map(|b| BreachType::parse(b)).collect();
    let new = NewCase {
        title: form.text("title"),
        description: form.text("description"),
        category: Category::parse(form.val("category")),
        breach_types: Some(breach_types),
        detected_at,
        aware_at,
        aware_justification: form.text("aware_justification"),
        controller_ids: form.all("controller_ids").iter().filter_map(|c| c.parse().ok().map(ControllerId)).collect(),
        ..NewCase::default()
    };
    if !errors.is_empty() {
        let page = render(&state, &headers, &user, form.failed(errors, &[], lang_of(&headers))).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    match state.casework(&user.as_actor()).open_case(new).await {
        Ok(case) => Ok(Redirect::to(&format!("/cases/{}", case.id)).into_response()),
        Err(casework::CaseworkError::Invalid(errors)) => {
            let page = render(&state, &headers, &user, form.failed(errors, &[], lang_of(&headers))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

//! `/report`: the short form any signed-in colleague uses to report an incident to the DPO,
//! and the receipt with its reference.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as UrlForm;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::staff_report::NewStaffReport;

use super::texts::{PublicTexts, public_texts};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::chrome::{Chrome, lang_of, parse_input};
use crate::web::form::Form;

#[derive(Template, WebTemplate)]
#[template(path = "report.html")]
pub struct ReportPage {
    pub chrome: Chrome,
    pub p: &'static PublicTexts,
    pub form: Form,
    pub reference: Option<String>,
}

/// The form.
pub async fn form(headers: HeaderMap, user: CurrentUser) -> ReportPage {
    ReportPage {
        chrome: Chrome::new(&headers, Some(&user), "/report", "report"),
        p: public_texts(lang_of(&headers)),
        form: Form::default(),
        reference: None,
    }
}

/// Sends the report; the receipt names its reference.
pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let tz = state.organisation().await?.time_zone;
    let mut errors = domain::ValidationErrors::default();
    let noticed_at = match form.text("noticed_at").map(|v| parse_input(&v, tz)) {
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => {
            errors.add("noticed_at", e.to_string());
            None
        }
        None => None,
    };
    let input = NewStaffReport {
        what_happened: form.text("what_happened"),
        noticed_at,
        unit: form.text("unit"),
        contact: form.text("contact"),
    };
    let page = |form: Form, reference| ReportPage {
        chrome: Chrome::new(&headers, Some(&user), "/report", "report"),
        p: public_texts(lang_of(&headers)),
        form,
        reference,
    };
    let result = if errors.is_empty() {
        state.casework(&user.as_actor()).submit_report(input).await
    } else {
        Err(errors.into())
    };
    match result {
        Ok(report) => Ok(page(Form::default(), Some(report.reference)).into_response()),
        Err(casework::CaseworkError::Invalid(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page(form.failed(errors, &[], lang_of(&headers)), None))
                .into_response())
        }
        Err(other) => Err(other.into()),
    }
}

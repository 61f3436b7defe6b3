//! `/reports`: the DPO's queue of staff incident reports. A waiting report is opened as a case
//! (detected when the reporter noticed it, awareness as the DPO sets it, the case's record
//! naming the report) or dismissed with a reason (in the audit log). Management reads the
//! queue; only the roles that handle reports see its forms.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as UrlForm;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::names::{Language, Named};
use domain::staff_report::ReportStatus;
use domain::{BreachType, Category, NewCase, Permission, StaffReportId, ValidationErrors, allows};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::PagePath;
use crate::web::chrome::{Chrome, input_value, lang_of, local};
use crate::web::form::Form;

/// The page's fixed words, Swedish and English.
#[derive(Debug)]
pub struct ReportsTexts {
    pub heading: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub reported: &'static str,
    pub noticed: &'static str,
    pub unit: &'static str,
    pub contact: &'static str,
    pub by: &'static str,
    pub open_case: &'static str,
    pub title: &'static str,
    pub category: &'static str,
    pub breach_types: &'static str,
    pub aware_at: &'static str,
    pub aware_hint: &'static str,
    pub dismiss: &'static str,
    pub reason: &'static str,
    pub handled: &'static str,
    pub case_link: &'static str,
}

const SV: ReportsTexts = ReportsTexts {
    heading: "Incidentrapporter",
    intro: "Rapporter från medarbetare. Öppna ett ärende från en rapport eller avfärda den med ett skäl.",
    none: "Inga rapporter.",
    reported: "Rapporterad",
    noticed: "Upptäckt",
    unit: "Enhet",
    contact: "Nås via",
    by: "av",
    open_case: "Öppna ärende",
    title: "Rubrik",
    category: "Kategori",
    breach_types: "Typ av incident",
    aware_at: "Kännedom",
    aware_hint: "När organisationen fick kännedom (startar 72 timmar)",
    dismiss: "Avfärda",
    reason: "Skäl",
    handled: "Hanterade",
    case_link: "Ärendet",
};

const EN: ReportsTexts = ReportsTexts {
    heading: "Incident reports",
    intro: "Reports from colleagues. Open a case from a report, or dismiss it with a reason.",
    none: "No reports.",
    reported: "Reported",
    noticed: "Noticed",
    unit: "Unit",
    contact: "Reach at",
    by: "by",
    open_case: "Open a case",
    title: "Title",
    category: "Category",
    breach_types: "Type of breach",
    aware_at: "Awareness",
    aware_hint: "When the organisation became aware (starts the 72 hours)",
    dismiss: "Dismiss",
    reason: "Reason",
    handled: "Handled",
    case_link: "The case",
};

fn texts(lang: Language) -> &'static ReportsTexts {
    if lang == Language::En { &EN } else { &SV }
}

/// A report as the queue shows it.
pub struct ReportRow {
    pub id: String,
    pub reference: String,
    pub what_happened: String,
    pub reported: String,
    pub noticed: String,
    pub unit: String,
    pub contact: String,
    pub status: String,
    pub waiting: bool,
    pub case_id: Option<String>,
    /// The forms of this report (with their errors when one was refused).
    pub form: Form,
}

#[derive(Template, WebTemplate)]
#[template(path = "reports.html")]
pub struct ReportsPage {
    pub chrome: Chrome,
    pub t: &'static ReportsTexts,
    pub can_handle: bool,
    pub categories: Vec<(String, String)>,
    pub breach_types: Vec<(String, String)>,
    pub waiting: Vec<ReportRow>,
    pub handled: Vec<ReportRow>,
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    user: &CurrentUser,
    failed: Option<(StaffReportId, Form)>,
) -> Result<ReportsPage, AppError> {
    let chrome = Chrome::new(headers, Some(user), "/reports", "reports");
    let lang = chrome.lang;
    let tz = state.organisation().await?.time_zone;
    let people = casework::people(&state.store).await?;
    let now = input_value(Some(state.now()), tz);
    let (mut waiting, mut handled) = (Vec::new(), Vec::new());
    for r in state.store.reports().await? {
        let form = match &failed {
            Some((id, f)) if *id == r.id => f.clone(),
            _ => Form::with(&[
                ("title", r.what_happened.chars().take(80).collect()),
                ("aware_at", now.clone()),
                ("breach_types", "confidentiality".to_owned()),
            ]),
        };
        let row = ReportRow {
            id: r.id.0.to_string(),
            reference: r.reference.clone(),
            what_happened: r.what_happened.clone(),
            reported: format!(
                "{} {} {}",
                local(r.reported_at, tz, lang),
                texts(lang).by,
                domain::access::name_and_role(&people, &r.reported_by, lang)
            ),
            noticed: local(r.noticed_at, tz, lang),
            unit: r.unit.clone(),
            contact: r.contact.clone(),
            status: match &r.dismissed_reason {
                Some(reason) => format!("{}: {reason}", r.status.name(lang)),
                None => r.status.name(lang).to_owned(),
            },
            waiting: r.status == ReportStatus::Waiting,
            case_id: r.case_id.map(|c| c.0.to_string()),
            form,
        };
        if row.waiting { waiting.push(row) } else { handled.push(row) }
    }
    Ok(ReportsPage {
        t: texts(lang),
        can_handle: allows(user.user.role, Permission::HandleReports),
        categories: Category::ALL.iter().map(|c| (c.as_str().to_owned(), c.name(lang).to_owned())).collect(),
        breach_types: BreachType::ALL.iter().map(|b| (b.as_str().to_owned(), b.name(lang).to_owned())).collect(),
        waiting,
        handled,
        chrome,
    })
}

/// `GET /reports`: waiting reports first, then the handled ones.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
) -> Result<ReportsPage, AppError> {
    render(&state, &headers, &user, None).await
}

async fn refused(
    state: &AppState,
    headers: &HeaderMap,
    user: &CurrentUser,
    id: StaffReportId,
    form: Form,
    errors: ValidationErrors,
) -> Result<Response, AppError> {
    let failed = form.failed(errors, &[], lang_of(headers));
    let page = render(state, headers, user, Some((id, failed))).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Opens a case from a waiting report, then shows the case.
pub async fn open_case(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let report_id = StaffReportId(id);
    let tz = state.organisation().await?.time_zone;
    let mut errors = ValidationErrors::default();
    let aware_at = super::case::instant_field(&form, "aware_at", tz, &mut errors).flatten();
    if !errors.is_empty() {
        return refused(&state, &headers, &user, report_id, form, errors).await;
    }
    let new = NewCase {
        title: form.text("title"),
        // A report noticed more than a day before the DPO's awareness needs the reason (WP250).
        aware_justification: form.text("aware_justification"),
        category: Category::parse(form.val("category")),
        breach_types: Some(form.all("breach_types").iter().filter_map(|b| BreachType::parse(b)).collect()),
        ..NewCase::default()
    };
    match state.casework(&user.as_actor()).open_case_from_report(report_id, new, aware_at).await {
        Ok(case) => Ok(Redirect::to(&format!("/cases/{}", case.id)).into_response()),
        Err(casework::CaseworkError::Invalid(errors)) => {
            refused(&state, &headers, &user, report_id, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

/// Dismisses a waiting report with the reason given.
pub async fn dismiss(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let report_id = StaffReportId(id);
    match state.casework(&user.as_actor()).dismiss_report(report_id, form.text("reason")).await {
        Ok(()) => Ok(Redirect::to("/reports").into_response()),
        Err(casework::CaseworkError::Invalid(errors)) => {
            refused(&state, &headers, &user, report_id, form, errors).await
        }
        Err(other) => Err(other.into()),
    }
}

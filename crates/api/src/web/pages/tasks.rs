//! Actions as tasks: `/tasks` ("Mina uppgifter", every open action the signed-in user owns),
//! `/cases/{id}/actions/{action_id}` (one action: its owner, due instant and status, edited),
//! and what the case page and the dashboard show of actions (owner by name, overdue).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as UrlForm;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::names::Named;
use domain::{
    Action, ActionCategory, ActionId, ActionPatch, ActionStatus, CaseId, NewAction, Permission, Person, User, UserId,
    ValidationErrors, allows,
};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::PagePath;
use crate::web::chrome::{Chrome, input_value, lang_of, local, parse_input};
use crate::web::form::Form;

type Options = Vec<(String, String)>;

/// The form's field names that differ from the API's (the case page has other "title" and
/// "category" fields).
pub const RENAMED: &[(&str, &str)] =
    &[("title", "action_title"), ("category", "action_category"), ("status", "action_status")];

/// The users an action can be given to: the active ones, by name and role.
pub fn owner_options(users: &[User], chrome: &Chrome) -> Options {
    let mut options = vec![(String::new(), chrome.t.nobody.to_owned())];
    options.extend(
        users
            .iter()
            .filter(|u| u.active)
            .map(|u| (u.id.to_string(), format!("{} ({})", u.display_name, u.role.name(chrome.lang).to_lowercase()))),
    );
    options
}

/// Who owns an action, as a reader sees it: the user by name and role, or the person outside.
pub fn owner_shown(action: &Action, people: &[Person], chrome: &Chrome) -> String {
    match (action.owner_user_id, &action.owner) {
        (Some(user), _) => domain::access::name_and_role(people, &user.to_string(), chrome.lang),
        (None, Some(outside)) => outside.clone(),
        (None, None) => String::new(),
    }
}

/// The choices of an action's status and category, in the page's language.
pub fn status_options(chrome: &Chrome) -> Options {
    ActionStatus::ALL.iter().map(|s| (s.as_str().to_owned(), s.name(chrome.lang).to_owned())).collect()
}

/// As [`status_options`], for the category.
pub fn category_options(chrome: &Chrome) -> Options {
    let mut options = vec![(String::new(), chrome.t.choose_one.to_owned())];
    options.extend(ActionCategory::ALL.iter().map(|c| (c.as_str().to_owned(), c.name(chrome.lang).to_owned())));
    options
}

/// The fields an action form sends, read once for the new action and the edit.
struct Fields {
    title: Option<String>,
    category: Option<ActionCategory>,
    owner: Option<String>,
    owner_user_id: Option<UserId>,
    status: Option<ActionStatus>,
    due_at: Option<DateTime<Utc>>,
}

fn fields(form: &Form, tz: Tz) -> Result<Fields, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let due = form.val("due_at").trim();
    let due_at =
        if due.is_empty() { None } else { parse_input(due, tz).map_err(|e| errors.add("due_at", e.to_string())).ok() };
    let owner_user_id = match form.val("owner_user_id").trim() {
        "" => None,
        id => Uuid::parse_str(id).map(UserId).map_err(|_| errors.add("owner_user_id", "names no user")).ok(),
    };
    let status = match form.val("action_status").trim() {
        "" => None,
        s => ActionStatus::parse(s).or_else(|| {
            errors.add("action_status", "unknown status");
            None
        }),
    };
    // A user and a person outside at once would leave the task with two owners: the user wins
    // only if no name was typed, otherwise the reader is asked to choose.
    let owner = form.text("owner");
    if owner.is_some() && owner_user_id.is_some() {
        errors.add("owner", "choose a user or name a person outside, not both");
    }
    errors.into_result(Fields {
        title: form.text("action_title"),
        category: ActionCategory::parse(form.val("action_category")),
        owner,
        owner_user_id,
        status,
        due_at,
    })
}

/// A new action from the case page's form.
pub fn new_action(form: &Form, tz: Tz) -> Result<NewAction, ValidationErrors> {
    let f = fields(form, tz)?;
    Ok(NewAction {
        title: f.title,
        category: f.category,
        owner: f.owner,
        owner_user_id: f.owner_user_id,
        status: f.status,
        due_at: f.due_at,
    })
}

/// The edit of an action: every field of the form replaces the action's (an emptied owner or
/// due instant clears it).
fn patch(form: &Form, tz: Tz) -> Result<ActionPatch, ValidationErrors> {
    let f = fields(form, tz)?;
    let mut errors = ValidationErrors::default();
    if f.title.is_none() {
        errors.add("title", "is required");
    }
    if f.category.is_none() {
        errors.add("category", "is required");
    }
    errors.into_result(ActionPatch {
        title: f.title,
        category: f.category,
        owner: Some(f.owner),
        owner_user_id: Some(f.owner_user_id),
        status: f.status,
        due_at: Some(f.due_at),
    })
}

/// An action as the lists show it.
pub struct TaskRow {
    pub case_id: String,
    pub case_reference: String,
    pub id: String,
    pub title: String,
    pub category: &'static str,
    pub owner: String,
    pub status: &'static str,
    pub due: String,
    pub overdue: bool,
    pub done: bool,
}

impl TaskRow {
    /// The row of `action` on the case `reference`.
    pub fn new(
        action: &Action,
        reference: &str,
        people: &[Person],
        chrome: &Chrome,
        tz: Tz,
        now: DateTime<Utc>,
    ) -> Self {
        TaskRow {
            case_id: action.case_id.to_string(),
            case_reference: reference.to_owned(),
            id: action.id.to_string(),
            title: action.title.clone(),
            category: action.category.name(chrome.lang),
            owner: owner_shown(action, people, chrome),
            status: action.status.name(chrome.lang),
            due: action.due_at.map(|d| local(d, tz, chrome.lang)).unwrap_or_default(),
            overdue: action.is_overdue(now),
            done: action.status == ActionStatus::Done,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "tasks.html")]
pub struct TasksPage {
    pub chrome: Chrome,
    pub time_zone: String,
    pub tasks: Vec<TaskRow>,
}

/// "Mina uppgifter": the open actions the signed-in user owns, on every case.
pub async fn mine(State(state): State<AppState>, headers: HeaderMap, user: CurrentUser) -> Result<TasksPage, AppError> {
    let chrome = Chrome::new(&headers, Some(&user), "/tasks", "tasks");
    let tz = state.organisation().await?.time_zone;
    let now = state.now();
    let people = casework::people(&state.store).await?;
    let mut references = std::collections::HashMap::new();
    let mut tasks = Vec::new();
    for action in state.store.open_actions_of(user.user.id).await? {
        if let std::collections::hash_map::Entry::Vacant(slot) = references.entry(action.case_id) {
            slot.insert(state.store.case(action.case_id).await?.reference.to_string());
        }
        let reference = references.get(&action.case_id).map_or("", String::as_str);
        tasks.push(TaskRow::new(&action, reference, &people, &chrome, tz, now));
    }
    Ok(TasksPage { time_zone: tz.name().to_owned(), tasks, chrome })
}

#[derive(Template, WebTemplate)]
#[template(path = "action.html")]
pub struct ActionPage {
    pub chrome: Chrome,
    pub time_zone: String,
    pub case_id: String,
    pub case_reference: String,
    pub case_title: String,
    pub task: TaskRow,
    /// The edit was just saved (the page says so).
    pub saved: bool,
    pub can_edit: bool,
    pub form: Form,
    pub owners: Options,
    pub statuses: Options,
    pub categories: Options,
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    user: &CurrentUser,
    (case_id, action_id): (Uuid, Uuid),
    form: Option<Form>,
    saved: bool,
) -> Result<ActionPage, AppError> {
    let path = format!("/cases/{case_id}/actions/{action_id}");
    let chrome = Chrome::new(headers, Some(user), &path, "case");
    let tz = state.organisation().await?.time_zone;
    let case = state.store.case(CaseId(case_id)).await?;
    let action = state.store.action(CaseId(case_id), ActionId(action_id)).await?;
    let people = casework::people(&state.store).await?;
    let users = state.store.users().await?;
    let form = form.unwrap_or_else(|| {
        Form::with(&[
            ("action_title", action.title.clone()),
            ("action_category", action.category.as_str().to_owned()),
            ("owner_user_id", action.owner_user_id.map(|u| u.to_string()).unwrap_or_default()),
            ("owner", action.owner.clone().unwrap_or_default()),
            ("action_status", action.status.as_str().to_owned()),
            ("due_at", input_value(action.due_at, tz)),
        ])
    });
    Ok(ActionPage {
        time_zone: tz.name().to_owned(),
        case_id: case_id.to_string(),
        case_reference: case.reference.to_string(),
        case_title: case.title.clone(),
        task: TaskRow::new(&action, &case.reference.to_string(), &people, &chrome, tz, state.now()),
        saved,
        can_edit: allows(user.user.role, Permission::ManageActions),
        form,
        owners: owner_options(&users, &chrome),
        statuses: status_options(&chrome),
        categories: category_options(&chrome),
        chrome,
    })
}

/// One action, with its edit form for those who manage actions.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(ids): PagePath<(Uuid, Uuid)>,
    RawQuery(query): RawQuery,
) -> Result<ActionPage, AppError> {
    let saved = query.is_some_and(|q| q.split('&').any(|p| p == "saved=1"));
    render(&state, &headers, &user, ids, None, saved).await
}

/// Changes an action: the whole edit form, or the case page's one-click status (a form with
/// nothing but `action_status`). The change goes on the case's timeline with old and new.
pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath((id, action_id)): PagePath<(Uuid, Uuid)>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let tz = state.organisation().await?.time_zone;
    let whole = pairs.iter().any(|(name, _)| name == "action_title");
    let patch = if whole {
        patch(&form, tz)
    } else {
        fields(&form, tz).map(|f| ActionPatch { status: f.status, ..ActionPatch::default() })
    };
    let result = match patch {
        Ok(patch) => state.casework(&user.as_actor()).change_action(CaseId(id), ActionId(action_id), patch).await,
        Err(errors) => Err(errors.into()),
    };
    let errors = match result.map_err(AppError::from) {
        Ok(_) if whole => return Ok(Redirect::to(&format!("/cases/{id}/actions/{action_id}?saved=1")).into_response()),
        Ok(_) => return Ok(Redirect::to(&format!("/cases/{id}#h-actions")).into_response()),
        Err(AppError::Validation(errors)) => errors,
        Err(other) => return Err(other),
    };
    let failed = form.failed(errors, RENAMED, lang_of(&headers));
    let page = render(&state, &headers, &user, (id, action_id), Some(failed), false).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

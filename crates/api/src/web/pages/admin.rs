//! `/admin`: the organisation's settings (name, DPO contact, time zone from the list of zones),
//! users (added, their role changed, deactivated and reactivated, given a one-time password)
//! and controllers. A saved form says so.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form as UrlForm;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{ControllerId, NewController, Permission, Role, UserId, ValidationErrors, allows};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::routes::users::{change_user as change_account, new_user, reset_password};
use crate::state::AppState;
use crate::web::PagePath;
use crate::web::chrome::{Chrome, lang_of};
use crate::web::form::Form;
use domain::names::Named;

pub struct Can {
    pub organisation: bool,
    pub users: bool,
    pub controllers: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin.html")]
pub struct AdminPage {
    pub chrome: Chrome,
    pub notice: Option<String>,
    pub can: Can,
    pub org_form: Form,
    pub user_form: Form,
    pub controller_form: Form,
    pub users: Vec<UserRow>,
    pub controllers: Vec<(String, String, String)>,
    pub roles: Vec<(String, String)>,
    pub time_zones: Vec<(String, String)>,
    /// The section whose form was just saved ("Sparat" beside it).
    pub saved: &'static str,
}

/// A user as the administration page lists them.
pub struct UserRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub role_code: &'static str,
    pub active: bool,
    pub must_change_password: bool,
    /// The signed-in admin's own row: no deactivating oneself from the page.
    pub is_self: bool,
}

#[derive(Default)]
struct Forms {
    org: Option<Form>,
    user: Option<Form>,
    controller: Option<Form>,
}

async fn render(
    state: &AppState,
    headers: &HeaderMap,
    user: &CurrentUser,
    forms: Forms,
    notice: Option<String>,
    saved: &'static str,
) -> Result<AdminPage, AppError> {
    let chrome = Chrome::new(headers, Some(user), "/admin", "admin");
    let lang = chrome.lang;
    let role = user.user.role;
    let can = Can {
        organisation: allows(role, Permission::ManageOrganisation),
        users: allows(role, Permission::ManageUsers),
        controllers: allows(role, Permission::ManageControllers),
    };
    if !(can.organisation || can.users || can.controllers) {
        return Err(AppError::Forbidden);
    }
    let org = state.organisation().await?;
    let users = if can.users {
        state
            .store
            .users()
            .await?
            .into_iter()
            .map(|u| UserRow {
                id: u.id.to_string(),
                is_self: u.id == user.user.id,
                name: u.display_name,
                email: u.email.as_str().to_owned(),
                role: u.role.name(lang),
                role_code: u.role.as_str(),
                active: u.active,
                must_change_password: u.must_change_password,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(AdminPage {
        notice,
        org_form: forms.org.unwrap_or_else(|| {
            Form::with(&[
                ("org_name", org.name.clone()),
                ("dpo_name", org.dpo_name.clone()),
                ("dpo_email", org.dpo_email.clone()),
                ("dpo_phone", org.dpo_phone.clone()),
                ("contact_name", org.contact_name.clone()),
                ("contact_email", org.contact_email.clone()),
                ("contact_phone", org.contact_phone.clone()),
                ("contact_address", org.contact_address.clone()),
                ("security_advice_url", org.security_advice_url.clone()),
                ("time_zone", org.time_zone.name().to_owned()),
            ])
        }),
        user_form: forms.user.unwrap_or_else(|| Form::with(&[("role", "handler".into())])),
        controller_form: forms.controller.unwrap_or_default(),
        users,
        controllers: state
            .store
            .controllers()
            .await?
            .into_iter()
            .map(|c| (c.name, c.organisation_number.to_string(), c.postal_address))
            .collect(),
        roles: Role::ALL.iter().map(|r| (r.as_str().to_owned(), r.name(lang).to_owned())).collect(),
        time_zones: chrono_tz::TZ_VARIANTS.iter().map(|z| (z.name().to_owned(), z.name().to_owned())).collect(),
        saved,
        can,
        chrome,
    })
}

/// The sections whose save the page confirms, as the address after a save names them.
const SECTIONS: &[&str] = &["org", "users", "controllers"];

/// The administration page; `?saved=org` (and so on) after a save says "Sparat" there.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<AdminPage, AppError> {
    let saved = query
        .as_deref()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("saved=")))
        .and_then(|s| SECTIONS.iter().find(|known| **known == s))
        .copied()
        .unwrap_or("");
    render(&state, &headers, &user, Forms::default(), None, saved).await
}

/// After a save: the page again, saying so beside the section (post/redirect/get).
fn saved(section: &str) -> Response {
    Redirect::to(&format!("/admin?saved={section}#h-{section}")).into_response()
}

async fn failed(state: &AppState, headers: &HeaderMap, user: &CurrentUser, forms: Forms) -> Result<Response, AppError> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(state, headers, user, forms, None, "").await?).into_response())
}

/// Saves the organisation's settings.
pub async fn organisation(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let settings = domain::organisation::OrganisationSettings {
        name: form.text("org_name"),
        dpo_name: form.text("dpo_name"),
        dpo_email: form.text("dpo_email"),
        dpo_phone: form.text("dpo_phone"),
        contact_address: form.text("contact_address"),
        contact_name: form.text("contact_name"),
        contact_email: form.text("contact_email"),
        contact_phone: form.text("contact_phone"),
        security_advice_url: form.text("security_advice_url"),
        time_zone: form.text("time_zone"),
    };
    match state.casework(&user.as_actor()).save_organisation(settings).await {
        Ok(_) => {}
        Err(casework::CaseworkError::Invalid(errors)) => {
            return failed(
                &state,
                &headers,
                &user,
                Forms {
                    org: Some(form.failed(errors, &[("name", "org_name")], lang_of(&headers))),
                    ..Forms::default()
                },
            )
            .await;
        }
        Err(other) => return Err(other.into()),
    }
    Ok(saved("org"))
}

/// Adds a user with a generated password, shown once.
pub async fn add_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let password = crate::accounts_cli::generated_password().map_err(|e| AppError::Internal(e.to_string()))?;
    let created = async {
        let new = new_user(
            &state.auth.passwords,
            form.text("email"),
            form.text("user_name"),
            Role::parse(form.val("role")),
            Some(password.clone()),
        )
        .await?;
        Ok::<_, AppError>(state.store.create_user(new, &user.actor(), state.now()).await?)
    }
    .await;
    match created {
        Ok(created) => {
            let chrome = Chrome::new(&headers, Some(&user), "/admin", "admin");
            let notice = if chrome.lang == report::Lang::Sv {
                format!("Användaren {} har skapats. Lösenord (visas bara nu): {password}", created.email.as_str())
            } else {
                format!("User {} created. Password (shown only now): {password}", created.email.as_str())
            };
            Ok(render(&state, &headers, &user, Forms::default(), Some(notice), "").await?.into_response())
        }
        Err(AppError::Validation(errors)) => {
            let form = form.failed(errors, &[("display_name", "user_name")], lang_of(&headers));
            failed(&state, &headers, &user, Forms { user: Some(form), ..Forms::default() }).await
        }
        Err(AppError::Conflict(_)) => {
            let form = form.failed(ValidationErrors::single("email", "already has an account"), &[], lang_of(&headers));
            failed(&state, &headers, &user, Forms { user: Some(form), ..Forms::default() }).await
        }
        Err(other) => Err(other),
    }
}

/// Adds a controller.
pub async fn add_controller(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let validated = NewController {
        name: form.text("name"),
        organisation_number: form.text("organisation_number"),
        postal_address: form.text("postal_address"),
    }
    .validate(ControllerId::new());
    match validated {
        Ok(controller) => {
            state.store.insert_controller(&controller, state.now()).await?;
            Ok(saved("controllers"))
        }
        Err(errors) => {
            failed(
                &state,
                &headers,
                &user,
                Forms { controller: Some(form.failed(errors, &[], lang_of(&headers))), ..Forms::default() },
            )
            .await
        }
    }
}

/// Changes a user's role, or deactivates or reactivates them (a deactivated user's sessions
/// and tokens are refused at once). The last active admin is kept.
pub async fn change_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let role = Role::parse(form.val("role"));
    let active = match form.val("active") {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    };
    if role.is_none() && active.is_none() {
        return Err(ValidationErrors::single("role", "give a role or active (true or false)").into());
    }
    match change_account(&state.store, UserId(id), role, active, &user.actor(), state.now()).await {
        Ok(_) => Ok(saved("users")),
        Err(AppError::Validation(errors)) => {
            let notice = errors
                .0
                .iter()
                .map(|e| {
                    crate::web::messages::translate(
                        &e.message,
                        lang_of(&headers),
                        crate::web::i18n::texts(lang_of(&headers)),
                    )
                })
                .collect::<Vec<_>>()
                .join(" ");
            let page = render(&state, &headers, &user, Forms::default(), Some(notice), "").await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other),
    }
}

/// Gives a user a one-time password, shown once on the page; their sessions end and at the
/// next login they can do nothing but choose their own.
pub async fn one_time_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
) -> Result<Response, AppError> {
    let (changed, password) =
        reset_password(&state.store, &state.auth.passwords, UserId(id), &user.actor(), state.now()).await?;
    let notice = if lang_of(&headers) == report::Lang::Sv {
        format!(
            "Engångslösenord för {} (visas bara nu; lämna det på annat sätt än e-post): {password}",
            changed.email.as_str()
        )
    } else {
        format!(
            "One-time password for {} (shown only now; hand it over by another channel): {password}",
            changed.email.as_str()
        )
    };
    Ok(render(&state, &headers, &user, Forms::default(), Some(notice), "users").await?.into_response())
}

//! `/api/v1/organisation`: the organisation's settings: its name, the data protection officer,
//! the contact person for notifications (GDPR Art. 33(3)(b): the DPO "or other contact
//! point"), the address IMY writes to (IMY's form, question 9) and the time zone.

use axum::Json;
use axum::extract::State;
use domain::Organisation;
use domain::organisation::OrganisationSettings;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::extract::JsonBody;
use crate::state::AppState;

/// The organisation's settings, as sent and as returned (empty text: not given).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationBody {
    /// Its name.
    #[schema(required = true)]
    pub name: Option<String>,
    /// The data protection officer's name.
    pub dpo_name: Option<String>,
    /// The DPO's e-mail address.
    pub dpo_email: Option<String>,
    /// The DPO's telephone number.
    pub dpo_phone: Option<String>,
    /// The address at which the organisation wishes to be contacted (IMY's question 9).
    pub contact_address: Option<String>,
    /// The contact person for notifications, when not the DPO.
    pub contact_name: Option<String>,
    /// The contact person's e-mail address.
    pub contact_email: Option<String>,
    /// The contact person's telephone number.
    pub contact_phone: Option<String>,
    /// Where the letter to the data subjects links for advice on information security: an
    /// `https://` address; empty: MCF's home page (the path of MCF's advice is unconfirmed).
    pub security_advice_url: Option<String>,
    /// The IANA time zone instants are shown in (default Europe/Stockholm).
    pub time_zone: Option<String>,
}

impl From<OrganisationBody> for OrganisationSettings {
    fn from(b: OrganisationBody) -> Self {
        OrganisationSettings {
            name: b.name,
            dpo_name: b.dpo_name,
            dpo_email: b.dpo_email,
            dpo_phone: b.dpo_phone,
            contact_address: b.contact_address,
            contact_name: b.contact_name,
            contact_email: b.contact_email,
            contact_phone: b.contact_phone,
            security_advice_url: b.security_advice_url,
            time_zone: b.time_zone,
        }
    }
}

impl From<Organisation> for OrganisationBody {
    fn from(o: Organisation) -> Self {
        OrganisationBody {
            name: Some(o.name),
            dpo_name: Some(o.dpo_name),
            dpo_email: Some(o.dpo_email),
            dpo_phone: Some(o.dpo_phone),
            contact_address: Some(o.contact_address),
            contact_name: Some(o.contact_name),
            contact_email: Some(o.contact_email),
            contact_phone: Some(o.contact_phone),
            security_advice_url: Some(o.security_advice_url),
            time_zone: Some(o.time_zone.name().to_owned()),
        }
    }
}

/// The organisation's settings.
#[utoipa::path(get, path = "/organisation", tag = "organisation",
    responses((status = 200, description = "The settings", body = OrganisationBody)))]
async fn get_organisation(State(state): State<AppState>) -> Result<Json<OrganisationBody>, AppError> {
    Ok(Json(state.organisation().await?.into()))
}

/// Replaces the organisation's settings.
#[utoipa::path(put, path = "/organisation", tag = "organisation", request_body = OrganisationBody,
    responses(
        (status = 200, description = "The stored settings", body = OrganisationBody),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    ))]
async fn put_organisation(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(body): JsonBody<OrganisationBody>,
) -> Result<Json<OrganisationBody>, AppError> {
    Ok(Json(state.casework(&current.as_actor()).save_organisation(body.into()).await?.into()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_organisation, put_organisation))
}

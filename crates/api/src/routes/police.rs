//! `/api/v1/cases/{id}/police-details`: what the police report needs that the rest of the case
//! does not hold (signatory, technical details, traces, evidence custody, damage, ransom
//! demand, suspects). Free text; a blank field is absent and prints as "fill in" in the draft.

use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use domain::CaseId;
use domain::police::{PoliceDetails, StoredPoliceDetails};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::extract::JsonBody;
use crate::state::AppState;

/// The police-report facts, as sent and as returned.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PoliceDetailsBody {
    /// The authorised signatory and a contact reachable around the clock.
    pub signatory: Option<String>,
    /// Attacked machines and services: host names, IP addresses, operating systems, ports.
    pub technical_details: Option<String>,
    /// The attacker's traces: IP addresses, domains, accounts, files and hashes, ransom note.
    pub attacker_traces: Option<String>,
    /// Where the evidence is kept, who is responsible for it, and its hashes.
    pub evidence_custody: Option<String>,
    /// The extent of the damage, costs so far, any claim for damages.
    pub damage: Option<String>,
    /// The ransom demand: amount, currency, address, deadline, whether anything was paid.
    pub ransom_demand: Option<String>,
    /// Suspects, if any are known.
    pub suspects: Option<String>,
    /// Whether money moved (a payment diverted, a ransom paid): only then is fraud among the
    /// offences considered.
    #[serde(default)]
    pub money_moved: bool,
    /// Who last changed them (read only).
    #[serde(default, skip_deserializing)]
    pub updated_by: Option<String>,
    /// When (read only).
    #[serde(default, skip_deserializing)]
    pub updated_at: Option<DateTime<Utc>>,
}

impl From<PoliceDetailsBody> for PoliceDetails {
    fn from(b: PoliceDetailsBody) -> Self {
        PoliceDetails {
            signatory: b.signatory,
            technical_details: b.technical_details,
            attacker_traces: b.attacker_traces,
            evidence_custody: b.evidence_custody,
            damage: b.damage,
            ransom_demand: b.ransom_demand,
            suspects: b.suspects,
            money_moved: b.money_moved,
        }
    }
}

impl From<StoredPoliceDetails> for PoliceDetailsBody {
    fn from(s: StoredPoliceDetails) -> Self {
        let d = s.details;
        PoliceDetailsBody {
            signatory: d.signatory,
            technical_details: d.technical_details,
            attacker_traces: d.attacker_traces,
            evidence_custody: d.evidence_custody,
            damage: d.damage,
            ransom_demand: d.ransom_demand,
            suspects: d.suspects,
            money_moved: d.money_moved,
            updated_by: Some(s.updated_by),
            updated_at: Some(s.updated_at),
        }
    }
}

/// Replaces the police-report facts of a case.
#[utoipa::path(put, path = "/cases/{id}/police-details", tag = "drafts", request_body = PoliceDetailsBody,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The stored facts", body = PoliceDetailsBody),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is too long", body = Problem, content_type = "application/problem+json"),
    ))]
async fn put_police_details(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<PoliceDetailsBody>,
) -> Result<Json<PoliceDetailsBody>, AppError> {
    let stored = state.casework(&current.as_actor()).save_police_details(CaseId(id), body.into()).await?;
    Ok(Json(stored.into()))
}

/// The police-report facts of a case (all absent when none are saved).
#[utoipa::path(get, path = "/cases/{id}/police-details", tag = "drafts",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The facts", body = PoliceDetailsBody),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_police_details(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<PoliceDetailsBody>, AppError> {
    state.store.case(CaseId(id)).await?;
    Ok(Json(state.store.police_details(CaseId(id)).await?.map(PoliceDetailsBody::from).unwrap_or_default()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(put_police_details, get_police_details))
}

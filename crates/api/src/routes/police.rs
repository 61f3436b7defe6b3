//! `/api/v1/cases/{id}/police-details`: what the police report needs that the rest of the case
//! does not hold (signatory, technical details, traces, evidence custody, damage, ransom
//! demand, suspects). Free text; a blank field is absent and prints as "fill in" in the draft.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use domain::CaseId;
use domain::police::{PoliceDetails, StoredPoliceDetails};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::extract::{JsonBody, Path};
use crate::state::AppState;

/// Generates the two shapes of the police-report facts: the body a client sends (the facts,
/// nothing else) and the view it reads back (the facts, who last changed them and when).
macro_rules! police_facts {
    ($($(#[$doc:meta])* $field:ident,)+) => {
        /// The police-report facts, as sent: each absent, null or blank one is not known.
        #[derive(Debug, Default, Deserialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct PoliceDetailsBody {
            $($(#[$doc])* pub $field: Option<String>,)+
            /// Whether money moved (a payment diverted, a ransom paid): only then is fraud
            /// among the offences considered.
            #[serde(default)]
            pub money_moved: bool,
        }

        /// The police-report facts as stored (all null when none are saved).
        #[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
        pub struct PoliceDetailsView {
            $($(#[$doc])* pub $field: Option<String>,)+
            /// Whether money moved.
            pub money_moved: bool,
            /// Who last changed them (null: never saved).
            pub updated_by: Option<String>,
            /// When (null: never saved).
            pub updated_at: Option<DateTime<Utc>>,
        }

        impl From<PoliceDetailsBody> for PoliceDetails {
            fn from(b: PoliceDetailsBody) -> Self {
                PoliceDetails { $($field: b.$field,)+ money_moved: b.money_moved }
            }
        }

        impl From<StoredPoliceDetails> for PoliceDetailsView {
            fn from(s: StoredPoliceDetails) -> Self {
                let d = s.details;
                PoliceDetailsView {
                    $($field: d.$field,)+
                    money_moved: d.money_moved,
                    updated_by: Some(s.updated_by),
                    updated_at: Some(s.updated_at),
                }
            }
        }
    };
}

police_facts! {
    /// The authorised signatory and a contact reachable around the clock.
    signatory,
    /// Attacked machines and services: host names, IP addresses, operating systems, ports.
    technical_details,
    /// The attacker's traces: IP addresses, domains, accounts, files and hashes, ransom note.
    attacker_traces,
    /// Where the evidence is kept, who is responsible for it, and its hashes.
    evidence_custody,
    /// The extent of the damage, costs so far, any claim for damages.
    damage,
    /// The ransom demand: amount, currency, address, deadline, whether anything was paid.
    ransom_demand,
    /// Suspects, if any are known.
    suspects,
}

/// Replaces the police-report facts of a case.
#[utoipa::path(put, path = "/cases/{id}/police-details", tag = "drafts", request_body = PoliceDetailsBody,
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The stored facts", body = PoliceDetailsView),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is too long", body = Problem, content_type = "application/problem+json"),
    ))]
async fn put_police_details(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<PoliceDetailsBody>,
) -> Result<Json<PoliceDetailsView>, AppError> {
    let stored = state.casework(&current.as_actor()).save_police_details(CaseId(id), body.into()).await?;
    Ok(Json(stored.into()))
}

/// The police-report facts of a case (all absent when none are saved).
#[utoipa::path(get, path = "/cases/{id}/police-details", tag = "drafts",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The facts", body = PoliceDetailsView),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_police_details(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<PoliceDetailsView>, AppError> {
    state.store.case(CaseId(id)).await?;
    Ok(Json(state.store.police_details(CaseId(id)).await?.map(PoliceDetailsView::from).unwrap_or_default()))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(put_police_details, get_police_details))
}

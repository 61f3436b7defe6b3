//! `/api/v1/deadline-rules`: the deadline rules as versioned data. A new version applies to
//! cases opened after it comes into force; cases already open keep theirs.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::ClockKind;
use domain::deadline::Length;
use domain::rules::{DeadlineRule, Trigger};
use domain::text::TextRule;
use domain::validation::{ValidationErrors, required, required_text};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::{AppError, Problem};
use crate::extract::JsonBody;
use crate::schema;
use crate::state::AppState;

/// A rule as the API shows and takes it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleView {
    /// The regime: `gdpr`, `cybersakerhetslagen`, `internal`.
    #[schema(required = true, nullable = false)]
    pub regime: Option<String>,
    /// The clock it sets.
    #[schema(required = true, schema_with = schema::clock_kind)]
    pub clock: Option<ClockKind>,
    /// What starts it.
    #[schema(required = true, schema_with = schema::trigger)]
    pub trigger: Option<Trigger>,
    /// Length in elapsed hours, 1 to 87840 (give this or `months`).
    #[schema(minimum = 1, maximum = 87_840)]
    pub hours: Option<u32>,
    /// Length in calendar months, 1 to 120.
    #[schema(minimum = 1, maximum = 120)]
    pub months: Option<u32>,
    /// From when it applies (must be in the future for a new rule).
    #[schema(required = true, nullable = false)]
    pub in_force_from: Option<DateTime<Utc>>,
    /// Where the rule comes from (statute, guideline, internal decision).
    #[schema(required = true, nullable = false)]
    pub source: Option<String>,
}

impl From<DeadlineRule> for RuleView {
    fn from(r: DeadlineRule) -> Self {
        let (hours, months) = match r.length {
            Length::Hours(h) => (u32::try_from(h).ok(), None),
            Length::CalendarMonths(m) => (None, Some(m)),
        };
        RuleView {
            regime: Some(r.regime),
            clock: Some(r.clock),
            trigger: Some(r.trigger),
            hours,
            months,
            in_force_from: Some(r.in_force_from),
            source: Some(r.source),
        }
    }
}

/// Every rule, every version, oldest first.
#[utoipa::path(get, path = "/deadline-rules", tag = "clocks",
    responses((status = 200, description = "The rules", body = Vec<RuleView>)))]
async fn list_rules(State(state): State<AppState>) -> Result<Json<Vec<RuleView>>, AppError> {
    Ok(Json(state.store.deadline_rules().await?.into_iter().map(RuleView::from).collect()))
}

/// Adds a new version of a rule (a change of law), in force from a future instant.
#[utoipa::path(post, path = "/deadline-rules", tag = "clocks", request_body = RuleView,
    responses(
        (status = 201, description = "The new rule", body = RuleView),
        (status = 409, description = "That clock already has a version from that instant", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or invalid fields; in_force_from not in the future", body = Problem, content_type = "application/problem+json"),
    ))]
async fn add_rule(
    State(state): State<AppState>,
    JsonBody(body): JsonBody<RuleView>,
) -> Result<(StatusCode, Json<RuleView>), AppError> {
    let mut errors = ValidationErrors::default();
    let regime = required_text(&mut errors, "regime", body.regime, TextRule::line(64));
    let clock = required(&mut errors, "clock", body.clock);
    let trigger = required(&mut errors, "trigger", body.trigger);
    let in_force_from = required(&mut errors, "in_force_from", body.in_force_from);
    let source = required_text(&mut errors, "source", body.source, TextRule::line(500));
    let length = match (body.hours, body.months) {
        (Some(h), None) if (1..=Length::MAX_HOURS).contains(&h) => Some(Length::Hours(i64::from(h))),
        (None, Some(m)) if (1..=Length::MAX_MONTHS).contains(&m) => Some(Length::CalendarMonths(m)),
        (Some(_), None) => {
            errors.add("hours", format!("must be between 1 and {}", Length::MAX_HOURS));
            None
        }
        (None, Some(_)) => {
            errors.add("months", format!("must be between 1 and {}", Length::MAX_MONTHS));
            None
        }
        _ => {
            errors.add("hours", "give either hours or months, greater than zero");
            None
        }
    };
    let (Some(regime), Some(clock), Some(trigger), Some(in_force_from), Some(source), Some(length)) =
        (regime, clock, trigger, in_force_from, source, length)
    else {
        return Err(errors.into());
    };
    let rule = DeadlineRule { regime, clock, trigger, length, in_force_from, source };
    state.store.add_deadline_rule(&rule, state.now()).await?;
    Ok((StatusCode::CREATED, Json(rule.into())))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_rules, add_rule))
}

//! Conversions between stored rows and domain types. Text columns are parsed back through the
//! domain, so a row the domain would not accept is reported, never silently patched.

use domain::case::{Cause, CountRange, DataSubjectCategory, PersonalDataCategory};
use domain::{
    Action, ActionCategory, ActionStatus, BreachType, Case, CaseReference, CaseStatus, Category, Controller,
    ControllerId, EntryKind, Organisation, OrganisationNumber, TimelineEntry,
};
use sea_orm::ActiveValue::Set;

use crate::entity::{action, case, controller, organisation, timeline_entry};
use crate::error::StoreError;

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what}: {value:?}"))
}

/// Parses one enum value stored as text.
pub(crate) fn parse_enum<T>(what: &str, value: &str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
    parse(value).ok_or_else(|| corrupt(what, value))
}

/// A list of enum values stored as a JSON array of their text forms.
fn enum_list<T: Copy>(items: &[T], as_str: fn(T) -> &'static str) -> String {
    serde_json::to_string(&items.iter().map(|i| as_str(*i)).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

fn parse_enum_list<T>(what: &str, json: &str, parse: fn(&str) -> Option<T>) -> Result<Vec<T>, StoreError> {
    let texts: Vec<String> = serde_json::from_str(json).map_err(|_| corrupt(what, json))?;
    texts.iter().map(|t| parse_enum(what, t, parse)).collect()
}

fn count_to_columns(range: Option<CountRange>) -> (Option<i64>, Option<i64>) {
    match range {
        Some(r) => (i64::try_from(r.min).ok(), i64::try_from(r.max).ok()),
        None => (None, None),
    }
}

fn count_from_columns(min: Option<i64>, max: Option<i64>) -> Option<CountRange> {
    match (min, max) {
        (Some(min), Some(max)) => Some(CountRange { min: min.max(0).unsigned_abs(), max: max.max(0).unsigned_abs() }),
        _ => None,
    }
}

pub(crate) fn case_to_active(c: &Case) -> case::ActiveModel {
    let (ds_min, ds_max) = count_to_columns(c.data_subjects_count);
    let (rec_min, rec_max) = count_to_columns(c.records_count);
    case::ActiveModel {
        id: Set(c.id.0),
        reference: Set(c.reference.as_str().to_owned()),
        title: Set(c.title.clone()),
        description: Set(c.description.clone()),
        category: Set(c.category.as_str().to_owned()),
        breach_types: Set(enum_list(&c.breach_types, BreachType::as_str)),
        status: Set(c.status.as_str().to_owned()),
        not_a_breach_reason: Set(c.not_a_breach_reason.clone()),
        occurred_from: Set(c.occurred_from),
        occurred_to: Set(c.occurred_to),
        detected_at: Set(c.detected_at),
        detection_method: Set(c.detection_method.clone()),
        aware_at: Set(c.aware_at),
        aware_justification: Set(c.aware_justification.clone()),
        contained_at: Set(c.contained_at),
        closed_at: Set(c.closed_at),
        affected_systems: Set(serde_json::to_string(&c.affected_systems).unwrap_or_else(|_| "[]".into())),
        personal_data_categories: Set(enum_list(&c.personal_data_categories, PersonalDataCategory::as_str)),
        data_subject_categories: Set(enum_list(&c.data_subject_categories, DataSubjectCategory::as_str)),
        data_subjects_min: Set(ds_min),
        data_subjects_max: Set(ds_max),
        records_min: Set(rec_min),
        records_max: Set(rec_max),
        likely_consequences: Set(c.likely_consequences.clone()),
        cross_border: Set(c.cross_border),
        processor_involved: Set(c.processor_involved),
        cause: Set(c.cause.map(|c| c.as_str().to_owned())),
        member_states: Set(serde_json::to_string(&c.member_states).unwrap_or_else(|_| "[]".into())),
        acting_as_processor: Set(c.acting_as_processor),
        processor_aware_at: Set(c.processor_aware_at),
        processor_notified_controller_at: Set(c.processor_notified_controller_at),
        police_delay_requested_at: Set(c.police_delay_requested_at),
        police_delay_until: Set(c.police_delay_until),
        created_at: Set(c.created_at),
        updated_at: Set(c.updated_at),
        version: Set(c.version),
    }
}

pub(crate) fn case_from_model(m: case::Model, controller_ids: Vec<ControllerId>) -> Result<Case, StoreError> {
    Ok(Case {
        id: m.id.into(),
        reference: CaseReference::parse(&m.reference).ok_or_else(|| corrupt("case reference", &m.reference))?,
        title: m.title,
        description: m.description,
        category: parse_enum("category", &m.category, Category::parse)?,
        breach_types: parse_enum_list("breach_types", &m.breach_types, BreachType::parse)?,
        status: parse_enum("status", &m.status, CaseStatus::parse)?,
        not_a_breach_reason: m.not_a_breach_reason,
        occurred_from: m.occurred_from,
        occurred_to: m.occurred_to,
        detected_at: m.detected_at,
        detection_method: m.detection_method,
        aware_at: m.aware_at,
        aware_justification: m.aware_justification,
        contained_at: m.contained_at,
        closed_at: m.closed_at,
        controller_ids,
        affected_systems: serde_json::from_str(&m.affected_systems)
            .map_err(|_| corrupt("affected_systems", &m.affected_systems))?,
        personal_data_categories: parse_enum_list(
            "personal_data_categories",
            &m.personal_data_categories,
            PersonalDataCategory::parse,
        )?,
        data_subject_categories: parse_enum_list(
            "data_subject_categories",
            &m.data_subject_categories,
            DataSubjectCategory::parse,
        )?,
        data_subjects_count: count_from_columns(m.data_subjects_min, m.data_subjects_max),
        records_count: count_from_columns(m.records_min, m.records_max),
        likely_consequences: m.likely_consequences,
        cross_border: m.cross_border,
        processor_involved: m.processor_involved,
        cause: m.cause.as_deref().map(|c| parse_enum("cause", c, Cause::parse)).transpose()?,
        member_states: serde_json::from_str(&m.member_states)
            .map_err(|_| corrupt("member_states", &m.member_states))?,
        acting_as_processor: m.acting_as_processor,
        processor_aware_at: m.processor_aware_at,
        processor_notified_controller_at: m.processor_notified_controller_at,
        police_delay_requested_at: m.police_delay_requested_at,
        police_delay_until: m.police_delay_until,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

pub(crate) fn controller_to_active(c: &Controller, now: chrono::DateTime<chrono::Utc>) -> controller::ActiveModel {
    controller::ActiveModel {
        id: Set(c.id.0),
        name: Set(c.name.clone()),
        organisation_number: Set(c.organisation_number.as_str().to_owned()),
        postal_address: Set(c.postal_address.clone()),
        created_at: Set(now),
    }
}

pub(crate) fn controller_from_model(m: controller::Model) -> Result<Controller, StoreError> {
    Ok(Controller {
        id: m.id.into(),
        organisation_number: OrganisationNumber::parse(&m.organisation_number)
            .map_err(|_| corrupt("organisation_number", &m.organisation_number))?,
        name: m.name,
        postal_address: m.postal_address,
    })
}

pub(crate) fn organisation_from_model(m: organisation::Model) -> Result<Organisation, StoreError> {
    Ok(Organisation {
        id: m.id.into(),
        time_zone: m.time_zone.parse().map_err(|_| corrupt("time_zone", &m.time_zone))?,
        name: m.name,
        dpo_name: m.dpo_name,
        dpo_email: m.dpo_email,
        dpo_phone: m.dpo_phone,
        contact_address: m.contact_address,
        contact_name: m.contact_name,
        contact_email: m.contact_email,
        contact_phone: m.contact_phone,
        security_advice_url: m.security_advice_url,
    })
}

pub(crate) fn entry_to_active(e: &TimelineEntry) -> timeline_entry::ActiveModel {
    timeline_entry::ActiveModel {
        id: Set(e.id.0),
        case_id: Set(e.case_id.0),
        seq: Set(e.seq),
        occurred_at: Set(e.occurred_at),
        recorded_at: Set(e.recorded_at),
        actor: Set(e.actor.clone()),
        kind: Set(e.kind.as_str().to_owned()),
        text: Set(e.text.clone()),
        corrects: Set(e.corrects.map(|c| c.0)),
        event: Set(e.event.clone()),
        data: Set(e.data.clone()),
        global_seq: Set(e.global_seq),
        prev_hash: Set(e.prev_hash.clone()),
        hash: Set(e.hash.clone()),
        imported_from: Set(None),
    }
}

pub(crate) fn entry_from_model(m: timeline_entry::Model) -> Result<TimelineEntry, StoreError> {
    Ok(TimelineEntry {
        id: m.id.into(),
        case_id: m.case_id.into(),
        seq: m.seq,
        occurred_at: m.occurred_at,
        recorded_at: m.recorded_at,
        actor: m.actor,
        kind: parse_enum("kind", &m.kind, EntryKind::parse)?,
        text: m.text,
        corrects: m.corrects.map(Into::into),
        event: m.event,
        data: m.data,
        global_seq: m.global_seq,
        prev_hash: m.prev_hash,
        hash: m.hash,
    })
}

pub(crate) fn action_to_active(a: &Action) -> action::ActiveModel {
    action::ActiveModel {
        id: Set(a.id.0),
        case_id: Set(a.case_id.0),
        title: Set(a.title.clone()),
        category: Set(a.category.as_str().to_owned()),
        owner: Set(a.owner.clone()),
        owner_user_id: Set(a.owner_user_id.map(|u| u.0)),
        status: Set(a.status.as_str().to_owned()),
        due_at: Set(a.due_at),
        done_at: Set(a.done_at),
        created_at: Set(a.created_at),
        updated_at: Set(a.updated_at),
    }
}

pub(crate) fn action_from_model(m: action::Model) -> Result<Action, StoreError> {
    Ok(Action {
        id: m.id.into(),
        case_id: m.case_id.into(),
        title: m.title,
        category: parse_enum("action category", &m.category, ActionCategory::parse)?,
        owner: m.owner,
        owner_user_id: m.owner_user_id.map(Into::into),
        status: parse_enum("action status", &m.status, ActionStatus::parse)?,
        due_at: m.due_at,
        done_at: m.done_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

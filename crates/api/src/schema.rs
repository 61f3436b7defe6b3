//! OpenAPI schemas of the domain's text enums, generated from the enums themselves so the
//! document can never list a value the API does not accept.

use utoipa::openapi::schema::{Array, ArrayBuilder, Object, ObjectBuilder, Type};

fn text_enum(values: impl Iterator<Item = &'static str>) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values.collect::<Vec<_>>())).build()
}

macro_rules! enum_schemas {
    ($($one:ident, $many:ident => $ty:ty;)+) => {
        $(
            #[doc = concat!("Schema of one `", stringify!($ty), "`.")]
            pub fn $one() -> Object {
                text_enum(<$ty>::ALL.iter().map(|v| v.as_str()))
            }
            #[doc = concat!("Schema of an array of `", stringify!($ty), "`.")]
            pub fn $many() -> Array {
                ArrayBuilder::new().items($one()).build()
            }
        )+
    };
}

enum_schemas! {
    category, _categories => domain::Category;
    breach_type, breach_types => domain::BreachType;
    case_status, _case_statuses => domain::CaseStatus;
    personal_data_category, personal_data_categories => domain::case::PersonalDataCategory;
    data_subject_category, data_subject_categories => domain::case::DataSubjectCategory;
    entry_kind, _entry_kinds => domain::EntryKind;
    action_category, _action_categories => domain::ActionCategory;
    action_status, _action_statuses => domain::ActionStatus;
    clock_kind, _clock_kinds => domain::ClockKind;
    clock_state, _clock_states => domain::ClockState;
    conclusion, _conclusions => domain::assessment::Conclusion;
    severity_band, _severity_bands => domain::assessment::SeverityBand;
    decision_kind, _decision_kinds => domain::decision::DecisionKind;
    outcome, _outcomes => domain::decision::Outcome;
    exemption, _exemptions => domain::decision::Exemption;
    recipient, _recipients => domain::filing::Recipient;
    phase, _phases => domain::filing::Phase;
    trigger, _triggers => domain::rules::Trigger;
    cause, _causes => domain::case::Cause;
}

/// The schema of `one` or null: an optional enum field that a response writes as null.
fn or_null(one: Object) -> Object {
    use utoipa::openapi::schema::SchemaType;
    let mut schema = one;
    schema.schema_type = SchemaType::from_iter([Type::String, Type::Null]);
    if let Some(values) = schema.enum_values.as_mut() {
        values.push(serde_json::Value::Null);
    }
    schema
}

/// Schema of an `Exemption` or null (a decision without one).
pub fn exemption_or_null() -> Object {
    or_null(exemption())
}

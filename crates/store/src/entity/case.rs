//! Row of `cases`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub breach_types: String,
    pub status: String,
    pub not_a_breach_reason: Option<String>,
    pub occurred_from: Option<DateTimeUtc>,
    pub occurred_to: Option<DateTimeUtc>,
    pub detected_at: DateTimeUtc,
    pub detection_method: Option<String>,
    pub aware_at: DateTimeUtc,
    pub aware_justification: Option<String>,
    pub contained_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub affected_systems: String,
    pub personal_data_categories: String,
    pub data_subject_categories: String,
    pub data_subjects_min: Option<i64>,
    pub data_subjects_max: Option<i64>,
    pub records_min: Option<i64>,
    pub records_max: Option<i64>,
    pub likely_consequences: Option<String>,
    pub cross_border: bool,
    pub processor_involved: bool,
    pub cause: Option<String>,
    pub member_states: String,
    pub acting_as_processor: bool,
    pub processor_aware_at: Option<DateTimeUtc>,
    pub processor_notified_controller_at: Option<DateTimeUtc>,
    pub police_delay_requested_at: Option<DateTimeUtc>,
    pub police_delay_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

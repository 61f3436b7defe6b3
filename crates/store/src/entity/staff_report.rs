//! Row of `staff_reports`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub reference: String,
    pub reported_at: DateTimeUtc,
    pub reported_by: String,
    pub what_happened: String,
    pub noticed_at: DateTimeUtc,
    pub unit: String,
    pub contact: String,
    pub status: String,
    pub case_id: Option<Uuid>,
    pub dismissed_reason: Option<String>,
    pub handled_by: Option<String>,
    pub handled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

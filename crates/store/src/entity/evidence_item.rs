//! Row of `evidence_items`: one item of evidence as its events make it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub description: String,
    pub kept_at: Option<String>,
    pub filename: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub timeline_entry_id: Option<Uuid>,
    pub filing_id: Option<Uuid>,
    pub added_by: String,
    pub added_at: DateTimeUtc,
    pub withdrawn_reason: Option<String>,
    pub withdrawn_by: Option<String>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub purged_reason: Option<String>,
    pub purged_by: Option<String>,
    pub purged_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

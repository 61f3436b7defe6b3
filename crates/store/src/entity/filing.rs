//! Row of `filings`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "filings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub controller_id: Option<Uuid>,
    pub recipient: String,
    pub phase: String,
    pub due_at: Option<DateTimeUtc>,
    pub submitted_at: DateTimeUtc,
    pub reference: Option<String>,
    pub channel: Option<String>,
    pub delay_reasons: Option<String>,
    pub content_snapshot: String,
    pub pdf_sha256: Option<String>,
    pub recorded_by: String,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! Row of `inquiries`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inquiries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub reference: String,
    pub received_at: DateTimeUtc,
    pub status: String,
    pub extended_at: Option<DateTimeUtc>,
    pub extension_reason: Option<String>,
    pub settled_at: Option<DateTimeUtc>,
    pub answer_channel: Option<String>,
    pub answer_sha256: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

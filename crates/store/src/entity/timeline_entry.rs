//! Row of `timeline_entries`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "timeline_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub seq: i64,
    pub occurred_at: DateTimeUtc,
    pub recorded_at: DateTimeUtc,
    pub actor: String,
    pub kind: String,
    pub text: String,
    pub corrects: Option<Uuid>,
    pub event: String,
    pub data: Option<String>,
    pub global_seq: Option<i64>,
    pub prev_hash: String,
    pub hash: String,
    /// The installation an imported entry was written by; `None` for this installation's own.
    pub imported_from: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

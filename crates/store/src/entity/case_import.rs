//! Row of `case_imports`: how a case came into this installation (an export of another
//! installation, or a row of a breach register), by whom, when, and the head it came with.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_imports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: Uuid,
    pub imported_at: DateTimeUtc,
    pub imported_by: String,
    pub source: String,
    pub source_installation: Option<String>,
    pub source_reference: String,
    pub head_seq: i64,
    pub head_hash: String,
    pub document_sha256: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

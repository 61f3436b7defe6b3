//! Row of `police_details`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "police_details")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: Uuid,
    pub signatory: Option<String>,
    pub technical_details: Option<String>,
    pub attacker_traces: Option<String>,
    pub evidence_custody: Option<String>,
    pub damage: Option<String>,
    pub ransom_demand: Option<String>,
    pub suspects: Option<String>,
    pub money_moved: bool,
    pub updated_by: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

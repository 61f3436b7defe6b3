//! Row of `assessments` (every assessment is kept; the latest is the current one).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "assessments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub dpc: i32,
    pub ei: f64,
    pub cb_confidentiality: f64,
    pub cb_integrity: f64,
    pub cb_availability: f64,
    pub malicious: bool,
    pub conclusion: String,
    pub justification: String,
    pub below_band_reason: Option<String>,
    pub score: f64,
    pub band: String,
    pub assessed_by: String,
    pub assessed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

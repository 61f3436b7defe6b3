//! Row of `case_figures`: what one case contributes to the dashboard (`domain::figures`),
//! derived from its record and written in the transaction of each event that moves it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_figures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: Uuid,
    pub open: bool,
    pub category: String,
    pub aware_month: String,
    pub imy_minutes: Option<i64>,
    pub imy_within_72h: Option<bool>,
    pub next_due_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! Row of `organisations`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub dpo_name: String,
    pub dpo_email: String,
    pub dpo_phone: String,
    pub time_zone: String,
    pub contact_address: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub security_advice_url: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! Row of `imy_delays`: how many IMY notifications came this many minutes after awareness (derived).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "imy_delays")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub minutes: i64,
    pub cases: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

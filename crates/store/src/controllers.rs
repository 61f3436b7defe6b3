//! Controllers (personuppgiftsansvariga).

use chrono::{DateTime, Utc};
use domain::{Controller, ControllerId, ValidationErrors};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::connect::Store;
use crate::convert::{controller_from_model, controller_to_active};
use crate::entity::controller;
use crate::error::StoreError;

impl Store {
    /// Stores a new controller.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn insert_controller(&self, c: &Controller, now: DateTime<Utc>) -> Result<(), StoreError> {
        controller::Entity::insert(controller_to_active(c, now)).exec(&self.db).await?;
        Ok(())
    }

    /// Every controller, by name.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn controllers(&self) -> Result<Vec<Controller>, StoreError> {
        controller::Entity::find()
            .order_by_asc(controller::Column::Name)
            .all(&self.read)
            .await?
            .into_iter()
            .map(controller_from_model)
            .collect()
    }

    /// The controllers with these ids, in the order given.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn controllers_by_id(&self, ids: &[ControllerId]) -> Result<Vec<Controller>, StoreError> {
        let mut found = find_controllers(&self.read, ids).await?;
        found.sort_by_key(|c| ids.iter().position(|id| *id == c.id));
        Ok(found)
    }
}

async fn find_controllers(db: &impl ConnectionTrait, ids: &[ControllerId]) -> Result<Vec<Controller>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    controller::Entity::find()
        .filter(controller::Column::Id.is_in(ids.iter().map(|id| id.0)))
        .all(db)
        .await?
        .into_iter()
        .map(controller_from_model)
        .collect()
}

/// Refuses controller ids that do not exist, naming them on `controller_ids`.
pub(crate) async fn check_controllers_exist(db: &impl ConnectionTrait, ids: &[ControllerId]) -> Result<(), StoreError> {
    let found = find_controllers(db, ids).await?;
    let missing: Vec<String> =
        ids.iter().filter(|id| !found.iter().any(|c| c.id == **id)).map(ToString::to_string).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ValidationErrors::single("controller_ids", format!("unknown controller: {}", missing.join(", "))).into())
    }
}

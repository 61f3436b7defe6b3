//! The rate limit of the public forms, in the database so that it holds across every `serve`
//! process: the posts per client. (Their one-time form keys are the staff pages' own:
//! `used_form_keys`.)
//! A client is stored as a SHA-256 of its address, never the address itself.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::connect::Store;
use crate::entity::public_form_hit;
use crate::error::StoreError;

impl Store {
    /// The instants of the posts a client made since `since`.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn public_form_hits(
        &self,
        client_key: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        Ok(public_form_hit::Entity::find()
            .select_only()
            .column(public_form_hit::Column::At)
            .filter(public_form_hit::Column::ClientKey.eq(client_key))
            .filter(public_form_hit::Column::At.gt(since))
            .into_tuple()
            .all(&self.db)
            .await?)
    }

    /// Counts a post of a client.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn record_public_form_hit(&self, client_key: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        public_form_hit::Entity::insert(public_form_hit::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            client_key: Set(client_key.to_owned()),
            at: Set(now),
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    /// Forgets posts older than `before` (they limit nothing any more).
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn prune_public_forms(&self, before: DateTime<Utc>) -> Result<(), StoreError> {
        public_form_hit::Entity::delete_many().filter(public_form_hit::Column::At.lt(before)).exec(&self.db).await?;
        Ok(())
    }
}

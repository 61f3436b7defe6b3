//! One-time form keys of the staff pages: the first post with a key claims it; a repeated post (double click,
//! reload, back button) finds it claimed and does nothing. Held in the database, so several
//! `serve` processes agree.

use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::connect::Store;
use crate::entity::used_form_key as form_key;
use crate::error::StoreError;

/// How long a used key is remembered: longer than anyone keeps a form open and reposts it.
const KEPT_FOR: Duration = Duration::days(2);

impl Store {
    /// Claims `key` at `now`: `Ok(None)` the first time; when it was used before,
    /// `Ok(Some(location))` with where the first post led (empty while it is still running).
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn claim_form_key(&self, key: &str, now: DateTime<Utc>) -> Result<Option<String>, StoreError> {
        let inserted = form_key::Entity::insert(form_key::ActiveModel {
            key: Set(key.to_owned()),
            used_at: Set(now),
            location: Set(None),
        })
        .on_conflict(OnConflict::column(form_key::Column::Key).do_nothing().to_owned())
        .exec_without_returning(&self.db)
        .await?;
        if inserted == 1 {
            return Ok(None);
        }
        let first = form_key::Entity::find_by_id(key.to_owned()).one(&self.db).await?;
        Ok(Some(first.and_then(|k| k.location).unwrap_or_default()))
    }

    /// Forgets the keys used longer ago than they are kept (by the hourly purge, not on every
    /// post). Returns how many went.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn prune_form_keys(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let gone =
            form_key::Entity::delete_many().filter(form_key::Column::UsedAt.lt(now - KEPT_FOR)).exec(&self.db).await?;
        Ok(gone.rows_affected)
    }

    /// Remembers where the first post with `key` led, for its repeats.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn settle_form_key(&self, key: &str, location: &str) -> Result<(), StoreError> {
        form_key::Entity::update_many()
            .col_expr(form_key::Column::Location, sea_orm::sea_query::Expr::value(location.to_owned()))
            .filter(form_key::Column::Key.eq(key))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

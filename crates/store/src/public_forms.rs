//! The state of the public forms, in the database so that it holds across every `serve`
//! process: the posts per client (the rate limit) and the one-time form keys (double posts).
//! A client is stored as a SHA-256 of its address, never the address itself.

use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::connect::Store;
use crate::entity::{form_key, public_form_hit};
use crate::error::StoreError;

/// What a form key says when a form is posted with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKeyState {
    /// Issued, unused, fresh.
    Fresh,
    /// Used already; the reference of what the first post made.
    Used(Option<String>),
    /// Unknown, for another form, or too old.
    Unknown,
}

/// Marks a form key used, inside the caller's transaction.
pub(crate) async fn claim_form_key_in(
    db: &impl ConnectionTrait,
    key_hash: &str,
    purpose: &str,
    issued_after: DateTime<Utc>,
    result: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let claimed = form_key::Entity::update_many()
        .col_expr(form_key::Column::UsedAt, Expr::value(now))
        .col_expr(form_key::Column::Result, Expr::value(result.to_owned()))
        .filter(form_key::Column::KeyHash.eq(key_hash))
        .filter(form_key::Column::Purpose.eq(purpose))
        .filter(form_key::Column::IssuedAt.gt(issued_after))
        .filter(form_key::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict("the form was sent already, or is too old; reload it".to_owned()))
    }
}

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

    /// Forgets posts and form keys older than `before` (they limit nothing any more).
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn prune_public_forms(&self, before: DateTime<Utc>) -> Result<(), StoreError> {
        public_form_hit::Entity::delete_many().filter(public_form_hit::Column::At.lt(before)).exec(&self.db).await?;
        form_key::Entity::delete_many().filter(form_key::Column::IssuedAt.lt(before)).exec(&self.db).await?;
        Ok(())
    }

    /// Issues a form key (its SHA-256 is stored) for one form.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn issue_form_key(&self, key_hash: &str, purpose: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        form_key::Entity::insert(form_key::ActiveModel {
            key_hash: Set(key_hash.to_owned()),
            purpose: Set(purpose.to_owned()),
            issued_at: Set(now),
            used_at: Set(None),
            result: Set(None),
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    /// Where a form key stands.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn form_key(
        &self,
        key_hash: &str,
        purpose: &str,
        issued_after: DateTime<Utc>,
    ) -> Result<FormKeyState, StoreError> {
        let row = form_key::Entity::find_by_id(key_hash.to_owned()).one(&self.db).await?;
        Ok(match row {
            Some(k) if k.purpose == purpose && k.used_at.is_some() => FormKeyState::Used(k.result),
            Some(k) if k.purpose == purpose && k.issued_at > issued_after => FormKeyState::Fresh,
            _ => FormKeyState::Unknown,
        })
    }
}

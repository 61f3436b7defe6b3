//! The organisation (the one tenant of a deployment).

use chrono::{DateTime, Utc};
use domain::Organisation;
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder};

use crate::connect::Store;
use crate::convert::organisation_from_model;
use crate::entity::organisation;
use crate::error::StoreError;

impl Store {
    /// The organisation, if one has been set up.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn organisation(&self) -> Result<Option<Organisation>, StoreError> {
        organisation::Entity::find()
            .order_by_asc(organisation::Column::CreatedAt)
            .one(&self.read)
            .await?
            .map(organisation_from_model)
            .transpose()
    }

    /// The organisation, created from `default` when there is none yet.
    ///
    /// # Errors
    /// Fails when the database cannot be read or written.
    pub async fn ensure_organisation(
        &self,
        default: &Organisation,
        now: DateTime<Utc>,
    ) -> Result<Organisation, StoreError> {
        if let Some(existing) = self.organisation().await? {
            return Ok(existing);
        }
        self.save_organisation(default, now).await?;
        self.organisation().await?.ok_or(StoreError::NotFound("organisation"))
    }

    /// Inserts or replaces the organisation's settings. A new time zone recounts the
    /// dashboard's months (`Store::rebuild_figures`).
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn save_organisation(&self, org: &Organisation, now: DateTime<Utc>) -> Result<(), StoreError> {
        let zone_before = self.organisation().await?.map_or(domain::organisation::DEFAULT_TIME_ZONE, |o| o.time_zone);
        let exists = organisation::Entity::find_by_id(org.id.0).one(&self.read).await?.is_some();
        let model = organisation::ActiveModel {
            id: Set(org.id.0),
            name: Set(org.name.clone()),
            dpo_name: Set(org.dpo_name.clone()),
            dpo_email: Set(org.dpo_email.clone()),
            dpo_phone: Set(org.dpo_phone.clone()),
            time_zone: Set(org.time_zone.name().to_owned()),
            contact_address: Set(org.contact_address.clone()),
            contact_name: Set(org.contact_name.clone()),
            contact_email: Set(org.contact_email.clone()),
            contact_phone: Set(org.contact_phone.clone()),
            created_at: Set(now),
        };
        if exists {
            let mut model = model;
            model.created_at = sea_orm::ActiveValue::NotSet;
            model.update(&self.db).await?;
        } else {
            model.insert(&self.db).await?;
        }
        if zone_before != org.time_zone {
            self.rebuild_figures(now).await?;
        }
        Ok(())
    }
}

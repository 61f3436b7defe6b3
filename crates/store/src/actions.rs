//! Actions (åtgärder). Every change is written to the timeline in the same transaction.

use chrono::{DateTime, Utc};
use domain::{Action, ActionId, CaseId, EntryKind, NewTimelineEntry};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

use crate::connect::Store;
use crate::convert::{action_from_model, action_to_active};
use crate::entity::action;
use crate::error::StoreError;
use crate::timeline::{append_in, lock_case};

fn action_entry(text: String, now: DateTime<Utc>) -> NewTimelineEntry {
    NewTimelineEntry { occurred_at: Some(now), kind: Some(EntryKind::Note), text: Some(text), corrects: None }
}

impl Store {
    /// Stores a new action and logs it on the case's timeline.
    ///
    /// # Errors
    /// `NotFound` for an unknown case.
    pub async fn insert_action(&self, a: &Action, actor: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        let txn = self.db.begin().await?;
        lock_case(&txn, a.case_id).await?;
        action::Entity::insert(action_to_active(a)).exec_without_returning(&txn).await?;
        append_in(&txn, a.case_id, action_entry(a.change_summary(None), now), actor, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Stores a changed action and logs the change on the case's timeline.
    ///
    /// # Errors
    /// `NotFound` when the action does not belong to the case; `Conflict` when it changed
    /// since `before` was read.
    pub async fn update_action(
        &self,
        before: &Action,
        after: &Action,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let txn = self.db.begin().await?;
        lock_case(&txn, after.case_id).await?;
        // A stale read is refused, not written over: the action must still be as `before`.
        let stored = action::Entity::find_by_id(before.id.0)
            .filter(action::Column::CaseId.eq(before.case_id.0))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound("action"))?;
        if stored.updated_at != before.updated_at {
            return Err(StoreError::Conflict("the action was changed by someone else; reload it".to_owned()));
        }
        let mut model = action_to_active(after);
        model.created_at = sea_orm::ActiveValue::NotSet;
        action::Entity::update(model).exec(&txn).await?;
        append_in(&txn, after.case_id, action_entry(after.change_summary(Some(before)), now), actor, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// One action of a case.
    ///
    /// # Errors
    /// `NotFound` when there is no such action on that case.
    pub async fn action(&self, case_id: CaseId, id: ActionId) -> Result<Action, StoreError> {
        action::Entity::find_by_id(id.0)
            .filter(action::Column::CaseId.eq(case_id.0))
            .one(&self.db)
            .await?
            .map(action_from_model)
            .transpose()?
            .ok_or(StoreError::NotFound("action"))
    }

    /// Every action of every case, grouped by case, oldest first within each (one query, for
    /// the register).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn actions_by_case(&self) -> Result<std::collections::HashMap<CaseId, Vec<Action>>, StoreError> {
        let mut by_case: std::collections::HashMap<CaseId, Vec<Action>> = std::collections::HashMap::new();
        for model in action::Entity::find()
            .order_by_asc(action::Column::CreatedAt)
            .order_by_asc(action::Column::Id)
            .all(&self.db)
            .await?
        {
            let a = action_from_model(model)?;
            by_case.entry(a.case_id).or_default().push(a);
        }
        Ok(by_case)
    }

    /// A case's actions, oldest first.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn actions(&self, case_id: CaseId) -> Result<Vec<Action>, StoreError> {
        action::Entity::find()
            .filter(action::Column::CaseId.eq(case_id.0))
            .order_by_asc(action::Column::CreatedAt)
            .order_by_asc(action::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(action_from_model)
            .collect()
    }
}

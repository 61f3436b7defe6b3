//! Actions (åtgärder). Every change is written to the timeline in the same transaction.

use domain::{Action, ActionId, ActionStatus, CaseId, UserId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::connect::Store;
use crate::convert::action_from_model;
use crate::entity::action;
use crate::error::StoreError;

impl Store {
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

    /// The actions still to be done (planned or in progress) whose owner is `user`, on any
    /// case, the earliest due first and those without a due instant last ("Mina uppgifter").
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn open_actions_of(&self, user: UserId) -> Result<Vec<Action>, StoreError> {
        let open = [ActionStatus::Planned.as_str(), ActionStatus::InProgress.as_str()];
        let mut actions = action::Entity::find()
            .filter(action::Column::OwnerUserId.eq(user.0))
            .filter(action::Column::Status.is_in(open))
            .order_by_asc(action::Column::CreatedAt)
            .order_by_asc(action::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(action_from_model)
            .collect::<Result<Vec<_>, _>>()?;
        // NULLS LAST is written differently on the two databases: sorted here.
        actions.sort_by_key(|a| (a.due_at.is_none(), a.due_at));
        Ok(actions)
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

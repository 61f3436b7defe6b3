//! Actions (åtgärder). Every change is written to the timeline in the same transaction.

use domain::{Action, ActionId, CaseId};
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
            .one(&self.read)
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
            .all(&self.read)
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
            .all(&self.read)
            .await?
            .into_iter()
            .map(action_from_model)
            .collect()
    }
}

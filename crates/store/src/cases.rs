//! Cases: opening with a fresh reference (the opening is the first event of the case's record),
//! reading and listing. Changes are recorded through [`Store::record`].

use chrono::{DateTime, Utc};
use domain::record::CaseEvent;
use domain::{Case, CaseId, CaseReference, ControllerId, NewCase};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait};

use crate::connect::Store;
use crate::convert::{case_from_model, case_to_active};
use crate::entity::{case, case_controller, case_reference_counter};
use crate::error::StoreError;
use crate::record::{append_event_in, controller_ids_of, write_controller_links};

/// One page of cases, newest first.
#[derive(Debug, Clone)]
pub struct CasePage {
    /// The cases on this page.
    pub items: Vec<Case>,
    /// How many cases there are in all.
    pub total: u64,
}

/// The cases of these rows, their controllers read in one query for all of them (not one per
/// case).
pub(crate) async fn with_controllers(
    db: &impl ConnectionTrait,
    models: Vec<case::Model>,
) -> Result<Vec<Case>, StoreError> {
    let links = case_controller::Entity::find()
        .filter(case_controller::Column::CaseId.is_in(models.iter().map(|m| m.id)))
        .order_by_asc(case_controller::Column::Position)
        .all(db)
        .await?;
    models
        .into_iter()
        .map(|model| {
            let controllers =
                links.iter().filter(|l| l.case_id == model.id).map(|l| ControllerId(l.controller_id)).collect();
            case_from_model(model, controllers)
        })
        .collect()
}

/// Hands out the next case number of `year` inside the caller's transaction; rolled back with
/// it, so a refused case leaves no gap.
pub(crate) async fn next_reference(db: &impl ConnectionTrait, year: i32) -> Result<CaseReference, StoreError> {
    case_reference_counter::Entity::insert(case_reference_counter::ActiveModel {
        year: Set(year),
        last_number: Set(0),
    })
    .on_conflict(OnConflict::column(case_reference_counter::Column::Year).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    let updated = case_reference_counter::Entity::update_many()
        .col_expr(
            case_reference_counter::Column::LastNumber,
            Expr::col(case_reference_counter::Column::LastNumber).add(1),
        )
        .filter(case_reference_counter::Column::Year.eq(year))
        .exec_with_returning(db)
        .await?;
    let number = updated.first().map(|m| m.last_number).ok_or(StoreError::NotFound("case reference counter"))?;
    Ok(CaseReference::new(year, number.unsigned_abs()))
}

impl Store {
    /// Validates and opens a case with the next reference of `local_year` (the year now in the
    /// organisation's time zone: a case opened at 00:30 on 1 January is the new year's), and records the
    /// opening on its timeline. Nothing is stored when anything is refused.
    ///
    /// # Errors
    /// `Invalid` naming every bad field (including unknown controllers).
    pub async fn create_case(
        &self,
        new: NewCase,
        actor: &str,
        now: DateTime<Utc>,
        local_year: i32,
    ) -> Result<Case, StoreError> {
        let txn = self.db.begin().await?;
        let reference = next_reference(&txn, local_year).await?;
        let case = new.open(CaseId::new(), reference, now)?;
        case::Entity::insert(case_to_active(&case)).exec_without_returning(&txn).await?;
        write_controller_links(&txn, &case).await?;
        append_event_in(&txn, case.id, &CaseEvent::Opened { case: Box::new(case.clone()) }, actor, now).await?;
        crate::figures::refresh_in(&txn, case.id, now).await?;
        self.commit(txn).await?;
        Ok(case)
    }

    /// One case.
    ///
    /// # Errors
    /// `NotFound` when there is no such case.
    pub async fn case(&self, id: CaseId) -> Result<Case, StoreError> {
        let model = case::Entity::find_by_id(id.0).one(&self.read).await?.ok_or(StoreError::NotFound("case"))?;
        let controllers = controller_ids_of(&self.read, model.id).await?;
        case_from_model(model, controllers)
    }

    /// A page of cases, newest first. `page` counts from 0.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn cases(&self, page: u64, per_page: u64) -> Result<CasePage, StoreError> {
        self.search_cases(&crate::search::CaseQuery::default(), page, per_page).await
    }

    /// Every case, newest first (for the dashboard and the register).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn all_cases(&self) -> Result<Vec<Case>, StoreError> {
        let total = case::Entity::find().count(&self.read).await?;
        Ok(self.cases(0, std::cmp::max(total, 1)).await?.items)
    }
}

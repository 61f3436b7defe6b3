//! Finding cases: a text search over the reference, the title and the description, with filters
//! on status, controller, category and a span of awareness, one page at a time. The database
//! does the filtering and the counting, so a page costs what it shows.

use chrono::{DateTime, Utc};
use domain::{CaseStatus, Category, ControllerId};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::cases::{CasePage, with_controllers};
use crate::connect::Store;
use crate::entity::{case, case_controller};
use crate::error::StoreError;

/// What to look for. Every part is optional; the parts given must all hold.
#[derive(Debug, Clone, Default)]
pub struct CaseQuery {
    /// Words that must occur (each, in any order) in the reference, title or description,
    /// whatever their case.
    pub text: Option<String>,
    /// Only cases with this status.
    pub status: Option<CaseStatus>,
    /// Only cases of this controller.
    pub controller: Option<ControllerId>,
    /// Only cases of this category.
    pub category: Option<Category>,
    /// Only cases the organisation became aware of at or after this instant…
    pub aware_from: Option<DateTime<Utc>>,
    /// …and before this one.
    pub aware_before: Option<DateTime<Utc>>,
}

/// `%word%` with the wildcards of the word itself escaped, lower-cased like the column.
fn contains(word: &str) -> LikeExpr {
    let escaped: String = word
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

fn lower(column: case::Column) -> SimpleExpr {
    Func::lower(Expr::col(column)).into()
}

impl CaseQuery {
    fn condition(&self) -> Condition {
        let mut all = Condition::all();
        for word in self.text.iter().flat_map(|t| t.split_whitespace()) {
            all = all.add(
                Condition::any()
                    .add(lower(case::Column::Reference).like(contains(word)))
                    .add(lower(case::Column::Title).like(contains(word)))
                    .add(lower(case::Column::Description).like(contains(word))),
            );
        }
        if let Some(status) = self.status {
            all = all.add(case::Column::Status.eq(status.as_str()));
        }
        if let Some(category) = self.category {
            all = all.add(case::Column::Category.eq(category.as_str()));
        }
        if let Some(controller) = self.controller {
            all = all.add(
                case::Column::Id.in_subquery(
                    Query::select()
                        .column(case_controller::Column::CaseId)
                        .from(case_controller::Entity)
                        .and_where(case_controller::Column::ControllerId.eq(controller.0))
                        .to_owned(),
                ),
            );
        }
        if let Some(from) = self.aware_from {
            all = all.add(case::Column::AwareAt.gte(from));
        }
        if let Some(before) = self.aware_before {
            all = all.add(case::Column::AwareAt.lt(before));
        }
        all
    }
}

impl Store {
    /// One page (from 0) of the cases that match `query`, newest first, and how many match.
    ///
    /// Lower-casing is the database's: PostgreSQL folds every letter, SQLite only A–Z (so on
    /// SQLite "Ö" and "ö" are different letters to the search).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn search_cases(&self, query: &CaseQuery, page: u64, per_page: u64) -> Result<CasePage, StoreError> {
        let condition = query.condition();
        let total = case::Entity::find().filter(condition.clone()).count(&self.read).await?;
        let models = case::Entity::find()
            .filter(condition)
            .order_by_desc(case::Column::CreatedAt)
            .order_by_desc(case::Column::Id)
            .offset(page.saturating_mul(per_page))
            .limit(per_page)
            .all(&self.read)
            .await?;
        let items = with_controllers(&self.read, models).await?;
        Ok(CasePage { items, total })
    }
}

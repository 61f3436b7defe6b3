//! Reading cases by what a request shows, not by the size of the database: the case files of
//! some cases or of the open ones (a query per table, grouped by case in one pass), and the
//! dashboard's figures kept as derived state (`case_figures`, `pending_clocks`,
//! `figure_totals`, `imy_delays`; see migration 15). Each event that moves a case's figures
//! (`domain::figures::moves_figures`) rewrites its row and adjusts the totals in the event's
//! own transaction; [`Store::rebuild_figures`] recomputes everything from the record, and
//! `verify` compares the rows with a replay.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::assessment::Assessment;
use domain::decision::Decision;
use domain::figures::CaseFigures;
use domain::filing::Filing;
use domain::rules::{CaseFile, DeadlineRule};
use domain::{Case, CaseId, CaseStatus, Category, ClockKind, ControllerId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use crate::connect::Store;
use crate::convert::{case_from_model, organisation_from_model, parse_enum};
use crate::entity::{
    action, assessment, case, case_controller, case_figure, deadline_rule, decision, figure_total, filing, imy_delay,
    organisation, pending_clock,
};
use crate::error::StoreError;

/// A case with what the law looks at: its current assessment, every decision and filing.
#[derive(Debug, Clone)]
pub struct StoredCaseFile {
    /// The case.
    pub case: Case,
    /// Its current assessment.
    pub assessment: Option<Assessment>,
    /// Every decision, all revisions, oldest first.
    pub decisions: Vec<Decision>,
    /// Every filing, in submission order.
    pub filings: Vec<Filing>,
}

impl StoredCaseFile {
    /// The case file the domain rules read.
    pub fn file(&self) -> CaseFile<'_> {
        CaseFile {
            case: &self.case,
            assessment: self.assessment.as_ref(),
            decisions: &self.decisions,
            filings: &self.filings,
        }
    }
}

/// The sums of one month and category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureTotal {
    /// `YYYY-MM` in the organisation's time zone.
    pub month: String,
    /// The category.
    pub category: Category,
    /// Cases aware of in that month.
    pub cases: u64,
    /// Of those, notified to IMY.
    pub imy_notified: u64,
    /// Of those, notified within the Art. 33(1) clock.
    pub imy_within_72_hours: u64,
}

/// The dashboard's figures over every case, read from the totals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DashboardFigures {
    /// How many cases are open.
    pub open_cases: u64,
    /// Per month and category, oldest month first.
    pub totals: Vec<FigureTotal>,
    /// How many IMY notifications took each number of minutes.
    pub imy_delays: Vec<(i64, u64)>,
}

/// The open cases of one controller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControllerLoad {
    /// The controller.
    pub controller_id: ControllerId,
    /// Its open cases.
    pub open_cases: u64,
    /// Pending clocks of those cases due before now.
    pub overdue_clocks: u64,
    /// The soonest due instant among their pending clocks.
    pub next_due_at: Option<DateTime<Utc>>,
}

/// Which cases to read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Selection<'a> {
    /// These cases.
    Ids(&'a [Uuid]),
    /// Every open case.
    Open,
}

fn open_statuses() -> Vec<&'static str> {
    CaseStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.as_str()).collect()
}

impl Selection<'_> {
    /// The condition on a table's case-id column.
    fn on(self, column: impl ColumnTrait) -> SimpleExpr {
        match self {
            Selection::Ids(ids) => column.is_in(ids.iter().copied()),
            Selection::Open => column.in_subquery(
                Query::select()
                    .column(case::Column::Id)
                    .from(case::Entity)
                    .and_where(case::Column::Status.is_in(open_statuses()))
                    .to_owned(),
            ),
        }
    }
}

fn group<T>(rows: impl IntoIterator<Item = (Uuid, T)>) -> HashMap<Uuid, Vec<T>> {
    let mut by_case: HashMap<Uuid, Vec<T>> = HashMap::new();
    for (case_id, row) in rows {
        by_case.entry(case_id).or_default().push(row);
    }
    by_case
}

/// The case files of the selected cases, newest first: one query per table, grouped by case
/// in one pass.
pub(crate) async fn case_files_in(
    db: &impl ConnectionTrait,
    selection: Selection<'_>,
) -> Result<Vec<StoredCaseFile>, StoreError> {
    let cases = case::Entity::find()
        .filter(match selection {
            Selection::Ids(ids) => case::Column::Id.is_in(ids.iter().copied()),
            Selection::Open => case::Column::Status.is_in(open_statuses()),
        })
        .order_by_desc(case::Column::CreatedAt)
        .order_by_desc(case::Column::Id)
        .all(db)
        .await?;
    let mut links = group(
        case_controller::Entity::find()
            .filter(selection.on(case_controller::Column::CaseId))
            .order_by_asc(case_controller::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|l| (l.case_id, ControllerId(l.controller_id))),
    );
    // Oldest first: the last one of a case is its current assessment.
    let mut assessments: HashMap<Uuid, Assessment> = HashMap::new();
    for model in assessment::Entity::find()
        .filter(selection.on(assessment::Column::CaseId))
        .order_by_asc(assessment::Column::AssessedAt)
        .order_by_asc(assessment::Column::Id)
        .all(db)
        .await?
    {
        assessments.insert(model.case_id, crate::assessments::from_model(model)?);
    }
    let mut decisions = group(
        decision::Entity::find()
            .filter(selection.on(decision::Column::CaseId))
            .order_by_asc(decision::Column::DecidedAt)
            .order_by_asc(decision::Column::Revision)
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.case_id, m)),
    );
    let mut filings = group(
        filing::Entity::find()
            .filter(selection.on(filing::Column::CaseId))
            .order_by_asc(filing::Column::SubmittedAt)
            .order_by_asc(filing::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.case_id, m)),
    );
    cases
        .into_iter()
        .map(|model| {
            let id = model.id;
            Ok(StoredCaseFile {
                case: case_from_model(model, links.remove(&id).unwrap_or_default())?,
                assessment: assessments.remove(&id),
                decisions: decisions
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(crate::decisions::from_model)
                    .collect::<Result<_, _>>()?,
                filings: filings
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(crate::filings::from_model)
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect()
}

/// What the figures are computed under: every deadline rule and the organisation's time zone.
pub(crate) async fn context_in(db: &impl ConnectionTrait) -> Result<(Vec<DeadlineRule>, Tz), StoreError> {
    let rules = deadline_rule::Entity::find()
        .order_by_asc(deadline_rule::Column::InForceFrom)
        .all(db)
        .await?
        .into_iter()
        .map(crate::rules::from_model)
        .collect::<Result<Vec<_>, _>>()?;
    let tz = organisation::Entity::find()
        .order_by_asc(organisation::Column::CreatedAt)
        .one(db)
        .await?
        .map(organisation_from_model)
        .transpose()?
        .map_or(domain::organisation::DEFAULT_TIME_ZONE, |o| o.time_zone);
    Ok((rules, tz))
}

/// What a case adds to the totals.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Contribution {
    month: String,
    category: String,
    imy_minutes: Option<i64>,
    within: Option<bool>,
}

impl Contribution {
    fn of(f: &CaseFigures) -> Self {
        Self {
            month: f.aware_month.clone(),
            category: f.category.as_str().to_owned(),
            imy_minutes: f.imy_minutes,
            within: f.imy_within_72_hours,
        }
    }

    fn of_row(m: &case_figure::Model) -> Self {
        Self {
            month: m.aware_month.clone(),
            category: m.category.clone(),
            imy_minutes: m.imy_minutes,
            within: m.imy_within_72h,
        }
    }
}

/// Adds `sign` times a contribution to the totals (an upsert that adds, so it is correct
/// under concurrent writers on PostgreSQL; they are serialised by the events head anyway).
async fn add_to_totals(db: &impl ConnectionTrait, c: &Contribution, sign: i64) -> Result<(), StoreError> {
    figure_total::Entity::insert(figure_total::ActiveModel {
        month: Set(c.month.clone()),
        category: Set(c.category.clone()),
        cases: Set(sign),
        imy_notified: Set(sign * i64::from(c.imy_minutes.is_some())),
        imy_within_72h: Set(sign * i64::from(c.within == Some(true))),
    })
    .on_conflict(
        OnConflict::columns([figure_total::Column::Month, figure_total::Column::Category])
            .value(figure_total::Column::Cases, Expr::cust("figure_totals.cases + excluded.cases"))
            .value(figure_total::Column::ImyNotified, Expr::cust("figure_totals.imy_notified + excluded.imy_notified"))
            .value(
                figure_total::Column::ImyWithin72h,
                Expr::cust("figure_totals.imy_within_72h + excluded.imy_within_72h"),
            )
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if let Some(minutes) = c.imy_minutes {
        imy_delay::Entity::insert(imy_delay::ActiveModel { minutes: Set(minutes), cases: Set(sign) })
            .on_conflict(
                OnConflict::column(imy_delay::Column::Minutes)
                    .value(imy_delay::Column::Cases, Expr::cust("imy_delays.cases + excluded.cases"))
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    if sign < 0 {
        figure_total::Entity::delete_many()
            .filter(figure_total::Column::Month.eq(c.month.clone()))
            .filter(figure_total::Column::Category.eq(c.category.clone()))
            .filter(figure_total::Column::Cases.eq(0))
            .exec(db)
            .await?;
        if let Some(minutes) = c.imy_minutes {
            imy_delay::Entity::delete_many()
                .filter(imy_delay::Column::Minutes.eq(minutes))
                .filter(imy_delay::Column::Cases.eq(0))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

fn row_of(case_id: Uuid, f: &CaseFigures) -> case_figure::ActiveModel {
    case_figure::ActiveModel {
        case_id: Set(case_id),
        open: Set(f.open),
        category: Set(f.category.as_str().to_owned()),
        aware_month: Set(f.aware_month.clone()),
        imy_minutes: Set(f.imy_minutes),
        imy_within_72h: Set(f.imy_within_72_hours),
        next_due_at: Set(f.next_due_at()),
    }
}

fn pending_rows(case_id: Uuid, f: &CaseFigures) -> impl Iterator<Item = pending_clock::ActiveModel> + '_ {
    f.pending.iter().map(move |(clock, due)| pending_clock::ActiveModel {
        case_id: Set(case_id),
        clock: Set(clock.as_str().to_owned()),
        due_at: Set(*due),
    })
}

/// Recomputes one case's figures inside the caller's transaction and writes them, adjusting
/// the totals by the difference.
pub(crate) async fn refresh_in(
    db: &impl ConnectionTrait,
    case_id: CaseId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let (rules, tz) = context_in(db).await?;
    let Some(stored) = case_files_in(db, Selection::Ids(&[case_id.0])).await?.pop() else {
        return Err(StoreError::NotFound("case"));
    };
    let figures = CaseFigures::of(&stored.file(), &rules, tz, now);
    let old = case_figure::Entity::find_by_id(case_id.0).one(db).await?;
    let new_share = Contribution::of(&figures);
    let old_share = old.as_ref().map(Contribution::of_row);
    if old_share.as_ref() != Some(&new_share) {
        if let Some(old_share) = &old_share {
            add_to_totals(db, old_share, -1).await?;
        }
        add_to_totals(db, &new_share, 1).await?;
    }
    case_figure::Entity::insert(row_of(case_id.0, &figures))
        .on_conflict(
            OnConflict::column(case_figure::Column::CaseId)
                .update_columns([
                    case_figure::Column::Open,
                    case_figure::Column::Category,
                    case_figure::Column::AwareMonth,
                    case_figure::Column::ImyMinutes,
                    case_figure::Column::ImyWithin72h,
                    case_figure::Column::NextDueAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    pending_clock::Entity::delete_many().filter(pending_clock::Column::CaseId.eq(case_id.0)).exec(db).await?;
    if !figures.pending.is_empty() {
        pending_clock::Entity::insert_many(pending_rows(case_id.0, &figures)).exec_without_returning(db).await?;
    }
    Ok(())
}

/// How many cases a rebuild reads at a time.
const REBUILD_BATCH: u64 = 500;

impl Store {
    /// The case files of these cases, newest first.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn case_files(&self, ids: &[CaseId]) -> Result<Vec<StoredCaseFile>, StoreError> {
        let ids: Vec<Uuid> = ids.iter().map(|id| id.0).collect();
        case_files_in(&self.read, Selection::Ids(&ids)).await
    }

    /// The case files of every open case, newest first (the reminder round).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn open_case_files(&self) -> Result<Vec<StoredCaseFile>, StoreError> {
        case_files_in(&self.read, Selection::Open).await
    }

    /// Up to `limit` case files newest first (by creation, then id), after the case `after`
    /// in that order: a cursor that stays right while cases are added.
    ///
    /// # Errors
    /// `NotFound` when `after` is not a case; fails when the database cannot be read.
    pub async fn case_files_page(&self, after: Option<CaseId>, limit: u64) -> Result<Vec<StoredCaseFile>, StoreError> {
        let mut page = case::Entity::find()
            .select_only()
            .column(case::Column::Id)
            .order_by_desc(case::Column::CreatedAt)
            .order_by_desc(case::Column::Id);
        if let Some(after) = after {
            let created_at: DateTime<Utc> = case::Entity::find_by_id(after.0)
                .select_only()
                .column(case::Column::CreatedAt)
                .into_tuple()
                .one(&self.read)
                .await?
                .ok_or(StoreError::NotFound("case"))?;
            page = page.filter(
                case::Column::CreatedAt
                    .lt(created_at)
                    .or(case::Column::CreatedAt.eq(created_at).and(case::Column::Id.lt(after.0))),
            );
        }
        let ids: Vec<Uuid> = page.limit(limit).into_tuple().all(&self.read).await?;
        case_files_in(&self.read, Selection::Ids(&ids)).await
    }

    /// The actions of these cases, oldest first within each.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn actions_of_cases(&self, ids: &[CaseId]) -> Result<HashMap<CaseId, Vec<domain::Action>>, StoreError> {
        let mut by_case: HashMap<CaseId, Vec<domain::Action>> = HashMap::new();
        for model in action::Entity::find()
            .filter(action::Column::CaseId.is_in(ids.iter().map(|id| id.0)))
            .order_by_asc(action::Column::CreatedAt)
            .order_by_asc(action::Column::Id)
            .all(&self.read)
            .await?
        {
            let a = crate::convert::action_from_model(model)?;
            by_case.entry(a.case_id).or_default().push(a);
        }
        Ok(by_case)
    }

    /// Whether some case has no figures (a database from before they were kept).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn figures_missing(&self) -> Result<bool, StoreError> {
        let cases = case::Entity::find().count(&self.read).await?;
        let figures = case_figure::Entity::find().count(&self.read).await?;
        Ok(cases != figures)
    }

    /// Recomputes these cases' figures from their records in one transaction, adjusting the
    /// totals by the difference (for cases written behind the store's back, such as the
    /// benchmark's seed).
    ///
    /// # Errors
    /// `NotFound` for an unknown case; fails when the database cannot be read or written.
    pub async fn refresh_figures(&self, ids: &[CaseId], now: DateTime<Utc>) -> Result<(), StoreError> {
        let txn = self.db.begin().await?;
        for id in ids {
            refresh_in(&txn, *id, now).await?;
        }
        self.commit(txn).await
    }

    /// Recomputes every case's figures from the record, in one transaction: after the
    /// migration that added them, after the organisation's time zone changed (months are
    /// counted in it), or by hand. Returns how many cases were counted.
    ///
    /// # Errors
    /// Fails when the database cannot be read or written.
    pub async fn rebuild_figures(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let txn = self.db.begin().await?;
        pending_clock::Entity::delete_many().exec(&txn).await?;
        case_figure::Entity::delete_many().exec(&txn).await?;
        figure_total::Entity::delete_many().exec(&txn).await?;
        imy_delay::Entity::delete_many().exec(&txn).await?;
        let (rules, tz) = context_in(&txn).await?;
        let mut tally = Tally::default();
        let mut counted = 0;
        let mut after: Option<Uuid> = None;
        loop {
            let mut page = case::Entity::find().select_only().column(case::Column::Id).order_by_asc(case::Column::Id);
            if let Some(after) = after {
                page = page.filter(case::Column::Id.gt(after));
            }
            let ids: Vec<Uuid> = page.limit(REBUILD_BATCH).into_tuple().all(&txn).await?;
            let Some(last) = ids.last() else { break };
            after = Some(*last);
            let files = case_files_in(&txn, Selection::Ids(&ids)).await?;
            let mut rows = Vec::with_capacity(files.len());
            let mut pending = Vec::new();
            for stored in &files {
                let figures = CaseFigures::of(&stored.file(), &rules, tz, now);
                tally.add(&Contribution::of(&figures));
                rows.push(row_of(stored.case.id.0, &figures));
                pending.extend(pending_rows(stored.case.id.0, &figures));
            }
            counted += files.len() as u64;
            case_figure::Entity::insert_many(rows).exec_without_returning(&txn).await?;
            for chunk in pending.chunks(REBUILD_BATCH as usize) {
                pending_clock::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
            }
        }
        let totals: Vec<_> = tally
            .totals
            .into_iter()
            .map(|((month, category), [cases, notified, within])| figure_total::ActiveModel {
                month: Set(month),
                category: Set(category),
                cases: Set(cases),
                imy_notified: Set(notified),
                imy_within_72h: Set(within),
            })
            .collect();
        for chunk in totals.chunks(REBUILD_BATCH as usize) {
            figure_total::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
        }
        let delays: Vec<_> = tally
            .delays
            .into_iter()
            .map(|(minutes, cases)| imy_delay::ActiveModel { minutes: Set(minutes), cases: Set(cases) })
            .collect();
        for chunk in delays.chunks(REBUILD_BATCH as usize) {
            imy_delay::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
        }
        self.commit(txn).await?;
        Ok(counted)
    }

    /// The dashboard's figures: how many cases are open, the totals per month and category,
    /// the IMY delays. Reads the totals, never the cases.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn dashboard_figures(&self) -> Result<DashboardFigures, StoreError> {
        let open_cases =
            case_figure::Entity::find().filter(case_figure::Column::Open.eq(true)).count(&self.read).await?;
        let totals = figure_total::Entity::find()
            .filter(figure_total::Column::Cases.gt(0))
            .order_by_asc(figure_total::Column::Month)
            .order_by_asc(figure_total::Column::Category)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| {
                Ok(FigureTotal {
                    category: parse_enum("category", &m.category, Category::parse)?,
                    month: m.month,
                    cases: m.cases.unsigned_abs(),
                    imy_notified: m.imy_notified.unsigned_abs(),
                    imy_within_72_hours: m.imy_within_72h.unsigned_abs(),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let imy_delays = imy_delay::Entity::find()
            .filter(imy_delay::Column::Cases.gt(0))
            .order_by_asc(imy_delay::Column::Minutes)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| (m.minutes, m.cases.unsigned_abs()))
            .collect();
        Ok(DashboardFigures { open_cases, totals, imy_delays })
    }

    /// The `limit` most urgent open cases: by the due instant of their next pending clock
    /// (overdue ones are the earliest), then those without a pending clock. Reads the index,
    /// never the closed cases.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn most_urgent_open_cases(&self, limit: u64) -> Result<Vec<CaseId>, StoreError> {
        let mut ids: Vec<Uuid> = case_figure::Entity::find()
            .select_only()
            .column(case_figure::Column::CaseId)
            .filter(case_figure::Column::Open.eq(true))
            .filter(case_figure::Column::NextDueAt.is_not_null())
            .order_by_asc(case_figure::Column::NextDueAt)
            .order_by_asc(case_figure::Column::CaseId)
            .limit(limit)
            .into_tuple()
            .all(&self.read)
            .await?;
        let rest = limit.saturating_sub(ids.len() as u64);
        if rest > 0 {
            ids.extend(
                case_figure::Entity::find()
                    .select_only()
                    .column(case_figure::Column::CaseId)
                    .filter(case_figure::Column::Open.eq(true))
                    .filter(case_figure::Column::NextDueAt.is_null())
                    .order_by_asc(case_figure::Column::CaseId)
                    .limit(rest)
                    .into_tuple::<Uuid>()
                    .all(&self.read)
                    .await?,
            );
        }
        Ok(ids.into_iter().map(CaseId).collect())
    }

    /// Pending clocks of open cases due in `from..=to`, soonest first, at most `limit`.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn clocks_due_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<(CaseId, ClockKind, DateTime<Utc>)>, StoreError> {
        pending_clock::Entity::find()
            .filter(pending_clock::Column::DueAt.gte(from))
            .filter(pending_clock::Column::DueAt.lte(to))
            .order_by_asc(pending_clock::Column::DueAt)
            .order_by_asc(pending_clock::Column::CaseId)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| Ok((CaseId(m.case_id), parse_enum("clock", &m.clock, ClockKind::parse)?, m.due_at)))
            .collect()
    }

    /// Every controller with open cases: how many, how many of their clocks are overdue at
    /// `now`, and the soonest due instant. Counted by the database over the open cases only.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn open_cases_per_controller(&self, now: DateTime<Utc>) -> Result<Vec<ControllerLoad>, StoreError> {
        let link = |c: case_controller::Column| Expr::col((case_controller::Entity, c));
        let open = Query::select()
            .expr_as(link(case_controller::Column::ControllerId), "controller_id")
            .expr_as(Expr::col((case_figure::Entity, case_figure::Column::CaseId)).count(), "open_cases")
            .expr_as(Expr::col((case_figure::Entity, case_figure::Column::NextDueAt)).min(), "next_due_at")
            .from(case_controller::Entity)
            .inner_join(
                case_figure::Entity,
                Expr::col((case_figure::Entity, case_figure::Column::CaseId))
                    .equals((case_controller::Entity, case_controller::Column::CaseId)),
            )
            .and_where(Expr::col((case_figure::Entity, case_figure::Column::Open)).eq(true))
            .group_by_col((case_controller::Entity, case_controller::Column::ControllerId))
            .to_owned();
        let overdue = Query::select()
            .expr_as(link(case_controller::Column::ControllerId), "controller_id")
            .expr_as(Expr::col((pending_clock::Entity, pending_clock::Column::CaseId)).count(), "overdue")
            .from(case_controller::Entity)
            .inner_join(
                pending_clock::Entity,
                Expr::col((pending_clock::Entity, pending_clock::Column::CaseId))
                    .equals((case_controller::Entity, case_controller::Column::CaseId)),
            )
            .and_where(Expr::col((pending_clock::Entity, pending_clock::Column::DueAt)).lt(now))
            .group_by_col((case_controller::Entity, case_controller::Column::ControllerId))
            .to_owned();
        let mut overdue_by: HashMap<Uuid, i64> = HashMap::new();
        for row in self.read.query_all(&overdue).await? {
            overdue_by.insert(row.try_get("", "controller_id")?, row.try_get("", "overdue")?);
        }
        let mut loads = Vec::new();
        for row in self.read.query_all(&open).await? {
            let id: Uuid = row.try_get("", "controller_id")?;
            let open_cases: i64 = row.try_get("", "open_cases")?;
            loads.push(ControllerLoad {
                controller_id: ControllerId(id),
                open_cases: open_cases.unsigned_abs(),
                overdue_clocks: overdue_by.get(&id).copied().unwrap_or_default().unsigned_abs(),
                next_due_at: row.try_get("", "next_due_at")?,
            });
        }
        loads.sort_by_key(|l| l.controller_id.0);
        Ok(loads)
    }
}

/// The totals that the figures of every case add up to, as `verify` counts them.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    totals: BTreeMap<(String, String), [i64; 3]>,
    delays: BTreeMap<i64, i64>,
}

impl Tally {
    fn add(&mut self, share: &Contribution) {
        let sums = self.totals.entry((share.month.clone(), share.category.clone())).or_default();
        sums[0] += 1;
        sums[1] += i64::from(share.imy_minutes.is_some());
        sums[2] += i64::from(share.within == Some(true));
        if let Some(minutes) = share.imy_minutes {
            *self.delays.entry(minutes).or_default() += 1;
        }
    }
}

/// Compares one case's stored figures with `figures` (what its replayed record makes of
/// them), adds them to `tally`, and says what differs.
pub(crate) async fn case_difference_in(
    db: &impl ConnectionTrait,
    case_id: CaseId,
    figures: &CaseFigures,
    tally: &mut Tally,
) -> Result<Option<&'static str>, StoreError> {
    let share = Contribution::of(figures);
    tally.add(&share);
    let row = case_figure::Entity::find_by_id(case_id.0).one(db).await?;
    let row_matches = row.as_ref().is_some_and(|row| {
        Contribution::of_row(row) == share && row.open == figures.open && row.next_due_at == figures.next_due_at()
    });
    if !row_matches {
        return Ok(Some("its dashboard figures (case_figures) do not follow from its record"));
    }
    let mut held: Vec<(String, DateTime<Utc>)> = pending_clock::Entity::find()
        .filter(pending_clock::Column::CaseId.eq(case_id.0))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.clock, m.due_at))
        .collect();
    held.sort();
    let mut want: Vec<(String, DateTime<Utc>)> =
        figures.pending.iter().map(|(c, d)| (c.as_str().to_owned(), *d)).collect();
    want.sort();
    Ok((held != want).then_some("its pending clocks (pending_clocks) do not follow from its record"))
}

/// Compares the stored totals with what the cases add up to.
pub(crate) async fn totals_differences_in(
    db: &impl ConnectionTrait,
    tally: &Tally,
) -> Result<Vec<&'static str>, StoreError> {
    let mut found = Vec::new();
    let held_totals: BTreeMap<(String, String), [i64; 3]> = figure_total::Entity::find()
        .filter(figure_total::Column::Cases.ne(0))
        .all(db)
        .await?
        .into_iter()
        .map(|m| ((m.month, m.category), [m.cases, m.imy_notified, m.imy_within_72h]))
        .collect();
    if held_totals != tally.totals {
        found.push("the dashboard's totals (figure_totals) are not the sums of the cases");
    }
    let held_delays: BTreeMap<i64, i64> = imy_delay::Entity::find()
        .filter(imy_delay::Column::Cases.ne(0))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.minutes, m.cases))
        .collect();
    if held_delays != tally.delays {
        found.push("the dashboard's IMY delays (imy_delays) are not those of the cases");
    }
    Ok(found)
}

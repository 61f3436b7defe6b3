//! Cases that come from elsewhere: read what a case export holds, and write an imported case
//! in one transaction — its chain exactly as the other installation wrote it (marked
//! `imported_from`, outside this installation's global sequence), the state its events replay
//! to, its head, the record of the import, and an audit event that anchors the imported head in
//! this installation's audit chain.

use chrono::{DateTime, Utc};
use domain::case_export::ImportRecord;
use domain::record::CaseState;
use domain::{CaseId, Controller, TimelineEntry};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

use crate::connect::Store;
use crate::convert::{action_to_active, case_to_active, controller_to_active, entry_to_active};
use crate::entity::{
    action, assessment, case, case_import, case_reference_counter, chain_head, controller, decision, draft_export,
    filing, installation, police_details, timeline_entry,
};
use crate::error::StoreError;
use crate::record::{case_head, write_controller_links};

/// How an import is recorded.
#[derive(Debug, Clone)]
pub struct NewImport {
    /// Who imports (a user id of this installation).
    pub imported_by: String,
    /// `export` or `register`.
    pub source: &'static str,
    /// The installation the case comes from (for an export).
    pub source_installation: Option<String>,
    /// The case's reference there, or the register file and line.
    pub source_reference: String,
    /// SHA-256 of the document or the register file.
    pub document_sha256: String,
}

fn import_from_model(m: case_import::Model) -> ImportRecord {
    ImportRecord {
        imported_at: m.imported_at,
        imported_by: m.imported_by,
        source: m.source,
        source_installation: m.source_installation,
        source_reference: m.source_reference,
        head_seq: m.head_seq,
        head_hash: m.head_hash,
        document_sha256: m.document_sha256,
    }
}

impl Store {
    /// This installation's id (made on first use and kept).
    ///
    /// # Errors
    /// Fails when the database cannot be read or written.
    pub async fn installation_id(&self) -> Result<String, StoreError> {
        if let Some(row) = installation::Entity::find().order_by_asc(installation::Column::Id).one(&self.db).await? {
            return Ok(row.id);
        }
        installation::Entity::insert(installation::ActiveModel { id: Set(uuid::Uuid::new_v4().to_string()) })
            .exec_without_returning(&self.db)
            .await?;
        // Two processes may both insert: the first by id is the one everyone reads.
        let row = installation::Entity::find().order_by_asc(installation::Column::Id).one(&self.db).await?;
        row.map(|r| r.id).ok_or(StoreError::NotFound("installation"))
    }

    /// The id of the case with this reference.
    ///
    /// # Errors
    /// `NotFound` when there is none.
    pub async fn case_id_by_reference(&self, reference: &str) -> Result<CaseId, StoreError> {
        case::Entity::find()
            .filter(case::Column::Reference.eq(reference))
            .one(&self.db)
            .await?
            .map(|m| CaseId(m.id))
            .ok_or(StoreError::NotFound("case"))
    }

    /// How a case came into this installation, if it was imported.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn case_import(&self, case_id: CaseId) -> Result<Option<ImportRecord>, StoreError> {
        Ok(case_import::Entity::find_by_id(case_id.0).one(&self.db).await?.map(import_from_model))
    }

    /// Writes an imported case: `entries` exactly as given (already checked against their
    /// chain), the state they replay to, the case's head and the import record, with an audit
    /// event, in one transaction. `from_installation` marks the entries as written elsewhere
    /// (`None` for a case made here from a register row, whose entries are this installation's
    /// own and take places in its global sequence).
    ///
    /// # Errors
    /// `Conflict` when a case with this id or reference exists; fails when the database does.
    pub async fn import_case(
        &self,
        entries: &[TimelineEntry],
        state: &CaseState,
        controllers: &[Controller],
        import: NewImport,
        now: DateTime<Utc>,
    ) -> Result<ImportRecord, StoreError> {
        let case = state.case.as_ref().ok_or(StoreError::NotFound("case"))?;
        let head = entries.last().ok_or(StoreError::NotFound("timeline entry"))?;
        let txn = self.db.begin().await?;
        let clash = case::Entity::find()
            .filter(case::Column::Id.eq(case.id.0).or(case::Column::Reference.eq(case.reference.as_str())))
            .one(&txn)
            .await?;
        if let Some(clash) = clash {
            return Err(StoreError::Conflict(format!(
                "a case {} exists here already (id {}); it is not imported twice",
                clash.reference, clash.id
            )));
        }
        for c in controllers {
            if controller::Entity::find_by_id(c.id.0).one(&txn).await?.is_none() {
                controller::Entity::insert(controller_to_active(c, now)).exec_without_returning(&txn).await?;
            }
        }
        case::Entity::insert(case_to_active(case)).exec_without_returning(&txn).await?;
        write_controller_links(&txn, case).await?;
        for a in &state.actions {
            action::Entity::insert(action_to_active(a)).exec_without_returning(&txn).await?;
        }
        for a in &state.assessments {
            assessment::Entity::insert(crate::assessments::to_active(a)).exec_without_returning(&txn).await?;
        }
        for d in &state.decisions {
            decision::Entity::insert(crate::decisions::to_active(d)).exec_without_returning(&txn).await?;
        }
        for f in &state.filings {
            filing::Entity::insert(crate::filings::to_active(f)).exec_without_returning(&txn).await?;
        }
        if let Some(p) = &state.police {
            police_details::Entity::insert(crate::police::to_active(p)).exec_without_returning(&txn).await?;
        }
        for e in &state.exports {
            draft_export::Entity::insert(crate::exports::to_active(e)).exec_without_returning(&txn).await?;
        }
        for entry in entries {
            let mut row = entry_to_active(entry);
            row.imported_from = Set(import.source_installation.clone());
            timeline_entry::Entity::insert(row).exec_without_returning(&txn).await?;
        }
        chain_head::Entity::insert(chain_head::ActiveModel {
            chain: Set(case_head(case.id)),
            seq: Set(head.seq),
            hash: Set(head.hash.clone()),
        })
        .exec_without_returning(&txn)
        .await?;
        reserve_reference(&txn, case.reference.as_str()).await?;
        // The dashboard counts an imported case like one opened here.
        crate::figures::refresh_in(&txn, case.id, now).await?;
        let record = record_import_in(&txn, case.id, head, &import, now).await?;
        self.commit(txn).await?;
        Ok(record)
    }

    /// Opens a closed case from a row of a breach register, with the next reference of `year`:
    /// `make` builds the case for that reference; its opening is this installation's own event,
    /// and the import is recorded beside it. Nothing is stored when anything is refused.
    ///
    /// # Errors
    /// `Invalid` when `make` refuses; fails when the database does.
    pub async fn create_register_case(
        &self,
        year: i32,
        make: impl FnOnce(domain::CaseReference) -> Result<domain::Case, domain::ValidationErrors>,
        import: NewImport,
        now: DateTime<Utc>,
    ) -> Result<domain::Case, StoreError> {
        let txn = self.db.begin().await?;
        let reference = crate::cases::next_reference(&txn, year).await?;
        let case = make(reference)?;
        case::Entity::insert(case_to_active(&case)).exec_without_returning(&txn).await?;
        let opened = domain::record::CaseEvent::Opened { case: Box::new(case.clone()) };
        let head = crate::record::append_event_in(&txn, case.id, &opened, &import.imported_by, now).await?;
        crate::figures::refresh_in(&txn, case.id, now).await?;
        record_import_in(&txn, case.id, &head, &import, now).await?;
        self.commit(txn).await?;
        Ok(case)
    }
}

/// Records an import and anchors its head in the audit chain, inside the caller's transaction.
async fn record_import_in(
    txn: &impl sea_orm::ConnectionTrait,
    case_id: CaseId,
    head: &TimelineEntry,
    import: &NewImport,
    now: DateTime<Utc>,
) -> Result<ImportRecord, StoreError> {
    let record = case_import::ActiveModel {
        case_id: Set(case_id.0),
        imported_at: Set(domain::time::normalise(now)),
        imported_by: Set(import.imported_by.clone()),
        source: Set(import.source.to_owned()),
        source_installation: Set(import.source_installation.clone()),
        source_reference: Set(import.source_reference.clone()),
        head_seq: Set(head.seq),
        head_hash: Set(head.hash.clone()),
        document_sha256: Set(import.document_sha256.clone()),
    };
    case_import::Entity::insert(record).exec_without_returning(txn).await?;
    let audit = domain::NewAuditEvent::new(import.imported_by.clone(), domain::AuditAction::CaseImported)
        .with("case_id", case_id.0)
        .with("source", import.source)
        .with("source_installation", import.source_installation.as_deref().unwrap_or("-"))
        .with("head_seq", head.seq)
        .with("head_hash", &head.hash)
        .with("document_sha256", &import.document_sha256);
    crate::audit::append_audit_in(txn, audit, now).await?;
    Ok(ImportRecord {
        imported_at: domain::time::normalise(now),
        imported_by: import.imported_by.clone(),
        source: import.source.to_owned(),
        source_installation: import.source_installation.clone(),
        source_reference: import.source_reference.clone(),
        head_seq: head.seq,
        head_hash: head.hash.clone(),
        document_sha256: import.document_sha256.clone(),
    })
}

/// Moves the reference counter of the reference's year past it, so that the next case opened
/// here does not take the imported one's reference.
async fn reserve_reference(db: &impl sea_orm::ConnectionTrait, reference: &str) -> Result<(), StoreError> {
    let mut parts = reference.trim_start_matches("PUI-").splitn(2, '-');
    let (Some(Ok(year)), Some(Ok(number))) = (parts.next().map(str::parse::<i32>), parts.next().map(str::parse::<i32>))
    else {
        return Ok(());
    };
    case_reference_counter::Entity::insert(case_reference_counter::ActiveModel {
        year: Set(year),
        last_number: Set(0),
    })
    .on_conflict(OnConflict::column(case_reference_counter::Column::Year).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    case_reference_counter::Entity::update_many()
        .col_expr(case_reference_counter::Column::LastNumber, Expr::value(number))
        .filter(case_reference_counter::Column::Year.eq(year))
        .filter(case_reference_counter::Column::LastNumber.lt(number))
        .exec(db)
        .await?;
    Ok(())
}

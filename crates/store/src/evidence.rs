//! Evidence files in the database: the bytes in chunks of [`EVIDENCE_CHUNK_BYTES`], written
//! while an upload streams in (hashed on the way) and read back one chunk at a time, so a
//! large file is never whole in memory; the items and their downloads as their events make
//! them. The same on SQLite and PostgreSQL, and so in every backup.
//!
//! The chunks are written before the item's event, each in its own short statement: an upload
//! of 50 MB over a slow link must not hold a write transaction (on SQLite, the only writer)
//! for its whole length. An upload that fails or is refused deletes its chunks; chunks left by
//! a process that died mid-upload have no item and are swept by
//! [`Store::sweep_abandoned_uploads`].
//!
//! With a directory store configured (`BREACHDESK_EVIDENCE_DIR`, [`Store::with_evidence_dir`]),
//! new uploads' bytes go to one file per item in that directory instead (for very large files
//! that should not sit in the database): written as `<id>.partial`, synced, then renamed to
//! `<id>`, hashed on the way in the same way. Reads, `verify`'s re-hash and the purge look in the
//! database first and then in the directory, so items stored before the directory was configured
//! stay where they are. The directory is not in the database's backups: back it up beside them
//! (docs/evidence.md).

use chrono::{DateTime, Utc};
use domain::evidence::{EvidenceDownload, EvidenceItem, Retraction, StoredBytes};
use domain::{CaseId, EvidenceId, TimelineEntryId};
use futures::Stream;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use sha2::{Digest, Sha256};
use std::path::Path;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::connect::Store;
use crate::entity::{evidence_chunk, evidence_download, evidence_item};
use crate::error::StoreError;

/// The size of one stored chunk: small enough that a download holds little in memory, large
/// enough that a 50 MB file is 200 rows.
pub const EVIDENCE_CHUNK_BYTES: usize = 256 * 1024;

/// Why an upload stopped.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The file is larger than the limit; what was written is deleted.
    #[error("the file is larger than {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An upload in progress: bytes are hashed, counted and written in chunks as they come.
#[derive(Debug)]
pub struct EvidenceUpload {
    store: Store,
    id: EvidenceId,
    limit: u64,
    buffer: Vec<u8>,
    next_seq: i32,
    /// The open file when the bytes go to the directory store.
    file: Option<(tokio::fs::File, std::path::PathBuf)>,
    hasher: Sha256,
    size: u64,
    started_at: DateTime<Utc>,
}

impl EvidenceUpload {
    /// The id the bytes are stored under (the item's id once it is added).
    pub fn id(&self) -> EvidenceId {
        self.id
    }

    /// Takes the next bytes of the file.
    ///
    /// # Errors
    /// `TooLarge` once the file passes the limit (what was written is then deleted, and the
    /// upload must not be used again); `Store` when the database fails.
    pub async fn write(&mut self, mut bytes: &[u8]) -> Result<(), UploadError> {
        self.size += bytes.len() as u64;
        if self.size > self.limit {
            self.delete_written().await?;
            return Err(UploadError::TooLarge { limit: self.limit });
        }
        self.hasher.update(bytes);
        if let Some((file, _)) = &mut self.file {
            file.write_all(bytes).await.map_err(|e| StoreError::Io(format!("evidence directory: {e}")))?;
            return Ok(());
        }
        while !bytes.is_empty() {
            let room = EVIDENCE_CHUNK_BYTES - self.buffer.len();
            let (now, later) = bytes.split_at(room.min(bytes.len()));
            self.buffer.extend_from_slice(now);
            bytes = later;
            if self.buffer.len() == EVIDENCE_CHUNK_BYTES {
                self.flush().await?;
            }
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), StoreError> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::replace(&mut self.buffer, Vec::with_capacity(EVIDENCE_CHUNK_BYTES));
        evidence_chunk::Entity::insert(evidence_chunk::ActiveModel {
            evidence_id: Set(self.id.0),
            seq: Set(self.next_seq),
            bytes: Set(bytes),
            written_at: Set(self.started_at),
        })
        .exec_without_returning(&self.store.db)
        .await?;
        self.next_seq += 1;
        Ok(())
    }

    /// Writes what is left and returns the SHA-256 and size of everything written.
    ///
    /// # Errors
    /// When the database fails (what was written is then deleted, as far as the database
    /// lets it).
    pub async fn finish(mut self) -> Result<StoredBytes, StoreError> {
        let written = match self.file.take() {
            Some((file, partial)) => settle_file(file, &partial, &self.store.evidence_path(self.id)).await,
            None => self.flush().await,
        };
        if let Err(e) = written {
            let _ = self.delete_written().await;
            return Err(e);
        }
        Ok(StoredBytes { id: self.id, sha256: hex::encode(self.hasher.finalize()), size: self.size })
    }

    /// Deletes what was written (the upload failed or was refused).
    ///
    /// # Errors
    /// When the database fails; the chunks are then swept later.
    pub async fn discard(mut self) -> Result<(), StoreError> {
        self.delete_written().await
    }

    /// Deletes what was written so far, wherever it went.
    async fn delete_written(&mut self) -> Result<(), StoreError> {
        if let Some((file, partial)) = self.file.take() {
            drop(file);
            remove_if_present(&partial).await?;
        }
        self.store.delete_chunks(self.id).await
    }
}

/// Makes a finished upload's file durable under its final name: synced, renamed from
/// `<id>.partial`, and the directory synced, so an acknowledged item's bytes survive a crash.
async fn settle_file(mut file: tokio::fs::File, partial: &Path, done: &Path) -> Result<(), StoreError> {
    let io = |e: std::io::Error| StoreError::Io(format!("evidence directory: {e}"));
    file.flush().await.map_err(io)?;
    file.sync_all().await.map_err(io)?;
    drop(file);
    tokio::fs::rename(partial, done).await.map_err(io)?;
    if let Some(dir) = done.parent() {
        tokio::fs::File::open(dir).await.map_err(io)?.sync_all().await.map_err(io)?;
    }
    Ok(())
}

async fn remove_if_present(path: &Path) -> Result<(), StoreError> {
    match tokio::fs::remove_file(path).await {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::Io(format!("evidence directory: {e}"))),
    }
}

pub(crate) fn to_active(item: &EvidenceItem) -> evidence_item::ActiveModel {
    let part = |r: &Option<Retraction>| {
        (
            r.as_ref().map(|r| r.reason.clone()),
            r.as_ref().map(|r| r.by.clone()),
            r.as_ref().map(|r| domain::time::normalise(r.at)),
        )
    };
    let (withdrawn_reason, withdrawn_by, withdrawn_at) = part(&item.withdrawn);
    let (purged_reason, purged_by, purged_at) = part(&item.purged);
    evidence_item::ActiveModel {
        id: Set(item.id.0),
        case_id: Set(item.case_id.0),
        description: Set(item.description.clone()),
        kept_at: Set(item.kept_at.clone()),
        filename: Set(item.filename.clone()),
        media_type: Set(item.media_type.clone()),
        size: Set(i64::try_from(item.size).unwrap_or(i64::MAX)),
        sha256: Set(item.sha256.clone()),
        timeline_entry_id: Set(item.timeline_entry_id.map(|e| e.0)),
        filing_id: Set(item.filing_id),
        added_by: Set(item.added_by.clone()),
        added_at: Set(domain::time::normalise(item.added_at)),
        withdrawn_reason: Set(withdrawn_reason),
        withdrawn_by: Set(withdrawn_by),
        withdrawn_at: Set(withdrawn_at),
        purged_reason: Set(purged_reason),
        purged_by: Set(purged_by),
        purged_at: Set(purged_at),
    }
}

fn from_model(m: evidence_item::Model) -> Result<EvidenceItem, StoreError> {
    let part =
        |reason: Option<String>, by: Option<String>, at: Option<DateTime<Utc>>, what: &str| match (reason, by, at) {
            (Some(reason), Some(by), Some(at)) => Ok(Some(Retraction { reason, by, at })),
            (None, None, None) => Ok(None),
            _ => Err(StoreError::Corrupt(format!("evidence item {} has a partial {what}", m.id))),
        };
    Ok(EvidenceItem {
        withdrawn: part(m.withdrawn_reason.clone(), m.withdrawn_by.clone(), m.withdrawn_at, "withdrawal")?,
        purged: part(m.purged_reason.clone(), m.purged_by.clone(), m.purged_at, "purge")?,
        id: EvidenceId(m.id),
        case_id: CaseId(m.case_id),
        description: m.description,
        kept_at: m.kept_at,
        filename: m.filename,
        media_type: m.media_type,
        size: u64::try_from(m.size)
            .map_err(|_| StoreError::Corrupt(format!("evidence item {} has a negative size", m.id)))?,
        sha256: m.sha256,
        timeline_entry_id: m.timeline_entry_id.map(TimelineEntryId),
        filing_id: m.filing_id,
        added_by: m.added_by,
        added_at: m.added_at,
    })
}

pub(crate) fn download_to_active(d: &EvidenceDownload) -> evidence_download::ActiveModel {
    evidence_download::ActiveModel {
        id: Set(d.id),
        evidence_id: Set(d.evidence_id.0),
        case_id: Set(d.case_id.0),
        downloaded_by: Set(d.downloaded_by.clone()),
        downloaded_at: Set(domain::time::normalise(d.downloaded_at)),
    }
}

fn download_from_model(m: evidence_download::Model) -> EvidenceDownload {
    EvidenceDownload {
        id: m.id,
        evidence_id: EvidenceId(m.evidence_id),
        case_id: CaseId(m.case_id),
        downloaded_by: m.downloaded_by,
        downloaded_at: m.downloaded_at,
    }
}

/// Writes the withdrawal or purge columns of an item, inside the caller's transaction.
pub(crate) async fn retract_in(
    db: &impl ConnectionTrait,
    id: EvidenceId,
    withdrawal: Option<&Retraction>,
    purge: Option<&Retraction>,
) -> Result<(), StoreError> {
    let held = evidence_item::Entity::find_by_id(id.0).one(db).await?.ok_or(StoreError::NotFound("evidence"))?;
    let mut item = from_model(held)?;
    if let Some(w) = withdrawal {
        item.withdrawn = Some(w.clone());
    }
    if let Some(p) = purge {
        item.purged = Some(p.clone());
        // The bytes go in the same transaction that records their purge.
        evidence_chunk::Entity::delete_many().filter(evidence_chunk::Column::EvidenceId.eq(id.0)).exec(db).await?;
    }
    evidence_item::Entity::update(to_active(&item)).exec(db).await?;
    Ok(())
}

impl Store {
    /// Starts an upload of at most `limit` bytes, its chunks stamped `now`.
    ///
    /// # Errors
    /// With a directory store, when the file cannot be created there.
    pub async fn evidence_upload(&self, limit: u64, now: DateTime<Utc>) -> Result<EvidenceUpload, StoreError> {
        let id = EvidenceId::new();
        let file = match &self.evidence_dir {
            Some(dir) => {
                let partial = dir.join(format!("{}.partial", id.0));
                let file = tokio::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&partial)
                    .await
                    .map_err(|e| StoreError::Io(format!("evidence directory {}: {e}", dir.display())))?;
                Some((file, partial))
            }
            None => None,
        };
        Ok(EvidenceUpload {
            store: self.clone(),
            id,
            limit,
            buffer: if file.is_some() { Vec::new() } else { Vec::with_capacity(EVIDENCE_CHUNK_BYTES) },
            next_seq: 0,
            file,
            hasher: Sha256::new(),
            size: 0,
            started_at: domain::time::normalise(now),
        })
    }

    /// Keeps new uploads' bytes as files in `dir` (BREACHDESK_EVIDENCE_DIR) instead of in the
    /// database; the directory must exist and be writable.
    #[must_use]
    pub fn with_evidence_dir(mut self, dir: std::path::PathBuf) -> Self {
        self.evidence_dir = Some(std::sync::Arc::new(dir));
        self
    }

    /// The directory store, if one is configured.
    pub fn evidence_dir(&self) -> Option<&Path> {
        self.evidence_dir.as_deref().map(std::path::PathBuf::as_path)
    }

    /// Where an item's bytes are in the directory store (when one is configured).
    fn evidence_path(&self, id: EvidenceId) -> std::path::PathBuf {
        self.evidence_dir.as_deref().map_or_else(std::path::PathBuf::new, |dir| dir.join(id.0.to_string()))
    }

    /// The item's file in the directory store, if one is configured and the file is there.
    async fn evidence_file(&self, id: EvidenceId) -> Result<Option<tokio::fs::File>, StoreError> {
        if self.evidence_dir.is_none() {
            return Ok(None);
        }
        match tokio::fs::File::open(self.evidence_path(id)).await {
            Ok(file) => Ok(Some(file)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::Io(format!("evidence directory: {e}"))),
        }
    }

    /// Deletes an item's file from the directory store after its purge was committed.
    ///
    /// # Errors
    /// When the file cannot be removed.
    pub async fn remove_evidence_file(&self, id: EvidenceId) -> Result<(), StoreError> {
        if self.evidence_dir.is_none() {
            return Ok(());
        }
        remove_if_present(&self.evidence_path(id)).await
    }

    /// Deletes the bytes of an upload whose item was refused (never of an item: those go only
    /// in a recorded purge).
    ///
    /// # Errors
    /// `Conflict` when an item holds these bytes; fails when the database fails.
    pub async fn discard_evidence_bytes(&self, id: EvidenceId) -> Result<(), StoreError> {
        if evidence_item::Entity::find_by_id(id.0).one(&self.db).await?.is_some() {
            return Err(StoreError::Conflict(format!("evidence item {id} holds these bytes")));
        }
        self.remove_evidence_file(id).await?;
        self.delete_chunks(id).await
    }

    async fn delete_chunks(&self, id: EvidenceId) -> Result<(), StoreError> {
        evidence_chunk::Entity::delete_many()
            .filter(evidence_chunk::Column::EvidenceId.eq(id.0))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Deletes the chunks of uploads that never became an item and were started before
    /// `before` (a process that died mid-upload). Returns how many chunks went.
    ///
    /// # Errors
    /// Fails when the database fails.
    pub async fn sweep_abandoned_uploads(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let items = evidence_item::Entity::find().select_only().column(evidence_item::Column::Id);
        let result = evidence_chunk::Entity::delete_many()
            .filter(evidence_chunk::Column::WrittenAt.lt(before))
            .filter(evidence_chunk::Column::EvidenceId.not_in_subquery(sea_orm::QueryTrait::into_query(items)))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected + self.sweep_abandoned_files(before).await?)
    }

    /// Deletes `.partial` files of the directory store last written before `before`.
    async fn sweep_abandoned_files(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let Some(dir) = self.evidence_dir.as_deref() else { return Ok(0) };
        let io = |e: std::io::Error| StoreError::Io(format!("evidence directory {}: {e}", dir.display()));
        let mut swept = 0;
        let mut entries = tokio::fs::read_dir(dir).await.map_err(io)?;
        while let Some(entry) = entries.next_entry().await.map_err(io)? {
            let abandoned = entry.file_name().to_str().is_some_and(|n| n.ends_with(".partial"))
                && entry.metadata().await.map_err(io)?.modified().map_err(io)? < std::time::SystemTime::from(before);
            if abandoned {
                remove_if_present(&entry.path()).await?;
                swept += 1;
            }
        }
        Ok(swept)
    }

    /// How many chunks are stored under `id` (an item's bytes, or an upload's so far).
    ///
    /// # Errors
    /// Fails when the database fails.
    pub async fn evidence_chunk_count(&self, id: EvidenceId) -> Result<u64, StoreError> {
        Ok(evidence_chunk::Entity::find().filter(evidence_chunk::Column::EvidenceId.eq(id.0)).count(&self.db).await?)
    }

    /// How many chunks are stored in all (tests: a refused upload leaves none).
    ///
    /// # Errors
    /// Fails when the database fails.
    pub async fn all_evidence_chunks(&self) -> Result<u64, StoreError> {
        Ok(evidence_chunk::Entity::find().count(&self.db).await?)
    }

    /// Every item of evidence of a case, in the order added.
    ///
    /// # Errors
    /// Fails when the database fails or a row does not read back.
    pub async fn evidence_items(&self, case_id: CaseId) -> Result<Vec<EvidenceItem>, StoreError> {
        evidence_item::Entity::find()
            .filter(evidence_item::Column::CaseId.eq(case_id.0))
            .order_by_asc(evidence_item::Column::AddedAt)
            .order_by_asc(evidence_item::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_model)
            .collect()
    }

    /// One item of evidence.
    ///
    /// # Errors
    /// `NotFound("evidence")` for an unknown id; fails when the database fails.
    pub async fn evidence_item(&self, id: EvidenceId) -> Result<EvidenceItem, StoreError> {
        from_model(
            evidence_item::Entity::find_by_id(id.0).one(&self.db).await?.ok_or(StoreError::NotFound("evidence"))?,
        )
    }

    /// Every download of an item, oldest first.
    ///
    /// # Errors
    /// Fails when the database fails.
    pub async fn evidence_downloads(&self, id: EvidenceId) -> Result<Vec<EvidenceDownload>, StoreError> {
        Ok(evidence_download::Entity::find()
            .filter(evidence_download::Column::EvidenceId.eq(id.0))
            .order_by_asc(evidence_download::Column::DownloadedAt)
            .order_by_asc(evidence_download::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(download_from_model)
            .collect())
    }

    /// Every download of every item of a case, oldest first.
    pub(crate) async fn evidence_downloads_of_case(
        &self,
        case_id: CaseId,
    ) -> Result<Vec<EvidenceDownload>, StoreError> {
        Ok(evidence_download::Entity::find()
            .filter(evidence_download::Column::CaseId.eq(case_id.0))
            .order_by_asc(evidence_download::Column::DownloadedAt)
            .order_by_asc(evidence_download::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(download_from_model)
            .collect())
    }

    /// One chunk of an item's bytes (`None` past the last).
    async fn evidence_chunk(&self, id: EvidenceId, seq: i32) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(evidence_chunk::Entity::find_by_id((id.0, seq)).one(&self.db).await?.map(|c| c.bytes))
    }

    /// An item's bytes, one chunk at a time, read as the consumer asks for them: from the
    /// database's chunks, or else from the directory store's file.
    pub fn evidence_content(&self, id: EvidenceId) -> impl Stream<Item = Result<Vec<u8>, StoreError>> + Send + 'static {
        let store = self.clone();
        futures::stream::try_unfold(Source::Start, move |source| {
            let store = store.clone();
            async move { store.next_piece(id, source).await }
        })
    }

    /// The piece after `source` of an item's bytes, and where the next is.
    async fn next_piece(&self, id: EvidenceId, source: Source) -> Result<Option<(Vec<u8>, Source)>, StoreError> {
        match source {
            Source::Start => match self.evidence_chunk(id, 0).await? {
                Some(bytes) => Ok(Some((bytes, Source::Chunk(1)))),
                None => match self.evidence_file(id).await? {
                    Some(file) => read_piece(file).await,
                    None => Ok(None),
                },
            },
            Source::Chunk(seq) => Ok(self.evidence_chunk(id, seq).await?.map(|bytes| (bytes, Source::Chunk(seq + 1)))),
            Source::File(file) => read_piece(file).await,
        }
    }

    /// SHA-256 and size of the bytes stored under `id`, read chunk by chunk; `None` when
    /// nothing is stored. A gap in the chunks' numbering counts as a change.
    pub(crate) async fn rehash_evidence(&self, id: EvidenceId) -> Result<Option<(String, u64)>, StoreError> {
        let mut hasher = Sha256::new();
        let (mut size, mut seq) = (0_u64, 0_i32);
        while let Some(bytes) = self.evidence_chunk(id, seq).await? {
            hasher.update(&bytes);
            size += bytes.len() as u64;
            seq += 1;
        }
        if seq == 0 {
            let Some(mut file) = self.evidence_file(id).await? else { return Ok(None) };
            let mut piece = vec![0_u8; EVIDENCE_CHUNK_BYTES];
            loop {
                let n = file.read(&mut piece).await.map_err(|e| StoreError::Io(format!("evidence directory: {e}")))?;
                if n == 0 {
                    return Ok(Some((hex::encode(hasher.finalize()), size)));
                }
                hasher.update(&piece[..n]);
                size += n as u64;
            }
        }
        let total = self.evidence_chunk_count(id).await?;
        if total != u64::try_from(seq).unwrap_or(u64::MAX) {
            // Chunks beyond a gap: hash them in too, so the sum cannot match.
            hasher.update(b"gap");
        }
        Ok(Some((hex::encode(hasher.finalize()), size)))
    }
}

/// Where the next piece of an item's bytes comes from.
enum Source {
    /// Nothing read yet: the database's first chunk, or else the directory store's file.
    Start,
    /// The database's chunk with this number.
    Chunk(i32),
    /// The rest of the directory store's file.
    File(tokio::fs::File),
}

/// Reads up to one chunk's worth of a file; `None` at its end.
async fn read_piece(mut file: tokio::fs::File) -> Result<Option<(Vec<u8>, Source)>, StoreError> {
    let mut piece = vec![0_u8; EVIDENCE_CHUNK_BYTES];
    let n = file.read(&mut piece).await.map_err(|e| StoreError::Io(format!("evidence directory: {e}")))?;
    if n == 0 {
        return Ok(None);
    }
    piece.truncate(n);
    Ok(Some((piece, Source::File(file))))
}

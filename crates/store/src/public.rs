//! The public side of a case: its notice and revisions, the residents' inquiries (the record's
//! part in `inquiries`, the person's own data apart in `inquiry_personal`, purgeable), and the
//! purge itself.

use chrono::{DateTime, Utc};
use domain::inquiry::{Inquiry, InquiryPersonal, InquiryStatus};
use domain::notice::{Notice, NoticeContent, NoticeRevision};
use domain::record::{CaseEvent, CaseState};
use domain::{AuditAction, CaseId, InquiryId, NewAuditEvent};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};

use crate::connect::Store;
use crate::convert::parse_enum;
use crate::entity::{inquiry, inquiry_personal, notice, notice_revision};
use crate::error::StoreError;

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

fn json(value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(corrupt)
}

pub(crate) async fn notice_in(db: &impl ConnectionTrait, case_id: CaseId) -> Result<Option<Notice>, StoreError> {
    let Some(row) = notice::Entity::find_by_id(case_id.0).one(db).await? else { return Ok(None) };
    let revisions = notice_revision::Entity::find()
        .filter(notice_revision::Column::CaseId.eq(case_id.0))
        .order_by_asc(notice_revision::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            Ok(NoticeRevision {
                number: r.number,
                published_at: r.published_at,
                published_by: r.published_by,
                content: serde_json::from_str(&r.content).map_err(corrupt)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Some(Notice {
        draft: serde_json::from_str::<NoticeContent>(&row.draft).map_err(corrupt)?,
        draft_saved_at: row.draft_saved_at,
        published: row.published,
        revisions,
    }))
}

pub(crate) fn inquiry_from_model(m: inquiry::Model) -> Result<Inquiry, StoreError> {
    Ok(Inquiry {
        id: InquiryId(m.id),
        reference: m.reference,
        received_at: m.received_at,
        status: parse_enum("inquiry status", &m.status, InquiryStatus::parse)?,
        extended_at: m.extended_at,
        extension_reason: m.extension_reason,
        settled_at: m.settled_at,
        answer_channel: m.answer_channel,
        answer_sha256: m.answer_sha256,
    })
}

fn inquiry_to_active(case_id: CaseId, i: &Inquiry) -> inquiry::ActiveModel {
    inquiry::ActiveModel {
        id: Set(i.id.0),
        case_id: Set(case_id.0),
        reference: Set(i.reference.clone()),
        received_at: Set(i.received_at),
        status: Set(i.status.as_str().to_owned()),
        extended_at: Set(i.extended_at),
        extension_reason: Set(i.extension_reason.clone()),
        settled_at: Set(i.settled_at),
        answer_channel: Set(i.answer_channel.clone()),
        answer_sha256: Set(i.answer_sha256.clone()),
    }
}

async fn inquiries_in(db: &impl ConnectionTrait, case_id: CaseId) -> Result<Vec<Inquiry>, StoreError> {
    inquiry::Entity::find()
        .filter(inquiry::Column::CaseId.eq(case_id.0))
        .order_by_asc(inquiry::Column::ReceivedAt)
        .order_by_asc(inquiry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(inquiry_from_model)
        .collect()
}

/// Writes the state a notice or inquiry event makes: the rows are read, the event applied with
/// [`CaseState::apply`] (the fold `verify` replays with) and the result written back.
pub(crate) async fn write_public_state_in(
    db: &impl ConnectionTrait,
    case_id: CaseId,
    event: &CaseEvent,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut state = CaseState { notice: notice_in(db, case_id).await?, ..CaseState::default() };
    if let CaseEvent::InquiryExtended { inquiry_id: id, .. }
    | CaseEvent::InquiryAnswered { inquiry_id: id, .. }
    | CaseEvent::InquirySettled { inquiry_id: id, .. } = event
    {
        let row = inquiry::Entity::find_by_id(id.0)
            .filter(inquiry::Column::CaseId.eq(case_id.0))
            .one(db)
            .await?
            .ok_or(StoreError::NotFound("inquiry"))?;
        state.inquiries.push(inquiry_from_model(row)?);
    }
    state.apply(event, domain::time::normalise(now)).map_err(|e| StoreError::Conflict(e.to_string()))?;
    match event {
        CaseEvent::NoticeDrafted { .. } | CaseEvent::NoticeUnpublished | CaseEvent::NoticePublished { .. } => {
            let notice = state.notice.ok_or(StoreError::NotFound("notice"))?;
            if let CaseEvent::NoticePublished { revision } = event {
                notice_revision::Entity::insert(notice_revision::ActiveModel {
                    id: Set(uuid::Uuid::now_v7()),
                    case_id: Set(case_id.0),
                    number: Set(revision.number),
                    published_at: Set(revision.published_at),
                    published_by: Set(revision.published_by.clone()),
                    content: Set(json(&revision.content)?),
                })
                .exec_without_returning(db)
                .await?;
            }
            notice::Entity::insert(notice::ActiveModel {
                case_id: Set(case_id.0),
                draft: Set(json(&notice.draft)?),
                draft_saved_at: Set(notice.draft_saved_at),
                published: Set(notice.published),
                public_slug: Set(notice.public_slug().map(ToOwned::to_owned)),
            })
            .on_conflict(
                OnConflict::column(notice::Column::CaseId)
                    .update_columns([
                        notice::Column::Draft,
                        notice::Column::DraftSavedAt,
                        notice::Column::Published,
                        notice::Column::PublicSlug,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        }
        CaseEvent::InquiryReceived { inquiry } => {
            inquiry::Entity::insert(inquiry_to_active(case_id, inquiry)).exec_without_returning(db).await?;
        }
        _ => {
            for i in &state.inquiries {
                inquiry::Entity::update(inquiry_to_active(case_id, i)).exec(db).await?;
            }
        }
    }
    Ok(())
}

/// What of the inquirer's own data a recorded event brings with it, written in the same
/// transaction but outside the hash-chained event.
#[derive(Debug, Clone)]
pub enum PersonalWrite {
    /// Nothing.
    None,
    /// A new inquiry's personal data.
    Received {
        /// The inquiry.
        inquiry_id: InquiryId,
        /// The person's data (boxed: by far the largest variant).
        personal: Box<InquiryPersonal>,
    },
    /// The answer's text.
    Answer {
        /// The inquiry.
        inquiry_id: InquiryId,
        /// The text.
        text: String,
    },
}

pub(crate) async fn write_personal_in(db: &impl ConnectionTrait, write: PersonalWrite) -> Result<(), StoreError> {
    match write {
        PersonalWrite::None => {}
        PersonalWrite::Received { inquiry_id, personal } => {
            let p = *personal;
            inquiry_personal::Entity::insert(inquiry_personal::ActiveModel {
                inquiry_id: Set(inquiry_id.0),
                name: Set(p.name),
                contact: Set(p.contact),
                sent_what: Set(p.sent_what),
                sent_when: Set(p.sent_when),
                message: Set(p.message),
                personnummer: Set(p.personnummer),
                answer: Set(p.answer),
            })
            .exec_without_returning(db)
            .await?;
        }
        PersonalWrite::Answer { inquiry_id, text } => {
            // Purged already (an answer after the retention period): the fingerprint on the
            // record is all that is kept, by design.
            if let Some(row) = inquiry_personal::Entity::find_by_id(inquiry_id.0).one(db).await? {
                let mut active: inquiry_personal::ActiveModel = row.into();
                active.answer = Set(Some(text));
                inquiry_personal::Entity::update(active).exec(db).await?;
            }
        }
    }
    Ok(())
}

fn personal_from_model(m: inquiry_personal::Model) -> InquiryPersonal {
    InquiryPersonal {
        name: m.name,
        contact: m.contact,
        sent_what: m.sent_what,
        sent_when: m.sent_when,
        message: m.message,
        personnummer: m.personnummer,
        answer: m.answer,
    }
}

/// How many inquiries there are and how many still hold personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InquiryCounts {
    /// Every inquiry ever received (the purge keeps them).
    pub total: u64,
    /// Those whose personal data is still held.
    pub with_personal_data: u64,
}

impl Store {
    /// A case's notice, if it was ever drafted.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn notice(&self, case_id: CaseId) -> Result<Option<Notice>, StoreError> {
        notice_in(&self.db, case_id).await
    }

    /// The published notice at `slug`, with its case.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn published_notice(&self, slug: &str) -> Result<Option<(CaseId, Notice)>, StoreError> {
        let row = notice::Entity::find()
            .filter(notice::Column::PublicSlug.eq(slug))
            .filter(notice::Column::Published.eq(true))
            .one(&self.db)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let case_id = CaseId(row.case_id);
        Ok(self.notice(case_id).await?.map(|n| (case_id, n)))
    }

    /// Every published notice, with its case, the most recently updated first.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn published_notices(&self) -> Result<Vec<(CaseId, Notice)>, StoreError> {
        let rows = notice::Entity::find().filter(notice::Column::Published.eq(true)).all(&self.db).await?;
        let mut notices = Vec::new();
        for row in rows {
            let case_id = CaseId(row.case_id);
            if let Some(n) = self.notice(case_id).await? {
                notices.push((case_id, n));
            }
        }
        notices.sort_by_key(|(_, n)| std::cmp::Reverse(n.latest().map(|r| r.published_at)));
        Ok(notices)
    }

    /// Every inquiry of a case, in the order received.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn inquiries(&self, case_id: CaseId) -> Result<Vec<Inquiry>, StoreError> {
        inquiries_in(&self.db, case_id).await
    }

    /// Every inquiry of every case, with its case.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn all_inquiries(&self) -> Result<Vec<(CaseId, Inquiry)>, StoreError> {
        inquiry::Entity::find()
            .order_by_asc(inquiry::Column::ReceivedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| Ok((CaseId(m.case_id), inquiry_from_model(m)?)))
            .collect()
    }

    /// One inquiry and its case.
    ///
    /// # Errors
    /// `NotFound` for an unknown inquiry.
    pub async fn inquiry(&self, id: InquiryId) -> Result<(CaseId, Inquiry), StoreError> {
        let row = inquiry::Entity::find_by_id(id.0).one(&self.db).await?.ok_or(StoreError::NotFound("inquiry"))?;
        Ok((CaseId(row.case_id), inquiry_from_model(row)?))
    }

    /// The inquirers' own data of these inquiries, by inquiry (purged ones are absent).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn inquiry_personal_of(
        &self,
        ids: &[InquiryId],
    ) -> Result<std::collections::HashMap<InquiryId, InquiryPersonal>, StoreError> {
        Ok(inquiry_personal::Entity::find()
            .filter(inquiry_personal::Column::InquiryId.is_in(ids.iter().map(|i| i.0)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| (InquiryId(m.inquiry_id), personal_from_model(m)))
            .collect())
    }

    /// The personal data of one inquiry, unless purged.
    ///
    /// # Errors
    /// Fails when the database fails.
    pub async fn inquiry_personal(&self, id: InquiryId) -> Result<Option<InquiryPersonal>, StoreError> {
        Ok(inquiry_personal::Entity::find_by_id(id.0).one(&self.db).await?.map(personal_from_model))
    }

    /// The counts the purge keeps.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn inquiry_counts(&self) -> Result<InquiryCounts, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(InquiryCounts {
            total: inquiry::Entity::find().count(&self.db).await?,
            with_personal_data: inquiry_personal::Entity::find().count(&self.db).await?,
        })
    }

    /// Records a change to a case together with what it brings of the inquirer's own data
    /// (kept apart from the chained event), in one transaction.
    ///
    /// # Errors
    /// As [`Store::record`]; `Conflict` when the form key was used already or is unknown.
    pub async fn record_with_personal(
        &self,
        case_id: CaseId,
        event: &CaseEvent,
        personal: PersonalWrite,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<domain::TimelineEntry, StoreError> {
        self.record_in_transaction(case_id, crate::Precondition::None, event, actor, now, None, personal).await
    }

    /// Purges the personal data of every inquiry settled before `settled_before`: the rows of
    /// `inquiry_personal` go, the inquiries (and so the counts and the record) stay, and the
    /// purge is in the audit log with how many were purged. Returns that number.
    ///
    /// # Errors
    /// Fails when the database cannot be written (nothing is then purged).
    pub async fn purge_inquiries(
        &self,
        settled_before: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let txn = self.db.begin().await?;
        let settled: Vec<uuid::Uuid> = inquiry::Entity::find()
            .filter(inquiry::Column::SettledAt.lt(settled_before))
            .all(&txn)
            .await?
            .into_iter()
            .map(|m| m.id)
            .collect();
        let purged = if settled.is_empty() {
            0
        } else {
            inquiry_personal::Entity::delete_many()
                .filter(inquiry_personal::Column::InquiryId.is_in(settled))
                .exec(&txn)
                .await?
                .rows_affected
        };
        if purged > 0 {
            let audit = NewAuditEvent::new(actor, AuditAction::InquiriesPurged)
                .with("purged", purged)
                .with("settled_before", settled_before.to_rfc3339());
            crate::audit::append_audit_in(&txn, audit, now).await?;
        }
        self.commit(txn).await?;
        Ok(purged)
    }
}

//! The public and the staff: a case's notice (draft, publish, unpublish), the residents'
//! inquiries (received, extended, answered, settled, purged) and the staff incident reports
//! (submitted, a case opened from one, dismissed).

use chrono::{DateTime, TimeDelta, Utc};
use domain::audit::ANONYMOUS_ACTOR;
use domain::inquiry::{Inquiry, InquiryRefusal, InquiryStatus, NewInquiry, answer_fingerprint, reference_from};
use domain::notice::{Notice, NoticeInput, NoticeRefusal, NoticeRevision};
use domain::record::CaseEvent;
use domain::staff_report::{NewStaffReport, StaffReport};
use domain::{Case, CaseId, InquiryId, NewCase, StaffReportId, ValidationErrors};
use store::{PersonalWrite, Precondition, StoreError};

use crate::{Casework, CaseworkError};

impl From<NoticeRefusal> for CaseworkError {
    fn from(refusal: NoticeRefusal) -> Self {
        match refusal {
            NoticeRefusal::NoDraft => ValidationErrors::single("notice", "has no draft yet: save one first").into(),
            NoticeRefusal::NotPublished => StoreError::Conflict("the notice is not published".to_owned()).into(),
        }
    }
}

impl From<InquiryRefusal> for CaseworkError {
    fn from(refusal: InquiryRefusal) -> Self {
        StoreError::Conflict(refusal.to_string()).into()
    }
}

fn random_reference(prefix: &str) -> String {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    reference_from(prefix, [bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]])
}

impl Casework<'_> {
    /// Saves a case's notice draft (public text), checked field by field.
    ///
    /// # Errors
    /// `Invalid` naming every bad field, `NotFound` for an unknown case.
    pub async fn save_notice_draft(&self, case_id: CaseId, input: NoticeInput) -> Result<Notice, CaseworkError> {
        self.store.case(case_id).await?;
        let draft = input.checked()?;
        let event = CaseEvent::NoticeDrafted { draft };
        self.store.record(case_id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        tracing::info!(case_id = %case_id, "notice draft saved");
        self.store.notice(case_id).await?.ok_or(StoreError::NotFound("notice").into())
    }

    /// Publishes the draft as the next revision, kept for good.
    ///
    /// # Errors
    /// `Invalid` without a draft, `Conflict` when another notice holds the slug.
    pub async fn publish_notice(&self, case_id: CaseId) -> Result<NoticeRevision, CaseworkError> {
        self.store.case(case_id).await?;
        let notice = self.store.notice(case_id).await?.ok_or(NoticeRefusal::NoDraft)?;
        if let Some((other, _)) = self.store.published_notice(&notice.draft.slug).await?
            && other != case_id
        {
            return Err(ValidationErrors::single("slug", "is the address of another case's notice").into());
        }
        let revision = notice.next_revision(&self.actor.id, self.now);
        let event = CaseEvent::NoticePublished { revision: revision.clone() };
        self.store.record(case_id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        tracing::info!(case_id = %case_id, revision = revision.number, "notice published");
        Ok(revision)
    }

    /// Takes the public page down; the revisions stay.
    ///
    /// # Errors
    /// `Conflict` when it is not published.
    pub async fn unpublish_notice(&self, case_id: CaseId) -> Result<Notice, CaseworkError> {
        self.store.case(case_id).await?;
        let notice = self.store.notice(case_id).await?.ok_or(NoticeRefusal::NotPublished)?;
        if !notice.published {
            return Err(NoticeRefusal::NotPublished.into());
        }
        self.store
            .record(case_id, Precondition::None, &CaseEvent::NoticeUnpublished, &self.actor.id, self.now, None)
            .await?;
        tracing::info!(case_id = %case_id, "notice unpublished");
        self.store.notice(case_id).await?.ok_or(StoreError::NotFound("notice").into())
    }

    /// Receives a resident's inquiry through the notice at `slug`: on the case's record without
    /// the person's data, which is stored apart.
    ///
    /// # Errors
    /// `NotFound` when no open e-service is at `slug`, `Invalid` naming the bad fields.
    pub async fn receive_inquiry(&self, slug: &str, input: NewInquiry) -> Result<Inquiry, CaseworkError> {
        let (case_id, notice) = self.store.published_notice(slug).await?.ok_or(StoreError::NotFound("notice"))?;
        let service = notice.latest().map(|r| r.content.inquiries.clone()).unwrap_or_default();
        if !service.open {
            return Err(StoreError::NotFound("inquiry e-service").into());
        }
        let personal = input.checked(service.ask_personnummer)?;
        let inquiry = Inquiry {
            id: InquiryId::new(),
            reference: random_reference("FRG"),
            received_at: self.now,
            status: InquiryStatus::Received,
            extended_at: None,
            extension_reason: None,
            settled_at: None,
            answer_channel: None,
            answer_sha256: None,
        };
        let write = PersonalWrite::Received { inquiry_id: inquiry.id, personal: Box::new(personal) };
        let event = CaseEvent::InquiryReceived { inquiry: inquiry.clone() };
        self.store.record_with_personal(case_id, &event, write, ANONYMOUS_ACTOR, self.now).await?;
        tracing::info!(case_id = %case_id, inquiry_id = %inquiry.id, "inquiry received");
        Ok(inquiry)
    }

    /// Extends an inquiry's period by two months (Art. 12(3)), once, with a reason.
    ///
    /// # Errors
    /// `Invalid` without a reason, `Conflict` when settled or extended already.
    pub async fn extend_inquiry(&self, id: InquiryId, reason: Option<String>) -> Result<Inquiry, CaseworkError> {
        let (case_id, inquiry) = self.store.inquiry(id).await?;
        let mut errors = ValidationErrors::default();
        let reason = domain::validation::required_text(&mut errors, "reason", reason, 2_000);
        let reason = errors.into_result(reason)?.unwrap_or_default();
        inquiry.check_extend()?;
        let event = CaseEvent::InquiryExtended { inquiry_id: id, reference: inquiry.reference, reason };
        self.store.record(case_id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        tracing::info!(case_id = %case_id, inquiry_id = %id, "inquiry extended");
        Ok(self.store.inquiry(id).await?.1)
    }

    /// Answers an inquiry: the text is kept with the person's data, its SHA-256 and the channel
    /// on the record.
    ///
    /// # Errors
    /// `Invalid` without an answer or channel, `Conflict` when settled already.
    pub async fn answer_inquiry(
        &self,
        id: InquiryId,
        answer: Option<String>,
        channel: Option<String>,
    ) -> Result<Inquiry, CaseworkError> {
        let (case_id, inquiry) = self.store.inquiry(id).await?;
        let mut errors = ValidationErrors::default();
        let answer = domain::validation::required_text(&mut errors, "answer", answer, 20_000);
        let channel = domain::validation::required_text(&mut errors, "channel", channel, 200);
        let (answer, channel) = errors.into_result((answer, channel))?;
        let (answer, channel) = (answer.unwrap_or_default(), channel.unwrap_or_default());
        inquiry.check_settle()?;
        let event = CaseEvent::InquiryAnswered {
            inquiry_id: id,
            reference: inquiry.reference,
            channel,
            answer_sha256: answer_fingerprint(&answer),
        };
        let write = PersonalWrite::Answer { inquiry_id: id, text: answer };
        self.store.record_with_personal(case_id, &event, write, &self.actor.id, self.now).await?;
        tracing::info!(case_id = %case_id, inquiry_id = %id, "inquiry answered");
        Ok(self.store.inquiry(id).await?.1)
    }

    /// Closes an inquiry, or marks it handled elsewhere.
    ///
    /// # Errors
    /// `Invalid` for another status, `Conflict` when settled already.
    pub async fn settle_inquiry(&self, id: InquiryId, status: InquiryStatus) -> Result<Inquiry, CaseworkError> {
        if !matches!(status, InquiryStatus::Closed | InquiryStatus::HandledElsewhere) {
            return Err(ValidationErrors::single("status", "must be closed or handled_elsewhere").into());
        }
        let (case_id, inquiry) = self.store.inquiry(id).await?;
        inquiry.check_settle()?;
        let event = CaseEvent::InquirySettled { inquiry_id: id, reference: inquiry.reference, status };
        self.store.record(case_id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        Ok(self.store.inquiry(id).await?.1)
    }

    /// Purges the personal data of inquiries settled more than `retention_days` ago (in the
    /// audit log); returns how many.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn purge_inquiries(&self, retention_days: u32) -> Result<u64, CaseworkError> {
        let before = self.now - TimeDelta::days(i64::from(retention_days));
        let purged = self.store.purge_inquiries(before, &self.actor.id, self.now).await?;
        if purged > 0 {
            tracing::info!(purged, "inquiry personal data purged");
        }
        Ok(purged)
    }

    /// Stores a staff incident report in the DPO's queue.
    ///
    /// # Errors
    /// `Invalid` naming every bad field.
    pub async fn submit_report(&self, input: NewStaffReport) -> Result<StaffReport, CaseworkError> {
        let report = input.checked(StaffReportId::new(), random_reference("RAP"), &self.actor.id, self.now)?;
        self.store.create_report(&report).await?;
        tracing::info!(report_id = %report.id, "staff report submitted");
        Ok(report)
    }

    /// Opens a case from a waiting report: detected when the reporter noticed it, the
    /// description theirs unless given, awareness as the DPO sets it; the case's record says
    /// which report it came from.
    ///
    /// # Errors
    /// `Conflict` when the report was handled already, `Invalid` for the case's fields.
    pub async fn open_case_from_report(
        &self,
        report_id: StaffReportId,
        mut new: NewCase,
        aware_at: Option<DateTime<Utc>>,
    ) -> Result<Case, CaseworkError> {
        let report = self.store.report(report_id).await?;
        report.check_waiting().map_err(|e| StoreError::Conflict(e.to_string()))?;
        new.detected_at = Some(report.noticed_at);
        new.aware_at = aware_at;
        if new.description.as_deref().is_none_or(|d| d.trim().is_empty()) {
            new.description = Some(report.what_happened.clone());
        }
        let case = self.open_case(new).await?;
        let event = CaseEvent::OpenedFromReport { report_id, reference: report.reference };
        self.store.record(case.id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        tracing::info!(case_id = %case.id, report_id = %report_id, "case opened from a staff report");
        Ok(case)
    }

    /// Dismisses a waiting report with a reason.
    ///
    /// # Errors
    /// `Invalid` without a reason, `Conflict` when handled already.
    pub async fn dismiss_report(&self, report_id: StaffReportId, reason: Option<String>) -> Result<(), CaseworkError> {
        let mut errors = ValidationErrors::default();
        let reason = domain::validation::required_text(&mut errors, "reason", reason, 2_000);
        let reason = errors.into_result(reason)?.unwrap_or_default();
        self.store.dismiss_report(report_id, &reason, &self.actor.id, self.now).await?;
        Ok(())
    }
}

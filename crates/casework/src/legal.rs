//! The legal record of a case: assessments, decisions, filings, the police-report facts and the
//! drafts downloaded.

use domain::assessment::{Assessment, NewAssessment};
use domain::decision::{Decision, NewDecision};
use domain::export::DraftExport;
use domain::filing::{Filing, NewFiling, check_phase_order, controller_for, draft_sent};
use domain::police::{PoliceDetails, StoredPoliceDetails};
use domain::record::CaseEvent;
use domain::{AuditAction, CaseId, ControllerId, NewAuditEvent};
use store::Precondition;

use crate::loaded::LoadedCase;
use crate::{Casework, CaseworkError};

/// A draft that was rendered and handed to someone.
#[derive(Debug, Clone, Copy)]
pub struct ExportedDraft<'a> {
    /// The case.
    pub case_id: CaseId,
    /// Which draft (`imy`, `imy_supplement`, `police`, `data_subjects`).
    pub draft: &'a str,
    /// For which controller, if per controller.
    pub controller_id: Option<ControllerId>,
    /// In which language (`sv` when not asked for).
    pub lang: &'a str,
    /// SHA-256 of the exact bytes, hex.
    pub sha256: &'a str,
}

impl Casework<'_> {
    /// Scores an assessment and records it as the case's current one.
    ///
    /// # Errors
    /// `Invalid` naming the bad fields, `NotFound` for an unknown case.
    pub async fn assess(&self, case_id: CaseId, input: NewAssessment) -> Result<Assessment, CaseworkError> {
        self.store.case(case_id).await?;
        let assessment = input.assess(case_id, &self.actor.id, self.now)?;
        let event = CaseEvent::Assessed { assessment: assessment.clone() };
        self.store.record(case_id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        tracing::info!(case_id = %case_id, band = %assessment.band, "case assessed");
        Ok(assessment)
    }

    /// Takes (or revises) a decision, checked against the law and the current assessment.
    ///
    /// # Errors
    /// `Invalid` for missing fields or a decision the law or the assessment does not allow,
    /// `Conflict` when another revision was stored at the same time.
    pub async fn decide(&self, case_id: CaseId, input: NewDecision) -> Result<Decision, CaseworkError> {
        self.store.case(case_id).await?;
        let assessment = self.store.assessment(case_id).await?;
        let previous = self.store.decisions(case_id).await?;
        let decision = input.decide(case_id, assessment.as_ref(), &previous, &self.actor.id, self.now)?;
        let event = CaseEvent::Decided { decision: decision.clone() };
        self.store.record(case_id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        tracing::info!(case_id = %case_id, decision = %decision.kind, revision = decision.revision, "decision recorded");
        Ok(decision)
    }

    /// Records a filing: the controller checked against the case, the due instant taken from
    /// the clock it meets as it stood before, the case frozen as it stands, and without a hash
    /// given the one of the latest export of the matching draft (what legal downloaded is
    /// what was sent, unless they say otherwise).
    ///
    /// # Errors
    /// `Invalid` for bad fields (a late IMY notification without reasons for the delay among
    /// them), `NotFound` for an unknown case.
    pub async fn file(&self, case_id: CaseId, input: NewFiling) -> Result<Filing, CaseworkError> {
        let loaded = LoadedCase::load(self.store, case_id).await?;
        let case = &loaded.case;
        let controller_id = controller_for(case, input.recipient, input.controller_id)?;
        if let (Some(recipient), Some(phase), Some(submitted_at)) = (input.recipient, input.phase, input.submitted_at) {
            check_phase_order(&loaded.filings, recipient, phase, controller_id, submitted_at)?;
        }
        let meets = input
            .recipient
            .zip(input.phase)
            .map(|(r, p)| loaded.file().due_for(r, p, controller_id, &loaded.rules, loaded.org.time_zone, self.now));
        let snapshot = serde_json::to_string(case).map_err(|e| store::StoreError::Corrupt(e.to_string()))?;
        let pdf_sha256 =
            match (input.pdf_sha256.clone(), input.recipient.zip(input.phase).and_then(|(r, p)| draft_sent(r, p))) {
                (Some(given), _) => Some(given),
                (None, Some(draft)) => self
                    .store
                    .latest_draft_export(case.id, draft, controller_id, input.submitted_at.unwrap_or(self.now))
                    .await?
                    .map(|e| e.sha256),
                (None, None) => None,
            };
        let filing = NewFiling { controller_id, pdf_sha256, ..input }.record(
            case.id,
            meets,
            snapshot,
            &self.actor.id,
            self.now,
        )?;
        let event = CaseEvent::Filed { filing: filing.clone() };
        self.store.record(case_id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        tracing::info!(case_id = %case_id, recipient = %filing.recipient, phase = %filing.phase, "filing recorded");
        Ok(filing)
    }

    /// Saves the police-report facts of a case (trimmed, lengths checked).
    ///
    /// # Errors
    /// `Invalid` naming a field that is too long, `NotFound` for an unknown case.
    pub async fn save_police_details(
        &self,
        case_id: CaseId,
        details: PoliceDetails,
    ) -> Result<StoredPoliceDetails, CaseworkError> {
        self.store.case(case_id).await?;
        let stored = details.checked(case_id, &self.actor.id, self.now)?;
        let event = CaseEvent::PoliceDetailsSaved { details: stored.clone() };
        self.store.record(case_id, Precondition::None, &event, &self.actor.id, self.now, None).await?;
        tracing::info!(case_id = %case_id, "police details saved");
        Ok(stored)
    }

    /// Records a draft handed out: on the case's record and in the audit log (DESIGN.md: every
    /// access to a draft export is audited), with the SHA-256 of the exact bytes.
    ///
    /// # Errors
    /// `NotFound` for an unknown case; fails when the database cannot be written.
    pub async fn export_draft(&self, draft: ExportedDraft<'_>) -> Result<(), CaseworkError> {
        let mut audit = NewAuditEvent::new(self.actor.id.clone(), AuditAction::DraftExported)
            .with("case_id", draft.case_id)
            .with("draft", draft.draft)
            .with("lang", draft.lang)
            .with("sha256", draft.sha256);
        if let Some(controller) = draft.controller_id {
            audit = audit.with("controller_id", controller);
        }
        let export = DraftExport {
            case_id: draft.case_id,
            draft: draft.draft.to_owned(),
            controller_id: draft.controller_id,
            lang: draft.lang.to_owned(),
            sha256: draft.sha256.to_owned(),
            exported_by: self.actor.id.clone(),
            exported_at: self.now,
        };
        let event = CaseEvent::DraftExported { export };
        self.store.record(draft.case_id, Precondition::None, &event, &self.actor.id, self.now, Some(audit)).await?;
        tracing::info!(case_id = %draft.case_id, draft = draft.draft, sha256 = draft.sha256, "draft exported");
        Ok(())
    }
}

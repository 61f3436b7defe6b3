//! Filings: what was sent to whom and when — IMY, the police, the data subjects, the public,
//! the CSIRT — with the frozen content and the SHA-256 of the exact PDF sent.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::case::text_enum;
use crate::deadline::ClockKind;
use crate::ids::{CaseId, ControllerId};
use crate::text::TextRule;
use crate::time::normalise;
use crate::validation::{ValidationErrors, checked_text, required};

text_enum!(
    /// Who a filing went to.
    Recipient {
        /// Integritetsskyddsmyndigheten (GDPR Art. 33).
        Imy = "imy",
        /// Polisen.
        Police = "police",
        /// The data subjects (Art. 34).
        DataSubjects = "data_subjects",
        /// The public (Art. 34(3)(c)).
        Public = "public",
        /// The CSIRT under the Cybersäkerhetslag.
        Csirt = "csirt",
        /// The controller, when this organisation is its processor (GDPR Art. 33(2)).
        Controller = "controller",
    }
);

text_enum!(
    /// Which step of a notification.
    Phase {
        /// Preliminary: not everything is known yet (Art. 33(4)); starts the 4-week supplement clock.
        Preliminary = "preliminary",
        /// Complete.
        Complete = "complete",
        /// A supplement to an earlier filing.
        Supplement = "supplement",
        /// The final report.
        Final = "final",
    }
);

/// A recorded filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filing {
    /// Its id.
    pub id: uuid::Uuid,
    /// The case.
    pub case_id: CaseId,
    /// The controller it was filed for (IMY notifications are per controller).
    pub controller_id: Option<ControllerId>,
    /// Who it went to.
    pub recipient: Recipient,
    /// Which step.
    pub phase: Phase,
    /// When it was due, as computed when it was recorded.
    pub due_at: Option<DateTime<Utc>>,
    /// When it was submitted.
    pub submitted_at: DateTime<Utc>,
    /// The recipient's reference (IMY diarienummer, police K-number).
    pub reference: Option<String>,
    /// How it was sent (e-service, e-mail, letter).
    pub channel: Option<String>,
    /// Why it is late (GDPR Art. 33(1)); required for a late IMY notification.
    pub delay_reasons: Option<String>,
    /// The case as it stood when filed (JSON), for later supplements and for evidence.
    pub content_snapshot: String,
    /// SHA-256 of the PDF that was sent, hex.
    pub pdf_sha256: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// A filing as submitted.
#[derive(Debug, Clone, Default)]
pub struct NewFiling {
    /// `recipient`
    pub recipient: Option<Recipient>,
    /// `phase`
    pub phase: Option<Phase>,
    /// `controller_id`
    pub controller_id: Option<ControllerId>,
    /// `submitted_at`
    pub submitted_at: Option<DateTime<Utc>>,
    /// `reference`
    pub reference: Option<String>,
    /// `channel`
    pub channel: Option<String>,
    /// `delay_reasons`
    pub delay_reasons: Option<String>,
    /// `pdf_sha256`
    pub pdf_sha256: Option<String>,
}

impl NewFiling {
    /// Validates a filing. `meets` is the clock the filing meets with its due instant (the due
    /// instant None when that clock has not started or does not apply; see
    /// [`crate::rules::CaseFile::clock_for`]); `content_snapshot` is the case as it stands.
    ///
    /// # Errors
    /// Names every missing or invalid field; a filing that meets the Art. 33(1) clock and is
    /// submitted after its due instant without `delay_reasons` is refused on that field. A
    /// later phase (a complete or supplementary notification after a timely preliminary one,
    /// Art. 33(4)) meets the supplement clock instead and is never refused for lateness.
    pub fn record(
        self,
        case_id: CaseId,
        meets: Option<(ClockKind, Option<DateTime<Utc>>)>,
        content_snapshot: String,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Filing, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let now = normalise(now);
        let recipient = required(&mut errors, "recipient", self.recipient);
        let phase = required(&mut errors, "phase", self.phase);
        let submitted_at = required(&mut errors, "submitted_at", self.submitted_at).map(normalise);
        let reference = self.reference.and_then(|r| checked_text(&mut errors, "reference", r, TextRule::line(200)));
        let channel = self.channel.and_then(|c| checked_text(&mut errors, "channel", c, TextRule::line(200)));
        let delay_reasons = self.delay_reasons.and_then(|r| checked_text(&mut errors, "delay_reasons", r, 20_000));
        let pdf_sha256 = self.pdf_sha256.map(|h| h.trim().to_ascii_lowercase()).filter(|h| {
            let ok = h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit());
            if !ok {
                errors.add("pdf_sha256", "must be 64 hexadecimal digits");
            }
            ok
        });
        let (Some(recipient), Some(phase), Some(submitted_at)) = (recipient, phase, submitted_at) else {
            return Err(errors);
        };
        if submitted_at > now + chrono::TimeDelta::minutes(5) {
            errors.add("submitted_at", "must not be in the future");
        }
        let due_at = meets.and_then(|(_, due)| due);
        let late = due_at.is_some_and(|due| submitted_at > due);
        let meets_art_33_1 = meets.is_some_and(|(clock, _)| clock == ClockKind::ImyNotification);
        if recipient == Recipient::Imy && meets_art_33_1 && late && delay_reasons.is_none() {
            errors.add(
                "delay_reasons",
                "is required: the notification is submitted after the 72-hour deadline (GDPR Art. 33(1))",
            );
        }
        errors.into_result(Filing {
            id: uuid::Uuid::now_v7(),
            case_id,
            controller_id: self.controller_id,
            recipient,
            phase,
            due_at,
            submitted_at,
            reference,
            channel,
            delay_reasons,
            content_snapshot,
            pdf_sha256,
            recorded_by: by.to_owned(),
            recorded_at: now,
        })
    }
}

/// The clock a filing to `recipient` in `phase` is meant to meet, before anything else is
/// filed (a later IMY phase meets the supplement clock: [`crate::rules::CaseFile::clock_for`]).
pub fn clock_met_by(recipient: Recipient, phase: Phase) -> ClockKind {
    match (recipient, phase) {
        (Recipient::Controller, _) => ClockKind::ProcessorNotification,
        (Recipient::Imy, Phase::Preliminary | Phase::Complete) => ClockKind::ImyNotification,
        (Recipient::Imy, Phase::Supplement | Phase::Final) => ClockKind::ImySupplement,
        (Recipient::Police, _) => ClockKind::PoliceReport,
        (Recipient::DataSubjects | Recipient::Public, _) => ClockKind::DataSubjects,
        (Recipient::Csirt, Phase::Preliminary) => ClockKind::CsirtEarlyWarning,
        (Recipient::Csirt, Phase::Complete | Phase::Supplement) => ClockKind::CsirtNotification,
        (Recipient::Csirt, Phase::Final) => ClockKind::CsirtFinalReport,
    }
}

/// Whether a filing is an IMY notification proper (not a supplement).
pub fn is_imy_notification(f: &Filing) -> bool {
    f.recipient == Recipient::Imy && matches!(f.phase, Phase::Preliminary | Phase::Complete)
}

/// The draft that a filing of this recipient and phase sends (its export's SHA-256 is the
/// filing's unless another is given).
pub fn draft_sent(recipient: Recipient, phase: Phase) -> Option<&'static str> {
    match (recipient, phase) {
        (Recipient::Imy, Phase::Preliminary | Phase::Complete) => Some("imy"),
        (Recipient::Imy, Phase::Supplement | Phase::Final) => Some("imy_supplement"),
        (Recipient::Police, _) => Some("police"),
        (Recipient::DataSubjects | Recipient::Public, _) => Some("data_subjects"),
        (Recipient::Csirt | Recipient::Controller, _) => None,
    }
}

/// The order of the phases of a notification (Art. 33(4); NIS2 Art. 23(4)): a preliminary
/// notification (or early warning) comes first, so none may follow a complete or final one
/// to the same recipient for the same controller; a supplement or a final report follows a
/// notification.
///
/// # Errors
/// Names `phase` when the filing would break the order.
pub fn check_phase_order(
    earlier: &[Filing],
    recipient: Recipient,
    phase: Phase,
    controller: Option<ControllerId>,
    submitted_at: DateTime<Utc>,
) -> Result<(), ValidationErrors> {
    if !matches!(recipient, Recipient::Imy | Recipient::Csirt) {
        return Ok(());
    }
    let same = |f: &&Filing| {
        f.recipient == recipient && (f.controller_id.is_none() || controller.is_none() || f.controller_id == controller)
    };
    let before: Vec<&Filing> = earlier.iter().filter(same).filter(|f| f.submitted_at <= submitted_at).collect();
    let after: Vec<&Filing> = earlier.iter().filter(same).filter(|f| f.submitted_at > submitted_at).collect();
    match phase {
        Phase::Preliminary if before.iter().any(|f| matches!(f.phase, Phase::Complete | Phase::Final)) => {
            Err(ValidationErrors::single(
                "phase",
                "a preliminary notification cannot follow a complete or final one (GDPR Art. 33(4): the phases run preliminary, complete or supplement, final)",
            ))
        }
        Phase::Supplement | Phase::Final if recipient == Recipient::Imy && before.is_empty() => {
            Err(ValidationErrors::single(
                "phase",
                "a supplement or final notification needs an earlier IMY notification for the same controller (record the preliminary or complete one first)",
            ))
        }
        Phase::Complete | Phase::Final | Phase::Supplement if after.iter().any(|f| f.phase == Phase::Preliminary) => {
            Err(ValidationErrors::single(
                "phase",
                "a later preliminary notification is already recorded: a preliminary notification comes first",
            ))
        }
        _ => Ok(()),
    }
}

/// The controller a filing concerns: one of the case's; for IMY required when the case has
/// several (GDPR Art. 33: each controller notifies), and otherwise the case's only one.
///
/// # Errors
/// Names `controller_id` when it is not a controller of the case, or missing for IMY with
/// several controllers.
pub fn controller_for(
    case: &crate::Case,
    recipient: Option<Recipient>,
    given: Option<ControllerId>,
) -> Result<Option<ControllerId>, ValidationErrors> {
    let is_imy = recipient == Some(Recipient::Imy);
    match given {
        Some(c) if !case.controller_ids.contains(&c) => {
            Err(ValidationErrors::single("controller_id", "is not a controller of this case"))
        }
        Some(c) => Ok(Some(c)),
        None if is_imy && case.controller_ids.len() > 1 => Err(ValidationErrors::single(
            "controller_id",
            "is required: the case has several controllers and IMY is notified per controller",
        )),
        None => Ok(case.controller_ids.first().copied().filter(|_| is_imy)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn due() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 2, 1, 10, 30, 0).single().expect("valid")
    }

    fn imy(submitted: DateTime<Utc>, reasons: Option<&str>) -> Result<Filing, ValidationErrors> {
        NewFiling {
            recipient: Some(Recipient::Imy),
            phase: Some(Phase::Preliminary),
            submitted_at: Some(submitted),
            delay_reasons: reasons.map(String::from),
            ..Default::default()
        }
        .record(
            CaseId::new(),
            Some((ClockKind::ImyNotification, Some(due()))),
            "{}".into(),
            "legal",
            due() + chrono::TimeDelta::days(2),
        )
    }

    #[test]
    fn an_imy_filing_exactly_at_the_due_instant_is_on_time() {
        assert!(imy(due(), None).is_ok());
    }

    #[test]
    fn a_late_imy_filing_needs_reasons_for_the_delay() {
        let late = due() + chrono::TimeDelta::seconds(1);
        assert_eq!(imy(late, None).expect_err("late").0[0].field, "delay_reasons");
        assert!(imy(late, Some("Angreppets omfattning var okänd.")).is_ok());
    }
}

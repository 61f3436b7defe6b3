//! A staff incident report: how a breach usually reaches the DPO in a Swedish municipality (an
//! employee's internal form). It waits in the DPO's queue until a case is opened from it or it
//! is dismissed with a reason; a case opened from it records so on its own chain.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::case::text_enum;
use crate::ids::{CaseId, StaffReportId};
use crate::validation::{ValidationErrors, required, required_text};

/// How long a report may wait untouched before the dashboard shows it (the 72 hours of
/// Art. 33(1) may already be running: awareness can date from the report).
pub const REPORT_WAITING_TOO_LONG: TimeDelta = TimeDelta::hours(4);

/// The longest free text of a report.
pub const REPORT_TEXT_MAX_CHARS: usize = 10_000;

text_enum!(
    /// Where a report stands.
    ReportStatus {
        /// In the DPO's queue.
        Waiting = "waiting",
        /// A case was opened from it.
        CaseOpened = "case_opened",
        /// Dismissed with a reason.
        Dismissed = "dismissed",
    }
);

/// A staff report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffReport {
    /// Its id.
    pub id: StaffReportId,
    /// The reference the reporter is given.
    pub reference: String,
    /// When it was sent.
    pub reported_at: DateTime<Utc>,
    /// Who sent it: a user id, or `anonymous`.
    pub reported_by: String,
    /// What happened.
    pub what_happened: String,
    /// When the reporter noticed it (the case's detected_at).
    pub noticed_at: DateTime<Utc>,
    /// Which unit (förvaltning, skola, enhet).
    pub unit: String,
    /// How to reach the reporter.
    pub contact: String,
    /// Where it stands.
    pub status: ReportStatus,
    /// The case opened from it.
    pub case_id: Option<CaseId>,
    /// Why it was dismissed.
    pub dismissed_reason: Option<String>,
    /// Who handled it (a user id).
    pub handled_by: Option<String>,
    /// When.
    pub handled_at: Option<DateTime<Utc>>,
}

/// A report as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewStaffReport {
    /// See [`StaffReport::what_happened`].
    pub what_happened: Option<String>,
    /// See [`StaffReport::noticed_at`].
    pub noticed_at: Option<DateTime<Utc>>,
    /// See [`StaffReport::unit`].
    pub unit: Option<String>,
    /// See [`StaffReport::contact`].
    pub contact: Option<String>,
}

/// Why a report cannot be handled so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReportRefusal {
    /// A case was already opened from it, or it was dismissed.
    #[error("the report was already handled")]
    Handled,
}

impl NewStaffReport {
    /// Checks the form and makes the report: noticed not after now.
    ///
    /// # Errors
    /// Names every missing or bad field.
    pub fn checked(
        self,
        id: StaffReportId,
        reference: String,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<StaffReport, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let what_happened = required_text(&mut errors, "what_happened", self.what_happened, REPORT_TEXT_MAX_CHARS);
        let noticed_at = required(&mut errors, "noticed_at", self.noticed_at).map(crate::time::normalise);
        if noticed_at.is_some_and(|t| t > now) {
            errors.add("noticed_at", "must not be in the future");
        }
        let unit = required_text(&mut errors, "unit", self.unit, 200);
        let contact = required_text(&mut errors, "contact", self.contact, 500);
        match (what_happened, noticed_at, unit, contact) {
            (Some(what_happened), Some(noticed_at), Some(unit), Some(contact)) if errors.is_empty() => {
                Ok(StaffReport {
                    id,
                    reference,
                    reported_at: now,
                    reported_by: by.to_owned(),
                    what_happened,
                    noticed_at,
                    unit,
                    contact,
                    status: ReportStatus::Waiting,
                    case_id: None,
                    dismissed_reason: None,
                    handled_by: None,
                    handled_at: None,
                })
            }
            _ => Err(errors),
        }
    }
}

impl StaffReport {
    /// Checks that it still waits.
    ///
    /// # Errors
    /// `Handled` when a case was opened from it or it was dismissed.
    pub fn check_waiting(&self) -> Result<(), ReportRefusal> {
        if self.status == ReportStatus::Waiting { Ok(()) } else { Err(ReportRefusal::Handled) }
    }

    /// Whether it has waited longer than `limit` at `now`.
    pub fn waiting_too_long(&self, limit: TimeDelta, now: DateTime<Utc>) -> bool {
        self.status == ReportStatus::Waiting && now - self.reported_at > limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_report_needs_every_field_and_a_noticed_time_not_in_the_future() {
        let now = Utc.with_ymd_and_hms(2024, 1, 15, 12, 0, 0).single().expect("valid");
        let bad = NewStaffReport { noticed_at: Some(now + TimeDelta::hours(1)), ..Default::default() };
        let fields: Vec<String> = bad
            .checked(StaffReportId::new(), "RAP-0000-0000".into(), "u", now)
            .expect_err("refused")
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["what_happened", "noticed_at", "unit", "contact"]);
        let report = NewStaffReport {
            what_happened: Some("Ett mejl med elevuppgifter gick till fel mottagare.".into()),
            noticed_at: Some(now - TimeDelta::hours(2)),
            unit: Some("Barn- och utbildning".into()),
            contact: Some("070-000 00 00".into()),
        }
        .checked(StaffReportId::new(), "RAP-0000-0000".into(), "u", now)
        .expect("valid");
        assert!(!report.waiting_too_long(REPORT_WAITING_TOO_LONG, now + TimeDelta::hours(4)));
        assert!(report.waiting_too_long(REPORT_WAITING_TOO_LONG, now + TimeDelta::hours(5)));
    }
}

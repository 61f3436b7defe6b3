//! What one case contributes to the dashboard: its category and month, how long IMY waited for
//! the notification and whether it came within the Art. 33(1) clock, and, while the case is
//! open, the due instants of its pending clocks. All of it follows from the case file and the
//! deadline rules; the store keeps it beside the case as the events land, so that the
//! dashboard reads totals and the most urgent cases instead of every case (derived state,
//! rebuilt from the record and compared by `verify`).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::case::Category;
use crate::deadline::{ClockKind, ClockState};
use crate::record::CaseEvent;
use crate::rules::{CaseFile, DeadlineRule};

/// One case's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFigures {
    /// Whether the case is open (its clocks are watched).
    pub open: bool,
    /// Its category.
    pub category: Category,
    /// The month it was aware of, `YYYY-MM` in the organisation's time zone.
    pub aware_month: String,
    /// Whole minutes from awareness to the IMY notification (every controller), if notified.
    pub imy_minutes: Option<i64>,
    /// Whether that notification met the Art. 33(1) clock, if notified.
    pub imy_within_72_hours: Option<bool>,
    /// The pending clocks of an open case with their due instants, soonest first (none when closed).
    pub pending: Vec<(ClockKind, DateTime<Utc>)>,
}

impl CaseFigures {
    /// The figures of a case file under `rules`, months counted in `tz`. Which clocks are
    /// pending does not depend on `now` (a clock is pending until it is met, running or
    /// overdue alike); `now` only feeds the evaluation.
    pub fn of(file: &CaseFile<'_>, rules: &[DeadlineRule], tz: Tz, now: DateTime<Utc>) -> Self {
        let case = file.case;
        let clocks = file.clocks(rules, tz, now);
        let notified = file.imy_notified_at();
        let open = case.status.is_open();
        let mut pending: Vec<(ClockKind, DateTime<Utc>)> = if open {
            clocks.iter().filter(|c| c.is_pending()).filter_map(|c| c.due_at.map(|d| (c.clock, d))).collect()
        } else {
            Vec::new()
        };
        pending.sort_unstable_by_key(|(clock, due)| (*due, *clock));
        CaseFigures {
            open,
            category: case.category,
            aware_month: month_of(case.aware_at, tz),
            imy_minutes: notified.map(|n| (n - case.aware_at).num_minutes()),
            imy_within_72_hours: notified
                .map(|_| clocks.iter().any(|c| c.clock == ClockKind::ImyNotification && c.state == ClockState::Met)),
            pending,
        }
    }

    /// The pending clock that falls due first: overdue ones are the earliest.
    pub fn next_due_at(&self) -> Option<DateTime<Utc>> {
        self.pending.first().map(|(_, due)| *due)
    }
}

/// `YYYY-MM` of `at` in `tz`.
pub fn month_of(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m").to_string()
}

/// Whether an event can change a case's figures: those that change what a [`CaseFile`] holds.
pub fn moves_figures(event: &CaseEvent) -> bool {
    match event {
        CaseEvent::Opened { .. }
        | CaseEvent::Changed { .. }
        | CaseEvent::Assessed { .. }
        | CaseEvent::Decided { .. }
        | CaseEvent::Filed { .. } => true,
        CaseEvent::ActionAdded { .. }
        | CaseEvent::ActionChanged { .. }
        | CaseEvent::PoliceDetailsSaved { .. }
        | CaseEvent::DraftExported { .. }
        // Evidence is not part of the case file the clocks and figures read.
        | CaseEvent::EvidenceAdded { .. }
        | CaseEvent::EvidenceWithdrawn { .. }
        | CaseEvent::EvidenceDownloaded { .. }
        | CaseEvent::EvidencePurged { .. } => false,
    }
}

/// The median of delays given as (minutes, how many cases), in hours to a tenth; `None`
/// without any. With an even count it is the mean of the two middle delays.
pub fn median_hours(counts: &[(i64, u64)]) -> Option<f64> {
    let mut sorted: Vec<(i64, u64)> = counts.iter().copied().filter(|(_, n)| *n > 0).collect();
    sorted.sort_unstable();
    let total: u64 = sorted.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    // The k-th smallest delay (from 0).
    let nth = |k: u64| {
        let mut seen = 0;
        sorted.iter().find(|(_, n)| {
            seen += n;
            seen > k
        })
    };
    let lower = nth((total - 1) / 2)?.0;
    let upper = nth(total / 2)?.0;
    let minutes = (lower + upper) as f64 / 2.0;
    Some((minutes / 60.0 * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Delays as (minutes, how many cases).
    type Counts = &'static [(i64, u64)];

    #[test]
    fn the_median_is_the_middle_delay_or_the_mean_of_the_two_middle_ones() {
        let table: [(Counts, Option<f64>); 6] = [
            (&[], None),
            (&[(600, 0)], None),
            (&[(600, 1)], Some(10.0)),
            (&[(60, 1), (120, 1)], Some(1.5)),
            (&[(4320, 1), (60, 2)], Some(1.0)),
            (&[(30, 2), (90, 1), (6000, 1)], Some(1.0)),
        ];
        for (counts, want) in table {
            assert_eq!(median_hours(counts), want, "{counts:?}");
        }
    }

    #[test]
    fn months_are_counted_in_the_organisations_time_zone() {
        let new_year_in_stockholm = DateTime::parse_from_rfc3339("2025-12-31T23:30:00Z").expect("an instant").to_utc();
        assert_eq!(month_of(new_year_in_stockholm, Tz::Europe__Stockholm), "2026-01");
        assert_eq!(month_of(new_year_in_stockholm, Tz::UTC), "2025-12");
    }
}

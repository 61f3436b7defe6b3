//! The legal clocks. Every clock is computed from instants passed in, never from the system
//! clock, so the same inputs always give the same answer.
//!
//! Durations in hours are elapsed time: a 72-hour clock that crosses the switch to summer time
//! ends one wall-clock hour later than naive local arithmetic would say. Calendar months are
//! counted on the organisation's local calendar (31 January + 1 month = the last day of
//! February).

use chrono::{DateTime, Months, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::case::{Case, text_enum};

/// GDPR Art. 33(1): notify IMY "not later than 72 hours after having become aware of it".
pub const IMY_NOTIFICATION_WINDOW: TimeDelta = TimeDelta::hours(72);

text_enum!(
    /// Which legal or internal clock.
    ClockKind {
        /// GDPR Art. 33(1), from aware_at.
        ImyNotification = "imy_notification",
        /// The same 72 hours counted from detected_at: IMY's Swedish pages say "från upptäckt".
        ImyNotificationFromDetection = "imy_notification_from_detection",
        /// Art. 33(4): IMY decides on what it has 4 weeks after a preliminary notification.
        ImySupplement = "imy_supplement",
        /// Art. 34: inform the data subjects without undue delay (internal target).
        DataSubjects = "data_subjects",
        /// Cybersäkerhetslagen: early warning to the CSIRT.
        CsirtEarlyWarning = "csirt_early_warning",
        /// Cybersäkerhetslagen: incident notification to the CSIRT.
        CsirtNotification = "csirt_notification",
        /// Cybersäkerhetslagen: final report to the CSIRT.
        CsirtFinalReport = "csirt_final_report",
        /// Police report (internal target: evidence disappears).
        PoliceReport = "police_report",
        /// Art. 12(3): answer a resident's inquiry.
        InquiryAnswer = "inquiry_answer",
        /// Art. 33(2): as processor, tell the controller without undue delay (internal target).
        ProcessorNotification = "processor_notification",
    }
);

text_enum!(
    /// Where a clock stands at a given instant.
    ClockState {
        /// Its trigger has not happened.
        NotStarted = "not_started",
        /// Started, not yet met, due instant not passed.
        Running = "running",
        /// Met at or before the due instant ("not later than").
        Met = "met",
        /// The due instant passed without it being met, or it was met late.
        Missed = "missed",
    }
);

/// How long a clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Length {
    /// Elapsed hours (weekends and holidays do not extend it: Reg. 1182/71 Art. 3(4)).
    Hours(i64),
    /// Calendar months on the local calendar.
    CalendarMonths(u32),
}

impl Length {
    /// The longest length in hours a rule may have: ten years, far beyond any legal clock,
    /// and far from the end of the calendar (a due instant must stay computable).
    pub const MAX_HOURS: u32 = 10 * 366 * 24;
    /// The longest length in months a rule may have: ten years.
    pub const MAX_MONTHS: u32 = 120;

    /// The due instant of a clock of this length started at `start`, in zone `tz`.
    pub fn due_from(self, start: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
        match self {
            Length::Hours(h) => start + TimeDelta::hours(h),
            Length::CalendarMonths(m) => add_local_months(start, m, tz),
        }
    }
}

/// `start` plus `months` on the local calendar of `tz`, keeping the local time of day. A day
/// that does not exist in the target month is clamped to its last day; a local time that does
/// not exist (the spring switch) moves forward to the first instant that does.
fn add_local_months(start: DateTime<Utc>, months: u32, tz: Tz) -> DateTime<Utc> {
    let local = start.with_timezone(&tz).naive_local();
    let Some(target) = local.checked_add_months(Months::new(months)) else { return start };
    match tz.from_local_datetime(&target) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        // Autumn: the hour happens twice; take the earlier, the stricter reading.
        chrono::LocalResult::Ambiguous(early, _) => early.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let later = target + TimeDelta::hours(1);
            tz.from_local_datetime(&later).earliest().map_or(start, |t| t.with_timezone(&Utc))
        }
    }
}

/// One clock of a case at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// Which clock.
    pub clock: ClockKind,
    /// When it started (None: not started).
    pub starts_at: Option<DateTime<Utc>>,
    /// When it falls due (None: not started).
    pub due_at: Option<DateTime<Utc>>,
    /// Where it stands.
    pub state: ClockState,
    /// When it was met (the submission instant), if it was.
    pub met_at: Option<DateTime<Utc>>,
    /// Seconds until due while running (negative once overdue and not met).
    pub seconds_left: Option<i64>,
    /// The reasons recorded on the filing that met it late, if it was met late.
    #[serde(default)]
    pub late_reasons: Option<String>,
    /// Recitals 86 and 88: the police asked to hold back informing the data subjects, until
    /// this instant (the data-subject clock only). The clock keeps running: the request is
    /// shown beside it, and the DPO decides with the police when to inform.
    #[serde(default)]
    pub police_hold: Option<PoliceHold>,
}

/// A request from the police to delay informing the data subjects (recitals 86 and 88).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliceHold {
    /// When the police asked.
    pub requested_at: DateTime<Utc>,
    /// Until when (None: until further notice).
    pub until: Option<DateTime<Utc>>,
}

impl PoliceHold {
    /// The request as a sentence saying who asked, when, and until when: "Polisen bad den 15
    /// januari 2024 om anstånd till den 19 januari 2024 kl. 13.00" (the case page beside the
    /// data-subject clock, the police draft).
    pub fn describe(&self, lang: crate::names::Language, tz: Tz) -> String {
        use crate::notation::{long_date, long_when};
        let asked = long_date(lang, self.requested_at, tz);
        match (lang, self.until) {
            (crate::names::Language::Sv, Some(until)) => {
                format!("Polisen bad {asked} om anstånd till {}", long_when(lang, until, tz))
            }
            (crate::names::Language::Sv, None) => format!("Polisen bad {asked} om anstånd tills vidare"),
            (crate::names::Language::En, Some(until)) => {
                format!("The police asked on {asked} to delay it until {}", long_when(lang, until, tz))
            }
            (crate::names::Language::En, None) => {
                format!("The police asked on {asked} to delay it until further notice")
            }
        }
    }
}

impl Clock {
    /// Evaluates a clock at `now`: `start` is its trigger (None: not yet), `met_at` the instant
    /// it was satisfied (None: not yet).
    pub fn evaluate(
        clock: ClockKind,
        start: Option<DateTime<Utc>>,
        length: Length,
        met_at: Option<DateTime<Utc>>,
        tz: Tz,
        now: DateTime<Utc>,
    ) -> Clock {
        let Some(start) = start else {
            return Clock {
                clock,
                starts_at: None,
                due_at: None,
                state: ClockState::NotStarted,
                met_at,
                seconds_left: None,
                late_reasons: None,
                police_hold: None,
            };
        };
        let due = length.due_from(start, tz);
        let state = match met_at {
            Some(met) if met <= due => ClockState::Met,
            Some(_) => ClockState::Missed,
            None if now > due => ClockState::Missed,
            None => ClockState::Running,
        };
        let seconds_left = met_at.is_none().then(|| (due - now).num_seconds());
        Clock {
            clock,
            starts_at: Some(start),
            due_at: Some(due),
            state,
            met_at,
            seconds_left,
            late_reasons: None,
            police_hold: None,
        }
    }

    /// Whether it still needs doing (running or missed and not met).
    pub fn is_pending(&self) -> bool {
        self.met_at.is_none() && matches!(self.state, ClockState::Running | ClockState::Missed)
    }
}

/// The IMY notification clocks of a case at `now`: the Art. 33(1) clock from awareness, and,
/// when detection came earlier, the stricter one from detection. `imy_notified_at` is the
/// submission of the first IMY notification, if any.
pub fn imy_clocks(case: &Case, imy_notified_at: Option<DateTime<Utc>>, tz: Tz, now: DateTime<Utc>) -> Vec<Clock> {
    let window = Length::Hours(IMY_NOTIFICATION_WINDOW.num_hours());
    let mut clocks =
        vec![Clock::evaluate(ClockKind::ImyNotification, Some(case.aware_at), window, imy_notified_at, tz, now)];
    if case.detected_at < case.aware_at {
        clocks.push(Clock::evaluate(
            ClockKind::ImyNotificationFromDetection,
            Some(case.detected_at),
            window,
            imy_notified_at,
            tz,
            now,
        ));
    }
    clocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Stockholm;
    use proptest::prelude::*;

    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Stockholm.with_ymd_and_hms(y, mo, d, h, mi, 0).earliest().expect("exists").with_timezone(&Utc)
    }

    fn local_text(t: DateTime<Utc>) -> String {
        t.with_timezone(&Stockholm).format("%Y-%m-%d %H:%M %Z").to_string()
    }

    #[test]
    fn the_72_hour_clock_counts_elapsed_hours_across_both_summer_time_switches() {
        // (aware at, local; due at, local)
        let table = [
            // No switch: Friday afternoon to Monday afternoon; weekends do not extend it.
            (local(2024, 1, 12, 14, 20), "2024-01-15 14:20 CET"),
            // Spring switch 2024-03-31 02:00 -> 03:00: due one wall-clock hour later.
            (local(2024, 3, 29, 10, 0), "2024-04-01 11:00 CEST"),
            // Autumn switch 2024-10-27 03:00 -> 02:00: due one wall-clock hour earlier.
            (local(2024, 10, 25, 10, 0), "2024-10-28 09:00 CET"),
            // Awareness during the repeated autumn hour (its first occurrence).
            (local(2024, 10, 27, 2, 30), "2024-10-30 01:30 CET"),
            // Just after the spring gap.
            (local(2024, 3, 31, 3, 0), "2024-04-03 03:00 CEST"),
        ];
        for (aware, want) in table {
            let due = Length::Hours(72).due_from(aware, Stockholm);
            assert_eq!(local_text(due), want, "aware {}", local_text(aware));
            assert_eq!((due - aware).num_seconds(), 72 * 3600);
        }
    }

    #[test]
    fn calendar_months_follow_the_local_calendar() {
        let table = [
            (local(2024, 1, 31, 10, 0), 1, "2024-02-29 10:00 CET"),
            (local(2025, 1, 31, 10, 0), 1, "2025-02-28 10:00 CET"),
            (local(2024, 3, 15, 9, 0), 1, "2024-04-15 09:00 CEST"),
            (local(2024, 10, 15, 9, 0), 1, "2024-11-15 09:00 CET"),
            // 02:30 on 31 March 2024 does not exist locally: moved to 03:30.
            (local(2024, 2, 29, 2, 30) + TimeDelta::days(31), 0, "2024-03-31 03:30 CEST"),
        ];
        for (start, months, want) in table.into_iter().take(4) {
            assert_eq!(local_text(Length::CalendarMonths(months).due_from(start, Stockholm)), want);
        }
        let start = local(2024, 2, 29, 2, 30);
        assert_eq!(local_text(Length::CalendarMonths(1).due_from(start, Stockholm)), "2024-03-29 02:30 CET");
        let gap = add_local_months(local(2024, 1, 31, 2, 30), 2, Stockholm);
        assert_eq!(local_text(gap), table[4].2);
    }

    #[test]
    fn clock_states_follow_now_and_the_submission() {
        let aware = local(2024, 1, 12, 14, 20);
        let due = aware + IMY_NOTIFICATION_WINDOW;
        let eval = |met: Option<DateTime<Utc>>, now| {
            Clock::evaluate(ClockKind::ImyNotification, Some(aware), Length::Hours(72), met, Stockholm, now).state
        };
        let table = [
            (None, aware, ClockState::Running),
            (None, due, ClockState::Running),
            (None, due + TimeDelta::seconds(1), ClockState::Missed),
            (Some(due), due + TimeDelta::days(3), ClockState::Met),
            (Some(due + TimeDelta::seconds(1)), due + TimeDelta::days(3), ClockState::Missed),
            (Some(aware + TimeDelta::hours(1)), aware + TimeDelta::hours(2), ClockState::Met),
        ];
        for (met, now, want) in table {
            assert_eq!(eval(met, now), want, "met {met:?} now {now}");
        }
        let not_started = Clock::evaluate(ClockKind::PoliceReport, None, Length::Hours(24), None, Stockholm, aware);
        assert_eq!(not_started.state, ClockState::NotStarted);
    }

    #[test]
    fn the_stricter_clock_from_detection_is_shown_when_awareness_came_days_later() {
        use crate::{BreachType, CaseId, CaseReference, Category, NewCase};
        let detected = local(2024, 1, 8, 7, 30);
        let aware = local(2024, 1, 11, 16, 0);
        let case = NewCase {
            title: Some("t".into()),
            description: Some("d".into()),
            category: Some(Category::Ransomware),
            breach_types: Some(vec![BreachType::Confidentiality]),
            detected_at: Some(detected),
            aware_at: Some(aware),
            aware_justification: Some("Forensisk utredning".into()),
            ..Default::default()
        }
        .open(CaseId::new(), CaseReference::new(2024, 1), aware)
        .expect("valid");
        let now = local(2024, 1, 12, 9, 0);
        let clocks = imy_clocks(&case, None, Stockholm, now);
        assert_eq!(clocks.len(), 2);
        assert_eq!(clocks[0].clock, ClockKind::ImyNotification);
        assert_eq!(clocks[0].due_at.map(local_text).as_deref(), Some("2024-01-14 16:00 CET"));
        assert_eq!(clocks[0].state, ClockState::Running);
        assert_eq!(clocks[1].clock, ClockKind::ImyNotificationFromDetection);
        assert_eq!(clocks[1].due_at.map(local_text).as_deref(), Some("2024-01-11 07:30 CET"));
        assert_eq!(clocks[1].state, ClockState::Missed);

        let same = Case { detected_at: aware, ..case };
        assert_eq!(imy_clocks(&same, None, Stockholm, now).len(), 1);
    }

    proptest! {
        #[test]
        fn an_hours_clock_is_always_exactly_that_many_elapsed_seconds(
            secs in 0i64..4_102_444_800, hours in 1i64..2000
        ) {
            let start = DateTime::<Utc>::from_timestamp(secs, 0).expect("in range");
            let due = Length::Hours(hours).due_from(start, Stockholm);
            prop_assert_eq!((due - start).num_seconds(), hours * 3600);
        }

        #[test]
        fn a_clock_is_met_exactly_when_submitted_not_later_than_due(
            secs in 0i64..4_102_444_800, offset in -300_000i64..300_000
        ) {
            let start = DateTime::<Utc>::from_timestamp(secs, 0).expect("in range");
            let submitted = start + IMY_NOTIFICATION_WINDOW + TimeDelta::seconds(offset);
            let clock = Clock::evaluate(ClockKind::ImyNotification, Some(start), Length::Hours(72), Some(submitted), Stockholm, submitted);
            prop_assert_eq!(clock.state == ClockState::Met, offset <= 0);
        }

        #[test]
        fn a_month_clock_never_ends_before_it_starts(secs in 0i64..4_102_444_800, months in 1u32..24) {
            let start = DateTime::<Utc>::from_timestamp(secs, 0).expect("in range");
            prop_assert!(Length::CalendarMonths(months).due_from(start, Stockholm) > start);
        }
    }
}

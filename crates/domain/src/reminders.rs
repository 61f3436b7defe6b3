//! Reminders before a clock runs out: which reminder is due for a clock at an instant. Pure:
//! the caller sends the mail and records the delivery, once per clock, threshold and person.

use chrono::{DateTime, TimeDelta, Utc};

use crate::deadline::{Clock, ClockState};

/// How long before the due instant reminders go out, most generous first; plus one when a
/// clock is overdue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderPolicy {
    /// The lead times, e.g. 24 h and 4 h before the due instant.
    pub before: Vec<TimeDelta>,
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        Self { before: vec![TimeDelta::hours(24), TimeDelta::hours(4)] }
    }
}

/// Which reminder a clock is due: the lead time in minutes (0: overdue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReminderStep(pub i64);

impl ReminderStep {
    /// Whether this is the overdue reminder.
    pub fn is_overdue(self) -> bool {
        self.0 == 0
    }
}

impl ReminderPolicy {
    /// The most urgent reminder a pending clock is due at `now`, if any. A clock already met,
    /// not started or without a due instant has none. When several lead times have passed (the
    /// server was down), only the most urgent is due: the person needs the latest word, once.
    pub fn due(&self, clock: &Clock, now: DateTime<Utc>) -> Option<ReminderStep> {
        let due = clock.due_at?;
        if !clock.is_pending() {
            return None;
        }
        if clock.state == ClockState::Missed || now > due {
            return Some(ReminderStep(0));
        }
        self.before.iter().filter(|lead| due - **lead <= now).map(|lead| lead.num_minutes()).min().map(ReminderStep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::{ClockKind, Length};
    use chrono::TimeZone;
    use chrono_tz::Europe::Stockholm;

    #[test]
    fn the_most_urgent_passed_lead_time_is_due() {
        let start = Utc.with_ymd_and_hms(2024, 1, 12, 13, 20, 0).single().expect("valid");
        let due = start + TimeDelta::hours(72);
        let policy = ReminderPolicy::default();
        let at = |now: DateTime<Utc>, met: Option<DateTime<Utc>>| {
            let clock =
                Clock::evaluate(ClockKind::ImyNotification, Some(start), Length::Hours(72), met, Stockholm, now);
            policy.due(&clock, now)
        };
        let table = [
            (due - TimeDelta::hours(30), None, None),
            (due - TimeDelta::hours(24), None, Some(ReminderStep(24 * 60))),
            (due - TimeDelta::hours(5), None, Some(ReminderStep(24 * 60))),
            (due - TimeDelta::hours(4), None, Some(ReminderStep(4 * 60))),
            (due - TimeDelta::minutes(1), None, Some(ReminderStep(4 * 60))),
            (due + TimeDelta::minutes(1), None, Some(ReminderStep(0))),
            (due - TimeDelta::hours(1), Some(start + TimeDelta::hours(2)), None),
        ];
        for (now, met, want) in table {
            assert_eq!(at(now, met), want, "at {now}");
        }
    }
}

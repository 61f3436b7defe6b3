//! Instants as breachdesk stores them: UTC, truncated to whole microseconds.

use chrono::{DateTime, DurationRound, SubsecRound, TimeDelta, Utc};

/// Truncates an instant to microseconds.
///
/// PostgreSQL's TIMESTAMPTZ keeps microseconds while SQLite keeps whatever it is given; an
/// instant normalised here reads back equal from both backends.
pub fn normalise(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

/// Truncates an instant to whole seconds (for instants shown to people, such as due times).
pub fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::seconds(1)).unwrap_or(t)
}

//! Instants as breachdesk stores them: UTC, truncated to whole microseconds, never a leap second.

use chrono::{DateTime, DurationRound, SubsecRound, TimeDelta, Timelike, Utc};

/// The last microsecond of a second, as nanoseconds.
const LAST_MICROSECOND_NANOS: u32 = 999_999_000;

/// An instant as both databases store it: truncated to microseconds, a leap second folded to
/// the last microsecond of the second before it (`23:59:60.5` becomes `23:59:59.999999`).
///
/// PostgreSQL's TIMESTAMPTZ keeps microseconds while SQLite keeps whatever it is given; an
/// instant normalised here reads back equal from both backends. chrono represents a leap
/// second as second 59 with nanoseconds of 1e9 or more. PostgreSQL has no second 60 and
/// stores an instant one second away, while SQLite keeps the text: a hash taken over the
/// instant would then no longer match what PostgreSQL returns, and the chain looks tampered. Folding keeps the order of
/// events (the folded instant is still after everything earlier in that second) and the same
/// stored form on both backends. The edges refuse leap seconds outright; this is the defence
/// behind them.
pub fn normalise(t: DateTime<Utc>) -> DateTime<Utc> {
    let t = t.trunc_subsecs(6);
    if is_leap_second(&t) {
        // A leap second is always second 59 with nanos >= 1e9, so a nanosecond value below 1e9
        // is always accepted.
        t.with_nanosecond(LAST_MICROSECOND_NANOS).unwrap_or(t)
    } else {
        t
    }
}

/// Whether `t` is a leap second (second 60), which breachdesk does not store.
pub fn is_leap_second(t: &impl Timelike) -> bool {
    t.nanosecond() >= 1_000_000_000
}

/// Truncates an instant to whole seconds (for instants shown to people, such as due times).
pub fn whole_seconds(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::seconds(1)).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::SecondsFormat;
    use proptest::prelude::*;

    fn parse(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("valid RFC 3339").with_timezone(&Utc)
    }

    #[test]
    fn a_leap_second_folds_to_the_last_microsecond_before_it() {
        // (given, normalised)
        let table = [
            ("2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999999Z"),
            ("2016-12-31T23:59:60.5Z", "2016-12-31T23:59:59.999999Z"),
            ("2016-12-31T23:59:60.999999999Z", "2016-12-31T23:59:59.999999Z"),
            ("2017-01-01T00:59:60+01:00", "2016-12-31T23:59:59.999999Z"),
            ("2016-12-31T23:59:59.9999999Z", "2016-12-31T23:59:59.999999Z"),
            ("2016-12-31T23:59:59.1234567Z", "2016-12-31T23:59:59.123456Z"),
            ("2024-01-15T12:00:00Z", "2024-01-15T12:00:00.000000Z"),
        ];
        for (given, normalised) in table {
            let got = normalise(parse(given));
            assert_eq!(got.to_rfc3339_opts(SecondsFormat::Micros, true), normalised, "{given}");
            assert!(!is_leap_second(&got), "{given}");
        }
        assert!(is_leap_second(&parse("2016-12-31T23:59:60Z")));
        assert!(!is_leap_second(&parse("2016-12-31T23:59:59.999999Z")));
    }

    /// Any instant chrono can hold, leap seconds included (second 59 with nanos >= 1e9).
    fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
        (0i64..4_102_444_800, 0u32..2_000_000_000).prop_map(|(secs, nanos)| {
            let secs = if nanos >= 1_000_000_000 { secs / 60 * 60 + 59 } else { secs };
            DateTime::<Utc>::from_timestamp(secs, nanos).expect("second 59 may hold a leap second")
        })
    }

    proptest! {
        #[test]
        fn normalise_never_returns_a_leap_second_and_keeps_whole_microseconds(t in any_instant()) {
            let n = normalise(t);
            prop_assert!(n.nanosecond() < 1_000_000_000, "{n:?}");
            prop_assert_eq!(n.nanosecond() % 1000, 0);
            prop_assert!(n <= t);
            prop_assert!(t - n < TimeDelta::seconds(1));
            prop_assert_eq!(normalise(n), n);
            // What is written as text (SQLite, the hash chain) reads back as the same instant.
            prop_assert_eq!(parse(&n.to_rfc3339_opts(SecondsFormat::Micros, true)), n);
        }

        #[test]
        fn normalise_moves_an_ordinary_instant_by_less_than_a_microsecond(
            secs in 0i64..4_102_444_800, nanos in 0u32..1_000_000_000
        ) {
            let t = DateTime::<Utc>::from_timestamp(secs, nanos).expect("in range");
            let n = normalise(t);
            prop_assert!(t - n < TimeDelta::microseconds(1));
            prop_assert_eq!(n.timestamp(), t.timestamp());
        }
    }
}

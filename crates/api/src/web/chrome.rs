//! What every page shows around its content: the language, the signed-in user, the CSRF token
//! for forms, the navigation.

use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::{Permission, allows};
use report::Lang;

use super::i18n::{LANG_COOKIE, Texts, texts};
use crate::auth::{Credential, CurrentUser, cookie};
use domain::names::Named;

/// The signed-in user as the header shows them.
#[derive(Debug, Clone)]
pub struct ChromeUser {
    /// Display name.
    pub name: String,
    /// Role, in the page's language.
    pub role: &'static str,
    /// May open cases.
    pub can_open_case: bool,
    /// May reach the administration page.
    pub can_admin: bool,
    /// May read the breach register.
    pub can_read_register: bool,
    /// May read the staff reports and the public communication (notices, inquiries).
    pub can_read_public: bool,
}

/// The page frame.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The texts of the page's language.
    pub t: &'static Texts,
    /// The page's language.
    pub lang: Lang,
    /// The user, when signed in.
    pub user: Option<ChromeUser>,
    /// The session's CSRF token for forms ("" without a session).
    pub csrf: String,
    /// The current path, to come back to after switching language.
    pub path: String,
    /// Which navigation item is current.
    pub section: &'static str,
}

/// The language remembered in the cookie (Swedish by default).
pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE).and_then(Lang::parse).unwrap_or(Lang::Sv)
}

impl Chrome {
    /// A fresh one-time key for a form on this page (see [`super::once`]).
    pub fn form_key(&self) -> String {
        super::once::new_key()
    }

    /// The frame for a page at `path`.
    pub fn new(headers: &HeaderMap, user: Option<&CurrentUser>, path: &str, section: &'static str) -> Self {
        let lang = lang_of(headers);
        let csrf = match user.map(|u| &u.credential) {
            Some(Credential::Session { csrf_token, .. }) => csrf_token.clone(),
            _ => String::new(),
        };
        Chrome {
            t: texts(lang),
            lang,
            user: user.map(|u| ChromeUser {
                name: u.user.display_name.clone(),
                role: u.user.role.name(lang),
                can_open_case: allows(u.user.role, Permission::OpenCase),
                can_read_register: allows(u.user.role, Permission::ReadRegister),
                can_read_public: allows(u.user.role, Permission::ReadPublicCommunication),
                can_admin: [Permission::ManageUsers, Permission::ManageControllers, Permission::ManageOrganisation]
                    .into_iter()
                    .any(|p| allows(u.user.role, p)),
            }),
            csrf,
            path: path.to_owned(),
            section,
        }
    }
}

/// An instant in the organisation's zone in a table cell or a list, as a reader of `lang`
/// reads it ("2024-01-29 05.40" in Swedish; see `domain::notation`).
pub fn local(t: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    domain::notation::table_when(lang, t, tz)
}

/// An optional instant, or "" when absent.
pub fn local_opt(t: Option<DateTime<Utc>>, tz: Tz, lang: Lang) -> String {
    t.map(|t| local(t, tz, lang)).unwrap_or_default()
}

/// The value of a `datetime-local` input for an instant.
pub fn input_value(t: Option<DateTime<Utc>>, tz: Tz) -> String {
    t.map(|t| t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
}

/// Why a `datetime-local` value was refused (the message is shown beside the field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InputInstantError {
    /// Not `YYYY-MM-DDTHH:MM[:SS]`, or a local time that does not exist (the spring gap).
    #[error("is not a date and time")]
    NotADateTime,
    /// Second 60: see [`crate::extract::LEAP_SECOND_MESSAGE`].
    #[error("{}", crate::extract::LEAP_SECOND_MESSAGE)]
    LeapSecond,
}

/// Parses a `datetime-local` value in zone `tz` (the earlier instant in the repeated autumn hour).
///
/// # Errors
/// `NotADateTime` when it is not one; `LeapSecond` for second 60, which chrono accepts but
/// PostgreSQL cannot store as it was hashed.
pub fn parse_input(value: &str, tz: Tz) -> Result<DateTime<Utc>, InputInstantError> {
    use chrono::TimeZone;
    let naive = chrono::NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| InputInstantError::NotADateTime)?;
    if domain::time::is_leap_second(&naive) {
        return Err(InputInstantError::LeapSecond);
    }
    tz.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc)).ok_or(InputInstantError::NotADateTime)
}

/// Time left until `due` as text (the page without JavaScript shows this).
pub fn time_left(due: DateTime<Utc>, now: DateTime<Utc>, t: &Texts) -> String {
    let secs = (due - now).num_seconds();
    let abs = secs.unsigned_abs();
    let (d, h, m) = (abs / 86_400, abs % 86_400 / 3600, abs % 3600 / 60);
    let span = if d > 0 { format!("{d} d {h} h {m} min") } else { format!("{h} h {m} min") };
    if secs >= 0 { format!("{span} {}", t.time_left.to_lowercase()) } else { format!("{} {span}", t.overdue) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Stockholm;

    #[test]
    fn a_datetime_local_value_parses_in_the_zone_and_second_60_is_refused() {
        // (value, result as UTC)
        let table = [
            ("2024-01-15T13:00", Ok("2024-01-15T12:00:00+00:00")),
            ("2024-01-15T13:00:59", Ok("2024-01-15T12:00:59+00:00")),
            ("2017-01-01T00:59:60", Err(InputInstantError::LeapSecond)),
            ("2016-12-31T23:59:60", Err(InputInstantError::LeapSecond)),
            ("2024-03-31T02:30", Err(InputInstantError::NotADateTime)),
            ("15/1 2024", Err(InputInstantError::NotADateTime)),
        ];
        for (value, expected) in table {
            let got = parse_input(value, Stockholm).map(|t| t.to_rfc3339());
            assert_eq!(got, expected.map(str::to_owned), "{value}");
        }
    }
}

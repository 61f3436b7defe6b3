//! Who may do what: roles, permissions and the permission matrix, e-mail addresses and
//! passwords as accepted at the edge, and the login-lockout rule. Pure: every instant is passed in.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::case::text_enum;
use crate::ids::{ApiTokenId, UserId};
use crate::validation::ValidationErrors;

text_enum!(
    /// A user's role within the organisation (DESIGN.md, "User").
    Role {
        /// Runs the installation: users, organisation settings; may do everything.
        Admin = "admin",
        /// The data protection officer: runs cases end to end, manages controllers.
        Dpo = "dpo",
        /// An incident handler: opens cases, logs events and actions; takes no decisions.
        Handler = "handler",
        /// Management (kommundirektör, IT chief): reads every case, clock and dashboard.
        Management = "management",
        /// Legal (jurist, registrator): reads, exports drafts and records submissions.
        Legal = "legal",
        /// Reads cases; changes nothing.
        Viewer = "viewer",
    }
);

text_enum!(
    /// Something a route lets a user do. Every route declares exactly one (or is public).
    Permission {
        /// Read cases, their timeline, actions, clocks, assessment, decisions, filings and
        /// the controllers they affect; see the dashboard.
        ReadCases = "read_cases",
        /// Open a new case.
        OpenCase = "open_case",
        /// Change the facts of a case (title, instants, categories, status).
        EditCaseFacts = "edit_case_facts",
        /// Append to a case's timeline.
        LogTimeline = "log_timeline",
        /// Add and update the actions of a case.
        ManageActions = "manage_actions",
        /// Record the risk assessment.
        Assess = "assess",
        /// Take the decisions (notify IMY, inform data subjects, report to the police, NIS2).
        Decide = "decide",
        /// Record that a notification was submitted (IMY, police, data subjects, CSIRT).
        RecordFiling = "record_filing",
        /// Download notification drafts (each download is in the audit log).
        ExportDrafts = "export_drafts",
        /// Read and export the breach register (Art. 33(5)).
        ReadRegister = "read_register",
        /// Add and change controllers.
        ManageControllers = "manage_controllers",
        /// Add users, change roles, revoke other users' tokens.
        ManageUsers = "manage_users",
        /// Change the organisation's settings (name, DPO contact, time zone).
        ManageOrganisation = "manage_organisation",
        /// Read the audit log.
        ReadAudit = "read_audit",
        /// Add evidence files to a case.
        AddEvidence = "add_evidence",
        /// Download the content of evidence files (every download is on the case's record).
        DownloadEvidence = "download_evidence",
        /// Withdraw an item of evidence (with a reason; its bytes are kept).
        WithdrawEvidence = "withdraw_evidence",
    }
);

/// The permission matrix: whether `role` has `permission`.
///
/// Least privilege (GDPR Art. 32, Art. 25): management and viewers only read; legal reads,
/// exports drafts and records submissions but cannot change facts; handlers log events and
/// actions but take no assessment or decision; the DPO runs cases and controllers; only the
/// admin manages users.
pub fn allows(role: Role, permission: Permission) -> bool {
    use Permission as P;
    match role {
        Role::Admin => true,
        Role::Dpo => !matches!(permission, P::ManageUsers),
        Role::Handler => matches!(
            permission,
            P::ReadCases | P::OpenCase | P::EditCaseFacts | P::LogTimeline | P::ManageActions | P::AddEvidence
        ),
        // Evidence: viewers see the list, not the files; management and legal download.
        Role::Management => matches!(permission, P::ReadCases | P::ReadRegister | P::DownloadEvidence),
        Role::Legal => matches!(
            permission,
            P::ReadCases | P::ReadRegister | P::ExportDrafts | P::RecordFiling | P::DownloadEvidence
        ),
        Role::Viewer => matches!(permission, P::ReadCases),
    }
}

/// Whether a permission only reads (the matrix test uses it to check that reading roles
/// never write). A download of evidence changes nothing but the custody record it leaves.
pub fn is_read_only(permission: Permission) -> bool {
    matches!(
        permission,
        Permission::ReadCases | Permission::ReadRegister | Permission::ReadAudit | Permission::DownloadEvidence
    )
}

/// The longest e-mail address accepted (RFC 5321 path limit).
pub const EMAIL_MAX_CHARS: usize = 254;

/// An e-mail address as breachdesk stores it: trimmed and lowercased, one `@`, a non-empty
/// local part and a domain with a dot. It names an account; it is never written to the log.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Parses an address.
    ///
    /// # Errors
    /// Names the field `email` when the text is not a plausible address.
    pub fn parse(text: &str) -> Result<Self, ValidationErrors> {
        let text = text.trim().to_lowercase();
        let valid = text.chars().count() <= EMAIL_MAX_CHARS
            && !text.chars().any(|c| {
                c.is_whitespace() || c.is_control() || crate::text::is_invisible(c) || crate::text::is_bidi_control(c)
            })
            && match text.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if valid { Ok(Self(text)) } else { Err(ValidationErrors::single("email", "must be an e-mail address")) }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = ValidationErrors;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

/// The shortest password accepted. NIST SP 800-63B: length, not composition rules.
pub const PASSWORD_MIN_CHARS: usize = 12;
/// The longest password accepted: long enough for any passphrase, short enough that hashing
/// it is no denial-of-service lever.
pub const PASSWORD_MAX_CHARS: usize = 256;

/// Checks a new password against the length rules.
///
/// # Errors
/// Names the field `password` when it is too short or too long.
pub fn check_new_password(password: &str) -> Result<(), ValidationErrors> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        Err(ValidationErrors::single("password", format!("must be at least {PASSWORD_MIN_CHARS} characters")))
    } else if chars > PASSWORD_MAX_CHARS {
        Err(ValidationErrors::single("password", format!("must be at most {PASSWORD_MAX_CHARS} characters")))
    } else {
        Ok(())
    }
}

/// When a series of failed logins locks an account (or an address) and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// This many failures ...
    pub max_failures: usize,
    /// ... within this window ...
    pub window: TimeDelta,
    /// ... lock for this long after the last of them.
    pub lock_for: TimeDelta,
}

/// OWASP ASVS 2.2.1: throttle guessing on one account. 20 wrong passwords within a minute
/// lock the account for 15 minutes.
pub const ACCOUNT_LOCKOUT: LockoutPolicy =
    LockoutPolicy { max_failures: 20, window: TimeDelta::minutes(1), lock_for: TimeDelta::minutes(15) };

/// Password spraying (one guess on many accounts) is throttled per client address instead;
/// looser, because a town hall's users may share one NAT address.
pub const ADDRESS_LOCKOUT: LockoutPolicy =
    LockoutPolicy { max_failures: 100, window: TimeDelta::minutes(1), lock_for: TimeDelta::minutes(15) };

impl LockoutPolicy {
    /// How far back the failures must be read to decide [`LockoutPolicy::locked_until`].
    pub fn lookback(&self) -> TimeDelta {
        self.window + self.lock_for
    }

    /// Until when the failed attempts at `failures` (any order) lock, if that is after `now`:
    /// a lock starts at any failure that is the `max_failures`-th within `window`, and lasts
    /// `lock_for` from it.
    pub fn locked_until(&self, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.max_failures == 0 {
            return None;
        }
        let mut sorted = failures.to_vec();
        sorted.sort();
        let span = self.max_failures - 1;
        sorted
            .iter()
            .enumerate()
            .skip(span)
            .filter(|(i, last)| **last - sorted[i - span] <= self.window)
            .map(|(_, last)| *last + self.lock_for)
            .max()
            .filter(|until| *until > now)
    }
}

/// A person with an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its id: what logs, the timeline and the audit log record as the actor.
    pub id: UserId,
    /// The login name.
    pub email: Email,
    /// The name shown to colleagues.
    pub display_name: String,
    /// What the user may do.
    pub role: Role,
    /// A deactivated user cannot log in and their tokens and sessions stop working.
    pub active: bool,
    /// The password is a one-time password set by an administrator: until it is changed the
    /// user can do nothing but change it.
    pub must_change_password: bool,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

/// Whether the installation keeps an active admin once user `id` has `role` and is active or
/// not: it must never lose its last admin (nobody could manage users any more). A change to
/// someone who is not an active admin takes no admin away, so it is allowed also where the
/// accounts were made from the shell and there is no admin at all.
pub fn leaves_an_admin(users: &[User], id: UserId, role: Role, active: bool) -> bool {
    let admin = |role: Role, active: bool| role == Role::Admin && active;
    let takes_an_admin = users.iter().any(|u| u.id == id && admin(u.role, u.active)) && !admin(role, active);
    !takes_an_admin
        || users.iter().any(|u| {
            let (role, active) = if u.id == id { (role, active) } else { (u.role, u.active) };
            admin(role, active)
        })
}

/// A person as the drafts and the register name them: the name and role behind the id the
/// record keeps (assessors and deciders appear by name and role, never by an id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The id the record keeps as the actor.
    pub id: String,
    /// The name shown to colleagues.
    pub name: String,
    /// Their role.
    pub role: Role,
}

impl Person {
    /// The person as a user is.
    pub fn of(user: &User) -> Person {
        Person { id: user.id.to_string(), name: user.display_name.clone(), role: user.role }
    }
}

/// "Eva Lindqvist (Dataskyddsombud)": the person behind `id` by name and role, in `lang`; a
/// record made by no known user (the demo loader, a removed account) says so, never the id.
pub fn name_and_role(people: &[Person], id: &str, lang: crate::names::Language) -> String {
    use crate::names::Named;
    match people.iter().find(|p| p.id == id) {
        Some(p) => format!("{} ({})", p.name, p.role.name(lang).to_lowercase()),
        None if id == crate::audit::CLI_ACTOR => lang.pick("kommandoraden", "the command line").to_owned(),
        None => lang.pick("okänd användare", "unknown user").to_owned(),
    }
}

/// The longest display name accepted.
pub const DISPLAY_NAME_MAX_CHARS: usize = 200;

/// OWASP Session Management: a session unused for this long ends.
pub const SESSION_IDLE_TIMEOUT: TimeDelta = TimeDelta::minutes(30);
/// OWASP Session Management: a session ends this long after login, however busy.
pub const SESSION_ABSOLUTE_LIFETIME: TimeDelta = TimeDelta::hours(12);
/// How stale `last_seen_at` may get before a request writes it again (fewer writes; the idle
/// timeout is accurate to this).
pub const SESSION_TOUCH_AFTER: TimeDelta = TimeDelta::minutes(1);

/// Whether a session created at `created_at` and last used at `last_seen_at` has expired.
pub fn session_expired(created_at: DateTime<Utc>, last_seen_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= created_at + SESSION_ABSOLUTE_LIFETIME || now >= last_seen_at + SESSION_IDLE_TIMEOUT
}

/// The lifetime of an API token unless another is asked for.
pub const API_TOKEN_DEFAULT_DAYS: i64 = 90;
/// The longest lifetime of an API token: integrations must rotate.
pub const API_TOKEN_MAX_DAYS: i64 = 366;

/// An API token as stored: everything but the secret, of which only a hash is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Its id (the public half of the token).
    pub id: ApiTokenId,
    /// Whose it is; requests with it act as this user.
    pub user_id: UserId,
    /// What it is for ("SIEM", "ärendesystem").
    pub label: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    /// Whether the token works at `now`.
    pub fn is_valid_at(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    use Permission as P;
    use Role as R;

    fn user(role: Role, active: bool) -> User {
        User {
            id: UserId::new(),
            email: Email::parse("a@example.se").expect("valid"),
            display_name: String::new(),
            role,
            active,
            must_change_password: false,
            created_at: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single().expect("valid"),
        }
    }

    #[test]
    fn the_last_active_admin_can_be_neither_demoted_nor_deactivated() {
        let (admin, other_admin, dpo) = (user(R::Admin, true), user(R::Admin, false), user(R::Dpo, true));
        let users = [admin.clone(), other_admin.clone(), dpo.clone()];
        assert!(!leaves_an_admin(&users, admin.id, R::Dpo, true));
        assert!(!leaves_an_admin(&users, admin.id, R::Admin, false));
        assert!(leaves_an_admin(&users, admin.id, R::Admin, true));
        assert!(leaves_an_admin(&users, dpo.id, R::Dpo, false));
        // Reactivating the other admin makes room to demote the first.
        let users = [admin.clone(), User { active: true, ..other_admin }, dpo.clone()];
        assert!(leaves_an_admin(&users, admin.id, R::Viewer, false));
        // Without any admin (accounts made from the shell), others can still be changed.
        let handler = user(R::Handler, true);
        let users = [dpo.clone(), handler.clone()];
        assert!(leaves_an_admin(&users, handler.id, R::Handler, false));
        assert!(leaves_an_admin(&users, dpo.id, R::Viewer, true));
    }

    /// The matrix as DESIGN.md and issue 3 state it, written out in full so that a change to
    /// `allows` that is not also made here fails.
    const MATRIX: &[(Permission, [bool; 6])] = &[
        //                      admin  dpo    handler mgmt   legal  viewer
        (P::ReadCases, [true, true, true, true, true, true]),
        (P::OpenCase, [true, true, true, false, false, false]),
        (P::EditCaseFacts, [true, true, true, false, false, false]),
        (P::LogTimeline, [true, true, true, false, false, false]),
        (P::ManageActions, [true, true, true, false, false, false]),
        (P::Assess, [true, true, false, false, false, false]),
        (P::Decide, [true, true, false, false, false, false]),
        (P::RecordFiling, [true, true, false, false, true, false]),
        (P::ExportDrafts, [true, true, false, false, true, false]),
        (P::ReadRegister, [true, true, false, true, true, false]),
        (P::ManageControllers, [true, true, false, false, false, false]),
        (P::ManageUsers, [true, false, false, false, false, false]),
        (P::ManageOrganisation, [true, true, false, false, false, false]),
        (P::ReadAudit, [true, true, false, false, false, false]),
        (P::AddEvidence, [true, true, true, false, false, false]),
        (P::DownloadEvidence, [true, true, false, true, true, false]),
        (P::WithdrawEvidence, [true, true, false, false, false, false]),
    ];
    const ROLES: [Role; 6] = [R::Admin, R::Dpo, R::Handler, R::Management, R::Legal, R::Viewer];

    #[test]
    fn the_matrix_is_exactly_as_specified() {
        assert_eq!(MATRIX.len(), Permission::ALL.len(), "every permission has a row");
        for (permission, row) in MATRIX {
            for (role, expected) in ROLES.iter().zip(row) {
                assert_eq!(allows(*role, *permission), *expected, "{role} × {permission}");
            }
        }
    }

    #[test]
    fn management_and_viewers_only_read() {
        for permission in Permission::ALL {
            for role in [R::Management, R::Viewer] {
                if allows(role, *permission) {
                    assert!(is_read_only(*permission), "{role} may {permission}");
                }
            }
        }
    }

    #[test]
    fn legal_exports_and_files_but_changes_no_facts_and_handlers_take_no_decisions() {
        assert!(allows(R::Legal, P::ExportDrafts) && allows(R::Legal, P::RecordFiling));
        for p in [P::EditCaseFacts, P::OpenCase, P::LogTimeline, P::Assess, P::Decide] {
            assert!(!allows(R::Legal, p), "legal may {p}");
        }
        assert!(allows(R::Handler, P::LogTimeline) && allows(R::Handler, P::ManageActions));
        assert!(!allows(R::Handler, P::Decide) && !allows(R::Handler, P::Assess));
    }

    #[test]
    fn e_mail_addresses_are_normalised_and_checked() {
        assert_eq!(Email::parse("  DPO@Bjuv.se ").expect("valid").as_str(), "dpo@bjuv.se");
        for bad in ["", "dpo", "@bjuv.se", "dpo@", "dpo@bjuv", "dpo@@bjuv.se", "d po@bjuv.se", "dpo@bjuv.se."] {
            assert!(Email::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn passwords_are_checked_by_length() {
        assert!(check_new_password("kort").is_err());
        assert!(check_new_password("korrekt häftklammer").is_ok());
        assert!(check_new_password(&"x".repeat(PASSWORD_MAX_CHARS + 1)).is_err());
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 15, 12, 0, 0).single().expect("valid") + TimeDelta::seconds(seconds)
    }

    #[test]
    fn twenty_failures_within_a_minute_lock_for_fifteen_minutes_from_the_last() {
        let p = ACCOUNT_LOCKOUT;
        let failures: Vec<_> = (0..20).map(|i| at(i * 3)).collect();
        assert_eq!(p.locked_until(&failures[..19], at(60)), None, "19 do not lock");
        let until = at(57) + TimeDelta::minutes(15);
        assert_eq!(p.locked_until(&failures, at(60)), Some(until));
        assert_eq!(p.locked_until(&failures, until - TimeDelta::seconds(1)), Some(until));
        assert_eq!(p.locked_until(&failures, until), None, "the lock ends");
    }

    #[test]
    fn sessions_end_when_idle_or_old() {
        let start = at(0);
        assert!(!session_expired(start, start, start + TimeDelta::minutes(29)));
        assert!(session_expired(start, start, start + SESSION_IDLE_TIMEOUT));
        let busy = start + TimeDelta::hours(12) - TimeDelta::minutes(1);
        assert!(!session_expired(start, busy, busy));
        assert!(session_expired(start, busy, start + SESSION_ABSOLUTE_LIFETIME));
    }

    #[test]
    fn failures_spread_over_more_than_the_window_do_not_lock() {
        let failures: Vec<_> = (0..40).map(|i| at(i * 4)).collect();
        assert_eq!(ACCOUNT_LOCKOUT.locked_until(&failures, at(200)), None);
    }
}

//! The audit log: who logged in (or failed to), whose role changed, which tokens were made or
//! revoked, and every draft export with the SHA-256 of its bytes. Hash-chained like the
//! timeline, one chain for the whole installation. Events carry ids, never names or case texts.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::case::text_enum;
use crate::chain::{GENESIS_HASH, chained_hash};
use crate::ids::AuditEventId;
use crate::time::normalise;

text_enum!(
    /// What an audit event records.
    AuditAction {
        /// A successful login (a new session).
        Login = "login",
        /// A login refused: unknown account, wrong password, disabled account.
        LoginFailed = "login_failed",
        /// A login refused because the account or address is locked (one event per refusal;
        /// written before locks were counted, kept so that older logs still read).
        LoginLocked = "login_locked",
        /// An account or a client address was locked after too many failed logins.
        LoginLockStarted = "login_lock_started",
        /// A login lock ended; `refused` says how many logins it refused meanwhile.
        LoginLockEnded = "login_lock_ended",
        /// A session ended by its user.
        Logout = "logout",
        /// A user was created.
        UserCreated = "user_created",
        /// A user's role changed.
        RoleChanged = "role_changed",
        /// A user was deactivated: their sessions ended, their tokens stopped working.
        UserDeactivated = "user_deactivated",
        /// A deactivated user was made active again.
        UserReactivated = "user_reactivated",
        /// A user changed their own password (their other sessions ended).
        PasswordChanged = "password_changed",
        /// An administrator set a one-time password, to be changed at the next login.
        PasswordReset = "password_reset",
        /// An API token was created.
        TokenCreated = "token_created",
        /// An API token was revoked.
        TokenRevoked = "token_revoked",
        /// A notification draft was exported (downloaded).
        DraftExported = "draft_exported",
        /// A case was imported from another installation or a breach register.
        CaseImported = "case_imported",
        /// An item of evidence was downloaded.
        EvidenceDownloaded = "evidence_downloaded",
        /// An item's bytes were purged under the retention rule.
        EvidencePurged = "evidence_purged",
    }
);

/// The actor of events done on the command line (whoever has shell access to the server).
pub const CLI_ACTOR: &str = "cli";
/// The actor of events without an authenticated user (failed logins).
pub const ANONYMOUS_ACTOR: &str = "anonymous";

/// One event of the audit log. Never edited or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Its id.
    pub id: AuditEventId,
    /// Its position in the chain, from 1.
    pub seq: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it: a user id, [`CLI_ACTOR`] or [`ANONYMOUS_ACTOR`].
    pub actor: String,
    /// What happened.
    pub action: AuditAction,
    /// The details as key/value pairs in a fixed order: ids, roles, hashes; never personal data.
    pub details: Vec<(String, String)>,
    /// The previous event's hash ([`GENESIS_HASH`] for the first).
    pub prev_hash: String,
    /// `SHA-256(prev_hash || canonical bytes of this event)`, hex.
    pub hash: String,
}

/// An event to be recorded, before it has a place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEvent {
    /// Who did it.
    pub actor: String,
    /// What happened.
    pub action: AuditAction,
    /// Ids, roles, hashes.
    pub details: Vec<(String, String)>,
}

impl NewAuditEvent {
    /// An event with no details yet.
    pub fn new(actor: impl Into<String>, action: AuditAction) -> Self {
        Self { actor: actor.into(), action, details: Vec::new() }
    }

    /// Adds one detail.
    #[must_use]
    pub fn with(mut self, key: &str, value: impl std::fmt::Display) -> Self {
        self.details.push((key.to_owned(), value.to_string()));
        self
    }

    /// Chains the event after `previous` (None for the first of the log).
    pub fn append(self, previous: Option<&AuditEvent>, now: DateTime<Utc>) -> AuditEvent {
        let mut event = AuditEvent {
            id: AuditEventId::new(),
            seq: previous.map_or(1, |p| p.seq + 1),
            at: normalise(now),
            actor: self.actor,
            action: self.action,
            details: self.details,
            prev_hash: previous.map_or_else(|| GENESIS_HASH.to_owned(), |p| p.hash.clone()),
            hash: String::new(),
        };
        event.hash = event.computed_hash();
        event
    }
}

impl AuditEvent {
    /// The hash this event should carry, recomputed from its fields.
    pub fn computed_hash(&self) -> String {
        let mut fields = vec![
            self.id.to_string(),
            self.seq.to_string(),
            self.at.to_rfc3339_opts(SecondsFormat::Micros, true),
            self.actor.clone(),
            self.action.as_str().to_owned(),
            self.details.len().to_string(),
        ];
        for (key, value) in &self.details {
            fields.push(key.clone());
            fields.push(value.clone());
        }
        chained_hash(&self.prev_hash, &fields)
    }

    /// The value of a detail.
    pub fn detail(&self, key: &str) -> Option<&str> {
        self.details.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Where the audit chain stops matching its hashes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit event {seq} ({id}) does not match its hash chain")]
pub struct AuditChainBreak {
    /// The sequence number of the first event that does not match.
    pub seq: i64,
    /// Its id.
    pub id: AuditEventId,
}

/// Recomputes the audit chain, events in `seq` order.
///
/// # Errors
/// Names the first event whose sequence, back-link or own hash does not match.
pub fn verify_audit_chain(events: &[AuditEvent]) -> Result<(), AuditChainBreak> {
    let mut prev_hash = GENESIS_HASH;
    for (i, event) in events.iter().enumerate() {
        let expected_seq = i64::try_from(i).unwrap_or(i64::MAX).saturating_add(1);
        if event.seq != expected_seq || event.prev_hash != prev_hash || event.hash != event.computed_hash() {
            return Err(AuditChainBreak { seq: event.seq, id: event.id });
        }
        prev_hash = &event.hash;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn log(n: usize) -> Vec<AuditEvent> {
        let now = Utc.with_ymd_and_hms(2024, 1, 15, 12, 0, 0).single().expect("valid");
        let mut out: Vec<AuditEvent> = Vec::new();
        for i in 0..n {
            let e = NewAuditEvent::new("0190f0f0-0000-7000-8000-000000000001", AuditAction::DraftExported)
                .with("case_id", i)
                .with("sha256", "ab")
                .append(out.last(), now);
            out.push(e);
        }
        out
    }

    #[test]
    fn an_untouched_log_verifies_and_a_changed_detail_breaks_it_there() {
        let mut events = log(4);
        assert_eq!(verify_audit_chain(&events), Ok(()));
        events[1].details[1].1 = "cd".into();
        assert_eq!(verify_audit_chain(&events).map_err(|b| b.seq), Err(2));
    }

    #[test]
    fn a_removed_event_breaks_the_chain() {
        let mut events = log(4);
        events.remove(0);
        assert_eq!(verify_audit_chain(&events).map_err(|b| b.seq), Err(2));
    }
}

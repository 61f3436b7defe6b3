//! Users, login sessions, API tokens and login attempts. Everything a second `breachdesk serve`
//! process must see lives here, in the database: nothing of it is kept in process memory.
//! Changes that the audit log must show are written in the same transaction as their event.

use chrono::{DateTime, Utc};
use domain::audit::{ANONYMOUS_ACTOR, AuditAction};
use domain::{ApiToken, ApiTokenId, Email, NewAuditEvent, Role, SessionId, User, UserId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

use crate::audit::{append_audit_in, lock_audit_chain};
use crate::connect::Store;
use crate::convert::parse_enum;
use crate::entity::{api_token, login_attempt, login_lock, oidc_login, session, user};
use crate::error::StoreError;

/// A user to be created; the password is already hashed (argon2id PHC string).
#[derive(Debug, Clone)]
pub struct NewUser {
    /// The login name.
    pub email: Email,
    /// The name shown to colleagues.
    pub display_name: String,
    /// What the user may do.
    pub role: Role,
    /// The argon2id hash of the password, in PHC format.
    pub password_hash: String,
}

/// A stored login session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// Its id (the public half of the cookie).
    pub id: SessionId,
    /// Whose it is.
    pub user_id: UserId,
    /// SHA-256 of the secret half, hex.
    pub secret_hash: String,
    /// When it began (the absolute expiry counts from here).
    pub created_at: DateTime<Utc>,
    /// When it was last used (the idle expiry counts from here).
    pub last_seen_at: DateTime<Utc>,
}

/// A stored API token with the hash of its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// The token.
    pub token: ApiToken,
    /// SHA-256 of the secret half, hex.
    pub secret_hash: String,
    /// When it was last used.
    pub last_used_at: Option<DateTime<Utc>>,
}

fn user_from_model(m: user::Model) -> Result<User, StoreError> {
    Ok(User {
        id: UserId(m.id),
        email: Email::parse(&m.email).map_err(|_| StoreError::Corrupt(format!("user {} e-mail", m.id)))?,
        display_name: m.display_name,
        role: parse_enum("role", &m.role, Role::parse)?,
        active: m.active,
        must_change_password: m.must_change_password,
        created_at: m.created_at,
    })
}

fn token_from_model(m: api_token::Model) -> TokenRecord {
    TokenRecord {
        token: ApiToken {
            id: ApiTokenId(m.id),
            user_id: UserId(m.user_id),
            label: m.label,
            created_at: m.created_at,
            expires_at: m.expires_at,
            revoked_at: m.revoked_at,
        },
        secret_hash: m.secret_hash,
        last_used_at: m.last_used_at,
    }
}

impl Store {
    /// Creates a user and records it in the audit log.
    ///
    /// # Errors
    /// `Conflict` when the e-mail address already has an account.
    pub async fn create_user(&self, new: NewUser, actor: &str, now: DateTime<Utc>) -> Result<User, StoreError> {
        let now = domain::time::normalise(now);
        let id = UserId::new();
        let txn = self.db.begin().await?;
        let model = user::ActiveModel {
            id: Set(id.0),
            email: Set(new.email.as_str().to_owned()),
            display_name: Set(new.display_name),
            role: Set(new.role.as_str().to_owned()),
            password_hash: Set(new.password_hash),
            active: Set(true),
            must_change_password: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict("this e-mail address already has an account".into()),
            other => other,
        })?;
        append_audit_in(
            &txn,
            NewAuditEvent::new(actor, AuditAction::UserCreated).with("user_id", id).with("role", new.role),
            now,
        )
        .await?;
        self.commit(txn).await?;
        user_from_model(model)
    }

    /// A user by id.
    ///
    /// # Errors
    /// `NotFound` for an unknown id.
    pub async fn user(&self, id: UserId) -> Result<User, StoreError> {
        user::Entity::find_by_id(id.0)
            .one(&self.read)
            .await?
            .map(user_from_model)
            .ok_or(StoreError::NotFound("user"))?
    }

    /// A user by e-mail address, with the stored password hash (for login only).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn user_for_login(&self, email: &Email) -> Result<Option<(User, String)>, StoreError> {
        let Some(model) = user::Entity::find().filter(user::Column::Email.eq(email.as_str())).one(&self.read).await?
        else {
            return Ok(None);
        };
        let hash = model.password_hash.clone();
        Ok(Some((user_from_model(model)?, hash)))
    }

    /// A user by e-mail address.
    ///
    /// # Errors
    /// `NotFound` when no account has that address.
    pub async fn user_by_email(&self, email: &Email) -> Result<User, StoreError> {
        self.user_for_login(email).await?.map(|(u, _)| u).ok_or(StoreError::NotFound("user"))
    }

    /// Every user, by e-mail address.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        user::Entity::find()
            .order_by_asc(user::Column::Email)
            .all(&self.read)
            .await?
            .into_iter()
            .map(user_from_model)
            .collect()
    }

    /// Changes a user's role, recording the old and new role in the audit log. The user's
    /// sessions end: a demoted user must not keep a session opened with more rights.
    ///
    /// # Errors
    /// `NotFound` for an unknown user.
    pub async fn change_role(
        &self,
        id: UserId,
        role: Role,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<User, StoreError> {
        let now = domain::time::normalise(now);
        let txn = self.db.begin().await?;
        let before = user::Entity::find_by_id(id.0).one(&txn).await?.ok_or(StoreError::NotFound("user"))?;
        let from = before.role.clone();
        let mut model: user::ActiveModel = before.into();
        model.role = Set(role.as_str().to_owned());
        model.updated_at = Set(now);
        let after = model.update(&txn).await?;
        session::Entity::delete_many().filter(session::Column::UserId.eq(id.0)).exec(&txn).await?;
        append_audit_in(
            &txn,
            NewAuditEvent::new(actor, AuditAction::RoleChanged).with("user_id", id).with("from", from).with("to", role),
            now,
        )
        .await?;
        self.commit(txn).await?;
        user_from_model(after)
    }

    /// Starts a session after a successful login and records the login (`method`: how the
    /// user proved who they are, "password" or "oidc"). `replaces` is the
    /// session the browser came with, if any: it is deleted (OWASP: session fixation; a login
    /// always gets a fresh id and secret). The user's expired sessions are swept at the same time.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn start_session(
        &self,
        record: &SessionRecord,
        replaces: Option<SessionId>,
        expired_before: DateTime<Utc>,
        method: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let txn = self.db.begin().await?;
        if let Some(old) = replaces {
            session::Entity::delete_by_id(old.0).exec(&txn).await?;
        }
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(record.user_id.0))
            .filter(session::Column::LastSeenAt.lt(expired_before))
            .exec(&txn)
            .await?;
        session::Entity::insert(session::ActiveModel {
            id: Set(record.id.0),
            user_id: Set(record.user_id.0),
            secret_hash: Set(record.secret_hash.clone()),
            created_at: Set(record.created_at),
            last_seen_at: Set(record.last_seen_at),
        })
        .exec(&txn)
        .await?;
        append_audit_in(
            &txn,
            NewAuditEvent::new(record.user_id.to_string(), AuditAction::Login)
                .with("session_id", record.id)
                .with("method", method),
            now,
        )
        .await?;
        self.commit(txn).await?;
        Ok(())
    }

    /// A session by id.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn session(&self, id: SessionId) -> Result<Option<SessionRecord>, StoreError> {
        Ok(session::Entity::find_by_id(id.0).one(&self.read).await?.map(|m| SessionRecord {
            id: SessionId(m.id),
            user_id: UserId(m.user_id),
            secret_hash: m.secret_hash,
            created_at: m.created_at,
            last_seen_at: m.last_seen_at,
        }))
    }

    /// Notes that a session was used at `now` (the idle expiry counts from here). Written on
    /// the request's path, unlike a token's last use: the idle expiry of every process reads
    /// it, so it must have landed before the next request. The caller writes it at most once
    /// a minute (`domain::access::SESSION_TOUCH_AFTER`), so reads do not queue behind it.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn touch_session(&self, id: SessionId, now: DateTime<Utc>) -> Result<(), StoreError> {
        let now = domain::time::normalise(now);
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(id.0))
            .filter(session::Column::LastSeenAt.lt(now))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Deletes a session without an audit event (it expired).
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn delete_session(&self, id: SessionId) -> Result<(), StoreError> {
        session::Entity::delete_by_id(id.0).exec(&self.db).await?;
        Ok(())
    }

    /// Ends a session at its user's request and records the logout.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn end_session(&self, id: SessionId, user_id: UserId, now: DateTime<Utc>) -> Result<(), StoreError> {
        let txn = self.db.begin().await?;
        session::Entity::delete_by_id(id.0).exec(&txn).await?;
        append_audit_in(&txn, NewAuditEvent::new(user_id.to_string(), AuditAction::Logout).with("session_id", id), now)
            .await?;
        self.commit(txn).await?;
        Ok(())
    }

    /// Stores a new API token (its secret only as a hash) and records who made it for whom.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn create_token(
        &self,
        token: &ApiToken,
        secret_hash: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let txn = self.db.begin().await?;
        api_token::Entity::insert(api_token::ActiveModel {
            id: Set(token.id.0),
            user_id: Set(token.user_id.0),
            secret_hash: Set(secret_hash.to_owned()),
            label: Set(token.label.clone()),
            created_at: Set(token.created_at),
            expires_at: Set(token.expires_at),
            revoked_at: Set(token.revoked_at),
            last_used_at: Set(None),
        })
        .exec(&txn)
        .await?;
        append_audit_in(
            &txn,
            NewAuditEvent::new(actor, AuditAction::TokenCreated)
                .with("token_id", token.id)
                .with("user_id", token.user_id)
                .with("expires_at", token.expires_at.to_rfc3339()),
            now,
        )
        .await?;
        self.commit(txn).await?;
        Ok(())
    }

    /// An API token by id.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn token(&self, id: ApiTokenId) -> Result<Option<TokenRecord>, StoreError> {
        Ok(api_token::Entity::find_by_id(id.0).one(&self.read).await?.map(token_from_model).map(|mut t| {
            t.last_used_at = Ord::max(t.last_used_at, self.last_used.pending(id.0));
            t
        }))
    }

    /// A user's API tokens, newest first (revoked and expired ones too).
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn tokens_of(&self, user_id: UserId) -> Result<Vec<TokenRecord>, StoreError> {
        Ok(api_token::Entity::find()
            .filter(api_token::Column::UserId.eq(user_id.0))
            .order_by_desc(api_token::Column::CreatedAt)
            .all(&self.read)
            .await?
            .into_iter()
            .map(token_from_model)
            .collect())
    }

    /// Revokes an API token (at once, for every process) and records who did it.
    ///
    /// # Errors
    /// `NotFound` for an unknown token.
    pub async fn revoke_token(&self, id: ApiTokenId, actor: &str, now: DateTime<Utc>) -> Result<ApiToken, StoreError> {
        let now = domain::time::normalise(now);
        let txn = self.db.begin().await?;
        let model = api_token::Entity::find_by_id(id.0).one(&txn).await?.ok_or(StoreError::NotFound("token"))?;
        let user_id = model.user_id;
        let mut active: api_token::ActiveModel = model.into();
        if active.revoked_at.as_ref().is_none() {
            active.revoked_at = Set(Some(now));
        }
        let updated = active.update(&txn).await?;
        append_audit_in(
            &txn,
            NewAuditEvent::new(actor, AuditAction::TokenRevoked).with("token_id", id).with("user_id", UserId(user_id)),
            now,
        )
        .await?;
        self.commit(txn).await?;
        Ok(token_from_model(updated).token)
    }

    /// Notes that a token was used at `now`, in the background (`last_used.rs`): an API read
    /// never waits for this commit. Until it lands, [`Store::token`] reads this instant.
    ///
    /// # Errors
    /// Never: a failed write is logged and retried by a later request.
    pub async fn touch_token(&self, id: ApiTokenId, now: DateTime<Utc>) -> Result<(), StoreError> {
        let now = domain::time::normalise(now);
        let db = self.db.clone();
        self.last_used.spawn(id.0, now, async move {
            api_token::Entity::update_many()
                .col_expr(api_token::Column::LastUsedAt, Expr::value(Some(now)))
                .filter(api_token::Column::Id.eq(id.0))
                .filter(api_token::Column::LastUsedAt.is_null().or(api_token::Column::LastUsedAt.lt(now)))
                .exec(&db)
                .await?;
            Ok(())
        });
        Ok(())
    }

    /// Records a login attempt for throttling. `account_key` is a hash of the e-mail address
    /// typed (so unknown addresses are throttled alike and no address is stored).
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn record_login_attempt(
        &self,
        account_key: &str,
        address: &str,
        succeeded: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        login_attempt::Entity::insert(login_attempt::ActiveModel {
            id: Set(uuid::Uuid::now_v7()),
            account_key: Set(account_key.to_owned()),
            address: Set(address.to_owned()),
            at: Set(domain::time::normalise(now)),
            succeeded: Set(succeeded),
        })
        .exec(&self.db)
        .await?;
        Ok(())
    }

    /// The failed attempts on an account since `since`.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn login_failures_for_account(
        &self,
        account_key: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        self.login_failures(login_attempt::Column::AccountKey.eq(account_key), since).await
    }

    /// The failed attempts from an address since `since`.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn login_failures_from_address(
        &self,
        address: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        self.login_failures(login_attempt::Column::Address.eq(address), since).await
    }

    async fn login_failures(
        &self,
        filter: sea_orm::sea_query::SimpleExpr,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        Ok(login_attempt::Entity::find()
            .select_only()
            .column(login_attempt::Column::At)
            .filter(filter)
            .filter(login_attempt::Column::Succeeded.eq(false))
            .filter(login_attempt::Column::At.gte(since))
            .into_tuple::<DateTime<Utc>>()
            .all(&self.read)
            .await?)
    }

    /// Forgets login attempts older than `before` (they no longer count towards any lock).
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn prune_login_attempts(&self, before: DateTime<Utc>) -> Result<(), StoreError> {
        login_attempt::Entity::delete_many().filter(login_attempt::Column::At.lt(before)).exec(&self.db).await?;
        Ok(())
    }
}

/// How a password is being replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChange {
    /// The user changed their own password; every session but `keep` ends.
    Own {
        /// The session the change was made from (none: made with an API token).
        keep: Option<SessionId>,
    },
    /// An administrator set a one-time password: every session ends and the user must change
    /// it at the next login.
    OneTime,
}

/// A single sign-on login under way, as stored until the provider sends the user back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingOidcLogin {
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier for the code exchange.
    pub pkce_verifier: String,
    /// Where the user was headed.
    pub next: String,
}

impl Store {
    /// Deactivates or reactivates a user, recording it in the audit log. Deactivation ends the
    /// user's sessions at once; their tokens are refused from now on (the access check reads
    /// `active` on every request), in every process.
    ///
    /// # Errors
    /// `NotFound` for an unknown user.
    pub async fn set_active(
        &self,
        id: UserId,
        active: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<User, StoreError> {
        let now = domain::time::normalise(now);
        let txn = self.db.begin().await?;
        let before = user::Entity::find_by_id(id.0).one(&txn).await?.ok_or(StoreError::NotFound("user"))?;
        if before.active == active {
            return user_from_model(before);
        }
        let mut model: user::ActiveModel = before.into();
        model.active = Set(active);
        model.updated_at = Set(now);
        let after = model.update(&txn).await?;
        if !active {
            session::Entity::delete_many().filter(session::Column::UserId.eq(id.0)).exec(&txn).await?;
        }
        let action = if active { AuditAction::UserReactivated } else { AuditAction::UserDeactivated };
        append_audit_in(&txn, NewAuditEvent::new(actor, action).with("user_id", id), now).await?;
        self.commit(txn).await?;
        user_from_model(after)
    }

    /// Replaces a user's password hash and records it in the audit log; which sessions end
    /// and whether the user must change the password at the next login follows from `change`.
    ///
    /// # Errors
    /// `NotFound` for an unknown user.
    pub async fn set_password(
        &self,
        id: UserId,
        password_hash: String,
        change: PasswordChange,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<User, StoreError> {
        let now = domain::time::normalise(now);
        let txn = self.db.begin().await?;
        let before = user::Entity::find_by_id(id.0).one(&txn).await?.ok_or(StoreError::NotFound("user"))?;
        let mut model: user::ActiveModel = before.into();
        model.password_hash = Set(password_hash);
        model.must_change_password = Set(change == PasswordChange::OneTime);
        model.updated_at = Set(now);
        let after = model.update(&txn).await?;
        let mut sessions = session::Entity::delete_many().filter(session::Column::UserId.eq(id.0));
        if let PasswordChange::Own { keep: Some(keep) } = change {
            sessions = sessions.filter(session::Column::Id.ne(keep.0));
        }
        sessions.exec(&txn).await?;
        let action = match change {
            PasswordChange::Own { .. } => AuditAction::PasswordChanged,
            PasswordChange::OneTime => AuditAction::PasswordReset,
        };
        append_audit_in(&txn, NewAuditEvent::new(actor, action).with("user_id", id), now).await?;
        self.commit(txn).await?;
        user_from_model(after)
    }

    /// Notes that `subject` ("account:…" or "address:…") is locked until `until`. The first
    /// note of a lock records its start in the audit log (with `user_id` when the account is
    /// known); later notes only move its end. A stored lock that has already ended is closed
    /// first (its end event, with the count).
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn note_login_lock(
        &self,
        subject: &str,
        user_id: Option<UserId>,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (until, now) = (domain::time::normalise(until), domain::time::normalise(now));
        let txn = self.db.begin().await?;
        // One writer of lock transitions at a time, in every process (PostgreSQL); SQLite has
        // one connection.
        lock_audit_chain(&txn).await?;
        let existing = login_lock::Entity::find_by_id(subject.to_owned()).one(&txn).await?;
        if let Some(lock) = &existing {
            if lock.locked_until > now {
                if until > lock.locked_until {
                    login_lock::Entity::update_many()
                        .col_expr(login_lock::Column::LockedUntil, Expr::value(until))
                        .filter(login_lock::Column::Subject.eq(subject))
                        .exec(&txn)
                        .await?;
                }
                self.commit(txn).await?;
                return Ok(());
            }
            append_audit_in(&txn, lock_ended_event(lock), now).await?;
            login_lock::Entity::delete_by_id(subject.to_owned()).exec(&txn).await?;
        }
        login_lock::Entity::insert(login_lock::ActiveModel {
            subject: Set(subject.to_owned()),
            started_at: Set(now),
            locked_until: Set(until),
            refused: Set(0),
        })
        .exec(&txn)
        .await?;
        let mut event = NewAuditEvent::new(ANONYMOUS_ACTOR, AuditAction::LoginLockStarted)
            .with("lock", subject)
            .with("until", until.to_rfc3339());
        if let Some(id) = user_id {
            event = event.with("user_id", id);
        }
        append_audit_in(&txn, event, now).await?;
        self.commit(txn).await?;
        Ok(())
    }

    /// Counts one login refused by the lock on `subject`; `false` when no stored lock is in
    /// force (the caller then notes it). One atomic increment: no audit row per refusal.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn count_locked_refusal(&self, subject: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let result = login_lock::Entity::update_many()
            .col_expr(login_lock::Column::Refused, Expr::col(login_lock::Column::Refused).add(1))
            .filter(login_lock::Column::Subject.eq(subject))
            .filter(login_lock::Column::LockedUntil.gt(domain::time::normalise(now)))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected > 0)
    }

    /// Closes every stored lock that has ended by `now`: one audit event each, with the number
    /// of logins it refused. Each lock is closed once, whichever process gets there first.
    /// Returns how many were closed.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn end_login_locks(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let now = domain::time::normalise(now);
        let ended = login_lock::Entity::find().filter(login_lock::Column::LockedUntil.lte(now)).all(&self.db).await?;
        let mut closed = 0;
        for lock in ended {
            let txn = self.db.begin().await?;
            lock_audit_chain(&txn).await?;
            let Some(current) = login_lock::Entity::find_by_id(lock.subject.clone()).one(&txn).await? else {
                continue;
            };
            if current.locked_until > now {
                continue;
            }
            append_audit_in(&txn, lock_ended_event(&current), now).await?;
            login_lock::Entity::delete_by_id(current.subject.clone()).exec(&txn).await?;
            self.commit(txn).await?;
            closed += 1;
        }
        Ok(closed)
    }

    /// Stores a single sign-on login under way, found later by the hash of its `state`;
    /// forgets those begun before `expired_before` (never finished).
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn save_oidc_login(
        &self,
        state_hash: &str,
        pending: &PendingOidcLogin,
        expired_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        oidc_login::Entity::delete_many()
            .filter(oidc_login::Column::CreatedAt.lt(domain::time::normalise(expired_before)))
            .exec(&self.db)
            .await?;
        oidc_login::Entity::insert(oidc_login::ActiveModel {
            state_hash: Set(state_hash.to_owned()),
            nonce: Set(pending.nonce.clone()),
            pkce_verifier: Set(pending.pkce_verifier.clone()),
            next: Set(pending.next.clone()),
            created_at: Set(domain::time::normalise(now)),
        })
        .exec(&self.db)
        .await?;
        Ok(())
    }

    /// Takes the single sign-on login with this state hash: it can be taken once, by one
    /// process, and not after `expired_before`.
    ///
    /// # Errors
    /// Fails when the database cannot be written.
    pub async fn take_oidc_login(
        &self,
        state_hash: &str,
        expired_before: DateTime<Utc>,
    ) -> Result<Option<PendingOidcLogin>, StoreError> {
        let Some(row) = oidc_login::Entity::find_by_id(state_hash.to_owned()).one(&self.db).await? else {
            return Ok(None);
        };
        let deleted = oidc_login::Entity::delete_by_id(state_hash.to_owned()).exec(&self.db).await?;
        if deleted.rows_affected != 1 || row.created_at < domain::time::normalise(expired_before) {
            return Ok(None);
        }
        Ok(Some(PendingOidcLogin { nonce: row.nonce, pkce_verifier: row.pkce_verifier, next: row.next }))
    }
}

/// The audit event that closes a lock: when it started and ended, and how many logins it
/// refused in between.
fn lock_ended_event(lock: &login_lock::Model) -> NewAuditEvent {
    NewAuditEvent::new(ANONYMOUS_ACTOR, AuditAction::LoginLockEnded)
        .with("lock", &lock.subject)
        .with("started_at", lock.started_at.to_rfc3339())
        .with("until", lock.locked_until.to_rfc3339())
        .with("refused", lock.refused)
}

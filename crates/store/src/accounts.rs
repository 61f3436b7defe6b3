//! Users, login sessions, API tokens and login attempts. Everything a second `breachdesk serve`
//! process must see lives here, in the database: nothing of it is kept in process memory.
//! Changes that the audit log must show are written in the same transaction as their event.

use chrono::{DateTime, Utc};
use domain::audit::AuditAction;
use domain::{ApiToken, ApiTokenId, Email, NewAuditEvent, Role, SessionId, User, UserId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

use crate::audit::append_audit_in;
use crate::connect::Store;
use crate::convert::parse_enum;
use crate::entity::{api_token, login_attempt, session, user};
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

    /// Starts a session after a successful login and records the login. `replaces` is the
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
            NewAuditEvent::new(record.user_id.to_string(), AuditAction::Login).with("session_id", record.id),
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

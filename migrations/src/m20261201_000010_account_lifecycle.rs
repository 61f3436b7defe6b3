//! Accounts that can be ended and locks that are counted: a user may be made to change a
//! one-time password at the next login; the login locks in force, each with the number of
//! logins it refused (so several processes count into one number and the audit log gets one
//! event when a lock starts and one when it ends, not one per refusal); and the single sign-on
//! logins under way (state, nonce, PKCE verifier), which any process may finish.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    MustChangePassword,
}

#[derive(DeriveIden)]
enum LoginLocks {
    Table,
    Subject,
    StartedAt,
    LockedUntil,
    Refused,
}

#[derive(DeriveIden)]
enum OidcLogins {
    Table,
    StateHash,
    Nonce,
    PkceVerifier,
    Next,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(boolean(Users::MustChangePassword).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginLocks::Table)
                    // "account:<hash of the address typed>" or "address:<client address>".
                    .col(string_len(LoginLocks::Subject, 128).primary_key())
                    .col(timestamp_with_time_zone(LoginLocks::StartedAt))
                    .col(timestamp_with_time_zone(LoginLocks::LockedUntil))
                    .col(big_integer(LoginLocks::Refused))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("login_locks_until")
                    .table(LoginLocks::Table)
                    .col(LoginLocks::LockedUntil)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OidcLogins::Table)
                    .col(string_len(OidcLogins::StateHash, 64).primary_key())
                    .col(text(OidcLogins::Nonce))
                    .col(text(OidcLogins::PkceVerifier))
                    .col(text(OidcLogins::Next))
                    .col(timestamp_with_time_zone(OidcLogins::CreatedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(OidcLogins::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(LoginLocks::Table).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(Users::Table).drop_column(Users::MustChangePassword).to_owned())
            .await?;
        Ok(())
    }
}

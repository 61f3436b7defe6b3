//! Accounts and the secure perimeter: users, login sessions, API tokens, login attempts (for
//! throttling across processes) and the hash-chained audit log.
//!
//! Sessions and tokens store only the SHA-256 of their secret half. Instants are TIMESTAMPTZ,
//! always written from Rust.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    Role,
    PasswordHash,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    SecretHash,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    UserId,
    SecretHash,
    Label,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    AccountKey,
    Address,
    At,
    Succeeded,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    Seq,
    At,
    Actor,
    Action,
    Details,
    PrevHash,
    Hash,
}

fn user_fk(table: impl IntoIden + 'static, column: impl IntoIden + 'static) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(Users::Table, Users::Id).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    .col(string_len_uniq(Users::Email, 254))
                    .col(text(Users::DisplayName))
                    .col(string_len(Users::Role, 32))
                    .col(text(Users::PasswordHash))
                    .col(boolean(Users::Active))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(pk_uuid(Sessions::Id))
                    .col(uuid(Sessions::UserId))
                    .col(string_len(Sessions::SecretHash, 64))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .foreign_key(&mut user_fk(Sessions::Table, Sessions::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("sessions_user").table(Sessions::Table).col(Sessions::UserId).to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(pk_uuid(ApiTokens::Id))
                    .col(uuid(ApiTokens::UserId))
                    .col(string_len(ApiTokens::SecretHash, 64))
                    .col(text(ApiTokens::Label))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone(ApiTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .foreign_key(&mut user_fk(ApiTokens::Table, ApiTokens::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("api_tokens_user").table(ApiTokens::Table).col(ApiTokens::UserId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .col(pk_uuid(LoginAttempts::Id))
                    .col(string_len(LoginAttempts::AccountKey, 64))
                    .col(string_len(LoginAttempts::Address, 64))
                    .col(timestamp_with_time_zone(LoginAttempts::At))
                    .col(boolean(LoginAttempts::Succeeded))
                    .to_owned(),
            )
            .await?;
        // Throttling reads the recent failures of one account or one address.
        manager
            .create_index(
                Index::create()
                    .name("login_attempts_account_at")
                    .table(LoginAttempts::Table)
                    .col(LoginAttempts::AccountKey)
                    .col(LoginAttempts::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("login_attempts_address_at")
                    .table(LoginAttempts::Table)
                    .col(LoginAttempts::Address)
                    .col(LoginAttempts::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(pk_uuid(AuditEvents::Id))
                    .col(big_integer_uniq(AuditEvents::Seq))
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .col(text(AuditEvents::Actor))
                    .col(string_len(AuditEvents::Action, 32))
                    .col(text(AuditEvents::Details))
                    .col(string_len(AuditEvents::PrevHash, 64))
                    .col(string_len(AuditEvents::Hash, 64))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvents::Table.into_iden(),
            LoginAttempts::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

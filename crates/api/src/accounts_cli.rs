//! `breachdesk user ...` and `breachdesk token ...`: accounts and API tokens from the shell of
//! the server, which is how the first admin comes to exist (there is no default account and no
//! default password anywhere).

use std::io::{IsTerminal, Read};

use anyhow::Context;
use chrono::Utc;
use domain::audit::CLI_ACTOR;
use domain::{ApiTokenId, Email};
use store::Store;

use crate::auth::password::{PasswordCost, Passwords};
use crate::cli::{TokenCommand, UserCommand};
use crate::routes::tokens::issue_token;
use crate::routes::users::{change_user, new_user, reset_password};

/// A generated password: 128 random bits as 32 hex digits, in groups for reading aloud.
pub(crate) fn generated_password() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let hex = hex::encode(bytes);
    Ok(hex.as_bytes().chunks(8).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-"))
}

/// The password piped on standard input, if any (its first line).
fn piped_password() -> anyhow::Result<Option<String>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(None);
    }
    let mut text = String::new();
    stdin.lock().read_to_string(&mut text).context("cannot read the password from standard input")?;
    let line = text.lines().next().unwrap_or_default().trim_end_matches('\r').to_owned();
    Ok((!line.is_empty()).then_some(line))
}

/// Deactivates or reactivates the user with this e-mail address.
async fn set_active(store: &Store, email: &str, active: bool) -> anyhow::Result<()> {
    let user = store.user_by_email(&Email::parse(email)?).await.context("no user with that e-mail address")?;
    let user = change_user(store, user.id, None, Some(active), CLI_ACTOR, Utc::now()).await?;
    if user.active {
        println!("User {} is active again.", user.email.as_str());
    } else {
        println!(
            "User {} is deactivated: their sessions have ended and their API tokens are refused.",
            user.email.as_str()
        );
    }
    Ok(())
}

/// Runs a `user` subcommand.
///
/// # Errors
/// Fails with a message naming the problem (invalid field, unknown user, database).
pub async fn user(store: &Store, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { email, role, name } => {
            let (password, generated) = match piped_password()? {
                Some(p) => (p, false),
                None => (generated_password()?, true),
            };
            let passwords = Passwords::new(PasswordCost::PRODUCTION)?;
            let new = new_user(&passwords, Some(email), name, Some(role), Some(password.clone())).await?;
            let user = store.create_user(new, CLI_ACTOR, Utc::now()).await?;
            println!("User {} added with role {} (id {}).", user.email.as_str(), user.role, user.id);
            if generated {
                println!("Generated password (shown once, not stored): {password}");
            }
        }
        UserCommand::Role { email, role } => {
            let user = store.user_by_email(&Email::parse(&email)?).await?;
            let user = store.change_role(user.id, role, CLI_ACTOR, Utc::now()).await?;
            println!("User {} now has role {}.", user.email.as_str(), user.role);
        }
        UserCommand::Deactivate { email } => set_active(store, &email, false).await?,
        UserCommand::Reactivate { email } => set_active(store, &email, true).await?,
        UserCommand::ResetPassword { email } => {
            let user = store.user_by_email(&Email::parse(&email)?).await.context("no user with that e-mail address")?;
            let passwords = Passwords::new(PasswordCost::PRODUCTION)?;
            let (user, password) = reset_password(store, &passwords, user.id, CLI_ACTOR, Utc::now()).await?;
            println!(
                "One-time password for {} (shown once; it must be changed at the next login, and their sessions have ended):",
                user.email.as_str()
            );
            println!("{password}");
        }
        UserCommand::List => {
            for user in store.users().await? {
                let state = match (user.active, user.must_change_password) {
                    (false, _) => " (deactivated)",
                    (true, true) => " (one-time password)",
                    (true, false) => "",
                };
                println!("{}  {:<10}  {}{state}", user.id, user.role.as_str(), user.email.as_str());
            }
        }
    }
    Ok(())
}

/// Runs a `token` subcommand.
///
/// # Errors
/// Fails with a message naming the problem.
pub async fn token(store: &Store, command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create { email, days, label } => {
            let user = store.user_by_email(&Email::parse(&email)?).await.context("no user with that e-mail address")?;
            let (token, bearer) = issue_token(store, &user, label, Some(days), CLI_ACTOR, Utc::now()).await?;
            println!(
                "API token {} for {} ({}), valid until {}. Send it as Authorization: Bearer <token>.",
                token.id,
                user.email.as_str(),
                user.role,
                token.expires_at.to_rfc3339()
            );
            println!("It is shown once; breachdesk keeps only a hash of it:");
            println!("{bearer}");
        }
        TokenCommand::Revoke { id } => {
            let token = store.revoke_token(ApiTokenId(id), CLI_ACTOR, Utc::now()).await?;
            println!("API token {} revoked.", token.id);
        }
    }
    Ok(())
}

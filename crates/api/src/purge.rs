//! The retention of inquirers' personal data: `serve` purges it every hour, `breachdesk purge`
//! once. The rate-limit hits and form keys that no longer limit anything go at the same time.

use chrono::{DateTime, TimeDelta, Utc};
use domain::audit::CLI_ACTOR;
use domain::{Role, rate_limit::RateLimit};
use store::Store;

use crate::state::{AppState, PublicSettings};

/// How often `serve` purges.
const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Purges once: the personal data of inquiries settled longer ago than the retention, and the
/// public forms' stale rate-limit state and the one-time form keys kept past their time.
/// Returns how many inquiries were purged.
///
/// # Errors
/// Fails when the database cannot be written.
pub async fn run_once(store: &Store, settings: &PublicSettings, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let actor = casework::Actor { id: CLI_ACTOR.to_owned(), role: Role::Admin };
    let purged = casework::Casework::new(store, &actor, now).purge_inquiries(settings.retention_days).await?;
    let RateLimit { window, .. } = settings.inquiry_limit;
    store.prune_public_forms(now - window - TimeDelta::hours(1)).await?;
    store.prune_form_keys(now).await?;
    Ok(purged)
}

/// Starts the hourly purge in the background.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            every.tick().await;
            if let Err(err) = run_once(&state.store, &state.public, state.now()).await {
                tracing::error!(error = %err, "the inquiry purge failed; retried next hour");
            }
        }
    });
}

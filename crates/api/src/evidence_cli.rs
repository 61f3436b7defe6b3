//! `breachdesk evidence purge`: the retention purge of evidence bytes, from the shell of the
//! server (whoever holds it runs the organisation's retention decision; there is no web route
//! that deletes bytes).

use anyhow::Context;
use casework::{Actor, Casework};
use domain::audit::CLI_ACTOR;
use domain::{EvidenceId, Role};
use store::Store;

use crate::cli::EvidenceCommand;

/// Runs an `evidence` subcommand.
///
/// # Errors
/// Fails on the first item that is unknown or purged already, or when the database fails;
/// the items purged before it stay purged (each purge is its own recorded change).
pub async fn evidence(store: &Store, command: EvidenceCommand) -> anyhow::Result<()> {
    match command {
        EvidenceCommand::Purge { ids, reason } => {
            let actor = Actor { id: CLI_ACTOR.to_owned(), role: Role::Admin };
            for id in ids {
                let work = Casework::new(store, &actor, chrono::Utc::now());
                let item = work
                    .purge_evidence(EvidenceId(id), Some(reason.clone()))
                    .await
                    .with_context(|| format!("evidence item {id} cannot be purged"))?;
                println!("Purged the bytes of evidence item {} (SHA-256 {}); its record stays.", item.id, item.sha256);
            }
        }
    }
    Ok(())
}

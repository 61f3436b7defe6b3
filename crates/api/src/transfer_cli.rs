//! `breachdesk export CASE_REF FILE` and `breachdesk import FILE --by EMAIL`: one case as a
//! JSON document (docs/export-schema.json) and back, through the use cases.

use std::path::Path;

use anyhow::Context;
use chrono::Utc;
use domain::audit::CLI_ACTOR;
use domain::case_export::CaseExport;
use domain::{Email, Role};
use sha2::{Digest, Sha256};
use store::Store;

/// The user acting on the command line, as the use cases see them.
///
/// # Errors
/// Fails when there is no active user with that address.
pub async fn actor_for(store: &Store, email: &str) -> anyhow::Result<casework::Actor> {
    let user = store.user_by_email(&Email::parse(email)?).await.context("no user with that e-mail address")?;
    anyhow::ensure!(user.active, "the user {email} is deactivated");
    Ok(casework::Actor { id: user.id.to_string(), role: user.role })
}

/// Writes the export document of the case `reference` to `file`.
///
/// # Errors
/// Fails for an unknown case, a record that does not replay, or a file that cannot be written.
pub async fn export(store: &Store, reference: &str, file: &Path) -> anyhow::Result<CaseExport> {
    // Whoever has shell access to the server reads every case already.
    let actor = casework::Actor { id: CLI_ACTOR.to_owned(), role: Role::Admin };
    let document = casework::Casework::new(store, &actor, Utc::now())
        .export_case(reference, crate::backups::VERSION)
        .await
        .with_context(|| format!("cannot export {reference}"))?;
    let text = serde_json::to_string_pretty(&document)?;
    std::fs::write(file, text + "\n").with_context(|| format!("cannot write {}", file.display()))?;
    Ok(document)
}

/// Reads, checks and imports the export document `file`, by the user `by`.
///
/// # Errors
/// Fails, naming the entry, for a document whose chain does not verify; for a case that exists
/// here already; for a file that cannot be read or is not an export.
pub async fn import(
    store: &Store,
    file: &Path,
    by: &str,
) -> anyhow::Result<(CaseExport, domain::case_export::ImportRecord)> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let document: CaseExport = serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not a breachdesk case export (docs/export-schema.json)", file.display()))?;
    let actor = actor_for(store, by).await?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let record = casework::Casework::new(store, &actor, Utc::now())
        .import_case(&document, &sha256)
        .await
        .with_context(|| format!("{} is refused", file.display()))?;
    Ok((document, record))
}

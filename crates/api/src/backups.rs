//! Scheduled backups by `serve` (`BREACHDESK_BACKUP_DIR`): a snapshot with its manifest every
//! interval, the oldest removed beyond the retention count. The snapshot itself is
//! `store::backup` (the same as `breachdesk backup FILE`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use store::backup::{BackupError, Manifest, manifest_path};
use store::{DatabaseUrl, Store};

/// What a scheduled backup's file name starts with; only such files are ever removed.
const PREFIX: &str = "breachdesk-";

/// The version the manifest records.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where, how often and how many.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The directory the backups go to.
    pub dir: PathBuf,
    /// Time between two backups.
    pub every: Duration,
    /// How many backups to keep (the newest); at least 1.
    pub keep: usize,
}

/// The extension of a backup of this kind of database.
fn extension(url: &DatabaseUrl) -> &'static str {
    match url {
        DatabaseUrl::Sqlite(_) => "sqlite",
        DatabaseUrl::Postgres(_) => "pgdump",
    }
}

/// The file a backup taken at `at` goes to: names sort in time order.
pub fn file_for(dir: &Path, url: &DatabaseUrl, at: DateTime<Utc>) -> PathBuf {
    dir.join(format!("{PREFIX}{}.{}", at.format("%Y%m%dT%H%M%S%.3fZ"), extension(url)))
}

/// Removes the oldest scheduled backups (file and manifest) beyond the newest `keep`; returns
/// what it removed.
///
/// # Errors
/// Fails when the directory cannot be read; a file that cannot be removed is logged.
pub fn prune(dir: &Path, url: &DatabaseUrl, keep: usize) -> std::io::Result<Vec<PathBuf>> {
    let suffix = format!(".{}", extension(url));
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(&suffix))
        })
        .collect();
    backups.sort();
    let excess = backups.len().saturating_sub(keep.max(1));
    let mut removed = Vec::new();
    for old in backups.into_iter().take(excess) {
        for path in [manifest_path(&old), old.clone()] {
            if let Err(e) = std::fs::remove_file(&path)
                && e.kind() != std::io::ErrorKind::NotFound
            {
                tracing::error!(error = %e.kind(), "an old backup could not be removed");
            }
        }
        removed.push(old);
    }
    Ok(removed)
}

/// Takes one scheduled backup now and prunes the old ones.
///
/// # Errors
/// Fails when the backup fails or the directory cannot be written.
pub async fn run_once(
    store: &Store,
    url: &DatabaseUrl,
    schedule: &Schedule,
    now: DateTime<Utc>,
) -> Result<(Manifest, Vec<PathBuf>), BackupError> {
    std::fs::create_dir_all(&schedule.dir)
        .map_err(|e| BackupError::Io(format!("cannot create {}", schedule.dir.display()), e))?;
    let manifest = store.backup(url, &file_for(&schedule.dir, url, now), VERSION, now).await?;
    let removed = prune(&schedule.dir, url, schedule.keep)
        .map_err(|e| BackupError::Io(format!("cannot read {}", schedule.dir.display()), e))?;
    Ok((manifest, removed))
}

/// Runs [`run_once`] at the start and then every interval.
pub fn spawn(store: Store, url: DatabaseUrl, schedule: Schedule) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(schedule.every);
        loop {
            tick.tick().await;
            match run_once(&store, &url, &schedule, Utc::now()).await {
                Ok((manifest, removed)) => {
                    tracing::info!(file = %manifest.file, removed = removed.len(), "scheduled backup taken");
                }
                Err(error) => tracing::error!(%error, "scheduled backup failed"),
            }
        }
    });
}

//! `breachdesk backup` and `restore` on both databases: a snapshot restores into an empty
//! database with the manifest's counts and heads and verifies; a file changed after the
//! backup, a record tampered with before it, and a database that is not empty are refused,
//! saying why; scheduled backups keep only the newest.

use breachdesk::backups::{Schedule, VERSION, file_for, run_once};
use breachdesk_tests::{Backend, TestApp, TestDb, test_now};
use sea_orm::ConnectionTrait;
use serde_json::json;
use store::backup::{BackupError, manifest_path, read_manifest, restore};
use store::{DatabaseUrl, Store};

use crate::record::behind_breachdesks_back;
use crate::support::open_case;

fn work_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("breachdesk-backup-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An empty database to restore into: a SQLite file not yet created, or a fresh PostgreSQL
/// database.
async fn empty_target(backend: Backend, dir: &std::path::Path) -> (DatabaseUrl, Option<TestDb>) {
    match backend {
        Backend::Sqlite => (DatabaseUrl::parse(&format!("sqlite://{}/restored.db", dir.display())).unwrap(), None),
        Backend::Postgres => {
            let db = TestDb::unmigrated(Backend::Postgres).await.unwrap();
            (db.url.clone(), Some(db))
        }
    }
}

async fn case_with_entries(app: &TestApp) -> String {
    let id = open_case(app).await.json()["id"].as_str().unwrap().to_owned();
    for n in 0..3 {
        let entry = app
            .post(&format!("/api/v1/cases/{id}/timeline"), &json!({"kind": "note", "text": format!("post {n}")}))
            .await;
        assert_eq!(entry.status, 201, "{entry:?}");
    }
    id
}

async fn restores_with_the_manifests_counts(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else { return };
    case_with_entries(&app).await;
    let dir = work_dir();
    let file = dir.join("snapshot.backup");
    let manifest = app.db.store.backup(&app.db.url, &file, VERSION, test_now()).await.unwrap();
    assert_eq!(manifest.counts["cases"], 1);
    assert_eq!(manifest.counts["timeline_entries"], 4);
    assert_eq!(manifest.heads["events"].seq, 4);
    assert_eq!(read_manifest(&manifest_path(&file)).unwrap(), manifest);
    let (url, target) = empty_target(backend, &dir).await;
    let restored = restore(&url, &file).await.unwrap();
    assert_eq!(restored.counts, manifest.counts);
    assert!(restored.report.findings.is_empty());
    let again = Store::connect(&url).await.unwrap();
    assert_eq!(again.verify(None).await.unwrap().cases, 1);
    // Restoring twice is refused: the target is no longer empty.
    let refused = restore(&url, &file).await.unwrap_err();
    assert!(matches!(refused, BackupError::Refused(ref why) if why.contains("empty database")), "{refused}");
    if let Some(target) = target {
        target.finish().await;
    }
    let _ = std::fs::remove_dir_all(dir);
    app.finish().await;
}

async fn a_changed_file_is_refused_naming_its_sha256(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else { return };
    case_with_entries(&app).await;
    let dir = work_dir();
    let file = dir.join("snapshot.backup");
    app.db.store.backup(&app.db.url, &file, VERSION, test_now()).await.unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&file, bytes).unwrap();
    let (url, target) = empty_target(backend, &dir).await;
    let refused = restore(&url, &file).await.unwrap_err().to_string();
    assert!(refused.contains("SHA-256") && refused.contains("manifest"), "{refused}");
    if let Some(target) = target {
        target.finish().await;
    }
    let _ = std::fs::remove_dir_all(dir);
    app.finish().await;
}

async fn a_tampered_record_is_refused_naming_the_entry(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else { return };
    case_with_entries(&app).await;
    behind_breachdesks_back(
        &app,
        &["UPDATE timeline_entries SET text = 'Ändrat i efterhand.' WHERE seq = 3".to_owned()],
    )
    .await;
    let dir = work_dir();
    let file = dir.join("snapshot.backup");
    app.db.store.backup(&app.db.url, &file, VERSION, test_now()).await.unwrap();
    let (url, target) = empty_target(backend, &dir).await;
    let refused = restore(&url, &file).await.unwrap_err().to_string();
    assert!(refused.contains("does not verify") && refused.contains("timeline entry 3"), "{refused}");
    // Nothing is left behind: the target is still empty, so a good file could go in next.
    match &target {
        Some(db) => {
            let tables = db
                .store
                .raw_connection()
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DatabaseBackend::Postgres,
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
                ))
                .await
                .unwrap();
            assert!(tables.is_empty(), "the refused restore left tables behind");
        }
        None => assert!(!dir.join("restored.db").exists(), "the refused restore left a file behind"),
    }
    if let Some(target) = target {
        target.finish().await;
    }
    let _ = std::fs::remove_dir_all(dir);
    app.tampered().finish().await;
}

async fn scheduled_backups_keep_only_the_newest(backend: Backend) {
    let Some(app) = TestApp::new(backend).await else { return };
    case_with_entries(&app).await;
    let dir = work_dir();
    let schedule = Schedule { dir: dir.clone(), every: std::time::Duration::from_secs(3600), keep: 2 };
    let mut files = Vec::new();
    for hour in 0..3 {
        let at = test_now() + chrono::TimeDelta::hours(hour);
        let (manifest, removed) = run_once(&app.db.store, &app.db.url, &schedule, at).await.unwrap();
        files.push(file_for(&dir, &app.db.url, at));
        assert_eq!(manifest.counts["cases"], 1);
        assert_eq!(removed, if hour == 2 { vec![files[0].clone()] } else { vec![] });
    }
    assert!(!files[0].exists() && !manifest_path(&files[0]).exists(), "the oldest backup is removed");
    assert!(files[1].exists() && manifest_path(&files[2]).exists(), "the newest two are kept");
    let _ = std::fs::remove_dir_all(dir);
    app.finish().await;
}

breachdesk_tests::each_backend!(
    restores_with_the_manifests_counts,
    a_changed_file_is_refused_naming_its_sha256,
    a_tampered_record_is_refused_naming_the_entry,
    scheduled_backups_keep_only_the_newest
);

//! Migrations go up on an empty database, down to zero and up again, on both backends.

use breachdesk_tests::{Backend, TestDb};

async fn up_down_up(backend: Backend) {
    let Some(db) = TestDb::unmigrated(backend).await else {
        eprintln!("skipped: {} is not set", breachdesk_tests::POSTGRES_ENV);
        return;
    };
    let store = &db.store;
    store.migrate().await.unwrap();
    let applied = store.applied_migrations().await.unwrap();
    assert!(applied >= 1);
    store.migrate_down_all().await.unwrap();
    assert_eq!(store.applied_migrations().await.unwrap(), 0);
    store.migrate().await.unwrap();
    assert_eq!(store.applied_migrations().await.unwrap(), applied);
    // The schema works after the round trip.
    assert_eq!(store.cases(0, 10).await.unwrap().total, 0);
    db.finish().await;
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again_on_sqlite() {
    up_down_up(Backend::Sqlite).await;
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again_on_postgres() {
    up_down_up(Backend::Postgres).await;
}

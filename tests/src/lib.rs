//! The test harness: the real application over a fresh database per test, on SQLite and on
//! PostgreSQL, and a small client that speaks to it through the router.
//!
//! PostgreSQL tests run when `BREACHDESK_TEST_POSTGRES_URL` names a server
//! (e.g. `postgres://postgres@127.0.0.1:5432/test`); each test creates its own database there
//! and drops it afterwards. `.ci/run` sets it, so in CI they run and fail when PostgreSQL is
//! unreachable.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use breachdesk::{AppState, FixedClock, app};
use chrono::{DateTime, TimeZone, Utc};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;
use store::{DatabaseUrl, Store};
use tower::ServiceExt;

/// The environment variable naming the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "BREACHDESK_TEST_POSTGRES_URL";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary directory.
    Sqlite,
    /// A fresh database on the PostgreSQL server of `BREACHDESK_TEST_POSTGRES_URL`.
    Postgres,
}

/// A fresh, migrated database.
pub struct TestDb {
    /// The store over it.
    pub store: Store,
    cleanup: Option<(String, String)>,
    _dir: Option<tempdir::TempDir>,
}

mod tempdir {
    /// A directory removed when dropped.
    pub struct TempDir(pub std::path::PathBuf);
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// The PostgreSQL server URL for tests, if configured.
pub fn postgres_url() -> Option<String> {
    std::env::var(POSTGRES_ENV).ok().filter(|s| !s.is_empty())
}

impl TestDb {
    /// Creates and migrates a fresh database on `backend`; `None` when PostgreSQL is not
    /// configured (the test is then skipped locally; CI configures it).
    pub async fn new(backend: Backend) -> Option<TestDb> {
        let db = Self::unmigrated(backend).await?;
        db.store.migrate().await.expect("migrations apply");
        Some(db)
    }

    /// Like [`TestDb::new`], without running the migrations.
    pub async fn unmigrated(backend: Backend) -> Option<TestDb> {
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("breachdesk-test-{}", uuid::Uuid::new_v4()));
                let url = format!("sqlite://{}/breachdesk.db", dir.display());
                let store = Store::connect(&DatabaseUrl::parse(&url).unwrap()).await.expect("sqlite opens");
                Some(TestDb { store, cleanup: None, _dir: Some(tempdir::TempDir(dir)) })
            }
            Backend::Postgres => {
                let admin_url = postgres_url()?;
                let name = format!("breachdesk_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url)
                    .await
                    .unwrap_or_else(|e| panic!("{POSTGRES_ENV} is set but PostgreSQL is unreachable: {e}"));
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
                admin.close().await.ok();
                let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(b, _)| b);
                let url = format!("{base}/{name}");
                let store = Store::connect(&DatabaseUrl::parse(&url).unwrap()).await.expect("postgres opens");
                Some(TestDb { store, cleanup: Some((admin_url, name)), _dir: None })
            }
        }
    }

    /// Drops a PostgreSQL test database (SQLite directories go with the value).
    pub async fn finish(self) {
        let TestDb { store, cleanup, _dir } = self;
        drop(store);
        if let Some((admin_url, name)) = cleanup
            && let Ok(admin) = Database::connect(&admin_url).await
        {
            let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
            let _ = admin.close().await;
        }
    }
}

/// The instant tests run at unless they say otherwise: Monday 15 January 2024, 12:00 UTC.
pub fn test_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 15, 12, 0, 0).single().unwrap()
}

/// The application over a fresh database, with the clock pinned.
pub struct TestApp {
    /// The router, as the server would run it.
    pub router: Router,
    /// The database underneath.
    pub db: TestDb,
}

/// A response, read whole.
#[derive(Debug)]
pub struct TestResponse {
    /// Its status.
    pub status: StatusCode,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its body.
    pub body: Vec<u8>,
}

impl TestResponse {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, String::from_utf8_lossy(&self.body)))
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The fields named by a problem document.
    pub fn problem_fields(&self) -> Vec<String> {
        assert_eq!(self.header("content-type"), Some("application/problem+json"), "{self:?}");
        self.json()["errors"]
            .as_array()
            .map(|a| a.iter().map(|e| e["field"].as_str().unwrap_or_default().to_owned()).collect())
            .unwrap_or_default()
    }
}

impl TestApp {
    /// The app on `backend` at [`test_now`]; `None` when PostgreSQL is not configured.
    pub async fn new(backend: Backend) -> Option<TestApp> {
        Self::at(backend, test_now()).await
    }

    /// The app on `backend` with the clock pinned at `now`.
    pub async fn at(backend: Backend, now: DateTime<Utc>) -> Option<TestApp> {
        let db = TestDb::new(backend).await?;
        let state = AppState { store: db.store.clone(), clock: Arc::new(FixedClock(now)) };
        Some(TestApp { router: app(state), db })
    }

    /// Sends a request.
    pub async fn send(&self, method: Method, path: &str, headers: &[(&str, &str)], body: Body) -> TestResponse {
        let mut request = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self.router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        TestResponse { status, headers, body }
    }

    /// GET.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Method::GET, path, &[], Body::empty()).await
    }

    /// POST a JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> TestResponse {
        self.send(Method::POST, path, &[("content-type", "application/json")], Body::from(body.to_string())).await
    }

    /// PATCH a JSON body with an optional If-Match.
    pub async fn patch(&self, path: &str, if_match: Option<&str>, body: &Value) -> TestResponse {
        let mut headers = vec![("content-type", "application/json")];
        if let Some(tag) = if_match {
            headers.push(("if-match", tag));
        }
        self.send(Method::PATCH, path, &headers, Body::from(body.to_string())).await
    }

    /// Drops the database.
    pub async fn finish(self) {
        self.db.finish().await;
    }
}

/// Text of every page of a PDF.
pub fn pdf_text(bytes: &[u8]) -> (usize, String) {
    let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    (pages.len(), doc.extract_text(&pages).expect("extractable text"))
}

/// Runs one async test body on SQLite and on PostgreSQL, each on a fresh database:
/// `both_backends!(name, |app| async move { ... })` makes `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $setup:path, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run(backend: $crate::Backend) {
                let Some($app) = $setup(backend).await else {
                    eprintln!("skipped: {} is not set", $crate::POSTGRES_ENV);
                    return;
                };
                let app = $body.await;
                app.finish().await;
            }
            #[tokio::test]
            async fn sqlite() {
                run($crate::Backend::Sqlite).await;
            }
            #[tokio::test]
            async fn postgres() {
                run($crate::Backend::Postgres).await;
            }
        }
    };
}

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
use breachdesk::auth::AuthSettings;
use breachdesk::auth::password::PasswordCost;
use breachdesk::{AppState, ManualClock, app};
use chrono::{DateTime, TimeZone, Utc};
use domain::{Email, Role, User};
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
    /// The database URL it was opened with.
    pub url: DatabaseUrl,
    cleanup: Option<(String, String)>,
    _dir: Option<tempdir::TempDir>,
    _side_dirs: Vec<tempdir::TempDir>,
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
                let url = DatabaseUrl::parse(&url).unwrap();
                let store = Store::connect(&url).await.expect("sqlite opens");
                Some(TestDb { store, url, cleanup: None, _dir: Some(tempdir::TempDir(dir)), _side_dirs: Vec::new() })
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
                let url = DatabaseUrl::parse(&url).unwrap();
                let store = Store::connect(&url).await.expect("postgres opens");
                Some(TestDb { store, url, cleanup: Some((admin_url, name)), _dir: None, _side_dirs: Vec::new() })
            }
        }
    }

    /// A store of its own over the same database, as a second `serve` process has: its own
    /// connections, nothing shared in memory with [`TestDb::store`].
    pub async fn another_store(&self) -> Store {
        Store::connect(&self.url).await.expect("the database opens again")
    }

    /// The same database, its store appending the chains' heads on every commit to a witness
    /// file in a temporary directory of its own ([`Store::witness`] names it).
    pub fn witnessed(mut self) -> TestDb {
        let dir = self.side_dir("witness");
        self.store = self.store.clone().with_witness(dir.join("witness"));
        self
    }

    /// The same database, its store keeping evidence files in a directory of its own
    /// (BREACHDESK_EVIDENCE_DIR); the directory goes with the value.
    pub fn with_evidence_dir(mut self) -> TestDb {
        let dir = self.side_dir("evidence");
        self.store = self.store.clone().with_evidence_dir(dir);
        self
    }

    /// A fresh directory beside the database, removed with it.
    fn side_dir(&mut self, what: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("breachdesk-{what}-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        self._side_dirs.push(tempdir::TempDir(dir.clone()));
        dir
    }

    /// Drops a PostgreSQL test database (SQLite directories go with the value).
    pub async fn finish(self) {
        let TestDb { store, cleanup, _dir, _side_dirs, .. } = self;
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
    /// The clock the app reads; tests move it forward.
    pub clock: Arc<ManualClock>,
    /// The state the router was built over.
    pub state: AppState,
    /// The API token that [`TestApp::get`], `post`, `patch` and `send` send: a DPO's.
    pub token: String,
}

/// A user made for a test, with a password and an API token.
#[derive(Debug, Clone)]
pub struct TestUser {
    /// The user.
    pub user: User,
    /// Their password.
    pub password: String,
    /// An API token of theirs.
    pub token: String,
}

/// A logged-in browser: its session cookie and the session's CSRF token.
#[derive(Debug, Clone)]
pub struct TestSession {
    /// `breachdesk_session=...`, as a Cookie header.
    pub cookie: String,
    /// The CSRF token to send as `x-csrf-token`.
    pub csrf: String,
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
        Some(Self::over(TestDb::new(backend).await?, now).await)
    }

    /// The app on `backend` at [`test_now`], its store keeping a witness file
    /// ([`TestDb::witnessed`]).
    pub async fn witnessed(backend: Backend) -> Option<TestApp> {
        Some(Self::over(TestDb::new(backend).await?.witnessed(), test_now()).await)
    }

    /// The app on `backend` at [`test_now`], evidence files kept in a directory store
    /// ([`TestDb::with_evidence_dir`]).
    pub async fn with_evidence_dir(backend: Backend) -> Option<TestApp> {
        Some(Self::over(TestDb::new(backend).await?.with_evidence_dir(), test_now()).await)
    }

    /// The app over `db` with the clock pinned at `now`.
    pub async fn over(db: TestDb, now: DateTime<Utc>) -> TestApp {
        let clock = Arc::new(ManualClock::new(now));
        let auth = AuthSettings::for_public_url(None, PasswordCost::TESTS).unwrap();
        let state = AppState {
            store: db.store.clone(),
            clock: clock.clone(),
            auth: Arc::new(auth),
            metrics: Arc::new(breachdesk::metrics::Metrics::new(None)),
        };
        let mut app = TestApp { router: app(state.clone()), db, clock, state, token: String::new() };
        app.token = app.user(Role::Dpo).await.token;
        app
    }

    /// A new user with `role`, a password and an API token.
    pub async fn user(&self, role: Role) -> TestUser {
        let n = uuid::Uuid::new_v4().simple().to_string();
        let email = format!("{}.{}@example.se", role.as_str(), &n[..8]);
        let password = format!("lösenord-{n}");
        self.user_with(&email, &format!("Test {role}"), role, &password).await
    }

    /// A new user with these details and an API token.
    pub async fn user_with(&self, email: &str, name: &str, role: Role, password: &str) -> TestUser {
        let new = breachdesk::routes::users::new_user(
            &self.state.auth.passwords,
            Some(email.to_owned()),
            Some(name.to_owned()),
            Some(role),
            Some(password.to_owned()),
        )
        .await
        .unwrap();
        let user = self.db.store.create_user(new, "cli", self.state.now()).await.unwrap();
        let (_, token) =
            breachdesk::routes::tokens::issue_token(&self.db.store, &user, None, None, "cli", self.state.now())
                .await
                .unwrap();
        TestUser { user, password: password.to_owned(), token }
    }

    /// The audit events whose action is `action`, newest first.
    pub async fn audit_of(&self, action: &str) -> Vec<domain::AuditEvent> {
        let events = self.db.store.audit_events(100_000).await.unwrap();
        events.into_iter().filter(|e| e.action.as_str() == action).collect()
    }

    /// The stored user with this e-mail address.
    pub async fn stored_user(&self, email: &str) -> User {
        self.db.store.user_by_email(&Email::parse(email).unwrap()).await.unwrap()
    }

    /// Logs in through the API; panics unless it succeeds.
    pub async fn login(&self, email: &str, password: &str) -> TestSession {
        let response = self.try_login(email, password).await;
        assert_eq!(response.status, 200, "login failed: {response:?}");
        let set_cookie = response.header("set-cookie").unwrap();
        let cookie = set_cookie.split(';').next().unwrap().to_owned();
        TestSession { cookie, csrf: response.json()["csrf_token"].as_str().unwrap().to_owned() }
    }

    /// Tries to log in; returns the response.
    pub async fn try_login(&self, email: &str, password: &str) -> TestResponse {
        let body = serde_json::json!({"email": email, "password": password}).to_string();
        self.send_with(None, Method::POST, "/api/v1/session", &[("content-type", "application/json")], Body::from(body))
            .await
    }

    /// Sends a request with `token` as bearer (none: anonymous, or whatever `headers` carry).
    pub async fn send_with(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Body,
    ) -> TestResponse {
        self.send_via(&self.router, token, method, path, headers, body).await
    }

    /// The same application over the same database and clock, with other perimeter settings
    /// (password turns, single sign-on, local passwords off).
    pub fn router_with(&self, auth: AuthSettings) -> Router {
        app(AppState { auth: Arc::new(auth), ..self.state.clone() })
    }

    /// Like [`TestApp::send_with`], through `router`.
    pub async fn send_via(
        &self,
        router: &Router,
        token: Option<&str>,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Body,
    ) -> TestResponse {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        TestResponse { status, headers, body }
    }

    /// Sends a JSON request as the holder of `token`.
    pub async fn json_as(&self, token: &str, method: Method, path: &str, body: &Value) -> TestResponse {
        self.send_with(Some(token), method, path, &[("content-type", "application/json")], Body::from(body.to_string()))
            .await
    }

    /// Sends a request with the DPO's token.
    pub async fn send(&self, method: Method, path: &str, headers: &[(&str, &str)], body: Body) -> TestResponse {
        self.send_with(Some(&self.token), method, path, headers, body).await
    }

    /// GET.
    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Method::GET, path, &[], Body::empty()).await
    }

    /// POST a JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> TestResponse {
        self.send(Method::POST, path, &[("content-type", "application/json")], Body::from(body.to_string())).await
    }

    /// PUT a JSON body.
    pub async fn put(&self, path: &str, body: &Value) -> TestResponse {
        self.send(Method::PUT, path, &[("content-type", "application/json")], Body::from(body.to_string())).await
    }

    /// PATCH a JSON body with an optional If-Match.
    pub async fn patch(&self, path: &str, if_match: Option<&str>, body: &Value) -> TestResponse {
        let mut headers = vec![("content-type", "application/json")];
        if let Some(tag) = if_match {
            headers.push(("if-match", tag));
        }
        self.send(Method::PATCH, path, &headers, Body::from(body.to_string())).await
    }

    /// Proves the record every test leaves behind (`verify` finds nothing: no sequence of API
    /// calls can make it fail), then drops the database.
    pub async fn finish(self) {
        let report = self.db.store.verify(None).await.expect("verify reads the database");
        assert_eq!(report.findings, vec![], "the record a test leaves must verify");
        self.db.finish().await;
    }

    /// For a test that changes the database behind breachdesk's back on purpose: finished
    /// without the final `verify`.
    pub fn tampered(self) -> Tampered {
        Tampered(self)
    }
}

/// A [`TestApp`] whose database a test tampered with on purpose.
pub struct Tampered(pub TestApp);

impl Tampered {
    /// Drops the database.
    pub async fn finish(self) {
        self.0.db.finish().await;
    }
}

/// Text of every page of a PDF.
pub fn pdf_text(bytes: &[u8]) -> (usize, String) {
    let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    (pages.len(), doc.extract_text(&pages).expect("extractable text"))
}

/// Runs async test functions `async fn name(backend: Backend)` on SQLite and on PostgreSQL,
/// for tests that set up their databases themselves (two installations, a backup restored):
/// `each_backend!(a, b)` makes `a::sqlite`, `a::postgres`, `b::sqlite`, `b::postgres`.
#[macro_export]
macro_rules! each_backend {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::Backend::Sqlite).await;
            }
            #[tokio::test]
            async fn postgres() {
                super::$name($crate::Backend::Postgres).await;
            }
        }
    )*};
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

//! No personal data in logs: a whole scenario runs with every log line captured (at trace
//! level, stricter than production's info), and no case title, description, person's name,
//! e-mail address, personnummer or password may appear in them.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Body;
use axum::http::Method;
use breachdesk_tests::{Backend, TestApp, TestSession};
use domain::Role;
use serde_json::json;

/// Log output collected in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The log of the whole test process, captured by one global subscriber. A scoped
/// (thread-local) subscriber is not enough: tracing caches each callsite's interest globally,
/// and with other tests running in parallel without a subscriber an event can be skipped.
/// Capturing every test's log also scrubs more than this scenario.
fn captured_log() -> Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            let writer = captured.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_env_filter(breachdesk::logging::filter("trace").unwrap())
                .with_ansi(false)
                .with_writer(move || writer.clone())
                .finish();
            tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber in this binary");
            captured
        })
        .clone()
}

const TITLE: &str = "Elevregister för Vallaskolan skickat till fel mottagare";
const DESCRIPTION: &str =
    "Listan med Kalle Karlsson, 20121212-1212, och hans vårdnadshavare skickades till en extern adress.";
const SECRETS: &[&str] = &[
    TITLE,
    "Vallaskolan",
    "Kalle Karlsson",
    "Karlsson",
    "20121212-1212",
    "201212121212",
    "121212-1212",
    "Anna Andersson",
    "anna.andersson@bjuv.se",
    "anna.andersson",
    "Lisa Lindqvist",
    "ingen.alls@bjuv.se",
    "Sommarsol-2024!",
    "Barn- och utbildningsnämnden i Exempelstad",
];

async fn cookie_json(
    app: &TestApp,
    s: &TestSession,
    method: Method,
    path: &str,
    body: serde_json::Value,
) -> breachdesk_tests::TestResponse {
    let headers =
        [("content-type", "application/json"), ("cookie", s.cookie.as_str()), ("x-csrf-token", s.csrf.as_str())];
    app.send_with(None, method, path, &headers, Body::from(body.to_string())).await
}

async fn scenario(backend: Backend) {
    let captured = captured_log();
    let start = captured.0.lock().unwrap().len();

    let Some(app) = TestApp::new(backend).await else {
        eprintln!("skipped: {} is not set", breachdesk_tests::POSTGRES_ENV);
        return;
    };
    let admin = app.user(Role::Admin).await;
    let created = app
        .json_as(&admin.token, Method::POST, "/api/v1/users", &json!({"email": "anna.andersson@bjuv.se", "display_name": "Anna Andersson", "role": "dpo", "password": "Sommarsol-2024!"}))
        .await;
    assert_eq!(created.status, 201, "{created:?}");
    assert_eq!(app.try_login("anna.andersson@bjuv.se", "fel lösenord 123").await.status, 401);
    assert_eq!(app.try_login("ingen.alls@bjuv.se", "Sommarsol-2024!").await.status, 401);
    let anna = app.login("anna.andersson@bjuv.se", "Sommarsol-2024!").await;

    let controller = cookie_json(&app, &anna, Method::POST, "/api/v1/controllers", json!({"name": "Barn- och utbildningsnämnden i Exempelstad", "organisation_number": "212000-1041", "postal_address": "Box 1, 123 45 Exempelstad"})).await;
    let controller = controller.json()["id"].as_str().unwrap().to_owned();
    let case = cookie_json(
        &app,
        &anna,
        Method::POST,
        "/api/v1/cases",
        json!({
            "title": TITLE, "description": DESCRIPTION, "category": "misdirected", "breach_types": ["confidentiality"],
            "detected_at": "2024-01-15T08:00:00Z", "aware_at": "2024-01-15T09:00:00Z", "controller_ids": [controller]
        }),
    )
    .await;
    assert_eq!(case.status, 201, "{case:?}");
    let id = case.json()["id"].as_str().unwrap().to_owned();
    let bad = cookie_json(
        &app,
        &anna,
        Method::POST,
        "/api/v1/cases",
        json!({"title": TITLE, "description": DESCRIPTION, "category": "Kalle Karlsson"}),
    )
    .await;
    assert_eq!(bad.status, 400);
    cookie_json(&app, &anna, Method::POST, &format!("/api/v1/cases/{id}/timeline"), json!({"kind": "communication", "text": "Kalle Karlssons vårdnadshavare (20121212-1212) informerad per telefon."})).await;
    cookie_json(
        &app,
        &anna,
        Method::POST,
        &format!("/api/v1/cases/{id}/actions"),
        json!({"title": "Be mottagaren radera listan", "category": "contain", "owner": "Lisa Lindqvist"}),
    )
    .await;
    let patched = app
        .send_with(
            None,
            Method::PATCH,
            &format!("/api/v1/cases/{id}"),
            &[
                ("content-type", "application/json"),
                ("cookie", anna.cookie.as_str()),
                ("x-csrf-token", anna.csrf.as_str()),
                ("if-match", "\"1\""),
            ],
            Body::from(
                json!({"status": "investigating", "likely_consequences": "Kalle Karlsson kan utsättas för bedrägeri."})
                    .to_string(),
            ),
        )
        .await;
    assert_eq!(patched.status, 200, "{patched:?}");
    // The web UI too: the case page and a form post.
    let page_headers = [("cookie", anna.cookie.as_str()), ("accept", "text/html")];
    let page = app.send_with(None, Method::GET, &format!("/cases/{id}"), &page_headers, Body::empty()).await;
    assert_eq!(page.status, 200);
    let form = format!("kind=note&text=Samtal+med+Kalle+Karlsson+20121212-1212&csrf_token={}", anna.csrf);
    let form_headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("cookie", anna.cookie.as_str()),
        ("accept", "text/html"),
    ];
    let posted =
        app.send_with(None, Method::POST, &format!("/cases/{id}/timeline"), &form_headers, Body::from(form)).await;
    assert!(posted.status.is_redirection() || posted.status.is_success(), "{posted:?}");
    let legal = app.user(Role::Legal).await;
    let pdf = app
        .send_with(Some(&legal.token), Method::GET, &format!("/api/v1/cases/{id}/drafts/imy.pdf"), &[], Body::empty())
        .await;
    assert_eq!(pdf.status, 200);
    let anna_id = app.stored_user("anna.andersson@bjuv.se").await.id;
    app.json_as(&admin.token, Method::PATCH, &format!("/api/v1/users/{anna_id}"), &json!({"role": "handler"})).await;
    cookie_json(&app, &anna, Method::DELETE, "/api/v1/session", json!({})).await;
    app.finish().await;

    let log = String::from_utf8_lossy(&captured.0.lock().unwrap()[start..]).into_owned();
    assert!(
        log.contains("logged in") && log.contains("draft exported") && log.contains("case opened"),
        "the log was captured:\n{log}"
    );
    for secret in SECRETS {
        assert!(!log.contains(secret), "the log contains {secret:?}:\n{log}");
    }
}

#[tokio::test]
async fn a_whole_scenario_logs_no_personal_data_on_sqlite() {
    scenario(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_whole_scenario_logs_no_personal_data_on_postgres() {
    scenario(Backend::Postgres).await;
}

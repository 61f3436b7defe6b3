//! Times the requests people wait on — the dashboard, the case page, a timeline entry, the
//! register CSV and the IMY draft — through the real router over a SQLite file (and
//! PostgreSQL when BREACHDESK_BENCH_POSTGRES_URL names a fresh database), with N cases of
//! 20 timeline entries, a decision and a filing each. Prints a markdown table of medians.
//!
//! Usage: bench_api [CASES] [RUNS]   (bench/api.sh runs it in release and records the table)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use domain::record::CaseEvent;
use std::sync::Arc;
use std::time::{Duration, Instant};
use store::Precondition;

use axum::body::Body;
use axum::http::{Method, Request};
use breachdesk::auth::AuthSettings;
use breachdesk::auth::password::PasswordCost;
use breachdesk::{AppState, FixedClock, app};
use chrono::{TimeDelta, TimeZone, Utc};
use domain::decision::{DecisionKind, NewDecision, Outcome};
use domain::filing::{NewFiling, Phase, Recipient};
use domain::{BreachType, Category, EntryKind, NewCase, NewTimelineEntry, Role};
use http_body_util::BodyExt;
use store::{DatabaseUrl, Store};
use tower::ServiceExt;

async fn fill(store: &Store, cases: usize) -> String {
    let base = Utc.with_ymd_and_hms(2024, 1, 1, 8, 0, 0).single().unwrap();
    let mut last = String::new();
    for i in 0..cases {
        let aware = base + TimeDelta::hours(i as i64 * 7);
        let new = NewCase {
            title: Some(format!("Incident {i}: felskickad e-post med personuppgifter")),
            description: Some("Ett e-postmeddelande med elevers personnummer skickades till fel mottagare. ".repeat(5)),
            category: Some(Category::ALL[i % Category::ALL.len()]),
            breach_types: Some(vec![BreachType::Confidentiality]),
            detected_at: Some(aware),
            aware_at: Some(aware),
            ..NewCase::default()
        };
        let case = store.create_case(new, "bench", aware, 2024).await.unwrap();
        for j in 0..20 {
            let at = aware + TimeDelta::minutes(j * 5);
            let entry = NewTimelineEntry {
                occurred_at: Some(at),
                kind: Some(EntryKind::Note),
                text: Some(format!("Händelse {j} i ärendet.")),
                corrects: None,
            };
            store.append_timeline(case.id, entry, "bench", at + TimeDelta::minutes(1)).await.unwrap();
        }
        let at = aware + TimeDelta::hours(3);
        let decision = NewDecision {
            kind: Some(DecisionKind::ReportPolice),
            outcome: Some(Outcome::Yes),
            reasons: Some("Dataintrång.".into()),
            exemption: None,
        }
        .decide(case.id, None, &[], "bench", at)
        .unwrap();
        store.record(case.id, Precondition::None, &CaseEvent::Decided { decision }, "bench", at, None).await.unwrap();
        let filing = NewFiling {
            recipient: Some(Recipient::Police),
            phase: Some(Phase::Complete),
            submitted_at: Some(at),
            ..NewFiling::default()
        }
        .record(case.id, None, "{}".into(), "bench", at)
        .unwrap();
        store.record(case.id, Precondition::None, &CaseEvent::Filed { filing }, "bench", at, None).await.unwrap();
        last = case.id.to_string();
    }
    last
}

async fn time(
    router: &axum::Router,
    token: &str,
    method: Method,
    path: &str,
    body: Option<&str>,
    runs: usize,
) -> Duration {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut request =
            Request::builder().method(method.clone()).uri(path).header("authorization", format!("Bearer {token}"));
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        let request = request.body(body.map_or_else(Body::empty, |b| Body::from(b.to_owned()))).unwrap();
        let start = Instant::now();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let _ = response.into_body().collect().await.unwrap();
        samples.push(start.elapsed());
        assert!(status.is_success(), "{method} {path}: {status}");
    }
    samples.sort();
    samples[samples.len() / 2]
}

async fn bench(label: &str, url: &str, cases: usize, runs: usize) {
    let store = Store::connect(&DatabaseUrl::parse(url).unwrap()).await.unwrap();
    store.migrate().await.unwrap();
    let case_id = fill(&store, cases).await;
    let now = Utc.with_ymd_and_hms(2024, 12, 1, 12, 0, 0).single().unwrap();
    let auth = AuthSettings::for_public_url(None, PasswordCost::TESTS).unwrap();
    let state = AppState {
        store: store.clone(),
        clock: Arc::new(FixedClock(now)),
        auth: Arc::new(auth),
        metrics: Arc::new(breachdesk::metrics::Metrics::new(None)),
        public: Default::default(),
    };
    let new = breachdesk::routes::users::new_user(
        &state.auth.passwords,
        Some("bench@example.se".into()),
        None,
        Some(Role::Dpo),
        Some("ett-långt-lösenord".into()),
    )
    .await
    .unwrap();
    let user = store.create_user(new, "bench", now).await.unwrap();
    let (_, token) = breachdesk::routes::tokens::issue_token(&store, &user, None, None, "bench", now).await.unwrap();
    let router = app(state);
    let entry = r#"{"kind":"note","text":"Ny iakttagelse."}"#;
    let rows = [
        ("GET /api/v1/dashboard", time(&router, &token, Method::GET, "/api/v1/dashboard", None, runs).await),
        ("GET / (dashboard page)", time(&router, &token, Method::GET, "/", None, runs).await),
        (
            "GET /cases/{id} (case page)",
            time(&router, &token, Method::GET, &format!("/cases/{case_id}"), None, runs).await,
        ),
        (
            "POST /api/v1/cases/{id}/timeline",
            time(&router, &token, Method::POST, &format!("/api/v1/cases/{case_id}/timeline"), Some(entry), runs).await,
        ),
        ("GET /api/v1/register.csv", time(&router, &token, Method::GET, "/api/v1/register.csv", None, runs).await),
        (
            "GET /api/v1/cases/{id}/drafts/imy.pdf",
            time(&router, &token, Method::GET, &format!("/api/v1/cases/{case_id}/drafts/imy.pdf"), None, runs).await,
        ),
    ];
    for (what, median) in rows {
        println!("| {label} | {cases} | {what} | {:.1} |", median.as_secs_f64() * 1000.0);
    }
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let cases: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let dir = tempfile::tempdir().unwrap();
    println!("| database | cases | request | median (ms) |");
    println!("|---|---:|---|---:|");
    bench("SQLite file", &format!("sqlite://{}/bench.db", dir.path().display()), cases, runs).await;
    if let Ok(url) = std::env::var("BREACHDESK_BENCH_POSTGRES_URL") {
        bench("PostgreSQL", &url, cases, runs).await;
    }
}

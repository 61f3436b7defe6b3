//! `/metrics`: not served without a token (secure by default), refused with the wrong one, and
//! with it a document that Python's `prometheus_client` parses (both its Prometheus and its
//! strict OpenMetrics parser), with requests counted under their route template (never a path
//! with an id), the open cases and the running IMY clock.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;

use axum::body::Body;
use axum::http::Method;
use breachdesk::AppState;
use breachdesk::metrics::Metrics;
use breachdesk_tests::{TestApp, both_backends};
use serde_json::Value;

use crate::support::open_case;

const TOKEN: &str = "metrics-token-for-the-test-0123456789";

/// The families and samples Python's parsers read from `text`: `{"prometheus": [...],
/// "openmetrics": [...]}`, each family `{name, type, samples: [{name, labels, value}]}`; `None`
/// when prometheus_client is not installed (CI installs it and fails instead).
fn parsed(text: &str) -> Option<Value> {
    const SCRIPT: &str = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families as prom
from prometheus_client.openmetrics.parser import text_string_to_metric_families as om
text = sys.stdin.read()
def families(parse):
    return [{"name": f.name, "type": f.type,
             "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}
            for f in parse(text)]
print(json.dumps({"prometheus": families(prom), "openmetrics": families(om)}))
"#;
    let available =
        Command::new("python3").args(["-c", "import prometheus_client"]).status().is_ok_and(|s| s.success());
    if !available {
        assert!(
            std::env::var("CI").is_err(),
            "prometheus_client (PyPI) is required in CI: pip install prometheus-client"
        );
        eprintln!("skipped: python3 -m pip install prometheus-client");
        return None;
    }
    let mut child = Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the Prometheus parsers refused /metrics: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn sample<'a>(families: &'a Value, name: &str, labels: &[(&str, &str)]) -> Option<&'a Value> {
    families
        .as_array()?
        .iter()
        .flat_map(|f| f["samples"].as_array().into_iter().flatten())
        .find(|s| s["name"] == name && labels.iter().all(|(k, v)| s["labels"][*k] == *v))
}

both_backends!(metrics_are_served_only_with_the_token_and_parse_as_prometheus_text, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(app.get(&format!("/api/v1/cases/{id}")).await.status, 200);
    // Secure by default: no token configured, nothing served.
    assert_eq!(app.send_with(None, Method::GET, "/metrics", &[], Body::empty()).await.status, 404);
    assert_eq!(app.get("/metrics").await.status, 404, "a user's API token is not the metrics token");

    let router = breachdesk::app(AppState { metrics: Arc::new(Metrics::new(Some(TOKEN))), ..app.state.clone() });
    let scrape = |token: Option<&'static str>| {
        let router = router.clone();
        async move {
            use tower::ServiceExt;
            let mut request = axum::http::Request::get("/metrics");
            if let Some(token) = token {
                request = request.header("authorization", format!("Bearer {token}"));
            }
            let response = router.oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
            let status = response.status();
            let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
            let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
            (status, content_type, String::from_utf8(body.to_vec()).unwrap())
        }
    };
    assert_eq!(scrape(None).await.0, 401);
    assert_eq!(scrape(Some("wrong-token")).await.0, 401);
    // A request counted through this router, under its template.
    let viewed = {
        use tower::ServiceExt;
        let request = axum::http::Request::get(format!("/api/v1/cases/{id}"))
            .header("authorization", format!("Bearer {}", app.token))
            .body(Body::empty())
            .unwrap();
        router.clone().oneshot(request).await.unwrap().status()
    };
    assert_eq!(viewed, 200);
    let (status, content_type, text) = scrape(Some(TOKEN)).await;
    assert_eq!(status, 200, "{text}");
    assert!(content_type.unwrap().starts_with("application/openmetrics-text"));
    assert!(!text.contains(&id), "a case id in the metrics: {text}");
    if let Some(parsed) = parsed(&text) {
        for parser in ["prometheus", "openmetrics"] {
            let families = &parsed[parser];
            let viewed = sample(
                families,
                "breachdesk_http_requests_total",
                &[("method", "GET"), ("route", "/api/v1/cases/{id}"), ("status", "200")],
            );
            assert_eq!(viewed.map(|s| s["value"].as_f64().unwrap()), Some(1.0), "{parser}: {families}");
            assert!(
                sample(families, "breachdesk_http_request_duration_seconds_count", &[("route", "/api/v1/cases/{id}")])
                    .is_some(),
                "{parser}: a latency histogram per route"
            );
            assert_eq!(sample(families, "breachdesk_open_cases", &[]).unwrap()["value"], 1.0, "{parser}");
            assert_eq!(
                sample(families, "breachdesk_clocks_running", &[("clock", "imy_notification")]).unwrap()["value"],
                1.0,
                "{parser}: the case's 72-hour clock runs"
            );
            assert_eq!(
                sample(families, "breachdesk_clocks_overdue", &[("clock", "imy_notification")]).unwrap()["value"],
                0.0,
                "{parser}"
            );
            for counter in ["breachdesk_reminders_sent_total", "breachdesk_reminders_failed_total"] {
                assert_eq!(sample(families, counter, &[]).unwrap()["value"], 0.0, "{parser}: {counter}");
            }
            let age = sample(families, "breachdesk_last_event_age_seconds", &[]).unwrap()["value"].as_f64().unwrap();
            assert!(age >= 0.0, "{parser}: {age}");
        }
    }
    app
});

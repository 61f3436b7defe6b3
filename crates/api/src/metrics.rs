//! `/metrics` in the Prometheus (OpenMetrics) text format: requests by route template and
//! status, latency histograms, open cases, clocks running and overdue, reminders sent and
//! failed, and the age of the newest event. Labels carry route templates
//! (`/api/v1/cases/{id}`), never a path with ids, and nothing about a case's content.
//!
//! Secure by default: nothing is served until `BREACHDESK_METRICS_TOKEN` is set (then `/metrics`
//! on the main address requires `Authorization: Bearer <that token>`) or
//! `BREACHDESK_METRICS_BIND` names an address of its own (then only `/metrics` is served there,
//! without a token: keep that address internal).

use std::sync::atomic::AtomicU64;
use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::AppError;
use crate::state::AppState;

/// The content type of the OpenMetrics text format (Prometheus scrapes it natively).
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// A request's labels: method, the matched route template and the status code.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: String,
}

/// A latency's labels: method and route template.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

/// A clock's label: which legal clock.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ClockLabels {
    clock: String,
}

fn latency_histogram() -> Histogram {
    // 5 ms to about 10 s: a page, a PDF draft, a register of every case.
    Histogram::new(exponential_buckets(0.005, 2.0, 12))
}

/// The process's metrics; cheap to share (`Arc`).
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    open_cases: Gauge,
    clocks_running: Family<ClockLabels, Gauge>,
    clocks_overdue: Family<ClockLabels, Gauge>,
    last_event_age: Gauge<f64, AtomicU64>,
    reminders_sent: Counter,
    reminders_failed: Counter,
    /// SHA-256 of the token `/metrics` on the main address requires; none: not served there.
    token_hash: Option<[u8; 32]>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").field("token", &self.token_hash.map(|_| "***")).finish_non_exhaustive()
    }
}

fn hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl Metrics {
    /// Fresh metrics; `token` is what `/metrics` on the main address requires (none: it answers
    /// 404 there).
    pub fn new(token: Option<&str>) -> Self {
        let mut registry = Registry::with_prefix("breachdesk");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests by method, route template and status", requests.clone());
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(latency_histogram as fn() -> Histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by method and route template",
            latency.clone(),
        );
        let open_cases = Gauge::default();
        registry.register("open_cases", "Cases neither closed nor marked not a breach", open_cases.clone());
        let clocks_running = Family::<ClockLabels, Gauge>::default();
        registry.register("clocks_running", "Legal clocks of open cases running, by clock", clocks_running.clone());
        let clocks_overdue = Family::<ClockLabels, Gauge>::default();
        registry.register(
            "clocks_overdue",
            "Legal clocks of open cases past their due time and not met, by clock",
            clocks_overdue.clone(),
        );
        let last_event_age = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "last_event_age_seconds",
            "Seconds since the newest event of the record was written (0 before the first)",
            last_event_age.clone(),
        );
        let reminders_sent = Counter::default();
        registry.register("reminders_sent", "Reminder mails sent by this process", reminders_sent.clone());
        let reminders_failed = Counter::default();
        registry.register(
            "reminders_failed",
            "Reminder mails this process could not send (retried next round)",
            reminders_failed.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            open_cases,
            clocks_running,
            clocks_overdue,
            last_event_age,
            reminders_sent,
            reminders_failed,
            token_hash: token.filter(|t| !t.is_empty()).map(hash),
        }
    }

    /// Counts a reminder mail sent.
    pub fn reminder_sent(&self) {
        self.reminders_sent.inc();
    }

    /// Counts a reminder mail that could not be sent.
    pub fn reminder_failed(&self) {
        self.reminders_failed.inc();
    }

    /// Counts one answered request.
    fn observe(&self, method: &str, route: &str, status: StatusCode, seconds: f64) {
        let (method, route) = (method.to_owned(), route.to_owned());
        self.requests
            .get_or_create(&RequestLabels {
                method: method.clone(),
                route: route.clone(),
                status: status.as_u16().to_string(),
            })
            .inc();
        self.latency.get_or_create(&RouteLabels { method, route }).observe(seconds);
    }

    /// Whether `headers` carry the metrics token.
    fn authorised(&self, headers: &HeaderMap) -> Option<bool> {
        let expected = self.token_hash?;
        let offered = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(hash);
        Some(offered.is_some_and(|o| bool::from(o.ct_eq(&expected))))
    }
}

/// Route layer: counts every routed request under its route template, with its status and time.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    if let Some(route) = route {
        state.metrics.observe(&method, &route, response.status(), started.elapsed().as_secs_f64());
    }
    response
}

/// The text of every metric now: the gauges are read from the database first (open cases only).
///
/// # Errors
/// Fails when the database cannot be read.
pub async fn render(state: &AppState) -> Result<String, AppError> {
    let metrics = &state.metrics;
    let now = state.now();
    let open = casework::LoadedCase::load_open(&state.store).await?;
    metrics.open_cases.set(i64::try_from(open.len()).unwrap_or(i64::MAX));
    let mut running = std::collections::HashMap::<&'static str, i64>::new();
    let mut overdue = std::collections::HashMap::<&'static str, i64>::new();
    for loaded in &open {
        for clock in loaded.clocks(now) {
            match clock.state {
                domain::ClockState::Running => *running.entry(clock.clock.as_str()).or_default() += 1,
                domain::ClockState::Missed if clock.met_at.is_none() => {
                    *overdue.entry(clock.clock.as_str()).or_default() += 1;
                }
                _ => {}
            }
        }
    }
    for kind in domain::ClockKind::ALL {
        let label = ClockLabels { clock: kind.as_str().to_owned() };
        metrics.clocks_running.get_or_create(&label).set(running.get(kind.as_str()).copied().unwrap_or_default());
        metrics.clocks_overdue.get_or_create(&label).set(overdue.get(kind.as_str()).copied().unwrap_or_default());
    }
    let age = state.store.last_event_at().await?.map_or(0.0, |at| (now - at).as_seconds_f64().max(0.0));
    metrics.last_event_age.set(age);
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &metrics.registry)
        .map_err(|e| AppError::Internal(format!("metrics could not be encoded: {e}")))?;
    Ok(text)
}

fn metrics_response(text: String) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE))], text).into_response()
}

/// `GET /metrics` on the main address: only with `BREACHDESK_METRICS_TOKEN` set and sent as a
/// bearer token (404 when it is not set, 401 when it is not sent).
pub async fn metrics_with_token(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    match state.metrics.authorised(&headers) {
        None => Ok(StatusCode::NOT_FOUND.into_response()),
        Some(false) => Ok((
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"metrics\""))],
        )
            .into_response()),
        Some(true) => Ok(metrics_response(render(&state).await?)),
    }
}

async fn metrics_open(State(state): State<AppState>) -> Result<Response, AppError> {
    Ok(metrics_response(render(&state).await?))
}

/// The app served on `BREACHDESK_METRICS_BIND`: `/metrics` only, without a token.
pub fn metrics_app(state: AppState) -> Router {
    Router::new().route("/metrics", get(metrics_open)).with_state(state)
}

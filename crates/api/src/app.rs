//! Assembles the application: every route module, the OpenAPI document and the layers. The
//! server and the tests build the same app here.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::get;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::routes;
use crate::state::AppState;

/// The largest request body accepted. Case texts are at most 20,000 characters; 1 MiB leaves
/// room without letting a client tie up memory.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "breachdesk",
        description = "Case management for personal-data breaches (GDPR Art. 33/34): cases, timeline, actions, legal clocks and notification drafts.",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "cases", description = "Personal-data breach cases"),
        (name = "timeline", description = "The append-only, hash-chained timeline of a case"),
        (name = "actions", description = "The action checklist of a case"),
        (name = "clocks", description = "Legal deadlines"),
        (name = "controllers", description = "Controllers (personuppgiftsansvariga)"),
        (name = "drafts", description = "Notification drafts as PDF"),
    )
)]
struct ApiDoc;

/// The `/api/v1` routes and the OpenAPI document describing them.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let v1 = OpenApiRouter::new()
        .merge(routes::cases::router())
        .merge(routes::timeline::router())
        .merge(routes::actions::router())
        .merge(routes::clocks::router())
        .merge(routes::controllers::router())
        .merge(routes::drafts::router());
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1).split_for_parts()
}

/// The whole application over `state`.
pub fn app(state: AppState) -> Router {
    let (api, openapi) = api();
    let x_request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .merge(api)
        .merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", openapi))
        .route("/healthz", get(routes::health::healthz))
        .with_state(state)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        // Headers: each names the attack it closes.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            // No inline script anywhere; no framing (clickjacking); nothing from other origins.
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            // MIME sniffing could turn an uploaded text into script.
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            // Case URLs carry ids; do not leak them to other sites.
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        // Paths carry only ids, never names: safe to log.
        .layer(TraceLayer::new_for_http())
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        .layer(SetRequestIdLayer::new(x_request_id, MakeRequestUuid))
}

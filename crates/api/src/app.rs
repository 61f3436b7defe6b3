//! Assembles the application: every route module, the OpenAPI document and the layers. The
//! server and the tests build the same app here.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use axum::routing::get;
use tower_http::csrf::CsrfLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use crate::state::AppState;
use crate::{auth, routes};

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
        (name = "organisation", description = "The organisation's settings: DPO, contact person, contact address"),
        (name = "drafts", description = "Notification drafts as PDF"),
        (name = "assessment", description = "The ENISA severity score and the DPO's risk conclusion"),
        (name = "decisions", description = "Decisions with reasons: notify IMY, inform data subjects, police, NIS2"),
        (name = "filings", description = "Submissions to IMY, the police, the data subjects, the public, the CSIRT"),
        (name = "dashboard", description = "Open cases and their next clocks"),
        (name = "register", description = "The breach register (GDPR Art. 33(5))"),
        (name = "session", description = "Login, logout, the caller's API tokens"),
        (name = "users", description = "Accounts and roles (admin)"),
        (name = "audit", description = "The hash-chained audit log (DPO, admin)"),
        (name = "evidence", description = "Evidence files: hashed as they stream in, downloads recorded as the chain of custody"),
    ),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

/// Declares the bearer-token scheme in the OpenAPI document.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The `/api/v1` routes and the OpenAPI document describing them.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let v1 = OpenApiRouter::new()
        .merge(routes::cases::router())
        .merge(routes::timeline::router())
        .merge(routes::actions::router())
        .merge(routes::clocks::router())
        .merge(routes::controllers::router())
        .merge(routes::drafts::router())
        .merge(routes::assessment::router())
        .merge(routes::decisions::router())
        .merge(routes::filings::router())
        .merge(routes::rules::router())
        .merge(routes::dashboard::router())
        .merge(routes::register::router())
        .merge(routes::police::router())
        .merge(routes::organisation::router())
        .merge(routes::session::router())
        .merge(routes::tokens::router())
        .merge(routes::users::router())
        .merge(routes::me::router())
        .merge(routes::audit::router())
        .merge(routes::evidence::router());
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1).split_for_parts();
    // After the routes are in: it reads each operation.
    utoipa::Modify::modify(&crate::openapi::CommonRefusals, &mut openapi);
    (router, openapi)
}

/// The whole application over `state`.
pub fn app(state: AppState) -> Router {
    let (api, openapi) = api();
    let x_request_id = HeaderName::from_static("x-request-id");
    let settings = state.auth.clone();
    // OWASP CSRF: unsafe requests from another origin are refused (Sec-Fetch-Site / Origin);
    // cookie requests also need the session's CSRF token (auth::check_access).
    let mut origin_check = CsrfLayer::new();
    if let Some(origin) = &settings.public_origin {
        origin_check = match origin_check.clone().add_trusted_origin(origin) {
            Ok(layer) => layer,
            Err(err) => {
                tracing::error!(error = %err, "BREACHDESK_PUBLIC_URL is not a valid origin; not trusted");
                origin_check
            }
        };
    }
    let hsts = settings.hsts.then(|| {
        // Over https, browsers must never fall back to plain http (SSL stripping).
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });
    Router::new()
        .merge(api)
        .merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", openapi))
        .route("/healthz", get(routes::health::healthz))
        .route("/metrics", get(crate::metrics::metrics_with_token))
        .merge(crate::web::router(state.clone()))
        // Every route is merged above this line: the access check wraps the routes added
        // before it, and the guard below turns any response that skipped it into a 500.
        .route_layer(middleware::from_fn_with_state(state.clone(), auth::check_access))
        // Outside the access check, so refusals are counted too.
        .route_layer(middleware::from_fn_with_state(state.clone(), crate::metrics::track))
        .fallback(crate::web::not_found)
        .with_state(state.clone())
        .layer(middleware::from_fn(auth::require_access_check))
        .layer(middleware::from_fn(crate::error::problems_only))
        .layer(middleware::from_fn_with_state(state.clone(), crate::web::errors::html_errors))
        .layer(origin_check.with_rejection_response(auth::cross_origin_refusal as fn(_) -> _))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(tower::util::option_layer(hsts))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            // Case data must not linger in browser or proxy caches.
            HeaderValue::from_static("no-store"),
        ))
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

//! Every route's declared access, in one table. The access check looks the request's matched
//! route up here; a route missing from the table is refused with a 500 naming it, so a route
//! cannot be added without deciding who may use it (OWASP ASVS 4.1.3: deny by default).

use domain::Permission;

/// What a route requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without an account: health, login, the API description, static assets.
    Public,
    /// Any logged-in user (their own session and tokens).
    Authenticated,
    /// A logged-in user whose role has this permission.
    Requires(Permission),
}

use Access::{Authenticated, Public, Requires};
use Permission as P;

/// Every route: method, path as axum matches it, access. `HEAD` is looked up as `GET`.
pub const ROUTES: &[(&str, &str, Access)] = &[
    // Public.
    ("GET", "/healthz", Public),
    // Behind BREACHDESK_METRICS_TOKEN, which the handler checks (404 while it is not set).
    ("GET", "/metrics", Public),
    ("GET", "/api/v1/openapi.json", Public),
    ("GET", "/api/docs", Public),
    ("GET", "/api/docs/", Public),
    ("GET", "/api/docs/{*rest}", Public),
    ("POST", "/api/v1/session", Public),
    ("GET", "/login", Public),
    ("POST", "/login", Public),
    ("GET", "/static/{*path}", Public),
    // The caller's own session and tokens.
    ("GET", "/api/v1/session", Authenticated),
    ("DELETE", "/api/v1/session", Authenticated),
    ("GET", "/api/v1/tokens", Authenticated),
    ("POST", "/api/v1/tokens", Authenticated),
    ("DELETE", "/api/v1/tokens/{id}", Authenticated),
    ("PUT", "/api/v1/me/password", Authenticated),
    ("GET", "/account/password", Authenticated),
    ("POST", "/account/password", Authenticated),
    // Single sign-on: the start and the provider's redirect back.
    ("GET", "/login/oidc", Public),
    ("GET", "/login/oidc/callback", Public),
    // Users and the audit log.
    ("GET", "/api/v1/users", Requires(P::ManageUsers)),
    ("POST", "/api/v1/users", Requires(P::ManageUsers)),
    ("PATCH", "/api/v1/users/{id}", Requires(P::ManageUsers)),
    ("POST", "/api/v1/users/{id}/password-reset", Requires(P::ManageUsers)),
    ("GET", "/api/v1/audit", Requires(P::ReadAudit)),
    // Cases.
    ("GET", "/api/v1/cases", Requires(P::ReadCases)),
    ("POST", "/api/v1/cases", Requires(P::OpenCase)),
    ("GET", "/api/v1/cases/{id}", Requires(P::ReadCases)),
    ("PATCH", "/api/v1/cases/{id}", Requires(P::EditCaseFacts)),
    ("GET", "/api/v1/cases/{id}/timeline", Requires(P::ReadCases)),
    ("POST", "/api/v1/cases/{id}/timeline", Requires(P::LogTimeline)),
    ("GET", "/api/v1/cases/{id}/actions", Requires(P::ReadCases)),
    ("POST", "/api/v1/cases/{id}/actions", Requires(P::ManageActions)),
    ("PATCH", "/api/v1/cases/{id}/actions/{action_id}", Requires(P::ManageActions)),
    ("GET", "/api/v1/cases/{id}/clocks", Requires(P::ReadCases)),
    ("GET", "/api/v1/cases/{id}/assessment", Requires(P::ReadCases)),
    ("PUT", "/api/v1/cases/{id}/assessment", Requires(P::Assess)),
    ("GET", "/api/v1/cases/{id}/decisions", Requires(P::ReadCases)),
    ("POST", "/api/v1/cases/{id}/decisions", Requires(P::Decide)),
    ("GET", "/api/v1/cases/{id}/filings", Requires(P::ReadCases)),
    ("POST", "/api/v1/cases/{id}/filings", Requires(P::RecordFiling)),
    ("GET", "/api/v1/cases/{id}/police-details", Requires(P::ReadCases)),
    ("PUT", "/api/v1/cases/{id}/police-details", Requires(P::EditCaseFacts)),
    ("POST", "/cases/{id}/police-details", Requires(P::EditCaseFacts)),
    ("GET", "/api/v1/cases/{id}/drafts/imy.pdf", Requires(P::ExportDrafts)),
    ("GET", "/api/v1/cases/{id}/drafts/imy-supplement.pdf", Requires(P::ExportDrafts)),
    ("GET", "/api/v1/cases/{id}/drafts/police.pdf", Requires(P::ExportDrafts)),
    ("GET", "/api/v1/cases/{id}/drafts/data-subjects.pdf", Requires(P::ExportDrafts)),
    // Evidence: viewers see the list, not the files.
    ("GET", "/api/v1/cases/{id}/evidence", Requires(P::ReadCases)),
    ("POST", "/api/v1/cases/{id}/evidence", Requires(P::AddEvidence)),
    ("GET", "/api/v1/evidence/{id}/content", Requires(P::DownloadEvidence)),
    ("POST", "/api/v1/evidence/{id}/withdraw", Requires(P::WithdrawEvidence)),
    ("GET", "/api/v1/evidence/{id}/custody", Requires(P::ReadCases)),
    ("POST", "/cases/{id}/evidence", Requires(P::AddEvidence)),
    ("POST", "/cases/{id}/evidence/{evidence_id}/withdraw", Requires(P::WithdrawEvidence)),
    // Controllers, the register, the dashboard.
    ("GET", "/api/v1/controllers", Requires(P::ReadCases)),
    ("POST", "/api/v1/controllers", Requires(P::ManageControllers)),
    ("GET", "/api/v1/register", Requires(P::ReadRegister)),
    ("GET", "/api/v1/register.csv", Requires(P::ReadRegister)),
    ("GET", "/api/v1/register.pdf", Requires(P::ReadRegister)),
    ("GET", "/api/v1/dashboard", Requires(P::ReadCases)),
    // The legal deadlines in force: everyone reads them; new versions are configuration.
    ("GET", "/api/v1/deadline-rules", Requires(P::ReadCases)),
    ("POST", "/api/v1/deadline-rules", Requires(P::ManageOrganisation)),
    ("GET", "/api/v1/organisation", Requires(P::ReadCases)),
    ("PUT", "/api/v1/organisation", Requires(P::ManageOrganisation)),
    // The web UI.
    ("GET", "/lang/{code}", Public),
    ("POST", "/logout", Authenticated),
    ("GET", "/", Requires(P::ReadCases)),
    ("GET", "/cases/new", Requires(P::OpenCase)),
    ("POST", "/cases/new", Requires(P::OpenCase)),
    ("GET", "/cases/{id}", Requires(P::ReadCases)),
    ("POST", "/cases/{id}/facts", Requires(P::EditCaseFacts)),
    ("POST", "/cases/{id}/status", Requires(P::EditCaseFacts)),
    ("POST", "/cases/{id}/timeline", Requires(P::LogTimeline)),
    ("POST", "/cases/{id}/actions", Requires(P::ManageActions)),
    ("POST", "/cases/{id}/actions/{action_id}", Requires(P::ManageActions)),
    ("POST", "/cases/{id}/assessment", Requires(P::Assess)),
    ("POST", "/cases/{id}/decisions", Requires(P::Decide)),
    ("POST", "/cases/{id}/filings", Requires(P::RecordFiling)),
    ("GET", "/register", Requires(P::ReadRegister)),
    ("GET", "/cases", Requires(P::ReadCases)),
    // A form's address opened with GET leads to the page holding the form: whoever reads
    // the page may follow it (the page itself shows the form only to those who may post).
    ("GET", "/cases/{id}/facts", Requires(P::ReadCases)),
    ("GET", "/cases/{id}/status", Requires(P::ReadCases)),
    ("GET", "/cases/{id}/timeline", Requires(P::ReadCases)),
    ("GET", "/cases/{id}/actions", Requires(P::ReadCases)),
    ("GET", "/cases/{id}/actions/{action_id}", Requires(P::ReadCases)),
    ("GET", "/cases/{id}/assessment", Requires(P::ReadCases)),
    ("GET", "/cases/{id}/decisions", Requires(P::ReadCases)),
    ("GET", "/cases/{id}/filings", Requires(P::ReadCases)),
    ("GET", "/cases/{id}/police-details", Requires(P::ReadCases)),
    ("GET", "/cases/{id}/evidence", Requires(P::ReadCases)),
    ("GET", "/cases/{id}/evidence/{evidence_id}/withdraw", Requires(P::ReadCases)),
    ("GET", "/admin/organisation", Requires(P::ManageControllers)),
    ("GET", "/admin/users", Requires(P::ManageControllers)),
    ("GET", "/admin/controllers", Requires(P::ManageControllers)),
    ("GET", "/admin", Requires(P::ManageControllers)),
    ("POST", "/admin/organisation", Requires(P::ManageOrganisation)),
    ("POST", "/admin/users", Requires(P::ManageUsers)),
    ("POST", "/admin/controllers", Requires(P::ManageControllers)),
];

/// The routes a user whose password is a one-time password may use: seeing who they are,
/// changing the password, logging out. Everything else is refused until the password is
/// changed (the one-time password was handed over by someone else).
const WHILE_PASSWORD_MUST_CHANGE: &[(&str, &str)] = &[
    ("GET", "/api/v1/session"),
    ("DELETE", "/api/v1/session"),
    ("PUT", "/api/v1/me/password"),
    ("GET", "/account/password"),
    ("POST", "/account/password"),
    ("POST", "/logout"),
];

/// Whether a user who must change their password may use this route.
pub fn allowed_while_password_must_change(method: &str, path: &str) -> bool {
    let method = if method == "HEAD" { "GET" } else { method };
    WHILE_PASSWORD_MUST_CHANGE.iter().any(|(m, p)| *m == method && *p == path)
}

/// The declared access of a route, `None` when it has no row.
pub fn access_for(method: &str, path: &str) -> Option<Access> {
    let method = if method == "HEAD" { "GET" } else { method };
    ROUTES.iter().find(|(m, p, _)| *m == method && *p == path).map(|(_, _, access)| *access)
}

/// The methods declared for `path` (with `HEAD` beside `GET`), for a 405's `Allow`.
pub fn methods_for(path: &str) -> Vec<&'static str> {
    let mut methods: Vec<&'static str> = ROUTES.iter().filter(|(_, p, _)| *p == path).map(|(m, _, _)| *m).collect();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_route_is_declared_twice() {
        for (i, (m, p, _)) in ROUTES.iter().enumerate() {
            assert!(!ROUTES[i + 1..].iter().any(|(m2, p2, _)| m == m2 && p == p2), "{m} {p} twice");
        }
    }

    #[test]
    fn head_is_get_and_unknown_routes_have_no_access() {
        assert_eq!(access_for("HEAD", "/healthz"), Some(Access::Public));
        assert_eq!(access_for("DELETE", "/api/v1/cases/{id}"), None);
    }
}

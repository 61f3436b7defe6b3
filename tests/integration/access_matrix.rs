//! Every registered route × every role × no login: allowed or refused exactly as the
//! permission matrix says. The routes come from the OpenAPI document and from the access
//! table; a route without a declared access fails here (and answers 500 in production).

use axum::body::Body;
use axum::http::Method;
use breachdesk::auth::permissions::{Access, ROUTES, access_for};
use breachdesk_tests::{TestApp, both_backends};
use domain::{Role, allows};

/// Every (method, route) the app serves: the OpenAPI document's operations and the table's rows.
fn routes_to_walk(spec: &serde_json::Value) -> Vec<(String, String)> {
    let mut routes: Vec<(String, String)> = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                routes.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    for (method, path, _) in ROUTES {
        if !routes.iter().any(|(m, p)| m == method && p == path) {
            routes.push(((*method).to_owned(), (*path).to_owned()));
        }
    }
    routes
}

/// The route with every `{param}` filled with an id that exists nowhere.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map_or(rest.len(), |e| start + e + 1);
        out.push_str(&uuid::Uuid::new_v4().to_string());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

both_backends!(every_route_answers_every_role_and_no_login_as_the_matrix_says, TestApp::new, |app| async move {
    let spec = app.get("/api/v1/openapi.json").await.json();
    let mut tokens = Vec::new();
    for role in Role::ALL {
        tokens.push((*role, app.user(*role).await.token));
    }
    let mut walked = 0;
    let mut undeclared = Vec::new();
    for (method, path) in routes_to_walk(&spec) {
        let Some(access) = access_for(&method, &path) else {
            undeclared.push(format!("{method} {path}"));
            continue;
        };
        let uri = concrete(&path);
        let method_ = Method::from_bytes(method.as_bytes()).unwrap();
        let send = |token: Option<String>| {
            let (method_, uri) = (method_.clone(), uri.clone());
            let app = &app;
            async move {
                let headers = [("content-type", "application/json"), ("accept", "application/json")];
                app.send_with(token.as_deref(), method_, &uri, &headers, Body::from("{}")).await
            }
        };
        let anonymous = send(None).await;
        if anonymous.status == 404 && anonymous.body.is_empty() || anonymous.status == 405 {
            // A row for a route that is not (yet) registered, e.g. a page of the web UI to come.
            continue;
        }
        walked += 1;
        if access == Access::Public {
            assert!(![401, 403, 500].contains(&anonymous.status.as_u16()), "{method} {path} public: {anonymous:?}");
        } else {
            assert_eq!(anonymous.status, 401, "{method} {path} without login: {anonymous:?}");
            assert_eq!(anonymous.header("content-type"), Some("application/problem+json"));
        }
        for (role, token) in &tokens {
            let response = send(Some(token.clone())).await;
            let allowed = match access {
                Access::Public | Access::Authenticated => true,
                Access::Requires(permission) => allows(*role, permission),
            };
            let status = response.status.as_u16();
            if allowed {
                assert!(![401, 403, 500].contains(&status), "{method} {path} as {role} must be allowed: {response:?}");
            } else {
                assert_eq!(status, 403, "{method} {path} as {role} must be refused: {response:?}");
                assert_eq!(response.json()["type"], "/problems/forbidden");
            }
        }
    }
    assert!(undeclared.is_empty(), "routes without a declared access in auth::permissions::ROUTES: {undeclared:?}");
    assert!(walked >= 25, "only {walked} routes walked");
    app
});

//! Every registered route × every role × no login: allowed or refused exactly as the
//! permission matrix says. The routes come from the OpenAPI document, the `.route(..)` calls in
//! crates/api/src (the HTML pages) and the access table; a route without a declared access
//! fails here (and answers 500 in production).

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
    let table = ROUTES.iter().map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()));
    for route in table.chain(routes_in_source()) {
        if !routes.contains(&route) {
            routes.push(route);
        }
    }
    routes
}

/// Every `.route("PATH", get(..).post(..))` written in crates/api/src (the HTML pages and other
/// routes outside the OpenAPI document), as (method, path).
fn routes_in_source() -> Vec<(String, String)> {
    fn visit(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut sources = Vec::new();
    visit(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/api/src"), &mut sources);
    let mut routes = Vec::new();
    for source in sources {
        for call in source.split(".route(\"").skip(1) {
            let Some((path, rest)) = call.split_once('"') else { continue };
            // The handlers of this route: up to the next route call or the end of the chain.
            let handlers = rest.split(".route(").next().unwrap_or_default();
            let handlers = handlers.split(";").next().unwrap_or_default();
            for method in ["get", "post", "put", "patch", "delete"] {
                if handlers.contains(&format!("{method}(")) {
                    routes.push((method.to_uppercase(), path.to_owned()));
                }
            }
        }
    }
    routes
}

#[test]
fn every_route_written_in_the_source_has_a_declared_access() {
    let routes = routes_in_source();
    assert!(routes.iter().any(|(m, p)| m == "GET" && p == "/healthz"), "the scan finds routes: {routes:?}");
    let undeclared: Vec<_> = routes.iter().filter(|(m, p)| access_for(m, p).is_none()).collect();
    assert!(undeclared.is_empty(), "routes without a declared access in auth::permissions::ROUTES: {undeclared:?}");
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

//! The public interface: health, the OpenAPI document, the API docs and the security headers.

use breachdesk_tests::{TestApp, both_backends};

both_backends!(health_answers_when_the_database_does, TestApp::new, |app| async move {
    let response = app.get("/healthz").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["status"], "ok");
    app
});

both_backends!(the_openapi_document_is_3_1_and_lists_the_stable_routes, TestApp::new, |app| async move {
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status, 200);
    let spec = response.json();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3.1"), "{}", spec["openapi"]);
    let paths = spec["paths"].as_object().unwrap();
    for path in [
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/cases/{id}/timeline",
        "/api/v1/cases/{id}/actions",
        "/api/v1/cases/{id}/actions/{action_id}",
        "/api/v1/cases/{id}/clocks",
        "/api/v1/controllers",
        "/api/v1/cases/{id}/drafts/imy.pdf",
    ] {
        assert!(paths.contains_key(path), "{path} missing from {:?}", paths.keys().collect::<Vec<_>>());
    }
    let categories = &spec["components"]["schemas"]["CreateCase"]["properties"]["category"]["enum"];
    assert_eq!(categories.as_array().map(Vec::len), Some(8), "{categories}");
    let docs = app.get("/api/docs/").await;
    assert_eq!(docs.status, 200);
    app
});

both_backends!(responses_carry_the_security_headers, TestApp::new, |app| async move {
    let response = app.get("/api/v1/cases").await;
    let csp = response.header("content-security-policy").unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
    assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(response.header("referrer-policy"), Some("no-referrer"));
    assert!(response.header("x-request-id").is_some());
    app
});

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

both_backends!(the_openapi_document_describes_what_the_server_answers, TestApp::new, |app| async move {
    let spec = app.get("/api/v1/openapi.json").await.json();
    let schemas = &spec["components"]["schemas"];
    // A required field is never null: the server refuses null there.
    for (schema, field) in
        [("CreateCase", "title"), ("AppendEntry", "text"), ("Decide", "reasons"), ("CreateController", "name")]
    {
        assert!(
            schemas[schema]["required"].as_array().unwrap().iter().any(|f| f == field),
            "{schema}.{field} required"
        );
        assert_eq!(schemas[schema]["properties"][field]["type"], "string", "{schema}.{field} is not nullable");
    }
    // What responses write as null is nullable; what they never write is not listed.
    let exemption = &schemas["DecisionView"]["properties"]["exemption"];
    assert!(exemption["type"].as_array().unwrap().iter().any(|t| t == "null"), "{exemption}");
    assert!(exemption["enum"].as_array().unwrap().iter().any(serde_json::Value::is_null), "{exemption}");
    let police_body = schemas["PoliceDetailsBody"]["properties"].as_object().unwrap();
    assert!(!police_body.contains_key("updated_by"), "the body a client sends has no read-only fields");
    assert!(schemas["PoliceDetailsView"]["properties"].as_object().unwrap().contains_key("updated_at"));
    assert!(
        !schemas["Problem"]["required"].as_array().unwrap().iter().any(|f| f == "errors"),
        "errors is absent when empty"
    );
    // The documented maxima are the ones the server enforces.
    assert_eq!(schemas["Count"]["properties"]["max"]["maximum"], domain::case::COUNT_MAX);
    assert_eq!(schemas["RuleView"]["properties"]["hours"]["maximum"], domain::deadline::Length::MAX_HOURS);
    assert_eq!(schemas["RuleView"]["properties"]["months"]["maximum"], domain::deadline::Length::MAX_MONTHS);
    let page = spec["paths"]["/api/v1/cases"]["get"]["parameters"].as_array().unwrap();
    let bound = |name: &str, key: &str| page.iter().find(|p| p["name"] == name).unwrap()["schema"][key].clone();
    assert_eq!(bound("page", "maximum"), breachdesk::extract::Paging::MAX_PAGE);
    assert_eq!(bound("per_page", "maximum"), breachdesk::extract::Paging::MAX_PER_PAGE);
    // Every operation lists the refusals it can answer, each as problem+json.
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            let has = |status: &str| responses.contains_key(status);
            let protected = path != "/api/v1/session" && path != "/api/v1/openapi.json";
            let mut expected = Vec::new();
            if protected {
                expected.push("401");
            }
            if path.contains('{') {
                expected.extend(["400", "404"]);
            }
            if operation.get("requestBody").is_some() {
                expected.extend(["400", "403", "413", "415", "422"]);
            }
            for status in expected {
                assert!(has(status), "{method} {path} does not list {status}");
            }
            for (status, response) in responses {
                if status.starts_with('4') {
                    assert!(response["content"].get("application/problem+json").is_some(), "{method} {path} {status}");
                }
            }
        }
    }
    app
});

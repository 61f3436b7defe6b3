//! Helpers shared by the tests: a controller and a case as a DPO would enter them, and a form
//! posted or a page opened as a signed-in browser does.

use breachdesk_tests::{TestApp, TestResponse, TestSession};
use serde_json::{Value, json};

/// Adds Bjuv's kommunstyrelse and returns its id.
pub async fn add_controller(app: &TestApp) -> String {
    let response = app
        .post(
            "/api/v1/controllers",
            &json!({
                "name": "Kommunstyrelsen i Bjuvs kommun",
                "organisation_number": "212000-1041",
                "postal_address": "Bjuvs kommun, 267 80 Bjuv"
            }),
        )
        .await;
    assert_eq!(response.status, 201, "{response:?}");
    response.json()["id"].as_str().unwrap().to_owned()
}

/// A complete case body: awareness on Friday 12 January 2024 14:20 Swedish time.
pub fn case_body(controller_id: &str) -> Value {
    json!({
        "title": "IT-attack mot kommunens servrar",
        "description": "Angripare har tagit sig in i kommunens dataservrar och hotar att publicera uppgifter.",
        "category": "ransomware",
        "breach_types": ["confidentiality", "availability"],
        "detected_at": "2024-01-12T12:40:00Z",
        "aware_at": "2024-01-12T13:20:00Z",
        "controller_ids": [controller_id],
        "personal_data_categories": ["personnummer", "identity"],
        "data_subject_categories": ["residents"],
        "data_subjects_count": {"min": 100, "max": 5000}
    })
}

/// Opens the standard case and returns the response.
pub async fn open_case(app: &TestApp) -> TestResponse {
    let controller = add_controller(app).await;
    let response = app.post("/api/v1/cases", &case_body(&controller)).await;
    assert_eq!(response.status, 201, "{response:?}");
    response
}

/// How many cases are stored.
pub async fn case_count(app: &TestApp) -> u64 {
    app.get("/api/v1/cases").await.json()["total"].as_u64().unwrap()
}

/// Posts a URL-encoded form as the signed-in browser would (the session's CSRF token added).
pub async fn post_form(app: &TestApp, session: &TestSession, path: &str, form: &str) -> TestResponse {
    let headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("cookie", session.cookie.as_str()),
        ("accept", "text/html"),
    ];
    let body = format!("{form}&csrf_token={}", session.csrf);
    app.send_with(None, axum::http::Method::POST, path, &headers, axum::body::Body::from(body)).await
}

/// Opens a page as the signed-in browser would.
pub async fn get_page(app: &TestApp, session: &TestSession, path: &str) -> TestResponse {
    let headers = [("cookie", session.cookie.as_str()), ("accept", "text/html")];
    app.send_with(None, axum::http::Method::GET, path, &headers, axum::body::Body::empty()).await
}

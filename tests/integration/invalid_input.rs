//! Bad input gets a 4xx problem+json that names the field, and nothing is stored.

use axum::body::Body;
use axum::http::Method;
use breachdesk_tests::{TestApp, both_backends};
use serde_json::json;

use crate::support::{add_controller, case_body, case_count, open_case};

both_backends!(
    every_kind_of_bad_case_is_refused_naming_the_field_and_nothing_is_stored,
    TestApp::new,
    |app| async move {
        let controller = add_controller(&app).await;
        let good = case_body(&controller);
        let with = |field: &str, value: serde_json::Value| {
            let mut body = good.clone();
            body[field] = value;
            body
        };
        let without = |fields: &[&str]| {
            let mut body = good.clone();
            for f in fields {
                body.as_object_mut().unwrap().remove(*f);
            }
            body
        };
        // (body, expected status, expected fields)
        let table = [
            (without(&["title", "aware_at"]), 422, vec!["title", "aware_at"]),
            (without(&["description"]), 422, vec!["description"]),
            (with("title", json!(42)), 400, vec!["title"]),
            (with("detected_at", json!("yesterday")), 400, vec!["detected_at"]),
            (with("breach_types", json!("confidentiality")), 400, vec!["breach_types"]),
            (with("category", json!("hacking")), 400, vec!["category"]),
            (with("breach_types", json!(["confidentiality", "secrecy"])), 400, vec!["breach_types[1]"]),
            (with("aware_at", json!("2024-01-12T10:00:00Z")), 422, vec!["aware_at"]),
            (with("detected_at", json!("2024-01-09T10:00:00Z")), 422, vec!["aware_justification"]),
            (with("breach_types", json!([])), 422, vec!["breach_types"]),
            (with("controller_ids", json!([uuid::Uuid::new_v4()])), 422, vec!["controller_ids"]),
            (with("data_subjects_count", json!({"min": 10, "max": 1})), 422, vec!["data_subjects_count"]),
            (with("surprise", json!(true)), 400, vec!["surprise"]),
            (with("aware_at", json!("2030-01-01T00:00:00Z")), 422, vec!["aware_at", "aware_justification"]),
        ];
        for (body, status, fields) in table {
            let response = app.post("/api/v1/cases", &body).await;
            assert_eq!(response.status, status, "{body} -> {response:?}");
            assert_eq!(response.problem_fields(), fields, "{body}");
        }
        assert_eq!(case_count(&app).await, 0);
        // A refused case uses no reference number.
        assert_eq!(app.post("/api/v1/cases", &good).await.json()["reference"], "PUI-2024-0001");
        app
    }
);

both_backends!(malformed_organisation_numbers_are_refused, TestApp::new, |app| async move {
    for number in ["212000-1042", "2120001", "21200a-1041", "811218-9876"] {
        let response = app
            .post(
                "/api/v1/controllers",
                &json!({"name": "Nämnd", "organisation_number": number, "postal_address": "Box 1"}),
            )
            .await;
        assert_eq!(response.status, 422, "{number}");
        assert_eq!(response.problem_fields(), ["organisation_number"], "{number}");
    }
    assert_eq!(app.get("/api/v1/controllers").await.json().as_array().unwrap().len(), 0);
    app
});

both_backends!(an_illegal_status_transition_is_refused_and_changes_nothing, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}");
    let response = app.patch(&path, Some("\"1\""), &json!({"status": "closed", "title": "Ny titel"})).await;
    assert_eq!(response.status, 422);
    assert_eq!(response.problem_fields(), ["status"]);
    assert!(response.json()["errors"][0]["message"].as_str().unwrap().contains("triage to closed"));
    let unknown = app.patch(&path, Some("\"1\""), &json!({"status": "archived"})).await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.problem_fields(), ["status"]);
    let stored = app.get(&path).await;
    assert_eq!(stored.json()["title"], "IT-attack mot kommunens servrar");
    assert_eq!(stored.json()["status"], "triage");
    assert_eq!(stored.header("etag"), Some("\"1\""));
    app
});

both_backends!(bodies_that_are_not_json_or_too_large_are_refused, TestApp::new, |app| async move {
    let huge = format!("{{\"title\": \"{}\"}}", "x".repeat(10 * 1024 * 1024));
    let response =
        app.send(Method::POST, "/api/v1/cases", &[("content-type", "application/json")], Body::from(huge)).await;
    assert_eq!(response.status, 413);
    assert_eq!(response.header("content-type"), Some("application/problem+json"));

    let broken = app
        .send(Method::POST, "/api/v1/cases", &[("content-type", "application/json")], Body::from("{\"title\":"))
        .await;
    assert_eq!(broken.status, 400);
    assert_eq!(broken.problem_fields(), ["body"]);

    let form = app.send(Method::POST, "/api/v1/cases", &[("content-type", "text/plain")], Body::from("{}")).await;
    assert_eq!(form.status, 415);
    assert_eq!(case_count(&app).await, 0);
    app
});

both_backends!(timeline_entries_need_kind_and_text_and_a_real_case, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}/timeline");
    let missing = app.post(&path, &json!({})).await;
    assert_eq!(missing.problem_fields(), ["kind", "text"]);
    let unknown_kind = app.post(&path, &json!({"kind": "gossip", "text": "x"})).await;
    assert_eq!(unknown_kind.problem_fields(), ["kind"]);
    let future = app.post(&path, &json!({"kind": "note", "text": "x", "occurred_at": "2025-01-01T00:00:00Z"})).await;
    assert_eq!(future.problem_fields(), ["occurred_at"]);
    let bad_correction = app.post(&path, &json!({"kind": "note", "text": "x", "corrects": uuid::Uuid::new_v4()})).await;
    assert_eq!(bad_correction.problem_fields(), ["corrects"]);
    let no_case = app
        .post(&format!("/api/v1/cases/{}/timeline", uuid::Uuid::new_v4()), &json!({"kind": "note", "text": "x"}))
        .await;
    assert_eq!(no_case.status, 404);
    assert_eq!(app.get(&path).await.json().as_array().unwrap().len(), 1);
    app
});

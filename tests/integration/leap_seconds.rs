//! A leap second (`23:59:60`) is refused at the edge, by the API and by the web forms, before
//! anything is stored: PostgreSQL would store an instant one second away from the one hashed
//! into the timeline, and the chain would look tampered.

use axum::body::Body;
use axum::http::Method;
use breachdesk_tests::{TestApp, both_backends};
use domain::Role;
use serde_json::json;

use crate::support::{add_controller, case_body, case_count, open_case};

const LEAP_SECOND: &str = "2016-12-31T23:59:60Z";

both_backends!(a_leap_second_in_a_json_body_is_refused_naming_the_field, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}/timeline");
    let entries = || async { app.get(&path).await.json().as_array().unwrap().len() };
    let before = entries().await;

    let entry = json!({"occurred_at": LEAP_SECOND, "kind": "note", "text": "Larmet kom vid skottsekunden."});
    let refused = app.post(&path, &entry).await;
    assert_eq!(refused.status, 422, "{refused:?}");
    assert_eq!(refused.problem_fields(), ["occurred_at"]);
    assert_eq!(entries().await, before, "nothing was appended");

    let cases = case_count(&app).await;
    let mut case = case_body(&add_controller(&app).await);
    case["detected_at"] = json!("2017-01-01T00:59:60+01:00");
    let refused = app.post("/api/v1/cases", &case).await;
    assert_eq!(refused.status, 422, "{refused:?}");
    assert_eq!(refused.problem_fields(), ["detected_at"]);
    assert_eq!(case_count(&app).await, cases, "no case was opened");

    // The last microsecond before the leap second is an ordinary instant and reads back as it
    // was hashed.
    let entry = json!({"occurred_at": "2016-12-31T23:59:59.999999Z", "kind": "note", "text": "Strax före."});
    let stored = app.post(&path, &entry).await;
    assert_eq!(stored.status, 201, "{stored:?}");
    assert_eq!(entries().await, before + 1);
    assert!(app.db.store.verify_timelines().await.unwrap().is_empty(), "no chain is broken");
    app
});

both_backends!(a_leap_second_in_a_web_form_is_refused_naming_the_field, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let dpo = app.user(Role::Dpo).await;
    let session = app.login(dpo.user.email.as_str(), &dpo.password).await;
    let headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("cookie", session.cookie.as_str()),
        ("accept", "text/html"),
    ];
    let api_entries =
        || async { app.get(&format!("/api/v1/cases/{id}/timeline")).await.json().as_array().unwrap().len() };
    let before = api_entries().await;
    let form = format!("occurred_at=2016-12-31T23%3A59%3A60&kind=note&text=Skottsekund&csrf_token={}", session.csrf);
    let page = app.send_with(None, Method::POST, &format!("/cases/{id}/timeline"), &headers, Body::from(form)).await;
    assert_eq!(page.status, 422, "{page:?}");
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("Inträffade: är en skottsekund"), "the error names the field by its label, in Swedish");
    assert_eq!(api_entries().await, before, "nothing was appended");

    let cases = case_count(&app).await;
    let form = format!(
        "title=Skottsekund&description=Test&category=ransomware&breach_types=confidentiality\
         &detected_at=2016-12-31T23%3A59%3A60&aware_at=2017-01-01T10%3A00&aware_justification=Test&csrf_token={}",
        session.csrf
    );
    let page = app.send_with(None, Method::POST, "/cases/new", &headers, Body::from(form)).await;
    assert_eq!(page.status, 422, "{page:?}");
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("Upptäcktes: är en skottsekund"), "the error names the field by its label, in Swedish");
    assert_eq!(case_count(&app).await, cases, "no case was opened");
    assert!(app.db.store.verify_timelines().await.unwrap().is_empty());
    app
});

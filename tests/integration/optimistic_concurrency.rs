//! A stale update is refused, not merged over; an update without If-Match is refused too.

use breachdesk_tests::{TestApp, both_backends};
use serde_json::json;

use crate::support::open_case;

both_backends!(a_stale_etag_gets_412_and_leaves_the_case_unchanged, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}");
    let first = app.patch(&path, Some("\"1\""), &json!({"title": "Första ändringen"})).await;
    assert_eq!(first.status, 200);
    let stale = app.patch(&path, Some("\"1\""), &json!({"title": "Andra ändringen, byggd på gammal läsning"})).await;
    assert_eq!(stale.status, 412);
    assert_eq!(stale.header("content-type"), Some("application/problem+json"));
    let stored = app.get(&path).await;
    assert_eq!(stored.json()["title"], "Första ändringen");
    assert_eq!(stored.header("etag"), Some("\"2\""));
    let garbage = app.patch(&path, Some("W/\"abc\""), &json!({"title": "x"})).await;
    assert_eq!(garbage.status, 412);
    app
});

both_backends!(an_update_without_if_match_gets_428, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}");
    let response = app.patch(&path, None, &json!({"title": "Utan villkor"})).await;
    assert_eq!(response.status, 428);
    assert_eq!(app.get(&path).await.json()["title"], "IT-attack mot kommunens servrar");
    app
});

both_backends!(two_writers_with_the_same_etag_cannot_both_win, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}");
    let (body_a, body_b) = (json!({"title": "Skribent A"}), json!({"title": "Skribent B"}));
    let (a, b) = tokio::join!(app.patch(&path, Some("\"1\""), &body_a), app.patch(&path, Some("\"1\""), &body_b));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 412]);
    let winner = if a.status == 200 { "Skribent A" } else { "Skribent B" };
    assert_eq!(app.get(&path).await.json()["title"], winner);
    app
});

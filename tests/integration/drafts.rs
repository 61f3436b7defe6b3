//! The IMY draft downloaded over the API holds the case's own values.

use breachdesk_tests::{TestApp, both_backends, pdf_text};
use serde_json::json;

use crate::support::open_case;

both_backends!(the_imy_draft_holds_title_controller_and_due_time, TestApp::new, |app| async move {
    let case = open_case(&app).await.json();
    let id = case["id"].as_str().unwrap();
    let response = app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf")).await;
    assert_eq!(response.status, 200, "{:?}", String::from_utf8_lossy(&response.body));
    assert_eq!(response.header("content-type"), Some("application/pdf"));
    assert!(response.body.starts_with(b"%PDF-"));
    let (_, text) = pdf_text(&response.body);
    for expected in [
        "IT-attack mot kommunens servrar",
        "Kommunstyrelsen i Bjuvs kommun",
        "212000-1041",
        // A field's date as a Swedish reader expects it, not ISO with a colon.
        "15 januari 2024 kl. 14.20 (Europe/Stockholm)",
        "PUI-2024-0001",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("2024-01-15 14:20"), "{text}");

    let english = app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf?lang=en")).await;
    assert_eq!(english.status, 200);
    let (_, english_text) = pdf_text(&english.body);
    assert!(english_text.contains("2024-01-15 14:20 (Europe/Stockholm)"), "English keeps its form:\n{english_text}");
    let bad_lang = app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf?lang=fi")).await;
    assert_eq!(bad_lang.problem_fields(), ["lang"]);
    let foreign = app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf?controller_id={}", uuid::Uuid::new_v4())).await;
    assert_eq!(foreign.problem_fields(), ["controller_id"]);
    let _ = json!(null);
    app
});

both_backends!(the_same_case_and_clock_give_the_same_bytes, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let a = app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf")).await;
    let b = app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf")).await;
    assert_eq!(a.body, b.body);
    assert_eq!(a.header("x-content-sha256"), b.header("x-content-sha256"));
    app
});

//! Changes of facts are events on the case's record: moving awareness after a filing needs a
//! reason, and the timeline, the IMY draft and `verify` all see the old and the new instant, who
//! and why; texts breachdesk writes read in the reader's language.

use axum::body::Body;
use axum::http::Method;
use breachdesk_tests::{TestApp, both_backends, pdf_text};
use serde_json::{Value, json};

use crate::support::open_case;

async fn patch_case(app: &TestApp, id: &str, body: &Value) -> breachdesk_tests::TestResponse {
    let path = format!("/api/v1/cases/{id}");
    let etag = app.get(&path).await.header("etag").unwrap().to_owned();
    app.patch(&path, Some(&etag), body).await
}

both_backends!(
    moving_awareness_after_an_imy_filing_needs_a_reason_that_the_record_keeps,
    TestApp::new,
    |app| async move {
        let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
        let filed = app
        .post(
            &format!("/api/v1/cases/{id}/filings"),
            &json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-14T10:00:00Z", "reference": "IMY-2024-1"}),
        )
        .await;
        assert_eq!(filed.status, 201, "{filed:?}");

        // Without a reason: refused, naming `reason`, and nothing moves.
        let refused = patch_case(&app, &id, &json!({"aware_at": "2024-01-12T12:50:00Z"})).await;
        assert_eq!(refused.status, 422, "{refused:?}");
        assert_eq!(refused.problem_fields(), ["reason"]);
        assert_eq!(app.get(&format!("/api/v1/cases/{id}")).await.json()["aware_at"], "2024-01-12T13:20:00Z");

        let moved = patch_case(
        &app,
        &id,
        &json!({"aware_at": "2024-01-12T12:50:00Z", "reason": "Brandväggsloggen visar att IT-jouren larmade 13.50"}),
    )
    .await;
        assert_eq!(moved.status, 200, "{moved:?}");

        // The timeline keeps the old and the new instant, who and why, in each language.
        let sv = app.get(&format!("/api/v1/cases/{id}/timeline")).await.json();
        let change = sv.as_array().unwrap().iter().find(|e| e["event"] == "changed").cloned().expect("a change event");
        let opened = sv.as_array().unwrap().iter().find(|e| e["event"] == "opened").cloned().unwrap();
        assert!(uuid::Uuid::parse_str(change["actor"].as_str().unwrap()).is_ok(), "{change}");
        assert_eq!(change["actor"], opened["actor"], "the DPO who opened the case moved it");
        let text = change["text"].as_str().unwrap();
        assert!(text.contains("Kännedom: 2024-01-12 14.20 CET → 2024-01-12 13.50 CET."), "{text}");
        assert!(text.contains("Skäl: Brandväggsloggen visar att IT-jouren larmade 13.50"), "{text}");
        let changes = change["data"]["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(
            (&changes[0]["field"], &changes[0]["old"], &changes[0]["new"]),
            (&json!("aware_at"), &json!("2024-01-12T13:20:00Z"), &json!("2024-01-12T12:50:00Z"))
        );
        let en = app.get(&format!("/api/v1/cases/{id}/timeline?lang=en")).await.json();
        let change_en = en.as_array().unwrap().iter().find(|e| e["event"] == "changed").cloned().unwrap();
        let text_en = change_en["text"].as_str().unwrap();
        assert!(text_en.contains("Aware: 2024-01-12 14:20 CET → 2024-01-12 13:50 CET."), "{text_en}");
        assert!(text_en.contains("Reason: Brandväggsloggen"), "{text_en}");

        // And so does the IMY draft's timeline annex.
        let pdf = app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf")).await;
        assert_eq!(pdf.status, 200);
        let (_, draft) = pdf_text(&pdf.body);
        let flat: String = draft.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Kännedom: 2024-01-12 14.20 CET → 2024-01-12 13.50 CET."), "{flat}");
        assert!(flat.contains("Brandväggsloggen visar att IT-jouren larmade 13.50"), "{flat}");

        let report = app.db.store.verify(None).await.unwrap();
        assert_eq!(report.findings, vec![], "an untouched record verifies");
        app
    }
);

both_backends!(
    a_change_before_anything_is_filed_needs_no_reason_and_a_no_op_records_nothing,
    TestApp::new,
    |app| async move {
        let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
        let moved = patch_case(&app, &id, &json!({"detected_at": "2024-01-12T12:30:00Z"})).await;
        assert_eq!(moved.status, 200, "{moved:?}");
        let same = patch_case(&app, &id, &json!({"title": "IT-attack mot kommunens servrar"})).await;
        assert_eq!(same.status, 200, "{same:?}");
        let timeline = app.get(&format!("/api/v1/cases/{id}/timeline")).await.json();
        let events: Vec<&str> = timeline.as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
        assert_eq!(events, ["opened", "changed"]);
        app
    }
);

/// Texts breachdesk writes in one language must not show on a page in the other.
const SWEDISH_WORDS: &[&str] =
    &["öppnat", "Status ändrad", "Åtgärd tillagd", "Beslut:", "Inlämnat till", "Riskbedömning", "Skäl:", "Kännedom:"];
const ENGLISH_WORDS: &[&str] = &[
    "opened (status",
    "Status changed",
    "Action added",
    "Decision:",
    "Filed with",
    "Risk assessment",
    "Reason:",
    "Aware:",
];

both_backends!(each_case_page_shows_breachdesks_texts_in_its_own_language_only, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/cases/{id}");
    let action = app.post(&format!("{base}/actions"), &json!({"title": "Byt lösenord", "category": "contain"})).await;
    assert_eq!(action.status, 201, "{action:?}");
    let assessed = app
        .put(
            &format!("{base}/assessment"),
            &json!({"dpc": 3, "ei": 1.0, "cb_confidentiality": 0.5, "cb_integrity": 0.0, "cb_availability": 0.5,
                    "malicious": true, "conclusion": "high_risk", "justification": "Personnummer kan ha läckt."}),
        )
        .await;
    assert_eq!(assessed.status, 200, "{assessed:?}");
    let decided = app
        .post(
            &format!("{base}/decisions"),
            &json!({"decision": "notify_imy", "outcome": "yes", "reasons": "Hög risk."}),
        )
        .await;
    assert_eq!(decided.status, 201, "{decided:?}");
    let filed = app
        .post(
            &format!("{base}/filings"),
            &json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-14T10:00:00Z"}),
        )
        .await;
    assert_eq!(filed.status, 201, "{filed:?}");
    let changed = patch_case(
        &app,
        &id,
        &json!({"status": "investigating", "aware_at": "2024-01-12T13:00:00Z", "reason": "Rättad tid."}),
    )
    .await;
    assert_eq!(changed.status, 200, "{changed:?}");

    let dpo = app.user(domain::Role::Dpo).await;
    let session = app.login(dpo.user.email.as_str(), &dpo.password).await;
    for (lang, own, other) in [("sv", SWEDISH_WORDS, ENGLISH_WORDS), ("en", ENGLISH_WORDS, SWEDISH_WORDS)] {
        let cookie = format!("{}; breachdesk_lang={lang}", session.cookie);
        let page =
            app.send_with(None, Method::GET, &format!("/cases/{id}"), &[("cookie", &cookie)], Body::empty()).await;
        assert_eq!(page.status, 200, "{lang}");
        let html = String::from_utf8(page.body.clone()).unwrap();
        for word in own {
            assert!(html.contains(word), "the {lang} page lacks {word:?}");
        }
        for word in other {
            assert!(!html.contains(word), "the {lang} page shows {word:?}");
        }
    }
    app
});

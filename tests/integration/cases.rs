//! A case from alarm to clocks: open, read, list, timeline, actions, clocks.

use breachdesk_tests::{TestApp, both_backends};
use serde_json::json;

use crate::support::{add_controller, case_body, open_case};

both_backends!(a_case_opens_with_a_reference_an_etag_and_an_opening_entry, TestApp::new, |app| async move {
    let created = open_case(&app).await;
    let case = created.json();
    assert_eq!(case["reference"], "PUI-2024-0001");
    assert_eq!(case["status"], "triage");
    assert_eq!(created.header("etag"), Some("\"1\""));
    let id = case["id"].as_str().unwrap();

    let read = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.header("etag"), Some("\"1\""));
    assert_eq!(read.json()["title"], "IT-attack mot kommunens servrar");
    assert_eq!(read.json()["data_subjects_count"], json!({"min": 100, "max": 5000}));

    let list = app.get("/api/v1/cases").await.json();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["id"], id);

    let timeline = app.get(&format!("/api/v1/cases/{id}/timeline")).await.json();
    assert_eq!(timeline[0]["kind"], "status_change");
    assert_eq!(timeline[0]["seq"], 1);
    app
});

both_backends!(references_count_up_within_a_year, TestApp::new, |app| async move {
    let controller = add_controller(&app).await;
    for n in 1..=3 {
        let case = app.post("/api/v1/cases", &case_body(&controller)).await.json();
        assert_eq!(case["reference"], format!("PUI-2024-{n:04}"));
    }
    app
});

both_backends!(timeline_entries_are_chained_in_order, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}/timeline");
    let first = app
        .post(&path, &json!({"occurred_at": "2024-01-12T05:40:00Z", "kind": "detection", "text": "Larm från övervakningen: okända inloggningar på filservern."}))
        .await;
    assert_eq!(first.status, 201, "{first:?}");
    let second =
        app.post(&path, &json!({"kind": "containment", "text": "All åtkomst till berörda system stängd."})).await;
    assert_eq!(second.status, 201);
    let (first, second) = (first.json(), second.json());
    assert_eq!(first["seq"], 2);
    assert_eq!(second["seq"], 3);
    assert_eq!(second["prev_hash"], first["hash"]);
    assert_eq!(second["occurred_at"], "2024-01-15T12:00:00Z", "occurred_at defaults to now");

    let timeline = app.get(&path).await.json();
    let texts: Vec<_> = timeline.as_array().unwrap().iter().map(|e| e["text"].as_str().unwrap().to_owned()).collect();
    assert_eq!(texts.len(), 3);
    assert!(texts[1].starts_with("Larm från övervakningen"));
    assert!(app.db.store.verify_timelines().await.unwrap().is_empty());

    let correction =
        app.post(&path, &json!({"kind": "note", "text": "Rättelse: larmet kom 05:45.", "corrects": first["id"]})).await;
    assert_eq!(correction.status, 201);
    assert_eq!(correction.json()["corrects"], first["id"]);
    app
});

both_backends!(actions_are_tracked_and_logged_on_the_timeline, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let created = app
        .post(
            &format!("/api/v1/cases/{id}/actions"),
            &json!({"title": "Byt samtliga lösenord", "category": "contain", "owner": "IT-chef"}),
        )
        .await;
    assert_eq!(created.status, 201, "{created:?}");
    assert_eq!(created.json()["status"], "planned");
    let action_id = created.json()["id"].as_str().unwrap().to_owned();

    let done = app.patch(&format!("/api/v1/cases/{id}/actions/{action_id}"), None, &json!({"status": "done"})).await;
    assert_eq!(done.status, 200, "{done:?}");
    assert_eq!(done.json()["done_at"], "2024-01-15T12:00:00Z");

    let actions = app.get(&format!("/api/v1/cases/{id}/actions")).await.json();
    assert_eq!(actions.as_array().unwrap().len(), 1);
    let timeline = app.get(&format!("/api/v1/cases/{id}/timeline")).await.json();
    let texts: Vec<_> = timeline.as_array().unwrap().iter().map(|e| e["text"].as_str().unwrap().to_owned()).collect();
    assert!(texts.iter().any(|t| t.contains("Åtgärd tillagd: Byt samtliga lösenord")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("planerad → klar")), "{texts:?}");

    let foreign = app
        .patch(&format!("/api/v1/cases/{id}/actions/{}", uuid::Uuid::new_v4()), None, &json!({"status": "done"}))
        .await;
    assert_eq!(foreign.status, 404);
    app
});

both_backends!(the_imy_clock_runs_72_elapsed_hours_from_awareness, TestApp::new, |app| async move {
    let controller = add_controller(&app).await;
    let mut body = case_body(&controller);
    // Detected Friday 08:00 Swedish time, aware Friday 14:20; now is Monday 13:00 Swedish time.
    body["detected_at"] = json!("2024-01-12T07:00:00Z");
    let id = app.post("/api/v1/cases", &body).await.json()["id"].as_str().unwrap().to_owned();
    let clocks = app.get(&format!("/api/v1/cases/{id}/clocks")).await;
    assert_eq!(clocks.status, 200);
    let clocks = clocks.json();
    let imy = &clocks[0];
    assert_eq!(imy["clock"], "imy_notification");
    assert_eq!(imy["starts_at"], "2024-01-12T13:20:00Z");
    assert_eq!(imy["due_at"], "2024-01-15T13:20:00Z");
    assert_eq!(imy["due_at_local"], "2024-01-15 14:20 CET");
    assert_eq!(imy["state"], "running");
    assert_eq!(imy["seconds_left"], 4800);
    let stricter = &clocks[1];
    assert_eq!(stricter["clock"], "imy_notification_from_detection");
    assert_eq!(stricter["due_at"], "2024-01-15T07:00:00Z");
    assert_eq!(stricter["state"], "missed");
    app
});

both_backends!(a_legal_status_change_is_logged_and_bumps_the_etag, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}");
    let updated = app.patch(&path, Some("\"1\""), &json!({"status": "investigating"})).await;
    assert_eq!(updated.status, 200, "{updated:?}");
    assert_eq!(updated.header("etag"), Some("\"2\""));
    let contained = app.patch(&path, Some("\"2\""), &json!({"status": "contained"})).await;
    assert_eq!(contained.json()["contained_at"], "2024-01-15T12:00:00Z");
    let timeline = app.get(&format!("{path}/timeline")).await.json();
    let kinds: Vec<_> = timeline.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect();
    assert_eq!(kinds, ["status_change", "status_change", "status_change"]);
    app
});

both_backends!(concurrent_appends_all_land_in_one_unbroken_chain, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}/timeline");
    let writes =
        (0..12).map(|i| {
            let path = path.clone();
            let app = &app;
            async move {
                app.post(&path, &json!({"kind": "note", "text": format!("parallell anteckning {i}")})).await.status
            }
        });
    let statuses = futures::future::join_all(writes).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let timeline = app.get(&path).await.json();
    let seqs: Vec<_> = timeline.as_array().unwrap().iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=13).collect::<Vec<_>>());
    assert!(app.db.store.verify_timelines().await.unwrap().is_empty());
    app
});

async fn just_after_new_year(backend: breachdesk_tests::Backend) -> Option<TestApp> {
    // 00:30 on 1 January 2024 in Stockholm is still 2023 in UTC.
    TestApp::at(backend, "2023-12-31T23:30:00Z".parse().unwrap()).await
}

both_backends!(
    a_case_opened_just_after_local_midnight_on_new_years_day_gets_the_new_year,
    just_after_new_year,
    |app| async move {
        let controller = add_controller(&app).await;
        let mut body = case_body(&controller);
        body["detected_at"] = json!("2023-12-31T23:05:00Z");
        body["aware_at"] = json!("2023-12-31T23:20:00Z");
        let case = app.post("/api/v1/cases", &body).await;
        assert_eq!(case.status, 201, "{case:?}");
        assert_eq!(case.json()["reference"], "PUI-2024-0001");
        app
    }
);

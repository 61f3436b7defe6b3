//! The legal core through the API, modelled on the Bjuv case: extortion, personnummer, two
//! controllers; assessed high, IMY and police decided, filings recorded; the dashboard shows the
//! right next clock at every step; closing is refused while anything is open.

use breachdesk_tests::{TestApp, both_backends};
use serde_json::{Value, json};

async fn controller(app: &TestApp, name: &str) -> String {
    let body =
        json!({"name": name, "organisation_number": "212000-1041", "postal_address": "Bjuvs kommun, 267 80 Bjuv"});
    app.post("/api/v1/controllers", &body).await.json()["id"].as_str().unwrap().to_owned()
}

/// The Bjuv case as opened: detected 04:40 UTC, aware 09:30 UTC on Sunday 14 January 2024.
async fn open_bjuv(app: &TestApp) -> (String, String, String) {
    let ks = controller(app, "Kommunstyrelsen i Bjuvs kommun").await;
    let bun = controller(app, "Barn- och utbildningsnämnden i Bjuvs kommun").await;
    let case = app
        .post(
            "/api/v1/cases",
            &json!({
                "title": "IT-attack med utpressning mot Bjuvs kommun",
                "description": "Angripare har tagit sig in i kommunens dataservrar; en hackergrupp hotar att publicera uppgifter, möjligen personnummer.",
                "category": "ransomware",
                "breach_types": ["confidentiality", "availability"],
                "detected_at": "2024-01-14T04:40:00Z",
                "aware_at": "2024-01-14T09:30:00Z",
                "controller_ids": [ks, bun],
                "personal_data_categories": ["personnummer", "identity", "secrecy_osl"],
                "data_subject_categories": ["residents", "employees", "pupils"]
            }),
        )
        .await;
    assert_eq!(case.status, 201, "{case:?}");
    (case.json()["id"].as_str().unwrap().to_owned(), ks, bun)
}

async fn next_clock(app: &TestApp, case_id: &str) -> Value {
    let dashboard = app.get("/api/v1/dashboard").await;
    assert_eq!(dashboard.status, 200, "{dashboard:?}");
    let dashboard = dashboard.json();
    let case = dashboard["open_cases"].as_array().unwrap().iter().find(|c| c["id"] == case_id).cloned().unwrap();
    case["next_clock"].clone()
}

async fn set_status(app: &TestApp, case_id: &str, status: &str) -> breachdesk_tests::TestResponse {
    let path = format!("/api/v1/cases/{case_id}");
    let etag = app.get(&path).await.header("etag").unwrap().to_owned();
    app.patch(&path, Some(&etag), &json!({"status": status})).await
}

both_backends!(the_bjuv_case_is_carried_through_assessment_decisions_and_filings, TestApp::new, |app| async move {
    let (id, ks, bun) = open_bjuv(&app).await;
    let base = format!("/api/v1/cases/{id}");

    // Opened: the stricter IMY clock (from detection) runs out first.
    let next = next_clock(&app, &id).await;
    assert_eq!(
        (next["clock"].as_str(), next["due_at"].as_str()),
        (Some("imy_notification_from_detection"), Some("2024-01-17T04:40:00Z"))
    );

    // Closing with everything open is refused, naming what is open.
    assert_eq!(set_status(&app, &id, "investigating").await.status, 200);
    assert_eq!(set_status(&app, &id, "contained").await.status, 200);
    let refused = set_status(&app, &id, "closed").await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.problem_fields(), ["status"]);
    let message = refused.json()["errors"][0]["message"].as_str().unwrap().to_owned();
    for open in ["risk assessment", "notify_imy", "inform_data_subjects"] {
        assert!(message.contains(open), "{message}");
    }

    // Assessed: personnummer (DPC 3), fully identifiable, confidentiality and availability, malicious.
    let assessment = app
        .put(
            &format!("{base}/assessment"),
            &json!({"dpc": 3, "ei": 1.0, "cb_confidentiality": 0.5, "cb_availability": 0.25, "malicious": true,
                    "conclusion": "high_risk", "justification": "Personnummer kan ha exfiltrerats och angriparen hotar att publicera."}),
        )
        .await;
    assert_eq!(assessment.status, 200, "{assessment:?}");
    assert_eq!(
        (assessment.json()["score"].as_f64(), assessment.json()["band"].as_str()),
        (Some(4.25), Some("very_high"))
    );

    // Decisions: IMY yes; data subjects no without exemption is refused on a high risk;
    // exemption (c) with a public notice instead; police yes.
    let decide = |body: Value| {
        let path = format!("{base}/decisions");
        let app = &app;
        async move { app.post(&path, &body).await }
    };
    assert_eq!(
        decide(json!({"decision": "notify_imy", "outcome": "yes", "reasons": "Hög risk för de registrerade."}))
            .await
            .status,
        201
    );
    let no_exemption =
        decide(json!({"decision": "inform_data_subjects", "outcome": "no", "reasons": "Okänt vilka som berörs."}))
            .await;
    assert_eq!(no_exemption.problem_fields(), ["exemption"]);
    let public = decide(json!({"decision": "inform_data_subjects", "outcome": "no", "exemption": "34_3_c",
        "reasons": "Det går inte att identifiera vilka som berörs; information lämnas i stället på kommunens webbplats."})).await;
    assert_eq!(public.status, 201);
    assert_eq!(
        decide(json!({"decision": "report_police", "outcome": "yes", "reasons": "Dataintrång och utpressning."}))
            .await
            .status,
        201
    );

    // The police report (24 h from the decision at 12:00) now runs out first.
    let next = next_clock(&app, &id).await;
    assert_eq!(
        (next["clock"].as_str(), next["due_at"].as_str()),
        (Some("police_report"), Some("2024-01-16T12:00:00Z"))
    );

    // Filings: IMY needs a controller when there are several; one preliminary notification each.
    let file = |body: Value| {
        let path = format!("{base}/filings");
        let app = &app;
        async move { app.post(&path, &body).await }
    };
    let without_controller =
        file(json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-15T10:00:00Z"})).await;
    assert_eq!(without_controller.problem_fields(), ["controller_id"]);
    for (controller, reference) in [(&ks, "IMY-2024-0417"), (&bun, "IMY-2024-0418")] {
        let filed = file(json!({"recipient": "imy", "phase": "preliminary", "controller_id": controller,
            "submitted_at": "2024-01-15T10:00:00Z", "reference": reference, "channel": "IMY:s e-tjänst"}))
        .await;
        assert_eq!(filed.status, 201, "{filed:?}");
        assert_eq!(filed.json()["late"], false);
        assert_eq!(filed.json()["due_at"], "2024-01-17T09:30:00Z");
    }
    assert_eq!(file(json!({"recipient": "police", "phase": "complete", "submitted_at": "2024-01-15T11:00:00Z", "reference": "K-12345-24"})).await.status, 201);

    // With IMY and the police done, the public communication is next; then the supplement.
    let next = next_clock(&app, &id).await;
    assert_eq!(
        (next["clock"].as_str(), next["due_at"].as_str()),
        (Some("data_subjects"), Some("2024-01-18T12:00:00Z"))
    );
    assert_eq!(file(json!({"recipient": "public", "phase": "complete", "submitted_at": "2024-01-15T11:30:00Z", "channel": "bjuv.se"})).await.status, 201);
    let next = next_clock(&app, &id).await;
    assert_eq!(
        (next["clock"].as_str(), next["due_at"].as_str()),
        (Some("imy_supplement"), Some("2024-02-12T10:00:00Z"))
    );

    let clocks = app.get(&format!("{base}/clocks")).await.json();
    let state_of =
        |kind: &str| clocks.as_array().unwrap().iter().find(|c| c["clock"] == kind).map(|c| c["state"].clone());
    assert_eq!(state_of("imy_notification"), Some(json!("met")));
    assert_eq!(state_of("police_report"), Some(json!("met")));
    assert_eq!(state_of("imy_supplement"), Some(json!("running")));

    // Closing still waits for the supplement promised in the preliminary notification.
    let refused = set_status(&app, &id, "closed").await;
    assert!(refused.json()["errors"][0]["message"].as_str().unwrap().contains("supplement"), "{refused:?}");
    assert_eq!(file(json!({"recipient": "imy", "phase": "supplement", "controller_id": ks, "submitted_at": "2024-01-15T11:45:00Z"})).await.status, 201);
    let closed = set_status(&app, &id, "closed").await;
    assert_eq!(closed.status, 200, "{closed:?}");
    assert!(app.get("/api/v1/dashboard").await.json()["open_cases"].as_array().unwrap().is_empty());

    // Every decision and filing is on the timeline, and the chain holds.
    let timeline = app.get(&format!("{base}/timeline")).await.json();
    let kinds: Vec<_> = timeline.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect();
    assert_eq!(kinds.iter().filter(|k| *k == "decision").count(), 4, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| *k == "notification").count(), 5, "{kinds:?}");
    assert!(app.db.store.verify_timelines().await.unwrap().is_empty());
    app
});

both_backends!(a_late_imy_notification_needs_reasons_for_the_delay, TestApp::new, |app| async move {
    let ks = controller(&app, "Kommunstyrelsen i Bjuvs kommun").await;
    let body = json!({"title": "Sent upptäckt felskick", "description": "Ett brev med personuppgifter gick till fel adress.",
        "category": "misdirected", "breach_types": ["confidentiality"], "detected_at": "2024-01-10T08:00:00Z",
        "aware_at": "2024-01-10T09:00:00Z", "controller_ids": [ks]});
    let id = app.post("/api/v1/cases", &body).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}/filings");
    let late = json!({"recipient": "imy", "phase": "complete", "submitted_at": "2024-01-15T11:00:00Z"});
    let refused = app.post(&path, &late).await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.problem_fields(), ["delay_reasons"]);
    assert!(app.get(&path).await.json().as_array().unwrap().is_empty());
    let mut with_reasons = late.clone();
    with_reasons["delay_reasons"] = json!("Handläggaren var sjuk och ersättare saknades.");
    let filed = app.post(&path, &with_reasons).await;
    assert_eq!(filed.status, 201);
    assert_eq!(filed.json()["late"], true);
    let clocks = app.get(&format!("/api/v1/cases/{id}/clocks")).await.json();
    assert_eq!(clocks[0]["state"], "missed");
    app
});

both_backends!(not_notifying_imy_needs_no_risk_and_reasons, TestApp::new, |app| async move {
    let ks = controller(&app, "Kommunstyrelsen i Bjuvs kommun").await;
    let body = json!({"title": "Borttappat krypterat USB-minne", "description": "Ett krypterat USB-minne försvann.",
        "category": "lost_device", "breach_types": ["availability"], "detected_at": "2024-01-15T08:00:00Z",
        "aware_at": "2024-01-15T09:00:00Z", "controller_ids": [ks]});
    let id = app.post("/api/v1/cases", &body).await.json()["id"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/cases/{id}");
    let below = app
        .put(&format!("{base}/assessment"), &json!({"dpc": 2, "ei": 1.0, "cb_availability": 0.25, "conclusion": "no_risk", "justification": "Krypterat."}))
        .await;
    assert_eq!(below.problem_fields(), ["below_band_reason"]);
    let ok = app
        .put(&format!("{base}/assessment"), &json!({"dpc": 2, "ei": 1.0, "cb_availability": 0.25, "conclusion": "no_risk",
            "justification": "Krypterat med AES-256.", "below_band_reason": "Nyckeln har inte röjts; uppgifterna är obegripliga för obehöriga."}))
        .await;
    assert_eq!(ok.status, 200, "{ok:?}");
    let no = app.post(&format!("{base}/decisions"), &json!({"decision": "notify_imy", "outcome": "no", "reasons": "Osannolikt att det medför en risk: krypterat."})).await;
    assert_eq!(no.status, 201);
    let clocks = app.get(&format!("{base}/clocks")).await.json();
    assert!(clocks.as_array().unwrap().iter().all(|c| c["clock"] != "imy_notification"), "{clocks}");
    app
});

both_backends!(the_register_csv_opens_in_a_spreadsheet_with_swedish_characters, TestApp::new, |app| async move {
    let (id, _, _) = open_bjuv(&app).await;
    let body = json!({"title": "Misstänkt intrång – ej incident", "description": "Larmet var ett test av övervakningen.",
        "category": "intrusion", "breach_types": ["integrity"], "detected_at": "2024-01-15T08:00:00Z", "aware_at": "2024-01-15T08:00:00Z"});
    let other = app.post("/api/v1/cases", &body).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{other}");
    let etag = app.get(&path).await.header("etag").unwrap().to_owned();
    let marked = app
        .patch(
            &path,
            Some(&etag),
            &json!({"status": "not_a_breach", "not_a_breach_reason": "Larmet var en planerad övning."}),
        )
        .await;
    assert_eq!(marked.status, 200, "{marked:?}");

    let csv = app.get("/api/v1/register.csv").await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv.body.starts_with("\u{feff}".as_bytes()), "UTF-8 byte-order mark");
    let text = String::from_utf8(csv.body[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("Referens;Rubrik;Status;"));
    assert!(text.contains("IT-attack med utpressning mot Bjuvs kommun"));
    assert!(text.contains("Barn- och utbildningsnämnden i Bjuvs kommun"));
    assert!(text.contains("Larmet var en planerad övning."));
    // The values are named for people, in the language of the headings.
    assert!(text.contains(";Inte en personuppgiftsincident;"), "{text}");
    assert!(text.contains("Intrång i system"), "{text}");
    assert!(text.contains("Riktighet"), "{text}");
    assert!(!text.contains("not_a_breach"), "{text}");
    let json = app.get("/api/v1/register").await.json();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert!(json.as_array().unwrap().iter().any(|r| r["id"] == id));
    // The JSON register keeps the stable codes.
    assert!(json.as_array().unwrap().iter().any(|r| r["status"] == "not_a_breach" && r["category"] == "intrusion"));
    let english = app.get("/api/v1/register.csv?lang=en").await;
    let english = String::from_utf8_lossy(&english.body).into_owned();
    assert!(english.contains("Reference;Title;Status;"));
    assert!(english.contains(";Not a breach;"), "{english}");
    assert!(english.contains("Intrusion into systems"), "{english}");
    assert!(!english.contains("Inte en personuppgiftsincident"), "{english}");
    app
});

both_backends!(deadline_rules_are_versioned_and_only_added_for_the_future, TestApp::new, |app| async move {
    let rules = app.get("/api/v1/deadline-rules").await.json();
    assert_eq!(rules.as_array().unwrap().len(), 9, "the eight of issue 4 and the processor's notice (Art. 33(2))");
    let proposal = json!({"regime": "gdpr", "clock": "imy_notification", "trigger": "aware_at", "hours": 96,
        "in_force_from": "2023-01-01T00:00:00Z", "source": "EU-förslag: 96 timmar"});
    let past = app.post("/api/v1/deadline-rules", &proposal).await;
    assert_eq!(past.problem_fields(), ["in_force_from"]);
    let mut future = proposal.clone();
    future["in_force_from"] = json!("2027-01-01T00:00:00Z");
    assert_eq!(app.post("/api/v1/deadline-rules", &future).await.status, 201);
    assert_eq!(app.post("/api/v1/deadline-rules", &future).await.status, 409);
    // A case opened now keeps the 72 hours.
    let (id, _, _) = open_bjuv(&app).await;
    let clocks = app.get(&format!("/api/v1/cases/{id}/clocks")).await.json();
    assert_eq!(clocks[0]["due_at"], "2024-01-17T09:30:00Z");
    app
});

both_backends!(a_filing_keeps_the_sha256_of_the_draft_that_was_downloaded, TestApp::new, |app| async move {
    let (id, ks, _) = open_bjuv(&app).await;
    let draft = app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf?controller_id={ks}")).await;
    assert_eq!(draft.status, 200);
    let sha = draft.header("x-content-sha256").unwrap().to_owned();
    let filed = app
        .post(
            &format!("/api/v1/cases/{id}/filings"),
            &json!({"recipient": "imy", "phase": "preliminary", "controller_id": ks, "submitted_at": "2024-01-15T12:00:00Z"}),
        )
        .await;
    assert_eq!(filed.status, 201, "{filed:?}");
    assert_eq!(filed.json()["pdf_sha256"], sha.as_str(), "the hash of the exported draft is kept");
    // A hash given explicitly wins; a filing with no draft exported before it has none.
    let given = "ab".repeat(32);
    let explicit = app
        .post(
            &format!("/api/v1/cases/{id}/filings"),
            &json!({"recipient": "police", "phase": "complete", "submitted_at": "2024-01-15T11:00:00Z", "pdf_sha256": given}),
        )
        .await;
    assert_eq!(explicit.json()["pdf_sha256"], given.as_str());
    let none = app
        .post(
            &format!("/api/v1/cases/{id}/filings"),
            &json!({"recipient": "public", "phase": "complete", "submitted_at": "2024-01-15T11:00:00Z"}),
        )
        .await;
    assert_eq!(none.json()["pdf_sha256"], serde_json::Value::Null);
    app
});

both_backends!(the_law_guards_every_exit_and_breachdesk_alone_writes_status_entries, TestApp::new, |app| async move {
    let (id, ks, bun) = open_bjuv(&app).await;
    let base = format!("/api/v1/cases/{id}");
    // A decision not to notify IMY needs an assessment concluding no risk.
    let early_no = app
        .post(&format!("{base}/decisions"), &json!({"decision": "notify_imy", "outcome": "no", "reasons": "tidigt"}))
        .await;
    assert_eq!(early_no.problem_fields(), ["outcome"]);
    // Nobody writes an entry that looks like breachdesk's own status change.
    let forged = app
        .post(
            &format!("{base}/timeline"),
            &json!({"kind": "status_change", "text": "Status ändrad: Utreds → Avslutad."}),
        )
        .await;
    assert_eq!(forged.problem_fields(), ["kind"]);
    // A high-risk assessment forbids calling it "not a breach".
    let assessed = app
        .put(&format!("{base}/assessment"), &json!({"dpc": 3, "ei": 1.0, "cb_confidentiality": 0.5, "malicious": true, "conclusion": "high_risk", "justification": "Personnummer."}))
        .await;
    assert_eq!(assessed.status, 200);
    let not_a_breach = set_status_with(&app, &id, json!({"status": "not_a_breach", "not_a_breach_reason": "x"})).await;
    assert_eq!(not_a_breach.problem_fields(), ["status"]);
    assert!(not_a_breach.json()["errors"][0]["message"].as_str().unwrap().contains("high_risk"));
    // Closing is checked against the controllers the same request sets.
    for body in [
        json!({"decision": "notify_imy", "outcome": "yes", "reasons": "Hög risk."}),
        json!({"decision": "inform_data_subjects", "outcome": "no", "exemption": "34_3_c", "reasons": "Okänt vilka."}),
    ] {
        assert_eq!(app.post(&format!("{base}/decisions"), &body).await.status, 201);
    }
    for controller in [&ks, &bun] {
        let filed = app
            .post(&format!("{base}/filings"), &json!({"recipient": "imy", "phase": "complete", "controller_id": controller, "submitted_at": "2024-01-15T11:00:00Z"}))
            .await;
        assert_eq!(filed.status, 201);
    }
    assert_eq!(
        app.post(
            &format!("{base}/filings"),
            &json!({"recipient": "public", "phase": "complete", "submitted_at": "2024-01-15T11:10:00Z"})
        )
        .await
        .status,
        201
    );
    set_status(&app, &id, "investigating").await;
    set_status(&app, &id, "contained").await;
    let third = controller(&app, "Socialnämnden i Bjuvs kommun").await;
    let widened = set_status_with(&app, &id, json!({"status": "closed", "controller_ids": [ks, bun, third]})).await;
    assert_eq!(widened.problem_fields(), ["status"], "{widened:?}");
    assert!(widened.json()["errors"][0]["message"].as_str().unwrap().contains(&third));
    assert_eq!(set_status(&app, &id, "closed").await.status, 200);
    app
});

async fn set_status_with(app: &TestApp, case_id: &str, body: Value) -> breachdesk_tests::TestResponse {
    let path = format!("/api/v1/cases/{case_id}");
    let etag = app.get(&path).await.header("etag").unwrap().to_owned();
    app.patch(&path, Some(&etag), &body).await
}

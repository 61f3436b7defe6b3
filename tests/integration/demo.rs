//! The demo: both seed cases (and one happening now) load with their whole legal record,
//! verify, and render every draft.

use breachdesk::demo::{DemoOutcome, load};
use breachdesk_tests::{TestApp, both_backends, pdf_text};
use serde_json::Value;

fn by_category<'a>(cases: &'a Value, category: &str) -> &'a Value {
    cases["items"].as_array().unwrap().iter().find(|c| c["category"] == category).unwrap()
}

fn clock_state(clocks: &Value, kind: &str) -> String {
    clocks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"] == kind)
        .map(|c| c["state"].as_str().unwrap().to_owned())
        .unwrap()
}

both_backends!(the_demo_carries_both_seed_cases_through_every_layer, TestApp::new, |app| async move {
    let outcome = load(&app.db.store, breachdesk_tests::test_now()).await.unwrap();
    let DemoOutcome::Loaded(refs) = outcome else { panic!("not loaded: {outcome:?}") };
    assert_eq!(refs, ["PUI-2024-0001", "PUI-2020-0001", "PUI-2024-0002"]);
    assert_eq!(load(&app.db.store, breachdesk_tests::test_now()).await.unwrap(), DemoOutcome::AlreadyHasCases);
    let broken = app.db.store.verify_timelines().await.unwrap();
    assert!(broken.is_empty(), "{broken:?}");

    let cases = app.get("/api/v1/cases").await.json();
    let controllers = app.get("/api/v1/controllers").await.json().to_string();
    assert!(controllers.contains("Bjuvs kommun") && controllers.contains("Norrtälje kommun"), "{controllers}");

    // Bjuv: assessed very high, IMY and police notified in time, public informed; still open.
    let bjuv = by_category(&cases, "ransomware");
    assert_eq!(bjuv["status"], "contained");
    let id = bjuv["id"].as_str().unwrap();
    let assessment = app.get(&format!("/api/v1/cases/{id}/assessment")).await.json();
    assert_eq!(
        (assessment["band"].as_str(), assessment["conclusion"].as_str()),
        (Some("very_high"), Some("high_risk"))
    );
    let clocks = app.get(&format!("/api/v1/cases/{id}/clocks")).await.json();
    for kind in ["imy_notification", "police_report", "data_subjects", "imy_supplement"] {
        assert_eq!(clock_state(&clocks, kind), "met", "{kind}: {clocks}");
    }
    let filings = app.get(&format!("/api/v1/cases/{id}/filings")).await.json();
    assert_eq!(filings.as_array().unwrap().len(), 6);
    let police = app.get(&format!("/api/v1/cases/{id}/police-details")).await.json();
    assert!(police["evidence_custody"].as_str().unwrap().contains("kassaskåp"), "{police}");
    let pdf = app.get(&format!("/api/v1/cases/{id}/drafts/police.pdf")).await;
    let (_, text) = pdf_text(&pdf.body);
    assert!(!text.contains("Uppgift saknas"), "the Bjuv police draft has no blanks left:\n{text}");

    // Bjuv's public notice: three dated revisions, the questions growing, the latest public.
    let notice = app.get(&format!("/api/v1/cases/{id}/notice")).await.json();
    let revisions = notice["revisions"].as_array().unwrap();
    let published: Vec<&str> = revisions.iter().map(|r| r["published_at"].as_str().unwrap()).collect();
    // Each logged three minutes after the seed's instant, as every demo event is.
    assert_eq!(published, ["2024-01-31T15:13:00Z", "2024-02-07T09:03:00Z", "2024-02-27T14:23:00Z"]);
    let questions: Vec<usize> = revisions.iter().map(|r| r["content"]["qa"].as_array().unwrap().len()).collect();
    assert_eq!(questions, [2, 4, 6]);
    assert!(revisions[2]["content"]["summary"].as_str().unwrap().contains("hackergrupp"));
    let links = revisions[2]["content"]["links"].to_string();
    for host in ["skatteverket.se", "polisen.se", "mcf.se"] {
        assert!(links.contains(host), "{host}: {links}");
    }
    let page =
        app.send_with(None, axum::http::Method::GET, "/notices/it-attacken-2024", &[], axum::body::Body::empty()).await;
    assert_eq!(page.status, 200);
    let html = String::from_utf8(page.body).unwrap();
    assert!(
        html.contains("/notices/it-attacken-2024/revisions/1") && html.contains("Kan kommunen förhindra"),
        "{html}"
    );

    // Norrtälje: notified to Datainspektionen, public informed, closed; its e-service took two
    // inquiries, one answered.
    let norrtalje = by_category(&cases, "phishing");
    assert_eq!(norrtalje["status"], "closed");
    let nid = norrtalje["id"].as_str().unwrap();
    let notice = app.get(&format!("/api/v1/cases/{nid}/notice")).await.json();
    assert_eq!(notice["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(notice["draft"]["inquiries_open"], true);
    assert_eq!(notice["public_path"], "/notices/natfiskeattack-2020");
    let inquiries = app.get(&format!("/api/v1/cases/{nid}/inquiries")).await.json();
    let statuses: Vec<&str> = inquiries.as_array().unwrap().iter().map(|i| i["status"].as_str().unwrap()).collect();
    assert_eq!(statuses.len(), 2, "{inquiries}");
    assert!(statuses.contains(&"answered") && statuses.contains(&"received"), "{inquiries}");
    let form = app
        .send_with(
            None,
            axum::http::Method::GET,
            "/notices/natfiskeattack-2020/inquiry",
            &[],
            axum::body::Body::empty(),
        )
        .await;
    assert_eq!(form.status, 200, "the e-service is open");

    // One staff report waits in the DPO's queue.
    let reports = app.get("/api/v1/reports").await.json();
    let waiting: Vec<&Value> = reports.as_array().unwrap().iter().filter(|r| r["status"] == "waiting").collect();
    assert_eq!(waiting.len(), 1, "{reports}");
    assert!(waiting[0]["case_id"].is_null());

    // The live case: its 72-hour clock is running.
    let live = by_category(&cases, "misdirected");
    let clocks = app.get(&format!("/api/v1/cases/{}/clocks", live["id"].as_str().unwrap())).await.json();
    assert_eq!(clock_state(&clocks, "imy_notification"), "running");
    let dashboard = app.get("/api/v1/dashboard").await.json();
    assert_eq!(dashboard["open_cases"][0]["id"], live["id"], "the running clock comes first");

    // Every draft of both seed cases renders with its reference.
    for case in [bjuv, norrtalje] {
        let id = case["id"].as_str().unwrap();
        for draft in ["imy.pdf", "imy-supplement.pdf", "police.pdf", "data-subjects.pdf"] {
            let pdf = app.get(&format!("/api/v1/cases/{id}/drafts/{draft}")).await;
            assert_eq!(pdf.status, 200, "{draft}: {}", String::from_utf8_lossy(&pdf.body));
            let (_, text) = pdf_text(&pdf.body);
            assert!(text.contains(case["reference"].as_str().unwrap()), "{draft}");
        }
        let timeline = app.get(&format!("/api/v1/cases/{id}/timeline")).await.json();
        assert!(timeline.as_array().unwrap().len() >= 10);
    }
    let register = app.get("/api/v1/register.pdf").await;
    assert_eq!(register.status, 200);
    let (_, text) = pdf_text(&register.body);
    assert!(text.contains("PUI-2020-0001") && text.contains("PUI-2024-0001"), "{text}");
    app
});

//! The demo: both seed cases load, verify and render.

use breachdesk::demo::{DemoOutcome, load};
use breachdesk_tests::{TestApp, both_backends, pdf_text};

both_backends!(the_demo_loads_both_seed_cases_once, TestApp::new, |app| async move {
    let outcome = load(&app.db.store, breachdesk_tests::test_now()).await.unwrap();
    let DemoOutcome::Loaded(refs) = outcome else { panic!("not loaded: {outcome:?}") };
    assert_eq!(refs.len(), 2);
    assert_eq!(load(&app.db.store, breachdesk_tests::test_now()).await.unwrap(), DemoOutcome::AlreadyHasCases);
    let broken = app.db.store.verify_timelines().await.unwrap();
    assert!(broken.is_empty(), "{broken:?}");

    let cases = app.get("/api/v1/cases").await.json();
    let mut categories: Vec<_> =
        cases["items"].as_array().unwrap().iter().map(|c| c["category"].as_str().unwrap().to_owned()).collect();
    categories.sort();
    assert_eq!(categories, ["phishing", "ransomware"]);
    let controllers = app.get("/api/v1/controllers").await.json().to_string();
    assert!(controllers.contains("Bjuvs kommun") && controllers.contains("Norrtälje kommun"), "{controllers}");
    for case in cases["items"].as_array().unwrap() {
        assert_eq!(case["status"], "contained");
        let id = case["id"].as_str().unwrap();
        let pdf = app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf")).await;
        assert_eq!(pdf.status, 200);
        let (_, text) = pdf_text(&pdf.body);
        assert!(text.contains(case["reference"].as_str().unwrap()));
        let timeline = app.get(&format!("/api/v1/cases/{id}/timeline")).await.json();
        assert!(timeline.as_array().unwrap().len() >= 10);
    }
    app
});

//! The web forms as a browser sends them: a repeated post does nothing twice, a form's address
//! opened with GET leads to its page, refusals are named by their labels in Swedish, and the
//! case list finds cases that are no longer open.

use breachdesk_tests::{TestApp, TestSession};
use domain::Role;

use crate::support::{get_page, open_case, post_form};
use breachdesk_tests::both_backends;

async fn dpo_session(app: &TestApp) -> TestSession {
    let dpo = app.user(Role::Dpo).await;
    app.login(dpo.user.email.as_str(), &dpo.password).await
}

both_backends!(a_form_sent_twice_with_its_one_time_key_is_carried_out_once, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let session = dpo_session(&app).await;
    let entries = || async { app.get(&format!("/api/v1/cases/{id}/timeline")).await.json().as_array().unwrap().len() };
    let before = entries().await;
    let form = "occurred_at=2024-01-12T15%3A00&kind=note&text=Dubbelklick&form_key=00112233445566778899aabbccddeeff";
    let first = post_form(&app, &session, &format!("/cases/{id}/timeline"), form).await;
    assert_eq!(first.status, 303, "{first:?}");
    let again = post_form(&app, &session, &format!("/cases/{id}/timeline"), form).await;
    assert_eq!(again.status, 303, "a repeat leads to the page: {again:?}");
    assert_eq!(again.header("location"), first.header("location"), "where the first post led");
    assert_eq!(entries().await, before + 1, "one entry, not two");
    // A new key (the form drawn again) is a new post.
    let other = form.replace("00112233", "ffeeddcc");
    assert_eq!(post_form(&app, &session, &format!("/cases/{id}/timeline"), &other).await.status, 303);
    assert_eq!(entries().await, before + 2);

    // Opening a case twice from one new-case form opens one case, and the repeat lands on it.
    let cases = || async { app.get("/api/v1/cases").await.json()["total"].as_u64().unwrap() };
    let opened = cases().await;
    let new_case = "title=Felskickat+brev&description=Ett+brev+till+fel+adress&category=misdirected\
                    &breach_types=confidentiality&detected_at=2024-01-12T10%3A00&aware_at=2024-01-12T10%3A00\
                    &form_key=0123456789abcdef0123456789abcdef";
    let first = post_form(&app, &session, "/cases/new", new_case).await;
    let again = post_form(&app, &session, "/cases/new", new_case).await;
    assert_eq!(first.status, 303, "{first:?}");
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(cases().await, opened + 1);
    app
});

both_backends!(
    a_forms_address_opened_with_get_leads_to_the_form_and_a_wrong_address_is_a_page,
    TestApp::new,
    |app| async move {
        let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
        let session = dpo_session(&app).await;
        for (form, anchor) in
            [("timeline", "h-timeline"), ("facts", "h-facts"), ("filings", "h-filings"), ("decisions", "h-decisions")]
        {
            let page = get_page(&app, &session, &format!("/cases/{id}/{form}")).await;
            assert_eq!(page.status, 303, "{form}: {page:?}");
            assert_eq!(page.header("location"), Some(format!("/cases/{id}#{anchor}").as_str()));
        }
        assert_eq!(get_page(&app, &session, "/admin/users").await.header("location"), Some("/admin#h-users"));
        for path in ["/cases/abc", "/no/such/page", "/cases/abc/timeline"] {
            let page = get_page(&app, &session, path).await;
            assert_eq!(page.status, 404, "{path}");
            let html = String::from_utf8_lossy(&page.body);
            assert!(html.contains("Sidan finns inte"), "{path}: a page in Swedish");
            assert!(html.contains("Logga ut"), "{path}: with the signed-in user's menu");
        }
        // A JSON client asking for a wrong address gets problem+json, not a page.
        let api = app.get("/api/v1/no-such-thing").await;
        assert_eq!(api.status, 404);
        assert_eq!(api.header("content-type"), Some("application/problem+json"));
        app
    }
);

both_backends!(a_refused_form_names_each_field_by_its_label_in_swedish, TestApp::new, |app| async move {
    let session = dpo_session(&app).await;
    let page =
        post_form(&app, &session, "/cases/new", "title=&description=&category=phishing&detected_at=&aware_at=").await;
    assert_eq!(page.status, 422, "{page:?}");
    let html = String::from_utf8_lossy(&page.body);
    for expected in ["Rubrik: måste fyllas i", "Vad har hänt?: måste fyllas i", "Upptäcktes: måste fyllas i"] {
        assert!(html.contains(expected), "the summary says {expected:?}");
    }
    assert!(!html.contains("is required"), "no English on a Swedish page");
    assert!(html.contains(r#"id="e-title">måste fyllas i<"#), "the reason beside the field");
    app
});

both_backends!(the_case_list_finds_cases_by_words_and_filters_closed_ones_included, TestApp::new, |app| async move {
    let open = open_case(&app).await.json();
    let id = open["id"].as_str().unwrap().to_owned();
    let reference = open["reference"].as_str().unwrap().to_owned();
    let version = open["version"].as_i64().unwrap();
    let closed = app
        .patch(
            &format!("/api/v1/cases/{id}"),
            Some(&format!("\"{version}\"")),
            &serde_json::json!({"status": "not_a_breach", "not_a_breach_reason": "Larmet var falskt."}),
        )
        .await;
    assert_eq!(closed.status, 200, "{closed:?}");
    let session = dpo_session(&app).await;
    let list = |q: String| {
        let session = &session;
        let app = &app;
        async move { String::from_utf8_lossy(&get_page(app, session, &format!("/cases?{q}")).await.body).into_owned() }
    };
    assert!(list(String::new()).await.contains(&reference), "closed cases are listed");
    let title_word = open["title"].as_str().unwrap().split_whitespace().next().unwrap().to_uppercase();
    let found = list(format!("q={}", urlencode(&title_word))).await;
    assert!(found.contains(&reference), "a word of the title, in other case, finds it");
    assert!(list(format!("q={}", urlencode(&reference))).await.contains(&reference), "the reference finds it");
    assert!(!list("q=ingenting-sådant".into()).await.contains(&reference));
    assert!(list("status=not_a_breach".into()).await.contains(&reference));
    assert!(!list("status=investigating".into()).await.contains(&reference));
    assert!(!list("category=lost_device".into()).await.contains(&reference));
    assert!(list("year=2024".into()).await.contains(&reference));
    assert!(!list("year=2023".into()).await.contains(&reference));
    // A page beyond the end, or a number too large, is an empty page, never an error.
    let far = get_page(&app, &session, "/cases?page=99999999999999999999").await;
    assert_eq!(far.status, 200);
    app
});

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect()
}

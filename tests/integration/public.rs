//! The public and the staff (issue 13): a case's notice published in revisions and read
//! without login, its Atom feed parsed by a real feed parser, the inquiry e-service behind a
//! rate limit, a honeypot and one-time form keys, the Art. 12(3) clock, the purge of the
//! inquirers' personal data, and staff reports that become cases.

use axum::body::Body;
use axum::http::Method;
use breachdesk_tests::{TestApp, both_backends};
use chrono::{TimeZone, Utc};
use domain::Role;
use serde_json::{Value, json};

async fn open_case(app: &TestApp, title: &str) -> (String, String) {
    let opened = app
        .post(
            "/api/v1/cases",
            &json!({"title": title, "description": "Angripare har tagit sig in.", "category": "ransomware",
                    "breach_types": ["confidentiality"], "detected_at": "2024-01-14T04:40:00Z",
                    "aware_at": "2024-01-14T09:30:00Z"}),
        )
        .await;
    assert_eq!(opened.status, 201, "{opened:?}");
    let body = opened.json();
    (body["id"].as_str().unwrap().to_owned(), body["reference"].as_str().unwrap().to_owned())
}

fn draft(slug: &str, answer: &str, inquiries_open: bool) -> Value {
    json!({
        "slug": slug, "title": "Med anledning av IT-attacken i Bjuvs kommun",
        "summary": "Bjuvs kommun utsattes för en IT-attack i januari 2024.",
        "body": "När kommunen upptäckte incidenten vidtogs omedelbart åtgärder.",
        "links": [{"label": "Polisen – skydda dig mot bedrägeri", "url": "https://polisen.se/bedrageri"}],
        "contact": "Dataskyddsombudet, dataskyddsombud@bjuv.se",
        "qa": [{"question": "Vilka uppgifter har angriparen kommit åt?", "answer": answer}],
        "inquiries_open": inquiries_open,
        "inquiry_privacy_text": "Vi behandlar dina uppgifter för att besvara din fråga (GDPR art. 6.1 e). De raderas 90 dagar efter svaret.",
    })
}

/// What must never reach the public: staff names, ids, another case.
fn assert_leaks_nothing(text: &str, forbidden: &[&str]) {
    for f in forbidden {
        assert!(!text.contains(f), "the public text holds {f:?}");
    }
    let uuid = regex_like_uuid(text);
    assert!(uuid.is_none(), "the public text holds an internal id: {uuid:?}");
}

/// The first substring shaped like a UUID (8-4-4-4-12 hex), if any.
fn regex_like_uuid(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let shape = [8, 4, 4, 4, 12];
    let len: usize = shape.iter().sum::<usize>() + 4;
    (0..chars.len().saturating_sub(len - 1)).find_map(|i| {
        let window: String = chars[i..i + len].iter().collect();
        let parts: Vec<&str> = window.split('-').collect();
        (parts.len() == 5
            && parts.iter().zip(shape).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit())))
        .then_some(window)
    })
}

async fn public_get(app: &TestApp, path: &str) -> breachdesk_tests::TestResponse {
    app.send_with(None, Method::GET, path, &[], Body::empty()).await
}

both_backends!(a_notice_is_published_in_revisions_and_leaks_nothing, TestApp::new, |app| async move {
    let (id, reference) = open_case(&app, "IT-attack med utpressning").await;
    let (other, other_reference) = open_case(&app, "Felskickat mejl från socialtjänsten").await;
    let dpo = app.user_with("anna.dpo@bjuv.se", "Anna Andersson", Role::Dpo, "lösenord-anna-12345").await;
    let as_dpo = |method: Method, path: String, body: Value| {
        let token = dpo.token.clone();
        let app = &app;
        async move { app.json_as(&token, method, &path, &body).await }
    };
    let base = format!("/api/v1/cases/{id}/notice");
    assert_eq!(public_get(&app, "/notices/it-attacken").await.status, 404, "nothing before publishing");
    let saved = as_dpo(Method::PUT, base.clone(), draft("it-attacken", "Vi vet inte ännu.", false)).await;
    assert_eq!(saved.status, 200, "{saved:?}");
    assert_eq!(public_get(&app, "/notices/it-attacken").await.status, 404, "a draft is not public");
    let first = as_dpo(Method::POST, format!("{base}/publish"), json!({})).await;
    assert_eq!((first.status.as_u16(), first.json()["number"].as_i64()), (200, Some(1)), "{first:?}");
    // Another case's notice, so that the scan has something to not find.
    let other_saved =
        as_dpo(Method::PUT, format!("/api/v1/cases/{other}/notice"), draft("felskickat-mejl", "Nej.", false)).await;
    assert_eq!(other_saved.status, 200);
    let page = public_get(&app, "/notices/it-attacken").await;
    assert_eq!(page.status, 200);
    let html = String::from_utf8(page.body.clone()).unwrap();
    assert!(html.contains("Vi vet inte ännu.") && html.contains("Senast uppdaterad"), "{html}");
    assert!(page.header("content-security-policy").is_some(), "security headers as the rest of the app");
    assert_eq!(page.header("x-frame-options"), Some("DENY"));

    // Unpublished: 404, the revisions kept; republished: the new revision, the old readable.
    assert_eq!(as_dpo(Method::POST, format!("{base}/unpublish"), json!({})).await.status, 200);
    assert_eq!(public_get(&app, "/notices/it-attacken").await.status, 404);
    assert_eq!(public_get(&app, "/notices/it-attacken/feed.atom").await.status, 404);
    assert_eq!(
        as_dpo(Method::PUT, base.clone(), draft("it-attacken", "Personnummer kan ha läckt.", false)).await.status,
        200
    );
    app.clock.advance(chrono::TimeDelta::hours(26));
    let second = as_dpo(Method::POST, format!("{base}/publish"), json!({})).await;
    assert_eq!(second.json()["number"], 2, "{second:?}");
    let latest = String::from_utf8(public_get(&app, "/notices/it-attacken").await.body).unwrap();
    assert!(latest.contains("Personnummer kan ha läckt.") && !latest.contains("Vi vet inte ännu."), "{latest}");
    assert!(latest.contains("/notices/it-attacken/revisions/1"), "the earlier revision is listed");
    let old = public_get(&app, "/notices/it-attacken/revisions/1").await;
    assert_eq!(old.status, 200);
    let old = String::from_utf8(old.body).unwrap();
    assert!(old.contains("Vi vet inte ännu."), "{old}");
    let notice = app.get(&base).await.json();
    assert_eq!(notice["revisions"].as_array().unwrap().len(), 2);

    let list = String::from_utf8(public_get(&app, "/notices").await.body).unwrap();
    let feed = public_get(&app, "/notices/it-attacken/feed.atom").await;
    assert_eq!(feed.header("content-type"), Some("application/atom+xml; charset=utf-8"));
    let feed = String::from_utf8(feed.body).unwrap();
    let forbidden = [
        "Anna Andersson",
        "anna.dpo@bjuv.se",
        reference.as_str(),
        other_reference.as_str(),
        "Felskickat mejl",
        "Test dpo",
        "IT-attack med utpressning",
    ];
    for text in [&latest, &old, &list, &feed] {
        assert_leaks_nothing(text, &forbidden);
    }
    assert!(!list.contains("felskickat-mejl"), "an unpublished notice is not listed");

    // The reference only where staff choose to show it.
    let mut shown = draft("it-attacken", "Personnummer kan ha läckt.", false);
    shown["show_reference"] = json!(true);
    assert_eq!(as_dpo(Method::PUT, base.clone(), shown).await.status, 200);
    as_dpo(Method::POST, format!("{base}/publish"), json!({})).await;
    let with_reference = String::from_utf8(public_get(&app, "/notices/it-attacken").await.body).unwrap();
    assert!(with_reference.contains(&reference));
    assert_parses_as_a_feed(&public_get(&app, "/notices/it-attacken/feed.atom").await.body, 3);
    app
});

/// Parses the feed with Python's feedparser: one entry per revision, each with its time. It is
/// required in CI (.ci/run installs it); elsewhere the check is skipped without it.
fn assert_parses_as_a_feed(feed: &[u8], revisions: usize) {
    use std::io::Write;
    let script = "import sys, json, feedparser\nd = feedparser.parse(sys.stdin.buffer.read())\nprint(json.dumps({'bozo': d.bozo, 'title': d.feed.get('title'), 'entries': [[e.get('title'), e.get('updated'), e.get('link')] for e in d.entries]}))";
    let installed =
        std::process::Command::new("python3").args(["-c", "import feedparser"]).status().is_ok_and(|s| s.success());
    if !installed {
        assert!(std::env::var_os("CI").is_none(), "feedparser is required in CI (pip install feedparser)");
        eprintln!("skipped: python3 -m pip install feedparser to parse the Atom feed");
        return;
    }
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(feed).unwrap();
    let out = child.wait_with_output().unwrap();
    let parsed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(parsed["bozo"], false, "a well-formed feed: {parsed}");
    let entries = parsed["entries"].as_array().unwrap();
    assert_eq!(entries.len(), revisions, "one entry per revision: {parsed}");
    for entry in entries {
        assert!(entry[1].as_str().is_some_and(|t| t.starts_with("2024-01-")), "each with its time: {entry}");
    }
    assert!(entries[0][0].as_str().unwrap().ends_with("(version 3)"), "newest first: {parsed}");
}

fn form_key(html: &str) -> String {
    let at = html.find("name=\"form_key\" value=\"").unwrap() + "name=\"form_key\" value=\"".len();
    html[at..].split('"').next().unwrap().to_owned()
}

fn inquiry_body(key: &str, honeypot: &str) -> String {
    format!(
        "form_key={key}&name=Testa+Testsson&contact=testa%40example.se&sent_what=Ett+mejl+till+socialtj%C3%A4nsten&sent_when=V%C3%A5ren+2020&message=&website={honeypot}"
    )
}

async fn publish_with_inquiries(app: &TestApp, id: &str) {
    let saved = app.put(&format!("/api/v1/cases/{id}/notice"), &draft("natfiske", "Ja.", true)).await;
    assert_eq!(saved.status, 200, "{saved:?}");
    assert_eq!(app.post(&format!("/api/v1/cases/{id}/notice/publish"), &json!({})).await.status, 200);
}

const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");

both_backends!(rapid_inquiry_posts_are_refused_with_429_and_others_are_served, TestApp::new, |app| async move {
    let (id, _) = open_case(&app, "Nätfiskeattack").await;
    publish_with_inquiries(&app, &id).await;
    let flooder: std::net::SocketAddr = "203.0.113.7:40000".parse().unwrap();
    let resident: std::net::SocketAddr = "198.51.100.20:40000".parse().unwrap();
    let form = app.send_from(resident, Method::GET, "/notices/natfiske/inquiry", &[], Body::empty()).await;
    assert_eq!(form.status, 200);
    let key = form_key(&String::from_utf8(form.body).unwrap());
    let mut refused = 0;
    for _ in 0..100 {
        let post = app
            .send_from(flooder, Method::POST, "/notices/natfiske/inquiry", &[FORM], Body::from(inquiry_body("x", "")))
            .await;
        if post.status == 429 {
            refused += 1;
            let retry: i64 = post.header("retry-after").unwrap().parse().unwrap();
            assert!((1..=3600).contains(&retry), "{retry}");
            let page = String::from_utf8(post.body).unwrap();
            assert!(page.contains("Försök igen efter"), "{page}");
        }
    }
    assert_eq!(refused, 95, "five posts an hour from one address, the rest refused");
    // Meanwhile the app serves others: the notice, and another resident's inquiry.
    assert_eq!(app.send_from(resident, Method::GET, "/notices/natfiske", &[], Body::empty()).await.status, 200);
    let sent = app
        .send_from(resident, Method::POST, "/notices/natfiske/inquiry", &[FORM], Body::from(inquiry_body(&key, "")))
        .await;
    assert_eq!(sent.status, 200, "{sent:?}");
    let page = String::from_utf8(sent.body).unwrap();
    assert!(page.contains("FRG-"), "the confirmation names the reference: {page}");
    // The same form again (a double click): no second inquiry, the same reference.
    let again = app
        .send_from(resident, Method::POST, "/notices/natfiske/inquiry", &[FORM], Body::from(inquiry_body(&key, "")))
        .await;
    assert_eq!(again.status, 303, "{again:?}");
    let inquiries = app.get(&format!("/api/v1/cases/{id}/inquiries")).await.json();
    assert_eq!(inquiries.as_array().unwrap().len(), 1, "{inquiries}");
    let reference = inquiries[0]["reference"].as_str().unwrap();
    let receipt = again.header("location").unwrap().to_owned();
    assert_eq!(receipt, format!("/notices/natfiske/inquiry/{reference}"), "the repeat leads to the first's receipt");
    let shown = app.send_from(resident, Method::GET, &receipt, &[], Body::empty()).await;
    assert!(page.contains(reference) && String::from_utf8(shown.body).unwrap().contains(reference));
    // Only references received through this notice have a receipt.
    let made_up = app.send_from(resident, Method::GET, "/notices/natfiske/inquiry/FRG-AAAAAAAA", &[], Body::empty());
    assert_eq!(made_up.await.status, 404);
    // A post without a key the form drew is not taken (nothing to stop its repeats).
    let keyless = app
        .send_from(resident, Method::POST, "/notices/natfiske/inquiry", &[FORM], Body::from(inquiry_body("x", "")))
        .await;
    assert_eq!(keyless.status, 422);
    assert_eq!(app.get(&format!("/api/v1/cases/{id}/inquiries")).await.json().as_array().unwrap().len(), 1);

    // A honeypot post is dropped.
    let bot: std::net::SocketAddr = "192.0.2.99:40000".parse().unwrap();
    let form = app.send_from(bot, Method::GET, "/notices/natfiske/inquiry", &[], Body::empty()).await;
    let key = form_key(&String::from_utf8(form.body).unwrap());
    let trapped = app
        .send_from(
            bot,
            Method::POST,
            "/notices/natfiske/inquiry",
            &[FORM],
            Body::from(inquiry_body(&key, "http%3A%2F%2Fspam.example")),
        )
        .await;
    assert_eq!(trapped.status, 200);
    assert!(!String::from_utf8(trapped.body).unwrap().contains("FRG-"));
    assert_eq!(app.get(&format!("/api/v1/cases/{id}/inquiries")).await.json().as_array().unwrap().len(), 1);
    app
});

/// 31 January 2025, 10:00 Stockholm.
async fn on_31_january_on(backend: breachdesk_tests::Backend) -> Option<TestApp> {
    TestApp::at(backend, Utc.with_ymd_and_hms(2025, 1, 31, 9, 0, 0).single().unwrap()).await
}

both_backends!(
    the_inquiry_clock_runs_a_calendar_month_and_the_purge_keeps_the_count,
    on_31_january_on,
    |app| async move {
        let (id, _) = open_case(&app, "Nätfiskeattack").await;
        publish_with_inquiries(&app, &id).await;
        let resident: std::net::SocketAddr = "198.51.100.20:40000".parse().unwrap();
        let form = app.send_from(resident, Method::GET, "/notices/natfiske/inquiry", &[], Body::empty()).await;
        let key = form_key(&String::from_utf8(form.body).unwrap());
        let sent = app
            .send_from(resident, Method::POST, "/notices/natfiske/inquiry", &[FORM], Body::from(inquiry_body(&key, "")))
            .await;
        assert_eq!(sent.status, 200);
        let inquiries = app.get(&format!("/api/v1/cases/{id}/inquiries")).await.json();
        let inquiry = &inquiries[0];
        assert_eq!(inquiry["due_at"], "2025-02-28T09:00:00Z", "31 January + one calendar month");
        assert_eq!(inquiry["status"], "received");
        assert!(
            inquiry.get("name").is_none() && !inquiries.to_string().contains("Testa"),
            "no personal data: {inquiries}"
        );
        let clocks = app.get(&format!("/api/v1/cases/{id}/clocks")).await.json();
        let clock =
            clocks.as_array().unwrap().iter().find(|c| c["clock"] == "inquiry_answer").expect("among the clocks");
        assert_eq!(
            (clock["due_at"].as_str(), clock["state"].as_str()),
            (Some("2025-02-28T09:00:00Z"), Some("running"))
        );

        let inquiry_id = inquiry["id"].as_str().unwrap();
        let no_reason = app.post(&format!("/api/v1/inquiries/{inquiry_id}/extend"), &json!({})).await;
        assert_eq!(no_reason.problem_fields(), ["reason"]);
        let extended = app
            .post(
                &format!("/api/v1/inquiries/{inquiry_id}/extend"),
                &json!({"reason": "Många förfrågningar; sökningen i e-postarkivet tar tid."}),
            )
            .await;
        assert_eq!(extended.status, 200, "{extended:?}");
        assert_eq!(extended.json()["due_at"], "2025-04-30T08:00:00Z", "two months more (CEST)");
        assert_eq!(
            app.post(&format!("/api/v1/inquiries/{inquiry_id}/extend"), &json!({"reason": "igen"})).await.status,
            409
        );

        let viewer = app.user(Role::Viewer).await;
        let denied = app.json_as(&viewer.token, Method::GET, &format!("/api/v1/cases/{id}/notice"), &json!(null)).await;
        assert_eq!(denied.status, 403, "viewers read no public-communication details");
        let answered = app
            .post(
                &format!("/api/v1/inquiries/{inquiry_id}/answer"),
                &json!({"answer": "Vi har inte hittat dina uppgifter i de berörda brevlådorna.", "channel": "e-post"}),
            )
            .await;
        assert_eq!((answered.status.as_u16(), answered.json()["status"].as_str()), (200, Some("answered")));
        let personal = app.db.store.inquiry_personal(domain::InquiryId(inquiry_id.parse().unwrap())).await.unwrap();
        assert!(personal.is_some_and(|p| p.answer.is_some()), "the answer's text kept with the person's data");

        // 89 days later nothing is purged; after 90 the personal data goes, the count stays.
        let settings = breachdesk::state::PublicSettings::default();
        app.clock.advance(chrono::TimeDelta::days(89));
        assert_eq!(breachdesk::purge::run_once(&app.db.store, &settings, app.state.now()).await.unwrap(), 0);
        app.clock.advance(chrono::TimeDelta::days(2));
        assert_eq!(breachdesk::purge::run_once(&app.db.store, &settings, app.state.now()).await.unwrap(), 1);
        let counts = app.db.store.inquiry_counts().await.unwrap();
        assert_eq!((counts.total, counts.with_personal_data), (1, 0));
        assert!(app.db.store.inquiry_personal(domain::InquiryId(inquiry_id.parse().unwrap())).await.unwrap().is_none());
        // (The test's API token has expired by now: read through the store.)
        let audit = app.db.store.audit_events(10).await.unwrap();
        let purge = audit.iter().find(|e| e.action == domain::AuditAction::InquiriesPurged).expect("in the audit log");
        assert!(purge.details.contains(&("purged".to_owned(), "1".to_owned())), "{purge:?}");
        let kept = app.db.store.inquiries(domain::CaseId(id.parse().unwrap())).await.unwrap();
        assert_eq!(kept[0].status, domain::inquiry::InquiryStatus::Answered, "the inquiry itself stays");
        app
    }
);

both_backends!(a_staff_report_becomes_a_case_or_is_dismissed, TestApp::new, |app| async move {
    let handler = app.user(Role::Handler).await;
    let session = app.login(handler.user.email.as_str(), &handler.password).await;
    let body = "what_happened=Ett+mejl+med+elevuppgifter+gick+till+fel+mottagare.&noticed_at=2024-01-15T10%3A30&unit=Barn-+och+utbildning&contact=070-000+00+00";
    let mut reports = Vec::new();
    for _ in 0..2 {
        let sent = app
            .send_with(
                None,
                Method::POST,
                "/report",
                &[FORM, ("cookie", &session.cookie), ("x-csrf-token", &session.csrf)],
                Body::from(body),
            )
            .await;
        assert_eq!(sent.status, 200, "{sent:?}");
        assert!(String::from_utf8(sent.body).unwrap().contains("RAP-"));
    }
    let queue = app.get("/api/v1/reports").await.json();
    for r in queue.as_array().unwrap() {
        reports.push(r["id"].as_str().unwrap().to_owned());
        assert_eq!(r["status"], "waiting");
        assert_eq!(r["noticed_at"], "2024-01-15T09:30:00Z");
    }
    assert_eq!(app.json_as(&handler.token, Method::GET, "/api/v1/reports", &json!(null)).await.status, 403);
    let opened = app
        .post(
            &format!("/api/v1/reports/{}/open-case", reports[0]),
            &json!({"title": "Felskickat mejl med elevuppgifter",
            "category": "misdirected", "breach_types": ["confidentiality"], "aware_at": "2024-01-15T11:00:00Z"}),
        )
        .await;
    assert_eq!(opened.status, 201, "{opened:?}");
    let case = opened.json();
    assert_eq!(case["detected_at"], "2024-01-15T09:30:00Z", "detected when the reporter noticed it");
    let timeline = app.get(&format!("/api/v1/cases/{}/timeline", case["id"].as_str().unwrap())).await.json();
    assert!(timeline.to_string().contains("incidentrapport RAP-"), "{timeline}");
    let again = app
        .post(
            &format!("/api/v1/reports/{}/open-case", reports[0]),
            &json!({"title": "t", "category": "other",
            "breach_types": ["integrity"], "aware_at": "2024-01-15T11:00:00Z"}),
        )
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(
        app.post(&format!("/api/v1/reports/{}/dismiss", reports[1]), &json!({})).await.problem_fields(),
        ["reason"]
    );
    assert_eq!(
        app.post(&format!("/api/v1/reports/{}/dismiss", reports[1]), &json!({"reason": "Dubblett."})).await.status,
        204
    );
    assert!(app.get("/api/v1/audit").await.json().to_string().contains("report_dismissed"));
    app
});

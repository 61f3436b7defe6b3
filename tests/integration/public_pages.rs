//! The staff pages of issue 13 as a browser sends them: the notice editor and the inquiries on
//! `/cases/{id}/communication`, the report queue `/reports`; within the permission matrix
//! (viewers never reach the inquirers' data, management reads without forms); refusals beside
//! the field, in Swedish.

use axum::body::Body;
use axum::http::Method;
use breachdesk_tests::{TestApp, TestResponse, TestSession, both_backends};
use domain::Role;

use crate::support::open_case;

async fn post_form(app: &TestApp, session: &TestSession, path: &str, form: &str) -> TestResponse {
    let headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("cookie", session.cookie.as_str()),
        ("accept", "text/html"),
    ];
    let key = breachdesk::web::once::new_key();
    let body = format!("{form}&form_key={key}&csrf_token={}", session.csrf);
    app.send_with(None, Method::POST, path, &headers, Body::from(body)).await
}

async fn get_page(app: &TestApp, session: &TestSession, path: &str) -> TestResponse {
    let headers = [("cookie", session.cookie.as_str()), ("accept", "text/html")];
    app.send_with(None, Method::GET, path, &headers, Body::empty()).await
}

async fn session_of(app: &TestApp, role: Role) -> TestSession {
    let user = app.user(role).await;
    app.login(user.user.email.as_str(), &user.password).await
}

fn text(response: TestResponse) -> String {
    String::from_utf8(response.body).unwrap()
}

const DRAFT: &str = "slug=dataintrang&title=Dataintr%C3%A5ng+i+skolans+e-post&summary=Obeh%C3%B6riga+har+l%C3%A4st+e-post.\
&body=Byt+l%C3%B6senord.&links=Polisen+%7C+https%3A%2F%2Fpolisen.se&contact=Dataskyddsombudet\
&question=Har+mina+uppgifter+l%C3%A4ckt%3F&answer=Vi+vet+inte+%C3%A4n.&question=&answer=\
&inquiries_open=on&inquiry_privacy_text=Vi+behandlar+dina+uppgifter+f%C3%B6r+att+svara+dig.";

both_backends!(the_dpo_edits_publishes_and_answers_on_the_communication_page, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let dpo = session_of(&app, Role::Dpo).await;
    let page = format!("/cases/{id}/communication");

    // A bad link is refused beside its field, in Swedish; nothing is saved.
    let bad =
        post_form(&app, &dpo, &format!("/cases/{id}/notice"), &DRAFT.replace("https%3A%2F%2F", "ftp%3A%2F%2F")).await;
    assert_eq!(bad.status, 422);
    let html = text(bad);
    assert!(html.contains("id=\"e-links\"") && html.contains("aria-invalid=\"true\""), "{html}");
    assert!(html.contains("Länkar"), "the field named by its label: {html}");

    let saved = post_form(&app, &dpo, &format!("/cases/{id}/notice"), DRAFT).await;
    assert_eq!((saved.status.as_u16(), saved.header("location")), (303, Some(format!("{page}#h-notice").as_str())));
    assert_eq!(app.get("/notices/dataintrang").await.status, 404, "a draft is not public");
    let published = post_form(&app, &dpo, &format!("/cases/{id}/notice/publish"), "").await;
    assert_eq!(published.status, 303);
    assert_eq!(app.get("/notices/dataintrang").await.status, 200);
    let html = text(get_page(&app, &dpo, &page).await);
    assert!(html.contains("href=\"/notices/dataintrang/revisions/1\""), "the revision listed: {html}");
    assert!(html.contains("Har mina uppgifter läckt?"), "the saved question in the editor");

    // A resident asks; the DPO sees the person's data and the clock, and answers.
    let form = text(app.get("/notices/dataintrang/inquiry").await);
    let at = form.find("name=\"form_key\" value=\"").unwrap() + "name=\"form_key\" value=\"".len();
    let key = form[at..].split('"').next().unwrap();
    let body = format!(
        "form_key={key}&name=Testa+Testsson&contact=testa%40example.se&sent_what=Ett+mejl&sent_when=V%C3%A5ren+2020&message=&website="
    );
    let sent = app
        .send_with(
            None,
            Method::POST,
            "/notices/dataintrang/inquiry",
            &[("content-type", "application/x-www-form-urlencoded")],
            Body::from(body),
        )
        .await;
    assert_eq!(sent.status, 200, "{sent:?}");
    let inquiry = app.get(&format!("/api/v1/cases/{id}/inquiries")).await.json()[0].clone();
    let inquiry_id = inquiry["id"].as_str().unwrap();
    let html = text(get_page(&app, &dpo, &page).await);
    assert!(html.contains("Testa Testsson") && html.contains(inquiry["reference"].as_str().unwrap()), "{html}");
    assert!(html.contains("Svar senast"), "the Art. 12(3) clock");

    let no_channel = post_form(&app, &dpo, &format!("/inquiries/{inquiry_id}/answer"), "answer=Nej.&channel=").await;
    assert_eq!(no_channel.status, 422);
    assert!(text(no_channel).contains(&format!("id=\"e-channel-{inquiry_id}\"")), "the error beside the channel");
    let answered =
        post_form(&app, &dpo, &format!("/inquiries/{inquiry_id}/answer"), "answer=Nej.&channel=e-post").await;
    assert_eq!(answered.status, 303, "{answered:?}");
    let inquiry = app.get(&format!("/api/v1/cases/{id}/inquiries")).await.json()[0].clone();
    assert_eq!((inquiry["status"].as_str(), inquiry["answer_channel"].as_str()), (Some("answered"), Some("e-post")));
    let timeline = app.get(&format!("/api/v1/cases/{id}/timeline")).await.json().to_string();
    assert!(timeline.contains("notice_published") && timeline.contains("inquiry_answered"), "events on the chain");

    // Unpublishing hides the page; the revisions stay listed for staff.
    assert_eq!(post_form(&app, &dpo, &format!("/cases/{id}/notice/unpublish"), "").await.status, 303);
    assert_eq!(app.get("/notices/dataintrang").await.status, 404);
    assert!(text(get_page(&app, &dpo, &page).await).contains("Version 1"));

    // Management reads the page without its forms; a viewer does not reach it at all.
    let management = session_of(&app, Role::Management).await;
    let read = get_page(&app, &management, &page).await;
    assert_eq!(read.status, 200);
    let html = text(read);
    assert!(html.contains("Testa Testsson") && !html.contains(&format!("action=\"/cases/{id}/notice\"")));
    let viewer = session_of(&app, Role::Viewer).await;
    let refused = get_page(&app, &viewer, &page).await;
    assert_eq!(refused.status, 403);
    assert!(!text(refused).contains("Testa"));
    let case_page = text(get_page(&app, &viewer, &format!("/cases/{id}")).await);
    assert!(!case_page.contains("Testa") && !case_page.contains("/communication"), "no link, no data for viewers");
    app
});

both_backends!(a_colleague_reports_and_the_dpo_opens_a_case_or_dismisses, TestApp::new, |app| async move {
    let handler = session_of(&app, Role::Handler).await;
    let report = "what_happened=Ett+USB-minne+med+elevlistor+saknas.&noticed_at=2024-01-12T08%3A00&unit=Skolan&contact=anknytning+123";
    let receipt = post_form(&app, &handler, "/report", report).await;
    assert_eq!(receipt.status, 200);
    assert!(text(receipt).contains("RAP-"));
    assert_eq!(get_page(&app, &handler, "/reports").await.status, 403, "handlers report, the DPO handles");
    let second = post_form(&app, &handler, "/report", &report.replace("USB-minne", "papper")).await;
    assert_eq!(second.status, 200);

    let dpo = session_of(&app, Role::Dpo).await;
    let queue = text(get_page(&app, &dpo, "/reports").await);
    assert!(queue.contains("Ett USB-minne med elevlistor saknas."), "{queue}");
    let reports = app.get("/api/v1/reports").await.json();
    let usb =
        reports.as_array().unwrap().iter().find(|r| r["what_happened"].as_str().unwrap().contains("USB")).unwrap();
    let paper =
        reports.as_array().unwrap().iter().find(|r| r["what_happened"].as_str().unwrap().contains("papper")).unwrap();
    let (usb, paper) = (usb["id"].as_str().unwrap(), paper["id"].as_str().unwrap());

    let no_reason = post_form(&app, &dpo, &format!("/reports/{paper}/dismiss"), "reason=").await;
    assert_eq!(no_reason.status, 422);
    let html = text(no_reason);
    assert!(html.contains(&format!("id=\"e-reason-{paper}\"")) && html.contains("Skäl"), "{html}");
    let dismissed = post_form(&app, &dpo, &format!("/reports/{paper}/dismiss"), "reason=Inga+personuppgifter.").await;
    assert_eq!((dismissed.status.as_u16(), dismissed.header("location")), (303, Some("/reports")));

    let opened = post_form(
        &app,
        &dpo,
        &format!("/reports/{usb}/open-case"),
        "title=F%C3%B6rlorat+USB-minne&category=lost_device&breach_types=confidentiality&aware_at=2024-01-12T09%3A00",
    )
    .await;
    assert_eq!(opened.status, 303, "{}", String::from_utf8_lossy(&opened.body));
    let case_path = opened.header("location").unwrap().to_owned();
    let case_id = case_path.trim_start_matches("/cases/");
    let case = app.get(&format!("/api/v1/cases/{case_id}")).await.json();
    assert_eq!(case["detected_at"], "2024-01-12T07:00:00Z", "detected when the colleague noticed it");
    assert_eq!(case["aware_at"], "2024-01-12T08:00:00Z", "aware as the DPO set it");
    let queue = text(get_page(&app, &dpo, "/reports").await);
    assert!(queue.contains(&format!("href=\"{case_path}\"")) && queue.contains("Inga personuppgifter."), "{queue}");
    app
});

both_backends!(
    a_report_waiting_too_long_shows_on_the_dpos_dashboard_until_it_is_handled,
    TestApp::new,
    |app| async move {
        let handler = session_of(&app, Role::Handler).await;
        let report = "what_happened=En+p%C3%A4rm+med+journalkopior+gl%C3%B6md+p%C3%A5+bussen.&noticed_at=2024-01-15T10%3A00&unit=Omsorgen&contact=anknytning+456";
        assert_eq!(post_form(&app, &handler, "/report", report).await.status, 200);
        let dpo = session_of(&app, Role::Dpo).await;
        let heading = "Incidentrapporter som väntat för länge";
        let dashboard = text(get_page(&app, &dpo, "/").await);
        assert!(!dashboard.contains(heading), "not within the allowed wait (4 hours by default)");
        // Five hours later nobody has touched it: the DPO's dashboard shows it, a handler's does not.
        app.clock.advance(chrono::TimeDelta::hours(5));
        // Signed in afresh: five idle hours end a session.
        let (dpo, handler) = (session_of(&app, Role::Dpo).await, session_of(&app, Role::Handler).await);
        let dashboard = text(get_page(&app, &dpo, "/").await);
        assert!(dashboard.contains(heading) && dashboard.contains("En pärm med journalkopior"), "{dashboard}");
        assert!(!text(get_page(&app, &handler, "/").await).contains(heading), "only those who handle reports");
        let reports = app.get("/api/v1/reports").await.json();
        assert_eq!(reports[0]["waiting_too_long"], true);
        let id = reports[0]["id"].as_str().unwrap().to_owned();
        let dismissed =
            post_form(&app, &dpo, &format!("/reports/{id}/dismiss"), "reason=Inga+personuppgifter+r%C3%B6jda.").await;
        assert_eq!(dismissed.status, 303);
        assert!(!text(get_page(&app, &dpo, "/").await).contains(heading), "handled: no longer waiting");
        app
    }
);

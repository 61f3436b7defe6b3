//! The web UI of issue 11's second half, as a browser posts it: actions as tasks (owner among
//! the users, due date, status, edit with old and new on the timeline, "Mina uppgifter",
//! overdue on the dashboard), the facts form changing category, breach types and controllers,
//! the administration of accounts, and every form field named by a label.

use axum::body::Body;
use axum::http::Method;
use breachdesk::web::i18n::SV;
use breachdesk::web::messages::label;
use breachdesk_tests::{TestApp, TestSession, both_backends};
use domain::Role;
use serde_json::json;

use crate::support::{add_controller, get_page, open_case, post_form};

async fn page(app: &TestApp, session: &TestSession, path: &str) -> String {
    let response = get_page(app, session, path).await;
    assert_eq!(response.status, 200, "{path}: {response:?}");
    String::from_utf8_lossy(&response.body).into_owned()
}

async fn session_of(app: &TestApp, role: Role) -> (breachdesk_tests::TestUser, TestSession) {
    let user = app.user(role).await;
    let session = app.login(user.user.email.as_str(), &user.password).await;
    (user, session)
}

/// The value of every `name="..."` attribute of the page's form fields.
fn field_names(html: &str) -> Vec<String> {
    let mut names = Vec::new();
    for tag in ["<input", "<select", "<textarea"] {
        for piece in html.split(tag).skip(1) {
            let element = piece.split('>').next().unwrap_or_default();
            if let Some(rest) = element.split(" name=\"").nth(1) {
                names.push(rest.split('"').next().unwrap_or_default().to_owned());
            }
        }
    }
    names
}

both_backends!(an_action_given_to_a_user_is_their_task_and_overdue_on_the_dashboard, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let (dpo, dpo_session) = session_of(&app, Role::Dpo).await;
    let (handler, handler_session) = session_of(&app, Role::Handler).await;
    // Due before the test clock's now (2024-01-15 12:00 UTC): overdue at once.
    let form = format!(
        "action_title=Byt+l%C3%B6senord+p%C3%A5+servern&action_category=contain&action_status=planned\
         &owner_user_id={}&owner=&due_at=2024-01-14T09%3A00&form_key=0a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d",
        handler.user.id
    );
    let added = post_form(&app, &dpo_session, &format!("/cases/{id}/actions"), &form).await;
    assert_eq!(added.status, 303, "{added:?}");
    let actions = app.get(&format!("/api/v1/cases/{id}/actions")).await.json();
    let action = &actions[0];
    assert_eq!(action["owner_user_id"], json!(handler.user.id.to_string()), "the API says whose it is");
    assert_eq!(action["due_at"], json!("2024-01-14T08:00:00Z"), "the due time read in Stockholm time");
    let action_id = action["id"].as_str().unwrap().to_owned();

    let tasks = page(&app, &handler_session, "/tasks").await;
    assert!(tasks.contains("Byt lösenord på servern"), "the owner sees it under Mina uppgifter");
    assert!(tasks.contains("FÖRSENAD"), "marked overdue: {tasks}");
    assert!(!page(&app, &dpo_session, "/tasks").await.contains("Byt lösenord på servern"), "not someone else's task");
    let dashboard = page(&app, &dpo_session, "/").await;
    let overdue = dashboard.split("id=\"overdue-actions\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(overdue.contains("Byt lösenord på servern"), "overdue on the dashboard");
    assert!(overdue.contains(&format!("{} (handläggare)", handler.user.display_name)), "owner by name and role");

    // The edit: another owner outside breachdesk, a later due date, in progress.
    let edit = "action_title=Byt+l%C3%B6senord+p%C3%A5+servern&action_category=contain&action_status=in_progress\
                &owner_user_id=&owner=IT-leverant%C3%B6ren&due_at=2024-01-20T09%3A00&form_key=1a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d";
    let saved = post_form(&app, &dpo_session, &format!("/cases/{id}/actions/{action_id}"), edit).await;
    assert_eq!(saved.status, 303, "{saved:?}");
    assert_eq!(saved.header("location"), Some(format!("/cases/{id}/actions/{action_id}?saved=1").as_str()));
    assert!(page(&app, &dpo_session, &format!("/cases/{id}/actions/{action_id}?saved=1")).await.contains("Sparat."));
    let timeline = app.get(&format!("/api/v1/cases/{id}/timeline")).await.json();
    let texts: Vec<&str> = timeline.as_array().unwrap().iter().filter_map(|e| e["text"].as_str()).collect();
    let changed =
        texts.iter().find(|t| t.starts_with("Åtgärd ändrad: Byt lösenord")).expect("the edit is on the timeline");
    for part in ["Status: planerad → pågår.", "Ansvarig: – → IT-leverantören.", "Ansvarig användare ändrad."]
    {
        assert!(changed.contains(part), "{part:?} in {changed:?}");
    }
    assert!(
        changed.contains("Klart senast: 2024-01-14 09.00 CET → 2024-01-20 09.00 CET"),
        "old and new due date: {changed:?}"
    );
    assert!(!page(&app, &handler_session, "/tasks").await.contains("Byt lösenord på servern"), "no longer theirs");
    let dashboard = page(&app, &dpo_session, "/").await;
    assert!(dashboard.contains("Ingen åtgärd är försenad."), "due later now");

    // A user and a person outside at once is refused, beside the field, in Swedish.
    let both = edit.replace("owner_user_id=", &format!("owner_user_id={}", dpo.user.id)).replace("1a0b", "2a0b");
    let refused = post_form(&app, &dpo_session, &format!("/cases/{id}/actions/{action_id}"), &both).await;
    assert_eq!(refused.status, 422);
    let html = String::from_utf8_lossy(&refused.body);
    assert!(
        html.contains("Eller ansvarig utanför breachdesk: välj en användare eller skriv en person utanför"),
        "{html}"
    );
    app
});

both_backends!(an_action_cannot_be_given_to_a_deactivated_user, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let gone = app.user(Role::Handler).await;
    let admin = app.user(Role::Admin).await;
    let off = app
        .json_as(&admin.token, Method::PATCH, &format!("/api/v1/users/{}", gone.user.id), &json!({"active": false}))
        .await;
    assert_eq!(off.status, 200, "{off:?}");
    let refused = app
        .post(
            &format!("/api/v1/cases/{id}/actions"),
            &json!({"title": "Spärra kortet", "category": "contain", "owner_user_id": gone.user.id.to_string()}),
        )
        .await;
    assert_eq!(refused.status, 422, "{refused:?}");
    assert_eq!(refused.problem_fields(), ["owner_user_id"]);
    let unknown = app
        .post(
            &format!("/api/v1/cases/{id}/actions"),
            &json!({"title": "Spärra kortet", "category": "contain", "owner_user_id": uuid::Uuid::new_v4().to_string()}),
        )
        .await;
    assert_eq!(unknown.problem_fields(), ["owner_user_id"]);
    app
});

both_backends!(
    the_facts_form_changes_category_breach_types_and_controllers_on_the_timeline,
    TestApp::new,
    |app| async move {
        let case = open_case(&app).await.json();
        let id = case["id"].as_str().unwrap().to_owned();
        let (_, session) = session_of(&app, Role::Dpo).await;
        let second = add_controller(&app).await;
        let html = page(&app, &session, &format!("/cases/{id}")).await;
        assert!(
            html.contains(r#"name="category""#) && html.contains(r#"name="controller_ids""#),
            "the facts form has them"
        );
        drop(html);
        let form = format!(
            "version={}&title={}&description={}&category=misdirected&breach_types=confidentiality&breach_types=integrity\
         &controller_ids={}&controller_ids={}&detected_at=&aware_at=&form_key=3a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d",
            case["version"],
            urlencode(case["title"].as_str().unwrap()),
            urlencode(case["description"].as_str().unwrap()),
            case["controller_ids"][0].as_str().unwrap(),
            second,
        );
        // Empty instants leave the stored ones as they are (the form changes what was changed).
        let saved = post_form(&app, &session, &format!("/cases/{id}/facts"), &form).await;
        assert_eq!(saved.status, 303, "{saved:?}");
        let after = app.get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(after["category"], "misdirected");
        assert_eq!(after["breach_types"], json!(["confidentiality", "integrity"]));
        assert_eq!(after["controller_ids"].as_array().unwrap().len(), 2);
        let timeline = app.get(&format!("/api/v1/cases/{id}/timeline")).await.json();
        let last =
            timeline.as_array().unwrap().iter().filter_map(|e| e["text"].as_str()).next_back().unwrap().to_owned();
        for part in
            ["Kategori:", "→ Felskickad e-post eller post.", "Typ av incident:", "Personuppgiftsansvariga: 1 → 2."]
        {
            assert!(last.contains(part), "{part:?} in {last:?}");
        }
        app
    }
);

both_backends!(
    a_case_without_a_controller_warns_and_the_new_case_form_preselects_no_category,
    TestApp::new,
    |app| async move {
        let (_, session) = session_of(&app, Role::Dpo).await;
        let form = page(&app, &session, "/cases/new").await;
        let category = form.split(r#"name="category""#).nth(1).unwrap().split("</select>").next().unwrap();
        assert!(category.contains(r#"<option value="" selected>– välj –</option>"#), "{category}");
        assert_eq!(category.matches(" selected").count(), 1, "no category chosen for the user: {category}");
        let missing = post_form(
            &app,
            &session,
            "/cases/new",
            "title=Brev&description=Fel+adress&breach_types=confidentiality&detected_at=2024-01-12T10%3A00\
         &aware_at=2024-01-12T10%3A00&form_key=4a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d",
        )
        .await;
        assert_eq!(missing.status, 422);
        assert!(String::from_utf8_lossy(&missing.body).contains("Kategori: måste fyllas i"));
        let opened = post_form(
            &app,
            &session,
            "/cases/new",
            "title=Brev&description=Fel+adress&category=misdirected&breach_types=confidentiality\
         &detected_at=2024-01-12T10%3A00&aware_at=2024-01-12T10%3A00&form_key=5a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d",
        )
        .await;
        assert_eq!(opened.status, 303, "{opened:?}");
        let case = page(&app, &session, opened.header("location").unwrap()).await;
        assert!(case.contains("Ingen personuppgiftsansvarig är vald."), "the case page warns");
        app
    }
);

both_backends!(
    an_admin_changes_a_role_deactivates_reactivates_and_sets_a_one_time_password,
    TestApp::new,
    |app| async move {
        let (_, admin) = session_of(&app, Role::Admin).await;
        let handler = app.user(Role::Handler).await;
        let path = format!("/admin/users/{}", handler.user.id);
        let role = post_form(&app, &admin, &path, "role=viewer&form_key=6a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d").await;
        assert_eq!(role.status, 303, "{role:?}");
        assert_eq!(role.header("location"), Some("/admin?saved=users#h-users"));
        assert!(page(&app, &admin, "/admin?saved=users").await.contains("Sparat."), "a saved form says so");
        assert_eq!(app.stored_user(handler.user.email.as_str()).await.role, Role::Viewer);

        let off = post_form(&app, &admin, &path, "active=false&form_key=7a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d").await;
        assert_eq!(off.status, 303);
        let refused = app.send_with(Some(&handler.token), Method::GET, "/api/v1/cases", &[], Body::empty()).await;
        assert_eq!(refused.status, 401, "a deactivated user's token is refused at once: {refused:?}");
        assert!(page(&app, &admin, "/admin").await.contains("Avstängt"));
        let on = post_form(&app, &admin, &path, "active=true&form_key=8a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d").await;
        assert_eq!(on.status, 303);

        let reset =
            post_form(&app, &admin, &format!("{path}/password"), "form_key=9a0b0c0d0e0f0a0b0c0d0e0f0a0b0c0d").await;
        assert_eq!(reset.status, 200, "{reset:?}");
        let html = String::from_utf8_lossy(&reset.body);
        let password = html.split("lämna det på annat sätt än e-post): ").nth(1).unwrap().split('<').next().unwrap();
        assert!(app.stored_user(handler.user.email.as_str()).await.must_change_password);
        assert_eq!(
            app.try_login(handler.user.email.as_str(), password).await.status,
            200,
            "the one-time password opens"
        );
        app
    }
);

both_backends!(every_field_of_every_form_is_named_by_a_label, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let action = app
        .post(&format!("/api/v1/cases/{id}/actions"), &json!({"title": "Spärra kortet", "category": "contain"}))
        .await;
    let action_id = action.json()["id"].as_str().unwrap().to_owned();
    let (_, dpo) = session_of(&app, Role::Dpo).await;
    let (_, admin) = session_of(&app, Role::Admin).await;
    // What every form carries and no person fills in.
    let bookkeeping = ["csrf_token", "form_key", "version", "active"];
    let pages = [
        (&dpo, "/cases/new".to_owned()),
        (&dpo, format!("/cases/{id}")),
        (&dpo, format!("/cases/{id}/actions/{action_id}")),
        (&dpo, "/account/password".to_owned()),
        (&admin, "/admin".to_owned()),
    ];
    let mut seen = 0;
    for (session, path) in pages {
        for name in field_names(&page(&app, session, &path).await) {
            if !bookkeeping.contains(&name.as_str()) {
                assert!(label(&SV, &name).is_some(), "{path}: the field {name:?} has no label for its refusals");
                seen += 1;
            }
        }
    }
    assert!(seen > 60, "the pages' forms were read ({seen} fields)");
    app
});

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

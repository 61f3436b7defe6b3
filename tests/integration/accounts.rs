//! Accounts that can be ended and passwords that can be changed: deactivation and
//! reactivation (sessions and tokens refused at once), the caller's own password change (other
//! sessions end), the administrator's one-time password (nothing but a change until it is
//! changed), login locks counted rather than logged one by one, and password checks in bounded
//! turns (503 with Retry-After beyond them).

use std::time::Duration;

use axum::body::Body;
use axum::http::Method;
use breachdesk::auth::AuthSettings;
use breachdesk::auth::password::{HashTurns, PasswordCost, Passwords};
use breachdesk_tests::{TestApp, TestSession, both_backends};
use chrono::TimeDelta;
use domain::Role;
use serde_json::json;

/// GET as the holder of a session cookie.
async fn get_with_cookie(app: &TestApp, session: &TestSession, path: &str) -> breachdesk_tests::TestResponse {
    app.send_with(None, Method::GET, path, &[("cookie", session.cookie.as_str())], Body::empty()).await
}

/// A JSON request with a session cookie and its CSRF token.
async fn json_with_cookie(
    app: &TestApp,
    session: &TestSession,
    method: Method,
    path: &str,
    body: &serde_json::Value,
) -> breachdesk_tests::TestResponse {
    let headers =
        [("content-type", "application/json"), ("cookie", session.cookie.as_str()), ("x-csrf-token", &session.csrf)];
    app.send_with(None, method, path, &headers, Body::from(body.to_string())).await
}

fn token_get(app: &TestApp, token: &str, path: &str) -> impl std::future::Future<Output = u16> {
    let (token, path) = (token.to_owned(), path.to_owned());
    async move { app.send_with(Some(&token), Method::GET, &path, &[], Body::empty()).await.status.as_u16() }
}

both_backends!(
    a_deactivated_user_is_refused_at_once_everywhere_and_a_reactivated_one_comes_back,
    TestApp::new,
    |app| async move {
        let admin = app.user(Role::Admin).await;
        let handler = app.user(Role::Handler).await;
        let email = handler.user.email.as_str().to_owned();
        let session = app.login(&email, &handler.password).await;
        let path = format!("/api/v1/users/{}", handler.user.id);
        assert_eq!(token_get(&app, &handler.token, "/api/v1/cases").await, 200);

        let off = app.json_as(&admin.token, Method::PATCH, &path, &json!({"active": false})).await;
        assert_eq!(off.status, 200, "{off:?}");
        assert_eq!(off.json()["active"], false);
        assert_eq!(off.json()["role"], "handler", "the role is kept");
        assert_eq!(token_get(&app, &handler.token, "/api/v1/cases").await, 401, "the token is refused at once");
        assert_eq!(get_with_cookie(&app, &session, "/api/v1/session").await.status, 401, "the session has ended");
        assert_eq!(app.try_login(&email, &handler.password).await.status, 401, "no new login");
        assert_eq!(app.audit_of("user_deactivated").await.len(), 1);
        assert_eq!(app.audit_of("user_deactivated").await[0].actor, admin.user.id.to_string());

        let on = app.json_as(&admin.token, Method::PATCH, &path, &json!({"active": true})).await;
        assert_eq!(on.json()["active"], true);
        assert_eq!(app.try_login(&email, &handler.password).await.status, 200);
        assert_eq!(token_get(&app, &handler.token, "/api/v1/cases").await, 200);
        assert_eq!(app.audit_of("user_reactivated").await.len(), 1);

        // The last active admin can be neither deactivated nor demoted; nothing is changed.
        let own = format!("/api/v1/users/{}", admin.user.id);
        let refused = app.json_as(&admin.token, Method::PATCH, &own, &json!({"active": false})).await;
        assert_eq!(refused.status, 422, "{refused:?}");
        assert_eq!(refused.problem_fields(), vec!["active"]);
        let demoted = app.json_as(&admin.token, Method::PATCH, &own, &json!({"role": "viewer"})).await;
        assert_eq!(demoted.problem_fields(), vec!["role"]);
        assert!(app.stored_user(admin.user.email.as_str()).await.active);
        let empty = app.json_as(&admin.token, Method::PATCH, &path, &json!({})).await;
        assert_eq!(empty.status, 422);
        // Only an admin may deactivate.
        assert_eq!(app.json_as(&app.token, Method::PATCH, &own, &json!({"active": false})).await.status, 403);
        app
    }
);

both_backends!(
    changing_ones_own_password_needs_the_current_one_and_ends_the_other_sessions,
    TestApp::new,
    |app| async move {
        let dpo = app.user(Role::Dpo).await;
        let email = dpo.user.email.as_str().to_owned();
        let here = app.login(&email, &dpo.password).await;
        let elsewhere = app.login(&email, &dpo.password).await;
        let new = "ett nytt och långt lösenord";

        let wrong = json_with_cookie(
            &app,
            &here,
            Method::PUT,
            "/api/v1/me/password",
            &json!({"current_password": "inte det här lösenordet", "new_password": new}),
        )
        .await;
        assert_eq!(wrong.status, 422, "{wrong:?}");
        assert_eq!(wrong.problem_fields(), vec!["current_password"]);
        let short = json_with_cookie(
            &app,
            &here,
            Method::PUT,
            "/api/v1/me/password",
            &json!({"current_password": dpo.password, "new_password": "kort"}),
        )
        .await;
        assert_eq!(short.problem_fields(), vec!["new_password"]);
        assert_eq!(app.try_login(&email, &dpo.password).await.status, 200, "nothing changed yet");

        let changed = json_with_cookie(
            &app,
            &here,
            Method::PUT,
            "/api/v1/me/password",
            &json!({"current_password": dpo.password, "new_password": new}),
        )
        .await;
        assert_eq!(changed.status, 200, "{changed:?}");
        assert_eq!(get_with_cookie(&app, &here, "/api/v1/session").await.status, 200, "this session goes on");
        assert_eq!(get_with_cookie(&app, &elsewhere, "/api/v1/session").await.status, 401, "the other one ended");
        assert_eq!(app.try_login(&email, &dpo.password).await.status, 401, "the old password is gone");
        assert_eq!(app.try_login(&email, new).await.status, 200);
        assert_eq!(app.audit_of("password_changed").await.len(), 1);
        app
    }
);

both_backends!(
    after_a_reset_the_one_time_password_opens_nothing_but_the_password_change,
    TestApp::new,
    |app| async move {
        let admin = app.user(Role::Admin).await;
        let legal = app.user(Role::Legal).await;
        let email = legal.user.email.as_str().to_owned();
        let before = app.login(&email, &legal.password).await;
        let reset = app
            .json_as(&admin.token, Method::POST, &format!("/api/v1/users/{}/password-reset", legal.user.id), &json!({}))
            .await;
        assert_eq!(reset.status, 200, "{reset:?}");
        let one_time = reset.json()["one_time_password"].as_str().unwrap().to_owned();
        assert_eq!(reset.json()["user"]["must_change_password"], true);
        assert_eq!(get_with_cookie(&app, &before, "/api/v1/session").await.status, 401, "sessions ended");
        assert_eq!(app.try_login(&email, &legal.password).await.status, 401, "the old password is gone");
        assert_eq!(app.audit_of("password_reset").await.len(), 1);

        let login = app.try_login(&email, &one_time).await;
        assert_eq!(login.status, 200);
        assert_eq!(login.json()["user"]["must_change_password"], true);
        let session = app.login(&email, &one_time).await;
        let cases = get_with_cookie(&app, &session, "/api/v1/cases").await;
        assert_eq!(cases.status, 403, "{cases:?}");
        assert_eq!(cases.json()["type"], "/problems/password-change-required");
        assert_eq!(token_get(&app, &legal.token, "/api/v1/cases").await, 403, "their tokens wait too");
        let page = app
            .send_with(None, Method::GET, "/", &[("cookie", &session.cookie), ("accept", "text/html")], Body::empty())
            .await;
        assert_eq!(page.status, 303);
        assert_eq!(page.header("location"), Some("/account/password"));
        let form = app
            .send_with(
                None,
                Method::GET,
                "/account/password",
                &[("cookie", &session.cookie), ("accept", "text/html")],
                Body::empty(),
            )
            .await;
        assert_eq!(form.status, 200);
        let html = String::from_utf8_lossy(&form.body).into_owned();
        assert!(html.contains("Byt lösenord") && html.contains("engångslösenord"), "{html}");
        // The web login leads to the change-password page.
        let web = app
            .send_with(
                None,
                Method::POST,
                "/login",
                &[("content-type", "application/x-www-form-urlencoded"), ("accept", "text/html")],
                Body::from(format!("email={email}&password={one_time}&next=%2F")),
            )
            .await;
        assert_eq!(web.status, 303, "{web:?}");
        assert_eq!(web.header("location"), Some("/account/password"));

        // The change page's form changes it; then everything opens again.
        let new_password = "juristens egna lösenord";
        let posted = app
            .send_with(
                None,
                Method::POST,
                "/account/password",
                &[
                    ("content-type", "application/x-www-form-urlencoded"),
                    ("cookie", &session.cookie),
                    ("accept", "text/html"),
                ],
                Body::from(format!(
                    "csrf_token={}&current_password={one_time}&new_password={}&repeat_password={}",
                    session.csrf,
                    new_password.replace(' ', "+"),
                    new_password.replace(' ', "+")
                )),
            )
            .await;
        assert_eq!(posted.status, 303, "{}", String::from_utf8_lossy(&posted.body));
        assert_eq!(get_with_cookie(&app, &session, "/api/v1/cases").await.status, 200);
        assert!(!app.stored_user(&email).await.must_change_password);
        assert_eq!(app.try_login(&email, new_password).await.status, 200);
        app
    }
);

both_backends!(refused_logins_during_a_lock_are_counted_in_one_event_when_it_ends, TestApp::new, |app| async move {
    let rows = || async { app.db.store.audit_events(100_000).await.unwrap().len() };
    let before = rows().await;
    // An address that has no account: its failures are throttled, not audited one by one.
    for i in 0..20 {
        let status = app.try_login("ingen@example.se", "fel lösenord 123").await.status;
        assert_eq!(status, if i < 19 { 401 } else { 429 }, "attempt {i}");
    }
    assert_eq!(app.audit_of("login_lock_started").await.len(), 1);
    assert_eq!(rows().await, before + 1, "one event for twenty failures and the lock");
    for _ in 0..30 {
        assert_eq!(app.try_login("ingen@example.se", "fel lösenord 123").await.status, 429);
    }
    assert_eq!(rows().await, before + 1, "refusals during the lock add no row");

    // A known account's failures are audited, naming it; the lock is counted the same way.
    let viewer = app.user(Role::Viewer).await;
    for _ in 0..20 {
        app.try_login(viewer.user.email.as_str(), "fel lösenord 123").await;
    }
    assert_eq!(app.audit_of("login_failed").await.len(), 20);
    let started = app.audit_of("login_lock_started").await;
    assert_eq!(started.len(), 2);
    assert_eq!(started[0].detail("user_id"), Some(viewer.user.id.to_string().as_str()));

    app.clock.advance(TimeDelta::minutes(16));
    assert_eq!(app.try_login(viewer.user.email.as_str(), &viewer.password).await.status, 200);
    let ended = app.audit_of("login_lock_ended").await;
    assert_eq!(ended.len(), 2, "both locks closed at the next login");
    let unknown = ended.iter().find(|e| e.detail("refused") == Some("30"));
    assert!(unknown.is_some(), "the count of refusals: {ended:?}");
    assert!(ended.iter().any(|e| e.detail("refused") == Some("0")));
    assert_eq!(app.db.store.end_login_locks(app.state.now()).await.unwrap(), 0, "each lock closes once");
    app
});

both_backends!(
    with_every_hashing_turn_taken_a_login_is_answered_503_with_retry_after_and_nothing_is_recorded,
    TestApp::new,
    |app| async move {
        let dpo = app.user(Role::Dpo).await;
        let passwords = Passwords::with_turns(PasswordCost::TESTS, HashTurns(1)).unwrap().with_wait(Duration::ZERO);
        let auth = AuthSettings::for_public_url(None, PasswordCost::TESTS).unwrap().with_passwords(passwords.clone());
        let router = app.router_with(auth);
        let body = json!({"email": dpo.user.email.as_str(), "password": dpo.password}).to_string();
        let login = |router: &axum::Router| {
            let (router, body) = (router.clone(), body.clone());
            let app = &app;
            async move {
                app.send_via(
                    &router,
                    None,
                    Method::POST,
                    "/api/v1/session",
                    &[("content-type", "application/json")],
                    Body::from(body),
                )
                .await
            }
        };
        let events = app.db.store.audit_events(100_000).await.unwrap().len();
        let held = passwords.turn().await.unwrap();
        let busy = login(&router).await;
        assert_eq!(busy.status, 503, "{busy:?}");
        assert_eq!(busy.header("retry-after"), Some("1"));
        assert_eq!(busy.header("content-type"), Some("application/problem+json"));
        assert_eq!(busy.json()["type"], "/problems/password-checks-busy");
        assert_eq!(app.db.store.audit_events(100_000).await.unwrap().len(), events, "nothing recorded");
        drop(held);
        assert_eq!(login(&router).await.status, 200);
        app
    }
);

#[tokio::test]
async fn the_demo_accounts_each_have_a_password_in_a_file_only_its_owner_can_read() {
    use std::os::unix::fs::PermissionsExt;
    let db = breachdesk_tests::TestDb::new(breachdesk_tests::Backend::Sqlite).await.unwrap();
    let passwords = Passwords::new(PasswordCost::TESTS).unwrap();
    let accounts =
        breachdesk::demo::create_accounts(&db.store, &passwords, breachdesk_tests::test_now()).await.unwrap().unwrap();
    let dir = std::env::temp_dir().join(format!("breachdesk-demo-{}", uuid::Uuid::new_v4()));
    let path = dir.join("demo-accounts.txt");
    breachdesk::demo::write_accounts_file(&path, &accounts).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut seen = std::collections::HashSet::new();
    for (email, _, password) in &accounts {
        assert!(text.contains(&format!("{email}\t")) && text.contains(password.as_str()), "{email}");
        assert!(seen.insert(password.clone()), "each account has its own password");
    }
    assert_eq!(accounts.len(), Role::ALL.len());
    std::fs::remove_dir_all(&dir).unwrap();
    db.finish().await;
}

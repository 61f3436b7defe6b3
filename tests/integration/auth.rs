//! Accounts and the perimeter: 401 without credentials, what each role may do, sessions
//! (rotation, CSRF token, idle and absolute expiry, logout), API tokens (hash only, expiry,
//! revocation), login lockout, the Origin check, sharing between processes and the audit log.

use std::sync::Arc;

use axum::body::Body;
use axum::http::Method;
use breachdesk::auth::AuthSettings;
use breachdesk::auth::password::PasswordCost;
use breachdesk::{AppState, app};
use breachdesk_tests::{TestApp, TestSession, both_backends};
use chrono::TimeDelta;
use domain::Role;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::support::{add_controller, case_body, case_count, open_case};

/// Sends a JSON request with a session cookie, with or without its CSRF token.
async fn with_cookie(
    app: &TestApp,
    session: &TestSession,
    csrf: bool,
    method: Method,
    path: &str,
    body: &serde_json::Value,
) -> breachdesk_tests::TestResponse {
    let mut headers = vec![("content-type", "application/json"), ("cookie", session.cookie.as_str())];
    if csrf {
        headers.push(("x-csrf-token", session.csrf.as_str()));
    }
    app.send_with(None, method, path, &headers, Body::from(body.to_string())).await
}

both_backends!(
    without_a_session_or_token_the_api_answers_401_and_a_browser_is_sent_to_login,
    TestApp::new,
    |app| async move {
        let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
        for path in
            ["/api/v1/cases".to_owned(), format!("/api/v1/cases/{id}"), format!("/api/v1/cases/{id}/drafts/imy.pdf")]
        {
            let response = app.send_with(None, Method::GET, &path, &[], Body::empty()).await;
            assert_eq!(response.status, 401, "{path}");
            assert_eq!(response.header("content-type"), Some("application/problem+json"));
            assert_eq!(response.header("www-authenticate"), Some("Bearer"));
            assert!(!String::from_utf8_lossy(&response.body).contains("IT-attack"));
        }
        let browser = app
            .send_with(
                None,
                Method::GET,
                &format!("/api/v1/cases/{id}/drafts/imy.pdf?lang=en"),
                &[("accept", "text/html,application/xhtml+xml,*/*;q=0.8")],
                Body::empty(),
            )
            .await;
        assert_eq!(browser.status, 303);
        assert_eq!(
            browser.header("location"),
            Some(format!("/login?next=/api/v1/cases/{id}/drafts/imy.pdf%3Flang%3Den").as_str())
        );
        for page in ["/".to_owned(), format!("/cases/{id}")] {
            let html = app.send_with(None, Method::GET, &page, &[("accept", "text/html")], Body::empty()).await;
            assert_eq!(html.status, 303, "{page}");
            assert_eq!(html.header("location"), Some(format!("/login?next={page}").as_str()));
        }
        let garbage = app.send_with(Some("bdt_not-a-token"), Method::GET, "/api/v1/cases", &[], Body::empty()).await;
        assert_eq!(garbage.status, 401);
        assert_eq!(app.send_with(None, Method::GET, "/healthz", &[], Body::empty()).await.status, 200);
        app
    }
);

both_backends!(each_role_does_only_what_it_should, TestApp::new, |app| async move {
    let case = open_case(&app).await.json();
    let id = case["id"].as_str().unwrap().to_owned();
    let controller = add_controller(&app).await;
    let (management, legal, handler, viewer) = (
        app.user(Role::Management).await,
        app.user(Role::Legal).await,
        app.user(Role::Handler).await,
        app.user(Role::Viewer).await,
    );
    let timeline = format!("/api/v1/cases/{id}/timeline");
    let entry = json!({"kind": "note", "text": "Anteckning"});

    // management reads everything and writes nothing.
    assert_eq!(
        app.send_with(Some(&management.token), Method::GET, &format!("/api/v1/cases/{id}/clocks"), &[], Body::empty())
            .await
            .status,
        200
    );
    assert_eq!(
        app.json_as(&management.token, Method::POST, "/api/v1/cases", &case_body(&controller)).await.status,
        403
    );
    assert_eq!(app.json_as(&management.token, Method::POST, &timeline, &entry).await.status, 403);
    assert_eq!(case_count(&app).await, 1, "nothing was stored");

    // legal exports drafts and records submissions but cannot change facts.
    let pdf = app
        .send_with(Some(&legal.token), Method::GET, &format!("/api/v1/cases/{id}/drafts/imy.pdf"), &[], Body::empty())
        .await;
    assert_eq!(pdf.status, 200);
    let filing = app
        .json_as(&legal.token, Method::POST, &format!("/api/v1/cases/{id}/filings"), &json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-15T11:00:00Z", "reference": "IMY-2024-1"}))
        .await;
    assert!(![401, 403].contains(&filing.status.as_u16()), "{filing:?}");
    let patch = app
        .send_with(
            Some(&legal.token),
            Method::PATCH,
            &format!("/api/v1/cases/{id}"),
            &[("content-type", "application/json"), ("if-match", "\"1\"")],
            Body::from(r#"{"title":"Ändrad av juristen"}"#),
        )
        .await;
    assert_eq!(patch.status, 403);
    assert_eq!(app.json_as(&legal.token, Method::POST, &timeline, &entry).await.status, 403);
    assert_eq!(app.get(&format!("/api/v1/cases/{id}")).await.json()["title"], "IT-attack mot kommunens servrar");

    // handler logs entries and actions but takes no decisions.
    assert_eq!(app.json_as(&handler.token, Method::POST, &timeline, &entry).await.status, 201);
    let action = json!({"title": "Byt lösenord", "category": "contain"});
    assert_eq!(
        app.json_as(&handler.token, Method::POST, &format!("/api/v1/cases/{id}/actions"), &action).await.status,
        201
    );
    let decision = json!({"decision": "notify_imy", "outcome": "yes", "reasons": "Hög risk."});
    assert_eq!(
        app.json_as(&handler.token, Method::POST, &format!("/api/v1/cases/{id}/decisions"), &decision).await.status,
        403
    );
    assert_eq!(app.get(&format!("/api/v1/cases/{id}/decisions")).await.json().as_array().map(Vec::len), Some(0));
    let logged = app.get(&timeline).await.json();
    assert_eq!(
        logged.as_array().unwrap().last().unwrap()["actor"],
        handler.user.id.to_string(),
        "the actor is the user's id"
    );

    // viewer only reads.
    assert_eq!(app.send_with(Some(&viewer.token), Method::GET, &timeline, &[], Body::empty()).await.status, 200);
    assert_eq!(app.json_as(&viewer.token, Method::POST, &timeline, &entry).await.status, 403);
    let draft = app
        .send_with(Some(&viewer.token), Method::GET, &format!("/api/v1/cases/{id}/drafts/imy.pdf"), &[], Body::empty())
        .await;
    assert_eq!(draft.status, 403);
    app
});

both_backends!(a_session_is_rotated_at_login_needs_its_csrf_token_and_ends_at_logout, TestApp::new, |app| async move {
    let dpo = app.user(Role::Dpo).await;
    let email = dpo.user.email.as_str().to_owned();
    let login = app.try_login(&email, &dpo.password).await;
    let set_cookie = login.header("set-cookie").unwrap().to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let first = TestSession {
        cookie: set_cookie.split(';').next().unwrap().to_owned(),
        csrf: login.json()["csrf_token"].as_str().unwrap().to_owned(),
    };
    let me = app.send_with(None, Method::GET, "/api/v1/session", &[("cookie", &first.cookie)], Body::empty()).await;
    assert_eq!(me.json()["user"]["role"], "dpo");

    // The database holds only a hash of the cookie's secret.
    let secret = first.cookie.split('.').nth(1).unwrap().to_owned();
    let rows = app
        .db
        .store
        .session(domain::SessionId(uuid::Uuid::parse_str(&first.cookie[19..51]).unwrap()))
        .await
        .unwrap()
        .unwrap();
    assert_ne!(rows.secret_hash, secret);

    // A change with the cookie but without the CSRF token is refused and changes nothing.
    let controller = add_controller(&app).await;
    let refused = with_cookie(&app, &first, false, Method::POST, "/api/v1/cases", &case_body(&controller)).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.json()["type"], "/problems/csrf-token");
    let wrong = TestSession { csrf: "0".repeat(64), ..first.clone() };
    assert_eq!(
        with_cookie(&app, &wrong, true, Method::POST, "/api/v1/cases", &case_body(&controller)).await.status,
        403
    );
    assert_eq!(case_count(&app).await, 0);
    assert_eq!(
        with_cookie(&app, &first, true, Method::POST, "/api/v1/cases", &case_body(&controller)).await.status,
        201
    );

    // An HTML form posted with the cookie needs the token as a form field.
    let id = case_count(&app).await;
    assert_eq!(id, 1);
    let case_id = app.get("/api/v1/cases").await.json()["items"][0]["id"].as_str().unwrap().to_owned();
    let form = |csrf: Option<&str>| {
        let mut body = "kind=note&text=Antecknat+via+formul%C3%A4r".to_owned();
        if let Some(csrf) = csrf {
            body.push_str(&format!("&csrf_token={csrf}"));
        }
        body
    };
    let headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("cookie", first.cookie.as_str()),
        ("accept", "text/html"),
    ];
    let path = format!("/cases/{case_id}/timeline");
    let without = app.send_with(None, Method::POST, &path, &headers, Body::from(form(None))).await;
    assert_eq!(without.status, 403);
    let entries =
        || async { app.get(&format!("/api/v1/cases/{case_id}/timeline")).await.json().as_array().unwrap().len() };
    let before = entries().await;
    let with = app.send_with(None, Method::POST, &path, &headers, Body::from(form(Some(&first.csrf)))).await;
    assert!(![401, 403].contains(&with.status.as_u16()), "{with:?}");
    assert_eq!(entries().await, before + 1, "the form's entry was stored");

    // Logging in again from the same browser replaces the session (OWASP: session fixation).
    let headers = [("content-type", "application/json"), ("cookie", first.cookie.as_str())];
    let body = json!({"email": email, "password": dpo.password}).to_string();
    let again = app.send_with(None, Method::POST, "/api/v1/session", &headers, Body::from(body)).await;
    assert_eq!(again.status, 200);
    let second = TestSession {
        cookie: again.header("set-cookie").unwrap().split(';').next().unwrap().to_owned(),
        csrf: again.json()["csrf_token"].as_str().unwrap().to_owned(),
    };
    assert_ne!(second.cookie, first.cookie);
    assert_eq!(
        app.send_with(None, Method::GET, "/api/v1/session", &[("cookie", &first.cookie)], Body::empty()).await.status,
        401
    );

    // Logout ends it.
    assert_eq!(with_cookie(&app, &second, true, Method::DELETE, "/api/v1/session", &json!({})).await.status, 204);
    assert_eq!(
        app.send_with(None, Method::GET, "/api/v1/session", &[("cookie", &second.cookie)], Body::empty()).await.status,
        401
    );
    app
});

both_backends!(sessions_expire_when_idle_and_at_their_absolute_limit, TestApp::new, |app| async move {
    let dpo = app.user(Role::Dpo).await;
    let me = |s: TestSession| {
        let app = &app;
        async move {
            app.send_with(None, Method::GET, "/api/v1/session", &[("cookie", &s.cookie)], Body::empty()).await.status
        }
    };
    let idle = app.login(dpo.user.email.as_str(), &dpo.password).await;
    app.clock.advance(TimeDelta::minutes(29));
    assert_eq!(me(idle.clone()).await, 200);
    app.clock.advance(TimeDelta::minutes(31));
    assert_eq!(me(idle).await, 401, "idle for 31 minutes");

    let busy = app.login(dpo.user.email.as_str(), &dpo.password).await;
    for _ in 0..35 {
        app.clock.advance(TimeDelta::minutes(20));
        assert_eq!(me(busy.clone()).await, 200);
    }
    app.clock.advance(TimeDelta::minutes(20));
    assert_eq!(me(busy).await, 401, "12 hours after login, however busy");
    app
});

both_backends!(api_tokens_are_stored_as_hashes_expire_and_can_be_revoked, TestApp::new, |app| async move {
    let handler = app.user(Role::Handler).await;
    // A token cannot mint tokens (a leaked one would outlive its revocation); a session can.
    let by_token =
        app.json_as(&handler.token, Method::POST, "/api/v1/tokens", &json!({"label": "SIEM", "days": 1})).await;
    assert_eq!(by_token.status, 422, "{by_token:?}");
    let session = app.login(handler.user.email.as_str(), &handler.password).await;
    let created =
        with_cookie(&app, &session, true, Method::POST, "/api/v1/tokens", &json!({"label": "SIEM", "days": 1})).await;
    assert_eq!(created.status, 201, "{created:?}");
    let token = created.json()["token"].as_str().unwrap().to_owned();
    let token_id = created.json()["id"].as_str().unwrap().to_owned();
    assert!(token.starts_with("bdt_"));
    let stored =
        app.db.store.token(domain::ApiTokenId(uuid::Uuid::parse_str(&token_id).unwrap())).await.unwrap().unwrap();
    assert!(!token.contains(&stored.secret_hash) && !stored.secret_hash.is_empty());
    assert_eq!(app.send_with(Some(&token), Method::GET, "/api/v1/cases", &[], Body::empty()).await.status, 200);

    // A token with one character changed does not work.
    let mut tampered = token.clone().into_bytes();
    let last = tampered.len() - 1;
    tampered[last] = if tampered[last] == b'0' { b'1' } else { b'0' };
    let tampered = String::from_utf8(tampered).unwrap();
    assert_eq!(app.send_with(Some(&tampered), Method::GET, "/api/v1/cases", &[], Body::empty()).await.status, 401);

    // Someone else's token is not theirs to revoke.
    let viewer = app.user(Role::Viewer).await;
    let foreign = app
        .send_with(Some(&viewer.token), Method::DELETE, &format!("/api/v1/tokens/{token_id}"), &[], Body::empty())
        .await;
    assert_eq!(foreign.status, 404);
    let revoked = app
        .send_with(Some(&handler.token), Method::DELETE, &format!("/api/v1/tokens/{token_id}"), &[], Body::empty())
        .await;
    assert_eq!(revoked.status, 200);
    assert_eq!(app.send_with(Some(&token), Method::GET, "/api/v1/cases", &[], Body::empty()).await.status, 401);

    app.clock.advance(TimeDelta::days(90));
    assert_eq!(
        app.send_with(Some(&handler.token), Method::GET, "/api/v1/cases", &[], Body::empty()).await.status,
        401,
        "expired after 90 days"
    );
    app
});

both_backends!(
    twenty_wrong_passwords_in_a_minute_lock_the_account_until_the_lock_ends,
    TestApp::new,
    |app| async move {
        let legal = app.user(Role::Legal).await;
        let email = legal.user.email.as_str().to_owned();
        let unknown = app.try_login("ingen.alls@example.se", "fel-lösenord-123").await;
        let wrong = app.try_login(&email, "fel-lösenord-123").await;
        assert_eq!(wrong.status, 401);
        assert_eq!(unknown.status, 401);
        assert_eq!(unknown.body, wrong.body, "an unknown account and a wrong password look the same");
        for _ in 0..18 {
            app.clock.advance(TimeDelta::seconds(2));
            assert_eq!(app.try_login(&email, "fel-lösenord-123").await.status, 401);
        }
        app.clock.advance(TimeDelta::seconds(2));
        let twentieth = app.try_login(&email, "fel-lösenord-123").await;
        assert_eq!(twentieth.status, 429, "{twentieth:?}");
        let locked = app.try_login(&email, &legal.password).await;
        assert_eq!(locked.status, 429, "the right password does not open a locked account");
        let detail = locked.json()["detail"].as_str().unwrap().to_owned();
        assert!(
            detail.contains("too many failed logins for this account; try again after 2024-01-15 12:15:38 UTC"),
            "{detail}"
        );
        assert_eq!(locked.header("retry-after"), Some("900"));

        // Another process over the same database sees the same lock.
        let other = AppState {
            store: app.db.store.clone(),
            clock: app.clock.clone(),
            metrics: app.state.metrics.clone(),
            auth: Arc::new(AuthSettings::for_public_url(None, PasswordCost::TESTS).unwrap()),
        };
        let other = app_over(other);
        assert_eq!(login_status(&other, &email, &legal.password).await, 429);

        app.clock.advance(TimeDelta::minutes(15));
        assert_eq!(app.try_login(&email, &legal.password).await.status, 200, "the lock has ended");
        app
    }
);

fn app_over(state: AppState) -> axum::Router {
    app(state)
}

async fn login_status(router: &axum::Router, email: &str, password: &str) -> u16 {
    use tower::ServiceExt;
    let request = axum::http::Request::post("/api/v1/session")
        .header("content-type", "application/json")
        .body(Body::from(json!({"email": email, "password": password}).to_string()))
        .unwrap();
    router.clone().oneshot(request).await.unwrap().status().as_u16()
}

both_backends!(a_session_from_one_process_works_in_another_and_its_logout_too, TestApp::new, |app| async move {
    use tower::ServiceExt;
    let dpo = app.user(Role::Dpo).await;
    let session = app.login(dpo.user.email.as_str(), &dpo.password).await;
    let other = app_over(AppState {
        store: app.db.another_store().await,
        clock: app.clock.clone(),
        metrics: app.state.metrics.clone(),
        auth: Arc::new(AuthSettings::for_public_url(None, PasswordCost::TESTS).unwrap()),
    });
    let me = |router: axum::Router| {
        let cookie = session.cookie.clone();
        async move {
            let request =
                axum::http::Request::get("/api/v1/session").header("cookie", cookie).body(Body::empty()).unwrap();
            router.oneshot(request).await.unwrap().status().as_u16()
        }
    };
    assert_eq!(me(other.clone()).await, 200);
    assert_eq!(with_cookie(&app, &session, true, Method::DELETE, "/api/v1/session", &json!({})).await.status, 204);
    assert_eq!(me(other).await, 401);
    app
});

both_backends!(a_change_from_a_foreign_origin_is_refused_and_changes_nothing, TestApp::new, |app| async move {
    let dpo = app.user(Role::Dpo).await;
    let session = app.login(dpo.user.email.as_str(), &dpo.password).await;
    let controller = add_controller(&app).await;
    let body = case_body(&controller).to_string();
    let attempts: [Vec<(&str, &str)>; 3] = [
        vec![("origin", "https://evil.example"), ("host", "breachdesk.example.se")],
        vec![("sec-fetch-site", "cross-site")],
        vec![("origin", "null"), ("host", "breachdesk.example.se")],
    ];
    for extra in attempts {
        let mut headers = vec![
            ("content-type", "application/json"),
            ("cookie", session.cookie.as_str()),
            ("x-csrf-token", session.csrf.as_str()),
        ];
        headers.extend(extra.iter().copied());
        let response = app.send_with(None, Method::POST, "/api/v1/cases", &headers, Body::from(body.clone())).await;
        assert_eq!(response.status, 403, "{extra:?}: {response:?}");
        assert_eq!(response.json()["type"], "/problems/cross-origin");
        let with_token = app
            .send_with(
                Some(&dpo.token),
                Method::POST,
                "/api/v1/cases",
                &headers[..1].iter().copied().chain(extra.iter().copied()).collect::<Vec<_>>(),
                Body::from(body.clone()),
            )
            .await;
        assert_eq!(with_token.status, 403, "a token does not excuse a foreign origin");
    }
    assert_eq!(case_count(&app).await, 0);
    let same = [
        ("content-type", "application/json"),
        ("cookie", session.cookie.as_str()),
        ("x-csrf-token", session.csrf.as_str()),
        ("origin", "http://breachdesk.example.se"),
        ("host", "breachdesk.example.se"),
        ("sec-fetch-site", "same-origin"),
    ];
    assert_eq!(app.send_with(None, Method::POST, "/api/v1/cases", &same, Body::from(body)).await.status, 201);
    app
});

both_backends!(
    logins_role_changes_tokens_and_draft_exports_are_in_the_hash_chained_audit_log,
    TestApp::new,
    |app| async move {
        let admin = app.user(Role::Admin).await;
        let legal = app.user(Role::Legal).await;
        let case = open_case(&app).await.json();
        let id = case["id"].as_str().unwrap().to_owned();
        assert_eq!(app.try_login(legal.user.email.as_str(), "fel-lösenord-123").await.status, 401);
        app.login(legal.user.email.as_str(), &legal.password).await;
        let pdf = app
            .send_with(
                Some(&legal.token),
                Method::GET,
                &format!("/api/v1/cases/{id}/drafts/imy.pdf"),
                &[],
                Body::empty(),
            )
            .await;
        let sha256 = pdf.header("x-content-sha256").unwrap().to_owned();
        let changed = app
            .json_as(
                &admin.token,
                Method::PATCH,
                &format!("/api/v1/users/{}", legal.user.id),
                &json!({"role": "viewer"}),
            )
            .await;
        assert_eq!(changed.status, 200, "{changed:?}");
        assert_eq!(
            app.send_with(
                Some(&legal.token),
                Method::GET,
                &format!("/api/v1/cases/{id}/drafts/imy.pdf"),
                &[],
                Body::empty()
            )
            .await
            .status,
            403,
            "the new role applies at once"
        );
        let legal_session = app.login(legal.user.email.as_str(), &legal.password).await;
        let created = with_cookie(&app, &legal_session, true, Method::POST, "/api/v1/tokens", &json!({})).await.json();
        app.send_with(
            Some(&legal.token),
            Method::DELETE,
            &format!("/api/v1/tokens/{}", created["id"].as_str().unwrap()),
            &[],
            Body::empty(),
        )
        .await;

        assert_eq!(
            app.send_with(Some(&legal.token), Method::GET, "/api/v1/audit", &[], Body::empty()).await.status,
            403
        );
        let events = app.get("/api/v1/audit?limit=1000").await.json();
        let events = events.as_array().unwrap();
        let of = |action: &str| events.iter().filter(|e| e["action"] == action).cloned().collect::<Vec<_>>();
        let export = &of("draft_exported")[0];
        assert_eq!(export["actor"], legal.user.id.to_string());
        let details: Vec<(String, String)> = serde_json::from_value(export["details"].clone()).unwrap();
        assert!(
            details.contains(&("case_id".into(), id.clone())) && details.contains(&("sha256".into(), sha256)),
            "{details:?}"
        );
        assert!(details.contains(&("draft".into(), "imy".into())));
        let role = &of("role_changed")[0];
        assert_eq!(role["actor"], admin.user.id.to_string());
        assert!(role["details"].to_string().contains("\"to\",\"viewer\""), "{role}");
        for action in ["login", "login_failed", "user_created", "token_created", "token_revoked"] {
            assert!(!of(action).is_empty(), "no {action} event");
        }
        assert_eq!(app.db.store.verify_audit_log().await.unwrap(), Ok(()));

        // The database itself refuses to edit a stored event; with its trigger dropped behind
        // breachdesk's back, the edit breaks the chain there, and verify names it.
        let db = app.db.store.raw_connection();
        let backend = db.get_database_backend();
        let sql = "UPDATE audit_events SET actor = 'someone else' WHERE seq = 3".to_owned();
        assert!(db.execute_raw(Statement::from_string(backend, sql.clone())).await.is_err());
        let drop = match backend {
            sea_orm::DatabaseBackend::Postgres => "DROP TRIGGER audit_events_append_only ON audit_events",
            _ => "DROP TRIGGER audit_events_no_update",
        };
        db.execute_raw(Statement::from_string(backend, drop.to_owned())).await.unwrap();
        db.execute_raw(Statement::from_string(backend, sql)).await.unwrap();
        let broken = app.db.store.verify_audit_log().await.unwrap().unwrap_err();
        assert_eq!(broken.seq, 3);
        app.tampered()
    }
);

both_backends!(https_deployments_send_hsts_and_secure_cookies, TestApp::new, |app| async move {
    let plain = app.get("/healthz").await;
    assert!(plain.header("strict-transport-security").is_none());
    let csp = plain.header("content-security-policy").unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'")
            && csp.contains("script-src 'self'")
            && !csp.contains("'unsafe-inline' 'self'")
    );
    assert_eq!(plain.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(plain.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(plain.header("cache-control"), Some("no-store"));
    let https = AppState {
        store: app.db.store.clone(),
        clock: app.clock.clone(),
        metrics: app.state.metrics.clone(),
        auth: Arc::new(
            AuthSettings::for_public_url(Some("https://breachdesk.kommun.se"), PasswordCost::TESTS).unwrap(),
        ),
    };
    let router = app_over(https);
    let dpo = app.user(Role::Dpo).await;
    use tower::ServiceExt;
    let request = axum::http::Request::post("/api/v1/session")
        .header("content-type", "application/json")
        .header("origin", "https://breachdesk.kommun.se")
        .header("host", "10.0.0.5:8080")
        .body(Body::from(json!({"email": dpo.user.email.as_str(), "password": dpo.password}).to_string()))
        .unwrap();
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200, "the public origin is trusted behind a proxy");
    assert!(response.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
    assert!(response.headers()["set-cookie"].to_str().unwrap().contains("; Secure"));
    app
});

both_backends!(
    a_hundred_failures_from_one_address_lock_that_address_for_every_account,
    TestApp::new,
    |app| async move {
        // Password spraying: one wrong password each for many accounts, from one address (the
        // router without a peer address counts every request as one address, "unknown").
        let viewer = app.user(Role::Viewer).await;
        for i in 0..99 {
            assert_eq!(app.try_login(&format!("gissning{i}@example.se"), "fel-lösenord-123").await.status, 401);
        }
        let hundredth = app.try_login("gissning99@example.se", "fel-lösenord-123").await;
        assert_eq!(hundredth.status, 429, "{hundredth:?}");
        let locked = app.try_login(viewer.user.email.as_str(), &viewer.password).await;
        assert_eq!(locked.status, 429, "the address is locked even for a right password");
        assert!(locked.json()["detail"].as_str().unwrap().contains("address"), "{locked:?}");
        app.clock.advance(TimeDelta::minutes(16));
        assert_eq!(app.try_login(viewer.user.email.as_str(), &viewer.password).await.status, 200, "the lock has ended");
        app
    }
);

both_backends!(behind_a_trusted_proxy_each_client_has_its_own_address_lock, TestApp::new, |app| async move {
    use axum::extract::ConnectInfo;
    use tower::ServiceExt;
    let proxy: std::net::SocketAddr = "127.0.0.1:40000".parse().unwrap();
    let settings =
        AuthSettings::for_public_url(None, PasswordCost::TESTS).unwrap().with_trusted_proxies(vec![proxy.ip()]);
    let router = app_over(AppState {
        store: app.db.store.clone(),
        clock: app.clock.clone(),
        metrics: app.state.metrics.clone(),
        auth: Arc::new(settings),
    });
    let login = |peer: std::net::SocketAddr, forwarded: &'static str, email: String, password: String| {
        let router = router.clone();
        async move {
            let request = axum::http::Request::post("/api/v1/session")
                .header("content-type", "application/json")
                .header("x-forwarded-for", forwarded)
                .extension(ConnectInfo(peer))
                .body(Body::from(json!({"email": email, "password": password}).to_string()))
                .unwrap();
            router.oneshot(request).await.unwrap().status().as_u16()
        }
    };
    let viewer = app.user(Role::Viewer).await;
    let email = viewer.user.email.as_str().to_owned();
    for i in 0..100 {
        let status = login(proxy, "203.0.113.1", format!("gissning{i}@example.se"), "fel-lösenord-123".into()).await;
        assert_eq!(status, if i < 99 { 401 } else { 429 }, "attempt {i}");
    }
    assert_eq!(login(proxy, "203.0.113.1", email.clone(), viewer.password.clone()).await, 429, "that client is locked");
    assert_eq!(
        login(proxy, "203.0.113.2", email.clone(), viewer.password.clone()).await,
        200,
        "another client behind the proxy is not"
    );
    // A client that is not the proxy cannot choose its address by sending the header itself.
    let stranger: std::net::SocketAddr = "198.51.100.9:50000".parse().unwrap();
    assert_eq!(login(stranger, "203.0.113.1", email, viewer.password.clone()).await, 200);
    app
});

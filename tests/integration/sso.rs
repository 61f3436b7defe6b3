//! Single sign-on against a real OpenID Connect provider: `oidc-provider` from npm
//! (tests/oidc, installed by .ci/run), started on loopback by each test. A known user gets in
//! with their breachdesk role; an unknown and a deactivated one are refused; with local
//! passwords off, only single sign-on opens a session. With CI set, a missing provider fails
//! the test; elsewhere it is skipped.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use axum::Router;
use axum::body::Body;
use axum::http::Method;
use breachdesk::auth::AuthSettings;
use breachdesk::auth::oidc::{Oidc, OidcSettings};
use breachdesk::auth::password::PasswordCost;
use breachdesk_tests::{TestApp, both_backends};
use domain::Role;
use openidconnect::reqwest;
use serde_json::json;

/// breachdesk's public origin in these tests: the provider redirects the "browser" there, and
/// the test hands the redirect to the router.
const ORIGIN: &str = "http://127.0.0.1:8080";
const CLIENT_ID: &str = "breachdesk-test";
const CLIENT_SECRET: &str = "breachdesk-test-secret-0123456789";

/// The provider process, killed when dropped.
struct Provider {
    child: Child,
    issuer: String,
    /// Kept open: a provider writing to a closed pipe would die.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts tests/oidc/provider.mjs; `None` (skip) when it is not installed, outside CI.
fn start_provider() -> Option<Provider> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("oidc");
    if !dir.join("node_modules/oidc-provider").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "oidc-provider is not installed in tests/oidc (run npm ci there); CI requires the single sign-on tests"
        );
        eprintln!("skipped: oidc-provider is not installed in tests/oidc");
        return None;
    }
    let mut child = Command::new("node")
        .arg("provider.mjs")
        .current_dir(&dir)
        .env("BREACHDESK_OIDC_CLIENT_ID", CLIENT_ID)
        .env("BREACHDESK_OIDC_CLIENT_SECRET", CLIENT_SECRET)
        .env("BREACHDESK_OIDC_REDIRECT_URI", format!("{ORIGIN}/login/oidc/callback"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node runs tests/oidc/provider.mjs");
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    let issuer = line.trim().to_owned();
    assert!(issuer.starts_with("http://127.0.0.1:"), "the provider printed {issuer:?}");
    Some(Provider { child, issuer, _stdout: stdout })
}

/// The app over `app`'s database with single sign-on through `provider`.
async fn sso_router(app: &TestApp, provider: &Provider, local_passwords: bool) -> Router {
    let settings = OidcSettings {
        issuer_url: provider.issuer.clone(),
        client_id: CLIENT_ID.into(),
        client_secret: CLIENT_SECRET.into(),
        public_origin: ORIGIN.into(),
    };
    let oidc = Oidc::discover(settings).await.expect("the provider is discovered");
    let auth = AuthSettings::for_public_url(Some(ORIGIN), PasswordCost::TESTS)
        .unwrap()
        .with_oidc(oidc)
        .with_local_passwords(local_passwords);
    app.router_with(auth)
}

/// Signs in at the provider as `email`, acting as the browser: from breachdesk's start URL
/// through the provider's redirects (naming the account at its interaction) to the callback,
/// which breachdesk answers. Returns that answer.
async fn sign_in(app: &TestApp, router: &Router, email: &str) -> breachdesk_tests::TestResponse {
    let start = app.send_via(router, None, Method::GET, "/login/oidc?next=/register", &[], Body::empty()).await;
    assert_eq!(start.status, 303, "{start:?}");
    let mut location = start.header("location").unwrap().to_owned();
    let browser = reqwest::ClientBuilder::new().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut cookies: BTreeMap<String, String> = BTreeMap::new();
    let mut base = String::new();
    for _ in 0..12 {
        if let Some(callback) = location.strip_prefix(ORIGIN) {
            return app.send_via(router, None, Method::GET, callback, &[], Body::empty()).await;
        }
        let mut url = if location.starts_with('/') { format!("{base}{location}") } else { location.clone() };
        if base.is_empty() {
            base = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        }
        if url.contains("/interaction/") {
            url = format!("{url}?login={email}");
        }
        let cookie = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let response = browser.get(&url).header("cookie", cookie).send().await.unwrap();
        for set in response.headers().get_all("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            if let Some((k, v)) = pair.split_once('=') {
                cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        assert!(response.status().is_redirection(), "the provider answered {} at {url}", response.status());
        location = response.headers()["location"].to_str().unwrap().to_owned();
    }
    panic!("no redirect back to breachdesk");
}

both_backends!(
    a_known_user_signs_in_with_the_provider_and_keeps_their_breachdesk_role,
    TestApp::new,
    |app| async move {
        let Some(provider) = start_provider() else { return app };
        let router = sso_router(&app, &provider, true).await;
        let legal = app.user(Role::Legal).await;
        let answer = sign_in(&app, &router, legal.user.email.as_str()).await;
        assert_eq!(answer.status, 303, "{}", String::from_utf8_lossy(&answer.body));
        assert_eq!(answer.header("location"), Some("/register"), "on to where the user was headed");
        let cookie = answer.header("set-cookie").unwrap().split(';').next().unwrap().to_owned();
        let me =
            app.send_via(&router, None, Method::GET, "/api/v1/session", &[("cookie", &cookie)], Body::empty()).await;
        assert_eq!(me.status, 200);
        assert_eq!(me.json()["user"]["id"], legal.user.id.to_string());
        assert_eq!(me.json()["user"]["role"], "legal", "the role is breachdesk's");
        let login = app.audit_of("login").await;
        assert_eq!(login[0].detail("method"), Some("oidc"));
        app
    }
);

both_backends!(
    an_unknown_and_a_deactivated_user_are_refused_and_no_account_is_created,
    TestApp::new,
    |app| async move {
        let Some(provider) = start_provider() else { return app };
        let router = sso_router(&app, &provider, true).await;
        let users_before = app.db.store.users().await.unwrap().len();
        let unknown = sign_in(&app, &router, "okand.person@example.se").await;
        assert_eq!(unknown.status, 403, "{unknown:?}");
        assert!(unknown.header("set-cookie").is_none());
        assert!(String::from_utf8_lossy(&unknown.body).contains("inte till något aktivt konto"));
        assert_eq!(app.db.store.users().await.unwrap().len(), users_before, "a login never creates an account");

        let admin = app.user(Role::Admin).await;
        let handler = app.user(Role::Handler).await;
        let off = app
            .json_as(
                &admin.token,
                Method::PATCH,
                &format!("/api/v1/users/{}", handler.user.id),
                &json!({"active": false}),
            )
            .await;
        assert_eq!(off.status, 200);
        let deactivated = sign_in(&app, &router, handler.user.email.as_str()).await;
        assert_eq!(deactivated.status, 403);
        assert!(deactivated.header("set-cookie").is_none());
        let refused = app.audit_of("login_failed").await;
        assert!(refused.iter().any(|e| e.detail("user_id") == Some(handler.user.id.to_string().as_str())));
        app
    }
);

both_backends!(with_local_passwords_off_only_single_sign_on_opens_a_session, TestApp::new, |app| async move {
    let Some(provider) = start_provider() else { return app };
    let router = sso_router(&app, &provider, false).await;
    let dpo = app.user(Role::Dpo).await;
    let body = json!({"email": dpo.user.email.as_str(), "password": dpo.password}).to_string();
    let password = app
        .send_via(
            &router,
            None,
            Method::POST,
            "/api/v1/session",
            &[("content-type", "application/json")],
            Body::from(body),
        )
        .await;
    assert_eq!(password.status, 403, "{password:?}");
    assert_eq!(password.json()["type"], "/problems/local-passwords-off");
    let page = app.send_via(&router, None, Method::GET, "/login", &[], Body::empty()).await;
    let html = String::from_utf8_lossy(&page.body).into_owned();
    assert!(html.contains("/login/oidc") && !html.contains("name=\"password\""), "{html}");
    assert_eq!(sign_in(&app, &router, dpo.user.email.as_str()).await.status, 303);
    app
});

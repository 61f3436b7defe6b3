//! Evidence files end to end, on both databases: an upload comes back byte for byte with its
//! SHA-256; an oversized one is refused while it streams and leaves nothing; a byte changed in
//! the database is named by `verify`, a recorded purge is not; every download is in the chain
//! of custody; viewers see the list but not the files; an HTML file is never served as HTML;
//! the case page's form works with the session's CSRF token; the drafts cite the evidence.

use axum::body::Body;
use axum::http::Method;
use breachdesk::demo::{DemoOutcome, load};
use breachdesk_tests::{TestApp, both_backends, test_now};
use domain::Role;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const BOUNDARY: &str = "----breachdesk-test-boundary";

/// A multipart body: the text fields in order, then the file (name, media type, bytes).
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    if let Some((filename, media_type, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {media_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn content_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn open_case(app: &TestApp) -> String {
    let opened = app
        .post(
            "/api/v1/cases",
            &json!({"title": "IT-attack med utpressning", "description": "Servrar krypterade.",
                    "category": "ransomware", "breach_types": ["confidentiality", "availability"],
                    "detected_at": "2024-01-14T04:40:00Z", "aware_at": "2024-01-14T09:30:00Z"}),
        )
        .await;
    assert_eq!(opened.status, 201, "{opened:?}");
    opened.json()["id"].as_str().unwrap().to_owned()
}

/// Uploads as the holder of `token`; returns the response.
async fn upload_as(
    app: &TestApp,
    token: &str,
    case: &str,
    fields: &[(&str, &str)],
    file: (&str, &str, &[u8]),
) -> breachdesk_tests::TestResponse {
    let body = multipart(fields, Some(file));
    app.send_with(
        Some(token),
        Method::POST,
        &format!("/api/v1/cases/{case}/evidence"),
        &[("content-type", &content_type())],
        Body::from(body),
    )
    .await
}

async fn upload(app: &TestApp, case: &str, description: &str, file: (&str, &str, &[u8])) -> Value {
    let response = upload_as(app, &app.token, case, &[("description", description)], file).await;
    assert_eq!(response.status, 201, "{response:?}");
    response.json()
}

async fn sql(app: &TestApp, sql: &str) {
    let db = app.db.store.raw_connection();
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.unwrap();
}

both_backends!(an_upload_downloads_as_the_same_bytes_and_sha256, TestApp::new, |app| async move {
    let case = open_case(&app).await;
    // Larger than one stored chunk, so it comes back from several rows.
    let bytes: Vec<u8> = (0..700_000_u32).map(|i| (i % 251) as u8).collect();
    let item = upload(&app, &case, "Diskavbild, utdrag", ("utdrag.bin", "application/octet-stream", &bytes)).await;
    assert_eq!(item["sha256"], sha256(&bytes));
    assert_eq!(item["size"], bytes.len());
    assert_eq!(item["media_type"], "application/octet-stream");
    let id = item["id"].as_str().unwrap();
    let content = app.get(&format!("/api/v1/evidence/{id}/content")).await;
    assert_eq!(content.status, 200, "{:?}", content.status);
    assert_eq!(content.body.len(), bytes.len());
    assert!(content.body == bytes, "the bytes downloaded are the bytes uploaded");
    assert_eq!(sha256(&content.body), item["sha256"].as_str().unwrap());
    assert_eq!(content.header("x-content-sha256"), item["sha256"].as_str());
    let list = app.get(&format!("/api/v1/cases/{case}/evidence")).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["description"], "Diskavbild, utdrag");
    // Adding it is an event on the case's record that carries the hash.
    let timeline = app.get(&format!("/api/v1/cases/{case}/timeline")).await.json();
    let added = timeline.as_array().unwrap().iter().find(|e| e["kind"] == "evidence").expect("an evidence entry");
    assert!(added["text"].as_str().unwrap().contains(&item["sha256"].as_str().unwrap()[..12]), "{added}");
    app
});

both_backends!(a_60_mb_upload_is_refused_with_413_and_nothing_is_stored, TestApp::new, |app| async move {
    let case = open_case(&app).await;
    let big = vec![b'x'; 60 * 1024 * 1024];
    let response = upload_as(
        &app,
        &app.token,
        &case,
        &[("description", "För stor")],
        ("stor.bin", "application/octet-stream", &big),
    )
    .await;
    assert_eq!(response.status, 413, "{:?}", response.headers);
    assert_eq!(response.problem_fields(), vec!["file"]);
    assert_eq!(app.db.store.all_evidence_chunks().await.unwrap(), 0, "no chunk of it is kept");
    let list = app.get(&format!("/api/v1/cases/{case}/evidence")).await.json();
    assert_eq!(list, json!([]));
    app
});

both_backends!(a_changed_stored_byte_is_named_by_verify, TestApp::new, |app| async move {
    let case = open_case(&app).await;
    let item = upload(&app, &case, "Lösensedel", ("lösensedel.txt", "text/plain", b"Your files are encrypted.")).await;
    let id = item["id"].as_str().unwrap().to_owned();
    assert_eq!(app.db.store.verify(None).await.unwrap().findings, vec![], "intact before");
    // One byte changed behind breachdesk's back ("Y" becomes "M").
    let changed = hex::encode(b"Mour files are encrypted.");
    sql(
        &app,
        &match app.db.store.raw_connection().get_database_backend() {
            DatabaseBackend::Postgres => {
                format!("UPDATE evidence_chunks SET bytes = decode('{changed}', 'hex') WHERE seq = 0")
            }
            _ => format!("UPDATE evidence_chunks SET bytes = X'{changed}' WHERE seq = 0"),
        },
    )
    .await;
    let report = app.db.store.verify(None).await.unwrap();
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    let finding = report.findings[0].to_string();
    assert!(
        finding.contains(&id) && finding.contains("lösensedel.txt") && finding.contains("do not match"),
        "{finding}"
    );
    // The download is broken off rather than completing as if the bytes were intact.
    let download = app.router.clone();
    let request = axum::http::Request::get(format!("/api/v1/evidence/{id}/content"))
        .header("authorization", format!("Bearer {}", app.token))
        .body(Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(download, request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(http_body_util::BodyExt::collect(response.into_body()).await.is_err(), "the transfer fails");
    app.tampered()
});

both_backends!(a_download_is_in_the_custody_log, TestApp::new, |app| async move {
    let case = open_case(&app).await;
    let item = upload(&app, &case, "Inloggningslogg", ("signins.csv", "text/csv", b"user,ip\nanna,192.0.2.4\n")).await;
    let id = item["id"].as_str().unwrap();
    let management = app.user(Role::Management).await;
    let legal = app.user(Role::Legal).await;
    for who in [&management, &legal] {
        let r = app
            .send_with(Some(&who.token), Method::GET, &format!("/api/v1/evidence/{id}/content"), &[], Body::empty())
            .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("text/csv"));
    }
    let custody = app.get(&format!("/api/v1/evidence/{id}/custody")).await;
    assert_eq!(custody.status, 200, "{custody:?}");
    let steps: Vec<(String, String)> = custody.json()["custody"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["action"].as_str().unwrap().to_owned(), s["by"].as_str().unwrap().to_owned()))
        .collect();
    let dpo = item["added_by"].as_str().unwrap().to_owned();
    assert_eq!(
        steps,
        vec![
            ("added".to_owned(), dpo),
            ("downloaded".to_owned(), management.user.id.to_string()),
            ("downloaded".to_owned(), legal.user.id.to_string()),
        ]
    );
    // And in the audit log, with the hash of what was handed out.
    let audit = app.get("/api/v1/audit").await.json();
    let downloads = audit.to_string().matches("evidence_downloaded").count();
    assert!(downloads >= 2, "{audit}");
    app
});

both_backends!(a_viewer_sees_the_list_but_gets_403_on_the_content, TestApp::new, |app| async move {
    let case = open_case(&app).await;
    let item =
        upload(&app, &case, "Skärmdump av felskickat mejl", ("mejl.png", "image/png", b"\x89PNG\r\n\x1a\n")).await;
    let id = item["id"].as_str().unwrap();
    let viewer = app.user(Role::Viewer).await;
    let list = app
        .send_with(Some(&viewer.token), Method::GET, &format!("/api/v1/cases/{case}/evidence"), &[], Body::empty())
        .await;
    assert_eq!(list.status, 200);
    assert_eq!(list.json()[0]["id"], id);
    let content = app
        .send_with(Some(&viewer.token), Method::GET, &format!("/api/v1/evidence/{id}/content"), &[], Body::empty())
        .await;
    assert_eq!(content.status, 403);
    assert_eq!(content.json()["type"], "/problems/forbidden");
    let add = upload_as(&app, &viewer.token, &case, &[("description", "x")], ("a.txt", "text/plain", b"a")).await;
    assert_eq!(add.status, 403);
    // Handlers add, but do not download.
    let handler = app.user(Role::Handler).await;
    let added = upload_as(&app, &handler.token, &case, &[("description", "Logg")], ("b.txt", "text/plain", b"b")).await;
    assert_eq!(added.status, 201, "{added:?}");
    let fetched = app
        .send_with(Some(&handler.token), Method::GET, &format!("/api/v1/evidence/{id}/content"), &[], Body::empty())
        .await;
    assert_eq!(fetched.status, 403);
    app
});

both_backends!(an_html_file_comes_back_as_an_attachment_with_nosniff, TestApp::new, |app| async move {
    let case = open_case(&app).await;
    let html = b"<html><script>alert(document.cookie)</script></html>";
    let item = upload(&app, &case, "Phishing-sidan som sparad", ("inloggning kopia åäö.html", "text/html", html)).await;
    assert_eq!(item["media_type"], "text/html", "the type as uploaded is kept on record");
    let content = app.get(&format!("/api/v1/evidence/{}/content", item["id"].as_str().unwrap())).await;
    assert_eq!(content.status, 200);
    assert_eq!(content.header("content-type"), Some("application/octet-stream"), "never served as HTML");
    assert_eq!(content.header("x-content-type-options"), Some("nosniff"));
    let disposition = content.header("content-disposition").unwrap();
    assert!(disposition.starts_with("attachment; filename=\"inloggning kopia ___.html\""), "{disposition}");
    assert!(disposition.ends_with("filename*=UTF-8''inloggning%20kopia%20%C3%A5%C3%A4%C3%B6.html"), "{disposition}");
    assert!(content.header("content-security-policy").unwrap().contains("sandbox"));
    assert_eq!(content.body, html);
    app
});

both_backends!(a_withdrawn_and_then_purged_item_is_reported_as_purged_not_as_changed, TestApp::new, |app| async move {
    let case = open_case(&app).await;
    let item = upload(&app, &case, "Fel fil", ("fel.txt", "text/plain", b"inte ett bevis")).await;
    let id = item["id"].as_str().unwrap().to_owned();
    let no_reason = app.post(&format!("/api/v1/evidence/{id}/withdraw"), &json!({})).await;
    assert_eq!(no_reason.problem_fields(), vec!["reason"]);
    let withdrawn = app.post(&format!("/api/v1/evidence/{id}/withdraw"), &json!({"reason": "Fel fil uppladdad"})).await;
    assert_eq!(withdrawn.status, 200, "{withdrawn:?}");
    assert_eq!(withdrawn.json()["withdrawn"]["reason"], "Fel fil uppladdad");
    let again = app.post(&format!("/api/v1/evidence/{id}/withdraw"), &json!({"reason": "Igen"})).await;
    assert_eq!(again.status, 409);
    // The retention purge, as `breachdesk evidence purge` runs it.
    breachdesk::evidence_cli::evidence(
        &app.db.store,
        breachdesk::cli::EvidenceCommand::Purge {
            ids: vec![id.parse().unwrap()],
            reason: "Gallringsbeslut KS 2026/12".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(app.db.store.all_evidence_chunks().await.unwrap(), 0, "the bytes are gone");
    let report = app.db.store.verify(None).await.unwrap();
    assert_eq!(report.findings, vec![], "a recorded purge is not a change");
    assert_eq!(report.evidence_purged, 1);
    let content = app.get(&format!("/api/v1/evidence/{id}/content")).await;
    assert_eq!(content.status, 410);
    let custody = app.get(&format!("/api/v1/evidence/{id}/custody")).await.json();
    let actions: Vec<&str> =
        custody["custody"].as_array().unwrap().iter().map(|s| s["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["added", "withdrawn", "purged"]);
    let audit = app.get("/api/v1/audit").await.json().to_string();
    assert!(audit.contains("evidence_purged"), "the purge is in the audit log");
    app
});

both_backends!(the_case_page_form_uploads_with_the_sessions_csrf_token, TestApp::new, |app| async move {
    let case = open_case(&app).await;
    let handler = app.user(Role::Handler).await;
    let session = app.login(handler.user.email.as_str(), &handler.password).await;
    let page = app
        .send_with(None, Method::GET, &format!("/cases/{case}"), &[("cookie", &session.cookie)], Body::empty())
        .await;
    let html = String::from_utf8_lossy(&page.body).into_owned();
    assert!(html.contains("enctype=\"multipart/form-data\""), "the page has the upload form");
    // The form's one-time key rides in its address (it must be claimed before the file).
    let action = html.split("action=\"").find(|a| a.starts_with(&format!("/cases/{case}/evidence?form_key="))).unwrap();
    let keyed = action.split('"').next().unwrap().to_owned();
    let post = |fields: Vec<(&'static str, String)>, path: String| {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let body = multipart(&fields, Some(("logg.txt", "text/plain", b"2024-01-29 05:40 larm")));
        let (app, cookie) = (&app, session.cookie.clone());
        async move {
            app.send_with(
                None,
                Method::POST,
                &path,
                &[("cookie", &cookie), ("content-type", &content_type()), ("accept", "text/html")],
                Body::from(body),
            )
            .await
        }
    };
    let plain = format!("/cases/{case}/evidence");
    let refused = post(vec![("description", "Logg".to_owned())], plain.clone()).await;
    assert_eq!(refused.status, 403, "without the token first: {refused:?}");
    let missing = post(vec![("csrf_token", session.csrf.clone())], plain.clone()).await;
    assert_eq!(missing.status, 422, "a description is required");
    let missing_html = String::from_utf8_lossy(&missing.body).into_owned();
    assert!(missing_html.contains("id=\"e-evidence-description\""), "the error is beside the field");
    assert!(missing_html.contains("href=\"#f-evidence-description\""), "the summary leads to this form's field");
    let fields = || vec![("csrf_token", session.csrf.clone()), ("description", "Larmlogg".to_owned())];
    let done = post(fields(), keyed.clone()).await;
    assert_eq!(done.status, 303, "{done:?}");
    assert_eq!(done.header("location"), Some(format!("/cases/{case}#h-evidence").as_str()));
    // The same form sent again (a double click, a reload) adds nothing and leads to the list.
    let again = post(fields(), keyed.clone()).await;
    assert_eq!(again.status, 303, "{again:?}");
    assert_eq!(again.header("location"), Some(format!("/cases/{case}#h-evidence").as_str()));
    assert_eq!(app.db.store.all_evidence_chunks().await.unwrap(), 1, "only the accepted upload is kept, once");
    assert_eq!(app.get(&format!("/api/v1/cases/{case}/evidence")).await.json().as_array().unwrap().len(), 1);
    let page = app
        .send_with(None, Method::GET, &format!("/cases/{case}"), &[("cookie", &session.cookie)], Body::empty())
        .await;
    assert!(String::from_utf8_lossy(&page.body).contains("Larmlogg"));
    app
});

/// The text of a PDF as `pdftotext` extracts it (layout kept, so a hash stays on one line).
fn pdftotext(pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("breachdesk-evidence-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("draft.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output();
    let _ = std::fs::remove_dir_all(&dir);
    let out = out.expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

both_backends!(the_police_draft_lists_the_bjuv_evidence_with_its_sha256, TestApp::new, |app| async move {
    assert!(matches!(load(&app.db.store, test_now()).await.unwrap(), DemoOutcome::Loaded(_)));
    let cases = app.get("/api/v1/cases").await.json();
    let bjuv = cases["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"].as_str().unwrap().contains("Bjuv") || c["reference"] == "PUI-2024-0001")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let items = app.get(&format!("/api/v1/cases/{bjuv}/evidence")).await.json();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 2, "the ransom note and the log excerpt");
    let (_, note) = breachdesk::demo::format::EVIDENCE_FILES[0];
    assert_eq!(items[0]["sha256"], sha256(note), "the demo's ransom note as stored");
    let pdf = app.get(&format!("/api/v1/cases/{bjuv}/drafts/police.pdf")).await;
    assert_eq!(pdf.status, 200);
    let text = pdftotext(&pdf.body);
    for item in items {
        let hash = item["sha256"].as_str().unwrap();
        assert!(text.contains(&format!("SHA-256: {hash}")), "the police draft lists {hash}:\n{text}");
    }
    assert!(text.contains("Utpressningsmeddelandet"), "{text}");
    assert!(text.contains("Originalet förvaras: Kriminalteknisk diskavbild"), "{text}");
    // The IMY notification's annex names the items by description, never their hashes or bytes.
    let imy = app.get(&format!("/api/v1/cases/{bjuv}/drafts/imy.pdf")).await;
    let imy = pdftotext(&imy.body);
    assert!(imy.contains("Bilaga: bevis som organisationen har sparat"), "{imy}");
    assert!(imy.contains("Utpressningsmeddelandet"), "{imy}");
    assert!(!imy.contains(items[0]["sha256"].as_str().unwrap()) && !imy.contains("Your files"), "{imy}");
    app
});

both_backends!(a_filing_documented_by_a_receipt_shows_it_in_the_police_draft, TestApp::new, |app| async move {
    let case = open_case(&app).await;
    let filed = app
        .post(
            &format!("/api/v1/cases/{case}/filings"),
            &json!({"recipient": "police", "phase": "complete", "submitted_at": "2024-01-15T10:00:00Z", "reference": "K-4821-24"}),
        )
        .await;
    assert_eq!(filed.status, 201, "{filed:?}");
    let filing = filed.json()["id"].as_str().unwrap().to_owned();
    let wrong = upload_as(
        &app,
        &app.token,
        &case,
        &[("description", "Kvitto"), ("filing_id", &uuid::Uuid::new_v4().to_string())],
        ("k.pdf", "application/pdf", b"%PDF-1.4"),
    )
    .await;
    assert_eq!(wrong.problem_fields(), vec!["filing_id"]);
    assert_eq!(app.db.store.all_evidence_chunks().await.unwrap(), 0, "a refused item leaves no bytes");
    let receipt = upload_as(
        &app,
        &app.token,
        &case,
        &[("description", "Polisens mottagningsbevis"), ("filing_id", &filing)],
        ("k.pdf", "application/pdf", b"%PDF-1.4"),
    )
    .await;
    assert_eq!(receipt.status, 201, "{receipt:?}");
    assert_eq!(receipt.json()["filing_id"], filing.as_str());
    let text = pdftotext(&app.get(&format!("/api/v1/cases/{case}/drafts/police.pdf")).await.body);
    assert!(text.contains("kvitto: Polisens mottagningsbevis"), "{text}");
    app
});

/// The files of the directory store, by name.
fn stored_files(app: &TestApp) -> Vec<String> {
    let dir = app.db.store.evidence_dir().expect("a directory store");
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

both_backends!(
    the_directory_store_keeps_the_bytes_in_files_with_the_same_checks,
    TestApp::with_evidence_dir,
    |app| async move {
        let case = open_case(&app).await;
        let bytes: Vec<u8> = (0..700_000_u32).map(|i| (i % 241) as u8).collect();
        let kept = upload(&app, &case, "Loggutdrag", ("logg.bin", "application/octet-stream", &bytes)).await;
        let kept_id = kept["id"].as_str().unwrap().to_owned();
        assert_eq!(kept["sha256"], sha256(&bytes));
        assert_eq!(app.db.store.all_evidence_chunks().await.unwrap(), 0, "nothing in the database");
        assert_eq!(stored_files(&app), vec![kept_id.clone()], "one file, named by the item's id");
        let content = app.get(&format!("/api/v1/evidence/{kept_id}/content")).await;
        assert_eq!(content.status, 200);
        assert!(content.body == bytes, "the bytes downloaded are the bytes uploaded");

        // Over the limit: refused while it streams, and its partial file goes.
        let big = vec![b'x'; 60 * 1024 * 1024];
        let refused =
            upload_as(&app, &app.token, &case, &[("description", "För stor")], ("stor.bin", "text/plain", &big)).await;
        assert_eq!(refused.status, 413);
        assert_eq!(stored_files(&app), vec![kept_id.clone()], "no file of the refused upload is left");

        // A purge removes the file and is not a change.
        let purged = upload(&app, &case, "Fel fil", ("fel.txt", "text/plain", b"inte ett bevis")).await;
        let purged_id = purged["id"].as_str().unwrap().to_owned();
        assert_eq!(stored_files(&app).len(), 2);
        breachdesk::evidence_cli::evidence(
            &app.db.store,
            breachdesk::cli::EvidenceCommand::Purge {
                ids: vec![purged_id.parse().unwrap()],
                reason: "Gallring".into(),
            },
        )
        .await
        .unwrap();
        assert_eq!(stored_files(&app), vec![kept_id.clone()], "the purged item's file is gone");
        assert_eq!(app.db.store.verify(None).await.unwrap().findings, vec![], "intact, the purge recorded");

        // One byte of the file changed behind breachdesk's back: verify names the item.
        let path = app.db.store.evidence_dir().unwrap().join(&kept_id);
        let mut changed = bytes.clone();
        changed[123_456] ^= 0xff;
        std::fs::write(&path, &changed).unwrap();
        let report = app.db.store.verify(None).await.unwrap();
        assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
        let finding = report.findings[0].to_string();
        assert!(finding.contains(&kept_id) && finding.contains("do not match"), "{finding}");
        // A file gone missing is named too.
        std::fs::remove_file(&path).unwrap();
        let report = app.db.store.verify(None).await.unwrap();
        assert!(report.findings.iter().any(|f| f.to_string().contains(&kept_id)), "{:?}", report.findings);
        app.tampered()
    }
);

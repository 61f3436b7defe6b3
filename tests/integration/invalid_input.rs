//! Bad input gets a 4xx problem+json that names the field, and nothing is stored.

use axum::body::Body;
use axum::http::Method;
use breachdesk_tests::{TestApp, both_backends};
use serde_json::json;

use crate::support::{add_controller, case_body, case_count, open_case};

both_backends!(
    every_kind_of_bad_case_is_refused_naming_the_field_and_nothing_is_stored,
    TestApp::new,
    |app| async move {
        let controller = add_controller(&app).await;
        let good = case_body(&controller);
        let with = |field: &str, value: serde_json::Value| {
            let mut body = good.clone();
            body[field] = value;
            body
        };
        let without = |fields: &[&str]| {
            let mut body = good.clone();
            for f in fields {
                body.as_object_mut().unwrap().remove(*f);
            }
            body
        };
        // (body, expected status, expected fields)
        let table = [
            (without(&["title", "aware_at"]), 422, vec!["title", "aware_at"]),
            (without(&["description"]), 422, vec!["description"]),
            (with("title", json!(42)), 400, vec!["title"]),
            (with("detected_at", json!("yesterday")), 400, vec!["detected_at"]),
            (with("breach_types", json!("confidentiality")), 400, vec!["breach_types"]),
            (with("category", json!("hacking")), 400, vec!["category"]),
            (with("breach_types", json!(["confidentiality", "secrecy"])), 400, vec!["breach_types[1]"]),
            (with("aware_at", json!("2024-01-12T10:00:00Z")), 422, vec!["aware_at"]),
            (with("detected_at", json!("2024-01-09T10:00:00Z")), 422, vec!["aware_justification"]),
            (with("breach_types", json!([])), 422, vec!["breach_types"]),
            (with("controller_ids", json!([uuid::Uuid::new_v4()])), 422, vec!["controller_ids"]),
            (with("data_subjects_count", json!({"min": 10, "max": 1})), 422, vec!["data_subjects_count"]),
            (with("surprise", json!(true)), 400, vec!["surprise"]),
            (with("aware_at", json!("2030-01-01T00:00:00Z")), 422, vec!["aware_at", "aware_justification"]),
        ];
        for (body, status, fields) in table {
            let response = app.post("/api/v1/cases", &body).await;
            assert_eq!(response.status, status, "{body} -> {response:?}");
            assert_eq!(response.problem_fields(), fields, "{body}");
        }
        assert_eq!(case_count(&app).await, 0);
        // A refused case uses no reference number.
        assert_eq!(app.post("/api/v1/cases", &good).await.json()["reference"], "PUI-2024-0001");
        app
    }
);

both_backends!(malformed_organisation_numbers_are_refused, TestApp::new, |app| async move {
    for number in ["212000-1042", "2120001", "21200a-1041", "811218-9876"] {
        let response = app
            .post(
                "/api/v1/controllers",
                &json!({"name": "Nämnd", "organisation_number": number, "postal_address": "Box 1"}),
            )
            .await;
        assert_eq!(response.status, 422, "{number}");
        assert_eq!(response.problem_fields(), ["organisation_number"], "{number}");
    }
    assert_eq!(app.get("/api/v1/controllers").await.json().as_array().unwrap().len(), 0);
    app
});

both_backends!(an_illegal_status_transition_is_refused_and_changes_nothing, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}");
    let response = app.patch(&path, Some("\"1\""), &json!({"status": "closed", "title": "Ny titel"})).await;
    assert_eq!(response.status, 422);
    assert_eq!(response.problem_fields(), ["status"]);
    assert!(response.json()["errors"][0]["message"].as_str().unwrap().contains("triage to closed"));
    let unknown = app.patch(&path, Some("\"1\""), &json!({"status": "archived"})).await;
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.problem_fields(), ["status"]);
    let stored = app.get(&path).await;
    assert_eq!(stored.json()["title"], "IT-attack mot kommunens servrar");
    assert_eq!(stored.json()["status"], "triage");
    assert_eq!(stored.header("etag"), Some("\"1\""));
    app
});

both_backends!(bodies_that_are_not_json_or_too_large_are_refused, TestApp::new, |app| async move {
    let huge = format!("{{\"title\": \"{}\"}}", "x".repeat(10 * 1024 * 1024));
    let response =
        app.send(Method::POST, "/api/v1/cases", &[("content-type", "application/json")], Body::from(huge)).await;
    assert_eq!(response.status, 413);
    assert_eq!(response.header("content-type"), Some("application/problem+json"));

    let broken = app
        .send(Method::POST, "/api/v1/cases", &[("content-type", "application/json")], Body::from("{\"title\":"))
        .await;
    assert_eq!(broken.status, 400);
    assert_eq!(broken.problem_fields(), ["body"]);

    let form = app.send(Method::POST, "/api/v1/cases", &[("content-type", "text/plain")], Body::from("{}")).await;
    assert_eq!(form.status, 415);
    assert_eq!(case_count(&app).await, 0);
    app
});

both_backends!(timeline_entries_need_kind_and_text_and_a_real_case, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}/timeline");
    let missing = app.post(&path, &json!({})).await;
    assert_eq!(missing.problem_fields(), ["kind", "text"]);
    let unknown_kind = app.post(&path, &json!({"kind": "gossip", "text": "x"})).await;
    assert_eq!(unknown_kind.problem_fields(), ["kind"]);
    let future = app.post(&path, &json!({"kind": "note", "text": "x", "occurred_at": "2025-01-01T00:00:00Z"})).await;
    assert_eq!(future.problem_fields(), ["occurred_at"]);
    let bad_correction = app.post(&path, &json!({"kind": "note", "text": "x", "corrects": uuid::Uuid::new_v4()})).await;
    assert_eq!(bad_correction.problem_fields(), ["corrects"]);
    let no_case = app
        .post(&format!("/api/v1/cases/{}/timeline", uuid::Uuid::new_v4()), &json!({"kind": "note", "text": "x"}))
        .await;
    assert_eq!(no_case.status, 404);
    assert_eq!(app.get(&path).await.json().as_array().unwrap().len(), 1);
    app
});

/// The characters the issue names, each as a text would carry it, with what the text is
/// refused for: NUL, ESC, BEL, a right-to-left override, an isolate, and a text of only a
/// zero-width space (empty once invisible characters are removed).
const HOSTILE_TEXTS: [(&str, &str); 7] = [
    ("före\u{0}efter", "U+0000"),
    ("\u{1b}[31mRöd text", "U+001B"),
    ("Pling\u{7}", "U+0007"),
    ("faktura\u{202E}fdp.exe", "U+202E"),
    ("\u{2066}isolerad\u{2069}", "U+2066"),
    ("\u{200B}", "must not be empty"),
    (" \u{200B}\u{2060}\u{FEFF} ", "must not be empty"),
];

/// How many timeline entries a case has.
async fn entry_count(app: &TestApp, id: &str) -> usize {
    app.get(&format!("/api/v1/cases/{id}/timeline")).await.json().as_array().unwrap().len()
}

both_backends!(
    every_text_field_refuses_control_bidi_and_invisible_only_text_and_nothing_is_stored,
    TestApp::new,
    |app| async move {
        let controller = add_controller(&app).await;
        let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
        let case = format!("/api/v1/cases/{id}");
        let action =
            app.post(&format!("{case}/actions"), &json!({"title": "Stäng av VPN", "category": "contain"})).await.json()
                ["id"]
                .as_str()
                .unwrap()
                .to_owned();
        let good_case = case_body(&controller);
        let entries = entry_count(&app, &id).await;
        for (text, reason) in HOSTILE_TEXTS {
            let t = json!(text);
            let with = |mut body: serde_json::Value, field: &str| {
                body[field] = t.clone();
                body
            };
            let mut systems = good_case.clone();
            systems["affected_systems"] = json!(["Ekonomisystemet", text]);
            // (method, path, body, the field named)
            let mut requests = vec![
                (Method::POST, "/api/v1/cases".to_owned(), with(good_case.clone(), "title"), "title"),
                (Method::POST, "/api/v1/cases".to_owned(), with(good_case.clone(), "description"), "description"),
                (
                    Method::POST,
                    "/api/v1/cases".to_owned(),
                    with(good_case.clone(), "likely_consequences"),
                    "likely_consequences",
                ),
                (Method::POST, format!("{case}/timeline"), json!({"kind": "note", "text": text}), "text"),
                (Method::POST, format!("{case}/actions"), json!({"title": text, "category": "contain"}), "title"),
                (Method::PATCH, format!("{case}/actions/{action}"), json!({"owner": text}), "owner"),
                (
                    Method::POST,
                    format!("{case}/decisions"),
                    json!({"decision": "report_police", "outcome": "yes", "reasons": text}),
                    "reasons",
                ),
                (
                    Method::POST,
                    format!("{case}/filings"),
                    json!({"recipient": "police", "phase": "complete", "submitted_at": "2024-01-13T10:00:00Z", "reference": text}),
                    "reference",
                ),
                (
                    Method::PUT,
                    format!("{case}/assessment"),
                    json!({"dpc": 3, "ei": 0.75, "conclusion": "high_risk", "justification": text}),
                    "justification",
                ),
                (
                    Method::POST,
                    "/api/v1/controllers".to_owned(),
                    json!({"name": text, "organisation_number": "212000-1041", "postal_address": "Box 1"}),
                    "name",
                ),
            ];
            // A blank line in the list of systems is no system; the visible refusals apply.
            if reason.starts_with("U+") {
                requests.push((Method::POST, "/api/v1/cases".to_owned(), systems, "affected_systems[1]"));
            }
            for (method, path, body, field) in requests {
                let response = app.json_as(&app.token, method.clone(), &path, &body).await;
                assert_eq!(response.status, 422, "{method} {path} {text:?} -> {response:?}");
                assert_eq!(response.problem_fields(), [field], "{method} {path} {text:?}");
                let message = response.json()["errors"][0]["message"].as_str().unwrap().to_owned();
                assert!(message.contains(reason), "{path} {text:?}: {message}");
            }
            // A case update names the field, and the case keeps its version.
            let patched = app.patch(&case, Some("\"1\""), &json!({"title": text})).await;
            assert_eq!(patched.status, 422, "{text:?} -> {patched:?}");
            assert_eq!(patched.problem_fields(), ["title"]);
            // Police facts: a blank one is absent, so only the visible refusals apply there.
            let police = app.put(&format!("{case}/police-details"), &json!({"suspects": text})).await;
            if reason.starts_with("U+") {
                assert_eq!(police.status, 422, "{text:?} -> {police:?}");
                assert_eq!(police.problem_fields(), ["suspects"]);
            } else {
                assert_eq!(police.status, 200, "{text:?} -> {police:?}");
                assert_eq!(police.json()["suspects"], serde_json::Value::Null);
            }
        }
        assert_eq!(case_count(&app).await, 1, "no case was opened");
        // Nothing refused reached the record; the two saves of blank police facts (all absent)
        // are on it, as every save is.
        assert_eq!(entry_count(&app, &id).await, entries + 2, "nothing refused was appended to the timeline");
        let stored = app.get(&case).await;
        assert_eq!(stored.header("etag"), Some("\"1\""));
        assert_eq!(app.get("/api/v1/controllers").await.json().as_array().unwrap().len(), 2, "the two added above");
        assert_eq!(app.get(&format!("{case}/actions")).await.json()[0]["owner"], serde_json::Value::Null);
        assert_eq!(app.get(&format!("{case}/decisions")).await.json().as_array().unwrap().len(), 0);
        assert_eq!(app.get(&format!("{case}/filings")).await.json().as_array().unwrap().len(), 0);
        assert_eq!(app.get(&format!("{case}/assessment")).await.status, 404);
        app
    }
);

both_backends!(texts_are_trimmed_and_keep_tabs_and_line_breaks_only_where_multi_line, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let entry = app
        .post(
            &format!("/api/v1/cases/{id}/timeline"),
            &json!({"kind": "note", "text": "\u{FEFF}  Rad 1\r\n\tRad 2  \u{200B}"}),
        )
        .await;
    assert_eq!(entry.status, 201, "{entry:?}");
    assert_eq!(entry.json()["text"], "Rad 1\n\tRad 2");
    let one_line = app.patch(&format!("/api/v1/cases/{id}"), Some("\"1\""), &json!({"title": "Rad 1\nRad 2"})).await;
    assert_eq!(one_line.status, 422);
    assert_eq!(one_line.problem_fields(), ["title"]);
    let trimmed =
        app.patch(&format!("/api/v1/cases/{id}"), Some("\"1\""), &json!({"title": "  Ny titel\u{200B} "})).await;
    assert_eq!(trimmed.status, 200, "{trimmed:?}");
    assert_eq!(trimmed.json()["title"], "Ny titel");
    app
});

both_backends!(
    data_after_the_json_value_and_repeated_keys_are_refused_and_nothing_is_stored,
    TestApp::new,
    |app| async move {
        let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/cases/{id}/timeline");
        let before = entry_count(&app, &id).await;
        let json = [("content-type", "application/json")];
        // (raw body, the field named)
        let table = [
            (r#"{"kind":"note","text":"x"} xyz"#, "body"),
            (r#"{"kind":"note","text":"x"}{"kind":"note","text":"y"}"#, "body"),
            (r#"{"kind":"note","text":"x"} 1"#, "body"),
            (r#"{"kind":"note","text":"x","text":"y"}"#, "text"),
            (r#"{"kind":"note","text":"x","kind":"decision"}"#, "kind"),
        ];
        for (raw, field) in table {
            let response = app.send(Method::POST, &path, &json, Body::from(raw)).await;
            assert_eq!(response.status, 400, "{raw} -> {response:?}");
            assert_eq!(response.problem_fields(), [field], "{raw}");
        }
        assert_eq!(entry_count(&app, &id).await, before, "nothing was appended");
        // White space after the value is no data.
        let spaced = app.send(Method::POST, &path, &json, Body::from("{\"kind\":\"note\",\"text\":\"x\"} \n")).await;
        assert_eq!(spaced.status, 201, "{spaced:?}");
        app
    }
);

both_backends!(
    counts_above_their_documented_maximum_are_refused_and_nothing_is_stored,
    TestApp::new,
    |app| async move {
        let controller = add_controller(&app).await;
        let body = |max: &str| {
            let mut text = case_body(&controller).to_string();
            text = text.replace(r#""max":5000"#, &format!(r#""max":{max}"#));
            assert!(text.contains(max));
            text
        };
        let json = [("content-type", "application/json")];
        // (max as written, status); 2^53 - 1 is domain::case::COUNT_MAX.
        let table = [
            ("9007199254740992", 422),
            ("9223372036854775807", 422),
            ("9223372036854775808", 422),
            ("18446744073709551615", 422),
            ("18446744073709551616", 400),
            ("1e300", 400),
            ("-1", 400),
            ("5000.5", 400),
        ];
        for (max, status) in table {
            let response = app.send(Method::POST, "/api/v1/cases", &json, Body::from(body(max))).await;
            assert_eq!(response.status, status, "{max} -> {response:?}");
            assert_eq!(response.problem_fields(), ["data_subjects_count.max"], "{max}");
        }
        assert_eq!(case_count(&app).await, 0, "no case was opened");
        let largest = app.send(Method::POST, "/api/v1/cases", &json, Body::from(body("9007199254740991"))).await;
        assert_eq!(largest.status, 201, "{largest:?}");
        let id = largest.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(
            app.get(&format!("/api/v1/cases/{id}")).await.json()["data_subjects_count"]["max"],
            9_007_199_254_740_991u64
        );
        // JSON Schema counts 5000.0 as an integer, and so does the API.
        let integral = app.send(Method::POST, "/api/v1/cases", &json, Body::from(body("5000.0"))).await;
        assert_eq!(integral.status, 201, "{integral:?}");
        assert_eq!(integral.json()["data_subjects_count"]["max"], 5000);
        app
    }
);

both_backends!(an_integer_written_with_a_zero_fraction_is_that_integer, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}/assessment");
    let json = [("content-type", "application/json")];
    let body = |dpc: &str| {
        format!(
            r#"{{"dpc": {dpc}, "ei": 1.0, "conclusion": "high_risk", "justification": "Personnummer och hälsodata."}}"#
        )
    };
    let refused = app.send(Method::PUT, &path, &json, Body::from(body("2.5"))).await;
    assert_eq!(refused.status, 400, "{refused:?}");
    assert_eq!(refused.problem_fields(), ["dpc"]);
    assert_eq!(app.get(&path).await.status, 404, "nothing was assessed");
    let accepted = app.send(Method::PUT, &path, &json, Body::from(body("4.0"))).await;
    assert_eq!(accepted.status, 200, "{accepted:?}");
    assert_eq!(accepted.json()["dpc"], 4);
    app
});

both_backends!(every_paging_parameter_is_bounded_and_refused_beyond_it, TestApp::new, |app| async move {
    open_case(&app).await;
    // (query, status, the parameter named)
    let table = [
        ("/api/v1/cases?page=9223372036854775807", 422, "page"),
        ("/api/v1/cases?page=1000001", 422, "page"),
        ("/api/v1/cases?page=18446744073709551616", 400, "page"),
        ("/api/v1/cases?page=-1", 400, "page"),
        ("/api/v1/cases?page=abc", 400, "page"),
        ("/api/v1/cases?per_page=0", 422, "per_page"),
        ("/api/v1/cases?per_page=201", 422, "per_page"),
        ("/api/v1/cases?per_page=-5", 400, "per_page"),
        ("/api/v1/audit?limit=0", 422, "limit"),
        ("/api/v1/audit?limit=1001", 422, "limit"),
        ("/api/v1/audit?limit=x", 400, "limit"),
        ("/api/v1/register.csv?lang=de", 422, "lang"),
    ];
    for (query, status, field) in table {
        let response = app.get(query).await;
        assert_eq!(response.status, status, "{query} -> {response:?}");
        assert_eq!(response.problem_fields(), [field], "{query}");
    }
    let last = app.get("/api/v1/cases?page=1000000&per_page=200").await;
    assert_eq!(last.status, 200, "{last:?}");
    assert_eq!(last.json()["items"].as_array().unwrap().len(), 0);
    assert_eq!(last.json()["total"], 1);
    app
});

both_backends!(framework_rejections_are_problem_json_naming_the_parameter, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let cases = case_count(&app).await;
    // (method, path, status, the parameter named)
    let table = [
        (Method::GET, "/api/v1/cases/not-a-uuid".to_owned(), 400, vec!["id"]),
        (Method::GET, "/api/v1/cases/12345/timeline".to_owned(), 400, vec!["id"]),
        (Method::PATCH, format!("/api/v1/cases/{id}/actions/nope"), 400, vec!["action_id"]),
        (Method::GET, format!("/api/v1/cases/{id}/drafts/imy.pdf?controller_id=x"), 400, vec!["controller_id"]),
        (Method::GET, "/api/v1/no-such-thing".to_owned(), 404, vec![]),
        (Method::DELETE, "/api/v1/cases".to_owned(), 405, vec![]),
        (Method::TRACE, format!("/api/v1/cases/{id}"), 405, vec![]),
    ];
    for (method, path, status, fields) in table {
        let headers = [("content-type", "application/json"), ("if-match", "\"1\"")];
        let response = app.send(method.clone(), &path, &headers, Body::from("{}")).await;
        assert_eq!(response.status, status, "{method} {path} -> {response:?}");
        assert_eq!(response.problem_fields(), fields, "{method} {path}");
        assert_eq!(response.json()["status"], status, "{method} {path}");
    }
    let not_allowed = app.send(Method::DELETE, "/api/v1/cases", &[], Body::empty()).await;
    assert_eq!(not_allowed.header("allow"), Some("GET, POST, HEAD"));
    assert_eq!(case_count(&app).await, cases);
    app
});

both_backends!(the_bearer_scheme_is_case_insensitive, TestApp::new, |app| async move {
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let header = format!("{scheme} {}", app.token);
        let response = app
            .send_with(None, Method::GET, "/api/v1/cases", &[("authorization", header.as_str())], Body::empty())
            .await;
        assert_eq!(response.status, 200, "{scheme}: {response:?}");
    }
    for header in [format!("Basic {}", app.token), format!("Bearer{}", app.token), "bearer".to_owned()] {
        let response = app
            .send_with(None, Method::GET, "/api/v1/cases", &[("authorization", header.as_str())], Body::empty())
            .await;
        assert_eq!(response.status, 401, "{header}: {response:?}");
        assert_eq!(response.header("content-type"), Some("application/problem+json"));
    }
    app
});

both_backends!(web_forms_refuse_the_same_texts_and_store_nothing, TestApp::new, |app| async move {
    let id = open_case(&app).await.json()["id"].as_str().unwrap().to_owned();
    let dpo = app.user(domain::Role::Dpo).await;
    let session = app.login(dpo.user.email.as_str(), &dpo.password).await;
    let headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("cookie", session.cookie.as_str()),
        ("accept", "text/html"),
    ];
    let before = entry_count(&app, &id).await;
    let cases = case_count(&app).await;
    // The pages name the field by its label (Swedish by default) and give the reason.
    for (text, reason) in [("Pling%07", "U+0007"), ("abc%E2%80%AEexe", "U+202E"), ("%E2%80%8B", "får inte vara tomt")]
    {
        let form = format!("kind=note&text={text}&csrf_token={}", session.csrf);
        let page =
            app.send_with(None, Method::POST, &format!("/cases/{id}/timeline"), &headers, Body::from(form)).await;
        assert_eq!(page.status, 422, "{text} -> {page:?}");
        let html = String::from_utf8_lossy(&page.body);
        assert!(html.contains("Text: ") && html.contains(reason), "{text}: the error names the field");

        let form = format!(
            "title={text}&description=Test&category=ransomware&breach_types=confidentiality\
             &detected_at=2024-01-12T10%3A00&aware_at=2024-01-12T11%3A00&csrf_token={}",
            session.csrf
        );
        let page = app.send_with(None, Method::POST, "/cases/new", &headers, Body::from(form)).await;
        assert_eq!(page.status, 422, "{text} -> {page:?}");
        assert!(String::from_utf8_lossy(&page.body).contains("Rubrik: "), "{text}: the error names the field");
    }
    assert_eq!(entry_count(&app, &id).await, before, "nothing was appended");
    assert_eq!(case_count(&app).await, cases, "no case was opened");
    app
});

//! The event record proves itself: `verify` finds nothing wrong in an untouched database, the
//! database itself refuses to change or delete events, and what someone with the database's
//! own rights changes behind breachdesk's back (an entry, a state row, the end of a chain, a
//! trigger, the heads themselves when a witness was kept) is found and named.

use breachdesk::demo::{DemoOutcome, load};
use breachdesk_tests::{TestApp, TestDb, both_backends, test_now};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};
use serde_json::json;
use store::{Finding, VerifyReport};

/// A case built through the API: opened with a controller, entries logged, an action added
/// and ticked, assessed, decided, filed and a draft exported.
struct BuiltCase {
    id: String,
    reference: String,
    /// Its timeline, newest last: how many entries it has.
    entries: i64,
}

async fn build_case(app: &TestApp) -> BuiltCase {
    let controller = app
        .post(
            "/api/v1/controllers",
            &json!({"name": "Kommunstyrelsen i Bjuvs kommun", "organisation_number": "212000-1041",
                    "postal_address": "Bjuvs kommun, 267 80 Bjuv"}),
        )
        .await;
    assert_eq!(controller.status, 201, "{controller:?}");
    let controller = controller.json()["id"].as_str().unwrap().to_owned();
    let opened = app
        .post(
            "/api/v1/cases",
            &json!({"title": "IT-attack med utpressning", "description": "Angripare har krypterat kommunens servrar.",
                    "category": "ransomware", "breach_types": ["confidentiality", "availability"],
                    "detected_at": "2024-01-14T04:40:00Z", "aware_at": "2024-01-14T09:30:00Z",
                    "controller_ids": [controller]}),
        )
        .await;
    assert_eq!(opened.status, 201, "{opened:?}");
    let id = opened.json()["id"].as_str().unwrap().to_owned();
    let reference = opened.json()["reference"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/cases/{id}");
    for text in ["Larm från övervakningen 05:40.", "Servrarna är isolerade från nätet.", "Angriparen har hört av sig."]
    {
        let entry = app.post(&format!("{base}/timeline"), &json!({"kind": "note", "text": text})).await;
        assert_eq!(entry.status, 201, "{entry:?}");
    }
    let action = app
        .post(
            &format!("{base}/actions"),
            &json!({"title": "Byt samtliga lösenord", "category": "contain", "owner": "IT-chef"}),
        )
        .await;
    assert_eq!(action.status, 201, "{action:?}");
    let action = action.json()["id"].as_str().unwrap().to_owned();
    let ticked = app.patch(&format!("{base}/actions/{action}"), None, &json!({"status": "done"})).await;
    assert_eq!(ticked.status, 200, "{ticked:?}");
    let assessed = app
        .put(
            &format!("{base}/assessment"),
            &json!({"dpc": 3, "ei": 1.0, "cb_confidentiality": 0.5, "cb_availability": 0.25, "malicious": true,
                    "conclusion": "high_risk", "justification": "Personnummer kan ha exfiltrerats."}),
        )
        .await;
    assert_eq!(assessed.status, 200, "{assessed:?}");
    for decision in [
        json!({"decision": "notify_imy", "outcome": "yes", "reasons": "Hög risk för de registrerade."}),
        json!({"decision": "report_police", "outcome": "yes", "reasons": "Dataintrång och utpressning."}),
    ] {
        let decided = app.post(&format!("{base}/decisions"), &decision).await;
        assert_eq!(decided.status, 201, "{decided:?}");
    }
    let filed = app
        .post(
            &format!("{base}/filings"),
            &json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-15T10:00:00Z",
                    "reference": "IMY-2024-0417", "channel": "IMY:s e-tjänst"}),
        )
        .await;
    assert_eq!(filed.status, 201, "{filed:?}");
    let draft = app.get(&format!("{base}/drafts/imy.pdf")).await;
    assert_eq!(draft.status, 200, "{draft:?}");
    let events = rows(
        app,
        &format!("SELECT event FROM timeline_entries WHERE case_id = {} ORDER BY seq", case_id(&reference)),
        &["event"],
    )
    .await;
    let events: Vec<&str> = events.iter().map(|e| e[0].as_str()).collect();
    let expected = ["opened", "entry", "entry", "entry", "action_added", "action_changed", "assessed", "decided"];
    assert_eq!(events, [&expected[..], &["decided", "filed", "draft_exported"]].concat(), "every change is an event");
    BuiltCase { id, reference, entries: events.len() as i64 }
}

fn backend(app: &TestApp) -> DatabaseBackend {
    app.db.store.raw_connection().get_database_backend()
}

async fn sql(app: &TestApp, sql: &str) -> Result<(), DbErr> {
    let db = app.db.store.raw_connection();
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.map(|_| ())
}

async fn rows(app: &TestApp, sql: &str, columns: &[&str]) -> Vec<Vec<String>> {
    let db = app.db.store.raw_connection();
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.unwrap();
    rows.iter()
        .map(|r| {
            columns
                .iter()
                .map(|c| {
                    r.try_get::<String>("", c).or_else(|_| r.try_get::<i64>("", c).map(|n| n.to_string())).unwrap()
                })
                .collect()
        })
        .collect()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    rows(app, &format!("SELECT COUNT(*) AS n FROM {table}"), &["n"]).await[0][0].parse().unwrap()
}

/// The `id` of the case with `reference`, as SQL (ids are BLOBs on SQLite, uuids on PostgreSQL).
fn case_id(reference: &str) -> String {
    format!("(SELECT id FROM cases WHERE reference = '{reference}')")
}

/// The append-only triggers on timeline_entries and audit_events: name, table and the SQL that
/// creates each, read from the database's own catalogue.
async fn triggers(app: &TestApp) -> Vec<Vec<String>> {
    let sql = match backend(app) {
        DatabaseBackend::Postgres => {
            "SELECT t.tgname::text AS name, c.relname::text AS tbl, pg_get_triggerdef(t.oid) AS sql FROM pg_trigger t \
             JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relname IN ('timeline_entries', 'audit_events')"
        }
        _ => {
            "SELECT name, tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger' \
             AND tbl_name IN ('timeline_entries', 'audit_events')"
        }
    };
    let found = rows(app, sql, &["name", "tbl", "sql"]).await;
    assert_eq!(found.len(), 4, "the migrations put four append-only triggers in place: {found:?}");
    found
}

async fn drop_trigger(app: &TestApp, name: &str, table: &str) {
    let statement = match backend(app) {
        DatabaseBackend::Postgres => format!("DROP TRIGGER {name} ON {table}"),
        _ => format!("DROP TRIGGER {name}"),
    };
    sql(app, &statement).await.unwrap();
}

/// Runs `statements` as someone with the database's own rights could: the append-only
/// triggers dropped first and put back afterwards, so that only the tampering itself is left
/// for `verify` to find.
pub(crate) async fn behind_breachdesks_back(app: &TestApp, statements: &[String]) {
    let triggers = triggers(app).await;
    for trigger in &triggers {
        drop_trigger(app, &trigger[0], &trigger[1]).await;
    }
    for statement in statements {
        sql(app, statement).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    for trigger in &triggers {
        sql(app, &trigger[2]).await.unwrap();
    }
}

async fn verify(app: &TestApp) -> VerifyReport {
    app.db.store.verify(None).await.unwrap()
}

/// The findings about the case `reference` whose problem mentions `text`.
fn about<'a>(findings: &'a [Finding], reference: &str, text: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.case.as_deref() == Some(reference) && f.problem.contains(text)).collect()
}

both_backends!(an_untouched_record_verifies_without_findings, TestApp::new, |app| async move {
    let built = build_case(&app).await;
    let report = verify(&app).await;
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(report.cases, 1);
    assert_eq!(report.entries, built.entries as u64);
    assert!(report.audit_events > 0, "{report:?}");
    app
});

both_backends!(the_demo_record_verifies_without_findings, TestDb::new, |db| async move {
    let outcome = load(&db.store, test_now()).await.unwrap();
    assert!(matches!(outcome, DemoOutcome::Loaded(_)), "{outcome:?}");
    let report = db.store.verify(None).await.unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(report.cases, 3);
    db
});

both_backends!(the_database_refuses_to_change_or_delete_events_and_audit_events, TestApp::new, |app| async move {
    let built = build_case(&app).await;
    let of_case = format!("case_id = {}", case_id(&built.reference));
    let (entries, audit) = (count(&app, "timeline_entries").await, count(&app, "audit_events").await);
    let mut refused = vec![
        format!("UPDATE timeline_entries SET text = 'Ändrat i efterhand.' WHERE seq = 2 AND {of_case}"),
        format!("DELETE FROM timeline_entries WHERE seq = 2 AND {of_case}"),
        format!("DELETE FROM timeline_entries WHERE {of_case}"),
        "UPDATE audit_events SET actor = 'someone else' WHERE seq = 1".to_owned(),
        "DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)".to_owned(),
        "DELETE FROM audit_events".to_owned(),
    ];
    if backend(&app) == DatabaseBackend::Postgres {
        refused.extend(["TRUNCATE timeline_entries".to_owned(), "TRUNCATE audit_events".to_owned()]);
    }
    for statement in &refused {
        let error = sql(&app, statement).await.expect_err(statement);
        assert!(error.to_string().contains("append-only"), "{statement}: {error}");
    }
    assert_eq!((count(&app, "timeline_entries").await, count(&app, "audit_events").await), (entries, audit));
    let report = verify(&app).await;
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    app
});

both_backends!(an_entry_whose_text_was_changed_is_named_by_case_and_seq, TestApp::new, |app| async move {
    let built = build_case(&app).await;
    behind_breachdesks_back(
        &app,
        &[format!(
            "UPDATE timeline_entries SET text = 'Inget larm kom.' WHERE seq = 2 AND case_id = {}",
            case_id(&built.reference)
        )],
    )
    .await;
    let findings = verify(&app).await.findings;
    assert_eq!(about(&findings, &built.reference, "timeline entry 2 (").len(), 1, "{findings:?}");
    assert_eq!(findings.len(), 1, "{findings:?}");
    app.tampered()
});

both_backends!(an_entry_deleted_from_the_middle_of_a_timeline_is_found_on_its_case, TestApp::new, |app| async move {
    let built = build_case(&app).await;
    behind_breachdesks_back(
        &app,
        &[format!("DELETE FROM timeline_entries WHERE seq = 3 AND case_id = {}", case_id(&built.reference))],
    )
    .await;
    let findings = verify(&app).await.findings;
    assert!(!about(&findings, &built.reference, "does not match its hash chain").is_empty(), "{findings:?}");
    assert!(findings.iter().any(|f| f.problem.contains("global event sequence jumps")), "{findings:?}");
    app.tampered()
});

both_backends!(the_last_entries_deleted_from_a_timeline_are_named_from_the_case_head, TestApp::new, |app| async move {
    let built = build_case(&app).await;
    let kept = built.entries - 2;
    behind_breachdesks_back(
        &app,
        &[format!("DELETE FROM timeline_entries WHERE seq > {kept} AND case_id = {}", case_id(&built.reference))],
    )
    .await;
    let findings = verify(&app).await.findings;
    let missing = format!("timeline entries {} to {} are missing", kept + 1, built.entries);
    assert_eq!(about(&findings, &built.reference, &missing).len(), 1, "{findings:?}");
    app.tampered()
});

both_backends!(a_decision_changed_in_its_table_is_named_by_case_and_table, TestApp::new, |app| async move {
    let built = build_case(&app).await;
    behind_breachdesks_back(
        &app,
        &["UPDATE decisions SET reasons = 'Ingen risk.' WHERE kind = 'notify_imy'".to_owned()],
    )
    .await;
    let findings = verify(&app).await.findings;
    assert_eq!(about(&findings, &built.reference, "decisions row").len(), 1, "{findings:?}");
    assert_eq!(findings.len(), 1, "{findings:?}");
    app.tampered()
});

both_backends!(a_filing_changed_in_its_table_is_named_by_case_and_table, TestApp::new, |app| async move {
    let built = build_case(&app).await;
    behind_breachdesks_back(
        &app,
        &["UPDATE filings SET reference = 'IMY-2024-9999' WHERE recipient = 'imy'".to_owned()],
    )
    .await;
    let findings = verify(&app).await.findings;
    assert_eq!(about(&findings, &built.reference, "filings row").len(), 1, "{findings:?}");
    assert_eq!(findings.len(), 1, "{findings:?}");
    app.tampered()
});

both_backends!(an_assessment_changed_in_its_table_is_named_by_case_and_table, TestApp::new, |app| async move {
    let built = build_case(&app).await;
    behind_breachdesks_back(
        &app,
        &["UPDATE assessments SET conclusion = 'no_risk', justification = 'Inga personuppgifter.'".to_owned()],
    )
    .await;
    let findings = verify(&app).await.findings;
    assert_eq!(about(&findings, &built.reference, "assessments row").len(), 1, "{findings:?}");
    assert_eq!(findings.len(), 1, "{findings:?}");
    app.tampered()
});

both_backends!(an_awareness_time_moved_in_the_cases_table_is_named_by_case_and_table, TestApp::new, |app| async move {
    let built = build_case(&app).await;
    // A later awareness would move the 72-hour IMY deadline (GDPR Art. 33(1)).
    behind_breachdesks_back(
        &app,
        &[format!("UPDATE cases SET aware_at = created_at WHERE reference = '{}'", built.reference)],
    )
    .await;
    let findings = verify(&app).await.findings;
    assert_eq!(about(&findings, &built.reference, "cases row").len(), 1, "{findings:?}");
    assert_eq!(findings.len(), 1, "{findings:?}");
    app.tampered()
});

both_backends!(the_last_audit_event_deleted_is_found_in_the_audit_log, TestApp::new, |app| async move {
    build_case(&app).await;
    let last = count(&app, "audit_events").await;
    behind_breachdesks_back(&app, &[format!("DELETE FROM audit_events WHERE seq = {last}")]).await;
    let findings = verify(&app).await.findings;
    let expected = Finding {
        case: None,
        problem: format!("audit log: events {last} to {last} are missing (deleted from the end)"),
    };
    assert_eq!(findings, [expected]);
    app.tampered()
});

both_backends!(a_missing_append_only_trigger_is_itself_a_finding, TestApp::new, |app| async move {
    build_case(&app).await;
    let trigger = triggers(&app).await.into_iter().find(|t| t[1] == "timeline_entries").unwrap();
    drop_trigger(&app, &trigger[0], &trigger[1]).await;
    let findings = verify(&app).await.findings;
    let expected = Finding {
        case: None,
        problem: format!("the trigger {} that refuses UPDATE and DELETE is missing", trigger[0]),
    };
    assert_eq!(findings, [expected]);
    app.tampered()
});

both_backends!(
    the_newest_events_deleted_with_their_heads_rewritten_are_found_only_by_the_witness,
    TestApp::witnessed,
    |app| async move {
        let built = build_case(&app).await;
        let witness = app.db.store.witness().unwrap().to_owned();
        let heads = rows(&app, "SELECT chain, seq, hash FROM chain_heads", &["chain", "seq", "hash"]).await;
        let audit = count(&app, "audit_events").await;
        for text in ["Angriparen kräver lösensumma.", "Kommunen betalar inte."] {
            let entry =
                app.post(&format!("/api/v1/cases/{}/timeline", built.id), &json!({"kind": "note", "text": text})).await;
            assert_eq!(entry.status, 201, "{entry:?}");
        }
        let witnessed = std::fs::read_to_string(&witness).unwrap();
        assert!(witnessed.lines().any(|l| l.starts_with("events ")), "{witnessed}");

        // The newest events go, and every head is put back to what it recorded before it.
        let mut tampering = vec![
            format!(
                "DELETE FROM timeline_entries WHERE seq > {} AND case_id = {}",
                built.entries,
                case_id(&built.reference)
            ),
            format!("DELETE FROM audit_events WHERE seq > {audit}"),
        ];
        tampering.extend(
            heads
                .iter()
                .map(|h| format!("UPDATE chain_heads SET seq = {}, hash = '{}' WHERE chain = '{}'", h[1], h[2], h[0])),
        );
        behind_breachdesks_back(&app, &tampering).await;

        // Without the witness the rewritten record is consistent: that is the limit of
        // heads kept inside the database.
        let alone = verify(&app).await;
        assert!(alone.findings.is_empty(), "{:?}", alone.findings);
        let with_witness = app.db.store.verify(Some(&witness)).await.unwrap();
        assert!(with_witness.witness_lines > 0);
        assert!(
            with_witness
                .findings
                .iter()
                .any(|f| f.case.is_none() && f.problem.contains("the newest events were deleted")),
            "{:?}",
            with_witness.findings
        );
        app.tampered()
    }
);

both_backends!(concurrent_writers_on_two_cases_leave_a_record_that_verifies, TestApp::new, |app| async move {
    let first = build_case(&app).await;
    let second = build_case(&app).await;
    let writes = (0..24).map(|n| {
        let case = if n % 2 == 0 { &first.id } else { &second.id };
        let path = format!("/api/v1/cases/{case}/timeline");
        let app = &app;
        async move { app.post(&path, &json!({"kind": "note", "text": format!("Samtidig anteckning {n}.")})).await }
    });
    let written = futures::future::join_all(writes).await;
    let statuses: Vec<u16> = written.iter().map(|r| r.status.as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let report = verify(&app).await;
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(report.entries, (first.entries + second.entries + 24) as u64);
    app
});

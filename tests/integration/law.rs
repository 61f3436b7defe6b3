//! The law as a DPO and a lawyer read it (issue 10), through the API on both databases:
//! phased notification (GDPR Art. 33(4)), the rules in force at awareness, the data-subject
//! clock on a high risk (Art. 34), the processor's duty (Art. 33(2)), the police's request to
//! delay (recitals 86 and 88), the register (Art. 33(5)) in Swedish words, and the drafts a
//! lawyer signs.

use breachdesk_tests::{Backend, TestApp, both_backends, pdf_text};
use chrono::TimeDelta;
use serde_json::{Value, json};

async fn controller(app: &TestApp) -> String {
    let body = json!({"name": "Kommunstyrelsen i Bjuvs kommun", "organisation_number": "212000-1041",
                      "postal_address": "Box 501, 267 25 Bjuv"});
    app.post("/api/v1/controllers", &body).await.json()["id"].as_str().unwrap().to_owned()
}

/// A case with one controller, detected and aware at the instants given, and `extra` fields.
async fn open(app: &TestApp, detected: &str, aware: &str, extra: Value) -> String {
    let ks = controller(app).await;
    let mut body = json!({
        "title": "IT-attack mot kommunens servrar",
        "description": "Angripare tog sig in i kommunens servrar och krypterade filer.",
        "category": "ransomware",
        "breach_types": ["confidentiality", "availability"],
        "detected_at": detected,
        "aware_at": aware,
        "aware_justification": "Forensisk utredning behövdes för att fastställa att personuppgifter berördes.",
        "controller_ids": [ks],
    });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    let case = app.post("/api/v1/cases", &body).await;
    assert_eq!(case.status, 201, "{case:?}");
    case.json()["id"].as_str().unwrap().to_owned()
}

async fn clocks(app: &TestApp, id: &str) -> Vec<Value> {
    app.get(&format!("/api/v1/cases/{id}/clocks")).await.json().as_array().unwrap().clone()
}

fn clock<'a>(clocks: &'a [Value], kind: &str) -> Option<&'a Value> {
    clocks.iter().find(|c| c["clock"] == kind)
}

async fn file(app: &TestApp, id: &str, body: Value) -> breachdesk_tests::TestResponse {
    app.post(&format!("/api/v1/cases/{id}/filings"), &body).await
}

async fn assess_high(app: &TestApp, id: &str) {
    // SE = 3 × 0.75 + 0.5 + 0.5 = 3.25: high.
    let assessed = app
        .put(
            &format!("/api/v1/cases/{id}/assessment"),
            &json!({"dpc": 3, "ei": 0.75, "cb_confidentiality": 0.5, "malicious": true, "conclusion": "high_risk",
                    "justification": "Personnummer kan ha förts ut och angriparen hotar att publicera dem."}),
        )
        .await;
    assert_eq!(assessed.status, 200, "{assessed:?}");
}

// GDPR Art. 33(4): information may be provided in phases; a complete notification a week after
// a timely preliminary one is not late and needs no reasons for delay, and the Art. 33(1) clock
// stays met by the first notification. No preliminary notification may follow a complete one.
both_backends!(
    art_33_4_a_complete_notification_a_week_after_a_timely_preliminary_needs_no_reasons_for_delay,
    TestApp::new,
    |app| async move {
        // Aware Sunday 14 January 2024 10:30; the app's clock is Monday 15 January 13:00.
        let id = open(&app, "2024-01-14T09:30:00Z", "2024-01-14T09:30:00Z", json!({})).await;
        let preliminary = file(
            &app,
            &id,
            json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-15T11:00:00Z"}),
        )
        .await;
        assert_eq!(preliminary.status, 201, "{preliminary:?}");

        app.clock.advance(TimeDelta::days(7));
        let complete =
            file(&app, &id, json!({"recipient": "imy", "phase": "complete", "submitted_at": "2024-01-22T11:00:00Z"}))
                .await;
        assert_eq!(complete.status, 201, "a later phase needs no reasons for delay: {complete:?}");
        assert_eq!(complete.json()["late"], false, "{complete:?}");

        let now = clocks(&app, &id).await;
        let imy = clock(&now, "imy_notification").unwrap();
        assert_eq!((imy["state"].as_str(), imy["met_at"].as_str()), (Some("met"), Some("2024-01-15T11:00:00Z")));
        assert_eq!(clock(&now, "imy_supplement").unwrap()["state"], "met");

        // The phases run in order: no preliminary notification after a complete one.
        let backwards = file(
            &app,
            &id,
            json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-22T11:30:00Z"}),
        )
        .await;
        assert_eq!(backwards.status, 422, "{backwards:?}");
        assert_eq!(backwards.problem_fields(), ["phase"]);
        app
    }
);

// Art. 33(4) and IMY's four weeks: a final notification after the supplement window is
// recorded, the supplement clock shows it late with its own reasons, and it is never refused
// with the Art. 33(1) message.
both_backends!(
    art_33_4_a_final_notification_after_four_weeks_is_recorded_late_with_its_own_reasons,
    TestApp::new,
    |app| async move {
        let id = open(&app, "2024-01-14T09:30:00Z", "2024-01-14T09:30:00Z", json!({})).await;
        let preliminary = file(
            &app,
            &id,
            json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-15T11:00:00Z"}),
        )
        .await;
        assert_eq!(preliminary.status, 201, "{preliminary:?}");
        app.clock.advance(TimeDelta::days(40));
        let silent = file(
            &app,
            &id,
            json!({"recipient": "imy", "phase": "final", "submitted_at": "2024-02-20T11:00:00Z",
                                        "delay_reasons": "Leverantörens utredning blev klar först i februari."}),
        )
        .await;
        assert_eq!(silent.status, 201, "{silent:?}");
        assert_eq!(silent.json()["late"], true);
        let now = clocks(&app, &id).await;
        let supplement = clock(&now, "imy_supplement").unwrap();
        assert_eq!(supplement["state"], "missed");
        assert_eq!(supplement["late_reasons"], "Leverantörens utredning blev klar först i februari.");
        assert_eq!(clock(&now, "imy_notification").unwrap()["state"], "met");
        app
    }
);

async fn in_2026(backend: Backend) -> Option<TestApp> {
    TestApp::at(backend, "2026-03-02T12:00:00Z".parse().unwrap()).await
}

// The rules in force when the incident became known apply (aware_at), not those in force when
// the case was entered: a 2024 incident entered in 2026 gets no Cybersäkerhetslag clocks (in
// force from 15 January 2026); an incident of February 2026 does.
both_backends!(the_rules_in_force_at_awareness_give_a_2024_incident_no_csirt_clocks, in_2026, |app| async move {
    let old = open(&app, "2024-02-26T08:00:00Z", "2024-02-26T09:00:00Z", json!({})).await;
    let new = open(&app, "2026-03-01T08:00:00Z", "2026-03-01T09:00:00Z", json!({})).await;
    for id in [&old, &new] {
        let decided = app
            .post(
                &format!("/api/v1/cases/{id}/decisions"),
                &json!({"decision": "nis2_significant", "outcome": "yes", "reasons": "Allvarlig driftstörning."}),
            )
            .await;
        assert_eq!(decided.status, 201, "{decided:?}");
    }
    let csirt = |clocks: &[Value]| clocks.iter().filter(|c| c["clock"].as_str().unwrap().starts_with("csirt")).count();
    assert_eq!(csirt(&clocks(&app, &old).await), 0, "a 2024 incident has no CSIRT clocks");
    assert_eq!(csirt(&clocks(&app, &new).await), 3, "an incident of 2026 has all three");
    app
});

// GDPR Art. 34(1): a high risk is the reason to inform "without undue delay": the conclusion
// starts the data-subject clock and puts "decide how to inform" first, decision or not; an
// Art. 34(3) exemption settles it.
both_backends!(
    art_34_a_high_risk_assessment_starts_the_data_subject_clock_without_a_decision,
    TestApp::new,
    |app| async move {
        let id = open(&app, "2024-01-14T09:30:00Z", "2024-01-14T09:30:00Z", json!({})).await;
        assert_eq!(clock(&clocks(&app, &id).await, "data_subjects").unwrap()["state"], "not_started");
        assess_high(&app, &id).await;
        let now = clocks(&app, &id).await;
        let subjects = clock(&now, "data_subjects").unwrap();
        assert_eq!(subjects["state"], "running");
        assert_eq!(subjects["starts_at"], "2024-01-15T12:00:00Z");

        // The case page names the step at once.
        let page = app.get(&format!("/cases/{id}")).await;
        assert!(String::from_utf8_lossy(&page.body).contains("Besluta hur de registrerade ska informeras"), "{page:?}");

        let exempt = app
            .post(
                &format!("/api/v1/cases/{id}/decisions"),
                &json!({"decision": "inform_data_subjects", "outcome": "no", "exemption": "34_3_a",
                    "reasons": "Uppgifterna var krypterade och nyckeln röjdes inte."}),
            )
            .await;
        assert_eq!(exempt.status, 201, "{exempt:?}");
        assert!(clock(&clocks(&app, &id).await, "data_subjects").is_none(), "the exemption settles it");
        app
    }
);

// Recitals 86 and 88: a request from the police to delay informing the data subjects is
// recorded on the case and shown beside the data-subject clock.
both_backends!(
    recitals_86_and_88_a_police_request_to_delay_is_shown_on_the_data_subject_clock,
    TestApp::new,
    |app| async move {
        let id = open(&app, "2024-01-14T09:30:00Z", "2024-01-14T09:30:00Z", json!({})).await;
        assess_high(&app, &id).await;
        let path = format!("/api/v1/cases/{id}");
        let etag = app.get(&path).await.header("etag").unwrap().to_owned();
        let patched = app
        .patch(
            &path,
            Some(&etag),
            &json!({"police_delay_requested_at": "2024-01-15T10:00:00Z", "police_delay_until": "2024-01-19T12:00:00Z"}),
        )
        .await;
        assert_eq!(patched.status, 200, "{patched:?}");
        let now = clocks(&app, &id).await;
        let hold = &clock(&now, "data_subjects").unwrap()["police_hold"];
        assert_eq!(
            (hold["requested_at"].as_str(), hold["until"].as_str()),
            (Some("2024-01-15T10:00:00Z"), Some("2024-01-19T12:00:00Z"))
        );
        let police = app.get(&format!("/api/v1/cases/{id}/drafts/police.pdf")).await;
        let (_, text) = pdf_text(&police.body);
        assert!(text.contains("om anstånd till den 19 januari 2024 kl. 13.00"), "{text}");
        app
    }
);

// GDPR Art. 33(2): when the organisation is the processor it records when it learned of the
// breach and when it told the controller; the filing goes to the controller and meets its own
// clock ("without undue delay", an internal target); notifying IMY is the controller's duty.
both_backends!(art_33_2_a_processor_tells_the_controller_and_has_its_own_clock, TestApp::new, |app| async move {
    let id = open(
        &app,
        "2024-01-14T09:30:00Z",
        "2024-01-14T09:30:00Z",
        json!({"acting_as_processor": true, "processor_aware_at": "2024-01-14T09:00:00Z"}),
    )
    .await;
    let now = clocks(&app, &id).await;
    assert!(clock(&now, "imy_notification").is_none(), "the controller notifies IMY");
    let notice = clock(&now, "processor_notification").unwrap();
    assert_eq!((notice["state"].as_str(), notice["due_at"].as_str()), (Some("missed"), Some("2024-01-15T09:00:00Z")));
    let told = file(
        &app,
        &id,
        json!({"recipient": "controller", "phase": "complete", "submitted_at": "2024-01-15T11:00:00Z",
                                      "channel": "e-post till den personuppgiftsansvariges dataskyddsombud"}),
    )
    .await;
    assert_eq!(told.status, 201, "{told:?}");
    assert_eq!(clock(&clocks(&app, &id).await, "processor_notification").unwrap()["met_at"], "2024-01-15T11:00:00Z");
    let etag = app.get(&format!("/api/v1/cases/{id}")).await.header("etag").unwrap().to_owned();
    let patched = app
        .patch(
            &format!("/api/v1/cases/{id}"),
            Some(&etag),
            &json!({"processor_notified_controller_at": "2024-01-14T08:00:00Z"}),
        )
        .await;
    assert_eq!(patched.problem_fields(), ["processor_notified_controller_at"], "told before it knew");
    app
});

// GDPR Art. 33(5) and 33(1): the register row of a late notification holds the reasons for the
// delay, beside every filing and how the data subjects were informed.
both_backends!(art_33_5_the_register_row_of_a_late_notification_holds_its_reasons, TestApp::new, |app| async move {
    let id = open(&app, "2024-01-10T08:00:00Z", "2024-01-10T09:00:00Z", json!({})).await;
    let refused =
        file(&app, &id, json!({"recipient": "imy", "phase": "complete", "submitted_at": "2024-01-15T11:00:00Z"})).await;
    assert_eq!(refused.problem_fields(), ["delay_reasons"], "Art. 33(1): late without reasons");
    let late = file(
        &app,
        &id,
        json!({"recipient": "imy", "phase": "complete", "submitted_at": "2024-01-15T11:00:00Z",
                                      "reference": "IMY-2024-0412",
                                      "delay_reasons": "Omfattningen var okänd tills leverantören lämnat loggarna."}),
    )
    .await;
    assert_eq!(late.status, 201, "{late:?}");
    let register = app.get("/api/v1/register").await.json();
    let row = register.as_array().unwrap().iter().find(|r| r["id"] == id.as_str()).unwrap().clone();
    assert_eq!(row["delay_reasons"][0], "imy (complete): Omfattningen var okänd tills leverantören lämnat loggarna.");
    let csv = String::from_utf8(app.get("/api/v1/register.csv").await.body.to_vec()).unwrap();
    assert!(
        csv.contains("IMY (Fullständig anmälan): Omfattningen var okänd tills leverantören lämnat loggarna."),
        "{csv}"
    );
    assert!(csv.contains("Skäl till försening"), "{csv}");
    let pdf = app.get("/api/v1/register.pdf").await;
    let (_, text) = pdf_text(&pdf.body);
    assert!(text.contains("Omfattningen var okänd tills leverantören lämnat loggarna."), "{text}");
    app
});

/// Every stable code of every enumeration a register row can hold.
fn codes() -> Vec<&'static str> {
    use domain::assessment::{Conclusion, SeverityBand};
    use domain::case::{Cause, DataSubjectCategory, PersonalDataCategory};
    use domain::decision::{DecisionKind, Exemption, Outcome};
    use domain::filing::{Phase, Recipient};
    let mut out: Vec<&str> = Vec::new();
    out.extend(domain::Category::ALL.iter().map(|v| v.as_str()));
    out.extend(domain::BreachType::ALL.iter().map(|v| v.as_str()));
    out.extend(domain::CaseStatus::ALL.iter().map(|v| v.as_str()));
    out.extend(PersonalDataCategory::ALL.iter().map(|v| v.as_str()));
    out.extend(DataSubjectCategory::ALL.iter().map(|v| v.as_str()));
    out.extend(Cause::ALL.iter().map(|v| v.as_str()));
    out.extend(Conclusion::ALL.iter().map(|v| v.as_str()));
    out.extend(SeverityBand::ALL.iter().map(|v| v.as_str()));
    out.extend(DecisionKind::ALL.iter().map(|v| v.as_str()));
    out.extend(Outcome::ALL.iter().map(|v| v.as_str()));
    out.extend(Exemption::ALL.iter().map(|v| v.as_str()));
    out.extend(Recipient::ALL.iter().map(|v| v.as_str()));
    out.extend(Phase::ALL.iter().map(|v| v.as_str()));
    // Two codes are also words of the Swedish names themselves: "Hög risk" and
    // "Utpressningsattack (ransomware)".
    out.retain(|c| !matches!(*c, "risk" | "ransomware"));
    out
}

// GDPR Art. 33(5): the Swedish register is Swedish throughout: words, never codes; a decimal
// comma; an exact count as one number. The English register is words too.
both_backends!(
    art_33_5_the_register_csv_holds_no_enumeration_code_in_swedish_or_english,
    TestApp::new,
    |app| async move {
        let id = open(
        &app,
        "2024-01-14T09:30:00Z",
        "2024-01-14T09:30:00Z",
        json!({"cause": "antagonistic_attack", "personal_data_categories": ["personnummer", "secrecy_osl", "health"],
               "data_subject_categories": ["residents", "pupils"], "data_subjects_count": {"min": 1200, "max": 1200},
               "records_count": {"min": 1000, "max": 25000}}),
    )
    .await;
        assess_high(&app, &id).await;
        for decision in [
            json!({"decision": "notify_imy", "outcome": "yes", "reasons": "Personnummer berörs."}),
            json!({"decision": "inform_data_subjects", "outcome": "no", "exemption": "34_3_c",
               "reasons": "Vi vet inte vilka enskilda som berörs; vi informerar på webbplatsen."}),
            json!({"decision": "report_police", "outcome": "yes", "reasons": "Dataintrång och utpressning."}),
        ] {
            assert_eq!(app.post(&format!("/api/v1/cases/{id}/decisions"), &decision).await.status, 201);
        }
        for filing in [
            json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-15T10:00:00Z"}),
            json!({"recipient": "police", "phase": "complete", "submitted_at": "2024-01-15T10:30:00Z", "reference": "K-12345-24"}),
            json!({"recipient": "public", "phase": "complete", "submitted_at": "2024-01-15T11:00:00Z", "channel": "Kommunens webbplats"}),
        ] {
            let filed = file(&app, &id, filing).await;
            assert_eq!(filed.status, 201, "{filed:?}");
        }
        let csv = String::from_utf8(app.get("/api/v1/register.csv").await.body.to_vec()).unwrap();
        let tokens: Vec<&str> = csv.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
        for code in codes() {
            assert!(!tokens.contains(&code), "the Swedish register holds the code {code:?}:\n{csv}");
        }
        for words in ["Antagonistiskt angrepp", "Hög risk", "3,25", "Kommunens webbplats", "Allmänheten"] {
            assert!(csv.contains(words), "{words:?} missing:\n{csv}");
        }
        assert!(csv.contains(";1\u{a0}200;"), "an exact count is one number:\n{csv}");

        let csv = String::from_utf8(app.get("/api/v1/register.csv?lang=en").await.body.to_vec()).unwrap();
        // The rows, not the headings (which say "report to police" in English words).
        let rows = csv.split_once('\n').map_or("", |(_, rows)| rows);
        let tokens: Vec<&str> = rows.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
        // Three codes are also words of the English names: "Personal identity numbers
        // (personnummer)", "The public" and "(c) Disproportionate effort – public communication".
        for code in codes().into_iter().filter(|c| !matches!(*c, "identity" | "personnummer" | "public")) {
            assert!(!tokens.contains(&code), "the English register holds the code {code:?}:\n{csv}");
        }
        for words in ["Antagonistic attack", "High risk", "3.25", "Preliminary notification", "The public", "1,200"] {
            assert!(csv.contains(words), "{words:?} missing:\n{csv}");
        }
        app
    }
);

// GDPR Art. 33(3)(b) and IMY's form: the IMY draft holds the address at which the organisation
// wishes to be contacted (question 9) and a contact person distinct from the DPO, the cause and
// the member states concerned; the assessor appears by name and role; a decimal comma. The
// police draft (part of the preliminary investigation file) holds no risk-assessment text.
both_backends!(
    the_drafts_hold_the_new_imy_questions_the_assessors_name_and_a_decimal_comma,
    TestApp::new,
    |app| async move {
        let bad =
            app.put("/api/v1/organisation", &json!({"name": "Bjuvs kommun", "contact_email": "inte en adress"})).await;
        assert_eq!(bad.problem_fields(), ["contact_email"]);
        let org = app
            .put(
                "/api/v1/organisation",
                &json!({"name": "Bjuvs kommun", "dpo_name": "Åsa Öberg", "dpo_email": "dataskyddsombud@bjuv.se",
                    "contact_name": "Per Jurist", "contact_email": "registrator@bjuv.se",
                    "contact_address": "Bjuvs kommun, Box 501, 267 25 Bjuv", "time_zone": "Europe/Stockholm"}),
            )
            .await;
        assert_eq!(org.status, 200, "{org:?}");
        assert_eq!(app.get("/api/v1/organisation").await.json()["contact_name"], "Per Jurist");
        let id = open(
            &app,
            "2024-01-14T09:30:00Z",
            "2024-01-14T09:30:00Z",
            json!({"cause": "antagonistic_attack", "cross_border": true, "member_states": ["Danmark"]}),
        )
        .await;
        let entry = app
        .post(
            &format!("/api/v1/cases/{id}/timeline"),
            &json!({"occurred_at": "2024-01-14T09:00:00Z", "kind": "detection", "text": "Larm om krypterade filer på filservern."}),
        )
        .await;
        assert_eq!(entry.status, 201);
        assess_high(&app, &id).await;

        let imy = app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf")).await;
        assert_eq!(imy.status, 200);
        let (_, text) = pdf_text(&imy.body);
        for expected in [
            "Den adress ni önskar bli kontaktade på",
            "Bjuvs kommun, Box 501, 267 25 Bjuv",
            "Per Jurist",
            "Orsak till incidenten",
            "Antagonistiskt angrepp",
            "Berörda medlemsstater",
            "Danmark",
            "Test dpo (dataskyddsombud)",
            "3,25 (hög)",
        ] {
            assert!(text.contains(expected), "{expected:?} missing:\n{text}");
        }

        let police = app.get(&format!("/api/v1/cases/{id}/drafts/police.pdf")).await;
        let (_, text) = pdf_text(&police.body);
        assert!(text.contains("Larm om krypterade filer på filservern."), "{text}");
        for private in ["Personnummer kan ha förts ut och angriparen hotar", "ENISA", "Riskbedömning"] {
            assert!(!text.contains(private), "the police draft holds {private:?}:\n{text}");
        }
        app
    }
);

/// The text poppler's `pdftotext` reads from a PDF (what a lawyer's tools see), or `None` where
/// poppler is not installed outside CI (in CI, with env `CI` set, a missing tool fails).
fn pdftotext(bytes: &[u8]) -> Option<String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let Ok(mut child) =
        Command::new("pdftotext").args(["-layout", "-", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn()
    else {
        assert!(std::env::var_os("CI").is_none(), "pdftotext is required in CI (apt-get install poppler-utils)");
        eprintln!("skipped: pdftotext is not installed");
        return None;
    };
    child.stdin.take().expect("piped").write_all(bytes).expect("written");
    let out = child.wait_with_output().expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext failed");
    Some(String::from_utf8(out.stdout).expect("UTF-8"))
}

/// The page at `path` in `lang` (`sv` or `en`, the language cookie the switch sets).
async fn page(app: &TestApp, path: &str, lang: &str) -> String {
    let cookie = format!("breachdesk_lang={lang}");
    let response = app.send(axum::http::Method::GET, path, &[("cookie", &cookie)], axum::body::Body::empty()).await;
    assert_eq!(response.status, 200, "{response:?}");
    String::from_utf8(response.body.to_vec()).unwrap()
}

// GDPR Art. 34(1): the data-subject clock counts from the moment the high risk was first
// concluded; a re-assessment that confirms it a day later does not move the clock (the case
// page, the clocks and the dashboard read the same instant).
both_backends!(art_34_a_re_assessment_does_not_move_the_data_subject_clock, TestApp::new, |app| async move {
    let id = open(&app, "2024-01-14T09:30:00Z", "2024-01-14T09:30:00Z", json!({})).await;
    let preliminary =
        file(&app, &id, json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-15T11:00:00Z"}))
            .await;
    assert_eq!(preliminary.status, 201, "{preliminary:?}");
    assess_high(&app, &id).await;
    app.clock.advance(TimeDelta::days(1));
    let again = app
        .put(
            &format!("/api/v1/cases/{id}/assessment"),
            &json!({"dpc": 4, "ei": 0.75, "cb_confidentiality": 0.5, "malicious": true, "conclusion": "high_risk",
                    "justification": "Loggarna visar att personnummer och hälsouppgifter fördes ut."}),
        )
        .await;
    assert_eq!(again.status, 200, "{again:?}");
    assert_eq!(again.json()["assessed_at"], "2024-01-16T12:00:00Z");
    let subjects = clock(&clocks(&app, &id).await, "data_subjects").unwrap().clone();
    assert_eq!(
        (subjects["starts_at"].as_str(), subjects["due_at"].as_str()),
        (Some("2024-01-15T12:00:00Z"), Some("2024-01-18T12:00:00Z")),
        "{subjects}"
    );
    let dashboard = app.get("/api/v1/dashboard").await.json();
    let next =
        &dashboard["open_cases"].as_array().unwrap().iter().find(|c| c["id"] == id.as_str()).unwrap()["next_clock"];
    assert_eq!(
        (next["clock"].as_str(), next["due_at"].as_str()),
        (Some("data_subjects"), Some("2024-01-18T12:00:00Z"))
    );
    app
});

// Every change leaves a trace: saving the organisation's settings (the DPO, the contact person,
// the address IMY writes to) is in the audit log with who saved it and which settings changed,
// never their values (they name people).
both_backends!(
    organisation_settings_changes_are_in_the_audit_log_with_who_and_which_fields,
    TestApp::new,
    |app| async move {
        let first = app.put("/api/v1/organisation", &json!({"name": "Bjuvs kommun", "dpo_name": "Åsa Öberg"})).await;
        assert_eq!(first.status, 200, "{first:?}");
        let changed = app
            .put(
                "/api/v1/organisation",
                &json!({"name": "Bjuvs kommun", "dpo_name": "Åsa Öberg", "contact_name": "Per Jurist",
                    "contact_email": "registrator@bjuv.se"}),
            )
            .await;
        assert_eq!(changed.status, 200, "{changed:?}");
        let refused = app.put("/api/v1/organisation", &json!({"name": "Bjuvs kommun", "contact_email": "nej"})).await;
        assert_eq!(refused.problem_fields(), ["contact_email"]);
        let events = app.audit_of("organisation_changed").await;
        assert_eq!(events.len(), 2, "one event per save, none for the refused one: {events:?}");
        let dpo = app.get("/api/v1/session").await.json();
        for event in &events {
            assert_eq!(Some(event.actor.as_str()), dpo["user"]["id"].as_str(), "{dpo}");
            for (_, value) in &event.details {
                assert!(!value.contains("Åsa") && !value.contains("Per Jurist") && !value.contains('@'), "{event:?}");
            }
        }
        assert_eq!(events[0].detail("fields"), Some("contact_name,contact_email"));
        assert_eq!(events[1].detail("fields"), Some("name,dpo_name"), "the first save names what it set");
        app
    }
);

// Swedish on every page as in the drafts: a decimal comma (the ENISA score on the case page and
// the dashboard), a date in a sentence as running text writes it, a table's date and time as a
// Swedish reader reads it; the English pages keep the English forms.
both_backends!(
    the_swedish_pages_write_a_decimal_comma_and_swedish_dates_and_the_english_pages_keep_theirs,
    TestApp::new,
    |app| async move {
        let id = open(&app, "2024-01-14T09:30:00Z", "2024-01-14T09:30:00Z", json!({})).await;
        assess_high(&app, &id).await;
        let case = page(&app, &format!("/cases/{id}"), "sv").await;
        for expected in [
            "3,25 (Hög)",
            "2024-01-14 10.30",
            "Anmälan till IMY (72 h från kännedom) senast den 17 januari 2024 kl. 10.30",
        ] {
            assert!(case.contains(expected), "{expected:?} missing from the Swedish case page");
        }
        assert!(!case.contains("3.25") && !case.contains("2024-01-14 10:30"), "an English form on a Swedish page");
        let dashboard = page(&app, "/", "sv").await;
        assert!(dashboard.contains("Hög risk (3,25)"), "the dashboard's score");
        assert!(dashboard.contains("2024-01-17 10.30"), "the dashboard's due time");

        let case = page(&app, &format!("/cases/{id}"), "en").await;
        for expected in
            ["3.25 (High)", "2024-01-14 10:30", "IMY notification (72 h from awareness) by 17 January 2024 at 10:30"]
        {
            assert!(case.contains(expected), "{expected:?} missing from the English case page");
        }
        assert!(page(&app, "/", "en").await.contains("High risk (3.25)"));
        app
    }
);

// Recitals 86 and 88 on the case page: beside the data-subject clock, that it is held, until
// when and at whose request.
both_backends!(
    recitals_86_and_88_the_case_page_shows_the_police_hold_on_the_data_subject_clock,
    TestApp::new,
    |app| async move {
        let id = open(&app, "2024-01-14T09:30:00Z", "2024-01-14T09:30:00Z", json!({})).await;
        assess_high(&app, &id).await;
        let before = page(&app, &format!("/cases/{id}"), "sv").await;
        assert!(!before.contains("Polisen bad den"), "no request, no hold");
        let path = format!("/api/v1/cases/{id}");
        let etag = app.get(&path).await.header("etag").unwrap().to_owned();
        let patched = app
        .patch(&path, Some(&etag), &json!({"police_delay_requested_at": "2024-01-15T10:00:00Z", "police_delay_until": "2024-01-19T12:00:00Z"}))
        .await;
        assert_eq!(patched.status, 200, "{patched:?}");
        let sv = page(&app, &format!("/cases/{id}"), "sv").await;
        let row = sv
            .split("<tr>")
            .skip(1)
            .map(|r| r.split("</tr>").next().unwrap_or(r))
            .find(|r| r.contains("Information till registrerade"))
            .expect("the data-subject clock's row");
        assert!(
            row.contains("Polisen bad den 15 januari 2024 om anstånd till den 19 januari 2024 kl. 13.00."),
            "{row}"
        );
        let en = page(&app, &format!("/cases/{id}"), "en").await;
        assert!(en.contains("The police asked on 15 January 2024 to delay it until 19 January 2024 at 13:00."));
        app
    }
);

// One name for each status everywhere: the case page names the case's status, an action's
// status, a filing's recipient and phase and a clock's state exactly as `domain::names` does
// (the table the drafts and the register use), in both languages.
both_backends!(the_case_page_names_every_status_as_the_drafts_and_the_register_do, TestApp::new, |app| async move {
    use domain::filing::{Phase, Recipient};
    use domain::names::{Language, Named};
    use domain::{ActionStatus, CaseStatus, ClockState};
    let id = open(&app, "2024-01-14T09:30:00Z", "2024-01-14T09:30:00Z", json!({})).await;
    let action = app
        .post(&format!("/api/v1/cases/{id}/actions"), &json!({"title": "Byt lösenord", "category": "contain"}))
        .await;
    assert_eq!(action.status, 201, "{action:?}");
    let filed =
        file(&app, &id, json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-15T11:00:00Z"}))
            .await;
    assert_eq!(filed.status, 201, "{filed:?}");
    for lang in [Language::Sv, Language::En] {
        let html = page(&app, &format!("/cases/{id}"), lang.as_str()).await;
        let names = [
            CaseStatus::Triage.name(lang),
            ActionStatus::Planned.name(lang),
            Recipient::Imy.name(lang),
            Phase::Preliminary.name(lang),
            ClockState::Met.name(lang),
            ClockState::Running.name(lang),
        ];
        for name in names {
            assert!(
                html.contains(&format!(">{name}<")),
                "{lang:?}: the page does not name {name:?} as domain::names does"
            );
        }
        let csv =
            String::from_utf8(app.get(&format!("/api/v1/register.csv?lang={}", lang.as_str())).await.body.to_vec())
                .unwrap();
        for name in [CaseStatus::Triage.name(lang), Recipient::Imy.name(lang), Phase::Preliminary.name(lang)] {
            assert!(csv.contains(name), "{lang:?}: the register does not name {name:?}");
        }
    }
    app
});

// The drafts' fields as a Swedish reader expects them (pdftotext): a date and time in a field
// reads "14 januari 2024 kl. 10.30", never ISO with a colon; the English draft keeps its form.
// The letter to the data subjects links MCF's advice at the address the organisation sets
// (UNCONFIRMED path: MCF's home page until set).
both_backends!(
    the_swedish_drafts_fields_read_as_a_swede_writes_dates_and_the_advice_link_is_a_setting,
    TestApp::new,
    |app| async move {
        let id = open(&app, "2024-01-14T09:30:00Z", "2024-01-14T09:30:00Z", json!({})).await;
        assess_high(&app, &id).await;
        let imy = app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf")).await;
        let Some(text) = pdftotext(&imy.body) else { return app };
        for expected in
            ["14 januari 2024 kl. 10.30 (Europe/Stockholm)", "17 januari 2024 kl. 10.30 (Europe/Stockholm)", "3,25"]
        {
            assert!(text.contains(expected), "{expected:?} missing:\n{text}");
        }
        assert!(!text.contains("2024-01-14 10:30"), "an ISO field in the Swedish draft:\n{text}");
        let english = pdftotext(&app.get(&format!("/api/v1/cases/{id}/drafts/imy.pdf?lang=en")).await.body).unwrap();
        assert!(english.contains("2024-01-14 10:30 (Europe/Stockholm)"), "{english}");

        let path = format!("/api/v1/cases/{id}/drafts/data-subjects.pdf");
        assert!(
            pdftotext(&app.get(&path).await.body).unwrap().contains("https://www.mcf.se/"),
            "MCF's home page by default"
        );
        let bad = app
            .put("/api/v1/organisation", &json!({"name": "Bjuvs kommun", "security_advice_url": "www.mcf.se"}))
            .await;
        assert_eq!(bad.problem_fields(), ["security_advice_url"]);
        let set = app
            .put(
                "/api/v1/organisation",
                &json!({"name": "Bjuvs kommun", "security_advice_url": "https://www.mcf.se/sv/privatperson/"}),
            )
            .await;
        assert_eq!(set.status, 200, "{set:?}");
        assert_eq!(
            app.get("/api/v1/organisation").await.json()["security_advice_url"],
            "https://www.mcf.se/sv/privatperson/"
        );
        let letter = pdftotext(&app.get(&path).await.body).unwrap();
        assert!(letter.contains("https://www.mcf.se/sv/privatperson/"), "the organisation's address:\n{letter}");
        app
    }
);

// The police draft names the offences the category points to (BrB): an extortion attack is
// dataintrång and utpressning; stolen credentials add olovlig identitetsanvändning; fraud only
// once money has moved. The IMY supplement says whether, when and how the data subjects were
// informed (Art. 34, IMY's supplement form).
both_backends!(
    the_police_draft_names_offences_by_category_and_the_supplement_says_how_people_were_told,
    TestApp::new,
    |app| async move {
        let ransomware = open(&app, "2024-01-14T09:30:00Z", "2024-01-14T09:30:00Z", json!({})).await;
        let phishing =
            open(&app, "2024-01-14T09:30:00Z", "2024-01-14T09:30:00Z", json!({"category": "phishing"})).await;
        let police = |id: &str| format!("/api/v1/cases/{id}/drafts/police.pdf");
        let (_, text) = pdf_text(&app.get(&police(&ransomware)).await.body);
        for expected in ["Dataintrång (BrB 4 kap. 9 c §)", "Utpressning (BrB 9 kap. 4 §)"] {
            assert!(text.contains(expected), "{expected:?} missing:\n{text}");
        }
        for absent in ["Bedrägeri (BrB", "Olovlig identitetsanvändning (BrB"] {
            assert!(!text.contains(absent), "{absent:?} in a ransomware report:\n{text}");
        }
        let (_, text) = pdf_text(&app.get(&police(&phishing)).await.body);
        assert!(text.contains("Olovlig identitetsanvändning (BrB 4 kap. 6 b §)"), "{text}");
        assert!(!text.contains("Bedrägeri (BrB"), "no money moved: {text}");
        let details = app.put(&format!("/api/v1/cases/{phishing}/police-details"), &json!({"money_moved": true})).await;
        assert_eq!(details.status, 200, "{details:?}");
        let (_, text) = pdf_text(&app.get(&police(&phishing)).await.body);
        assert!(text.contains("Bedrägeri (BrB 9 kap. 1 §)"), "money moved: {text}");

        for filing in [
            json!({"recipient": "imy", "phase": "preliminary", "submitted_at": "2024-01-15T10:00:00Z"}),
            json!({"recipient": "data_subjects", "phase": "complete", "submitted_at": "2024-01-15T11:00:00Z",
               "channel": "Brev till varje berörd vårdnadshavare"}),
        ] {
            let filed = file(&app, &ransomware, filing).await;
            assert_eq!(filed.status, 201, "{filed:?}");
        }
        let supplement = app.get(&format!("/api/v1/cases/{ransomware}/drafts/imy-supplement.pdf")).await;
        assert_eq!(supplement.status, 200, "{supplement:?}");
        let (_, text) = pdf_text(&supplement.body);
        for expected in [
            "Har ni informerat de registrerade?",
            "Hur informerade ni dem?",
            "Brev till varje berörd vårdnadshavare",
            "15 januari 2024 kl. 12.00",
        ] {
            assert!(text.contains(expected), "{expected:?} missing:\n{text}");
        }
        app
    }
);

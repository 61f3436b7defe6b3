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
// comma; an exact count as one number.
both_backends!(art_33_5_the_swedish_register_csv_holds_no_enumeration_code, TestApp::new, |app| async move {
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
    app
});

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

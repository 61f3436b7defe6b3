//! `breachdesk import-register`: a sample register as a Swedish DPO keeps it (Swedish headings,
//! `;` between fields, decimal comma, dates written four ways) is read row by row; the row that
//! cannot be read is named by its line, a dry run creates nothing, a run with a bad row imports
//! nothing, and the corrected register becomes closed cases marked imported, on both databases.

use breachdesk::register_cli::{import_register, read_register};
use breachdesk_tests::{TestApp, both_backends};
use chrono::TimeZone;
use domain::Role;
use domain::case::{CountRange, PersonalDataCategory};

const REGISTER: &str = include_str!("fixtures/incidentregister.csv");
const BAD_LINE: u64 = 5;

fn write(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("breachdesk-register-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_sample_register_is_read_and_its_bad_row_named_by_line() {
    let register = read_register(REGISTER.as_bytes(), chrono_tz::Tz::Europe__Stockholm).unwrap();
    assert_eq!(register.entries.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 3, 4, 6]);
    assert_eq!(register.errors.len(), 1, "{:?}", register.errors);
    assert_eq!(register.errors[0].line, BAD_LINE);
    assert!(register.errors[0].problems[0].contains("\"31/2 2022\" är inte ett datum"), "{:?}", register.errors);
    let laptop = &register.entries[1];
    assert_eq!(
        laptop.date,
        chrono::Utc.with_ymd_and_hms(2021, 9, 13, 22, 0, 0).unwrap(),
        "14/9 2021, Swedish midnight"
    );
    assert_eq!(laptop.categories, [PersonalDataCategory::Health, PersonalDataCategory::Personnummer]);
    assert_eq!(laptop.subjects, Some(CountRange { min: 1200, max: 1200 }));
    assert_eq!(laptop.records, Some(CountRange { min: 3400, max: 3400 }));
    assert_eq!(laptop.severity, Some(3.25));
    assert_eq!(laptop.notified_on, chrono::NaiveDate::from_ymd_opt(2021, 9, 15));
    let phishing = &register.entries[2];
    assert_eq!(phishing.subjects, Some(CountRange { min: 100, max: 200 }));
    assert_eq!(phishing.records, None, "okänt");
    assert_eq!(register.entries[0].notified_on, None);
}

both_backends!(the_register_becomes_closed_cases_marked_imported, TestApp::new, |app| async move {
    let dpo = app.user(Role::Dpo).await;
    let by = dpo.user.email.as_str().to_owned();
    let with_bad_row = write("register.csv", REGISTER);
    assert!(import_register(&app.db.store, &with_bad_row, &by, true).await.unwrap().is_empty());
    let refused = import_register(&app.db.store, &with_bad_row, &by, false).await.unwrap_err();
    assert!(refused.to_string().contains("nothing imported"), "{refused}");
    assert_eq!(app.get("/api/v1/cases").await.json()["total"], 0, "neither the dry run nor the refused run imports");

    let corrected: String = REGISTER
        .lines()
        .enumerate()
        .filter(|(i, _)| *i as u64 + 1 != BAD_LINE)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let corrected = write("register.csv", &corrected);
    let references = import_register(&app.db.store, &corrected, &by, false).await.unwrap();
    assert_eq!(references, ["PUI-2021-0001", "PUI-2021-0002", "PUI-2022-0001", "PUI-2022-0002"]);
    let id = app.db.store.case_id_by_reference("PUI-2021-0002").await.unwrap();
    let case = app.get(&format!("/api/v1/cases/{}", id.0)).await.json();
    assert_eq!(case["status"], "closed");
    assert_eq!(case["detected_at"], "2021-09-13T22:00:00Z");
    assert!(
        case["description"].as_str().unwrap().contains("Anmäld till IMY enligt registret: ja, 2021-09-15"),
        "{case}"
    );
    let import = app.db.store.case_import(id).await.unwrap().unwrap();
    assert_eq!((import.source.as_str(), import.source_reference.as_str()), ("register", "register.csv:3"));
    assert_eq!(import.imported_by, dpo.user.id.to_string());
    app
});

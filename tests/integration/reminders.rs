//! Reminders before a clock runs out, sent through a real SMTP server (Python's aiosmtpd,
//! writing every message it receives to a maildir). Once per person, clock and lead time,
//! and a mail that could not be sent is tried again.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use breachdesk::reminders::{Mailer, run_once};
use breachdesk_tests::{TestApp, both_backends};
use chrono::TimeDelta;
use domain::Role;
use domain::reminders::ReminderPolicy;
use serde_json::json;

/// aiosmtpd on a free port, delivering into a maildir; killed when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts aiosmtpd, or `None` (skipped) when it is not installed and CI is not set.
fn smtp_server() -> Option<SmtpServer> {
    let installed = Command::new("python3").args(["-c", "import aiosmtpd"]).status().is_ok_and(|s| s.success());
    if !installed {
        assert!(std::env::var_os("CI").is_none(), "aiosmtpd is required in CI (pip install aiosmtpd)");
        eprintln!("skipped: python3 -m pip install aiosmtpd to run the SMTP tests");
        return None;
    }
    let port = free_port();
    let maildir = std::env::temp_dir().join(format!("breachdesk-maildir-{}", uuid::Uuid::new_v4()));
    let mut child = Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
        .arg(&maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(SmtpServer { child, port, maildir });
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("aiosmtpd did not start");
}

fn mails(maildir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(maildir.join("new")) else { return Vec::new() };
    entries.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).collect()
}

async fn three_hours_before_the_imy_deadline(backend: breachdesk_tests::Backend) -> Option<TestApp> {
    // Aware at 2024-01-12 13:20 UTC: the 72-hour clock is due 2024-01-15 13:20 UTC.
    TestApp::at(backend, "2024-01-15T10:20:00Z".parse().unwrap()).await
}

both_backends!(
    reminders_go_once_to_each_person_answerable_and_failed_ones_are_retried,
    three_hours_before_the_imy_deadline,
    |app| async move {
        let Some(smtp) = smtp_server() else { return app };
        let manager = app.user(Role::Management).await;
        app.user(Role::Viewer).await;
        let body = json!({"title": "Felskickad lista", "description": "En lista skickades till fel mottagare.",
        "category": "misdirected", "breach_types": ["confidentiality"],
        "detected_at": "2024-01-12T13:20:00Z", "aware_at": "2024-01-12T13:20:00Z"});
        let case = app.post("/api/v1/cases", &body).await;
        assert_eq!(case.status, 201, "{case:?}");
        let policy = ReminderPolicy::default();

        // The SMTP server is unreachable: nothing is sent and nothing is marked sent.
        let broken =
            Mailer::new(&format!("smtp://127.0.0.1:{}", free_port()), "breachdesk <noreply@example.se>", None).unwrap();
        assert_eq!(run_once(&app.state, &broken, &policy).await.unwrap(), 0);

        // Reachable: the DPO (the test app's own user) and the manager get one mail each; the viewer none.
        let mailer = Mailer::new(
            &format!("smtp://127.0.0.1:{}", smtp.port),
            "breachdesk <noreply@example.se>",
            Some("https://breachdesk.example.se"),
        )
        .unwrap();
        assert_eq!(run_once(&app.state, &mailer, &policy).await.unwrap(), 2);
        let received = mails(&smtp.maildir);
        assert_eq!(received.len(), 2, "{received:?}");
        let to_manager =
            received.iter().find(|m| m.contains(manager.user.email.as_str())).expect("a mail to the manager");
        assert!(to_manager.contains("PUI-2024-0001"), "{to_manager}");
        assert!(to_manager.contains("2024-01-15 14:20"), "the due time in Swedish time: {to_manager}");
        assert!(to_manager.contains("https://breachdesk.example.se/cases/"), "{to_manager}");
        assert!(!to_manager.contains("Felskickad lista"), "no case content in the mail");

        // The next round sends nothing new; the overdue reminder goes once the deadline passes.
        assert_eq!(run_once(&app.state, &mailer, &policy).await.unwrap(), 0);
        app.clock.advance(TimeDelta::hours(4));
        assert_eq!(run_once(&app.state, &mailer, &policy).await.unwrap(), 2);
        assert!(mails(&smtp.maildir).iter().any(|m| m.contains("passed at")), "an overdue reminder");
        assert_eq!(run_once(&app.state, &mailer, &policy).await.unwrap(), 0);
        app
    }
);

both_backends!(
    a_claim_abandoned_by_a_stopped_process_is_taken_over_but_a_sent_one_never,
    TestApp::new,
    |app| async move {
        let case = app
            .post(
                "/api/v1/cases",
                &json!({"title": "t", "description": "d", "category": "other", "breach_types": ["integrity"],
            "detected_at": "2024-01-15T10:00:00Z", "aware_at": "2024-01-15T10:00:00Z"}),
            )
            .await
            .json();
        let manager = app.user(Role::Management).await;
        let key = store::ReminderKey {
            case_id: domain::CaseId(case["id"].as_str().unwrap().parse().unwrap()),
            clock: domain::ClockKind::ImyNotification,
            lead_minutes: 240,
            recipient: manager.user.id,
        };
        let now = breachdesk_tests::test_now();
        let store = &app.db.store;
        assert!(store.claim_reminder(key, now).await.unwrap());
        assert!(
            !store.claim_reminder(key, now + TimeDelta::minutes(5)).await.unwrap(),
            "another process is sending it"
        );
        assert!(
            store.claim_reminder(key, now + TimeDelta::minutes(11)).await.unwrap(),
            "the claimer stopped: taken over"
        );
        store.reminder_sent(key, now + TimeDelta::minutes(11)).await.unwrap();
        assert!(!store.claim_reminder(key, now + TimeDelta::days(1)).await.unwrap(), "sent once, never again");
        app
    }
);

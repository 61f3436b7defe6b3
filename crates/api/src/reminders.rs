//! Reminders by e-mail before a legal clock runs out (DESIGN.md: management "is reminded
//! before one runs out"). Each round looks at every open case's clocks; a reminder due under
//! the policy is claimed in the database first, so several `serve` processes send it once,
//! and released again if the mail cannot be sent. Mails carry the case reference, the clock
//! and the due time, never the case's content; logs carry ids only.

use std::time::Duration;

use chrono::{DateTime, Utc};
use domain::names::Named;
use domain::reminders::ReminderPolicy;
use domain::{Permission, Role};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use store::ReminderKey;

use crate::routes::clocks::LoadedCase;
use crate::state::AppState;

/// How often the reminder round runs.
pub const ROUND: Duration = Duration::from_secs(60);

/// Sends reminder mails over SMTP.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: Option<String>,
}

/// Why mail cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// BREACHDESK_SMTP_URL is not an SMTP URL lettre understands.
    #[error(
        "BREACHDESK_SMTP_URL is not a valid SMTP URL (smtp://HOST:PORT, smtp://HOST?tls=required or smtps://USER:PASSWORD@HOST): {0}"
    )]
    Url(String),
    /// BREACHDESK_MAIL_FROM is not an address.
    #[error("BREACHDESK_MAIL_FROM is not an e-mail address: {0}")]
    From(String),
}

impl Mailer {
    /// A mailer for an SMTP URL and a sender address; `public_url` makes the mails link to the
    /// case.
    ///
    /// # Errors
    /// Names the variable that is wrong.
    pub fn new(smtp_url: &str, from: &str, public_url: Option<&str>) -> Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| MailError::Url(e.to_string()))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from.parse::<Mailbox>().map_err(|e| MailError::From(e.to_string()))?;
        Ok(Self { transport, from, public_url: public_url.map(|u| u.trim_end_matches('/').to_owned()) })
    }
}

/// Who is reminded: active users who see every case and are answerable for the clocks.
fn reminded(role: Role) -> bool {
    matches!(role, Role::Management | Role::Dpo | Role::Admin) && domain::allows(role, Permission::ReadCases)
}

/// One round: sends every reminder due now that has not been sent. Returns how many mails went.
///
/// # Errors
/// Fails when the database fails; a mail that cannot be sent is released and logged, and the
/// round goes on.
pub async fn run_once(
    state: &AppState,
    mailer: &Mailer,
    policy: &ReminderPolicy,
) -> Result<usize, crate::error::AppError> {
    let now = state.now();
    let recipients: Vec<_> = state.store.users().await?.into_iter().filter(|u| u.active && reminded(u.role)).collect();
    if recipients.is_empty() {
        return Ok(0);
    }
    let mut sent = 0;
    for loaded in &LoadedCase::load_open(&state.store).await? {
        for clock in loaded.clocks(now) {
            let (Some(step), Some(due)) = (policy.due(&clock, now), clock.due_at) else { continue };
            for user in &recipients {
                let key = ReminderKey {
                    case_id: loaded.case.id,
                    clock: clock.clock,
                    lead_minutes: step.0,
                    recipient: user.id,
                };
                if !state.store.claim_reminder(key, now).await? {
                    continue;
                }
                let mail = message(mailer, loaded, clock.clock, due, step.is_overdue(), user.email.as_str());
                let result = match mail {
                    // The server's own words may quote the address: log only what kind of failure.
                    Ok(mail) => mailer.transport.send(mail).await.map(|_| ()).map_err(|e| {
                        if e.is_permanent() {
                            "permanent"
                        } else if e.is_transient() {
                            "transient"
                        } else if e.is_timeout() {
                            "timeout"
                        } else {
                            "connection or protocol"
                        }
                    }),
                    Err(_) => Err("message could not be built"),
                };
                match result {
                    Ok(()) => {
                        state.store.reminder_sent(key, state.now()).await?;
                        sent += 1;
                        state.metrics.reminder_sent();
                        tracing::info!(case_id = %loaded.case.id, clock = %clock.clock, user_id = %user.id, "reminder sent");
                    }
                    Err(error) => {
                        state.store.release_reminder(key).await?;
                        state.metrics.reminder_failed();
                        tracing::warn!(case_id = %loaded.case.id, clock = %clock.clock, user_id = %user.id, error, "reminder not sent; retried next round");
                    }
                }
            }
        }
    }
    Ok(sent)
}

fn message(
    mailer: &Mailer,
    loaded: &LoadedCase,
    clock: domain::ClockKind,
    due: DateTime<Utc>,
    overdue: bool,
    to: &str,
) -> Result<Message, String> {
    let tz = loaded.org.time_zone;
    let due_local = format!("{} ({})", due.with_timezone(&tz).format("%Y-%m-%d %H:%M"), tz.name());
    let reference = loaded.case.reference.as_str();
    let subject = if overdue {
        format!("FÖRSENAD: {} – {reference} skulle ha varit klar {due_local}", clock.sv())
    } else {
        format!("Påminnelse: {} – {reference} senast {due_local}", clock.sv())
    };
    let link =
        mailer.public_url.as_ref().map(|u| format!("\n\nÄrendet: {u}/cases/{}", loaded.case.id)).unwrap_or_default();
    let body = format!(
        "Fristen \"{}\" för ärende {reference} {} {due_local}.{link}\n\n\
         Reminder: the deadline \"{}\" of case {reference} {} {due_local}.\n\n\
         -- \nbreachdesk",
        clock.sv(),
        if overdue { "gick ut" } else { "löper ut" },
        clock.names().1,
        if overdue { "passed at" } else { "is due at" },
    );
    Message::builder()
        .from(mailer.from.clone())
        .to(to.parse::<Mailbox>().map_err(|e| e.to_string())?)
        .subject(subject)
        .body(body)
        .map_err(|e| e.to_string())
}

/// Runs reminder rounds for as long as the server runs.
pub fn spawn(state: AppState, mailer: Mailer, policy: ReminderPolicy) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(ROUND);
        loop {
            tick.tick().await;
            if let Err(error) = run_once(&state, &mailer, &policy).await {
                tracing::error!(%error, "reminder round failed");
            }
        }
    });
}

//! The `breachdesk` binary.

use anyhow::Context;
use breachdesk::auth::AuthSettings;
use breachdesk::auth::password::PasswordCost;
use breachdesk::cli::{Cli, Command};
use breachdesk::demo::{self, DemoOutcome};
use breachdesk::reminders::{self, Mailer};
use breachdesk::{AppState, app};
use clap::Parser;
use store::{DatabaseUrl, Store};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter =
        breachdesk::logging::filter(&cli.log).context("BREACHDESK_LOG is not a valid log filter (try: info)")?;
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();

    let url = DatabaseUrl::parse(&cli.database_url).context("BREACHDESK_DATABASE_URL")?;
    let mut store = Store::connect_with(&url, cli.database_connections)
        .await
        .with_context(|| format!("cannot open the database {}", url.masked()))?;
    if let Some(witness) = &cli.witness_file {
        store = store.with_witness(witness.clone());
    }
    store.migrate().await.context("database migration failed")?;
    // A database from before the figures were kept (or restored without them) gets them now.
    if store.figures_missing().await? {
        let cases = store.rebuild_figures(chrono::Utc::now()).await.context("rebuilding the dashboard's figures")?;
        tracing::info!(cases, "the dashboard's figures were rebuilt from the record");
    }

    match cli.command {
        Command::Migrate => {
            println!(
                "Database {} is up to date ({} migrations applied).",
                url.masked(),
                store.applied_migrations().await?
            );
        }
        Command::Demo => {
            report_demo(demo::load(&store, chrono::Utc::now()).await?);
            let passwords = breachdesk::auth::password::Passwords::new(PasswordCost::PRODUCTION)?;
            report_accounts(demo::create_accounts(&store, &passwords, chrono::Utc::now()).await?);
        }
        Command::Verify => {
            let report = store.verify(cli.witness_file.as_deref()).await?;
            println!(
                "Checked {} cases, {} chain entries ({} cases from before the event record), {} audit events, {} witness lines.",
                report.cases, report.entries, report.legacy_cases, report.audit_events, report.witness_lines
            );
            for finding in &report.findings {
                println!("{finding}");
            }
            if !report.findings.is_empty() {
                anyhow::bail!("the record does not verify: {} finding(s)", report.findings.len());
            }
            println!("The record verifies.");
        }
        Command::RebuildFigures => {
            let cases = store.rebuild_figures(chrono::Utc::now()).await?;
            println!("The dashboard's figures were recomputed from the record of {cases} cases.");
        }
        Command::User { command } => breachdesk::accounts_cli::user(&store, command).await?,
        Command::Token { command } => breachdesk::accounts_cli::token(&store, command).await?,
        Command::Remind { mail, public_url } => {
            let Some(url) = mail.smtp_url.as_deref() else {
                anyhow::bail!("BREACHDESK_SMTP_URL is not set: there is no SMTP server to send reminders through");
            };
            let mailer = Mailer::new(url, &mail.mail_from, public_url.as_deref())?;
            let auth = AuthSettings::for_public_url(public_url.as_deref(), PasswordCost::PRODUCTION)
                .context("BREACHDESK_PUBLIC_URL")?;
            let sent = reminders::run_once(&AppState::new(store, auth), &mailer, &mail.policy()).await?;
            println!("{sent} reminder(s) sent.");
        }
        Command::Serve { bind, demo, public_url, trusted_proxies, mail } => {
            let auth = AuthSettings::for_public_url(public_url.as_deref(), PasswordCost::PRODUCTION)
                .context("BREACHDESK_PUBLIC_URL")?
                .with_trusted_proxies(trusted_proxies);
            if demo {
                report_demo(demo::load(&store, chrono::Utc::now()).await?);
                report_accounts(demo::create_accounts(&store, &auth.passwords, chrono::Utc::now()).await?);
            }
            let state = AppState::new(store, auth);
            match mail.smtp_url.as_deref() {
                Some(url) => {
                    let mailer = Mailer::new(url, &mail.mail_from, public_url.as_deref())?;
                    reminders::spawn(state.clone(), mailer, mail.policy());
                    println!("Reminders: by e-mail through BREACHDESK_SMTP_URL, every minute.");
                }
                None => println!("Reminders: off (set BREACHDESK_SMTP_URL to send them)."),
            }
            let listener = tokio::net::TcpListener::bind(bind)
                .await
                .with_context(|| format!("cannot listen on {bind} (set BREACHDESK_BIND to another address)"))?;
            let local = listener.local_addr()?;
            println!("breachdesk is listening on http://{local}/ (database {})", url.masked());
            println!("API documentation: http://{local}/api/docs/");
            axum::serve(listener, app(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
                .with_graceful_shutdown(shutdown())
                .await?;
        }
    }
    Ok(())
}

fn report_demo(outcome: DemoOutcome) {
    match outcome {
        DemoOutcome::Loaded(refs) => println!("Demo loaded: {}.", refs.join(", ")),
        DemoOutcome::AlreadyHasCases => println!("The database already has cases; the demo was not loaded."),
    }
}

fn report_accounts(accounts: Option<(String, Vec<String>)>) {
    if let Some((password, emails)) = accounts {
        println!("Demo accounts (one per role), password {password} (shown only now):");
        for email in emails {
            println!("  {email}");
        }
    }
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}

//! The `breachdesk` binary.

use anyhow::Context;
use breachdesk::auth::AuthSettings;
use breachdesk::auth::oidc::{Oidc, OidcSettings};
use breachdesk::auth::password::{HashTurns, PasswordCost};
use breachdesk::cli::{Cli, Command, SignInArgs};
use breachdesk::demo::{self, DemoOutcome};
use breachdesk::reminders::{self, Mailer};
use breachdesk::{AppState, app};
use clap::Parser;
use domain::Role;
use store::{DatabaseUrl, Store};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter =
        breachdesk::logging::filter(&cli.log).context("BREACHDESK_LOG is not a valid log filter (try: info)")?;
    // Both formats carry the same fields: ids, never names or case texts (logging.rs).
    if cli.log_format == "json" {
        tracing_subscriber::fmt().json().with_env_filter(filter).with_writer(std::io::stderr).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    }

    let url = DatabaseUrl::parse(&cli.database_url).context("BREACHDESK_DATABASE_URL")?;
    // A restore goes into an empty database: nothing may create or migrate it first.
    if let Command::Restore { file } = &cli.command {
        let restored = store::backup::restore(&url, file)
            .await
            .with_context(|| format!("cannot restore {} into {}", file.display(), url.masked()))?;
        println!(
            "Restored {} into {}: {} tables, {} cases, {} chain entries; the record verifies.",
            file.display(),
            url.masked(),
            restored.counts.len(),
            restored.report.cases,
            restored.report.entries
        );
        return Ok(());
    }
    let mut store = Store::connect_with(&url, cli.database_connections)
        .await
        .with_context(|| format!("cannot open the database {}", url.masked()))?;
    if let Some(witness) = &cli.witness_file {
        store = store.with_witness(witness.clone());
    }
    if let Some(dir) = &cli.evidence_dir {
        anyhow::ensure!(dir.is_dir(), "BREACHDESK_EVIDENCE_DIR {} is not a directory", dir.display());
        store = store.with_evidence_dir(dir.clone());
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
        Command::Demo { accounts_file } => {
            report_demo(demo::load(&store, chrono::Utc::now()).await?);
            let passwords = breachdesk::auth::password::Passwords::new(PasswordCost::PRODUCTION)?;
            let accounts = demo::create_accounts(&store, &passwords, chrono::Utc::now()).await?;
            report_accounts(accounts, &accounts_file)?;
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
        Command::Backup { file } => {
            let manifest = store
                .backup(&url, &file, breachdesk::backups::VERSION, chrono::Utc::now())
                .await
                .with_context(|| format!("cannot back up {} to {}", url.masked(), file.display()))?;
            println!(
                "Backup {} written ({} bytes, SHA-256 {}), manifest {}: migration level {}, {} cases, {} events.",
                file.display(),
                manifest.size_bytes,
                manifest.sha256,
                store::backup::manifest_path(&file).display(),
                manifest.migrations.applied,
                manifest.counts.get("cases").copied().unwrap_or_default(),
                manifest.heads.get("events").map_or(0, |h| h.seq),
            );
            if manifest.verified == Some(false) {
                anyhow::bail!(
                    "the snapshot does not verify: run `breachdesk verify` (the backup is kept for inspection)"
                );
            }
        }
        Command::Restore { .. } => unreachable_restore()?,
        Command::Export { reference, file } => {
            let document = breachdesk::transfer_cli::export(&store, &reference, &file).await?;
            println!(
                "Case {reference} exported to {}: {} chain entries, head {}.",
                file.display(),
                document.case.entries.len(),
                document.case.entries.last().map(|e| e.hash.as_str()).unwrap_or_default()
            );
        }
        Command::ImportRegister { file, by, dry_run } => {
            breachdesk::register_cli::import_register(&store, &file, &by, dry_run).await?;
        }
        Command::Import { file, by } => {
            let (document, record) = breachdesk::transfer_cli::import(&store, &file, &by).await?;
            println!(
                "Case {} imported from installation {} ({} chain entries, head {} {}); its chain and events verify.",
                document.case.reference,
                document.exported.installation,
                document.case.entries.len(),
                record.head_seq,
                record.head_hash
            );
        }
        Command::RebuildFigures => {
            let cases = store.rebuild_figures(chrono::Utc::now()).await?;
            println!("The dashboard's figures were recomputed from the record of {cases} cases.");
        }
        Command::User { command } => breachdesk::accounts_cli::user(&store, command).await?,
        Command::Token { command } => breachdesk::accounts_cli::token(&store, command).await?,
        Command::Evidence { command } => breachdesk::evidence_cli::evidence(&store, command).await?,
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
        Command::Serve {
            bind,
            demo,
            demo_accounts_file,
            public_url,
            trusted_proxies,
            evidence_max_mb,
            mail,
            sign_in,
            backups,
            metrics,
        } => {
            let auth = sign_in_settings(public_url.as_deref(), &sign_in)
                .await?
                .with_trusted_proxies(trusted_proxies)
                .with_evidence_max_mb(evidence_max_mb);
            println!(
                "Password checks: {} at once{}.",
                auth.passwords.turns().0,
                if auth.local_passwords { "" } else { " (local passwords are off: single sign-on only)" }
            );
            if let Some(oidc) = &auth.oidc {
                println!("Single sign-on: OpenID Connect with {}.", oidc.issuer());
            }
            // Uploads a stopped process left half-written (no upload takes a day).
            store.sweep_abandoned_uploads(chrono::Utc::now() - chrono::TimeDelta::hours(24)).await?;
            if demo {
                report_demo(demo::load(&store, chrono::Utc::now()).await?);
                let accounts = demo::create_accounts(&store, &auth.passwords, chrono::Utc::now()).await?;
                report_accounts(accounts, &demo_accounts_file)?;
            }
            let mut state = AppState::new(store, auth);
            state.metrics = std::sync::Arc::new(breachdesk::metrics::Metrics::new(metrics.metrics_token.as_deref()));
            breachdesk::routes::session::spawn_lock_sweep(state.clone());
            if let Some(metrics_bind) = metrics.metrics_bind {
                let listener = tokio::net::TcpListener::bind(metrics_bind).await.with_context(|| {
                    format!("cannot listen on {metrics_bind} (set BREACHDESK_METRICS_BIND to another address)")
                })?;
                println!("Metrics: http://{}/metrics (no token: keep this address internal).", listener.local_addr()?);
                let metrics_app = breachdesk::metrics::metrics_app(state.clone());
                tokio::spawn(async move {
                    if let Err(error) = axum::serve(listener, metrics_app).await {
                        tracing::error!(%error, "the metrics listener stopped");
                    }
                });
            } else if metrics.metrics_token.is_some() {
                println!("Metrics: /metrics with the bearer token BREACHDESK_METRICS_TOKEN.");
            } else {
                println!("Metrics: off (set BREACHDESK_METRICS_TOKEN or BREACHDESK_METRICS_BIND to serve /metrics).");
            }
            match mail.smtp_url.as_deref() {
                Some(url) => {
                    let mailer = Mailer::new(url, &mail.mail_from, public_url.as_deref())?;
                    reminders::spawn(state.clone(), mailer, mail.policy());
                    println!("Reminders: by e-mail through BREACHDESK_SMTP_URL, every minute.");
                }
                None => println!("Reminders: off (set BREACHDESK_SMTP_URL to send them)."),
            }
            match backups.schedule() {
                Some(schedule) => {
                    println!(
                        "Backups: into {} every {} h, the newest {} kept.",
                        schedule.dir.display(),
                        backups.backup_interval_hours,
                        schedule.keep
                    );
                    breachdesk::backups::spawn(state.store.clone(), url.clone(), schedule);
                }
                None => println!("Backups: off (set BREACHDESK_BACKUP_DIR to take them)."),
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

/// Restore returns before the store is opened; reaching it here is a programming error.
fn unreachable_restore() -> anyhow::Result<()> {
    anyhow::bail!("restore is handled before the database is opened")
}

fn report_demo(outcome: DemoOutcome) {
    match outcome {
        DemoOutcome::Loaded(refs) => println!("Demo loaded: {}.", refs.join(", ")),
        DemoOutcome::AlreadyHasCases => println!("The database already has cases; the demo was not loaded."),
    }
}

fn report_accounts(accounts: Option<Vec<(String, Role, String)>>, file: &std::path::Path) -> anyhow::Result<()> {
    if let Some(accounts) = accounts {
        demo::write_accounts_file(file, &accounts)
            .with_context(|| format!("cannot write the demo accounts file {}", file.display()))?;
        println!(
            "Demo accounts (one per role, each with its own password): {} (readable only by you).",
            file.display()
        );
        for (email, role, _) in &accounts {
            println!("  {email} ({role})");
        }
    }
    Ok(())
}

/// The perimeter's settings from the command line: the public origin, password hashing turns,
/// local passwords on or off, and single sign-on (the provider is discovered now, so that a
/// wrong issuer fails at start, naming the variable).
async fn sign_in_settings(public_url: Option<&str>, args: &SignInArgs) -> anyhow::Result<AuthSettings> {
    let mut auth =
        AuthSettings::for_public_url(public_url, PasswordCost::PRODUCTION).context("BREACHDESK_PUBLIC_URL")?;
    if let Some(turns) = args.password_hash_turns {
        auth = auth.with_hash_turns(HashTurns(turns)).context("BREACHDESK_PASSWORD_HASH_TURNS")?;
    }
    let oidc = match (&args.oidc_issuer_url, &args.oidc_client_id, &args.oidc_client_secret) {
        (None, None, None) => None,
        (Some(issuer), Some(client_id), Some(secret)) => {
            let Some(origin) = auth.public_origin.clone() else {
                anyhow::bail!(
                    "single sign-on needs BREACHDESK_PUBLIC_URL: the provider redirects to PUBLIC_URL/login/oidc/callback"
                );
            };
            let settings = OidcSettings {
                issuer_url: issuer.clone(),
                client_id: client_id.clone(),
                client_secret: secret.clone(),
                public_origin: origin,
            };
            Some(Oidc::discover(settings).await.context("BREACHDESK_OIDC_ISSUER_URL")?)
        }
        _ => anyhow::bail!(
            "single sign-on needs all of BREACHDESK_OIDC_ISSUER_URL, BREACHDESK_OIDC_CLIENT_ID and BREACHDESK_OIDC_CLIENT_SECRET"
        ),
    };
    if !args.local_passwords && oidc.is_none() {
        anyhow::bail!(
            "BREACHDESK_LOCAL_PASSWORDS=false needs single sign-on (BREACHDESK_OIDC_ISSUER_URL and the client settings), or nobody could log in"
        );
    }
    auth = auth.with_local_passwords(args.local_passwords);
    if let Some(oidc) = oidc {
        auth = auth.with_oidc(oidc);
    }
    Ok(auth)
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}

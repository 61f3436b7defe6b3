//! The `breachdesk` binary.

use anyhow::Context;
use breachdesk::cli::{Cli, Command};
use breachdesk::demo::{self, DemoOutcome};
use breachdesk::{AppState, app};
use clap::Parser;
use store::{DatabaseUrl, Store};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = EnvFilter::try_new(format!("{},sqlx=warn,sea_orm=warn,sea_orm_migration=warn", cli.log))
        .context("BREACHDESK_LOG is not a valid log filter (try: info)")?;
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();

    let url = DatabaseUrl::parse(&cli.database_url).context("BREACHDESK_DATABASE_URL")?;
    let store = Store::connect(&url).await.with_context(|| format!("cannot open the database {}", url.masked()))?;
    store.migrate().await.context("database migration failed")?;

    match cli.command {
        Command::Migrate => {
            println!(
                "Database {} is up to date ({} migrations applied).",
                url.masked(),
                store.applied_migrations().await?
            );
        }
        Command::Demo => report_demo(demo::load(&store, chrono::Utc::now()).await?),
        Command::Verify => {
            let broken = store.verify_timelines().await?;
            if broken.is_empty() {
                println!("Every timeline verifies.");
            } else {
                for (case, b) in &broken {
                    println!("case {case}: {b}");
                }
                anyhow::bail!("{} timeline(s) do not match their hash chain", broken.len());
            }
        }
        Command::Serve { bind, demo } => {
            if demo {
                report_demo(demo::load(&store, chrono::Utc::now()).await?);
            }
            let listener = tokio::net::TcpListener::bind(bind)
                .await
                .with_context(|| format!("cannot listen on {bind} (set BREACHDESK_BIND to another address)"))?;
            let local = listener.local_addr()?;
            println!("breachdesk is listening on http://{local}/ (database {})", url.masked());
            println!("API documentation: http://{local}/api/docs/");
            axum::serve(
                listener,
                app(AppState::new(store)).into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
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

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}

//! The `breachdesk` command line: serve, migrate, demo, verify.

use std::net::SocketAddr;

use clap::{Parser, Subcommand};

/// Case management for personal-data breaches (GDPR Art. 33/34).
#[derive(Debug, Parser)]
#[command(name = "breachdesk", version, about, long_about = None)]
pub struct Cli {
    /// The database: sqlite://PATH (default, created if missing) or postgres://USER@HOST/DB.
    #[arg(long, env = "BREACHDESK_DATABASE_URL", default_value = "sqlite://./data/breachdesk.db", global = true)]
    pub database_url: String,

    /// Log filter (tracing EnvFilter syntax), e.g. info or breachdesk=debug.
    #[arg(long, env = "BREACHDESK_LOG", default_value = "info", global = true)]
    pub log: String,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the migrations, then serve the web UI and the JSON API.
    Serve {
        /// The address to listen on.
        #[arg(long, env = "BREACHDESK_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Load the demo cases first (only into a database without cases).
        #[arg(long)]
        demo: bool,
    },
    /// Apply every pending database migration and exit.
    Migrate,
    /// Load the demo cases (Bjuv 2024, Norrtälje 2020) into a database without cases.
    Demo,
    /// Recompute every timeline's hash chain and name the first entry that does not match.
    Verify,
}

//! The `breachdesk` command line: serve, migrate, demo, verify, user, token.

use std::net::SocketAddr;

use clap::{Parser, Subcommand};
use domain::Role;

/// Case management for personal-data breaches (GDPR Art. 33/34).
#[derive(Debug, Parser)]
#[command(name = "breachdesk", version, about, long_about = None)]
pub struct Cli {
    /// The database: sqlite://PATH (default, created if missing) or postgres://USER@HOST/DB.
    #[arg(long, env = "BREACHDESK_DATABASE_URL", default_value = "sqlite://./data/breachdesk.db", global = true)]
    pub database_url: String,

    /// Connections to the database: on PostgreSQL the pool's size, on a SQLite file the
    /// read-only connections beside the one writer.
    #[arg(long, env = "BREACHDESK_DATABASE_CONNECTIONS", default_value_t = store::DEFAULT_CONNECTIONS, global = true)]
    pub database_connections: u32,

    /// A file outside the database that every commit appends the chains' heads to, and that
    /// `verify` checks the database against: keep it on other storage (append-only, or shipped
    /// to a log server) so that cutting off the newest events is noticed even by someone who
    /// can rewrite the whole database.
    #[arg(long, env = "BREACHDESK_WITNESS_FILE", global = true)]
    pub witness_file: Option<std::path::PathBuf>,

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
        /// Load the demo first: the Bjuv and Norrtälje cases and one happening now (only into a
        /// database without cases), and one account per role with a generated password printed
        /// once (only into a database without users).
        #[arg(long)]
        demo: bool,
        /// The origin users reach breachdesk at, e.g. https://breachdesk.kommun.se. With https
        /// the session cookie is Secure and HSTS is sent; behind a proxy that rewrites Host,
        /// browsers' Origin is checked against it.
        #[arg(long, env = "BREACHDESK_PUBLIC_URL")]
        public_url: Option<String>,
        /// Reverse proxies (IP addresses, comma-separated) whose X-Forwarded-For names the
        /// client; needed behind a proxy, or every client shares the proxy's login lock.
        #[arg(long, env = "BREACHDESK_TRUSTED_PROXIES", value_delimiter = ',')]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// How reminders are sent.
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Send the reminders due now (one round, as `serve` does every minute) and exit.
    Remind {
        /// How reminders are sent.
        #[command(flatten)]
        mail: MailArgs,
        /// The origin users reach breachdesk at (for the link in the mail).
        #[arg(long, env = "BREACHDESK_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Apply every pending database migration and exit.
    Migrate,
    /// Load the demo (Bjuv 2024, Norrtälje 2020, one case happening now) into a database without
    /// cases, and one account per role with a generated password into one without users.
    Demo,
    /// Prove the record: recompute every case's hash chain and the audit log's, replay every
    /// case's events against the state tables, check the chains' heads, the append-only
    /// triggers and the witness file; name every case, entry or row that does not match and
    /// exit non-zero.
    Verify,
    /// Recompute the dashboard's figures (derived from every case's record) and exit; `serve`
    /// and `migrate` do it by themselves when some case has none.
    RebuildFigures,
    /// User accounts.
    User {
        /// What to do.
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens (sent as `Authorization: Bearer <token>`).
    Token {
        /// What to do.
        #[command(subcommand)]
        command: TokenCommand,
    },
}

/// `breachdesk user ...`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user. The password is read from standard input when it is piped (one line);
    /// otherwise a strong one is generated and printed once.
    Add {
        /// The e-mail address (the login name).
        email: String,
        /// admin, dpo, handler, management, legal or viewer.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The name shown to colleagues.
        #[arg(long)]
        name: Option<String>,
    },
    /// Change a user's role (recorded in the audit log; the user's sessions end).
    Role {
        /// The user's e-mail address.
        email: String,
        /// The new role.
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// List the users: id, role, e-mail address.
    List,
}

/// `breachdesk token ...`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token acting as the user; the token is the last line printed.
    Create {
        /// The user's e-mail address.
        email: String,
        /// Days until it expires (1 to 366).
        #[arg(long, default_value_t = domain::access::API_TOKEN_DEFAULT_DAYS)]
        days: i64,
        /// What it is for.
        #[arg(long)]
        label: Option<String>,
    },
    /// Revoke an API token by its id.
    Revoke {
        /// The token's id (as printed by `token create`).
        id: uuid::Uuid,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        format!(
            "unknown role {text:?}; use one of {}",
            Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
        )
    })
}

/// Reminder mail settings. Without an SMTP URL no reminders are sent.
#[derive(Debug, clap::Args)]
pub struct MailArgs {
    /// The SMTP server for reminders: smtp://HOST:PORT (plain, for a local relay),
    /// smtp://USER:PASSWORD@HOST?tls=required (STARTTLS) or smtps://USER:PASSWORD@HOST.
    #[arg(long, env = "BREACHDESK_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of reminder mails.
    #[arg(long, env = "BREACHDESK_MAIL_FROM", default_value = "breachdesk <breachdesk@localhost>")]
    pub mail_from: String,
    /// Hours before a due time that reminders go out (comma-separated); one more when overdue.
    #[arg(long, env = "BREACHDESK_REMIND_BEFORE_HOURS", default_value = "24,4", value_delimiter = ',')]
    pub remind_before_hours: Vec<u32>,
}

impl MailArgs {
    /// The reminder policy these settings describe.
    pub fn policy(&self) -> domain::reminders::ReminderPolicy {
        domain::reminders::ReminderPolicy {
            before: self.remind_before_hours.iter().map(|h| chrono::TimeDelta::hours(i64::from(*h))).collect(),
        }
    }
}

//! The `breachdesk` command line: serve, migrate, demo, verify, user, token, remind, backup, restore, export, import.

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

    /// A file outside the database that every commit appends the chains' heads to, and that
    /// `verify` checks the database against: keep it on other storage (append-only, or shipped
    /// to a log server) so that cutting off the newest events is noticed even by someone who
    /// can rewrite the whole database.
    #[arg(long, env = "BREACHDESK_WITNESS_FILE", global = true)]
    pub witness_file: Option<std::path::PathBuf>,

    /// Keep new evidence files in this directory (one file per item) instead of in the
    /// database: for very large files. The same hash checks apply; the directory is not in the
    /// database's backups, so back it up beside them. Items stored before stay where they are.
    #[arg(long, env = "BREACHDESK_EVIDENCE_DIR", global = true)]
    pub evidence_dir: Option<std::path::PathBuf>,

    /// Log filter (tracing EnvFilter syntax), e.g. info or breachdesk=debug.
    #[arg(long, env = "BREACHDESK_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Log lines as text (for people) or json (one object per line, for a log collector).
    #[arg(long, env = "BREACHDESK_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"], global = true)]
    pub log_format: String,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
// Parsed once at start: the size of the `serve` variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Run the migrations, then serve the web UI and the JSON API.
    Serve {
        /// The address to listen on.
        #[arg(long, env = "BREACHDESK_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Load the demo first: the Bjuv and Norrtälje cases and one happening now (only into a
        /// database without cases), and one account per role, each with its own generated
        /// password written to the --demo-accounts-file (only into a database without users).
        #[arg(long)]
        demo: bool,
        /// Where the demo accounts' passwords are written (readable by the owner only).
        #[arg(long, env = "BREACHDESK_DEMO_ACCOUNTS_FILE", default_value = DEMO_ACCOUNTS_FILE)]
        demo_accounts_file: std::path::PathBuf,
        /// The origin users reach breachdesk at, e.g. https://breachdesk.kommun.se. With https
        /// the session cookie is Secure and HSTS is sent; behind a proxy that rewrites Host,
        /// browsers' Origin is checked against it.
        #[arg(long, env = "BREACHDESK_PUBLIC_URL")]
        public_url: Option<String>,
        /// Reverse proxies (IP addresses, comma-separated) whose X-Forwarded-For names the
        /// client; needed behind a proxy, or every client shares the proxy's login lock.
        #[arg(long, env = "BREACHDESK_TRUSTED_PROXIES", value_delimiter = ',')]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// The largest evidence file accepted, in MiB (1 to 4096); a larger upload is refused
        /// with 413 while it streams in, and nothing is stored.
        #[arg(long, env = "BREACHDESK_EVIDENCE_MAX_MB", default_value_t = crate::auth::EVIDENCE_MAX_MB_DEFAULT,
              value_parser = clap::value_parser!(u64).range(1..=4096))]
        evidence_max_mb: u64,
        /// How reminders are sent.
        #[command(flatten)]
        mail: MailArgs,
        /// How users sign in.
        #[command(flatten)]
        sign_in: SignInArgs,
        /// Scheduled backups.
        #[command(flatten)]
        backups: BackupArgs,
        /// Where /metrics is served.
        #[command(flatten)]
        metrics: MetricsArgs,
        /// The public forms' limits and the inquiries' retention.
        #[command(flatten)]
        public: PublicArgs,
    },
    /// Purge the personal data of resident inquiries settled more than
    /// BREACHDESK_INQUIRY_RETENTION_DAYS ago (as `serve` does every hour); the inquiries and
    /// their counts stay, and the purge is recorded in the audit log.
    Purge {
        /// The public forms' limits and the inquiries' retention.
        #[command(flatten)]
        public: PublicArgs,
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
    /// cases, and one account per role into one without users, each with its own generated
    /// password, written to a file only its owner can read (never to standard output).
    Demo {
        /// Where the demo accounts' passwords are written.
        #[arg(long, env = "BREACHDESK_DEMO_ACCOUNTS_FILE", default_value = DEMO_ACCOUNTS_FILE)]
        accounts_file: std::path::PathBuf,
    },
    /// Prove the record: recompute every case's hash chain and the audit log's, replay every
    /// case's events against the state tables, check the chains' heads, the append-only
    /// triggers and the witness file; name every case, entry or row that does not match and
    /// exit non-zero.
    Verify,
    /// Take a consistent snapshot of the whole database into FILE, also while `serve` runs
    /// (SQLite: VACUUM INTO; PostgreSQL: pg_dump --format=custom, which must be installed), and
    /// write its manifest beside it as FILE.manifest.json: breachdesk version, migration level,
    /// the rows of every table, every chain head, the file's SHA-256 (SQLite: and whether the
    /// snapshot verifies).
    Backup {
        /// The backup file to create (it must not exist).
        file: std::path::PathBuf,
    },
    /// Restore FILE, with FILE.manifest.json beside it, into the empty database named by
    /// BREACHDESK_DATABASE_URL (a SQLite file that does not exist yet, or an empty PostgreSQL
    /// database; pg_restore must be installed). Refuses, saying why, a file whose SHA-256, row
    /// counts or chain heads differ from its manifest or whose record does not verify; the
    /// target is then left empty.
    Restore {
        /// The backup file.
        file: std::path::PathBuf,
    },
    /// Write one case with everything attached (its whole hash-chained record, what its events
    /// replay to, its controllers, how it came here if imported) to FILE as JSON in the
    /// versioned schema docs/export-schema.json.
    Export {
        /// The case's reference, e.g. PUI-2024-0007.
        reference: String,
        /// The file to write.
        file: std::path::PathBuf,
    },
    /// Import a case export FILE (from `breachdesk export` on another installation): its chain
    /// and its events are checked first (a changed document is refused, naming the entry), then
    /// it is kept exactly as written, with its original instants, marked imported by the user
    /// --by, now, from the exporting installation.
    Import {
        /// The export document.
        file: std::path::PathBuf,
        /// The e-mail address of the user importing it (recorded).
        #[arg(long)]
        by: String,
    },
    /// Import the breach register kept before breachdesk: a CSV file with `;` between fields
    /// and Swedish headings on line 1 (Datum, Beskrivning; optional: Kategorier av
    /// personuppgifter, Antal registrerade, Antal poster, Allvarlighet, Anmäld till IMY, Datum
    /// för anmälan, Åtgärder). Each row becomes a closed case marked imported by --by. Nothing
    /// is imported while any row cannot be read; every such row is named by its line.
    ImportRegister {
        /// The register, as CSV (UTF-8).
        file: std::path::PathBuf,
        /// The e-mail address of the user importing it (recorded).
        #[arg(long)]
        by: String,
        /// Only say what would be created and which rows cannot be read.
        #[arg(long)]
        dry_run: bool,
    },
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
    /// Evidence files.
    Evidence {
        /// What to do.
        #[command(subcommand)]
        command: EvidenceCommand,
    },
}

/// `breachdesk evidence ...`
#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Purge the bytes of items of evidence under the organisation's retention rule. The items
    /// and their events stay; each purge is on its case's record and in the audit log, and
    /// `verify` reports the items as purged. Cannot be undone.
    Purge {
        /// The items' ids (as listed by GET /api/v1/cases/{id}/evidence).
        #[arg(required = true)]
        ids: Vec<uuid::Uuid>,
        /// The retention decision the purge is made under (kept in the record).
        #[arg(long)]
        reason: String,
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
    /// Deactivate a user: their sessions end and their API tokens are refused at once.
    Deactivate {
        /// The user's e-mail address.
        email: String,
    },
    /// Make a deactivated user active again.
    Reactivate {
        /// The user's e-mail address.
        email: String,
    },
    /// Set a generated one-time password, printed once: the user's sessions end, and at the
    /// next login they must change it before anything else.
    ResetPassword {
        /// The user's e-mail address.
        email: String,
    },
}

/// Where `demo` writes the demo accounts' passwords unless told otherwise.
pub const DEMO_ACCOUNTS_FILE: &str = "./data/demo-accounts.txt";

/// How users sign in: breachdesk passwords, single sign-on with OpenID Connect, or both.
#[derive(Debug, clap::Args)]
pub struct SignInArgs {
    /// The OpenID Connect provider's issuer URL (e.g. https://login.microsoftonline.com/TENANT/v2.0);
    /// with it, the login page offers single sign-on. Users are matched by e-mail address to
    /// existing accounts; a login never creates one. Needs BREACHDESK_PUBLIC_URL (the provider
    /// redirects to PUBLIC_URL/login/oidc/callback).
    #[arg(long, env = "BREACHDESK_OIDC_ISSUER_URL")]
    pub oidc_issuer_url: Option<String>,
    /// The client id registered at the provider.
    #[arg(long, env = "BREACHDESK_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,
    /// The client secret (prefer the environment variable: arguments show in the process list).
    #[arg(long, env = "BREACHDESK_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,
    /// Whether users may log in with a breachdesk password; false: single sign-on only (needs
    /// the OIDC settings).
    #[arg(long, env = "BREACHDESK_LOCAL_PASSWORDS", default_value_t = true, action = clap::ArgAction::Set)]
    pub local_passwords: bool,
    /// How many password checks (argon2id, 19 MiB each) run at once; more wait up to two
    /// seconds, then get 503 with Retry-After. Default: one per core, within a quarter of the
    /// available memory.
    #[arg(long, env = "BREACHDESK_PASSWORD_HASH_TURNS")]
    pub password_hash_turns: Option<usize>,
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

/// Where `/metrics` is served. Secure by default: without either setting it is not served.
#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    /// Serve /metrics (Prometheus text format) on the main address to requests carrying
    /// `Authorization: Bearer <this token>`.
    #[arg(long, env = "BREACHDESK_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Serve /metrics, and nothing else, without a token on this address of its own (e.g.
    /// 127.0.0.1:9464; keep it reachable only by the monitoring system).
    #[arg(long, env = "BREACHDESK_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,
}

/// Scheduled backups by `serve`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Take a backup (as `breachdesk backup`) into this directory at the start and then every
    /// BREACHDESK_BACKUP_INTERVAL_HOURS; without it, `serve` takes none.
    #[arg(long, env = "BREACHDESK_BACKUP_DIR")]
    pub backup_dir: Option<std::path::PathBuf>,
    /// Hours between two scheduled backups.
    #[arg(long, env = "BREACHDESK_BACKUP_INTERVAL_HOURS", default_value_t = 24, value_parser = clap::value_parser!(u64).range(1..))]
    pub backup_interval_hours: u64,
    /// How many scheduled backups to keep: the oldest beyond this are removed.
    #[arg(long, env = "BREACHDESK_BACKUP_KEEP", default_value_t = 14, value_parser = clap::value_parser!(u64).range(1..))]
    pub backup_keep: u64,
}

impl BackupArgs {
    /// The schedule these settings describe, if backups are on.
    pub fn schedule(&self) -> Option<crate::backups::Schedule> {
        self.backup_dir.as_ref().map(|dir| crate::backups::Schedule {
            dir: dir.clone(),
            every: std::time::Duration::from_secs(self.backup_interval_hours.saturating_mul(3600)),
            keep: usize::try_from(self.backup_keep).unwrap_or(usize::MAX),
        })
    }
}

/// The public forms and the inquiries' personal data.
#[derive(Debug, Clone, clap::Args)]
pub struct PublicArgs {
    /// Days after an inquiry is answered or closed before the inquirer's personal data is
    /// purged.
    #[arg(long, env = "BREACHDESK_INQUIRY_RETENTION_DAYS", default_value_t = crate::state::DEFAULT_INQUIRY_RETENTION_DAYS)]
    pub inquiry_retention_days: u32,
    /// Inquiry posts allowed per client address, as POSTS/SECONDS.
    #[arg(long, env = "BREACHDESK_INQUIRY_RATE_LIMIT", default_value = "5/3600", value_parser = domain::rate_limit::RateLimit::parse)]
    pub inquiry_rate_limit: domain::rate_limit::RateLimit,
    /// Hours a staff report may wait untouched before the dashboard shows it to the DPO (the
    /// 72 hours to IMY may already be running from the report).
    #[arg(long, env = "BREACHDESK_REPORT_WAIT_HOURS", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=720))]
    pub report_wait_hours: u32,
}

impl PublicArgs {
    /// The settings these arguments make.
    pub fn settings(&self) -> crate::state::PublicSettings {
        crate::state::PublicSettings {
            inquiry_limit: self.inquiry_rate_limit,
            retention_days: self.inquiry_retention_days,
            report_wait: chrono::TimeDelta::hours(i64::from(self.report_wait_hours)),
        }
    }
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

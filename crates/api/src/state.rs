//! What every handler shares: the store, and the source of "now".

use std::sync::Arc;

use chrono::{DateTime, Utc};
use domain::Organisation;
use store::Store;

use crate::auth::AuthSettings;
use crate::error::AppError;

/// Where handlers get the current instant. Tests pin it; the server uses the system clock.
pub trait Now: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock;

impl Now for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always says the same instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Now for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// A clock that tests set and move forward (lockouts, session expiry).
#[derive(Debug)]
pub struct ManualClock(std::sync::Mutex<DateTime<Utc>>);

impl ManualClock {
    /// A clock showing `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self(std::sync::Mutex::new(now))
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: chrono::TimeDelta) {
        if let Ok(mut now) = self.0.lock() {
            *now += by;
        }
    }
}

impl Now for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().map(|now| *now).unwrap_or_else(|poisoned| *poisoned.into_inner())
    }
}

/// The settings of the public forms and the inquiries' retention.
#[derive(Debug, Clone, Copy)]
pub struct PublicSettings {
    /// Posts of the inquiry form allowed per client address (`BREACHDESK_INQUIRY_RATE_LIMIT`).
    pub inquiry_limit: domain::rate_limit::RateLimit,
    /// Days after an inquiry is settled before its personal data is purged
    /// (`BREACHDESK_INQUIRY_RETENTION_DAYS`).
    pub retention_days: u32,
    /// How long a staff report may wait untouched before the dashboard shows it
    /// (`BREACHDESK_REPORT_WAIT_HOURS`).
    pub report_wait: chrono::TimeDelta,
}

/// Inquirers' personal data is kept 90 days after the inquiry is settled (enough for a
/// follow-up question or a complaint to be handled with it; then it is purged).
pub const DEFAULT_INQUIRY_RETENTION_DAYS: u32 = 90;

impl Default for PublicSettings {
    fn default() -> Self {
        Self {
            inquiry_limit: domain::rate_limit::PUBLIC_FORM_LIMIT,
            retention_days: DEFAULT_INQUIRY_RETENTION_DAYS,
            report_wait: domain::staff_report::REPORT_WAITING_TOO_LONG,
        }
    }
}

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The source of "now".
    pub clock: Arc<dyn Now>,
    /// Cookies, origins and password hashing.
    pub auth: Arc<AuthSettings>,
    /// What `/metrics` reports.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// The public forms' limits and the inquiries' retention.
    pub public: Arc<PublicSettings>,
}

impl AppState {
    /// State over `store` with the system clock.
    pub fn new(store: Store, auth: AuthSettings) -> Self {
        Self {
            store,
            clock: Arc::new(SystemClock),
            auth: Arc::new(auth),
            metrics: Arc::new(crate::metrics::Metrics::new(None)),
            public: Arc::new(PublicSettings::default()),
        }
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The organisation, or the defaults before one is configured.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn organisation(&self) -> Result<Organisation, AppError> {
        Ok(casework::organisation(&self.store).await?)
    }

    /// The use cases as `actor` performs them now.
    pub fn casework<'a>(&'a self, actor: &'a casework::Actor) -> casework::Casework<'a> {
        casework::Casework::new(&self.store, actor, self.now())
    }
}

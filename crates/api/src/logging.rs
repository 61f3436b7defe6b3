//! The log filter the binary uses (and the log-scrub test, so it tests what production logs).
//! Libraries that could print SQL with its bound values are held at `warn`: a bound value can
//! be a case title or a name (no personal data in logs).

use tracing_subscriber::EnvFilter;

/// The filter for `level` (EnvFilter syntax, e.g. `info` or `breachdesk=debug`).
///
/// # Errors
/// Fails when `level` is not valid EnvFilter syntax.
pub fn filter(level: &str) -> Result<EnvFilter, tracing_subscriber::filter::ParseError> {
    EnvFilter::try_new(format!("{level},sqlx=warn,sea_orm=warn,sea_orm_migration=warn"))
}

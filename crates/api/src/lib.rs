//! The breachdesk server: JSON API, drafts, demo data and the command line.

pub mod accounts_cli;
pub mod app;
pub mod auth;
pub mod backups;
pub mod cli;
pub mod demo;
pub mod error;
pub mod evidence_cli;
pub mod extract;
pub mod logging;
pub mod metrics;
pub mod openapi;
pub mod register_cli;
pub mod reminders;
pub mod routes;
pub mod schema;
pub mod state;
pub mod transfer_cli;
pub mod web;

pub use app::app;
pub use state::{AppState, FixedClock, ManualClock, Now, SystemClock};

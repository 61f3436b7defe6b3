//! Persistence for breachdesk: one code path for SQLite (the default) and PostgreSQL.
//! Repositories take and return domain types; sea-orm models never leave this crate.

mod accounts;
mod actions;
mod assessments;
mod audit;
mod cases;
mod connect;
mod controllers;
mod convert;
mod decisions;
mod entity;
mod error;
mod exports;
mod filings;
mod organisation;
mod police;
mod reminders;
mod rules;
mod timeline;

pub use accounts::{NewUser, SessionRecord, TokenRecord};
pub use cases::{CasePage, StatusEntry};
pub use connect::{DatabaseUrl, Store};
pub use error::StoreError;
pub use exports::DraftExport;
pub use reminders::ReminderKey;

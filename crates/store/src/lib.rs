//! Persistence for breachdesk: one code path for SQLite (the default) and PostgreSQL.
//! Repositories take and return domain types; sea-orm models never leave this crate.

mod actions;
mod cases;
mod connect;
mod controllers;
mod convert;
mod entity;
mod error;
mod organisation;
mod timeline;

pub use cases::{CasePage, StatusEntry};
pub use connect::{DatabaseUrl, Store};
pub use error::StoreError;

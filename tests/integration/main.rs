//! End-to-end tests of breachdesk through its router, each on a fresh SQLite and a fresh
//! PostgreSQL database. One test binary for the whole crate.

#![allow(clippy::unwrap_used, clippy::panic)]

mod access_matrix;
mod accounts;
mod auth;
mod backup;
mod case_export;
mod cases;
mod changes;
mod deadline_rules;
mod demo;
mod drafts;
mod evidence;
mod interface;
mod invalid_input;
mod law;
mod leap_seconds;
mod legal_core;
mod log_scrub;
mod metrics;
mod migrations;
mod optimistic_concurrency;
mod record;
mod register_import;
mod reminders;
mod scale;
mod sso;
mod support;
mod web_forms;

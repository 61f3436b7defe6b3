//! Persistence for breachdesk: one code path for SQLite (the default) and PostgreSQL.
//! Repositories take and return domain types; sea-orm models never leave this crate.

mod accounts;
mod actions;
mod assessments;
mod audit;
pub mod backup;
mod case_import;
mod cases;
mod connect;
mod controllers;
mod convert;
mod decisions;
mod entity;
mod error;
mod evidence;
mod exports;
mod figures;
mod filings;
mod last_used;
mod organisation;
mod police;
mod record;
mod reminders;
mod rules;
mod search;
mod timeline;
mod used_form_keys;
mod verify;

pub use accounts::{NewUser, PasswordChange, PendingOidcLogin, SessionRecord, TokenRecord};
pub use case_import::NewImport;
pub use cases::CasePage;
pub use connect::{DEFAULT_CONNECTIONS, DatabaseUrl, Store};
pub use error::StoreError;
pub use evidence::{EVIDENCE_CHUNK_BYTES, EvidenceUpload, UploadError};
pub use exports::DraftExport;
pub use figures::{ControllerLoad, DashboardFigures, FigureTotal, StoredCaseFile};
pub use record::Precondition;
pub use reminders::ReminderKey;
pub use search::CaseQuery;
pub use verify::{Finding, VerifyReport};

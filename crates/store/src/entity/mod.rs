//! sea-orm entities: the rows as stored. They never leave this crate; repositories convert them
//! to and from domain types.

pub mod action;
pub mod api_token;
pub mod assessment;
pub mod audit_event;
pub mod case;
pub mod case_controller;
pub mod case_figure;
pub mod case_import;
pub mod case_reference_counter;
pub mod chain_head;
pub mod controller;
pub mod deadline_rule;
pub mod decision;
pub mod draft_export;
pub mod evidence_chunk;
pub mod evidence_download;
pub mod evidence_item;
pub mod figure_total;
pub mod filing;
pub mod imy_delay;
pub mod installation;
pub mod login_attempt;
pub mod login_lock;
pub mod oidc_login;
pub mod organisation;
pub mod pending_clock;
pub mod police_details;
pub mod reminder_delivery;
pub mod session;
pub mod timeline_entry;
pub mod used_form_key;
pub mod user;

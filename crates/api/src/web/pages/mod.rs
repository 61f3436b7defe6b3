//! One module per page of the web UI.

pub mod account;
pub mod admin;
pub mod case;
pub mod cases;
pub mod dashboard;
pub mod evidence;
pub mod login;
pub mod new_case;
pub mod register;
pub mod sso;

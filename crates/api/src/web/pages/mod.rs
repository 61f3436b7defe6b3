//! One module per page of the web UI.

pub mod admin;
pub mod case;
pub mod cases;
pub mod dashboard;
pub mod login;
pub mod new_case;
pub mod register;

//! sea-orm entities: the rows as stored. They never leave this crate; repositories convert them
//! to and from domain types.

pub mod action;
pub mod case;
pub mod case_controller;
pub mod case_reference_counter;
pub mod controller;
pub mod organisation;
pub mod timeline_entry;

//! The use cases of breachdesk: one function per thing a person does to a case (open it,
//! change its facts or status, log an entry, add or change an action, assess, decide, file,
//! save the police facts, export a draft). Each takes the acting person and the instant, asks
//! the domain whether the change is allowed, and records it through the store as one
//! transaction that writes the state and appends the event to the case's chain.
//!
//! The JSON routes, the web pages, the CLI, the demo loader and background jobs all call these
//! functions and hold no business rule of their own.

mod cases;
mod entries;
mod error;
mod evidence;
mod legal;
mod loaded;
mod settings;
mod transfer;

use chrono::{DateTime, Utc};
use domain::Role;
use store::Store;

pub use error::CaseworkError;
pub use legal::ExportedDraft;
pub use loaded::{DEMO_ACTOR, LoadedCase, organisation, people};
pub use transfer::TransferError;

/// Who is acting: what the record names (a user id, or `demo` for the demo loader) and the
/// role that the domain's rules consult.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// What the record keeps as the actor (no personal data: an id).
    pub id: String,
    /// The acting role.
    pub role: Role,
}

/// The use cases over one store, at one instant.
#[derive(Debug, Clone, Copy)]
pub struct Casework<'a> {
    store: &'a Store,
    actor: &'a Actor,
    now: DateTime<Utc>,
}

impl<'a> Casework<'a> {
    /// The use cases as `actor` performs them at `now`.
    pub fn new(store: &'a Store, actor: &'a Actor, now: DateTime<Utc>) -> Self {
        Casework { store, actor, now: domain::time::normalise(now) }
    }
}

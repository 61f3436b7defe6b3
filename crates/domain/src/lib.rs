//! The pure model and rules of breachdesk: organisations, controllers, cases, the timeline,
//! actions and the legal clocks. No I/O and no clock: every "now" is passed in.

pub mod access;
pub mod action;
pub mod assessment;
pub mod audit;
pub mod case;
pub mod case_export;
pub mod chain;
pub mod closing;
pub mod controller;
pub mod deadline;
pub mod decision;
pub mod evidence;
pub mod export;
pub mod figures;
pub mod filing;
pub mod ids;
pub mod names;
pub mod organisation;
pub mod police;
pub mod record;
pub mod register_import;
pub mod reminders;
pub mod rules;
pub mod text;
pub mod time;
pub mod timeline;
pub mod validation;

pub use access::{ApiToken, Email, Permission, Person, Role, User, allows};
pub use action::{Action, ActionCategory, ActionPatch, ActionStatus, NewAction};
pub use audit::{AuditAction, AuditEvent, NewAuditEvent};
pub use case::{BreachType, Case, CasePatch, CaseReference, CaseStatus, Category, NewCase, TransitionError};
pub use controller::{Controller, NewController, OrganisationNumber, OrganisationNumberError};
pub use deadline::{Clock, ClockKind, ClockState};
pub use ids::{
    ActionId, ApiTokenId, AuditEventId, CaseId, ControllerId, EvidenceId, OrganisationId, SessionId, TimelineEntryId,
    UserId,
};
pub use organisation::Organisation;
pub use timeline::{EntryKind, NewTimelineEntry, TimelineEntry};
pub use validation::{FieldError, ValidationErrors};

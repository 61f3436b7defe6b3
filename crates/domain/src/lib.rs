//! The pure model and rules of breachdesk: organisations, controllers, cases, the timeline,
//! actions and the legal clocks. No I/O and no clock: every "now" is passed in.

pub mod action;
pub mod case;
pub mod controller;
pub mod deadline;
pub mod ids;
pub mod organisation;
pub mod time;
pub mod timeline;
pub mod validation;

pub use action::{Action, ActionCategory, ActionPatch, ActionStatus, NewAction};
pub use case::{BreachType, Case, CasePatch, CaseReference, CaseStatus, Category, NewCase, TransitionError};
pub use controller::{Controller, NewController, OrganisationNumber, OrganisationNumberError};
pub use deadline::{Clock, ClockKind, ClockState};
pub use ids::{ActionId, CaseId, ControllerId, OrganisationId, TimelineEntryId};
pub use organisation::Organisation;
pub use timeline::{EntryKind, NewTimelineEntry, TimelineEntry};
pub use validation::{FieldError, ValidationErrors};

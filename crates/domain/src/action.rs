//! Actions (åtgärder): the tasks of what is to be done to contain, recover, notify and
//! prevent — each with an owner (one of the users, or a named person outside), a due instant
//! and a status. Every change is also written to the timeline by the caller.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::case::text_enum;
use crate::ids::{ActionId, CaseId, UserId};
use crate::names::Named;
use crate::text::TextRule;
use crate::time::normalise;
use crate::validation::{ValidationErrors, checked_text, required, required_text};

text_enum!(
    /// What an action is for.
    ActionCategory {
        /// Stop the breach.
        Contain = "contain",
        /// Restore systems and data.
        Recover = "recover",
        /// Tell someone (IMY, police, data subjects).
        Notify = "notify",
        /// Keep it from happening again.
        Prevent = "prevent",
    }
);

text_enum!(
    /// Where an action stands.
    ActionStatus {
        /// Not started.
        Planned = "planned",
        /// Under way.
        InProgress = "in_progress",
        /// Done.
        Done = "done",
        /// Dropped.
        Cancelled = "cancelled",
    }
);

/// One action of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// Its id.
    pub id: ActionId,
    /// The case it belongs to.
    pub case_id: CaseId,
    /// What is to be done.
    pub title: String,
    /// What it is for.
    pub category: ActionCategory,
    /// Who is responsible when it is nobody with an account (a name or role; free text).
    pub owner: Option<String>,
    /// The user responsible, when it is one of breachdesk's users. Left out of the JSON when
    /// none, so the events recorded before owners were users read and hash as they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_user_id: Option<UserId>,
    /// Where it stands.
    pub status: ActionStatus,
    /// When it should be done.
    pub due_at: Option<DateTime<Utc>>,
    /// When it was done.
    pub done_at: Option<DateTime<Utc>>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// An action as submitted, before validation.
#[derive(Debug, Clone, Default)]
pub struct NewAction {
    /// `title`
    pub title: Option<String>,
    /// `category`
    pub category: Option<ActionCategory>,
    /// `owner`
    pub owner: Option<String>,
    /// `owner_user_id` (the caller checks that the user exists)
    pub owner_user_id: Option<UserId>,
    /// `status` (default planned)
    pub status: Option<ActionStatus>,
    /// `due_at`
    pub due_at: Option<DateTime<Utc>>,
}

/// A partial update of an action.
#[derive(Debug, Clone, Default)]
pub struct ActionPatch {
    /// `title`
    pub title: Option<String>,
    /// `category`
    pub category: Option<ActionCategory>,
    /// `owner`
    pub owner: Option<Option<String>>,
    /// `owner_user_id`
    pub owner_user_id: Option<Option<UserId>>,
    /// `status`
    pub status: Option<ActionStatus>,
    /// `due_at`
    pub due_at: Option<Option<DateTime<Utc>>>,
}

impl NewAction {
    /// Validates the action and creates it.
    ///
    /// # Errors
    /// Names every missing or invalid field.
    pub fn create(self, case_id: CaseId, now: DateTime<Utc>) -> Result<Action, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let now = normalise(now);
        let title = required_text(&mut errors, "title", self.title, TextRule::line(500));
        let category = required(&mut errors, "category", self.category);
        let owner = self.owner.and_then(|o| checked_text(&mut errors, "owner", o, TextRule::line(300)));
        let (Some(title), Some(category)) = (title, category) else { return Err(errors) };
        let status = self.status.unwrap_or(ActionStatus::Planned);
        let action = Action {
            id: ActionId::new(),
            case_id,
            title,
            category,
            owner,
            owner_user_id: self.owner_user_id,
            status,
            due_at: self.due_at.map(normalise),
            done_at: (status == ActionStatus::Done).then_some(now),
            created_at: now,
            updated_at: now,
        };
        errors.into_result(action)
    }
}

impl Action {
    /// Applies a partial update; marking it done records when.
    ///
    /// # Errors
    /// Names every invalid field.
    pub fn patched(&self, patch: ActionPatch, now: DateTime<Utc>) -> Result<Action, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let now = normalise(now);
        let mut action = self.clone();
        if let Some(title) = patch.title {
            action.title = checked_text(&mut errors, "title", title, TextRule::line(500)).unwrap_or_default();
        }
        if let Some(category) = patch.category {
            action.category = category;
        }
        if let Some(owner) = patch.owner {
            action.owner = owner.and_then(|o| checked_text(&mut errors, "owner", o, TextRule::line(300)));
        }
        if let Some(user) = patch.owner_user_id {
            action.owner_user_id = user;
        }
        if let Some(due) = patch.due_at {
            action.due_at = due.map(normalise);
        }
        if let Some(status) = patch.status {
            action.status = status;
            action.done_at = match status {
                ActionStatus::Done => action.done_at.or(Some(now)),
                _ => None,
            };
        }
        action.updated_at = now;
        errors.into_result(action)
    }

    /// Whether the action is still to be done and its due instant has passed at `now`.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.is_open() && self.due_at.is_some_and(|due| due < now)
    }

    /// Whether the action is still to be done (planned or in progress).
    pub fn is_open(&self) -> bool {
        matches!(self.status, ActionStatus::Planned | ActionStatus::InProgress)
    }

    /// A one-line Swedish description of how `self` differs from `before`, for the timeline.
    pub fn change_summary(&self, before: Option<&Action>) -> String {
        match before {
            None => format!("Åtgärd tillagd: {} ({})", self.title, self.status.sv().to_lowercase()),
            Some(b) if b.status != self.status => {
                format!("Åtgärd {}: {} → {}", self.title, b.status.sv().to_lowercase(), self.status.sv().to_lowercase())
            }
            Some(_) => format!("Åtgärd ändrad: {}", self.title),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn marking_done_records_when_and_reopening_clears_it() {
        let t = Utc.with_ymd_and_hms(2024, 1, 15, 12, 0, 0).single().expect("valid");
        let a = NewAction {
            title: Some("Byt lösenord".into()),
            category: Some(ActionCategory::Contain),
            ..Default::default()
        }
        .create(CaseId::new(), t)
        .expect("valid");
        assert_eq!(a.status, ActionStatus::Planned);
        let done = a.patched(ActionPatch { status: Some(ActionStatus::Done), ..Default::default() }, t).expect("ok");
        assert_eq!(done.done_at, Some(t));
        let again =
            done.patched(ActionPatch { status: Some(ActionStatus::InProgress), ..Default::default() }, t).expect("ok");
        assert_eq!(again.done_at, None);
    }

    #[test]
    fn an_open_action_past_its_due_instant_is_overdue_and_a_finished_one_never_is() {
        let t = Utc.with_ymd_and_hms(2024, 1, 15, 12, 0, 0).single().expect("valid");
        let due = t + chrono::TimeDelta::hours(1);
        let a = NewAction {
            title: Some("Byt lösenord".into()),
            category: Some(ActionCategory::Contain),
            due_at: Some(due),
            ..Default::default()
        }
        .create(CaseId::new(), t)
        .expect("valid");
        let after = due + chrono::TimeDelta::minutes(1);
        assert!(!a.is_overdue(t), "before the due instant");
        assert!(a.is_overdue(after));
        for (status, overdue) in
            [(ActionStatus::InProgress, true), (ActionStatus::Done, false), (ActionStatus::Cancelled, false)]
        {
            let b = a.patched(ActionPatch { status: Some(status), ..Default::default() }, t).expect("ok");
            assert_eq!(b.is_overdue(after), overdue, "{status:?}");
        }
        let undated = a.patched(ActionPatch { due_at: Some(None), ..Default::default() }, t).expect("ok");
        assert!(!undated.is_overdue(after), "no due instant, never overdue");
    }

    #[test]
    fn an_action_without_an_owner_user_serialises_as_before_owners_were_users() {
        let t = Utc.with_ymd_and_hms(2024, 1, 15, 12, 0, 0).single().expect("valid");
        let a = NewAction {
            title: Some("Byt lösenord".into()),
            category: Some(ActionCategory::Contain),
            ..Default::default()
        }
        .create(CaseId::new(), t)
        .expect("valid");
        let json = serde_json::to_value(&a).expect("serialises");
        assert!(json.get("owner_user_id").is_none(), "{json}");
        let user = UserId::new();
        let owned = a.patched(ActionPatch { owner_user_id: Some(Some(user)), ..Default::default() }, t).expect("ok");
        let json = serde_json::to_value(&owned).expect("serialises");
        assert_eq!(json["owner_user_id"], serde_json::json!(user.to_string()));
        assert_eq!(serde_json::from_value::<Action>(json).expect("reads back"), owned);
    }

    #[test]
    fn an_action_needs_title_and_category() {
        let err = NewAction::default().create(CaseId::new(), Utc::now()).expect_err("empty");
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "category"]);
    }
}

//! Loads the demo data (the Bjuv and Norrtälje cases) into a database, as if breachdesk had been
//! used while they happened: each case is opened when its controller became aware, and every
//! entry, action and status change is recorded at the time it happened.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use domain::{ActionPatch, ActionStatus, CasePatch, ControllerId, Organisation, OrganisationId};
use store::{StatusEntry, Store, StoreError};

use crate::demo_data::{DemoCase, demo_data};

/// The actor recorded for demo writes.
const DEMO_ACTOR: &str = "demo";

/// What loading the demo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoOutcome {
    /// The demo cases were loaded; their references.
    Loaded(Vec<String>),
    /// The database already holds cases; nothing was changed.
    AlreadyHasCases,
}

/// Loads the demo into an empty database. Does nothing when there are cases already.
///
/// # Errors
/// Fails when the database fails or the demo data breaks a rule (a bug, caught by tests).
pub async fn load(store: &Store, now: DateTime<Utc>) -> Result<DemoOutcome, StoreError> {
    if store.cases(0, 1).await?.total > 0 {
        return Ok(DemoOutcome::AlreadyHasCases);
    }
    let data = demo_data();
    let organisation = Organisation {
        id: OrganisationId::new(),
        name: data.organisation_name,
        dpo_name: data.dpo_name,
        dpo_email: data.dpo_email,
        dpo_phone: data.dpo_phone,
        time_zone: Tz::Europe__Stockholm,
    };
    if store.organisation().await?.is_none() {
        store.save_organisation(&organisation, now).await?;
    }
    let mut controller_ids = Vec::new();
    for new in data.controllers {
        let controller = new.validate(ControllerId::new())?;
        store.insert_controller(&controller, now).await?;
        controller_ids.push(controller.id);
    }
    let mut references = Vec::new();
    for demo in data.cases {
        references.push(load_case(store, demo, &controller_ids).await?);
    }
    Ok(DemoOutcome::Loaded(references))
}

async fn load_case(store: &Store, demo: DemoCase, controller_ids: &[ControllerId]) -> Result<String, StoreError> {
    let mut new = demo.case;
    new.controller_ids = demo.controllers.iter().filter_map(|i| controller_ids.get(*i).copied()).collect();
    let opened_at = new.aware_at.unwrap_or_else(Utc::now) + TimeDelta::minutes(10);
    let case = store.create_case(new, DEMO_ACTOR, opened_at).await?;
    // Entries are logged a few minutes after they happen, never before the case was opened.
    let mut clock = opened_at;
    let mut tick = |at: Option<DateTime<Utc>>| {
        clock = at.map_or(clock, |t| t + TimeDelta::minutes(3)).max(clock + TimeDelta::minutes(1));
        clock
    };
    for entry in demo.timeline {
        let at = tick(entry.occurred_at);
        store.append_timeline(case.id, entry, DEMO_ACTOR, at).await?;
    }
    for (new_action, done_at) in demo.actions {
        let at = tick(None);
        let action = new_action.create(case.id, at)?;
        store.insert_action(&action, DEMO_ACTOR, at).await?;
        if let Some(done) = done_at {
            let at = tick(Some(done));
            let finished =
                action.patched(ActionPatch { status: Some(ActionStatus::Done), ..ActionPatch::default() }, at)?;
            store.update_action(&action, &finished, DEMO_ACTOR, at).await?;
        }
    }
    let mut current = store.case(case.id).await?;
    for status in demo.status_path {
        let at = tick(None);
        let (next, change) = current.patched(CasePatch { status: Some(status), ..CasePatch::default() }, at)?;
        let entry = change
            .map(|c| StatusEntry {
                actor: DEMO_ACTOR.into(), text: format!("Status ändrad: {} → {}.", c.from, c.to)
            });
        store.update_case(&next, current.version, entry, at).await?;
        current = next;
    }
    Ok(case.reference.to_string())
}

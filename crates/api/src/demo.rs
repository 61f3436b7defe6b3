//! Loads the demo data (the Bjuv and Norrtälje cases with their public notices, one case
//! happening now and a staff report waiting in the queue) into a
//! database, as if breachdesk had been used while they happened: each case is opened when its
//! controller became aware, and every entry, action, assessment, decision, filing and status
//! change is recorded at the time it happened, in the order it happened. The seed cases come
//! from the data files of [`format`]; the case happening now and the waiting report are
//! computed here from `now`.

use casework::{Actor, Casework, CaseworkError};
use chrono::{DateTime, TimeDelta, Utc};
use domain::case::{CountRange, DataSubjectCategory, PersonalDataCategory};
use domain::{
    ActionCategory, ActionPatch, ActionStatus, BreachType, CasePatch, CaseStatus, Category, ControllerId, EntryKind,
    NewAction, NewCase, NewTimelineEntry, OrganisationId, Role,
};
use store::Store;

pub mod format;

use format::{DemoCase, DemoData, DemoFileError, demo_data};

/// The actor recorded for demo writes.
use casework::DEMO_ACTOR;

/// The controller the live case affects (a key in the seed files).
const LIVE_CASE_CONTROLLER: &str = "bjuv-bun";

/// Why the demo could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// A data file does not parse (a bug, caught by the tests).
    #[error(transparent)]
    File(#[from] DemoFileError),
    /// A use case refused or the database failed.
    #[error(transparent)]
    Casework(#[from] CaseworkError),
}

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
/// Fails when the database fails, a data file does not parse or the demo data breaks a rule
/// (a bug, caught by tests).
pub async fn load(store: &Store, now: DateTime<Utc>) -> Result<DemoOutcome, DemoError> {
    let data = demo_data()?;
    Ok(load_data(store, data, now).await?)
}

/// Loads `data` (the files' contents, perhaps trimmed by a test) into an empty database, as
/// [`load`] does.
///
/// # Errors
/// Fails when the database fails or the data breaks a rule.
pub async fn load_data(store: &Store, data: DemoData, now: DateTime<Utc>) -> Result<DemoOutcome, CaseworkError> {
    if store.cases(0, 1).await?.total > 0 {
        return Ok(DemoOutcome::AlreadyHasCases);
    }
    let live = live_case(now, data.controller_index(LIVE_CASE_CONTROLLER));
    let organisation = data.organisation.settle(OrganisationId::new())?;
    if store.organisation().await?.is_none() {
        store.save_organisation(&organisation, None, now).await?;
    }
    let mut controller_ids = Vec::new();
    for new in data.controllers {
        let controller = new.validate(ControllerId::new())?;
        store.insert_controller(&controller, now).await?;
        controller_ids.push(controller.id);
    }
    let mut references = Vec::new();
    for demo in data.cases.into_iter().chain([live]) {
        references.push(load_case(store, demo, &controller_ids).await?);
    }
    let reporter = Actor { id: DEMO_ACTOR.to_owned(), role: Role::Handler };
    Casework::new(store, &reporter, now - TimeDelta::hours(1)).submit_report(live_report(now)).await?;
    Ok(DemoOutcome::Loaded(references))
}

/// A case happening now, so that the demo has clocks running: a misdirected e-mail with
/// pupils' data, discovered yesterday at a school of Bjuvs kommun (`controller`, an index into
/// the seed files' controllers). Its instants are relative to `now`; nothing in it comes from
/// the seeds.
fn live_case(now: DateTime<Utc>, controller: Option<usize>) -> DemoCase {
    let detected = now - TimeDelta::hours(20);
    let aware = now - TimeDelta::hours(19);
    let contained = aware + TimeDelta::hours(1);
    let entry = |at: DateTime<Utc>, kind: EntryKind, text: &str| NewTimelineEntry {
        occurred_at: Some(at),
        kind: Some(kind),
        text: Some(text.to_owned()),
        corrects: None,
    };
    let action = |title: &str, category: ActionCategory, owner: &str, status: ActionStatus, due_at| NewAction {
        title: Some(title.to_owned()),
        category: Some(category),
        owner: Some(owner.to_owned()),
        status: Some(status),
        due_at,
        ..NewAction::default()
    };
    DemoCase {
        case: NewCase {
            title: Some("Felskickat e-postmeddelande med elevuppgifter".to_owned()),
            description: Some(
                "En lärare skickade en klasslista med elevers personnummer och särskilda stödbehov till fel vårdnadshavare (autokomplettering i e-postprogrammet).".to_owned(),
            ),
            category: Some(Category::Misdirected),
            breach_types: Some(vec![BreachType::Confidentiality]),
            detected_at: Some(detected),
            aware_at: Some(aware),
            detection_method: Some("Mottagaren hörde av sig till skolan.".to_owned()),
            personal_data_categories: vec![PersonalDataCategory::Personnummer, PersonalDataCategory::Health],
            data_subject_categories: vec![DataSubjectCategory::Pupils],
            data_subjects_count: Some(CountRange { min: 24, max: 24 }),
            ..NewCase::default()
        },
        controllers: controller.into_iter().collect(),
        timeline: vec![
            entry(detected, EntryKind::Detection, "Vårdnadshavare ringde skolan: har fått en klasslista som inte gäller hennes barn."),
            entry(aware, EntryKind::Decision, "Rektor och dataskyddsombud bekräftar att listan innehåller personnummer och uppgifter om stödbehov."),
            entry(contained, EntryKind::Containment, "Mottagaren har bekräftat skriftligen att meddelandet är raderat."),
        ],
        actions: vec![
            (
                action("Be mottagaren radera meddelandet och bekräfta skriftligen", ActionCategory::Contain, "Rektor", ActionStatus::Done, None),
                Some(contained),
            ),
            (
                action("Stäng av autokomplettering av adresser i skolans e-post", ActionCategory::Prevent, "IT-avdelningen", ActionStatus::Planned, Some(now + TimeDelta::days(7))),
                None,
            ),
        ],
        status_path: vec![CaseStatus::Investigating],
        assessment: None,
        decisions: Vec::new(),
        filings: Vec::new(),
        police: None,
        evidence: Vec::new(),
        notice: None,
        inquiries: Vec::new(),
    }
}

/// A staff report waiting in the DPO's queue, sent an hour ago (written for the demo).
fn live_report(now: DateTime<Utc>) -> domain::staff_report::NewStaffReport {
    domain::staff_report::NewStaffReport {
        what_happened: Some(
            "En pärm med brukarnas genomförandeplaner saknas sedan i morse i personalrummet på hemtjänstens kontor. Den kan ha följt med i en låda som kördes till återvinningen. (Skrivet för demon.)".to_owned(),
        ),
        noticed_at: Some(now - TimeDelta::hours(2)),
        unit: Some("Hemtjänsten, område Norr".to_owned()),
        contact: Some("enhetschef.norr@example.se, 0700-00 00 00".to_owned()),
    }
}

/// One thing that happened in a demo case, to be replayed in time order.
enum Event {
    Entry(domain::NewTimelineEntry),
    Action(domain::NewAction, usize),
    ActionDone(usize),
    Assessment(domain::assessment::NewAssessment),
    Decision(domain::decision::NewDecision),
    Filing(domain::filing::NewFiling),
    Police(domain::police::PoliceDetails),
    Evidence(format::DemoEvidence),
    /// A notice revision: its draft saved, then published.
    Notice(domain::notice::NoticeInput),
    /// An inquiry received through the case's notice (its slug), by index.
    Inquiry(String, domain::inquiry::NewInquiry, usize),
    /// The answer to the inquiry of that index.
    Answer(usize, String, String),
}

async fn load_case(store: &Store, demo: DemoCase, controller_ids: &[ControllerId]) -> Result<String, CaseworkError> {
    let index = |i: usize| controller_ids.get(i).copied();
    let mut new = demo.case;
    new.controller_ids = demo.controllers.iter().filter_map(|i| index(*i)).collect();
    let opened_at = new.aware_at.unwrap_or_else(Utc::now) + TimeDelta::minutes(10);
    let actor = Actor { id: DEMO_ACTOR.to_owned(), role: Role::Dpo };
    let case = Casework::new(store, &actor, opened_at).open_case(new).await?;

    let mut events: Vec<(DateTime<Utc>, Event)> = Vec::new();
    for entry in demo.timeline {
        events.push((entry.occurred_at.unwrap_or(opened_at), Event::Entry(entry)));
    }
    for (i, (action, done_at)) in demo.actions.into_iter().enumerate() {
        events.push((opened_at, Event::Action(action, i)));
        if let Some(done) = done_at {
            events.push((done.max(opened_at), Event::ActionDone(i)));
        }
    }
    if let Some((assessment, at)) = demo.assessment {
        events.push((at, Event::Assessment(assessment)));
    }
    for (decision, at) in demo.decisions {
        events.push((at, Event::Decision(decision)));
    }
    for (mut filing, controller) in demo.filings {
        filing.controller_id = controller.and_then(index);
        events.push((filing.submitted_at.unwrap_or(opened_at), Event::Filing(filing)));
    }
    // Stable: events at the same instant keep their order (an action before its completion).
    if let Some((details, at)) = demo.police {
        events.push((at, Event::Police(details)));
    }
    for evidence in demo.evidence {
        events.push((evidence.at, Event::Evidence(evidence)));
    }
    let slug = demo.notice.as_ref().and_then(|n| n.revisions.first()).and_then(|(input, _)| input.slug.clone());
    for (input, at) in demo.notice.into_iter().flat_map(|n| n.revisions) {
        events.push((at, Event::Notice(input)));
    }
    for (i, inquiry) in demo.inquiries.into_iter().enumerate() {
        events.push((inquiry.at, Event::Inquiry(slug.clone().unwrap_or_default(), inquiry.new, i)));
        if let Some((at, text, channel)) = inquiry.answer {
            events.push((at, Event::Answer(i, text, channel)));
        }
    }
    events.sort_by_key(|(at, _)| *at);
    let mut inquiries: Vec<Option<domain::InquiryId>> = Vec::new();
    let mut actions: Vec<Option<domain::Action>> = Vec::new();

    // Each event is logged a few minutes after it happens, never before the case was opened
    // and never before the one logged before it.
    let mut clock = opened_at;
    let mut tick = |at: DateTime<Utc>| {
        clock = (at + TimeDelta::minutes(3)).max(clock + TimeDelta::minutes(1));
        clock
    };
    for (at, event) in events {
        // The same use cases as the API and the web UI, with the clock set to the seed's instant.
        let logged_at = tick(at);
        let work = Casework::new(store, &actor, logged_at);
        match event {
            Event::Entry(entry) => {
                work.log_entry(case.id, entry).await?;
            }
            Event::Action(new_action, i) => {
                // Created as planned; completion is its own event, when it happened.
                let new_action =
                    domain::NewAction { status: new_action.status.filter(|s| *s != ActionStatus::Done), ..new_action };
                let action = work.add_action(case.id, new_action).await?;
                actions.resize(actions.len().max(i + 1), None);
                actions[i] = Some(action);
            }
            Event::ActionDone(i) => {
                if let Some(action) = actions.get(i).cloned().flatten() {
                    let patch = ActionPatch { status: Some(ActionStatus::Done), ..ActionPatch::default() };
                    work.change_action(case.id, action.id, patch).await?;
                }
            }
            Event::Assessment(new) => {
                work.assess(case.id, new).await?;
            }
            Event::Decision(new) => {
                work.decide(case.id, new).await?;
            }
            Event::Police(details) => {
                work.save_police_details(case.id, details).await?;
            }
            Event::Filing(new) => {
                work.file(case.id, new).await?;
            }
            Event::Evidence(evidence) => {
                // Through the store's streaming upload, as a file from the API would come.
                let mut upload = store.evidence_upload(evidence.bytes.len() as u64, logged_at).await?;
                upload.write(evidence.bytes).await.map_err(|e| match e {
                    store::UploadError::Store(e) => CaseworkError::from(e),
                    other => CaseworkError::from(store::StoreError::Corrupt(other.to_string())),
                })?;
                let stored = upload.finish().await?;
                work.add_evidence(case.id, evidence.new, stored).await?;
            }
            Event::Notice(input) => {
                work.save_notice_draft(case.id, input).await?;
                work.publish_notice(case.id).await?;
            }
            Event::Inquiry(slug, new, i) => {
                let inquiry = work.receive_inquiry(&slug, new).await?;
                inquiries.resize(inquiries.len().max(i + 1), None);
                inquiries[i] = Some(inquiry.id);
            }
            Event::Answer(i, text, channel) => {
                if let Some(id) = inquiries.get(i).copied().flatten() {
                    work.answer_inquiry(id, Some(text), Some(channel)).await?;
                }
            }
        }
    }
    let mut at = tick(opened_at);
    for status in demo.status_path {
        at += TimeDelta::minutes(5);
        let work = Casework::new(store, &actor, at);
        let current = store.case(case.id).await?;
        work.change_case(
            case.id,
            Some(current.version),
            CasePatch { status: Some(status), ..CasePatch::default() },
            None,
        )
        .await?;
    }
    Ok(case.reference.to_string())
}

/// The demo's accounts: one per role, `ROLE@demo.example`, each with its own password generated
/// now. Created only while there are no users at all, so a real installation never gains them;
/// there is no default password. Returns (e-mail address, role, password) of each.
///
/// # Errors
/// Fails when the database fails or a password cannot be generated or hashed.
pub async fn create_accounts(
    store: &Store,
    passwords: &crate::auth::password::Passwords,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Vec<(String, Role, String)>>> {
    if !store.users().await?.is_empty() {
        return Ok(None);
    }
    let mut accounts = Vec::new();
    for role in domain::Role::ALL {
        let password = crate::accounts_cli::generated_password()?;
        let email = format!("{}@demo.example", role.as_str());
        let name = format!("Demo {}", role.as_str());
        let new = crate::routes::users::new_user(
            passwords,
            Some(email.clone()),
            Some(name),
            Some(*role),
            Some(password.clone()),
        )
        .await
        .map_err(|e| anyhow::anyhow!("demo account {email}: {e}"))?;
        store.create_user(new, DEMO_ACCOUNTS_ACTOR, now).await?;
        accounts.push((email, *role, password));
    }
    Ok(Some(accounts))
}

/// The actor recorded for the demo accounts.
const DEMO_ACCOUNTS_ACTOR: &str = DEMO_ACTOR;

/// Writes the demo accounts and their passwords to `path`, readable and writable by its owner
/// only (mode 0600 from the moment it exists): passwords never go to standard output, where a
/// service's journal would keep them.
///
/// # Errors
/// Fails when the file cannot be written.
pub fn write_accounts_file(path: &std::path::Path, accounts: &[(String, Role, String)]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        // An older file keeps its mode when opened: set it again.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        return write_accounts(file, accounts);
    }
    #[cfg(not(unix))]
    {
        return write_accounts(options.open(path)?, accounts);
    }
    fn write_accounts(mut file: std::fs::File, accounts: &[(String, Role, String)]) -> std::io::Result<()> {
        writeln!(file, "# breachdesk demo accounts: e-mail address, role, password")?;
        for (email, role, password) in accounts {
            writeln!(file, "{email}\t{role}\t{password}")?;
        }
        file.sync_all()
    }
}

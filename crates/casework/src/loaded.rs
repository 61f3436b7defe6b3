//! A case with everything the law looks at, loaded for one request or one use case.

use chrono::{DateTime, Utc};
use domain::assessment::Assessment;
use domain::decision::Decision;
use domain::filing::Filing;
use domain::rules::{CaseFile, DeadlineRule};
use domain::{Case, CaseId, Clock, Organisation, OrganisationId};
use store::{Store, StoreError, StoredCaseFile};

/// The organisation a fresh installation starts with, until an admin sets it up.
fn default_organisation() -> Organisation {
    Organisation {
        id: OrganisationId(uuid::Uuid::nil()),
        name: "Min organisation".into(),
        dpo_name: String::new(),
        dpo_email: String::new(),
        dpo_phone: String::new(),
        contact_address: String::new(),
        contact_name: String::new(),
        contact_email: String::new(),
        contact_phone: String::new(),
        time_zone: domain::organisation::DEFAULT_TIME_ZONE,
    }
}

/// The organisation, or the default one before an admin has set it up.
///
/// # Errors
/// Fails when the database cannot be read.
pub async fn organisation(store: &Store) -> Result<Organisation, StoreError> {
    Ok(store.organisation().await?.unwrap_or_else(default_organisation))
}

/// The actor the demo loader records (`breachdesk demo`).
pub const DEMO_ACTOR: &str = "demo";

/// The people behind the ids the record keeps, for the drafts and the register (assessors and
/// deciders by name and role). The demo's records were made on behalf of the organisation's
/// DPO, so the demo actor is named as the DPO.
///
/// # Errors
/// Fails when the database cannot be read.
pub async fn people(store: &Store) -> Result<Vec<domain::Person>, StoreError> {
    let mut people: Vec<domain::Person> = store.users().await?.iter().map(domain::Person::of).collect();
    let org = organisation(store).await?;
    let name = if org.dpo_name.trim().is_empty() { "Demonstrationsdata".to_owned() } else { org.dpo_name };
    people.push(domain::Person { id: DEMO_ACTOR.to_owned(), name, role: domain::Role::Dpo });
    Ok(people)
}

/// A case with its legal record.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    /// The organisation (time zone, DPO).
    pub org: Organisation,
    /// The case.
    pub case: Case,
    /// Its current assessment.
    pub assessment: Option<Assessment>,
    /// Every decision, all revisions.
    pub decisions: Vec<Decision>,
    /// Every filing.
    pub filings: Vec<Filing>,
    /// Every deadline rule, every version.
    pub rules: Vec<DeadlineRule>,
}

impl LoadedCase {
    /// Loads a case and its legal record.
    ///
    /// # Errors
    /// `NotFound` for an unknown case; fails when the database cannot be read.
    pub async fn load(store: &Store, id: CaseId) -> Result<Self, StoreError> {
        let case = store.case(id).await?;
        Ok(LoadedCase {
            org: organisation(store).await?,
            assessment: store.assessment(id).await?,
            decisions: store.decisions(id).await?,
            filings: store.filings(id).await?,
            rules: store.deadline_rules().await?,
            case,
        })
    }

    /// Cases with their legal records, from what the store read for them.
    async fn with_context(store: &Store, files: Vec<StoredCaseFile>) -> Result<Vec<Self>, StoreError> {
        if files.is_empty() {
            return Ok(Vec::new());
        }
        let org = organisation(store).await?;
        let rules = store.deadline_rules().await?;
        Ok(files
            .into_iter()
            .map(|f| LoadedCase {
                org: org.clone(),
                case: f.case,
                assessment: f.assessment,
                decisions: f.decisions,
                filings: f.filings,
                rules: rules.clone(),
            })
            .collect())
    }

    /// These cases with their legal records, newest first (unknown ids are left out). A query
    /// per table, however many cases.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn load_many(store: &Store, ids: &[CaseId]) -> Result<Vec<Self>, StoreError> {
        Self::with_context(store, store.case_files(ids).await?).await
    }

    /// Every open case with its legal record, newest first (the reminder round): the closed
    /// cases are never read.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn load_open(store: &Store) -> Result<Vec<Self>, StoreError> {
        Self::with_context(store, store.open_case_files().await?).await
    }

    /// Up to `limit` cases newest first, after the case `after` in that order (a cursor).
    ///
    /// # Errors
    /// `NotFound` when `after` is not a case; fails when the database cannot be read.
    pub async fn load_page(store: &Store, after: Option<CaseId>, limit: u64) -> Result<Vec<Self>, StoreError> {
        Self::with_context(store, store.case_files_page(after, limit).await?).await
    }

    /// Every case with its legal record, newest first, read a page at a time (each page a
    /// query per table, grouped by case in one pass: linear in the number of cases). For what
    /// must show every case (the register PDF); lists read pages.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn load_all(store: &Store) -> Result<Vec<Self>, StoreError> {
        const PAGE: u64 = 1000;
        let mut all: Vec<Self> = Vec::new();
        loop {
            let page = Self::load_page(store, all.last().map(|l| l.case.id), PAGE).await?;
            let done = (page.len() as u64) < PAGE;
            all.extend(page);
            if done {
                return Ok(all);
            }
        }
    }

    /// The case file the domain rules read.
    pub fn file(&self) -> CaseFile<'_> {
        CaseFile {
            case: &self.case,
            assessment: self.assessment.as_ref(),
            decisions: &self.decisions,
            filings: &self.filings,
        }
    }

    /// Every clock at `now`.
    pub fn clocks(&self, now: DateTime<Utc>) -> Vec<Clock> {
        self.file().clocks(&self.rules, self.org.time_zone, now)
    }
}

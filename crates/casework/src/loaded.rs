//! A case with everything the law looks at, loaded for one request or one use case.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::assessment::Assessment;
use domain::decision::Decision;
use domain::filing::Filing;
use domain::inquiry::Inquiry;
use domain::rules::{CaseFile, DeadlineRule};
use domain::{Case, CaseId, Clock, Organisation, OrganisationId};
use store::{Store, StoreError};

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
        security_advice_url: String::new(),
        time_zone: Tz::Europe__Stockholm,
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

/// The instant `case` first concluded a high risk, from the list of such instants.
fn first_high_risk(all: &[(CaseId, DateTime<Utc>)], case: CaseId) -> Option<DateTime<Utc>> {
    all.iter().find(|(id, _)| *id == case).map(|(_, at)| *at)
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
    /// When an assessment first concluded a high risk (GDPR Art. 34: the data-subject clock
    /// counts from then).
    pub high_risk_first_at: Option<DateTime<Utc>>,
    /// Every decision, all revisions.
    pub decisions: Vec<Decision>,
    /// Every filing.
    pub filings: Vec<Filing>,
    /// Every deadline rule, every version.
    pub rules: Vec<DeadlineRule>,
    /// Every resident inquiry (each has its Art. 12(3) clock).
    pub inquiries: Vec<Inquiry>,
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
            high_risk_first_at: store.first_high_risk_conclusions(Some(&[id.0])).await?.first().map(|(_, at)| *at),
            decisions: store.decisions(id).await?,
            filings: store.filings(id).await?,
            rules: store.deadline_rules().await?,
            inquiries: store.inquiries(id).await?,
            case,
        })
    }

    /// Every case with its legal record, newest first.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn load_all(store: &Store) -> Result<Vec<Self>, StoreError> {
        let org = organisation(store).await?;
        let rules = store.deadline_rules().await?;
        // One query per table, then grouped by case: the dashboard and the reminder round
        // read everything, so this must not grow a query per case.
        let assessments = store.current_assessments().await?;
        let high_risks = store.first_high_risk_conclusions(None).await?;
        let decisions = store.all_decisions().await?;
        let filings = store.all_filings().await?;
        let inquiries = store.all_inquiries().await?;
        Ok(store
            .all_cases()
            .await?
            .into_iter()
            .map(|case| LoadedCase {
                org: org.clone(),
                assessment: assessments.iter().find(|a| a.case_id == case.id).cloned(),
                high_risk_first_at: first_high_risk(&high_risks, case.id),
                decisions: decisions.iter().filter(|d| d.case_id == case.id).cloned().collect(),
                filings: filings.iter().filter(|f| f.case_id == case.id).cloned().collect(),
                rules: rules.clone(),
                inquiries: inquiries.iter().filter(|(c, _)| *c == case.id).map(|(_, i)| i.clone()).collect(),
                case,
            })
            .collect())
    }

    /// Every open case with its legal record: the queries read only the open cases.
    ///
    /// # Errors
    /// Fails when the database cannot be read.
    pub async fn load_open(store: &Store) -> Result<Vec<Self>, StoreError> {
        let org = organisation(store).await?;
        let rules = store.deadline_rules().await?;
        let files = store.open_case_files().await?;
        Ok(files
            .cases
            .into_iter()
            .map(|case| LoadedCase {
                org: org.clone(),
                assessment: files.assessments.iter().find(|a| a.case_id == case.id).cloned(),
                high_risk_first_at: first_high_risk(&files.high_risk_first_at, case.id),
                decisions: files.decisions.iter().filter(|d| d.case_id == case.id).cloned().collect(),
                filings: files.filings.iter().filter(|f| f.case_id == case.id).cloned().collect(),
                rules: rules.clone(),
                inquiries: files.inquiries.iter().filter(|(c, _)| *c == case.id).map(|(_, i)| i.clone()).collect(),
                case,
            })
            .collect())
    }

    /// The case file the domain rules read.
    pub fn file(&self) -> CaseFile<'_> {
        CaseFile {
            case: &self.case,
            assessment: self.assessment.as_ref(),
            high_risk_first_at: self.high_risk_first_at,
            decisions: &self.decisions,
            filings: &self.filings,
        }
    }

    /// Every clock at `now`.
    pub fn clocks(&self, now: DateTime<Utc>) -> Vec<Clock> {
        let mut clocks = self.file().clocks(&self.rules, self.org.time_zone, now);
        // GDPR Art. 12(3): one clock per inquiry, beside the case's own.
        clocks.extend(self.inquiries.iter().map(|i| i.clock(self.org.time_zone, now)));
        clocks
    }
}

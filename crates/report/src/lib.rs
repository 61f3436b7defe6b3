//! PDF drafts of breachdesk, rendered with printpdf: domain types in, bytes out.
//!
//! The drafts: the IMY notification (GDPR Art. 33) and its supplement, the police report
//! (polisanmälan), the communication to the data subjects (Art. 34(2)) and the breach register
//! (Art. 33(5)). Every draft is A4 (the register landscape), set in embedded Noto Sans (so å, ä
//! and ö extract as text), marked "UTKAST"/"DRAFT" with the case reference, version, generation
//! time and "Sida x av y" on every page, and deterministic: the same input gives the same bytes.

mod common;
mod evidence;
mod fonts;
mod imy;
mod labels;
mod layout;
mod police;
mod register;
mod subjects;
mod supplement;

/// The language a draft is written in: the language of `domain::names`, so a draft and the
/// names of the values in it cannot disagree (`Lang::parse("sv")`, `Lang::Sv.as_str()`).
pub type Lang = domain::names::Language;

/// Everything a draft of one case is made from.
#[derive(Debug, Clone, Copy)]
pub struct DraftContext<'a> {
    /// The organisation (DPO contact details and the time zone times are shown in).
    pub organisation: &'a domain::Organisation,
    /// The controller this IMY notification (or supplement) is for; `None`: not chosen yet
    /// (listed as missing). The police report and the data-subject communication name it as
    /// the sender when given, else the case's first controller.
    pub controller: Option<&'a domain::Controller>,
    /// Every controller of the case.
    pub controllers: &'a [domain::Controller],
    /// The current risk assessment, if made.
    pub assessment: Option<&'a domain::assessment::Assessment>,
    /// Every decision of the case, all revisions (the one in force is the latest revision).
    pub decisions: &'a [domain::decision::Decision],
    /// Every filing recorded on the case (IMY, police, data subjects, public, CSIRT).
    pub filings: &'a [domain::filing::Filing],
    /// The police-report facts recorded on the case (signatory, traces, evidence custody,
    /// damage, ransom demand, suspects); what is missing prints as a marked blank.
    pub police: Option<&'a domain::police::PoliceDetails>,
    /// The case.
    pub case: &'a domain::Case,
    /// The case's timeline, in any order (the annex sorts it by when things happened).
    pub timeline: &'a [domain::TimelineEntry],
    /// The case's actions.
    pub actions: &'a [domain::Action],
    /// The case's clocks, evaluated at `generated_at`; the IMY 72-hour clock is taken from here.
    pub clocks: &'a [domain::Clock],
    /// The evidence items of the case (withdrawn and purged ones are left out of the drafts).
    pub evidence: &'a [domain::evidence::EvidenceItem],
    /// When the draft is generated: shown on every page and written as the PDF creation date.
    pub generated_at: chrono::DateTime<chrono::Utc>,
    /// The language of the draft.
    pub lang: Lang,
    /// The people behind the ids the record keeps (assessors, deciders), named by name and role.
    pub people: &'a [domain::Person],
}

/// Why a draft could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The bundled Noto Sans fonts could not be parsed (a broken build, not bad input).
    #[error("the bundled Noto Sans fonts could not be parsed")]
    Font,
    /// `generated_at` is outside what a PDF date can hold.
    #[error("generated_at {0} cannot be written as a PDF date")]
    Timestamp(chrono::DateTime<chrono::Utc>),
    /// printpdf reported an error while building the document.
    #[error("the PDF could not be built: {0}")]
    Pdf(String),
    /// Writing the PDF bytes failed.
    #[error("the PDF could not be written: {0}")]
    Write(#[from] std::io::Error),
    /// A supplement needs an earlier IMY filing to compare with, and none is recorded (for the
    /// controller, or without one).
    #[error("no earlier IMY filing is recorded for this case and controller")]
    NoEarlierFiling,
    /// The content snapshot of the earlier IMY filing is not a case as this version reads it.
    #[error("the content snapshot of the IMY filing {filing} cannot be read: {reason}")]
    Snapshot {
        /// The filing whose snapshot failed.
        filing: uuid::Uuid,
        /// What the JSON reader said.
        reason: String,
    },
}

/// One case of the breach register with what was recorded about it.
#[derive(Debug, Clone, Copy)]
pub struct RegisterEntry<'a> {
    /// The case.
    pub case: &'a domain::Case,
    /// Its current risk assessment, if made.
    pub assessment: Option<&'a domain::assessment::Assessment>,
    /// Its decisions, all revisions.
    pub decisions: &'a [domain::decision::Decision],
    /// Its filings.
    pub filings: &'a [domain::filing::Filing],
    /// Its actions (the remedial action taken is those done).
    pub actions: &'a [domain::Action],
    /// Its controllers.
    pub controllers: &'a [domain::Controller],
    /// The people behind the ids the record keeps (deciders), named by name and role.
    pub people: &'a [domain::Person],
}

/// An approximate count as the drafts write it: digits grouped by thousands, one number when
/// the count is exact (`1 200`, `1 000–25 000` in Swedish; `1,000–25,000` in English).
pub fn count_text(lang: Lang, range: domain::case::CountRange) -> String {
    common::range(lang, range)
}

/// Which draft (for [`draft_html`], the benchmark's HTML of the same content).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftKind {
    /// [`imy_notification`].
    ImyNotification,
    /// [`imy_supplement`].
    ImySupplement,
    /// [`police_report`].
    PoliceReport,
    /// [`data_subject_communication`].
    DataSubjectCommunication,
}

/// Renders the draft of an IMY personal-data-breach notification (GDPR Art. 33) as PDF bytes.
///
/// Fields that IMY asks for and the case does not yet hold are listed on the first page under
/// "Uppgifter som saknas"; such a draft is a preliminary notification (Art. 33(4)).
///
/// # Errors
/// Fails when the bundled fonts cannot be parsed, when `generated_at` cannot be written as a
/// PDF date, or when printpdf or the writer reports an error.
pub fn imy_notification(ctx: &DraftContext<'_>) -> Result<Vec<u8>, ReportError> {
    common::render(&imy::Draft::new(ctx))
}

/// Renders the draft of a supplement to the IMY notification (Art. 33(4), IMY's
/// "Komplettering"): only what changed since the last IMY filing for `ctx.controller` (or one
/// without a controller), the filing's frozen snapshot against the case now, with old and new
/// values, and the timeline entries, actions, assessment and decisions recorded since.
///
/// # Errors
/// [`ReportError::NoEarlierFiling`] when no IMY filing is recorded; [`ReportError::Snapshot`]
/// when its snapshot cannot be read as a case; otherwise as [`imy_notification`].
pub fn imy_supplement(ctx: &DraftContext<'_>) -> Result<Vec<u8>, ReportError> {
    common::render(&supplement::Draft::new(ctx)?)
}

/// Renders the draft of a police report (polisanmälan) for an IT crime against the
/// organisation: complainant, offences considered, period, course of events, affected systems,
/// technical traces, evidence kept, damage and ransom demand. What the case does not record is
/// printed as a marked blank ("Uppgift saknas – fyll i: …") and listed on the first page.
///
/// # Errors
/// As [`imy_notification`].
pub fn police_report(ctx: &DraftContext<'_>) -> Result<Vec<u8>, ReportError> {
    common::render(&police::Draft::new(ctx))
}

/// Renders the draft of the communication to the data subjects (GDPR Art. 34(2)) in plain
/// language: what happened, what it can mean, what has been done, what the person can do (with
/// the advice and links of Skatteverket, Polisen and MSB), and whom to contact.
///
/// # Errors
/// As [`imy_notification`].
pub fn data_subject_communication(ctx: &DraftContext<'_>) -> Result<Vec<u8>, ReportError> {
    common::render(&subjects::Draft::new(ctx))
}

/// Renders the breach register (GDPR Art. 33(5)) as a landscape A4 table, one row per case in
/// the order given: facts, effects, remedial action, assessment, decisions with their reasons
/// and the IMY filing.
///
/// # Errors
/// As [`imy_notification`].
pub fn breach_register(
    entries: &[RegisterEntry<'_>],
    organisation: &domain::Organisation,
    generated_at: chrono::DateTime<chrono::Utc>,
    lang: Lang,
) -> Result<Vec<u8>, ReportError> {
    common::render(&register::Register { entries, organisation, generated_at, lang })
}

/// The content of a draft as a plain HTML page with the same text and structure as the PDF:
/// what the benchmark gives WeasyPrint to render. Not a product feature.
///
/// # Errors
/// As the draft's own function.
#[doc(hidden)]
pub fn draft_html(kind: DraftKind, ctx: &DraftContext<'_>, style: &str) -> Result<String, ReportError> {
    match kind {
        DraftKind::ImyNotification => common::html(&imy::Draft::new(ctx), style),
        DraftKind::ImySupplement => common::html(&supplement::Draft::new(ctx)?, style),
        DraftKind::PoliceReport => common::html(&police::Draft::new(ctx), style),
        DraftKind::DataSubjectCommunication => common::html(&subjects::Draft::new(ctx), style),
    }
}

/// The breach register as a plain HTML page (see [`draft_html`]).
///
/// # Errors
/// As [`breach_register`].
#[doc(hidden)]
pub fn register_html(
    entries: &[RegisterEntry<'_>],
    organisation: &domain::Organisation,
    generated_at: chrono::DateTime<chrono::Utc>,
    lang: Lang,
    style: &str,
) -> Result<String, ReportError> {
    common::html(&register::Register { entries, organisation, generated_at, lang }, style)
}

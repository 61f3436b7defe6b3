//! The breach register (GDPR Art. 33(5)): every case, not-a-breach and not-notified ones
//! included, with its facts, effects, remedial actions and the reasoning of each decision —
//! as JSON and as CSV.
//!
//! The CSV is UTF-8 with a byte-order mark and `;` between fields: Excel in a Swedish locale
//! opens it with å, ä, ö intact and each field in its own column (a comma is the decimal
//! separator there).

use crate::extract::Query;
use axum::Json;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::decision::{DecisionKind, in_force};
use domain::names::{Language, Named};
use domain::{ActionStatus, AuditAction, Controller, NewAuditEvent};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::clocks::LoadedCase;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;

/// One case in the register.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RegisterRow {
    /// The case id.
    pub id: Uuid,
    /// Its reference.
    pub reference: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: String,
    /// Why it is not a breach, if so.
    pub not_a_breach_reason: Option<String>,
    /// Category.
    pub category: String,
    /// Breach types.
    pub breach_types: Vec<String>,
    /// Controllers' names.
    pub controllers: Vec<String>,
    /// When it began.
    pub occurred_from: Option<DateTime<Utc>>,
    /// When it ended.
    pub occurred_to: Option<DateTime<Utc>>,
    /// When it was detected.
    pub detected_at: DateTime<Utc>,
    /// When the controller became aware.
    pub aware_at: DateTime<Utc>,
    /// The facts: what happened.
    pub description: String,
    /// Categories of personal data.
    pub personal_data_categories: Vec<String>,
    /// Categories of data subjects.
    pub data_subject_categories: Vec<String>,
    /// Approximate number of data subjects, `min–max` (one number when exact) or empty when unknown.
    pub data_subjects: Option<String>,
    /// Approximate number of records, as `data_subjects`.
    pub records: Option<String>,
    /// What caused it.
    pub cause: Option<String>,
    /// The effects: likely consequences.
    pub likely_consequences: Option<String>,
    /// Remedial actions done.
    pub remedial_actions: Vec<String>,
    /// The risk assessment: conclusion, score and band, justification.
    pub assessment: Option<String>,
    /// The decision to notify IMY (or not) with its reasons.
    pub decision_notify_imy: Option<String>,
    /// The decision to inform the data subjects (or not) with its reasons.
    pub decision_inform_data_subjects: Option<String>,
    /// The decision to report to the police with its reasons.
    pub decision_report_police: Option<String>,
    /// The decision whether it is a significant incident under the Cybersäkerhetslag, with reasons.
    pub decision_nis2_significant: Option<String>,
    /// Every filing (IMY, police, CSIRT, data subjects, public, controller): to whom, which
    /// phase, when, the recipient's reference.
    pub filings: Vec<String>,
    /// GDPR Art. 33(1): the reasons recorded for a late filing, each with the filing it belongs to.
    pub delay_reasons: Vec<String>,
    /// Art. 34: when and how the data subjects were informed, or why not.
    pub data_subjects_informed: Option<String>,
    /// When IMY was notified (every controller).
    pub imy_notified_at: Option<DateTime<Utc>>,
    /// IMY's references.
    pub imy_references: Vec<String>,
}

/// How a row writes the domain's values: as their stable codes (the JSON register, for
/// programs) or as their names in a language (the CSV, for people reading a spreadsheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Words {
    /// `not_a_breach`, `ransomware`, `yes`.
    Codes,
    /// "Inte en personuppgiftsincident", "Utpressningsattack (ransomware)", "Ja".
    Names(Language),
}

impl Words {
    fn of<T: Named + std::fmt::Display>(self, value: T) -> String {
        match self {
            Words::Codes => value.to_string(),
            Words::Names(lang) => value.name(lang).to_owned(),
        }
    }

    fn all<T: Named + std::fmt::Display>(self, values: &[T]) -> Vec<String> {
        values.iter().map(|v| self.of(*v)).collect()
    }

    /// A count: the codes' `min–max`, or for people the drafts' grouped digits, one number when exact.
    fn count(self, r: domain::case::CountRange) -> String {
        match self {
            Words::Codes => format!("{}–{}", r.min, r.max),
            Words::Names(lang) => report::count_text(lang, r),
        }
    }

    /// A decimal: a point in the codes, a decimal comma in Swedish ("5,25").
    fn decimal(self, value: f64) -> String {
        match self {
            Words::Names(Language::Sv) => format!("{value:.2}").replace('.', ","),
            _ => format!("{value:.2}"),
        }
    }

    /// An instant: RFC 3339 in the codes, local date and time for people.
    fn instant(self, t: DateTime<Utc>, tz: Tz) -> String {
        match self {
            Words::Codes => t.to_rfc3339(),
            Words::Names(_) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    fn pick(self, sv: &'static str, en: &'static str) -> &'static str {
        match self {
            Words::Names(Language::Sv) => sv,
            _ => en,
        }
    }
}

/// The filings of a case as register lines, and the reasons recorded for the late ones.
fn filing_lines(loaded: &LoadedCase, controllers: &[Controller], words: Words) -> (Vec<String>, Vec<String>) {
    let tz = loaded.org.time_zone;
    let mut filings: Vec<_> = loaded.filings.iter().collect();
    filings.sort_by_key(|f| (f.submitted_at, f.id));
    let mut lines = Vec::new();
    let mut reasons = Vec::new();
    for f in filings {
        let mut line =
            format!("{} ({}) {}", words.of(f.recipient), words.of(f.phase), words.instant(f.submitted_at, tz));
        if let Some(c) = f.controller_id.and_then(|id| controllers.iter().find(|c| c.id == id)) {
            line.push_str(&format!(", {}", c.name));
        }
        if let Some(r) = &f.reference {
            line.push_str(&format!(", {} {r}", words.pick("ref.", "ref.")));
        }
        if f.due_at.is_some_and(|due| f.submitted_at > due) {
            line.push_str(&format!(" – {}", words.pick("efter tidsfristen", "after its deadline")));
        }
        if let Some(why) = &f.delay_reasons {
            reasons.push(format!("{} ({}): {why}", words.of(f.recipient), words.of(f.phase)));
        }
        lines.push(line);
    }
    (lines, reasons)
}

/// Art. 34: when and how the data subjects were informed (or the public, Art. 34(3)(c)), or why not.
fn informed(loaded: &LoadedCase, words: Words) -> Option<String> {
    use domain::filing::Recipient;
    let tz = loaded.org.time_zone;
    let mut told: Vec<_> =
        loaded.filings.iter().filter(|f| matches!(f.recipient, Recipient::DataSubjects | Recipient::Public)).collect();
    told.sort_by_key(|f| f.submitted_at);
    if let Some(first) = told.first() {
        let how = first.channel.clone().unwrap_or_else(|| words.of(first.recipient));
        return Some(format!(
            "{} {}: {how}",
            words.pick("Informerade", "Informed"),
            words.instant(first.submitted_at, tz)
        ));
    }
    let decision = in_force(&loaded.decisions, DecisionKind::InformDataSubjects)?;
    Some(match decision.exemption {
        Some(e) => format!("{}: {}; {}", words.of(decision.outcome), words.of(e), decision.reasons),
        None => format!("{}: {}", words.of(decision.outcome), decision.reasons),
    })
}

fn rows(
    all: &[LoadedCase],
    actions: &[Vec<domain::Action>],
    controllers: &[Controller],
    people: &[domain::Person],
    words: Words,
) -> Vec<RegisterRow> {
    all.iter()
        .zip(actions)
        .map(|(loaded, actions)| {
            let case = &loaded.case;
            let decision = |kind| {
                in_force(&loaded.decisions, kind).map(|d| {
                    let exemption = d
                        .exemption
                        .map(|e| match words {
                            Words::Codes => format!(" ({e})"),
                            Words::Names(_) => format!("; {}", words.of(e)),
                        })
                        .unwrap_or_default();
                    let by = match words {
                        Words::Codes => d.decided_by.clone(),
                        Words::Names(lang) => domain::access::name_and_role(people, &d.decided_by, lang),
                    };
                    format!(
                        "{}{}: {} ({by}, {})",
                        words.of(d.outcome),
                        exemption,
                        d.reasons,
                        words.instant(d.decided_at, loaded.org.time_zone)
                    )
                })
            };
            let (filings, delay_reasons) = filing_lines(loaded, controllers, words);
            RegisterRow {
                id: case.id.0,
                reference: case.reference.to_string(),
                title: case.title.clone(),
                status: words.of(case.status),
                not_a_breach_reason: case.not_a_breach_reason.clone(),
                category: words.of(case.category),
                breach_types: words.all(&case.breach_types),
                controllers: case
                    .controller_ids
                    .iter()
                    .filter_map(|id| controllers.iter().find(|c| c.id == *id).map(|c| c.name.clone()))
                    .collect(),
                occurred_from: case.occurred_from,
                occurred_to: case.occurred_to,
                detected_at: case.detected_at,
                aware_at: case.aware_at,
                description: case.description.clone(),
                personal_data_categories: words.all(&case.personal_data_categories),
                data_subject_categories: words.all(&case.data_subject_categories),
                data_subjects: case.data_subjects_count.map(|r| words.count(r)),
                records: case.records_count.map(|r| words.count(r)),
                cause: case.cause.map(|c| words.of(c)),
                likely_consequences: case.likely_consequences.clone(),
                remedial_actions: actions
                    .iter()
                    .filter(|a| a.status == ActionStatus::Done)
                    .map(|a| a.title.clone())
                    .collect(),
                assessment: loaded.assessment.as_ref().map(|a| {
                    let (conclusion, band) = (words.of(a.conclusion), words.of(a.band));
                    format!("{conclusion} (ENISA {} {band}): {}", words.decimal(a.score), a.justification)
                }),
                decision_notify_imy: decision(DecisionKind::NotifyImy),
                decision_inform_data_subjects: decision(DecisionKind::InformDataSubjects),
                decision_report_police: decision(DecisionKind::ReportPolice),
                decision_nis2_significant: decision(DecisionKind::Nis2Significant),
                filings,
                delay_reasons,
                data_subjects_informed: informed(loaded, words),
                imy_notified_at: loaded.file().imy_notified_at(),
                imy_references: loaded
                    .filings
                    .iter()
                    .filter(|f| f.recipient == domain::filing::Recipient::Imy)
                    .filter_map(|f| f.reference.clone())
                    .collect(),
            }
        })
        .collect()
}

/// The register rows of a page of cases (their actions read for those cases only).
async fn rows_of(state: &AppState, page: &[LoadedCase], words: Words) -> Result<Vec<RegisterRow>, AppError> {
    let ids: Vec<domain::CaseId> = page.iter().map(|l| l.case.id).collect();
    let mut by_case = state.store.actions_of_cases(&ids).await?;
    let actions: Vec<_> = page.iter().map(|l| by_case.remove(&l.case.id).unwrap_or_default()).collect();
    let controllers = state.store.controllers().await?;
    let people = casework::people(&state.store).await?;
    Ok(rows(page, &actions, &controllers, &people, words))
}

/// A page of the register.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// Cases per page, 1 to 1000 (default 200); beyond that refused.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u64>,
    /// Where the page starts: the `cursor` in the previous page's `Link` header (absent: the
    /// newest case).
    pub cursor: Option<String>,
}

const REGISTER_PAGE: super::cursor::Bounds = super::cursor::Bounds { default: 200, max: 1000 };

/// How many cases the streamed CSV reads at a time.
const CSV_BATCH: u64 = 500;

/// The breach register as JSON, newest first, a page at a time.
#[utoipa::path(get, path = "/register", tag = "register", params(RegisterQuery),
    responses(
        (status = 200, description = "A page of cases, newest first; when more follow, the `Link` header names the next page",
            body = Vec<RegisterRow>,
            headers(("link" = String, description = "`<URL>; rel=\"next\"` when the page is full"))),
        (status = 422, description = "A limit beyond the bounds or a cursor this list did not hand out", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
async fn register_json(
    State(state): State<AppState>,
    Query(query): Query<RegisterQuery>,
    uri: OriginalUri,
) -> Result<Response, AppError> {
    let (limit, after) = REGISTER_PAGE.checked::<Uuid>(query.limit, query.cursor.as_deref())?;
    let after = after.map(domain::CaseId);
    let page = LoadedCase::load_page(&state.store, after, limit).await.map_err(|e| match e {
        store::StoreError::NotFound(_) => {
            AppError::Validation(domain::ValidationErrors::single("cursor", "is not a cursor this list handed out"))
        }
        other => other.into(),
    })?;
    let rows = rows_of(&state, &page, Words::Codes).await?;
    let next = page.last().map(|l| l.case.id.0.to_string());
    Ok(super::cursor::paged(Json(rows), &uri, page.len() as u64 == limit, next))
}

/// Options of the CSV register.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CsvQuery {
    /// `sv` (default) or `en`: the language of the column headings and of the values' names.
    pub lang: Option<String>,
}

const HEADINGS_SV: [&str; 29] = [
    "Referens",
    "Rubrik",
    "Status",
    "Skäl till att det inte är en incident",
    "Kategori",
    "Typ av incident",
    "Personuppgiftsansvariga",
    "Inträffade från",
    "Inträffade till",
    "Upptäcktes",
    "Kännedom",
    "Vad som hänt",
    "Personuppgifter",
    "Registrerade",
    "Antal registrerade (ungefär)",
    "Antal personuppgiftsposter (ungefär)",
    "Orsak",
    "Konsekvenser",
    "Vidtagna åtgärder",
    "Riskbedömning",
    "Beslut: anmälan till IMY",
    "Beslut: information till registrerade",
    "Beslut: polisanmälan",
    "Beslut: betydande incident (cybersäkerhetslagen)",
    "Anmäld till IMY",
    "IMY:s diarienummer",
    "Anmälningar och rapporter",
    "Skäl till försening",
    "Information till de registrerade",
];
const HEADINGS_EN: [&str; 29] = [
    "Reference",
    "Title",
    "Status",
    "Why not a breach",
    "Category",
    "Breach types",
    "Controllers",
    "Occurred from",
    "Occurred to",
    "Detected",
    "Aware",
    "What happened",
    "Personal data",
    "Data subjects",
    "Number of data subjects (approximate)",
    "Number of personal data records (approximate)",
    "Cause",
    "Likely consequences",
    "Remedial actions",
    "Risk assessment",
    "Decision: notify IMY",
    "Decision: inform data subjects",
    "Decision: report to police",
    "Decision: significant incident (Cybersecurity Act)",
    "Notified to IMY",
    "IMY reference",
    "Filings and reports",
    "Reasons for delay",
    "Data subjects informed",
];

/// A cell a spreadsheet will not run as a formula (OWASP: CSV injection): text starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe.
fn defused(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell }
}

/// The CSV lines of `rows` (without the headings, unless `headings`).
fn csv(rows: &[RegisterRow], tz: Tz, lang: Language, headings: bool) -> Result<Vec<u8>, csv::Error> {
    let local = |t: Option<DateTime<Utc>>| {
        t.map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
    };
    let mut out = if headings { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut out);
        if headings {
            w.write_record(lang.pick(HEADINGS_SV, HEADINGS_EN))?;
        }
        for r in rows {
            w.write_record(
                [
                    r.reference.clone(),
                    r.title.clone(),
                    r.status.clone(),
                    r.not_a_breach_reason.clone().unwrap_or_default(),
                    r.category.clone(),
                    r.breach_types.join(", "),
                    r.controllers.join(", "),
                    local(r.occurred_from),
                    local(r.occurred_to),
                    local(Some(r.detected_at)),
                    local(Some(r.aware_at)),
                    r.description.clone(),
                    r.personal_data_categories.join(", "),
                    r.data_subject_categories.join(", "),
                    r.data_subjects.clone().unwrap_or_default(),
                    r.records.clone().unwrap_or_default(),
                    r.cause.clone().unwrap_or_default(),
                    r.likely_consequences.clone().unwrap_or_default(),
                    r.remedial_actions.join("; "),
                    r.assessment.clone().unwrap_or_default(),
                    r.decision_notify_imy.clone().unwrap_or_default(),
                    r.decision_inform_data_subjects.clone().unwrap_or_default(),
                    r.decision_report_police.clone().unwrap_or_default(),
                    r.decision_nis2_significant.clone().unwrap_or_default(),
                    local(r.imy_notified_at),
                    r.imy_references.join(", "),
                    r.filings.join("\n"),
                    r.delay_reasons.join("\n"),
                    r.data_subjects_informed.clone().unwrap_or_default(),
                ]
                .map(defused),
            )?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// Writes the CSV register into `tx` a batch of cases at a time and returns the SHA-256 of
/// everything sent; stops when the client goes away (`None`).
async fn stream_csv(
    state: &AppState,
    lang: Language,
    tx: &tokio::sync::mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
) -> Result<Option<String>, AppError> {
    let tz = state.organisation().await?.time_zone;
    let mut digest = Sha256::new();
    let mut after = None;
    let mut first = true;
    loop {
        let page = LoadedCase::load_page(&state.store, after, CSV_BATCH).await?;
        let bytes = csv(&rows_of(state, &page, Words::Names(lang)).await?, tz, lang, first)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        first = false;
        digest.update(&bytes);
        if tx.send(Ok(bytes)).await.is_err() {
            return Ok(None);
        }
        if (page.len() as u64) < CSV_BATCH {
            return Ok(Some(hex::encode(digest.finalize())));
        }
        after = page.last().map(|l| l.case.id);
    }
}

/// The breach register as CSV (UTF-8 with BOM, `;`-separated, for spreadsheets), streamed a
/// batch of cases at a time: the server holds one batch, whatever the register's size. The
/// audit log records the export when it begins and, with the SHA-256 of what was sent, when
/// it is complete.
#[utoipa::path(get, path = "/register.csv", tag = "register", params(CsvQuery),
    responses((status = 200, description = "Every case as one row", content_type = "text/csv", body = String)))]
async fn register_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(query): Query<CsvQuery>,
) -> Result<Response, AppError> {
    let lang = super::requested_lang(query.lang.as_deref())?;
    let began = NewAuditEvent::new(current.actor(), AuditAction::DraftExported)
        .with("draft", "register_csv")
        .with("lang", lang.as_str())
        .with("streaming", "begun");
    state.store.record_audit(began, state.now()).await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(2);
    let actor = current.actor();
    tokio::spawn(async move {
        match stream_csv(&state, lang, &tx).await {
            Ok(Some(sha256)) => {
                let done = NewAuditEvent::new(actor, AuditAction::DraftExported)
                    .with("draft", "register_csv")
                    .with("lang", lang.as_str())
                    .with("sha256", sha256);
                if let Err(e) = state.store.record_audit(done, state.now()).await {
                    tracing::error!(error = %e, "the completed register export could not be recorded");
                }
            }
            Ok(None) => tracing::info!("the register CSV was not read to the end"),
            Err(e) => {
                tracing::error!(error = %e, "the register CSV stopped");
                // The client sees the body end in an error, not a register that looks complete.
                let _ = tx.send(Err(std::io::Error::other("the register could not be read"))).await;
            }
        }
    });
    let body = axum::body::Body::from_stream(futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    }));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers
        .insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"incidentregister.csv\""));
    Ok(response)
}

/// The breach register as a landscape PDF table (recorded in the audit log like every export).
#[utoipa::path(get, path = "/register.pdf", tag = "register", params(CsvQuery),
    responses((status = 200, description = "Every case as one row", content_type = "application/pdf", body = Vec<u8>)))]
async fn register_pdf(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(query): Query<CsvQuery>,
) -> Result<Response, AppError> {
    let lang = super::requested_lang(query.lang.as_deref())?;
    let all = LoadedCase::load_all(&state.store).await?;
    let mut by_case = state.store.actions_by_case().await?;
    let actions: Vec<_> = all.iter().map(|l| by_case.remove(&l.case.id).unwrap_or_default()).collect();
    let every_controller = state.store.controllers().await?;
    let controllers: Vec<Vec<Controller>> = all
        .iter()
        .map(|l| {
            l.case
                .controller_ids
                .iter()
                .filter_map(|id| every_controller.iter().find(|c| c.id == *id).cloned())
                .collect()
        })
        .collect();
    let organisation = state.organisation().await?;
    let people = casework::people(&state.store).await?;
    let now = state.now();
    let pdf = tokio::task::spawn_blocking(move || {
        let entries: Vec<report::RegisterEntry<'_>> = all
            .iter()
            .zip(&actions)
            .zip(&controllers)
            .map(|((l, a), c)| report::RegisterEntry {
                case: &l.case,
                assessment: l.assessment.as_ref(),
                decisions: &l.decisions,
                filings: &l.filings,
                actions: a,
                controllers: c,
                people: &people,
            })
            .collect();
        report::breach_register(&entries, &organisation, now, lang)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let sha256 = hex::encode(Sha256::digest(&pdf));
    let event = NewAuditEvent::new(current.actor(), AuditAction::DraftExported)
        .with("draft", "register")
        .with("lang", lang.as_str())
        .with("sha256", &sha256);
    state.store.record_audit(event, now).await?;
    Ok(super::drafts::pdf_response(pdf, "incidentregister.pdf", &sha256))
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(register_json)).routes(routes!(register_csv)).routes(routes!(register_pdf))
}

#[cfg(test)]
mod tests {
    use super::defused;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_defused() {
        assert_eq!(defused("=HYPERLINK(\"https://evil\")".into()), "'=HYPERLINK(\"https://evil\")");
        for risky in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(defused(risky.into()).starts_with('\''), "{risky}");
        }
        assert_eq!(defused("IT-attack mot Bjuv".into()), "IT-attack mot Bjuv");
    }
}

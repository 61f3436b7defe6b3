//! The evidence section of the case page: the list (everyone who reads the case sees it), the
//! download links (management, legal, the DPO), the upload form (the DPO and handlers; a
//! plain `multipart/form-data` form that works without script, its CSRF token the first
//! field) and the withdrawal of an item (the DPO). The uploads go through the same streaming
//! code as the JSON API (`routes::evidence::receive`).

use axum::Form as UrlForm;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono_tz::Tz;
use domain::evidence::EvidenceItem;
use domain::filing::Filing;
use domain::names::{Language, Named};
use domain::{CaseId, EvidenceId, Permission, Role, TimelineEntry, ValidationErrors, allows};
use uuid::Uuid;

use super::case::{CaseForms, render};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::chrome::{lang_of, local};
use crate::web::form::Form;
use crate::web::{PagePath, once};

/// The section's fixed words, Swedish and English.
#[derive(Debug)]
pub struct EvidenceTexts {
    pub heading: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub description: &'static str,
    pub file: &'static str,
    pub kept_at: &'static str,
    pub kept_at_hint: &'static str,
    pub added: &'static str,
    pub sha256: &'static str,
    pub no_download: &'static str,
    pub withdrawn: &'static str,
    pub purged: &'static str,
    pub receipt_of: &'static str,
    pub entry: &'static str,
    pub filing: &'static str,
    pub none_option: &'static str,
    pub add: &'static str,
    pub add_hint: &'static str,
    pub withdraw: &'static str,
    pub reason: &'static str,
    pub bytes: &'static str,
}

const SV: EvidenceTexts = EvidenceTexts {
    heading: "Bevis",
    intro: "Filer som bevis: kontrollsumman (SHA-256) beräknas när filen tas emot, och varje nedladdning sparas i förvaringskedjan.",
    none: "Inga bevis sparade.",
    description: "Beskrivning",
    file: "Fil",
    kept_at: "Var originalet förvaras",
    kept_at_hint: "t.ex. kriminalteknisk kopia på förseglad disk i IT-avdelningens kassaskåp",
    added: "Tillagt",
    sha256: "SHA-256",
    no_download: "Din roll får se listan men inte filerna.",
    withdrawn: "Återkallat",
    purged: "Gallrat",
    receipt_of: "Kvitto på inlämning",
    entry: "Hör till tidslinjepost",
    filing: "Kvitto på inlämning",
    none_option: "–",
    add: "Spara bevis",
    add_hint: "Filen laddas upp som den är; den visas aldrig i webbläsaren, bara som nedladdning.",
    withdraw: "Återkalla",
    reason: "Skäl",
    bytes: "byte",
};

const EN: EvidenceTexts = EvidenceTexts {
    heading: "Evidence",
    intro: "Files kept as evidence: the checksum (SHA-256) is computed as the file arrives, and every download is kept in the chain of custody.",
    none: "No evidence kept.",
    description: "Description",
    file: "File",
    kept_at: "Where the original is kept",
    kept_at_hint: "e.g. forensic copy on a sealed disk in the IT department's safe",
    added: "Added",
    sha256: "SHA-256",
    no_download: "Your role may see the list but not the files.",
    withdrawn: "Withdrawn",
    purged: "Purged",
    receipt_of: "Receipt of filing",
    entry: "Belongs to timeline entry",
    filing: "Receipt of filing",
    none_option: "–",
    add: "Keep evidence",
    add_hint: "The file is uploaded as it is; it is never shown in the browser, only downloaded.",
    withdraw: "Withdraw",
    reason: "Reason",
    bytes: "bytes",
};

fn texts(lang: Language) -> &'static EvidenceTexts {
    if lang == Language::En { &EN } else { &SV }
}

/// One item as the page lists it.
pub struct EvidenceRow {
    pub id: String,
    pub description: String,
    pub filename: String,
    pub size: String,
    pub kept_at: String,
    pub sha256: String,
    pub added: String,
    pub receipt_of: String,
    /// "Återkallat: skäl" / "Gallrat: beslut", or "".
    pub status: String,
    pub downloadable: bool,
}

/// The evidence section of a case page.
pub struct EvidenceSection {
    pub t: &'static EvidenceTexts,
    pub rows: Vec<EvidenceRow>,
    pub can_add: bool,
    pub can_download: bool,
    pub can_withdraw: bool,
    pub form: Form,
    pub entries: Vec<(String, String)>,
    pub filings: Vec<(String, String)>,
}

fn filing_label(f: &Filing, lang: Language, tz: Tz) -> String {
    format!("{} ({}), {}", f.recipient.name(lang), f.phase.name(lang).to_lowercase(), local(f.submitted_at, tz))
}

/// The receipt kept for each filing: the description of the item that documents it.
pub fn receipts(items: &[EvidenceItem]) -> Vec<(Uuid, String)> {
    items.iter().filter(|i| i.is_kept()).filter_map(|i| i.filing_id.map(|f| (f, i.description.clone()))).collect()
}

/// Builds the section.
pub fn section(
    items: &[EvidenceItem],
    role: Role,
    lang: Language,
    tz: Tz,
    timeline: &[TimelineEntry],
    filings: &[Filing],
    form: Option<Form>,
) -> EvidenceSection {
    let t = texts(lang);
    let can_download = allows(role, Permission::DownloadEvidence);
    let rows = items
        .iter()
        .map(|i| EvidenceRow {
            id: i.id.to_string(),
            description: i.description.clone(),
            filename: i.filename.clone(),
            size: format!("{} {}", i.size, t.bytes),
            kept_at: i.kept_at.clone().unwrap_or_default(),
            sha256: i.sha256.clone(),
            added: local(i.added_at, tz),
            receipt_of: i
                .filing_id
                .and_then(|id| filings.iter().find(|f| f.id == id))
                .map(|f| filing_label(f, lang, tz))
                .unwrap_or_default(),
            status: match (&i.purged, &i.withdrawn) {
                (Some(p), _) => format!("{}: {}", t.purged, p.reason),
                (None, Some(w)) => format!("{}: {}", t.withdrawn, w.reason),
                (None, None) => String::new(),
            },
            downloadable: can_download && i.purged.is_none(),
        })
        .collect();
    let none = || (String::new(), t.none_option.to_owned());
    let mut entries = vec![none()];
    let mut people: Vec<&TimelineEntry> = timeline.iter().filter(|e| e.case_event().ok().flatten().is_none()).collect();
    people.sort_by_key(|e| std::cmp::Reverse((e.occurred_at, e.seq)));
    entries.extend(people.iter().map(|e| {
        let text: String = e.text.chars().take(60).collect();
        (e.id.to_string(), format!("{} – {text}", local(e.occurred_at, tz)))
    }));
    let mut filing_options = vec![none()];
    filing_options.extend(filings.iter().map(|f| (f.id.to_string(), filing_label(f, lang, tz))));
    EvidenceSection {
        t,
        rows,
        can_add: allows(role, Permission::AddEvidence),
        can_download,
        can_withdraw: allows(role, Permission::WithdrawEvidence),
        form: form.unwrap_or_default(),
        entries,
        filings: filing_options,
    }
}

/// The upload form's one-time key, in its address.
#[derive(Debug, serde::Deserialize)]
pub struct Keyed {
    form_key: Option<String>,
}

/// The upload form's post: the file streams in; on success back to the section, on a refusal
/// the page again with the error beside the field (413 for a file over the limit).
pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath(id): PagePath<Uuid>,
    Query(keyed): Query<Keyed>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let section = format!("/cases/{id}#h-evidence");
    // The one-time key rides in the form's address, not its body: it must be claimed before
    // the file streams in, and the middleware that claims the other forms' keys reads only
    // url-encoded bodies. A repeated upload (double click, reload) adds nothing.
    let key = keyed.form_key.filter(|k| once::is_key(k));
    if let Some(key) = &key
        && state.store.claim_form_key(key, state.now()).await?.is_some()
    {
        return Ok(Redirect::to(&section).into_response());
    }
    let (status, errors) = match crate::routes::evidence::receive(&state, &user, CaseId(id), multipart).await {
        Ok(_) => {
            if let Some(key) = &key {
                state.store.settle_form_key(key, &section).await?;
            }
            return Ok(Redirect::to(&section).into_response());
        }
        Err(AppError::Validation(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::FileTooLarge { limit }) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            ValidationErrors::single("file", format!("must be at most {} MB", limit / (1024 * 1024))),
        ),
        Err(other) => return Err(other),
    };
    let forms = CaseForms {
        // The facts form on the same page has a description too: this one's ids are its own.
        evidence: Some(Form::default().failed(errors, &[("description", "evidence-description")], lang_of(&headers))),
        ..CaseForms::default()
    };
    let page = render(&state, &headers, &user, CaseId(id), forms, None).await?;
    Ok((status, page).into_response())
}

/// Withdraws an item, with the reason given.
pub async fn withdraw(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: CurrentUser,
    PagePath((id, evidence_id)): PagePath<(Uuid, Uuid)>,
    UrlForm(pairs): UrlForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = Form::submitted(&pairs);
    let item = state.store.evidence_item(EvidenceId(evidence_id)).await?;
    if item.case_id != CaseId(id) {
        return Err(AppError::NotFound("evidence"));
    }
    match state.casework(&user.as_actor()).withdraw_evidence(item.id, form.text("reason")).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{id}#h-evidence")).into_response()),
        Err(casework::CaseworkError::Invalid(errors)) => {
            let failed = Form::default().failed(errors, &[("reason", "withdraw_reason")], lang_of(&headers));
            let forms = CaseForms { evidence: Some(failed), ..CaseForms::default() };
            let page = render(&state, &headers, &user, CaseId(id), forms, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

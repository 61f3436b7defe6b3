//! Evidence files: `POST/GET /api/v1/cases/{id}/evidence` (multipart upload, the list),
//! `GET /api/v1/evidence/{id}/content` (the bytes, always as an attachment),
//! `POST /api/v1/evidence/{id}/withdraw` and `GET /api/v1/evidence/{id}/custody`.
//!
//! An upload streams field by field: the file's bytes go to the store in chunks as they
//! arrive, hashed and counted on the way, and the size limit (`BREACHDESK_EVIDENCE_MAX_MB`)
//! is enforced while they stream, so a large file is never whole in memory and an oversized
//! one is refused (413) with nothing stored.

use axum::Json;
use axum::body::Body;
use axum::extract::multipart::{Field, Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use domain::evidence::{EvidenceItem, NewEvidence, Retraction, download_media_type};
use domain::{CaseId, EvidenceId, TimelineEntryId, ValidationErrors};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::{EvidenceUpload, UploadError};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::auth::{CSRF_FORM_FIELD, CurrentUser};
use crate::error::{AppError, Problem};
use crate::extract::{JsonBody, Path};
use crate::state::AppState;

/// The longest text field of an upload read (a description is at most 2,000 characters).
const TEXT_FIELD_MAX_BYTES: usize = 64 * 1024;

/// The multipart body of `POST /api/v1/cases/{id}/evidence` (documentation of the form).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct EvidenceUploadForm {
    /// The file, any type; its name and media type as the client sends them.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// What it is.
    pub description: String,
    /// Where the original is kept (a forensic copy, a sealed disk, the mail server).
    pub kept_at: Option<String>,
    /// The timeline entry it belongs to.
    pub timeline_entry_id: Option<Uuid>,
    /// The filing it documents (IMY's receipt of a notification, the police's letter).
    pub filing_id: Option<Uuid>,
}

/// A withdrawal or a purge.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RetractionView {
    /// Why.
    pub reason: String,
    /// Who (a user id, or `cli`).
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl From<Retraction> for RetractionView {
    fn from(r: Retraction) -> Self {
        RetractionView { reason: r.reason, by: r.by, at: r.at }
    }
}

/// An item of evidence as the API returns it (never its content).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EvidenceView {
    /// Its id.
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// What it is.
    pub description: String,
    /// Where the original is kept.
    pub kept_at: Option<String>,
    /// The file's name.
    pub filename: String,
    /// The media type as uploaded (downloads are labelled with it only when it is on the safe
    /// list; otherwise `application/octet-stream`).
    pub media_type: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, hex, computed while they streamed in.
    pub sha256: String,
    /// The timeline entry it belongs to.
    pub timeline_entry_id: Option<Uuid>,
    /// The filing it documents.
    pub filing_id: Option<Uuid>,
    /// Who added it.
    pub added_by: String,
    /// When.
    pub added_at: DateTime<Utc>,
    /// Withdrawn (its bytes are kept).
    pub withdrawn: Option<RetractionView>,
    /// Purged under the retention rule (its bytes are gone).
    pub purged: Option<RetractionView>,
    /// Where the content is downloaded.
    pub content_url: String,
}

impl From<EvidenceItem> for EvidenceView {
    fn from(e: EvidenceItem) -> Self {
        EvidenceView {
            content_url: format!("/api/v1/evidence/{}/content", e.id),
            id: e.id.0,
            case_id: e.case_id.0,
            description: e.description,
            kept_at: e.kept_at,
            filename: e.filename,
            media_type: e.media_type,
            size: e.size,
            sha256: e.sha256,
            timeline_entry_id: e.timeline_entry_id.map(|t| t.0),
            filing_id: e.filing_id,
            added_by: e.added_by,
            added_at: e.added_at,
            withdrawn: e.withdrawn.map(Into::into),
            purged: e.purged.map(Into::into),
        }
    }
}

/// One step of an item's chain of custody.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CustodyStep {
    /// `added`, `downloaded`, `withdrawn` or `purged`.
    pub action: String,
    /// Who (a user id, or `cli`).
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why (withdrawal, purge).
    pub reason: Option<String>,
}

/// An item's chain of custody: who added it, every download, its withdrawal and purge.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CustodyView {
    /// The item.
    pub evidence: EvidenceView,
    /// Every step, oldest first.
    pub custody: Vec<CustodyStep>,
}

/// Body of `POST /api/v1/evidence/{id}/withdraw`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawEvidence {
    /// Why the item is withdrawn (kept in the record).
    #[schema(required = true)]
    pub reason: Option<String>,
}

fn malformed(detail: impl Into<String>) -> AppError {
    AppError::BadRequest { detail: detail.into(), errors: Vec::new() }
}

fn multipart_error(err: axum::extract::multipart::MultipartError) -> AppError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return AppError::PayloadTooLarge;
    }
    malformed(format!("the multipart body could not be read: {}", err.body_text()))
}

/// Reads a small text field whole (at most [`TEXT_FIELD_MAX_BYTES`]).
async fn text_field(mut field: Field<'_>, name: &str) -> Result<String, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if bytes.len() + chunk.len() > TEXT_FIELD_MAX_BYTES {
            return Err(ValidationErrors::single(name, format!("must be at most {TEXT_FIELD_MAX_BYTES} bytes")).into());
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| ValidationErrors::single(name, "must be UTF-8 text").into())
}

fn optional_uuid(text: &str, name: &str, errors: &mut ValidationErrors) -> Option<Uuid> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    text.parse().map_err(|_| errors.add(name, "must be a UUID")).ok()
}

/// Streams the file field into the store.
async fn stream_file(mut field: Field<'_>, upload: &mut EvidenceUpload) -> Result<(), AppError> {
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        upload.write(&chunk).await.map_err(|e| match e {
            UploadError::TooLarge { limit } => AppError::FileTooLarge { limit },
            UploadError::Store(e) => e.into(),
        })?;
    }
    Ok(())
}

/// Reads every field of an upload; the file streams to `upload`, once started.
async fn read_fields(
    state: &AppState,
    multipart: &mut Multipart,
    new: &mut NewEvidence,
    upload: &mut Option<EvidenceUpload>,
) -> Result<ValidationErrors, AppError> {
    let mut errors = ValidationErrors::default();
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" if upload.is_none() => {
                new.filename = field.file_name().map(ToOwned::to_owned);
                new.media_type = field.content_type().map(ToOwned::to_owned);
                let started =
                    upload.insert(state.store.evidence_upload(state.auth.evidence_max_bytes, state.now()).await?);
                stream_file(field, started).await?;
            }
            "file" => errors.add("file", "one file per item: send each file in its own upload"),
            "description" => new.description = Some(text_field(field, &name).await?),
            "kept_at" => new.kept_at = Some(text_field(field, &name).await?).filter(|k| !k.trim().is_empty()),
            "timeline_entry_id" => {
                let text = text_field(field, &name).await?;
                new.timeline_entry_id = optional_uuid(&text, &name, &mut errors).map(TimelineEntryId);
            }
            "filing_id" => {
                let text = text_field(field, &name).await?;
                new.filing_id = optional_uuid(&text, &name, &mut errors);
            }
            // The web form's CSRF token: checked by the access check before the body is read.
            CSRF_FORM_FIELD => {
                text_field(field, &name).await?;
            }
            _ => errors.add(&name, "is not a field of an evidence upload"),
        }
    }
    if upload.is_none() {
        errors.add("file", "is required");
    }
    Ok(errors)
}

/// Receives an upload for a case and adds the item (the JSON route and the case page's form
/// share it). Nothing is kept when anything is refused.
///
/// # Errors
/// 404 for an unknown case (before a byte of the body is read), 413 when the file is larger
/// than the limit, 422 naming the bad fields, 400 for a body that is not multipart.
pub(crate) async fn receive(
    state: &AppState,
    current: &CurrentUser,
    case_id: CaseId,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<EvidenceItem, AppError> {
    state.store.case(case_id).await?;
    let mut multipart = multipart.map_err(|e| {
        malformed(format!("send the upload as multipart/form-data with a file field ({})", e.body_text()))
    })?;
    let mut new = NewEvidence::default();
    let mut upload = None;
    let read = read_fields(state, &mut multipart, &mut new, &mut upload).await;
    let stored = match (read, upload) {
        (Ok(errors), Some(upload)) if errors.is_empty() => upload.finish().await?,
        (outcome, upload) => {
            if let Some(upload) = upload {
                upload.discard().await?;
            }
            return Err(match outcome {
                Ok(errors) => errors.into(),
                Err(e) => e,
            });
        }
    };
    Ok(state.casework(&current.as_actor()).add_evidence(case_id, new, stored).await?)
}

/// Adds an item of evidence: the file streams in, its SHA-256 and size are computed on the
/// way and recorded on the case's record.
#[utoipa::path(post, path = "/cases/{id}/evidence", tag = "evidence",
    params(("id" = Uuid, Path, description = "Case id")),
    request_body(content = EvidenceUploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "The item, with its SHA-256, size and media type", body = EvidenceView),
        (status = 400, description = "The body is not multipart/form-data", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than BREACHDESK_EVIDENCE_MAX_MB; nothing was stored", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or invalid fields (file, description, kept_at, timeline_entry_id, filing_id)", body = Problem, content_type = "application/problem+json"),
    ))]
async fn upload_evidence(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<EvidenceView>), AppError> {
    let item = receive(&state, &current, CaseId(id), multipart).await?;
    Ok((StatusCode::CREATED, Json(item.into())))
}

/// Every item of evidence of a case, in the order added (never their content).
#[utoipa::path(get, path = "/cases/{id}/evidence", tag = "evidence",
    params(("id" = Uuid, Path, description = "Case id")),
    responses(
        (status = 200, description = "The items", body = Vec<EvidenceView>),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_evidence(
    State(state): State<AppState>,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<EvidenceView>>, AppError> {
    state.store.case(CaseId(id)).await?;
    Ok(Json(state.store.evidence_items(CaseId(id)).await?.into_iter().map(EvidenceView::from).collect()))
}

/// `Content-Disposition: attachment` with a file name every browser reads: an ASCII
/// fallback in `filename` and the UTF-8 name in `filename*` (RFC 6266, RFC 5987).
pub(crate) fn content_disposition(filename: &str) -> String {
    let fallback: String = filename
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    let mut encoded = String::new();
    for b in filename.bytes() {
        // RFC 5987 attr-char.
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// The bytes of an item, streamed from the store one chunk at a time and hashed on the way:
/// if they no longer match the SHA-256 on record, the transfer is broken off at the end
/// instead of completing as if they were intact.
fn content_body(state: &AppState, item: &EvidenceItem) -> Body {
    let expected = item.sha256.clone();
    let id = item.id;
    let mut hasher = Some(Sha256::new());
    let chunks = state.store.evidence_content(id).map(Some).chain(futures::stream::once(async { None }));
    let stream = chunks.filter_map(move |next| {
        let out = match next {
            Some(Ok(bytes)) => {
                if let Some(h) = hasher.as_mut() {
                    h.update(&bytes);
                }
                Some(Ok(bytes))
            }
            Some(Err(e)) => Some(Err(std::io::Error::other(e.to_string()))),
            None => match hasher.take().map(|h| hex::encode(h.finalize())) {
                Some(actual) if actual != expected => {
                    tracing::error!(evidence_id = %id, "evidence bytes do not match their SHA-256; download broken off");
                    Some(Err(std::io::Error::other("the stored bytes do not match their SHA-256")))
                }
                _ => None,
            },
        };
        std::future::ready(out)
    });
    Body::from_stream(stream)
}

/// The content of an item, always as an attachment (never shown inline), its media type only
/// when on the safe list. The download is recorded first (who, when, which item): the chain
/// of custody.
#[utoipa::path(get, path = "/evidence/{id}/content", tag = "evidence",
    params(("id" = Uuid, Path, description = "Evidence id")),
    responses(
        (status = 200, description = "The bytes as uploaded; headers Content-Disposition: attachment, X-Content-Type-Options: nosniff and x-content-sha256", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, description = "No such item", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Its bytes were purged under the retention rule", body = Problem, content_type = "application/problem+json"),
    ))]
async fn evidence_content(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
) -> Result<Response, AppError> {
    let (item, _) = state.casework(&current.as_actor()).download_evidence(EvidenceId(id)).await?;
    let mut response = content_body(&state, &item).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(download_media_type(&item.media_type)));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(item.size));
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&item.filename)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    // Never rendered: no sniffing into HTML, and should a browser render it anyway, a sandbox
    // without script or any other origin.
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    if let Ok(v) = HeaderValue::from_str(&item.sha256) {
        headers.insert("x-content-sha256", v);
    }
    Ok(response)
}

/// Withdraws an item: it no longer counts as evidence kept (the drafts leave it out); its
/// bytes are kept and it stays on the record.
#[utoipa::path(post, path = "/evidence/{id}/withdraw", tag = "evidence", request_body = WithdrawEvidence,
    params(("id" = Uuid, Path, description = "Evidence id")),
    responses(
        (status = 200, description = "The item, withdrawn", body = EvidenceView),
        (status = 404, description = "No such item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Withdrawn already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "reason is missing", body = Problem, content_type = "application/problem+json"),
    ))]
async fn withdraw_evidence(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<Uuid>,
    JsonBody(body): JsonBody<WithdrawEvidence>,
) -> Result<Json<EvidenceView>, AppError> {
    let item = state.casework(&current.as_actor()).withdraw_evidence(EvidenceId(id), body.reason).await?;
    Ok(Json(item.into()))
}

/// An item's chain of custody: added, every download, withdrawn, purged; oldest first.
#[utoipa::path(get, path = "/evidence/{id}/custody", tag = "evidence",
    params(("id" = Uuid, Path, description = "Evidence id")),
    responses(
        (status = 200, description = "The item and its chain of custody", body = CustodyView),
        (status = 404, description = "No such item", body = Problem, content_type = "application/problem+json"),
    ))]
async fn evidence_custody(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<CustodyView>, AppError> {
    let item = state.store.evidence_item(EvidenceId(id)).await?;
    let step = |action: &str, by: &str, at, reason: Option<&str>| CustodyStep {
        action: action.to_owned(),
        by: by.to_owned(),
        at,
        reason: reason.map(ToOwned::to_owned),
    };
    let mut custody = vec![step("added", &item.added_by, item.added_at, None)];
    custody.extend(
        state
            .store
            .evidence_downloads(item.id)
            .await?
            .iter()
            .map(|d| step("downloaded", &d.downloaded_by, d.downloaded_at, None)),
    );
    for (action, r) in [("withdrawn", &item.withdrawn), ("purged", &item.purged)] {
        if let Some(r) = r {
            custody.push(step(action, &r.by, r.at, Some(&r.reason)));
        }
    }
    custody.sort_by_key(|s| s.at);
    Ok(Json(CustodyView { evidence: item.into(), custody }))
}

/// The routes of this module. The upload has no body limit of its own beyond the file limit,
/// which it enforces while streaming (the app's 1 MiB limit is for JSON bodies).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload_evidence, list_evidence)).layer(DefaultBodyLimit::disable()).merge(
        OpenApiRouter::new()
            .routes(routes!(evidence_content))
            .routes(routes!(withdraw_evidence))
            .routes(routes!(evidence_custody)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_is_offered_in_ascii_and_in_utf8() {
        assert_eq!(
            content_disposition("lösensedel \"v2\".txt"),
            "attachment; filename=\"l_sensedel _v2_.txt\"; filename*=UTF-8''l%C3%B6sensedel%20%22v2%22.txt"
        );
        assert_eq!(content_disposition("log.txt"), "attachment; filename=\"log.txt\"; filename*=UTF-8''log.txt");
    }
}
